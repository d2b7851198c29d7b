"""Throughput of pfsim.patellofemoral_load (k-model) on broadcast knee states vs a scalar loop.

Run: ``python benchmarks/bench_joint.py [--states 10000000] [--loop 20000]``

Reports knee states per second for the vectorised call (a θ column broadcast against a moment row;
and every state distinct, 1-D arrays of 10^6-10^7) and for a Python loop calling the same function one state at a time, and their
ratio. numpy's elementwise kernels run on one core, so this is a one-core figure. Pinning BLAS
threads does not matter here (no linear algebra). No assertion: numbers are for the README.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import numpy as np

import pfsim


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--loop", type=int, default=20_000, help="states in the scalar loop")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
    rng = np.random.default_rng(0)

    print(f"pfsim {pfsim.__version__}, numpy {np.__version__}, Python {platform.python_version()}")
    print(f"machine: {platform.machine()} {platform.processor() or ''}".rstrip())
    rates = {}
    for n in args.states:
        n_theta = 1000
        n_moment = n // n_theta
        theta = np.linspace(0.0, 45.0, n_theta)[:, None]
        moment = np.linspace(0.0, 250.0, n_moment)[None, :]
        t = best_of(
            lambda: pfsim.patellofemoral_load(theta, knee_extension_moment_Nm=moment), args.repeat
        )
        rates[n] = n / t
        print(f"vectorised, moment input: {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s")
        force = np.linspace(0.0, 6000.0, n_moment)[None, :]
        t = best_of(lambda: pfsim.patellofemoral_load(theta, quad_force_N=force), args.repeat)
        print(f"vectorised, force input:  {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s")
        # Every state distinct (1-D arrays, no broadcasting shortcut): the fits run on all n angles.
        th_n = rng.uniform(2.5, 45.0, n)
        mo_n = rng.uniform(0.0, 250.0, n)
        t = best_of(
            lambda: pfsim.patellofemoral_load(th_n, knee_extension_moment_Nm=mo_n), args.repeat
        )
        rates[n] = n / t
        print(f"distinct states, moment:  {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s")

    th = rng.uniform(2.5, 45, args.loop)
    mo = rng.uniform(0, 250, args.loop)

    def loop():
        for a, m in zip(th, mo, strict=True):
            pfsim.patellofemoral_load(float(a), knee_extension_moment_Nm=float(m))

    t = best_of(loop, 1)
    loop_rate = args.loop / t
    print(
        f"scalar Python loop:       {args.loop:>11,d} states in {t:7.3f} s = {loop_rate:14,.0f} states/s"
    )
    for n, r in rates.items():
        print(f"ratio vectorised (distinct states)/loop at {n:,d} states: {r / loop_rate:,.0f}x")


if __name__ == "__main__":
    main()
