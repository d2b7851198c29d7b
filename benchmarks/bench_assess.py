"""Benchmark of ``pfsim.assess`` (issue 13): one assessment, and a cohort of profiles on 2 cores.

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/bench_assess.py [--cohort N] [--workers W]

Prints the wall time of one assessment with the default draws (cold: first call in the process,
including imports; warm: median of 5 later calls), with and without a history, and of a cohort of N
random profiles (default 1000; each ``assess(..., draws=0)``, the nominal attribution and ranking)
over W worker processes (default 2). The cohort uses a process pool, not the pfsim.sweep engine:
the engine sweeps registered array models (pfsim.models), and an assessment is not one yet.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np


def _profile(i: int):
    from pfsim.runner import Runner

    rng = np.random.default_rng(i)
    return Runner(
        name=f"cohort {i}",
        sex=str(rng.choice(["female", "male"])),
        hip_abductor_strength_rel=float(rng.uniform(0.7, 1.2)),
        hip_external_rotator_strength_rel=float(rng.uniform(0.7, 1.2)),
        quadriceps_strength_rel=float(rng.uniform(0.7, 1.2)),
        vmo_activation=float(rng.uniform(0.6, 1.2)),
        lateral_retinaculum_N=float(rng.uniform(0.0, 60.0)),
        rearfoot_eversion_excess_deg=float(rng.uniform(-3.0, 6.0)),
        speed_m_s=float(rng.uniform(2.6, 3.6)),
    )


def _one(i: int) -> str:
    from pfsim.assess import assess

    a = assess(_profile(i), draws=0)
    return a.interventions[0]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cohort", type=int, default=1000)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    t0 = time.perf_counter()
    from pfsim.assess import DEFAULT_DRAWS, assess

    assess("hip_driven", "steady", rng=1)
    print(
        f"one assessment, default draws ({DEFAULT_DRAWS}), history, cold: {time.perf_counter() - t0:.2f} s"
    )
    for hist in ("steady", None):
        times = []
        for k in range(5):
            t = time.perf_counter()
            assess("hip_driven", hist, rng=k)
            times.append(time.perf_counter() - t)
        print(
            f"one assessment, default draws, history={hist}, warm median: {statistics.median(times):.2f} s"
        )
    t = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as ex:
        firsts = list(ex.map(_one, range(args.cohort), chunksize=25))
    dt = time.perf_counter() - t
    counts = {n: firsts.count(n) for n in sorted(set(firsts))}
    print(
        f"cohort of {args.cohort} profiles (draws=0) on {args.workers} workers: {dt:.1f} s; first interventions {counts}"
    )


if __name__ == "__main__":
    main()
