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
.. [vanOeveren2019] van Oeveren BT, de Ruiter CJ, Beek PJ, van Dieën JH (2019). Optimal stride
   frequencies in running at different speeds. PLoS One (256 runners, 1.64-4.68 m/s): preferred stride
   frequency 75.01 + 3.006 v strides/min [abstract; ``REFERENCES.md`` §3b].
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

import math
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from ..gait import (
    HIP_ADDUCTION_PEAK_DEG,
    HIP_INTERNAL_ROTATION_PEAK_DEG,
    REFERENCE_SCENARIO,
    StanceResult,
    stance,
)
from ..gait.springmass import duty_factor
from ..joint.frontal import DEFAULT_Q_ANGLE_DEG, FRONTAL_INPUT_LIMITS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "Assumptions",
    "DEFAULT_ASSUMPTIONS",
    "Runner",
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

#: Peak hip abduction moment of stance at the preferred step rate [N·m/kg]: 1.8 ± 0.4 (Heiderscheit
#: et al. 2011, Table 3): the hip-abductor demand of the healthy reference runner.
HIP_ABDUCTION_MOMENT_PEAK_NM_KG = 1.8

#: Peak contralateral pelvic drop in stance [deg]: 3.7 ± 1.9 (Bramah et al. 2018, healthy runners).
PELVIC_DROP_PEAK_DEG = 3.7

#: Peak knee extension moment of stance at the preferred step rate [N·m/kg]: 2.5 ± 0.6 (Heiderscheit
#: et al. 2011, Table 3): the quadriceps demand of the healthy reference runner.
KNEE_EXTENSION_MOMENT_PEAK_NM_KG = 2.5

#: Calcaneal eversion → tibial internal rotation coupling [deg/deg]: 0.68 ± 0.15 (in vitro,
#: PMC5987802; ``REFERENCES.md`` §2).
EVERSION_TIBIAL_ROTATION_COUPLING = 0.68

#: Static Q-angle norms by sex [deg] (Aglietti, via ``REFERENCES.md`` §2b); "unspecified" is the
#: joint model's default 15.5, between the two.
Q_ANGLE_NORMS_DEG = {"male": 14.0, "female": 17.0, "unspecified": DEFAULT_Q_ANGLE_DEG}


# --------------------------------------------------------------------------------------------------
# Assumptions: every relation the literature does not pin down, in one place
# --------------------------------------------------------------------------------------------------
def _assumption(default, lo, hi, doc):
    return field(default=default, metadata={"range": (lo, hi), "doc": doc})


