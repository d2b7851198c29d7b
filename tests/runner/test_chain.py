"""Issue 12 mechanisms, checked against hand values and the stance model's own equations."""

from dataclasses import replace

import numpy as np
import pytest

from pfsim.gait import KNEE_SHARE_OF_LEG_COMPRESSION
from pfsim.gait.springmass import (
    CONTACT_TIME_STEP_RATE_EXPONENT,
    contact_time_s,
    sine_wave_stance,
)
from pfsim.joint.frontal import DEFAULT_FRONTAL_GEOMETRY
from pfsim.runner import (
    STEP_RATE_HIP_RANGE_REL,
    Assumptions,
    Runner,
    com_vertical_excursion_m,
    frontal_geometry_kwargs,
    preferred_step_rate_spm,
    pronation_mechanism,
    quadriceps_mechanism,
    retrain_gait,
    simulate,
    stance_inputs,
    step_rate_hip_adduction_rel,
    strengthen,
)


def test_com_excursion_is_the_stance_models_spring_mass_excursion():
    v, f = np.array([2.5, 3.0, 4.5]), np.array([160.0, 170.0, 185.0])
    tc = contact_time_s(v, f)
    sw = sine_wave_stance(70.0, v, tc, 60.0 / f, 0.53 * 1.75, n_samples=11)
    np.testing.assert_allclose(com_vertical_excursion_m(v, f), np.abs(sw.delta_y_m), rtol=1e-12)


def test_step_rate_factor_hand_values_and_held_range():
    f0 = float(preferred_step_rate_spm(3.0))
    # |dy_c| = g t_c (T/(2 pi) - t_c/8), t_c = t_c0 (T/T0)^k (p = 1)
    assert float(step_rate_hip_adduction_rel(3.0, 1.1 * f0)) == pytest.approx(_dy_rel(1 / 1.1))
    assert float(step_rate_hip_adduction_rel(3.0, 0.9 * f0)) == pytest.approx(_dy_rel(1 / 0.9))
    assert float(step_rate_hip_adduction_rel(3.0, f0)) == pytest.approx(1.0)
    assert 0.82 < _dy_rel(1 / 1.1) < 0.84  # about 1/1.21 (duty factor held) for k = 0.65 too
    lo, hi = STEP_RATE_HIP_RANGE_REL
    assert float(step_rate_hip_adduction_rel(3.0, 0.7 * f0)) == pytest.approx(_dy_rel(1 / lo))
    assert float(step_rate_hip_adduction_rel(3.0, 1.3 * f0)) == pytest.approx(_dy_rel(1 / hi))
    a0 = Assumptions(hip_adduction_step_rate_exponent=0.0)
    assert float(step_rate_hip_adduction_rel(3.0, 1.1 * f0, assumptions=a0)) == 1.0
    # vectorised over speed and rate
    out = step_rate_hip_adduction_rel(np.array([[2.5], [4.0]]), np.array([150.0, 170.0, 190.0]))
    assert out.shape == (2, 3) and np.all(np.diff(out, axis=1) < 0)


def test_step_rate_reaches_the_stance_hip_adduction():
    f0 = float(preferred_step_rate_spm(3.0))
    r = simulate(replace(Runner(), step_rate_spm=1.1 * f0), n_samples=21)
    assert np.max(r.hip_adduction_deg) == pytest.approx(10.4 * _dy_rel(1 / 1.1), rel=1e-3)


def _dy_rel(step_time_rel, v=3.0):
    """|dy_c| at step time T0 * step_time_rel over |dy_c| at T0 (preferred), by hand."""
    k = CONTACT_TIME_STEP_RATE_EXPONENT
    T0 = 60.0 / float(preferred_step_rate_spm(v))
    tc0 = float(contact_time_s(v, 60.0 / T0))
    tc1, T1 = tc0 * step_time_rel**k, T0 * step_time_rel
    return tc1 * (T1 / (2 * np.pi) - tc1 / 8) / (tc0 * (T0 / (2 * np.pi) - tc0 / 8))


def test_pronation_chain_hand_values():
    out = pronation_mechanism(-2.24)  # Cheung 2011 orthotic
    assert out["tibial_internal_rotation_peak_deg"] == pytest.approx(-0.68 * 2.24)
    assert out["femoral_internal_rotation_extra_deg"] == pytest.approx(-0.5 * 0.68 * 2.24)
    _, rep = stance_inputs(replace(Runner(), rearfoot_eversion_excess_deg=5.0))
    assert rep["femoral_internal_rotation_peak_deg"] == pytest.approx(4.4 + 0.5 * 0.68 * 5)


def test_quadriceps_series_springs():
    s0 = KNEE_SHARE_OF_LEG_COMPRESSION
    assert quadriceps_mechanism(1.0)["knee_share"] == pytest.approx(s0)
    q = np.array([0.5, 1.0, 2.0])
    share = quadriceps_mechanism(q)["knee_share"]
    c = 1 / q
    np.testing.assert_allclose(share, s0 * c / (s0 * c + 1 - s0))
    assert np.all(np.diff(share) < 0)  # stronger, stiffer knee: a smaller share
    with pytest.raises(ValueError, match="quadriceps_strength_rel"):
        quadriceps_mechanism(0.0)


def test_habitual_quadriceps_sets_the_kinematics_until_retrained():
    weak = Runner(quadriceps_strength_rel=0.75)
    strong = strengthen(weak, quadriceps_factor=1 / 0.75)
    assert strong.habitual_quadriceps_strength_rel == 0.75
    k_weak, _ = stance_inputs(weak)
    k_strong, _ = stance_inputs(strong)
    assert k_strong["knee_share"] == k_weak["knee_share"]  # Willy & Davis: strength alone
    k_re, _ = stance_inputs(retrain_gait(strong))
    assert k_re["knee_share"] == pytest.approx(KNEE_SHARE_OF_LEG_COMPRESSION)


def test_knee_abduction_coupling_is_a_swept_assumption():
    assert (
        Assumptions().knee_abduction_per_hip_adduction
        == DEFAULT_FRONTAL_GEOMETRY.knee_abduction_per_hip_adduction
    )
    assert frontal_geometry_kwargs() == {"knee_abduction_per_hip_adduction": 0.3}
    lo, hi = Assumptions.ranges()["knee_abduction_per_hip_adduction"]
    reps = []
    for k in (lo, hi):
        a = Assumptions(knee_abduction_per_hip_adduction=k)
        kw = frontal_geometry_kwargs(a)
        assert kw == {"knee_abduction_per_hip_adduction": k}  # a number: batches with the rest
        r = simulate(Runner(hip_abductor_strength_rel=0.75), assumptions=a, n_samples=21)
        reps.append(float(r.summary().peak_lateral_facet_stress_MPa))
        # the same as a geometry carrying that coupling (the per-state input replaces it)
        g = replace(DEFAULT_FRONTAL_GEOMETRY, knee_abduction_per_hip_adduction=k)
        if k == DEFAULT_FRONTAL_GEOMETRY.knee_abduction_per_hip_adduction:
            continue
        with pytest.raises(ValueError, match="takes the coupling from the assumptions"):
            simulate(Runner(), frontal_geometry=g, n_samples=21)  # default assumptions disagree
        r_g = simulate(
            Runner(hip_abductor_strength_rel=0.75), frontal_geometry=g, assumptions=a, n_samples=21
        )
        np.testing.assert_array_equal(r_g.lateral_facet_stress_MPa, r.lateral_facet_stress_MPa)
    assert reps[0] != reps[1]  # the coupling reaches the lateral facet stress
