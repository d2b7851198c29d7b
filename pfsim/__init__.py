"""pfsim: patellofemoral joint mechanics for runners.

Public names only; the physics lives in the submodules (:mod:`pfsim.joint`, ...).
"""

from ._checks import HistoryGapWarning, PfsimRangeWarning, PfsimUnitWarning, PfsimWarning
from ._version import __version__
from .assess import Assessment, assess  # the function shadows the subpackage's name here
from .gait import stance
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
from .runner import (
    Assumptions,
    Runner,
    load_runner,
    profile_report,
    retrain_gait,
    simulate,
    strengthen,
)
from .training import History, LoadResult, read_history, weekly_load

__all__ = [
    "Assessment",
    "Assumptions",
    "assess",
    "History",
    "LoadResult",
    "Runner",
    "load_runner",
    "profile_report",
    "read_history",
    "retrain_gait",
    "simulate",
    "stance",
    "strengthen",
    "weekly_load",
    "__version__",
    "CONTACT_AREA_FITS",
    "K_RATIO_FITS",
    "LEVER_ARM_FITS",
    "JointLoad",
    "HistoryGapWarning",
    "PfsimRangeWarning",
    "PfsimUnitWarning",
    "PfsimWarning",
    "contact_area_mm2",
    "k_ratio",
    "patellofemoral_load",
    "quadriceps_lever_arm_mm",
]
