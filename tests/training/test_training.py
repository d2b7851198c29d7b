"""pfsim.training: dose, adapting capacity, overload index, history files, scenarios, pfsim load."""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import pfsim.cli as cli
import pfsim.training as tr
from pfsim.runner import Assumptions, Runner, load_runner, reference_runner, simulate
from pfsim.training import (
    History,
    HistoryGapWarning,
    add_hills,
    add_speed_work,
    dose_per_km_MPa_s,
    graded_progression,
    mileage_jump,
    read_history,
    steady,
    steady_growth_overload_index,
    weekly_load,
)

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = ROOT / "pfsim" / "examples" / "runners"  # bundled: pfsim.examples
HISTORIES = ROOT / "pfsim" / "examples" / "histories"


@pytest.fixture
def main():
    """The ``pfsim`` command (pfsim.cli.main)."""
    return cli.main


# --- dose
def test_dose_per_km_is_the_stance_summary_per_km_integral():
    r = Runner()
    s = simulate(r).summary()
    integral = float(s.stress_time_integral_per_km_MPa_s)
    assert float(dose_per_km_MPa_s(r, 3.0, model="stress_time")) == pytest.approx(
        integral, rel=1e-12
    )
    # the fatigue dose counts reference cycles × I_ref: on the flat at the runner's own speed
    # every cycle is a reference cycle, so it equals the stress-time integral per km
    assert float(dose_per_km_MPa_s(r, 3.0)) == pytest.approx(integral, rel=1e-12)


def test_fatigue_dose_by_hand():
    # dose per km = I_ref × (steps per km / 2) × (σ_peak / σ_ref)^m (Edwards 2018; Miner's sum)
    r = Runner()
    a = Assumptions(dose_stress_exponent=7.0)
    own = simulate(r, assumptions=a)
    sigma_ref = float(np.max(own.contact_stress_MPa))
    i_ref = float(np.trapezoid(own.contact_stress_MPa, own.time_s))
    down = simulate(r, slope_deg=-5.7, assumptions=a)
    steps_per_km = 1000.0 / (float(down.speed_m_s) * float(down.step_time_s))
    by_hand = i_ref * steps_per_km / 2 * (float(np.max(down.contact_stress_MPa)) / sigma_ref) ** 7
    assert float(dose_per_km_MPa_s(r, 3.0, -5.7, assumptions=a)) == pytest.approx(by_hand, rel=1e-9)
    # the same with the reference given explicitly; one of the pair alone is refused
    given = dose_per_km_MPa_s(
        r, 3.0, -5.7, assumptions=a, sigma_ref_MPa=sigma_ref, integral_ref_MPa_s=i_ref
    )
    assert float(given) == pytest.approx(by_hand, rel=1e-9)
    with pytest.raises(ValueError, match="give both sigma_ref_MPa and integral_ref_MPa_s"):
        dose_per_km_MPa_s(r, 3.0, sigma_ref_MPa=sigma_ref)
    with pytest.raises(ValueError, match=r"dose_model='peak' is not allowed.*'stress_time'"):
        dose_per_km_MPa_s(r, 3.0, model="peak")


def test_dose_per_km_hills_and_speed_go_through_the_stance_model():
    r = Runner()
    conditions = ([3.0, 3.0, 3.0, 3.75], [0.0, 5.7, -5.7, 0.0])
    flat, up, down, fast = dose_per_km_MPa_s(r, *conditions, model="stress_time")
    assert down > flat > up  # downhill more knee flexion and moment, uphill less (gait_predictions)
    assert fast < flat  # per km, faster running has fewer, shorter stances (a prediction, reported)
    f3, u3, d3, s3 = dose_per_km_MPa_s(
        r, *conditions, assumptions=Assumptions(dose_stress_exponent=3)
    )
    assert d3 / f3 > down / flat and u3 / f3 < up / flat  # the exponent weighs the peaks
    f10, _, d10, s10 = dose_per_km_MPa_s(r, *conditions)  # default m = 10
    assert d10 / f10 > d3 / f3 and s10 / f10 > s3 / f3 > 1.0


def test_weekly_dose_hand_calculation():
    r = Runner()
    a = Assumptions()
    per = dose_per_km_MPa_s(r, [3.0, 3.0, 3.0, 3.75], [0.0, 5.7, -5.7, 0.0])
    h = tr._history([20.0], hill=0.3, fast=0.2)
    res = weekly_load(h, r, assumptions=a)
    # 20 km: 10 flat, 3 up, 3 down, 4 fast
    expected = 10 * per[0] + 3 * per[1] + 3 * per[2] + 4 * per[3]
    assert res.dose_MPa_s[0] == pytest.approx(expected, rel=1e-9)


