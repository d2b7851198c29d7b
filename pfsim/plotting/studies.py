"""Figures of the mission studies (:mod:`pfsim.studies`): cadence, strength, load, sensitivity, demo.

Every function here draws data it is given (a study's :class:`pfsim.sweep.Table`, or the time courses
of :func:`pfsim.studies.load_timelines`) and makes no model call: the studies compute, then call these.
``plot_*`` functions take ``ax=None`` and return the axes; ``*_figure`` functions build a
:class:`matplotlib.figure.Figure` (no pyplot, so no backend is involved) and return it, for
:func:`pfsim.plotting.save_figure`.

Figures use the Okabe & Ito (2008) colour-blind-safe palette with distinct line styles and markers.
"""

from __future__ import annotations

import numpy as np

from .joint import LINESTYLES, OKABE_ITO, plot_frontal_free_body

__all__ = [
    "MARKERS",
    "cadence_figure",
    "frontal_demo_figure",
    "load_figure",
    "plot_cadence",
    "plot_dose_capacity",
    "plot_load_grid",
    "plot_overload_timelines",
    "plot_profile_sensitivity",
    "plot_quadriceps_demand",
    "plot_scenario_vs_steady",
    "plot_load_grid_change",
    "plot_strength",
    "sensitivity_figure",
    "strength_figure",
]


def _okabe_ito():
    return OKABE_ITO, LINESTYLES


def _axes(ax, figsize=(5, 3.6)):
    """The given axes, or new ones on a new pyplot figure (for interactive use)."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _figure(**kw):
    """A new :class:`matplotlib.figure.Figure`, not registered with pyplot (no backend involved)."""
    from matplotlib.figure import Figure

    return Figure(**kw)


def _table(data):
    """A study's table from a :class:`pfsim.studies.StudyResult` or the table itself."""
    return getattr(data, "table", data)


