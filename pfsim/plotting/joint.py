"""Figures. matplotlib is imported lazily; every function takes ``ax=None`` and returns the axes.

Colours are the Okabe & Ito (2008) colour-blind-safe palette; line styles differ too, so the figures
read in greyscale.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "plot_lenhart2015_groove",
    "LINESTYLES",
    "MIN_ARROW_MM",
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

#: The shortest force arrow of the free-body diagram [mm, at the figure's length scale]: a force
#: whose arrow would be shorter (under 1 mm at the demo's 74 N/mm for the ligament or the MPFL) is
#: drawn this long, dashed, and the legend says so; its value in the legend stays exact.
MIN_ARROW_MM = 5.0


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


def plot_frontal_free_body(load=None, *legacy_args, index=None, ax=None, **legacy_kwargs):
    """Frontal free-body diagram of the patella on the trochlear groove, to scale.

    Draws the groove section (lateral facet to the right), the patella displaced by the computed
    shift and tilt, the contact pressure on each facet (1 mm of bar per MPa), and the forces on the
    patella as arrows (length ∝ force): the compression from the sagittal model, the net lateral
    load with the patella centred (quadriceps, ligament, retinaculum), the ligament's centring pull
    that grows with the shift (``k_s u``), the medial restraint, and each facet's normal force.
    An arrow that would be shorter than :data:`MIN_ARROW_MM` is drawn that long and dashed, so
    that every force shows; the legend title states both scales and each entry the exact force.
    Everything is read from ``load``: the figure makes no model call.

    Parameters
    ----------
    load : JointLoad
        A result of :func:`pfsim.patellofemoral_load` with the frontal model (``frontal=True``, the
        default), which carries :attr:`~pfsim.joint.model.JointLoad.frontal_state`.
    index : int or tuple of int, optional
        The state to draw when ``load`` holds more than one (an index into its arrays).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new 9 × 5.2 in figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Deprecated form (one release, with a :class:`DeprecationWarning`): the knee state as numbers,
    ``plot_frontal_free_body(knee_flexion_deg=30.0, quad_force_N=2500.0, *, area_fit="salsich2003",
    geometry=None, ax=None, **frontal_inputs)``, which runs the model itself. Replace it with
    ``plot_frontal_free_body(pfsim.patellofemoral_load(30.0, quad_force_N=2500.0,
    area_fit="salsich2003", frontal_geometry=geometry, **frontal_inputs), ax=ax)``.

    Examples
    --------
    >>> import pfsim
    >>> load = pfsim.patellofemoral_load(30.0, quad_force_N=2500.0, area_fit="salsich2003")
    >>> ax = plot_frontal_free_body(load)
    >>> print(ax.get_legend().get_title().get_text())
    arrows: 1 mm = 74 N
    dashed: under 371 N, drawn 5 mm long
    """
    from ..joint.model import JointLoad

    if not isinstance(load, JointLoad):
        if index is not None:
            raise TypeError("index= applies to a JointLoad; the deprecated form draws one state.")
        args = legacy_args if load is None else (load, *legacy_args)
        return _deprecated_free_body(*args, ax=ax, **legacy_kwargs)
    if legacy_args or legacy_kwargs:
        extra = [*map(repr, legacy_args), *legacy_kwargs]
        raise TypeError(
            f"plot_frontal_free_body(load, *, index=None, ax=None) got extra arguments {extra}: "
            "the knee state and frontal inputs belong to the patellofemoral_load call."
        )
    state = _free_body_state(load, index)
    return _draw_free_body(state, load.frontal_state.geometry, ax)


def _deprecated_free_body(
    knee_flexion_deg=30.0,
    quad_force_N=2500.0,
    *,
    area_fit: str = "salsich2003",
    geometry=None,
    ax=None,
    **frontal_inputs,
):
    """The old call form (numbers first): runs the model, then draws the result."""
    from .._checks import warn
    from ..joint import frontal as fr
    from ..joint import patellofemoral_load

    warn(
        "plot_frontal_free_body(knee_flexion_deg, quad_force_N, ...) is deprecated and will be "
        "removed in the next release: pass a result, plot_frontal_free_body(load, ax=ax) with "
        "load = pfsim.patellofemoral_load(knee_flexion_deg, quad_force_N=..., "
        "area_fit='salsich2003', **frontal_inputs).",
        DeprecationWarning,
    )
    load = patellofemoral_load(
        knee_flexion_deg,
        quad_force_N=quad_force_N,
        area_fit=area_fit,
        frontal_geometry=geometry or fr.DEFAULT_FRONTAL_GEOMETRY,
        **frontal_inputs,
    )
    return plot_frontal_free_body(load, ax=ax)


#: The JointLoad outputs the free-body figure reads (as floats), besides the frontal state's depth.
_FREE_BODY_FIELDS = (
    "knee_flexion_deg",
    "quad_force_N",
    "joint_reaction_force_N",
    "lateral_force_N",
    "lateral_facet_force_N",
    "medial_facet_force_N",
    "lateral_facet_stress_MPa",
    "medial_facet_stress_MPa",
    "lateral_shift_mm",
    "lateral_tilt_deg",
    "medial_restraint_N",
    "ligament_centring_N",
)


def _free_body_state(load, index) -> dict[str, float]:
    """One state of ``load`` as floats, or a ValueError that says how to get a drawable one.

    Parameters
    ----------
    load : JointLoad
    index : int, tuple of int or None
        Which state; None only when ``load`` holds exactly one.

    Returns
    -------
    dict of float
        :data:`_FREE_BODY_FIELDS` and ``depth_mm``.
    """
    if load.frontal_state is None:
        raise ValueError(
            "this JointLoad has no frontal outputs: compute it with "
            "pfsim.patellofemoral_load(..., frontal=True) (the default) to draw the free body."
        )
    arrays = {name: getattr(load, name) for name in _FREE_BODY_FIELDS}
    arrays["depth_mm"] = load.frontal_state.depth_mm
    size = int(np.prod(load.shape))
    if index is None:
        if size != 1:
            raise ValueError(
                f"this JointLoad holds {size} states (shape {load.shape}); the figure draws one: "
                "pass index= (an index into its arrays, e.g. index=0)."
            )
        return {name: float(np.ravel(v)[0]) for name, v in arrays.items()}
    picked = {name: np.broadcast_to(v, load.shape)[index] for name, v in arrays.items()}
    if any(np.ndim(v) for v in picked.values()):
        raise ValueError(
            f"index={index!r} selects more than one state of shape {load.shape}: give one index "
            "per axis."
        )
    return {name: float(v) for name, v in picked.items()}


def _mover(u, v, phi):
    """Map points on the unloaded patella to its place: rotated by φ, shifted by (u, −v) [mm]."""
    rot = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])

    def move(points):
        return np.atleast_2d(points) @ rot.T + np.array([u, -v])

    return move


def _draw_free_body(val: dict, g, ax):
    """Draw one state (:func:`_free_body_state`) with geometry ``g``; returns the axes."""
    aL, aM = np.radians(g.lateral_facet_inclination_deg), np.radians(g.medial_facet_inclination_deg)
    wL = g.articular_width_mm * g.lateral_facet_share
    wM = g.articular_width_mm - wL
    u, v, phi = val["lateral_shift_mm"], val["depth_mm"], -np.radians(val["lateral_tilt_deg"])

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 5.2), layout="constrained")
    dL, dM = np.array([np.cos(aL), np.sin(aL)]), np.array([-np.cos(aM), np.sin(aM)])
    placed = bool(np.isfinite(val["lateral_facet_force_N"]))
    if not placed:  # off the groove: draw the load, the groove and say why there is no contact
        u, v, phi = 0.0, 0.0, 0.0
    move = _mover(u, v, phi)
    thickness = 2 * g.load_height_mm
    _draw_groove_and_patella(ax, move, wL, wM, dL, dM, thickness)
    facets = {
        "lateral": (wL, dL, np.array([-np.sin(aL), np.cos(aL)]), OKABE_ITO[1]),
        "medial": (wM, dM, np.array([np.sin(aM), np.cos(aM)]), OKABE_ITO[2]),
    }
    pressure_lines = dict(zip(("lateral", "medial"), _penetration(u, v, phi, aL, aM), strict=True))
    centroid = _draw_facet_pressures(
        ax, move, facets, pressure_lines, g.foundation_modulus_N_mm3, placed
    )
    scale, short = _draw_forces(ax, val, move, facets, centroid, placed, wL, wM, dM, thickness)
    return _finish_free_body(ax, val, scale, short, placed, wL, wM, thickness)


def _penetration(u, v, phi, aL, aM):
    """((a_L, b_L), (a_M, b_M)): facet penetration ``a + b s`` [mm] of the placed patella."""
    from ..joint._generated_frontal import penetration_coefficients

    a_l, b_l, a_m, b_m = penetration_coefficients(u, v, phi, aL, aM)
    return (a_l, b_l), (a_m, b_m)


def _draw_groove_and_patella(ax, move, wL, wM, dL, dM, thickness):
    """Draw the femur below the groove, and the patella where ``move`` puts it.

    The patella is drawn with its articular surface on the facets and its anterior surface at its
    thickness, 22.4 mm.
    """
    groove = np.array([wM * dM * 1.15, [0.0, 0.0], wL * dL * 1.15])
    femur = np.vstack([groove, [groove[-1, 0], -30.0], [groove[0, 0], -30.0]])
    ax.fill(femur[:, 0], femur[:, 1], color="0.85", zorder=0)
    ax.plot(groove[:, 0], groove[:, 1], color="0.3", lw=1.5)
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


def _draw_facet_pressures(ax, move, facets, pressure_lines, K, placed) -> dict[str, float]:
    """Draw the pressure on each facet as bars into the femur (1 mm per MPa).

    Returns each facet's pressure centroid s̄ = ∫ s p ds / ∫ p ds [mm from the ridge], where its
    force acts.
    """
    centroid = {}
    for side, (w, d, n_out, col) in facets.items():
        a, b = pressure_lines[side]
        s = np.linspace(0.0, w, 201)
        p = K * np.maximum(a + b * s, 0.0) if placed else np.zeros_like(s)
        centroid[side] = float(np.sum(s * p) / np.sum(p)) if np.sum(p) > 0 else 0.5 * w
        base = move(s[:, None] * d)  # on the patellar facet, where the model integrates
        tip = base - p[:, None] * n_out
        poly = np.vstack([base, tip[::-1]])
        ax.fill(
            poly[:, 0],
            poly[:, 1],
            color=col,
            alpha=0.6,
            zorder=2,
            label=f"{side} facet pressure (1 mm = 1 MPa)",
        )
    return centroid


def _draw_forces(ax, val, move, facets, centroid, placed, wL, wM, dM, thickness):
    """The forces on the patella as arrows, 1 mm per ``scale`` N, at least :data:`MIN_ARROW_MM` long.

    Returns ``(scale, short)``: ``short`` is True when some arrow was drawn at the minimum length
    (dashed, in the legend too).
    """
    C = val["joint_reaction_force_N"]
    forces = [
        C,
        abs(val["lateral_force_N"]),
        val["lateral_facet_force_N"] if placed else 0.0,
        val["medial_facet_force_N"] if placed else 0.0,
    ]
    scale = max(forces) / 25.0 if max(forces) > 0 else 1.0
    centre = move([0.5 * (wL - wM), thickness])[0]
    short = []

    def arrow(x, y, fx, fy, col, lab, tip=False):
        """An arrow of force (fx, fy) from (x, y), or ending there (``tip``)."""
        size = np.hypot(fx, fy)
        if size <= 0:
            return
        stretch = max(1.0, MIN_ARROW_MM * scale / size)  # a short force: drawn at the minimum
        ls = "--" if stretch > 1.0 else "-"
        short.append(stretch > 1.0)
        dx, dy = stretch * fx / scale, stretch * fy / scale
        if tip:
            x, y = x - dx, y - dy
        ax.annotate(
            "",
            xy=(x + dx, y + dy),
            xytext=(x, y),
            arrowprops=dict(arrowstyle="-|>", color=col, lw=2, ls=ls, shrinkA=0, shrinkB=0),
            zorder=4,
        )
        ax.plot([], [], color=col, lw=2, ls=ls, label=lab)

    lateral = val["lateral_force_N"]
    arrow(centre[0], centre[1], 0, -C, "k", f"compression {C:.0f} N", tip=True)
    label = f"lateral load (patella centred) {lateral:.0f} N"
    arrow(centre[0], centre[1] - 3, lateral, 0, OKABE_ITO[3], label)
    if not placed:
        return scale, any(short)
    if val["ligament_centring_N"] != 0:
        # the ligament's extra pull from the shift (k_s u toward the centred position), on the
        # centre line like the lateral load: the net lateral load is their sum
        pull = -val["ligament_centring_N"]
        arrow(centre[0], centre[1] - 8, pull, 0, OKABE_ITO[4], f"ligament centring {pull:+.0f} N")
    if val["medial_restraint_N"] > 0:
        mpfl = val["medial_restraint_N"]
        edge = move(wM * dM + [0, thickness / 2 - wM * dM[1]])[0]
        arrow(edge[0], edge[1], -mpfl, 0, OKABE_ITO[0], f"MPFL {mpfl:.0f} N")
    for side, (_w, d, nvec, col) in facets.items():
        N = val[f"{side}_facet_force_N"]
        # the facet force acts where its pressure does (the centroid), on the moved patella
        at = move(centroid[side] * d)[0]
        arrow(*at, *(N * nvec), col, f"{side} facet force on patella {N:.0f} N", tip=True)
    return scale, any(short)


def _finish_free_body(ax, val, scale, short, placed, wL, wM, thickness):
    """Limits, legend (with the arrow scale) and the title that states the state."""
    ax.set_aspect("equal")
    ax.set_xlim(-wM * 1.4 - 5, wL * 1.3 + 8)
    ax.set_ylim(-32, thickness + 32)
    ax.legend(
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title=f"arrows: 1 mm = {scale:.0f} N"
        + (
            f"\ndashed: under {MIN_ARROW_MM * scale:.0f} N, drawn {MIN_ARROW_MM:g} mm long"
            if short
            else ""
        ),
        title_fontsize="small",
        alignment="left",
    )
    knee, fq = val["knee_flexion_deg"], val["quad_force_N"]
    if placed:
        title = (
            f"Patella on the groove, {knee:g}° flexion, F_Q = {fq:g} N\n"
            f"shift {val['lateral_shift_mm']:+.1f} mm, lateral tilt {val['lateral_tilt_deg']:+.1f}°, "
            f"lateral/medial pressure {val['lateral_facet_stress_MPa']:.1f}/"
            f"{val['medial_facet_stress_MPa']:.1f} MPa"
        )
    else:
        title = (
            f"Off the groove: {knee:g}° flexion, F_Q = {fq:g} N\n"
            "the flat facets cannot hold this lateral load (subluxation); no contact drawn"
        )
    return _style(
        ax, "Medial ← mediolateral position [mm] → lateral", "Anterior position [mm]", title
    )


def plot_lenhart2015_groove(axes=None):
    """Frontal model v2 inputs: derived groove sections over flexion and the restraint curves.

    Left: the femoral groove section where the patella sits at each tabulated flexion angle (height
    above the sulcus against the mediolateral position, lateral to the right; gaps are the
    intercondylar notch) with the flat facets v2 uses (the fitted inclinations) dashed. Middle: the
    Blankevoort (1991) force-strain curves of the restraint groups as the model file defines them
    (sum of the bundles' linear stiffness, toe region to the transition strain 0.06), the patellar
    tendon on the right-hand axis. Right: the lateral force of the equivalent MPFL and lateral-PFL
    springs on the patella against its lateral shift at 0, 30, 60 and 90°. Data:
    :mod:`pfsim.joint._generated_lenhart2015` (Lenhart et al. 2015, OpenSim-JAM).

    Parameters
    ----------
    axes : sequence of three matplotlib Axes, optional
        Where to draw; a new 1×3 figure if None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..joint import _generated_lenhart2015 as T
    from ..joint.frontal import groove_parameters, restraint_force_N

    if axes is None:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 3, figsize=(15, 4.8), layout="constrained")
    else:
        fig = axes[0].figure
    ax0, axs, ax1 = axes
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"]
    z = np.asarray(T.PROFILE_Z_MM)
    n = len(T.FLEXION_DEG)
    for i, (theta, prof) in enumerate(zip(T.FLEXION_DEG, T.PROFILE_HEIGHT_MM, strict=True)):
        color = cmap(i / max(n - 1, 1))
        offset = -1.5 * i  # stacked so the sections do not overlap
        ax0.plot(z, np.asarray(prof) + offset, color=color, label=f"{theta:g}°")
        tl = np.tan(np.radians(T.LATERAL_INCLINATION_DEG[i]))
        tm = np.tan(np.radians(T.MEDIAL_INCLINATION_DEG[i]))
        zl = np.array([0.0, T.PATELLA_LATERAL_WIDTH_MM])
        zm = np.array([-T.PATELLA_MEDIAL_WIDTH_MM, 0.0])
        ax0.plot(zl, tl * zl + offset, "--", color=color, lw=0.8)
        ax0.plot(zm, -tm * zm + offset, "--", color=color, lw=0.8)
    _style(
        ax0,
        "mediolateral position from the sulcus [mm] (lateral +)",
        "height above the sulcus [mm] (stacked, 1.5 mm per row)",
        "Groove sections (Lenhart 2015), fitted facets dashed",
    )
    ax0.legend(title="knee flexion", fontsize=7, ncol=2)
    _draw_force_strain(axs, T)
    u = np.linspace(-20.0, 20.0, 401)
    for i, theta in enumerate((0.0, 30.0, 60.0, 90.0)):
        fm, fl = restraint_force_N(u, groove_parameters(theta))
        color = OKABE_ITO[i % len(OKABE_ITO)]
        ax1.plot(u, fm, color=color, label=f"MPFL {theta:g}°")
        ax1.plot(u, fl, "--", color=color, label=f"lateral PFL {theta:g}°")
    ax1.axhline(0.0, color="0.6", lw=0.6)
    ax1.axvline(0.0, color="0.6", lw=0.6)
    _style(
        ax1,
        "lateral shift of the patella [mm]",
        "lateral force on the patella [N]",
        "Restraints: equivalent Blankevoort springs",
    )
    ax1.legend(fontsize=7, ncol=2)
    return fig


