"""Figures of pfsim's result objects, and the ``.plot()`` dispatch of :class:`pfsim._results.LabelledResult`.

The result classes sit below :mod:`pfsim.plotting` in the layer table, so ``result.plot()`` binds late
(like pandas' ``DataFrame.plot`` and its plotting backend): it imports :mod:`pfsim.plotting` when
called and hands itself to :func:`plot_result`, which picks the figure for the result's type.

- :class:`pfsim.gait.StanceResult` -> :func:`stance_figure` (a :class:`~matplotlib.figure.Figure`);
- :class:`pfsim.joint.JointLoad` -> :func:`plot_joint_load` (one axes: ``y`` against ``x``);
- :class:`pfsim.training.LoadResult` -> :func:`plot_load_result` (dose and capacity, overload index).

A :class:`pfsim.gait.StanceSummary` (a handful of per-step and per-km numbers) has no natural figure.
"""

from __future__ import annotations

import numpy as np

from .._results import _UNIT_SUFFIXES, unit_of
from .assess import plot_attribution_waterfall
from .joint import LINESTYLES, OKABE_ITO
from .studies import plot_dose_capacity, plot_overload_timelines

__all__ = [
    "MAX_STANCE_SCENARIOS",
    "plot_joint_load",
    "plot_load_result",
    "plot_result",
    "stance_figure",
]

#: The most scenarios :func:`stance_figure` draws (the first ones; the figure says how many it left out).
MAX_STANCE_SCENARIOS = 5

_NAMES = {
    "knee_flexion_deg": "Knee flexion",
    "knee_extension_moment_Nm": "Knee extension moment",
    "joint_reaction_force_N": "PFJRF",
    "contact_stress_MPa": "Mean contact stress",
    "lateral_facet_stress_MPa": "Lateral facet stress",
    "quad_force_N": "Quadriceps force",
    "contact_area_mm2": "Contact area",
    "time_s": "Time from foot strike",
}


def axis_label(name: str) -> str:
    """``"contact_stress_MPa"`` -> ``"Mean contact stress [MPa]"``: a name and its unit."""
    unit = unit_of(name) or "-"
    if name in _NAMES:
        return f"{_NAMES[name]} [{unit}]"
    suffix = next((s for s, _ in _UNIT_SUFFIXES if name.endswith(s)), "")
    words = name[: len(name) - len(suffix)].replace("_", " ")
    return f"{words[:1].upper()}{words[1:]} [{unit}]"