# ------------------------------------------------------------------------------------------------
# Shared
# ------------------------------------------------------------------------------------------------
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def _label(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


_PRETTY = {
    "peak_contact_stress_MPa": "Peak mean contact stress",
    "peak_lateral_facet_stress_MPa": "Peak lateral facet stress",
    "stress_time_integral_per_step_MPa_s": "Stress dose per step (one stance)",
    "stress_time_integral_per_km_MPa_s": "Stress dose per km (one knee)",
    "lateral_facet_stress_time_integral_per_km_MPa_s": "Lateral facet dose per km",
    "peak_hip_adduction_deg": "Peak hip adduction",
    "peak_lateral_force_bw": "Peak lateral load on the patella",
    "off_groove_fraction": "Share of stance off the groove",
}


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


# ------------------------------------------------------------------------------------------------
# Cadence
# ------------------------------------------------------------------------------------------------
def plot_cadence(table, output: str = "peak_contact_stress_MPa", ax=None):
    """One output of :func:`pfsim.studies.cadence_study` against step-rate change, one line per speed.

    Parameters
    ----------
    table : Table or StudyResult
        ``cadence_study(...).table``.
    output : str
        A column of the table (e.g. ``"stress_time_integral_per_km_MPa_s"``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = _table(table)
    colours, styles = _okabe_ito()
    ax = _axes(ax)
    speed = np.asarray(table["speed_m_s"])
    x = np.asarray(table["step_rate_change_pct"])
    y = np.asarray(table[output])
    for i, v in enumerate(np.unique(speed)):
        m = speed == v
        order = np.argsort(x[m])
        rate0 = table.meta.get("preferred_step_rate_spm", {}).get(str(float(v)))
        extra = f", preferred {rate0:.0f} steps/min" if rate0 else ""
        ax.plot(
            x[m][order],
            y[m][order],
            color=colours[i % len(colours)],
            ls=styles[i % len(styles)],
            marker=MARKERS[i % len(MARKERS)],
            ms=4,
            lw=1.8,
            label=f"{v:.1f} m/s ({v * 3.6:.1f} km/h{extra})",
        )
    ax.axvline(0.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Step rate change from preferred [%]")
    ax.set_ylabel(_label(_PRETTY.get(output, output), table.units.get(output, "")))
    ax.grid(True, alpha=0.3)
    return ax


def cadence_figure(table):
    """Four panels of :func:`plot_cadence`: peak stress, lateral facet stress, dose per step, per km."""
    table = _table(table)
    fig = _figure(figsize=(10, 7.8), layout="constrained")
    axs = fig.subplots(2, 2)
    panels = (
        "peak_contact_stress_MPa",
        "peak_lateral_facet_stress_MPa",
        "stress_time_integral_per_step_MPa_s",
        "stress_time_integral_per_km_MPa_s",
    )
    for ax, out in zip(axs.flat, panels, strict=True):
        plot_cadence(table, out, ax=ax)
    handles, labels = axs[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
    fig.suptitle(
        "Cadence: step rate vs patellofemoral stress at constant speed "
        f"({table.meta['runner']['body_mass_kg']:g} kg, {table.meta['runner']['height_m']:g} m; "
        "model predictions)"
    )
    return fig


# ------------------------------------------------------------------------------------------------
# Strength
# ------------------------------------------------------------------------------------------------
#: Why an output of the strength study is the same for every VMO activation (shown in the panel).
_SAME_FOR_VMO = {
    "peak_hip_adduction_deg": "the VMO acts at the knee, not at the hip",
    "peak_contact_stress_MPa": "in the model the VMO and the hip abductors act only in the frontal "
    "plane: they shift stress between the facets, not the total force or the contact area",
    "stress_time_integral_per_km_MPa_s": "in the model the VMO and the hip abductors act only in "
    "the frontal plane: they shift stress between the facets, not the total force or the contact "
    "area",
}


#: Colours of the strength figure's lines that are not split by VMO level (Okabe-Ito black, grey).
_NEUTRAL = ("#000000", "#7F7F7F")


def plot_strength(
    table,
    output: str,
    *,
    by: str = "vmo_activation",
    ax=None,
    legend: bool = True,
    explain: bool = True,
):
    """An output of :func:`pfsim.studies.strength_study` against hip-abductor strength, one line per ``by`` level.

    Rows where the third capacity is not at 1 (the norm) are left out. Levels whose lines coincide
    exactly are drawn once, labelled with all their levels; when every level gives the same line it
    is drawn in black with a note, and an output that does not vary at all gets a y-axis from 0 and
    a note saying so, instead of an auto-zoomed flat line. ``explain=False`` leaves the reason out
    of the legend (:func:`strength_figure` gives it in its caption).
    """
    table = _table(table)
    ax = _axes(ax)
    name = "VMO activation" if by == "vmo_activation" else by
    levels, curves = _strength_curves(table, output, by)
    groups = _coinciding(curves)
    all_same = len(groups) == 1 and len(levels) > 1
    for g in groups:
        label, style = _strength_line_style(g, levels, name, output, curves, all_same, explain)
        ax.plot(*curves[g[0]], ms=4, lw=1.8, label=label, **style)
    ax.axvline(100.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Hip-abductor strength [% of healthy norm]")
    pretty = {
        "peak_hip_adduction_deg": "Peak hip adduction",
        "peak_lateral_facet_stress_MPa": "Peak lateral facet stress",
        "peak_medial_facet_stress_MPa": "Peak medial facet stress",
        "peak_contact_stress_MPa": "Peak mean contact stress",
    }
    title = pretty.get(output, output)
    ax.set_ylabel(_label(title, table.units.get(output, "")))
    ax.grid(True, alpha=0.3)
    flat = _flat(curves)
    if flat:  # a constant: show it from 0, not on an axis zoomed into rounding noise
        _note_flat_output(ax, curves, output, title, table.units.get(output, ""), name)
    elif not all_same:  # room above the lines for the legend
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.3 * (hi - lo))
    if legend:
        ax.legend(frameon=False, loc="upper right")
    return ax


def _strength_curves(table, output: str, by: str) -> tuple[np.ndarray, list]:
    """The ``by`` levels (descending) and one ``(x, y)`` curve per level of the strength figure.

    ``x`` is the hip-abductor strength in % of the norm (sorted), ``y`` the ``output`` at it; rows
    where the third capacity is not at 1 (the norm) are left out, unless no row has it at 1.
    """
    x = np.asarray(table["hip_abductor_strength_rel"])
    other = "quadriceps_strength_rel" if by == "vmo_activation" else "vmo_activation"
    keep = np.isclose(np.asarray(table[other]), 1.0)
    if not keep.any():
        keep = np.ones_like(x, dtype=bool)
    levels = np.unique(np.asarray(table[by])[keep])[::-1]
    curves = []
    for lv in levels:
        m = keep & np.isclose(np.asarray(table[by]), lv)
        order = np.argsort(x[m])
        curves.append((100 * x[m][order], np.asarray(table[output], dtype=float)[m][order]))
    return levels, curves


def _coinciding(curves) -> list[list[int]]:
    """Indices of the curves grouped by coincidence (same x, y equal to 1e-9 relative), in order."""
    groups: list[list[int]] = []
    for i, (xs, ys) in enumerate(curves):
        for g in groups:
            xg, yg = curves[g[0]]
            if (
                xs.shape == xg.shape
                and np.array_equal(xs, xg)
                and np.allclose(ys, yg, rtol=1e-9, atol=0.0, equal_nan=True)
            ):
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _strength_line_style(g, levels, name: str, output: str, curves, all_same: bool, explain=True):
    """Legend label and line style (colour, line style, marker) of the group ``g`` of levels."""
    colours, styles = _okabe_ito()
    i = g[0]
    if all_same:
        lv = ", ".join(f"{levels[j]:g}" for j in g[:-1]) + f" and {levels[g[-1]]:g}"
        label = f"{name} {lv}:\nidentical lines"
        if explain and output in _SAME_FOR_VMO and not _flat(curves):
            label += f" ({_wrap(_SAME_FOR_VMO[output], 28)})"
        style = {"color": _NEUTRAL[0], "ls": "-", "marker": "o"}
    else:
        lv = ", ".join(f"{levels[j]:g}" for j in g)
        label = f"{name} {lv}" + (" (identical)" if len(g) > 1 else "")
        style = {
            "color": colours[i % len(colours)],
            "ls": styles[i % len(styles)],
            "marker": MARKERS[i % len(MARKERS)],
        }
    return label, style


def _note_flat_output(ax, curves, output: str, title: str, unit: str, name: str) -> None:
    """Y-axis from 0 and a note saying why, for an output that is the same on every curve."""
    y = np.concatenate([c[1] for c in curves])
    v = float(np.nanmean(y))
    lo, hi = (0.0, 1.7 * v) if v > 0 else (1.7 * v, 0.0) if v < 0 else (-1.0, 1.0)
    ax.set_ylim(lo, hi)
    why = _SAME_FOR_VMO.get(output)
    note = f"{title} is {v:.3g} {unit} at every hip-abductor strength and {name}" + (
        f": {why}." if why else "."
    )
    ax.text(
        0.5, 0.05, _wrap(note, 58), transform=ax.transAxes, ha="center", va="bottom", fontsize=9
    )


def _flat(curves) -> bool:
    """True when every finite value of every curve is the same (to 1e-9, relative)."""
    y = np.concatenate([c[1] for c in curves])
    y = y[np.isfinite(y)]
    return y.size > 0 and bool(np.ptp(y) <= 1e-9 * max(abs(float(y.mean())), 1e-300))


def plot_quadriceps_demand(table, ax=None):
    """Share of quadriceps capacity that stance demands against quadriceps strength.

    Drawn in black (and grey): these lines are not split by VMO level (the colours of the strength
    figure's other panels). Peak mean contact stress, relative to the healthy reference, is drawn
    too when it changes with quadriceps strength (in pfsim it does since issue 12: knee flexion under
    load, :func:`pfsim.runner.quadriceps_mechanism`).
    """
    table = _table(table)
    ax = _axes(ax)
    q = np.asarray(table["quadriceps_strength_rel"])
    keep = np.isclose(np.asarray(table["hip_abductor_strength_rel"]), 1.0) & np.isclose(
        np.asarray(table["vmo_activation"]), 1.0
    )
    if not keep.any():
        keep = np.ones_like(q, dtype=bool)
    order = np.argsort(q[keep])
    qs = q[keep][order]
    ax.plot(
        100 * qs,
        100 * np.asarray(table["quadriceps_demand_rel"])[keep][order],
        color=_NEUTRAL[0],
        marker="o",
        lw=1.8,
        label="quadriceps demand / capacity",
    )
    stress = np.asarray(table["peak_contact_stress_MPa"])[keep][order]
    rel = 100 * stress / stress[np.argmin(abs(qs - 1))]
    stress_changes = not np.allclose(rel, 100.0, rtol=1e-9)
    if stress_changes:  # a flat 100 % line shows nothing: left out
        ax.plot(
            100 * qs, rel, color=_NEUTRAL[1], ls="--", marker="s", lw=1.8,
            label="peak mean contact stress",
        )  # fmt: skip
    ax.axhline(100.0, color="0.4", lw=0.8, ls=":")
    ax.axvline(100.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Quadriceps strength [% of healthy norm]")
    ax.grid(True, alpha=0.3)
    if stress_changes:
        ax.set_ylabel("Relative to the healthy reference [%]")
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.25 * (hi - lo))
        ax.legend(frameon=False, loc="upper right")
    else:
        ax.set_ylabel("Quadriceps demand / capacity [% of norm]")
    return ax


def strength_figure(table):
    """The figure of :func:`pfsim.studies.strength_study`: only panels whose output changes.

    Peak hip adduction and the quadriceps' share of capacity (black: the same for every VMO
    level), and the peak lateral and medial facet stress (one colour per VMO activation, on y-axes
    of equal span, so that the shift between the facets reads at a glance). Outputs that do not
    change anywhere in the table get no panel; the caption under the figure gives their value and
    why. Peak mean contact stress changes with quadriceps strength only (panel b).
    """
    table = _table(table)
    fig = _figure(figsize=(10, 8.2), layout="constrained")
    axs = fig.subplots(2, 2)
    plot_strength(table, "peak_hip_adduction_deg", ax=axs[0, 0], explain=False)
    plot_quadriceps_demand(table, ax=axs[0, 1])
    plot_strength(table, "peak_lateral_facet_stress_MPa", ax=axs[1, 0])
    plot_strength(table, "peak_medial_facet_stress_MPa", ax=axs[1, 1])
    _same_span(axs[1, 0], axs[1, 1])
    for ax, letter in zip(axs.flat, "abcd", strict=True):
        ax.set_title(f"({letter})", loc="left", fontsize="medium", fontweight="bold")
    fig.suptitle(
        "Strength: hip-abductor, VMO and quadriceps capacity (model predictions)",
        fontsize="medium",
    )
    fig.supxlabel(_strength_caption(table), x=0.01, ha="left", fontsize=9, linespacing=1.4)
    return fig


def _same_span(*axes) -> None:
    """Give the axes y-limits of the same span (the largest), each around its own centre."""
    lims = [ax.get_ylim() for ax in axes]
    span = max(hi - lo for lo, hi in lims)
    for ax, (lo, hi) in zip(axes, lims, strict=True):
        mid = 0.5 * (lo + hi)
        ax.set_ylim(mid - 0.5 * span, mid + 0.5 * span)


def _strength_caption(table) -> str:
    """The strength figure's footnote: what does not change (with its value), and why."""
    flat = []
    for out in ("peak_contact_stress_MPa", "stress_time_integral_per_km_MPa_s"):
        if out in table.columns:
            y = np.asarray(table[out], dtype=float)
            y = y[np.isfinite(y)]
            if y.size and np.ptp(y) <= 1e-9 * max(abs(float(y.mean())), 1e-300):
                pretty = _PRETTY.get(out, out).lower().replace("(one knee)", "").strip()
                flat.append(f"{pretty} {float(y.mean()):.3g} {table.units.get(out, '')}")
    quad = (
        "(b) quadriceps strength sets knee flexion under load (a weaker, softer knee takes more of "
        "the leg compression), so the mean contact stress follows it; black: share of capacity used."
        if "peak_contact_stress_MPa" in table.columns and not flat
        else "(b) quadriceps strength changes only the share of capacity used."
    )
    lines = [
        "(a) is the same for every VMO activation: the VMO acts at the knee, not at the hip. "
        + quad,
        "(c), (d) colours: VMO activation; the y-axes span the same range. Dotted lines: the "
        "healthy norm. The running pattern is taken to match the strengths.",
    ]
    if flat:
        lines.append(
            f"Unchanged by every strength and VMO level, so not drawn: {' and '.join(flat)}; the "
            "hip abductors and the VMO act in the frontal plane and shift stress between the "
            "facets."
        )
    return "\n".join(_wrap(line, 140) for line in lines)


# ------------------------------------------------------------------------------------------------
# Load
# ------------------------------------------------------------------------------------------------
def _coincidences(series, tol: float = 0.01) -> dict[int, str]:
    """Notes for lines that lie on an earlier one: all weeks, or a run of 2+ weeks away from 1.

    ``series`` is a list of (label, weeks, overload index); a note says which earlier line it
    coincides with (within ``tol``) and where, so a legend can tell the reader a hidden line is there.
    """
    notes: dict[int, str] = {}
    for i, (_, wi, yi) in enumerate(series):
        parts = []
        for lj, wj, yj in series[:i]:
            if wi.shape != wj.shape or not np.array_equal(wi, wj):
                continue
            close = np.abs(yi - yj) <= tol
            if close.all():
                parts.append(f"coincides with «{lj}» within {tol:g}")
                continue
            away = close & (np.abs(yi - 1.0) > tol) & (np.abs(yj - 1.0) > tol)
            runs, start = [], None
            for k, c in enumerate([*away, False]):
                if c and start is None:
                    start = k
                elif not c and start is not None:
                    if k - start >= 2:
                        runs.append(f"{wi[start]:g}–{wi[k - 1]:g}")
                    start = None
            if runs:
                parts.append(f"coincides with «{lj}» in weeks {', '.join(runs)}")
        if parts:
            notes[i] = "; ".join(parts)
    return notes


def plot_overload_timelines(timelines: dict, ax=None, legend_outside: bool = False):
    """Weekly overload index of each scenario of :func:`pfsim.studies.load_timelines` (1 = steady load).

    A line that lies on an earlier one (within 0.01, all weeks or a run of weeks away from 1) is
    drawn thinner with open markers on top, and its legend entry says where it coincides.
    """
    colours, styles = _okabe_ito()
    ax = _axes(ax)
    series = [
        (label, np.asarray(r.week), np.asarray(r.overload_index, dtype=float))
        for label, r in timelines.items()
    ]
    notes = _coincidences(series)
    for i, (label, week, y) in enumerate(series):
        on_top = i in notes
        ax.plot(
            week,
            y,
            color=colours[i % len(colours)],
            ls=styles[i % len(styles)],
            marker=MARKERS[i % len(MARKERS)],
            ms=6 if on_top else 5,
            mfc="white" if on_top else colours[i % len(colours)],
            lw=1.3 if on_top else 2.2,
            zorder=3 if on_top else 2,
            label=f"{label}\n({_wrap(notes[i], 40)})" if on_top else label,
        )
    ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Week")
    ax.set_ylabel("Overload index [dose / capacity]")
    ax.grid(True, alpha=0.3)
    if legend_outside:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    else:
        ax.legend(frameon=False, loc="upper left", fontsize="small")
    return ax


def plot_dose_capacity(timelines: dict, label: str | None = None, ax=None, colour=None):
    """Weekly dose (bars) and adapting capacity (line) of one scenario [MPa·s per week].

    ``colour``: of the bars (default: the scenario's colour in :func:`plot_overload_timelines`);
    the capacity line is black.
    """
    colours, _ = _okabe_ito()
    ax = _axes(ax)
    names = list(timelines)
    label = label or names[1]
    r = timelines[label]
    colour = colour or colours[names.index(label) % len(colours)]
    ax.bar(r.week, r.dose_MPa_s / 1e3, color=colour, alpha=0.55, label="weekly dose", width=0.7)
    ax.plot(
        r.week, r.capacity_MPa_s / 1e3, color=_NEUTRAL[0], lw=2.2, marker="s", ms=4,
        label="capacity brought into the week",
    )  # fmt: skip
    ax.set_xlabel("Week")
    ax.set_ylabel("Stress dose, one knee [10³ MPa·s/week]")
    ax.set_title(label, loc="left", fontsize="medium")
    ax.grid(True, axis="y", alpha=0.3)
    top = max(np.max(r.dose_MPa_s), np.max(r.capacity_MPa_s)) / 1e3
    ax.set_ylim(0, 1.35 * top)
    ax.legend(frameon=False, loc="upper left", ncol=2)
    return ax


def plot_load_grid(table, output: str = "peak_overload_index", ax=None):
    """An output of the load grid against weekly progression; lines per hill / speed-work share.

    Hill share is the colour (black, grey: these lines are not the scenarios of the time-course
    panel), speed-work share the line style and marker.
    """
    table = _table(table)
    ax = _axes(ax)
    x = np.asarray(table["weekly_progression_pct"])
    h = np.asarray(table["hill_share"])
    f = np.asarray(table["speed_work_share"])
    hills = sorted(set(h.tolist()))
    speeds = sorted(set(f.tolist()))
    greys = ["#000000", "#8C8C8C", "#555555", "#BBBBBB"]
    for hi, hv in enumerate(hills):
        for fi, fv in enumerate(speeds):
            m = (h == hv) & (f == fv)
            order = np.argsort(x[m])
            ax.plot(
                x[m][order],
                np.asarray(table[output])[m][order],
                color=greys[hi % len(greys)],
                ls=["-", "--", "-.", ":"][fi % 4],
                marker=["o", "s", "^", "D"][fi % 4],
                mfc="white" if fi else greys[hi % len(greys)],
                ms=5,
                lw=1.8,
                label=f"hills {hv:.0%}, speed work {fv:.0%}",
            )
    ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Weekly distance progression [% per week]")
    weeks = table.meta.get("problem", {}).get("constants", {}).get("weeks_change")
    span = f" over {weeks:g} weeks" if weeks else ""
    ax.set_ylabel(f"Peak overload index{span} [dose / capacity]")
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, loc="upper left")
    y = np.asarray(table[output], dtype=float)
    spread = max(np.ptp(y[x == v]) for v in np.unique(x))
    if len(hills) * len(speeds) > 1 and spread < 0.05 * np.ptp(y):
        ax.text(
            0.97,
            0.09,
            _wrap(f"the lines lie within {spread:.2g} of each other: hills and speed work barely "
                  "change the peak", 30),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
        )  # fmt: skip
    return ax


