"""The pfsim command: acceptance values, tables, JSON, and clear errors without tracebacks."""

import json
import subprocess
import sys

import pytest

from pfsim.cli import main


def run(capsys, *argv):
    code = main(list(argv))
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
    code, out, err = run(capsys, "joint", "--knee-flexion", "60", "--quad-force", "1000", "--json")
    assert code == 0
    assert json.loads(out)["contact_stress_MPa"] is None
    assert "warning" in err and "0-45 deg" in err


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--knee-flexion", "abc", "--knee-moment", "100"], "not a number"),
        (["--knee-flexion", "200", "--knee-moment", "100"], "between -30 and 170"),
        (["--knee-flexion", "45"], "exactly one"),
        (["--knee-flexion", "45", "--knee-moment", "1", "--quad-force", "1"], "exactly one"),
        (["--knee-flexion", "45", "--knee-moment", "100", "--area-fit", "foo"], "known names"),
        (["--knee-flexion", "nan", "--knee-moment", "100"], "not a finite number"),
        (["--knee-flexion", "45", "--quad-force", "-3"], "quad_force_N"),
        (["--knee-flexion", "30,40", "--quad-force", "1,2,3"], "same number of values"),
    ],
)
def test_joint_bad_input(capsys, argv, needle):
    code, out, err = run(capsys, "joint", *argv)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err and out == ""


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