def test_stance_model_is_evaluated_once_per_call(monkeypatch):
    calls = []
    real = tr.dose.simulate

    def spy(*a, **k):
        calls.append(np.size(k.get("speed_m_s")))
        return real(*a, **k)

    monkeypatch.setattr(tr.dose, "simulate", spy)
    hist = tr._history(np.linspace(10, 40, 52), hill=0.2, fast=0.1)
    weekly_load(hist, Runner())
    # the history's distinct conditions and the habitual week's, together in one evaluation
    # 52 weeks, one easy speed (= the runner's): flat, up, down, fast, + the fatigue dose's
    # reference cycle (flat, own speed) as one more condition of the same call
    assert calls == [5]
    calls.clear()
    weekly_load(hist, Runner(), capacity_reference="reference_runner")
    assert calls == [5, 4]  # the reference runner (with the shared reference cycle), the runner
    calls.clear()
    weekly_load(hist, Runner(), dose_model="stress_time")
    assert calls == [4]  # no reference cycle
    calls.clear()
    weekly_load(graded_progression(start_km=10, pct_per_week=3, weeks=52), Runner())
    assert calls == [2]  # flat easy and the reference: conditions with no distance are not run


def test_a_condition_that_is_not_run_cannot_fail(monkeypatch):
    """A hill the stance model cannot place does not matter to a flat history."""
    real = tr.dose._dose_per_km

    def no_hills(runner, speed, slope, *a):
        if np.any(np.asarray(slope) != 0):
            raise ValueError("the stance model gives no mean dose at slope 5.7 deg")
        return real(runner, speed, slope, *a)

    monkeypatch.setattr(tr.dose, "_dose_per_km", no_hills)
    np.testing.assert_allclose(weekly_load(steady(3), Runner()).overload_index, 1.0)
    with pytest.raises(ValueError, match="slope 5.7"):
        weekly_load(tr.add_hills(weeks_before=1, weeks_after=1), Runner())


# --- capacity and overload
def test_steady_load_has_overload_index_one_and_capacity_equal_to_dose():
    res = weekly_load(steady(10, 25.0), Runner())
    np.testing.assert_allclose(res.overload_index, 1.0, rtol=1e-12)
    np.testing.assert_allclose(res.capacity_MPa_s, res.dose_MPa_s, rtol=1e-12)
    assert res.cumulative_dose_MPa_s[-1] == pytest.approx(10 * res.dose_MPa_s[0])


def test_capacity_follows_the_exponential_recursion_by_hand():
    tau = 14.0
    a = 1 - math.exp(-1 / tau)
    h = tr._history([10.0, 20.0, 0.0])
    r = replace(Runner(), weekly_distance_km=10.0)
    res = weekly_load(h, r, assumptions=Assumptions(capacity_time_constant_days=tau))
    d = res.dose_MPa_s / 7.0
    c = res.capacity_MPa_s[0] / 7.0
    caps = []
    for w in range(3):
        for _ in range(7):
            c = (1 - a) * c + a * d[w]
        caps.append(7 * c)
    np.testing.assert_allclose(res.capacity_MPa_s[1:], caps[:2], rtol=1e-12)
    assert res.overload_index[2] == 0.0


def test_steady_growth_formula():
    tau = 42.0
    h = graded_progression(start_km=20.0, pct_per_week=5.0, weeks=60, down_week_every=0)
    res = weekly_load(h, replace(Runner(), weekly_distance_km=20.0), assumptions=Assumptions())
    assert res.overload_index[-1] == pytest.approx(
        steady_growth_overload_index(0.05, tau), rel=1e-3
    )


def test_jump_over_30_pct_raises_the_index_and_graded_progression_brings_it_back():
    """Acceptance: pfsim load on a > 30 % weekly jump (the load-driven runner's history)."""
    hist = read_history(HISTORIES / "jump40_hills.csv")
    res = weekly_load(hist, Runner(weekly_distance_km=30.0))
    steady_idx = res.overload_index[:6]
    np.testing.assert_allclose(steady_idx, 1.0, rtol=1e-9)
    jump = res.overload_index[6:8]
    assert np.all(jump > 1.25)  # 40 % more distance
    after = res.overload_index[8:]
    assert np.all(np.diff(np.concatenate([jump, after])) < 0)  # falls week on week
    assert after[-1] - 1 < 0.7 * (jump[0] - 1)  # most of the way back toward steady