def plot_scenario_vs_steady(timelines: dict, label: str, ax=None, colour=None, steady=None):
    """One scenario of :func:`pfsim.studies.load_timelines` against the steady one, week by week.

    Bars: the week's dose relative to the steady week's (drawn from 1, so a bar is the change);
    black line: the capacity brought into the week relative to the steady runner's; coloured line:
    the overload index (dose / capacity; 1 at a steady load). All three are ratios, on one axis,
    never zoomed in closer than 0.95-1.05, so that a small change looks small.

    Parameters
    ----------
    timelines : dict
        ``{label: LoadResult}``.
    label : str
        The scenario drawn.
    ax : matplotlib Axes, optional
    colour : str, optional
        Of the overload-index line and the bars (default: the scenario's colour in
        :func:`plot_overload_timelines`).
    steady : str, optional
        The reference scenario (default: the first).

    Returns
    -------
    matplotlib.axes.Axes
    """
    colours, styles = _okabe_ito()
    ax = _axes(ax)
    names = list(timelines)
    i = names.index(label)
    colour = colour or colours[i % len(colours)]
    ref, r = timelines[steady or names[0]], timelines[label]
    week = np.asarray(r.week)
    dose = np.asarray(r.dose_MPa_s, dtype=float) / np.asarray(ref.dose_MPa_s, dtype=float)
    cap = np.asarray(r.capacity_MPa_s, dtype=float) / np.asarray(ref.capacity_MPa_s, dtype=float)
    over = np.asarray(r.overload_index, dtype=float)
    ax.bar(week, dose - 1.0, bottom=1.0, width=0.7, color=colour, alpha=0.35, lw=0)
    ax.plot(week, cap, color=_NEUTRAL[0], lw=1.2)
    ax.plot(
        week, over, color=colour, ls=styles[i % len(styles)], marker=MARKERS[i % len(MARKERS)],
        ms=4, lw=2.0,
    )  # fmt: skip
    ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
    values = np.concatenate([dose, cap, over])
    lo, hi = min(0.95, np.nanmin(values)), max(1.05, np.nanmax(values))
    ax.set_ylim(lo - 0.08 * (hi - lo), hi + 0.22 * (hi - lo))
    ax.text(
        0.03, 0.96, f"overload index {np.nanmin(over):.2f} to {np.nanmax(over):.2f}",
        transform=ax.transAxes, ha="left", va="top", fontsize=8.5,
    )  # fmt: skip
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(label, loc="left", fontsize="small")
    ax.set_xlabel("Week")
    ax.set_ylabel("Relative to steady [ratio]")
    ax.grid(True, axis="y", alpha=0.3)
    return ax


