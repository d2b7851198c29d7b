"""The weekly patellofemoral stress dose.

Dose per km of each running condition, per history row, per day and per week (steps 2-3 of the
chain in :mod:`pfsim.training`).
"""

from __future__ import annotations

import math

import numpy as np

from ..runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, simulate
from .history import History

__all__ = ["dose_per_km_MPa_s", "DOSE_STRESSES"]

#: Stress the dose integrates (:func:`dose_per_km_MPa_s`): the mean contact stress, or the lateral
#: facet stress of the frontal joint model.
DOSE_STRESSES = ("mean", "lateral_facet")


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


def _dose_per_km(
    runner, speed_m_s, slope_deg, assumptions, n_samples, stress, sigma_ref_MPa
) -> tuple[np.ndarray, float]:
    """Dose per km at each (speed, slope) and the σ_ref used; one stance evaluation."""
    _check_choice("dose_stress", stress, DOSE_STRESSES)
    v, s = np.broadcast_arrays(np.asarray(speed_m_s, float), np.asarray(slope_deg, float))
    m = assumptions.dose_stress_exponent
    own_ref = m != 1.0 and sigma_ref_MPa is None
    # σ_ref (own flat run at the runner's speed) comes from the same evaluation, with the same
    # assumptions, as one extra condition
    vv = np.append(v.ravel(), runner.speed_m_s) if own_ref else v.ravel()
    ss = np.append(s.ravel(), 0.0) if own_ref else s.ravel()
    r = simulate(runner, speed_m_s=vv, slope_deg=ss, assumptions=assumptions, n_samples=n_samples)
    sigma = _stress_MPa(r, stress)
    speed = np.asarray(r.speed_m_s, dtype=float) * np.ones(len(vv))
    step_time = np.asarray(r.step_time_s, dtype=float) * np.ones(len(vv))
    time_s = np.broadcast_to(r.time_s, sigma.shape)
    if own_ref:
        sigma_ref_MPa = float(np.max(sigma[-1]))
        sigma, time_s, speed, step_time = sigma[:-1], time_s[:-1], speed[:-1], step_time[:-1]
        if not (math.isfinite(sigma_ref_MPa) and sigma_ref_MPa > 0):
            raise ValueError(
                f"the stance model gives no {stress} stress on the flat at the runner's own speed "
                f"({runner.speed_m_s:g} m/s), so the dose's reference stress σ_ref is undefined; "
                "use dose_stress_exponent=1 or dose_stress='mean'."
            )
    if m != 1.0:
        weighted = sigma * (np.maximum(sigma, 0.0) / sigma_ref_MPa) ** (m - 1.0)
    else:
        weighted = sigma
    per_step = np.trapezoid(weighted, time_s, axis=-1)
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
    return out, (math.nan if sigma_ref_MPa is None else float(sigma_ref_MPa))


def dose_per_km_MPa_s(
    runner: Runner,
    speed_m_s,
    slope_deg=0.0,
    *,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
    n_samples: int = 101,
    stress: str = "mean",
    sigma_ref_MPa: float | None = None,
):
    """Patellofemoral stress dose of one knee per km [MPa·s/km] at each (speed, slope).

    ``Σ_steps ∫ σ (σ/σ_ref)^(m−1) dt`` over the km, every second step (one knee), with σ over stance
    of :func:`pfsim.runner.simulate` and ``m`` = :attr:`Assumptions.dose_stress_exponent` (with
    m = 1, the stress–time integral per km of :func:`pfsim.gait.stance_summary`).

    Parameters
    ----------
    stress : {"mean", "lateral_facet"}
        σ: the mean contact stress (default) or the lateral facet stress of the frontal joint model
        (raised by the frontal contributors: hip adduction, VMO, lateral tightness, Q-angle).
    sigma_ref_MPa : float, optional
        σ_ref [MPa] when m ≠ 1; default the peak of the same stress on the flat at the runner's own
        speed (computed in the same stance evaluation, with ``assumptions``). With m = 1 it cancels.

    Arrays broadcast; one stance evaluation for all of them. A NaN (a condition outside the stance
    model's data, or the patella off the groove) raises ValueError naming the condition.
    """
    return _dose_per_km(
        runner, speed_m_s, slope_deg, assumptions, n_samples, stress, sigma_ref_MPa
    )[0]


def _doses(
    history: History,
    runner: Runner,
    assumptions: Assumptions,
    stress: str,
    sigma_ref_MPa: float | None,
) -> tuple[np.ndarray, float, float]:
    """Dose of each history row [MPa·s], of the runner's habitual week [MPa·s], and σ_ref.

    The distinct conditions of the history and of the habitual week (flat easy, uphill easy,
    downhill easy, flat fast) that are actually run (distance > 0) are evaluated in one stance call;
    a condition with no distance is not evaluated, so it cannot fail.
    """
    easy = np.where(np.isfinite(history.speed_m_s), history.speed_m_s, runner.speed_m_s)
    easy = np.append(easy, runner.speed_m_s)
    d = np.append(history.distance_km, runner.weekly_distance_km)
    h = np.append(history.hill_share, runner.hill_share)
    f = np.append(history.speed_work_share, runner.speed_work_share)
    fast = easy * assumptions.speed_work_speed_factor
    slope = assumptions.hill_slope_deg
    speeds = np.stack([easy, easy, easy, fast])
    slopes = np.stack(
        [np.zeros_like(easy), np.full_like(easy, slope), np.full_like(easy, -slope),
         np.zeros_like(easy)]
    )  # fmt: skip
    km = np.stack([d * (1 - h - f), d * h / 2, d * h / 2, d * f])
    run = km > 0
    per_km = np.zeros_like(km)
    sigma_ref = math.nan
    need_ref = assumptions.dose_stress_exponent != 1.0 and sigma_ref_MPa is None
    if np.any(run) or need_ref:
        key = np.round(np.stack([speeds[run], slopes[run]], axis=1), 6)
        uniq, inverse = np.unique(key, axis=0, return_inverse=True)
        values, sigma_ref = _dose_per_km(
            runner, uniq[:, 0], uniq[:, 1], assumptions, 101, stress, sigma_ref_MPa
        )
        per_km[run] = values[inverse.ravel()]
    dose = np.sum(km * per_km, axis=0)
    return dose[:-1], float(dose[-1]), sigma_ref


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
