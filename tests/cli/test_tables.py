"""Every table pfsim writes: a plain CSV (``pandas.read_csv`` with no options) and a full sidecar.

The sidecar ``<name>.json`` holds the versions, the command line, the git commit (when run from a
checkout), an ISO-8601 UTC timestamp, the resolved inputs, the unit of every column and the CSV's
SHA-256 (pfsim.io.write_table). Checked through the real commands: demo, run, trial, load, study.
"""

import datetime
import hashlib
import json
from pathlib import Path

import pytest

from pfsim.cli import main
from pfsim.io import git_commit, sidecar_path

pd = pytest.importorskip("pandas")

RUNNERS = Path(__file__).resolve().parents[2] / "pfsim" / "examples" / "runners"
HISTORIES = RUNNERS.parent / "histories"
VERSIONS = ("pfsim_version", "python", "numpy", "scipy", "matplotlib")


def check_table(csv_path: Path, argv: list[str]) -> dict:
    """Assert that ``csv_path`` is a plain CSV with a complete sidecar; return the sidecar."""
    data = csv_path.read_bytes()
    assert not data.startswith(b"#") and b"\n#" not in data, csv_path  # no comment line
    df = pd.read_csv(csv_path)  # no comment=, no skiprows=
    assert len(df) > 0 and not any(str(c).startswith("Unnamed") for c in df.columns), csv_path
    side = sidecar_path(csv_path)
    assert side == csv_path.with_suffix(".json") and side.exists(), csv_path
    prov = json.loads(side.read_text(encoding="utf-8"))
    for key in VERSIONS:
        assert key in prov, (csv_path, key)
    assert prov["pfsim_version"] and prov["numpy"] and prov["scipy"] and prov["python"]
    assert prov["command"] == ["pfsim", *argv], csv_path
    assert prov["git_commit"] == git_commit()  # from this checkout: HEAD; installed: None
    stamp = datetime.datetime.fromisoformat(prov["timestamp"].replace("Z", "+00:00"))
    assert stamp.utcoffset() == datetime.timedelta(0) and prov["timestamp"].endswith("Z")
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - stamp).total_seconds()) < 600
    assert isinstance(prov["inputs"], dict) and prov["inputs"], csv_path
    assert list(df.columns) == prov["csv"]["columns"], csv_path
    assert set(prov["units"]) == set(df.columns), csv_path
    assert prov["csv"]["file"] == csv_path.name and prov["csv"]["rows"] == len(df)
    assert prov["csv"]["sha256"] == hashlib.sha256(data).hexdigest(), csv_path
    return prov


def test_check_table_fails_on_a_commented_csv_and_an_incomplete_sidecar(tmp_path):
    """The checker can fail: a comment line, a missing field, a stale hash."""
    from pfsim.io import write_table

    path = write_table(tmp_path / "t.csv", {"knee_flexion_deg": [30.0]}, inputs={"a": 1})
    good = path.read_bytes()
    argv = ["x"]
    with pytest.raises(AssertionError):
        check_table(path, argv)  # command None from Python
    side = json.loads(path.with_suffix(".json").read_text())
    side["command"] = ["pfsim", *argv]
    path.with_suffix(".json").write_text(json.dumps(side))
    assert check_table(path, argv)["units"] == {"knee_flexion_deg": "deg"}
    path.write_bytes(b"# pfsim\n" + good)
    with pytest.raises(AssertionError):
        check_table(path, argv)
    path.write_bytes(good.replace(b"30.0", b"31.0"))  # edited: the hash no longer matches
    with pytest.raises(AssertionError):
        check_table(path, argv)
    path.write_bytes(good)
    del side["timestamp"]
    path.with_suffix(".json").write_text(json.dumps(side))
    with pytest.raises(KeyError):
        check_table(path, argv)


def _run(argv: list[str], capsys) -> None:
    assert main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()


