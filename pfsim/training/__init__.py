"""Training load: weekly patellofemoral stress dose, an adapting capacity, and the overload index.

The chain (``../shared/DESIGN.md``):

1. **Conditions.** Each day or week of a running history (:class:`History`) splits its distance
   into easy flat running, hills (half up, half down at :attr:`Assumptions.hill_slope_deg`) and speed
   work (flat, at :attr:`Assumptions.speed_work_speed_factor` × the easy speed).
2. **Dose per km** of each distinct condition from the runner's stance model
   (:func:`pfsim.runner.simulate`, evaluated once for all distinct conditions together), one knee
   (every second step) [MPa·s/km]. Default ``dose_model="fatigue"``: the cumulative fatigue damage
   of the loading cycles, ``I_ref · Σ_cycles (σ_peak/σ_ref)^m`` (Edwards 2018's mechanical-fatigue
   framework: an S–N power law per cycle, Palmgren–Miner summation; σ_ref and I_ref: the peak and
   the stress–time integral of the runner's own flat stance), m =
   :attr:`Assumptions.dose_stress_exponent` (default 10, range 3-13, from tendon and meniscus S–N
   data; :func:`dose_per_km_MPa_s`). ``dose_model="stress_time"``: the plain stress–time integral
   per km (``pfsim.gait.summaries``), the dose before. The stress is ``dose_stress="mean"``
   (default: the mean contact stress) or ``"lateral_facet"`` (the frontal model's lateral facet
   stress, the one the frontal contributors raise; an option, see below).
3. **Dose** = Σ km × dose per km, per day, summed per week [MPa·s]. A weekly row's dose is spread
   over :attr:`Assumptions.week_run_days` evenly spaced days of its week (assumption; default all 7).
4. **Capacity** [MPa·s per week]: the exponentially weighted mean of the daily dose with time
   constant τ = :attr:`Assumptions.capacity_time_constant_days` (a one-component Banister
   impulse-response "fitness" term normalised to the dose it is adapted to, IJSPP 2022 17:810;
   ``REFERENCES.md`` §4), × 7. It starts at :attr:`Assumptions.initial_capacity_factor` (assumption,
   default 1, range 0.5-1.5) × the habitual week's dose (``Runner.weekly_distance_km``,
   ``hill_share``, ``speed_work_share``): the joint is taken to be adapted to the habitual training.
   ``capacity_reference="self"`` (default) adapts the capacity to the runner's own dose;
   ``"reference_runner"`` adapts it to the dose the same training gives the healthy reference runner
   of the same body, speed and training (:func:`pfsim.runner.reference_runner`).
5. **Overload index** of week w = dose of week w / capacity at the end of week w − 1 (the capacity the
   joint brings into the week). At a steady load it is 1 (``capacity_reference="self"``); > 1 means
   the week asked more than the joint is adapted to (the "envelope of function", Dye 2005,
   qualitative). No injury threshold is implied: none is cited.

Where the runner profile enters
-------------------------------
With the defaults (``dose_stress="mean"``, ``capacity_reference="self"``) the profile's clinical
contributors do **not** reach the overload index: the frontal contributors (hip abductors and
rotators, VMO, lateral tightness, pronation, Q-angle) leave the mean contact stress unchanged, and the
capacity is adapted to the runner's own dose, so every profile has index 1 at its habitual training.
The seed article's picture — contributors combining to push the joint past its tolerance — needs
both options: ``dose_stress="lateral_facet"`` (the stress those contributors raise) and
``capacity_reference="reference_runner"`` (the tolerance is what a knee with healthy mechanics
adapts to under the same training; the runner's excess stress from its mechanics is *not* adapted
to). The second is a pfsim assumption without a source: nothing was found on whether cartilage
adapts to stress raised by abnormal mechanics. It is an option, not the default, because (1) the
issue's dose is of the mean contact stress, (2) the lateral facet stress is undefined (NaN)
where the patella leaves the groove, so runs the mean stress handles would fail, and (3) the
self-anchored ratio is the usual acute:chronic form (``REFERENCES.md`` §4). Anchoring only the
*starting* capacity to the reference runner is not offered: the capacity would then adapt to the
runner's own dose within about 3τ and the profile's effect would be an artefact of where the history
starts. Measured (the bundled profiles, :mod:`pfsim.examples`, history ``steady``): the hip-driven
profile has index 1.000 with the defaults or with ``dose_stress="lateral_facet"`` alone, 1.581 with
``capacity_reference="reference_runner"`` alone (its quadriceps, 0.9, reach the mean stress through
knee flexion under load), 1.867 with both (fatigue dose; 1.046 and 1.063 with the stress–time
integral; ``validation/REPORT.md``, runner_published_effects); the load-driven profile (stronger
than the norm, habitual 30 km/week against the history's 25) starts at 0.833 with the defaults and
0.512 with both options (0.794 with the stress–time integral).

Hills and speed work
--------------------
The seed article names "the introduction of hill training or speed work" as a typical cause of
overload. With the default fatigue dose both raise the overload index at the same weekly distance:
:func:`add_hills` (30 % hills) gives 1.58 and :func:`add_speed_work` (20 % speed work) 1.70 in the
first changed week (a 40 % mileage jump gives 1.40); over the cited range of m, 1.03-2.2 and
1.07-2.3. Per km (:func:`dose_per_km_MPa_s`, default runner, 5.7°) the downhill peak stress is 19 %
higher and the uphill 20 % lower, the fast (1.25 ×) steps' 19 % higher: at m = 10 a downhill km does
5.8 × the flat km's damage, an uphill km 0.10 ×, a fast km 4.5 ×. With ``dose_model="stress_time"``
neither raises the index (0.996, 0.973): the integral cancels downhill (+23 %) against uphill
(−26 %) and faster running spends fewer, shorter stances per km (−14 %). These are predictions (m
comes from the fatigue literature, not from them): ``validation/training_nielsen2014``. Per mile at
±10 % step length the fatigue dose moves −81/+358 %, Willson et al. 2014's per-mile peak sum (m = 1)
−7.5/+14 % (pfsim −6.7/+6.9 %): ``validation/training_willson2014``.

For a steady weekly growth r the index settles at ``1 + r/α`` with ``α = 1 − e^(−7/τ)`` (0.154 at
τ = 42 d): graded progression keeps it above 1 by an amount set by τ, an assumption. Nielsen et al.
2014 (> 30 % weekly progression, HR 1.59 (0.96-2.66)) is compared in ``validation/training_*``.

Modules: :mod:`~pfsim.training.history` (:class:`History`, the CSV, the scenario generators),
:mod:`~pfsim.training.dose` (the stress dose), :mod:`~pfsim.training.capacity` (adapting capacity,
overload index, :func:`weekly_load`, :class:`LoadResult`); every name is importable from
:mod:`pfsim.training`.

History CSV (:func:`read_history`)
----------------------------------
Lines starting with ``#`` are comments. Each header name once; every row has exactly one field per
header column (an empty field keeps its comma). Rows in messages count data rows (comments and
blank lines excluded); field-count errors also give the file line. Columns (header names exact,
lower case):

- ``week`` (integer 1-520, in order; rows of the same week are added; a week not listed counts as
  0 km, with a :class:`HistoryGapWarning`) **or** ``date`` (ISO ``YYYY-MM-DD``, one row per running
  day; days not listed are rest days; weeks count 7-day blocks from the first date; at most 520
  weeks, 10 years);
- ``distance_km`` [km], ≥ 0;
- ``speed_m_s`` [m/s] **or** ``pace_min_km`` [minutes per km, decimal, e.g. 5.5 = 5:30] **or**
  ``pace`` as ``M:SS`` per km (whole minutes, 0 ≤ seconds < 60) — the easy speed, 2.3-5.5 m/s (pace 3:02-7:15 /km); empty = the
  runner's speed;
- ``hill_share`` and ``speed_work_share`` [-], 0-1 each, optional (default 0).
"""

from __future__ import annotations

from .._checks import HistoryGapWarning
from . import capacity as _m_capacity
from . import dose as _m_dose
from . import history as _m_history
from .capacity import *  # noqa: F403
from .dose import *  # noqa: F403
from .history import *  # noqa: F403
from .history import _history  # noqa: F401 (private; used by tests and studies)

__all__ = [*_m_capacity.__all__, *_m_dose.__all__, *_m_history.__all__, "HistoryGapWarning"]
