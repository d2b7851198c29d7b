"""Atomic writes leave either the old file or the complete new one."""

import pytest

from pfsim.io import atomic_write_text, write_csv


def test_atomic_write_replaces(tmp_path):
    p = tmp_path / "a.txt"
    atomic_write_text(p, "old")
    atomic_write_text(p, "new")
    assert p.read_text() == "new"
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_failed_write_keeps_old_file(tmp_path):
    p = tmp_path / "t.csv"
    write_csv(p, {"a": [1.0, 2.0]})
    before = p.read_text()
    with pytest.raises(ValueError, match="differ in length"):
        write_csv(p, {"a": [1.0], "b": [1.0, 2.0]})
    assert p.read_text() == before
    assert len(list(tmp_path.iterdir())) == 1


def test_csv_round_trip_exact(tmp_path):
    import numpy as np

    x = np.array([0.1, 1 / 3, 2.0e-17])
    p = write_csv(tmp_path / "x.csv", {"x": x})
    back = np.loadtxt(p, skiprows=1)
    assert np.array_equal(back, x)


def test_written_files_have_ordinary_permissions(tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "m.txt", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644


def test_integer_columns_are_written_as_integers(tmp_path):
    import numpy as np

    cols = {
        "scenario": np.repeat(np.arange(2), 2),
        "sample": np.tile(np.arange(2), 2),
        "stress_MPa": np.array([0.5, 1.0, 1.5, 2.0]),
    }
    p = write_csv(tmp_path / "i.csv", cols)
    lines = p.read_text().splitlines()
    assert lines == ["scenario,sample,stress_MPa", "0,0,0.5", "0,1,1.0", "1,0,1.5", "1,1,2.0"]
