"""The weekly patellofemoral stress dose.

Dose per km of each running condition, per history row, per day and per week (steps 2-3 of the
chain in :mod:`pfsim.training`).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._checks import PfsimRangeWarning, warn
from ..runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, simulate
from .history import History

__all__ = [
    "dose_per_km_MPa_s",
    "dose_per_step_MPa_s",
    "running_conditions",
    "condition_shares",
    "DOSE_STRESSES",
    "DOSE_MODELS",
]

#: Stress the dose integrates (:func:`dose_per_km_MPa_s`): the mean contact stress, or the lateral
#: facet stress of the frontal joint model.
DOSE_STRESSES = ("mean", "lateral_facet")

#: How stress becomes dose (:func:`dose_per_km_MPa_s`): ``"fatigue"`` (default), a cumulative
#: fatigue-damage sum over loading cycles, Σ (σ_peak/σ_ref)^m (Edwards 2018); ``"stress_time"``,
#: the plain stress–time integral (the dose of issue 4, kept as an option).
DOSE_MODELS = ("fatigue", "stress_time")

#: The start of :func:`dose_per_step_MPa_s`'s one warning about NaN doses (callers that report NaN
#: doses themselves filter it by this text).
NAN_DOSE_WARNING = "dose_per_step_MPa_s"


# --------------------------------------------------------------------------------------------------
# Dose
# --------------------------------------------------------------------------------------------------
def _stress_MPa(result, stress: str) -> np.ndarray:
    if stress == "mean":
        return np.asarray(result.contact_stress_MPa, dtype=float)
    lat = result.lateral_facet_stress_MPa
    if lat is None:
        raise ValueError(
            "dose_stress='lateral_facet' needs the frontal joint model's lateral facet stress, which "
            "this stance evaluation does not provide; use dose_stress='mean'."
        )
    return np.asarray(lat, dtype=float)


def _check_choice(name: str, value, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(
            f"{name}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}."
        )


def _reference(runner, sigma, time_s, stress) -> tuple[float, float]:
    """σ_ref [MPa] and the reference step's stress–time integral [MPa·s] of the last condition."""
    sigma_ref = float(np.max(sigma[-1]))
    integral_ref = float(np.trapezoid(sigma[-1], time_s[-1]))
    if not (math.isfinite(sigma_ref) and sigma_ref > 0 and integral_ref > 0):
        raise ValueError(
            f"the stance model gives no {stress} stress on the flat at the runner's own speed "
            f"({runner.speed_m_s:g} m/s), so the fatigue dose's reference stress σ_ref is "
            "undefined; use dose_model='stress_time' or dose_stress='mean'."
        )
    return sigma_ref, integral_ref


def _dose_per_km(
    runner, speed_m_s, slope_deg, assumptions, n_samples, stress, reference, model="fatigue"
) -> tuple[np.ndarray, tuple[float, float]]:
    """Dose per km at each (speed, slope) and the reference (σ_ref, I_ref); one stance evaluation.

    ``reference`` is None (the runner's own flat run at its own speed, evaluated as one extra
    condition of the same call, with the same assumptions) or a (σ_ref [MPa], I_ref [MPa·s]) pair.
    """
    _check_choice("dose_stress", stress, DOSE_STRESSES)
    _check_choice("dose_model", model, DOSE_MODELS)
    v, s = np.broadcast_arrays(np.asarray(speed_m_s, float), np.asarray(slope_deg, float))
    own_ref = model == "fatigue" and reference is None
    vv = np.append(v.ravel(), runner.speed_m_s) if own_ref else v.ravel()
    ss = np.append(s.ravel(), 0.0) if own_ref else s.ravel()
    r = simulate(runner, speed_m_s=vv, slope_deg=ss, assumptions=assumptions, n_samples=n_samples)
    sigma = _stress_MPa(r, stress)
    speed = np.asarray(r.speed_m_s, dtype=float) * np.ones(len(vv))
    step_time = np.asarray(r.step_time_s, dtype=float) * np.ones(len(vv))
    time_s = np.broadcast_to(r.time_s, sigma.shape)
    if own_ref:
        reference = _reference(runner, sigma, time_s, stress)
        sigma, time_s, speed, step_time = sigma[:-1], time_s[:-1], speed[:-1], step_time[:-1]
    sigma_ref, integral_ref = reference if model == "fatigue" else (None, None)
    with warnings.catch_warnings():  # an undefined dose is refused below, naming the condition
        warnings.filterwarnings("ignore", NAN_DOSE_WARNING, PfsimRangeWarning)
        per_step = dose_per_step_MPa_s(
            sigma,
            time_s,
            model=model,
            exponent=assumptions.dose_stress_exponent,
            sigma_ref_MPa=sigma_ref,
            integral_ref_MPa_s=integral_ref,
        )
    steps_per_km = 1000.0 / (speed * step_time)
    out = (per_step * steps_per_km / 2.0).reshape(v.shape)
    if np.any(~np.isfinite(out)):
        i = int(np.flatnonzero(~np.isfinite(out.ravel()))[0])
        raise ValueError(
            f"the stance model gives no {stress} dose at speed {v.ravel()[i]:g} m/s, slope "
            f"{s.ravel()[i]:g} deg for runner {runner.name!r} (outside the data of a fit, e.g. the "
            "contact-area fit's flexion range, or the patella off the groove for the lateral facet "
            "stress); choose a slower speed, a gentler hill (the assumption hill_slope_deg), a "
            "lower speed_work_speed_factor (an assumption) or dose_stress='mean'."
        )
    return out, (reference if reference is not None else (math.nan, math.nan))


