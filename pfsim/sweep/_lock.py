"""One sweep per output at a time: an exclusive, non-blocking lock file held for the whole run.

Two sweeps writing the same CSV or the same checkpoint folder would remove each other's live
temporary files (a run removes the leftovers of a killed run when it starts). The lock makes the
second run stop before it touches anything, with a message naming the holder's process id.
The lock is ``fcntl.flock`` on a hidden file (the kernel drops it when the holder dies, even by
SIGKILL, so a killed run never leaves a stale lock); the holder removes the file on release. On
platforms without ``fcntl`` (Windows) no lock is taken.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

__all__ = ["SweepInUseError", "output_lock"]

#: Locks this process holds: lock file -> [file descriptor, depth, thread] (re-entrant within the
#: thread that took it; another thread of this process is refused like another process).
_HELD: dict[str, list] = {}
_HELD_GUARD = threading.Lock()


class SweepInUseError(ValueError):
    """Another pfsim sweep holds the output or checkpoint folder; the message names its pid."""


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


def _acquire(path: Path, target: Path) -> int:
    """Lock ``path`` (creating it); retry when the holder removed the file as we opened it."""
    for _ in range(20):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SweepInUseError(
                f"{target} is in use by another pfsim sweep (pid {_holder(path)}); wait for it or "
                "choose another out_dir (or checkpoint_dir)."
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)  # the previous holder removed this file after we opened it: try again
    raise SweepInUseError(f"{target}: could not take the sweep lock {path}; try again.")


def _release(key: str) -> None:
    held = _HELD[key]
    held[1] -= 1
    if held[1]:
        return
    del _HELD[key]
    with contextlib.suppress(OSError):
        os.unlink(key)  # while still holding the lock: a waiting run then makes a new file
    os.close(held[0])


@contextlib.contextmanager
def output_lock(*paths):
    """Hold the lock of every given output (a CSV file or a checkpoint folder) during the block.

    Parameters
    ----------
    *paths : path or None
        Each is locked through the hidden file ``.<name>.lock`` next to it (outside a checkpoint
        folder, so that removing the folder cannot remove a live lock). None entries are skipped.

    Raises
    ------
    SweepInUseError
        When another process holds one of the locks: nothing was created or removed.
    """
    taken: list[str] = []
    try:
        for p in paths:
            if p is None or fcntl is None:
                continue
            p = Path(os.path.abspath(p))
            lock = p.parent / f".{p.name}.lock"
            key = str(lock)
            with _HELD_GUARD:
                held = _HELD.get(key)
                if held is None:
                    _HELD[key] = [_acquire(lock, p), 1, threading.get_ident()]
                elif held[2] == threading.get_ident():
                    held[1] += 1
                else:
                    raise SweepInUseError(
                        f"{p} is in use by another pfsim sweep (pid {os.getpid()}, another thread); "
                        "wait for it or choose another out_dir (or checkpoint_dir)."
                    )
            taken.append(key)
        yield
    finally:
        with _HELD_GUARD:
            for key in reversed(taken):
                _release(key)
