"""Bad input to ``pfsim.assess`` and ``pfsim assess`` (issue 13 acceptance, review of the merge).

Every bad value gets one ValueError naming the Python argument (the CLI: one line naming the flag,
exit 2, no traceback) and nothing is written anywhere.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim.assess import OUTCOMES, assess
from pfsim.cli import main
from pfsim.runner.profile import HIP_ABDUCTOR_STRENGTH_MIN_REL
from pfsim.training import History

NOT_A_NUMBER = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, True, None, "40", [1.0], object()]),
    st.text(max_size=5),
)


def _refused(match: str, **kwargs) -> None:
    with pytest.raises(ValueError, match=match):
        assess("hip_driven", draws=0, **kwargs)


# ------------------------------------------------------------------------------------------------
# Python API: each argument named
# ------------------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, derandomize=True)
@given(value=st.one_of(NOT_A_NUMBER, st.floats(-1e9, 0.0), st.floats(5.000001, 1e300)))
def test_threshold_is_a_finite_number_in_range(value):
    _refused("^threshold must be a number above 0 and at most 5", threshold=value)


@pytest.mark.parametrize(
    "kwargs", [dict(capacity_reference="reference_runner"), dict(dose_stress="mean")]
)
def test_overload_options_without_a_history_are_refused(kwargs):
    """Were accepted and silently ignored (the overload index needs a history)."""
    (name,) = kwargs
    _refused(
        f"^{name}=.* needs a training history; give history=PATH or leave {name} out", **kwargs
    )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(value=st.one_of(NOT_A_NUMBER, st.floats(-1e9, 0.0), st.floats(400.000001, 1e300)))
def test_target_km_is_a_finite_distance(value):
    _refused(
        "^target_km must be a number above 0 and at most 400", target_km=value, history="steady"
    )


def test_target_km_without_a_history_is_refused():
    """Was silently ignored (exit 0)."""
    _refused("target_km .* needs a training history; give history=PATH", target_km=40.0)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    value=st.one_of(
        st.sampled_from([math.nan, math.inf, 1.5, -1, True, False, "x", 2.0]),
        st.integers(max_value=-1),
        st.text(max_size=3),
    )
)
def test_rng_is_a_seed_or_a_generator(value):
    """Was numpy's 'expected non-negative integer' or a TypeError from SeedSequence."""
    with pytest.raises(ValueError, match="^rng must be a whole number >= 0"):
        assess("hip_driven", draws=2, rng=value)


def test_rng_generator_and_numpy_integer_are_accepted():
    a = assess("hip_driven", draws=2, rng=np.random.default_rng(1))
    b = assess("hip_driven", draws=2, rng=np.int64(3))
    assert a.seed is None and b.seed == 3


@pytest.mark.parametrize("value", [0, 2, 2.0, math.nan, "101", True])
def test_n_samples_is_named(value):
    """n_samples=nan was 'cannot convert float NaN to integer'."""
    _refused("^n_samples must be a whole number of at least 3", n_samples=value)


@pytest.mark.parametrize(
    "value, match",
    [
        (5, "^outcomes must be an outcome's name or a list of them"),
        ([], "^outcomes must name at least one outcome of: peak_lateral"),
        ([3], "^unknown outcome 3; allowed"),
        (["peak_pressure_MPa"] * 2, "^outcomes names 'peak_pressure_MPa' more than once"),
    ],
)
def test_outcomes_are_named(value, match):
    """outcomes=5 was a TypeError; a repeated outcome was not named."""
    _refused(match, outcomes=value)


@pytest.mark.parametrize("value", [3, 2.5, ["steady"]])
def test_history_of_the_wrong_type_is_named(value):
    """history=3 was a TypeError from os.fspath."""
    _refused("^history must be a pfsim.training.History, a CSV path", history=value)


def test_a_history_without_rows_is_named(tmp_path):
    """A header-only CSV was numpy's 'zero-size array to reduction operation maximum'."""
    path = tmp_path / "h.csv"
    path.write_text("week,distance_km\n")
    _refused("h.csv: the history has no rows", history=path)
    empty = History(*(np.array([]) for _ in range(5)), source="empty")
    _refused("empty: the history has no rows", history=empty)


# ------------------------------------------------------------------------------------------------
# the command line: one line, exit 2, nothing written
# ------------------------------------------------------------------------------------------------
def _tree(root: Path) -> set:
    return {(str(p.relative_to(root)), p.is_dir()) for p in root.rglob("*")}


