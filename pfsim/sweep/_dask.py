"""A dask.distributed executor for a sweep: a running cluster by its address, or a local one.

dask is optional (``pip install "pfsim[distributed]"``) and imported only here, inside
:func:`dask_executor`. The chunks go through ``distributed.Client(...).get_executor()``: dask
schedules them, pfsim only submits and places them (no scheduler of pfsim's own).

**Worker slowdown.** dask's nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536``
(config ``distributed.nanny.pre-spawn-environ``). Setting that variable turns off glibc's dynamic
mmap threshold, so every array over 128 KiB is mapped and unmapped afresh (page faults on every
temporary), and a stance chunk ran 2.3× slower than in a process pool
(``benchmarks/bench_dask_worker.py``). The local cluster started here drops that variable, which
removes the slowdown; the nanny also writes its variables into the starting process's
``os.environ``, which is restored afterwards. Workers of a cluster started elsewhere keep their
own settings (see ``benchmarks/README.md`` for how to start them without it).
"""

from __future__ import annotations

import contextlib
import os

from .._checks import PfsimWarning, warn
from ._pool import available_cpus

__all__ = ["CONNECT_TIMEOUT_S", "LOCAL", "dask_executor"]

#: Seconds to wait for a scheduler at a given address before giving up.
CONNECT_TIMEOUT_S = 5.0
#: The ``scheduler`` value that starts a cluster of worker processes on this machine.
LOCAL = "local"
#: The local cluster's settings: no malloc trim threshold (the worker slowdown, module notes) and no
#: statistical profiler (it samples the task thread every 10 ms for the dashboard, which the local
#: cluster does not start; a stance chunk runs ~15 % faster without it, issue 15).
_LOCAL_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise ValueError(
            "scheduler= needs dask.distributed, which is not installed: "
            'pip install "pfsim[distributed]" (or run without scheduler= on a local process pool).'
        ) from None
    return distributed


@contextlib.contextmanager
def _local_client(distributed, workers: int):
    """A Client of a LocalCluster of ``workers`` one-thread processes on 127.0.0.1, trim off."""
    import dask

    cpus = available_cpus()
    if workers > cpus:
        warn(
            f"workers={workers} is more than the {cpus} cores available; using {cpus} worker "
            "processes (more would only add processes and memory, not speed).",
            PfsimWarning,
        )
        workers = cpus
    keys = set(dask.config.get("distributed.nanny.pre-spawn-environ")) | {"PYTHONHASHSEED"}
    before = {k: os.environ.get(k) for k in keys}
    try:
        with (
            dask.config.set(_LOCAL_CONFIG),
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
    finally:
        for k, v in before.items():  # the nanny wrote its variables into this process
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _remote_client(distributed, address: str):
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ValueError(
            f"cannot reach a dask scheduler at {address!r} within {CONNECT_TIMEOUT_S:g} s "
            f"({type(exc).__name__}); start one there (dask scheduler, then dask worker "
            f"{address}), check the address, or pass scheduler='{LOCAL}' to start a cluster on "
            "this machine."
        ) from None
    with client:
        yield client


@contextlib.contextmanager
def dask_executor(scheduler: str, workers: int = 1):
    """A ``concurrent.futures.Executor`` running chunks on a dask.distributed cluster.

    Parameters
    ----------
    scheduler : str
        A scheduler's address (``tcp://127.0.0.1:8786``), or ``"local"``: start a ``LocalCluster``
        of ``workers`` one-thread processes on 127.0.0.1 (capped at the cores, with a
        PfsimWarning), without dask's ``MALLOC_TRIM_THRESHOLD_`` (see the module notes).
    workers : int
        Worker processes of the local cluster; a cluster at an address brings its own, so
        ``workers`` above 1 is refused there.

    Yields
    ------
    concurrent.futures.Executor
        ``client.get_executor()``, with ``max_workers`` set to the cluster's threads (the engine
        keeps twice that many chunks in flight).

    Raises
    ------
    ValueError
        dask.distributed not installed; no scheduler reachable at the address within
        :data:`CONNECT_TIMEOUT_S`; ``workers`` given with an address.
    """
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise ValueError(
            f"scheduler must be a dask scheduler's address such as 'tcp://127.0.0.1:8786' or "
            f"'{LOCAL}' (got {scheduler!r})."
        )
    scheduler = scheduler.strip()
    if scheduler != LOCAL and workers > 1:
        raise ValueError(
            f"workers={workers} applies to scheduler='{LOCAL}' only: the cluster at "
            f"{scheduler!r} has its own workers. Drop workers=, or pass scheduler='{LOCAL}'."
        )
    distributed = _import_distributed()
    if scheduler == LOCAL:
        ctx = _local_client(distributed, workers)
    else:
        ctx = _remote_client(distributed, scheduler)
    with ctx as client:
        ex = client.get_executor()
        ex.max_workers = max(1, sum(client.nthreads().values()))  # read by the engine
        yield ex
