"""Chunked evaluation of a vectorised function over a design, on any executor, with resumable checkpoints."""

from __future__ import annotations

import concurrent.futures as cf
import functools
import io
import json
import os
import pickle
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .. import _version
from .._checks import PfsimWarning, warn
from ..io import atomic_write_bytes, atomic_write_text, sha256_of
from ._lock import SweepInUseError, output_lock
from ._memory import MEMORY_FRACTION, available_memory
from ._memory import gb as _gb
from ._pool import available_cpus, process_pool
from ._worker import tune_allocator, worker_malloc_wanted
from .design import Design, make_design
from .problem import Problem
from .result import SweepResult, _CsvWriter, _Summary

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MEMORY_FRACTION",
    "CheckpointWarning",
    "SweepError",
    "SweepInUseError",
    "SweepInterrupted",
    "available_cpus",
    "available_memory",
    "process_pool",
    "run_sweep",
]

#: Rows per chunk: 65 536 rows x (inputs + outputs) x 8 bytes is a few MB, small against the
#: temporaries of a model function yet large enough that per-chunk overhead is negligible.
DEFAULT_CHUNK_SIZE = 65536

_CHECKPOINT_FORMAT = "pfsim-sweep-checkpoint/1"


class SweepError(RuntimeError):
    """Evaluation of one chunk failed; the message names the chunk and how to resume."""


class SweepInterrupted(KeyboardInterrupt):
    """The sweep was interrupted (Ctrl-C); finished chunks stay in the checkpoint.

    A KeyboardInterrupt, so code that catches Ctrl-C still does. ``str()`` is one line for the user,
    e.g. ``"interrupted; 3 of 10 chunks saved; rerun to resume"``.

    Attributes
    ----------
    n_done, n_total : int
        Chunks saved (in the checkpoint) and chunks in the sweep.
    """

    def __init__(self, message: str, n_done: int, n_total: int):
        super().__init__(message)
        self.n_done = n_done
        self.n_total = n_total

    def __str__(self) -> str:
        return str(self.args[0])


def _check_resources(design: Design, outputs, chunk_size: int, limit: int, csv_path) -> None:
    """Refuse, before any work, a sweep whose planned memory (or CSV) cannot fit the machine.

    In memory: every input and kept output (``n × columns × 8`` bytes); streamed to ``csv_path``:
    only the chunks in flight (``limit × chunk_size × columns × 8``), and the CSV on disk (at
    least two bytes a field).
    """
    n = design.n
    n_out = len(outputs) if outputs is not None else 1
    n_in = len(design.names) + len(design.constants)
    rows = n if csv_path is None else min(n, limit * chunk_size)
    need = rows * (n_in + n_out) * 8
    have = available_memory()
    if have is not None and need > have:
        fix = (
            "stream the result to a CSV (csv_path=..., as pfsim sweep does), which holds only "
            "the chunks in flight"
            if csv_path is None
            else "use smaller chunks (chunk_size) or fewer chunks in flight (max_in_flight)"
        )
        raise ValueError(
            f"the sweep of {n:,} scenarios would hold about {_gb(need)} in memory "
            f"({rows:,} rows x {n_in + n_out} columns x 8 bytes), more than the {_gb(have)} "
            f"available (half the physical memory); use a smaller design (fewer levels or a "
            f"smaller n), or {fix}."
        )
    if csv_path is not None:
        folder = Path(csv_path).absolute().parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        free = shutil.disk_usage(folder).free
        disk = n * (len(design.names) + n_out) * 2
        if disk > free:
            raise ValueError(
                f"the sweep of {n:,} scenarios would write a CSV of at least {_gb(disk)}, more "
                f"than the {_gb(free)} free in {folder}; use a smaller design (fewer levels or a "
                "smaller n) or write to a larger disk (csv_path)."
            )