def dose_per_step_MPa_s(
    sigma_MPa,
    time_s,
    *,
    model="fatigue",
    exponent=None,
    sigma_ref_MPa=None,
    integral_ref_MPa_s=None,
) -> np.ndarray:
    """The dose of one loading cycle (one stance of one knee) [MPa·s], vectorised over stances.

    The kernel of :func:`dose_per_km_MPa_s`, public so that batch evaluations (e.g.
    :func:`pfsim.assess.assess`) apply the same dose to their own stance arrays.

    Parameters
    ----------
    sigma_MPa, time_s : array_like
        Stress over stance [MPa] and its times [s]; the last axis is time (they broadcast).
    model : {"fatigue", "stress_time"}
        ``"fatigue"``: ``I_ref · (σ_peak / σ_ref)^m``, one cycle's fatigue damage scaled to the
        reference stance's stress–time integral (Edwards et al. 2018, Med Sci Sports Exerc; the
        Palmgren–Miner sum over cycles). ``"stress_time"``: ``∫ σ dt`` (trapezoid rule).
    exponent : array_like, optional
        m, the S–N exponent (fatigue model only); broadcasts against the stances (all axes but the
        last).
    sigma_ref_MPa, integral_ref_MPa_s : array_like, optional
        σ_ref [MPa] and I_ref [MPa·s] of the reference stance (fatigue model only); broadcast as
        ``exponent``.

    Returns
    -------
    numpy.ndarray
        Dose per stance [MPa·s], shape of ``sigma_MPa`` without its last axis.
    """
    _check_choice("dose_model", model, DOSE_MODELS)
    sigma, time_s = _stance_arrays(sigma_MPa, time_s)
    if model == "stress_time":
        return _nan_warned(np.trapezoid(sigma, time_s, axis=-1), "sigma_MPa")
    if exponent is None or sigma_ref_MPa is None or integral_ref_MPa_s is None:
        raise ValueError(
            "dose_model='fatigue' needs exponent (m), sigma_ref_MPa and integral_ref_MPa_s; or use "
            "dose_model='stress_time'."
        )
    m = _positive("exponent", exponent, nan_ok=False, what="the S-N exponent m, e.g. 10")
    ref = _positive("sigma_ref_MPa", sigma_ref_MPa, what="the reference stance's peak stress")
    iref = _positive("integral_ref_MPa_s", integral_ref_MPa_s, what="its stress-time integral")
    # one loading cycle per stance of this knee; damage ∝ σ_peak^m (Palmgren-Miner sum); a peak
    # far above σ_ref overflows to inf, the limit of the sum
    with np.errstate(over="ignore"):
        dose = iref * (np.max(sigma, axis=-1) / ref) ** m
    return _nan_warned(dose, "sigma_MPa, sigma_ref_MPa or integral_ref_MPa_s")


