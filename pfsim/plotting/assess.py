"""Figures of an individual assessment (:func:`pfsim.assess.assess`).

- :func:`plot_attribution_waterfall`: reference → each group's Shapley share → runner, for one
  outcome, with the 90 % interval of each share over the assumption draws;
- :func:`plot_interventions`: predicted change of one outcome per intervention (nominal bar, median
  and 90 % interval), with the probability of ranking first;
- :func:`plot_plan`: the history's weekly distance and overload index, then the plan's.

They draw the numbers of the :class:`~pfsim.assess.Assessment` they are given and make no model call.
"""

from __future__ import annotations

import numpy as np

from .joint import OKABE_ITO

__all__ = [
    "plot_attribution_waterfall",
    "plot_interventions",
    "plot_plan",
    "assessment_figures",
]


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _label(outcome: str) -> str:
    from ..assess import OUTCOME_LABELS

    return OUTCOME_LABELS.get(outcome, outcome)


def plot_attribution_waterfall(assessment, outcome: str | None = None, ax=None):
    """Waterfall of one outcome: reference, each group's share (with its 90 % interval), runner.

    Parameters
    ----------
    assessment : pfsim.assess.Assessment
    outcome : str, optional
        Default the primary outcome.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..assess import GROUP_LABELS

    a = assessment
    outcome = outcome or a.primary_outcome
    k = a.outcomes.index(outcome)
    ax = _axes(ax, (7.5, 4.2))
    _, lo, hi = a.interval(a.contribution_draws, a.contributions)
    ref, run = float(a.reference_value[k]), float(a.runner_value[k])
    shares = a.contributions[k]
    labels = ["reference", *(GROUP_LABELS[g] for g in a.groups), "runner"]
    x = np.arange(len(labels))
    level = ref
    ax.bar(0, ref, color="0.6", width=0.6)
    seen = [ref, run]
    for i, s in enumerate(shares, start=1):
        color = OKABE_ITO[1] if s > 0 else OKABE_ITO[2]
        ax.bar(i, s, bottom=level, color=color, width=0.6)
        ends = [level + float(lo[k, i - 1]), level + float(hi[k, i - 1])]
        ax.plot([i, i], ends, color="k", lw=1)
        ax.plot(
            [i - 0.08, i + 0.08, np.nan, i - 0.08, i + 0.08],
            [ends[0]] * 2 + [np.nan] + [ends[1]] * 2,
            color="k",
            lw=1,
        )
        seen += [level, level + s, *ends]
        level += s
    ax.bar(len(labels) - 1, run, color="0.3", width=0.6)
    seen = np.asarray(seen, float)
    seen = seen[np.isfinite(seen)]
    if seen.size:
        span = max(float(np.ptp(seen)), 1e-6 * max(abs(ref), 1.0))
        ax.set_ylim(float(seen.min()) - 0.25 * span, float(seen.max()) + 0.25 * span)
    ax.axhline(ref, color="0.6", lw=0.8, ls=":")
    ax.set_xticks(x, labels, rotation=30, ha="right")
    ax.set_ylabel(_label(outcome))
    ax.set_title(
        f"{a.runner.name}: excess {run - ref:+.3g} over {a.reference.name}\n"
        f"exact Shapley shares; whiskers: 90 % over {a.n_draws} assumption draws; "
        "the axis does not start at 0",
        fontsize=9,
    )
    return ax


def plot_interventions(assessment, outcome: str | None = None, ax=None):
    """Predicted change of one outcome per intervention, ranked, with intervals and P(first).

    Returns
    -------
    matplotlib.axes.Axes
    """
    a = assessment
    outcome = outcome or a.primary_outcome
    k = a.outcomes.index(outcome)
    ax = _axes(ax, (7.5, 4.2))
    med, lo, hi = a.interval(a.change_draws, a.change)
    y = np.arange(len(a.interventions))[::-1]
    ax.barh(y, a.change[k], color=OKABE_ITO[4], height=0.6, label="default assumptions")
    ax.errorbar(
        med[k],
        y,
        xerr=[np.maximum(med[k] - lo[k], 0), np.maximum(hi[k] - med[k], 0)],
        fmt="o",
        color="k",
        ms=3,
        capsize=3,
        lw=1,
        label=f"median, 90 % over {a.n_draws} draws",
    )
    ax.axvline(0.0, color="0.4", lw=0.8)
    ax.set_yticks(
        y, [f"{n}  (P first {p:.2f})" for n, p in zip(a.interventions, a.p_best, strict=True)]
    )
    ax.set_xlabel(f"change of {_label(outcome)}")
    ax.set_title(f"{a.runner.name}: interventions ranked (best first)", fontsize=9)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    return ax


def plot_plan(assessment, ax=None):
    """Weekly distance (bars: history grey, plan coloured) and overload index (line, right axis).

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The distance axes and the index axes.
    """
    a = assessment
    if a.plan_week is None:
        raise ValueError("the assessment has no plan: assess with a history (history=...).")
    ax = _axes(ax, (7.5, 4.0))
    ax.bar(a.history_week, a.history_distance_km, color="0.7", label="history")
    ax.bar(a.plan_week, a.plan_distance_km, color=OKABE_ITO[0], label="plan")
    ax.set_xlabel("week")
    ax.set_ylabel("weekly distance [km]")
    right = ax.twinx()
    right.plot(a.history_week, a.history_overload_index, "k.-", label="overload index (history)")
    right.plot(
        a.plan_week, a.plan_overload_index, ".-", color=OKABE_ITO[1], label="overload index (plan)"
    )
    right.axhline(
        a.threshold, color=OKABE_ITO[1], ls="--", lw=0.8, label=f"threshold {a.threshold:g}"
    )
    right.set_ylabel("overload index [-]")
    applied = ", ".join(a.plan_interventions) or "no intervention"
    ax.set_title(
        f"{a.runner.name}: plan to {a.plan_target_km:g} km/week with {applied}", fontsize=9
    )
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left")
    return ax, right


def assessment_figures(assessment) -> dict:
    """Name → Figure of every figure of an assessment (the plan only with a history)."""
    out = {
        "attribution": plot_attribution_waterfall(assessment).figure,
        "interventions": plot_interventions(assessment).figure,
    }
    if assessment.plan_week is not None and len(assessment.plan_week):
        out["plan"] = plot_plan(assessment)[0].figure
    return out
