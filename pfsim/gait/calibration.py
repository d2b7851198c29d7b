"""Calibration of the stance model (``../shared/REFERENCES.md``: baseline only).

Two numbers are calibrated, both on the preferred-condition baseline of Heiderscheit et al. 2011
(Med Sci Sports Exerc 43:296, Table 3) for the reference scenario :data:`REFERENCE_SCENARIO`
(3.0 m/s, 168 steps/min, 70 kg, 1.75 m; the issue's reference runner):

- :data:`KNEE_SHARE_OF_LEG_COMPRESSION` so that peak knee flexion is 46.3°;
- :data:`GRF_OFFSET_FOOT_FRACTION` (how far the GRF line lies anterior of the hip-ankle chord at the
  ankle, in foot lengths) so that the peak knee extension moment is 2.5 N·m/kg.

Both are parameters of the leg and are defined in :mod:`pfsim.gait.leg` (defaults of its functions
and of :func:`pfsim.gait.stance`); they are importable from here too. :func:`calibrate` recomputes
both (a test checks they match the stored values). Nothing is fitted to the effect of changing step
rate, speed, slope or load: those are predictions (``validation/gait_predictions``).
"""

from __future__ import annotations

import numpy as np

from .leg import (
    GRF_OFFSET_FOOT_FRACTION,
    KNEE_FLEXION_INITIAL_CONTACT_DEG,
    KNEE_SHARE_OF_LEG_COMPRESSION,
    SEGMENT_FRACTIONS,
    _chord_m,
)
from .model import stance
from .springmass import LEG_LENGTH_FRACTION, sine_wave_stance
from .springmass import contact_time_s as _contact_time_s

__all__ = [
    "REFERENCE_SCENARIO",
    "CALIBRATION_TARGETS",
    "KNEE_SHARE_OF_LEG_COMPRESSION",
    "GRF_OFFSET_FOOT_FRACTION",
    "calibrate",
]

#: The reference runner of the calibration (issue 4): speed, step rate, body mass, height.
REFERENCE_SCENARIO = {
    "speed_m_s": 3.0,
    "step_rate_spm": 168.0,
    "body_mass_kg": 70.0,
    "height_m": 1.75,
}

#: Heiderscheit et al. 2011 Table 3 targets used by :func:`calibrate` (preferred step rate, 45 runners).
CALIBRATION_TARGETS = {
    "peak_knee_flexion_deg": 46.3,
    "peak_knee_extension_moment_Nm_kg": 2.5,
}


def calibrate(
    scenario: dict | None = None,
    targets: dict | None = None,
    *,
    knee_flexion_initial_contact_deg: float = KNEE_FLEXION_INITIAL_CONTACT_DEG,
) -> dict[str, float]:
    """Recompute the two baseline calibrations from :data:`REFERENCE_SCENARIO` and the targets.

    ``knee_share``: closed form, the hip-ankle chord shortening from the knee flexion at initial
    contact (17.8°) to the target peak flexion divided by the mid-stance leg compression.
    ``grf_offset_foot_fraction``: the root (Brent) at which the peak knee extension moment equals the
    target [N·m/kg]. Both use only the preferred-condition baseline of Heiderscheit et al. 2011
    Table 3.

    Parameters
    ----------
    scenario : dict, optional
        Speed, step rate, body mass and height (:data:`REFERENCE_SCENARIO` keys).
    targets : dict, optional
        Peak knee flexion [deg] and peak knee extension moment [N·m/kg]
        (:data:`CALIBRATION_TARGETS` keys).
    knee_flexion_initial_contact_deg : float
        Knee flexion at initial contact [deg] held over the calibration (Heiderscheit et al. 2011
        Table 3: 17.8°); another value calibrates a leg for that contact angle (sensitivity studies,
        ``validation/runner_chain``).
    """
    from scipy.optimize import brentq

    sc = dict(REFERENCE_SCENARIO if scenario is None else scenario)
    tg = dict(CALIBRATION_TARGETS if targets is None else targets)
    v, f, m, H = sc["speed_m_s"], sc["step_rate_spm"], sc["body_mass_kg"], sc["height_m"]
    T = 60.0 / f
    tc = float(_contact_time_s(v, f))
    sw = sine_wave_stance(m, v, tc, T, LEG_LENGTH_FRACTION * H, n_samples=3)
    a, b = SEGMENT_FRACTIONS["thigh"] * H, SEGMENT_FRACTIONS["shank"] * H
    ic = float(knee_flexion_initial_contact_deg)
    d0 = _chord_m(a, b, np.radians(ic))
    d1 = _chord_m(a, b, np.radians(tg["peak_knee_flexion_deg"]))
    share = float((d0 - d1) / sw.delta_l_m)

    def excess(frac):
        r = stance(v, f, m, H, knee_share=share, grf_offset_foot_fraction=frac, n_samples=201,
                   knee_flexion_initial_contact_deg=ic)  # fmt: skip
        return (
            float(np.max(r.knee_extension_moment_Nm)) / m - tg["peak_knee_extension_moment_Nm_kg"]
        )

    frac = float(brentq(excess, -1.0, 1.0, xtol=1e-12))
    return {"knee_share": share, "grf_offset_foot_fraction": frac}
