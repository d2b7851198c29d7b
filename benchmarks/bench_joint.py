"""Throughput of pfsim.patellofemoral_load (k-model) on broadcast knee states vs a scalar loop.

The sagittal rows use ``frontal=False`` (the sagittal chain alone, issue 2); the FULL rows run the
whole joint model, sagittal + frontal facet contact (issue 3; ``frontal="eager"``, which older trees
read as True), with the numpy facet solver (``PFSIM_COMPILED=0``) and, where numba is installed and
the tree has it, with the compiled one ("FULL ... numba", issue 15; ``--no-numba`` skips it). The CEILING rows (issue 15) compare the default call
``patellofemoral_load(theta, quad_force_N=F)`` (facet outputs computed on first access, not read
here) with a hand-fused numpy chain of the same equations (no checks, no result object), on the
same distinct states, alternating the two ``--repeat`` times. The scalar rows give µs per call of a
Python loop over plain floats: sagittal only, default call, and default call reading a facet output.

Run: ``python benchmarks/bench_joint.py [--states 10000000] [--loop 20000]``

Reports knee states per second for the vectorised call (a θ column broadcast against a moment row;
and every state distinct, 1-D arrays of 10^6-10^7) and for a Python loop calling the same function one state at a time, and their
ratio. numpy's elementwise kernels run on one core, so this is a one-core figure. Pinning BLAS
threads does not matter here (no linear algebra). No assertion: numbers are for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np

import pfsim
from pfsim.joint.model import DEFAULT_AREA_FIT


def fused_chain(theta, force):
    """The default k-model chain by hand: k (Brechter 2002), PFJRF, the default contact area, stress.

    The area is the default fit's (``pfsim.joint.model.DEFAULT_AREA_FIT``): Kernozek 2015's cubic
    since the dose merge, Connolly 2009's quadratic before (older trees).
    """
    num = (-3.84e-5 * theta + 1.47e-3) * theta + 0.462
    den = ((-6.98e-7 * theta + 1.55e-4) * theta - 1.62e-2) * theta + 1.0
    k = num / den
    jrf = force * k
    if DEFAULT_AREA_FIT == "kernozek2015":
        area = ((-0.0001 * theta - 0.0082) * theta + 3.5071) * theta + 73.81
    else:
        area = (0.0781 * theta + 0.6763) * theta + 151.75
    return jrf, area, jrf / area, k


def ceiling(n: int, repeat: int, rng) -> float:
    """Default call vs the fused chain on n distinct states: the best times' ratio, printed."""
    theta = rng.uniform(2.5, 45.0, n)
    force = rng.uniform(0.0, 5000.0, n)
    t_fused, t_default = [], []
    for _ in range(repeat):  # alternate, so that a busy machine slows both alike
        t_fused.append(best_of(lambda: fused_chain(theta, force), 1))
        t_default.append(best_of(lambda: pfsim.patellofemoral_load(theta, quad_force_N=force), 1))
    ratio = min(t_fused) / min(t_default)
    print(
        f"CEILING {n:>11,d} states: fused numpy {n / min(t_fused):14,.0f} states/s, default call "
        f"{n / min(t_default):14,.0f} states/s: default / fused = {ratio:.2f}"
    )
    return ratio


def scalar_loop_us(n: int) -> dict:
    """µs per call of a loop over plain floats (sagittal only; default; default + a facet read)."""
    rng = np.random.default_rng(2)
    th = rng.uniform(2.5, 45.0, n).tolist()
    mo = rng.uniform(0.0, 250.0, n).tolist()
    out = {}
    for label, kw, read in (
        ("sagittal only (frontal=False)", {"frontal": False}, False),
        ("default call, facet outputs not read", {}, False),
        ("default call + lateral_facet_stress_MPa", {}, True),
    ):
        t0 = time.perf_counter()
        for a, m in zip(th, mo, strict=True):
            r = pfsim.patellofemoral_load(a, knee_extension_moment_Nm=m, **kw)
            if read:
                r.lateral_facet_stress_MPa  # noqa: B018 (the access computes the facet outputs)
        out[label] = (time.perf_counter() - t0) / n * 1e6
        print(f"SCALAR loop, {label}: {out[label]:8.1f} µs per call")
    return out


