"""pfsim's frontal predictions next to published cadaver effects: reported, never tuned.

Directions are recorded as agree/disagree; magnitudes are reported without a pass/fail tolerance
because the cadaver rigs (loads, fixation, measurement references) differ from the model's state.
"""

import warnings
from pathlib import Path

import numpy as np
import pytest

import pfsim
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent
BASE = dict(quad_force_N=2500.0, area_fit="salsich2003")
#: Tolerance of the asserted Q-angle rows (README): ×/÷1.35, the band of issue 11.
RATIO_FACTOR = 1.35


def _rows():
    return read_commented_csv(HERE / "data.csv")


def _share(r):
    return float(r.lateral_facet_force_N / (r.lateral_facet_force_N + r.medial_facet_force_N))


def predict(case: str, theta: float) -> float:
    base = pfsim.patellofemoral_load(theta, **BASE)
    if case == "q_plus10_peak_ratio":
        return float(
            pfsim.patellofemoral_load(theta, q_angle_deg=25.5, **BASE).peak_pressure_MPa
            / base.peak_pressure_MPa
        )
    if case == "q_minus10_peak_ratio":
        return float(
            pfsim.patellofemoral_load(theta, q_angle_deg=5.5, **BASE).peak_pressure_MPa
            / base.peak_pressure_MPa
        )
    if case == "vmo_off_shift":
        return float(
            pfsim.patellofemoral_load(theta, vmo_activation=0.0, **BASE).lateral_shift_mm
            - base.lateral_shift_mm
        )
    if case == "vmo_half_lateral_share":
        return _share(pfsim.patellofemoral_load(theta, vmo_activation=0.5, **BASE)) - _share(base)
    if case.startswith("itb"):
        tension = float(case[3:5])
        return float(
            pfsim.patellofemoral_load(theta, lateral_retinaculum_N=tension, **BASE).lateral_shift_mm
            - base.lateral_shift_mm
        )
    raise KeyError(case)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['case']}-{r['knee_flexion_deg']}")
def test_prediction(row, vcase):
    theta = float(row["knee_flexion_deg"])
    published = float(row["published"])
    value = predict(row["case"], theta)
    baseline = 1.0 if row["quantity"].endswith("ratio") else 0.0
    same_direction = (value - baseline) * (published - baseline) > 0
    asserted = row["case"].startswith("q_")  # README: the Q-angle ratios have a tolerance
    ok = vcase(
        case=f"{row['case']} at {theta:g}° ({'direction agrees' if same_direction else 'direction DISAGREES'}, ×{value / published:.2g} of published)",
        source=row["source"],
        published=published,
        pfsim=value,
        tolerance=f"×/÷{RATIO_FACTOR} (a ratio, same rig)"
        if asserted
        else "none (prediction; rig differs)",
        passed=bool(published / RATIO_FACTOR <= value <= published * RATIO_FACTOR)
        if asserted
        else None,
    )
    assert ok


def _stability_rows():
    return read_commented_csv(HERE / "stability.csv")


def lateral_force_for_10mm_N(theta: float, quad_force_N: float = 175.0) -> float:
    """Extra lateral force [N] that shifts the patella 10 mm beyond its loaded position.

    Applied as a lateral pull on the patellar centre line (``lateral_retinaculum_N``, the
    retinaculum's posterior angle 0 by default), contact areas kernozek2015 (data to 90 deg).
    """
    pull = np.linspace(0.0, 400.0, 4001)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        r = pfsim.patellofemoral_load(
            theta, quad_force_N=quad_force_N, area_fit="kernozek2015", lateral_retinaculum_N=pull
        )
    shift = r.lateral_shift_mm - r.lateral_shift_mm[0]
    ok = np.isfinite(shift)
    return float(np.interp(10.0, shift[ok], pull[ok]))  # shift rises monotonically with the pull


@pytest.mark.parametrize("row", _stability_rows(), ids=lambda r: r["case"])
def test_lateral_stability_at_cadaver_load(row, vcase):
    theta = float(row["knee_flexion_deg"])
    value = lateral_force_for_10mm_N(theta)
    published = float(row["force_N"])
    vcase(
        case=f"force for a 10 mm lateral shift at {theta:g}°, 175 N quadriceps "
        f"(×{value / published:.2g} of published)",
        source=row["source"],
        published=published,
        pfsim=value,
        tolerance="none (prediction; rig and loading differ)",
        passed=None,
    )
    assert np.isfinite(value) and value > 0
