"""How contact time follows step time at a fixed speed: ``k`` of ``t_c ∝ T^k`` from Farley & González 1996.

Farley CT, González O (1996). Leg stiffness and stride frequency in human running. J Biomech
29(2):181-186, doi:10.1016/0021-9290(95)00029-1 [abstract, ``REFERENCES.md`` §3b]: on a force treadmill
at 2.5 m/s, stride frequency from 26 % below to 36 % above the preferred one, "leg stiffness increased
by 2.3-fold from 7.0 to 16.3 kN m⁻¹".

:func:`farley_gonzalez_exponent` finds the exponent ``k`` of
:func:`pfsim.gait.springmass.contact_time_s` for which the stance model's own spring-mass equations
(Morin et al. 2005: ``k_leg = F_max / ΔL``) give that 2.33-fold rise between the two step rates, at
2.5 m/s, the preferred rate of van Oeveren et al. 2019 and a leg of 0.53 × 1.75 m. The ratio does not
depend on body mass (``F_max ∝ m``, ``ΔL`` independent of it). Run ``python -m
pfsim.derivations.contact_time`` to print it; ``tests/gait/test_springmass.py`` checks that
:data:`pfsim.gait.springmass.CONTACT_TIME_STEP_RATE_EXPONENT` is this value rounded to 0.01.

Only the stiffness *ratio* is used: the abstract gives no contact time, and the absolute stiffnesses
depend on the runners' leg length and the treadmill's speed, which the abstract does not give.
"""

from __future__ import annotations

import numpy as np

#: Farley & González 1996 (abstract): speed, stride-frequency range and leg stiffness at its ends.
FARLEY_GONZALEZ_1996 = {
    "speed_m_s": 2.5,
    "stride_frequency_rel": (0.74, 1.36),
    "leg_stiffness_kN_m": (7.0, 16.3),
}


def leg_stiffness_ratio(k: float, height_m: float = 1.75) -> float:
    """``k_leg(+36 %) / k_leg(−26 %)`` of the stance model's spring-mass at 2.5 m/s, for exponent ``k``."""
    from pfsim.gait.springmass import (
        LEG_LENGTH_FRACTION,
        contact_time_s,
        preferred_step_rate_spm,
        sine_wave_stance,
    )

    ref = FARLEY_GONZALEZ_1996
    v = ref["speed_m_s"]
    f = preferred_step_rate_spm(v) * np.asarray(ref["stride_frequency_rel"])
    tc = contact_time_s(v, f, step_rate_exponent=k)
    sw = sine_wave_stance(70.0, v, tc, 60.0 / f, LEG_LENGTH_FRACTION * height_m, n_samples=3)
    k_leg = np.asarray(sw.k_leg_N_m, dtype=float)
    return float(k_leg[1] / k_leg[0])


def farley_gonzalez_exponent() -> float:
    """The ``k`` at which the spring-mass leg stiffness rises 16.3 / 7.0-fold over the range (0.651)."""
    from scipy.optimize import brentq

    lo, hi = FARLEY_GONZALEZ_1996["leg_stiffness_kN_m"]
    return float(brentq(lambda k: leg_stiffness_ratio(k) - hi / lo, 0.0, 1.0, xtol=1e-10))


if __name__ == "__main__":  # pragma: no cover
    k = farley_gonzalez_exponent()
    print(
        f"k = {k:.4f} (leg stiffness ratio {leg_stiffness_ratio(k):.3f}; duty factor held, k = 1: "
        f"{leg_stiffness_ratio(1.0):.3f}; contact time held, k = 0: {leg_stiffness_ratio(0.0):.3f})"
    )