def full_with_numba(full, n: int, repeat: int) -> None:
    """The FULL row with the compiled facet solver (``PFSIM_COMPILED=1``), if this tree has it."""
    try:
        import numba  # noqa: F401

        from pfsim.joint.frontal import facets

        facets._solve_compiled  # noqa: B018 (trees before issue 15's compiled extra lack it)
    except (ImportError, AttributeError) as exc:
        print(f"FULL joint model, numba: skipped ({exc})")
        return
    os.environ["PFSIM_COMPILED"] = "1"
    try:
        t0 = time.perf_counter()
        pfsim.joint.frontal.solve_facet_contact(1000.0, 100.0, 300.0)  # compile or load the cache
        first = time.perf_counter() - t0
        t = best_of(full, repeat)
    finally:
        os.environ["PFSIM_COMPILED"] = "0"
    print(
        f"FULL joint model (frontal, numba): {n:>10,d} states in {t:7.3f} s = {n / t:14,.0f} states/s"
        f" (first call in this process: {first:.2f} s)"
    )


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
    ap.add_argument("--full-max", type=int, default=10_000_000, help="largest n for the full model")
    ap.add_argument("--chunk", type=int, default=200_000, help="states per call for the full model")
    ap.add_argument("--ceiling", type=int, nargs="*", default=[100_000, 1_000_000],
                    help="state counts of the default-call vs fused-numpy rows")  # fmt: skip
    ap.add_argument("--scalar", type=int, default=2000, help="calls per scalar-loop row (0: skip)")
    ap.add_argument("--no-numba", dest="numba", action="store_false",
                    help="skip the FULL row with the compiled facet solver (numba)")  # fmt: skip
    args = ap.parse_args()
    warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
    rng = np.random.default_rng(0)

    print(f"pfsim {pfsim.__version__}, numpy {np.__version__}, Python {platform.python_version()}")
    print(f"machine: {platform.machine()} {platform.processor() or ''}".rstrip())
    rates = {}
    full_rates = {}
    for n in args.states:
        n_theta = 1000
        n_moment = n // n_theta
        theta = np.linspace(0.0, 45.0, n_theta)[:, None]
        moment = np.linspace(0.0, 250.0, n_moment)[None, :]
        force = np.linspace(0.0, 6000.0, n_moment)[None, :]
        sag = dict(frontal=False)
        t = best_of(
            lambda: pfsim.patellofemoral_load(theta, knee_extension_moment_Nm=moment, **sag),
            args.repeat,
        )
        print(
            f"sagittal, broadcast grid, moment: {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s"
        )
        t = best_of(
            lambda: pfsim.patellofemoral_load(theta, quad_force_N=force, **sag), args.repeat
        )
        print(
            f"sagittal, broadcast grid, force:  {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s"
        )
        # Every state distinct (1-D arrays, no broadcasting shortcut): the fits run on all n angles.
        th_n = rng.uniform(2.5, 45.0, n)
        mo_n = rng.uniform(0.0, 250.0, n)
        t = best_of(
            lambda: pfsim.patellofemoral_load(th_n, knee_extension_moment_Nm=mo_n, **sag),
            args.repeat,
        )
        rates[n] = n / t
        print(
            f"sagittal, distinct states:        {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s"
        )
        # Full joint model (sagittal + frontal facets), every state distinct, frontal inputs random
        # over physiological ranges; salsich2003 areas (0-60 deg); evaluated in chunks of --chunk.
        if n <= args.full_max:
            fr_in = dict(
                q_angle_deg=rng.uniform(8, 25, n),
                hip_adduction_deg=rng.uniform(-5, 20, n),
                femoral_internal_rotation_deg=rng.uniform(-10, 15, n),
                vmo_activation=rng.uniform(0.3, 1.5, n),
            )

            def full():
                for i in range(0, n, args.chunk):
                    sl = slice(i, i + args.chunk)
                    pfsim.patellofemoral_load(
                        th_n[sl],
                        knee_extension_moment_Nm=mo_n[sl],
                        area_fit="salsich2003",
                        frontal="eager",
                        **{k: v[sl] for k, v in fr_in.items()},
                    )

            os.environ["PFSIM_COMPILED"] = "0"  # the numpy solver (core dependencies)
            t = best_of(full, args.repeat)
            full_rates[n] = n / t
            print(
                f"FULL joint model (frontal):       {n:>11,d} states in {t:7.3f} s = {n / t:14,.0f} states/s"
            )
            if args.numba:
                full_with_numba(full, n, args.repeat)

    for n in args.ceiling:
        ceiling(n, args.repeat, rng)
    if args.scalar:
        scalar_loop_us(args.scalar)

    th = rng.uniform(2.5, 45, args.loop)
    mo = rng.uniform(0, 250, args.loop)

    def loop():
        for a, m in zip(th, mo, strict=True):
            pfsim.patellofemoral_load(float(a), knee_extension_moment_Nm=float(m), frontal=False)

    t = best_of(loop, 1)
    loop_rate = args.loop / t
    print(
        f"scalar Python loop:       {args.loop:>11,d} states in {t:7.3f} s = {loop_rate:14,.0f} states/s"
    )
    for n, r in rates.items():
        print(f"ratio sagittal distinct states / loop at {n:,d} states: {r / loop_rate:,.0f}x")
    for n, r in full_rates.items():
        print(f"full joint model at {n:,d} states: {r:,.0f} states/s")


if __name__ == "__main__":
    main()
