"""Files: atomic writes (temporary file in the same folder, then rename), CSV tables, provenance."""

from __future__ import annotations

import io
import json
import os
import platform
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

__all__ = ["atomic_write_text", "atomic_write_bytes", "write_csv", "provenance"]


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the complete new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the temporary file
    is renamed over ``path`` (atomic on POSIX and Windows). The folder is created if needed.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder; give a file name to write", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        public_mode(tmp)  # mkstemp makes the file private (0600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def public_mode(tmp_path) -> None:
    """Give a ``mkstemp`` file (mode 0600) the mode an ordinary ``open()`` would (0666 & ~umask)."""
    os.chmod(tmp_path, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) atomically; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def format_column(values) -> list[str]:
    """Text of each value of one CSV column, the one formatting every pfsim CSV uses.

    Floats in shortest round-trip form (``repr``: read back bit for bit), integers as integers (the
    ``scenario`` and ``sample`` index columns), booleans as ``0.0`` / ``1.0`` (flags read as
    numbers), anything else as text, quoted where it holds a comma, quote or line break.
    """
    a = values if isinstance(values, np.ndarray) else np.asarray(values)
    if a.dtype.kind == "f":
        return [repr(v) for v in a.astype(np.float64).ravel().tolist()]
    if a.dtype.kind in "iu":
        return [str(v) for v in a.ravel().tolist()]
    if a.dtype.kind == "b":
        return [repr(float(v)) for v in a.ravel().tolist()]
    out = []
    for v in values:
        if isinstance(v, float | np.floating):
            out.append(repr(float(v)))
            continue
        text = str(v)
        if any(c in text for c in ',"\n\r'):
            text = '"' + text.replace('"', '""') + '"'
        out.append(text)
    return out


def write_csv(path, columns: Mapping[str, Sequence], comments: Sequence[str] = ()) -> Path:
    """Write named, equal-length columns as CSV, atomically; ``comments`` become leading ``# `` lines.

    Cells are formatted by :func:`format_column`: floats with ``repr`` (shortest round-trip form),
    so a file read back gives the same numbers bit for bit; integers (numpy or Python, e.g.
    ``scenario`` and ``sample`` index columns) as integers.
    """
    names = list(columns)
    lengths = {len(columns[n]) for n in names}
    if len(lengths) > 1:
        raise ValueError(f"write_csv: columns differ in length ({sorted(lengths)}).")
    buf = io.StringIO()
    for line in comments:
        buf.write(f"# {line}\n")
    buf.write(",".join(format_column([n])[0] for n in names) + "\n")
    texts = [format_column(columns[n]) for n in names]
    for row in zip(*texts, strict=True):
        buf.write(",".join(row) + "\n")
    return atomic_write_text(path, buf.getvalue())


def provenance(extra: Mapping | None = None) -> dict:
    """pfsim version, Python and dependency versions, plus ``extra`` (scenario, seed, ...)."""
    import matplotlib
    import numpy
    import scipy

    from .._version import __version__

    info = {
        "pfsim_version": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "matplotlib": matplotlib.__version__,
    }
    if extra:
        info.update(extra)
    return json.loads(json.dumps(info, default=str))
