"""Overload index of > 30 % vs < 10 % weekly progression (Nielsen 2014). Reported; see README.md."""

import csv
from pathlib import Path

import numpy as np

from pfsim.runner import Assumptions, Runner
from pfsim.training import graded_progression, weekly_load

HERE = Path(__file__).parent


def _row():
    with open(HERE / "data.csv", encoding="utf-8") as fh:
        return next(csv.DictReader(ln for ln in fh if not ln.startswith("#")))


def _peak_index(pct, tau):
    # 6 steady weeks at 20 km, then 2 weeks of progression at pct %/week, then held
    d = (
        [20.0] * 6
        + [20.0 * (1 + pct / 100) ** k for k in (1, 2)]
        + [20.0 * (1 + pct / 100) ** 2] * 4
    )
    h = graded_progression(20.0, 0.0, len(d), down_week_every=0)
    h = type(h)(**{**h.__dict__, "distance_km": np.array(d)})
    res = weekly_load(
        h, Runner(weekly_distance_km=20.0), assumptions=Assumptions(capacity_time_constant_days=tau)
    )
    return float(res.overload_index.max())


def test_nielsen_progression(vcase):
    row = _row()
    pub = float(row["published_ratio"])
    for tau in (7.0, 42.0, 51.0):
        hi, lo = _peak_index(35.0, tau), _peak_index(8.0, tau)
        vcase(
            case=f"peak overload index, +35 %/wk vs +8 %/wk for 2 weeks (tau {tau:g} d)",
            source=row["source"],
            published=f"HR {pub:g} ({row['ci_low']}-{row['ci_high']})",
            pfsim=f"{hi:.2f} vs {lo:.2f} (ratio {hi / lo:.2f})",
            tolerance="reported: an index is not a hazard",
            passed=None,
        )
        assert hi > lo > 1.0  # direction: faster progression, larger overload
