"""Every pfsim figure: each function takes ``ax=None`` (or a figure) and returns what it drew on.

matplotlib is imported here and nowhere else in the package; no function here switches the backend.
"""

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
from .sweep import plot_sobol, plot_tornado

__all__ = [
    "LINESTYLES",
    "OKABE_ITO",
    "plot_contact_area",
    "plot_contact_stress",
    "plot_frontal_free_body",
    "plot_k_ratio",
    "plot_lever_arm",
    "plot_sobol",
    "plot_tornado",
    "sagittal_figure",
]