def _run(argv) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code


FILES = {
    "header_only.csv": "week,distance_km\n",
    "bad_number.csv": "week,distance_km\n1,abc\n",
    "bad.toml": "[profile\nname =",
    "nan.toml": "[anthropometry]\nbody_mass_kg = nan\nheight_m = 1.75\n",
    "fast.toml": "[running]\nspeed_m_s = 9.0\n",
    "unknown_key.toml": "[strength]\nquads = 1.0\n",
    "a_file": "x",
}


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["hip_driven", "--target-km", "40"], "--target-km sets the plan's weekly distance"),
        (
            ["hip_driven", "--history", "header_only.csv"],
            "header_only.csv: the history has no rows",
        ),
        (["hip_driven", "--history", "bad_number.csv"], "column 'distance_km', row 1"),
        (["bad.toml"], "bad.toml: not a valid TOML file"),
        (["nan.toml"], "[anthropometry] body_mass_kg = nan is out of range"),
        (["fast.toml"], "[running] speed_m_s = 9.0 is out of range"),
        (["hip_driven", "--reference", "fast.toml"], "[running] speed_m_s = 9.0"),
        (["unknown_key.toml"], "unknown key 'quads' in [strength]"),
        (["hip_driven", "--history", "jump40_hills"], "set weekly_distance_km = 30"),
        (["hip_driven", "--outcome", "pain"], "argument --outcome: invalid choice: 'pain'"),
        (["hip_driven", "--draws", "nan"], "argument --draws: 'nan' is not a whole number"),
        (["hip_driven", "--seed", "-1"], "argument --seed: must be between 0"),
        (["hip_driven", "--threshold", "inf"], "argument --threshold: 'inf' is not a finite"),
        (["hip_driven", "--target-km", "-3"], "argument --target-km: must be between 0.1"),
        (["hip_driven", "--out", "a_file"], "--out a_file: exists and is not an empty folder"),
        (["hip_driven", "--out", "a_file/report"], "is a file, not a folder"),
        (["hip_driven", "--out", "full"], "--out full: exists and is not an empty folder"),
        (["hip_driven", "--out", "/proc/pfsim/report"], "--out /proc/pfsim/report: could not"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys, argv, needle):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("x")
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = _run(["assess", *argv, "--draws", "0"] if "--draws" not in argv else ["assess", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("pfsim assess: error: "), err
    assert needle in err and "Traceback" not in err
    assert _tree(tmp_path) == before


def test_read_only_place_is_refused_before_the_assessment(tmp_path, monkeypatch, capsys):
    """A read-only folder (os.access says so; faked, as root may write anywhere) is named first."""
    ro = tmp_path / "ro"
    ro.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == ro else real(p, mode))
    code = _run(["assess", "hip_driven", "--draws", "0", "--out", str(ro / "a" / "b")])
    assert code == 2 and f"the folder {ro} is not writable" in capsys.readouterr().err
    assert list(ro.iterdir()) == []


def test_a_failed_write_leaves_no_folders_behind(tmp_path, monkeypatch, capsys):
    """Folders made for --out a/b/report are removed again when writing fails."""
    import pfsim.cli.assess as cli_assess

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli_assess, "_write_files", broken)
    code = _run(["assess", "hip_driven", "--draws", "0", "--out", str(tmp_path / "a" / "b" / "r")])
    err = capsys.readouterr().err
    assert code == 2 and "could not write the report there (No space left on device)" in err
    assert list(tmp_path.iterdir()) == []


def test_out_in_new_nested_folders_is_written(tmp_path, capsys):
    code = _run(["assess", "hip_driven", "--draws", "0", "--out", str(tmp_path / "a" / "b")])
    assert code == 0 and (tmp_path / "a" / "b" / "report.md").is_file()
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b"]