def test_mileage_jump_back_to_base_drops_below_one():
    res = weekly_load(mileage_jump(25, 40, 4, 2, 3, after="back"), Runner())
    assert res.overload_index[4] > 1.3 and res.overload_index[6] < 1.0


def test_scenarios_have_the_documented_shapes():
    assert list(tr.return_after_break(25, 2, 2, 2).distance_km) == [25, 25, 0, 0, 25, 25]
    g = tr.return_after_break(20, 1, 1, 3, resume="graded").distance_km
    assert list(np.round(g, 3)) == [20, 0, 10, 11, 12.1]
    gp = graded_progression(10, 10, 5, down_week_every=4).distance_km
    assert list(np.round(gp, 3)) == [10, 11, 12.1, 9.68, 13.31]
    assert tr.add_hills(weeks_before=2, weeks_after=1).hill_share.tolist() == [0, 0, 0.3]
    assert tr.add_speed_work(weeks_before=1, weeks_after=1).speed_work_share.tolist() == [0, 0.2]
    with pytest.raises(ValueError, match="resume"):
        tr.return_after_break(resume="later")


def test_return_after_break_straight_back_overloads_more_than_graded():
    r = Runner()
    direct = weekly_load(tr.return_after_break(resume="previous"), r).overload_index
    graded = weekly_load(tr.return_after_break(resume="graded"), r).overload_index
    assert direct.max() > graded.max()


# --- history files
def test_daily_history_with_pace(tmp_path):
    p = tmp_path / "daily.csv"
    p.write_text(
        "# a daily log\ndate,distance_km,pace,hill_share\n"
        "2024-01-01,5,5:33,0\n2024-01-03,5,5:33,0\n2024-01-09,10,5:33,0.2\n"
    )
    h = read_history(p)
    assert h.period == "day" and list(h.week) == [1, 1, 2] and list(h.day) == [0, 2, 8]
    assert h.speed_m_s[0] == pytest.approx(1000 / 333)
    res = weekly_load(h, Runner())
    assert list(res.week) == [1, 2] and list(res.distance_km) == [10, 10]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("week,distance_km,speed_m_s\n1,abc,3\n", r"'distance_km', row 1: 'abc'.*a number"),
        ("week,distance_km,speed_m_s\n1,20,9\n", r"'speed_m_s / pace', row 1.*2.3-5.5 m/s"),
        ("week,distance_km,hill_share\n1,20,1.5\n", r"'hill_share', row 1.*share from 0 to 1"),
        ("week,km\n1,20\n", r"unknown column\(s\) 'km'.*allowed columns"),
        ("distance_km\n20\n", r"exactly one of the columns 'week' and 'date'"),
        ("date,distance_km\n2024-13-01,5\n", r"'date', row 1.*YYYY-MM-DD"),
        ("week,distance_km,pace\n1,20,fast\n", r"'pace', row 1.*M:SS"),
        ("week,distance_km\n2,20\n1,20\n", r"'week' must count up"),
    ],
)
def test_bad_history_names_file_column_and_allowed(tmp_path, text, expected):
    p = tmp_path / "bad_history.csv"
    p.write_text(text)
    with pytest.raises(ValueError, match=expected) as info:
        read_history(p)
    assert str(p) in str(info.value)
    assert "np.int64" not in str(info.value)


def test_write_and_read_history_round_trip(tmp_path):
    h = mileage_jump(hill_share_jump=0.3)
    tr.write_history(tmp_path / "h.csv", h, comments=["test"])
    back = read_history(tmp_path / "h.csv")
    np.testing.assert_allclose(back.distance_km, h.distance_km)
    np.testing.assert_allclose(back.hill_share, h.hill_share)


