"""Peak running PFJ stress and force from typical running inputs, against published ranges."""

from pathlib import Path

import pytest

import pfsim
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent
G = 9.81
# Fits whose data cover the typical running peak angle of 46.3 deg.
RUNNING_FITS = [n for n, f in pfsim.CONTACT_AREA_FITS.items() if f.valid_range_deg[1] >= 46.3]


def _rows():
    return {r["quantity"]: r for r in read_commented_csv(HERE / "data.csv")}


@pytest.mark.parametrize("fit", RUNNING_FITS)
def test_running_peak_stress_in_published_range(fit, vcase):
    row = _rows()["contact_stress_MPa"]
    mass = 70.0  # kg
    r = pfsim.patellofemoral_load(
        float(row["knee_flexion_deg"]),
        knee_extension_moment_Nm=float(row["moment_Nm_kg"]) * mass,
        area_fit=fit,
    )
    lo, hi = float(row["low"]), float(row["high"])
    value = float(r.contact_stress_MPa)
    ok = vcase(
        case=f"running peak stress, 70 kg, {fit}",
        source="inputs Heiderscheit 2011 T3; range Nunes 2018 T5",
        published=f"{lo:g}-{hi:g}",
        pfsim=value,
        tolerance="inside the published range",
        passed=lo <= value <= hi,
    )
    assert ok


def test_running_peak_jrf_in_body_weights(vcase):
    row = _rows()["joint_reaction_force_bw"]
    r = pfsim.patellofemoral_load(
        float(row["knee_flexion_deg"]),
        knee_extension_moment_Nm=float(row["moment_Nm_kg"]) * 70.0,
        area_fit="salsich2003",
    )
    value = float(r.joint_reaction_force_N) / (70.0 * G)
    lo, hi = float(row["low"]), float(row["high"])
    ok = vcase(
        case="running peak PFJRF [BW]",
        source="inputs Heiderscheit 2011 T3; Hart 2022 BJSM 5.2±1.2 BW",
        published="5.2 ± 1.2",
        pfsim=value,
        tolerance="mean ± 1 SD",
        passed=lo <= value <= hi,
    )
    assert ok
