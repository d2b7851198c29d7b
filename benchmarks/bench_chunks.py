"""Throughput of the full joint model against the number of knee states per call (issue 15).

Usage: ``python benchmarks/bench_chunks.py [--states 1000000] [--sizes 3000 10000 ...]``

The same ``--states`` distinct states (random angles, moments and frontal inputs, as in
``bench_joint.py``) go through ``patellofemoral_load(..., frontal="eager")`` in calls of each size;
the sizes run in alternating order ``--repeat`` times and the best time of each is printed. The
knee of the curve (where larger calls stop paying and the temporaries leave the cache) sets
:data:`pfsim.gait.refined.STATES_PER_CALL`. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import pfsim


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=int, default=1_000_000)
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
    rng = np.random.default_rng(0)
    n = args.states
    theta = rng.uniform(2.5, 45.0, n)
    moment = rng.uniform(0.0, 250.0, n)
    frontal = dict(
        q_angle_deg=rng.uniform(8, 25, n),
        hip_adduction_deg=rng.uniform(-5, 20, n),
        femoral_internal_rotation_deg=rng.uniform(-10, 15, n),
        vmo_activation=rng.uniform(0.3, 1.5, n),
    )

    def run(size):
        t0 = time.perf_counter()
        for i in range(0, n, size):
            sl = slice(i, i + size)
            pfsim.patellofemoral_load(
                theta[sl], knee_extension_moment_Nm=moment[sl], area_fit="salsich2003",
                frontal="eager", **{k: v[sl] for k, v in frontal.items()},
            )  # fmt: skip
        return time.perf_counter() - t0

    run(min(args.sizes))  # warm-up
    best = {size: np.inf for size in args.sizes}
    for _ in range(args.repeat):
        for size in args.sizes:
            best[size] = min(best[size], run(size))
    for size, t in best.items():
        print(
            f"states per call {size:>9,d}: {t:6.3f} s for {n:,d} states = {n / t:12,.0f} states/s"
        )


if __name__ == "__main__":
    main()