class _Bounds:
    """Rows ``(start, stop)`` of chunk ``i``, computed on demand (a list would not fit 10¹² rows)."""

    def __init__(self, n: int, chunk_size: int):
        self.n = n
        self.chunk_size = chunk_size
        self.count = -(-n // chunk_size)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> tuple[int, int]:
        s = i * self.chunk_size
        return s, min(s + self.chunk_size, self.n)

    def __iter__(self):
        return (self[i] for i in range(self.count))


class CheckpointWarning(PfsimWarning, RuntimeWarning):
    """A saved chunk is unreadable (e.g. a damaged file); that chunk is recomputed.

    A :class:`pfsim.PfsimWarning`, and a RuntimeWarning as before it had its own class.
    """


def func_identity(func) -> str:
    """A stable name for ``func`` (module.qualname; arguments of a functools.partial included)."""
    if isinstance(func, functools.partial):
        args = json.dumps(
            [repr(a) for a in func.args] + sorted(f"{k}={v!r}" for k, v in func.keywords.items())
        )
        return f"partial({func_identity(func.func)}, {args})"
    mod = getattr(func, "__module__", None) or type(func).__module__
    qual = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{mod}.{qual}"


def _check_signature(func, names: Sequence[str]) -> None:
    """Raise a teaching TypeError when ``func`` cannot take the design's keywords."""
    import inspect

    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # builtins and the like: let the call decide
        return
    params = sig.parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return
    accepted = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    required = {
        p.name
        for p in params
        if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    extra = [n for n in names if n not in accepted]
    missing = sorted(required - set(names))
    if extra or missing:
        parts = []
        if extra:
            parts.append(f"it has no parameter {', '.join(map(repr, extra))}")
        if missing:
            parts.append(f"nothing supplies its required parameter {', '.join(map(repr, missing))}")
        raise TypeError(
            f"{func_identity(func)}{sig} cannot take the sweep's inputs and constants "
            f"({', '.join(names)}): {'; '.join(parts)}. Rename the inputs to match the function's "
            "parameters, add the missing ones as inputs or [constants], or wrap the function."
        )


def _evaluate_in_worker(
    func, inputs: dict, outputs, start: int, stop: int, caller_pid: int
) -> dict:
    """:func:`_evaluate` on an executor; a worker process tunes its allocator first (:mod:`._worker`).

    ``caller_pid``: the sweep's process; a chunk run in it (threads) leaves the allocator alone.
    """
    if os.getpid() != caller_pid:
        tune_allocator()
    return _evaluate(func, inputs, outputs, start, stop)


def _evaluate(func, inputs: dict, outputs: Sequence[str] | None, start: int, stop: int) -> dict:
    """Run ``func`` on one chunk (in a worker); return the kept outputs as 1-D arrays."""
    m = stop - start
    res = func(**inputs)
    if not isinstance(res, Mapping):
        raise TypeError(
            f"the swept function must return a dict of output name -> array (got "
            f"{type(res).__name__}); e.g. return {{'contact_stress_MPa': stress}}."
        )
    names = list(res) if outputs is None else list(outputs)
    missing = [o for o in names if o not in res]
    if missing:
        raise KeyError(
            f"the swept function returned no output {missing}; it returns {sorted(res)}. Fix the "
            "`outputs` argument (or the problem's outputs)."
        )
    out = {}
    for name in names:
        a = np.asarray(res[name])
        if a.ndim == 0:
            a = np.full(m, a)
        if a.shape != (m,):
            raise ValueError(
                f"output {name!r} has shape {a.shape} for a chunk of {m} scenarios; the function "
                f"must return one value per scenario (shape ({m},)) or a scalar."
            )
        out[name] = a
    return out


class _Checkpoint:
    """Chunks saved as ``<dir>/<key[:16]>/chunk_<i>.npz`` (atomic), with a manifest of the key."""

    def __init__(self, root, key: str, manifest: dict):
        self.dir = Path(root) / key[:16]
        self.dir.mkdir(parents=True, exist_ok=True)
        self.key = key
        for tmp in self.dir.glob(".*.tmp"):  # leftovers of a write killed before its rename
            tmp.unlink(missing_ok=True)
        mpath = self.dir / "manifest.json"
        if mpath.exists():
            try:
                old = json.loads(mpath.read_text())
            except (OSError, ValueError):
                old = {}
            if old.get("key") != key:  # prefix collision or damaged manifest: start afresh
                for f in self.dir.glob("chunk_*.npz"):
                    f.unlink()
        atomic_write_text(
            mpath, json.dumps({"key": key, **manifest}, indent=1, sort_keys=True) + "\n"
        )

    def path(self, i: int) -> Path:
        return self.dir / f"chunk_{i:07d}.npz"

    def load(self, i: int, start: int, stop: int, outputs) -> dict | None:
        p = self.path(i)
        if not p.exists():
            return None
        try:
            with np.load(p, allow_pickle=False) as z:
                rows = tuple(int(v) for v in z["__rows__"])
                data = {k: z[k] for k in z.files if k != "__rows__"}
        except Exception as exc:  # noqa: BLE001 - any damage means: recompute
            warn(
                f"checkpoint {p} is unreadable ({type(exc).__name__}); recomputing that chunk.",
                CheckpointWarning,
            )
            p.unlink(missing_ok=True)
            return None
        ok = rows == (start, stop) and all(v.shape == (stop - start,) for v in data.values())
        if outputs is not None:
            ok = ok and set(outputs) <= set(data)
        if not ok:
            p.unlink(missing_ok=True)
            return None
        return data if outputs is None else {k: data[k] for k in outputs}

    def has_chunks(self) -> bool:
        """Whether any chunk is saved (a run that fails or stops before one has nothing to keep)."""
        return any(self.dir.glob("chunk_*.npz"))

    def discard_if_empty(self) -> None:
        """Remove this run's folder (its manifest) when no chunk is saved: nothing half-done."""
        if not self.has_chunks():
            (self.dir / "manifest.json").unlink(missing_ok=True)
            try:
                self.dir.rmdir()
            except OSError:  # something else in it: not ours to remove
                pass

    def save(self, i: int, start: int, stop: int, data: dict) -> None:
        buf = io.BytesIO()
        np.savez(buf, __rows__=np.array([start, stop]), **data)
        atomic_write_bytes(self.path(i), buf.getvalue())


class _Collector:
    """Places each finished chunk: into whole-sweep arrays, or, with a ``sink``, in design order.

    With a sink, a chunk that finishes before an earlier one waits in :attr:`waiting` until its turn,
    then goes to ``sink(start, stop, data)`` and is dropped: memory holds only those waiting chunks.
    """

    def __init__(self, n: int, sink: Callable | None = None):
        self.n = n
        self.sink = sink
        self.names: list[str] | None = None
        self.dtypes: dict[str, np.dtype] = {}
        self.arrays: dict[str, np.ndarray] | None = None
        self.waiting: dict[int, tuple[int, dict]] = {}
        self.next_row = 0

    def put(self, start: int, stop: int, data: dict) -> None:
        if self.names is None:
            self.names = list(data)
            self.dtypes = {k: np.asarray(v).dtype for k, v in data.items()}
        elif set(data) != set(self.names):
            raise ValueError(
                f"the swept function returned outputs {sorted(data)} for rows {start}..{stop - 1} "
                f"but {sorted(self.names)} before; it must return the same outputs every time."
            )
        if self.sink is None:
            if self.arrays is None:
                need, have = self.n * len(self.names) * 8, available_memory()
                if have is not None and need > have:  # outputs unknown before the first chunk
                    raise ValueError(
                        f"the {len(self.names)} outputs of {self.n:,} scenarios would hold about "
                        f"{_gb(need)} in memory, more than the {_gb(have)} available (half the "
                        "physical memory); keep fewer outputs (outputs=...), use a smaller design, "
                        "or stream the result to a CSV (csv_path=...)."
                    )
                self.arrays = {k: np.empty(self.n, dtype=dt) for k, dt in self.dtypes.items()}
            for k, v in data.items():
                self.arrays[k][start:stop] = v
            return
        self.waiting[start] = (stop, data)
        while self.next_row in self.waiting:
            stop, d = self.waiting.pop(self.next_row)
            # cast as the arrays above would, so the sink sees the same values
            self.sink(
                self.next_row, stop, {k: np.asarray(d[k], self.dtypes[k]) for k in self.names}
            )
            self.next_row = stop


def _max_workers(executor) -> int:
    """The executor's workers; for a process pool at most the cores (processes start on demand)."""
    for attr in ("_max_workers", "max_workers"):
        v = getattr(executor, attr, None)
        if isinstance(v, int) and v > 0:
            if isinstance(executor, cf.ProcessPoolExecutor):
                return min(v, available_cpus())
            return v
    return 4


def run_sweep(
    func: Callable,
    problem_or_design: Problem | Design,
    *,
    outputs: Sequence[str] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    executor: cf.Executor | None = None,
    rng=None,
    progress: bool = False,
    checkpoint_dir=None,
    max_in_flight: int | None = None,
    csv_path=None,
    provenance_extra: Mapping | None = None,
):
    """Evaluate a vectorised function over every scenario of a design, chunk by chunk.

    ``func(**inputs)`` is called with one 1-D float array per input (and per constant) holding the
    rows of one chunk, and returns a dict of output name to array of the same length (or scalar).
    Rows are placed by index, so the result is identical whatever the chunk size, the executor or
    the order in which chunks finish.

    Parameters
    ----------
    func : callable
        Vectorised function; must be picklable (module-level) for a process pool.
    problem_or_design : Problem or Design
        A Problem is turned into its design by :func:`make_design` (its ``[design]`` table, with
        ``rng`` as the seed).
    outputs : sequence of str, optional
        Outputs to keep. Default: the problem's outputs, else all the function returns.
    chunk_size : int
        Scenarios per call of ``func``; bounds the memory of a call.
    executor : concurrent.futures.Executor, optional
        Where chunks run: None (this process), a ``ProcessPoolExecutor`` (one machine; with
        :func:`process_pool` its size is capped at the cores and its workers exit when this
        process dies) or a dask.distributed ``client.get_executor()`` (a cluster). At most ``max_in_flight`` chunks
        are submitted at once, so memory stays bounded.
    rng : None, int or numpy.random.Generator
        Seed of the design when a Problem is given (recorded in the result).
    progress : bool
        Show a tqdm progress bar (``pip install "pfsim[progress]"``).
    checkpoint_dir : path, optional
        Save every finished chunk (atomically) under this folder; a rerun with the same design,
        seed, chunk size, function, outputs and pfsim version loads them instead of recomputing. A
        changed problem or an upgraded pfsim gets a different sub-folder, so stale chunks are never
        reused. The key knows the function by name (module.qualname), not by its code: after
        editing your own function, use a new folder.
    max_in_flight : int, optional
        Chunks submitted to the executor at once (default: twice its workers); when streaming to
        ``csv_path``, chunks finished ahead of their turn count against this limit too.
    csv_path : path, optional
        Stream the result to this CSV while the sweep runs, chunk by chunk in design order, with its
        provenance sidecar ``<stem>.json`` (the same bytes as ``run_sweep(...).to_csv(csv_path)``).
        The outputs are then not kept in memory: only the chunks in flight are, so memory stays
        bounded whatever the sweep size, and ``result.outputs`` reads them back from the file on
        first access (with the dtypes the function returned: float, int or bool). Without it, the result holds every output in memory:
        n × outputs × 8 bytes (10⁶ scenarios × 20 outputs = 160 MB), plus the inputs
        (n × inputs × 8 bytes) once you ask for them or write the CSV.
    provenance_extra : mapping or callable, optional
        Extra JSON-ready entries for the sidecar when streaming (as ``SweepResult.to_csv(extra=)``),
        or a function of the list of output names that returns them.

    Returns
    -------
    SweepResult

    Raises
    ------
    SweepError
        When ``func`` fails on a chunk; finished chunks stay in ``checkpoint_dir`` (a run with none
        leaves no folder there), and a CSV being streamed is not written (the previous file, if
        any, is untouched).
    SweepInUseError
        When another sweep is writing the same ``csv_path`` or ``checkpoint_dir`` (a ValueError
        naming its process id); nothing was touched.
    SweepInterrupted
        On Ctrl-C (a KeyboardInterrupt): finished chunks stay in ``checkpoint_dir``; a rerun
        resumes, with a byte-identical result.
    ValueError
        Before any work: a ``PFSIM_WORKER_MALLOC`` that is not an on/off spelling (with an
        executor), or when the design's planned memory (``n × columns × 8`` bytes in memory,
        or the chunks in flight when streaming) exceeds :func:`available_memory`, or its CSV the
        free disk space.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem, grid_design, run_sweep
    >>> p = Problem([Input("a", levels=[1, 2, 3]), Input("b", levels=[10, 20])])
    >>> res = run_sweep(lambda a, b: {"c": a * b}, grid_design(p), chunk_size=4)
    >>> res["c"]
    array([10., 20., 20., 40., 30., 60.])
    """
    design = _resolve_design(problem_or_design, rng)
    chunk_size, outputs = _check_arguments(func, design, outputs, chunk_size, executor)
    if executor is not None:
        worker_malloc_wanted()  # a bad PFSIM_WORKER_MALLOC: one error here, before any chunk
    limit = 1 if executor is None else max_in_flight or 2 * _max_workers(executor)
    _check_resources(design, outputs, chunk_size, limit, csv_path)
    bar_class = _progress_bar_class() if progress else None
    with output_lock(csv_path, checkpoint_dir):
        run = _Run(func, design, outputs, chunk_size, checkpoint_dir, csv_path, bar_class)
        try:
            if executor is None:
                run.in_this_process()
            else:
                run.on_executor(executor, limit)
        except KeyboardInterrupt:
            run.abort()
            raise run.interrupted() from None
        except BaseException:
            run.abort()
            raise
        finally:
            run.close_bar()
        return run.result(provenance_extra)


def _resolve_design(problem_or_design, rng) -> Design:
    """The design to run.

    The given one (refusing an ``rng`` it was not drawn with), or the Problem's design drawn with
    ``rng``.
    """
    if isinstance(problem_or_design, Design):
        design = problem_or_design
        if (
            rng is not None
            and design.seed is not None
            and not (isinstance(rng, (int, np.integer)) and int(rng) == design.seed)
        ):
            raise ValueError(
                f"rng={rng!r} was given but the design was already drawn with seed "
                f"{design.seed}; pass rng to the design function (lhs_design, sobol_design, ...) "
                "or give run_sweep the Problem instead."
            )
        return design
    if isinstance(problem_or_design, Problem):
        return make_design(problem_or_design, rng=rng)
    raise TypeError(
        f"run_sweep needs a Problem or a Design (got {type(problem_or_design).__name__}); "
        "see pfsim.sweep.grid_design, lhs_design, sobol_design."
    )


def _check_arguments(func, design: Design, outputs, chunk_size, executor):
    """Check run_sweep's arguments before anything runs.

    Returns ``(chunk_size, outputs)`` resolved: an int, and the list of outputs to keep (default:
    the problem's) or None for all.
    """
    if not callable(func):
        raise TypeError(f"func must be callable (got {func!r}).")
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, (int, np.integer))
        or chunk_size < 1
    ):
        raise ValueError(f"chunk_size must be a positive integer (got {chunk_size!r}).")
    chunk_size = int(chunk_size)
    if outputs is None and design.problem is not None and design.problem.outputs is not None:
        outputs = list(design.problem.outputs)
    if outputs is not None:
        if isinstance(outputs, str):
            outputs = [outputs]
        outputs = list(outputs)
    if executor is not None and not isinstance(executor, cf.Executor):
        raise TypeError(
            f"executor must be a concurrent.futures.Executor (got {type(executor).__name__}); for "
            "dask use client.get_executor()."
        )
    if isinstance(executor, cf.ProcessPoolExecutor):
        try:
            pickle.dumps(func)
        except Exception as exc:  # noqa: BLE001
            raise TypeError(
                f"func {func_identity(func)} cannot be sent to worker processes ({exc}); define it "
                "at module level (not a lambda or a nested function), or run without executor."
            ) from None
    _check_signature(func, list(design.names) + list(design.constants))
    return chunk_size, outputs


