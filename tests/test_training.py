"""pfsim.training: dose, adapting capacity, overload index, history files, scenarios, pfsim load."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import pfsim.cli as cli
import pfsim.training as tr
from pfsim import _cli_load
from pfsim.runner import Assumptions, Runner, simulate
from pfsim.training import (
    dose_per_km_MPa_s,
    graded_progression,
    mileage_jump,
    read_history,
    steady,
    steady_growth_overload_index,
    weekly_load,
)

ROOT = Path(__file__).resolve().parents[1]
RUNNERS = ROOT / "experiments" / "runners"


@pytest.fixture
def main(monkeypatch):
    """pfsim.cli.main with `run` and `load` registered (until cli.py calls the registers itself)."""
    original = cli.build_parser

    def build():
        p = original()
        sub = next(a for a in p._actions if a.__class__.__name__ == "_SubParsersAction")
        if "run" not in sub.choices:
            from pfsim.gait._cli import register

            register(sub)
        if "load" not in sub.choices:
            _cli_load.register(sub)
        return p

    monkeypatch.setattr(cli, "build_parser", build)
    return cli.main


# --- dose
def test_dose_per_km_is_the_stance_summary_per_km_integral():
    r = Runner()
    s = simulate(r).summary()
    assert float(dose_per_km_MPa_s(r, 3.0)) == pytest.approx(
        float(s.stress_time_integral_per_km_MPa_s), rel=1e-12
    )


def test_dose_per_km_hills_and_speed_go_through_the_stance_model():
    r = Runner()
    flat, up, down, fast = dose_per_km_MPa_s(r, [3.0, 3.0, 3.0, 3.75], [0.0, 5.7, -5.7, 0.0])
    assert down > flat > up  # validation/gait_predictions: downhill +43 %, uphill -43 % per km
    assert fast < flat  # per km, faster running has fewer, shorter stances (a prediction, reported)
    a2 = Assumptions(dose_stress_exponent=2.0)
    f2, d2 = dose_per_km_MPa_s(r, [3.0, 3.0], [0.0, -5.7], assumptions=a2)
    assert d2 / f2 > down / flat  # a stress exponent weighs the high-stress downhill more


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
    real = tr.simulate

    def spy(*a, **k):
        calls.append(np.size(k.get("speed_m_s")))
        return real(*a, **k)

    monkeypatch.setattr(tr, "simulate", spy)
    weekly_load(graded_progression(start_km=10, pct_per_week=3, weeks=52), Runner())
    assert len(calls) == 2  # the history's distinct conditions once, the habitual week once
    assert calls[0] == 4  # 52 weeks, one easy speed: flat, up, down, fast


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
    hist = read_history(RUNNERS / "histories" / "jump40_hills.csv")
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


def test_write_and_read_history_round_trip(tmp_path):
    h = mileage_jump(hill_share_jump=0.3)
    tr.write_history(tmp_path / "h.csv", h, comments=["test"])
    back = read_history(tmp_path / "h.csv")
    np.testing.assert_allclose(back.distance_km, h.distance_km)
    np.testing.assert_allclose(back.hill_share, h.hill_share)


# --- CLI
def test_pfsim_load_json_keys_and_jump(main, capsys):
    hist = RUNNERS / "histories" / "jump40_hills.csv"
    assert main(["load", str(hist), "--runner", str(RUNNERS / "load_driven.toml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for k in ("week", "dose_MPa_s", "capacity_MPa_s", "overload_index"):
        assert isinstance(out[k], list) and len(out[k]) == 14
    idx = out["overload_index"]
    assert idx[0] == pytest.approx(1.0) and max(idx[6:8]) > 1.3 > idx[-1]
    assert out["steady_state_overload_index"] == 1.0


def test_pfsim_load_text_out_and_assumption_flag(main, capsys, tmp_path):
    hist = RUNNERS / "histories" / "steady.csv"
    out_csv = tmp_path / "load.csv"
    args = ["load", str(hist), "--runner", str(RUNNERS / "healthy.toml"), "--out", str(out_csv)]
    assert main([*args, "--capacity-time-constant-days", "28"]) == 0
    text = capsys.readouterr().out
    assert "overload_index" in text and "28 d" in text
    assert out_csv.read_text().startswith("# pfsim")


def test_pfsim_load_errors_write_nothing(main, capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[strength]\nhip_abductors = 1\n")
    out_csv = tmp_path / "load.csv"
    hist = str(RUNNERS / "histories" / "steady.csv")
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