@dataclass(frozen=True)
class Assumptions:
    """The pfsim assumptions behind the runner mechanisms and the training model.

    None of these is a measured or fitted number: each is a documented choice with a default and a
    range a sweep can vary (:meth:`ranges`). ``validation/runner_*`` and ``validation/training_*``
    report what the defaults predict next to published effects; nothing here was tuned to them.

    Attributes
    ----------
    strength_kinematics_exponent : float
        ``n`` in peak angle = baseline × (demand/capacity relative to the norm)ⁿ for the hip
        abductors and external rotators (:func:`hip_abductor_mechanism`). 1 (default) treats the hip
        as a spring whose stiffness scales with muscle capacity: under the same moment, the excursion
        is inversely proportional to strength. 0 makes strength irrelevant to kinematics (Schmitz
        et al. 2014 found no strength-kinematics relation in healthy runners). Range 0-2.
    pronation_femoral_share : float
        Share of the pronation-driven tibial internal rotation passed on to the femur (the
        "chain reaction upward" of the seed article; no coupling value was found). Default 0: the
        femur does not follow. Range 0-1 (1: the femur rotates with the tibia, no change at the knee).
    hill_slope_deg : float
        Incline of the "hill" share of a run [deg], run as equal distances up and down. Default 5.7°
        (a 10 % grade); range 2-10°.
    speed_work_speed_factor : float
        Speed of the "speed work" share relative to the run's easy speed [-]. Default 1.25; range
        1.1-1.5. Step rate follows the runner's preferred-rate relation (:func:`step_rate_at_speed_spm`).
    capacity_time_constant_days : float
        Time constant of the adapting capacity [days] (:mod:`pfsim.training`): the exponentially
        weighted load the joint is adapted to. No adaptation time constant of patellofemoral
        cartilage was found (``REFERENCES.md`` §4); the default 42 d is the Banister "fitness"
        convention, the range 4-51 d the published span of fitness time constants (IJSPP 2022
        17:810).
    dose_stress_exponent : float
        ``m`` in the dose ∫ σ (σ/σ_ref)^(m−1) dt (σ_ref: the peak of the same stress on the flat at
        the runner's own speed; :func:`pfsim.training.dose_per_km_MPa_s`). Default 1: the plain
        stress–time integral of the issue. ``m > 1`` weighs high-stress steps (downhill, fast) more,
        as fatigue-damage laws would; no value for patellofemoral cartilage was found. Range 1-4.
    hip_demand_grf_exponent : float
        ``k`` in hip-abduction moment demand ∝ (peak vertical ground reaction force)^k, relative to
        the reference runner (:func:`hip_abduction_demand_rel`). Default 1: the moment scales with
        the force at an unchanged frontal lever arm. No measurement of the frontal lever arm across
        speeds was found; range 0-2 (0: the demand does not change with speed).
    external_rotator_demand_grf_exponent : float
        The same exponent for the hip external-rotator demand
        (:func:`hip_external_rotation_demand_rel`). Default 1 (scales like the abduction demand);
        range 0-2. No transverse-plane hip moment across speeds was used.
    step_rate_speed_exponent : float
        ``s`` in ``f(v) = f_runner · (f_pref(v) / f_pref(v_runner))^s``
        (:func:`step_rate_at_speed_spm`): how a runner's step rate follows the preferred-rate
        relation of van Oeveren 2019 across speeds. Default 1: the runner's ratio to the preferred
        rate is kept (a runner 5 % above it stays 5 % above it). Range 0-2 (0: the step rate does not
        change with speed, all of the change is in stride length; 2: twice the population's relative
        rise). The population relation is cited; how one runner's rate follows it is not.
    week_run_days : float (a whole number)
        Days a *weekly* history row is spread over (:func:`pfsim.training.weekly_load`): the week's
        dose on ``n`` evenly spaced days (day indices ``floor(7k/n)``, k = 0..n−1). Default 7 (every
        day, the smoothest spread; the steady-load index is then exactly 1). Range 1-7. With fewer
        days the capacity at a week's end depends on where in the week the runs fall: the steady
        index moves off 1 by about ±(7/τ)/2 (a few %, at τ = 42 d). Daily histories are not affected.
    initial_capacity_factor : float
        Capacity at the start of a history = this × the habitual week's dose
        (:func:`pfsim.training.weekly_load`): the joint is taken to be adapted to the profile's
        habitual training (``[training]`` section). Default 1 (fully adapted). Range 0.5-1.5: the
        habitual week and its adaptation are known only roughly (assumption; no data).
    """

    strength_kinematics_exponent: float = _assumption(
        1.0, 0.0, 2.0, "peak hip angle ∝ (relative demand/capacity)^n"
    )
    pronation_femoral_share: float = _assumption(
        0.0, 0.0, 1.0, "share of pronation-driven tibial rotation passed to the femur"
    )
    hill_slope_deg: float = _assumption(5.7, 2.0, 10.0, "hill incline, equal distance up and down")
    speed_work_speed_factor: float = _assumption(1.25, 1.1, 1.5, "speed-work speed / easy speed")
    capacity_time_constant_days: float = _assumption(
        42.0, 4.0, 51.0, "adapting-capacity time constant (Banister fitness range)"
    )
    dose_stress_exponent: float = _assumption(1.0, 1.0, 4.0, "stress exponent of the dose")
    hip_demand_grf_exponent: float = _assumption(
        1.0, 0.0, 2.0, "hip-abduction demand ∝ (peak vertical GRF)^k"
    )
    external_rotator_demand_grf_exponent: float = _assumption(
        1.0, 0.0, 2.0, "hip external-rotator demand ∝ (peak vertical GRF)^k"
    )
    step_rate_speed_exponent: float = _assumption(
        1.0, 0.0, 2.0, "step rate ∝ f_runner · (f_pref(v) / f_pref(v_runner))^s"
    )
    week_run_days: float = _assumption(
        7.0, 1.0, 7.0, "days a weekly history row is spread over (a whole number)"
    )
    initial_capacity_factor: float = _assumption(
        1.0, 0.5, 1.5, "starting capacity / the habitual week's dose"
    )

    def __post_init__(self):
        for f in fields(self):
            lo, hi = f.metadata["range"]
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
                raise ValueError(
                    f"Assumptions.{f.name} must be a number between {lo:g} and {hi:g} "
                    f"({f.metadata['doc']}); got {v!r}."
                )
        if float(self.week_run_days) != int(self.week_run_days):
            raise ValueError(
                "Assumptions.week_run_days must be a whole number of days from 1 to 7 "
                f"(days a weekly history row is spread over); got {self.week_run_days!r}."
            )

    @classmethod
    def ranges(cls) -> dict[str, tuple[float, float]]:
        """Name → (low, high): the range each assumption may be swept over."""
        return {f.name: f.metadata["range"] for f in fields(cls)}

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_ASSUMPTIONS = Assumptions()


# --------------------------------------------------------------------------------------------------
# The profile
# --------------------------------------------------------------------------------------------------
def _spec(section, default, doc, *, lo=None, hi=None, choices=None, kind=float):
    return field(
        default=default,
        metadata={
            "section": section,
            "doc": doc,
            "lo": lo,
            "hi": hi,
            "choices": choices,
            "kind": kind,
        },
    )


