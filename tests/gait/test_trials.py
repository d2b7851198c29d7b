"""Measured-trial readers: OpenSim storage quirks, CSV options, the shared Fukuchi 2017 trial."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pfsim import patellofemoral_load
from pfsim.gait import STANCE_AREA_FIT, read_sto, read_trial, trial_load

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "fukuchi2017"
COORDS = SHARED / "RBDS001runT35_coordinates.sto"
MOMENTS = SHARED / "RBDS001runT35_inverse_dynamics_results.sto"
needs_shared = pytest.mark.skipif(
    not COORDS.exists(), reason="shared Fukuchi 2017 trial not found at ../shared/data/fukuchi2017"
)


def _sto(
    path: Path, rows, columns=("time", "knee_angle_r"), header=("inDegrees=yes",), n_rows=None
):
    lines = ["test", *header, f"nRows={n_rows if n_rows is not None else len(rows)}", "endheader"]
    lines.append("\t".join(columns))
    lines += ["\t".join(repr(float(v)) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_sto_reader_tolerates_wrong_nrows(tmp_path):
    p = _sto(tmp_path / "a.sto", [[0.0, 10.0], [0.1, 20.0]], n_rows=3)
    header, cols, data, notes = read_sto(p)
    assert cols == ["time", "knee_angle_r"] and data.shape == (2, 2)
    assert header["inDegrees"] == "yes"
    assert "nRows=3" in notes[0]


def test_sto_without_endheader_is_refused(tmp_path):
    p = tmp_path / "b.sto"
    p.write_text("time\tknee_angle_r\n0\t1\n")
    with pytest.raises(ValueError, match="endheader"):
        read_sto(p)


def test_opensim_moment_sign_is_flipped_and_files_aligned_by_time(tmp_path):
    t = np.linspace(0.0, 0.2, 11)
    ang = _sto(tmp_path / "c.sto", np.c_[t, np.degrees(0.2 + 3 * t)], header=("inDegrees=yes",))
    tm = t[1:] + 0.005
    mom = _sto(
        tmp_path / "m.sto",
        np.c_[tm, -(100 + 200 * tm)],
        columns=("time", "knee_angle_r_moment"),
        header=("inDegrees=no",),
    )
    tr = read_trial(ang, moment_path=mom, body_mass_kg=70)
    assert np.allclose(tr.time_s, tm[tm <= 0.2])
    assert np.all(tr.knee_extension_moment_Nm > 0)  # extension positive after the flip
    assert np.allclose(tr.knee_flexion_deg, np.degrees(0.2 + 3 * tr.time_s))


def test_csv_with_explicit_columns_and_units(tmp_path):
    p = tmp_path / "t.csv"
    t = np.linspace(0, 0.2, 21)
    theta = 20 + 25 * np.sin(np.pi * t / 0.2)
    mkg = 2.5 * np.sin(np.pi * t / 0.2)
    p.write_text(
        "# a comment\nt,flex,mom\n"
        + "\n".join(f"{a},{b},{c}" for a, b, c in zip(t, theta, mkg, strict=True))
    )
    tr = read_trial(
        p,
        time_column="t",
        angle_column="flex",
        moment_column="mom",
        moment_unit="Nm_kg",
        body_mass_kg=60,
    )
    assert tr.knee_extension_moment_Nm.max() == pytest.approx(150.0)
    r = trial_load(tr)
    jl = patellofemoral_load(theta, knee_extension_moment_Nm=60 * mkg, area_fit=STANCE_AREA_FIT)
    assert np.allclose(r.joint_reaction_force_N, jl.joint_reaction_force_N)
    s = r.summary()
    assert s.peak_knee_extension_moment_Nm_kg == pytest.approx(2.5)
    assert np.isnan(s.steps_per_km) and np.isnan(s.peak_vertical_grf_bw)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(angle_column="knee_angle_l"), "no knee angle column 'knee_angle_l'"),
        (dict(moment_column="nope"), "no knee moment column 'nope'"),
        (dict(moment_unit="Nm_kg"), "needs body_mass_kg"),
        (dict(moment_unit="Nmm"), "moment_unit"),
        (dict(angle_unit="deg"), "radians"),
    ],
)
def test_bad_trial_input(tmp_path, kwargs, match):
    t = np.linspace(0, 0.2, 5)
    p = tmp_path / "x.csv"
    p.write_text(
        "time,knee_angle_r,knee_angle_r_moment\n" + "\n".join(f"{a},{0.3 + a},{100}" for a in t)
    )
    # the angles are radians (0.3-0.5): read as degrees they never flex 5 deg, which is refused
    kwargs = {"angle_unit": "rad", **kwargs}
    with pytest.raises(ValueError, match=match):
        read_trial(p, **kwargs)


def test_moment_in_wrong_units_is_refused(tmp_path):
    p = tmp_path / "y.csv"
    p.write_text("time,knee_angle_r,knee_angle_r_moment\n0,20,150000\n0.1,40,180000\n")
    with pytest.raises(ValueError, match="N·mm"):
        read_trial(p)


@needs_shared
def test_fukuchi_trial_reader():
    tr = read_trial(COORDS, moment_path=MOMENTS, body_mass_kg=62.0)
    notes = " ".join(tr.notes)
    assert "nRows=51" in notes and "radians" in notes and "interpolated" in notes
    assert tr.time_s.size == 50


@needs_shared
def test_fukuchi_peak_pfjrf_matches_the_hand_chain():
    # Hand chain (README of the shared folder, Nunes 2018 k-model): angle interpolated onto the
    # moment time stamps, stance 14.275-14.492 s: peak flexion 48.0 deg, moment 194.8 N.m, PFJRF 4495 N.
    _h, ca, da, _n = read_sto(COORDS)
    _h, cm, dm, _n = read_sto(MOMENTS)
    t_m = dm[:, cm.index("time")]
    stance = (t_m >= 14.275) & (t_m <= 14.492)
    theta = np.degrees(np.interp(t_m, da[:, ca.index("time")], da[:, ca.index("knee_angle_r")]))
    moment = -dm[:, cm.index("knee_angle_r_moment")]
    jrf = np.max(
        patellofemoral_load(
            theta[stance], knee_extension_moment_Nm=moment[stance], area_fit="salsich2003"
        ).joint_reaction_force_N  # the PFJRF does not depend on the area fit
    )
    assert jrf == pytest.approx(4495.0, rel=0.005)
    tr = read_trial(COORDS, moment_path=MOMENTS, body_mass_kg=62.0, stance_s=(14.275, 14.492))
    s = trial_load(tr, model="k").summary()
    assert s.peak_joint_reaction_force_N == pytest.approx(jrf, rel=1e-12)
    assert s.peak_joint_reaction_force_N == pytest.approx(4495.0, rel=0.005)
    assert s.peak_knee_flexion_deg == pytest.approx(48.0, abs=0.05)
    assert s.peak_knee_extension_moment_Nm == pytest.approx(194.8, abs=0.05)


def _csv(path: Path, t, theta, moment, names=("time", "knee_angle_r", "knee_angle_r_moment")):
    rows = "\n".join(
        f"{float(a)!r},{float(b)!r},{float(c)!r}" for a, b, c in zip(t, theta, moment, strict=True)
    )
    path.write_text(",".join(names) + "\n" + rows + "\n")
    return path


def test_stance_window_ends_are_interpolated_so_the_trial_spans_the_window(tmp_path):
    # samples every 10 ms; the window 5-95 ms falls between samples. Angle and moment are linear in
    # time, so the interpolated ends are exact: 20 + 100 * 0.005 = 20.5 deg, 50 + 1000 * 0.005 = 55.
    t = np.arange(0.0, 0.101, 0.01)
    p = _csv(tmp_path / "lin.csv", t, 20 + 100 * t, 50 + 1000 * t)
    tr = read_trial(p, stance_s=(0.005, 0.095))
    assert tr.time_s[0] == pytest.approx(0.005) and tr.time_s[-1] == pytest.approx(0.095)
    assert tr.time_s.size == 9 + 2  # 0.01 ... 0.09 inside, plus the two ends
    assert tr.knee_flexion_deg[0] == pytest.approx(20.5)
    assert tr.knee_flexion_deg[-1] == pytest.approx(29.5)
    assert tr.knee_extension_moment_Nm[0] == pytest.approx(55.0)
    assert tr.knee_extension_moment_Nm[-1] == pytest.approx(145.0)
    r = trial_load(tr)
    assert float(r.contact_time_s) == pytest.approx(0.09, abs=1e-12)
    # the stress-time integral covers the whole window (hand: trapezoid over the 11 points)
    jl = patellofemoral_load(
        tr.knee_flexion_deg,
        knee_extension_moment_Nm=tr.knee_extension_moment_Nm,
        area_fit=STANCE_AREA_FIT,
    )
    expect = np.trapezoid(jl.contact_stress_MPa, tr.time_s)
    assert r.summary().stress_time_integral_per_step_MPa_s == pytest.approx(expect, rel=1e-12)
    # a window on the samples themselves adds no duplicate points
    assert read_trial(p, stance_s=(0.01, 0.09)).time_s.size == 9


def test_stance_window_beyond_the_data_is_refused(tmp_path):
    t = np.arange(0.0, 0.101, 0.01)
    p = _csv(tmp_path / "lin.csv", t, 20 + 100 * t, 50 + 1000 * t)
    with pytest.raises(ValueError, match=r"reaches beyond the trial's data.*\(stance_s\)") as exc:
        read_trial(p, stance_s=(0.05, 0.2))
    assert "--" not in str(exc.value)


@needs_shared
def test_fukuchi_contact_time_is_the_stance_window():
    # shared README: foot strike 14.275 s, toe-off 14.492 s -> contact time 0.217 s (the samples
    # inside the window alone span only 0.190 s)
    tr = read_trial(COORDS, moment_path=MOMENTS, body_mass_kg=62.0, stance_s=(14.275, 14.492))
    s = trial_load(tr).summary()
    assert s.contact_time_s == pytest.approx(0.217, abs=1e-9)
    inside = tr.time_s[1:-1]
    assert inside[-1] - inside[0] < 0.2  # the old span, which missed the ends
    assert tr.time_s[0] == 14.275 and tr.time_s[-1] == 14.492
    # At both ends of this trial the knee moment is a flexion moment (-51 N.m at foot strike, -15 at
    # toe-off), so the stress there is 0 and the integral equals the inner one (1.989 MPa.s); the
    # linear test above checks ends that carry load. (1.989 MPa.s with the default kernozek2015 area;
    # 1.388 with salsich2003, the stance default before.)
    r = trial_load(tr)
    assert r.contact_stress_MPa[0] == 0.0 and r.contact_stress_MPa[-1] == 0.0
    assert s.stress_time_integral_per_step_MPa_s == pytest.approx(1.989, abs=5e-4)


def test_moment_in_nm_per_kg_read_as_nm_is_refused(tmp_path):
    # Heiderscheit 2011: running peaks 2-3.5 N.m/kg; a column peaking at 2.5 read as N.m is
    # 0.04 N.m/kg for 60 kg (PFJRF ~ 0.1 BW): refused, naming the option that fixes it.
    t = np.linspace(0, 0.2, 21)
    p = _csv(
        tmp_path / "nmkg.csv", t, 20 + 25 * np.sin(np.pi * t / 0.2), 2.5 * np.sin(np.pi * t / 0.2)
    )
    with pytest.raises(ValueError, match=r"looks like N·m/kg.*give moment_unit='Nm_kg'\.$"):
        read_trial(p, body_mass_kg=60)
    with pytest.raises(
        ValueError, match=r"looks like N·m/kg.*body_mass_kg=KG and moment_unit='Nm_kg'\.$"
    ):
        read_trial(p)
    # the same column with the unit given is accepted (150 N.m peak)
    tr = read_trial(p, body_mass_kg=60, moment_unit="Nm_kg")
    assert tr.knee_extension_moment_Nm.max() == pytest.approx(150.0)
    # a real N.m moment just above the floor passes: 0.3 N.m/kg * 60 kg = 18 N.m
    q = _csv(
        tmp_path / "nm.csv", t, 20 + 25 * np.sin(np.pi * t / 0.2), 19 * np.sin(np.pi * t / 0.2)
    )
    assert read_trial(q, body_mass_kg=60).knee_extension_moment_Nm.max() == pytest.approx(19.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(), r"no time column 'time'.*Give the right name with time_column=NAME, or"),
        (dict(time_column="t", moment_column="M"), r"its name with moment_column=NAME\.$"),
    ],
)
def test_missing_column_messages_name_the_python_argument(tmp_path, kwargs, match):
    t = np.linspace(0, 0.2, 5)
    p = _csv(tmp_path / "c.csv", t, 20 + 100 * t, 100 + 0 * t, names=("t", "knee_angle_r", "mom"))
    with pytest.raises(ValueError, match=match) as exc:
        read_trial(p, **kwargs)
    assert "--" not in str(exc.value)  # pfsim trial gives the flags (tests/test_cli.py)


@needs_shared
def test_to_csv_writes_the_bytes_pfsim_trial_out_writes(tmp_path):
    import sys

    import pfsim.cli

    cli_file, method_file = tmp_path / "cli.csv", tmp_path / "method.csv"
    argv = ["trial", str(COORDS), "--moments", str(MOMENTS), "--mass", "62"]
    argv += ["--stance", "14.275,14.492", "--out", str(cli_file)]
    assert pfsim.cli.main(argv) == 0
    tr = read_trial(COORDS, moment_path=MOMENTS, body_mass_kg=62.0, stance_s=(14.275, 14.492))
    r = trial_load(tr, area_fit=STANCE_AREA_FIT, model="k", extrapolate="nan")
    r.to_csv(method_file, scenario_columns=[], provenance={"command": " ".join(sys.argv)})

    def without_command_line(path):
        lines = path.read_bytes().splitlines(keepends=True)
        return b"".join(ln for ln in lines if not ln.startswith(b"# command: "))

    assert without_command_line(method_file) == without_command_line(cli_file)
    assert method_file.read_bytes() == cli_file.read_bytes()  # the CLI records sys.argv too


def test_read_sto_is_the_io_reader_and_keeps_its_gait_names():
    import pfsim.gait.trials
    import pfsim.io

    assert read_sto is pfsim.io.read_sto is pfsim.gait.trials.read_sto


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t,flex,mom\n", r"t\.csv: needs a header row and at least one data row"),
        ("", r"t\.csv: no rows \(need a header"),
        ("t,flex,mom\n0,20,x\n", r"t\.csv: every value after the header row must be a number"),
        ("t,flex,mom\n0,20,1\n0.1,30\n", r"t\.csv: row 2 \(line 3\) has 2 field\(s\)"),
        ("t,flex,t\n0,20,1\n", r"t\.csv: line 1 \(header\): column\(s\) 't' appear more than once"),
    ],
)
def test_trial_csv_errors_name_the_file_and_the_problem(tmp_path, text, expected):
    """The trial CSV is read by pfsim.io.read_commented_table: its errors name the file and line."""
    p = tmp_path / "t.csv"
    p.write_text(text)
    with pytest.raises(ValueError, match=expected):
        read_trial(p, time_column="t", angle_column="flex", moment_column="mom", body_mass_kg=60)
    with pytest.raises(ValueError, match=r"trial file '.*nope\.csv' does not exist"):
        read_trial(tmp_path / "nope.csv")


# --- issue 16: malformed trials are refused, naming the file and the fix
@pytest.mark.parametrize(
    ("t", "says"),
    [
        (np.zeros(11), r"eq\.csv:time: data row 2 repeats the time of row 1 \(0 s\)"),
        ([0.0], r"eq\.csv:time: 1 row\(s\); a trial needs at least 2 time stamps"),
        (
            np.r_[0.0, 0.02, 0.01, np.arange(0.03, 0.105, 0.01)],
            r"eq\.csv:time: data row 3 \(0.01 s\) comes before row 2 \(0.02 s\); the time must "
            r"increase.*time_column=NAME\)",
        ),
    ],
)
def test_trials_whose_time_does_not_increase_are_refused(tmp_path, t, says):
    t = np.asarray(t, dtype=float)
    p = _csv(tmp_path / "eq.csv", t, 20 + 20 * np.arange(t.size) / t.size, 100 + 0 * t)
    with pytest.raises(ValueError, match=says):
        read_trial(p)
    with pytest.raises(ValueError, match=says):
        read_trial(p, stance_s=(0.0, 0.05))


def test_a_trial_longer_than_a_stance_needs_a_stance_window(tmp_path):
    from pfsim.gait.trials import MAX_STANCE_S

    assert MAX_STANCE_S == 1.0
    t = np.linspace(0.0, 9000.0, 51)
    p = _csv(tmp_path / "long.csv", t, 20 + 25 * np.sin(np.pi * t / 9000), 50 + 0 * t)
    with pytest.raises(
        ValueError,
        match=r"long\.csv: the trial spans 9000 s \(0-9000 s\), more than one stance.*give the "
        r"stance window, stance_s=\(foot strike, toe-off\)",
    ):
        read_trial(p)
    with pytest.raises(ValueError, match=r"long\.csv: the stance window stance_s spans 2000 s"):
        read_trial(p, stance_s=(0.0, 2000.0))
    # a window of one stance inside the long file is read
    q = _csv(tmp_path / "ok.csv", np.linspace(0, 3, 301), np.full(301, 30.0), np.full(301, 120.0))
    tr = read_trial(q, stance_s=(1.0, 1.25))
    assert tr.time_s[0] == 1.0 and tr.time_s[-1] == 1.25
    # a file of one stride (just under 1 s) is still read whole, as before
    r = _csv(tmp_path / "stride.csv", np.linspace(0, 0.9, 91), np.full(91, 30.0), np.full(91, 1e2))
    assert read_trial(r).time_s.size == 91


def test_angle_and_moment_files_overlapping_at_one_stamp_are_refused(tmp_path):
    ang = _sto(tmp_path / "a.sto", [[0.0, 10.0], [0.1, 20.0]])
    mom = _sto(
        tmp_path / "m.sto",
        [[0.1, -100.0], [0.2, -120.0]],
        columns=("time", "knee_angle_r_moment"),
    )
    with pytest.raises(ValueError, match=r"a\.sto and m\.sto: angle and moment overlap at 1 time"):
        read_trial(ang, moment_path=mom, body_mass_kg=70)


@pytest.mark.parametrize("sign", [float("nan"), 2.0, 0.0, -0.5])
def test_moment_sign_is_plus_or_minus_one(tmp_path, sign):
    p = tmp_path / "t.csv"
    p.write_text("time,knee_angle_r,knee_angle_r_moment\n0,10,50\n0.1,30,150\n0.2,20,80\n")
    with pytest.raises(ValueError, match=r"moment_sign must be \+1 or -1"):
        read_trial(p, moment_sign=sign)
