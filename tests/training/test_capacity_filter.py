"""The capacity's exponentially weighted mean without scipy.signal (issue 14, part 8)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from pfsim.training.capacity import _ewm, capacity_alpha_per_day


@pytest.mark.parametrize("seed", range(20))
def test_ewm_is_bit_identical_to_lfilter(seed):
    lfilter = pytest.importorskip("scipy.signal").lfilter
    rng = np.random.default_rng(seed)
    a = capacity_alpha_per_day(rng.uniform(1.0, 100.0))
    z0 = (1.0 - a) * rng.uniform(0.0, 1e4) / 7.0
    x = rng.lognormal(3.0, 2.0, rng.integers(1, 3000)) * rng.integers(0, 2, 1)[0]
    x = x * rng.integers(0, 2, x.size)  # rest days
    if seed % 3 == 0:
        x[rng.integers(0, x.size)] = np.nan
    if seed % 4 == 0:
        x[rng.integers(0, x.size)] = np.inf
    ref, _ = lfilter([a], [1.0, -(1.0 - a)], x, zi=[z0])
    got = _ewm(x, a, z0)
    assert got.dtype == np.float64 and got.shape == x.shape
    np.testing.assert_array_equal(got, ref)  # NaN where NaN, every other bit equal


def test_ewm_by_hand():
    # c_t = 0.75 c_{t-1} + 0.25 x_t from c_{-1} = 4
    got = _ewm([8.0, 0.0, 4.0], 0.25, 0.75 * 4.0)
    np.testing.assert_array_equal(got, [5.0, 3.75, 3.8125])


def test_pfsim_load_does_not_import_scipy_signal(tmp_path):
    # a whole pfsim load run, in a fresh interpreter: scipy.signal (0.7-0.9 s) is never imported
    history = tmp_path / "h.csv"
    history.write_text("week,distance_km,speed_m_s\n1,20,3.0\n2,30,3.0\n3,25,3.2\n")
    runner = "healthy"  # the bundled example, by name
    code = (
        "import sys; from pfsim.cli.main import main;"
        f"status = main(['load', {str(history)!r}, '--runner', {runner!r}, '--json']);"
        "print('scipy.signal' in sys.modules, status, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "False 0"
