"""Fuzzing the ``pfsim`` command line (issue 16): every option value gives a result or one line.

Hypothesis draws values for the numeric, choice and path options of ``pfsim joint``, ``run``,
``trial``, ``load`` and ``sweep`` (numbers as text incl. nan/inf/huge/negative, free text incl. empty,
huge and non-ASCII, comma lists of mixed lengths) and runs :func:`pfsim.cli.main` on them. The
promise checked for every draw:

- exit status 0 or 2 (an argparse usage error raises ``SystemExit(2)``, counted as 2);
- on exit 2, exactly one stderr line starting with ``pfsim <command>: error:``; every stderr line is
  pfsim's own (``pfsim <command>: error:`` or ``warning:``), none over :data:`MAX_LINE` characters
  (echoed values are shortened), no traceback;
- no numpy ``RuntimeWarning`` (overflow, invalid value, ...) reaches the user, as a warning or as
  printed text;
- ``pfsim run`` never prints impossible physics: a contact time is positive and shorter than the
  step, stresses and forces are not negative.

``max_examples`` is bounded so the module runs in seconds.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pfsim.cli import main

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = ROOT / "pfsim" / "examples" / "runners"  # bundled: pfsim.examples
HISTORIES = ROOT / "pfsim" / "examples" / "histories"

#: The longest stderr line accepted: a message with its fix, and echoed values shortened.
MAX_LINE = 1000

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ------------------------------------------------------------------------------------------------
# strategies: what a user (or a script with a bug) may type after an option
# ------------------------------------------------------------------------------------------------
SPECIAL = st.sampled_from(
    [
        "nan",
        "NaN",
        "-nan",
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "-1e308",
        "1e309",
        "1e-320",
        "0",
        "-0",
        "+1",
        "-1",
        "1_000",
        "0x10",
        "",
        " ",
        "9" * 5000,
        "1" * 100_000,
        "é",
        "١٢",  # Arabic-Indic digits: float() reads them
        "3,",
        ",",
    ]
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True).map(repr)
INTS = st.integers(min_value=-(10**20), max_value=10**20).map(str)
TEXT = st.text(max_size=30)
NUMBER = st.one_of(SPECIAL, FLOATS, INTS, TEXT)
NUMBER_LIST = st.lists(st.one_of(SPECIAL, FLOATS, INTS), min_size=1, max_size=4).map(",".join)
VALUE = st.one_of(NUMBER, NUMBER_LIST)


def realistic(lo: float, hi: float):
    """Numbers (as text) inside and a little outside a plausible range: they reach the models."""
    return st.one_of(
        st.floats(lo - (hi - lo), hi + (hi - lo), allow_nan=False).map(repr),
        st.lists(st.floats(lo, hi, allow_nan=False), min_size=1, max_size=3).map(
            lambda v: ",".join(map(repr, v))
        ),
    )


# ------------------------------------------------------------------------------------------------
# the check every draw must pass
# ------------------------------------------------------------------------------------------------
def call(capsys, argv: list[str]) -> tuple[int, str, str]:
    """Run ``pfsim argv``; the exit status (SystemExit counted), stdout and stderr.

    A ``RuntimeWarning`` escaping the command (numpy's overflow/invalid warnings) fails the test.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def check(command: str, code, out: str, err: str) -> None:
    """The promise of every ``pfsim`` command, for one run."""
    assert code in (0, 2), (code, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    assert "encountered in" not in err, err  # numpy's RuntimeWarning texts
    assert "RuntimeWarning" not in err, err
    lines = err.splitlines()
    prefix = f"pfsim {command}: "
    for line in lines:
        assert line.startswith(prefix), line[:300]
        assert len(line) <= MAX_LINE, line[:300]
    errors = [line for line in lines if line.startswith(prefix + "error:")]
    if code == 2:
        assert len(errors) == 1, lines
    else:
        assert not errors, lines


# ------------------------------------------------------------------------------------------------
# pfsim joint
# ------------------------------------------------------------------------------------------------
JOINT_NUMERIC = (
    "--knee-flexion",
    "--quad-force",
    "--knee-moment",
    "--q-angle",
    "--hip-adduction",
    "--femoral-rotation",
    "--tibial-rotation",
    "--vmo-activation",
    "--lateral-retinaculum",
)
JOINT_CHOICE = {"--model": ("k", "two-tendon"), "--extrapolate": ("nan", "clip", "extend", "raise")}


@st.composite
def joint_argv(draw):
    opts = {"--knee-flexion": draw(realistic(0, 90)), "--knee-moment": draw(realistic(0, 250))}
    for flag in draw(st.lists(st.sampled_from(JOINT_NUMERIC), max_size=3, unique=True)):
        opts[flag] = draw(st.one_of(VALUE, realistic(-40, 600)))
    if "--quad-force" in opts and draw(st.booleans()):
        del opts["--knee-moment"]
    for flag, choices in JOINT_CHOICE.items():
        if draw(st.booleans()):
            opts[flag] = draw(st.one_of(st.sampled_from(choices), TEXT))
    argv = ["joint"]
    for flag, value in opts.items():
        argv.append(f"{flag}={value}")  # = keeps a value that starts with '-' a value
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@SETTINGS
@given(argv=joint_argv())
def test_fuzz_joint(capsys, argv):
    check("joint", *call(capsys, argv))


# ------------------------------------------------------------------------------------------------
# pfsim run
# ------------------------------------------------------------------------------------------------
RUN_BASE = {"--speed": "3.0", "--step-rate": "170", "--mass": "70", "--height": "1.75"}
RUN_REALISTIC = {
    "--speed": realistic(0.5, 12.5),
    "--step-rate": realistic(100, 300),
    "--mass": realistic(20, 200),
    "--height": realistic(1.0, 2.5),
    "--contact-time": realistic(0.05, 0.5),
    "--slope-deg": realistic(-30, 30),
    "--added-mass": realistic(0, 50),
    "--hip-adduction-peak": realistic(-10, 30),
}
RUN_CHOICE = {
    "--contact-time-extrapolate": ("nan", "extend"),
    "--extrapolate": ("nan", "clip", "extend", "raise"),
    "--model": ("k", "two-tendon"),
}


@st.composite
def run_argv(draw, realistic_only: bool = False):
    opts = dict(RUN_BASE)
    for flag in draw(st.lists(st.sampled_from(sorted(RUN_REALISTIC)), max_size=3, unique=True)):
        values = RUN_REALISTIC[flag] if realistic_only else st.one_of(VALUE, RUN_REALISTIC[flag])
        opts[flag] = draw(values)
    for flag, choices in RUN_CHOICE.items():
        if draw(st.booleans()):
            opts[flag] = draw(
                st.sampled_from(choices)
                if realistic_only
                else st.one_of(st.sampled_from(choices), TEXT)
            )
    return ["run", *(f"{k}={v}" for k, v in opts.items()), "--json"]


def check_physics(out: str) -> None:
    """Every scenario ``pfsim run --json`` printed is possible: t_c in (0, step time], loads >= 0."""
    data = json.loads(out)
    for row in data if isinstance(data, list) else [data]:
        tc = row["contact_time_s"]
        if tc is not None:
            step_time = 1000.0 / row["steps_per_km"] / row["speed_m_s"]
            assert 0.0 < tc <= step_time * (1 + 1e-9), row
        for key, value in row.items():
            if (
                value is not None
                and key.startswith("peak_")
                and key.endswith(("_MPa", "_N", "_bw"))
            ):
                assert math.isfinite(value) and value >= 0.0, (key, row)


@SETTINGS
@given(argv=run_argv())
def test_fuzz_run(capsys, argv):
    code, out, err = call(capsys, argv)
    check("run", code, out, err)
    if code == 0:
        check_physics(out)


@settings(SETTINGS, max_examples=80)
@given(argv=run_argv(realistic_only=True))
def test_fuzz_run_physics(capsys, argv):
    """Values that reach the stance model: the result is possible, or exit 2 saying why."""
    code, out, err = call(capsys, argv)
    check("run", code, out, err)
    if code == 0:
        check_physics(out)


def test_extended_contact_time_is_never_impossible(capsys):
    """The issue's case: 12.5 m/s with the extended relation gave t_c < 0 and zero stress, exit 0."""
    argv = ["run", "--speed", "12.5", "--step-rate", "180", "--mass", "70", "--height", "1.75"]
    code, out, err = call(capsys, [*argv, "--contact-time-extrapolate", "extend"])
    check("run", code, out, err)
    assert code == 2 and out == ""
    assert "contact time" in err and "--contact-time" in err


# ------------------------------------------------------------------------------------------------
# pfsim trial
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trial_csv(tmp_path_factory):
    """A synthetic stance: knee flexion 20-45-20 deg, moment 0-180-0 N·m over 0.25 s."""
    path = tmp_path_factory.mktemp("trial") / "knee.csv"
    rows = ["time,knee_angle_r,knee_angle_r_moment"]
    for i in range(26):
        t = 0.01 * i
        s = math.sin(math.pi * i / 25)
        rows.append(f"{t:.3f},{20 + 25 * s:.3f},{180 * s:.3f}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@st.composite
def trial_argv(draw, path):
    argv = ["trial", str(path)]
    if draw(st.booleans()):
        argv.append(f"--mass={draw(st.one_of(VALUE, realistic(20, 200)))}")
    if draw(st.booleans()):
        argv.append(
            f"--moment-sign={draw(st.one_of(NUMBER, st.sampled_from(['1', '-1', '+1', '-1.0'])))}"
        )
    if draw(st.booleans()):
        argv.append(f"--stance={draw(st.one_of(NUMBER_LIST, realistic(-0.1, 0.4)))}")
    if draw(st.booleans()):
        argv.append(
            f"--angle-unit={draw(st.one_of(st.sampled_from(['auto', 'deg', 'rad']), TEXT))}"
        )
    if draw(st.booleans()):
        argv.append(f"--moment-unit={draw(st.one_of(st.sampled_from(['Nm', 'Nm_kg']), TEXT))}")
    if draw(st.booleans()):
        argv.append(f"--time-column={draw(TEXT)}")
    return argv


@SETTINGS
@given(data=st.data())
def test_fuzz_trial(capsys, trial_csv, data):
    argv = data.draw(trial_argv(trial_csv))
    check("trial", *call(capsys, argv))


@pytest.mark.parametrize("sign", ["nan", "inf", "2", "0", "-0.5", "1e300"])
def test_moment_sign_is_one_or_minus_one(capsys, trial_csv, sign):
    code, out, err = call(capsys, ["trial", str(trial_csv), f"--moment-sign={sign}"])
    check("trial", code, out, err)
    assert code == 2 and "--moment-sign" in err


# ------------------------------------------------------------------------------------------------
# pfsim load
# ------------------------------------------------------------------------------------------------
def _assumption_flags():
    from dataclasses import fields

    from pfsim.runner import Assumptions

    return {f"--{f.name.replace('_', '-')}": f.metadata["range"] for f in fields(Assumptions)}


LOAD_FLAGS = _assumption_flags()


@st.composite
def load_argv(draw):
    argv = [
        "load",
        str(HISTORIES / "steady.csv"),
        "--runner",
        str(RUNNERS / "healthy.toml"),
    ]
    for flag in draw(st.lists(st.sampled_from(sorted(LOAD_FLAGS)), max_size=2, unique=True)):
        lo, hi = LOAD_FLAGS[flag]
        inside = st.floats(lo, hi, allow_nan=False).map(repr)
        value = draw(st.one_of(inside, inside, NUMBER, st.floats(lo - 1, hi + 1).map(repr)))
        argv.append(f"{flag}={value}")
    if draw(st.booleans()):
        argv.append(
            f"--dose-stress={draw(st.one_of(st.sampled_from(['mean', 'lateral_facet']), TEXT))}"
        )
    if draw(st.booleans()):
        model = st.sampled_from(["fatigue", "stress_time"])
        argv.append(f"--dose-model={draw(st.one_of(model, model, TEXT))}")
    if draw(st.booleans()):
        argv.append(
            f"--capacity-reference={draw(st.sampled_from(['self', 'reference_runner', 'x']))}"
        )
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@SETTINGS
@given(argv=load_argv())
def test_fuzz_load(capsys, argv):
    check("load", *call(capsys, argv))


# ------------------------------------------------------------------------------------------------
# pfsim assess
# ------------------------------------------------------------------------------------------------
#: Files an assess draw may name (written into each draw's folder): good, malformed, out of range.
ASSESS_FILES = {
    "empty.csv": "week,distance_km\n",
    "nan.csv": "week,distance_km\n1,nan\n2,25\n",
    "text.csv": "week,distance_km\n1,abc\n",
    "other.csv": "week,distance_km\n1,40\n2,40\n3,44\n",
    "bad.toml": "[profile\n",
    "heavy.toml": "[anthropometry]\nbody_mass_kg = 400\n",
    "weak.toml": "[strength]\nhabitual_quadriceps_strength_rel = 0.1\n",
    "ok.toml": "[strength]\nhabitual_quadriceps_strength_rel = 0.8\n",
    "a_file": "x",
}


@st.composite
def assess_argv(draw):
    """Half the draws valid only (they reach the model), half with any value anywhere."""
    wild = draw(st.booleans())

    def pick(valid, anything):
        return draw(st.one_of(valid, anything) if wild else valid)

    argv = ["assess", pick(st.sampled_from(["hip_driven", "load_driven", "ok.toml"]), TEXT)]
    if wild:
        argv[1] = draw(st.one_of(st.just(argv[1]), st.sampled_from(["bad.toml", "heavy.toml"])))
    argv += ["--draws", pick(st.sampled_from(["0", "2"]), st.one_of(NUMBER, INTS))]
    history = None
    if draw(st.booleans()):
        bad = st.sampled_from(["empty.csv", "nan.csv", "text.csv", "other.csv"])
        history = pick(st.sampled_from(["steady", "jump40_hills"]), st.one_of(bad, TEXT))
        argv.append(f"--history={history}")
    if draw(st.booleans()):
        argv.append(f"--reference={pick(st.just('healthy'), st.sampled_from(['weak.toml', 'x']))}")
    if draw(st.booleans()):
        argv.append(f"--seed={pick(st.sampled_from(['0', '7']), st.one_of(NUMBER, INTS))}")
    if draw(st.booleans()):
        argv.append(f"--threshold={pick(st.sampled_from(['1.1', '1.3']), NUMBER)}")
    if draw(st.booleans()) and (wild or history):
        argv.append(f"--target-km={pick(st.sampled_from(['40', '0.1']), NUMBER)}")
    if draw(st.booleans()):
        names = ["peak_lateral_facet_stress_MPa", "peak_mean_stress_MPa"]
        names += ["peak_overload_index"] if wild or history else []
        argv.append(f"--outcome={pick(st.sampled_from(names), TEXT)}")
    for flag, choices in (
        ("--dose-stress", ["mean", "lateral_facet"]),
        ("--capacity-reference", ["self", "reference_runner"]),
    ):
        if draw(st.booleans()):
            argv.append(f"{flag}={pick(st.sampled_from(choices), TEXT)}")
    if draw(st.booleans()):
        bad = st.sampled_from(["a_file", "a_file/report", "full", "/proc/pfsim"])
        argv.append(f"--out={pick(st.sampled_from(['report', 'new/deeper/report']), bad)}")
    if draw(st.booleans()):
        argv.append("--json")
    return argv


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.is_dir() for p in root.rglob("*")}


@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_fuzz_assess(capsys, tmp_path_factory, monkeypatch, data):
    """Every draw: one line or a result; on exit 2 nothing written, else the report folder only."""
    folder = tmp_path_factory.mktemp("assess")
    for name, text in ASSESS_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "full").mkdir()
    (folder / "full" / "keep.txt").write_text("x")
    before = _tree(folder)
    argv = data.draw(assess_argv())
    with monkeypatch.context() as m:
        m.chdir(folder)
        code, out, err = call(capsys, argv)
    check("assess", code, out, err)
    after = _tree(folder)
    if code != 0:
        assert after == before, argv
    else:
        new = set(after) - set(before)
        assert all(n.startswith(("report", "new")) for n in new), (argv, new)


# ------------------------------------------------------------------------------------------------
# pfsim sweep (a 2-scenario problem; the engine's own bounds are tested in tests/sweep)
# ------------------------------------------------------------------------------------------------
TINY = """
name = "tiny"
model = "stance"

[model_options]
n_samples = 11

[constants]
body_mass_kg = 70.0
height_m = 1.75

[inputs.speed_m_s]
levels = [3.0, 3.5]
"""


@pytest.fixture(scope="module")
def tiny_problem(tmp_path_factory):
    path = tmp_path_factory.mktemp("sweep") / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


def _at_most_one_process(text: str) -> bool:
    try:
        return int(text) <= 1
    except ValueError:
        return True


#: --workers values a test may start: at most 1 process (more is the engine's cap to test).
WORKERS = st.one_of(
    NUMBER.filter(_at_most_one_process), st.sampled_from(["0", "-1", "1", "1.5", "", "nan"])
)


@st.composite
def sweep_argv(draw, problem, out_dir):
    argv = ["sweep", str(problem), "--no-checkpoint", f"--out={out_dir}"]
    if draw(st.booleans()):
        argv.append(f"--workers={draw(WORKERS)}")
    if draw(st.booleans()):
        argv.append(f"--chunk-size={draw(st.one_of(NUMBER, st.sampled_from(['1', '2', '4096'])))}")
    if draw(st.booleans()):
        argv.append(f"--seed={draw(st.one_of(NUMBER, INTS))}")
    if draw(st.booleans()):
        argv.append(f"--model={draw(st.one_of(st.sampled_from(['stance', 'joint']), TEXT))}")
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_fuzz_sweep(capsys, tiny_problem, tmp_path_factory, data):
    out_dir = tmp_path_factory.mktemp("out")
    argv = data.draw(sweep_argv(tiny_problem, out_dir))
    check("sweep", *call(capsys, argv))


#: A TOML value a problem file may hold for a setting (text, numbers, booleans, arrays, tables).
TOML_VALUE = st.one_of(
    st.sampled_from(['"all"', '"refined"', '"ALL"', '""', "1", "101", "0", "-1", "2.5", "true",
                     "false", "nan", "inf", '["all"]', "[1, 2]", "{ a = 1 }"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8).map(json.dumps),
)  # fmt: skip


@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_fuzz_sweep_settings_in_every_section(capsys, tmp_path_factory, data):
    """Review 4: ``samples`` (and ``n_samples``) as a [model_options] value of any TOML type, as a
    [constants] value or as a swept [inputs] table: a result, or one line and nothing written
    (before: an input named samples failed in the first chunk and left a checkpoint folder)."""
    folder = tmp_path_factory.mktemp("settings")
    name = data.draw(st.sampled_from(["samples", "n_samples"]))
    value = data.draw(TOML_VALUE)
    section = data.draw(st.sampled_from(["model_options", "constants", "inputs"]))
    body = TINY.replace("[model_options]\nn_samples = 11\n", "")
    if section == "inputs":
        body += f"\n[inputs.{name}]\nlevels = [{data.draw(st.sampled_from(['1.0, 2.0', '3.0']))}]\n"
    else:
        body = body.replace(f"[{section}]\n", "") if f"[{section}]" in body else body
        body = f"[{section}]\n{name} = {value}\n" + body
        body = 'name = "tiny"\nmodel = "stance"\n' + body.replace(
            'name = "tiny"\nmodel = "stance"\n', ""
        )
    problem = folder / "p.toml"
    problem.write_text(body, encoding="utf-8")
    out = folder / "out"
    code, text, err = call(capsys, ["sweep", str(problem), f"--out={out}"])
    check("sweep", code, text, err)
    if code == 2:
        assert not out.exists() or not any(out.rglob("*")), (body, err)


@settings(SETTINGS, max_examples=20)
@given(
    variable=st.sampled_from(["PFSIM_COMPILED", "PFSIM_WORKER_MALLOC"]),
    value=st.one_of(st.sampled_from(["1", "0", "off", " Yes ", "", "2", "maybe", "nan"]), TEXT),
)
def test_fuzz_environment_switches(capsys, tmp_path_factory, monkeypatch, variable, value):
    """Review 4: any value of either switch gives a result or one line (exit 2, nothing written),
    for a sweep and for ``pfsim run``."""
    if "\x00" in value:
        return  # not a possible environment value
    folder = tmp_path_factory.mktemp("env")
    problem = folder / "tiny.toml"
    problem.write_text(TINY, encoding="utf-8")
    with monkeypatch.context() as m:
        m.setenv(variable, value)
        code, out, err = call(capsys, ["sweep", str(problem), f"--out={folder / 'o'}"])
        check("sweep", code, out, err)
        if code == 2:
            assert variable in err and not (folder / "o").exists()
        run = ["run", *(x for kv in RUN_BASE.items() for x in kv), "--json"]
        check("run", *call(capsys, run))


# ------------------------------------------------------------------------------------------------
# the small things of issue 16
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["run", *(x for kv in RUN_BASE.items() for x in kv), "--out="],
        ["joint", "--knee-flexion=30", "--knee-moment=100", "--q-angle=" + "7" * 100_000],
        ["sweep", "p.toml", "--out="],
        ["load", "h.csv", "--runner", "r.toml", "--out="],
        ["assess", "r.toml", "--out="],
        ["trial", "k.csv", "--out="],
    ],
)
def test_empty_paths_and_huge_values_are_one_short_line(capsys, argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = call(capsys, argv)
    check(argv[0], code, out, err)
    assert code == 2
    assert list(tmp_path.iterdir()) == []


def interrupted_main(argv):
    """``main(argv)``; a KeyboardInterrupt escaping it (a traceback for the user) fails the test."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped pfsim.cli.main (the user sees a traceback)")


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    import pfsim.joint

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pfsim.joint, "patellofemoral_load", interrupted)
    code = interrupted_main(["joint", "--knee-flexion", "30", "--knee-moment", "100"])
    err = capsys.readouterr().err
    assert code == 130
    assert err == "pfsim joint: interrupted\n"


def test_ctrl_c_detail_of_a_command_is_shown(capsys, monkeypatch):
    import pfsim.joint

    class Stopped(KeyboardInterrupt):
        pass

    def interrupted(*args, **kwargs):
        raise Stopped("3 of 8 chunks saved; rerun to resume")

    monkeypatch.setattr(pfsim.joint, "patellofemoral_load", interrupted)
    code = interrupted_main(["joint", "--knee-flexion", "30", "--knee-moment", "100"])
    assert code == 130
    assert (
        capsys.readouterr().err
        == "pfsim joint: interrupted; 3 of 8 chunks saved; rerun to resume\n"
    )


def test_ctrl_c_in_a_sweep_gives_the_engines_one_line(capsys, monkeypatch, tmp_path):
    """The engine's SweepInterrupted reaches the user as its own line, not 'interrupted; interrupted'."""
    import pfsim.models
    from pfsim.sweep import SweepInterrupted

    def stopped(*args, **kwargs):
        raise SweepInterrupted("interrupted; 3 of 8 chunks saved; rerun to resume", 3, 8)

    monkeypatch.setattr(pfsim.models, "run_problem", stopped)
    problem = tmp_path / "p.toml"
    problem.write_text(
        'name = "p"\nmodel = "joint"\n[design]\nmethod = "grid"\n'
        "[inputs.knee_flexion_deg]\nlevels = [30, 45]\n[constants]\nquad_force_N = 1000\n"
    )
    code = interrupted_main(["sweep", str(problem), "--out", str(tmp_path / "o")])
    assert code == 130
    assert (
        capsys.readouterr().err
        == "pfsim sweep: interrupted; 3 of 8 chunks saved; rerun to resume\n"
    )


def test_broken_pipe_is_quiet(capsys, monkeypatch):
    """``pfsim ... | head``: the reader went away; no message, the exit status of SIGPIPE (141)."""
    import io
    import sys

    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    code = main(["joint", "--knee-flexion", "30", "--knee-moment", "100"])
    monkeypatch.undo()
    assert code == 141
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------------------------
# the roots under the command line (library functions the options reach)
# ------------------------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(
    speed=st.lists(st.floats(0.01, 12.5), min_size=1, max_size=5),
    step_rate=st.floats(100.0, 300.0),
)
def test_extended_contact_time_relation_gives_a_possible_contact_time_or_nan(speed, step_rate):
    from pfsim.gait.springmass import contact_time_s

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tc = contact_time_s(speed, step_rate, extrapolate="extend")
    step_time = 60.0 / step_rate
    finite = tc[~np.isnan(tc)]
    assert np.all((finite > 0.0) & (finite <= step_time))


