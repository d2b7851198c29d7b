"""One stance chunk in a process-pool worker vs a dask.distributed worker: the slowdown and its cause.

The same chunk (a Sobol' sample of the 7 runner-profile inputs of ``bench_running_sweep.py``,
:func:`pfsim.models.stance_model`, 4,096 scenarios by default) is evaluated once to warm up and then
``--reps`` times in one worker, and the fastest and median call are reported, for each *variant*:

- ``this_process``: in the calling process, no executor;
- ``pool_fork``, ``pool_spawn``: a one-process ``ProcessPoolExecutor`` (fork / spawn start method);
- ``pool_spawn_trim``: spawn with ``MALLOC_TRIM_THRESHOLD_=65536`` in the worker's environment, the
  value dask's nanny sets (``distributed.nanny.pre-spawn-environ``);
- ``pool_spawn_trim_mmap``: spawn with the trim threshold and ``MALLOC_MMAP_THRESHOLD_=33554432``
  (arrays up to 32 MiB from the heap again);
- ``pool_spawn_threads1``: spawn with ``OMP_NUM_THREADS=MKL_NUM_THREADS=OPENBLAS_NUM_THREADS=1``, the
  nanny's other variables;
- ``dask``: a ``LocalCluster(n_workers=1, processes=True, threads_per_worker=1)`` with dask's defaults;
- ``dask_no_trim``: the same with ``distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_: None``
  (what :func:`pfsim.sweep.local_cluster` configures);
- ``dask_no_profile``: the same with the worker's statistical profiler off;
- ``dask_no_trim_no_profile``: both.

Each variant runs in a fresh Python process (``python bench_dask_worker.py --variant NAME``), so no
environment leaks from one to the next (the nanny writes its variables into the parent's
``os.environ``). The cluster listens on 127.0.0.1 only; the dashboard is off.

Usage::

    python benchmarks/bench_dask_worker.py                 # every variant, then a Markdown table
    python benchmarks/bench_dask_worker.py --n 4096 --reps 7
    python benchmarks/bench_dask_worker.py --variant dask  # one variant, one JSON line

Needs ``pip install "pfsim[distributed]"`` for the dask variants (skipped without it). Nothing is
asserted: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing as mp
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

VARIANTS = (
    "this_process",
    "pool_fork",
    "pool_spawn",
    "pool_spawn_trim",
    "pool_spawn_threads1",
    "pool_spawn_trim_mmap",
    "dask",
    "dask_no_trim",
    "dask_no_profile",
    "dask_no_trim_no_profile",
    "pool_spawn_tuned",
    "dask_no_trim_no_profile_tuned",
)
#: The nanny's pre-spawn environment (dask.distributed's distributed.yaml, 2023.1 to 2026.8).
TRIM = {"MALLOC_TRIM_THRESHOLD_": "65536"}
TRIM_MMAP = {**TRIM, "MALLOC_MMAP_THRESHOLD_": str(32 * 2**20)}
THREADS1 = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
ENV_SHOWN = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")


def chunk(n: int) -> dict:
    """The first ``n`` rows of the running benchmark's Sobol' design (seed 1)."""
    from bench_running_sweep import problem

    from pfsim.sweep.design import sobol_design

    return sobol_design(problem(), n, rng=1).chunk(0, n)


def timed(ch: dict, reps: int, tune: bool = False) -> dict:
    """Run ``stance_model(**ch)`` once to warm up, then ``reps`` times; where and how fast.

    ``tune``: first set the allocator thresholds a sweep worker sets (``pfsim.sweep._worker``).
    """
    import resource

    from pfsim.models import stance_model

    if tune:
        from pfsim.sweep._worker import tune_allocator

        tune_allocator()

    stance_model(**ch)
    ts = []
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(reps):
        t = time.perf_counter()
        stance_model(**ch)
        ts.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    ts.sort()
    return {
        "page_faults_per_call": round((r1.ru_minflt - r0.ru_minflt) / reps),
        "sys_s_per_call": round((r1.ru_stime - r0.ru_stime) / reps, 4),
        "min_s": round(ts[0], 4),
        "median_s": round(ts[len(ts) // 2], 4),
        "main_thread": threading.current_thread() is threading.main_thread(),
        "env": {k: os.environ.get(k) for k in ENV_SHOWN},
    }


def _pool(ch, reps, method, env, tune=False):
    os.environ.update(env)  # read by a spawned worker at its start, as the nanny's are
    with cf.ProcessPoolExecutor(1, mp_context=mp.get_context(method)) as ex:
        return ex.submit(timed, ch, reps, tune).result()


def _dask(ch, reps, trim: bool, profile: bool, tune: bool = False):
    import dask
    from distributed import Client, LocalCluster

    cfg = {"distributed.worker.profile.enabled": profile}
    if not trim:
        cfg["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] = None
    with dask.config.set(cfg):
        with (
            LocalCluster(
                n_workers=1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            out = client.get_executor().submit(timed, ch, reps, tune).result()
    out["parent_env_after"] = {k: os.environ.get(k) for k in ENV_SHOWN}
    return out


def run_variant(name: str, n: int, reps: int) -> dict:
    """Time one variant in this process (call it in a fresh one)."""
    ch = chunk(n)
    if name == "this_process":
        out = timed(ch, reps)
    elif name.startswith("pool_"):
        method = "fork" if name == "pool_fork" else "spawn"
        env = {
            "pool_spawn_trim": TRIM,
            "pool_spawn_trim_mmap": TRIM_MMAP,
            "pool_spawn_threads1": THREADS1,
        }.get(name, {})
        out = _pool(ch, reps, method, env, tune=name.endswith("_tuned"))
    else:
        out = _dask(
            ch,
            reps,
            trim="no_trim" not in name,
            profile="no_profile" not in name,
            tune=name.endswith("_tuned"),
        )
    return {"variant": name, "n": n, "reps": reps, **out}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--variant", choices=VARIANTS)
    ap.add_argument("--n", type=int, default=4096, help="scenarios in the chunk (default 4096)")
    ap.add_argument("--reps", type=int, default=5, help="timed calls after one warm-up (default 5)")
    a = ap.parse_args(argv)
    if a.variant:
        print(json.dumps(run_variant(a.variant, a.n, a.reps)), flush=True)
        return
    try:
        import distributed  # noqa: F401

        names = VARIANTS
    except ImportError:
        print('# dask variants skipped: pip install "pfsim[distributed]"')
        names = tuple(v for v in VARIANTS if not v.startswith("dask"))
    rows = []
    for name in names:
        cmd = [sys.executable, __file__, "--variant", name, "--n", str(a.n), "--reps", str(a.reps)]
        line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
        rows.append(json.loads(line[-1]))
        print(line[-1], flush=True)
    base = next(r for r in rows if r["variant"] == "pool_fork")["min_s"]
    print(
        "\n| variant | fastest [s] | median [s] | × pool_fork | page faults / call | system CPU / call [s] | MALLOC_TRIM_THRESHOLD_ |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        trim = r["env"]["MALLOC_TRIM_THRESHOLD_"] or "unset"
        ratio = r["min_s"] / base
        print(
            f"| {r['variant']} | {r['min_s']:.3f} | {r['median_s']:.3f} | {ratio:.2f} | "
            f"{r['page_faults_per_call']:,} | {r['sys_s_per_call']:.3f} | {trim} |"
        )


if __name__ == "__main__":
    main()
