"""What every study shares: the default runner, :class:`StudyResult`, and writing table + figure + provenance.

A study computes a :class:`pfsim.sweep.Table`, then (with ``out_dir``) :func:`_finish` writes
``<name>.csv`` with its provenance ``<name>.json`` (:meth:`pfsim.sweep.Table.to_csv`) and the figure
``<name>.png`` (or ``.svg``, ``.pdf``: ``figure_format``) that a function of :mod:`pfsim.plotting` draws from the table
(:func:`pfsim.plotting.save_figure`: rendered in memory, written atomically).
"""

from __future__ import annotations

import contextlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .._checks import PfsimRangeWarning
from ..io import atomic_write_text, provenance, write_csv
from ..plotting import save_figure

__all__ = ["DEFAULT_RUNNER", "StudyResult"]

#: The default runner of the mission studies: the stance model's reference runner (70 kg, 1.75 m,
#: 3.0 m/s at the preferred step rate; :data:`pfsim.gait.calibration.REFERENCE_SCENARIO`, Heiderscheit
#: et al. 2011 Table 3 baseline).
DEFAULT_RUNNER = {"body_mass_kg": 70.0, "height_m": 1.75, "speed_m_s": 3.0}


@dataclass
class StudyResult:
    """What a study returns: its table (named arrays), the files written, the underlying sweep.

    Attributes
    ----------
    name : str
    table : pfsim.sweep.Table
        Named, equal-length columns; ``table.units`` gives units, ``table.meta`` the settings.
    paths : list of pathlib.Path
        Written files (PNG, CSV, provenance JSON), empty without ``out_dir``.
    sweep : pfsim.sweep.SweepResult or None
    """

    name: str
    table: object
    paths: list = field(default_factory=list)
    sweep: object = None

    def __getitem__(self, key):
        return self.table[key]


def _finish(
    name: str, table, figure_fn, out_dir, sweep=None, *, figure_format="png", dpi=150
) -> StudyResult:
    """Write ``<name>.csv`` (+ ``.json`` provenance) and the figure when ``out_dir`` is given.

    Parameters
    ----------
    name : str
        The study's name and the files' stem.
    table : pfsim.sweep.Table
        The study's table.
    figure_fn : callable
        ``figure_fn(table)`` returns the study's :class:`matplotlib.figure.Figure` (a function of
        :mod:`pfsim.plotting`; it draws the table and makes no model call).
    out_dir : path or None
        Folder of the files; None writes nothing.
    sweep : pfsim.sweep.SweepResult, optional
        Kept on the result.
    figure_format : {"png", "svg", "pdf"}
        The figure's file format: ``<name>.png``, ``.svg`` or ``.pdf``.
    dpi : float
        Resolution of a PNG [dots per inch].

    Returns
    -------
    StudyResult
    """
    paths = []
    if out_dir is not None:
        out = Path(out_dir)
        csv_path = table.to_csv(out / f"{name}.csv")
        fig_path = save_figure(
            figure_fn(table), out / f"{name}.{figure_format}", format=figure_format, dpi=dpi
        )
        paths = [fig_path, csv_path, csv_path.with_suffix(".json")]
    return StudyResult(name, table, paths, sweep)


def _write_table(out_dir, stem: str, columns: dict, comments: list, settings: dict) -> list[Path]:
    """Write ``<stem>.csv`` (commented columns) and ``<stem>.json`` (provenance of ``settings``).

    Parameters
    ----------
    out_dir : path
        Folder of the files.
    stem : str
        File name without suffix.
    columns : dict
        Named, equal-length columns (:func:`pfsim.io.write_csv`).
    comments : list of str
        ``#`` lines above the header.
    settings : dict
        What produced the table (:func:`pfsim.io.provenance` adds versions and hashes).

    Returns
    -------
    list of pathlib.Path
        The CSV and the JSON.
    """
    out = Path(out_dir)
    csv_path = write_csv(out / f"{stem}.csv", columns, comments=comments)
    prov = provenance(settings)
    prov_path = atomic_write_text(out / f"{stem}.json", json.dumps(prov, indent=2) + "\n")
    return [csv_path, prov_path]


@contextlib.contextmanager
def _quiet():
    """Silence the once-per-call range warnings inside a study (NaN rows show in the table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        yield
