"""Sweep engine throughput and memory: cost per scenario at 10^4, 10^5, 10^6 scenarios.

Each case runs in a fresh subprocess, so its peak resident memory (``ru_maxrss``) is its own. The swept
function is cheap on purpose (a few elementwise operations on three inputs), so the numbers measure the
engine: design generation, chunking, result assembly. Compare ``engine`` with ``direct`` (the same
function called once on whole arrays) for the overhead.

Memory. A result kept in memory (``run_sweep`` without ``csv_path``) holds n × outputs × 8 bytes of
outputs, and the inputs (n × inputs × 8 bytes) once they are asked for or written: writing it with
``to_csv`` therefore peaks at about n × (inputs + outputs) × 8 bytes plus one block of text
(10⁶ × 5 columns: 40 MB; 10⁸: 4 GB). Streaming (``run_sweep(..., csv_path=...)``, what
``pfsim sweep --out`` does) writes each chunk in design order as it finishes and keeps only the
chunks in flight, so its peak does not grow with n. The last table compares the two.

Usage::

    python benchmarks/bench_sweep.py                 # all cases, best of 5, table on stdout
    python benchmarks/bench_sweep.py --sizes 1e4 1e5 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cheap(x_m, y_m, z_m):
    """A cheap vectorised function of three inputs (two outputs)."""
    import numpy as np

    r = np.sqrt(x_m * x_m + y_m * y_m)
    return {"r_m": r, "w_m": r * z_m - 0.5 * x_m}


def _problem():
    from pfsim.sweep import Input, Problem

    return Problem(
        [
            Input("x_m", unit="m", bounds=(0.0, 1.0)),
            Input("y_m", unit="m", bounds=(0.0, 2.0)),
            Input("z_m", unit="m", bounds=(-1.0, 1.0)),
        ],
        name="bench",
    )


def _design(method: str, n: int):
    from pfsim.sweep import grid_design, lhs_design, sobol_design

    p = _problem()
    if method == "grid":  # n = a * b * c as close to a cube as possible
        c = round(n ** (1 / 3))
        while n % c:
            c -= 1
        b = round((n // c) ** 0.5)
        while (n // c) % b:
            b -= 1
        from pfsim.sweep import Input, Problem

        levels = [n // c // b, b, c]
        q = Problem(
            [
                Input(i.name, unit="m", bounds=i.bounds, num=k)
                for i, k in zip(p.inputs, levels, strict=True)
            ]
        )
        return grid_design(q)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # 10^k is not a power of two
        return (sobol_design if method == "sobol" else lhs_design)(p, n, rng=1)


def run_case(method: str, n: int, executor: str, repeat: int, chunk_size: int, checkpoint: str):
    """One measurement, in this process; prints a JSON line."""
    import resource
    import tracemalloc

    from pfsim.sweep import run_sweep

    ex = None
    if executor == "process2":
        import concurrent.futures as cf

        ex = cf.ProcessPoolExecutor(max_workers=2)
        run_sweep(cheap, _design(method, 1024), executor=ex)  # start the workers outside the timing
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        if executor == "direct":
            d = _design(method, n)
            x = d.inputs()
            cheap(**x)
        else:
            kw = {}
            if checkpoint:
                import tempfile

                kw["checkpoint_dir"] = tempfile.mkdtemp(prefix="bench_ckpt_", dir=checkpoint)
            run_sweep(cheap, _design(method, n), chunk_size=chunk_size, executor=ex, **kw)
        times.append(time.perf_counter() - t0)
    # one more run under tracemalloc (numpy reports its buffers to it): peak traced allocation
    tracemalloc.start()
    if executor == "direct":
        cheap(**_design(method, n).inputs())
    else:
        run_sweep(cheap, _design(method, n), chunk_size=chunk_size, executor=ex)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if ex is not None:
        ex.shutdown()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "method": method,
                "n": n,
                "executor": executor,
                "checkpoint": bool(checkpoint),
                "best_s": min(times),
                "ns_per_scenario": 1e9 * min(times) / n,
                "tracemalloc_peak_MB": peak / 1e6,
                "max_rss_MB": rss_kb / 1024,
            }
        )
    )


def csv_case(n: int, out_dir: str, mode: str = "memory"):
    """Sweep + CSV: ``memory`` holds the result then calls ``to_csv``; ``stream`` passes
    ``csv_path=`` (what ``pfsim sweep --out`` does), so only the chunks in flight are held."""
    import tracemalloc

    from pfsim.sweep import run_sweep

    path = Path(out_dir) / f"bench_{mode}.csv"
    tracemalloc.start()
    t0 = time.perf_counter()
    if mode == "stream":
        run_sweep(cheap, _design("sobol", n), csv_path=path)
        dt = time.perf_counter() - t0
        t_csv = None
    else:
        res = run_sweep(cheap, _design("sobol", n))
        t1 = time.perf_counter()
        res.to_csv(path)
        dt = time.perf_counter() - t0
        t_csv = time.perf_counter() - t1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "csv_rows": n,
                "mode": mode,
                "total_s": dt,
                "csv_s": t_csv,
                "csv_MB": path.stat().st_size / 1e6,
                "tracemalloc_peak_MB": peak / 1e6,
            }
        )
    )


def _sub(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    ap.add_argument("--methods", nargs="+", default=["grid", "sobol", "lhs"])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--chunk-size", type=int, default=65536)
    ap.add_argument("--case", nargs=3, metavar=("METHOD", "N", "EXECUTOR"), help=argparse.SUPPRESS)
    ap.add_argument("--checkpoint", default="", help=argparse.SUPPRESS)
    ap.add_argument("--csv", nargs=3, metavar=("N", "DIR", "MODE"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.case:
        method, n, executor = a.case
        return run_case(method, int(float(n)), executor, a.repeat, a.chunk_size, a.checkpoint)
    if a.csv:
        return csv_case(int(float(a.csv[0])), a.csv[1], a.csv[2])

    import platform
    import tempfile

    import numpy as np

    print(
        f"# pfsim sweep benchmark: Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs, chunk_size {a.chunk_size}, best of {a.repeat}"
    )
    header = "| design | executor | scenarios | time [s] | ns / scenario | tracemalloc peak [MB] | max RSS [MB] |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|")
    rows = []
    plan = [(m, n, "serial") for m in a.methods for n in a.sizes]
    plan += [("sobol", n, "direct") for n in a.sizes]
    plan += [("sobol", n, "process2") for n in a.sizes]
    for method, n, ex in plan:
        r = _sub(
            [
                "--case",
                method,
                str(int(n)),
                ex,
                "--repeat",
                str(a.repeat),
                "--chunk-size",
                str(a.chunk_size),
            ]
        )
        rows.append(r)
        print(
            f"| {method} | {ex} | {int(n):,} | {r['best_s']:.4f} | {r['ns_per_scenario']:.0f} | "
            f"{r['tracemalloc_peak_MB']:.1f} | {r['max_rss_MB']:.0f} |",
            flush=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        n = int(max(a.sizes))
        r = _sub(
            [
                "--case",
                "sobol",
                str(n),
                "serial",
                "--repeat",
                "1",
                "--checkpoint",
                tmp,
                "--chunk-size",
                str(a.chunk_size),
            ]
        )
        print(
            f"| sobol + checkpoint_dir | serial | {n:,} | {r['best_s']:.4f} | "
            f"{r['ns_per_scenario']:.0f} | {r['tracemalloc_peak_MB']:.1f} | {r['max_rss_MB']:.0f} |"
        )
        print("\nsweep + CSV of the same rows x 5 columns (sobol, serial):")
        print(
            "| mode | scenarios | total [s] | of which to_csv [s] | CSV [MB] | tracemalloc peak [MB] |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for mode in ("memory", "stream"):
            c = _sub(["--csv", str(n), tmp, mode])
            t_csv = "-" if c["csv_s"] is None else f"{c['csv_s']:.2f}"
            print(
                f"| {mode} | {n:,} | {c['total_s']:.2f} | {t_csv} | {c['csv_MB']:.0f} | "
                f"{c['tracemalloc_peak_MB']:.1f} |"
            )
    print("\nScaling: time(10 n) / time(n), 10.0 = linear:")
    for method, ex in sorted({(r["method"], r["executor"]) for r in rows}):
        sel = sorted(
            (r for r in rows if (r["method"], r["executor"]) == (method, ex)), key=lambda r: r["n"]
        )
        ratios = ", ".join(
            f"{int(a['n']):.0e} -> {int(b['n']):.0e}: {b['best_s'] / a['best_s']:.1f}"
            for a, b in zip(sel[:-1], sel[1:], strict=True)
        )
        print(f"  {method}/{ex}: {ratios}")


if __name__ == "__main__":
    main()
