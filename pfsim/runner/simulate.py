"""A runner profile through the stance model, and the interventions on a profile.

:func:`simulate` and :func:`profile_report` evaluate a :class:`~pfsim.runner.Runner`;
:func:`strengthen` and :func:`retrain_gait` are the two levers (Willy & Davis 2011: strength alone
does not change running mechanics); :func:`reference_runner` is the healthy runner of the same body,
speed and training.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..gait import StanceResult, stance
from .assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from .mechanisms import quadriceps_demand_rel, stance_inputs
from .profile import Runner

__all__ = [
    "simulate",
    "profile_report",
    "strengthen",
    "retrain_gait",
    "reference_runner",
    "REFERENCE_RUNNER_KEEPS",
]


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
        ``frontal_geometry`` (e.g. model v2, :func:`pfsim.joint.frontal.lenhart2015_geometry`)
        must carry the assumptions' ``knee_abduction_per_hip_adduction``.

    Examples
    --------
    >>> r = simulate(Runner())
    >>> round(float(r.summary().peak_knee_flexion_deg), 1)
    46.3
    """
    kwargs, _ = stance_inputs(
        runner, speed_m_s=speed_m_s, step_rate_spm=step_rate_spm, assumptions=assumptions
    )
    return stance(
        **kwargs, slope_deg=slope_deg, **_stance_extras(kwargs, stance_kwargs, assumptions)
    )


def _stance_extras(kwargs: dict, stance_kwargs: dict, assumptions: Assumptions) -> dict:
    """The caller's extra stance arguments, checked against what the profile already passes.

    A ``frontal_geometry`` (e.g. model v2, ``lenhart2015_geometry()``) must agree with the
    assumptions' knee-abduction coupling (:func:`_with_coupling`); the profile's own inputs, and
    the coupling, cannot be passed again.
    """
    extra = dict(stance_kwargs)
    if "frontal_geometry" in extra:
        extra["frontal_geometry"] = _with_coupling(extra["frontal_geometry"], assumptions)
    if "knee_abduction_per_hip_adduction" in extra:
        raise ValueError(
            "knee_abduction_per_hip_adduction comes from the assumptions; pass "
            "assumptions=Assumptions(knee_abduction_per_hip_adduction=...) instead."
        )
    overlap = set(kwargs) & set(extra)
    if overlap:
        raise ValueError(
            f"{', '.join(sorted(overlap))} come from the runner profile; change the profile "
            "(dataclasses.replace) instead of passing them."
        )
    return extra


def _with_coupling(geometry, assumptions: Assumptions):
    """A frontal geometry given to :func:`simulate` with the assumptions' knee-abduction coupling.

    The runner layer takes the coupling from
    :attr:`Assumptions.knee_abduction_per_hip_adduction`: a geometry at the joint model's default
    coupling gets the assumptions' value; one with another value must agree with them
    (ValueError), so that neither silently wins.
    """
    from ..joint.frontal import DEFAULT_FRONTAL_GEOMETRY, FrontalGeometry

    if not isinstance(geometry, FrontalGeometry):
        raise ValueError(
            f"frontal_geometry must be a pfsim.joint.frontal.FrontalGeometry (got {geometry!r}); "
            "e.g. pfsim.joint.frontal.lenhart2015_geometry() for model v2."
        )
    k, default = assumptions.knee_abduction_per_hip_adduction, DEFAULT_FRONTAL_GEOMETRY
    if geometry.knee_abduction_per_hip_adduction == default.knee_abduction_per_hip_adduction:
        return replace(geometry, knee_abduction_per_hip_adduction=k)
    if geometry.knee_abduction_per_hip_adduction != k:
        raise ValueError(
            f"frontal_geometry has knee_abduction_per_hip_adduction = "
            f"{geometry.knee_abduction_per_hip_adduction!r} but the assumptions {k!r}; the runner "
            "takes the coupling from the assumptions: set it there (Assumptions("
            "knee_abduction_per_hip_adduction=...)) and leave the geometry's at its default."
        )
    return geometry


def profile_report(
    runner: Runner, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, **stance_kwargs
) -> dict[str, float]:
    """One flat dict for a profile: stance summary, facet peaks and every mechanism quantity.

    Keys: the :class:`pfsim.gait.StanceSummary` fields, ``peak_medial_facet_stress_MPa``,
    ``peak_lateral_shift_mm``, ``peak_lateral_tilt_deg``, the mechanism outputs of
    :func:`stance_inputs` and ``quadriceps_demand_rel``. Floats (NaN where not available).
    """
    kwargs, report = stance_inputs(runner, assumptions=assumptions)
    r = stance(**kwargs, **_stance_extras(kwargs, stance_kwargs, assumptions))
    out = {k: float(v) for k, v in r.summary().to_dict().items()}
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
        habitual_quadriceps_strength_rel=(
            runner.quadriceps_strength_rel
            if runner.habitual_quadriceps_strength_rel is None
            else runner.habitual_quadriceps_strength_rel
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
