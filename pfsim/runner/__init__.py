"""A runner profile: the clinical contributors to patellofemoral pain mapped onto model inputs.

The contributors are those of ``../shared/seed/runners-knee-article.txt``: weak hip abductors (hip drop,
femoral internal rotation), an under-active VMO or weak quadriceps, training load (mileage jumps,
hills, speed work; :mod:`pfsim.training`), running mechanics (hip adduction, pelvic drop, cadence),
foot pronation, tight lateral structures. :class:`Runner` gathers them (a frozen dataclass, loadable
from TOML with :func:`load_runner`); one documented function per contributor maps the profile onto
the inputs of :func:`pfsim.gait.stance` and :func:`pfsim.patellofemoral_load`:

===========================  ===================================================================
contributor                  mechanism (function)
===========================  ===================================================================
static alignment (Q-angle)   :func:`static_q_angle_deg` → ``q_angle_deg``
hip abductors                :func:`hip_abductor_mechanism`: capacity vs the hip-abduction moment
                             demand of stance → peak hip adduction and contralateral pelvic drop
hip external rotators        :func:`hip_external_rotator_mechanism` → peak femoral internal rotation
foot pronation               :func:`pronation_mechanism` → peak tibial internal rotation (coupling
                             0.68, cited)
quadriceps strength          :func:`quadriceps_demand_rel` → share of capacity that stance demands
                             (reported; it changes nothing mechanically, see its docstring)
VMO activation               :func:`vmo_mechanism` → ``vmo_activation``
lateral tightness            :func:`lateral_tightness_mechanism` → ``lateral_retinaculum_N``
running (speed, step rate)   passed to the stance model; :func:`step_rate_at_speed_spm` for other
                             speeds
training load                :mod:`pfsim.training`; the profile reaches the overload index through
                             the lateral facet dose against :func:`reference_runner`'s capacity
                             (options of :func:`pfsim.training.weekly_load`)
===========================  ===================================================================

Strength and movement are separate levers (Willy & Davis 2011): the kinematic mechanisms use the
strength the running pattern was learned with (``habitual_*`` fields, default: the current
strength). Strengthening alone (:func:`strengthen`) raises the current strength and the reported
capacity but leaves stance kinematics unchanged; only ``gait_retrained = true``
(:func:`retrain_gait`) lets the current strength set the kinematics.

Where the literature pins a relation down it is cited; where it does not, the relation is a pfsim
assumption with a default and a range, gathered in :class:`Assumptions` (one place, for sweeps).
No parameter is fitted to a published intervention effect or case-control difference
(``../shared/REFERENCES.md``); ``validation/runner_*`` compares the predictions with them.

Modules: :mod:`~pfsim.runner.assumptions` (:class:`Assumptions`), :mod:`~pfsim.runner.profile`
(:class:`Runner`, TOML), :mod:`~pfsim.runner.mechanisms` (one function per contributor,
:func:`mechanism_inputs`, :func:`stance_inputs`), :mod:`~pfsim.runner.simulate` (:func:`simulate`,
:func:`profile_report`, :func:`strengthen`, :func:`retrain_gait`, :func:`reference_runner`); every
name is importable from :mod:`pfsim.runner`.

References
----------
.. [Heiderscheit2011] Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB (2011). Effects of
   step rate manipulation on joint mechanics during running. Med Sci Sports Exerc 43(2):296-302.
   doi:10.1249/MSS.0b013e3181ebedf4, Table 3 (preferred step rate, 45 runners).
.. [Bramah2018] Bramah C, Preece SJ, Gill N, Herrington L (2018). Is there a pathological gait
   associated with common soft tissue running injuries? Am J Sports Med 46(12):3023-3031,
   doi:10.1177/0363546518793657, PMID 30193080 (volume, issue and pages checked against the PubMed
   record), Tables 3-4 (healthy runners at 3.2 m/s: contralateral pelvic drop 3.7 ± 1.9°, hip
   internal rotation 4.4 ± 6.8°).
.. [vanOeveren2019] van Oeveren BT, de Ruiter CJ, Beek PJ, Rispens SM, van Dieën JH (2019).
   Inter-individual differences in stride frequencies during running obtained from wearable data.
   J Sports Sci 37(17):1996-2006 (256 runners, 1.64-4.68 m/s): preferred stride frequency
   75.01 + 3.006 v strides/min [abstract; ``REFERENCES.md`` §3b].
.. [Coupling0.68] Calcaneal eversion → tibial internal rotation coupling 0.68 ± 0.15, in vitro
   (PMC5987802) [abstract; ``REFERENCES.md`` §2].
.. [WillyDavis2011] Willy RW, Davis IS (2011). The effect of a hip-strengthening program on mechanics
   during running and during a single-leg squat. J Orthop Sports Phys Ther 41(9):625-632: strength
   rose, running hip and knee mechanics did not change [abstract].
.. [Aglietti] Q-angle norms, men 14 ± 3°, women 17 ± 3° (Aglietti, quoted second-hand in
   ``REFERENCES.md`` §2b).
.. [Schmitz2014] Schmitz A, Russo K, Nicholson L, Noehren B (2014). Do novice runners have weak hips
   and bad running form? Gait Posture 40(1):82-86: in 38 healthy women isometric hip strength was not
   related to hip kinematics in running [abstract] (the lower end of the exponent range).
"""

