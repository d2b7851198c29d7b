"""Bundled examples that ship in the wheel: runner profiles, training histories, sweep problems.

Each kind sits in its own folder, with a README saying what each example shows:

- ``runners/`` (TOML, :func:`pfsim.load_runner`): ``healthy``, ``hip_driven``, ``load_driven`` and
  the three TIPPs subgroups ``tipps_strong``, ``tipps_weak_tighter``, ``tipps_weak_pronated``.
- ``histories/`` (CSV, :func:`pfsim.read_history`): ``steady``, ``jump40_hills``.
- ``problems/`` (TOML, :meth:`pfsim.sweep.Problem.from_toml`): ``cadence_grid``, ``joint_facets``,
  ``runner_profile_sobol``.

The readers take a name where they take a path: a name has no path separator and no suffix and is
not an existing file (``pfsim.load_runner("hip_driven")``, ``pfsim run --runner hip_driven``,
``pfsim sweep cadence_grid``). ``pfsim examples`` lists them; ``pfsim examples NAME`` prints one and
``pfsim examples NAME --copy DIR`` writes a copy to edit. Names are unique across the kinds.

This package holds data and a loader only: it imports no model (only :mod:`pfsim.io`, for the copy).

Examples
--------
>>> from pfsim import examples
>>> examples.names("runners")[:3]
('healthy', 'hip_driven', 'load_driven')
>>> examples.path("runners", "hip_driven").name
'hip_driven.toml'
>>> examples.resolve("histories", "steady").name
'steady.csv'
>>> examples.resolve("histories", "my_runs.csv")  # a path is returned as it is
'my_runs.csv'
"""

from __future__ import annotations

import atexit
import contextlib
import difflib
import os
from importlib import resources
from pathlib import Path

__all__ = ["KINDS", "catalogue", "copy", "description", "find", "names", "path", "resolve"]

#: kind -> (file suffix, what one example of the kind is, the reader that takes its name).
KINDS = {
    "runners": (".toml", "runner profile", "pfsim.load_runner"),
    "histories": (".csv", "training history", "pfsim.read_history"),
    "problems": (".toml", "sweep problem", "pfsim.sweep.Problem.from_toml"),
}

_FILES = contextlib.ExitStack()  # keeps extracted copies alive when the package is not on disk
atexit.register(_FILES.close)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {kind!r}).")


def names(kind: str) -> tuple[str, ...]:
    """The names of the bundled examples of one kind, sorted.

    Parameters
    ----------
    kind : {"runners", "histories", "problems"}

    Returns
    -------
    tuple of str
    """
    _check_kind(kind)
    suffix = KINDS[kind][0]
    folder = resources.files(__name__).joinpath(kind)
    return tuple(
        sorted(f.name[: -len(suffix)] for f in folder.iterdir() if f.name.endswith(suffix))
    )


def find(name: str, strict: bool = False) -> str | None:
    """The kind of the bundled example called ``name``; None if there is none.

    With ``strict=True`` an unknown name raises ValueError listing the names (any kind).
    """
    kind = next((kind for kind in KINDS if name in names(kind)), None)
    if kind is None and strict:
        every = [n for k in KINDS for n in names(k)]
        close = difflib.get_close_matches(name, every, n=1)
        raise ValueError(
            f"no bundled example is named {name!r}"
            + (f" (did you mean {close[0]!r}?)" if close else "")
            + f"; the examples are {', '.join(every)} (pfsim examples lists them)."
        )
    return kind


def _unknown(kind: str, name: str) -> ValueError:
    suffix, what, _ = KINDS[kind]
    other = find(name)
    if other is not None:
        said = f"{name!r} is a bundled {KINDS[other][1]}, not a {what}"
    else:
        close = difflib.get_close_matches(name, names(kind), n=1)
        said = f"no bundled {what} is named {name!r}" + (
            f" (did you mean {close[0]!r}?)" if close else ""
        )
    return ValueError(
        f"{said}; the bundled {what}s are {', '.join(names(kind))} (pfsim examples lists them), "
        f"or give the path of a {suffix} file (e.g. ./{name}{suffix})."
    )


def path(kind: str, name: str) -> Path:
    """The file of the bundled example ``name`` of ``kind``.

    Raises
    ------
    ValueError
        For an unknown name: the message lists the valid names and says that a path also works.
    """
    _check_kind(kind)
    if name not in names(kind):
        raise _unknown(kind, name)
    item = resources.files(__name__).joinpath(kind, name + KINDS[kind][0])
    if isinstance(item, Path):
        return item
    return _FILES.enter_context(resources.as_file(item))  # pragma: no cover - zipped installs


def is_name(source) -> bool:
    """True if ``source`` reads as an example's name: no path separator, no suffix, not a file.

    A folder of that name does not count (``pfsim sweep cadence_grid --out cadence_grid`` twice).
    """
    if not isinstance(source, str | os.PathLike):
        return False
    text = os.fspath(source)
    if not isinstance(text, str) or not text or text in (".", ".."):
        return False
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    if any(s in text for s in separators) or Path(text).suffix:
        return False
    return not Path(text).is_file()


def resolve(kind: str, source):
    """``source`` itself if it is a path, else the file of the bundled example it names.

    Parameters
    ----------
    kind : {"runners", "histories", "problems"}
    source : str or path-like
        A file's path, or an example's name (:func:`is_name`).

    Returns
    -------
    str, path-like or pathlib.Path
        ``source`` unchanged, or :func:`path` of the example.

    Raises
    ------
    ValueError
        For a name that is no bundled example of ``kind`` (listing the valid names), and for a
        missing file in the current folder named as an example with its suffix
        (``hip_driven.toml``): the message gives the name to use.
    """
    _check_kind(kind)
    if is_name(source):
        return path(kind, os.fspath(source))
    if isinstance(source, str | os.PathLike) and isinstance(os.fspath(source), str):
        given = Path(source)
        suffix, what, _ = KINDS[kind]
        if (
            given.suffix == suffix
            and given.stem in names(kind)
            and str(given) == given.name
            and not given.exists()
        ):
            raise ValueError(
                f"no file {given.name!r} in this folder; the bundled {what} is named "
                f"{given.stem!r}, without {suffix} (pfsim examples lists them)."
            )
    return source


def description(kind: str, name: str) -> str:
    """The one-line description of an example: the first comment line of its file."""
    for line in path(kind, name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


def catalogue() -> list[tuple[str, str, str]]:
    """``(kind, name, description)`` of every bundled example, kind by kind."""
    return [(kind, name, description(kind, name)) for kind in KINDS for name in names(kind)]


def copy(name: str, folder) -> Path:
    """Write a copy of the bundled example ``name`` into ``folder`` (atomically) and return it.

    Parameters
    ----------
    name : str
        An example's name (any kind; :func:`catalogue` lists them).
    folder : str or path-like
        Created if missing. An existing file of the same name is not overwritten.

    Raises
    ------
    ValueError
        For an unknown name, or when ``folder`` already holds a file of that name.
    """
    from ..io import atomic_write_bytes

    kind = find(name, strict=True)
    src = path(kind, name)
    if Path(folder).exists() and not Path(folder).is_dir():
        raise ValueError(f"{folder} is a file; give a folder to copy the example into.")
    target = Path(folder) / src.name
    if target.exists():
        raise ValueError(
            f"{target} already exists; remove it or copy into another folder (it is not "
            "overwritten, it may hold your edits)."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_bytes(target, src.read_bytes())
