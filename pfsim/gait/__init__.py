"""Running stance: spring-mass stance model, measured trials, per-step and per-km summaries.

- :func:`stance`: speed, step rate, body size, slope and load → knee state and joint load over stance;
- :func:`read_trial`, :func:`trial_load`: measured knee angle and moment (OpenSim .sto/.mot, CSV)
  through the same joint model;
- :func:`stance_summary`: peaks, stress-time integrals per step and per km.
"""

from .springmass import contact_time_s, duty_factor, periodic_spring_mass_gait, sine_wave_stance
from .stance import StanceResult, calibrate, stance
from .summaries import SUMMARY_KEYS, StanceSummary, stance_summary
from .trials import Trial, read_sto, read_trial, trial_load

__all__ = [
    "SUMMARY_KEYS",
    "StanceResult",
    "StanceSummary",
    "Trial",
    "calibrate",
    "contact_time_s",
    "duty_factor",
    "periodic_spring_mass_gait",
    "read_sto",
    "read_trial",
    "sine_wave_stance",
    "stance",
    "stance_summary",
    "trial_load",
]
