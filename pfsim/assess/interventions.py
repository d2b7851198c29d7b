"""The intervention catalogue: each with its evidence and the profile change it makes.

An intervention is a change of the runner profile (:class:`pfsim.runner.Runner`), made with the
public levers of :mod:`pfsim.runner` (:func:`~pfsim.runner.strengthen`,
:func:`~pfsim.runner.retrain_gait`, :func:`dataclasses.replace`); ``load_management`` changes the
training instead (with a history: each week capped so that the overload index stays under the
threshold; without one: flat easy running). The *size* of each change is a pfsim choice, stated in
:attr:`Intervention.change`; the evidence is for the intervention's clinical effect (pain,
function) or for its mechanical effect where that was measured, as each entry says. No size was
tuned to a result.

References
----------
.. [WillyDavis2011b] Willy RW, Davis IS (2011). The effect of a hip-strengthening program on
   mechanics during running and during a single-leg squat. J Orthop Sports Phys Ther 41(9):625-632
   (strength rose; running mechanics did not change) [abstract].
.. [Ferber2015] Ferber R, Bolgla L, Earl-Boehm JE, Emery C, Hamstra-Wright K (2015). Strengthening
   of the hip and core versus knee muscles for the treatment of patellofemoral pain: a
   multicenter randomized controlled trial. J Athl Train 50(4):366-377 [abstract, from memory;
   not checked against the full text].
.. [vanderHeijden2015] van der Heijden RA, Lankhorst NE, van Linschoten R, Bierma-Zeinstra SMA,
   van Middelkoop M (2015). Exercise for treating patellofemoral pain syndrome. Cochrane Database
   Syst Rev (1):CD010387 [abstract, from memory].
.. [Heiderscheit2011b] Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB (2011). Effects
   of step rate manipulation on joint mechanics during running. Med Sci Sports Exerc
   43(2):296-302 (+5 % and +10 % step rate lowered knee loading; ``REFERENCES.md`` §3).
.. [Lenhart2014] Lenhart RL, Thelen DG, Wille CM, Chumanov ES, Heiderscheit BC (2014). Increasing
   running step rate reduces patellofemoral joint forces. Med Sci Sports Exerc 46(3):557-564
   [abstract, from memory].
.. [Bramah2019] Bramah C, Preece SJ, Gill N, Herrington L (2019). A 10% increase in step rate
   improves running kinematics and clinical outcomes in runners with patellofemoral pain at 4
   weeks and 3 months. Am J Sports Med 47(14):3406-3413 [abstract, from memory].
.. [Nielsen2014] Nielsen RO, Parner ET, Nohr EA, Sørensen H, Lind M, Rasmussen S (2014).
   Excessive progression in weekly running distance and risk of running-related injuries. J Orthop
   Sports Phys Ther 44(10):739-747 (``REFERENCES.md`` §4).
.. [Esculier2018] Esculier JF, Bouyer LJ, Dubois B, et al. (2018). Is combining gait retraining or
   an exercise programme with education better than education alone in treating runners with
   patellofemoral pain? A randomised clinical trial. Br J Sports Med 52(10):659-666 [abstract,
   from memory].
.. [Collins2008] Collins N, Crossley K, Beller E, Darnell R, McPoil T, Vicenzino B (2008). Foot
   orthoses and physiotherapy in the treatment of patellofemoral pain syndrome: randomised
   clinical trial. BMJ 337:a1735 [abstract, from memory].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..runner import Runner, retrain_gait, strengthen

__all__ = ["Intervention", "INTERVENTIONS", "intervention_names", "STRENGTH_GAIN_REL"]

#: Strength gain of a strengthening programme [-]: ×1.2, and at least to the healthy norm (1.0);
#: a pfsim choice (8-12 week programmes in the trials above report gains of this order; not
#: checked against their tables), capped at the profile's 2.0.
STRENGTH_GAIN_REL = 1.2


@dataclass(frozen=True)
class Intervention:
    """One entry of the catalogue.

    Attributes
    ----------
    name : str
        Key (JSON, CLI).
    label : str
        For reports.
    evidence : str
        The citation(s) and what they show.
    change : str
        The profile (or training) change pfsim makes, in words.
    apply : callable or None
        Runner → the runner after the intervention; None for ``load_management`` with a history
        (a training change, computed by :func:`pfsim.assess.assess`).
    groups : tuple of str
        The contributor groups it acts on.
    """

    name: str
    label: str
    evidence: str
    change: str
    apply: Callable[[Runner], Runner] | None
    groups: tuple[str, ...]


def _stronger(x: float) -> float:
    return min(2.0, max(1.0, x * STRENGTH_GAIN_REL))


def _hip(r: Runner) -> Runner:
    s = strengthen(
        r,
        hip_abductor_factor=_stronger(r.hip_abductor_strength_rel) / r.hip_abductor_strength_rel,
        hip_external_rotator_factor=_stronger(r.hip_external_rotator_strength_rel)
        / r.hip_external_rotator_strength_rel,
    )
    return retrain_gait(s)


def _quads(r: Runner) -> Runner:
    s = strengthen(
        r, quadriceps_factor=_stronger(r.quadriceps_strength_rel) / r.quadriceps_strength_rel
    )
    # as for the hips: the stance kinematics follow the habitual strength until the running pattern
    # is retrained (pfsim.runner.quadriceps_mechanism; pfsim.runner.strengthen)
    return retrain_gait(replace(s, vmo_activation=max(1.0, r.vmo_activation)))


def _cadence(pct: float) -> Callable[[Runner], Runner]:
    def apply(r: Runner) -> Runner:
        return replace(r, step_rate_spm=min(220.0, r.resolved_step_rate_spm * (1 + pct / 100.0)))

    return apply


def _orthoses(r: Runner) -> Runner:
    x = r.rearfoot_eversion_excess_deg
    return replace(r, rearfoot_eversion_excess_deg=max(x - 2.0, min(x, 0.0)))


def _lateral(r: Runner) -> Runner:
    return replace(r, lateral_retinaculum_N=0.5 * r.lateral_retinaculum_N)


def _flat_easy(r: Runner) -> Runner:
    return replace(r, hill_share=0.0, speed_work_share=0.0)


_CADENCE_EVIDENCE = (
    "Heiderscheit et al. 2011 MSSE 43:296 (+5/+10 % step rate lowered knee loading); Lenhart et "
    "al. 2014 MSSE 46:557 (+10 % lowered patellofemoral force); Bramah et al. 2019 AJSM 47:3406 "
    "(+10 % retraining in runners with PFP: less pain)"
)

#: The catalogue, in a fixed order (the report ranks them).
INTERVENTIONS: tuple[Intervention, ...] = (
    Intervention(
        "hip_strengthening",
        "hip strengthening + movement retraining",
        "Ferber et al. 2015 J Athl Train 50:366 (hip programme: pain and function improved); Willy & "
        "Davis 2011 JOSPT 41:625 (strength alone did not change running mechanics, hence the "
        "retraining)",
        f"hip abductor and external-rotator strength ×{STRENGTH_GAIN_REL:g} (at least the norm, "
        "1.0), gait_retrained = true (the running pattern uses the new strength)",
        _hip,
        ("hip", "running_mechanics"),
    ),
    Intervention(
        "quadriceps_strengthening",
        "quadriceps (incl. VMO) strengthening",
        "van der Heijden et al. 2015 Cochrane CD010387 (exercise therapy lowers PFP pain); "
        "movement retraining as for the hips (Willy & Davis 2011: strength alone did not change "
        "running mechanics)",
        f"quadriceps strength ×{STRENGTH_GAIN_REL:g} (at least the norm), VMO activation raised "
        "to at least normal (1.0), gait_retrained = true (the running pattern uses the new strength)",
        _quads,
        ("quadriceps_vmo", "running_mechanics"),
    ),
    *(
        Intervention(
            f"gait_retraining_cadence_{tag}pct",
            f"cadence +{pct:g} %",
            _CADENCE_EVIDENCE,
            f"step rate +{pct:g} % at the same speed (at most 220 steps/min)",
            _cadence(pct),
            ("running_mechanics",),
        )
        for tag, pct in (("5", 5.0), ("7.5", 7.5), ("10", 10.0))
    ),
    Intervention(
        "load_management",
        "load management",
        "Nielsen et al. 2014 JOSPT 44:739 (>30 % progression: more injuries); Esculier et al. 2018 "
        "BJSM 52:659 (education on load management as effective as adding exercise or gait "
        "retraining)",
        "with a history: each week's distance capped so that the overload index stays at or under "
        "the threshold; without one: flat easy running (no hills, no speed work)",
        _flat_easy,
        ("training_load",),
    ),
    Intervention(
        "foot_orthoses",
        "foot orthoses",
        "Collins et al. 2008 BMJ 337:a1735 (orthoses better than flat inserts at 6 weeks)",
        "peak rearfoot eversion 2° lower (not below 0 when it was above; a pfsim choice)",
        _orthoses,
        ("foot_pronation",),
    ),
    Intervention(
        "lateral_tissue",
        "lateral tissue release / stretching",
        "no trial measured the change in lateral retinacular tension; the seed article names "
        "lateral tightness as a contributor",
        "extra lateral retinaculum tension halved (a pfsim choice)",
        _lateral,
        ("lateral_tightness",),
    ),
)


def intervention_names() -> tuple[str, ...]:
    """The names of the catalogue, in order."""
    return tuple(i.name for i in INTERVENTIONS)
