"""An :class:`~pfsim.assess.Assessment` as text: the terminal report, the Markdown report, the tables.

No figures here (matplotlib lives in :mod:`pfsim.plotting`; :func:`pfsim.plotting.assessment_figures`
draws them and ``pfsim assess --out`` links them from the Markdown).
"""

from __future__ import annotations

import numpy as np

from .core import INTERVAL, Assessment
from .evaluate import OUTCOME_LABELS
from .groups import GROUP_LABELS

__all__ = ["text_report", "markdown_report", "tables"]


def _f(x, digits=3) -> str:
    x = float(x)
    return "nan" if not np.isfinite(x) else f"{x:.{digits}g}"


def _lines(a: Assessment, md: bool) -> list[str]:
    k = a.outcomes.index(a.primary_outcome)
    c_med, c_lo, c_hi = a.interval(a.contribution_draws, a.contributions)
    d_med, d_lo, d_hi = a.interval(a.change_draws, a.change)
    bar = "| " if md else "  "
    sep = " | " if md else "  "
    end = " |" if md else ""
    pct = f"{INTERVAL[1] - INTERVAL[0]:g} %"
    out = []
    out.append(f"Outcomes of {a.runner.name!r} against {a.reference.name!r}:")
    out.append("")
    head = ["outcome", "runner", "reference", "excess"]
    out += _table(head, [
        [OUTCOME_LABELS[o], _f(a.runner_value[i]), _f(a.reference_value[i]), _f(a.excess[i])]
        for i, o in enumerate(a.outcomes)
    ], bar, sep, end, md)  # fmt: skip
    out.append("")
    out.append(
        f"Attribution of the excess of the primary outcome, {OUTCOME_LABELS[a.primary_outcome]} "
        f"(exact Shapley values; median and {pct} interval over {a.n_draws} assumption draws):"
    )
    out.append("")
    rows = []
    for i, g in enumerate(a.groups):
        rows.append(
            [GROUP_LABELS[g], _f(a.contributions[k, i]), _f(c_med[k, i]),
             f"{_f(c_lo[k, i])} to {_f(c_hi[k, i])}"]
        )  # fmt: skip
    out += _table(["group", "share", "median", pct], rows, bar, sep, end, md)
    out.append("")
    out.append("Interventions, ranked by the predicted change of the primary outcome:")
    out.append("")
    rows = []
    for j, name in enumerate(a.interventions):
        rows.append(
            [str(j + 1), name, _f(a.change[k, j]), _f(d_med[k, j]),
             f"{_f(d_lo[k, j])} to {_f(d_hi[k, j])}", f"{a.p_best[j]:.2f}"]
        )  # fmt: skip
    out += _table(
        ["rank", "intervention", "change", "median", pct, "P(first)"], rows, bar, sep, end, md
    )
    if a.plan_week is not None and len(a.plan_week):
        out.append("")
        applied = ", ".join(a.plan_interventions) or "none"
        reach = "reached" if a.plan_reached else "not reached within 52 weeks"
        out.append(
            f"Plan to {a.plan_target_km:g} km/week ({reach}), overload index ≤ {a.threshold:g}, "
            f"with: {applied}:"
        )
        out.append("")
        rows = [
            [str(int(w)), _f(d, 4), _f(x)]
            for w, d, x in zip(a.plan_week, a.plan_distance_km, a.plan_overload_index, strict=True)
        ]
        out += _table(["week", "distance_km", "overload index"], rows, bar, sep, end, md)
    return out


def _table(head, rows, bar, sep, end, md) -> list[str]:
    if md:
        lines = [bar + sep.join(head) + end, bar + sep.join("---" for _ in head) + end]
        return lines + [bar + sep.join(r) + end for r in rows]
    width = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    fmt = lambda r: bar + sep.join(c.ljust(w) for c, w in zip(r, width, strict=True))  # noqa: E731
    return [fmt(head)] + [fmt(r) for r in rows]


def text_report(a: Assessment) -> str:
    """The terminal report of ``pfsim assess``."""
    top = a.top_contributor or "none (no group raises it)"
    first = a.top_intervention or "none (no intervention lowers it)"
    head = [
        f"pfsim assess: {a.runner.name!r}"
        + (f", history {a.history_source}" if a.history_source else ""),
        f"  primary outcome: {a.primary_outcome}; top contributor: {top}; first intervention: "
        f"{first}",
        "",
    ]
    return "\n".join(head + _lines(a, md=False)) + "\n"


def markdown_report(a: Assessment, figures: dict[str, str] | None = None, provenance=None) -> str:
    """The Markdown report (``report.md`` of ``pfsim assess --out``), figures linked by file name."""
    figures = figures or {}
    out = [f"# Assessment of {a.runner.name!r}", ""]
    out.append(
        f"Primary outcome: **{OUTCOME_LABELS[a.primary_outcome]}**. Top contributor: "
        f"**{a.top_contributor or 'none'}**. First intervention: "
        f"**{a.top_intervention or 'none'}**."
    )
    out.append("")
    out += _lines(a, md=True)
    for title, name in figures.items():
        out += ["", f"![{title}]({name})"]
    out += ["", "## Evidence and input change of each intervention", ""]
    for j, name in enumerate(a.interventions):
        out.append(f"- **{name}**: {a.change_text[j]}. Evidence: {a.evidence[j]}.")
    out += ["", "## Provenance", ""]
    for key, value in (provenance or {}).items():
        out.append(f"- {key}: `{value}`")
    out.append("")
    out.append(
        "Model predictions of pfsim (a reduced patellofemoral model), not clinical advice; see "
        "pfsim.assess for the method and its assumptions."
    )
    return "\n".join(out) + "\n"


def tables(a: Assessment) -> dict[str, dict[str, np.ndarray]]:
    """CSV-ready columns: ``contributions``, ``interventions`` and (with a history) ``plan``."""
    c_med, c_lo, c_hi = a.interval(a.contribution_draws, a.contributions)
    d_med, d_lo, d_hi = a.interval(a.change_draws, a.change)
    n_o, n_g = a.contributions.shape
    n_i = len(a.interventions)
    out = {
        "contributions": {
            "outcome": np.repeat(np.array(a.outcomes), n_g),
            "group": np.tile(np.array(a.groups), n_o),
            "share": a.contributions.ravel(),
            "median": np.asarray(c_med).ravel(),
            "low": np.asarray(c_lo).ravel(),
            "high": np.asarray(c_hi).ravel(),
        },
        "interventions": {
            "outcome": np.repeat(np.array(a.outcomes), n_i),
            "intervention": np.tile(np.array(a.interventions), n_o),
            "rank": np.tile(np.arange(1, n_i + 1), n_o),
            "change": a.change.ravel(),
            "median": np.asarray(d_med).ravel(),
            "low": np.asarray(d_lo).ravel(),
            "high": np.asarray(d_hi).ravel(),
            "p_best": np.tile(a.p_best, n_o),
        },
    }
    if a.plan_week is not None:
        out["plan"] = {
            "week": np.asarray(a.plan_week, dtype=np.int64),
            "distance_km": a.plan_distance_km,
            "overload_index": a.plan_overload_index,
        }
    return out
