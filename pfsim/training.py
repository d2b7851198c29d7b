"""Training load: weekly patellofemoral stress dose, an adapting capacity, and the overload index.

The chain (``../shared/DESIGN.md``):

1. **Conditions.** Each day or week of a running history (:class:`History`) splits its distance
   into easy flat running, hills (half up, half down at :attr:`Assumptions.hill_slope_deg`) and speed
   work (flat, at :attr:`Assumptions.speed_work_speed_factor` × the easy speed).
2. **Dose per km** of each distinct condition from the runner's stance model
   (:func:`pfsim.runner.simulate`, evaluated once for all distinct conditions together): the
   stress–time integral of one knee per km [MPa·s/km] (every second step; ``pfsim.gait.summaries``),
   optionally stress-weighted (:attr:`Assumptions.dose_stress_exponent`, default 1 = plain integral).
3. **Dose** = Σ km × dose per km, per day, summed per week [MPa·s].
4. **Capacity** [MPa·s per week]: the exponentially weighted mean of the daily dose with time
   constant τ = :attr:`Assumptions.capacity_time_constant_days` (a one-component Banister
   impulse-response "fitness" term normalised to the dose it is adapted to, IJSPP 2022 17:810;
   ``REFERENCES.md`` §4), × 7. It starts at the runner's habitual week (``Runner.weekly_distance_km``,
   ``hill_share``, ``speed_work_share``).
5. **Overload index** of week w = dose of week w / capacity at the end of week w − 1 (the capacity the
   joint brings into the week). At a steady load it is 1; > 1 means the week asked more than the
   joint is adapted to (the "envelope of function", Dye 2005, qualitative). No injury threshold is
   implied: none is cited.

For a steady weekly growth r the index settles at ``1 + r/α`` with ``α = 1 − e^(−7/τ)`` (0.154 at
τ = 42 d): graded progression keeps it above 1 by an amount set by τ, an assumption. Nielsen et al.
2014 (> 30 % weekly progression, HR 1.59 (0.96-2.66)) is compared in ``validation/training_*``.

History CSV (:func:`read_history`)
----------------------------------
Lines starting with ``#`` are comments. Columns (header names exact, lower case):

- ``week`` (integer, 1, 2, ...) **or** ``date`` (ISO ``YYYY-MM-DD``, one row per running day; days
  not listed are rest days; weeks count 7-day blocks from the first date);
- ``distance_km`` [km], ≥ 0;
- ``speed_m_s`` [m/s] **or** ``pace_min_km`` [minutes per km, decimal, e.g. 5.5 = 5:30] **or**
  ``pace`` as ``M:SS`` per km — the easy speed, 2.3-5.5 m/s (pace 3:02-7:15 /km); empty = the
  runner's speed;
- ``hill_share`` and ``speed_work_share`` [-], 0-1 each, optional (default 0).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, simulate

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
]

#: Easy-speed range accepted in a history [m/s]: the data of the stance model's contact-time relation
#: (8-20 km/h, van Oeveren 2021), with speed work at up to 1.5 × easy inside it where possible.
SPEED_RANGE_M_S = (2.3, 5.5)


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
            f"{h.source}: column 'week' must count up from 1 (got {list(w[:5])}...); allowed: "
            "integers 1, 2, 3, ... in order."
        )


def _pace(speed_m_s: float) -> str:
    s = 1000.0 / speed_m_s
    m, sec = divmod(round(s), 60)
    return f"{m}:{sec:02d}"


def _parse_pace(text: str) -> float:
    m, s = text.split(":")
    return float(m) + float(s) / 60.0


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
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"{src}: no rows (need a header and at least one row).")
    reader = csv.DictReader(lines)
    cols = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = cols
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
    rows = list(reader)

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
                allowed = "allowed: M:SS per km, e.g. 5:30" if sc == "pace" else "a number"
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
    from .io import write_csv

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
def dose_per_km_MPa_s(
    runner: Runner,
    speed_m_s,
    slope_deg=0.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    n_samples: int = 101,
):
    """Patellofemoral stress dose of one knee per km [MPa·s/km] at each (speed, slope).

    ``Σ_steps ∫ σ (σ/σ_ref)^(m−1) dt`` over the km, every second step (one knee), with σ the mean
    contact stress over stance of :func:`pfsim.runner.simulate`, ``m`` =
    :attr:`Assumptions.dose_stress_exponent` and σ_ref the runner's peak stress on the flat at their
    own speed (with m = 1, the stress–time integral per km of :func:`pfsim.gait.stance_summary`).
    Arrays broadcast; one stance evaluation for all of them. A NaN (a condition outside the stance
    model's data) raises ValueError naming the condition.
    """
    v, s = np.broadcast_arrays(np.asarray(speed_m_s, float), np.asarray(slope_deg, float))
    r = simulate(runner, speed_m_s=v, slope_deg=s, assumptions=assumptions, n_samples=n_samples)
    sigma = np.asarray(r.contact_stress_MPa, dtype=float)
    m = assumptions.dose_stress_exponent
    if m != 1.0:
        ref = simulate(runner, n_samples=n_samples)
        sigma_ref = float(np.max(ref.contact_stress_MPa))
        weighted = sigma * (np.maximum(sigma, 0.0) / sigma_ref) ** (m - 1.0)
    else:
        weighted = sigma
    per_step = np.trapezoid(weighted, r.time_s, axis=-1)
    steps_per_km = 1000.0 / (np.asarray(r.speed_m_s) * np.asarray(r.step_time_s))
    out = per_step * steps_per_km / 2.0
    if np.any(~np.isfinite(out)):
        i = int(np.flatnonzero(~np.isfinite(out.ravel()))[0])
        raise ValueError(
            f"the stance model gives no dose at speed {v.ravel()[i]:g} m/s, slope "
            f"{s.ravel()[i]:g} deg for this runner (outside the data of a fit, e.g. the contact-"
            "area fit's flexion range); choose a slower speed, a gentler hill "
            "(Assumptions.hill_slope_deg) or a lower speed_work_speed_factor."
        )
    return out


@dataclass(frozen=True)
class LoadResult:
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
        1.0: the index of a steady load (reference line).
    assumptions : Assumptions
    """

    week: np.ndarray
    distance_km: np.ndarray
    dose_MPa_s: np.ndarray
    capacity_MPa_s: np.ndarray
    overload_index: np.ndarray
    cumulative_dose_MPa_s: np.ndarray
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS
    steady_state_overload_index: float = 1.0

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
        """Column-wise lists (one entry per week), plus the steady-state index and assumptions."""
        out = {}
        for k in self.JSON_KEYS:
            a = getattr(self, k)
            out[k] = [int(x) for x in a] if k == "week" else [_num(x) for x in a]
        out["steady_state_overload_index"] = self.steady_state_overload_index
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


def _row_doses(history: History, runner: Runner, assumptions: Assumptions) -> np.ndarray:
    """Dose of each history row [MPa·s]: distinct conditions evaluated once."""
    easy = np.where(np.isfinite(history.speed_m_s), history.speed_m_s, runner.speed_m_s)
    fast = easy * assumptions.speed_work_speed_factor
    slope = assumptions.hill_slope_deg
    # conditions per row: flat easy, uphill easy, downhill easy, flat fast
    speeds = np.concatenate([easy, easy, easy, fast])
    slopes = np.concatenate(
        [np.zeros_like(easy), np.full_like(easy, slope), np.full_like(easy, -slope),
         np.zeros_like(easy)]
    )  # fmt: skip
    key = np.round(np.stack([speeds, slopes], axis=1), 6)
    uniq, inverse = np.unique(key, axis=0, return_inverse=True)
    per_km = dose_per_km_MPa_s(runner, uniq[:, 0], uniq[:, 1], assumptions=assumptions)
    per_km = per_km[inverse.ravel()].reshape(4, -1)
    d = history.distance_km
    h, f = history.hill_share, history.speed_work_share
    km = np.stack([d * (1 - h - f), d * h / 2, d * h / 2, d * f])
    return np.sum(km * per_km, axis=0)


def _habitual_weekly_dose(runner: Runner, assumptions: Assumptions) -> float:
    h = History(
        week=np.array([1]),
        distance_km=np.array([runner.weekly_distance_km]),
        speed_m_s=np.array([runner.speed_m_s]),
        hill_share=np.array([runner.hill_share]),
        speed_work_share=np.array([runner.speed_work_share]),
        source="runner profile [training]",
    )
    return float(_row_doses(h, runner, assumptions)[0])


def weekly_load(
    history: History,
    runner: Runner,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    initial_capacity_MPa_s: float | None = None,
) -> LoadResult:
    """Weekly dose, adapting capacity and overload index of a history (module docstring).

    Parameters
    ----------
    history : History
        Daily or weekly running history (:func:`read_history` or a scenario generator).
    runner : Runner
        The profile: its stance model sets the dose per km; its habitual training
        (``weekly_distance_km``, ``hill_share``, ``speed_work_share``) the starting capacity.
    assumptions : Assumptions
        Hill slope, speed-work speed, capacity time constant, dose stress exponent.
    initial_capacity_MPa_s : float, optional
        Capacity at the start [MPa·s per week]; default the runner's habitual week (or, if that is
        0 km, the first week's dose).

    Examples
    --------
    >>> res = weekly_load(steady(weeks=4, distance_km=25.0), Runner())
    >>> [round(float(x), 3) for x in res.overload_index]
    [1.0, 1.0, 1.0, 1.0]
    """
    if len(history.week) == 0:
        raise ValueError(f"{history.source}: the history has no rows.")
    row_dose = _row_doses(history, runner, assumptions)
    n_weeks = int(history.week.max())
    if history.period == "week":
        weekly = np.zeros(n_weeks)
        np.add.at(weekly, history.week - 1, row_dose)
        dist = np.zeros(n_weeks)
        np.add.at(dist, history.week - 1, history.distance_km)
        daily = np.repeat(weekly / 7.0, 7)
    else:
        daily = np.zeros(n_weeks * 7)
        np.add.at(daily, history.day, row_dose)
        weekly = daily.reshape(n_weeks, 7).sum(axis=1)
        dist = np.zeros(n_weeks)
        np.add.at(dist, history.week - 1, history.distance_km)
    if initial_capacity_MPa_s is None:
        c0 = _habitual_weekly_dose(runner, assumptions)
        if c0 <= 0:
            c0 = float(weekly[0])
    else:
        c0 = float(initial_capacity_MPa_s)
    if not c0 > 0:
        raise ValueError(
            "the starting capacity is 0 (no habitual training in the profile and no running in "
            "week 1); give initial_capacity_MPa_s or a runner [training] weekly_distance_km > 0."
        )
    a = capacity_alpha_per_day(assumptions.capacity_time_constant_days)
    # exponentially weighted mean of the daily dose, c_t = (1 − α) c_{t−1} + α d_t, vectorised
    from scipy.signal import lfilter  # imported here: scipy.signal costs ~0.7 s at import

    ewm, _ = lfilter([a], [1.0, -(1.0 - a)], daily, zi=[(1.0 - a) * c0 / 7.0])
    end_of_week = 7.0 * ewm[6::7]
    capacity = np.concatenate([[c0], end_of_week[:-1]])
    return LoadResult(
        week=np.arange(1, n_weeks + 1),
        distance_km=dist,
        dose_MPa_s=weekly,
        capacity_MPa_s=capacity,
        overload_index=weekly / capacity,
        cumulative_dose_MPa_s=np.cumsum(weekly),
        assumptions=assumptions,
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
