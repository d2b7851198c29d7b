"""CSV tables: the one cell format every pfsim CSV uses (written and read back), commented CSV input.

:func:`format_column` and :func:`parse_column` are a pair: a column written by the first and read by
the second gives back the same values and dtype (floats bit for bit, integers exactly, booleans as
booleans). :func:`write_table` writes every table pfsim produces: a plain CSV (a header line, then
the rows; readable by ``pandas.read_csv`` with no options) and its sidecar ``<name>.json``
(:func:`pfsim.io.table_record`), through the streaming :class:`TableWriter`.
:func:`read_commented_csv` reads the hand-made CSV files of ``validation/`` and of user inputs, whose
``#`` lines carry the sources and notes (and the tables of pfsim versions that wrote comment lines).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atomic import AtomicWriter, atomic_write_text, commit_together, remove_stale_temps
from .provenance import table_record
from .text import ECHO_CHARS, read_text_file, shorten

__all__ = [
    "CsvTable",
    "DataFileError",
    "TableWriter",
    "format_column",
    "parse_column",
    "read_commented_csv",
    "read_commented_table",
    "sidecar_path",
    "write_csv",
    "write_table",
]

#: How :func:`format_column` writes booleans, and what :func:`parse_column` reads as booleans.
_TRUE = ("1.0", "1", "True", "true")
_FALSE = ("0.0", "0", "False", "false")


class DataFileError(ValueError):
    """A data file (CSV, TOML) is missing or malformed; the message names the file and the fix."""


def format_column(values) -> list[str]:
    """Text of each value of one CSV column, the one formatting every pfsim CSV uses.

    Floats in shortest round-trip form (``repr``: read back bit for bit), integers as integers (the
    ``scenario`` and ``sample`` index columns), booleans as ``0.0`` / ``1.0`` (flags read as
    numbers), anything else as text, quoted where it holds a comma, quote or line break.
    :func:`parse_column` reads each of these back.
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


def parse_column(cells, dtype, name: str = "column") -> np.ndarray:
    """Values of one CSV column written by :func:`format_column`, as an array of ``dtype``.

    Parameters
    ----------
    cells : sequence of str, or numeric array
        The column's cells (text as in the file, or numbers already parsed, e.g. by
        ``numpy.loadtxt``).
    dtype : numpy dtype or str
        The dtype the column had when written: floats are read bit for bit (``repr`` text),
        integers exactly, booleans from ``0.0``/``1.0`` (also ``0``/``1``/``True``/``False``).
    name : str
        The column's name, for the error message.

    Returns
    -------
    numpy.ndarray
        1-D array of ``dtype``.

    Examples
    --------
    >>> parse_column(format_column(np.array([True, False])), bool)
    array([ True, False])
    >>> parse_column(["3", "-4"], "int64")
    array([ 3, -4])
    """
    dt = np.dtype(dtype)
    a = np.asarray(cells)
    if dt.kind == "b":
        if a.dtype.kind in "US":
            true, false = np.isin(a, _TRUE), np.isin(a, _FALSE)
        else:
            true, false = a == 1, a == 0
        bad = ~(true | false)
        if bad.any():
            raise ValueError(
                f"{name}: a boolean column holds {shorten(a[bad][0])}; booleans are written as 1.0 "
                "(true) and 0.0 (false)."
            )
        return true
    try:
        if dt.kind in "iu" and a.dtype.kind in "US":
            return a.astype(dt)  # exact (through float64, integers above 2**53 would round)
        if dt.kind in "fiu":
            return a.astype(np.float64).astype(dt)
        return a.astype(dt)
    except (ValueError, OverflowError, TypeError):
        bad = next((c for c in a.ravel().tolist() if not _fits(c, dt)), "?")
        raise ValueError(
            f"{name}: cannot read {shorten(bad)} as {dt} (a {_KIND.get(dt.kind, 'value')} column); "
            "correct the value or rewrite the file."
        ) from None


_KIND = {"i": "integer", "u": "non-negative integer", "f": "number", "c": "number"}


def _fits(cell, dt) -> bool:
    """Whether one cell converts to ``dt`` (for the message of :func:`parse_column`)."""
    try:
        np.asarray([cell]).astype(dt)
    except (ValueError, OverflowError, TypeError):
        return False
    return True