def test_extended_contact_time_relation_warns_once_where_impossible():
    from pfsim import PfsimRangeWarning
    from pfsim.gait.springmass import DUTY_FACTOR_ZERO_SPEED_M_S, contact_time_s

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tc = contact_time_s([3.0, 11.5, 12.5], 180.0, extrapolate="extend")
    assert np.isfinite(tc[0]) and np.isnan(tc[1:]).all()
    assert [w.category for w in caught] == [PfsimRangeWarning]
    assert "2 of 3 speeds" in str(caught[0].message)
    assert 10.5 < DUTY_FACTOR_ZERO_SPEED_M_S < 11.5


@pytest.mark.parametrize(
    "q_angle, warns",
    [
        ("0.27", True),
        ("0.1,0.3", True),
        ("15.5", False),
        ("0", False),
        ("1", False),
        ("0,15", False),
    ],
)
def test_q_angle_in_radians_warns(capsys, q_angle, warns):
    code, out, err = call(
        capsys, ["joint", "--knee-flexion=30", "--knee-moment=100", f"--q-angle={q_angle}"]
    )
    check("joint", code, out, err)
    assert code == 0
    assert ("--q-angle must be in degrees" in err) is warns


def test_no_radians_guard_on_small_hip_adduction_and_rotations(capsys):
    """0-2 deg of hip adduction or rotation are ordinary values (see joint.model._check_q_angle_unit)."""
    argv = ["joint", "--knee-flexion=30", "--knee-moment=100", "--hip-adduction=1.5"]
    code, out, err = call(capsys, [*argv, "--femoral-rotation=0.5", "--tibial-rotation=1"])
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    "flag, value, needle",
    [
        ("--workers", "0", "must be at least 1 (got 0)"),
        ("--workers", "nan", "'nan' is not a whole number"),
        ("--workers", "1.5", "'1.5' is not a whole number"),
        ("--workers", "9" * 5000, "is too large"),
        ("--chunk-size", "-3", "must be at least 1 (got -3)"),
        ("--seed", "-1", "must be 0 or more (got -1)"),
        ("--seed", "", "'' is not a whole number"),
    ],
)
def test_sweep_whole_number_options_are_one_line(
    capsys, tiny_problem, tmp_path, flag, value, needle
):
    code, out, err = call(
        capsys, ["sweep", str(tiny_problem), f"--out={tmp_path}", f"{flag}={value}"]
    )
    check("sweep", code, out, err)
    assert code == 2 and err.startswith(f"pfsim sweep: error: argument {flag}: ")
    assert needle in err and len(err) < 300


@pytest.mark.parametrize("mass", ["2.2250738585072014e-308", "1e-300", "0.5", "19.9"])
def test_a_tiny_body_mass_is_refused_without_numpy_warnings(capsys, trial_csv, mass):
    code, out, err = call(capsys, ["trial", str(trial_csv), f"--mass={mass}"])
    check("trial", code, out, err)
    assert code == 2 and "--mass must be between 20 and 400 kg" in err


def test_every_option_value_has_a_type_or_choices():
    """Numbers through number(), paths through path_arg, words through choices; names are checked
    by the library (an unknown fit, column or example is a one-line error naming the valid ones)."""
    from pfsim.cli import build_parser

    names = {"--area-fit", "--time-column", "--angle-column", "--moment-column", "--output", "name"}
    names |= {"--scheduler"}  # an address or "local": checked by pfsim.sweep._dask
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    for command, p in sub.choices.items():
        for action in p._actions:
            if action.nargs == 0 or action.dest == "help" or action.choices:
                continue
            flag = (action.option_strings or [action.dest])[0]
            kind = getattr(action.type, "__name__", None)
            assert flag in names or kind in ("number", "whole number", "path_arg"), (command, flag)
