"""TOML files: reading and the value formatting for writing.

Reading (``tomllib``, or ``tomli`` before Python 3.11) with errors that name the file and the line,
and the value formatting for writing TOML that reads back to the same values.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .csv import DataFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["read_toml", "toml_value"]


def read_toml(path, what: str = "TOML file", error: type[Exception] = DataFileError) -> dict:
    r"""Read a TOML file into a dict.

    Parameters
    ----------
    path : str or pathlib.Path
    what : str
        What the file is (``"problem file"``, ``"runner file"``), for the error messages.
    error : exception class
        Raised (with the message) when the file is missing or not valid TOML; a subclass of
        ValueError such as :class:`pfsim.sweep.ProblemError`. Default :class:`DataFileError`.

    Returns
    -------
    dict
        The file's tables and values.

    Raises
    ------
    error
        Naming the file: it does not exist, or is not valid UTF-8 TOML (the message gives the line
        and column of the first mistake). Checking the keys and values is the caller's part.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.toml"
    >>> _ = p.write_text("[inputs.x\nbounds = [0.0, 1.0]\n")
    >>> read_toml(p, what="problem file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pfsim.io.csv.DataFileError: .../bad.toml: not a valid TOML file (... (at line 1, column 10))...
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(
            f"{what} {str(path)!r} does not exist (file not found); check the path."
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not a valid TOML file ({exc}); save the {what} as UTF-8.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not a valid TOML file ({exc}); correct the {what} there.") from None


def toml_value(v) -> str:
    """The TOML text of a value.

    Booleans, integers, floats (``repr``: read back bit for bit, also ``inf``/``nan``), strings,
    inline tables of mappings and arrays of sequences.

    Examples
    --------
    >>> toml_value({"name": "norm", "loc": 0.1, "n": 3, "flags": [True, False]})
    '{ name = "norm", loc = 0.1, n = 3, flags = [true, false] }'
    """
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (Sequence, np.ndarray)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} as TOML")  # pragma: no cover
