"""Running stance: spring-mass stance model, measured trials, per-step and per-km summaries.

- :func:`stance`: speed, step rate, body size, slope and load → knee state and joint load over stance;
- :func:`read_trial`, :func:`trial_load`: measured knee angle and moment (OpenSim .sto/.mot, CSV)
  through the same joint model;
- :func:`stance_summary`: peaks, stress-time integrals per step and per km.

Modules, bottom to top: :mod:`~pfsim.gait.springmass` (the spring-mass stance),
:mod:`~pfsim.gait.leg` (segment geometry: knee flexion and knee moment from the spring-mass state),
:mod:`~pfsim.gait.model` (:func:`stance` and :class:`StanceResult`), :mod:`~pfsim.gait.calibration`
(:func:`calibrate`, :data:`REFERENCE_SCENARIO`), :mod:`~pfsim.gait.summaries`,
:mod:`~pfsim.gait.trials`. Every name of the former ``pfsim.gait.stance`` module is importable from
here (``pfsim.gait.stance`` is the function).
"""

import sys as _sys
import types as _types

from .._checks import warn as _warn
from .calibration import CALIBRATION_TARGETS, REFERENCE_SCENARIO, calibrate
from .leg import (
    GRF_OFFSET_FOOT_FRACTION,
    HIP_ADDUCTION_PEAK_DEG,
    HIP_INTERNAL_ROTATION_PEAK_DEG,
    KNEE_FLEXION_INITIAL_CONTACT_DEG,
    KNEE_SHARE_OF_LEG_COMPRESSION,
    SEGMENT_FRACTIONS,
    frontal_profiles_deg,
    knee_extension_moment_Nm,
    knee_flexion_from_compression_deg,
)
from .model import GRADED_RUNNING_DATA_DEG, STANCE_AREA_FIT, StanceResult, stance
from .springmass import contact_time_s, duty_factor, periodic_spring_mass_gait, sine_wave_stance
from .summaries import SUMMARY_KEYS, StanceSummary, stance_summary
from .trials import Trial, read_sto, read_trial, trial_load

__all__ = [
    "CALIBRATION_TARGETS",
    "GRADED_RUNNING_DATA_DEG",
    "GRF_OFFSET_FOOT_FRACTION",
    "HIP_ADDUCTION_PEAK_DEG",
    "HIP_INTERNAL_ROTATION_PEAK_DEG",
    "KNEE_FLEXION_INITIAL_CONTACT_DEG",
    "KNEE_SHARE_OF_LEG_COMPRESSION",
    "REFERENCE_SCENARIO",
    "SEGMENT_FRACTIONS",
    "STANCE_AREA_FIT",
    "SUMMARY_KEYS",
    "StanceResult",
    "StanceSummary",
    "Trial",
    "calibrate",
    "contact_time_s",
    "duty_factor",
    "frontal_profiles_deg",
    "knee_extension_moment_Nm",
    "knee_flexion_from_compression_deg",
    "periodic_spring_mass_gait",
    "read_sto",
    "read_trial",
    "sine_wave_stance",
    "stance",
    "stance_summary",
    "trial_load",
]


#: Where each name of the former module ``pfsim.gait.stance`` lives now (every one is also here).
_FORMER_STANCE_MODULE = {
    **dict.fromkeys(
        (
            "SEGMENT_FRACTIONS",
            "KNEE_SHARE_OF_LEG_COMPRESSION",
            "GRF_OFFSET_FOOT_FRACTION",
            "KNEE_FLEXION_INITIAL_CONTACT_DEG",
            "HIP_ADDUCTION_PEAK_DEG",
            "HIP_INTERNAL_ROTATION_PEAK_DEG",
            "knee_flexion_from_compression_deg",
            "knee_extension_moment_Nm",
            "frontal_profiles_deg",
            "_chord_m",
            "_knee_position_m",
        ),
        "pfsim.gait.leg",
    ),
    **dict.fromkeys(
        (
            "STANCE_AREA_FIT",
            "GRADED_RUNNING_DATA_DEG",
            "StanceResult",
            "stance",
            "_joint_load",
            "_positive",
            "_check_inputs",
        ),
        "pfsim.gait.model",
    ),
    **dict.fromkeys(
        ("REFERENCE_SCENARIO", "CALIBRATION_TARGETS", "calibrate"), "pfsim.gait.calibration"
    ),
}


def _former_stance_getattr(name: str):
    """A name of the former module ``pfsim.gait.stance``, with a DeprecationWarning naming its home."""
    home = _FORMER_STANCE_MODULE.get(name)
    if home is None:
        raise AttributeError(f"module 'pfsim.gait.stance' has no attribute {name!r}")
    where = home if name.startswith("_") else f"pfsim.gait or {home}"
    _warn(
        f"the module pfsim.gait.stance was split (pfsim.gait.stance is the stance function); import "
        f"{name} from {where} instead.",
        DeprecationWarning,
    )
    return getattr(_sys.modules[home], name)


# ``from pfsim.gait.stance import REFERENCE_SCENARIO`` (the former module, hidden by the function of
# the same name) keeps working with a DeprecationWarning; the attribute pfsim.gait.stance stays the
# function.
_former = _types.ModuleType(
    __name__ + ".stance",
    "Deprecated: the former stance module, now pfsim.gait.leg/model/calibration.",
)
_former.__getattr__ = _former_stance_getattr
_former.__all__ = [n for n in _FORMER_STANCE_MODULE if not n.startswith("_")]
_sys.modules.setdefault(_former.__name__, _former)
