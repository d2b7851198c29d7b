"""Sagittal chain: hand calculations, the two-tendon free body, conventions."""

import numpy as np
import pytest

import pfsim
from pfsim.joint.sagittal import jrf_two_tendon_N, quad_force_from_moment_N


def test_worked_example_chain_by_hand():
    # M = 100 N·m, θ = 45°: L = 39.565 mm; F_Q = 100/0.039565 = 2527.5 N; k = 0.86402
    r = pfsim.patellofemoral_load(45.0, knee_extension_moment_Nm=100.0)
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
    # β = θ + α makes the two tendons collinear and opposite (|R| = 0 with r = 1)
    alpha = pfsim.joint.patellar_ligament_angle_deg(40.0)
    out = jrf_two_tendon_N(800.0, 40.0, quad_tendon_angle_deg=40.0 + alpha)
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