@dataclass(frozen=True)
class Runner:
    """A runner profile; the defaults are a healthy recreational runner (issue 4's reference runner).

    Every field carries its unit (``_rel``: relative to the healthy norm, 1 = norm). In TOML each field
    sits in the section named below (:data:`RUNNER_SECTIONS`); a field left out takes its default.

    Attributes
    ----------
    name : str
        [profile] Label (default "healthy reference").
    body_mass_kg, height_m : float
        [anthropometry] 70 kg, 1.75 m: the reference runner of the stance calibration
        (:data:`pfsim.gait.stance.REFERENCE_SCENARIO`). Allowed 35-150 kg, 1.40-2.10 m.
    sex : {"unspecified", "female", "male"}
        [anthropometry] Sets the default Q-angle (:data:`Q_ANGLE_NORMS_DEG`); nothing else.
    q_angle_deg : float or None
        [alignment] Static Q-angle [deg]; None (omitted) = the norm for ``sex`` (Aglietti: men 14,
        women 17; unspecified 15.5). Allowed 5-30°.
    rearfoot_eversion_excess_deg : float
        [alignment] Peak rearfoot eversion (pronation) in stance beyond the healthy reference [deg].
        Default 0 by definition (the healthy reference runner, whose tibial rotation the stance
        model holds at its static posture). Allowed -10 to 15° (an assumption: wider than the
        coupling study's range).
    quadriceps_strength_rel, hip_abductor_strength_rel, hip_external_rotator_strength_rel : float
        [strength] Maximal strength relative to the healthy norm (1 = the norm, e.g. 0.75 = 25 %
        weaker; people with patellofemoral pain had 21-25 % lower isometric hip-abduction strength
        than controls, PMID 30471549 [abstract]). Default 1. Allowed 0.3-2.0 (an assumption, not a
        cited span: it covers the PFP deficit with a wide margin below and a doubling through
        training above).
    habitual_hip_abductor_strength_rel, habitual_hip_external_rotator_strength_rel : float or None
        [strength] The strength the running pattern was learned with; None (omitted) = the current
        strength. Kinematics follow it unless ``gait_retrained`` (Willy & Davis 2011).
    vmo_activation : float
        [neuromuscular] VMO activation relative to normal (1 = normal, 0 = silent). Default 1 by
        definition: the normal knee the frontal model is calibrated on (Huberti & Hayes 1984,
        ``REFERENCES.md`` §2). Allowed 0-2 (an assumption: 0 = silent, 2 = twice the normal share;
        no cited span).
    lateral_tightness_N : float
        [lateral] Extra lateral retinaculum / iliotibial-band tension on the patella [N] beyond the
        normal knee. Default 0 (normal). Allowed 0-200 N (cadaver ITB tensions 0-90 N;
        the ITB-patellar band fails near 580 N; ``REFERENCES.md`` §2b).
    speed_m_s : float
        [running] Easy running speed [m/s], default 3.0 (reference runner). Allowed 2.3-5.5 m/s
        (the contact-time relation's data, 8-20 km/h).
    step_rate_spm : float or None
        [running] Step rate at ``speed_m_s`` [steps/min]; None (omitted) = the preferred rate of van
        Oeveren 2019, 2 × (75.01 + 3.006 v) = 168 at 3.0 m/s. Allowed 130-220 (an assumption: the
        preferred rates over the speed range, 164-183, ± about 20 %, twice the ± 10 % step-rate
        manipulations of Heiderscheit et al. 2011).
    foot_strike : {"rearfoot"}
        [running] Only rear-foot striking is supported: the stance model is calibrated on
        rear-foot-striker baselines.
    gait_retrained : bool
        [running] Whether the running pattern has been retrained to use the current strength.
        Default false.
    weekly_distance_km : float
        [training] Habitual weekly distance [km], default 25 (assumption: a recreational runner;
        allowed 0-250). It sets the starting capacity in :mod:`pfsim.training`.
    hill_share, speed_work_share : float
        [training] Share of the weekly distance on hills and as speed work [-], defaults 0 and 0
        (assumption: easy flat running); each 0-1, together at most 1.
    """

    name: str = _spec("profile", "healthy reference", "label", kind=str)
    body_mass_kg: float = _spec("anthropometry", 70.0, "body mass [kg]", lo=35.0, hi=150.0)
    height_m: float = _spec("anthropometry", 1.75, "height [m]", lo=1.40, hi=2.10)
    sex: str = _spec(
        "anthropometry", "unspecified", "sex", choices=("unspecified", "female", "male"), kind=str
    )
    q_angle_deg: float | None = _spec("alignment", None, "static Q-angle [deg]", lo=5.0, hi=30.0)
    rearfoot_eversion_excess_deg: float = _spec(
        "alignment", 0.0, "rearfoot eversion beyond the reference [deg]", lo=-10.0, hi=15.0
    )
    quadriceps_strength_rel: float = _spec(
        "strength", 1.0, "relative to the healthy norm", lo=0.3, hi=2.0
    )
    hip_abductor_strength_rel: float = _spec(
        "strength", 1.0, "relative to the healthy norm", lo=0.3, hi=2.0
    )
    hip_external_rotator_strength_rel: float = _spec(
        "strength", 1.0, "relative to the healthy norm", lo=0.3, hi=2.0
    )
    habitual_hip_abductor_strength_rel: float | None = _spec(
        "strength", None, "strength the running pattern was learned with", lo=0.3, hi=2.0
    )
    habitual_hip_external_rotator_strength_rel: float | None = _spec(
        "strength", None, "strength the running pattern was learned with", lo=0.3, hi=2.0
    )
    vmo_activation: float = _spec("neuromuscular", 1.0, "1 = normal", lo=0.0, hi=2.0)
    lateral_tightness_N: float = _spec(
        "lateral", 0.0, "extra lateral tension [N]", lo=0.0, hi=200.0
    )
    speed_m_s: float = _spec("running", 3.0, "easy speed [m/s]", lo=2.3, hi=5.5)
    step_rate_spm: float | None = _spec(
        "running", None, "step rate [steps/min]", lo=130.0, hi=220.0
    )
    foot_strike: str = _spec("running", "rearfoot", "foot strike", choices=("rearfoot",), kind=str)
    gait_retrained: bool = _spec("running", False, "true or false", kind=bool)
    weekly_distance_km: float = _spec("training", 25.0, "weekly distance [km]", lo=0.0, hi=250.0)
    hill_share: float = _spec("training", 0.0, "share of distance on hills", lo=0.0, hi=1.0)
    speed_work_share: float = _spec(
        "training", 0.0, "share of distance as speed work", lo=0.0, hi=1.0
    )

    def __post_init__(self):
        for f in fields(self):
            _check_field(f, getattr(self, f.name))
        if self.hill_share + self.speed_work_share > 1.0 + 1e-12:
            raise ValueError(
                f"[training] hill_share + speed_work_share must be at most 1 (got "
                f"{self.hill_share:g} + {self.speed_work_share:g})."
            )

    # resolved values -----------------------------------------------------------------------------
    @property
    def resolved_q_angle_deg(self) -> float:
        return static_q_angle_deg(self.sex, self.q_angle_deg)

    @property
    def resolved_step_rate_spm(self) -> float:
        if self.step_rate_spm is None:
            return float(preferred_step_rate_spm(self.speed_m_s))
        return float(self.step_rate_spm)

    def as_dict(self) -> dict:
        """Field → value, omitting the fields left at None (TOML-ready per section via ``to_toml``)."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    def to_toml(self) -> str:
        """The profile as TOML text (sections of :data:`RUNNER_SECTIONS`); loads back identically."""
        lines = []
        for section, names in RUNNER_SECTIONS.items():
            items = [(n, getattr(self, n)) for n in names if getattr(self, n) is not None]
            if not items:
                continue
            lines.append(f"[{section}]")
            for n, v in items:
                if isinstance(v, bool):
                    text = "true" if v else "false"
                elif isinstance(v, str):
                    text = '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                else:
                    text = repr(float(v))
                lines.append(f"{n} = {text}")
            lines.append("")
        return "\n".join(lines)


#: Section → field names of a runner TOML file.
RUNNER_SECTIONS: dict[str, tuple[str, ...]] = {}
for _f in fields(Runner):
    RUNNER_SECTIONS.setdefault(_f.metadata["section"], ())
    RUNNER_SECTIONS[_f.metadata["section"]] += (_f.name,)
del _f


def _allowed(f) -> str:
    m = f.metadata
    if m["choices"] is not None:
        return "one of " + ", ".join(f'"{c}"' for c in m["choices"])
    if m["kind"] is bool:
        return "true or false"
    if m["kind"] is str:
        return "a string"
    opt = " (or omit it for the default)" if f.default is None else ""
    return f"a number from {m['lo']:g} to {m['hi']:g}{opt}; {m['doc']}"


def _check_field(f, value) -> None:
    m = f.metadata
    where = f"[{m['section']}] {f.name}"
    if value is None and f.default is None:
        return
    if m["kind"] is bool:
        if not isinstance(value, bool | np.bool_):
            raise ValueError(f"{where} = {value!r}: wrong type; allowed: true or false.")
        return
    if m["kind"] is str:
        if not isinstance(value, str):
            raise ValueError(f"{where} = {value!r}: wrong type; allowed: {_allowed(f)}.")
        if m["choices"] is not None and value not in m["choices"]:
            raise ValueError(f"{where} = {value!r} is not allowed; allowed: {_allowed(f)}.")
        return
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ValueError(f"{where} = {value!r}: wrong type; allowed: {_allowed(f)}.")
    if not math.isfinite(float(value)) or not m["lo"] <= float(value) <= m["hi"]:
        raise ValueError(f"{where} = {value!r} is out of range; allowed: {_allowed(f)}.")


def runner_from_dict(data: dict, source: str = "runner profile") -> Runner:
    """A :class:`Runner` from a TOML-shaped dict (``{section: {key: value}}``).

    Raises ValueError naming ``source``, the section and key, and the allowed values, for an unknown
    section or key, a wrong type or an out-of-range value.
    """
    kwargs = {}
    by_name = {f.name: f for f in fields(Runner)}
    for section, table in data.items():
        if not isinstance(table, dict) and section not in RUNNER_SECTIONS:
            home = next((s for s, ns in RUNNER_SECTIONS.items() if section in ns), None)
            hint = (
                f"; put it under [{home}]"
                if home
                else f"; allowed keys sit in the sections {', '.join(f'[{s}]' for s in RUNNER_SECTIONS)}"
            )
            raise ValueError(
                f"{source}: top-level key {section!r} = {table!r} outside any section{hint} "
                "(see pfsim.runner.Runner for the keys of each section)."
            )
        if section not in RUNNER_SECTIONS:
            raise ValueError(
                f"{source}: unknown section [{section}]; allowed sections: "
                + ", ".join(f"[{s}]" for s in RUNNER_SECTIONS)
                + "."
            )
        if not isinstance(table, dict):
            raise ValueError(
                f"{source}: [{section}] must be a table of keys (got {table!r}); "
                f"allowed keys: {', '.join(RUNNER_SECTIONS[section])}."
            )
        for key, value in table.items():
            if key not in RUNNER_SECTIONS[section]:
                home = next((s for s, ns in RUNNER_SECTIONS.items() if key in ns), None)
                hint = f" ({key} belongs in [{home}])" if home else ""
                raise ValueError(
                    f"{source}: unknown key {key!r} in [{section}]{hint}; allowed keys in "
                    f"[{section}]: {', '.join(RUNNER_SECTIONS[section])}."
                )
            try:
                _check_field(by_name[key], value)
            except ValueError as exc:
                raise ValueError(f"{source}: {exc}") from None
            kwargs[key] = float(value) if by_name[key].metadata["kind"] is float else value
    try:
        return Runner(**kwargs)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def load_runner(path) -> Runner:
    """Read a runner profile from a TOML file (see :class:`Runner` for sections, keys and ranges).

    Examples
    --------
    >>> from pathlib import Path
    >>> r = load_runner(Path("experiments/runners/healthy.toml"))  # doctest: +SKIP
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: runner file not found.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc}).") from None
    return runner_from_dict(data, str(path))


