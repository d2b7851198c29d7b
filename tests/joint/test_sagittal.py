"""Sagittal chain: hand calculations, the two-tendon free body, conventions."""

import warnings

import numpy as np
import pytest

import pfsim
from pfsim.joint.sagittal import jrf_two_tendon_N, quad_force_from_moment_N


def test_worked_example_chain_by_hand():
    # M = 100 N·m, θ = 45°: L = 39.565 mm; F_Q = 100/0.039565 = 2527.5 N; k = 0.86402;
    # REFERENCES §1 worked example with the Connolly area (340.336 mm²)
    r = pfsim.patellofemoral_load(45.0, knee_extension_moment_Nm=100.0, area_fit="connolly2009")
    assert r.lever_arm_mm == pytest.approx(39.565)
    assert r.quad_force_N == pytest.approx(100.0 / 0.039565)
    assert r.joint_reaction_force_N == pytest.approx(2527.486 * 0.864025, rel=1e-5)
    assert r.contact_stress_MPa == pytest.approx(r.joint_reaction_force_N / 340.336)


def test_flexion_moment_gives_zero_quadriceps_force():
    assert quad_force_from_moment_N(-50.0, 40.0) == 0.0
    r = pfsim.patellofemoral_load([30.0, 30.0], knee_extension_moment_Nm=[-20.0, 0.0])
    assert np.all(r.quad_force_N == 0) and np.all(r.joint_reaction_force_N == 0)


def test_two_tendon_hand_calculation_at_extension():
    # θ = 0, α = 20.62°, β = 0, r = 1: |R|/F = sqrt(2 - 2 cos 20.62°) = 2 sin(10.31°) = 0.35795
    out = jrf_two_tendon_N(1000.0, 0.0)
    assert out["joint_reaction_force_N"] == pytest.approx(2000 * np.sin(np.radians(10.31)))
    # the femur pushes the patella anteriorly (x > 0) and distally (y < 0)
    assert out["jrf_anterior_N"] > 0 and out["jrf_proximal_N"] < 0
    assert out["jrf_angle_deg"] == pytest.approx(-10.31)


def test_two_tendon_force_ratio_and_tendon_angle():
    # r = 0: only the quadriceps tendon, |R| = F_Q whatever the angle
    out = jrf_two_tendon_N(500.0, 60.0, force_ratio=0.0)
    assert out["joint_reaction_force_N"] == pytest.approx(500.0)
    # β = θ + α makes the two tendons collinear and opposite (|R| = 0 with r = 1); at 20°,
    # α = 15.88° and β = 35.88° (inside the accepted ±45° tendon lean)
    alpha = pfsim.joint.patellar_ligament_angle_deg(20.0)
    out = jrf_two_tendon_N(800.0, 20.0, quad_tendon_angle_deg=20.0 + alpha)
    assert out["joint_reaction_force_N"] == pytest.approx(0.0, abs=1e-9)


def test_two_tendon_through_entry_point():
    r = pfsim.patellofemoral_load(
        [20.0, 40.0], quad_force_N=1000.0, model="two-tendon", area_fit="salsich2003"
    )
    assert r.jrf_anterior_N.shape == (2,)
    np.testing.assert_allclose(
        np.hypot(r.jrf_anterior_N, r.jrf_proximal_N), r.joint_reaction_force_N
    )
    np.testing.assert_allclose(r.k_ratio * 1000.0, r.joint_reaction_force_N)


def test_two_tendon_vs_k_model_agree_mid_range():
    # With r = 1 and the tendon parallel to the shaft the two agree within 3 % on 25-35 deg; the
    # two-tendon k is 22 % lower at 0 deg and 35 % higher at 90 deg (validation/two_tendon_vs_k).
    theta = np.array([25.0, 30.0, 35.0])
    k_tt = pfsim.patellofemoral_load(theta, quad_force_N=1.0, model="two-tendon").k_ratio
    np.testing.assert_allclose(k_tt, pfsim.k_ratio(theta), rtol=0.03)


@pytest.mark.parametrize(
    "args, kwargs, needle",
    [
        # the audit's case: a negative force with a negative ratio used to return 2955 N
        ((-1000.0, 30.0), {"force_ratio": -2.0}, "quad_force_N must lie between 0 and 50000 N"),
        ((1000.0, 30.0), {"force_ratio": -2.0}, "force_ratio must lie between 0 and 5"),
        ((1000.0, 30.0), {"quad_tendon_angle_deg": 60.0}, "quad_tendon_angle_deg must lie"),
        ((1000.0, 200.0), {}, "knee_flexion_deg must lie between -30 and 170 deg"),
        ((1000.0, np.nan), {}, "knee_flexion_deg contains NaN"),
        ((np.ma.masked_array([1.0]), 30.0), {}, "quad_force_N is a numpy masked array"),
        ((1000.0, 30.0), {"extrapolate": "maybe"}, "extrapolate must be one of"),
        ((1000.0, 30.0), {"ligament_angle_fit": "x"}, "known names: vaneijden1985"),
        (([1.0, 2.0], [10.0, 20.0, 30.0]), {}, "do not broadcast together"),
    ],
)
def test_two_tendon_checks_its_inputs(args, kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        jrf_two_tendon_N(*args, **kwargs)


def test_two_tendon_radians_guard():
    with pytest.warns(pfsim.PfsimUnitWarning, match="did you pass radians"):
        jrf_two_tendon_N(1000.0, np.radians([20.0, 40.0]))


def test_two_tendon_direct_call_warns_out_of_range():
    # the ligament-angle data stop at 120°: NaN there and one warning at this file (it used to be a
    # "message" entry in the returned dict that a direct caller never saw)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = jrf_two_tendon_N(1000.0, [60.0, 130.0, 140.0])
    assert len(caught) == 1 and caught[0].category is pfsim.PfsimRangeWarning
    assert caught[0].filename == __file__
    assert "vaneijden1985" in str(caught[0].message) and "2 of 3 angles" in str(caught[0].message)
    assert "message" not in out
    assert np.isfinite(out["joint_reaction_force_N"][0])
    assert np.isnan(out["joint_reaction_force_N"][1:]).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clipped = jrf_two_tendon_N(1000.0, 130.0, extrapolate="clip")
    assert np.isfinite(clipped["joint_reaction_force_N"])


def test_two_tendon_through_entry_point_one_warning():
    # 130°: outside the ligament angle (0-120) and the kernozek2015 area (0-90) data: one warning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load(
            [60.0, 130.0], quad_force_N=1000.0, model="two-tendon", area_fit="kernozek2015"
        )
    assert len(caught) == 1 and caught[0].filename == __file__
    text = str(caught[0].message)
    assert "vaneijden1985" in text and "kernozek2015" in text
    assert np.isnan(r.contact_stress_MPa[1]) and np.isfinite(r.contact_stress_MPa[0])
