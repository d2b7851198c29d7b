"""The pfsim command: acceptance values, tables, JSON, and clear errors without tracebacks."""

import json
import subprocess
import sys

import pytest

from pfsim.cli import main


def run(capsys, *argv):
    """``pfsim argv``: exit status (an argparse usage error's SystemExit counted), stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # bad option values are refused by the options' types
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_joint_json_worked_example(capsys):
    code, out, _ = run(
        capsys,
        "joint",
        "--knee-flexion",
        "45",
        "--knee-moment",
        "100",
        "--area-fit",
        "connolly2009",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    for key in (
        "knee_flexion_deg",
        "quad_force_N",
        "joint_reaction_force_N",
        "contact_area_mm2",
        "contact_stress_MPa",
    ):
        assert key in data
    assert data["joint_reaction_force_N"] == pytest.approx(2184, rel=0.005)
    assert data["contact_stress_MPa"] == pytest.approx(6.42, rel=0.005)


def test_joint_comma_values_give_rows(capsys):
    code, out, _ = run(
        capsys, "joint", "--knee-flexion", "20,30,40", "--quad-force", "1500", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["knee_flexion_deg"] for r in rows] == [20.0, 30.0, 40.0]
    code, out, _ = run(capsys, "joint", "--knee-flexion", "20,30", "--quad-force", "1500")
    assert code == 0 and "contact_stress_MPa" in out
    data_rows = [line for line in out.splitlines() if line.strip()[:2] in ("20", "30")]
    assert len(data_rows) == 2


def test_out_of_range_json_gives_null_and_warning(capsys):
    argv = ("joint", "--knee-flexion", "60", "--quad-force", "1000", "--json")
    code, out, err = run(capsys, *argv, "--area-fit", "connolly2009")
    assert code == 0
    assert json.loads(out)["contact_stress_MPa"] is None
    assert "warning" in err and "0-45 deg" in err


def test_default_area_fit_covers_0_to_90_deg(capsys):
    # issue 14: the default joint call is finite over 0-90° with no warning (kernozek2015)
    for angle in ("0", "60", "90"):
        code, out, err = run(
            capsys, "joint", "--knee-flexion", angle, "--quad-force", "3000", "--json"
        )
        assert code == 0 and "warning" not in err
        data = json.loads(out)
        assert data["area_fit"] == "kernozek2015" and data["contact_stress_MPa"] > 0


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--knee-flexion", "abc", "--knee-moment", "100"], "not a number"),
        (["--knee-flexion", "200", "--knee-moment", "100"], "between -30 and 170"),
        (["--knee-flexion", "45"], "exactly one"),
        (["--knee-flexion", "45", "--knee-moment", "1", "--quad-force", "1"], "exactly one"),
        (["--knee-flexion", "45", "--knee-moment", "100", "--area-fit", "foo"], "known names"),
        (["--knee-flexion", "nan", "--knee-moment", "100"], "not a finite number"),
        # the message names the flag, not the Python argument (quad_force_N)
        (["--knee-flexion", "45", "--quad-force", "-3"], "--quad-force must lie between 0 and"),
        (["--knee-flexion", "45", "--knee-moment", "1e5"], "--knee-moment must lie between"),
        (["--knee-flexion", "30,40", "--quad-force", "1,2,3"], "same number of values"),
    ],
)
def test_joint_bad_input(capsys, argv, needle):
    code, out, err = run(capsys, "joint", *argv)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err and out == ""


@pytest.mark.slow
def test_console_entry_point_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "pfsim", "joint", "--knee-flexion", "200", "--knee-moment", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "error" in proc.stderr and "Traceback" not in proc.stderr


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "joint" in out


def test_file_system_errors_are_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "trial", str(tmp_path))  # a folder, not a trial file
    assert code == 2 and "error" in err and "Traceback" not in err


FRONTAL_KEYS = (
    "lateral_force_N",
    "lateral_facet_force_N",
    "medial_facet_force_N",
    "lateral_facet_stress_MPa",
    "medial_facet_stress_MPa",
    "peak_pressure_MPa",
    "lateral_shift_mm",
    "lateral_tilt_deg",
)


def test_joint_frontal_flags_json(capsys):
    # issue 3 acceptance: the frontal flags reach the model and the JSON has the facet keys
    argv = ["joint", "--knee-flexion", "30", "--quad-force", "2000", "--json"]
    code, out, _ = run(capsys, *argv, "--q-angle", "20", "--hip-adduction", "10")
    assert code == 0
    data = json.loads(out)
    for key in FRONTAL_KEYS:
        assert isinstance(data[key], float), key
    code, out, _ = run(capsys, *argv)
    normal = json.loads(out)
    # larger Q-angle and hip adduction: more lateral load, lateral facet stress and shift
    assert data["lateral_force_N"] > normal["lateral_force_N"]
    assert data["lateral_facet_stress_MPa"] > normal["lateral_facet_stress_MPa"]
    assert data["lateral_shift_mm"] > normal["lateral_shift_mm"]


def test_joint_frontal_flags_match_python_api(capsys):
    import numpy as np

    import pfsim

    code, out, _ = run(
        capsys,
        "joint",
        "--knee-flexion",
        "30,40",
        "--quad-force",
        "2000",
        "--femoral-rotation",
        "5",
        "--tibial-rotation",
        "-5",
        "--vmo-activation",
        "0.5",
        "--lateral-retinaculum",
        "50",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    r = pfsim.patellofemoral_load(
        [30.0, 40.0],
        quad_force_N=2000.0,
        femoral_internal_rotation_deg=5.0,
        tibial_internal_rotation_deg=-5.0,
        vmo_activation=0.5,
        lateral_retinaculum_N=50.0,
    )
    for key in FRONTAL_KEYS:
        np.testing.assert_array_equal([row[key] for row in rows], getattr(r, key))


@pytest.mark.parametrize(
    "flag, value, python_name",
    [
        ("--vmo-activation", "-1", "vmo_activation"),
        ("--q-angle", "90", "q_angle_deg"),
        ("--hip-adduction", "45", "hip_adduction_deg"),
        ("--femoral-rotation", "50", "femoral_internal_rotation_deg"),
        ("--tibial-rotation", "-41", "tibial_internal_rotation_deg"),
        ("--lateral-retinaculum", "-5", "lateral_retinaculum_N"),
    ],
)
def test_joint_frontal_bad_values_name_the_flag(capsys, flag, value, python_name):
    code, out, err = run(
        capsys, "joint", "--knee-flexion", "30", "--quad-force", "2000", flag, value
    )
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"pfsim joint: error: {flag} must lie between")
    assert python_name not in err


def test_joint_weight_bearing_flag(capsys):
    argv = ["joint", "--knee-flexion", "30", "--quad-force", "2000", "--json"]
    code, out, _ = run(capsys, *argv, "--area-fit", "besier2005_male")
    assert code == 0
    plain = json.loads(out)["contact_area_mm2"]
    code, out, _ = run(capsys, *argv, "--area-fit", "besier2005_male", "--weight-bearing")
    assert code == 0
    # Besier 2005: 414 mm² at 30° (males, 0.15 BW) x 1.24 with weight bearing = 513.36 mm²
    assert plain == pytest.approx(414.0)
    assert json.loads(out)["contact_area_mm2"] == pytest.approx(414.0 * 1.24)
    code, out, err = run(capsys, *argv, "--weight-bearing")  # default fit kernozek2015
    assert code == 2 and out == ""
    assert "--weight-bearing applies" in err and "--area-fit 'kernozek2015'" in err
    assert "weight_bearing" not in err and "area_fit" not in err


def test_joint_impossible_extension_is_nan_not_zero(capsys):
    # k(θ) has a pole at 128.2°: k(130°) = -0.207 used to become PFJRF 0, stress 0, exit 0
    code, out, err = run(
        capsys,
        "joint",
        "--knee-flexion",
        "130",
        "--knee-moment",
        "100",
        "--extrapolate",
        "extend",
        "--area-fit",
        "kernozek2015",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["joint_reaction_force_N"] is None and data["contact_stress_MPa"] is None
    assert err.count("warning") == 1 and "impossible values" in err and "pole" in err
    assert "--extrapolate clip" in err and "extrapolate=" not in err


def test_joint_warnings_name_the_flag(capsys):
    argv = ("joint", "--knee-flexion", "60", "--quad-force", "1000", "--area-fit", "connolly2009")
    code, _, err = run(capsys, *argv)
    assert code == 0
    assert "Pass --extrapolate clip or extend to fill them." in err
    assert "extrapolate=" not in err
    code, out, err = run(capsys, *argv, "--extrapolate", "raise")
    assert code == 2 and out == ""
    assert "Pass --extrapolate clip or extend, or choose another fit." in err


def test_flag_text_leaves_other_words_alone():
    from pfsim.cli import _flag_text

    text = "frontal facet model: the model of the knee_flexion_deg_extra column; area_fit='x'"
    assert _flag_text(text) == (
        "frontal facet model: the model of the knee_flexion_deg_extra column; --area-fit 'x'"
    )


@pytest.mark.parametrize(
    "argv, unknown",
    [
        # argparse's prefix matching once let --knee-flex=3 silently override --knee-flexion=30
        (["joint", "--knee-flex=3", "--knee-flexion=30", "--quad-force", "1000"], "--knee-flex=3"),
        (
            ["run", "--spee", "3", "--step-rate", "168", "--mass", "70", "--height", "1.75"],
            "--spee 3",
        ),
        (["trial", "k.csv", "--mome", "m.sto"], "--mome m.sto"),
        (["load", "h.csv", "--runner", "r.toml", "--dose", "mean"], "--dose mean"),
        (["sweep", "p.toml", "--work", "2"], "--work 2"),
        (["study", "cadence", "--js"], "--js"),
        (["demo", "--ou", "x"], "--ou x"),
    ],
)
def test_no_option_can_be_abbreviated(capsys, argv, unknown):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and out == ""
    assert f"pfsim {argv[0]}: error: unrecognized arguments: {unknown} (give options in full" in err
    assert "Traceback" not in err


def test_every_parser_refuses_abbreviations():
    from pfsim.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    assert parser.allow_abbrev is False
    assert set(sub.choices) == {
        "demo", "joint", "run", "trial", "load", "assess", "sweep", "analyze", "study", "examples"
    }  # fmt: skip
    assert all(p.allow_abbrev is False for p in sub.choices.values())


def test_console_script_and_package_names_import():
    import importlib

    import pfsim.cli

    assert callable(importlib.import_module("pfsim.cli.main")._entry)  # pyproject's script
    assert callable(pfsim.cli.main) and callable(pfsim.cli.build_parser)


def test_flag_table_dests_are_the_python_argument_names():
    # the table is read off the parser: each option's dest is the argument it sets, so it cannot drift
    import inspect
    from dataclasses import fields

    import pfsim
    from pfsim import examples
    from pfsim.assess import assess
    from pfsim.cli.main import FLAGS
    from pfsim.gait.trials import read_trial, trial_load
    from pfsim.models import run_problem
    from pfsim.runner import Assumptions
    from pfsim.studies import mission_demo
    from pfsim.sweep import sobol_indices_from
    from pfsim.training import weekly_load

    def params(*functions):
        return set().union(*(inspect.signature(f).parameters for f in functions))

    assert FLAGS["joint"]["knee_flexion_deg"] == "--knee-flexion"
    assert FLAGS["joint"]["knee_extension_moment_Nm"] == "--knee-moment"
    assert FLAGS["run"]["body_mass_kg"] == "--mass" and FLAGS["trial"]["body_mass_kg"] == "--mass"
    assert FLAGS["sweep"]["rng"] == "--seed" and FLAGS["load"]["week_run_days"] == "--week-run-days"
    cli_only = {"json", "out", "runner", "no_checkpoint"}
    expected = {
        "joint": params(pfsim.patellofemoral_load),
        "run": params(pfsim.stance, pfsim.patellofemoral_load),  # stance passes joint options on
        "trial": params(read_trial, trial_load, pfsim.patellofemoral_load),
        "load": params(weekly_load) | {f.name for f in fields(Assumptions)},
        "assess": params(assess),
        "sweep": params(run_problem),
        "analyze": params(sobol_indices_from),
        "study": params(mission_demo),  # out_dir, figure_format, dpi
        "demo": params(mission_demo),
        "examples": params(examples.copy),
    }
    for command, names in FLAGS.items():
        assert set(names) - cli_only <= expected[command], command


@pytest.mark.parametrize(
    "command, text, expected",
    [
        # a library message that names the argument: the command's flag
        (
            "joint",
            "weight_bearing=True applies (got area_fit='x').",
            "--weight-bearing applies (got --area-fit 'x').",
        ),
        ("run", "Pass extrapolate='clip' or 'extend'.", "Pass --extrapolate clip or extend."),
        (
            "run",
            "omit contact_time_s to use the relation.",
            "omit --contact-time to use the relation.",
        ),
        ("run", "speed_m_s must be greater than 0 m/s.", "--speed must be greater than 0 m/s."),
        (
            "run",
            "Give a shorter contact time (contact_time_s), or omit contact_time_s.",
            "Give a shorter contact time (--contact-time), or omit --contact-time.",
        ),
        (
            "load",
            "use dose_stress_exponent=1 or dose_stress='mean'.",
            "use --dose-stress-exponent 1 or --dose-stress mean.",
        ),
        (
            "trial",
            "give body_mass_kg=KG and moment_unit='Nm_kg'.",
            "give --mass KG and --moment-unit Nm_kg.",
        ),
        (
            "trial",
            "the right name with time_column=NAME, or",
            "the right name with --time-column NAME, or",
        ),
        (
            "trial",
            "a window inside the data (stance_s), e.g.",
            "a window inside the data (--stance), e.g.",
        ),
        ("trial", "name it with time_column=, or x", "name it with --time-column, or x"),
        ("sweep", "pass checkpoint_dir=DIR.", "pass --checkpoint-dir DIR."),
        # a name the command has no flag for stays the Python name
        ("sweep", "speed_m_s must be greater than 0 m/s.", "speed_m_s must be greater than 0 m/s."),
        (
            "sweep",
            "Lower the carried mass (added_mass_kg).",
            "Lower the carried mass (added_mass_kg).",
        ),
        ("demo", "use dose_stress_exponent=1.", "use dose_stress_exponent=1."),
        # a message that gives the flags itself (pfsim.io.read_sto, reached only by pfsim trial)
        (
            "trial",
            "(columns named with time_column= / moment_column=; CLI --time-column / --moment-column).",
            "(columns named with time_column= / moment_column=; CLI --time-column / --moment-column).",
        ),
        # words of prose stay, and so do longer names
        ("run", "the joint model accepts it", "the joint model accepts it"),
        ("joint", "the knee_flexion_deg_extra column", "the knee_flexion_deg_extra column"),
    ],
)
def test_messages_name_the_current_commands_flags(command, text, expected):
    from pfsim.cli._common import cli_text
    from pfsim.cli.main import FLAGS

    assert cli_text(text, FLAGS[command]) == expected


def test_sweep_warnings_name_no_flag_of_another_command(tmp_path, capsys):
    problem = tmp_path / "slow.toml"
    problem.write_text(
        'name = "slow"\nmodel = "stance"\n[outputs]\npeak_contact_stress_MPa = "MPa"\n'
        "[constants]\nbody_mass_kg = 70.0\nheight_m = 1.75\nstep_rate_spm = 168.0\n"
        "[inputs.speed_m_s]\nlevels = [2.0, 3.0]\n",
        encoding="utf-8",
    )
    code = main(["sweep", str(problem), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 0 and "pfsim sweep: warning: the contact-time relation" in err
    assert "Give contact_time_s, or contact_time_extrapolate='extend' to extend the line." in err
    assert "--contact-time" not in err


def test_argparse_is_imported_only_under_cli():
    import re
    from pathlib import Path

    import pfsim

    root = Path(pfsim.__file__).parent
    for path in root.rglob("*.py"):
        if path.relative_to(root).parts[0] != "cli":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(import|from) argparse\b", text, re.M), path


# --- library messages name Python arguments; only the CLI gives flags
def _message(call) -> str:
    with pytest.raises((ValueError, RuntimeError)) as exc:  # a SweepError is a RuntimeError
        call()
    return str(exc.value)


def test_pfsim_run_gives_a_library_message_in_its_flags(capsys, tmp_path):
    from pfsim.gait import stance

    python = _message(lambda: stance(3.0, 168, 70, 1.75, contact_time_s=0.5))
    assert (
        "Give a shorter contact time (contact_time_s) or a lower step rate (step_rate_spm)"
        in python
    )
    assert "--" not in python
    argv = ["run", "--speed", "3", "--step-rate", "168", "--mass", "70", "--height", "1.75"]
    assert main([*argv, "--contact-time", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "pfsim run: error: --contact-time (0.5 s) is longer than the step" in err
    assert "Give a shorter contact time (--contact-time) or a lower step rate (--step-rate)" in err
    assert "or omit --contact-time to use" in err and "contact_time_s" not in err


def test_pfsim_trial_gives_a_library_message_in_its_flags(capsys, tmp_path):
    from pfsim.gait import read_trial

    p = tmp_path / "c.csv"
    p.write_text("t,knee_angle_r,mom\n0,20,100\n0.1,30,100\n")
    python = _message(lambda: read_trial(p, body_mass_kg=62))
    assert "Give the right name with time_column=NAME, or the file" in python and "--" not in python
    python = _message(lambda: read_trial(p, time_column="t", moment_unit="Nm_kg"))
    assert (
        python
        == "moment_unit='Nm_kg' needs body_mass_kg, the body mass, to convert the moment to N·m."
    )
    assert main(["trial", str(p), "--mass", "62"]) == 2
    err = capsys.readouterr().err
    assert "Give the right name with --time-column NAME, or the file" in err
    assert main(["trial", str(p), "--time-column", "t", "--moment-unit", "Nm_kg"]) == 2
    err = capsys.readouterr().err
    assert "pfsim trial: error: --moment-unit Nm_kg needs --mass, the body mass," in err


def test_pfsim_load_gives_a_library_message_in_its_flags(capsys):
    import argparse

    from pfsim.cli._common import run_command
    from pfsim.cli.main import FLAGS
    from pfsim.runner import Runner
    from pfsim.training import steady, weekly_load

    def call(_args=None):
        return weekly_load(steady(3), Runner(), dose_stress="peak")

    python = _message(call)
    assert python.startswith("dose_stress='peak' is not allowed") and "--" not in python
    args = argparse.Namespace(command="load", func=call)
    assert run_command(args, FLAGS["load"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pfsim load: error: --dose-stress peak is not allowed; allowed:")


def test_pfsim_sweep_gives_a_library_message_in_its_flags(capsys, tmp_path, monkeypatch):
    import numpy as np

    import pfsim.models
    from pfsim.sweep import design_from_arrays, run_sweep

    def bad(x):  # a failure other than a refused input: keeping the chunks helps
        raise RuntimeError("solver stalled")

    def failing_run_problem(problem, out_dir, **kwargs):
        design = design_from_arrays({"x": np.linspace(0.0, 1.0, 3)})
        return run_sweep(bad, design, checkpoint_dir=kwargs["checkpoint_dir"])

    python = _message(lambda: failing_run_problem(None, None, checkpoint_dir=None))
    assert python.endswith("pass checkpoint_dir=DIR.") and "--" not in python
    problem = tmp_path / "p.toml"
    problem.write_text(
        'name = "p"\nmodel = "stance"\n[outputs]\npeak_contact_stress_MPa = "MPa"\n'
        "[constants]\nbody_mass_kg = 70.0\nheight_m = 1.75\nstep_rate_spm = 168.0\n"
        "[inputs.speed_m_s]\nlevels = [3.0, 3.5]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(pfsim.models, "run_problem", failing_run_problem)
    argv = ["sweep", str(problem), "--out", str(tmp_path / "o"), "--no-checkpoint"]
    assert main(argv) == 2
    err = capsys.readouterr().err.rstrip()
    assert err.startswith("pfsim sweep: error: ") and "RuntimeError: solver stalled" in err
    assert err.endswith("pass --checkpoint-dir DIR instead of --no-checkpoint.")


#: String literals outside pfsim/cli that may give a CLI flag, and why. Docstrings may describe
#: the command line (``pfsim load --json``, ``pfsim run --out FILE.csv``): they are not messages.
FLAG_LITERALS_ALLOWED: dict[str, int] = {}


def test_no_string_literal_outside_the_cli_gives_a_flag():
    import ast
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    flag = re.compile(r"(?<![\w-])--[a-z]")
    found: dict[str, list[str]] = {}
    paths = sorted((root / "pfsim").rglob("*.py"))
    assert len(paths) > 50, root  # the package itself, not an empty folder
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if rel.startswith("pfsim/cli/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and flag.search(node.value)
            ):
                found.setdefault(rel, []).append(node.value)
    counts = {rel: len(v) for rel, v in found.items()}
    assert counts == FLAG_LITERALS_ALLOWED, found
