"""Runner profiles side by side: what each profile's mechanisms produce and the stress that follows.

The figure draws the flat reports of :func:`pfsim.runner.profile_report` (one dict per profile); it
makes no model call. Left: the mechanism outputs (running kinematics the contributors set); right: the
peak stresses of stance. Bars of each profile share a colour of the Okabe–Ito palette (colour-blind
safe) and a hatch, so the figure also reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .joint import OKABE_ITO

__all__ = ["PROFILE_MECHANISMS", "PROFILE_STRESSES", "plot_profile_reports"]

#: Mechanism outputs drawn on the left panel: (report key, label with unit).
PROFILE_MECHANISMS: tuple[tuple[str, str], ...] = (
    ("hip_adduction_peak_deg", "Hip adduction peak [deg]"),
    ("pelvic_drop_peak_deg", "Pelvic drop peak [deg]"),
    ("femoral_internal_rotation_peak_deg", "Femoral int. rotation peak [deg]"),
    ("q_angle_deg", "Q-angle [deg]"),
)

#: Peak stresses drawn on the right panel: (report key, label).
PROFILE_STRESSES: tuple[tuple[str, str], ...] = (
    ("peak_contact_stress_MPa", "Mean contact"),
    ("peak_lateral_facet_stress_MPa", "Lateral facet"),
    ("peak_medial_facet_stress_MPa", "Medial facet"),
)

_HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")


def _two_axes(axes):
    if axes is not None:
        if len(axes) != 2:
            raise ValueError(
                f"axes must be two matplotlib Axes (got {len(axes)}); or leave it None."
            )
        return tuple(axes)
    import matplotlib.pyplot as plt

    _, new = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    return tuple(new)


def _values(reports, keys) -> dict[str, list[float]]:
    missing = sorted({k for r in reports.values() for k in keys if k not in r})
    if missing:
        raise ValueError(
            f"the reports lack {', '.join(missing)}; pass the dicts of pfsim.runner.profile_report "
            "(or choose mechanisms=/stresses= from the keys they have)."
        )
    return {name: [float(r[k]) for k in keys] for name, r in reports.items()}


def plot_profile_reports(
    reports: Mapping[str, Mapping[str, float]],
    *,
    mechanisms: Sequence[tuple[str, str]] = PROFILE_MECHANISMS,
    stresses: Sequence[tuple[str, str]] = PROFILE_STRESSES,
    mechanism_axis_label: str = "Angle [deg]",
    axes=None,
):
    """Grouped bars comparing runner profiles: mechanism outputs (left) and peak stresses (right).

    Parameters
    ----------
    reports : mapping of str to mapping
        Profile name → its :func:`pfsim.runner.profile_report` dict (at most 8 profiles).
    mechanisms, stresses : sequence of (key, label)
        The report keys drawn on the left and right panels and their labels (defaults:
        :data:`PROFILE_MECHANISMS`, :data:`PROFILE_STRESSES`). Labels of the left panel carry their
        units; the right panel is in MPa.
    mechanism_axis_label : str
        The left panel's axis label (default ``"Angle [deg]"``: every default mechanism is an angle).
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw (default: a new 11 × 4 in figure with two axes).

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The (left, right) axes.

    Raises
    ------
    ValueError
        No reports, more than 8, a report that lacks a drawn key, or ``axes`` not a pair.
    """
    if not reports:
        raise ValueError("reports is empty; pass {name: pfsim.runner.profile_report(runner)}.")
    if len(reports) > len(OKABE_ITO):
        raise ValueError(f"at most {len(OKABE_ITO)} profiles can be drawn (got {len(reports)}).")
    left_values = _values(reports, [k for k, _ in mechanisms])
    right_values = _values(reports, [k for k, _ in stresses])
    ax1, ax2 = _two_axes(axes)
    width = 0.8 / len(reports)
    for i, name in enumerate(reports):
        offset = (i - (len(reports) - 1) / 2) * width
        style = {"color": OKABE_ITO[i], "hatch": _HATCHES[i], "edgecolor": "white", "label": name}
        ax1.barh(np.arange(len(mechanisms)) + offset, left_values[name], height=width, **style)
        ax2.bar(np.arange(len(stresses)) + offset, right_values[name], width=width, **style)
    ax1.set_yticks(np.arange(len(mechanisms)), [label for _, label in mechanisms])
    ax1.invert_yaxis()
    ax1.set_xlabel(mechanism_axis_label)
    ax1.set_title("Contributors → running kinematics", loc="left", fontsize="medium")
    ax1.grid(alpha=0.3, axis="x")
    ax2.set_xticks(np.arange(len(stresses)), [label for _, label in stresses])
    ax2.set_ylabel("Peak stress in stance [MPa]")
    ax2.set_title("→ patellofemoral stress", loc="left", fontsize="medium")
    ax2.grid(alpha=0.3, axis="y")
    ax2.legend(frameon=False, loc="upper right")
    return ax1, ax2
