"""The Lenhart 2015 table: its derivation (when the source repository is at hand) and its readers."""

import os
import struct
from pathlib import Path

import numpy as np
import pytest

from pfsim.derivations import lenhart2015 as der
from pfsim.joint import _generated_lenhart2015 as table

REPO = Path(os.environ.get("PFSIM_OPENSIM_JAM", "/work/.mirror/clnsmith+opensim-jam/repo"))


def test_table_is_consistent():
    n = len(table.FLEXION_DEG)
    assert len(table.SOURCE_COMMIT) == 40
    for name in dir(table):
        value = getattr(table, name)
        if isinstance(value, tuple) and name.endswith(("_DEG", "_MM", "_N_MM", "_N", "_STRAIN")):
            if name not in ("PROFILE_Z_MM", "SOURCE_FILES", "ITB_FRAMES"):
                assert len(value) == n, name
    assert len(table.PROFILE_HEIGHT_MM) == n
    assert all(len(row) == len(table.PROFILE_Z_MM) for row in table.PROFILE_HEIGHT_MM)
    # a groove: both walls rise from the sulcus at every angle
    assert all(5 < a < 40 for a in table.LATERAL_INCLINATION_DEG + table.MEDIAL_INCLINATION_DEG)


def test_stl_reader_binary_and_ascii():
    tri = np.array([[[0, 0, 0], [1, 0, 0], [0, 1, 0]]], dtype=float)
    binary = b"x" * 80 + struct.pack("<I", 1) + struct.pack("<12fH", 0, 0, 1, *tri.ravel(), 0)
    ascii_ = (
        b"solid t\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n"
        b"   vertex 0 1 0\n  endloop\n endfacet\nendsolid t\n"
    )
    np.testing.assert_array_equal(der.read_stl(binary), tri)
    np.testing.assert_array_equal(der.read_stl(ascii_), tri)


def test_blankevoort_force_is_continuous():
    k, et = 150.0, der.TRANSITION_STRAIN
    below, above = der.blankevoort_N([et - 1e-9, et + 1e-9], k)
    assert abs(below - above) < 1e-5
    assert der.blankevoort_N(-0.01, k) == 0.0
    assert der.blankevoort_N(0.1, k) == pytest.approx(k * (0.1 - et / 2))


@pytest.mark.skipif(
    not REPO.exists(), reason="clnsmith/opensim-jam not fetched (PFSIM_OPENSIM_JAM)"
)
def test_table_regenerates_from_source():
    text = der.render(der.derive(REPO))
    assert text == der.TABLE_PATH.read_text(encoding="utf-8"), (
        "stale: python -m pfsim.derivations.lenhart2015 DIR"
    )
