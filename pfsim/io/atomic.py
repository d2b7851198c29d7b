"""Atomic writes: bytes go to a temporary file in the target's folder, which is then renamed over it.

A reader sees either the old file or the complete new one, never a half-written file, even when the
writing process is killed: :func:`os.replace` is atomic on POSIX and Windows. The temporary files are
named ``.<name>.<pid>.<random>.tmp`` next to the target; :func:`remove_stale_temps` removes those a
killed write left behind, and leaves those of a process that is still running (another writer's live
file).
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

__all__ = [
    "AtomicWriter",
    "atomic_write_bytes",
    "atomic_write_text",
    "commit_together",
    "public_mode",
    "remove_stale_temps",
]


class AtomicWriter:
    r"""A file written piece by piece into a temporary file next to ``path``, then renamed into place.

    :meth:`write` appends bytes; :meth:`commit` flushes them to disk and renames the temporary file
    over ``path``; :meth:`abort` removes the temporary file (``path``, if it exists, is untouched). As
    a context manager it commits on success and aborts on an exception. The folder is created if
    needed.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write (not a folder).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with AtomicWriter(p) as w:
    ...     w.write(b"first line\n")
    ...     w.write(b"second line\n")
    >>> p.read_text().splitlines()
    ['first line', 'second line']
    """

    def __init__(self, path):
        self.path = Path(path)
        if self.path.is_dir():
            raise IsADirectoryError(21, "is a folder; give a file name to write", str(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp"
        )
        self._fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        """Append ``data`` to the temporary file."""
        self._fh.write(data)

    def finish(self) -> None:
        """Flush to disk, close, and give the file ordinary permissions.

        The rename is left to :meth:`replace` (used by :func:`commit_together` to rename several
        files one after another).
        """
        if self._fh.closed:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        public_mode(self.tmp)  # mkstemp makes the file private (0600)

    def replace(self) -> Path:
        """Rename the finished temporary file over :attr:`path`."""
        os.replace(self.tmp, self.path)
        return self.path

    def commit(self) -> Path:
        """Finish and rename into place; on any failure remove the temporary file and re-raise."""
        return commit_together(self)[0]

    def abort(self) -> None:
        """Close and remove the temporary file; the previous file at :attr:`path`, if any, stays."""
        self._fh.close()
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def commit_together(*writers: AtomicWriter) -> list[Path]:
    """Finish every writer, then rename them into place one right after the other.

    If anything fails, every writer's temporary file is removed and the error re-raised.

    Parameters
    ----------
    *writers : AtomicWriter
        In the order of the renames (e.g. a CSV, then its provenance sidecar).

    Returns
    -------
    list of pathlib.Path
        The paths written.
    """
    try:
        for w in writers:
            w.finish()
        return [w.replace() for w in writers]
    except BaseException:
        for w in writers:
            w.abort()
        raise


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the complete new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the temporary file
    is renamed over ``path`` (atomic on POSIX and Windows). The folder is created if needed.
    """
    w = AtomicWriter(path)
    try:
        w.write(data)
    except BaseException:
        w.abort()
        raise
    return w.commit()


def atomic_write_text(path, text: str) -> Path:
    r"""Write ``text`` (UTF-8, ``\n`` line ends) atomically; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def public_mode(tmp_path) -> None:
    """Give a ``mkstemp`` file (mode 0600) the mode an ordinary ``open()`` would (0666 & ~umask)."""
    os.chmod(tmp_path, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _writer_alive(tmp: Path, name: str) -> bool:
    """Whether the process that named temporary file ``tmp`` (``.<name>.<pid>.<random>.tmp``) runs."""
    pid = tmp.name[len(name) + 2 :].split(".", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False  # an older name without a pid, or this process's own leftover
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # a process of another user has that pid: leave its file
    return True


def remove_stale_temps(path, keep=()) -> None:
    """Remove the ``.<name>.*.tmp`` files that a killed write of ``path`` left behind.

    A temporary file whose writer (the pid in its name) is still running is another write under way
    and is left alone.

    Parameters
    ----------
    path : str or pathlib.Path
        The target file whose leftover temporary files go.
    keep : collection of str
        Temporary files (as strings) to leave, e.g. those of a write still under way.
    """
    path = Path(path)
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if str(tmp) not in keep and not _writer_alive(tmp, path.name):
            tmp.unlink(missing_ok=True)
