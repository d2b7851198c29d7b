"""Named, vectorised model functions that a problem file can ask for (``model = "stance"``).

The sweep engine sweeps any function; this registry gives the pfsim models a name, so that a TOML
problem run by ``pfsim sweep problem.toml`` says what it evaluates, and so that the provenance of
every result names the function. Each model takes 1-D arrays (one value per scenario) as keyword
arguments, every argument has a default (so any subset can be swept or held in ``[constants]``), and
it returns a dict of 1-D float arrays with units in their names.

========== ======================================================================================
name       what it evaluates
========== ======================================================================================
stance     :func:`stance_model`: running stance (:func:`pfsim.gait.stance`) → per-step and per-km
           summaries, with the frontal facet model (lateral facet stress and its dose)
runner     :func:`runner_model`: a runner profile's contributors (strength, VMO, tightness,
           pronation) through the :mod:`pfsim.runner` mechanisms → stance summaries
joint      :func:`joint_model`: one knee state → :func:`pfsim.patellofemoral_load` outputs
========== ======================================================================================

Settings that are not numbers (a contact-area fit, ``frontal = false``) are ``[model_options]`` in
the problem file, or keyword arguments of :func:`resolve_model` in Python.

Examples
--------
>>> import numpy as np
>>> out = stance_model(speed_m_s=np.array([3.0]), step_rate_spm=np.array([168.0]))
>>> round(float(out["peak_knee_extension_moment_Nm_kg"][0]), 2)
2.5
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .constants import G_M_S2
from .gait.springmass import VAN_OEVEREN_2019  # the relation's data, importable from here
from .runner import preferred_step_rate_spm

__all__ = [
    "MODELS",
    "ModelSpec",
    "VAN_OEVEREN_2019",
    "joint_model",
    "preferred_step_rate_spm",
    "resolve_model",
    "run_problem",
    "runner_model",
    "stance_model",
]

#: The settings of the models and the type each must have; every other option is a number.
_OPTION_TYPES = {
    "n_samples": int,
    "samples": ("refined", "all"),
    "frontal": bool,
    "area_fit": str,
    "extrapolate": str,
    "model": str,
    "strength_kinematics_exponent": float,
}

_TYPE_TEXT = {
    int: "a whole number (e.g. 101)",
    bool: "true or false (not a string or a number)",
    str: "a string",
    float: "a number",
}


#: Where a problem file gives a model setting.
_SETTING_PLACE = "[model_options] (or, a number, in [constants])"


def _check_option_type(value, name: str, where: str = ""):
    """``value`` as the type option ``name`` takes, or a ValueError naming the option and the type.

    Booleans must be bool (``"false"`` is a non-empty string, and would mean True); whole numbers
    int or an integral float (constants arrive as floats); strings str; numbers int or float.
    """
    kind = _OPTION_TYPES.get(name, float)
    ok = False
    if isinstance(kind, tuple):  # one of these strings
        ok = isinstance(value, str) and value in kind
    elif kind is bool:
        ok = isinstance(value, (bool, np.bool_))
    elif kind is str:
        ok = isinstance(value, str)
    elif not isinstance(value, (bool, np.bool_, str)) and isinstance(
        value, (int, float, np.number)
    ):
        ok = kind is float or float(value).is_integer()
        value = int(value) if ok and kind is int else value
    if not ok:
        prefix = f"{where}: " if where else ""
        raise ValueError(
            f"{prefix}option {name} must be {_TYPE_TEXT.get(kind) or ' or '.join(map(repr, kind))} "
            f"(got {value!r}); fix it in the problem's [model_options] (e.g. frontal = false, "
            'n_samples = 101, area_fit = "kernozek2015", samples = "all").'
        )
    return value


def _option(value, name: str):
    """A per-call setting passed as a constant (an array of equal values) → one checked scalar."""
    a = np.asarray(value).ravel()
    if not (a.size and np.all(a == a.item(0))):  # empty, or not one value
        raise ValueError(
            f"{name} must be one value, the same for every scenario (a setting, not an input to "
            f"sweep; got {value!r}); give it in {_SETTING_PLACE}."
        )
    return _check_option_type(a.item(0), name)


def _samples_refined(samples) -> bool:
    """``samples`` of :func:`stance_model` ("refined" or "all", checked) → True for "refined"."""
    return _option(samples, "samples") == "refined"


def _per_scenario(value):
    return np.asarray(value, dtype=np.float64)[..., None]


def _default(value, default):
    """``default`` where ``value`` is None ("that default")."""
    return default if value is None else value


def _speed_and_step_rate(speed_m_s, step_rate_spm, step_rate_change_pct, scenario_args):
    """Speed broadcast to the scenario shape, and the step rate evaluated [steps/min].

    Parameters
    ----------
    speed_m_s, step_rate_spm, step_rate_change_pct : array_like
        As in :func:`stance_model`.
    scenario_args : list
        Every per-scenario argument of :func:`stance_model` (None for "the default").

    Returns
    -------
    v, rate : ndarray
        Speed [m/s] of the broadcast scenario shape, and the step rate: ``step_rate_spm`` or the
        preferred one (:func:`preferred_step_rate_spm`) changed by ``step_rate_change_pct``.
    """
    shape = np.broadcast_shapes(*(np.shape(a) for a in scenario_args if a is not None))
    # the stance model takes its scenario shape from speed, step rate and body size: broadcast
    # speed to every per-scenario input so that any of them can be the only array
    v = np.broadcast_to(np.asarray(speed_m_s, dtype=np.float64), shape)
    change = np.asarray(step_rate_change_pct, dtype=np.float64)
    if step_rate_spm is None:
        return v, preferred_step_rate_spm(v) * (1.0 + change / 100.0)
    if np.any(change != 0.0):
        raise ValueError(
            "give step_rate_spm or step_rate_change_pct (relative to the preferred step rate), "
            "not both; drop one from the problem's inputs and constants."
        )
    return v, np.asarray(step_rate_spm, dtype=np.float64)


def _stance_options(
    n_samples, frontal, area_fit, extrapolate, q_angle_deg, vmo_activation, lateral_retinaculum_N
) -> dict:
    """The settings and joint-model inputs of :func:`stance_model`, for :func:`pfsim.gait.stance`.

    The settings become Python scalars (``area_fit`` None is :data:`pfsim.gait.STANCE_AREA_FIT`).
    With the frontal model the per-scenario joint inputs meet (scenario, sample) arrays: they get a
    sample axis (``q_angle_deg`` None is :data:`pfsim.joint.frontal.DEFAULT_Q_ANGLE_DEG`).

    Returns
    -------
    dict
        ``n_samples``, ``area_fit`` and the :func:`pfsim.patellofemoral_load` keyword arguments.
    """
    from .gait import STANCE_AREA_FIT
    from .joint.frontal import DEFAULT_Q_ANGLE_DEG

    n_samples = int(_option(n_samples, "n_samples"))
    frontal = bool(_option(frontal, "frontal"))
    area_fit = str(_option(_default(area_fit, STANCE_AREA_FIT), "area_fit"))
    extrapolate = str(_option(extrapolate, "extrapolate"))
    options = {"n_samples": n_samples, "area_fit": area_fit}
    options.update(frontal=frontal, extrapolate=extrapolate)
    if frontal:
        # per-scenario joint inputs meet (scenario, sample) arrays: add the sample axis
        options.update(
            q_angle_deg=_per_scenario(_default(q_angle_deg, DEFAULT_Q_ANGLE_DEG)),
            vmo_activation=_per_scenario(vmo_activation),
            lateral_retinaculum_N=_per_scenario(lateral_retinaculum_N),
        )
    return options


def _stance_kwargs(
    slope_deg,
    added_mass_kg,
    knee_flexion_initial_contact_deg,
    hip_adduction_peak_deg,
    hip_internal_rotation_peak_deg,
    tibial_internal_rotation_peak_deg,
    knee_share,
    grf_offset_foot_fraction,
) -> dict:
    """Conditions and kinematics for :func:`pfsim.gait.stance`, None replaced by its defaults.

    Returns
    -------
    dict
        ``slope_deg``, ``added_mass_kg``, ``knee_flexion_initial_contact_deg`` (default 17.8),
        ``hip_adduction_peak_deg`` (10.4), ``hip_internal_rotation_peak_deg`` (4.4),
        ``tibial_internal_rotation_peak_deg``, ``knee_share`` and ``grf_offset_foot_fraction`` (the
        calibrated values, :mod:`pfsim.gait.calibration`).
    """
    from .gait import (
        GRF_OFFSET_FOOT_FRACTION,
        HIP_ADDUCTION_PEAK_DEG,
        HIP_INTERNAL_ROTATION_PEAK_DEG,
        KNEE_FLEXION_INITIAL_CONTACT_DEG,
        KNEE_SHARE_OF_LEG_COMPRESSION,
    )

    return {
        "slope_deg": slope_deg,
        "added_mass_kg": added_mass_kg,
        "knee_flexion_initial_contact_deg": _default(
            knee_flexion_initial_contact_deg, KNEE_FLEXION_INITIAL_CONTACT_DEG
        ),
        "hip_adduction_peak_deg": _default(hip_adduction_peak_deg, HIP_ADDUCTION_PEAK_DEG),
        "hip_internal_rotation_peak_deg": _default(
            hip_internal_rotation_peak_deg, HIP_INTERNAL_ROTATION_PEAK_DEG
        ),
        "tibial_internal_rotation_peak_deg": tibial_internal_rotation_peak_deg,
        "knee_share": _default(knee_share, KNEE_SHARE_OF_LEG_COMPRESSION),
        "grf_offset_foot_fraction": _default(grf_offset_foot_fraction, GRF_OFFSET_FOOT_FRACTION),
    }


def _stance_outputs(rs) -> dict[str, np.ndarray]:
    """The outputs of :func:`stance_model` (float64, scenario shape; see its Returns).

    From a :class:`pfsim.gait.refined.RefinedStance`: peaks are maxima over the evaluated samples,
    integrals and means use its weights. Body weight is ``body_mass_kg × g`` (``G_M_S2``).
    """
    r = rs.result
    s = rs.summary()
    shape = r.scenario_shape
    out = {
        k: np.broadcast_to(np.asarray(x, dtype=np.float64), shape) for k, x in s.to_dict().items()
    }
    out["step_rate_used_spm"] = np.broadcast_to(r.step_rate_spm, shape)
    nan = np.full(shape, np.nan)
    jl = r.joint
    facets = jl.lateral_facet_stress_MPa is not None
    lat_step = rs.integral(jl.lateral_facet_stress_MPa) if facets else nan
    out["peak_medial_facet_stress_MPa"] = np.max(jl.medial_facet_stress_MPa, -1) if facets else nan
    out["lateral_facet_stress_time_integral_per_step_MPa_s"] = lat_step
    out["lateral_facet_stress_time_integral_per_km_MPa_s"] = lat_step * out["steps_per_km"] / 2
    out["peak_hip_adduction_deg"] = np.max(r.hip_adduction_deg, axis=-1)
    bw = np.asarray(r.body_mass_kg, dtype=np.float64) * G_M_S2
    lateral = jl.lateral_force_N is not None
    out["peak_lateral_force_bw"] = np.max(jl.lateral_force_N, -1) / bw if lateral else nan
    out["off_groove_fraction"] = rs.mean(jl.off_groove) if lateral else nan
    return {k: np.array(x, dtype=np.float64) for k, x in out.items()}


def stance_model(
    speed_m_s=3.0,
    step_rate_spm=None,
    step_rate_change_pct=0.0,
    body_mass_kg=70.0,
    height_m=1.75,
    slope_deg=0.0,
    added_mass_kg=0.0,
    knee_flexion_initial_contact_deg=None,
    hip_adduction_peak_deg=None,
    hip_internal_rotation_peak_deg=None,
    tibial_internal_rotation_peak_deg=0.0,
    q_angle_deg=None,
    vmo_activation=1.0,
    lateral_retinaculum_N=0.0,
    knee_share=None,
    grf_offset_foot_fraction=None,
    n_samples=101,
    frontal=True,
    area_fit=None,
    extrapolate="nan",
    samples="refined",
) -> dict[str, np.ndarray]:
    """Running stance through the full joint model → per-step, per-km and facet summaries.

    Every argument broadcasts (1-D arrays of one value per scenario in a sweep). Defaults are those of
    :func:`pfsim.gait.stance` (its reference runner: 3.0 m/s, 70 kg, 1.75 m; Heiderscheit et al. 2011
    Table 3 kinematics) and of :func:`pfsim.patellofemoral_load`; ``None`` means "that default".

    Parameters
    ----------
    speed_m_s : array_like
        Running speed [m/s].
    step_rate_spm : array_like, optional
        Step rate [steps/min]. Default: the preferred step rate at that speed
        (:func:`preferred_step_rate_spm`, van Oeveren et al. 2019) changed by ``step_rate_change_pct``.
    step_rate_change_pct : array_like
        Change of step rate from preferred [%] (e.g. -15 … +15); only without ``step_rate_spm``.
    body_mass_kg, height_m, slope_deg, added_mass_kg : array_like
        Runner and conditions [kg, m, deg, kg] (:func:`pfsim.gait.stance`).
    knee_flexion_initial_contact_deg, hip_adduction_peak_deg, hip_internal_rotation_peak_deg,
    tibial_internal_rotation_peak_deg : array_like, optional
        Stance kinematics [deg] (defaults 17.8, 10.4, 4.4, 0: :mod:`pfsim.gait.leg`).
    q_angle_deg, vmo_activation, lateral_retinaculum_N : array_like, optional
        Frontal model inputs [deg, 1, N] (:func:`pfsim.patellofemoral_load`; defaults 15.5, 1, 0).
    knee_share, grf_offset_foot_fraction : array_like, optional
        The stance model's two baseline calibrations (for sensitivity studies).
    n_samples : int
        Samples over stance (default 101).
    frontal : bool
        Run the frontal facet model (default True); False skips it (facet outputs NaN).
    area_fit : str, optional
        Contact-area fit (default the stance model's, ``"kernozek2015"``).
    extrapolate : str
        Fits outside their data: ``"nan"`` (default), ``"clip"``, ``"extend"``.
    samples : {"refined", "all"}
        41 of the 101 samples (default, Notes), or every sample (2.5× the joint cost; as stance()).

    Returns
    -------
    dict of str to ndarray
        Every :data:`pfsim.gait.SUMMARY_KEYS` summary (peak stress [MPa], stress-time integrals per
        step [MPa·s] and per km for one knee [MPa·s/km], peak forces [N, BW], ...), plus
        ``step_rate_used_spm`` (the step rate evaluated), ``peak_lateral_force_bw`` (peak net active
        lateral load on the patella, always defined), ``off_groove_fraction`` (share of stance
        samples in which the flat-facet model has the patella off the groove; the facet outputs of
        such scenarios are NaN), ``peak_medial_facet_stress_MPa``,
        ``lateral_facet_stress_time_integral_per_step_MPa_s`` and ``..._per_km_MPa_s`` (lateral facet
        dose, same conventions as the mean-stress dose), and ``peak_hip_adduction_deg``.

    Notes
    -----
    The per-km dose of one knee counts every second step: ``∫σ dt · steps_per_km / 2``
    (:mod:`pfsim.gait.summaries`). Giving both ``step_rate_spm`` and a non-zero
    ``step_rate_change_pct`` is refused (ambiguous).

    ``samples="refined"``: 41 of the 101 samples (:mod:`pfsim.gait.refined`: a coarse grid and the
    samples around the peak), chunks of ~:data:`pfsim.gait.refined.STATES_PER_CALL` joint states:
    peaks as at 101 samples, integrals within ``tests/gait/test_refined.py``'s tolerances.
    """
    from .gait.refined import STANCE_SCENARIO_ARGS, in_chunks, refined_stance

    scenario_args = [
        speed_m_s, step_rate_spm, step_rate_change_pct, body_mass_kg, height_m, slope_deg,
        added_mass_kg, knee_flexion_initial_contact_deg, hip_adduction_peak_deg,
        hip_internal_rotation_peak_deg, tibial_internal_rotation_peak_deg, q_angle_deg,
        vmo_activation, lateral_retinaculum_N, knee_share, grf_offset_foot_fraction,
    ]  # fmt: skip
    settings = dict(n_samples=n_samples, frontal=frontal, area_fit=area_fit,
                    extrapolate=extrapolate, samples=samples)  # fmt: skip
    per_scenario = dict(zip(STANCE_SCENARIO_ARGS, scenario_args, strict=True))
    refine, n = _samples_refined(samples), int(_option(n_samples, "n_samples"))
    if (chunked := in_chunks(stance_model, per_scenario, settings, n, refine=refine)) is not None:
        return chunked
    v, rate = _speed_and_step_rate(speed_m_s, step_rate_spm, step_rate_change_pct, scenario_args)
    options = _stance_options(
        n_samples, frontal, area_fit, extrapolate,
        q_angle_deg, vmo_activation, lateral_retinaculum_N,
    )  # fmt: skip
    kwargs = _stance_kwargs(
        slope_deg, added_mass_kg, knee_flexion_initial_contact_deg, hip_adduction_peak_deg,
        hip_internal_rotation_peak_deg, tibial_internal_rotation_peak_deg, knee_share,
        grf_offset_foot_fraction,
    )  # fmt: skip
    return _stance_outputs(refined_stance(v, rate, body_mass_kg, height_m, refine=refine,
                                          **kwargs, **options))  # fmt: skip


def joint_model(
    knee_flexion_deg=45.0,
    knee_extension_moment_Nm=None,
    quad_force_N=None,
    q_angle_deg=None,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    lateral_retinaculum_N=0.0,
    model="k",
    area_fit=None,
    frontal=True,
    extrapolate="nan",
) -> dict[str, np.ndarray]:
    """One knee state → every numeric output of :func:`pfsim.patellofemoral_load`.

    Give one of ``knee_extension_moment_Nm`` [N·m] and ``quad_force_N`` [N] (default: a moment of
    175 N·m, the 70 kg × 2.5 N·m/kg running peak of Heiderscheit et al. 2011 Table 3). Boolean outputs
    (``medial_unloaded``, ``off_groove``) come back as 0.0/1.0.

    Examples
    --------
    >>> out = joint_model(knee_flexion_deg=45.0, knee_extension_moment_Nm=100.0)
    >>> round(float(out["contact_stress_MPa"]), 2)  # REFERENCES §1 worked example, Kernozek area
    10.61
    """
    from .joint import patellofemoral_load
    from .joint.frontal import DEFAULT_Q_ANGLE_DEG
    from .joint.model import DEFAULT_AREA_FIT

    if knee_extension_moment_Nm is None and quad_force_N is None:
        knee_extension_moment_Nm = 175.0
    kw = {}
    if bool(_option(frontal, "frontal")):
        kw = {
            "q_angle_deg": DEFAULT_Q_ANGLE_DEG if q_angle_deg is None else q_angle_deg,
            "hip_adduction_deg": hip_adduction_deg,
            "femoral_internal_rotation_deg": femoral_internal_rotation_deg,
            "tibial_internal_rotation_deg": tibial_internal_rotation_deg,
            "vmo_activation": vmo_activation,
            "lateral_retinaculum_N": lateral_retinaculum_N,
        }
    r = patellofemoral_load(
        knee_flexion_deg,
        knee_extension_moment_Nm=knee_extension_moment_Nm,
        quad_force_N=quad_force_N,
        model=str(_option(model, "model")),
        area_fit=str(_option(DEFAULT_AREA_FIT if area_fit is None else area_fit, "area_fit")),
        frontal="eager" if kw else False,  # every output is read: compute the facets now
        extrapolate=str(_option(extrapolate, "extrapolate")),
        **kw,
    )
    shape = r.shape
    return {
        k: np.array(np.broadcast_to(v, shape), dtype=np.float64)
        for k, v in r._arrays().items()
        if k != "knee_flexion_deg"
    }


def runner_model(
    hip_abductor_strength_rel=1.0,
    hip_external_rotator_strength_rel=1.0,
    quadriceps_strength_rel=1.0,
    vmo_activation=1.0,
    lateral_tightness_N=0.0,
    rearfoot_eversion_excess_deg=0.0,
    q_angle_deg=None,
    body_mass_kg=70.0,
    height_m=1.75,
    speed_m_s=3.0,
    step_rate_spm=None,
    step_rate_change_pct=0.0,
    slope_deg=0.0,
    strength_kinematics_exponent=None,
    n_samples=101,
    area_fit=None,
    samples="refined",
) -> dict[str, np.ndarray]:
    """A runner profile's contributors → mechanisms (:mod:`pfsim.runner`) → stance summaries.

    The profile fields of :class:`pfsim.runner.Runner` as arrays (one value per scenario), mapped by
    the runner mechanisms: hip-abductor and external-rotator capacity vs the stance demand → peak hip
    adduction and femoral internal rotation (:func:`pfsim.runner.hip_abductor_mechanism`), pronation
    → tibial and femoral rotation, quadriceps strength → knee share of leg compression, step rate
    → hip adduction, VMO activation and lateral tightness → joint inputs; then
    :func:`stance_model`. The running pattern is taken to match the given strengths (a
    gait-retrained runner, or strengths held since the pattern was learned): strengthening alone,
    without retraining, changes none of the kinematics (Willy & Davis 2011; :func:`pfsim.runner.strengthen`).

    Defaults are the healthy reference runner (:class:`pfsim.runner.Runner`); ``q_angle_deg`` None
    = 15.5°, ``strength_kinematics_exponent`` None = :class:`pfsim.runner.Assumptions` default (1);
    ``n_samples``, ``area_fit`` and ``samples`` as in :func:`stance_model`.

    Returns
    -------
    dict of str to ndarray
        The :func:`stance_model` outputs plus ``hip_abductor_utilisation_rel``,
        ``pelvic_drop_peak_deg``, ``femoral_internal_rotation_peak_deg``,
        ``tibial_internal_rotation_peak_deg`` and ``quadriceps_demand_rel`` (share of capacity that
        stance demands, relative to the reference). Quadriceps strength reaches knee flexion under
        load (:func:`pfsim.runner.quadriceps_mechanism`) and the step rate reaches hip adduction
        (:func:`pfsim.runner.step_rate_hip_adduction_rel`), issue 12.
    """
    from dataclasses import replace

    from . import runner as rn

    exponent = _option(
        rn.DEFAULT_ASSUMPTIONS.strength_kinematics_exponent
        if strength_kinematics_exponent is None
        else strength_kinematics_exponent,
        "strength_kinematics_exponent",
    )
    assumptions = replace(rn.DEFAULT_ASSUMPTIONS, strength_kinematics_exponent=float(exponent))
    v = np.asarray(speed_m_s, dtype=np.float64)
    rate = (
        preferred_step_rate_spm(v) * (1.0 + np.asarray(step_rate_change_pct) / 100.0)
        if step_rate_spm is None
        else step_rate_spm
    )
    mech, report = rn.mechanism_inputs(
        v,
        step_rate_spm=rate,
        hip_abductor_strength_rel=hip_abductor_strength_rel,
        hip_external_rotator_strength_rel=hip_external_rotator_strength_rel,
        quadriceps_strength_rel=quadriceps_strength_rel,
        rearfoot_eversion_excess_deg=rearfoot_eversion_excess_deg,
        vmo_activation=vmo_activation,
        lateral_tightness_N=lateral_tightness_N,
        assumptions=assumptions,
    )
    out = stance_model(
        speed_m_s=v,
        step_rate_spm=step_rate_spm,
        step_rate_change_pct=step_rate_change_pct,
        body_mass_kg=body_mass_kg,
        height_m=height_m,
        slope_deg=slope_deg,
        q_angle_deg=q_angle_deg,
        n_samples=n_samples,
        area_fit=area_fit,
        samples=samples,
        **mech,
    )
    shape = out["peak_contact_stress_MPa"].shape
    extra = {
        "hip_abductor_utilisation_rel": report["hip_abductor_utilisation_rel"],
        "pelvic_drop_peak_deg": report["pelvic_drop_peak_deg"],
        "femoral_internal_rotation_peak_deg": report["femoral_internal_rotation_peak_deg"],
        "tibial_internal_rotation_peak_deg": report["tibial_internal_rotation_peak_deg"],
        "quadriceps_demand_rel": rn.quadriceps_demand_rel(
            out["peak_knee_extension_moment_Nm_kg"], quadriceps_strength_rel
        ),
    }
    for k, x in extra.items():
        out[k] = np.array(np.broadcast_to(x, shape), dtype=np.float64)
    return out


@dataclass(frozen=True)
class ModelSpec:
    """A registered model the engine sweeps by name.

    Its function, a one-line description, the outputs' units, and a chunk size that keeps one
    call's temporaries to a few hundred MB.
    """

    function: Callable
    description: str
    units: Mapping
    chunk_size: int


_STANCE_UNITS = {
    "peak_knee_flexion_deg": "deg",
    "peak_knee_extension_moment_Nm": "N·m",
    "peak_knee_extension_moment_Nm_kg": "N·m/kg",
    "peak_quad_force_N": "N",
    "peak_quad_force_bw": "BW",
    "peak_joint_reaction_force_N": "N",
    "peak_joint_reaction_force_bw": "BW",
    "peak_contact_stress_MPa": "MPa",
    "peak_lateral_facet_stress_MPa": "MPa",
    "stress_time_integral_per_step_MPa_s": "MPa·s",
    "steps_per_km": "1/km",
    "stress_time_integral_per_km_MPa_s": "MPa·s/km",
    "contact_time_s": "s",
    "peak_vertical_grf_N": "N",
    "peak_vertical_grf_bw": "BW",
    "step_rate_used_spm": "steps/min",
    "peak_medial_facet_stress_MPa": "MPa",
    "lateral_facet_stress_time_integral_per_step_MPa_s": "MPa·s",
    "lateral_facet_stress_time_integral_per_km_MPa_s": "MPa·s/km",
    "peak_hip_adduction_deg": "deg",
    "peak_lateral_force_bw": "BW",
    "off_groove_fraction": "1",
}

_RUNNER_UNITS = {
    **_STANCE_UNITS,
    "hip_abductor_utilisation_rel": "1",
    "pelvic_drop_peak_deg": "deg",
    "femoral_internal_rotation_peak_deg": "deg",
    "tibial_internal_rotation_peak_deg": "deg",
    "quadriceps_demand_rel": "1",
}

_JOINT_UNITS = {
    "quad_force_N": "N",
    "joint_reaction_force_N": "N",
    "contact_area_mm2": "mm²",
    "contact_stress_MPa": "MPa",
    "k_ratio": "1",
    "knee_extension_moment_Nm": "N·m",
    "lever_arm_mm": "mm",
    "lateral_force_N": "N",
    "lateral_facet_force_N": "N",
    "medial_facet_force_N": "N",
    "lateral_facet_area_mm2": "mm²",
    "medial_facet_area_mm2": "mm²",
    "lateral_facet_stress_MPa": "MPa",
    "medial_facet_stress_MPa": "MPa",
    "peak_pressure_MPa": "MPa",
    "lateral_shift_mm": "mm",
    "lateral_tilt_deg": "deg",
    "medial_restraint_N": "N",
    "ligament_centring_N": "N",
    "dynamic_q_angle_deg": "deg",
    "medial_unloaded": "1",
    "off_groove": "1",
}

#: The registry: name → :class:`ModelSpec`. Stance chunks hold ``chunk × n_samples`` samples in a
#: few dozen temporaries (4096 × 101 doubles ≈ 3.3 MB each); joint chunks one value per scenario.
MODELS: dict[str, ModelSpec] = {
    "stance": ModelSpec(
        stance_model,
        "running stance (pfsim.gait.stance) -> per-step/per-km stress and facet summaries",
        _STANCE_UNITS,
        4096,
    ),
    "runner": ModelSpec(
        runner_model,
        "runner profile (strength, VMO, tightness, pronation; pfsim.runner mechanisms) -> stance",
        _RUNNER_UNITS,
        4096,
    ),
    "joint": ModelSpec(
        joint_model,
        "one knee state -> pfsim.patellofemoral_load outputs (forces, stress, facets)",
        _JOINT_UNITS,
        65536,
    ),
}


def resolve_model(name: str, options: Mapping | None = None, where: str = "") -> Callable:
    """The function registered as ``name``, with ``options`` fixed (a picklable partial).

    Raises
    ------
    ValueError
        For an unknown name (listing the known ones) or an option the model does not take.

    Examples
    --------
    >>> resolve_model("joint", {"area_fit": "salsich2003"}).keywords
    {'area_fit': 'salsich2003'}
    """
    import inspect

    prefix = f"{where}: " if where else ""
    if name not in MODELS:
        known = "; ".join(f"{k!r} ({v.description})" for k, v in MODELS.items())
        raise ValueError(f"{prefix}unknown model {name!r}; known models: {known}.")
    func = MODELS[name].function
    options = dict(options or {})
    params = inspect.signature(func).parameters
    bad = sorted(set(options) - set(params))
    if bad:
        raise ValueError(
            f"{prefix}model {name!r} has no option {', '.join(map(repr, bad))}; its parameters are "
            f"{', '.join(params)}."
        )
    for key, value in options.items():
        if not (value is None and params[key].default is None):
            options[key] = _check_option_type(value, key, where)
    return functools.partial(func, **options) if options else func


def _check_names(problem, name: str, where: str) -> None:
    """Refuse an input or constant model ``name`` lacks, a setting swept or of the wrong type."""
    import difflib
    import inspect

    from .sweep.problem import ProblemError

    options = set(problem.model_options or {})
    valid = [p for p in inspect.signature(MODELS[name].function).parameters if p not in options]
    for key in (k for k in problem.names if k in _OPTION_TYPES and k in valid):
        raise ProblemError(
            f"{where} [inputs]: {key!r} is a setting of model {name!r}, the same for every scenario,"
            f" not an input to sweep; give one value in {_SETTING_PLACE} (one sweep per value)."
        )
    for key in (k for k in problem.constants if k in _OPTION_TYPES and k in valid):
        _check_option_type(problem.constants[key], key, f"{where} [constants]")
    for section, names in (("inputs", problem.names), ("constants", problem.constants)):
        for key in names:
            if key in options:
                raise ProblemError(
                    f"{where} [{section}]: {key!r} is also set in [model_options]; give it in one "
                    "place only."
                )
            if key not in valid:
                close = difflib.get_close_matches(key, valid, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ProblemError(
                    f"{where} [{section}]: model {name!r} has no parameter {key!r}; {hint}its "
                    f"parameters are {', '.join(valid)}."
                )


def _problem_model(problem, model: str | None):
    """The problem (read from TOML if a path), its model's name and function, checked together.

    Parameters
    ----------
    problem : Problem or path
        As in :func:`run_problem`.
    model : str, optional
        Overrides the problem's ``model``.

    Returns
    -------
    problem : Problem
    name : str
        A key of :data:`MODELS`.
    func : callable
        The model with the problem's ``[model_options]`` bound (:func:`resolve_model`).

    Raises
    ------
    ProblemError
        No model named, an unknown model or option, outputs or inputs the model does not have.
    """
    from .sweep.problem import Problem, ProblemError

    if not isinstance(problem, Problem):
        problem = Problem.from_toml(problem)
    where = problem.source or "problem"
    name = model or problem.model
    if name is None:
        raise ProblemError(
            f'{where}: no model to evaluate; add a top-level line such as model = "stance" '
            f"(known models: {', '.join(MODELS)})."
        )
    func = resolve_model(name, problem.model_options, where)
    spec = MODELS[name]
    if problem.outputs is not None:
        unknown = [o for o in problem.outputs if o not in spec.units]
        if unknown:
            raise ProblemError(
                f"{where} [outputs]: model {name!r} has no output {', '.join(map(repr, unknown))}; "
                f"its outputs are {', '.join(spec.units)}."
            )
    _check_names(problem, name, where)
    return problem, name, func


def run_problem(
    problem,
    out_dir=None,
    *,
    model: str | None = None,
    workers: int = 1,
    chunk_size: int | None = None,
    rng=None,
    checkpoint_dir=None,
    keep_checkpoint: bool = True,
    progress: bool = False,
    scheduler: str | None = None,
):
    """Evaluate a problem's named model over its design; write CSV + provenance when ``out_dir``.

    What ``pfsim sweep problem.toml`` does.

    Parameters
    ----------
    problem : Problem or path
        A :class:`~pfsim.sweep.Problem` or a TOML problem file naming a ``model``.
    out_dir : path, optional
        Folder for ``<problem name>.csv`` and its ``.json`` provenance sidecar. The CSV is streamed
        while the sweep runs (:func:`run_sweep` ``csv_path=``), so memory holds only the chunks in
        flight; without ``out_dir`` the result holds every output in memory
        (n × outputs × 8 bytes).
    model : str, optional
        Overrides the problem's ``model``.
    workers : int
        1: evaluate in this process; more: a process pool (:func:`pfsim.sweep.process_pool`) with
        that many processes, capped at the cores available (with a PfsimWarning); its workers exit
        when this process dies. Results are identical either way.
    chunk_size : int, optional
        Scenarios per call (default: the model's :attr:`ModelSpec.chunk_size`). Results are identical
        whatever the chunk size.
    rng : None or int
        Seed for a random design whose problem gives none (recorded in the provenance).
    checkpoint_dir : path, optional
        Keep finished chunks there; an interrupted run resumes from them.
    keep_checkpoint : bool
        False: remove ``checkpoint_dir`` and everything in it once the CSV and its sidecar are
        written (what ``pfsim sweep`` does with its default ``DIR/.checkpoints/<name>``).
    progress : bool
        Show a tqdm progress bar.
    scheduler : str, optional
        Run the chunks on dask.distributed (``pfsim[distributed]``): a scheduler's address such as
        ``"tcp://127.0.0.1:8786"``, or ``"local"`` for a cluster of ``workers`` processes here
        (:func:`pfsim.sweep._dask.dask_executor`). Results are identical.

    Returns
    -------
    (SweepResult, pathlib.Path or None)
        The result and the CSV path (None without ``out_dir``).

    Raises
    ------
    ValueError
        Before any work: a bad ``PFSIM_COMPILED``/``PFSIM_WORKER_MALLOC`` (or no numba for it), a
        model option of the wrong type, ``n_samples`` too large for memory, a design too large
        (:func:`pfsim.sweep.run_sweep`), or the output in use by another sweep (SweepInUseError).
    pfsim.sweep.SweepInterrupted
        On Ctrl-C; the checkpoint keeps the finished chunks and a rerun resumes.
    """
    from pathlib import Path

    from .joint.frontal.facets import check_compiled_setting
    from .sweep._worker import worker_malloc_wanted
    from .sweep.engine import (
        SweepInUseError,
        available_cpus,
        output_lock,
        process_pool,
        run_sweep,
    )

    problem, name, func = _problem_model(problem, model)
    spec = MODELS[name]
    check_compiled_setting()  # the environment's switches, before any work (not in every chunk)
    worker_malloc_wanted()
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise ValueError(f"workers must be a positive integer (got {workers!r}).")
    chunk = spec.chunk_size if chunk_size is None else chunk_size
    _check_chunk_memory(func, chunk, min(int(workers), available_cpus()))
    kw = {"chunk_size": chunk, "rng": rng, "checkpoint_dir": checkpoint_dir, "progress": progress}
    path = None
    if out_dir is not None:

        def extra(output_names):
            return {
                "model": {
                    "name": name,
                    "options": dict(problem.model_options or {}),
                    "output_units": {k: spec.units.get(k, "") for k in output_names},
                }
            }

        path = Path(out_dir) / f"{output_stem(problem)}.csv"
        kw.update(csv_path=path, provenance_extra=extra)
    if scheduler is not None:
        from .sweep._dask import dask_executor

        with dask_executor(scheduler, int(workers)) as ex:
            res = run_sweep(func, problem, executor=ex, **kw)
    elif workers > 1:
        with process_pool(int(workers)) as ex:  # capped at the cores, with a note
            res = run_sweep(func, problem, executor=ex, **kw)
    else:
        res = run_sweep(func, problem, **kw)
    if checkpoint_dir is not None and not keep_checkpoint:
        import shutil

        try:
            with output_lock(checkpoint_dir):  # not while another run has just taken it over
                shutil.rmtree(checkpoint_dir, ignore_errors=True)
        except SweepInUseError:
            pass
    return res, path


#: Arrays of ``chunk × n_samples`` doubles a stance chunk holds at once (the stance series, the
#: joint model's and the frontal model's temporaries), an upper estimate for the memory check.
_STANCE_TEMPORARIES = 64


def _check_chunk_memory(func, chunk_size, workers: int) -> None:
    """Refuse, before any work, ``n_samples`` so large that one stance chunk cannot fit in memory.

    A stance chunk holds about :data:`_STANCE_TEMPORARIES` arrays of ``chunk × n_samples`` doubles,
    in each of ``workers`` processes at once.
    """
    import inspect

    from .sweep.engine import _gb, available_memory

    n_samples = getattr(func, "keywords", {}).get("n_samples")
    if n_samples is None:
        p = inspect.signature(func).parameters.get("n_samples")
        n_samples = None if p is None else p.default
    have = available_memory()
    if n_samples is None or have is None or not isinstance(chunk_size, int) or chunk_size < 1:
        return
    need = chunk_size * int(n_samples) * 8 * _STANCE_TEMPORARIES * workers
    if need > have:
        raise ValueError(
            f"n_samples={n_samples} with chunk_size={chunk_size} and workers={workers} would hold "
            f"about {_gb(need)} in memory at once, more than the {_gb(have)} available (half the "
            "physical memory); lower n_samples (default 101) or chunk_size."
        )


def output_stem(problem) -> str:
    """The file stem of a problem's outputs: its name, with characters unsafe in file names as _."""
    return re.sub(r"[^\w.-]+", "_", problem.name).strip("._") or "sweep"
