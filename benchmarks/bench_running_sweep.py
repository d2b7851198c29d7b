"""A running sweep at scale: 10^4, 10^5 and 10^6 scenarios of the full stance + joint model.

Each scenario is one runner at one condition: a Sobol' sample over speed, step rate relative to
preferred, body mass, height, peak hip adduction, Q-angle and VMO activation, evaluated by
:func:`pfsim.models.stance_model` (spring-mass stance with 101 samples, sagittal chain and the
frontal two-facet contact model, per-step/per-km summaries: 20 outputs) through
:func:`pfsim.sweep.run_sweep` on a ``ProcessPoolExecutor``.

Each size runs in a fresh subprocess, so its memory is its own. Peak memory is measured two ways:

- ``resource.getrusage`` ``ru_maxrss`` of the process (``RUSAGE_SELF``) and of its worker processes
  (``RUSAGE_CHILDREN``: the largest single child); the bound ``self + workers × children`` is reported;
- the sum of the resident set sizes of the process and its children, sampled from ``/proc`` every
  0.1 s (``tree peak``).

Usage::

    python benchmarks/bench_running_sweep.py                      # 1e4, 1e5, 1e6; 2 workers
    python benchmarks/bench_running_sweep.py --sizes 1e4 1e5 --workers 2 --chunk-size 4096
    python benchmarks/bench_running_sweep.py --sizes 1e6 --csv    # also time SweepResult.to_csv
    python benchmarks/bench_running_sweep.py --sizes 1e5 --executor dask   # a dask LocalCluster
    python benchmarks/bench_running_sweep.py --sizes 1e5 --executor pool dask --alternate 2
    PFSIM_TREE=/work/main python benchmarks/bench_running_sweep.py --sizes 1e5   # another tree

``--executor dask`` runs the chunks on ``pfsim.sweep._dask.dask_executor("local", workers)`` (a
``LocalCluster`` of one-thread worker processes, without dask's ``MALLOC_TRIM_THRESHOLD_``; needs
``pip install "dask[distributed]"``), the same chunks and the same results as the process pool;
with several executors and ``--alternate R`` the cases run R times in alternating order, so that
their ratio is measured under the same load.

Prints one JSON line per size, then a Markdown table. Nothing is asserted: timings depend on the
machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

#: The source tree whose pfsim is measured: this script's, or ``PFSIM_TREE`` (to run this script
#: on another tree, e.g. main's, for an alternating comparison).
ROOT = Path(os.environ.get("PFSIM_TREE") or Path(__file__).resolve().parents[1]).resolve()


def problem():
    """The benchmark's problem: 7 runner-profile inputs (distributions of pfsim.studies)."""
    from pfsim.sweep import Input, Problem

    def tn(loc, scale):
        return {"name": "truncnorm", "a": -2.0, "b": 2.0, "loc": loc, "scale": scale}

    return Problem(
        [
            Input("speed_m_s", unit="m/s", bounds=(2.5, 4.0)),
            Input("step_rate_change_pct", unit="%", bounds=(-10.0, 10.0)),
            Input("body_mass_kg", unit="kg", distribution=tn(75.3, 10.6)),
            Input("height_m", unit="m", distribution=tn(1.814, 0.084)),
            Input("hip_adduction_peak_deg", unit="deg", distribution=tn(10.4, 3.3)),
            Input("q_angle_deg", unit="deg", distribution=tn(15.5, 3.0)),
            Input("vmo_activation", unit="1", bounds=(0.5, 1.0)),
        ],
        model="stance",
        name="bench_running_sweep",
    )


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


class TreeSampler(threading.Thread):
    """Largest sum of VmRSS over this process and its descendants, sampled every ``dt`` seconds."""

    def __init__(self, dt: float = 0.1):
        super().__init__(daemon=True)
        self.dt, self.peak_kb, self._halt = dt, 0, threading.Event()

    def run(self):
        me = os.getpid()
        while not self._halt.is_set():
            pids, todo = [me], [me]
            while todo:
                kids = _children(todo.pop())
                pids += kids
                todo += kids
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))
            self._halt.wait(self.dt)

    def stop(self):
        self._halt.set()
        self.join()


def _executor(kind: str, workers: int):
    """A context manager giving the executor (None: serial)."""
    import concurrent.futures as cf
    import contextlib

    if kind == "dask":
        from pfsim.sweep._dask import dask_executor

        return dask_executor("local", workers)
    if workers > 1:
        return cf.ProcessPoolExecutor(max_workers=workers)
    return contextlib.nullcontext(None)


def _states_per_stance() -> int:
    try:
        from pfsim.gait.refined import sample_plan
    except ImportError:  # a tree before issue 15: every sample
        return 101
    return sample_plan(101).states


