"""Every pfsim figure: each function takes ``ax=None`` (or a figure) and returns what it drew on.

matplotlib is imported here and nowhere else in the package; no function here switches the backend.
Figures draw the data they are given and make no model call (:mod:`.studies` draws the tables of
:mod:`pfsim.studies`); :func:`save_figure` writes a figure as PNG, atomically.
"""

from ._save import save_figure
from .joint import (
    LINESTYLES,
    OKABE_ITO,
    plot_contact_area,
    plot_contact_stress,
    plot_frontal_free_body,
    plot_k_ratio,
    plot_lever_arm,
    sagittal_figure,
)
from .studies import (
    cadence_figure,
    frontal_demo_figure,
    load_figure,
    plot_cadence,
    plot_dose_capacity,
    plot_load_grid,
    plot_overload_timelines,
    plot_profile_sensitivity,
    plot_quadriceps_demand,
    plot_strength,
    sensitivity_figure,
    strength_figure,
)
from .sweep import plot_sobol, plot_tornado

__all__ = [
    "LINESTYLES",
    "OKABE_ITO",
    "cadence_figure",
    "frontal_demo_figure",
    "load_figure",
    "plot_cadence",
    "plot_contact_area",
    "plot_contact_stress",
    "plot_dose_capacity",
    "plot_frontal_free_body",
    "plot_k_ratio",
    "plot_lever_arm",
    "plot_load_grid",
    "plot_overload_timelines",
    "plot_profile_sensitivity",
    "plot_quadriceps_demand",
    "plot_sobol",
    "plot_strength",
    "plot_tornado",
    "sagittal_figure",
    "save_figure",
    "sensitivity_figure",
    "strength_figure",
]
