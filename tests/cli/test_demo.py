"""pfsim demo writes its figure, table and provenance into the folder it names."""

import csv
import json

import pytest

from pfsim.cli import main


@pytest.mark.slow
def test_demo_writes_outputs(tmp_path, capsys):
    out_dir = tmp_path / "demo"
    assert main(["demo", "--out", str(out_dir)]) == 0
    captured = capsys.readouterr()
    stdout = captured.out
    # progress on stderr, one line a step (the demo takes seconds)
    progress = [ln for ln in captured.err.splitlines() if ln.startswith("pfsim demo: [")]
    assert [ln.split("] ")[0] for ln in progress] == [f"pfsim demo: [{i}/5" for i in range(1, 6)]
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


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("pdf", b"%PDF")])
def test_demo_format_writes_every_figure_in_that_format(tmp_path, capsys, fmt, magic):
    out_dir = tmp_path / fmt
    assert main(["demo", "--out", str(out_dir), "--format", fmt]) == 0
    stdout = capsys.readouterr().out
    stems = ("sagittal_curves", "frontal_free_body", "cadence", "strength", "load")
    for stem in stems:
        path = out_dir / f"{stem}.{fmt}"
        head = path.read_bytes()[:2000]
        assert (magic in head) if fmt == "svg" else head.startswith(magic), path
        assert path.name in stdout
    assert not list(out_dir.glob("*.png"))  # no PNG besides the chosen format


def test_study_and_demo_take_format_and_dpi_flags():
    from pfsim.cli.main import build_parser
    from pfsim.cli.study import FIGURE_FORMATS
    from pfsim.plotting import FIGURE_FORMATS as PLOTTING_FORMATS

    assert FIGURE_FORMATS == PLOTTING_FORMATS
    parser = build_parser()
    for cmd in (["demo"], ["study", "cadence"]):
        args = parser.parse_args([*cmd, "--format", "pdf", "--dpi", "72"])
        assert (args.figure_format, args.dpi) == ("pdf", 72)
        args = parser.parse_args(cmd)
        assert (args.figure_format, args.dpi) == ("png", 150)
    with pytest.raises(SystemExit):
        parser.parse_args(["demo", "--format", "jpg"])
    with pytest.raises(SystemExit):
        parser.parse_args(["demo", "--dpi", "0"])


@pytest.mark.slow
def test_study_dpi_sets_the_png_size(tmp_path):
    sizes = {}
    for dpi in (50, 100):
        out = tmp_path / str(dpi)
        assert main(["study", "strength", "--out", str(out), "--dpi", str(dpi)]) == 0
        head = (out / "strength.png").read_bytes()[:24]
        sizes[dpi] = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert sizes[100] == (2 * sizes[50][0], 2 * sizes[50][1])
