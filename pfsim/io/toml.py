"""TOML files: reading and the value formatting for writing.

Reading (``tomllib``, or ``tomli`` before Python 3.11) with errors that name the file and the line,
and the value formatting for writing TOML that reads back to the same values.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .csv import DataFileError
from .text import read_text_file, shorten

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
    text = read_text_file(path, what, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not a valid TOML file ({exc}); correct the {what} there.") from None
    except RecursionError:
        raise error(
            f"{path}: not a valid TOML file (arrays or inline tables nested too deeply to read); "
            f"{_DEPTH_FIX.format(what=what)}."
        ) from None
    except ValueError as exc:  # int(): more digits than sys.get_int_max_str_digits()
        if "digits" not in str(exc):  # pragma: no cover - tomllib raises only TOMLDecodeError else
            raise error(f"{path}: not a valid TOML file ({shorten(exc, 200)}).") from None
        raise error(
            f"{path}: {_line_of(text, _LONG_DIGITS)}an integer of more than "
            f"{_max_digits()} digits; {_INT_FIX.format(what=what)}."
        ) from None
    _check_values(data, path, text, what, error)
    return data


#: Deepest nesting of tables and arrays :func:`read_toml` accepts. pfsim's own files nest at most 4
#: deep (a problem's ``[inputs.x]`` table, its ``distribution`` inline table and an array in it); 32
#: leaves a wide margin and keeps every reader and writer of the values far from Python's recursion
#: limit (the TOML parser itself fails near 500 levels).
MAX_TOML_DEPTH = 32

#: The integers TOML 1.0.0 promises to read losslessly ("Arbitrary 64-bit signed integers (from
#: -2^63 to 2^63-1) should be accepted and handled losslessly. If an integer cannot be represented
#: losslessly, an error must be thrown", https://toml.io/en/v1.0.0#integer). pfsim refuses larger
#: ones instead of reading them as huge Python integers that overflow when converted to floats.
INT_RANGE = (-(2**63), 2**63 - 1)

_DEPTH_FIX = (
    f"pfsim reads at most {MAX_TOML_DEPTH} levels of nested tables and arrays; correct the {{what}}"
)
_INT_FIX = (
    "allowed: integers from -2**63 to 2**63-1 (TOML 1.0: 64-bit integers); write a larger value "
    "as a float (e.g. 1e30) or correct the {what}"
)
_LONG_DIGITS = re.compile(r"[0-9_]{19,}")


def _max_digits() -> int:
    """Python's limit on the digits of an integer read from text (3.11+: 4300 by default)."""
    return getattr(sys, "get_int_max_str_digits", lambda: 4300)()


def _line_of(text: str, pattern: re.Pattern) -> str:
    """``"line N: "`` of the first match of ``pattern`` in ``text``, else ``""``."""
    match = pattern.search(text)
    return f"line {text.count(chr(10), 0, match.start()) + 1}: " if match else ""


def _check_values(data: dict, path: Path, text: str, what: str, error) -> None:
    """Refuse nesting deeper than :data:`MAX_TOML_DEPTH` and integers outside :data:`INT_RANGE`.

    Walks the parsed values without recursion; messages name the file, the key and (for an
    integer) the line.
    """
    stack = [("", data, 1)]
    while stack:
        key, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_TOML_DEPTH:
                raise error(
                    f"{path}: key {shorten(key)} nests more than {MAX_TOML_DEPTH} levels of "
                    f"tables and arrays; {_DEPTH_FIX.format(what=what)}."
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for k, v in items:
                sub = f"{key}[{k}]" if isinstance(value, list) else (f"{key}.{k}" if key else k)
                stack.append((sub, v, depth + 1))
        elif isinstance(value, int) and not isinstance(value, bool):
            if not INT_RANGE[0] <= value <= INT_RANGE[1]:
                digits = len(str(abs(value)))
                # the line: the integer's first digits, written with or without underscores
                line = _line_of(text, re.compile("_?".join(str(abs(value))[:19])))
                raise error(
                    f"{path}: {line}key {shorten(key)} = an integer of {digits} digits, too large; "
                    f"{_INT_FIX.format(what=what)}."
                )


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
        # JSON's escapes are TOML's (\n, \t, \uXXXX, ...); DEL (U+007F) is a control character to
        # TOML, which JSON leaves as it is
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (Sequence, np.ndarray)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} as TOML")  # pragma: no cover
