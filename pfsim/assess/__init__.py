"""Individual assessment: which contributors drive a runner's stress, and which change helps most.

The seed article's conclusion (``../shared/seed/runners-knee-article.txt``): every runner with
patellofemoral pain needs an individual assessment, because the runner driven by hip weakness needs a
different programme from the runner whose driver is a sudden training-load increase. :func:`assess`
answers it mechanically, per runner, on the public model (:func:`pfsim.runner.stance_inputs`,
:func:`pfsim.gait.stance`, the chain of :mod:`pfsim.training`):

- **Attribution**: each outcome's excess over a reference runner split over the seven contributor
  groups (:data:`GROUPS`; every :class:`~pfsim.runner.Runner` field in exactly one,
  :data:`FIELD_GROUPS`) by exact Shapley values over all ``2⁷`` coalitions, evaluated in one
  vectorised stance batch.
- **Interventions** (:data:`INTERVENTIONS`): each with its evidence and the input change it makes,
  ranked by the predicted change of the primary outcome.
- **Uncertainty**: the same over scrambled Sobol draws of :meth:`pfsim.runner.Assumptions.ranges`
  (median and 90 % interval; the probability that each intervention ranks first).
- **Plan** (with a history): weekly distances from the end of the history to a target that keep the
  overload index at or under a threshold, with the best intervention applied.

Outcomes (:data:`OUTCOMES`): peak lateral facet stress, peak mean contact stress and peak contact
pressure of a flat step at the runner's easy speed (the frontal joint model's outputs:
:class:`pfsim.joint.JointLoad` ``lateral_facet_stress_MPa``, ``contact_stress_MPa``,
``peak_pressure_MPa``), the stress dose per km of the runner's habitual mix of easy, hill and fast
running (:func:`pfsim.training.dose_per_km_MPa_s`, weighted by the shares), and with a history the
peak overload index (:func:`pfsim.training.weekly_load`).

Modules: :mod:`~pfsim.assess.groups` (groups, Shapley), :mod:`~pfsim.assess.evaluate` (the batch),
:mod:`~pfsim.assess.interventions` (the catalogue), :mod:`~pfsim.assess.core` (:func:`assess`,
:class:`Assessment`), :mod:`~pfsim.assess.report` (text, Markdown and tables),
:mod:`~pfsim.assess.cohort` (:func:`assess_cohort`: many profiles, vectorised, for
:func:`pfsim.sweep.run_sweep`).
"""

from __future__ import annotations

from .cohort import COHORT_INPUTS, assess_cohort
from .core import DEFAULT_DRAWS, OVERLOAD_THRESHOLD, Assessment, assess, check_history
from .evaluate import OUTCOME_LABELS, OUTCOMES, evaluate
from .groups import (
    FIELD_GROUPS,
    GROUP_LABELS,
    GROUPS,
    NON_INPUT_FIELDS,
    coalition_runner,
    group_fields,
    shapley_values,
)
from .interventions import INTERVENTIONS, Intervention, intervention_names

__all__ = [
    "assess",
    "assess_cohort",
    "COHORT_INPUTS",
    "Assessment",
    "check_history",
    "evaluate",
    "DEFAULT_DRAWS",
    "OVERLOAD_THRESHOLD",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "GROUPS",
    "GROUP_LABELS",
    "FIELD_GROUPS",
    "NON_INPUT_FIELDS",
    "coalition_runner",
    "group_fields",
    "shapley_values",
    "INTERVENTIONS",
    "Intervention",
    "intervention_names",
]
