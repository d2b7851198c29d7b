"""OpenSim storage files (``.sto``, ``.mot``).

A header closed by ``endheader``, then a tab-separated column-name row and data rows.

``nRows``/``nColumns`` in the header may be wrong (real files carry ``nRows=51`` over 50 rows): the data
rows actually present are used and the mismatch is returned as a note. What the columns mean (units,
signs of the OpenSim coordinates and moments) is the reader's caller's part (:mod:`pfsim.gait.trials`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["STORAGE_SUFFIXES", "read_sto"]

#: File name suffixes of OpenSim storage files.
STORAGE_SUFFIXES = (".sto", ".mot")


def read_sto(path) -> tuple[dict[str, str], list[str], np.ndarray, list[str]]:
    """Read an OpenSim storage file (``.sto``/``.mot``).

    Returns ``(header, columns, data, notes)``: the ``key=value`` header lines, the column names, the
    data as a float array (rows × columns) and notes on tolerated quirks (a wrong ``nRows``).
    Raises ValueError naming the file when there is no ``endheader`` or a row cannot be parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise ValueError(
            f"{path}: file not found; give the path of an OpenSim .sto/.mot or CSV file."
        ) from None
    lines = text.splitlines()
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
    body = [ln for ln in lines[end + 1 :] if ln.strip()]
    if not body:
        raise ValueError(f"{path}: no column names after 'endheader'.")
    columns = [c.strip() for c in body[0].split("\t")]
    if len(columns) == 1:
        columns = body[0].split()
    rows = []
    for j, ln in enumerate(body[1:], start=end + 3):
        parts = ln.split("\t") if "\t" in ln else ln.split()
        try:
            rows.append([float(p) for p in parts])
        except ValueError:
            raise ValueError(f"{path}, line {j}: cannot read numbers from {ln[:60]!r}.") from None
        if len(rows[-1]) != len(columns):
            raise ValueError(
                f"{path}, line {j}: {len(rows[-1])} values for {len(columns)} columns."
            )
    data = np.array(rows, dtype=float).reshape(-1, len(columns))
    notes = []
    n_rows = header.get("nRows")
    if n_rows is not None and n_rows.isdigit() and int(n_rows) != data.shape[0]:
        notes.append(
            f"{path.name}: header says nRows={n_rows} but the file holds {data.shape[0]} data rows; "
            "the rows present were used"
        )
    return header, columns, data, notes