# --- CLI
def test_pfsim_load_json_keys_and_jump(main, capsys):
    hist = HISTORIES / "jump40_hills.csv"
    assert main(["load", str(hist), "--runner", str(RUNNERS / "load_driven.toml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for k in ("week", "dose_MPa_s", "capacity_MPa_s", "overload_index"):
        assert isinstance(out[k], list) and len(out[k]) == 14
    idx = out["overload_index"]
    # +40 % with 30 % hills: 2.2 with the fatigue dose (the hills' downhill peaks), easing as the
    # capacity adapts (1.34 at week 14)
    assert idx[0] == pytest.approx(1.0) and max(idx[6:8]) > 1.4 and idx[-1] < max(idx[6:8])
    assert out["steady_state_overload_index"] == 1.0 and out["dose_model"] == "fatigue"


def test_pfsim_load_text_out_and_assumption_flag(main, capsys, tmp_path):
    hist = HISTORIES / "steady.csv"
    out_csv = tmp_path / "load.csv"
    args = ["load", str(hist), "--runner", str(RUNNERS / "healthy.toml"), "--out", str(out_csv)]
    assert main([*args, "--capacity-time-constant-days", "28"]) == 0
    text = capsys.readouterr().out
    assert "overload_index" in text and "28 d" in text
    assert out_csv.read_text().startswith(",".join(tr.LoadResult.JSON_KEYS) + "\n")  # no comments
    prov = json.loads(out_csv.with_suffix(".json").read_text())
    assert prov["command"] == ["pfsim", *args, "--capacity-time-constant-days", "28"]
    assert prov["inputs"]["assumptions"]["capacity_time_constant_days"] == 28.0


def test_pfsim_load_errors_write_nothing(main, capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[strength]\nhip_abductors = 1\n")
    out_csv = tmp_path / "load.csv"
    hist = str(HISTORIES / "steady.csv")
    assert main(["load", hist, "--runner", str(bad), "--out", str(out_csv)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "hip_abductors" in err and "allowed keys" in err
    assert not out_csv.exists()
    assert main(["load", hist, "--runner", str(bad), "--hill-slope-deg", "30"]) == 2
    assert "--hill-slope-deg" in capsys.readouterr().err


def test_pfsim_run_with_runner(main, capsys):
    assert main(["run", "--runner", str(RUNNERS / "hip_driven.toml"), "--json"]) == 0
    hip = json.loads(capsys.readouterr().out)
    assert main(["run", "--runner", str(RUNNERS / "healthy.toml"), "--json"]) == 0
    ref = json.loads(capsys.readouterr().out)
    assert hip["hip_adduction_peak_deg"] > ref["hip_adduction_peak_deg"] == pytest.approx(10.4)
    assert hip["peak_lateral_shift_mm"] > ref["peak_lateral_shift_mm"]
    assert main(["run", "--runner", str(RUNNERS / "healthy.toml"), "--speed", "2.5,3.5"]) == 0
    assert "[1] speed_m_s=3.5" in capsys.readouterr().out
    assert main(["run", "--runner", str(RUNNERS / "healthy.toml"), "--mass", "80"]) == 2
    assert "cannot be combined with --runner" in capsys.readouterr().err
    assert main(["run", "--speed", "3"]) == 2
    assert "--runner" in capsys.readouterr().err


# --- where the runner profile enters the load model (issue 5 audit)
def test_lateral_facet_dose_is_the_per_km_integral_of_the_lateral_facet_stress():
    r = load_runner(RUNNERS / "hip_driven.toml")
    s = simulate(r)
    steps_per_km = 1000.0 / (float(s.speed_m_s) * float(s.step_time_s))
    by_hand = np.trapezoid(s.lateral_facet_stress_MPa, s.time_s) * steps_per_km / 2  # one knee
    assert float(dose_per_km_MPa_s(r, 3.0, stress="lateral_facet")) == pytest.approx(
        by_hand, rel=1e-12
    )
    with pytest.raises(ValueError, match=r"dose_stress='peak' is not allowed.*'lateral_facet'"):
        dose_per_km_MPa_s(r, 3.0, stress="peak")


def test_frontal_contributors_reach_the_lateral_facet_dose_not_the_mean_dose():
    healthy, hip = load_runner(RUNNERS / "healthy.toml"), load_runner(RUNNERS / "hip_driven.toml")
    # its frontal contributors only: the profile's weaker quadriceps (0.9) reach the sagittal chain
    # (knee flexion under load, pfsim.runner.quadriceps_mechanism, issue 12)
    hip = replace(hip, quadriceps_strength_rel=1.0)
    ref = reference_runner(hip)  # same body, sex, speed; healthy mechanics
    mean = [float(dose_per_km_MPa_s(x, 3.0)) for x in (ref, hip)]
    lat = [float(dose_per_km_MPa_s(x, 3.0, stress="lateral_facet")) for x in (ref, hip)]
    assert mean[1] == pytest.approx(mean[0], rel=1e-12)  # the sagittal chain does not see them
    assert lat[1] > lat[0]  # more hip adduction, larger Q-angle -> more lateral facet stress
    assert float(dose_per_km_MPa_s(healthy, 3.0)) == pytest.approx(mean[0], rel=1e-12)


def test_hip_driven_index_above_healthy_only_with_lateral_dose_and_reference_capacity():
    """Audit item 1: at the same (steady, habitual) training the hip-driven runner's index is > 1
    under the reference-anchored lateral-facet dose; with the defaults every profile has index 1."""
    hist = read_history(HISTORIES / "steady.csv")
    healthy, hip = load_runner(RUNNERS / "healthy.toml"), load_runner(RUNNERS / "hip_driven.toml")
    opts = {"dose_stress": "lateral_facet", "capacity_reference": "reference_runner"}
    h = weekly_load(hist, healthy, **opts).overload_index
    w = weekly_load(hist, hip, **opts).overload_index
    np.testing.assert_allclose(h, 1.0, rtol=1e-12)  # the healthy runner is its own reference
    assert np.all(w > h)
    # the index is the lateral dose ratio to the reference runner at steady training, both counted
    # in the reference runner's reference cycle (its flat lateral facet peak and integral)
    ref = simulate(reference_runner(hip))
    cycle = {
        "sigma_ref_MPa": float(np.max(ref.lateral_facet_stress_MPa)),
        "integral_ref_MPa_s": float(np.trapezoid(ref.lateral_facet_stress_MPa, ref.time_s)),
    }
    ratio = float(
        dose_per_km_MPa_s(hip, 3.0, stress="lateral_facet", **cycle)
        / dose_per_km_MPa_s(reference_runner(hip), 3.0, stress="lateral_facet", **cycle)
    )
    np.testing.assert_allclose(w, ratio, rtol=1e-9)
    for kw in ({}, {"dose_stress": "lateral_facet"}):
        np.testing.assert_allclose(weekly_load(hist, hip, **kw).overload_index, 1.0, rtol=1e-9)
    # the mean dose against the reference capacity sees the profile's weaker quadriceps (0.9) only
    # (knee flexion under load, pfsim.runner.quadriceps_mechanism, issue 12)
    mean_cycle = {
        "sigma_ref_MPa": float(np.max(ref.contact_stress_MPa)),
        "integral_ref_MPa_s": float(np.trapezoid(ref.contact_stress_MPa, ref.time_s)),
    }
    mean_ratio = float(
        dose_per_km_MPa_s(hip, 3.0, **mean_cycle)
        / dose_per_km_MPa_s(reference_runner(hip), 3.0, **mean_cycle)
    )
    assert mean_ratio > 1.0
    np.testing.assert_allclose(
        weekly_load(hist, hip, capacity_reference="reference_runner").overload_index,
        mean_ratio,
        rtol=1e-9,
    )


def test_reference_capacity_keeps_the_stress_scale_common_with_an_exponent():
    hist = steady(4, 25.0)
    a2 = Assumptions(dose_stress_exponent=6.0)
    hip = replace(Runner(), hip_abductor_strength_rel=0.7)
    opts = {"dose_stress": "lateral_facet", "capacity_reference": "reference_runner"}
    w1 = weekly_load(hist, hip, dose_model="stress_time", **opts).overload_index[0]
    w3 = weekly_load(hist, hip, assumptions=Assumptions(dose_stress_exponent=3.0), **opts)
    w6 = weekly_load(hist, hip, assumptions=a2, **opts).overload_index[0]
    # a shared reference cycle: the higher stress weighs more, it is not normalised away
    assert w6 > w3.overload_index[0] > w1 > 1
    np.testing.assert_allclose(
        weekly_load(hist, Runner(), assumptions=a2, **opts).overload_index, 1.0, rtol=1e-12
    )


def test_reference_runner_resets_the_contributors_and_keeps_body_speed_training():
    hip = load_runner(RUNNERS / "hip_driven.toml")
    ref = reference_runner(replace(hip, step_rate_spm=150.0, lateral_retinaculum_N=40.0))
    assert (ref.body_mass_kg, ref.sex, ref.speed_m_s, ref.weekly_distance_km) == (
        hip.body_mass_kg,
        hip.sex,
        hip.speed_m_s,
        hip.weekly_distance_km,
    )
    assert ref.hip_abductor_strength_rel == ref.quadriceps_strength_rel == 1.0
    assert ref.lateral_retinaculum_N == 0.0 and ref.step_rate_spm is None
    with pytest.raises(ValueError, match=r"capacity_reference='other'.*'reference_runner'"):
        weekly_load(steady(2), Runner(), capacity_reference="other")


# --- hills and speed work: the model's prediction (disagrees with the seed article; reported)
def _first_changed_week(history, **kw):
    return float(weekly_load(history, Runner(), **kw).overload_index[6])


@pytest.mark.parametrize("model", ["fatigue", "stress_time"])
def test_add_hills_and_speed_work_are_what_the_stance_model_predicts(model):
    conditions = ([3.0, 3.0, 3.0, 3.75], [0, 5.7, -5.7, 0])
    flat, up, down, fast = dose_per_km_MPa_s(Runner(), *conditions, model=model)
    hills = _first_changed_week(add_hills(), dose_model=model)  # 30 % hills, same 25 km
    speed = _first_changed_week(add_speed_work(), dose_model=model)  # 20 % at 1.25 x speed
    # hand composition: capacity = the flat week's dose, so the index is the per-km mix / flat
    assert hills == pytest.approx((0.7 * flat + 0.15 * up + 0.15 * down) / flat, rel=1e-9)
    assert speed == pytest.approx((0.8 * flat + 0.2 * fast) / flat, rel=1e-9)
    # the documented values are guarded in validation/training_nielsen2014, next to the README
    # that states them; no direction is asserted here: neither is dictated by a mechanism


def test_a_stress_exponent_weighs_hills_more():
    """The exponent weighs the high-stress downhill steps more (its purpose), so the hills index
    rises with it."""
    idx = [
        _first_changed_week(add_hills(), assumptions=Assumptions(dose_stress_exponent=m))
        for m in (3.0, 6.0, 13.0)
    ]
    assert _first_changed_week(add_hills(), dose_model="stress_time") < idx[0] < idx[1] < idx[2]


# --- history files: malformed tables, pace, limits, gaps
@pytest.mark.parametrize(
    "text, expected",
    [
        ("week,distance_km,week\n1,20,1\n", r"line 1 \(header\).*'week' appear more than once"),
        (
            "# c\nweek,distance_km\n1,20\n2,20,5\n",
            r"row 2 \(line 4\) has 3 field\(s\) \(extra field\(s\)\), the header has 2",
        ),
        (
            "week,distance_km,hill_share\n1,20,0\n2,20\n",
            r"row 2 \(line 3\) has 2 field\(s\) \(missing column\(s\) hill_share\)",
        ),
        ("week,distance_km,pace\n1,20,5:75\n", r"'pace', row 1: '5:75'.*0 <= seconds < 60"),
        ("week,distance_km,pace\n1,20,5.5:30\n", r"'pace', row 1: '5.5:30'.*whole minutes"),
        ("week,distance_km\n1,20\n100000000,20\n", r"'week', row 2: 100000000.*1 to 520"),
        ("week,distance_km\n521,20\n", r"'week', row 1: 521.*1 to 520"),
        ("date,distance_km\n2000-01-01,5\n2010-01-01,5\n", r"'date', row 2.*more than 520 weeks"),
        ("week,distance_km\n0,20\n", r"count up from 1 \(got \[0\]"),
    ],
)
def test_malformed_history_names_file_row_column_and_allowed(tmp_path, text, expected):
    test_bad_history_names_file_column_and_allowed(tmp_path, text, expected)


def test_pace_seconds_accepted_below_sixty(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("week,distance_km,pace\n1,20,4:59.5\n2,20,5:00\n")
    h = read_history(p)
    assert h.speed_m_s[0] == pytest.approx(1000 / 299.5)
    assert h.speed_m_s[1] == pytest.approx(1000 / 300)


def test_ten_years_is_accepted_and_a_gap_warns(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("week,distance_km\n1,20\n520,20\n")
    with pytest.warns(HistoryGapWarning, match=r"h.csv: column 'week' skips week\(s\) 2, 3,.*518"):
        res = weekly_load(read_history(p), Runner())
    assert len(res.week) == 520 and res.distance_km[1] == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        weekly_load(steady(3), Runner())  # no gap, no warning


# --- the new assumptions of the load model
def test_week_run_days_default_is_an_even_spread_and_one_day_matches_the_periodic_solution():
    tau = 42.0
    a = 1 - math.exp(-1 / tau)
    # default: each week's dose spread evenly over its 7 days; the capacity by hand, day by day
    hist = History(
        week=np.array([1, 2, 3]),
        distance_km=np.array([20.0, 40.0, 40.0]),
        speed_m_s=np.full(3, np.nan),
        hill_share=np.zeros(3),
        speed_work_share=np.zeros(3),
    )
    even = weekly_load(hist, Runner())
    per_km = even.dose_MPa_s[0] / 20.0
    x = even.capacity_MPa_s[0] / 7.0  # daily-mean capacity brought into week 1
    by_hand = [7 * x]
    for km in (20.0, 40.0):
        for _ in range(7):
            x = (1 - a) * x + a * km * per_km / 7
        by_hand.append(7 * x)
    np.testing.assert_allclose(even.capacity_MPa_s, by_hand, rtol=1e-12)
    one = weekly_load(steady(80), Runner(), assumptions=Assumptions(week_run_days=1))
    # all of a week's dose D on its first day; periodic end-of-week state x = (1-a)^7 x + a(1-a)^6 D
    expected = (1 - (1 - a) ** 7) / (7 * a * (1 - a) ** 6)
    assert one.overload_index[-1] == pytest.approx(expected, rel=1e-6)
    assert expected > 1.05  # a few % off 1, as documented (about 3.5/tau)
    with pytest.raises(ValueError, match="week_run_days must be a whole number"):
        Assumptions(week_run_days=3.5)


def test_initial_capacity_factor_scales_the_starting_capacity():
    base = weekly_load(steady(2), Runner())
    low = weekly_load(steady(2), Runner(), assumptions=Assumptions(initial_capacity_factor=0.8))
    assert low.capacity_MPa_s[0] == pytest.approx(0.8 * base.capacity_MPa_s[0], rel=1e-12)
    assert low.overload_index[0] == pytest.approx(1 / 0.8, rel=1e-12)


def test_sigma_ref_uses_the_assumptions(monkeypatch):
    """Audit item 8: sigma_ref comes from the same stance call, with the caller's assumptions."""
    seen = []
    real = tr.dose.simulate

    def spy(*args, **kw):
        seen.append(kw.get("assumptions"))
        return real(*args, **kw)

    monkeypatch.setattr(tr.dose, "simulate", spy)
    a = Assumptions(dose_stress_exponent=4.0, strength_kinematics_exponent=2.0)
    dose_per_km_MPa_s(replace(Runner(), hip_abductor_strength_rel=0.7), 3.0, assumptions=a)
    assert seen == [a]


def test_pfsim_load_options_reach_the_index(main, capsys):
    hist = str(HISTORIES / "steady.csv")
    hip = str(RUNNERS / "hip_driven.toml")
    assert main(["load", hist, "--runner", hip, "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert default["dose_stress"] == "mean" and default["capacity_reference"] == "self"
    assert max(default["overload_index"]) == pytest.approx(1.0)
    opts = ["--dose-stress", "lateral_facet", "--capacity-reference", "reference_runner"]
    assert main(["load", hist, "--runner", hip, "--json", *opts]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dose_stress"] == "lateral_facet"
    assert min(out["overload_index"]) > 1.0
    assert main(["load", hist, "--runner", hip, *opts]) == 0
    assert "lateral_facet stress" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["load", hist, "--runner", hip, "--dose-stress", "peak"])
    assert info.value.code == 2
    assert "invalid choice: 'peak'" in capsys.readouterr().err
    assert main(["load", hist, "--runner", hip, "--week-run-days", "2.5"]) == 2
    assert "--week-run-days" in capsys.readouterr().err


def test_history_gap_warning_is_the_checks_class_and_names_the_callers_line(tmp_path):
    from pfsim import _checks

    assert tr.HistoryGapWarning is _checks.HistoryGapWarning
    assert issubclass(HistoryGapWarning, _checks.PfsimWarning)
    p = tmp_path / "gap.csv"
    p.write_text("week,distance_km\n1,20\n3,20\n")
    with pytest.warns(HistoryGapWarning, match="skips week") as rec:
        weekly_load(read_history(p), Runner())
    assert rec[0].filename == __file__  # pfsim._checks.warn: the user's line, not pfsim's


@pytest.mark.parametrize(
    "options",
    [[], ["--dose-stress", "lateral_facet", "--capacity-reference", "reference_runner",
          "--capacity-time-constant-days", "28"]],
)  # fmt: skip
def test_load_result_to_csv_writes_the_bytes_of_pfsim_load_out(tmp_path, options):
    from pfsim.io import RUN_FIELDS

    runner_file = RUNNERS / "hip_driven.toml"
    hist_file = HISTORIES / "jump40_hills.csv"
    cli_out = tmp_path / "cli.csv"
    argv = ["load", str(hist_file), "--runner", str(runner_file), "--out", str(cli_out), *options]
    assert cli.main(argv) == 0
    a = Assumptions(capacity_time_constant_days=28.0) if options else Assumptions()
    ds, cr = ("lateral_facet", "reference_runner") if options else ("mean", "self")
    runner = load_runner(runner_file)
    res = weekly_load(
        read_history(hist_file), runner, assumptions=a, dose_stress=ds, capacity_reference=cr
    )
    out = res.to_csv(
        tmp_path / "method.csv",
        runner=runner,
        runner_file=runner_file,
        history=hist_file,
        command="pfsim load history.csv",  # recorded as given, split as a shell would
    )
    assert out.read_bytes() == cli_out.read_bytes()  # no time stamp in the file
    side = [json.loads(p.with_suffix(".json").read_text()) for p in (out, cli_out)]
    assert side[0]["command"] == ["pfsim", "load", "history.csv"]
    assert side[1]["command"] == ["pfsim", *argv]
    for prov in side:
        prov["csv"].pop("file")
    assert {k: v for k, v in side[0].items() if k not in RUN_FIELDS} == {
        k: v for k, v in side[1].items() if k not in RUN_FIELDS
    }
    assert res.as_json()["week"] == list(range(1, len(res.week) + 1))  # as_json still works


def test_load_result_to_csv_without_provenance_extras(tmp_path):
    res = weekly_load(steady(3), Runner())
    path = res.to_csv(tmp_path / "load.csv")
    rows = path.read_text().splitlines()
    assert rows[0] == ",".join(tr.LoadResult.JSON_KEYS)
    assert len(rows) == 4  # header and 3 weeks, no comment line
    prov = json.loads(path.with_suffix(".json").read_text())
    assert prov["command"] is None and prov["inputs"]["dose_stress"] == "mean"
    assert "runner" not in prov["inputs"] and "history" not in prov["inputs"]
    assert prov["units"]["dose_MPa_s"] == "MPa·s" and prov["units"]["overload_index"] == "1"


def test_every_public_name_is_importable_from_pfsim_training():
    import importlib

    for name in tr.__all__:
        assert getattr(tr, name) is not None
    for sub in ("history", "dose", "capacity"):
        mod = importlib.import_module(f"pfsim.training.{sub}")
        for name in mod.__all__:
            assert getattr(tr, name) is getattr(mod, name)


# --- issue 16: huge, odd and non-UTF-8 history cells are refused, each naming file, column and row
@pytest.mark.parametrize(
    "text, expected",
    [
        ("week,distance_km\n" + "1" * 5000 + ",20\n", r"'week', row 1: '1111.*\(5000 characters\)"),
        ("week,distance_km\n1,20\n" + "1" * 400 + ",20\n", r"'week', row 2: .*1 to 520"),
        ("week,distance_km\n1_0,20\n", r"'week', row 1: '1_0'.*integers 1, 2"),
        ("week,distance_km\n1,20\n2.5,20\n", r"'week', row 2: '2.5'.*integers 1, 2"),
        ("week,distance_km\n1," + "9" * 400 + "\n", r"'distance_km', row 1:.*finite number"),
        ("week," + "x" * 5000 + "\n1,2\n", r"unknown column\(s\) 'xxx.*\(5000 characters\)"),
    ],
)
def test_history_cells_too_long_or_odd_are_refused_briefly(tmp_path, text, expected):
    test_bad_history_names_file_column_and_allowed(tmp_path, text, expected)
    p = tmp_path / "bad_history.csv"
    with pytest.raises(ValueError) as info:
        read_history(p)
    assert len(str(info.value)) < 600


def test_history_with_a_byte_order_mark_reads_like_without(tmp_path):
    p, q = tmp_path / "bom.csv", tmp_path / "plain.csv"
    text = "week,distance_km\n1,20\n2,22\n"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode())
    q.write_text(text)
    a, b = read_history(p), read_history(q)
    assert list(a.week) == list(b.week) and list(a.distance_km) == list(b.distance_km)


def test_history_that_is_not_utf8_names_the_file(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes("week,distance_km\n1,20\n# km pro Woche, Läufer\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.csv: not a UTF-8 text file .*history file"):
        read_history(p)


def test_pfsim_load_dose_model_flag(main, capsys):
    hist = str(HISTORIES / "jump40_hills.csv")
    runner = str(RUNNERS / "healthy.toml")
    assert main(["load", hist, "--runner", runner, "--json", "--dose-model", "stress_time"]) == 0
    out = json.loads(capsys.readouterr().out)
    direct = weekly_load(read_history(hist), load_runner(runner), dose_model="stress_time")
    assert out["dose_model"] == "stress_time"
    np.testing.assert_allclose(out["overload_index"], direct.overload_index, rtol=1e-12)
    assert main(["load", hist, "--runner", runner, "--dose-stress-exponent", "3"]) == 0
    assert "(σ_peak/σ_ref)^3 per cycle" in capsys.readouterr().out
