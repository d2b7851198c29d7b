"""pfsim demo writes its figure, table and provenance into the folder it names."""

import csv
import json

import pytest

from pfsim.cli import main


@pytest.mark.slow
def test_demo_writes_outputs(tmp_path, capsys):
    out_dir = tmp_path / "demo"
    assert main(["demo", "--out", str(out_dir)]) == 0
    stdout = capsys.readouterr().out
    assert str(out_dir.resolve()) in stdout
    png = out_dir / "sagittal_curves.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    with open(out_dir / "sagittal_curves.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))  # a plain CSV: no comment lines to skip
    assert len(rows) == 91 and "contact_stress_MPa__connolly2009" in rows[0]
    prov = json.loads((out_dir / "sagittal_curves.json").read_text())
    assert prov["pfsim_version"] and prov["numpy"]
    assert not list(out_dir.glob("*.tmp"))
    # the frontal free-body diagram and the three mission studies, each a figure and a table
    for name in (
        "frontal_free_body.png",
        "frontal_facets.csv",
        "cadence.png",
        "cadence.csv",
        "strength.png",
        "strength.csv",
        "load.png",
        "load.csv",
    ):
        assert (out_dir / name).stat().st_size > 1000, name
        assert name in stdout
