"""Throughput of the complete stance model: scenarios → spring-mass → knee state → joint model.

Usage: ``python benchmarks/bench_gait.py [--scenarios N] [--chunk C] [--repeat R] [--slopes]
[--sagittal-only] [--model]``

``--model`` times the sweep's stance model instead, :func:`pfsim.models.stance_model` (all its
summaries, facet ones included), called once on all scenarios: it chunks internally (about 30,000
joint states per call) and evaluates 41 joint states per scenario (:mod:`pfsim.gait.refined`) in
trees that have the refined stance, 101 in older ones. ``--chunk`` is then ignored.

Each scenario has its own speed, step rate, body mass and height (random, physiological ranges), 101
samples over stance, and goes through :func:`pfsim.patellofemoral_load` (k model, Salsich 2003
area, and by default the frontal facet model; ``--sagittal-only`` skips it). ``--slopes`` gives each
scenario a random incline in ±10° (the slope's centre-of-mass timing is solved per scenario). Chunks bound memory (each chunk allocates a few dozen arrays of ``chunk × 101`` doubles).
Prints the best of ``repeat`` runs; nothing is asserted (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np


def run(
    n: int, chunk: int, rng: np.random.Generator, slopes: bool = False, **joint_kwargs
) -> float:
    from pfsim.gait import stance

    speed = rng.uniform(2.5, 5.0, n)
    step_rate = rng.uniform(155.0, 190.0, n)
    mass = rng.uniform(50.0, 90.0, n)
    height = rng.uniform(1.6, 1.9, n)
    slope = rng.uniform(-10.0, 10.0, n) if slopes else np.zeros(n)
    t0 = time.perf_counter()
    total = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few deep-flexion samples are NaN beyond the area fit
        if joint_kwargs.pop("model", False):
            from pfsim.models import stance_model

            out = stance_model(speed, step_rate, body_mass_kg=mass, height_m=height,
                               slope_deg=slope, **joint_kwargs)  # fmt: skip
            assert np.nansum(out["peak_joint_reaction_force_N"]) > 0
            return time.perf_counter() - t0
        for i in range(0, n, chunk):
            sl = slice(i, i + chunk)
            r = stance(
                speed[sl], step_rate[sl], mass[sl], height[sl], slope_deg=slope[sl], **joint_kwargs
            )
            total += float(np.nansum(r.summary().peak_joint_reaction_force_N))
    dt = time.perf_counter() - t0
    assert total > 0
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--sagittal-only",
        action="store_true",
        help="pass frontal=False to patellofemoral_load (skip the facet model)",
    )
    ap.add_argument("--slopes", action="store_true", help="random inclines in ±10 deg")
    ap.add_argument("--model", action="store_true", help="time pfsim.models.stance_model")
    a = ap.parse_args()
    kw = {"frontal": False} if a.sagittal_only else {}
    if a.model:
        kw["model"] = True
    rng = np.random.default_rng(0)
    run(min(a.chunk, a.scenarios), a.chunk, rng, a.slopes, **dict(kw))  # warm-up (imports, caches)
    times = [
        run(a.scenarios, a.chunk, np.random.default_rng(1), a.slopes, **dict(kw))
        for _ in range(a.repeat)
    ]
    best = min(times)
    print(
        f"{'stance_model summaries' if a.model else 'stance model'}"
        f"{' (sagittal only)' if a.sagittal_only else ''}"
        f"{', slopes ±10 deg' if a.slopes else ''}: {a.scenarios:,} scenarios × 101 samples, "
        f"chunk {a.chunk:,}: best of "
        f"{a.repeat} {best:.3f} s → {a.scenarios / best:,.0f} scenarios/s, "
        f"{a.scenarios * 101 / best / 1e6:.1f} M samples/s "
        f"(OMP/MKL threads: {os.environ.get('OMP_NUM_THREADS', 'unset')})"
    )


if __name__ == "__main__":
    main()
