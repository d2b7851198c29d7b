"""Provenance of written results.

Versions of pfsim, Python and the dependencies, and the hashes that identify a resolved scenario
(SHA-256 of its canonical JSON). :func:`table_record` is the sidecar ``<name>.json`` of every table
pfsim writes (:func:`pfsim.io.write_table`): versions, the command line (:func:`recording_command`,
set by ``pfsim``'s command-line entry point; None from Python), the git commit when pfsim runs from
a checkout (:func:`git_commit`), an ISO-8601 UTC timestamp, the resolved inputs, the unit of every
column and the CSV's SHA-256. The CSV itself holds no time, command or commit, so its bytes repeat.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import hashlib
import json
import math
import os
import platform
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

__all__ = [
    "RUN_FIELDS",
    "canonical_json",
    "column_units",
    "git_commit",
    "provenance",
    "recorded_command",
    "recording_command",
    "sha256_of",
    "table_record",
]

#: Sidecar fields that differ from run to run of the same inputs (ignore them when comparing).
RUN_FIELDS = ("command", "git_commit", "timestamp")

_COMMAND: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar(
    "pfsim_command", default=None
)


def provenance(extra: Mapping | None = None) -> dict:
    """The pfsim version, Python and dependency versions, plus ``extra`` (scenario, seed, ...).

    The matplotlib and numba versions are read from the installed packages' metadata (None when
    not installed), so writing provenance never imports them. ``environment`` records the value of
    ``PFSIM_COMPILED`` (None when unset): with it on, the facet solver is the compiled one
    (:mod:`pfsim.joint.frontal`; tested to agree with the numpy solver to 1e-12).
    """
    import numpy
    import scipy

    from .._version import __version__

    info = {
        "pfsim_version": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "matplotlib": _installed_version("matplotlib"),
        "numba": _installed_version("numba"),
        "environment": {"PFSIM_COMPILED": os.environ.get("PFSIM_COMPILED")},
    }
    if extra:
        info.update(extra)
    return json.loads(json.dumps(info, default=str))


def _installed_version(distribution: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def canonical_json(obj) -> str:
    """JSON with sorted keys, no whitespace and shortest round-trip floats: the text that is hashed."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)


def sha256_of(obj) -> str:
    """SHA-256 hex digest of :func:`canonical_json` of ``obj``."""
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


@contextlib.contextmanager
def recording_command(argv: Sequence[str]):
    """Within the block, sidecars record ``argv`` as the command line (``pfsim``'s entry point)."""
    token = _COMMAND.set(tuple(str(a) for a in argv))
    try:
        yield
    finally:
        _COMMAND.reset(token)


def recorded_command() -> list[str] | None:
    """The command line being recorded (:func:`recording_command`), or None (pfsim from Python)."""
    argv = _COMMAND.get()
    return None if argv is None else list(argv)


def git_commit(root=None) -> str | None:
    """The commit checked out where pfsim runs from, or None when pfsim is not run from a checkout.

    ``root`` (default: the folder holding the ``pfsim`` package) must itself hold ``.git`` (a folder,
    or the file of a worktree); an installed pfsim has none. ``HEAD`` and the ref it names are read
    directly (loose ref, then ``packed-refs``); ``git rev-parse HEAD`` (2 s timeout) is the fallback.
    Never raises: any failure gives None.
    """
    root = Path(__file__).resolve().parents[2] if root is None else Path(root)
    try:
        return _read_head(root) or _rev_parse(root)
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """(the checkout's git folder, the common git folder of its worktrees), or None."""
    dot = root / ".git"
    if dot.is_dir():
        return dot, dot
    if not dot.is_file():
        return None
    text = dot.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text[len("gitdir:") :].strip())
    gitdir = gitdir if gitdir.is_absolute() else (root / gitdir)
    common = gitdir
    if (gitdir / "commondir").is_file():
        common = gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()
    return gitdir, common


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def _read_head(root: Path) -> str | None:
    dirs = _git_dirs(root)
    if dirs is None:
        return None
    gitdir, common = dirs
    head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
    if _is_sha(head):
        return head  # detached
    if not head.startswith("ref:"):
        return None
    ref = head[4:].strip()
    for folder in (gitdir, common):
        loose = folder / ref
        if loose.is_file():
            sha = loose.read_text(encoding="utf-8").strip()
            return sha if _is_sha(sha) else None
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1] == ref and _is_sha(parts[0]):
                return parts[0]
    return None


def _rev_parse(root: Path) -> str | None:
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    sha = out.stdout.strip()
    return sha if out.returncode == 0 and _is_sha(sha) else None


def column_units(names: Sequence[str], units: Mapping | None = None) -> dict[str, str]:
    """The unit of every column: ``units`` where it names one, else the unit in the column's name.

    A name ``quantity_unit__variant`` (e.g. ``contact_stress_MPa__salsich2003``) carries the unit of
    its part before ``__`` (:func:`pfsim._results.unit_of`); ``""`` is dimensionless or unknown.
    """
    from .._results import unit_of

    given = dict(units or {})
    out = {}
    for name in names:
        if name in given:
            out[name] = str(given[name])
        else:
            out[name] = unit_of(name) or unit_of(name.split("__", 1)[0])
    return out


def _plain(obj):
    """``obj`` as plain JSON values: arrays as lists, non-finite floats as None, paths as text."""
    if isinstance(obj, np.ndarray | np.generic):
        obj = obj.tolist()
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj if obj is None or isinstance(obj, bool | int | float | str) else str(obj)


def table_record(
    path,
    sha256: str,
    rows: int,
    columns: Sequence[str],
    *,
    inputs: Mapping | None = None,
    units: Mapping | None = None,
    extra: Mapping | None = None,
) -> dict:
    """The sidecar of a written table: run fields, versions, inputs, column units, the CSV's hash.

    Parameters
    ----------
    path : path-like
        The CSV file (its name is recorded).
    sha256 : str
        SHA-256 of the CSV's bytes.
    rows : int
        Data rows in the CSV.
    columns : sequence of str
        The CSV's column names, in order.
    inputs : mapping, optional
        The resolved inputs or scenario that produced the table (recorded under ``inputs``).
    units : mapping, optional
        Units of columns whose names do not carry them (:func:`column_units`).
    extra : mapping, optional
        Further top-level entries (e.g. the sweep's record).

    Returns
    -------
    dict
        ``pfsim_version``, ``python``, ``numpy``, ``scipy``, ``matplotlib``, ``command`` (argv, or
        None from Python), ``git_commit`` (or None), ``timestamp`` (ISO-8601 UTC), ``inputs`` (when
        given), the ``extra`` entries, ``units`` (column -> unit) and ``csv`` (``file``, ``sha256``,
        ``rows``, ``columns``). JSON-ready: arrays as lists, NaN as None.
    """
    info = provenance()
    info["command"] = recorded_command()
    info["git_commit"] = git_commit()
    now = datetime.datetime.now(datetime.timezone.utc)
    info["timestamp"] = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    if inputs is not None:
        info["inputs"] = _plain(inputs)
    info.update(_plain(dict(extra or {})))
    info["units"] = column_units(list(columns), units)
    info["csv"] = {
        "file": Path(path).name,
        "sha256": sha256,
        "rows": int(rows),
        "columns": list(columns),
    }
    return info