from __future__ import annotations

from .assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from .mechanisms import (
    EVERSION_TIBIAL_ROTATION_COUPLING,
    HIP_ABDUCTION_MOMENT_PEAK_NM_KG,
    KNEE_EXTENSION_MOMENT_PEAK_NM_KG,
    PELVIC_DROP_PEAK_DEG,
    Q_ANGLE_NORMS_DEG,
    hip_abduction_demand_rel,
    hip_abductor_mechanism,
    hip_external_rotation_demand_rel,
    hip_external_rotator_mechanism,
    lateral_tightness_mechanism,
    mechanism_inputs,
    peak_vertical_grf_rel,
    preferred_step_rate_spm,
    pronation_mechanism,
    quadriceps_demand_rel,
    stance_inputs,
    static_q_angle_deg,
    step_rate_at_speed_spm,
    vmo_mechanism,
)
from .profile import (
    HIP_ABDUCTOR_STRENGTH_MIN_REL,
    RUNNER_SECTIONS,
    Runner,
    load_runner,
    runner_from_dict,
)
from .simulate import (
    REFERENCE_RUNNER_KEEPS,
    profile_report,
    reference_runner,
    retrain_gait,
    simulate,
    strengthen,
)

__all__ = [
    "Assumptions",
    "DEFAULT_ASSUMPTIONS",
    "Runner",
    "HIP_ABDUCTOR_STRENGTH_MIN_REL",
    "RUNNER_SECTIONS",
    "load_runner",
    "runner_from_dict",
    "static_q_angle_deg",
    "peak_vertical_grf_rel",
    "hip_abduction_demand_rel",
    "hip_external_rotation_demand_rel",
    "hip_abductor_mechanism",
    "hip_external_rotator_mechanism",
    "pronation_mechanism",
    "quadriceps_demand_rel",
    "vmo_mechanism",
    "lateral_tightness_mechanism",
    "step_rate_at_speed_spm",
    "preferred_step_rate_spm",
    "stance_inputs",
    "mechanism_inputs",
    "simulate",
    "profile_report",
    "strengthen",
    "retrain_gait",
    "reference_runner",
    "REFERENCE_RUNNER_KEEPS",
    "HIP_ABDUCTION_MOMENT_PEAK_NM_KG",
    "PELVIC_DROP_PEAK_DEG",
    "EVERSION_TIBIAL_ROTATION_COUPLING",
    "KNEE_EXTENSION_MOMENT_PEAK_NM_KG",
    "Q_ANGLE_NORMS_DEG",
]
