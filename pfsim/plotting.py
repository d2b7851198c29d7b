"""Figures. matplotlib is imported lazily; every function takes ``ax=None`` and returns the axes.

Colours are the Okabe & Ito (2008) colour-blind-safe palette; line styles differ too, so the figures
read in greyscale.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "OKABE_ITO",
    "plot_lever_arm",
    "plot_k_ratio",
    "plot_contact_area",
    "plot_contact_stress",
    "sagittal_figure",
]

#: Okabe M, Ito K (2008). Color Universal Design (CUD): how to make figures and presentations that are
#: friendly to colorblind people. https://jfly.uni-koeln.de/color/
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)), "-", "--"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    return ax


def _style(ax, xlabel, ylabel, title=None):
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, loc="left", fontsize="medium", fontweight="bold")
    ax.grid(True, alpha=0.3)
    return ax


def _lines(ax, x, series: dict[str, np.ndarray]):
    for i, (label, y) in enumerate(series.items()):
        ax.plot(
            x,
            y,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            ls=LINESTYLES[i % len(LINESTYLES)],
            lw=2,
            label=label,
        )
    ax.legend(fontsize="small", frameon=False)


def plot_lever_arm(knee_flexion_deg, lever_arms_mm: dict, ax=None):
    """Quadriceps lever arm [mm] against knee flexion [deg], one line per fit."""
    ax = _axes(ax)
    _lines(ax, knee_flexion_deg, lever_arms_mm)
    return _style(ax, "Knee flexion [deg]", "Quadriceps lever arm [mm]", "Lever arm L(θ)")


def plot_k_ratio(knee_flexion_deg, k_ratios: dict, ax=None):
    """PFJRF / quadriceps force [-] against knee flexion [deg], one line per model."""
    ax = _axes(ax)
    _lines(ax, knee_flexion_deg, k_ratios)
    return _style(ax, "Knee flexion [deg]", "PFJRF / quadriceps force [-]", "k(θ)")


def plot_contact_area(knee_flexion_deg, areas_mm2: dict, ax=None):
    """Contact area [mm²] against knee flexion [deg], one line per fit (each over its data range)."""
    ax = _axes(ax)
    _lines(ax, knee_flexion_deg, areas_mm2)
    return _style(ax, "Knee flexion [deg]", "Contact area [mm²]", "Contact-area fits")


def plot_contact_stress(knee_flexion_deg, stresses_MPa: dict, title: str | None = None, ax=None):
    """Mean contact stress [MPa] against knee flexion [deg], one line per contact-area fit."""
    ax = _axes(ax)
    _lines(ax, knee_flexion_deg, stresses_MPa)
    return _style(ax, "Knee flexion [deg]", "Mean contact stress [MPa]", title or "Contact stress")


def sagittal_figure(curves: dict, moment_Nm: float):
    """The four-panel sagittal figure of ``pfsim demo`` from :func:`pfsim.studies.sagittal_curves`."""
    import matplotlib.pyplot as plt

    fig, axs = plt.subplots(2, 2, figsize=(10, 7.5), layout="constrained")
    theta = curves["knee_flexion_deg"]
    plot_lever_arm(theta, curves["lever_arm_mm"], ax=axs[0, 0])
    plot_k_ratio(theta, curves["k_ratio"], ax=axs[0, 1])
    plot_contact_area(theta, curves["contact_area_mm2"], ax=axs[1, 0])
    plot_contact_stress(
        theta,
        curves["contact_stress_MPa"],
        title=f"Stress at a {moment_Nm:g} N·m knee extension moment",
        ax=axs[1, 1],
    )
    fig.suptitle("pfsim: sagittal patellofemoral chain (each fit over its data range)")
    return fig
