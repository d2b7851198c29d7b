"""The closed-form sine-wave stance (Morin 2005) against the periodic spring-mass ODE gait."""

from pathlib import Path

import numpy as np
import pytest

from pfsim.gait.springmass import (
    LEG_LENGTH_FRACTION,
    contact_time_s,
    periodic_spring_mass_gait,
    sine_wave_stance,
)
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent

# Tolerances (README): relative differences, ODE vs sine wave.
TOL = {"peak_force": 0.05, "delta_y": 0.05, "delta_l": 0.07, "k_leg": 0.10, "grf_rms": 0.03}


def _scenarios():
    rows = read_commented_csv(HERE / "scenarios.csv")
    return [{k: float(v) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize(
    "sc", _scenarios(), ids=lambda s: f"{s['speed_m_s']}ms-{s['step_rate_spm']:g}spm"
)
def test_sine_wave_vs_ode(sc, vcase):
    m, v, f, H = sc["body_mass_kg"], sc["speed_m_s"], sc["step_rate_spm"], sc["height_m"]
    T, L = 60.0 / f, LEG_LENGTH_FRACTION * H
    tc = float(contact_time_s(v, f))
    ode = periodic_spring_mass_gait(m, v, tc, T, L)
    sw = sine_wave_stance(m, v, tc, T, L)
    assert ode.residual < 1e-8
    diffs = {
        "peak_force": ode.peak_force_N / float(sw.peak_force_N) - 1,
        "delta_y": ode.delta_y_m / float(sw.delta_y_m) - 1,
        "delta_l": ode.delta_l_m / float(sw.delta_l_m) - 1,
        "k_leg": ode.leg_stiffness_N_m / float(sw.k_leg_N_m) - 1,
        "grf_rms": float(
            np.sqrt(np.mean((ode.vertical_grf_N - sw.vertical_grf_N) ** 2)) / sw.peak_force_N
        ),
    }
    ok = True
    for name, d in diffs.items():
        ok &= vcase(
            case=f"{name}, {v:g} m/s, {f:g} spm",
            source="Morin 2005 sine wave vs spring-mass ODE (Blickhan 1989)",
            published="ODE",
            pfsim=f"{100 * d:+.2f} %",
            tolerance=f"|diff| <= {100 * TOL[name]:g} %",
            passed=abs(d) <= TOL[name],
        )
    assert ok, diffs
