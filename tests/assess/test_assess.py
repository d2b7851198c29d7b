"""pfsim.assess: the Shapley core, the group table, the batch evaluation and assess()."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pytest

from pfsim.assess import (
    FIELD_GROUPS,
    GROUPS,
    NON_INPUT_FIELDS,
    OUTCOMES,
    assess,
    coalition_runner,
    group_fields,
    shapley_values,
)
from pfsim.assess.evaluate import evaluate
from pfsim.runner import Assumptions, Runner, load_runner, reference_runner
from pfsim.runner.profile import HIP_ABDUCTOR_STRENGTH_MIN_REL
from pfsim.training import dose_per_km_MPa_s, read_history, steady, weekly_load


# ------------------------------------------------------------------------------------------------
# the Shapley core on synthetic value functions
# ------------------------------------------------------------------------------------------------
def _values(fn, n):
    masks = np.arange(1 << n)
    bits = (masks[:, None] >> np.arange(n)) & 1
    return np.array([fn(b) for b in bits], dtype=float)


def test_efficiency_on_a_random_game():
    v = np.random.default_rng(0).normal(size=(5, 128)) * 10
    phi = shapley_values(v)
    excess = v[:, -1] - v[:, 0]
    assert np.allclose(phi.sum(axis=-1), excess, rtol=1e-9, atol=0)


def test_null_group_gets_exactly_zero_and_swapped_roles_swap_shares():
    def game(b, w):  # interaction between groups 0 and 1, group 3 absent
        return w[0] * b[0] + w[1] * b[1] + 3.0 * b[0] * b[2] + 0.5 * b[1] * b[4]

    n = 5
    v = _values(lambda b: game(b, (1.0, 2.0)), n)
    phi = shapley_values(v)
    assert phi[3] == 0.0
    # swap the roles of groups 0 and 1 (and of their partners 2 and 4)
    v2 = _values(lambda b: game(b[[1, 0, 4, 3, 2]], (1.0, 2.0)), n)
    phi2 = shapley_values(v2)
    assert phi2[1] == pytest.approx(phi[0], rel=1e-12) and phi2[0] == pytest.approx(
        phi[1], rel=1e-12
    )
    assert phi2[4] == pytest.approx(phi[2], rel=1e-12)


def test_additive_game_gives_each_group_its_own_effect():
    w = np.array([1.0, -2.0, 0.5, 0.0, 4.0, 0.25, -1.0])
    phi = shapley_values(_values(lambda b: float(b @ w), 7))
    assert np.allclose(phi, w, rtol=0, atol=1e-12)


def test_bad_length_is_refused():
    with pytest.raises(ValueError, match="2ⁿ entries"):
        shapley_values(np.zeros(6))


# ------------------------------------------------------------------------------------------------
# the group table
# ------------------------------------------------------------------------------------------------
def test_every_runner_field_is_in_exactly_one_group():
    names = [f.name for f in fields(Runner)]
    assert sorted(list(FIELD_GROUPS) + list(NON_INPUT_FIELDS)) == sorted(names)
    assert set(FIELD_GROUPS.values()) == set(GROUPS)
    assert sum(len(group_fields(g)) for g in GROUPS) == len(FIELD_GROUPS)


def test_unknown_group_is_named():
    with pytest.raises(ValueError, match="unknown contributor group 'knee'.*hip"):
        group_fields("knee")


def test_coalitions_are_the_reference_and_the_runner_at_the_ends():
    r = load_runner("hip_driven")
    ref = reference_runner(r)
    assert coalition_runner(r, ref, 127) == r
    assert coalition_runner(r, ref, 0) == replace(ref, name=r.name)


# ------------------------------------------------------------------------------------------------
# the batch against pfsim.training (the assessment mirrors its chain)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("capacity_reference", ["self", "reference_runner"])
@pytest.mark.parametrize("dose_stress", ["mean", "lateral_facet"])
def test_overload_index_equals_weekly_load(capacity_reference, dose_stress):
    r = load_runner("load_driven")
    h = read_history("jump40_hills")
    draws = [Assumptions(), Assumptions(dose_stress_exponent=4.5, week_run_days=3.0)]
    caps = {}
    if capacity_reference == "reference_runner":
        caps = {0: replace(reference_runner(r), name=r.name)}
    out = evaluate([r], draws, {0: h}, cap_runners=caps, dose_stress=dose_stress)
    for d, a in enumerate(draws):
        wl = weekly_load(
            h, r, assumptions=a, dose_stress=dose_stress, capacity_reference=capacity_reference
        )
        assert out["peak_overload_index"][d, 0] == pytest.approx(
            np.max(wl.overload_index), rel=1e-9
        )


def test_dose_per_km_equals_pfsim_training():
    r = replace(load_runner("load_driven"), hill_share=0.3, speed_work_share=0.2)
    a = Assumptions(dose_stress_exponent=5.0)
    out = evaluate([r], [a], dose_stress="mean")
    s = a.hill_slope_deg
    pk = dose_per_km_MPa_s(
        r, [3.0, 3.0, 3.0, 3.0 * a.speed_work_speed_factor], [0.0, s, -s, 0.0], assumptions=a
    )
    expected = 0.5 * pk[0] + 0.15 * (pk[1] + pk[2]) + 0.2 * pk[3]
    assert out["stress_dose_per_km_MPa_s"][0, 0] == pytest.approx(expected, rel=1e-9)


# ------------------------------------------------------------------------------------------------
# assess
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hip():
    return assess("hip_driven", "steady", draws=4, rng=1)


def test_contributions_sum_to_the_excess(hip):
    assert np.allclose(hip.contributions.sum(axis=-1), hip.excess, rtol=1e-9, atol=1e-12)


def test_groups_at_the_reference_value_get_exactly_zero(hip):
    # hip_driven differs from its reference in hip, quadriceps and anatomy (sex) only
    for g in ("foot_pronation", "lateral_tightness", "running_mechanics", "training_load"):
        assert np.all(hip.contributions[:, GROUPS.index(g)] == 0.0)
        assert np.all(hip.contribution_draws[..., GROUPS.index(g)] == 0.0)


def test_profile_equal_to_reference_has_no_excess():
    r = Runner(name="x")
    a = assess(r, reference=replace(reference_runner(r), name="ref"), draws=0)
    assert np.all(a.excess == 0.0) and np.all(a.contributions == 0.0)


def test_swapped_groups_swap_shares_in_the_real_model():
    base = Runner(name="base")
    one = replace(base, lateral_retinaculum_N=60.0, rearfoot_eversion_excess_deg=0.0)
    a = assess(one, reference=base, draws=0, outcomes=["peak_lateral_facet_stress_MPa"])
    b = assess(base, reference=one, draws=0, outcomes=["peak_lateral_facet_stress_MPa"])
    i = GROUPS.index("lateral_tightness")
    assert b.contributions[0, i] == pytest.approx(-a.contributions[0, i], rel=1e-12)


def test_json_shape(hip):
    j = hip.to_json()
    assert set(j) >= {"runner", "reference", "primary_outcome", "outcomes", "interventions", "plan"}
    # a steady history at the habitual load: no overload over the reference (capacity "self"), so
    # the excess and the primary outcome are in the stresses
    assert j["primary_outcome"] == "peak_lateral_facet_stress_MPa"
    assert abs(j["outcomes"]["peak_overload_index"]["excess"]) < 1e-9
    o = j["outcomes"]["peak_lateral_facet_stress_MPa"]
    assert set(o) == {"runner", "reference", "excess", "contributions", "intervals"}
    assert set(o["contributions"]) == set(GROUPS)
    ranks = [i["rank"] for i in j["interventions"]]
    assert ranks == sorted(ranks) and {"name", "p_best", "evidence", "changes"} <= set(
        j["interventions"][0]
    )
    assert sum(i["p_best"] for i in j["interventions"]) <= 1.0 + 1e-12


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"outcomes": ["knee_pain"]}, "unknown outcome 'knee_pain'; allowed"),
        ({"outcomes": ["peak_overload_index"]}, "needs a training history"),
        ({"history": "jump40_hills"}, "weekly_distance_km is 25; set weekly_distance_km = 30"),
        ({"draws": -1}, "draws must be a whole number"),
        ({"dose_stress": "peak"}, "dose_stress='peak' is not allowed"),
    ],
)
def test_bad_input_names_the_key_and_the_fix(kwargs, match):
    with pytest.raises(ValueError, match=match):
        assess("hip_driven", **kwargs)


def test_profile_beyond_the_model_range_is_refused():
    with pytest.raises(ValueError, match="hip_abductor_strength_rel"):
        assess(Runner(hip_abductor_strength_rel=0.3))


def test_steady_history_of_other_distance_names_the_key():
    with pytest.raises(ValueError, match=r"\[training\] weekly_distance_km"):
        assess(Runner(weekly_distance_km=40.0), steady(6, 25.0))


def test_outcomes_all_known():
    assert OUTCOMES[-1] == "peak_overload_index"


# ------------------------------------------------------------------------------------------------
# the cohort model (sweep engine) agrees with assess()
# ------------------------------------------------------------------------------------------------
def test_cohort_equals_assess_per_profile():
    from pfsim.assess import INTERVENTIONS, assess_cohort
    from pfsim.sweep import design_from_arrays, run_sweep

    arrays = {
        "hip_abductor_strength_rel": [0.75, 1.1, 1.0],
        "lateral_retinaculum_N": [0.0, 40.0, 10.0],
        "sex_code": [1.0, 2.0, 0.0],
        "q_angle_deg": [np.nan, np.nan, 20.0],
    }
    res = run_sweep(assess_cohort, design_from_arrays(arrays), chunk_size=2)
    names = [iv.name for iv in INTERVENTIONS]
    for i in range(3):
        r = Runner(
            name=f"profile {i}",
            hip_abductor_strength_rel=arrays["hip_abductor_strength_rel"][i],
            lateral_retinaculum_N=arrays["lateral_retinaculum_N"][i],
            sex=("female", "male", "unspecified")[i],
            q_angle_deg=None if i < 2 else 20.0,
        )
        a = assess(r, draws=0, outcomes=["peak_lateral_facet_stress_MPa"])
        for j, g in enumerate(GROUPS):
            assert res[f"share_{g}"][i] == pytest.approx(
                a.contributions[0, j], rel=1e-12, abs=1e-15
            )
        assert names[int(res["first_intervention_index"][i])] == a.interventions[0]


def test_cohort_bad_inputs_are_named():
    from pfsim.assess import assess_cohort

    with pytest.raises(ValueError, match="unknown cohort input"):
        assess_cohort(knee=[1.0])
    with pytest.raises(ValueError, match="cohort row 0:.*hip_abductor_strength_rel"):
        assess_cohort(hip_abductor_strength_rel=[0.2])
    with pytest.raises(ValueError, match="not allowed for a cohort"):
        assess_cohort("peak_overload_index")


def test_nan_outcome_warns_once_and_stays_nan():
    import warnings

    from pfsim import PfsimRangeWarning

    r = Runner(
        name="off groove",
        lateral_retinaculum_N=200.0,
        vmo_activation=0.0,
        hip_abductor_strength_rel=HIP_ABDUCTOR_STRENGTH_MIN_REL,
        q_angle_deg=30.0,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = assess(r, draws=4, rng=1)
    mine = [w for w in caught if "pfsim.assess: undefined (NaN)" in str(w.message)]
    assert len(mine) == 1 and issubclass(mine[0].category, PfsimRangeWarning)
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    k = a.outcomes.index("peak_lateral_facet_stress_MPa")
    assert np.isnan(a.runner_value[k])
    m = a.outcomes.index("peak_mean_stress_MPa")
    assert np.isfinite(a.runner_value[m]) and np.isfinite(a.contributions[m]).all()


DAILY = """date,distance_km,speed_m_s,hill_share,speed_work_share
2026-01-01,8,,0,0
2026-01-03,10,3.2,0.2,0
2026-01-05,7,,0,0.3
2026-01-08,8,,0,0
2026-01-10,12,,0.4,0
2026-01-13,15,2.8,0,0
2026-01-17,9,,0,0
"""


@pytest.mark.parametrize("capacity_reference", ["self", "reference_runner"])
def test_overload_index_of_a_daily_history_with_own_speeds(tmp_path, capacity_reference):
    path = tmp_path / "daily.csv"
    path.write_text(DAILY)
    h = read_history(path)
    r = load_runner("hip_driven")
    a = Assumptions(dose_stress_exponent=3.0, capacity_time_constant_days=10.0)
    caps = {}
    if capacity_reference == "reference_runner":
        caps = {0: replace(reference_runner(r), name=r.name)}
    out = evaluate([r], [a], {0: h}, cap_runners=caps)
    wl = weekly_load(
        h, r, assumptions=a, dose_stress="lateral_facet", capacity_reference=capacity_reference
    )
    assert out["peak_overload_index"][0, 0] == pytest.approx(np.max(wl.overload_index), rel=1e-9)


@pytest.mark.parametrize("name", ["hip_driven", "load_driven", "tipps_weak_pronated"])
def test_batch_peaks_equal_simulate(name):
    from pfsim.runner import simulate

    r = load_runner(name)
    a = Assumptions(strength_kinematics_exponent=1.5, pronation_femoral_share=0.3)
    out = evaluate([r, reference_runner(r)], [a])
    for j, x in enumerate((r, reference_runner(r))):
        s = simulate(x, assumptions=a)
        assert out["peak_mean_stress_MPa"][0, j] == pytest.approx(
            np.max(s.contact_stress_MPa), rel=1e-12
        )
        assert out["peak_lateral_facet_stress_MPa"][0, j] == pytest.approx(
            np.max(s.lateral_facet_stress_MPa), rel=1e-12
        )
        assert out["peak_pressure_MPa"][0, j] == pytest.approx(
            np.max(s.joint.peak_pressure_MPa), rel=1e-12
        )


def test_primary_outcome_is_the_overload_index_only_when_the_training_overloads():
    """Default primary: the overload index when the runner's peak index exceeds the reference's
    (a load jump), else the lateral facet stress; an explicit first outcome always wins."""
    load = assess("load_driven", "jump40_hills", draws=0, rng=1)
    assert load.primary_outcome == "peak_overload_index"
    k = load.outcomes.index("peak_overload_index")
    assert load.excess[k] > 0.5  # +40 % with hills against steady weeks
    steady_hip = assess("hip_driven", "steady", draws=0, rng=1)
    assert steady_hip.primary_outcome == "peak_lateral_facet_stress_MPa"
    forced = assess(
        "hip_driven",
        "steady",
        draws=0,
        rng=1,
        outcomes=["peak_overload_index", "peak_mean_stress_MPa"],
    )
    assert forced.primary_outcome == "peak_overload_index"
    # with the capacity of healthy mechanics, the hip-driven runner's stresses reach the index
    ref = assess("hip_driven", "steady", draws=0, rng=1, capacity_reference="reference_runner")
    assert ref.primary_outcome == "peak_overload_index"
