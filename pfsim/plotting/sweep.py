"""Figures of sensitivity tables. matplotlib is imported lazily; functions take ``ax=None``, return ``ax``.

Colours are the Okabe & Ito (2008) colour-blind-safe palette, and the two series also differ by hatch,
so the figures read in greyscale.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_sobol", "plot_tornado"]

#: Okabe M, Ito K (2008). Color Universal Design (CUD): how to make figures and presentations that are
#: friendly to colorblind people. https://jfly.uni-koeln.de/color/ (same order as pfsim.plotting).
from .joint import OKABE_ITO


def _axes(ax, n_rows: int):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 1.6 + 0.6 * n_rows), layout="constrained")
    return ax


def _legend_below(ax, ncol: int):
    """Legend under the axes, where it cannot hide a bar."""
    ax.legend(
        fontsize="small", frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=ncol
    )


def _label(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


def _pick_output(table, output, analysis: str):
    if table.meta.get("analysis") != analysis:
        raise ValueError(
            f"this plot needs the table of {analysis}_analysis (got a "
            f"{table.meta.get('analysis', 'different')} table)."
        )
    outs = list(dict.fromkeys(table["output"]))
    if output is None:
        output = outs[0]
    if output not in outs:
        raise ValueError(f"no output {output!r} in the table; outputs are {outs}.")
    return output, table.select(output=output), table.meta.get("output_units", {}).get(output, "")


def plot_sobol(table, output: str | None = None, ax=None):
    """Horizontal bars of first-order and total Sobol' indices, with their confidence intervals.

    Parameters
    ----------
    table : Table
        From :func:`pfsim.sweep.sobol_analysis`.
    output : str, optional
        Which output (default: the first).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from pfsim.sweep import sobol_analysis
    >>> from pfsim.sweep.functions import ishigami, ishigami_problem
    >>> ax = plot_sobol(sobol_analysis(ishigami, ishigami_problem(), n=64, confidence_level=None))
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    output, t, unit = _pick_output(table, output, "sobol")
    k = len(t)
    ax = _axes(ax, k)
    y = np.arange(k)[::-1].astype(float)  # first input on top
    h = 0.38
    series = [
        ("first_order", "First-order $S_i$ (alone)", OKABE_ITO[0], None, +h / 2),
        ("total_order", "Total $S_{Ti}$ (with interactions)", OKABE_ITO[1], "//", -h / 2),
    ]
    for col, label, colour, hatch, dy in series:
        v = t[col]
        lo, hi = t[f"{col}_low"], t[f"{col}_high"]
        err = None
        if np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)):
            err = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
        ax.barh(
            y + dy,
            v,
            height=h,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            label=label,
            xerr=err,
            error_kw={"ecolor": "black", "elinewidth": 1, "capsize": 3},
        )
    ax.set_yticks(y, [_label(i, u) for i, u in zip(t["input"], t["unit"], strict=True)])
    ax.axvline(0, color="black", lw=0.8)
    lo_lim = min(0.0, float(np.nanmin(np.concatenate([t["first_order"], t["first_order_low"]]))))
    ax.set_xlim(min(lo_lim - 0.02, -0.02), 1.0)
    ax.set_xlabel("Sobol' index [fraction of output variance]")
    cl = table.meta.get("confidence_level")
    ci = f", {cl:.0%} CI" if cl else ""
    ax.set_title(
        f"Sensitivity of {_label(output, unit)} (n = {table.meta.get('n_base')}{ci})",
        loc="left",
        fontsize="medium",
        fontweight="bold",
    )
    ax.grid(True, axis="x", alpha=0.3)
    _legend_below(ax, ncol=2)
    return ax


def plot_tornado(table, output: str | None = None, ax=None):
    """Tornado diagram: the output with each input at its low and high value, largest swing on top.

    Bars start at the baseline output; each y label gives the input, its unit and its low-high range.

    Parameters
    ----------
    table : Table
        From :func:`pfsim.sweep.tornado_analysis`.
    output : str, optional
        Which output (default: the first).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem, tornado_analysis
    >>> p = Problem([Input("a", bounds=(0, 1)), Input("b", bounds=(0, 10))])
    >>> ax = plot_tornado(tornado_analysis(lambda a, b: {"y": a + b}, p))
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    output, t, unit = _pick_output(table, output, "tornado")
    k = len(t)
    ax = _axes(ax, k)
    y = np.arange(k)[::-1].astype(float)
    base = float(t["output_baseline"][0])
    for col, label, colour, hatch in (
        ("output_at_low", "Input at its low value", OKABE_ITO[0], None),
        ("output_at_high", "Input at its high value", OKABE_ITO[1], "//"),
    ):
        ax.barh(
            y,
            t[col] - base,
            left=base,
            height=0.6,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            label=label,
            alpha=0.9,
        )
    labels = [
        f"{_label(i, u)}\n{lo:.4g} – {hi:.4g}"
        for i, u, lo, hi in zip(t["input"], t["unit"], t["low_value"], t["high_value"], strict=True)
    ]
    ax.set_yticks(y, labels, fontsize="small")
    ax.axvline(
        base, color="black", lw=1, label=f"Baseline: {base:.4g}" + (f" {unit}" if unit else "")
    )
    ax.set_xlabel(_label(output, unit))
    ax.set_title(
        f"One-at-a-time sensitivity of {output}", loc="left", fontsize="medium", fontweight="bold"
    )
    ax.grid(True, axis="x", alpha=0.3)
    _legend_below(ax, ncol=3)
    return ax
