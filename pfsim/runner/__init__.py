"""A runner profile: the clinical contributors to patellofemoral pain mapped onto model inputs.

The contributors are those of ``../shared/seed/runners-knee-article.txt``: weak hip abductors (hip drop,
femoral internal rotation), an under-active VMO or weak quadriceps, training load (mileage jumps,
hills, speed work; :mod:`pfsim.training`), running mechanics (hip adduction, pelvic drop, cadence),
foot pronation, tight lateral structures. :class:`Runner` gathers them (a frozen dataclass, loadable
from TOML with :func:`load_runner`); one documented function per contributor maps the profile onto
the inputs of :func:`pfsim.gait.stance` and :func:`pfsim.patellofemoral_load`:

===========================  ===================================================================
contributor                  mechanism (function) → the output it reaches
===========================  ===================================================================
static alignment (Q-angle)   :func:`static_q_angle_deg` → ``q_angle_deg`` → lateral facet stress
hip abductors                :func:`hip_abductor_mechanism`: capacity vs the hip-abduction moment
                             demand of stance → peak hip adduction and contralateral pelvic drop →
                             knee abduction (× :attr:`Assumptions.knee_abduction_per_hip_adduction`)
                             → lateral facet stress
hip external rotators        :func:`hip_external_rotator_mechanism` → peak femoral internal rotation
                             → lateral facet stress
foot pronation               :func:`pronation_mechanism`: eversion → tibial internal rotation
                             (0.68, cited) → femoral internal rotation (share, an assumption with a
                             cited direction) → lateral facet stress (lowered: see its docstring)
quadriceps strength          :func:`quadriceps_mechanism` → the knee's share of leg compression →
                             **knee flexion under load** → moment, PFJRF, mean and facet stress,
                             dose; :func:`quadriceps_demand_rel` (share of capacity, reported)
VMO activation               :func:`vmo_mechanism` → ``vmo_activation`` → lateral facet stress
lateral tightness            :func:`lateral_tightness_mechanism` → ``lateral_retinaculum_N``
running (speed, step rate)   passed to the stance model (knee flexion, moment, stress, dose);
                             step rate also → hip adduction through the centre of mass's vertical
                             excursion (:func:`step_rate_hip_adduction_rel`);
                             :func:`step_rate_at_speed_spm` for other speeds
training load                :mod:`pfsim.training`; the profile reaches the overload index through
                             the dose and the habitual week's capacity (options of
                             :func:`pfsim.training.weekly_load`)
===========================  ===================================================================

Why quadriceps strength reaches knee flexion under load (issue 12): the seed article names weak
quadriceps as reducing "the ability to control the loading rate through the knee" and "increased peak
knee flexion angle under load" as raising patellofemoral stress. The stance model's sine-wave force
has no impact peak, so a loading rate is not an output it can move; knee flexion under load is, and
it reaches every stress output. The mechanism treats the leg as springs in series whose knee
stiffness scales with quadriceps capacity (:func:`quadriceps_mechanism`); its direction is the seed
article's, and measurements in other populations (ACL reconstruction, walking) point the other way
(less flexion, "quadriceps avoidance"): ``validation/runner_chain`` records both.

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
   (8 specimens, bone pins; PMC5987802) [abstract; ``REFERENCES.md`` §2].
.. [Cheung2011] Cheung RTH, Chung RCK, Ng GYF (2011). Efficacies of different external controls for
   excessive foot pronation: a meta-analysis. Br J Sports Med 45(9):743-751: foot orthoses −2.24°
   calcaneal eversion (95 % CI 1.42-3.07, 13 trials) [abstract].
.. [Hornestam2021] Hornestam JF et al. (2021). Foot pronation affects pelvic motion during the
   loading response phase of gait. Braz J Phys Ther 25(6):727-734, doi:10.1016/j.bjpt.2021.04.005:
   induced pronation, hip internal rotation +1.37° (walking) [abstract].
.. [Morin2005] Morin JB et al. (2005). A simple method for measuring stiffness during running. J Appl
   Biomech 21:167-180: the spring-mass Δy_c of :func:`com_vertical_excursion_m`.
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

from . import assumptions as _m_assumptions
from . import mechanisms as _m_mechanisms
from . import profile as _m_profile
from . import simulate as _m_simulate
from .assumptions import *  # noqa: F403
from .mechanisms import *  # noqa: F403
from .profile import *  # noqa: F403
from .simulate import *  # noqa: F403

__all__ = [
    *_m_assumptions.__all__,
    *_m_mechanisms.__all__,
    *_m_profile.__all__,
    *_m_simulate.__all__,
]