# --------------------------------------------------------------------------------------------------
# Mechanisms: one per contributor
# --------------------------------------------------------------------------------------------------
def static_q_angle_deg(sex: str = "unspecified", q_angle_deg=None):
    """Static Q-angle [deg]: the measured value when given, else the norm for ``sex``.

    Norms: men 14 ± 3°, women 17 ± 3° (Aglietti, via ``REFERENCES.md`` §2b); "unspecified" 15.5°
    (:data:`pfsim.joint.frontal.DEFAULT_Q_ANGLE_DEG`). Passed to the joint model as ``q_angle_deg``.
    """
    if q_angle_deg is not None:
        return q_angle_deg
    if sex not in Q_ANGLE_NORMS_DEG:
        raise ValueError(f"unknown sex {sex!r}; allowed: {', '.join(Q_ANGLE_NORMS_DEG)}.")
    return Q_ANGLE_NORMS_DEG[sex]


def preferred_step_rate_spm(speed_m_s):
    """Preferred step rate [steps/min]: 2 × (75.01 + 3.006 v) (van Oeveren et al. 2019, 256 runners,
    1.64-4.68 m/s [abstract]). 168.1 at 3.0 m/s, the reference runner's 168."""
    return 2.0 * (75.01 + 3.006 * np.asarray(speed_m_s, dtype=float))


