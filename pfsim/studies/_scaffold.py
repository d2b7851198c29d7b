"""What every study shares: the default runner, :class:`StudyResult`, and writing table + figure + provenance.

A study computes a :class:`pfsim.sweep.Table`, then (with ``out_dir``) :func:`_finish` writes
``<name>.csv`` with its provenance ``<name>.json`` (:meth:`pfsim.sweep.Table.to_csv`) and the figure
``<name>.png`` (or ``.svg``, ``.pdf``: ``figure_format``) that a function of :mod:`pfsim.plotting` draws from the table
(:func:`pfsim.plotting.save_figure`: rendered in memory, written atomically).
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .._checks import PfsimRangeWarning
from ..io import sidecar_path, write_table
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
        paths = [fig_path, csv_path, sidecar_path(csv_path)]
    return StudyResult(name, table, paths, sweep)


def _write_table(out_dir, stem: str, columns: dict, notes: list, settings: dict) -> list[Path]:
    """Write ``<stem>.csv`` (a plain CSV) and its sidecar ``<stem>.json`` (:func:`pfsim.io.write_table`).

    Parameters
    ----------
    out_dir : path
        Folder of the files.
    stem : str
        File name without suffix.
    columns : dict
        Named, equal-length columns.
    notes : list of str
        What the table shows (recorded in the sidecar's ``inputs`` as ``notes``).
    settings : dict
        What produced the table (the sidecar's ``inputs``).

    Returns
    -------
    list of pathlib.Path
        The CSV and the JSON.
    """
    csv_path = write_table(
        Path(out_dir) / f"{stem}.csv", columns, inputs={**settings, "notes": notes}
    )
    return [csv_path, sidecar_path(csv_path)]


@contextlib.contextmanager
def _quiet():
    """Silence the once-per-call range warnings inside a study (NaN rows show in the table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        yield
