"""OpenSim storage files (``.sto``, ``.mot``).

A header closed by ``endheader``, then a tab-separated column-name row and data rows.

``nRows``/``nColumns`` in the header may be wrong (real files carry ``nRows=51`` over 50 rows): the data
rows actually present are used and the mismatch is returned as a note. What the columns mean (units,
signs of the OpenSim coordinates and moments) is the reader's caller's part (:mod:`pfsim.gait.trials`).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from .text import read_text_file, shorten

__all__ = ["STORAGE_SUFFIXES", "read_sto"]

#: File name suffixes of OpenSim storage files.
STORAGE_SUFFIXES = (".sto", ".mot")


def read_sto(path) -> tuple[dict[str, str], list[str], np.ndarray, list[str]]:
    """Read an OpenSim storage file (``.sto``/``.mot``).

    Returns ``(header, columns, data, notes)``: the ``key=value`` header lines, the column names, the
    data as a float array (rows × columns) and notes on tolerated quirks (a wrong ``nRows``).
    Raises ValueError naming the file when it is missing or not UTF-8 text
    (:func:`pfsim.io.read_text_file`), has no ``endheader``, or a row cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(
            f"{path}: file not found; give the path of an OpenSim .sto/.mot or CSV file."
        )
    lines = read_text_file(path, "OpenSim storage file").splitlines()
    header: dict[str, str] = {}
    end = None
    for i, line in enumerate(lines):
        s = line.strip()
        if s.lower() == "endheader":
            end = i
            break
        if "=" in s:
            k, _, v = s.partition("=")
            header[k.strip()] = v.strip()
    if end is None:
        raise ValueError(
            f"{path}: no 'endheader' line; this is not an OpenSim storage file. For a plain CSV "
            "file use a .csv name (columns named with time_column=, angle_column= and "
            "moment_column=)."
        )
    body = [(j, ln) for j, ln in enumerate(lines[end + 1 :], start=end + 2) if ln.strip()]
    if not body:
        raise ValueError(f"{path}: no column names after 'endheader'.")
    columns = [c.strip() for c in body[0][1].split("\t")]
    if len(columns) == 1:
        columns = body[0][1].split()
    rows = []
    for j, ln in body[1:]:
        parts = ln.split("\t") if "\t" in ln else ln.split()
        try:
            rows.append([float(p) for p in parts])
        except ValueError:
            raise ValueError(f"{path}, line {j}: cannot read numbers from {shorten(ln)}.") from None
        if len(rows[-1]) != len(columns):
            raise ValueError(
                f"{path}, line {j}: {len(rows[-1])} values for {len(columns)} columns."
            )
    data = np.array(rows, dtype=float).reshape(-1, len(columns))
    notes = []
    n_rows = header.get("nRows")
    if n_rows is not None and _COUNT.fullmatch(n_rows) and int(n_rows) != data.shape[0]:
        notes.append(
            f"{path.name}: header says nRows={n_rows} but the file holds {data.shape[0]} data rows; "
            "the rows present were used"
        )
    return header, columns, data, notes


#: A row count in the header: ASCII digits, at most 18 (``str.isdigit`` also accepts ``²``, which
#: ``int`` cannot read, and a longer count cannot be a real file's).
_COUNT = re.compile(r"[0-9]{1,18}")
