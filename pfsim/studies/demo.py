"""The demo (``pfsim demo``): sagittal curves, frontal free-body diagrams, and the mission studies."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..joint import patellofemoral_load
from ..plotting import sagittal_figure, save_figure
from ..plotting.studies import frontal_demo_figure
from ._scaffold import _quiet, _write_table
from .cadence import cadence_study
from .load import load_study
from .sensitivity import sensitivity_study
from .strength import strength_study

__all__ = [
    "DEFAULT_CASE",
    "FRONTAL_DEMO_CASES",
    "STUDIES",
    "frontal_demo",
    "mission_demo",
    "sagittal_curves",
    "sagittal_demo",
]

#: The default case of the sagittal demo: a 70 kg runner at the peak knee extension moment of running
#: at the preferred step rate, 2.5 N·m/kg (Heiderscheit et al. 2011 Med Sci Sports Exerc 43:296,
#: Table 3), i.e. 175 N·m, shown across knee flexion 0-90 deg.
DEFAULT_CASE = {"body_mass_kg": 70.0, "knee_extension_moment_Nm_kg": 2.5}


def sagittal_curves(knee_flexion_deg=None, knee_extension_moment_Nm: float = 175.0) -> dict:
    """Lever arm, k, contact area and stress curves of every fit, NaN outside each fit's range."""
    from ..joint import geometry as g

    theta = np.arange(0.0, 90.5, 1.0) if knee_flexion_deg is None else np.asarray(knee_flexion_deg)
    with _quiet():
        lever = {n: g.quadriceps_lever_arm_mm(theta, fit=n) for n in g.LEVER_ARM_FITS}
        k = {
            "k-model (Brechter & Powers 2002)": g.k_ratio(theta),
            "two-tendon, r = 1 (pfsim)": patellofemoral_load(
                theta, quad_force_N=1.0, model="two-tendon", area_fit="kernozek2015"
            ).k_ratio,
        }
        areas = {n: g.contact_area_mm2(theta, fit=n) for n in g.CONTACT_AREA_FITS}
        stress = {
            n: patellofemoral_load(
                theta, knee_extension_moment_Nm=knee_extension_moment_Nm, area_fit=n
            ).contact_stress_MPa
            for n in g.CONTACT_AREA_FITS
        }
    return {
        "knee_flexion_deg": theta,
        "lever_arm_mm": lever,
        "k_ratio": k,
        "contact_area_mm2": areas,
        "contact_stress_MPa": stress,
    }


def sagittal_demo(out_dir="pfsim-demo", *, figure_format="png", dpi=150) -> list[Path]:
    """Write the sagittal curves of the default case as CSV + provenance JSON + figure into ``out_dir``.

    ``figure_format`` (png, svg or pdf) and ``dpi`` are those of :func:`pfsim.plotting.save_figure`.
    """
    out = Path(out_dir)
    moment = DEFAULT_CASE["body_mass_kg"] * DEFAULT_CASE["knee_extension_moment_Nm_kg"]
    curves = sagittal_curves(knee_extension_moment_Nm=moment)
    cols = {"knee_flexion_deg": curves["knee_flexion_deg"]}
    for group, unit in (
        ("lever_arm_mm", "lever_arm_mm"),
        ("k_ratio", "k"),
        ("contact_area_mm2", "contact_area_mm2"),
        ("contact_stress_MPa", "contact_stress_MPa"),
    ):
        for name, values in curves[group].items():
            key = name.split(" ")[0].replace(",", "")
            cols[f"{unit}__{key}"] = values
    csv_path, prov_path = _write_table(
        out,
        "sagittal_curves",
        cols,
        notes=[
            f"pfsim sagittal curves; stress at a knee extension moment of {moment:g} N·m "
            "(70 kg x 2.5 N·m/kg, Heiderscheit 2011 Table 3)",
            "empty/nan outside each fit's data range",
        ],
        settings={"study": "sagittal_demo", "case": DEFAULT_CASE, "moment_Nm": moment},
    )
    png_path = save_figure(
        sagittal_figure(curves, moment),
        out / f"sagittal_curves.{figure_format}",
        format=figure_format,
        dpi=dpi,
    )
    return [png_path, csv_path, prov_path]


