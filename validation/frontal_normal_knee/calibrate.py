"""Calibrate the one free number of the frontal model on the normal knee.

Huberti & Hayes 1984 (J Bone Joint Surg Am 66:715, abstract): in normal knees the contact pressure is
nearly uniform and the medial and lateral facet pressures are about equal. pfsim chooses the
screw-home tibial rotation (FrontalGeometry.screw_home_deg) so that, for the default (normal) knee,
the geometric mean of the lateral/medial mean facet pressure ratio over 20, 30, 40, 50 and 60 deg
flexion is 1. Contact areas from the salsich2003 fit (in-vivo MRI of pain-free knees, 0-60 deg).
Nothing else is fitted: every intervention effect is a prediction.

Run: ``python validation/frontal_normal_knee/calibrate.py`` (prints the value to put in
pfsim.joint.frontal.CALIBRATED_SCREW_HOME_DEG, rounded to 0.1 deg).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.optimize import brentq

import pfsim
from pfsim.joint import frontal as fr

ANGLES_DEG = np.array([20.0, 30.0, 40.0, 50.0, 60.0])
AREA_FIT = "salsich2003"
QUAD_FORCE_N = (
    2000.0  # the ratio depends weakly on the load; the tests check the band over 100-8000 N
)


def pressure_ratio(screw_home_deg: float, angles_deg=ANGLES_DEG) -> np.ndarray:
    geom = replace(fr.DEFAULT_FRONTAL_GEOMETRY, screw_home_deg=screw_home_deg)
    sag = pfsim.patellofemoral_load(angles_deg, quad_force_N=QUAD_FORCE_N, area_fit=AREA_FIT)
    out = fr.frontal_load(
        angles_deg, QUAD_FORCE_N, sag.joint_reaction_force_N, sag.contact_area_mm2, geometry=geom
    )
    return out["lateral_facet_stress_MPa"] / out["medial_facet_stress_MPa"]


def calibrate() -> float:
    return brentq(lambda s: np.mean(np.log(pressure_ratio(s))), 0.0, 20.0, xtol=1e-6)


if __name__ == "__main__":
    value = calibrate()
    print(f"screw_home_deg = {value:.4f} (put {value:.1f} in CALIBRATED_SCREW_HOME_DEG)")
    print("ratio at", ANGLES_DEG, "deg:", np.round(pressure_ratio(round(value, 1)), 3))