def _stance_arrays(sigma_MPa, time_s) -> tuple[np.ndarray, np.ndarray]:
    """σ (NaN allowed: NaN out) and t as float arrays with a common last axis of ≥ 2 samples."""
    try:
        sigma = np.asarray(sigma_MPa, dtype=float)
        t = np.asarray(time_s, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "sigma_MPa and time_s must be numbers or arrays of numbers (stress [MPa] and time [s] "
            "over stance, time on the last axis)."
        ) from None
    if sigma.ndim == 0 or t.ndim == 0 or sigma.shape[-1] != t.shape[-1] or t.shape[-1] < 2:
        raise ValueError(
            f"sigma_MPa (shape {sigma.shape}) and time_s (shape {t.shape}) need the same last axis "
            "(samples over stance) of at least 2 samples."
        )
    try:
        np.broadcast_shapes(sigma.shape, t.shape)
    except ValueError:
        raise ValueError(
            f"sigma_MPa (shape {sigma.shape}) and time_s (shape {t.shape}) do not broadcast."
        ) from None
    if np.any(np.isinf(sigma)) or np.any(sigma < 0):
        raise ValueError(
            "sigma_MPa must be contact stresses >= 0 MPa (finite; NaN marks an undefined stance)."
        )
    with np.errstate(invalid="ignore"):  # NaN times (an undefined stance) give a NaN dose
        if np.any(np.isinf(t)) or np.any(np.diff(t, axis=-1) <= 0):
            raise ValueError(
                "time_s must increase along stance (the last axis) [s], finite or NaN."
            )
    return sigma, t


