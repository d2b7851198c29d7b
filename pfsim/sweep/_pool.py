"""The process pool a sweep runs on: at most one worker per usable core, none outliving the sweep.

Workers ignore Ctrl-C (the sweep's own process handles it, so an interrupt stops the sweep once,
cleanly), and each watches the process that started the sweep: when it dies, even by SIGKILL, the
worker exits within about a second (Linux: also ``PR_SET_PDEATHSIG``, immediate).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
import sys
import threading
import time

from .._checks import PfsimWarning, warn

__all__ = ["available_cpus", "process_pool"]

#: Seconds between two checks, in a worker, that the sweep's process is still alive.
_WATCH_INTERVAL_S = 0.5


def available_cpus() -> int:
    """Cores this process may run on (its CPU affinity where known, else ``os.cpu_count()``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else: pid reused, the sweep is gone
        return False
    return True


def _watch(sweep_pid: int, parent_pid: int) -> None:
    while True:
        time.sleep(_WATCH_INTERVAL_S)
        if os.getppid() != parent_pid or not _alive(sweep_pid):
            os._exit(1)


def _worker_init(sweep_pid: int) -> None:
    """Initializer of every worker: ignore Ctrl-C, and exit when the sweep's process dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux") and parent == sweep_pid:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the watcher suffices
            pass
    if not _alive(sweep_pid):
        os._exit(1)
    threading.Thread(target=_watch, args=(sweep_pid, parent), daemon=True).start()


@contextlib.contextmanager
def process_pool(workers: int):
    """A ``ProcessPoolExecutor`` of ``workers`` processes, capped at :func:`available_cpus`.

    More workers than cores only add processes and memory: the count is capped with a
    :class:`pfsim.PfsimWarning`. On leaving the block by an exception (Ctrl-C included) the
    chunks not started are cancelled and the workers stopped at once.

    Parameters
    ----------
    workers : int
        Worker processes wanted (a positive integer).

    Yields
    ------
    concurrent.futures.ProcessPoolExecutor
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer (got {workers!r}).")
    cpus = available_cpus()
    if workers > cpus:
        warn(
            f"workers={workers} is more than the {cpus} cores available; using {cpus} worker "
            "processes (more would only add processes and memory, not speed).",
            PfsimWarning,
        )
        workers = cpus
    ex = cf.ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    try:
        yield ex
    except BaseException:
        procs = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            p.terminate()
        for p in procs:
            p.join(5)
        raise
    ex.shutdown(wait=True)