def _axes(ax, figsize=(5, 3.6)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


# ------------------------------------------------------------------------------------------------
def plot_joint_load(load, x: str = "knee_flexion_deg", y: str = "contact_stress_MPa", ax=None):
    """One output of a :class:`pfsim.joint.JointLoad` against another, for a 1-D result.

    Parameters
    ----------
    load : JointLoad
        A curve: the result of a call over one axis (e.g. knee angles). A grid (more than one
        dimension) is refused: select a row first (``pfsim.patellofemoral_load(theta, F[i])``).
    x, y : str
        Field names of the result (``"knee_flexion_deg"``, ``"joint_reaction_force_N"``,
        ``"contact_area_mm2"``, ``"lateral_facet_stress_MPa"``, ...).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: new axes on a new pyplot figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    fields = load._arrays()
    for arg, name in (("x", x), ("y", y)):
        if name not in fields:
            raise ValueError(
                f"{arg}={name!r} is not a field of this JointLoad; choose one of {sorted(fields)}"
            )
    xs, ys = np.broadcast_arrays(np.asarray(fields[x], float), np.asarray(fields[y], float))
    if xs.ndim > 1:
        raise ValueError(
            f"JointLoad.plot draws a curve, but this result is a {xs.ndim}-D grid of shape "
            f"{xs.shape}: select a row (call pfsim.patellofemoral_load for one row of the grid, "
            "or draw result.to_pandas() yourself)"
        )
    ax = _axes(ax)
    ax.plot(
        np.atleast_1d(xs),
        np.atleast_1d(ys),
        color=OKABE_ITO[0],
        lw=2,
        marker="." if xs.size < 3 else None,
    )
    ax.set_xlabel(axis_label(x))
    ax.set_ylabel(axis_label(y))
    ax.set_title(f"{load.model} model, {load.area_fit} area fit", loc="left", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return ax


# ------------------------------------------------------------------------------------------------
def _scenario_labels(result, n: int) -> list[str]:
    """One label per scenario: the speed and step rate where they vary, else ``scenario i``."""
    parts = []
    for name, fmt in (("speed_m_s", "{:.3g} m/s"), ("step_rate_spm", "{:.0f} steps/min")):
        v = getattr(result, name)
        if v is None:
            continue
        v = np.broadcast_to(np.asarray(v, float), result.scenario_shape).reshape(-1)
        if np.all(np.isfinite(v)) and (n == 1 or np.ptp(v) > 0):
            parts.append([fmt.format(x) for x in v])
    if not parts:
        return [f"scenario {i}" for i in range(n)]
    return [", ".join(p[i] for p in parts) for i in range(n)]


def _stance_rows(result, name: str) -> np.ndarray:
    a = getattr(result, name)
    return None if a is None else np.asarray(a, float).reshape(-1, np.shape(result.time_s)[-1])


def stance_figure(result, ax=None, max_scenarios: int = MAX_STANCE_SCENARIOS):
    """The stance time course of a :class:`pfsim.gait.StanceResult`: four panels against time [s].

    Knee flexion [deg], knee extension moment [N·m], PFJRF [N] and contact stress [MPa] (the
    lateral facet stress dashed, when the joint model gave it); one line per scenario, the first
    ``max_scenarios`` of them (the title says how many were left out).

    Parameters
    ----------
    result : StanceResult
    ax : sequence of 4 matplotlib.axes.Axes, optional
        The four panels to draw on (default: a new pyplot figure of 2 × 2 panels).
    max_scenarios : int
        The most scenarios drawn.

    Returns
    -------
    matplotlib.figure.Figure
        The figure of the panels (``fig.axes``).
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(2, 2, figsize=(9, 6), sharex=True, layout="constrained")
        axes = list(axes.flat)
    else:
        axes = list(np.ravel(ax))
        if len(axes) != 4:
            raise ValueError(f"ax: stance_figure draws 4 panels; got {len(axes)} axes")
        fig = axes[0].figure
    t = _stance_rows(result, "time_s")
    n = t.shape[0]
    shown = min(n, max_scenarios)
    labels = _scenario_labels(result, n)
    lateral = _stance_rows(result, "lateral_facet_stress_MPa")
    names = ("knee_flexion_deg", "knee_extension_moment_Nm", "joint_reaction_force_N")
    for panel, name in zip(axes, (*names, "contact_stress_MPa"), strict=True):
        rows = _stance_rows(result, name)
        for i in range(shown):
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            label = labels[i] if n > 1 and panel is axes[0] else None
            panel.plot(t[i], rows[i], color=colour, lw=2, label=label)
            if name == "contact_stress_MPa" and lateral is not None:
                panel.plot(t[i], lateral[i], color=colour, lw=1.5, ls=LINESTYLES[1])
        panel.set_ylabel(axis_label(name))
        panel.grid(True, alpha=0.3)
    for panel in axes[2:]:
        panel.set_xlabel(axis_label("time_s"))
    if lateral is not None:
        axes[3].set_ylabel("Contact stress [MPa]")
        axes[3].plot([], [], color="0.3", lw=2, label="mean")
        axes[3].plot([], [], color="0.3", lw=1.5, ls=LINESTYLES[1], label="lateral facet")
        axes[3].legend(frameon=False, fontsize="small")
    if n > 1:
        axes[0].legend(frameon=False, fontsize="small")
    if shown < n:
        fig.suptitle(f"First {shown} of {n} scenarios shown", fontsize="medium")
    elif n == 1 and labels[0] != "scenario 0":
        fig.suptitle(f"Stance at {labels[0]}", fontsize="medium")
    return fig


# ------------------------------------------------------------------------------------------------
def plot_load_result(result, ax=None, label: str = "weekly load"):
    """Weekly dose and capacity, and the overload index, of a :class:`pfsim.training.LoadResult`.

    Parameters
    ----------
    result : LoadResult
    ax : matplotlib.axes.Axes or sequence of 2 Axes, optional
        Two axes: dose and capacity on the first, the overload index on the second. One axes:
        both on it, the overload index on a twin right-hand axis. Default: a new pyplot figure of
        two panels sharing the week axis.
    label : str
        The title of the dose panel and the name of the line of overload index.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        (dose and capacity axes, overload index axes).
    """
    twin = ax is not None and np.ndim(ax) == 0
    if ax is None:
        import matplotlib.pyplot as plt

        _, (top, bottom) = plt.subplots(2, 1, figsize=(6, 6), sharex=True, layout="constrained")
    elif twin:
        top, bottom = ax, ax.twinx()
    else:
        top, bottom = np.ravel(ax)
    timelines = {label: result}
    plot_dose_capacity(timelines, label=label, ax=top, colour=OKABE_ITO[0])
    plot_overload_timelines(timelines, ax=bottom)
    bottom.get_legend().remove()  # one line: its axis label names it
    if twin:  # keep the legend's band at the top free of the index line
        bottom.set_xlabel("")
        bottom.grid(False)
        lo, hi = np.nanmin(result.overload_index), np.nanmax(result.overload_index)
        span = max(hi - lo, 0.1)
        bottom.set_ylim(lo - 0.05 * span, hi + 0.45 * span)
    else:
        top.set_xlabel("")
    return top, bottom


# ------------------------------------------------------------------------------------------------
_DISPATCH = {
    "StanceResult": stance_figure,
    "JointLoad": plot_joint_load,
    "LoadResult": plot_load_result,
    "Assessment": plot_attribution_waterfall,
}


def plot_result(result, ax=None, **kwargs):
    """The natural figure of a pfsim result: what ``result.plot(ax=None, **kwargs)`` calls.

    Dispatches on the result's type name: ``StanceResult`` -> :func:`stance_figure`, ``JointLoad``
    -> :func:`plot_joint_load`, ``LoadResult`` -> :func:`plot_load_result`, ``Assessment`` ->
    :func:`plot_attribution_waterfall` (``outcome=`` picks the outcome; default the primary one).

    Raises
    ------
    TypeError
        For a result with no natural figure (a ``StanceSummary``, for one).
    """
    name = type(result).__name__
    draw = _DISPATCH.get(name)
    if draw is None:
        known = ", ".join(f"{k} -> pfsim.plotting.{f.__name__}" for k, f in _DISPATCH.items())
        raise TypeError(
            f"a {name} has no natural figure to plot(); convert it (to_dict(), to_pandas()) and "
            f"draw what you need. The result figures are: {known}"
        )
    return draw(result, ax=ax, **kwargs)