def _draw_force_strain(ax, T):
    """Blankevoort 1991 force [N] against strain of the restraint groups (``T`` the table)."""
    eps = np.linspace(-0.02, 0.15, 341)
    et = T.TRANSITION_STRAIN

    def force(k):
        return np.where(
            eps <= 0, 0.0, np.where(eps < et, 0.5 * k / et * eps**2, k * (eps - et / 2))
        )

    groups = (
        (f"MPFL ({T.MPFL_BUNDLES} bundles)", T.MPFL_LINEAR_STIFFNESS_N, OKABE_ITO[0]),
        (f"lateral PFL ({T.LATERAL_PFL_BUNDLES})", T.LATERAL_PFL_LINEAR_STIFFNESS_N, OKABE_ITO[1]),
    )
    for label, k, color in groups:
        ax.plot(eps, force(k), color=color, label=label)
    ax.axvline(et, color="0.6", lw=0.6, ls=":")
    _style(ax, "strain [-]", "restraint force [N]", "Force-strain (Blankevoort 1991, ε_t = 0.06)")
    twin = ax.twinx()
    pt = force(T.TENDON_STIFFNESS_N)
    (line,) = twin.plot(eps, pt, color=OKABE_ITO[2], ls="--")
    twin.set_ylim(0.0, 2.0 * pt.max())  # its own scale, drawn below the ligaments' curves
    twin.set_ylabel("patellar tendon force [N] (dashed, right axis)")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        [*handles, line],
        [*labels, f"patellar tendon ({T.TENDON_BUNDLES} bundles)"],
        fontsize=7,
        loc="upper left",
    )