def plot_load_grid_change(table, output: str = "peak_overload_index", ax=None):
    """The hills and speed-work effect in the load grid: change from the flat, no-speed-work block.

    One line per hill / speed-work share (styles of :func:`plot_load_grid`) against weekly
    progression: ``100 (y / y_flat - 1)`` [%], where ``y_flat`` is ``output`` with no hills and no
    speed work at the same progression; the small effect that :func:`plot_load_grid` cannot show
    next to the progression's.
    """
    table = _table(table)
    ax = _axes(ax)
    x = np.asarray(table["weekly_progression_pct"])
    h = np.asarray(table["hill_share"])
    f = np.asarray(table["speed_work_share"])
    y = np.asarray(table[output], dtype=float)
    base = (h == h.min()) & (f == f.min())
    ref = dict(zip(x[base].tolist(), y[base].tolist(), strict=True))
    rel = 100.0 * (y / np.array([ref[v] for v in x.tolist()]) - 1.0)
    greys = ["#000000", "#8C8C8C", "#555555", "#BBBBBB"]
    for hi_, hv in enumerate(sorted(set(h.tolist()))):
        for fi, fv in enumerate(sorted(set(f.tolist()))):
            m = (h == hv) & (f == fv)
            order = np.argsort(x[m])
            ax.plot(
                x[m][order], rel[m][order], color=greys[hi_ % 4], ls=["-", "--", "-.", ":"][fi % 4],
                marker=["o", "s", "^", "D"][fi % 4], mfc="white" if fi else greys[hi_ % 4], ms=5,
                lw=1.8, label=f"hills {hv:.0%}, speed work {fv:.0%}",
            )  # fmt: skip
    ax.axhline(0.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Weekly distance progression [% per week]")
    name = _PRETTY.get(output, output.replace("_", " ")).lower()
    ax.set_ylabel(f"Change in {name} [%]")
    ax.set_title(
        "against no hills and no speed work at the same progression", loc="left", fontsize="small"
    )
    ax.grid(True, alpha=0.3)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + 0.5 * (hi - lo))
    ax.legend(frameon=False, loc="upper left", fontsize="small", ncol=2)
    return ax


