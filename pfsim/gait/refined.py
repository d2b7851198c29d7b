"""Stance summaries from fewer joint states: a coarse grid plus the samples near the peak.

A sweep wants the summaries of a stance (peaks, stress-time integrals), not its 101-sample time
series. :func:`refined_stance` evaluates the stance chain of :func:`pfsim.gait.stance` (spring-mass,
knee state, joint model with the frontal facet model) at 41 of the 101 samples instead of all of
them, and gives the quadrature weights that turn those 41 values into the 101-sample summaries:

- the **coarse grid**: every 5th sample (21 samples, both ends included);
- the **window**: the 25 consecutive samples around the coarse peak of the knee extension moment
  (the 20 of them that are not coarse samples). Over a Sobol' box of running scenarios
  (``tests/gait/test_refined.py``) the 101-sample peaks of mean stress, PFJRF, quadriceps force,
  moment and facet stresses lie within 4 samples of the coarse moment peak, and those of knee
  flexion and vertical GRF within 11: inside the window, so their peaks are the 101-sample peaks
  exactly (the same samples, the same arithmetic);
- **integrals** over stance (stress-time integrals, their facet variants) and **means** over the
  samples (``off_groove_fraction``) are those of the 101-sample series in which each sample that
  was not evaluated is replaced by the cubic (4-point Lagrange) interpolant of the coarse samples
  around it: a fixed linear quadrature of the 41 values (:class:`SamplePlan`). The difference to the
  101-sample trapezoid is far below that trapezoid's own discretisation error (tested).

A peak that lies outside the window (the lateral load of the frontal model, which can peak at the
ends of stance) is the larger of the coarse and window samples: within 2 % of that output's largest
magnitude over stance in the tested box. Integrals agree with the 101-sample trapezoid within
0.5 % (mean stress; median ~0.005 %) and 1 % (lateral facet stress); ``tests/gait/test_refined.py``
states and justifies each tolerance.

Samples are sorted coarse first, then window; a :class:`RefinedStance`'s time series are therefore
not in time order (they are for its summaries, not for plots: use :func:`pfsim.gait.stance`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace

import numpy as np

from .model import (
    STANCE_AREA_FIT,
    StanceResult,
    _check_inputs,
    _frontal_inputs,
    _joint_load,
    _knee_state,
    _placed_knee_state,
    _spring_mass,
    _stance_result,
    stance,
)
from .springmass import LEG_LENGTH_FRACTION, SineWaveStance, sine_wave_stance

__all__ = [
    "RefinedStance",
    "SamplePlan",
    "STANCE_SCENARIO_ARGS",
    "STATES_PER_CALL",
    "in_chunks",
    "refined_stance",
    "sample_plan",
]

#: Every ``COARSE_STEP``-th sample is on the coarse grid.
COARSE_STEP = 5
#: Consecutive samples of the window around the coarse moment peak (a multiple of COARSE_STEP, so
#: that every window holds the same number, ``WINDOW - WINDOW // COARSE_STEP``, of new samples).
WINDOW = 25
#: Knee states per joint-model call that the chunked callers aim at: throughput of the joint model
#: falls beyond about 30,000 states per call (its temporaries leave the cache; issue 15, measured
#: with ``benchmarks/bench_chunks.py``).
STATES_PER_CALL = 30_000

#: The time-series fields of :class:`~pfsim.gait.springmass.SineWaveStance` (the rest are scalars).
_SERIES = (
    "time_s",
    "vertical_grf_N",
    "fore_aft_grf_N",
    "normal_grf_N",
    "along_surface_grf_N",
    "com_x_m",
    "com_z_m",
    "leg_length_m",
    "leg_compression_m",
)


@dataclass(frozen=True)
class SamplePlan:
    """Which of ``n`` even stance samples to evaluate, and the weights that stand for the rest.

    Attributes
    ----------
    n : int
        Samples of the full grid (stance fractions ``s = linspace(0, 1, n)``).
    s : ndarray
        The full grid's stance fractions, shape ``(n,)``.
    coarse : ndarray of int
        Indices of the coarse samples, shape ``(m_c,)``.
    new : ndarray of int
        For each window start ``0 .. n - WINDOW``: the window's non-coarse sample indices, shape
        ``(n - WINDOW + 1, WINDOW - WINDOW // COARSE_STEP)``.
    integral_weights : ndarray
        For each window start, the weights ``w`` (shape ``(m_c + m_w,)``, coarse then window
        samples) with ``trapezoid(f_full, s) ≈ Σ w f``: the trapezoid over ``s`` of the series
        whose unevaluated samples are cubic interpolants of the coarse ones.
    mean_weights : ndarray
        The same for the mean over the ``n`` samples.
    """

    n: int
    s: np.ndarray
    coarse: np.ndarray
    new: np.ndarray
    integral_weights: np.ndarray
    mean_weights: np.ndarray

    @property
    def states(self) -> int:
        """Joint states per scenario (coarse + window samples)."""
        return self.coarse.size + self.new.shape[1]


def _lagrange_rows(n: int, coarse: np.ndarray) -> np.ndarray:
    """``(n, m_c)`` matrix: each full-grid sample as the cubic interpolant of 4 coarse samples.

    4-point Lagrange interpolation on the coarse indices (the two coarse samples each side, one-
    sided at the ends); a coarse sample maps to itself.
    """
    m_c = coarse.size
    rows = np.zeros((n, m_c))
    for j in range(n):
        k0 = int(np.clip(np.searchsorted(coarse, j, side="right") - 2, 0, m_c - 4))
        nodes = coarse[k0 : k0 + 4].astype(float)
        for a in range(4):
            others = np.delete(nodes, a)
            rows[j, k0 + a] = np.prod((j - others) / (nodes[a] - others))
    rows[coarse, :] = np.eye(m_c)
    return rows


@functools.lru_cache(maxsize=8)
def sample_plan(n_samples: int) -> SamplePlan | None:
    """The :class:`SamplePlan` for ``n_samples`` even samples, or None to evaluate them all.

    None when the plan would not save joint states, or when ``n_samples - 1`` is not a multiple of
    :data:`COARSE_STEP` (the coarse grid must end on the last sample).
    """
    n = int(n_samples)
    if (n - 1) % COARSE_STEP or n < 2 * WINDOW:
        return None
    coarse = np.arange(0, n, COARSE_STEP)
    interp = _lagrange_rows(n, coarse)
    trap = np.full(n, 1.0 / (n - 1))
    trap[[0, -1]] *= 0.5
    starts = np.arange(n - WINDOW + 1)
    window = starts[:, None] + np.arange(WINDOW)
    new = window[window % COARSE_STEP != 0].reshape(starts.size, -1)
    integral_w, mean_w = [], []
    for start_new in new:
        # full series = interp @ coarse values, then the window's new samples replaced by their own
        op = np.zeros((n, coarse.size + start_new.size))
        op[:, : coarse.size] = interp
        op[start_new, :] = 0.0
        op[start_new, coarse.size + np.arange(start_new.size)] = 1.0
        integral_w.append(trap @ op)
        mean_w.append(op.mean(axis=0))
    s = np.linspace(0.0, 1.0, n)
    for a in (s, coarse, new):
        a.flags.writeable = False
    return SamplePlan(n, s, coarse, new, np.array(integral_w), np.array(mean_w))


@dataclass(frozen=True)
class RefinedStance:
    """A stance evaluated at a plan's samples, with the weights for its summaries.

    Attributes
    ----------
    result : StanceResult
        The stance chain at the evaluated samples (coarse first, then window: not in time order).
    integral_weights_s : ndarray
        ``∫ f dt ≈ Σ w f`` over the samples [s], shape ``S + (m,)``.
    mean_weights : ndarray
        ``mean over the full grid ≈ Σ w f``, shape ``S + (m,)``.
    """

    result: StanceResult
    integral_weights_s: np.ndarray
    mean_weights: np.ndarray

    def integral(self, values) -> np.ndarray:
        """∫ values dt over stance [unit · s] (NaN where a sample is NaN)."""
        return np.sum(self.integral_weights_s * values, axis=-1)

    def mean(self, values) -> np.ndarray:
        """Mean over the stance samples (NaN where a sample is NaN)."""
        return np.sum(self.mean_weights * values, axis=-1)

    def summary(self):
        """:meth:`StanceResult.summary` with the stress-time integrals from :meth:`integral`."""
        s = self.result.summary()
        per_step = np.asarray(self.integral(self.result.contact_stress_MPa), dtype=float)
        per_step = float(per_step) if per_step.ndim == 0 else per_step
        return replace(
            s,
            stress_time_integral_per_step_MPa_s=per_step,
            stress_time_integral_per_km_MPa_s=per_step * s.steps_per_km / 2.0,
        )


def _window_adder(plan: SamplePlan, sc: dict, knee_args: tuple, placed: dict):
    """The ``add`` step of :func:`pfsim.gait.model._placed_knee_state`: the window's samples.

    Finds each scenario's coarse moment peak, samples the spring-mass stance and the knee state at
    the window's new samples, and appends them. ``placed`` receives ``start`` (window start per
    scenario) and ``s`` (every sample's stance fraction).
    """

    def add(sw, theta, moment, too_long):
        with np.errstate(invalid="ignore"):
            finite = np.where(np.isfinite(moment), moment, -np.inf)
        peak = plan.coarse[np.argmax(finite, axis=-1)]
        start = np.clip(peak - WINDOW // 2, 0, plan.n - WINDOW)
        s_new = plan.s[plan.new[start]]
        sw_new = sine_wave_stance(
            sc["body_mass_kg"] + sc["added_mass_kg"],
            sc["speed_m_s"],
            sc["contact_time_s"],
            sc["step_time_s"],
            LEG_LENGTH_FRACTION * sc["height_m"],
            slope_deg=sc["slope_deg"],
            stance_fraction=s_new,
        )
        theta_new, moment_new = _knee_state(sw_new, sc["height_m"], too_long, *knee_args)
        shape = np.shape(s_new)[:-1]
        s_coarse = np.broadcast_to(plan.s[plan.coarse], shape + (plan.coarse.size,))
        placed.update(start=start, s=np.concatenate([s_coarse, s_new], axis=-1))

        def join(a, b):
            return np.concatenate([np.broadcast_to(a, shape + np.shape(a)[-1:]), b], axis=-1)

        series = {f.name: getattr(sw, f.name) for f in fields(sw)}
        for name in _SERIES:
            series[name] = join(series[name], getattr(sw_new, name))
        return SineWaveStance(**series), join(theta, theta_new), join(moment, moment_new)

    return add


def refined_stance(
    speed_m_s,
    step_rate_spm,
    body_mass_kg,
    height_m,
    *,
    contact_time_s=None,
    slope_deg=0.0,
    added_mass_kg=0.0,
    knee_flexion_initial_contact_deg=None,
    hip_adduction_peak_deg=None,
    hip_internal_rotation_peak_deg=None,
    tibial_internal_rotation_peak_deg=0.0,
    n_samples: int = 101,
    area_fit: str = STANCE_AREA_FIT,
    contact_time_extrapolate: str = "nan",
    knee_share=None,
    grf_offset_foot_fraction=None,
    refine: bool = True,
    **joint_kwargs,
) -> RefinedStance:
    """:func:`pfsim.gait.stance` at the samples of :func:`sample_plan`, for its summaries.

    Arguments as in :func:`pfsim.gait.stance` (None: its default). 41 joint states per scenario
    instead of 101 (all ``n_samples`` when :func:`sample_plan` gives None); the same checks,
    warnings and NaN rules. Use :meth:`RefinedStance.summary`, :meth:`RefinedStance.integral` and
    :meth:`RefinedStance.mean` for the summaries; the peaks are the maxima over the samples.
    ``refine=False`` evaluates every sample (the trapezoid over all ``n_samples``).
    """
    from . import leg

    knee_share = leg.KNEE_SHARE_OF_LEG_COMPRESSION if knee_share is None else knee_share
    ic = knee_flexion_initial_contact_deg
    ic = leg.KNEE_FLEXION_INITIAL_CONTACT_DEG if ic is None else ic
    grf = (
        leg.GRF_OFFSET_FOOT_FRACTION
        if grf_offset_foot_fraction is None
        else grf_offset_foot_fraction
    )
    hip_add = (
        leg.HIP_ADDUCTION_PEAK_DEG if hip_adduction_peak_deg is None else hip_adduction_peak_deg
    )
    hip_rot = hip_internal_rotation_peak_deg
    hip_rot = leg.HIP_INTERNAL_ROTATION_PEAK_DEG if hip_rot is None else hip_rot
    plan = sample_plan(n_samples) if refine else None
    if plan is None:
        r = stance(speed_m_s, step_rate_spm, body_mass_kg, height_m, contact_time_s=contact_time_s,
                   slope_deg=slope_deg, added_mass_kg=added_mass_kg,
                   knee_flexion_initial_contact_deg=ic, hip_adduction_peak_deg=hip_add,
                   hip_internal_rotation_peak_deg=hip_rot,
                   tibial_internal_rotation_peak_deg=tibial_internal_rotation_peak_deg,
                   n_samples=n_samples, area_fit=area_fit,
                   contact_time_extrapolate=contact_time_extrapolate, knee_share=knee_share,
                   grf_offset_foot_fraction=grf, **joint_kwargs)  # fmt: skip
        n = np.shape(r.time_s)[-1]
        trap = np.full(n, 1.0 / (n - 1))
        trap[[0, -1]] *= 0.5
        tc = np.asarray(r.contact_time_s, dtype=float)[..., None]
        return RefinedStance(r, trap * tc, np.full(n, 1.0 / n))
    checked = _check_inputs(
        speed_m_s, step_rate_spm, body_mass_kg, height_m, contact_time_s, slope_deg, added_mass_kg
    )
    sw, sc = _spring_mass(*checked, plan.n, contact_time_extrapolate, plan.s[plan.coarse])
    placed = {}
    knee_args = (knee_share, ic, grf)
    sw, theta, moment, explained = _placed_knee_state(
        sw, sc, *knee_args, add=_window_adder(plan, sc, knee_args, placed)
    )
    frontal = _frontal_inputs(sw, hip_add, hip_rot, tibial_internal_rotation_peak_deg, placed["s"])
    joint_kwargs.setdefault("area_fit", area_fit)
    if joint_kwargs.get("frontal", True) is True:
        joint_kwargs["frontal"] = "eager"
    jl = _joint_load(theta, moment, frontal, joint_kwargs, explained=explained[..., None])
    r = _stance_result(sw, theta, moment, jl, frontal, sc)
    tc = np.asarray(sc["contact_time_s"], dtype=float)[..., None]
    return RefinedStance(
        r, plan.integral_weights[placed["start"]] * tc, plan.mean_weights[placed["start"]]
    )


#: The per-scenario arguments of :func:`pfsim.models.stance_model`, in its order (cut into chunks).
STANCE_SCENARIO_ARGS = (
    "speed_m_s", "step_rate_spm", "step_rate_change_pct", "body_mass_kg", "height_m", "slope_deg",
    "added_mass_kg", "knee_flexion_initial_contact_deg", "hip_adduction_peak_deg",
    "hip_internal_rotation_peak_deg", "tibial_internal_rotation_peak_deg", "q_angle_deg",
    "vmo_activation", "lateral_retinaculum_N", "knee_share", "grf_offset_foot_fraction",
)  # fmt: skip


def in_chunks(model, arguments: dict, settings: dict, n_samples: int, refine: bool = True):
    """``model``'s outputs computed chunk by chunk, or None when one call is small enough.

    A chunk holds about :data:`STATES_PER_CALL` joint states (the joint model's throughput falls
    beyond that: its temporaries leave the cache). The per-scenario ``arguments`` (None: the
    model's default) are broadcast and cut, ``settings`` pass unchanged; the outputs (dicts of
    arrays) are joined in order and given the broadcast shape.
    """
    shape = np.broadcast_shapes(*(np.shape(a) for a in arguments.values() if a is not None))
    n = int(np.prod(shape))
    plan = sample_plan(n_samples) if n_samples >= 3 and refine else None
    size = max(1, STATES_PER_CALL // (plan.states if plan is not None else max(n_samples, 1)))
    if n <= size:
        return None
    flat = {
        name: np.broadcast_to(np.asarray(a, dtype=np.float64), shape).reshape(-1)
        for name, a in arguments.items()
        if a is not None
    }
    parts = [
        model(**{k: v[i : i + size] for k, v in flat.items()}, **settings)
        for i in range(0, n, size)
    ]
    return {k: np.concatenate([p[k] for p in parts]).reshape(shape) for k in parts[0]}
