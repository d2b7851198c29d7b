"""Benchmark of ``pfsim.assess`` (issue 13): one assessment, and a cohort of profiles on 2 cores.

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/bench_assess.py [--cohort N] [--workers W]

Prints the wall time of one assessment with the default draws (cold: first call in the process,
including imports; warm: median of 5 later calls), with and without a history, and of a cohort of N
random profiles (default 1000) through the sweep engine (:func:`pfsim.sweep.run_sweep` of
:func:`pfsim.assess.assess_cohort`, the nominal attribution and first intervention of each profile,
chunks of 50 profiles) on W worker processes (default 2, :func:`pfsim.sweep.process_pool`).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _cohort(n: int) -> dict:
    """N random profiles (seeded): strengths, VMO, tightness, pronation, sex, speed."""
    rng = np.random.default_rng(0)
    return {
        "sex_code": rng.integers(1, 3, n).astype(float),
        "hip_abductor_strength_rel": rng.uniform(0.7, 1.2, n),
        "hip_external_rotator_strength_rel": rng.uniform(0.7, 1.2, n),
        "quadriceps_strength_rel": rng.uniform(0.7, 1.2, n),
        "vmo_activation": rng.uniform(0.6, 1.2, n),
        "lateral_retinaculum_N": rng.uniform(0.0, 60.0, n),
        "rearfoot_eversion_excess_deg": rng.uniform(-3.0, 6.0, n),
        "speed_m_s": rng.uniform(2.6, 3.6, n),
    }


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
    from pfsim.assess import INTERVENTIONS, assess_cohort
    from pfsim.sweep import design_from_arrays, process_pool, run_sweep

    design = design_from_arrays(_cohort(args.cohort))
    t = time.perf_counter()
    with process_pool(args.workers) as ex:
        res = run_sweep(assess_cohort, design, chunk_size=50, executor=ex)
    dt = time.perf_counter() - t
    first = res["first_intervention_index"].astype(int)
    names = [INTERVENTIONS[k].name if k >= 0 else "none" for k in first]
    counts = {n: names.count(n) for n in sorted(set(names))}
    print(
        f"cohort of {args.cohort} profiles through the sweep engine on {args.workers} workers: "
        f"{dt:.1f} s; first interventions {counts}"
    )


if __name__ == "__main__":
    main()
