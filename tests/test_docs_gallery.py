"""The documentation gallery's scripts run and each draws at least one figure.

The docs build (``bash docs/build.sh``) runs them too, with sphinx-gallery; this test keeps them
working where the docs are not built.
"""

import runpy
from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parents[1] / "docs" / "gallery"
SCRIPTS = sorted(GALLERY.glob("plot_*.py"))


def test_gallery_has_the_eight_starting_points():
    assert len(SCRIPTS) >= 8, [p.name for p in SCRIPTS]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_gallery_script_runs_and_draws(script, capsys):
    plt = pytest.importorskip("matplotlib.pyplot")
    plt.close("all")
    try:
        runpy.run_path(str(script), run_name="__main__")
        assert plt.get_fignums(), f"{script.name} drew no figure"
    finally:
        plt.close("all")
