"""Load study: weekly distance, progression, hills and speed work → dose, capacity, overload index."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..plotting.studies import load_figure as _load_figure
from ._scaffold import StudyResult, _finish, _quiet

__all__ = [
    "LOAD_HILL_SHARES",
    "LOAD_OUTPUTS",
    "LOAD_PROGRESSION_PCT",
    "LOAD_SPEED_WORK_SHARES",
    "load_block_model",
    "load_figure",
    "load_study",
    "load_timelines",
]

# ------------------------------------------------------------------------------------------------
# Load
# ------------------------------------------------------------------------------------------------
#: Weekly distance progression [% per week] of the load study (Nielsen et al. 2014 compared < 10 %
#: with > 30 % over two weeks).
LOAD_PROGRESSION_PCT = (0.0, 5.0, 10.0, 20.0, 30.0, 40.0)
#: Share of the weekly distance on hills (up and down) and as speed work in the progression weeks.
LOAD_HILL_SHARES = (0.0, 0.3)
LOAD_SPEED_WORK_SHARES = (0.0, 0.2)

LOAD_OUTPUTS = {
    "peak_overload_index": "1",
    "final_overload_index": "1",
    "final_dose_MPa_s": "MPa·s",
    "final_capacity_MPa_s": "MPa·s",
    "final_distance_km": "km",
}


def load_block_model(
    weekly_progression_pct,
    hill_share=0.0,
    speed_work_share=0.0,
    base_km=25.0,
    weeks_before=4,
    weeks_change=4,
    capacity_time_constant_days=42.0,
) -> dict[str, np.ndarray]:
    """Overload of a training block: steady weeks, then weekly progression with hills / speed work.

    For each scenario: ``weeks_before`` weeks at ``base_km`` (easy, flat), then ``weeks_change``
    weeks whose distance grows by ``weekly_progression_pct`` per week from ``base_km`` (the first
    changed week is already one step up), with ``hill_share`` and ``speed_work_share`` of it on hills
    and as speed work. :func:`pfsim.training.weekly_load` on the default :class:`pfsim.runner.Runner`
    (its habitual week: 25 km easy flat) gives dose, capacity and overload index; the outputs are
    the peak and last overload index of the block and the last week's dose, capacity and distance.

    One :func:`~pfsim.training.weekly_load` call per scenario (a loop over scenarios, ~2 ms each:
    the history model is sequential in weeks); fine for the hundreds of scenarios of a study.
    """
    from dataclasses import replace

    from .. import training as tr
    from ..runner import DEFAULT_ASSUMPTIONS, Runner

    args = np.broadcast_arrays(
        *(
            np.atleast_1d(np.asarray(a, dtype=np.float64))
            for a in (
                weekly_progression_pct,
                hill_share,
                speed_work_share,
                base_km,
                weeks_before,
                weeks_change,
                capacity_time_constant_days,
            )
        )
    )
    n = args[0].size
    out = {k: np.empty(n) for k in LOAD_OUTPUTS}
    runner = Runner()
    for i in range(n):
        r, h, f, base, wb, wc, tau = (float(a.flat[i]) for a in args)
        wb, wc = int(wb), int(wc)
        dist = np.concatenate([np.full(wb, base), base * (1 + r / 100.0) ** np.arange(1, wc + 1)])
        hill = np.concatenate([np.zeros(wb), np.full(wc, h)])
        fast = np.concatenate([np.zeros(wb), np.full(wc, f)])
        hist = tr._history(dist, hill=hill, fast=fast, source="load_block")
        assumptions = replace(DEFAULT_ASSUMPTIONS, capacity_time_constant_days=tau)
        res = tr.weekly_load(hist, runner, assumptions=assumptions)
        block = slice(wb, wb + wc)
        out["peak_overload_index"][i] = res.overload_index[block].max()
        out["final_overload_index"][i] = res.overload_index[-1]
        out["final_dose_MPa_s"][i] = res.dose_MPa_s[-1]
        out["final_capacity_MPa_s"][i] = res.capacity_MPa_s[-1]
        out["final_distance_km"][i] = res.distance_km[-1]
    shape = np.shape(args[0]) if np.ndim(weekly_progression_pct) else ()
    return {k: v.reshape(shape) if shape else v for k, v in out.items()}


def load_timelines(runner=None) -> dict:
    """Weekly dose, capacity and overload index of the named scenarios of :mod:`pfsim.training`.

    Scenarios: steady 25 km/week; a 40 % mileage jump for two weeks with 30 % of it on hills, then
    back; adding 30 % hills; adding 20 % speed work; graded 10 %/week progression with a lighter
    fourth week. Returns ``{label: LoadResult}``.
    """
    from .. import training as tr
    from ..runner import Runner

    rn = Runner() if runner is None else runner
    hist = {
        "steady 25 km/week": tr.steady(weeks=14),
        "+40 % for 2 weeks, 30 % hills, then back": tr.mileage_jump(
            jump_pct=40.0, hill_share_jump=0.3, after="back"
        ),
        "+40 % and hold (flat)": tr.mileage_jump(jump_pct=40.0, after="hold"),
        "add 30 % hills": tr.add_hills(),
        "add 20 % speed work": tr.add_speed_work(),
        "graded +10 %/week, lighter 4th week": tr.graded_progression(weeks=14),
    }
    return {k: tr.weekly_load(h, rn) for k, h in hist.items()}


def load_study(
    out_dir=None,
    *,
    weekly_progression_pct=LOAD_PROGRESSION_PCT,
    hill_share=LOAD_HILL_SHARES,
    speed_work_share=LOAD_SPEED_WORK_SHARES,
    base_km: float = 25.0,
    weeks_before: int = 4,
    weeks_change: int = 4,
    figure_format: str = "png",
    dpi: float = 150,
) -> StudyResult:
    """Weekly distance, progression, hills and speed work → dose, capacity and overload index.

    Two parts, both through :mod:`pfsim.training` on the default runner (:class:`pfsim.runner.Runner`;
    dose per km from its stance model, capacity an exponentially weighted load with the assumed
    42-day time constant, overload index = week's dose / capacity brought into the week):

    1. a grid (on the sweep engine) over weekly progression × hill share × speed-work share of a
       training block (:func:`load_block_model`: ``weeks_before`` steady weeks at ``base_km``, then
       ``weeks_change`` weeks of progression) → peak and final overload index, final dose and
       capacity;
    2. the weekly time courses of named scenarios (:func:`load_timelines`: steady, mileage jumps,
       adding hills or speed work, graded progression), written as ``load_timelines.csv``.

    The overload index is a model quantity relative to the runner's own adapted load (1 at a
    steady load); no injury threshold is implied (none is cited). Hills and speed work change the
    dose only through the stance model's per-km dose at those speeds and slopes.

    Returns
    -------
    StudyResult
        ``table``: the grid (inputs and :data:`LOAD_OUTPUTS`); ``table.meta["timelines"]`` the
        scenario labels. Files (with ``out_dir``): ``load.png``, ``load.csv`` + ``load.json``,
        ``load_timelines.csv`` + ``load_timelines.json``.

    Examples
    --------
    >>> r = load_study(weekly_progression_pct=[0.0, 10.0], hill_share=[0.0], speed_work_share=[0.0])
    >>> r["peak_overload_index"].round(2)
    array([1.  , 1.34])
    """
    from ..runner import DEFAULT_ASSUMPTIONS
    from ..sweep import Input, Problem, Table, grid_design, run_sweep

    problem = Problem(
        [
            Input("weekly_progression_pct", unit="%/week", levels=list(weekly_progression_pct)),
            Input("hill_share", unit="1", levels=list(hill_share)),
            Input("speed_work_share", unit="1", levels=list(speed_work_share)),
        ],
        constants={
            "base_km": base_km,
            "weeks_before": weeks_before,
            "weeks_change": weeks_change,
            "capacity_time_constant_days": DEFAULT_ASSUMPTIONS.capacity_time_constant_days,
        },
        outputs=LOAD_OUTPUTS,
        name="load",
        description="training block: weekly progression x hills x speed work (pfsim.training)",
    )
    with _quiet():
        res = run_sweep(load_block_model, grid_design(problem))
        timelines = load_timelines()
    cols = {k: res[k] for k in problem.names}
    cols.update({k: res[k] for k in LOAD_OUTPUTS})
    table = Table(
        cols,
        title="Load: progression, hills and speed work vs overload index",
        meta={
            "study": "load",
            "model": "pfsim.studies.load_block_model (pfsim.training.weekly_load)",
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "design_sha256": res.design.sha256,
            "assumptions": DEFAULT_ASSUMPTIONS.to_dict(),
            "timelines": list(timelines),
            "note": "model predictions; overload index relative to the runner's adapted load, "
            "no injury threshold implied",
        },
        units={
            "weekly_progression_pct": "%/week",
            "hill_share": "1",
            "speed_work_share": "1",
            **LOAD_OUTPUTS,
        },
    )
    table._timelines = timelines
    result = _finish(
        "load",
        table,
        lambda t: _load_figure(t, timelines),
        out_dir,
        res,
        figure_format=figure_format,
        dpi=dpi,
    )
    if out_dir is not None:
        tl = _timeline_table(timelines)
        path = tl.to_csv(Path(out_dir) / "load_timelines.csv")
        result.paths += [path, path.with_suffix(".json")]
    return result


def _timeline_table(timelines: dict):
    from ..sweep import Table

    rows = {k: [] for k in ("scenario",)}
    cols = {
        k: [] for k in ("week", "distance_km", "dose_MPa_s", "capacity_MPa_s", "overload_index")
    }
    for label, r in timelines.items():
        rows["scenario"] += [label] * len(r.week)
        for k in cols:
            cols[k] += list(np.asarray(getattr(r, k), dtype=float))
    return Table(
        {**rows, **{k: np.asarray(v) for k, v in cols.items()}},
        title="Load: weekly time courses of the pfsim.training scenarios",
        meta={"study": "load", "part": "timelines"},
        units={
            "week": "1",
            "distance_km": "km",
            "dose_MPa_s": "MPa·s",
            "capacity_MPa_s": "MPa·s",
            "overload_index": "1",
        },
    )


def load_figure(table, timelines: dict | None = None):
    """The three panels of :func:`load_study` (:func:`pfsim.plotting.studies.load_figure`).

    Parameters
    ----------
    table : pfsim.sweep.Table or StudyResult
        The load grid (``load_study(...).table``).
    timelines : dict, optional
        ``{label: LoadResult}``; default: the ones :func:`load_study` attached to the table, else
        :func:`load_timelines` computed here (the plotting function itself makes no model call).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if timelines is None and not getattr(getattr(table, "table", table), "_timelines", None):
        timelines = load_timelines()
    return _load_figure(table, timelines)
