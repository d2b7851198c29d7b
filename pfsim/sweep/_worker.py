"""What a sweep worker process does once before its first chunk: the C allocator's thresholds.

A chunk of the running model allocates and frees arrays of a few MB each. In a process whose glibc
``malloc`` still has its start-up thresholds (128 kB), each of them is a fresh ``mmap`` that faults
its pages in and is returned to the system when freed: 20,000 page faults per 4,096-scenario stance
chunk, +65 % time (measured with ``benchmarks/bench_dask_worker.py``: a spawned pool worker and a
dask worker 1.28-1.29× a forked one, which inherits the thresholds its parent's large frees raised;
issue 15). :func:`tune_allocator` sets ``M_MMAP_THRESHOLD`` to 32 MB (glibc's documented maximum
on 64-bit systems, ``DEFAULT_MMAP_THRESHOLD_MAX``) and ``M_TRIM_THRESHOLD`` to 128 MB (``mallopt``,
glibc only): those arrays then come from the heap and stay mapped, no faults, as in a forked worker.
A worker keeps up to 128 MB of freed heap: its peak use, not more (a long-lived dask worker keeps
the setting for its other tasks).

Done in the workers only: the sweep engine submits ``_evaluate_in_worker`` with its own process id,
and a chunk that runs in that same process (a thread pool, a dask cluster of threads) leaves the
allocator alone. Linux with glibc only; elsewhere nothing is changed. ``PFSIM_WORKER_MALLOC=0``
(also false/no/off; 1/true/yes/on or unset: on) in the *workers'* environment turns it off; the
sweep checks the spelling in its own process before the first chunk
(:func:`worker_malloc_wanted`).
"""

from __future__ import annotations

import sys

from .._checks import env_switch

__all__ = ["MMAP_THRESHOLD_BYTES", "TRIM_THRESHOLD_BYTES", "tune_allocator", "worker_malloc_wanted"]

#: ``M_MMAP_THRESHOLD`` of a sweep worker [bytes]: allocations below it come from the heap.
MMAP_THRESHOLD_BYTES = 32 * 2**20
#: ``M_TRIM_THRESHOLD`` of a sweep worker [bytes]: free heap kept before it is returned.
TRIM_THRESHOLD_BYTES = 128 * 2**20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameter numbers

_state: dict[str, bool] = {}


def worker_malloc_wanted() -> bool:
    """``PFSIM_WORKER_MALLOC``: whether sweep workers tune their allocator (default yes).

    1/true/yes/on or unset: tune; 0/false/no/off: leave it. Another value raises a ValueError
    naming the variable (``off`` was read as on before: only ``0`` turned it off).
    """
    return env_switch(
        "PFSIM_WORKER_MALLOC",
        True,
        "sweep workers set glibc's malloc thresholds, the default",
        "they leave the allocator alone",
    )


def tune_allocator() -> bool:
    """Set this process's glibc allocator thresholds once; True if both are set (see the module).

    A ``PFSIM_WORKER_MALLOC`` spelling this process cannot read leaves the allocator alone (the
    sweep's own process refused it before the first chunk; a remote worker's chunk must not fail
    over a tuning).
    """
    if "tuned" in _state:
        return _state["tuned"]
    tuned = False
    try:
        wanted = worker_malloc_wanted()
    except ValueError:
        wanted = False
    if wanted and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6")
            mmap_set = libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
            trim_set = libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1
            tuned = mmap_set and trim_set
        except (OSError, AttributeError):  # no glibc (musl, ...): leave the allocator as it is
            tuned = False
    _state["tuned"] = tuned
    return tuned