def test_json_keys_are_the_documented_shape(capsys):
    """``pfsim assess --json``: the issue's keys, plus the documented extras, and no others."""
    import json

    assert (
        _run(["assess", "load_driven", "--history", "jump40_hills", "--draws", "2", "--json"]) == 0
    )
    j = json.loads(capsys.readouterr().out)
    assert set(j) == {
        "runner", "reference", "primary_outcome", "outcomes", "interventions", "plan",
        "plan_interventions", "plan_target_km", "plan_reached", "threshold", "draws", "seed",
        "interval_percentiles", "dose_stress", "capacity_reference",
    }  # fmt: skip
    assert set(j["outcomes"]) == set(OUTCOMES)
    for o in j["outcomes"].values():
        assert set(o) == {"runner", "reference", "excess", "contributions", "intervals"}
        assert set(o["intervals"]) == set(o["contributions"])
        for iv in o["intervals"].values():
            assert set(iv) == {"median", "low", "high"}
    for rank, iv in enumerate(j["interventions"], start=1):
        assert set(iv) == {"name", "rank", "p_best", "evidence", "input_change", "changes"}
        assert iv["rank"] == rank and set(iv["changes"]) == set(OUTCOMES)
        for c in iv["changes"].values():
            assert set(c) == {"nominal", "median", "low", "high"}
    assert j["plan"] and all(set(p) == {"week", "distance_km", "overload_index"} for p in j["plan"])


# ------------------------------------------------------------------------------------------------
# labelled conversions
# ------------------------------------------------------------------------------------------------
def test_to_pandas_and_to_xarray_are_labelled_by_outcome_and_group():
    """Both had integer axes 0..4 and 0..6 (the names were lost) and left out the outcome values."""
    pytest.importorskip("pandas")
    pytest.importorskip("xarray")
    from pfsim.assess import GROUPS

    a = assess("hip_driven", draws=2, rng=1)
    df = a.to_pandas()
    assert list(df.index.names) == ["outcome", "group"]
    assert df.loc[("peak_mean_stress_MPa", "hip"), "contributions"] == a.contributions[1, 0]
    assert df.loc[("peak_mean_stress_MPa", "anatomy"), "excess"] == a.excess[1]
    sums = df.groupby(level="outcome", sort=False)["contributions"].sum()
    np.testing.assert_allclose(sums.to_numpy(), a.excess, rtol=1e-9, atol=1e-12)
    ds = a.to_xarray()
    assert list(ds["outcome"].values) == list(a.outcomes)
    assert list(ds["group"].values) == list(GROUPS)
    assert float(ds["excess"].sel(outcome="peak_pressure_MPa")) == a.excess[2]
    assert set(a.to_dict()) >= {"contributions", "excess", "runner_value", "reference_value"}


# ------------------------------------------------------------------------------------------------
# assess_cohort (the sweep-engine model)
# ------------------------------------------------------------------------------------------------
def test_cohort_inputs_are_named():
    """Were numpy's 'could not convert string to float' and 'shape mismatch' texts."""
    from pfsim.assess import assess_cohort

    with pytest.raises(ValueError, match=r"^speed_m_s must be numbers \(one per profile\)"):
        assess_cohort(speed_m_s=["fast"])
    with pytest.raises(ValueError, match=r"shapes speed_m_s \(2,\), body_mass_kg \(3,\)"):
        assess_cohort(speed_m_s=[3.0, 4.0], body_mass_kg=[60.0, 70.0, 80.0])


def test_cohort_keeps_the_input_shape_and_takes_no_profiles():
    """An empty chunk was an IndexError; a (2, 1) input came back flat."""
    from pfsim.assess import assess_cohort

    empty = assess_cohort(speed_m_s=[])
    assert all(v.shape == (0,) for v in empty.values())
    two = assess_cohort(speed_m_s=[[3.0], [3.5]])
    assert all(v.shape == (2, 1) for v in two.values())
    flat = assess_cohort(speed_m_s=[3.0, 3.5])
    np.testing.assert_array_equal(two["first_change"].ravel(), flat["first_change"])


# ------------------------------------------------------------------------------------------------
# draws beyond the model's range, and one warning per assessment
# ------------------------------------------------------------------------------------------------
WEAK_AND_FAST = dict(hip_abductor_strength_rel=HIP_ABDUCTOR_STRENGTH_MIN_REL, speed_m_s=5.5)