def write_csv(path, columns: Mapping[str, Sequence], comments: Sequence[str] = ()) -> Path:
    """Write named, equal-length columns as CSV, atomically; ``comments`` become leading ``#`` lines.

    For input files (e.g. running histories, which may carry notes); pfsim's result tables go through
    :func:`write_table` (no comment lines, a sidecar). Cells are formatted by :func:`format_column`: floats with ``repr`` (shortest round-trip form),
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


def sidecar_path(path) -> Path:
    """The sidecar of the table ``path``: ``<name>.json`` next to it (``<file>.json`` for a ``.json``)."""
    path = Path(path)
    side = path.with_suffix(".json")
    return path.with_name(path.name + ".json") if side == path else side


class TableWriter:
    """A plain CSV written block by block into a temporary file, renamed into place with its sidecar.

    :meth:`write` appends rows (columns by name); :meth:`commit` fsyncs the CSV, writes the sidecar
    (built from the CSV's SHA-256) to its own temporary file, then renames the CSV and, right after,
    the sidecar into place (:func:`pfsim.io.commit_together`), and removes temporary files of both
    that an earlier, killed write left behind. :meth:`abort` removes the temporary file. Cells are
    written by :func:`format_column`, element by element, so the bytes do not depend on how the rows
    were split into blocks.

    Parameters
    ----------
    path : path-like
        The CSV file.
    names : sequence of str
        The column names (the header line).
    """

    def __init__(self, path, names: Sequence[str]):
        self._file = AtomicWriter(path)
        self.path = self._file.path
        self.tmp = self._file.tmp
        self.names = list(names)
        self.rows = 0
        self._hash = hashlib.sha256()
        self._put((",".join(format_column(self.names)) + "\n").encode("utf-8"))

    def _put(self, data: bytes) -> None:
        self._file.write(data)
        self._hash.update(data)

    def write(self, columns: Mapping, block: int = 8192) -> None:
        """Append rows: ``columns`` maps every name to an equal-length 1-D array or list.

        Rows are formatted ``block`` at a time, so the text in memory stays a few MB.
        """
        lengths = {len(columns[k]) for k in self.names}
        if len(lengths) > 1:
            raise ValueError(f"write_table: columns differ in length ({sorted(lengths)}).")
        m = lengths.pop() if lengths else 0
        for s in range(0, m, block):
            cols = [format_column(columns[k][s : s + block]) for k in self.names]
            self._put(("\n".join(map(",".join, zip(*cols, strict=True))) + "\n").encode("utf-8"))
        self.rows += m

    def commit(self, sidecar=None) -> str:
        """Close, then rename into place; ``sidecar(sha256, rows)`` gives the sidecar's dict."""
        files = [self._file]
        try:
            self._file.finish()
            digest = self._hash.hexdigest()
            if sidecar is not None:
                text = json.dumps(sidecar(digest, self.rows), indent=2, sort_keys=True) + "\n"
                files.append(AtomicWriter(sidecar_path(self.path)))
                files[-1].write(text.encode("utf-8"))
        except BaseException:
            for f in files:
                f.abort()
            raise
        commit_together(*files)
        for f in files:
            remove_stale_temps(f.path)
        return digest

    def abort(self) -> None:
        """Close and remove the temporary file; the previous output, if any, is untouched."""
        self._file.abort()


def write_table(
    path,
    columns: Mapping[str, Sequence],
    *,
    inputs: Mapping | None = None,
    units: Mapping | None = None,
    extra: Mapping | None = None,
) -> Path:
    r"""Write a result table: a plain CSV, then its sidecar ``<name>.json``, each atomically.

    The CSV is a header line and the rows (cells by :func:`format_column`: floats in shortest
    round-trip form), with no comment lines, so ``pandas.read_csv(path)`` reads it as it is and the
    same table gives the same bytes on every run. The sidecar (:func:`pfsim.io.table_record`) holds
    what varies or describes: versions, the command line, the git commit, the time, ``inputs``, the
    unit of every column (``units``, else from the column's name) and the CSV's SHA-256.

    Parameters
    ----------
    path : path-like
        The CSV file.
    columns : mapping of str to sequence
        Named, equal-length columns.
    inputs : mapping, optional
        The resolved inputs or scenario, JSON-ready (arrays become lists, NaN becomes null).
    units : mapping, optional
        Units of columns whose names do not carry one.
    extra : mapping, optional
        Further top-level sidecar entries.

    Returns
    -------
    pathlib.Path
        The CSV path; the sidecar is :func:`sidecar_path` of it.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_table(p, {"knee_flexion_deg": [30.0, 60.0]}, inputs={"quad_force_N": 2500.0})
    >>> p.read_text()
    'knee_flexion_deg\n30.0\n60.0\n'
    >>> json.loads(p.with_suffix(".json").read_text())["units"]
    {'knee_flexion_deg': 'deg'}
    """
    names = list(columns)
    w = TableWriter(path, names)
    try:
        w.write(columns)
    except BaseException:
        w.abort()
        raise

    def record(digest: str, rows: int) -> dict:
        return table_record(w.path, digest, rows, names, inputs=inputs, units=units, extra=extra)

    w.commit(record)
    return w.path


@dataclass(frozen=True)
class CsvTable:
    """A commented CSV file as read by :func:`read_commented_table`.

    Attributes
    ----------
    path : pathlib.Path
    header : tuple of str
        Column names (surrounding spaces stripped), each once.
    rows : list of dict of str to str
        One dict per data row, column name to the cell's text (as in the file).
    lines : list of int
        The line number (1-based, in the file) where each row starts, for error messages.
    header_line : int
        The line number of the header.
    """

    path: Path
    header: tuple[str, ...]
    rows: list[dict[str, str]]
    lines: list[int]
    header_line: int

    def columns(self) -> dict[str, list[str]]:
        """Column name to the list of its cells' text."""
        return {k: [r[k] for r in self.rows] for k in self.header}


def read_commented_table(path, what: str = "CSV file") -> CsvTable:
    """Read a CSV file whose ``#`` lines are comments (sources, notes) and whose blank lines are skipped.

    The first other line is the header. Every row must have one field per column (an empty value
    keeps its comma).

    Parameters
    ----------
    path : str or pathlib.Path
    what : str
        What the file is (``"history file"``, ...), for the error messages.

    Returns
    -------
    CsvTable

    Raises
    ------
    DataFileError
        (a ValueError) naming the file, the line and the fix: the file does not exist, has no
        header, repeats a column, or has a row with too many or too few fields.
    """
    path = Path(path)
    text = read_text_file(path, what, DataFileError)
    numbered = [
        (n, ln)
        for n, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not numbered:
        raise DataFileError(f"{path}: no rows (need a header and at least one row).")
    line_no = [n for n, _ in numbered]
    reader = csv.reader([ln for _, ln in numbered])
    try:
        return _parse_rows(path, reader, line_no)
    except csv.Error as exc:
        line = line_no[min(max(reader.line_num, 1), len(line_no)) - 1]
        if "field limit" in str(exc):
            raise DataFileError(
                f"{path}: line {line}: a field longer than {csv.field_size_limit():,} characters; "
                'such a field usually comes from a quote (") opened and never closed: close the '
                "quote or remove it (a cell holds a number or a short text)."
            ) from None
        raise DataFileError(  # pragma: no cover - the default dialect raises only the above
            f"{path}: line {line}: not a readable CSV row ({shorten(exc, 120)}); correct it."
        ) from None


def _names(columns) -> str:
    """The column names for a message, each cut short (a file may hold a huge name)."""
    names = [n if len(n) <= ECHO_CHARS else shorten(n) for n in columns]
    return ", ".join(names) if len(names) <= 30 else ", ".join(names[:30]) + ", ..."


def _parse_rows(path: Path, reader, line_no: list[int]) -> CsvTable:
    """The :class:`CsvTable` of ``reader`` (CSV rows of the lines numbered ``line_no``)."""
    header = tuple(c.strip() for c in next(reader))
    dups = sorted(c for c, n in Counter(header).items() if n > 1)  # linear: a file may hold 10**6
    if dups:
        raise DataFileError(
            f"{path}: line {line_no[0]} (header): column(s) {', '.join(map(shorten, dups))} "
            "appear more than once; allowed: each column once."
        )
    rows, lines = [], []
    for i, cells in enumerate(reader, start=1):
        line = line_no[reader.line_num - 1]
        if len(cells) != len(header):
            what_ = (
                f"missing column(s) {_names(header[len(cells) :])}"
                if len(cells) < len(header)
                else "extra field(s)"
            )
            raise DataFileError(
                f"{path}: row {i} (line {line}) has {len(cells)} field(s) ({what_}), the header "
                f"has {len(header)} ({_names(header)}); allowed: exactly one field per column "
                "(leave a value empty but keep its comma)."
            )
        rows.append(dict(zip(header, cells, strict=True)))
        lines.append(line)
    return CsvTable(path, header, rows, lines, line_no[0])


def read_commented_csv(path, what: str = "CSV file", columns: bool = False):
    r"""The rows (or columns) of a CSV file with ``#`` comment lines, as text.

    See :func:`read_commented_table` for the format and the errors.

    Parameters
    ----------
    path : str or pathlib.Path
    what : str
        What the file is, for the error messages.
    columns : bool
        False: a list of rows, each a dict of column name to text. True: a dict of column name to
        the list of its cells.

    Returns
    -------
    list of dict, or dict of str to list

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data.csv"
    >>> _ = p.write_text("# Smith 2020, Table 2\nangle_deg,force_N\n30,1200\n60,2100\n")
    >>> read_commented_csv(p)
    [{'angle_deg': '30', 'force_N': '1200'}, {'angle_deg': '60', 'force_N': '2100'}]
    >>> read_commented_csv(p, columns=True)["force_N"]
    ['1200', '2100']
    """
    table = read_commented_table(path, what)
    return table.columns() if columns else table.rows
