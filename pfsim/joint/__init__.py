"""Knee-level mechanics (no notion of running): geometry, sagittal chain, contact."""

from .geometry import (
    CONTACT_AREA_FITS,
    K_RATIO_FITS,
    LEVER_ARM_FITS,
    PATELLAR_LIGAMENT_ANGLE_FITS,
    contact_area_mm2,
    k_ratio,
    patellar_ligament_angle_deg,
    quadriceps_lever_arm_mm,
)
from .model import FrontalState, JointLoad, patellofemoral_load

__all__ = [
    "CONTACT_AREA_FITS",
    "K_RATIO_FITS",
    "LEVER_ARM_FITS",
    "PATELLAR_LIGAMENT_ANGLE_FITS",
    "FrontalState",
    "JointLoad",
    "contact_area_mm2",
    "k_ratio",
    "patellar_ligament_angle_deg",
    "patellofemoral_load",
    "quadriceps_lever_arm_mm",
]