def load_figure(table, timelines: dict | None = None):
    """The figure of :func:`pfsim.studies.load_study`: each scenario against steady, and the grid.

    Top: one small panel per scenario of the time courses (:func:`plot_scenario_vs_steady`:
    dose and capacity relative to the steady runner's, and the overload index), the steady
    scenario being the reference of all. Bottom: the grid's peak overload index against weekly
    progression (:func:`plot_load_grid`) and the change that hills and speed work make to it
    (:func:`plot_load_grid_change`).

    Parameters
    ----------
    table : Table or StudyResult
        The load grid (``load_study(...).table``).
    timelines : dict, optional
        ``{label: LoadResult}`` of :func:`pfsim.studies.load_timelines` (default: the ones
        ``load_study`` attached to its table).

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = _table(table)
    if timelines is None:
        timelines = getattr(table, "_timelines", None)
    if not timelines:
        raise ValueError(
            "load_figure needs the weekly time courses: pass "
            "timelines=pfsim.studies.load_timelines() (or the table of pfsim.studies.load_study)."
        )
    fig = _figure(figsize=(12, 9.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.25, 1.0])
    scenarios = list(timelines)[1:]
    ncol = 3
    nrow = max(1, -(-(len(scenarios) + 1) // ncol))
    axs = np.atleast_1d(top.subplots(nrow, ncol)).ravel()
    for ax, label in zip(axs, scenarios, strict=False):
        plot_scenario_vs_steady(timelines, label, ax=ax)
    _load_key(axs[len(scenarios)], list(timelines)[0])
    for ax in axs[len(scenarios) + 1 :]:
        ax.set_visible(False)
    left, right = bottom.subplots(1, 2)
    plot_load_grid(table, ax=left)
    for t in left.texts:  # the right panel shows the spread itself
        t.remove()
    plot_load_grid_change(table, ax=right)
    tau = table.meta.get("assumptions", {}).get("capacity_time_constant_days", 42.0)
    fig.suptitle(
        "Load: weekly stress dose vs adapting capacity (default runner; model predictions)",
        fontsize="medium",
    )
    fig.supxlabel(
        f"Capacity: the stress dose weighted over a {tau:g}-day time constant (an assumption). "
        "Overload index = the week's dose / the capacity brought into the week;\n1 at a steady "
        "load; no injury threshold implied. Top: each scenario against the steady runner; bottom: "
        "a steady block, then 4 weeks of progression.",
        fontsize=9,
        x=0.01,
        ha="left",
    )
    return fig


def _load_key(ax, steady: str) -> None:
    """The key of the scenario panels, in the grid's free slot."""
    from matplotlib.patches import Patch

    ax.set_axis_off()
    handles = [
        Patch(color="0.5", alpha=0.35, label="weekly dose / steady dose"),
        ax.plot([], [], color=_NEUTRAL[0], lw=1.2, label="capacity / steady capacity")[0],
        ax.plot([], [], color="0.3", lw=2.0, marker="o", label="overload index (dose / capacity)")[
            0
        ],
    ]
    ax.legend(
        handles=handles,
        loc="center left",
        frameon=False,
        title=_wrap(f"every panel against «{steady}»; colour: the scenario", 34),
        title_fontsize="small",
        fontsize="small",
        alignment="left",
    )


