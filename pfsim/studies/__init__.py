"""Built-in studies: the model composed with the sweep engine into tables and figures.

The mission studies (``pfsim study NAME``, ``pfsim demo``, ``experiments/``):

- :func:`cadence_study`: step rate −15 … +15 % of preferred at several speeds → peak mean and lateral
  facet stress, stress dose per step and per km;
- :func:`strength_study`: hip abductor, quadriceps and VMO capacity → hip adduction, lateral facet
  stress, peak stress;
- :func:`load_study`: weekly distance, progression, hills and speed work → dose, capacity and
  overload index;
- :func:`sensitivity_study`: Sobol' indices of stress and dose to the runner profile, for a
  population;
- :func:`mission_demo`: cadence, strength and load on the default runner (what ``pfsim demo`` runs).

Each study returns a :class:`StudyResult` (a :class:`pfsim.sweep.Table` of named arrays and, when
``out_dir`` is given, the written CSV, its provenance JSON and a PNG figure). Every number is a model
prediction: nothing is tuned to the published effects of cadence, strength or load changes
(``REFERENCES.md``: those are for validation only).

The studies compute; their figures are drawn by :mod:`pfsim.plotting.studies` (Okabe & Ito 2008
colour-blind-safe palette with distinct line styles and markers; every plotting function takes
``ax=None`` and returns the axes) and saved by :func:`pfsim.plotting.save_figure`. The plotting
functions are re-exported here under their old names.

Layout: :mod:`._scaffold` (:class:`StudyResult`, writing table + figure + provenance),
:mod:`.cadence`, :mod:`.strength`, :mod:`.load`, :mod:`.sensitivity`, :mod:`.demo` (the sagittal and
frontal demos, the registry :data:`STUDIES` and :func:`mission_demo`).
"""

from ..plotting.studies import (
    MARKERS,
    cadence_figure,
    plot_cadence,
    plot_dose_capacity,
    plot_load_grid,
    plot_overload_timelines,
    plot_profile_sensitivity,
    plot_quadriceps_demand,
    plot_strength,
    sensitivity_figure,
    strength_figure,
)
from ._scaffold import DEFAULT_RUNNER, StudyResult
from .cadence import (
    CADENCE_CHANGES_PCT,
    CADENCE_OUTPUTS,
    CADENCE_RELATIVE,
    CADENCE_SPEEDS_M_S,
    cadence_study,
)
from .demo import (
    DEFAULT_CASE,
    FRONTAL_DEMO_CASES,
    STUDIES,
    frontal_demo,
    mission_demo,
    sagittal_curves,
    sagittal_demo,
)
from .load import (
    LOAD_HILL_SHARES,
    LOAD_OUTPUTS,
    LOAD_PROGRESSION_PCT,
    LOAD_SPEED_WORK_SHARES,
    load_block_model,
    load_figure,
    load_study,
    load_timelines,
)
from .sensitivity import PROFILE_INPUTS, SENSITIVITY_OUTPUTS, profile_problem, sensitivity_study
from .strength import (
    STRENGTH_HIP_LEVELS,
    STRENGTH_OUTPUTS,
    STRENGTH_QUAD_LEVELS,
    STRENGTH_VMO_LEVELS,
    strength_study,
)

__all__ = [
    # studies
    "STUDIES",
    "StudyResult",
    "cadence_study",
    "load_study",
    "sensitivity_study",
    "strength_study",
    "mission_demo",
    "sagittal_demo",
    "frontal_demo",
    "sagittal_curves",
    "load_block_model",
    "load_timelines",
    "profile_problem",
    # settings
    "CADENCE_CHANGES_PCT",
    "CADENCE_OUTPUTS",
    "CADENCE_RELATIVE",
    "CADENCE_SPEEDS_M_S",
    "DEFAULT_CASE",
    "DEFAULT_RUNNER",
    "FRONTAL_DEMO_CASES",
    "LOAD_HILL_SHARES",
    "LOAD_OUTPUTS",
    "LOAD_PROGRESSION_PCT",
    "LOAD_SPEED_WORK_SHARES",
    "PROFILE_INPUTS",
    "SENSITIVITY_OUTPUTS",
    "STRENGTH_HIP_LEVELS",
    "STRENGTH_OUTPUTS",
    "STRENGTH_QUAD_LEVELS",
    "STRENGTH_VMO_LEVELS",
    # figures (pfsim.plotting.studies; load_figure also computes missing time courses)
    "MARKERS",
    "cadence_figure",
    "load_figure",
    "plot_cadence",
    "plot_dose_capacity",
    "plot_load_grid",
    "plot_overload_timelines",
    "plot_profile_sensitivity",
    "plot_quadriceps_demand",
    "plot_strength",
    "sensitivity_figure",
    "strength_figure",
]
