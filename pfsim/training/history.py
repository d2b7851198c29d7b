"""Running histories.

:class:`History`, the history CSV (:func:`read_history`, :func:`write_history`) and the scenario
generators (:func:`steady`, :func:`mileage_jump`, :func:`add_hills`,
:func:`add_speed_work`, :func:`return_after_break`, :func:`graded_progression`).

The CSV columns are described in :mod:`pfsim.training`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..examples import resolve as resolve_example
from ..io import read_commented_table, shorten, write_csv

__all__ = [
    "History",
    "read_history",
    "write_history",
    "steady",
    "mileage_jump",
    "add_hills",
    "add_speed_work",
    "return_after_break",
    "graded_progression",
    "SPEED_RANGE_M_S",
    "MAX_WEEKS",
]

#: Easy-speed range accepted in a history [m/s]: the data of the stance model's contact-time relation
#: (8-20 km/h, van Oeveren 2021), with speed work at up to 1.5 × easy inside it where possible.
SPEED_RANGE_M_S = (2.3, 5.5)

#: Longest history accepted [weeks]: 520 (10 years), a limit of pfsim, not of physiology; longer
#: histories are better split (the capacity forgets a week's dose within a few τ ≤ 51 d).
MAX_WEEKS = 520


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
    text = shorten(value) if isinstance(value, str) else repr(value)
    return ValueError(f"{source}: column {column!r}, {where}: {text} is not allowed; {allowed}.")


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


def _read_rows(path) -> tuple[str, list[str], list[str], list[dict]]:
    """The rows of a history CSV as dicts, after the header, field-count and column checks.

    The header and field counts are checked by :func:`pfsim.io.read_commented_table`.

    Returns the source name, the header columns, the speed column given (none or one of
    ``speed_m_s``, ``pace_min_km``, ``pace``) and the rows.
    """
    table = read_commented_table(path, what="history file")
    src, cols = str(table.path), list(table.header)
    known = {
        "week", "date", "distance_km", "speed_m_s", "pace_min_km", "pace", "hill_share",
        "speed_work_share",
    }  # fmt: skip
    unknown = [c for c in cols if c not in known]
    if unknown:
        raise ValueError(
            f"{src}: unknown column(s) {', '.join(map(shorten, unknown[:10]))}; allowed columns: week or "
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
    return src, cols, speed_cols, table.rows


def _number(src, row_i, col, value, default=None) -> float:
    """A finite number from a history cell, the default for an empty one, or a named error."""
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


def _row_speed(src, sc, i, raw) -> float:
    """The running speed [m/s] of one row from its speed or pace cell (NaN when empty)."""
    if raw == "":
        return math.nan
    if sc == "speed_m_s":
        return _number(src, i, sc, raw)
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
    return 1000.0 / (60.0 * minutes)


def _periods(src, cols, label):
    """(week, day, period) from the rows' week numbers or ISO dates."""
    if "week" in cols:
        return np.array([_week(src, i, w) for i, w in enumerate(label, start=1)]), None, "week"
    try:
        dates = [_dt.date.fromisoformat(d) for d in label]
    except ValueError:
        bad = next(d for d in label if not _is_date(d))
        raise _bad(src, "date", label.index(bad) + 1, bad, "allowed: YYYY-MM-DD") from None
    day = np.array([(d - dates[0]).days for d in dates])
    if np.any(np.diff(day) < 0):
        raise ValueError(f"{src}: column 'date' must be in order (earliest first).")
    return day // 7 + 1, day, "day"


_WEEK = re.compile(r"[+-]?[0-9]+")


def _week(src, row_i, text: str) -> int:
    """The week number of one row: an integer (one too long for a week is refused here)."""
    if not _WEEK.fullmatch(text):
        raise _bad(src, "week", row_i, text, "allowed: integers 1, 2, ...")
    if len(text.lstrip("+-")) > 9:  # > 10**9 weeks: refused as out of range, not read
        raise _bad(
            src,
            "week",
            row_i,
            text,
            f"allowed: integers 1 to {MAX_WEEKS} (10 years); split a longer history",
        )
    return int(text)


def read_history(path) -> History:
    """Read a running history CSV (columns in the module docstring).

    ``path`` is a file's path or the name of a bundled history (:mod:`pfsim.examples`: ``steady``,
    ``jump40_hills``). Errors name the file, the column and the row, and say what is allowed.

    Examples
    --------
    >>> read_history("jump40_hills").distance_km[:8].tolist()
    [30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 42.0, 42.0]
    """
    src, cols, speed_cols, rows = _read_rows(resolve_example("histories", path))
    num = functools.partial(_number, src)
    sc = speed_cols[0] if speed_cols else None
    dist, speed, hill, fast, label = [], [], [], [], []
    for i, row in enumerate(rows, start=1):
        dist.append(num(i, "distance_km", row["distance_km"]))
        hill.append(num(i, "hill_share", row.get("hill_share"), 0.0))
        fast.append(num(i, "speed_work_share", row.get("speed_work_share"), 0.0))
        speed.append(_row_speed(src, sc, i, (row.get(sc) or "").strip() if sc else ""))
        label.append((row.get("week") or row.get("date") or "").strip())
    week, day, period = _periods(src, cols, label)
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
    """Steady running, a break of ``break_weeks`` (0 km), then a return.

    ``"previous"``: straight back to ``base_km``; ``"graded"``: 50 % of ``base_km`` rising 10 % a
    week, capped at ``base_km``.
    """
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
    """Weekly distance rising by ``pct_per_week``, with a lighter week now and then.

    The lighter week (``down_week_pct`` from the previous week) comes every
    ``down_week_every``-th week (0 = none); the rise resumes from the week before it.
    """
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