# ------------------------------------------------------------------------------------------------
# Sensitivity
# ------------------------------------------------------------------------------------------------
def plot_profile_sensitivity(table, ax=None):
    """Total (bars, with CI) and first-order (markers) Sobol' indices of each output to each input.

    Parameters
    ----------
    table : Table or StudyResult
        From :func:`pfsim.studies.sensitivity_study` (or :func:`pfsim.sweep.sobol_analysis`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = _table(table)
    colours, _ = _okabe_ito()
    outs = list(dict.fromkeys(table["output"]))
    ins = list(dict.fromkeys(table["input"]))
    ax = _axes(ax, figsize=(8, 1.5 + 0.55 * len(ins)))
    units = dict(zip(table["input"], table["unit"], strict=True))
    ou = table.meta.get("output_units", {})
    h = 0.8 / len(outs)
    y0 = np.arange(len(ins))[::-1].astype(float)
    hatches = [None, "//", ".."]
    for j, o in enumerate(outs):
        t = table.select(output=o)
        order = [list(t["input"]).index(i) for i in ins]
        st, s1 = t["total_order"][order], t["first_order"][order]
        lo, hi = t["total_order_low"][order], t["total_order_high"][order]
        y = y0 + 0.4 - h * (j + 0.5)
        err = None
        if np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)):
            err = np.vstack([np.clip(st - lo, 0, None), np.clip(hi - st, 0, None)])
        label = _label(_PRETTY.get(o, o), ou.get(o, ""))
        ax.barh(
            y,
            st,
            height=h,
            color=colours[j],
            hatch=hatches[j % 3],
            edgecolor="white",
            linewidth=0.5,
            xerr=err,
            error_kw={"ecolor": "0.2", "elinewidth": 0.8, "capsize": 2},
            label=f"{label}: total $S_T$",
        )
        ax.plot(s1, y, ls="none", marker="|", ms=9, mew=2.2, color="black")
    ax.plot([], [], ls="none", marker="|", ms=9, mew=2.2, color="black", label="first-order $S_1$")
    ax.set_yticks(y0, [_label(i, units[i]) for i in ins])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-0.02, 1.0)
    ax.set_xlabel("Sobol' index [fraction of output variance]")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize="small", frameon=False, loc="lower right")
    return ax


def sensitivity_figure(table):
    """The figure of :func:`pfsim.studies.sensitivity_study`: :func:`plot_profile_sensitivity` with a title."""
    table = _table(table)
    ins = list(dict.fromkeys(table["input"]))
    fig = _figure(figsize=(9, 2.0 + 0.6 * len(ins)), layout="constrained")
    ax = fig.subplots()
    plot_profile_sensitivity(table, ax=ax)
    cl = table.meta.get("confidence_level")
    ci = f", bars {cl:.0%} bootstrap CI" if cl else ""
    fig.suptitle(
        "Which runner-profile inputs drive patellofemoral stress? Sobol' indices over a runner "
        f"population\n(n = {table.meta.get('n_base')}, {table.meta.get('evaluations')} model "
        f"runs{ci}; model predictions)",
        fontsize="medium",
    )
    return fig


# ------------------------------------------------------------------------------------------------
# Demo
# ------------------------------------------------------------------------------------------------
def frontal_demo_figure(panels: dict):
    """Frontal free-body diagrams side by side, one per case (the figure of ``pfsim demo``).

    Parameters
    ----------
    panels : dict
        ``{label: (args, kwargs)}``: what :func:`pfsim.plotting.plot_frontal_free_body` draws for
        each case (:func:`pfsim.studies.frontal_demo` builds them); each panel's title is prefixed
        with its label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(figsize=(15, 5.8), layout="constrained")
    axs = np.atleast_1d(fig.subplots(1, len(panels)))
    for ax, (label, (args, kwargs)) in zip(axs, panels.items(), strict=True):
        plot_frontal_free_body(*args, ax=ax, **kwargs)
        ax.set_title(f"{label}: {ax.get_title(loc='left')}", loc="left", fontsize="small")
    return fig
