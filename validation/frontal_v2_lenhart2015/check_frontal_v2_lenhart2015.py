"""Frontal model v2 (Lenhart 2015 groove and restraints) against the issue-11 acceptance targets.

v2 is opt-in (``frontal_geometry=pfsim.joint.frontal.lenhart2015_geometry()``); the default is still
v1. Every row is a prediction: the only calibrated number of v2 is the screw-home rotation, on the
normal knee (Huberti & Hayes 1984), recomputed here and asserted current. The acceptance rows are
recorded with pass/fail against the issue's tolerances but not asserted (v2 is opt-in and misses
some; asserting only those that pass would hide the others). README.md gives the tolerances.
"""

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

import pfsim
from pfsim.io import read_commented_csv
from pfsim.joint import frontal as fr

HERE = Path(__file__).parent
STABILITY = HERE.parent / "frontal_predictions" / "stability.csv"
GEOM = fr.lenhart2015_geometry()
ANGLES_DEG = np.array([20.0, 30.0, 40.0, 50.0, 60.0])
FACTOR = 1.35


def _load(theta, geometry=GEOM, **kw):
    kw.setdefault("quad_force_N", 2500.0)
    kw.setdefault("area_fit", "salsich2003")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        return pfsim.patellofemoral_load(theta, frontal_geometry=geometry, **kw)


def pressure_ratio(screw_home_deg):
    r = _load(ANGLES_DEG, replace(GEOM, screw_home_deg=screw_home_deg), quad_force_N=2000.0)
    return r.lateral_facet_stress_MPa / r.medial_facet_stress_MPa


def calibrate() -> float:
    """Screw-home [deg] with geometric-mean lateral/medial pressure 1 over 20-60° (as v1)."""
    return brentq(lambda s: np.mean(np.log(pressure_ratio(s))), 5.0, 25.0, xtol=1e-6)


def test_v2_calibration_is_current(vcase):
    value = calibrate()
    ok = vcase(
        case="v2: screw-home rotation calibrated on the normal knee",
        source="Huberti & Hayes 1984 (medial ≈ lateral pressure)",
        published="ratio 1 (geo. mean 20-60°)",
        pfsim=f"{value:.2f}° (package: {fr.CALIBRATED_SCREW_HOME_LENHART2015_DEG}°)",
        tolerance="±0.05° of the recomputed value",
        passed=abs(value - fr.CALIBRATED_SCREW_HOME_LENHART2015_DEG) <= 0.05,
    )
    assert ok


@pytest.mark.parametrize("theta", list(ANGLES_DEG))
def test_v2_normal_knee_ratio(theta, vcase):
    r = _load(theta)
    ratio = float(r.lateral_facet_stress_MPa / r.medial_facet_stress_MPa)
    ok = vcase(
        case=f"v2: normal knee lateral/medial mean pressure at {theta:g}°",
        source="Huberti & Hayes 1984 JBJS 66:715 (abstract)",
        published="≈ 1",
        pfsim=ratio,
        tolerance="0.8-1.25 (issue 3; recorded, not asserted)",
        passed=0.8 <= ratio <= 1.25,
    )
    assert ok in (True, False)


