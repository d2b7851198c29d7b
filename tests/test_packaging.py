"""Files a wheel must carry besides the code: the type marker and the bundled data."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_is_marked_typed_and_ships_the_marker():
    assert (ROOT / "pfsim" / "py.typed").exists()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text()
