"""`pfsim sweep` through the real command (pfsim.cli.main): CSV + provenance, reproducible bytes."""

import json

from pfsim.cli import main

PROBLEM = "cadence_grid"  # bundled: pfsim.examples


def test_sweep_cli_writes_reproducible_csv_and_provenance(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["sweep", str(PROBLEM), "--out", str(a), "--json"]) == 0
    capsys.readouterr()
    assert (
        main(["sweep", str(PROBLEM), "--out", str(b), "--chunk-size", "7", "--workers", "2"]) == 0
    )
    csv_a = sorted(a.glob("*.csv"))
    assert len(csv_a) == 1
    csv_b = b / csv_a[0].name
    assert csv_a[0].read_bytes() == csv_b.read_bytes()
    prov = json.loads(csv_a[0].with_suffix(".json").read_text())
    assert prov["pfsim_version"] and "problem" in json.dumps(prov)
    assert prov["command"] == ["pfsim", "sweep", str(PROBLEM), "--out", str(a), "--json"]
    assert prov["timestamp"].endswith("Z") and "git_commit" in prov
    assert list(prov["units"]) == sorted(prov["csv"]["columns"])  # a unit for every column
    assert prov["units"]["speed_m_s"] == "m/s"


def test_sweep_cli_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[inputs.speed_m_s]\nbounds = [4, 2]\n")
    assert main(["sweep", str(bad), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "Traceback" not in err