def _positive(name: str, value, *, nan_ok: bool = True, what: str) -> np.ndarray:
    """A float array > 0 and finite (NaN too when ``nan_ok``), else a ValueError naming it."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        a = np.array(np.nan)
        nan_ok = False
    bad = ~(a > 0) | np.isinf(a)
    if nan_ok:
        bad &= ~np.isnan(a)
    if np.any(bad):
        raise ValueError(f"{name} must be a finite number > 0 ({what}; got {value!r}).")
    return a


def _nan_warned(dose: np.ndarray, inputs: str) -> np.ndarray:
    """The dose, with one warning when some stances are NaN (NaN in, NaN out)."""
    n = int(np.count_nonzero(np.isnan(dose)))
    if n:
        warn(
            f"{NAN_DOSE_WARNING}: {n} of {dose.size} stances have no dose (NaN in {inputs}, e.g. "
            "the patella off the groove); their dose is NaN.",
            PfsimRangeWarning,
        )
    return dose


def dose_per_km_MPa_s(
    runner: Runner,
    speed_m_s,
    slope_deg=0.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    n_samples: int = 101,
    stress: str = "mean",
    model: str = "fatigue",
    sigma_ref_MPa: float | None = None,
    integral_ref_MPa_s: float | None = None,
):
    """Patellofemoral stress dose of one knee per km [MPa·s/km] at each (speed, slope).

    One knee is loaded once per stride (every second step); σ(t) over its stance comes from
    :func:`pfsim.runner.simulate`.

    Parameters
    ----------
    runner : Runner
        The profile whose stance model gives σ(t).
    speed_m_s, slope_deg : array_like
        Running speed [m/s] and incline [deg, uphill positive]; they broadcast.
    assumptions : Assumptions
        The runner and training assumptions, among them ``dose_stress_exponent`` (m).
    n_samples : int
        Samples over stance.
    stress : {"mean", "lateral_facet"}
        σ: the mean contact stress (default) or the lateral facet stress of the frontal joint model
        (raised by the frontal contributors: hip adduction, VMO, lateral tightness, Q-angle).
    model : {"fatigue", "stress_time"}
        ``"fatigue"`` (default): the cumulative fatigue damage of the cycles,
        ``I_ref · Σ_cycles (σ_peak / σ_ref)^m`` per km (Notes). ``"stress_time"``: the plain
        stress–time integral per km, ``Σ_cycles ∫ σ dt`` (that of
        :func:`pfsim.gait.stance_summary`; m is not used).
    sigma_ref_MPa, integral_ref_MPa_s : float, optional
        σ_ref [MPa] and I_ref [MPa·s] of the fatigue dose; default the peak stress and the
        stress–time integral of one stance on the flat at the runner's own speed (computed in the
        same stance evaluation, with ``assumptions``). Give both or neither.

    Returns
    -------
    numpy.ndarray
        Dose per km [MPa·s/km], the broadcast shape of ``speed_m_s`` and ``slope_deg``.

    Notes
    -----
    **Fatigue dose** (default). Overuse injury as mechanical fatigue (Edwards 2018): a cycle of
    peak stress σ uses up 1/N_f(σ) of the tissue's life, with the S–N (stress–life) power law
    N_f ∝ σ^(−m), and the damage of a history is the Palmgren–Miner sum of its cycles. Here one
    cycle per stance of the knee, at its peak stress σ_peak, relative to the runner's reference
    cycle (flat, own speed: σ_ref)::

        dose per km = I_ref · (n_steps per km / 2) · (σ_peak / σ_ref)^m

    ``(σ_peak/σ_ref)^m`` counts a cycle in reference cycles of equal damage; ×I_ref (the reference
    stance's stress–time integral) keeps the unit MPa·s, so that on the flat at the runner's own
    speed the fatigue dose equals the stress–time integral per km. The scale cancels in the
    overload index (dose / capacity, both in the same reference cycles).

    ``m`` = :attr:`Assumptions.dose_stress_exponent`, default 10, range 3–13 (a swept
    assumption): no S–N exponent of articular cartilage in compression was found. The default is
    the log–log least-squares slope (10.3) of the human meniscus tensile S–N data of Henderson et
    al. 2022 (cycles to failure ≈ 500, 40 000, 340 000, 3 × 10⁶ at 70, 50, 40, 30 % of the
    ultimate tensile strength; 7.6–13.0 between neighbouring levels), the knee fibrocartilage with
    a published S–N curve over the cycle counts of running; the low end is the local exponent of the
    human tendon S–N line of Schechtman & Bader 1997 (S = 101.3 − 14.8 log₁₀ N, S in % UTS:
    m = S ln10 / 14.8 = 3.1 at 20 % UTS, 6.2 at 40 %). Juvenile bovine articular cartilage in
    compression (J Biomech 2019, doi:10.1016/j.jbiomech.2019.07.048) gives only a bound: all
    explants failed within 14 000 cycles at 50–80 % of strength and all endured 10⁵ cycles at
    ≤ 20 %, so m ≥ ln(10⁵/1.4 × 10⁴)/ln(50/20) ≈ 2.1. With m = 1 the sum is the peak stress per
    step × steps (Willson et al. 2014's "stress per mile"). m was not fitted to any effect it
    predicts (``validation/training_nielsen2014``).

    Arrays broadcast; one stance evaluation for all of them. A NaN (a condition outside the stance
    model's data, or the patella off the groove) raises ValueError naming the condition.

    References
    ----------
    Edwards WB (2018). Modeling overuse injuries in sport as a mechanical fatigue phenomenon.
    Exerc Sport Sci Rev 46(4):224-231. doi:10.1249/JES.0000000000000163 (key points and abstract
    read). Henderson BS, et al. (2022). Tensile fatigue strength and endurance limit of human
    meniscus. J Mech Behav Biomed Mater 127:105057. doi:10.1016/j.jmbbm.2021.105057 (abstract).
    Schechtman H, Bader DL (1997). In vitro fatigue of human tendons. J Biomech 30(8):829-835.
    doi:10.1016/s0021-9290(97)00033-x (abstract). Willson JD, Sharpee R, Meardon SA, Kernozek TW
    (2014). Effects of step length on patellofemoral joint stress in female runners with and
    without patellofemoral pain. Clin Biomech 29:243-247 (abstract).
    """
    if (sigma_ref_MPa is None) != (integral_ref_MPa_s is None):
        raise ValueError(
            "give both sigma_ref_MPa and integral_ref_MPa_s (the reference cycle of the fatigue "
            "dose) or neither (the runner's own flat run at its own speed)."
        )
    reference = None if sigma_ref_MPa is None else (float(sigma_ref_MPa), float(integral_ref_MPa_s))
    return _dose_per_km(
        runner, speed_m_s, slope_deg, assumptions, n_samples, stress, reference, model
    )[0]


# --------------------------------------------------------------------------------------------------
# The four running conditions of a week
# --------------------------------------------------------------------------------------------------
def running_conditions(easy_speed_m_s, assumptions: Assumptions = DEFAULT_ASSUMPTIONS):
    """(speeds [m/s], slopes [deg]) of the four conditions at each easy speed; shape (..., 4).

    Columns: easy flat, easy uphill and easy downhill at ``assumptions.hill_slope_deg``, and speed
    work on the flat at ``assumptions.speed_work_speed_factor`` × the easy speed (the week's mix of
    :mod:`pfsim.training`).
    """
    easy = np.asarray(easy_speed_m_s, dtype=float)
    slope = assumptions.hill_slope_deg
    speeds = np.stack([easy, easy, easy, easy * assumptions.speed_work_speed_factor], axis=-1)
    slopes = np.broadcast_to(np.array([0.0, slope, -slope, 0.0]), speeds.shape).copy()
    return speeds, slopes


def condition_shares(hill_share, speed_work_share) -> np.ndarray:
    """Shares of the distance run in each of the :func:`running_conditions`; shape (..., 4).

    Hills are half uphill, half downhill; the rest of the distance that is not speed work is flat.
    """
    hill = np.asarray(hill_share, dtype=float)
    fast = np.asarray(speed_work_share, dtype=float)
    return np.stack([1.0 - hill - fast, hill / 2.0, hill / 2.0, fast], axis=-1)


def _doses(
    history: History,
    runner: Runner,
    assumptions: Assumptions,
    stress: str,
    reference: tuple[float, float] | None,
    model: str = "fatigue",
) -> tuple[np.ndarray, float, tuple[float, float]]:
    """Dose of each history row [MPa·s], of the runner's habitual week [MPa·s], and the reference.

    ``reference``: None (the runner's own flat run) or (σ_ref [MPa], I_ref [MPa·s]) of the fatigue
    dose (:func:`dose_per_km_MPa_s`).

    The distinct conditions of the history and of the habitual week (flat easy, uphill easy,
    downhill easy, flat fast) that are actually run (distance > 0) are evaluated in one stance call;
    a condition with no distance is not evaluated, so it cannot fail.
    """
    easy = np.where(np.isfinite(history.speed_m_s), history.speed_m_s, runner.speed_m_s)
    easy = np.append(easy, runner.speed_m_s)
    d = np.append(history.distance_km, runner.weekly_distance_km)
    h = np.append(history.hill_share, runner.hill_share)
    f = np.append(history.speed_work_share, runner.speed_work_share)
    speeds, slopes = (x.T for x in running_conditions(easy, assumptions))
    km = d * condition_shares(h, f).T
    run = km > 0
    per_km = np.zeros_like(km)
    ref = (math.nan, math.nan) if reference is None else reference
    need_ref = model == "fatigue" and reference is None
    if np.any(run) or need_ref:
        key = np.round(np.stack([speeds[run], slopes[run]], axis=1), 6)
        uniq, inverse = np.unique(key, axis=0, return_inverse=True)
        values, ref = _dose_per_km(
            runner, uniq[:, 0], uniq[:, 1], assumptions, 101, stress, reference, model
        )
        per_km[run] = values[inverse.ravel()]
    dose = np.sum(km * per_km, axis=0)
    return dose[:-1], float(dose[-1]), ref


def _weekly_and_daily(history: History, row_dose: np.ndarray, assumptions: Assumptions):
    """Weekly dose (n_weeks,) and daily dose (n_weeks × 7) of a history's row doses."""
    n_weeks = int(history.week.max())
    if history.period == "week":
        weekly = np.zeros(n_weeks)
        np.add.at(weekly, history.week - 1, row_dose)
        # assumption: a week's dose on n evenly spaced days (Assumptions.week_run_days)
        n = int(assumptions.week_run_days)
        days = (7 * np.arange(n)) // n
        daily = np.zeros((n_weeks, 7))
        daily[:, days] = weekly[:, None] / n
        daily = daily.ravel()
    else:
        daily = np.zeros(n_weeks * 7)
        np.add.at(daily, history.day, row_dose)
        weekly = daily.reshape(n_weeks, 7).sum(axis=1)
    return weekly, daily