def step_rate_at_speed_spm(
    speed_m_s,
    runner_speed_m_s,
    runner_step_rate_spm,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
):
    """A runner's step rate at another speed [steps/min].

    The runner's own rate scaled by the preferred-rate relation (:func:`preferred_step_rate_spm`,
    van Oeveren 2019): ``f(v) = f_runner · (f_pref(v) / f_pref(v_runner))^s``, ``s`` =
    :attr:`Assumptions.step_rate_speed_exponent` (an assumption, default 1: the ratio to the
    preferred rate is kept, a runner 5 % above it stays 5 % above it; range 0-2, 0: the same step
    rate at every speed). At ``v = v_runner`` it returns ``f_runner`` for any ``s``.
    """
    scale = preferred_step_rate_spm(speed_m_s) / preferred_step_rate_spm(runner_speed_m_s)
    return (
        np.asarray(runner_step_rate_spm, dtype=float) * scale**assumptions.step_rate_speed_exponent
    )


def peak_vertical_grf_rel(speed_m_s):
    """Peak vertical ground reaction force in body weights relative to the reference runner's [-].

    For the sine-wave stance the peak is ``(π/2)(T/t_c) = π / (4 DF(v))`` (Morin et al. 2005;
    ``t_c = 2 DF T``), so relative to the reference 3.0 m/s it is ``DF(v_ref) / DF(v)``, with the
    duty factor :func:`pfsim.gait.springmass.duty_factor`. 1 at 3.0 m/s.
    """
    v_ref = REFERENCE_SCENARIO["speed_m_s"]
    return duty_factor(v_ref) / duty_factor(speed_m_s)


def hip_abduction_demand_rel(speed_m_s, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS):
    """Hip-abduction moment demand of stance relative to the reference runner's [-].

    ``demand_rel = (F_peak(v) / F_peak(v_ref))^k`` with the peak vertical force of
    :func:`peak_vertical_grf_rel` and ``k`` = :attr:`Assumptions.hip_demand_grf_exponent`. Default
    k = 1: the peak hip abduction moment scales with the peak vertical force at an unchanged frontal
    lever arm (an assumption; range 0-2, 0 = no change with speed). 1 at the reference 3.0 m/s.
    Absolute demand: ``1.8 N·m/kg × demand_rel`` (Heiderscheit et al. 2011 Table 3).
    """
    return peak_vertical_grf_rel(speed_m_s) ** assumptions.hip_demand_grf_exponent


def hip_external_rotation_demand_rel(speed_m_s, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS):
    """Hip external-rotator demand of stance relative to the reference runner's [-].

    ``(F_peak(v) / F_peak(v_ref))^q`` with ``q`` =
    :attr:`Assumptions.external_rotator_demand_grf_exponent` (an assumption, default 1: scales like
    the abduction demand; range 0-2). No transverse-plane hip moment data were used.
    """
    return peak_vertical_grf_rel(speed_m_s) ** assumptions.external_rotator_demand_grf_exponent


def _utilisation_rel(demand_rel, strength_rel):
    s = np.asarray(strength_rel, dtype=float)
    if np.any(s <= 0):
        raise ValueError("strength relative to the norm must be > 0 (1 = the healthy norm).")
    return np.asarray(demand_rel, dtype=float) / s