def test_a_draw_beyond_the_range_is_nan_not_a_failed_assessment():
    """A valid profile failed the whole assessment when one assumption draw (a steep strength
    exponent) put its hip adduction beyond 30°, with a message blaming the profile."""
    import warnings

    from pfsim import PfsimRangeWarning
    from pfsim.runner import Runner

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = assess(Runner(name="weak and fast", **WEAK_AND_FAST), draws=32, rng=1)
    assert len(caught) == 1 and caught[0].category is PfsimRangeWarning
    text = str(caught[0].message)
    assert "of 32 assumption draws take a runner beyond the model's range" in text
    assert np.isfinite(a.runner_value).all() and np.isfinite(a.contributions).all()
    nan_draws = np.isnan(a.contribution_draws).all(axis=(1, 2))
    assert 0 < nan_draws.sum() < 32
    med, lo, hi = a.interval(a.contribution_draws, a.contributions)
    assert np.isfinite(med).all() and np.all(lo <= hi)


def test_the_nominal_assumptions_beyond_the_range_still_raise():
    from pfsim.assess.evaluate import evaluate
    from pfsim.runner import Assumptions, Runner

    steep = Assumptions(strength_kinematics_exponent=2.0)
    with pytest.raises(ValueError, match="beyond the 30° the joint model accepts"):
        evaluate([Runner(**WEAK_AND_FAST)], [steep])


def test_an_assessment_gives_one_warning_however_many_stance_calls():
    """The joint model's off-groove warning came once per stance call (per knee-abduction draw)
    next to assess's own: five warnings for one assessment."""
    import warnings

    from pfsim.runner import Runner

    r = Runner(name="off groove", lateral_retinaculum_N=200.0, q_angle_deg=30.0, **WEAK_AND_FAST)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assess(r, draws=8, rng=1)
    assert len(caught) == 1, [str(w.message)[:80] for w in caught]
    assert "the joint model says: frontal facet model:" in str(caught[0].message)


def test_cohort_nan_profiles_warn_once():
    import warnings

    from pfsim.assess import assess_cohort

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = assess_cohort(
            lateral_retinaculum_N=[200.0, 0.0], q_angle_deg=[30.0, 15.0], **WEAK_AND_FAST
        )
    assert np.isnan(out["excess"][0]) and np.isfinite(out["excess"][1])
    assert len(caught) == 1 and "pfsim.assess_cohort: frontal facet model" in str(caught[0].message)


def test_an_unnamed_profile_file_is_named_after_the_file(tmp_path):
    """It was 'healthy reference' (the Runner default), assessed against 'healthy reference'."""
    path = tmp_path / "my_knee.toml"
    path.write_text("[strength]\nhip_abductor_strength_rel = 0.8\n")
    a = assess(path, draws=0)
    assert a.runner.name == "my_knee" and a.reference.name == "healthy reference"
    assert assess("hip_driven", draws=0).runner.name == "hip-driven"  # a given name stays


# ------------------------------------------------------------------------------------------------
# any profile the Runner accepts can be assessed
# ------------------------------------------------------------------------------------------------
@st.composite
def profiles(draw):
    from dataclasses import fields

    from pfsim.runner import Runner

    kw = {}
    for f in fields(Runner):
        m = f.metadata
        if f.name == "name":
            continue
        if m["kind"] is bool:
            kw[f.name] = draw(st.booleans())
        elif m["choices"] is not None:
            kw[f.name] = draw(st.sampled_from(m["choices"]))
        elif m["kind"] is float:
            value = st.floats(m["lo"], m["hi"])
            kw[f.name] = draw(st.one_of(st.none(), value) if f.default is None else value)
    if kw["hill_share"] + kw["speed_work_share"] > 1.0:
        kw["speed_work_share"] = 1.0 - kw["hill_share"]
    return Runner(name="drawn", **kw)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(runner=profiles(), draws=st.sampled_from([0, 2]))
def test_every_valid_profile_is_assessed(runner, draws):
    import warnings

    fast_work = runner.speed_work_share > 0 and runner.speed_m_s * 1.25 > 5.56
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if fast_work:  # was "hip_adduction_deg contains NaN ... fill the missing values"
            with pytest.raises(
                ValueError, match=r"lower \[running\] speed_m_s or \[training\] speed_w"
            ):
                assess(runner, draws=draws, rng=1)
            return
        a = assess(runner, draws=draws, rng=1)
    assert len(caught) <= 1, [str(w.message)[:100] for w in caught]
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    ok = np.isfinite(a.excess)
    np.testing.assert_allclose(a.contributions[ok].sum(axis=-1), a.excess[ok], rtol=1e-9, atol=1e-9)
    assert len(a.interventions) == len(set(a.interventions)) and np.all(a.p_best >= 0)