def force_for_10mm_N(theta, quad_force_N=175.0):
    """Extra lateral pull [N] that holds the patella 10 mm lateral of its loaded position.

    Displacement control, as in the rigs (:func:`pfsim.joint.frontal.lateral_pull_at_shift_N`):
    the model's force-shift curve has falling branches (the patella passing onto a flattening
    wall) where a load-controlled sweep jumps.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        sag = pfsim.patellofemoral_load(
            theta, quad_force_N=quad_force_N, area_fit="kernozek2015", frontal=False
        )
        base = fr.frontal_load(
            theta, quad_force_N, sag.joint_reaction_force_N, sag.contact_area_mm2, geometry=GEOM
        )
    pull = fr.lateral_pull_at_shift_N(
        base["lateral_shift_mm"] + 10.0,
        base["facet_compression_N"],
        base["lateral_force_N"],
        sag.contact_area_mm2,
        theta,
        GEOM,
        centring_stiffness_N_mm=base["centring_stiffness_N_mm"],
        start=(base["depth_mm"], -np.radians(base["lateral_tilt_deg"])),
    )
    return float(pull)


@pytest.mark.parametrize("row", read_commented_csv(STABILITY), ids=lambda r: r["case"])
def test_v2_lateral_stability(row, vcase):
    theta = float(row["knee_flexion_deg"])
    value = force_for_10mm_N(theta)
    published = float(row["force_N"])
    ok = vcase(
        case=f"v2: force for a 10 mm lateral shift at {theta:g}°, 175 N quadriceps "
        f"(×{value / published:.2g})",
        source=row["source"],
        published=published,
        pfsim=value,
        tolerance=f"×/÷{FACTOR} (recorded, not asserted: v2 is opt-in, README)",
        passed=bool(published / FACTOR <= value <= published * FACTOR),
    )
    assert ok in (True, False)


def test_v2_weakest_near_20deg(vcase):
    angles = [0.0, 20.0, 30.0, 60.0, 90.0]
    forces = [force_for_10mm_N(a) for a in angles]
    weakest = angles[int(np.nanargmin(forces))]
    ok = vcase(
        case="v2: angle of least lateral stability (10 mm, 175 N)",
        source="Senavongse et al. 2003 J Orthop Res 21:780 (abstract)",
        published="20°",
        pfsim=f"{weakest:g}°",
        tolerance="the weakest of 0, 20, 30, 60, 90° is 20° or 30° (recorded, not asserted)",
        passed=weakest in (20.0, 30.0),
    )
    assert ok in (True, False)


@pytest.mark.parametrize("theta", [15.0, 30.0])
def test_v2_vmo_unloaded_at_rig_load(theta, vcase):
    base = _load(theta, quad_force_N=205.0, area_fit="kernozek2015")
    off = _load(theta, quad_force_N=205.0, area_fit="kernozek2015", vmo_activation=0.0)
    shift = float(off.lateral_shift_mm - base.lateral_shift_mm)
    tilt = float(off.lateral_tilt_deg - base.lateral_tilt_deg)
    ok = vcase(
        case=f"v2: VMO unloaded at 205 N, {theta:g}°: extra shift / tilt",
        source="Goh, Lee & Bose 1995 JBJS-Br 77:225; J Exp Orthop 2018 doi 10.1186/s40634-018-0150-8",
        published="+4.2 mm, +2.8° lateral tilt",
        pfsim=f"{shift:+.2f} mm, {tilt:+.2f}°",
        tolerance="+2.1 to +8.4 mm and a lateral tilt (recorded, not asserted)",
        passed=2.1 <= shift <= 8.4 and tilt > 0,
    )
    assert ok in (True, False)


def test_v2_vmo_half_lateral_share(vcase):
    def share(r):
        return float(r.lateral_facet_force_N / (r.lateral_facet_force_N + r.medial_facet_force_N))

    value = share(_load(30.0, vmo_activation=0.5)) - share(_load(30.0))
    ok = vcase(
        case="v2: VMO force halved, change of the lateral share of facet force at 30°",
        source="Elias et al. 2010 (abstract)",
        published=0.10,
        pfsim=value,
        tolerance="+0.05 to +0.20 (×/÷2 of ≈ 10 points; recorded, not asserted)",
        passed=0.05 <= value <= 0.20,
    )
    assert ok in (True, False)


@pytest.mark.parametrize("q, published", [(25.5, 1.45), (5.5, 1.50)])
def test_v2_q_angle_peak_ratio(q, published, vcase):
    base = _load(20.0)
    value = float(_load(20.0, q_angle_deg=q).peak_pressure_MPa / base.peak_pressure_MPa)
    ok = vcase(
        case=f"v2: peak pressure ratio, Q-angle {q - 15.5:+g}° at 20°",
        source="Huberti & Hayes 1984 JBJS 66:715",
        published=published,
        pfsim=value,
        tolerance=f"×/÷{FACTOR} (recorded, not asserted)",
        passed=published / FACTOR <= value <= published * FACTOR,
    )
    assert ok in (True, False)


@pytest.mark.parametrize("theta, shift_mm, tilt_deg", [(30.0, 1.6, 8.8), (90.0, 3.4, 4.6)])
def test_v2_healthy_tracking_reported(theta, shift_mm, tilt_deg, vcase):
    r = _load(theta, area_fit="kernozek2015")
    vcase(
        case=f"v2: healthy shift / tilt at {theta:g}° (model reference: centred, unloaded)",
        source="von Eisenhart-Rothe 2004 via REFERENCES §2b (abstract)",
        published=f"{shift_mm} mm, {tilt_deg}°",
        pfsim=f"{float(r.lateral_shift_mm):.2f} mm, {float(r.lateral_tilt_deg):.2f}°",
        tolerance="none (different reference positions)",
        passed=None,
    )


@pytest.mark.parametrize("box", ["normal knee", "running", "wide physiological"])
def test_v2_validity_domain(box, vcase):
    import sys

    sys.path.insert(0, str(HERE.parent / "frontal_validity"))
    from check_frontal_validity import BOXES, sample

    th, fq, q, hip, fem, tib, vmo, lr = sample(BOXES[box], n=5000).T
    r = _load(
        th,
        quad_force_N=fq,
        area_fit="kernozek2015",
        q_angle_deg=q,
        hip_adduction_deg=hip,
        femoral_internal_rotation_deg=fem,
        tibial_internal_rotation_deg=tib,
        vmo_activation=vmo,
        lateral_retinaculum_N=lr,
    )
    invalid = float(np.mean(np.isnan(r.lateral_facet_stress_MPa)))
    p1, p50, p99 = np.nanpercentile(r.lateral_shift_mm, [1, 50, 99])
    vcase(
        case=f"v2: {box} box (5000 states): share with no facet result (off the groove or not "
        f"converged); lateral shift p1/p50/p99 {p1:.1f} / {p50:.1f} / {p99:.1f} mm",
        source="model validity (../frontal_validity for v1); healthy shift 1.6-3.4 mm (means)",
        published="0 (the patella stays in the groove)",
        pfsim=f"{invalid:.1%}",
        tolerance="reported (validity domain)",
        passed=None,
    )
