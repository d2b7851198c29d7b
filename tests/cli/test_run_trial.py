"""The `pfsim run` and `pfsim trial` sub-commands (pfsim.cli.run, pfsim.cli.trial)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import pfsim.cli as cli
from pfsim.cli.run import JSON_KEYS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "fukuchi2017"


@pytest.fixture
def main():
    """The ``pfsim`` command (pfsim.cli.main)."""
    return cli.main


RUN = ["run", "--speed", "3.0", "--step-rate", "168", "--mass", "70", "--height", "1.75"]


def test_run_json_has_every_key_inside_the_baseline_ranges(main, capsys):
    assert main([*RUN, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in JSON_KEYS:
        assert key in out
    # REFERENCES §3: Heiderscheit 2011 Table 3; Hart 2022 running PFJRF 5.2 +- 1.2 BW
    assert abs(out["peak_knee_flexion_deg"] - 46.3) <= 4.5
    assert abs(out["peak_knee_extension_moment_Nm_kg"] - 2.5) <= 0.6
    assert abs(out["peak_joint_reaction_force_bw"] - 5.2) <= 1.2


def test_run_comma_separated_gives_a_list_and_writes_csv(main, capsys, tmp_path):
    out_csv = tmp_path / "series.csv"
    args = [
        "run",
        "--speed",
        "2.5,3.0,3.5",
        "--step-rate",
        "168",
        "--mass",
        "70",
        "--height",
        "1.75",
        "--json",
        "--out",
        str(out_csv),
    ]
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) == 3
    assert [r["speed_m_s"] for r in rows] == [2.5, 3.0, 3.5]
    with out_csv.open() as fh:
        data = list(csv.DictReader(fh))  # a plain CSV: no comment lines to skip
    assert len(data) == 3 * 101
    assert {"scenario", "time_s", "knee_flexion_deg", "contact_stress_MPa"} <= set(data[0])


@pytest.mark.parametrize(
    "change, message",
    [
        (["--speed", "0"], "pfsim run: error: --speed must be greater than 0 m/s"),
        (["--mass", "-70"], "pfsim run: error: --mass must be greater than 0 kg"),
        (["--height", "0"], "pfsim run: error: --height must be greater than 0 m"),
        (["--step-rate", "600"], "no time for a running stance"),
        (["--contact-time", "0.5"], "longer than the step"),
        (["--speed", "fast"], "--speed: 'fast' is not a number"),
        (["--speed", "3,4", "--mass", "60,70,80"], "same number of values"),
    ],
)
def test_run_bad_input_is_one_line_and_exit_2(main, capsys, change, message):
    args = list(RUN)
    for i in range(0, len(change), 2):
        opt, val = change[i], change[i + 1]
        if opt in args:
            args[args.index(opt) + 1] = val
        else:
            args += [opt, val]
    try:
        code = main(args)
    except SystemExit as exc:  # a value the option's type refuses (argparse usage error)
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.skipif(not SHARED.exists(), reason="shared Fukuchi 2017 trial not found")
def test_trial_on_the_shared_file(main, capsys):
    args = [
        "trial",
        str(SHARED / "RBDS001runT35_coordinates.sto"),
        "--moments",
        str(SHARED / "RBDS001runT35_inverse_dynamics_results.sto"),
        "--mass",
        "62",
        "--stance",
        "14.275,14.492",
        "--json",
    ]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["peak_joint_reaction_force_N"] == pytest.approx(4495.0, rel=0.005)
    assert out["peak_joint_reaction_force_bw"] == pytest.approx(7.39, abs=0.01)


@pytest.mark.skipif(not SHARED.exists(), reason="shared Fukuchi 2017 trial not found")
def test_trial_missing_moment_column_names_the_fix(main, capsys):
    assert main(["trial", str(SHARED / "RBDS001runT35_coordinates.sto")]) == 2
    assert "--moments FILE" in capsys.readouterr().err


def test_trial_time_column_option_and_messages_name_cli_options(main, capsys, tmp_path):
    p = tmp_path / "k.csv"
    rows = [(i * 0.01, 20 + 2 * i, 10 * i) for i in range(21)]
    p.write_text("t,flex,mom\n" + "\n".join(f"{a},{b},{c}" for a, b, c in rows) + "\n")
    base = ["trial", str(p), "--angle-column", "flex", "--moment-column", "mom"]
    assert main([*base, "--json"]) == 2
    err = capsys.readouterr().err
    assert "no time column 'time'" in err and "--time-column" in err and "Traceback" not in err
    assert main([*base, "--time-column", "t", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["peak_knee_extension_moment_Nm"] == pytest.approx(200.0)
    assert out["contact_time_s"] == pytest.approx(0.2)
    # a wrong moment column names --moment-column
    assert main(["trial", str(p), "--time-column", "t", "--angle-column", "flex"]) == 2
    assert "--moment-column" in capsys.readouterr().err


def test_trial_moment_in_nm_per_kg_exits_2_naming_moment_unit(main, capsys, tmp_path):
    p = tmp_path / "k.csv"
    rows = [(i * 0.01, 20 + 2 * i, 0.125 * i) for i in range(21)]  # peaks at 2.5 N.m/kg
    p.write_text("time,knee_angle_r,knee_angle_r_moment\n")
    p.write_text(p.read_text() + "\n".join(f"{a},{b},{c}" for a, b, c in rows) + "\n")
    assert main(["trial", str(p), "--mass", "70"]) == 2
    err = capsys.readouterr().err
    assert "looks like N·m/kg" in err and "--moment-unit Nm_kg" in err
    assert main(["trial", str(p), "--mass", "70", "--moment-unit", "Nm_kg", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["peak_knee_extension_moment_Nm_kg"] == pytest.approx(
        2.5
    )


def test_run_speed_outside_the_contact_time_data_names_the_cli_fix(main, capsys):
    # 2.0 m/s lies below the contact-time relation's 8-20 km/h: a lone scenario with no result is an
    # error (exit 2) whose message and warnings name the CLI options that fix it.
    args = [*RUN, "--json"]
    args[args.index("--speed") + 1] = "2.0"
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "could not be computed" in err and "--contact-time-extrapolate extend" in err
    # the relation's warning, folded into the error, gives the flags too (no Python names)
    assert "Give --contact-time, or --contact-time-extrapolate extend to extend" in err
    assert "contact_time_" not in err
    assert "Traceback" not in err
    assert main([*args, "--contact-time-extrapolate", "extend"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["contact_time_s"] is not None and out["peak_joint_reaction_force_bw"] > 0
    # in a batch the computable scenarios stay (exit 0) and the bad one is null
    args[args.index("--speed") + 1] = "2.0,3.0"
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["peak_joint_reaction_force_bw"] is None
    assert rows[1]["peak_joint_reaction_force_bw"] > 0


def test_run_heavy_load_on_a_steep_downhill_gives_a_stance_message_not_a_unit_hint(main, capsys):
    # The audit's case (150 kg + 100 kg on a -30 deg slope) once ended in the joint model's "not
    # N.mm" error. Now it is computed: the knee reaches 69 deg, inside the default area fit's 0-90 deg
    # data (kernozek2015), with the warning that -30 deg is beyond the graded-running data.
    args = ["run", "--speed", "3", "--step-rate", "168", "--mass", "150", "--height", "1.75"]
    assert main([*args, "--slope-deg=-30", "--added-mass", "100", "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["peak_joint_reaction_force_bw"] > 0
    assert "N·mm" not in captured.err and "graded-running data" in captured.err
    assert out["peak_contact_stress_MPa"] > 0
    # heavier and faster, the moment passes the joint model's 1500 N.m: a stance-level error
    args = ["run", "--speed", "5", "--step-rate", "168", "--mass", "150", "--height", "1.95"]
    assert main([*args, "--slope-deg=-10", "--added-mass", "200", "--json"]) == 2
    err = capsys.readouterr().err
    assert "could not be computed" in err and "beyond the ±1500 N·m" in err
    assert "--added-mass" in err and "N·mm" not in err and "Traceback" not in err


def test_run_warnings_name_the_extrapolate_flag(main, capsys):
    code = main(
        [
            "run",
            "--speed",
            "3",
            "--step-rate",
            "168",
            "--mass",
            "70",
            "--height",
            "1.75",
            "--area-fit",
            "connolly2009",
        ]
    )
    err = capsys.readouterr().err
    assert code == 0
    assert "Pass --extrapolate clip or extend" in err and "extrapolate='" not in err
