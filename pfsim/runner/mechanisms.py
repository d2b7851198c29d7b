"""One documented, cited function per contributor: the runner profile → the stance model's inputs.

The mechanisms of the table in :mod:`pfsim.runner` (static Q-angle, hip abductors, hip external
rotators, foot pronation, quadriceps strength, VMO activation, lateral tightness, step rate at
other speeds), and the two functions that compose them: :func:`mechanism_inputs` (vectorised, the
one place they are combined) and :func:`stance_inputs` (a :class:`~pfsim.runner.Runner` →
the keyword arguments of :func:`pfsim.gait.stance`). The references are those of :mod:`pfsim.runner`.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from ..constants import G_M_S2
from ..gait import (
    HIP_ADDUCTION_PEAK_DEG,
    HIP_INTERNAL_ROTATION_PEAK_DEG,
    KNEE_SHARE_OF_LEG_COMPRESSION,
    REFERENCE_SCENARIO,
)
from ..gait.springmass import contact_time_s, duty_factor, preferred_step_rate_spm
from ..joint.frontal import DEFAULT_Q_ANGLE_DEG, FRONTAL_INPUT_LIMITS
from .assumptions import DEFAULT_ASSUMPTIONS, Assumptions

if TYPE_CHECKING:  # annotations only: the profile module imports this one
    from .profile import Runner

__all__ = [
    "static_q_angle_deg",
    "preferred_step_rate_spm",
    "step_rate_at_speed_spm",
    "peak_vertical_grf_rel",
    "hip_abduction_demand_rel",
    "hip_external_rotation_demand_rel",
    "hip_abductor_mechanism",
    "hip_external_rotator_mechanism",
    "pronation_mechanism",
    "com_vertical_excursion_m",
    "step_rate_hip_adduction_rel",
    "quadriceps_mechanism",
    "quadriceps_demand_rel",
    "vmo_mechanism",
    "lateral_tightness_mechanism",
    "stance_inputs",
    "mechanism_inputs",
    "frontal_geometry_kwargs",
    "HIP_ABDUCTION_MOMENT_PEAK_NM_KG",
    "PELVIC_DROP_PEAK_DEG",
    "EVERSION_TIBIAL_ROTATION_COUPLING",
    "STEP_RATE_HIP_RANGE_REL",
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

#: Step rate relative to the preferred rate over which :func:`step_rate_hip_adduction_rel` responds
#: [-]: the ±10 % of the published step-rate manipulations (Heiderscheit et al. 2011). Beyond it the
#: factor is held at its end value (a spring-mass Δy_c ≈ ∝ step time² extrapolated to ±25 % would
#: more than double or halve hip adduction; no data support that).
STEP_RATE_HIP_RANGE_REL = (0.9, 1.1)

#: Static Q-angle norms by sex [deg] (Aglietti, via ``REFERENCES.md`` §2b); "unspecified" is the
#: joint model's default 15.5, between the two.
Q_ANGLE_NORMS_DEG = {"male": 14.0, "female": 17.0, "unspecified": DEFAULT_Q_ANGLE_DEG}


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
    """Peak vertical GRF relative to the reference runner's, at the preferred step rate [-].

    For the sine-wave stance the peak is ``(π/2)(T/t_c)``, ``π / (4 DF(v))`` at the preferred step
    rate (Morin et al. 2005; ``t_c = 2 DF T`` there, :func:`pfsim.gait.springmass.contact_time_s`),
    so relative to the reference 3.0 m/s it is ``DF(v_ref) / DF(v)``, with the duty factor
    :func:`pfsim.gait.springmass.duty_factor`. 1 at 3.0 m/s. The hip demands below use this
    preferred-rate force on purpose: step rate reaches the hip only through
    :func:`step_rate_hip_adduction_rel` (the centre-of-mass excursion), which already carries the
    deeper, more forceful stance of slower steps; scaling the demand with the stance model's peak
    force as well would count that effect twice.
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
    hip_abductor_strength_rel,
    demand_rel=1.0,
    step_rate_rel=1.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
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
    step_rate_rel : array_like
        The step-rate factor of the peaks (:func:`step_rate_hip_adduction_rel`; 1 at the preferred
        step rate).

    Returns
    -------
    dict
        ``hip_abductor_utilisation_rel`` (demand/capacity relative to the healthy reference, 1 =
        reference), ``hip_abduction_moment_demand_Nm_kg`` (1.8 × demand_rel, Heiderscheit 2011),
        ``hip_adduction_peak_deg`` and ``pelvic_drop_peak_deg``.

    Notes
    -----
    ``peak = baseline × u^n × step_rate_rel`` with ``u = demand_rel / strength_rel`` and ``n`` =
    :attr:`Assumptions.strength_kinematics_exponent` (default 1: excursion inversely proportional to
    the capacity-scaled stiffness of the hip; an assumption, range 0-2). Baselines: hip adduction
    10.4° (Heiderscheit 2011 Table 3), contralateral pelvic drop 3.7° (Bramah 2018). Weaker → more
    adduction and drop; the joint model turns the adduction into knee abduction and a lateral shift
    of the tibial tubercle (:mod:`pfsim.joint.frontal`). Pelvic drop is reported, not passed on (the
    hip-adduction input already includes the pelvis's share).
    """
    u = _utilisation_rel(demand_rel, hip_abductor_strength_rel)
    scale = u**assumptions.strength_kinematics_exponent * np.asarray(step_rate_rel, dtype=float)
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
    """Foot pronation → the chain upward: tibial, then femoral internal rotation [deg].

    The seed article's chain ("internal tibial rotation, increased femoral internal rotation, and
    increased valgus load at the knee"), link by link, each peak relative to the healthy reference:

    1. ``tibial = 0.68 × eversion excess``: calcaneal eversion → tibial internal rotation, coupling
       0.68 ± 0.15 (slope of the angle-angle fit, 8 specimens with bone pins, in vitro;
       PMC5987802 [abstract]). In running the same direction holds in vivo: a 5° medial orthotic
       lowered peak eversion by 1.6° and tibiocalcaneal internal rotation range by 2.5° (12 men,
       4.0 m/s; Sinclair 2017 Foot Ankle Online J 10(4):1, doi:10.3827/faoj.2017.1004.0001
       [abstract]); the in-vitro slope is kept because it isolates eversion.
    2. ``femoral = share × tibial``, share = :attr:`Assumptions.pronation_femoral_share` (default
       0.5, range 0-1; direction from Hornestam et al. 2021 and Khamis & Yizhar 2007, no running
       ratio found; see :class:`Assumptions`).
    3. Knee abduction ("valgus"): the joint model's knee abduction follows hip adduction only
       (:attr:`Assumptions.knee_abduction_per_hip_adduction`); no cited eversion → hip adduction or
       knee abduction ratio in running was found (medially wedged insoles lowered eversion and hip
       adduction in pronated runners, Braga et al. 2019 Gait Posture 74:242-249 [abstract], a
       direction without a ratio; a 6° medial wedge changed running hip and knee mechanics little,
       hip adduction excursion −0.6°, knee abduction moment +3 %, Boldt et al. 2013 J Appl Biomech
       29(1):68-77 [abstract]), so pronation adds none: the valgus link is not modelled.

    An orthotic is a negative excess: −2.24° eversion (13 trials; Cheung, Chung & Ng 2011 Br J
    Sports Med 45(9):743-751, doi:10.1136/bjsm.2010.079780 [abstract]) gives −1.52° tibial and, by
    default, −0.76° femoral internal rotation. With a share below 1 the tibia still rotates
    internally relative to the femur, which moves the tibial tubercle medially in the joint model
    and *lowers* lateral facet stress (``validation/runner_chain``); rearfoot eversion did not
    predict patellofemoral pain prospectively (Noehren et al. 2013 MSSE 45:1120).
    """
    tib = EVERSION_TIBIAL_ROTATION_COUPLING * np.asarray(rearfoot_eversion_excess_deg, dtype=float)
    return {
        "tibial_internal_rotation_peak_deg": tib,
        "femoral_internal_rotation_extra_deg": assumptions.pronation_femoral_share * tib,
    }


def com_vertical_excursion_m(speed_m_s, step_rate_spm):
    """Downward excursion of the centre of mass in stance, level ground [m] (spring-mass).

    ``|Δy_c| = F_max t_c² / (m π²) − g t_c² / 8`` with ``F_max = m g (π/2) T / t_c`` (Morin et al.
    2005 J Appl Biomech 21:167; the stance model's equations,
    :func:`pfsim.gait.springmass.sine_wave_stance`), i.e. ``g t_c (T/(2π) − t_c/8)``; step time
    ``T = 60/f`` and contact time
    :func:`pfsim.gait.springmass.contact_time_s` (``t_c ∝ T^0.65`` at a given speed, Farley &
    González 1996; extended outside its data). Independent of mass. At a fixed speed it scales with
    about T² (T² exactly if the duty factor were held).
    """
    T = 60.0 / np.asarray(step_rate_spm, dtype=float)
    tc = contact_time_s(speed_m_s, step_rate_spm, extrapolate="extend")
    return G_M_S2 * tc * (T / (2.0 * np.pi) - tc / 8.0)


def step_rate_hip_adduction_rel(
    speed_m_s, step_rate_spm, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
):
    """Peak hip adduction (and pelvic drop) at a step rate relative to the preferred one [-].

    Mechanism (issue 12): hip adduction in stance grows as the pelvis and femur give way in the
    frontal plane during loading, while the centre of mass descends; a shorter, quicker step
    lowers that descent (spring-mass: ``Δy_c`` ≈ ∝ ``T²`` at a fixed speed). So

    ``rel = (Δy_c(v, f) / Δy_c(v, f_pref(v)))^p``

    with :func:`com_vertical_excursion_m`, the preferred rate :func:`preferred_step_rate_spm` (van
    Oeveren 2019) and ``p`` = :attr:`Assumptions.hip_adduction_step_rate_exponent` (default 1,
    range 0-2). ``f / f_pref`` is held within :data:`STEP_RATE_HIP_RANGE_REL` (±10 %, the range of
    the published manipulations). Heiderscheit et al. 2011 (MSSE 43:296, abstract) measured the
    centre-of-mass vertical excursion and peak hip adduction both falling with a higher step rate;
    their Table 3 hip-adduction change is the comparison in ``validation/runner_chain``, not an
    input. 1 at the preferred rate; +10 % step rate: 0.823 at 3 m/s (p = 1).
    """
    v = np.asarray(speed_m_s, dtype=float)
    f_pref = preferred_step_rate_spm(v)
    lo, hi = STEP_RATE_HIP_RANGE_REL
    f = f_pref * np.clip(np.asarray(step_rate_spm, dtype=float) / f_pref, lo, hi)
    ratio = com_vertical_excursion_m(v, f) / com_vertical_excursion_m(v, f_pref)
    return ratio**assumptions.hip_adduction_step_rate_exponent


def quadriceps_mechanism(
    quadriceps_strength_rel, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> dict:
    """Quadriceps strength → the knee's share of leg compression → knee flexion under load.

    The seed article: "Quad weakness overall also reduces the ability to control the loading rate
    through the knee", and "increased peak knee flexion angle under load" raises patellofemoral
    stress. The output this reaches is **knee flexion under load** (and through it the knee moment,
    quadriceps force, PFJRF and stress): the stance model has no impact peak, so a loading *rate*
    cannot be moved by it, and no cited link from quadriceps strength to cartilage capacity was
    found.

    Mechanism: the leg is a chain of springs in series (knee, ankle, centre-of-pressure travel and
    pelvis; :data:`pfsim.gait.KNEE_SHARE_OF_LEG_COMPRESSION`, 0.442 of the leg compression taken by
    the knee, calibrated on the preferred condition). Under the same leg force each takes a share of
    the compression in proportion to its compliance. With knee stiffness ∝ strength^n_q
    (:attr:`Assumptions.quadriceps_kinematics_exponent`, default 1, the hip abductors' convention),
    the knee's compliance relative to the norm is ``c = strength^(−n_q)`` and its share becomes
    ``s' = s c / (s c + 1 − s)``. 25 % weaker (0.75): 0.442 → 0.514.

    Counter-evidence, recorded: people with weak quadriceps after ACL reconstruction walk with
    *less* knee flexion in loading (2.3° less in 116 weak vs 31 strong, J Athl Train 2021
    56(9):960 [abstract]; "quadriceps avoidance"), i.e. a stiffer, not softer, knee; the exponent's
    lower end (0) is "no effect". The direction of this mechanism is the seed article's, not a
    measured one.

    Returns ``knee_share`` (for :func:`pfsim.gait.stance`) and ``knee_compliance_rel`` (``c``).
    """
    q = np.asarray(quadriceps_strength_rel, dtype=float)
    if np.any(q <= 0):
        raise ValueError("quadriceps_strength_rel must be > 0 (1 = the healthy norm).")
    c = q ** (-assumptions.quadriceps_kinematics_exponent)
    s0 = KNEE_SHARE_OF_LEG_COMPRESSION
    return {"knee_share": s0 * c / (s0 * c + 1.0 - s0), "knee_compliance_rel": c}


def quadriceps_demand_rel(peak_knee_extension_moment_Nm_kg, quadriceps_strength_rel):
    """Share of quadriceps capacity that stance demands, relative to the healthy reference [-].

    ``(M_peak / 2.5 N·m/kg) / strength_rel`` (2.5: Heiderscheit 2011 Table 3): 1 for the reference
    runner, 1.33 for a runner 25 % weaker at the same moment. No cited norm for maximal knee
    extension moment in runners is used, so the share is relative, not absolute.

    Reported only: the mechanical effect of quadriceps strength is :func:`quadriceps_mechanism`
    (knee flexion under load); this ratio lets a sweep flag profiles whose stance demand approaches
    capacity.
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
    of the value itself, 0-200 N (:class:`Runner` ``lateral_retinaculum_N``), which a sweep varies;
    a flexion-dependent profile is not available as an option.
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
    abd, ext, quad = _kinematic_strengths(runner)
    with warnings.catch_warnings(record=True) as caught:  # shown below unless refused
        warnings.simplefilter("always")
        mech, report = mechanism_inputs(
            v,
            step_rate_spm=f,
            hip_abductor_strength_rel=abd,
            hip_external_rotator_strength_rel=ext,
            quadriceps_strength_rel=quad,
            rearfoot_eversion_excess_deg=runner.rearfoot_eversion_excess_deg,
            vmo_activation=runner.vmo_activation,
            lateral_tightness_N=runner.lateral_retinaculum_N,
            assumptions=assumptions,
        )
    _check_mechanisms_defined(runner, v, f, mech)  # its message replaces the contact-time note
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    kwargs = {
        "speed_m_s": v,
        "step_rate_spm": f,
        "body_mass_kg": runner.body_mass_kg,
        "height_m": runner.height_m,
        **mech,
        "q_angle_deg": runner.resolved_q_angle_deg,
        **frontal_geometry_kwargs(assumptions),
    }
    report.update(
        {
            "hip_abductor_capacity_rel": np.asarray(runner.hip_abductor_strength_rel, dtype=float),
            "q_angle_deg": np.asarray(runner.resolved_q_angle_deg, dtype=float),
            "step_rate_spm": f,
        }
    )
    return kwargs, report


def _check_mechanisms_defined(runner, v, f, mech) -> None:
    """ValueError when a mechanism angle is NaN: the speed left the contact-time relation's data.

    The hip mechanisms scale with the preferred-rate peak vertical force, which needs the duty
    factor of :func:`pfsim.gait.springmass.duty_factor` (2.22-5.56 m/s); a speed-work or hill condition
    runs faster than the profile's speed (the assumption ``speed_work_speed_factor``), so a valid
    profile can reach it. The joint model refuses NaN angles with a message about missing values;
    this names the speed and the keys that change it instead.
    """
    angles = [np.asarray(a, dtype=float) for k, a in mech.items() if k.endswith("_deg")]
    bad = np.zeros(np.broadcast_shapes(np.shape(v), np.shape(f)), dtype=bool)
    for a in angles:
        bad = bad | np.isnan(a)
    if not np.any(bad):
        return
    speeds = np.broadcast_to(v, bad.shape)[bad]
    raise ValueError(
        f"runner {runner.name!r}: no stance mechanics at {float(np.nanmax(speeds)):.3g} m/s "
        f"({int(bad.sum())} of {bad.size} conditions): beyond the 2.22-5.56 m/s of the "
        "contact-time relation the hip mechanisms use (speed work runs at speed_m_s × the "
        "assumption speed_work_speed_factor); lower [running] speed_m_s or [training] "
        "speed_work_share, or the assumption speed_work_speed_factor."
    )


def _kinematic_strengths(runner: Runner):
    """The strengths the running pattern reflects: current if retrained, else habitual.

    Willy & Davis 2011: strength alone does not change running mechanics.
    """
    if runner.gait_retrained:
        return (
            runner.hip_abductor_strength_rel,
            runner.hip_external_rotator_strength_rel,
            runner.quadriceps_strength_rel,
        )
    out = []
    for name in ("hip_abductor", "hip_external_rotator", "quadriceps"):
        habitual = getattr(runner, f"habitual_{name}_strength_rel")
        out.append(getattr(runner, f"{name}_strength_rel") if habitual is None else habitual)
    return tuple(out)


def frontal_geometry_kwargs(assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> dict:
    """``{"knee_abduction_per_hip_adduction": k}``: the assumptions' coupling for the joint model.

    :attr:`Assumptions.knee_abduction_per_hip_adduction` reaches the joint model as its per-state
    input of the same name (:func:`pfsim.patellofemoral_load`), which replaces the geometry's
    coupling (at the default 0.3 the two give the same bits). Always passed, and a number, not a
    geometry: runners under different assumption draws share one vectorised stance call
    (:func:`pfsim.assess`).
    """
    return {"knee_abduction_per_hip_adduction": float(assumptions.knee_abduction_per_hip_adduction)}


def mechanism_inputs(
    speed_m_s,
    *,
    step_rate_spm=None,
    hip_abductor_strength_rel=1.0,
    hip_external_rotator_strength_rel=1.0,
    quadriceps_strength_rel=1.0,
    rearfoot_eversion_excess_deg=0.0,
    vmo_activation=1.0,
    lateral_tightness_N=0.0,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[dict, dict]:
    """The contributors → the stance model's frontal inputs, vectorised (arrays broadcast).

    The one place the mechanisms are composed: hip-abductor and external-rotator capacity against
    the stance demand at ``speed_m_s`` (:func:`hip_abductor_mechanism`,
    :func:`hip_external_rotator_mechanism`), pronation (:func:`pronation_mechanism`), VMO and
    lateral tightness, the step rate's effect on hip adduction (:func:`step_rate_hip_adduction_rel`;
    ``step_rate_spm`` None = the preferred rate, factor 1) and the quadriceps
    (:func:`quadriceps_mechanism`). The strengths are those the running pattern reflects (see
    :func:`stance_inputs` for gait retraining). Returns ``(kwargs, report)``: the
    ``hip_adduction_peak_deg``, ``hip_internal_rotation_peak_deg``,
    ``tibial_internal_rotation_peak_deg``, ``knee_share``, ``vmo_activation`` and
    ``lateral_retinaculum_N`` keywords of :func:`pfsim.gait.stance`, and each mechanism's quantities;
    ``report["femoral_internal_rotation_peak_deg"]`` is the peak passed to the stance model (the
    rotators' share, ``femoral_internal_rotation_rotators_deg``, plus the pronation share).
    """
    v = np.asarray(speed_m_s, dtype=float)
    demand = hip_abduction_demand_rel(v, assumptions=assumptions)
    demand_rot = hip_external_rotation_demand_rel(v, assumptions=assumptions)
    cadence = (
        np.ones_like(v)
        if step_rate_spm is None
        else step_rate_hip_adduction_rel(v, step_rate_spm, assumptions=assumptions)
    )
    hip = hip_abductor_mechanism(
        hip_abductor_strength_rel, demand, cadence, assumptions=assumptions
    )
    quad = quadriceps_mechanism(quadriceps_strength_rel, assumptions=assumptions)
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
        "knee_share": quad["knee_share"],
        "vmo_activation": vmo_mechanism(vmo_activation),
        "lateral_retinaculum_N": lateral_tightness_mechanism(lateral_tightness_N),
    }
    report = {
        **hip,
        **rot,
        **foot,
        **quad,
        "step_rate_hip_adduction_rel": cadence,
        "femoral_internal_rotation_peak_deg": femoral,
        "femoral_internal_rotation_rotators_deg": rot["femoral_internal_rotation_peak_deg"],
    }
    return kwargs, report
