"""pfsim: patellofemoral joint mechanics for runners.

Public names only; the physics lives in the submodules (:mod:`pfsim.joint`, ...).
"""

from ._checks import PfsimRangeWarning, PfsimUnitWarning
from ._version import __version__
from .joint import (
    CONTACT_AREA_FITS,
    K_RATIO_FITS,
    LEVER_ARM_FITS,
    JointLoad,
    contact_area_mm2,
    k_ratio,
    patellofemoral_load,
    quadriceps_lever_arm_mm,
)

__all__ = [
    "__version__",
    "CONTACT_AREA_FITS",
    "K_RATIO_FITS",
    "LEVER_ARM_FITS",
    "JointLoad",
    "PfsimRangeWarning",
    "PfsimUnitWarning",
    "contact_area_mm2",
    "k_ratio",
    "patellofemoral_load",
    "quadriceps_lever_arm_mm",
]
