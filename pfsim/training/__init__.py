"""Training load: weekly patellofemoral stress dose, an adapting capacity, and the overload index.

The chain (``../shared/DESIGN.md``):

1. **Conditions.** Each day or week of a running history (:class:`History`) splits its distance
   into easy flat running, hills (half up, half down at :attr:`Assumptions.hill_slope_deg`) and speed
   work (flat, at :attr:`Assumptions.speed_work_speed_factor` × the easy speed).
2. **Dose per km** of each distinct condition from the runner's stance model
   (:func:`pfsim.runner.simulate`, evaluated once for all distinct conditions together): the
   stress–time integral of one knee per km [MPa·s/km] (every second step; ``pfsim.gait.summaries``),
   optionally stress-weighted (:attr:`Assumptions.dose_stress_exponent`, default 1 = plain integral).
   The stress is ``dose_stress="mean"`` (default: the mean contact stress, the issue's dose) or
   ``"lateral_facet"`` (the frontal model's lateral facet stress, the one the frontal contributors
   raise; an option, see below).
3. **Dose** = Σ km × dose per km, per day, summed per week [MPa·s]. A weekly row's dose is spread
   over :attr:`Assumptions.week_run_days` evenly spaced days of its week (assumption; default all 7).
4. **Capacity** [MPa·s per week]: the exponentially weighted mean of the daily dose with time
   constant τ = :attr:`Assumptions.capacity_time_constant_days` (a one-component Banister
   impulse-response "fitness" term normalised to the dose it is adapted to, IJSPP 2022 17:810;
   ``REFERENCES.md`` §4), × 7. It starts at :attr:`Assumptions.initial_capacity_factor` (assumption,
   default 1, range 0.5-1.5) × the habitual week's dose (``Runner.weekly_distance_km``,
   ``hill_share``, ``speed_work_share``): the joint is taken to be adapted to the habitual training.
   ``capacity_reference="self"`` (default) adapts the capacity to the runner's own dose;
   ``"reference_runner"`` adapts it to the dose the same training gives the healthy reference runner
   of the same body, speed and training (:func:`pfsim.runner.reference_runner`).
5. **Overload index** of week w = dose of week w / capacity at the end of week w − 1 (the capacity the
   joint brings into the week). At a steady load it is 1 (``capacity_reference="self"``); > 1 means
   the week asked more than the joint is adapted to (the "envelope of function", Dye 2005,
   qualitative). No injury threshold is implied: none is cited.

Where the runner profile enters
-------------------------------
With the defaults (``dose_stress="mean"``, ``capacity_reference="self"``) the profile's clinical
contributors do **not** reach the overload index: the frontal contributors (hip abductors and
rotators, VMO, lateral tightness, pronation, Q-angle) leave the mean contact stress unchanged, and the
capacity is adapted to the runner's own dose, so every profile has index 1 at its habitual training.
The seed article's picture — contributors combining to push the joint past its tolerance — needs
both options: ``dose_stress="lateral_facet"`` (the stress those contributors raise) and
``capacity_reference="reference_runner"`` (the tolerance is what a knee with healthy mechanics
adapts to under the same training; the runner's excess stress from its mechanics is *not* adapted
to). The second is a pfsim assumption without a source: nothing was found on whether cartilage
adapts to stress raised by abnormal mechanics. It is an option, not the default, because (1) the
issue's dose is the mean stress–time integral, (2) the lateral facet stress is undefined (NaN)
where the patella leaves the groove, so runs the mean stress handles would fail, and (3) the
self-anchored ratio is the usual acute:chronic form (``REFERENCES.md`` §4). Anchoring only the
*starting* capacity to the reference runner is not offered: the capacity would then adapt to the
runner's own dose within about 3τ and the profile's effect would be an artefact of where the history
starts. Measured (``experiments/runners``, steady history): the hip-driven profile has index 1.000
with the defaults or with either option alone, 1.025 with both; the load-driven profile (stronger
than the norm) 0.961 at its habitual week.

Hills and speed work: a disagreement with the seed article
----------------------------------------------------------
The seed article names "the introduction of hill training or speed work" as a typical cause of
overload. In pfsim, at the default settings, neither raises the overload index at the same weekly
distance: :func:`add_hills` (30 % hills) gives 0.995 and :func:`add_speed_work` (20 % speed work)
0.973. Per km (:func:`dose_per_km_MPa_s`, default runner, 5.7°), downhill raises the mean stress–time
integral by 23 % and uphill lowers it by 26 %, and speed work (fewer, shorter stances per km) lowers
it by 14 %. This is a
model prediction, not tuned away; it is recorded in ``validation/training_nielsen2014`` with the
numbers for the lateral-facet dose (no change: 0.995, 0.973) and for a peak-weighted dose
(:attr:`Assumptions.dose_stress_exponent`): m = 2 gives 1.007 (hills) and 1.004 (speed work), m = 4
1.061 and 1.086 (index of the first changed week, mean stress; a 40 % mileage jump gives 1.40). In
pfsim the article's claim is carried by the peak stress per step (downhill, fast), not by the
stress–time integral per km.

For a steady weekly growth r the index settles at ``1 + r/α`` with ``α = 1 − e^(−7/τ)`` (0.154 at
τ = 42 d): graded progression keeps it above 1 by an amount set by τ, an assumption. Nielsen et al.
2014 (> 30 % weekly progression, HR 1.59 (0.96-2.66)) is compared in ``validation/training_*``.

History CSV (:func:`read_history`)
----------------------------------
Lines starting with ``#`` are comments. Each header name once; every row has exactly one field per
header column (an empty field keeps its comma). Rows in messages count data rows (comments and
blank lines excluded); field-count errors also give the file line. Columns (header names exact,
lower case):

- ``week`` (integer 1-520, in order; rows of the same week are added; a week not listed counts as
  0 km, with a :class:`HistoryGapWarning`) **or** ``date`` (ISO ``YYYY-MM-DD``, one row per running
  day; days not listed are rest days; weeks count 7-day blocks from the first date; at most 520
  weeks, 10 years);
- ``distance_km`` [km], ≥ 0;
- ``speed_m_s`` [m/s] **or** ``pace_min_km`` [minutes per km, decimal, e.g. 5.5 = 5:30] **or**
  ``pace`` as ``M:SS`` per km (whole minutes, 0 ≤ seconds < 60) — the easy speed, 2.3-5.5 m/s (pace 3:02-7:15 /km); empty = the
  runner's speed;
- ``hill_share`` and ``speed_work_share`` [-], 0-1 each, optional (default 0).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._results import LabelledResult
from ..runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, reference_runner, simulate

__all__ = [
    "History",
    "LoadResult",
    "read_history",
    "write_history",
    "dose_per_km_MPa_s",
    "weekly_load",
    "capacity_alpha_per_day",
    "steady_growth_overload_index",
    "steady",
    "mileage_jump",
    "add_hills",
    "add_speed_work",
    "return_after_break",
    "graded_progression",
    "SPEED_RANGE_M_S",
    "MAX_WEEKS",
    "DOSE_STRESSES",
    "CAPACITY_REFERENCES",
    "HistoryGapWarning",
]

#: Easy-speed range accepted in a history [m/s]: the data of the stance model's contact-time relation
#: (8-20 km/h, van Oeveren 2021), with speed work at up to 1.5 × easy inside it where possible.
SPEED_RANGE_M_S = (2.3, 5.5)

#: Longest history accepted [weeks]: 520 (10 years), a limit of pfsim, not of physiology; longer
#: histories are better split (the capacity forgets a week's dose within a few τ ≤ 51 d).
MAX_WEEKS = 520

#: Stress the dose integrates (:func:`dose_per_km_MPa_s`): the mean contact stress, or the lateral
#: facet stress of the frontal joint model.
DOSE_STRESSES = ("mean", "lateral_facet")

#: What the capacity adapts to (:func:`weekly_load`): the runner's own dose, or the healthy
#: reference runner's dose under the same training (:func:`pfsim.runner.reference_runner`).
CAPACITY_REFERENCES = ("self", "reference_runner")


class HistoryGapWarning(UserWarning):
    """A weekly history skips weeks; the missing weeks count as 0 km (rest)."""


@dataclass(frozen=True)
class History:
    """A running history: one row per day (``period="day"``) or per week (``period="week"``).

    Attributes
    ----------
    week : ndarray of int
        Week number of each row (1-based).
    distance_km : ndarray
        Distance [km].
    speed_m_s : ndarray
        Easy speed [m/s]; NaN = the runner's speed.
    hill_share, speed_work_share : ndarray
        Share of the distance on hills and as speed work [-].
    day : ndarray of int or None
        Day index from the first date (daily histories), else None.
    period : {"week", "day"}
    source : str
        File name or generator, for messages.
    """

    week: np.ndarray
    distance_km: np.ndarray
    speed_m_s: np.ndarray
    hill_share: np.ndarray
    speed_work_share: np.ndarray
    day: np.ndarray | None = None
    period: str = "week"
    source: str = "history"

    def __post_init__(self):
        n = len(self.week)
        for name in ("distance_km", "speed_m_s", "hill_share", "speed_work_share"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{self.source}: column {name} has a different length than week.")
        _check_history_values(self)


def _bad(source, column, row, value, allowed):
    where = f"row {row}" if row is not None else "a row"
    return ValueError(f"{source}: column {column!r}, {where}: {value!r} is not allowed; {allowed}.")


def _check_history_values(h: History) -> None:
    def first(mask):
        return int(np.flatnonzero(mask)[0]) + 1

    d = h.distance_km
    if np.any(~np.isfinite(d) | (d < 0) | (d > 400)):
        i = first(~np.isfinite(d) | (d < 0) | (d > 400))
        raise _bad(h.source, "distance_km", i, float(d[i - 1]), "allowed: 0 to 400 km per row")
    v = h.speed_m_s
    lo, hi = SPEED_RANGE_M_S
    badv = np.isfinite(v) & ((v < lo) | (v > hi))
    if np.any(badv):
        i = first(badv)
        raise _bad(
            h.source,
            "speed_m_s / pace",
            i,
            float(v[i - 1]),
            f"allowed: {lo:g}-{hi:g} m/s (pace {_pace(hi)}-{_pace(lo)} per km), the stance "
            "model's data range",
        )
    for name in ("hill_share", "speed_work_share"):
        a = getattr(h, name)
        bad = ~np.isfinite(a) | (a < 0) | (a > 1)
        if np.any(bad):
            i = first(bad)
            raise _bad(h.source, name, i, float(a[i - 1]), "allowed: a share from 0 to 1")
    tot = h.hill_share + h.speed_work_share
    if np.any(tot > 1 + 1e-12):
        i = first(tot > 1 + 1e-12)
        raise _bad(
            h.source, "hill_share + speed_work_share", i, float(tot[i - 1]), "allowed: at most 1"
        )
    w = h.week
    if len(w) and (np.any(w < 1) or np.any(np.diff(w) < 0)):
        raise ValueError(
            f"{h.source}: column 'week' must count up from 1 (got {[int(x) for x in w[:5]]}...); "
            "allowed: integers 1, 2, 3, ... in order."
        )
    if len(w) and np.any(w > MAX_WEEKS):
        i = first(w > MAX_WEEKS)
        if h.period == "day":
            raise ValueError(
                f"{h.source}: column 'date', row {i}: the dates span more than {MAX_WEEKS} weeks "
                f"(10 years) from the first date (week {int(w[i - 1])}); allowed: at most "
                f"{MAX_WEEKS} weeks. Split the history."
            )
        raise _bad(
            h.source,
            "week",
            i,
            int(w[i - 1]),
            f"allowed: integers 1 to {MAX_WEEKS} (10 years); split a longer history",
        )


def _pace(speed_m_s: float) -> str:
    s = 1000.0 / speed_m_s
    m, sec = divmod(round(s), 60)
    return f"{m}:{sec:02d}"


_PACE = re.compile(r"^(\d+):(\d+(?:\.\d*)?)$")


def _parse_pace(text: str) -> float:
    """``M:SS`` (whole minutes, 0 ≤ seconds < 60, decimals allowed) → minutes; ValueError else."""
    match = _PACE.match(text.strip())
    if not match:
        raise ValueError(text)
    minutes, seconds = int(match.group(1)), float(match.group(2))
    if not seconds < 60.0:
        raise ValueError(text)
    return minutes + seconds / 60.0


def read_history(path) -> History:
    """Read a running history CSV (columns in the module docstring).

    Errors name the file, the column and the row, and say what is allowed.
    """
    path = Path(path)
    src = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{src}: history file not found.") from None
    numbered = [
        (n, ln)
        for n, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not numbered:
        raise ValueError(f"{src}: no rows (need a header and at least one row).")
    line_no = [n for n, _ in numbered]
    reader = csv.DictReader([ln for _, ln in numbered])
    cols = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = cols
    dups = sorted({c for c in cols if cols.count(c) > 1})
    if dups:
        raise ValueError(
            f"{src}: line {line_no[0]} (header): column(s) {', '.join(map(repr, dups))} appear more "
            "than once; allowed: each column once."
        )
    known = {
        "week", "date", "distance_km", "speed_m_s", "pace_min_km", "pace", "hill_share",
        "speed_work_share",
    }  # fmt: skip
    unknown = [c for c in cols if c not in known]
    if unknown:
        raise ValueError(
            f"{src}: unknown column(s) {', '.join(map(repr, unknown))}; allowed columns: week or "
            "date, distance_km, speed_m_s or pace_min_km or pace (M:SS), hill_share, "
            "speed_work_share."
        )
    if ("week" in cols) == ("date" in cols):
        raise ValueError(f"{src}: give exactly one of the columns 'week' and 'date'.")
    if "distance_km" not in cols:
        raise ValueError(f"{src}: missing column 'distance_km' (distance per row, km).")
    speed_cols = [c for c in ("speed_m_s", "pace_min_km", "pace") if c in cols]
    if len(speed_cols) > 1:
        raise ValueError(f"{src}: give one of speed_m_s, pace_min_km, pace (got {speed_cols}).")
    rows = []
    for i, row in enumerate(reader, start=1):
        extra = row.get(None)
        missing = [c for c in cols if row.get(c) is None]
        if extra is not None or missing:
            n_fields = len(cols) + (len(extra) if extra is not None else 0) - len(missing)
            what = f"missing column(s) {', '.join(missing)}" if missing else "extra field(s)"
            raise ValueError(
                f"{src}: row {i} (line {line_no[reader.line_num - 1]}) has {n_fields} field(s) "
                f"({what}), the header has {len(cols)} ({', '.join(cols)}); allowed: exactly one "
                "field per column (leave a value empty but keep its comma)."
            )
        rows.append(row)

    def num(row_i, col, value, default=None):
        value = (value or "").strip()
        if value == "" and default is not None:
            return default
        try:
            x = float(value)
        except ValueError:
            raise _bad(src, col, row_i, value, "allowed: a number") from None
        if not math.isfinite(x):
            raise _bad(src, col, row_i, value, "allowed: a finite number")
        return x

    dist, speed, hill, fast, label = [], [], [], [], []
    for i, row in enumerate(rows, start=1):
        dist.append(num(i, "distance_km", row["distance_km"]))
        hill.append(num(i, "hill_share", row.get("hill_share"), 0.0))
        fast.append(num(i, "speed_work_share", row.get("speed_work_share"), 0.0))
        sc = speed_cols[0] if speed_cols else None
        raw = (row.get(sc) or "").strip() if sc else ""
        if raw == "":
            speed.append(math.nan)
        elif sc == "speed_m_s":
            speed.append(num(i, sc, raw))
        else:
            try:
                minutes = _parse_pace(raw) if sc == "pace" else float(raw)
            except ValueError:
                allowed = (
                    "allowed: M:SS per km, whole minutes and 0 <= seconds < 60, e.g. 5:30"
                    if sc == "pace"
                    else "allowed: a number"
                )
                raise _bad(src, sc, i, raw, allowed) from None
            if not minutes > 0:
                raise _bad(src, sc, i, raw, "allowed: a pace above 0 min/km")
            speed.append(1000.0 / (60.0 * minutes))
        label.append((row.get("week") or row.get("date") or "").strip())
    if "week" in cols:
        try:
            week = np.array([int(w) for w in label])
        except ValueError:
            bad = next(w for w in label if not w.lstrip("-").isdigit())
            raise _bad(
                src, "week", label.index(bad) + 1, bad, "allowed: integers 1, 2, ..."
            ) from None
        day = None
        period = "week"
    else:
        try:
            dates = [_dt.date.fromisoformat(d) for d in label]
        except ValueError:
            bad = next(d for d in label if not _is_date(d))
            raise _bad(src, "date", label.index(bad) + 1, bad, "allowed: YYYY-MM-DD") from None
        day = np.array([(d - dates[0]).days for d in dates])
        if np.any(np.diff(day) < 0):
            raise ValueError(f"{src}: column 'date' must be in order (earliest first).")
        week = day // 7 + 1
        period = "day"
    return History(
        week=week,
        distance_km=np.array(dist),
        speed_m_s=np.array(speed),
        hill_share=np.array(hill),
        speed_work_share=np.array(fast),
        day=day,
        period=period,
        source=src,
    )


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def write_history(path, history: History, comments=()) -> Path:
    """Write a weekly history as CSV (atomically), the format :func:`read_history` reads."""
    from ..io import write_csv

    if history.period != "week":
        raise ValueError("write_history writes weekly histories only.")
    cols = {
        "week": [int(w) for w in history.week],
        "distance_km": [round(float(d), 3) for d in history.distance_km],
        "speed_m_s": ["" if not np.isfinite(v) else round(float(v), 4) for v in history.speed_m_s],
        "hill_share": [round(float(x), 4) for x in history.hill_share],
        "speed_work_share": [round(float(x), 4) for x in history.speed_work_share],
    }
    return write_csv(path, cols, comments=comments)


# --------------------------------------------------------------------------------------------------
# Dose
# --------------------------------------------------------------------------------------------------
def _stress_MPa(result, stress: str) -> np.ndarray:
    if stress == "mean":
        return np.asarray(result.contact_stress_MPa, dtype=float)
    lat = result.lateral_facet_stress_MPa
    if lat is None:
        raise ValueError(
            "dose_stress='lateral_facet' needs the frontal joint model's lateral facet stress, which "
            "this stance evaluation does not provide; use dose_stress='mean'."
        )
    return np.asarray(lat, dtype=float)


def _check_choice(name: str, value, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(
            f"{name}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}."
        )


def _dose_per_km(
    runner, speed_m_s, slope_deg, assumptions, n_samples, stress, sigma_ref_MPa
) -> tuple[np.ndarray, float]:
    """Dose per km at each (speed, slope) and the σ_ref used; one stance evaluation."""
    _check_choice("dose_stress", stress, DOSE_STRESSES)
    v, s = np.broadcast_arrays(np.asarray(speed_m_s, float), np.asarray(slope_deg, float))
    m = assumptions.dose_stress_exponent
    own_ref = m != 1.0 and sigma_ref_MPa is None
    # σ_ref (own flat run at the runner's speed) comes from the same evaluation, with the same
    # assumptions, as one extra condition
    vv = np.append(v.ravel(), runner.speed_m_s) if own_ref else v.ravel()
    ss = np.append(s.ravel(), 0.0) if own_ref else s.ravel()
    r = simulate(runner, speed_m_s=vv, slope_deg=ss, assumptions=assumptions, n_samples=n_samples)
    sigma = _stress_MPa(r, stress)
    speed = np.asarray(r.speed_m_s, dtype=float) * np.ones(len(vv))
    step_time = np.asarray(r.step_time_s, dtype=float) * np.ones(len(vv))
    time_s = np.broadcast_to(r.time_s, sigma.shape)
    if own_ref:
        sigma_ref_MPa = float(np.max(sigma[-1]))
        sigma, time_s, speed, step_time = sigma[:-1], time_s[:-1], speed[:-1], step_time[:-1]
        if not (math.isfinite(sigma_ref_MPa) and sigma_ref_MPa > 0):
            raise ValueError(
                f"the stance model gives no {stress} stress on the flat at the runner's own speed "
                f"({runner.speed_m_s:g} m/s), so the dose's reference stress σ_ref is undefined; "
                "use dose_stress_exponent = 1 or dose_stress='mean' (CLI: --dose-stress-exponent 1 or "
                "--dose-stress mean)."
            )
    if m != 1.0:
        weighted = sigma * (np.maximum(sigma, 0.0) / sigma_ref_MPa) ** (m - 1.0)
    else:
        weighted = sigma
    per_step = np.trapezoid(weighted, time_s, axis=-1)
    steps_per_km = 1000.0 / (speed * step_time)
    out = (per_step * steps_per_km / 2.0).reshape(v.shape)
    if np.any(~np.isfinite(out)):
        i = int(np.flatnonzero(~np.isfinite(out.ravel()))[0])
        raise ValueError(
            f"the stance model gives no {stress} dose at speed {v.ravel()[i]:g} m/s, slope "
            f"{s.ravel()[i]:g} deg for runner {runner.name!r} (outside the data of a fit, e.g. the "
            "contact-area fit's flexion range, or the patella off the groove for the lateral facet "
            "stress); choose a slower speed, a gentler hill (Assumptions.hill_slope_deg, CLI "
            "--hill-slope-deg), a lower speed_work_speed_factor (--speed-work-speed-factor) or "
            "dose_stress='mean' (--dose-stress mean)."
        )
    return out, (math.nan if sigma_ref_MPa is None else float(sigma_ref_MPa))


def dose_per_km_MPa_s(
    runner: Runner,
    speed_m_s,
    slope_deg=0.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    n_samples: int = 101,
    stress: str = "mean",
    sigma_ref_MPa: float | None = None,
):
    """Patellofemoral stress dose of one knee per km [MPa·s/km] at each (speed, slope).

    ``Σ_steps ∫ σ (σ/σ_ref)^(m−1) dt`` over the km, every second step (one knee), with σ over stance
    of :func:`pfsim.runner.simulate` and ``m`` = :attr:`Assumptions.dose_stress_exponent` (with
    m = 1, the stress–time integral per km of :func:`pfsim.gait.stance_summary`).

    Parameters
    ----------
    stress : {"mean", "lateral_facet"}
        σ: the mean contact stress (default) or the lateral facet stress of the frontal joint model
        (raised by the frontal contributors: hip adduction, VMO, lateral tightness, Q-angle).
    sigma_ref_MPa : float, optional
        σ_ref [MPa] when m ≠ 1; default the peak of the same stress on the flat at the runner's own
        speed (computed in the same stance evaluation, with ``assumptions``). With m = 1 it cancels.

    Arrays broadcast; one stance evaluation for all of them. A NaN (a condition outside the stance
    model's data, or the patella off the groove) raises ValueError naming the condition.
    """
    return _dose_per_km(
        runner, speed_m_s, slope_deg, assumptions, n_samples, stress, sigma_ref_MPa
    )[0]


@dataclass(frozen=True)
class LoadResult(LabelledResult):
    """Weekly training load of a runner: arrays of one value per week.

    Attributes
    ----------
    week : ndarray of int
        Week number (1-based).
    distance_km : ndarray
        Weekly distance [km].
    dose_MPa_s : ndarray
        Weekly patellofemoral stress dose of one knee [MPa·s].
    capacity_MPa_s : ndarray
        Adapted capacity brought into the week [MPa·s per week] (7 × the exponentially weighted
        daily dose up to the end of the previous week).
    overload_index : ndarray
        ``dose_MPa_s / capacity_MPa_s`` [-]; 1 at a steady load.
    cumulative_dose_MPa_s : ndarray
        Running total of the dose [MPa·s].
    steady_state_overload_index : float
        1.0: the index of a steady load (reference line; with ``capacity_reference="self"`` and
        7 run days a week).
    assumptions : Assumptions
    dose_stress : {"mean", "lateral_facet"}
        The stress the dose integrates (:func:`weekly_load`).
    capacity_reference : {"self", "reference_runner"}
        What the capacity adapts to (:func:`weekly_load`).
    """

    week: np.ndarray
    distance_km: np.ndarray
    dose_MPa_s: np.ndarray
    capacity_MPa_s: np.ndarray
    overload_index: np.ndarray
    cumulative_dose_MPa_s: np.ndarray
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS
    steady_state_overload_index: float = 1.0
    dose_stress: str = "mean"
    capacity_reference: str = "self"

    _DIMS = ("week",)

    #: Keys of :meth:`as_json` lists (the ``pfsim load --json`` output).
    JSON_KEYS = (
        "week",
        "distance_km",
        "dose_MPa_s",
        "capacity_MPa_s",
        "overload_index",
        "cumulative_dose_MPa_s",
    )

    def as_json(self) -> dict:
        """Column-wise lists (one entry per week), plus the steady-state index, the dose and capacity
        options and the assumptions."""
        out = {}
        for k in self.JSON_KEYS:
            a = getattr(self, k)
            out[k] = [int(x) for x in a] if k == "week" else [_num(x) for x in a]
        out["steady_state_overload_index"] = self.steady_state_overload_index
        out["dose_stress"] = self.dose_stress
        out["capacity_reference"] = self.capacity_reference
        out["assumptions"] = self.assumptions.as_dict()
        return out


def _num(x):
    x = float(x)
    return x if math.isfinite(x) else None


def capacity_alpha_per_day(time_constant_days: float) -> float:
    """Daily weight of the new dose in the capacity: ``α_d = 1 − e^(−1/τ)``."""
    return 1.0 - math.exp(-1.0 / time_constant_days)


def steady_growth_overload_index(growth_per_week, time_constant_days: float):
    """Overload index a steady weekly growth r settles at: ``1 + r/α_w``, ``α_w = 1 − e^(−7/τ)``.

    Exact for a weekly-constant daily dose growing by ``(1 + r)`` per week (geometric series of the
    exponentially weighted mean sampled at week ends).
    """
    a = 1.0 - math.exp(-7.0 / time_constant_days)
    return 1.0 + np.asarray(growth_per_week, dtype=float) / a


def _doses(
    history: History,
    runner: Runner,
    assumptions: Assumptions,
    stress: str,
    sigma_ref_MPa: float | None,
) -> tuple[np.ndarray, float, float]:
    """Dose of each history row [MPa·s], of the runner's habitual week [MPa·s], and σ_ref.

    The distinct conditions of the history and of the habitual week (flat easy, uphill easy,
    downhill easy, flat fast) that are actually run (distance > 0) are evaluated in one stance call;
    a condition with no distance is not evaluated, so it cannot fail.
    """
    easy = np.where(np.isfinite(history.speed_m_s), history.speed_m_s, runner.speed_m_s)
    easy = np.append(easy, runner.speed_m_s)
    d = np.append(history.distance_km, runner.weekly_distance_km)
    h = np.append(history.hill_share, runner.hill_share)
    f = np.append(history.speed_work_share, runner.speed_work_share)
    fast = easy * assumptions.speed_work_speed_factor
    slope = assumptions.hill_slope_deg
    speeds = np.stack([easy, easy, easy, fast])
    slopes = np.stack(
        [np.zeros_like(easy), np.full_like(easy, slope), np.full_like(easy, -slope),
         np.zeros_like(easy)]
    )  # fmt: skip
    km = np.stack([d * (1 - h - f), d * h / 2, d * h / 2, d * f])
    run = km > 0
    per_km = np.zeros_like(km)
    sigma_ref = math.nan
    need_ref = assumptions.dose_stress_exponent != 1.0 and sigma_ref_MPa is None
    if np.any(run) or need_ref:
        key = np.round(np.stack([speeds[run], slopes[run]], axis=1), 6)
        uniq, inverse = np.unique(key, axis=0, return_inverse=True)
        values, sigma_ref = _dose_per_km(
            runner, uniq[:, 0], uniq[:, 1], assumptions, 101, stress, sigma_ref_MPa
        )
        per_km[run] = values[inverse.ravel()]
    dose = np.sum(km * per_km, axis=0)
    return dose[:-1], float(dose[-1]), sigma_ref


def _weekly_and_daily(history: History, row_dose: np.ndarray, assumptions: Assumptions):
    """Weekly dose (n_weeks,) and daily dose (n_weeks × 7) of a history's row doses."""
    n_weeks = int(history.week.max())
    if history.period == "week":
        weekly = np.zeros(n_weeks)
        np.add.at(weekly, history.week - 1, row_dose)
        # assumption: a week's dose on n evenly spaced days (Assumptions.week_run_days)
        n = int(assumptions.week_run_days)
        days = (7 * np.arange(n)) // n
        daily = np.zeros((n_weeks, 7))
        daily[:, days] = weekly[:, None] / n
        daily = daily.ravel()
    else:
        daily = np.zeros(n_weeks * 7)
        np.add.at(daily, history.day, row_dose)
        weekly = daily.reshape(n_weeks, 7).sum(axis=1)
    return weekly, daily


def _warn_gaps(history: History) -> None:
    if history.period != "week":
        return  # days not listed are rest days by definition
    missing = np.setdiff1d(np.arange(1, int(history.week.max()) + 1), history.week)
    if missing.size:
        shown = ", ".join(str(int(w)) for w in missing[:10]) + (" ..." if missing.size > 10 else "")
        warnings.warn(
            f"{history.source}: column 'week' skips week(s) {shown} ({missing.size} in all); they "
            "count as 0 km (rest). List them with distance_km 0 to make that explicit, or "
            "renumber the weeks.",
            HistoryGapWarning,
            stacklevel=3,
        )


def weekly_load(
    history: History,
    runner: Runner,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    initial_capacity_MPa_s: float | None = None,
    dose_stress: str = "mean",
    capacity_reference: str = "self",
) -> LoadResult:
    """Weekly dose, adapting capacity and overload index of a history (module docstring).

    Parameters
    ----------
    history : History
        Daily or weekly running history (:func:`read_history` or a scenario generator). A weekly
        history that skips weeks warns (:class:`HistoryGapWarning`); those weeks count as 0 km.
    runner : Runner
        The profile: its stance model sets the dose per km; its habitual training
        (``weekly_distance_km``, ``hill_share``, ``speed_work_share``) the starting capacity.
    assumptions : Assumptions
        Hill slope, speed-work speed, capacity time constant, dose stress exponent, run days per
        week of a weekly history, starting capacity factor.
    initial_capacity_MPa_s : float, optional
        Capacity at the start [MPa·s per week]; default
        :attr:`Assumptions.initial_capacity_factor` × the habitual week's dose (of the runner, or of
        the reference runner with ``capacity_reference="reference_runner"``; if that week is 0 km,
        the first week's dose).
    dose_stress : {"mean", "lateral_facet"}
        The stress the dose integrates (:func:`dose_per_km_MPa_s`). Default ``"mean"``.
    capacity_reference : {"self", "reference_runner"}
        ``"self"`` (default): the capacity adapts to the runner's own daily dose. ``"reference_runner"``:
        it adapts to the daily dose the same history gives :func:`pfsim.runner.reference_runner`
        (healthy mechanics, same body, speed and training), starting from that runner's habitual
        week — an assumption (no source: the joint does not adapt to the extra stress of its own
        mechanics). The overload index is then the runner's dose over a healthy knee's capacity, so
        profiles differ at the same training. With a stress exponent m ≠ 1 both doses use the
        reference runner's σ_ref, so they stay comparable.

    Notes
    -----
    The defaults keep the issue's model (mean stress, own capacity); under them every profile has
    index 1 at its habitual training (module docstring, "Where the runner profile enters").

    Examples
    --------
    >>> res = weekly_load(steady(weeks=4, distance_km=25.0), Runner())
    >>> [round(float(x), 3) for x in res.overload_index]
    [1.0, 1.0, 1.0, 1.0]
    >>> hip = Runner(hip_abductor_strength_rel=0.75)
    >>> res = weekly_load(steady(weeks=2), hip, dose_stress="lateral_facet",
    ...                   capacity_reference="reference_runner")
    >>> bool(res.overload_index[0] > 1.0)
    True
    """
    _check_choice("dose_stress", dose_stress, DOSE_STRESSES)
    _check_choice("capacity_reference", capacity_reference, CAPACITY_REFERENCES)
    if len(history.week) == 0:
        raise ValueError(f"{history.source}: the history has no rows.")
    _warn_gaps(history)
    if capacity_reference == "self":
        row_dose, habitual, _ = _doses(history, runner, assumptions, dose_stress, None)
        cap_row_dose, cap_habitual = row_dose, habitual
    else:
        ref = reference_runner(runner)
        cap_row_dose, cap_habitual, sigma_ref = _doses(history, ref, assumptions, dose_stress, None)
        row_dose, _, _ = _doses(
            history,
            runner,
            assumptions,
            dose_stress,
            None if assumptions.dose_stress_exponent == 1.0 else sigma_ref,
        )
    weekly, _ = _weekly_and_daily(history, row_dose, assumptions)
    cap_weekly, cap_daily = _weekly_and_daily(history, cap_row_dose, assumptions)
    dist = np.zeros(len(weekly))
    np.add.at(dist, history.week - 1, history.distance_km)
    if initial_capacity_MPa_s is None:
        c0 = assumptions.initial_capacity_factor * cap_habitual
        if c0 <= 0:
            c0 = float(cap_weekly[0])
    else:
        c0 = float(initial_capacity_MPa_s)
    if not c0 > 0:
        raise ValueError(
            "the starting capacity is 0 (no habitual training in the profile and no running in "
            "week 1); give the runner [training] weekly_distance_km > 0 (or, from Python, "
            "initial_capacity_MPa_s)."
        )
    a = capacity_alpha_per_day(assumptions.capacity_time_constant_days)
    # exponentially weighted mean of the daily dose, c_t = (1 − α) c_{t−1} + α d_t, vectorised
    from scipy.signal import lfilter  # imported here: scipy.signal costs ~0.7 s at import

    ewm, _ = lfilter([a], [1.0, -(1.0 - a)], cap_daily, zi=[(1.0 - a) * c0 / 7.0])
    end_of_week = 7.0 * ewm[6::7]
    capacity = np.concatenate([[c0], end_of_week[:-1]])
    return LoadResult(
        week=np.arange(1, len(weekly) + 1),
        distance_km=dist,
        dose_MPa_s=weekly,
        capacity_MPa_s=capacity,
        overload_index=weekly / capacity,
        cumulative_dose_MPa_s=np.cumsum(weekly),
        assumptions=assumptions,
        dose_stress=dose_stress,
        capacity_reference=capacity_reference,
    )


# --------------------------------------------------------------------------------------------------
# Scenario generators (weekly histories)
# --------------------------------------------------------------------------------------------------
def _history(distance, hill=0.0, fast=0.0, speed=np.nan, source="scenario") -> History:
    d = np.asarray(distance, dtype=float)
    n = d.size
    return History(
        week=np.arange(1, n + 1),
        distance_km=d,
        speed_m_s=np.broadcast_to(np.asarray(speed, dtype=float), (n,)).copy(),
        hill_share=np.broadcast_to(np.asarray(hill, dtype=float), (n,)).copy(),
        speed_work_share=np.broadcast_to(np.asarray(fast, dtype=float), (n,)).copy(),
        source=source,
    )


def steady(weeks: int = 8, distance_km: float = 25.0, **kw) -> History:
    """The same week repeated: ``weeks`` × ``distance_km`` (overload index 1 throughout)."""
    return _history(np.full(weeks, float(distance_km)), source="steady", **kw)


def mileage_jump(
    base_km: float = 25.0,
    jump_pct: float = 40.0,
    weeks_before: int = 6,
    jump_weeks: int = 2,
    weeks_after: int = 6,
    after: str = "hold",
    hill_share_jump: float = 0.0,
) -> History:
    """A sudden rise in weekly distance.

    ``weeks_before`` steady weeks at ``base_km``, then ``jump_weeks`` at ``base_km × (1 +
    jump_pct/100)`` (with ``hill_share_jump`` of it on hills), then ``weeks_after`` weeks that either
    ``"hold"`` the new distance (flat) or go ``"back"`` to ``base_km``.
    """
    if after not in ("hold", "back"):
        raise ValueError(f"after must be 'hold' or 'back' (got {after!r}).")
    high = base_km * (1 + jump_pct / 100.0)
    d = (
        [base_km] * weeks_before
        + [high] * jump_weeks
        + [high if after == "hold" else base_km] * (weeks_after)
    )
    hill = [0.0] * weeks_before + [hill_share_jump] * jump_weeks + [0.0] * weeks_after
    return _history(d, hill=hill, source=f"mileage_jump(+{jump_pct:g} %)")


def add_hills(base_km=25.0, hill_share=0.3, weeks_before=6, weeks_after=8) -> History:
    """Same distance; from week ``weeks_before + 1`` a share ``hill_share`` of it on hills."""
    n = weeks_before + weeks_after
    hill = np.where(np.arange(n) < weeks_before, 0.0, hill_share)
    return _history(np.full(n, base_km), hill=hill, source="add_hills")


def add_speed_work(base_km=25.0, speed_work_share=0.2, weeks_before=6, weeks_after=8) -> History:
    """Same distance; from week ``weeks_before + 1`` a share ``speed_work_share`` as speed work."""
    n = weeks_before + weeks_after
    fast = np.where(np.arange(n) < weeks_before, 0.0, speed_work_share)
    return _history(np.full(n, base_km), fast=fast, source="add_speed_work")


def return_after_break(
    base_km=25.0, weeks_before=6, break_weeks=4, weeks_after=6, resume="previous"
) -> History:
    """Steady running, a break of ``break_weeks`` (0 km), then ``"previous"`` (straight back to
    ``base_km``) or ``"graded"`` (50 % of ``base_km`` rising 10 % a week, capped at ``base_km``)."""
    if resume not in ("previous", "graded"):
        raise ValueError(f"resume must be 'previous' or 'graded' (got {resume!r}).")
    if resume == "previous":
        after = [base_km] * weeks_after
    else:
        after = list(np.minimum(0.5 * base_km * 1.1 ** np.arange(weeks_after), base_km))
    d = [base_km] * weeks_before + [0.0] * break_weeks + after
    return _history(d, source=f"return_after_break({resume})")


def graded_progression(
    start_km=25.0, pct_per_week=10.0, weeks=12, down_week_every: int = 4, down_week_pct=-20.0
) -> History:
    """Weekly distance rising by ``pct_per_week``, with a lighter week (``down_week_pct`` from the
    previous week) every ``down_week_every``-th week (0 = none), resuming from the week before it."""
    d = []
    level = float(start_km)
    for w in range(1, weeks + 1):
        if w == 1:
            d.append(level)
            continue
        if down_week_every and w % down_week_every == 0:
            d.append(level * (1 + down_week_pct / 100.0))
            continue
        level *= 1 + pct_per_week / 100.0
        d.append(level)
    return _history(d, source=f"graded_progression({pct_per_week:g} %/week)")
