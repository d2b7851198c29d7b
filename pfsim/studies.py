"""Built-in studies: the model composed into tables and figures (``pfsim demo``)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from ._checks import PfsimRangeWarning
from .io import atomic_write_bytes, atomic_write_text, provenance, write_csv

__all__ = ["DEFAULT_CASE", "sagittal_curves", "sagittal_demo"]

#: The default case of the sagittal demo: a 70 kg runner at the peak knee extension moment of running
#: at the preferred step rate, 2.5 N·m/kg (Heiderscheit et al. 2011 Med Sci Sports Exerc 43:296,
#: Table 3), i.e. 175 N·m, shown across knee flexion 0-90 deg.
DEFAULT_CASE = {"body_mass_kg": 70.0, "knee_extension_moment_Nm_kg": 2.5}


def sagittal_curves(knee_flexion_deg=None, knee_extension_moment_Nm: float = 175.0) -> dict:
    """Lever arm, k, contact area and stress curves of every fit, NaN outside each fit's range."""
    from .joint import geometry as g
    from .joint import patellofemoral_load

    theta = np.arange(0.0, 90.5, 1.0) if knee_flexion_deg is None else np.asarray(knee_flexion_deg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
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


def sagittal_demo(out_dir="pfsim-demo") -> list[Path]:
    """Write the sagittal curves of the default case as CSV + provenance JSON + PNG into ``out_dir``."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from .plotting import sagittal_figure

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
    csv_path = write_csv(
        out / "sagittal_curves.csv",
        cols,
        comments=[
            f"pfsim sagittal curves; stress at a knee extension moment of {moment:g} N·m "
            "(70 kg x 2.5 N·m/kg, Heiderscheit 2011 Table 3)",
            "empty/nan outside each fit's data range",
        ],
    )
    prov = provenance({"study": "sagittal_demo", "case": DEFAULT_CASE, "moment_Nm": moment})
    prov_path = atomic_write_text(out / "sagittal_curves.json", json.dumps(prov, indent=2) + "\n")
    fig = sagittal_figure(curves, moment)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    import matplotlib.pyplot as plt

    plt.close(fig)
    png_path = atomic_write_bytes(out / "sagittal_curves.png", buf.getvalue())
    return [png_path, csv_path, prov_path]
