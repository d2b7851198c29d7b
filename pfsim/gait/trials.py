"""Measured trials: knee angle and knee moment time series from OpenSim .sto/.mot files and CSV.

OpenSim conventions (handled here, stated once)
-----------------------------------------------
- Storage files (``.sto``, ``.mot``) have a header closed by ``endheader``, then a tab-separated
  column-name row and data rows. ``inDegrees=yes|no`` in the header gives the angle unit; when the line
  is missing (e.g. the coordinates written by some OpenSim tools) pfsim infers radians if every
  value of the angle column lies within ±π and says so in :attr:`Trial.notes`; pass
  ``angle_unit="deg"`` or ``"rad"`` to decide.
- ``nRows``/``nColumns`` in the header may be wrong (real files carry ``nRows=51`` over 50 rows):
  the data rows actually present are used and the mismatch is recorded in :attr:`Trial.notes`.
- ``knee_angle_r`` is positive in flexion (the pfsim convention). The inverse-dynamics generalised
  force ``knee_angle_r_moment`` is positive in the direction of increasing flexion, so it is
  **negative for an extension moment**: pfsim flips it (``moment_sign=-1``, the default for a moment
  read from a storage file; +1 for CSV). Give ``moment_sign`` explicitly for other sources.
- The coordinates and the inverse-dynamics results often have different time stamps: the knee angle
  is linearly interpolated onto the moment's time stamps over the overlapping interval.
- A stance window (``stance_s``) keeps the samples inside it and adds the
  window's two ends, with the angle and the moment linearly interpolated there, so that the trial
  spans the whole stance: contact time is the window and the stress-time integral covers it.
- Time must increase from row to row (at least 2 rows); a trial longer than :data:`MAX_STANCE_S`
  (1 s) holds more than one stance and is read only through a stance window of at most that length.

Reference
---------
Fukuchi RK, Fukuchi CA, Duarte M (2017). A public data set of running biomechanics and the effects of
running speed on lower extremity kinematics and kinetics. PeerJ 5:e3298. doi:10.7717/peerj.3298
(the shared test trial, ``../shared/data/fukuchi2017/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._checks import (
    BODY_MASS_LIMITS_KG,
    as_float_array,
    check_angle_deg,
    check_bounds,
    renamed_arguments,
)

# read_sto: the OpenSim storage reader, importable from here as before
from ..io import read_commented_table, read_sto, shorten
from ..io.sto import STORAGE_SUFFIXES
from ..joint.model import MOMENT_LIMIT_NM
from .model import STANCE_AREA_FIT, StanceResult, _joint_load

__all__ = ["Trial", "read_sto", "read_trial", "trial_load", "MOMENT_NM_KG_FLOOR", "MAX_STANCE_S"]

#: Smallest plausible peak |knee moment| of a running trial per kg body mass [N·m/kg]. Running peaks
#: are ≈ 2-3.5 N·m/kg (Heiderscheit et al. 2011 Med Sci Sports Exerc 43:296, Table 3: 2.5 ± 0.6 at
#: the preferred step rate; the shared Fukuchi 2017 trial: 3.14). A column whose peak, read as N·m,
#: is below 0.3 N·m/kg (a tenth of that, an assumption with a wide margin) is a moment in N·m/kg read
#: as N·m, which would give a PFJRF about ``mass`` times too small: it is refused.
MOMENT_NM_KG_FLOOR = 0.3

#: Without a body mass: a moment column whose peak |value| is below 5 N·m is refused as N·m/kg (a
#: running knee moment in N·m/kg peaks at ≈ 2-3.5, in N·m at ≈ 100-250 for any adult; the 5 N·m
#: threshold between them is an assumption).
_MOMENT_FLOOR_NO_MASS_NM = 5.0


@dataclass(frozen=True)
class Trial:
    """A measured knee angle and knee extension moment on common time stamps.

    Attributes
    ----------
    time_s : ndarray
        Time [s].
    knee_flexion_deg : ndarray
        Knee flexion [deg], 0 at full extension.
    knee_extension_moment_Nm : ndarray
        Internal knee extension moment [N·m] (extension positive).
    body_mass_kg : float
        Body mass [kg] (NaN when unknown; then ``_bw`` summaries are NaN).
    sources : tuple of str
        The files read.
    notes : tuple of str
        What the reader decided or tolerated (units inferred, header row counts, alignment).
    """

    time_s: np.ndarray
    knee_flexion_deg: np.ndarray
    knee_extension_moment_Nm: np.ndarray
    body_mass_kg: float = float("nan")
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _read_csv(path) -> tuple[list[str], np.ndarray]:
    """The header and the numbers of a trial CSV (``#`` comment lines and blank lines skipped).

    The table is read by :func:`pfsim.io.read_commented_table` (its errors name the file and line:
    missing file, repeated column, a row with too many or too few fields).
    """
    table = read_commented_table(path, what="trial file")
    if not table.rows:
        raise ValueError(f"{table.path}: needs a header row and at least one data row.")
    try:
        data = np.array([[float(r[c]) for c in table.header] for r in table.rows], dtype=float)
    except ValueError:
        raise ValueError(
            f"{table.path}: every value after the header row must be a number."
        ) from None
    return list(table.header), data


def _table(path):
    path = Path(path)
    if path.suffix.lower() in STORAGE_SUFFIXES:
        header, columns, data, notes = read_sto(path)
        return "storage", header, columns, data, notes
    columns, data = _read_csv(path)
    return "csv", {}, columns, data, []


_TIME_OPTION = "time_column"

#: Longest trial [s] :func:`read_trial` takes as one stance without a stance window (``stance_s``),
#: and the longest window it takes. A running stance lasts 0.18-0.34 s (contact time at 20 and
#: 8 km/h, van Oeveren et al. 2021 review; ``REFERENCES.md`` §3b) and a whole stride at 130
#: steps/min, the lowest step rate a :class:`pfsim.runner.Runner` takes, 0.92 s; 1 s is a bound
#: with a wide margin above a stance (an assumption), which still reads a file of one stride whole
#: as before (the shared Fukuchi 2017 file spans 0.79 s). A longer file holds several steps: its
#: span is no contact time and its samples no single stance, so a stance window is needed.
MAX_STANCE_S = 1.0


def _time(path, columns, data, name) -> np.ndarray:
    """The time column [s] of a trial file: at least 2 rows, strictly increasing."""
    t = _column(path, columns, data, name, "time", _TIME_OPTION)
    where = f"{Path(path).name}:{name}"
    if t.size < 2:
        raise ValueError(
            f"{where}: {t.size} row(s); a trial needs at least 2 time stamps (the time course of a "
            "stance, e.g. 50-200 samples): give a file with the whole stance."
        )
    step = np.diff(t)
    if np.any(step <= 0):
        k = int(np.flatnonzero(step <= 0)[0])
        what = (
            f"repeats the time of row {k + 1} ({t[k]:g} s)"
            if step[k] == 0
            else f"({t[k + 1]:g} s) comes before row {k + 1} ({t[k]:g} s)"
        )
        raise ValueError(
            f"{where}: data row {k + 2} {what}; the time must increase from row to row: give the "
            "rows in time order, each time once (or the right column with time_column=NAME)."
        )
    return t


def _column(path, columns, data, name, what, option):
    if name not in columns:
        near = [c if len(c) <= 60 else shorten(c) for c in columns if name.split("_")[0] in c][:6]
        hint = f" Columns like it: {', '.join(near)}." if near else ""
        raise ValueError(
            f"{Path(path).name}: no {what} column {name!r}.{hint} Give the right name with "
            f"{option}=NAME, or the file that holds it."
        )
    col = data[:, columns.index(name)]
    return as_float_array(col, f"{Path(path).name}:{name}")


def _checked_mass(angle_unit: str, moment_unit: str, body_mass_kg) -> float:
    """Check the unit options and the body mass; the mass [kg] (NaN when not given).

    Parameters
    ----------
    angle_unit, moment_unit : str
        As in :func:`read_trial`.
    body_mass_kg : float or None
        Body mass [kg], 0-400; required for ``moment_unit="Nm_kg"``.

    Returns
    -------
    float
        The body mass [kg], NaN when unknown.
    """
    if angle_unit not in ("auto", "deg", "rad"):
        raise ValueError(f"angle_unit must be 'auto', 'deg' or 'rad' (got {angle_unit!r}).")
    if moment_unit not in ("Nm", "Nm_kg"):
        raise ValueError(
            f"moment_unit must be 'Nm' or 'Nm_kg' (got {moment_unit!r}); a moment in N·mm must be "
            "divided by 1000 first."
        )
    mass = float("nan")
    if body_mass_kg is not None:
        mass = float(as_float_array(body_mass_kg, "body_mass_kg"))
        lo, hi = BODY_MASS_LIMITS_KG
        if not lo <= mass <= hi:
            raise ValueError(
                f"body_mass_kg must be between {lo:g} and {hi:g} kg (got {mass:g}); give the body "
                "mass in kg, e.g. 62."
            )
    if moment_unit == "Nm_kg" and np.isnan(mass):
        raise ValueError(
            "moment_unit='Nm_kg' needs body_mass_kg, the body mass, to convert the moment to N·m."
        )
    return mass


def _angle_deg(path, header, kind, angle, angle_column: str, angle_unit: str, notes: list):
    """The knee angle column in degrees, its unit decided and checked.

    Parameters
    ----------
    path : path-like
        The file read (for messages).
    header : dict of str to str
        The storage header (``inDegrees``), empty for CSV.
    kind : {"storage", "csv"}
        The kind of file.
    angle : ndarray
        The angle column as read.
    angle_column : str
        Its name (for messages).
    angle_unit : {"auto", "deg", "rad"}
        As in :func:`read_trial`.
    notes : list of str
        Appended to when the unit is inferred.

    Returns
    -------
    ndarray
        Knee flexion [deg].
    """
    unit = angle_unit
    if unit == "auto":
        flag = header.get("inDegrees", "").lower()
        if flag in ("yes", "no"):
            unit = "deg" if flag == "yes" else "rad"
        elif kind == "storage":
            unit = "rad" if float(np.abs(angle).max()) <= np.pi else "deg"
            notes.append(
                f"{Path(path).name}: no inDegrees line; angles read as "
                f"{'radians' if unit == 'rad' else 'degrees'} (max |value| "
                f"{float(np.abs(angle).max()):.3g})"
            )
        else:
            unit = "deg"
    angle_deg = np.degrees(angle) if unit == "rad" else angle
    if angle_deg.size and float(np.abs(angle_deg).max()) < 5.0:
        raise ValueError(
            f"{Path(path).name}:{angle_column} never exceeds 5 deg of knee flexion (max "
            f"{float(np.abs(angle_deg).max()):.3g}) when read as "
            f"{'radians' if unit == 'rad' else 'degrees'}: running knees flex 20-50 deg in stance. "
            "Are the angles in radians? Give angle_unit='rad'."
        )
    try:
        check_angle_deg(angle_deg, f"{Path(path).name}:{angle_column}")
    except ValueError as exc:
        raise ValueError(
            f"{exc} The angle column was read as {'radians' if unit == 'rad' else 'degrees'}; give "
            "angle_unit='deg' or 'rad' if that is wrong."
        ) from None
    return angle_deg


def _moment_Nm(moment, where: str, kind: str, mass: float, moment_unit: str, moment_sign):
    """The knee moment column as an extension-positive moment [N·m], its unit checked.

    Parameters
    ----------
    moment : ndarray
        The moment column as read.
    where : str
        ``file:column`` (for messages).
    kind : {"storage", "csv"}
        The kind of file (the default sign: -1 for storage, +1 for CSV).
    mass : float
        Body mass [kg] or NaN.
    moment_unit, moment_sign
        As in :func:`read_trial`.

    Returns
    -------
    ndarray
        Internal knee extension moment [N·m].
    """
    if moment_sign is not None and moment_sign not in (1, -1):
        raise ValueError(
            f"moment_sign must be +1 or -1 (got {moment_sign!r}): the factor that makes the knee "
            "extension moment positive (-1 for OpenSim's inverse dynamics, +1 for a CSV that already "
            "gives extension positive)."
        )
    sign = moment_sign if moment_sign is not None else (-1.0 if kind == "storage" else 1.0)
    moment = sign * moment
    if moment_unit == "Nm_kg":
        moment = moment * mass
    elif moment.size:
        peak = float(np.nanmax(np.abs(moment)))
        if np.isfinite(mass) and peak / mass < MOMENT_NM_KG_FLOOR:
            raise ValueError(
                f"{where}: the knee moment peaks at {peak:.3g}, i.e. {peak / mass:.3g} N·m/kg for "
                f"{mass:g} kg if read as N·m; running peaks are 2-3.5 N·m/kg, so the column looks "
                "like N·m/kg: give moment_unit='Nm_kg'."
            )
        if np.isnan(mass) and peak < _MOMENT_FLOOR_NO_MASS_NM:
            raise ValueError(
                f"{where}: the knee moment never exceeds {peak:.3g} in magnitude; a running knee "
                "moment in N·m peaks at 100-250, so the column looks like N·m/kg: give the body "
                "mass and the unit, body_mass_kg=KG and moment_unit='Nm_kg'."
            )
    check_bounds(
        moment,
        where,
        -MOMENT_LIMIT_NM,
        MOMENT_LIMIT_NM,
        "N·m",
        hint="Is the moment in N·mm? Divide by 1000, or give moment_unit='Nm_kg' for N·m/kg.",
    )
    return moment


def _common_times(t_a, t_m, same_stamps: bool, notes: list):
    """The time stamps the trial uses: the angle's, or the moment's where both files overlap.

    Parameters
    ----------
    t_a, t_m : ndarray
        Sorted time stamps of the angle and of the moment [s].
    same_stamps : bool
        True when both come from one file with equal stamps (the angle's are used).
    notes : list of str
        Appended to when the angle is interpolated onto the moment's stamps.

    Returns
    -------
    ndarray
        Time [s].
    """
    if same_stamps:
        return t_a
    lo, hi = max(t_a.min(), t_m.min()), min(t_a.max(), t_m.max())
    keep = (t_m >= lo - 1e-9) & (t_m <= hi + 1e-9)
    if not keep.any():
        raise ValueError(
            f"the angle ({t_a.min():g}-{t_a.max():g} s) and moment ({t_m.min():g}-{t_m.max():g} "
            "s) files do not overlap in time; give files from the same trial."
        )
    t = t_m[keep]
    notes.append(
        f"knee angle interpolated onto the moment time stamps ({t.size} samples, "
        f"{t[0]:.4f}-{t[-1]:.4f} s)"
    )
    return t


def _stance_window(t, stance_s, notes: list):
    """The time stamps inside a stance window, with the window's two ends added.

    Parameters
    ----------
    t : ndarray
        Time stamps of the trial [s].
    stance_s : (float, float)
        Foot strike and toe-off [s], inside ``t``'s span.
    notes : list of str
        Appended to with the window used.

    Returns
    -------
    ndarray
        ``[start, t inside the window..., end]`` [s].
    """
    t0, t1 = map(float, stance_s)
    if not t0 < t1:
        raise ValueError(
            f"stance_s must be (start, end) with start < end, in seconds (got {stance_s})."
        )
    if t0 < t[0] - 1e-9 or t1 > t[-1] + 1e-9:
        raise ValueError(
            f"stance window {t0:g}-{t1:g} s reaches beyond the trial's data ({t[0]:g}-"
            f"{t[-1]:g} s, where angle and moment overlap): give a window inside the data "
            "(stance_s), e.g. foot strike to toe-off from the force "
            "plate."
        )
    tol = 1e-9
    inner = (t > t0 + tol) & (t < t1 - tol)
    if ((t >= t0 - tol) & (t <= t1 + tol)).sum() < 2:
        raise ValueError(
            f"stance_s {t0:g}-{t1:g} s holds fewer than 2 samples of the trial "
            f"({t[0]:g}-{t[-1]:g} s); give a wider window (stance_s)."
        )
    n_inner = int(inner.sum())
    t = np.concatenate(([t0], t[inner], [t1]))
    notes.append(
        f"stance window {t0:g}-{t1:g} s ({n_inner} samples inside, angle and moment "
        "interpolated at the two ends)"
    )
    return t


def _check_span(t, where, windowed: bool) -> None:
    """Refuse a trial of fewer than 2 common samples or longer than :data:`MAX_STANCE_S`."""
    name = where if isinstance(where, str) else Path(where).name
    if t.size < 2:
        raise ValueError(
            f"{name}: angle and moment overlap at {t.size} time stamp(s); a trial needs at least "
            "2: give files from the same trial."
        )
    span = float(t[-1] - t[0])
    if span > MAX_STANCE_S and windowed:
        raise ValueError(
            f"{name}: the stance window stance_s spans {span:.4g} s ({t[0]:g}-{t[-1]:g} s), "
            f"more than one stance (a running stance lasts 0.18-0.34 s; at most "
            f"{MAX_STANCE_S:g} s is read as one): give foot strike to toe-off of one step."
        )
    if span > MAX_STANCE_S:
        raise ValueError(
            f"{name}: the trial spans {span:.4g} s ({t[0]:g}-{t[-1]:g} s), more than one stance "
            f"(a running stance lasts 0.18-0.34 s; at most {MAX_STANCE_S:g} s is read as one): "
            "give the stance window, stance_s=(foot strike, toe-off) in seconds, e.g. from the "
            "force plate."
        )


@renamed_arguments(mass_kg="body_mass_kg")
def read_trial(
    path,
    *,
    moment_path=None,
    body_mass_kg=None,
    time_column: str = "time",
    angle_column: str = "knee_angle_r",
    moment_column: str = "knee_angle_r_moment",
    angle_unit: str = "auto",
    moment_unit: str = "Nm",
    moment_sign: float | None = None,
    stance_s: tuple[float, float] | None = None,
) -> Trial:
    """Read a knee angle and a knee moment time series into a :class:`Trial`.

    Parameters
    ----------
    path : path-like
        File with the knee angle (OpenSim ``.sto``/``.mot`` coordinates, or CSV). If it also holds
        ``moment_column``, the moment is read from it.
    moment_path : path-like, optional
        File with the knee moment (e.g. OpenSim inverse-dynamics results), when it is not in ``path``.
    body_mass_kg : float, optional
        Body mass [kg]: needed for ``moment_unit="Nm_kg"`` and for body-weight summaries.
    time_column, angle_column, moment_column : str
        Column names (OpenSim defaults for the right knee).
    angle_unit : {"auto", "deg", "rad"}
        ``"auto"``: the storage header's ``inDegrees``; without it, radians if every value is within
        ±π; for CSV, degrees.
    moment_unit : {"Nm", "Nm_kg"}
        Unit of the moment column.
    moment_sign : float, optional
        Multiplier giving an extension-positive moment. Default: -1 for a storage file (OpenSim's
        ``knee_angle_r_moment`` is negative for extension), +1 for CSV.
    stance_s : (float, float), optional
        Keep only ``start ≤ t ≤ end`` [s] (e.g. foot strike to toe-off from force-plate data).
        Needed for a file longer than :data:`MAX_STANCE_S` (1 s), which holds more than one
        stance; the window itself may be at most that long.

    Raises
    ------
    ValueError
        Missing columns, unknown units, angles that are not possible in the stated unit, a moment in
        N·m/kg without ``body_mass_kg``, files whose times do not overlap, a time column with fewer
        than 2 rows or that does not increase from row to row, a trial (or window) longer than
        :data:`MAX_STANCE_S` without a stance window.
    """
    mass = _checked_mass(angle_unit, moment_unit, body_mass_kg)

    kind_a, header_a, cols_a, data_a, notes = _table(path)
    notes = list(notes)
    t_a = _time(path, cols_a, data_a, time_column)
    angle = _column(path, cols_a, data_a, angle_column, "knee angle", "angle_column")
    angle_deg = _angle_deg(path, header_a, kind_a, angle, angle_column, angle_unit, notes)

    if moment_path is None:
        mpath, kind_m, cols_m, data_m = path, kind_a, cols_a, data_a
    else:
        kind_m, _h, cols_m, data_m, more = _table(moment_path)
        notes += more
        mpath = moment_path
    if moment_column not in cols_m and moment_path is None:
        raise ValueError(
            f"{Path(path).name}: no knee moment column {moment_column!r}. Give the file that holds "
            "it with moment_path=FILE (e.g. an OpenSim inverse-dynamics .sto), or its name with "
            "moment_column=NAME."
        )
    t_m = _time(mpath, cols_m, data_m, time_column)
    moment = _column(mpath, cols_m, data_m, moment_column, "knee moment", "moment_column")
    where = f"{Path(mpath).name}:{moment_column}"
    moment = _moment_Nm(moment, where, kind_m, mass, moment_unit, moment_sign)

    same_stamps = mpath is path and np.array_equal(t_a, t_m)
    t = _common_times(t_a, t_m, same_stamps, notes)
    if stance_s is not None:
        t = _stance_window(t, stance_s, notes)
    both = f"{Path(path).name} and {Path(mpath).name}"
    _check_span(t, path if moment_path is None else both, stance_s is not None)
    angle_deg = np.interp(t, t_a, angle_deg)
    moment = np.interp(t, t_m, moment)
    sources = (str(path),) + (() if moment_path is None else (str(moment_path),))
    return Trial(
        time_s=t,
        knee_flexion_deg=angle_deg,
        knee_extension_moment_Nm=moment,
        body_mass_kg=mass,
        sources=sources,
        notes=tuple(notes),
    )


def trial_load(trial: Trial, **joint_kwargs):
    """A measured trial through :func:`pfsim.patellofemoral_load`, as a :class:`StanceResult`.

    The spring-mass fields are None; ``contact_time_s`` is the trial's duration: the stance window
    when one was given (:func:`read_trial` puts samples at both ends of it), else the file's span.
    ``joint_kwargs`` go to :func:`pfsim.patellofemoral_load` (default area fit
    :data:`pfsim.gait.model.STANCE_AREA_FIT`).
    """
    joint_kwargs.setdefault("area_fit", STANCE_AREA_FIT)
    jl = _joint_load(trial.knee_flexion_deg, trial.knee_extension_moment_Nm, {}, joint_kwargs)
    t = trial.time_s - trial.time_s[0]
    return StanceResult(
        time_s=t,
        knee_flexion_deg=trial.knee_flexion_deg,
        knee_extension_moment_Nm=trial.knee_extension_moment_Nm,
        quad_force_N=jl.quad_force_N,
        joint_reaction_force_N=jl.joint_reaction_force_N,
        contact_area_mm2=jl.contact_area_mm2,
        contact_stress_MPa=jl.contact_stress_MPa,
        joint=jl,
        body_mass_kg=np.asarray(trial.body_mass_kg),
        contact_time_s=np.asarray(float(t[-1])),
        lateral_facet_stress_MPa=getattr(jl, "lateral_facet_stress_MPa", None),
    )