@pytest.mark.slow
def test_every_demo_csv_reads_with_plain_pandas_and_has_a_full_sidecar(tmp_path, capsys):
    out = tmp_path / "demo"
    argv = ["demo", "--out", str(out)]
    _run(argv, capsys)
    tables = sorted(out.glob("*.csv"))
    names = {p.name for p in tables}
    assert {"sagittal_curves.csv", "frontal_facets.csv", "cadence.csv", "load.csv"} <= names
    for path in tables:
        check_table(path, argv)
    sag = json.loads((out / "sagittal_curves.json").read_text())
    assert sag["units"]["contact_stress_MPa__salsich2003"] == "MPa"  # unit of the part before __
    assert sag["inputs"]["moment_Nm"] == 175.0 and sag["inputs"]["notes"]
    frontal = json.loads((out / "frontal_facets.json").read_text())
    assert frontal["inputs"]["quad_force_N"] == 2500.0
    assert frontal["units"]["lateral_tilt_deg__altered"] == "deg"
    assert not list(out.glob(".*.tmp"))


def test_run_out_is_a_plain_csv_with_a_full_sidecar(tmp_path, capsys):
    path = tmp_path / "s.csv"
    argv = ["run", "--speed", "3,3.5", "--step-rate", "168", "--mass", "70", "--height", "1.75"]
    argv += ["--out", str(path)]
    _run(argv, capsys)
    prov = check_table(path, argv)
    assert prov["inputs"]["scenario"]["speed_m_s"] == [3.0, 3.5]
    assert prov["units"]["contact_stress_MPa"] == "MPa" and prov["units"]["time_s"] == "s"


def test_run_runner_out_is_a_plain_csv_with_a_full_sidecar(tmp_path, capsys):
    path = tmp_path / "r.csv"
    argv = ["run", "--runner", str(RUNNERS / "hip_driven.toml"), "--out", str(path)]
    _run(argv, capsys)
    assert check_table(path, argv)["inputs"]["runner_file"] == str(RUNNERS / "hip_driven.toml")


def test_trial_out_is_a_plain_csv_with_a_full_sidecar(tmp_path, capsys):
    trial = tmp_path / "k.csv"
    rows = [(i * 0.01, 20 + 2 * i, 10 * i) for i in range(21)]
    trial.write_text("t,flex,mom\n" + "\n".join(f"{a},{b},{c}" for a, b, c in rows) + "\n")
    path = tmp_path / "out" / "trial.csv"
    argv = ["trial", str(trial), "--time-column", "t", "--angle-column", "flex"]
    argv += ["--moment-column", "mom", "--out", str(path)]
    _run(argv, capsys)
    prov = check_table(path, argv)
    assert prov["inputs"]["trial"]["file"] == str(trial)
    assert prov["inputs"]["trial"]["angle_column"] == "flex"


def test_load_out_is_a_plain_csv_with_a_full_sidecar(tmp_path, capsys):
    path = tmp_path / "load.csv"
    hist = HISTORIES / "steady.csv"
    argv = ["load", str(hist), "--runner", str(RUNNERS / "healthy.toml"), "--out", str(path)]
    _run(argv, capsys)
    prov = check_table(path, argv)
    assert prov["inputs"]["history"] == str(hist) and prov["inputs"]["runner"]
    assert prov["units"]["dose_MPa_s"] == "MPa·s"


def test_study_cadence_tables_are_plain_csvs_with_full_sidecars(tmp_path, capsys):
    out = tmp_path / "study"
    argv = ["study", "cadence", "--out", str(out)]
    _run(argv, capsys)
    tables = sorted(out.glob("*.csv"))
    assert [p.name for p in tables] == ["cadence.csv"]
    prov = check_table(tables[0], argv)
    assert prov["inputs"]["problem"]["model"] == "stance"
    assert prov["units"]["step_rate_change_pct"] == "%"


def test_study_tables_are_the_same_bytes_on_a_rerun(tmp_path, capsys):
    """The timestamp and command line live only in the sidecar: the CSV bytes repeat."""
    for name in ("a", "b"):
        _run(["study", "cadence", "--out", str(tmp_path / name)], capsys)
    a, b = (tmp_path / n / "cadence.csv" for n in ("a", "b"))
    assert a.read_bytes() == b.read_bytes()
