"""The adapting capacity and the overload index: :func:`weekly_load` and its :class:`LoadResult`.

Steps 4-5 of the chain in :mod:`pfsim.training`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._checks import HistoryGapWarning, warn
from .._results import LabelledResult
from ..runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, reference_runner
from .dose import DOSE_MODELS, DOSE_STRESSES, _check_choice, _doses, _weekly_and_daily
from .history import History

__all__ = [
    "LoadResult",
    "weekly_load",
    "capacity_alpha_per_day",
    "steady_growth_overload_index",
    "CAPACITY_REFERENCES",
]

#: What the capacity adapts to (:func:`weekly_load`): the runner's own dose, or the healthy
#: reference runner's dose under the same training (:func:`pfsim.runner.reference_runner`).
CAPACITY_REFERENCES = ("self", "reference_runner")


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
        Weekly patellofemoral stress dose of one knee [MPa·s]: with ``dose_model="fatigue"``
        (default) the fatigue-damage sum in reference cycles × the reference stance's stress–time
        integral (:func:`dose_per_km_MPa_s`), with ``"stress_time"`` the stress–time integral.
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
    dose_model : {"fatigue", "stress_time"}
        How stress becomes dose (:func:`weekly_load`).
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
    dose_model: str = "fatigue"

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
        """Column-wise lists (one entry per week), the ``pfsim load --json`` document.

        Also the steady-state index, the dose and capacity options and the assumptions.
        """
        out = {}
        for k in self.JSON_KEYS:
            a = getattr(self, k)
            out[k] = [int(x) for x in a] if k == "week" else [_num(x) for x in a]
        out["steady_state_overload_index"] = self.steady_state_overload_index
        out["dose_stress"] = self.dose_stress
        out["capacity_reference"] = self.capacity_reference
        out["dose_model"] = self.dose_model
        out["assumptions"] = self.assumptions.to_dict()
        return out

    def to_csv(
        self,
        path,
        *,
        runner: Runner | None = None,
        runner_file=None,
        history=None,
        command: str | None = None,
    ) -> Path:
        """Write the weekly table as a plain CSV (atomically), as ``pfsim load ... --out FILE.csv`` does.

        The columns are :attr:`JSON_KEYS`, one row per week (NaN written as ``nan``); no comment
        lines (``pandas.read_csv`` reads it as it is). The sidecar ``FILE.json``
        (:func:`pfsim.io.write_table`) holds the versions, the command line, git commit and time,
        the unit of every column, the CSV's SHA-256 and, under ``inputs``: ``runner_file``,
        ``runner`` (the profile's fields), ``history``, the assumptions, ``dose_stress``,
        ``capacity_reference`` and ``steady_state_overload_index``.

        Parameters
        ----------
        path : str or path-like
            The CSV file to write.
        runner : Runner, optional
            The profile the load was computed for (its fields are recorded).
        runner_file, history : str or path-like, optional
            The runner TOML and the history CSV the load was read from.
        command : str, optional
            A command line to record (split as a shell would); default: the one ``pfsim`` records
            itself (None when called from Python).

        Entries given as None are left out of the inputs.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        import shlex

        from ..io import write_table

        inputs = {
            "table": "weekly patellofemoral load (pfsim.training)",
            "runner_file": None if runner_file is None else str(runner_file),
            "runner": None if runner is None else runner.to_dict(),
            "history": None if history is None else str(history),
            "assumptions": self.assumptions.to_dict(),
            "dose_stress": self.dose_stress,
            "capacity_reference": self.capacity_reference,
            "dose_model": self.dose_model,
            "steady_state_overload_index": self.steady_state_overload_index,
        }
        cols = {k: np.asarray(getattr(self, k)) for k in self.JSON_KEYS}
        cols["week"] = cols["week"].astype(np.int64)
        inputs = {k: v for k, v in inputs.items() if v is not None}
        extra = None if command is None else {"command": shlex.split(command)}
        return write_table(path, cols, inputs=inputs, units={"overload_index": "1"}, extra=extra)


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


def _ewm(x, a: float, z0: float) -> np.ndarray:
    """Exponentially weighted mean ``c_t = (1 − a) c_{t−1} + a x_t``; ``z0 = (1 − a) c_{−1}``.

    The operations of ``scipy.signal.lfilter([a], [1, −(1 − a)], x, zi=[z0])`` (direct form II
    transposed), in the same order, so the result is bit-identical; a loop over Python floats
    (about 0.2 µs a day) instead of importing scipy.signal (0.7-0.9 s, the most of ``pfsim load``).
    """
    a1 = -(1.0 - a)
    z = float(z0)
    out = []
    for xn in np.asarray(x, dtype=np.float64).tolist():
        y = z + a * xn
        z = 0.0 * xn - a1 * y
        out.append(y)
    return np.array(out, dtype=np.float64)


def _adapting_capacity(daily_dose, c0: float, time_constant_days: float) -> np.ndarray:
    """Capacity brought into each week [MPa·s per week].

    ``c0`` for the first week, then 7 × the exponentially weighted mean of the daily dose at the
    end of the previous week.
    """
    a = capacity_alpha_per_day(time_constant_days)
    ewm = _ewm(daily_dose, a, (1.0 - a) * c0 / 7.0)
    end_of_week = 7.0 * ewm[6::7]
    return np.concatenate([[c0], end_of_week[:-1]])


def _warn_gaps(history: History) -> None:
    if history.period != "week":
        return  # days not listed are rest days by definition
    missing = np.setdiff1d(np.arange(1, int(history.week.max()) + 1), history.week)
    if missing.size:
        shown = ", ".join(str(int(w)) for w in missing[:10]) + (" ..." if missing.size > 10 else "")
        warn(
            f"{history.source}: column 'week' skips week(s) {shown} ({missing.size} in all); they "
            "count as 0 km (rest). List them with distance_km 0 to make that explicit, or "
            "renumber the weeks.",
            HistoryGapWarning,
        )


def weekly_load(
    history: History,
    runner: Runner,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    initial_capacity_MPa_s: float | None = None,
    dose_stress: str = "mean",
    capacity_reference: str = "self",
    dose_model: str = "fatigue",
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
        profiles differ at the same training. With the fatigue dose both doses count cycles
        against the reference runner's reference cycle (σ_ref, I_ref), so they stay comparable.
    dose_model : {"fatigue", "stress_time"}
        ``"fatigue"`` (default): the cumulative fatigue damage Σ (σ_peak/σ_ref)^m of the loading
        cycles (Edwards 2018; m = :attr:`Assumptions.dose_stress_exponent`, default 10, range 3-13);
        ``"stress_time"``: the stress–time integral (:func:`dose_per_km_MPa_s`).

    Notes
    -----
    The defaults keep the issue's model (mean stress, own capacity); under them every profile has
    index 1 at its habitual training (module docstring, "Where the runner profile enters").

    Examples
    --------
    >>> from pfsim.training import steady
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
    _check_choice("dose_model", dose_model, DOSE_MODELS)
    if len(history.week) == 0:
        raise ValueError(f"{history.source}: the history has no rows.")
    _warn_gaps(history)
    if capacity_reference == "self":
        row_dose, habitual, _ = _doses(history, runner, assumptions, dose_stress, None, dose_model)
        cap_row_dose, cap_habitual = row_dose, habitual
    else:
        ref_runner = reference_runner(runner)
        cap_row_dose, cap_habitual, reference = _doses(
            history, ref_runner, assumptions, dose_stress, None, dose_model
        )
        row_dose, _, _ = _doses(
            history,
            runner,
            assumptions,
            dose_stress,
            reference if dose_model == "fatigue" else None,
            dose_model,
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
    capacity = _adapting_capacity(cap_daily, c0, assumptions.capacity_time_constant_days)
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
        dose_model=dose_model,
    )