def run_case(n: int, workers: int, chunk_size: int, csv: bool, executor: str = "pool") -> dict:
    """One size, in this process."""
    import resource

    import numpy as np

    from pfsim.models import stance_model
    from pfsim.sweep import run_sweep, sobol_design

    warnings.simplefilter("ignore", UserWarning)  # 10^k is not a power of two (Sobol' balance)
    design = sobol_design(problem(), n, rng=1)
    sampler = TreeSampler()
    sampler.start()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # range warnings of the rare out-of-fit sample
        with _executor(executor, workers) as ex:
            # warm the workers (start the pool's processes, import and first-call the model in
            # each) with a small sweep of 4 chunks per worker: timed in time_with_startup_s only
            warm = sobol_design(problem(), 256 * max(workers, 1), rng=2)
            run_sweep(stance_model, warm, executor=ex, chunk_size=64)
            t_start = time.perf_counter()  # start-up and warm-up are not the sweep's
            res = run_sweep(stance_model, design, executor=ex, chunk_size=chunk_size)
    elapsed = time.perf_counter() - t_start
    elapsed_with_startup = time.perf_counter() - t0
    csv_s = csv_mb = None
    if csv:
        with tempfile.TemporaryDirectory() as tmp:
            t1 = time.perf_counter()
            path = res.to_csv(Path(tmp) / "bench.csv")
            csv_s = time.perf_counter() - t1
            csv_mb = path.stat().st_size / 1e6
    sampler.stop()
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    nan_by_output = {k: int(np.isnan(v).sum()) for k, v in res.outputs.items()}
    nan = sum(nan_by_output.values())
    return {
        "scenarios": n,
        "workers": workers,
        "executor": executor,
        "chunk_size": chunk_size,
        "joint_states_per_stance": _states_per_stance(),
        "outputs": len(res.outputs),
        "time_s": round(elapsed, 3),
        "time_with_startup_s": round(elapsed_with_startup, 3),
        "us_per_scenario": round(elapsed / n * 1e6, 2),
        "maxrss_self_MB": round(self_mb, 1),
        "maxrss_largest_child_MB": round(child_mb, 1),
        "maxrss_bound_MB": round(self_mb + max(workers, 1) * child_mb * (workers > 1), 1),
        "tree_peak_MB": round(sampler.peak_kb / 1024, 1),
        "nan_values": nan,
        "nan_by_output": {k: c for k, c in nan_by_output.items() if c},
        "mean_peak_contact_stress_MPa": round(float(np.nanmean(res["peak_contact_stress_MPa"])), 4),
        "csv_s": None if csv_s is None else round(csv_s, 2),
        "csv_MB": None if csv_mb is None else round(csv_mb, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["1e4", "1e5", "1e6"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=4096)
    ap.add_argument("--csv", action="store_true", help="also time SweepResult.to_csv")
    ap.add_argument("--executor", nargs="+", default=["pool"], choices=["pool", "dask"])
    ap.add_argument("--alternate", type=int, default=1, help="rounds over the executors")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: one case
    a = ap.parse_args()
    sizes = [int(float(s)) for s in a.sizes]
    if a.one:
        row = run_case(sizes[0], a.workers, a.chunk_size, a.csv, a.executor[0])
        print(json.dumps(row), flush=True)
        return
    rows = []
    for n in sizes:
        for _ in range(a.alternate):
            for kind in a.executor:
                cmd = [sys.executable, __file__, "--one", "--sizes", str(n)]
                cmd += ["--workers", str(a.workers), "--chunk-size", str(a.chunk_size)]
                cmd += ["--executor", kind] + (["--csv"] if a.csv else [])
                env = {**os.environ, "PYTHONPATH": str(ROOT)}
                out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
                row = json.loads(out.stdout.strip().splitlines()[-1])
                print(json.dumps(row), flush=True)
                rows.append(row)
    print()
    print(
        "| scenarios | executor | workers | chunk | time [s] | µs / scenario | max RSS self [MB] | "
        "max RSS largest worker [MB] | tree peak [MB] |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['scenarios']:,} | {r['executor']} | {r['workers']} | {r['chunk_size']:,} | "
            f"{r['time_s']:.2f} | "
            f"{r['us_per_scenario']:.1f} | {r['maxrss_self_MB']:.0f} | "
            f"{r['maxrss_largest_child_MB']:.0f} | {r['tree_peak_MB']:.0f} |"
        )
    best = {}
    for r in rows:
        key = (r["executor"], r["scenarios"])
        best[key] = min(best.get(key, float("inf")), r["time_s"])
    for kind in a.executor:
        runs = sorted((n, t) for (k, n), t in best.items() if k == kind)
        for (n0, t0), (n1, t1) in zip(runs, runs[1:], strict=False):
            print(f"{kind}: time ratio {n0:,} → {n1:,}: {t1 / t0:.2f} (×{n1 / n0:g} scenarios)")
    if "pool" in a.executor and "dask" in a.executor:
        for n in sizes:
            print(f"dask / pool at {n:,} scenarios: {best[('dask', n)] / best[('pool', n)]:.2f}")


if __name__ == "__main__":
    main()
