"""Text files: the one way pfsim reads a data file's text, and short echoes of bad values.

:func:`read_text_file` is what every reader of :mod:`pfsim.io` (CSV, TOML, OpenSim storage) reads
through, so each gets the same answers to the same bad files: a missing file, a folder, an
unreadable file, a file that is not UTF-8 text (a spreadsheet, a UTF-16 export, a binary file) each
raise one error naming the file and the fix, and a UTF-8 byte-order mark (written by some
spreadsheet programs and Windows editors) is removed rather than read into the first column name.
:func:`shorten` keeps a value echoed in an error message short.
"""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["read_text_file", "shorten"]

#: Longest echo of a bad value in a message [characters]; longer values are cut in the middle.
ECHO_CHARS = 60


def shorten(text, limit: int = ECHO_CHARS, *, quote: bool = True) -> str:
    """``repr`` of ``text`` (a value to echo in a message), cut to about ``limit`` characters.

    ``quote=False`` echoes a string as it is (no quotes), cut the same way.

    Examples
    --------
    >>> shorten("abc")
    "'abc'"
    >>> shorten([1, 2])
    '[1, 2]'
    >>> shorten("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (1000 characters) ...'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    >>> shorten("9" * 70, 20, quote=False)
    '9999999999... (70 characters) ...9999999999'
    """
    show = repr if quote else str
    if not isinstance(text, str):
        text = repr(text)
        if len(text) <= limit:
            return text
    elif len(text) <= limit:
        return show(text)
    half = limit // 2
    return f"{show(text[:half])}... ({len(text)} characters) ...{show(text[-half:])}"


def _position(raw: bytes, offset: int) -> str:
    """``line L, byte B`` (both 1-based) of the byte at ``offset`` in ``raw``."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset - start + 1}"


def read_text_file(path, what: str = "file", error: type[Exception] = ValueError) -> str:
    r"""The text of a UTF-8 text file, without a leading byte-order mark.

    Parameters
    ----------
    path : str or pathlib.Path
    what : str
        What the file is (``"history file"``, ``"runner file"``), for the messages.
    error : exception class
        Raised with the message (a subclass of ValueError, e.g. :class:`pfsim.io.DataFileError`).

    Returns
    -------
    str
        The file's text; a UTF-8 byte-order mark at its start is dropped (else it would become an
        invisible first character of the first column name or key).

    Raises
    ------
    error
        Naming the file and the fix: it does not exist, is a folder, cannot be read, or is not a
        UTF-8 text file (invalid UTF-8, a UTF-16/UTF-32 byte-order mark, or NUL bytes: binary).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.csv"
    >>> _ = p.write_bytes(b"\xef\xbb\xbfweek,distance_km\n")
    >>> read_text_file(p)
    'week,distance_km\n'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(
            f"{what} {str(path)!r} does not exist (file not found); check the path."
        ) from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}; give the path of the file.") from None
    except OSError as exc:
        raise error(
            f"{path}: the {what} cannot be read ({exc.strerror or exc}); check its permissions."
        ) from None
    fix = f"save the {what} as UTF-8 text"
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):  # fmt: skip
        if raw.startswith(bom):
            raise error(f"{path}: not a UTF-8 text file (it starts with a {name} mark); {fix}.")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise error(
            f"{path}: not a UTF-8 text file (NUL byte at {_position(raw, nul)}: a binary file); "
            f"{fix} (export a spreadsheet as CSV)."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: not a UTF-8 text file (byte 0x{raw[exc.start]:02x} at "
            f"{_position(raw, exc.start)} is not UTF-8); {fix}."
        ) from None
    return text[1:] if text.startswith("\ufeff") else text
