"""Issue 15: stance summaries from 41 joint states agree with those of the 101-sample stance.

The reference is the stance model as it was: :func:`pfsim.gait.stance` at 101 samples, peaks the
maxima over them, integrals the trapezoid, means the plain mean. The refined stance
(:mod:`pfsim.gait.refined`) evaluates 41 of the 101 samples. Tolerances, each for the worst scenario
of a Sobol' box of 512 running scenarios wider than the sweep problems (speed 2-5.5 m/s, step rate
150-200 spm, 45-110 kg, 1.5-2.0 m, slopes ±10°, up to 15 kg carried, the kinematics and frontal
inputs over wide ranges):

- every peak except the lateral load's: **equal to the 101-sample peak, bit for bit**. The window
  around the coarse moment peak holds the 101-sample argmax of each of them (mean and facet stress,
  PFJRF, quadriceps force within 4 samples of the moment peak; flexion and GRF within 11 of 12);
- ``peak_lateral_force_bw``: the net lateral load can peak at the ends of stance (a retinaculum pull
  with no quadriceps force), outside the window; within 2 % of its largest magnitude over stance;
- stress-time integrals: within 0.5 % (mean stress) and 1 % (lateral facet stress); the median
  difference is ~0.005 %. Against a 1001-sample reference the 101-sample trapezoid itself is off
  by up to ~0.01 %; the refined quadrature (cubic interpolation between coarse samples) by up to
  ~0.4 %, where the stress has a kink (the moment crossing zero early in stance, or late on an
  uphill, where the quadriceps force is clamped at 0). 0.5 % is 1/50 of the between-runner spread
  of measured stress-time integrals (0.74 ± 0.18 MPa·s in running, Kernozek et al. 2015 Gait
  Posture 42:218) and far below the model's own uncertainty;
- ``off_groove_fraction``: within 0.02 (one sample in 50).
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import qmc

import pfsim
from pfsim.gait import stance
from pfsim.gait.refined import COARSE_STEP, WINDOW, RefinedStance, refined_stance, sample_plan
from pfsim.models import _stance_outputs, stance_model

BOX = {
    "speed_m_s": (2.0, 5.5),
    "step_rate_spm": (150.0, 200.0),
    "body_mass_kg": (45.0, 110.0),
    "height_m": (1.5, 2.0),
    "slope_deg": (-10.0, 10.0),
    "added_mass_kg": (0.0, 15.0),
    "knee_flexion_initial_contact_deg": (10.0, 25.0),
    "hip_adduction_peak_deg": (0.0, 20.0),
    "hip_internal_rotation_peak_deg": (-5.0, 15.0),
    "q_angle_deg": (8.0, 25.0),
    "vmo_activation": (0.3, 1.5),
    "lateral_retinaculum_N": (0.0, 100.0),
}

EXACT = (
    "peak_knee_flexion_deg",
    "peak_knee_extension_moment_Nm",
    "peak_knee_extension_moment_Nm_kg",
    "peak_quad_force_N",
    "peak_quad_force_bw",
    "peak_joint_reaction_force_N",
    "peak_joint_reaction_force_bw",
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "peak_medial_facet_stress_MPa",
    "peak_vertical_grf_N",
    "peak_vertical_grf_bw",
    "peak_hip_adduction_deg",
    "steps_per_km",
    "contact_time_s",
    "step_rate_used_spm",
)
RELATIVE = {
    "stress_time_integral_per_step_MPa_s": 5e-3,
    "stress_time_integral_per_km_MPa_s": 5e-3,
    "lateral_facet_stress_time_integral_per_step_MPa_s": 1e-2,
    "lateral_facet_stress_time_integral_per_km_MPa_s": 1e-2,
}


@pytest.fixture(scope="module")
def box():
    lo, hi = zip(*BOX.values(), strict=True)
    x = qmc.scale(qmc.Sobol(len(BOX), seed=15).random(512), lo, hi)
    return {name: x[:, i] for i, name in enumerate(BOX)}


def _reference(kw, n_samples=101):
    """The stance model's outputs from every one of ``n_samples`` samples (the former way)."""
    joint = {k: kw[k][:, None] for k in ("q_angle_deg", "vmo_activation", "lateral_retinaculum_N")}
    rest = {k: v for k, v in kw.items() if k not in joint}
    r = stance(**rest, **joint, n_samples=n_samples)
    n = np.shape(r.time_s)[-1]
    trap = np.full(n, 1.0 / (n - 1))
    trap[[0, -1]] *= 0.5
    return r, _stance_outputs(RefinedStance(r, trap * r.contact_time_s[:, None], np.full(n, 1 / n)))