def _progress_bar_class():
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise ImportError(
            'progress=True needs tqdm, which is not installed: pip install "pfsim[progress]" '
            "(or pip install tqdm), or run without a progress bar."
        ) from None
    return tqdm


class _Run:
    """One run of :func:`run_sweep`.

    The chunks' bounds, their checkpoint, the collector (or CSV stream) that places the finished
    chunks, and the progress bar.
    """

    def __init__(self, func, design, outputs, chunk_size, checkpoint_dir, csv_path, bar_class):
        self.func = func
        self.design = design
        self.outputs = outputs
        self.chunk_size = chunk_size
        self.csv_path = csv_path
        n = self.n = design.n
        self.bounds = _Bounds(n, chunk_size)
        self.n_done = 0
        self.fid = func_identity(func)
        self.writer = None
        self.summary = None
        sink = None
        if csv_path is not None:
            self.summary = _Summary()
            sink = self._stream
        self.collector = _Collector(n, sink)
        self.ckpt = None
        if checkpoint_dir is not None:
            key_fields = {
                "format": _CHECKPOINT_FORMAT,
                "pfsim_version": _version.__version__,
                "design_sha256": design.sha256,
                "seed": design.seed,
                "chunk_size": chunk_size,
                "func": self.fid,
                "outputs": outputs,
            }
            key = sha256_of(key_fields)
            manifest = {**key_fields, "n": n, "n_chunks": len(self.bounds)}
            self.ckpt = _Checkpoint(checkpoint_dir, key, manifest)
        self.bar = None
        if bar_class is not None:
            self.bar = bar_class(total=n, unit="scenario", unit_scale=True, desc="sweep")

    def _stream(self, s: int, e: int, data: dict) -> None:
        """The collector's sink: append rows ``s..e-1`` (inputs and outputs) to the CSV."""
        if self.writer is None:
            self.writer = _CsvWriter(self.csv_path, list(self.design.names) + list(data))
        self.writer.write({**self.design.chunk(s, e, constants=False), **data})
        self.summary.update(data)

    def saved(self, i: int):
        """The chunk's outputs from the checkpoint, or None when it has to be computed."""
        return None if self.ckpt is None else self.ckpt.load(i, *self.bounds[i], self.outputs)

    def finish(self, i: int, data: dict, computed: bool = True) -> None:
        s, e = self.bounds[i]
        if computed and self.ckpt is not None:
            self.ckpt.save(i, s, e, data)
        self.collector.put(s, e, data)
        self.n_done += 1
        if self.bar is not None:
            self.bar.update(e - s)

    def fail(self, i: int, exc: BaseException) -> SweepError:
        """The SweepError for chunk ``i`` failing with ``exc``: one sentence, with how to go on."""
        s, e = self.bounds[i]
        ckpt = self.ckpt if self.ckpt is not None and self.ckpt.has_chunks() else None
        if isinstance(exc, ValueError):
            # the model refused an input: rerunning the same problem fails the same way
            hint = (
                "the model refused an input of these scenarios: correct that input's levels, "
                "bounds or distribution in the problem"
                + (f" (finished chunks stay saved in {ckpt.dir})." if ckpt is not None else ".")
            )
        else:
            hint = None
        hint = hint or (
            f"finished chunks are saved in {ckpt.dir}; rerun with the same arguments to resume."
            if ckpt is not None
            else "no chunk had finished, nothing is saved."
            if self.ckpt is not None
            else "to keep finished chunks across reruns, pass checkpoint_dir=DIR."
        )
        what = " ".join(str(exc).split()).rstrip(".")  # one line, no doubled period
        what = f"{type(exc).__name__}: {what}" if what else type(exc).__name__
        return SweepError(
            f"{self.fid} failed on chunk {i} (rows {s}..{e - 1} of {self.n}): {what}; {hint}"
        )

    def interrupted(self) -> SweepInterrupted:
        """The one-line SweepInterrupted for Ctrl-C: chunks saved, chunks in all, how to go on."""
        m = len(self.bounds)
        if self.ckpt is not None and self.ckpt.has_chunks():
            text = f"interrupted; {self.n_done} of {m} chunks saved; rerun to resume"
            return SweepInterrupted(text, self.n_done, m)
        if self.ckpt is not None:
            return SweepInterrupted("interrupted before any chunk finished; nothing saved", 0, m)
        text = (
            f"interrupted after {self.n_done} of {m} chunks; nothing saved (to resume a rerun "
            "where it stopped, pass checkpoint_dir=DIR)"
        )
        return SweepInterrupted(text, 0, m)

    def in_this_process(self) -> None:
        """Evaluate the chunks one after another here."""
        for i, (s, e) in enumerate(self.bounds):
            data = self.saved(i)
            if data is not None:
                self.finish(i, data, computed=False)
                continue
            try:
                data = _evaluate(self.func, self.design.chunk(s, e), self.outputs, s, e)
            except Exception as exc:
                raise self.fail(i, exc) from exc
            self.finish(i, data)

    def on_executor(self, executor: cf.Executor, limit: int) -> None:
        """Submit the chunks to ``executor`` and place them as they finish.

        At most ``limit`` chunks are in flight; on any failure the chunks still pending are
        cancelled.
        """
        pending: dict[cf.Future, int] = {}
        queue = iter(range(len(self.bounds)))
        caller = os.getpid()  # a chunk run in this process does not tune its allocator
        try:
            while True:
                # chunks running plus chunks finished ahead of their turn stay within the limit
                while len(pending) + len(self.collector.waiting) < limit:
                    i = next(queue, None)
                    if i is None:
                        break
                    data = self.saved(i)
                    if data is not None:
                        self.finish(i, data, computed=False)
                        continue
                    s, e = self.bounds[i]
                    chunk = self.design.chunk(s, e)
                    pending[
                        executor.submit(
                            _evaluate_in_worker, self.func, chunk, self.outputs, s, e, caller
                        )
                    ] = i
                if not pending:
                    break
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for fut in sorted(finished, key=pending.get):
                    i = pending.pop(fut)
                    try:
                        data = fut.result()
                    except Exception as exc:
                        raise self.fail(i, exc) from exc
                    self.finish(i, data)
        finally:
            for fut in pending:
                fut.cancel()

    def abort(self) -> None:
        """Remove the CSV being streamed (the previous file stays) and an empty checkpoint folder."""
        if self.writer is not None:
            self.writer.abort()
        if self.ckpt is not None:
            self.ckpt.discard_if_empty()

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def result(self, provenance_extra) -> SweepResult:
        """The SweepResult; when streaming, the CSV and its sidecar are renamed into place here."""
        done = {
            "func": self.fid,
            "chunk_size": self.chunk_size,
            "checkpoint_dir": self.ckpt and self.ckpt.dir,
        }
        collector = self.collector
        if self.csv_path is not None:
            res = SweepResult(
                self.design,
                None,
                csv_path=self.csv_path,
                output_dtypes=collector.dtypes,
                summary=self.summary.stats,
                **done,
            )
            extra = provenance_extra
            if callable(extra):
                extra = extra(list(collector.names))
            self.writer.commit(res._sidecar(Path(self.csv_path), extra))
            return res
        if collector.arrays is None:  # n == 0 cannot happen (n >= 1), kept for safety
            collector.arrays = {}
        return SweepResult(self.design, collector.arrays, **done)