def hip_abductor_mechanism(
    hip_abductor_strength_rel, demand_rel=1.0, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> dict:
    """Hip-abductor capacity vs the stance demand → peak hip adduction and pelvic drop.

    Parameters
    ----------
    hip_abductor_strength_rel : array_like
        Strength the running pattern reflects, relative to the healthy norm (1 = norm). Pass the
        *habitual* strength unless the gait has been retrained (Willy & Davis 2011; :func:`stance_inputs`
        does this).
    demand_rel : array_like
        Hip-abduction moment demand relative to the reference runner (:func:`hip_abduction_demand_rel`).

    Returns
    -------
    dict
        ``hip_abductor_utilisation_rel`` (demand/capacity relative to the healthy reference, 1 =
        reference), ``hip_abduction_moment_demand_Nm_kg`` (1.8 × demand_rel, Heiderscheit 2011),
        ``hip_adduction_peak_deg`` and ``pelvic_drop_peak_deg``.

    Notes
    -----
    ``peak = baseline × u^n`` with ``u = demand_rel / strength_rel`` and ``n`` =
    :attr:`Assumptions.strength_kinematics_exponent` (default 1: excursion inversely proportional to
    the capacity-scaled stiffness of the hip; an assumption, range 0-2). Baselines: hip adduction
    10.4° (Heiderscheit 2011 Table 3), contralateral pelvic drop 3.7° (Bramah 2018). Weaker → more
    adduction and drop; the joint model turns the adduction into knee abduction and a lateral shift
    of the tibial tubercle (:mod:`pfsim.joint.frontal`). Pelvic drop is reported, not passed on (the
    hip-adduction input already includes the pelvis's share).
    """
    u = _utilisation_rel(demand_rel, hip_abductor_strength_rel)
    scale = u**assumptions.strength_kinematics_exponent
    return {
        "hip_abductor_utilisation_rel": u,
        "hip_abduction_moment_demand_Nm_kg": HIP_ABDUCTION_MOMENT_PEAK_NM_KG
        * np.asarray(demand_rel, dtype=float),
        "hip_adduction_peak_deg": HIP_ADDUCTION_PEAK_DEG * scale,
        "pelvic_drop_peak_deg": PELVIC_DROP_PEAK_DEG * scale,
    }


def hip_external_rotator_mechanism(
    hip_external_rotator_strength_rel,
    demand_rel=1.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> dict:
    """Hip external-rotator capacity vs demand → peak femoral (hip) internal rotation [deg].

    Same relation as :func:`hip_abductor_mechanism` (``baseline × uⁿ``, the same assumed exponent),
    on the healthy peak hip internal rotation 4.4° (Bramah et al. 2018; ± 6.8°). ``demand_rel``:
    :func:`hip_external_rotation_demand_rel` (with the peak vertical GRF; exponent
    :attr:`Assumptions.external_rotator_demand_grf_exponent`, an assumption, default 1, range 0-2).
    Returns ``hip_external_rotator_utilisation_rel`` and ``femoral_internal_rotation_peak_deg`` (the
    rotators' share only; :func:`stance_inputs` adds the pronation share,
    :func:`pronation_mechanism`).
    """
    u = _utilisation_rel(demand_rel, hip_external_rotator_strength_rel)
    return {
        "hip_external_rotator_utilisation_rel": u,
        "femoral_internal_rotation_peak_deg": HIP_INTERNAL_ROTATION_PEAK_DEG
        * u**assumptions.strength_kinematics_exponent,
    }


def pronation_mechanism(
    rearfoot_eversion_excess_deg, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> dict:
    """Foot pronation → peak tibial (and optionally femoral) internal rotation [deg].

    ``tibial = 0.68 × eversion excess`` (calcaneal eversion → tibial internal rotation coupling 0.68
    ± 0.15, in vitro, PMC5987802 [abstract]). The femur takes
    :attr:`Assumptions.pronation_femoral_share` of it (default 0; assumption, range 0-1). Note:
    rearfoot eversion did not predict patellofemoral pain prospectively (Noehren et al. 2013 MSSE
    45:1120); in the joint model, tibial internal rotation relative to the femur moves the tibial
    tubercle medially and *lowers* the lateral facet stress.
    """
    tib = EVERSION_TIBIAL_ROTATION_COUPLING * np.asarray(rearfoot_eversion_excess_deg, dtype=float)
    return {
        "tibial_internal_rotation_peak_deg": tib,
        "femoral_internal_rotation_extra_deg": assumptions.pronation_femoral_share * tib,
    }


def quadriceps_demand_rel(peak_knee_extension_moment_Nm_kg, quadriceps_strength_rel):
    """Share of quadriceps capacity that stance demands, relative to the healthy reference [-].

    ``(M_peak / 2.5 N·m/kg) / strength_rel`` (2.5: Heiderscheit 2011 Table 3): 1 for the reference
    runner, 1.33 for a runner 25 % weaker at the same moment. No cited norm for maximal knee
    extension moment in runners is used, so the share is relative, not absolute.

    It changes nothing mechanically: the knee extension moment is set by the ground reaction force
    and the leg (:func:`pfsim.gait.stance.knee_extension_moment_Nm`), and the quadriceps force by
    the moment and the lever arm, whatever the maximal strength (submaximal task). The seed article's
    "control of the loading rate" is not modelled. It is reported, so a sweep can flag profiles whose
    stance demand approaches capacity.
    """
    return (
        np.asarray(peak_knee_extension_moment_Nm_kg, dtype=float)
        / KNEE_EXTENSION_MOMENT_PEAK_NM_KG
        / np.asarray(quadriceps_strength_rel, dtype=float)
    )


def vmo_mechanism(vmo_activation):
    """VMO activation → the joint model's ``vmo_activation`` (1 = normal).

    Identity: the frontal model scales the VMO's force share (7.25 % of the quadriceps, REFERENCES
    §2b) and its −52.5° pull (:func:`pfsim.joint.frontal.quadriceps_lateral_ratio`); the other heads
    take up what the VMO drops. Less VMO → a more lateral quadriceps resultant.
    """
    return np.asarray(vmo_activation, dtype=float)


def lateral_tightness_mechanism(lateral_tightness_N):
    """Lateral tightness → the joint model's ``lateral_retinaculum_N`` [N].

    Identity: the extra tension of a tight lateral retinaculum / ITB, acting laterally on the patella
    (:func:`pfsim.joint.frontal.patellar_lateral_load_N`). More tension → more lateral shift and
    lateral facet stress.

    Assumption: the tension is held constant over stance (no flexion dependence is modelled; no
    measurement of retinacular tension against flexion in running was found). Its range is the range
    of the value itself, 0-200 N (:class:`Runner` ``lateral_tightness_N``), which a sweep varies; a
    flexion-dependent profile is not available as an option.
    """
    return np.asarray(lateral_tightness_N, dtype=float)


# --------------------------------------------------------------------------------------------------
# Profile → stance
# --------------------------------------------------------------------------------------------------
def stance_inputs(
    runner: Runner,
    *,
    speed_m_s=None,
    step_rate_spm=None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[dict, dict]:
    """The stance-model keyword arguments of a profile, and the mechanism quantities it reported.

    ``speed_m_s`` (array_like) evaluates the same runner at other speeds (step rate through
    :func:`step_rate_at_speed_spm` unless given). Returns ``(kwargs, report)``: ``kwargs`` for
    :func:`pfsim.gait.stance` (including the joint-model inputs), ``report`` the utilisations and
    peak angles of each mechanism. ``report["femoral_internal_rotation_peak_deg"]`` is the peak
    passed to the stance model (external-rotator share, ``femoral_internal_rotation_rotators_deg``,
    plus the pronation share, ``femoral_internal_rotation_extra_deg``).
    """
    f0 = runner.resolved_step_rate_spm
    if speed_m_s is None:
        v = np.asarray(runner.speed_m_s, dtype=float)
        f = np.asarray(f0 if step_rate_spm is None else step_rate_spm, dtype=float)
    else:
        v = np.asarray(speed_m_s, dtype=float)
        f = (
            step_rate_at_speed_spm(v, runner.speed_m_s, f0, assumptions=assumptions)
            if step_rate_spm is None
            else np.asarray(step_rate_spm, dtype=float)
        )
    if runner.gait_retrained:
        abd = runner.hip_abductor_strength_rel
        ext = runner.hip_external_rotator_strength_rel
    else:  # Willy & Davis 2011: strength alone does not change running mechanics
        abd = runner.habitual_hip_abductor_strength_rel
        abd = runner.hip_abductor_strength_rel if abd is None else abd
        ext = runner.habitual_hip_external_rotator_strength_rel
        ext = runner.hip_external_rotator_strength_rel if ext is None else ext
    mech, report = mechanism_inputs(
        v,
        hip_abductor_strength_rel=abd,
        hip_external_rotator_strength_rel=ext,
        rearfoot_eversion_excess_deg=runner.rearfoot_eversion_excess_deg,
        vmo_activation=runner.vmo_activation,
        lateral_tightness_N=runner.lateral_tightness_N,
        assumptions=assumptions,
    )
    kwargs = {
        "speed_m_s": v,
        "step_rate_spm": f,
        "body_mass_kg": runner.body_mass_kg,
        "height_m": runner.height_m,
        **mech,
        "q_angle_deg": runner.resolved_q_angle_deg,
    }
    report.update(
        {
            "hip_abductor_capacity_rel": np.asarray(runner.hip_abductor_strength_rel, dtype=float),
            "q_angle_deg": np.asarray(runner.resolved_q_angle_deg, dtype=float),
            "step_rate_spm": f,
        }
    )
    return kwargs, report


def mechanism_inputs(
    speed_m_s,
    *,
    hip_abductor_strength_rel=1.0,
    hip_external_rotator_strength_rel=1.0,
    rearfoot_eversion_excess_deg=0.0,
    vmo_activation=1.0,
    lateral_tightness_N=0.0,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[dict, dict]:
    """The contributors → the stance model's frontal inputs, vectorised (arrays broadcast).

    The one place the mechanisms are composed: hip-abductor and external-rotator capacity against
    the stance demand at ``speed_m_s`` (:func:`hip_abductor_mechanism`,
    :func:`hip_external_rotator_mechanism`), pronation (:func:`pronation_mechanism`), VMO and
    lateral tightness. The strengths are those the running pattern reflects (see
    :func:`stance_inputs` for gait retraining). Returns ``(kwargs, report)``: the
    ``hip_adduction_peak_deg``, ``hip_internal_rotation_peak_deg``,
    ``tibial_internal_rotation_peak_deg``, ``vmo_activation`` and ``lateral_retinaculum_N`` keywords
    of :func:`pfsim.gait.stance`, and each mechanism's quantities;
    ``report["femoral_internal_rotation_peak_deg"]`` is the peak passed to the stance model (the
    rotators' share, ``femoral_internal_rotation_rotators_deg``, plus the pronation share).
    """
    v = np.asarray(speed_m_s, dtype=float)
    demand = hip_abduction_demand_rel(v, assumptions=assumptions)
    demand_rot = hip_external_rotation_demand_rel(v, assumptions=assumptions)
    hip = hip_abductor_mechanism(hip_abductor_strength_rel, demand, assumptions=assumptions)
    rot = hip_external_rotator_mechanism(
        hip_external_rotator_strength_rel, demand_rot, assumptions=assumptions
    )
    foot = pronation_mechanism(rearfoot_eversion_excess_deg, assumptions=assumptions)
    femoral = (
        rot["femoral_internal_rotation_peak_deg"] + foot["femoral_internal_rotation_extra_deg"]
    )
    for angle, name, keys in (
        (
            hip["hip_adduction_peak_deg"],
            "hip_adduction_deg",
            "[strength] hip_abductor_strength_rel",
        ),
        (
            femoral,
            "femoral_internal_rotation_deg",
            "[strength] hip_external_rotator_strength_rel or [alignment] "
            "rearfoot_eversion_excess_deg",
        ),
    ):
        hi = FRONTAL_INPUT_LIMITS[name][1]
        over = np.asarray(angle) > hi
        if over.any():
            worst = float(np.max(angle))
            raise ValueError(
                f"the profile gives a peak {name[:-4].replace('_', ' ')} of {worst:.1f}° (mechanism "
                f"with strength_kinematics_exponent {assumptions.strength_kinematics_exponent:g}), "
                f"beyond the {hi:g}° the joint model accepts: raise {keys} (or, from Python, "
                "lower Assumptions.strength_kinematics_exponent)."
            )
    kwargs = {
        "hip_adduction_peak_deg": hip["hip_adduction_peak_deg"],
        "hip_internal_rotation_peak_deg": femoral,
        "tibial_internal_rotation_peak_deg": foot["tibial_internal_rotation_peak_deg"],
        "vmo_activation": vmo_mechanism(vmo_activation),
        "lateral_retinaculum_N": lateral_tightness_mechanism(lateral_tightness_N),
    }
    report = {
        **hip,
        **rot,
        **foot,
        "femoral_internal_rotation_peak_deg": femoral,
        "femoral_internal_rotation_rotators_deg": rot["femoral_internal_rotation_peak_deg"],
    }
    return kwargs, report


def simulate(
    runner: Runner,
    *,
    speed_m_s=None,
    slope_deg=0.0,
    step_rate_spm=None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    **stance_kwargs,
) -> StanceResult:
    """The stance result of a runner profile (:func:`pfsim.gait.stance` with the profile's inputs).

    Parameters
    ----------
    runner : Runner
        The profile.
    speed_m_s, step_rate_spm : array_like, optional
        Other speeds (and step rates) than the profile's; arrays broadcast with ``slope_deg``.
    slope_deg : array_like
        Incline [deg], uphill positive.
    assumptions : Assumptions
        The mechanism assumptions.
    **stance_kwargs
        Passed to :func:`pfsim.gait.stance` (``n_samples``, ``model``, ``area_fit``, ...).

    Examples
    --------
    >>> r = simulate(Runner())
    >>> round(float(r.summary().peak_knee_flexion_deg), 1)
    46.3
    """
    kwargs, _ = stance_inputs(
        runner, speed_m_s=speed_m_s, step_rate_spm=step_rate_spm, assumptions=assumptions
    )
    overlap = set(kwargs) & set(stance_kwargs)
    if overlap:
        raise ValueError(
            f"{', '.join(sorted(overlap))} come from the runner profile; change the profile "
            "(dataclasses.replace) instead of passing them."
        )
    return stance(**kwargs, slope_deg=slope_deg, **stance_kwargs)


def profile_report(
    runner: Runner, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, **stance_kwargs
) -> dict[str, float]:
    """One flat dict for a profile: stance summary, facet peaks and every mechanism quantity.

    Keys: the :class:`pfsim.gait.StanceSummary` fields, ``peak_medial_facet_stress_MPa``,
    ``peak_lateral_shift_mm``, ``peak_lateral_tilt_deg``, the mechanism outputs of
    :func:`stance_inputs` and ``quadriceps_demand_rel``. Floats (NaN where not available).
    """
    kwargs, report = stance_inputs(runner, assumptions=assumptions)
    r = stance(**kwargs, **stance_kwargs)
    out = {k: float(v) for k, v in r.summary().as_dict().items()}
    j = r.joint
    for name, key in (
        ("medial_facet_stress_MPa", "peak_medial_facet_stress_MPa"),
        ("lateral_shift_mm", "peak_lateral_shift_mm"),
        ("lateral_tilt_deg", "peak_lateral_tilt_deg"),
    ):
        arr = getattr(j, name, None)
        out[key] = float(np.max(arr)) if arr is not None else float("nan")
    for k, v in report.items():
        out[k] = float(v)
    out["quadriceps_demand_rel"] = float(
        quadriceps_demand_rel(
            out["peak_knee_extension_moment_Nm_kg"], runner.quadriceps_strength_rel
        )
    )
    return out


# --------------------------------------------------------------------------------------------------
# The two levers
# --------------------------------------------------------------------------------------------------
def strengthen(
    runner: Runner,
    *,
    hip_abductor_factor=1.0,
    hip_external_rotator_factor=1.0,
    quadriceps_factor=1.0,
) -> Runner:
    """The runner after a strengthening programme alone (no movement retraining).

    Current strengths are multiplied by the factors; the habitual strengths (the ones the running
    pattern was learned with) are kept, so stance kinematics do not change unless the runner was
    already ``gait_retrained`` (Willy & Davis 2011: hip strength rose, running mechanics did not).
    """
    return replace(
        runner,
        hip_abductor_strength_rel=runner.hip_abductor_strength_rel * hip_abductor_factor,
        hip_external_rotator_strength_rel=runner.hip_external_rotator_strength_rel
        * hip_external_rotator_factor,
        quadriceps_strength_rel=runner.quadriceps_strength_rel * quadriceps_factor,
        habitual_hip_abductor_strength_rel=(
            runner.hip_abductor_strength_rel
            if runner.habitual_hip_abductor_strength_rel is None
            else runner.habitual_hip_abductor_strength_rel
        ),
        habitual_hip_external_rotator_strength_rel=(
            runner.hip_external_rotator_strength_rel
            if runner.habitual_hip_external_rotator_strength_rel is None
            else runner.habitual_hip_external_rotator_strength_rel
        ),
    )


def retrain_gait(runner: Runner) -> Runner:
    """The runner after movement (gait) retraining: kinematics now follow the current strength."""
    return replace(runner, gait_retrained=True)


#: Fields a reference runner (:func:`reference_runner`) keeps from the runner: body, sex (which sets
#: the Q-angle norm), easy speed and habitual training. All the clinical contributors are reset.
REFERENCE_RUNNER_KEEPS = (
    "body_mass_kg",
    "height_m",
    "sex",
    "speed_m_s",
    "foot_strike",
    "weekly_distance_km",
    "hill_share",
    "speed_work_share",
)


def reference_runner(runner: Runner) -> Runner:
    """The healthy reference runner of the same body, speed and training as ``runner``.

    Every clinical contributor of the seed article is set to the healthy default of :class:`Runner`:
    Q-angle (the norm for ``sex``), rearfoot eversion, quadriceps / hip-abductor / external-rotator
    strength (current and habitual), VMO activation, lateral tightness, step rate (the preferred
    rate at the runner's speed, van Oeveren 2019), gait retraining. Kept (:data:`REFERENCE_RUNNER_KEEPS`):
    body mass, height, sex, speed and habitual training, which are not contributors but the runner's
    circumstances. Used by :func:`pfsim.training.weekly_load` with
    ``capacity_reference="reference_runner"``: the joint's tolerance is what a knee with healthy
    mechanics adapts to under the same training (an assumption, documented there).

    Examples
    --------
    >>> r = reference_runner(Runner(hip_abductor_strength_rel=0.7, sex="female"))
    >>> r.hip_abductor_strength_rel, r.sex, r.resolved_q_angle_deg
    (1.0, 'female', 17.0)
    """
    return Runner(
        name=f"healthy reference for {runner.name}",
        **{k: getattr(runner, k) for k in REFERENCE_RUNNER_KEEPS},
    )
