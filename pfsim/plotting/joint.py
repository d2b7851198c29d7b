"""Figures. matplotlib is imported lazily; every function takes ``ax=None`` and returns the axes.

Colours are the Okabe & Ito (2008) colour-blind-safe palette; line styles differ too, so the figures
read in greyscale.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "OKABE_ITO",
    "plot_frontal_free_body",
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


def plot_frontal_free_body(
    knee_flexion_deg: float = 30.0,
    quad_force_N: float = 2500.0,
    *,
    area_fit: str = "salsich2003",
    geometry=None,
    ax=None,
    **frontal_inputs,
):
    """Frontal free-body diagram of the patella on the trochlear groove, to scale.

    Draws the groove section (lateral facet to the right), the patella displaced by the computed
    shift and tilt, the contact pressure on each facet (1 mm of bar per MPa), and the forces on the
    patella as arrows (length ∝ force): the compression from the sagittal model, the net lateral
    load with the patella centred (quadriceps, ligament, retinaculum), the ligament's centring pull
    that grows with the shift (``k_s u``), the medial restraint, and each facet's normal force.

    Parameters
    ----------
    knee_flexion_deg, quad_force_N : float
        The knee state [deg], [N].
    area_fit : str
        Contact-area fit (sets the contact band length).
    geometry : FrontalGeometry, optional
        Frontal geometry (default: :data:`pfsim.joint.frontal.DEFAULT_FRONTAL_GEOMETRY`).
    **frontal_inputs
        ``q_angle_deg``, ``hip_adduction_deg``, ``femoral_internal_rotation_deg``,
        ``tibial_internal_rotation_deg``, ``vmo_activation``, ``lateral_retinaculum_N``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..joint import _generated_frontal as gf
    from ..joint import frontal as fr
    from ..joint import patellofemoral_load

    g = geometry or fr.DEFAULT_FRONTAL_GEOMETRY
    sag = patellofemoral_load(
        knee_flexion_deg, quad_force_N=quad_force_N, area_fit=area_fit, frontal=False
    )
    out = fr.frontal_load(
        knee_flexion_deg,
        quad_force_N,
        sag.joint_reaction_force_N,
        sag.contact_area_mm2,
        geometry=g,
        **frontal_inputs,
    )
    val = {k: float(np.asarray(v)) for k, v in out.items()}
    C = float(sag.joint_reaction_force_N)
    aL, aM = np.radians(g.lateral_facet_inclination_deg), np.radians(g.medial_facet_inclination_deg)
    wL = g.articular_width_mm * g.lateral_facet_share
    wM = g.articular_width_mm - wL
    u, v, phi = val["lateral_shift_mm"], val["depth_mm"], -np.radians(val["lateral_tilt_deg"])
    K = g.foundation_modulus_N_mm3

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 5.2), layout="constrained")
    dL, dM = np.array([np.cos(aL), np.sin(aL)]), np.array([-np.cos(aM), np.sin(aM)])
    placed = np.isfinite(val["lateral_facet_force_N"])
    if not placed:  # off the groove: draw the load, the groove and say why there is no contact
        u, v, phi = 0.0, 0.0, 0.0
    # femur: groove surface and bone below it
    groove = np.array([wM * dM * 1.15, [0.0, 0.0], wL * dL * 1.15])
    femur = np.vstack([groove, [groove[-1, 0], -30.0], [groove[0, 0], -30.0]])
    ax.fill(femur[:, 0], femur[:, 1], color="0.85", zorder=0)
    ax.plot(groove[:, 0], groove[:, 1], color="0.3", lw=1.5)

    def move(points):
        pts = np.atleast_2d(points)
        rot = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])
        return pts @ rot.T + np.array([u, -v])

    # patella: articular surface on the facets, anterior surface at its thickness (22.4 mm)
    thickness = 2 * g.load_height_mm
    outline = np.array(
        [
            wM * dM,
            [0.0, 0.0],
            wL * dL,
            wL * dL + [0, thickness - wL * dL[1]],
            wM * dM + [0, thickness - wM * dM[1]],
        ]
    )
    pat = move(outline)
    ax.fill(pat[:, 0], pat[:, 1], color=OKABE_ITO[5], alpha=0.35, zorder=1, label="patella")
    ax.plot(np.r_[pat[:, 0], pat[0, 0]], np.r_[pat[:, 1], pat[0, 1]], color=OKABE_ITO[0], lw=1.2)

    # pressure on each facet, bars into the femur (1 mm per MPa); the facet force acts at the
    # pressure centroid s̄ = ∫ s p ds / ∫ p ds
    a_l, b_l, a_m, b_m = gf.penetration_coefficients(u, v, phi, aL, aM)
    centroid = {}
    for a, b, w, d, n_out, col, lab in (
        (a_l, b_l, wL, dL, np.array([-np.sin(aL), np.cos(aL)]), OKABE_ITO[1], "lateral facet"),
        (a_m, b_m, wM, dM, np.array([np.sin(aM), np.cos(aM)]), OKABE_ITO[2], "medial facet"),
    ):
        s = np.linspace(0.0, w, 201)
        p = K * np.maximum(a + b * s, 0.0) if placed else np.zeros_like(s)
        centroid[lab] = float(np.sum(s * p) / np.sum(p)) if np.sum(p) > 0 else 0.5 * w
        base = move(s[:, None] * d)  # on the patellar facet, where the model integrates
        tip = base - p[:, None] * n_out
        poly = np.vstack([base, tip[::-1]])
        ax.fill(
            poly[:, 0],
            poly[:, 1],
            color=col,
            alpha=0.6,
            zorder=2,
            label=f"{lab} pressure (1 mm = 1 MPa)",
        )

    # forces (arrows), 1 mm per `scale` N
    forces = [
        C,
        abs(val["lateral_force_N"]),
        val["lateral_facet_force_N"] if placed else 0.0,
        val["medial_facet_force_N"] if placed else 0.0,
    ]
    scale = max(forces) / 25.0 if max(forces) > 0 else 1.0
    centre = move([0.5 * (wL - wM), thickness])[0]

    def arrow(x, y, fx, fy, col, lab):
        if np.hypot(fx, fy) <= 0:
            return
        ax.annotate(
            "",
            xy=(x + fx / scale, y + fy / scale),
            xytext=(x, y),
            arrowprops=dict(arrowstyle="-|>", color=col, lw=2),
            zorder=4,
        )
        ax.plot([], [], color=col, lw=2, label=lab)

    arrow(centre[0], centre[1] + 25, 0, -C, "k", f"compression {C:.0f} N")
    arrow(
        centre[0],
        centre[1],
        val["lateral_force_N"],
        0,
        OKABE_ITO[3],
        f"lateral load (patella centred) {val['lateral_force_N']:.0f} N",
    )
    if placed and val["ligament_centring_N"] != 0:
        # the ligament's extra pull from the shift (k_s u toward the centred position), on the
        # centre line like the lateral load: the net lateral load is their sum
        arrow(
            centre[0],
            centre[1] - 6,
            -val["ligament_centring_N"],
            0,
            OKABE_ITO[4],
            f"ligament centring {-val['ligament_centring_N']:+.0f} N",
        )
    if placed and val["medial_restraint_N"] > 0:
        edge = move(wM * dM + [0, thickness / 2 - wM * dM[1]])[0]
        arrow(
            edge[0],
            edge[1],
            -val["medial_restraint_N"],
            0,
            OKABE_ITO[0],
            f"MPFL {val['medial_restraint_N']:.0f} N",
        )
    for N, _w, d, nvec, col, lab in (
        (
            val["lateral_facet_force_N"],
            wL,
            dL,
            np.array([-np.sin(aL), np.cos(aL)]),
            OKABE_ITO[1],
            "lateral",
        ),
        (
            val["medial_facet_force_N"],
            wM,
            dM,
            np.array([np.sin(aM), np.cos(aM)]),
            OKABE_ITO[2],
            "medial",
        ),
    ):
        if not placed:
            continue
        # the facet force acts where its pressure does (the centroid), on the moved patella
        at = move(centroid[f"{lab} facet"] * d)[0]
        start = at - nvec * (N / scale)
        arrow(start[0], start[1], *(N * nvec), col, f"{lab} facet force on patella {N:.0f} N")

    ax.set_aspect("equal")
    ax.set_xlim(-wM * 1.4 - 5, wL * 1.3 + 8)
    ax.set_ylim(-32, thickness + 32)
    ax.legend(
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title=f"arrows: 1 mm = {scale:.0f} N",
        title_fontsize="small",
        alignment="left",
    )
    if placed:
        title = (
            f"Patella on the groove, {knee_flexion_deg:g}° flexion, F_Q = {quad_force_N:g} N\n"
            f"shift {u:+.1f} mm, lateral tilt {val['lateral_tilt_deg']:+.1f}°, lateral/medial "
            f"pressure {val['lateral_facet_stress_MPa']:.1f}/{val['medial_facet_stress_MPa']:.1f} MPa"
        )
    else:
        title = (
            f"Off the groove: {knee_flexion_deg:g}° flexion, F_Q = {quad_force_N:g} N\n"
            "the flat facets cannot hold this lateral load (subluxation); no contact drawn"
        )
    return _style(
        ax, "Medial ← mediolateral position [mm] → lateral", "Anterior position [mm]", title
    )
