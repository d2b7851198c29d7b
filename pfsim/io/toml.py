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

__all__ = ["check_option_types", "option_defaults", "read_toml", "toml_value"]


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


def option_defaults(func) -> dict:
    """Parameter name → default of ``func``'s keyword parameters whose default is not None.

    The defaults give the types :func:`check_option_types` expects (a bool default: true/false, an
    int default: an integer, ...).

    Examples
    --------
    >>> def model(speed_m_s=3.0, n_samples=101, frontal=True, area_fit=None):
    ...     pass
    >>> option_defaults(model)
    {'speed_m_s': 3.0, 'n_samples': 101, 'frontal': True}
    """
    import inspect

    return {
        name: p.default
        for name, p in inspect.signature(func).parameters.items()
        if p.default is not inspect.Parameter.empty and p.default is not None
    }


def _wrong_type(key, value, where: str, allowed: str, error):
    quoted = ""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        quoted = f" (write {key} = {value.strip().lower()}, without quotes)"
    return error(
        f"{where}: {key} = {shorten(value)} has the wrong type; allowed: {allowed}{quoted}."
    )


def check_option_types(
    options: Mapping, defaults: Mapping, where: str, error: type[Exception] = DataFileError
) -> dict:
    """Check TOML option values against the types of their defaults; the values, integers as int.

    A setting read from a file (``[model_options]``) must have its default's type: a boolean
    default takes ``true``/``false`` only (``frontal = "false"``, a non-empty string, would
    otherwise read as true), an integer default an integer (``50.0`` is read as 50, ``50.7`` is
    refused: it would be cut to 50 silently), a float default a number, a string default a string.
    Options without a default here (or with a default of another type) are passed unchecked.

    Parameters
    ----------
    options : mapping of str to value
        The values read (e.g. a problem's ``[model_options]``).
    defaults : mapping of str to value
        The defaults, e.g. :func:`option_defaults` of the function the options go to.
    where : str
        File and section, for the message (``"p.toml [model_options]"``).
    error : exception class
        A ValueError subclass raised with the message.

    Returns
    -------
    dict
        The options, integral floats given for integers converted to int.

    Examples
    --------
    >>> check_option_types({"frontal": False, "n_samples": 51.0}, {"frontal": True, "n_samples": 101}, "p")
    {'frontal': False, 'n_samples': 51}
    >>> check_option_types({"frontal": "false"}, {"frontal": True}, "p.toml [model_options]")
    Traceback (most recent call last):
    ...
    pfsim.io.csv.DataFileError: p.toml [model_options]: frontal = 'false' has the wrong type; allowed: true or false (write frontal = false, without quotes).
    """
    out = dict(options)
    for key, value in options.items():
        if key not in defaults:
            continue
        default = defaults[key]
        is_bool = isinstance(value, bool | np.bool_)
        is_int = isinstance(value, int | np.integer) and not is_bool
        is_float = isinstance(value, float | np.floating)
        if isinstance(default, bool | np.bool_):
            if not is_bool:
                raise _wrong_type(key, value, where, "true or false", error)
            out[key] = bool(value)
        elif isinstance(default, int | np.integer):
            if is_float and float(value).is_integer() and abs(value) <= INT_RANGE[1]:
                out[key] = int(value)
            elif not is_int:
                raise _wrong_type(key, value, where, f"an integer (default {default})", error)
        elif isinstance(default, float | np.floating):
            if not (is_int or is_float):
                raise _wrong_type(key, value, where, f"a number (default {default!r})", error)
        elif isinstance(default, str) and not isinstance(value, str):
            raise _wrong_type(key, value, where, f'a string in quotes (default "{default}")', error)
    return out


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
