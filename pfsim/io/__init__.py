"""Files only, no model: atomic writes, CSV tables, TOML, provenance.

- :mod:`pfsim.io.atomic`: :func:`atomic_write_bytes`, :func:`atomic_write_text` (temporary file in the
  same folder, then rename) and the streaming :class:`AtomicWriter` behind them.
- :mod:`pfsim.io.csv`: :func:`write_table` (every result table: a plain CSV, readable by
  ``pandas.read_csv`` as it is, and its sidecar ``<name>.json``; streaming: :class:`TableWriter`),
  :func:`write_csv`, the cell format pair :func:`format_column` / :func:`parse_column`, and
  :func:`read_commented_csv` for CSV files with ``#`` comment lines.
- :mod:`pfsim.io.toml`: :func:`read_toml` (errors name the file and the line), :func:`toml_value`.
- :mod:`pfsim.io.text`: :func:`read_text_file`, the text of every file the readers read (not UTF-8,
  missing, a folder: one error naming the file; a byte-order mark dropped), and :func:`shorten`.
- :mod:`pfsim.io.sto`: :func:`read_sto`, OpenSim storage files (``.sto``/``.mot``).
- :mod:`pfsim.io.provenance`: :func:`provenance`, :func:`table_record` (the sidecar: versions,
  command line, git commit, timestamp, inputs, column units, CSV hash), :func:`recording_command`,
  :func:`git_commit`, :func:`column_units`, :func:`canonical_json`, :func:`sha256_of`.

This package imports nothing of pfsim but ``pfsim._version`` and ``pfsim._results.unit_of`` (no
model, no matplotlib).
"""

from __future__ import annotations

from .atomic import (
    AtomicWriter,
    _umask,
    atomic_write_bytes,
    atomic_write_text,
    commit_together,
    public_mode,
    remove_stale_temps,
)
from .csv import (
    CsvTable,
    DataFileError,
    TableWriter,
    format_column,
    parse_column,
    read_commented_csv,
    read_commented_table,
    sidecar_path,
    write_csv,
    write_table,
)
from .provenance import (
    RUN_FIELDS,
    canonical_json,
    column_units,
    git_commit,
    provenance,
    recorded_command,
    recording_command,
    sha256_of,
    table_record,
)
from .sto import STORAGE_SUFFIXES, read_sto
from .text import read_text_file, shorten
from .toml import read_toml, toml_value

__all__ = [
    "RUN_FIELDS",
    "STORAGE_SUFFIXES",
    "AtomicWriter",
    "CsvTable",
    "DataFileError",
    "TableWriter",
    "atomic_write_bytes",
    "atomic_write_text",
    "canonical_json",
    "column_units",
    "commit_together",
    "format_column",
    "git_commit",
    "parse_column",
    "provenance",
    "public_mode",
    "read_commented_csv",
    "read_commented_table",
    "read_sto",
    "read_text_file",
    "read_toml",
    "recorded_command",
    "recording_command",
    "remove_stale_temps",
    "sha256_of",
    "shorten",
    "sidecar_path",
    "table_record",
    "toml_value",
    "write_csv",
    "write_table",
]

_ = _umask  # re-exported for code that used pfsim.io._umask