#: The frontal demo's states: a normal knee, and the same knee with the frontal contributors of the
#: clinical article changed one step each (Q-angle 20°, hip adduction 10°, VMO at half activation).
FRONTAL_DEMO_CASES = {
    "normal knee": {},
    "Q 20°, hip adduction 10°, VMO 0.5": {
        "q_angle_deg": 20.0,
        "hip_adduction_deg": 10.0,
        "vmo_activation": 0.5,
    },
}


def frontal_demo(
    out_dir="pfsim-demo", quad_force_N: float = 2500.0, *, figure_format="png", dpi=150
) -> list[Path]:
    """Frontal free-body diagrams (30° flexion) and facet curves (20-60°) for two knees.

    Writes ``frontal_free_body.png`` (the patella on the groove, to scale, for each case in
    :data:`FRONTAL_DEMO_CASES`) and ``frontal_facets.csv`` (+ provenance JSON): lateral and medial
    facet stress, lateral shift and tilt over 20-60° flexion at ``quad_force_N`` (the default
    contact-area fit, :data:`pfsim.joint.geometry.DEFAULT_CONTACT_AREA_FIT`).
    ``figure_format`` (png, svg or pdf) and ``dpi``: as :func:`pfsim.plotting.save_figure`.
    """
    out = Path(out_dir)
    panels = {label: _free_body_panel(quad_force_N, kw) for label, kw in FRONTAL_DEMO_CASES.items()}
    png = save_figure(
        frontal_demo_figure(panels),
        out / f"frontal_free_body.{figure_format}",
        format=figure_format,
        dpi=dpi,
    )

    theta = np.arange(20.0, 60.5, 5.0)
    cols = {"knee_flexion_deg": theta}
    for kw in FRONTAL_DEMO_CASES.values():
        key = "normal" if not kw else "altered"
        r = patellofemoral_load(theta, quad_force_N=quad_force_N, **kw)
        for name in (
            "lateral_facet_stress_MPa",
            "medial_facet_stress_MPa",
            "lateral_shift_mm",
            "lateral_tilt_deg",
        ):
            cols[f"{name}__{key}"] = getattr(r, name)
    csv_path, prov_path = _write_table(
        out,
        "frontal_facets",
        cols,
        notes=[
            f"pfsim frontal facets at a quadriceps force of {quad_force_N:g} N "
            f"({r.area_fit} areas)",
            f"altered = {FRONTAL_DEMO_CASES['Q 20°, hip adduction 10°, VMO 0.5']}",
        ],
        settings={
            "study": "frontal_demo",
            "cases": FRONTAL_DEMO_CASES,
            "quad_force_N": quad_force_N,
        },
    )
    return [png, csv_path, prov_path]


def _free_body_panel(quad_force_N: float, case: dict) -> tuple[tuple, dict]:
    """What :func:`pfsim.plotting.plot_frontal_free_body` draws for one case at 30° flexion.

    Returns ``(args, kwargs)`` for :func:`pfsim.plotting.studies.frontal_demo_figure`: the joint
    load of the case (computed here, so that the figure makes no model call).
    """
    load = patellofemoral_load(30.0, quad_force_N=quad_force_N, frontal=True, **case)
    return (load,), {}


# ------------------------------------------------------------------------------------------------
# Registry and the demo
# ------------------------------------------------------------------------------------------------
#: Mission studies by name (``pfsim study NAME``).
STUDIES = {
    "cadence": cadence_study,
    "strength": strength_study,
    "load": load_study,
    "sensitivity": sensitivity_study,
}


def mission_demo(out_dir="pfsim-demo", *, figure_format="png", dpi=150) -> list[Path]:
    """Cadence, strength and load studies on the default runner: figures and tables into ``out_dir``.

    What ``pfsim demo`` runs (a few seconds on 2 cores). Returns the written paths: for each study
    its figure (``figure_format``: png, svg or pdf, at ``dpi`` for a PNG), CSV and provenance JSON
    (and the load study's time courses).
    """
    paths: list[Path] = []
    for name in ("cadence", "strength", "load"):
        paths += STUDIES[name](out_dir=out_dir, figure_format=figure_format, dpi=dpi).paths
    return paths
