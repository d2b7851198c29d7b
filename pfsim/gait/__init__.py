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