def test_the_plan_evaluates_41_of_101_samples():
    plan = sample_plan(101)
    assert plan.states == 41 <= 50
    assert plan.coarse[0] == 0 and plan.coarse[-1] == 100 and np.all(np.diff(plan.coarse) == 5)
    assert plan.new.shape == (101 - WINDOW + 1, WINDOW - WINDOW // COARSE_STEP)
    # the quadrature integrates what the trapezoid integrates exactly: constants and lines
    for start in (0, 40, 101 - WINDOW):
        s = np.concatenate([plan.s[plan.coarse], plan.s[plan.new[start]]])
        assert np.isclose(plan.integral_weights[start] @ np.ones_like(s), 1.0, rtol=1e-14)
        assert np.isclose(plan.integral_weights[start] @ s, 0.5, rtol=1e-14)
        assert np.isclose(plan.mean_weights[start].sum(), 1.0, rtol=1e-14)
    assert sample_plan(21) is None and sample_plan(100) is None  # all samples evaluated


def test_refined_summaries_agree_with_the_101_sample_stance(box):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        got = stance_model(**box)
        r, ref = _reference(box)
    assert got.keys() == ref.keys()
    computed = np.isfinite(ref["peak_contact_stress_MPa"])
    assert computed.sum() > 400  # the box reaches past the model's range in a few scenarios
    for key in EXACT:
        np.testing.assert_array_equal(got[key], ref[key], err_msg=key)
    for key, rtol in RELATIVE.items():
        np.testing.assert_array_equal(np.isnan(got[key]), np.isnan(ref[key]), err_msg=key)
        np.testing.assert_allclose(got[key][computed], ref[key][computed], rtol=rtol, err_msg=key)
    scale = np.max(np.abs(r.joint.lateral_force_N), axis=-1) / (r.body_mass_kg * 9.80665)
    err = np.abs(got["peak_lateral_force_bw"] - ref["peak_lateral_force_bw"])
    assert np.all(err[computed] <= 0.02 * scale[computed])
    np.testing.assert_allclose(got["off_groove_fraction"], ref["off_groove_fraction"], atol=0.02)


def test_the_refined_integral_is_as_converged_as_the_trapezoid_to_a_tolerance(box):
    """Against 1001 samples, both estimates of the stress-time integral are close (see module)."""
    kw = {k: v[:128] for k, v in box.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        fine = _reference(kw, 1001)[1]["stress_time_integral_per_step_MPa_s"]
        coarse = _reference(kw)[1]["stress_time_integral_per_step_MPa_s"]
        refined = stance_model(**kw)["stress_time_integral_per_step_MPa_s"]
    ok = np.isfinite(fine)
    err_101 = np.abs(coarse - fine)[ok] / fine[ok]
    err_refined = np.abs(refined - fine)[ok] / fine[ok]
    assert err_101.max() < 5e-4 and err_refined.max() < 5e-3


def test_chunked_and_single_calls_agree(monkeypatch, box):
    kw = {k: v[:40] for k, v in box.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        whole = stance_model(**kw)
        monkeypatch.setattr(pfsim.gait.refined, "STATES_PER_CALL", 7 * 41)  # 6 chunks of 7
        chunked = stance_model(**kw)
    for key, value in whole.items():
        np.testing.assert_array_equal(chunked[key], value, err_msg=key)


def test_a_scalar_scenario_and_odd_sample_counts():
    one = stance_model(speed_m_s=3.0)
    assert all(np.shape(v) == () for v in one.values())
    many = stance_model(speed_m_s=np.array([3.0]))
    for key, value in one.items():
        np.testing.assert_array_equal(value, many[key][0], err_msg=key)
    # 60 samples: no plan (59 is not a multiple of 5): every sample, as before
    r = refined_stance(3.0, 168.0, 70.0, 1.75, n_samples=60)
    assert np.shape(r.result.time_s) == (60,)


def test_sampling_at_given_stance_fractions_gives_those_samples_of_the_even_grid():
    from pfsim.gait.springmass import sine_wave_stance

    args = (np.array([70.0, 80.0]), np.array([3.0, 4.0]), 0.25, 0.36, 0.93)
    even = sine_wave_stance(*args, slope_deg=np.array([0.0, 5.0]), n_samples=101)
    pick = np.array([[0, 7, 50, 100], [3, 4, 60, 99]])
    s = np.linspace(0.0, 1.0, 101)[pick]
    some = sine_wave_stance(*args, slope_deg=np.array([0.0, 5.0]), stance_fraction=s)
    for name in ("time_s", "vertical_grf_N", "fore_aft_grf_N", "leg_compression_m", "com_x_m"):
        np.testing.assert_array_equal(
            getattr(some, name), np.take_along_axis(getattr(even, name), pick, -1), name
        )


def test_stance_model_samples_all_reproduces_the_101_sample_stance():
    """``samples="all"``: every sample, the summaries of pfsim.gait.stance to 1e-12 (also chunked:
    400 scenarios are more than one call's ~297), and a bad value is named."""
    import warnings

    from pfsim.gait import stance
    from pfsim.models import preferred_step_rate_spm, stance_model

    rng = np.random.default_rng(3)
    n = 400
    v = rng.uniform(2.5, 5.0, n)
    m = rng.uniform(50.0, 100.0, n)
    hip = rng.uniform(5.0, 15.0, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = stance_model(speed_m_s=v, body_mass_kg=m, hip_adduction_peak_deg=hip, samples="all")
        ref = stance(v, preferred_step_rate_spm(v), m, 1.75, hip_adduction_peak_deg=hip).summary()
    for key in (
        "peak_contact_stress_MPa",
        "peak_lateral_facet_stress_MPa",
        "stress_time_integral_per_step_MPa_s",
        "stress_time_integral_per_km_MPa_s",
        "peak_knee_extension_moment_Nm_kg",
    ):
        np.testing.assert_allclose(out[key], getattr(ref, key), rtol=1e-12, err_msg=key)
    with pytest.raises(ValueError, match="option samples must be 'refined' or 'all'"):
        stance_model(samples="most")


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_samples=st.sampled_from([5, 21, 101]),
    frontal=st.booleans(),
)
def test_samples_all_is_the_stance_summary_over_every_input(seed, n_samples, frontal):
    """Property (review 4): ``samples="all"`` gives pfsim.gait.stance's summaries to 1e-12 with
    slope, step-rate change, carried mass, tibial rotation and the per-scenario frontal inputs
    varied too (the first test varied speed, mass and hip adduction only), any n_samples, with and
    without the frontal model; NaN in the same places."""
    from pfsim.models import preferred_step_rate_spm

    rng = np.random.default_rng(seed)
    n = 6
    x = {
        "speed_m_s": rng.uniform(2.5, 5.0, n), "step_rate_change_pct": rng.uniform(-12, 12, n),
        "body_mass_kg": rng.uniform(50, 100, n), "height_m": rng.uniform(1.5, 2.0, n),
        "slope_deg": rng.uniform(-8, 8, n), "added_mass_kg": rng.uniform(0, 10, n),
        "tibial_internal_rotation_peak_deg": rng.uniform(-5, 5, n),
    }  # fmt: skip
    joint = {"q_angle_deg": rng.uniform(8, 25, n), "vmo_activation": rng.uniform(0.3, 1.5, n),
             "lateral_retinaculum_N": rng.uniform(0, 80, n)}  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = stance_model(**x, **joint, n_samples=n_samples, frontal=frontal, samples="all")
        rate = preferred_step_rate_spm(x["speed_m_s"]) * (1 + x.pop("step_rate_change_pct") / 100)
        per = {k: v[:, None] for k, v in joint.items()} if frontal else {}
        args = (x.pop("speed_m_s"), rate, x.pop("body_mass_kg"), x.pop("height_m"))
        ref = stance(*args, **x, **per, n_samples=n_samples, frontal=frontal).summary()
    for key, want in ref.to_dict().items():
        want = np.broadcast_to(np.asarray(want, dtype=float), (n,))
        np.testing.assert_array_equal(np.isnan(out[key]), np.isnan(want), err_msg=key)
        np.testing.assert_allclose(out[key], want, rtol=1e-12, atol=0.0, err_msg=key)
