"""Many runners × many assumption draws through the stance model in one vectorised call.

:func:`evaluate` is the engine of :func:`pfsim.assess.assess`: it takes the distinct runners of an
assessment (the 2⁷ coalitions, the interventions, the capacity references), the assumption draws
and the training histories, builds one batch of stance scenarios with
:func:`pfsim.runner.stance_inputs` (the public profile → stance mapping, so changes to the
mechanisms reach the assessment unchanged), calls :func:`pfsim.gait.stance` once and reduces the
result to the outcomes (:data:`OUTCOMES`).

The stress dose and the overload index follow :mod:`pfsim.training` step by step (conditions of a
history row, dose per km ``Σ I_ref (σ_peak/σ_ref)^m`` over one knee's steps (:func:`pfsim.training.dose_per_step_MPa_s`), the weekly and daily
dose, the exponentially weighted capacity, the overload index); they are computed here for all the
runners and draws at once. ``tests/assess`` checks them against :func:`pfsim.training.weekly_load`
and :func:`pfsim.training.dose_per_km_MPa_s` to 1e-9, so a change in :mod:`pfsim.training` that is
not mirrored here fails there.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass

import numpy as np

from .._checks import PfsimRangeWarning
from ..gait import stance
from ..runner import Assumptions, Runner, stance_inputs
from ..training import (
    History,
    capacity_alpha_per_day,
    condition_shares,
    dose_per_step_MPa_s,
    running_conditions,
)
from ..training.dose import NAN_DOSE_WARNING

__all__ = ["OUTCOMES", "OUTCOME_LABELS", "LoadArrays", "evaluate", "overload_index"]

#: The outcomes of an assessment (name → unit in the name). ``peak_overload_index`` needs a
#: history.
OUTCOMES = (
    "peak_lateral_facet_stress_MPa",
    "peak_mean_stress_MPa",
    "peak_pressure_MPa",
    "stress_dose_per_km_MPa_s",
    "peak_overload_index",
)

#: Outcome → label for reports and figures.
OUTCOME_LABELS = {
    "peak_lateral_facet_stress_MPa": "peak lateral facet stress [MPa]",
    "peak_mean_stress_MPa": "peak mean contact stress [MPa]",
    "peak_pressure_MPa": "peak contact pressure [MPa]",
    "stress_dose_per_km_MPa_s": "stress dose per km [MPa·s/km]",
    "peak_overload_index": "peak overload index [-]",
}

_STANCE_PARAMETERS = frozenset(inspect.signature(stance).parameters)
_ROUND = 6  # decimals of a (speed, slope) condition key, as pfsim.training does


@dataclass(frozen=True)
class LoadArrays:
    """One runner's training load over a history, per assumption draw (leading axis ``D``).

    ``weekly_dose`` (D, W) [MPa·s] of the runner; ``cap_daily`` (D, W, 7) [MPa·s] the daily dose the
    capacity adapts to; ``c0`` (D,) the starting capacity [MPa·s per week]; ``alpha`` (D,) the
    daily weight ``1 − e^(−1/τ)``; ``per_km`` (D, W) the runner's dose per km of each week's mix and
    ``cap_per_km`` (D, W) the capacity runner's (for plans; NaN in a week without running).
    """

    weekly_dose: np.ndarray
    cap_daily: np.ndarray
    c0: np.ndarray
    alpha: np.ndarray
    per_km: np.ndarray
    cap_per_km: np.ndarray
    distance_km: np.ndarray


def _conditions(runner: Runner, history: History | None, a: Assumptions):
    """(speeds, slopes) of the four conditions of every easy speed the runner needs; (E, 4) each.

    Row 0 is the runner's own easy speed (its flat column gives the peak outcomes and σ_ref).
    """
    easy = [runner.speed_m_s]
    if history is not None:
        s = history.speed_m_s[np.isfinite(history.speed_m_s)]
        easy += [float(x) for x in np.unique(np.round(s, _ROUND)) if x != runner.speed_m_s]
    return running_conditions(np.asarray(easy, dtype=float), a)


def _needed(runner: Runner, history: History | None) -> np.ndarray:
    """Which of the four conditions are run (distance > 0) by the runner's week or history."""
    need = np.array(
        [True, runner.hill_share > 0, runner.hill_share > 0, runner.speed_work_share > 0]
    )
    if history is not None:
        run = history.distance_km > 0
        need |= np.array(
            [False, *(np.any(run & (history.hill_share > 0)),) * 2,
             np.any(run & (history.speed_work_share > 0))]
        )  # fmt: skip
    return need


def _batch_kwargs(items):
    """Stack the stance keyword arguments of ``items`` [(runner, assumptions, speeds, slopes, draw)].

    Returns ``([(rows, kwargs)], n_rows, skipped)``: one stance call per distinct set of
    non-numeric arguments, with the batch rows it covers. :func:`pfsim.runner.stance_inputs`
    passes only numbers (an assumption draw's knee-abduction coupling is the joint model's
    per-state ``knee_abduction_per_hip_adduction``), so an assessment is one call. An item of an assumption draw (``draw`` > 0) whose
    mechanisms leave the model's range (e.g. a hip-adduction peak beyond the joint model's 30° at a
    steep strength exponent) is skipped: its rows stay NaN, and ``skipped`` maps its draw to the
    message. At the nominal assumptions (draw 0) the ValueError is raised.
    """
    groups: dict[int, tuple[object, list, list]] = {}
    skipped: dict[int, str] = {}
    start = 0
    for runner, a, speeds, slopes, draw in items:
        n = speeds.size
        try:
            kw, _ = stance_inputs(runner, speed_m_s=speeds, assumptions=a)
        except ValueError as exc:
            if not draw:
                raise
            skipped.setdefault(draw, str(exc))
            start += n
            continue
        fixed = {k: v for k, v in kw.items() if not _numeric(v)}
        arrays = {
            k: np.broadcast_to(np.asarray(v, dtype=float), (n,))
            for k, v in kw.items()
            if k not in fixed
        }
        arrays["slope_deg"] = slopes
        # one call per set of non-numeric arguments and of argument names (a name that only some
        # items pass must not be dropped or misaligned when their arrays are joined)
        sig = (fixed, frozenset(arrays))
        key = next(
            (g for g, (f, p, _) in groups.items() if (f, frozenset(p[0])) == sig), len(groups)
        )
        groups.setdefault(key, (fixed, [], []))
        groups[key][1].append(arrays)
        groups[key][2].append(np.arange(start, start + n))
        start += n
    calls = []
    for fixed, parts, rows in groups.values():
        out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        # per-scenario joint-model inputs meet (scenario, sample) arrays: add the sample axis
        out = {k: (v if k in _STANCE_PARAMETERS else v[:, None]) for k, v in out.items()}
        calls.append((np.concatenate(rows), {**out, **fixed}))
    return calls, start, skipped


def _numeric(value) -> bool:
    return isinstance(value, int | float | np.ndarray | np.generic)


@dataclass(frozen=True)
class _Batch:
    """The stance outputs :func:`_reduce` reads, gathered from one or more stance calls (rows)."""

    contact_stress_MPa: np.ndarray
    lateral_facet_stress_MPa: np.ndarray | None
    peak_pressure_MPa: np.ndarray | None
    speed_m_s: np.ndarray
    step_time_s: np.ndarray
    time_s: np.ndarray
    skipped: dict
    notes: list


def _stance_batch(items, n_samples: int) -> _Batch:
    """Every item through :func:`pfsim.gait.stance`, in as few calls as the arguments allow."""
    calls, n, skipped = _batch_kwargs(items)
    # the joint model's range notes (one per stance call) are collected, not shown: assess reports
    # the NaN they cause in one warning of its own
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PfsimRangeWarning)
        results = [(rows, stance(**kw, n_samples=n_samples)) for rows, kw in calls]
    notes = []
    for w in caught:
        if issubclass(w.category, PfsimRangeWarning):
            if str(w.message) not in notes:
                notes.append(str(w.message))
        else:  # anything else is shown as it came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    def gather(get):
        values = [(rows, get(r)) for rows, r in results]
        if any(v is None for _, v in values):
            return None
        first = np.asarray(values[0][1], dtype=float)
        out = np.full((n, *first.shape[1:]), np.nan)  # NaN: the rows of skipped draws
        for rows, v in values:
            out[rows] = np.broadcast_to(np.asarray(v, dtype=float), (rows.size, *first.shape[1:]))
        return out

    return _Batch(
        contact_stress_MPa=gather(lambda r: r.contact_stress_MPa),
        lateral_facet_stress_MPa=gather(lambda r: r.lateral_facet_stress_MPa),
        peak_pressure_MPa=gather(lambda r: getattr(r.joint, "peak_pressure_MPa", None)),
        speed_m_s=gather(lambda r: r.speed_m_s),
        step_time_s=gather(lambda r: r.step_time_s),
        time_s=gather(lambda r: r.time_s),
        skipped=skipped,
        notes=notes,
    )


def _dose_stress(result, dose_stress: str) -> np.ndarray:
    if dose_stress == "mean":
        return np.asarray(result.contact_stress_MPa, dtype=float)
    return np.asarray(result.lateral_facet_stress_MPa, dtype=float)


def _per_step(sigma, time_s, m, sigma_ref, integral_ref):
    """The fatigue dose of each stance (rows), m, σ_ref and I_ref per row (pfsim.training's kernel)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", NAN_DOSE_WARNING, PfsimRangeWarning)  # assess warns once
        return dose_per_step_MPa_s(
            sigma,
            time_s,
            exponent=np.asarray(m, float),
            sigma_ref_MPa=_undefined_unless_positive(sigma_ref),
            integral_ref_MPa_s=_undefined_unless_positive(integral_ref),
        )


def _undefined_unless_positive(x) -> np.ndarray:
    """NaN where a reference stress or integral is not > 0: the dose is undefined there.

    A facet unloaded at the reference stance; reported by :func:`pfsim.assess.assess`'s one warning.
    """
    x = np.asarray(x, float)
    return np.where(x > 0, x, np.nan)


def evaluate(
    runners: list[Runner],
    draws: list[Assumptions],
    histories: dict[int, History] | None = None,
    *,
    cap_runners: dict[int, Runner] | None = None,
    dose_stress: str = "lateral_facet",
    n_samples: int = 101,
) -> dict:
    """Outcomes of every runner under every assumption draw, from one stance evaluation.

    Parameters
    ----------
    runners : list of Runner
        Distinct runners (duplicates are evaluated twice).
    draws : list of Assumptions
        The assumption draws (leading axis ``D`` of the outputs).
    histories : dict of int to History, optional
        Runner index → its history (for ``peak_overload_index``).
    cap_runners : dict of int to Runner, optional
        Runner index → the runner its capacity adapts to (default itself: ``capacity_reference``
        "self"; :func:`pfsim.runner.reference_runner` for "reference_runner").
    dose_stress : {"mean", "lateral_facet"}
        The stress of the dose (:func:`pfsim.training.weekly_load`).

    Returns
    -------
    dict
        Outcome → array (D, n_runners); ``"load"``: runner index → :class:`LoadArrays`;
        ``"skipped_draws"``: draw index → why its runners left the model's range (their outcomes
        are NaN; only draws after the first, the nominal one, are skipped); ``"range_notes"``: the
        distinct :class:`pfsim.PfsimRangeWarning` texts of the stance calls (not shown; the caller
        reports them).
    """
    histories = histories or {}
    cap_runners = cap_runners or {}
    # the simulated runners: the runners, then the capacity runners not among them
    sim = list(runners)
    cap_index = {}
    for i, c in cap_runners.items():
        if c not in sim:
            sim.append(c)
        cap_index[i] = sim.index(c)
    sim_history = {j: histories[i] for i, j in cap_index.items() if i in histories}
    sim_history.update({i: h for i, h in histories.items()})
    need = np.zeros(4, bool)
    for j, r in enumerate(sim):
        need |= _needed(r, sim_history.get(j))
    cols = np.flatnonzero(need)
    items, where = [], {}
    start = 0
    for d, a in enumerate(draws):
        for j, r in enumerate(sim):
            speeds, slopes = _conditions(r, sim_history.get(j), a)
            speeds, slopes = speeds[:, cols], slopes[:, cols]
            items.append((r, a, speeds.ravel(), slopes.ravel(), d))
            where[d, j] = (start, speeds, slopes)
            start += speeds.size
    res = _stance_batch(items, n_samples)
    return _reduce(res, runners, draws, sim, cols, where, histories, cap_index, dose_stress)


def _reduce(res, runners, draws, sim, cols, where, histories, cap_index, dose_stress):
    """The outcomes from the stance batch (see :func:`evaluate`)."""
    peak_mean = np.max(res.contact_stress_MPa, axis=-1)
    lat = res.lateral_facet_stress_MPa
    peak_lat = np.max(lat, axis=-1) if lat is not None else np.full(peak_mean.shape, np.nan)
    pp = res.peak_pressure_MPa
    peak_pp = np.max(pp, axis=-1) if pp is not None else np.full(peak_mean.shape, np.nan)
    sigma = _dose_stress(res, dose_stress)
    steps_per_km = 1000.0 / (res.speed_m_s * res.step_time_s)
    n_d, n_sim, n_r = len(draws), len(sim), len(runners)
    first = np.array([[where[d, j][0] for j in range(n_sim)] for d in range(n_d)])
    sizes = np.array([[where[d, j][1].size for j in range(n_sim)] for d in range(n_d)])
    row_draw = np.repeat(np.repeat(np.arange(n_d), n_sim), sizes.ravel())
    row_sim = np.repeat(np.tile(np.arange(n_sim), n_d), sizes.ravel())
    # σ_ref of each simulated runner: its own flat peak at its own speed (condition 0); the dose of
    # a runner whose capacity is another runner's uses that runner's σ_ref (pfsim.training)
    own_ref = np.max(sigma, axis=-1)[first]
    own_int = np.trapezoid(sigma, np.broadcast_to(res.time_s, sigma.shape), axis=-1)[first]
    cap_of = np.arange(n_sim)
    for i, c in cap_index.items():
        cap_of[i] = c
    m = np.array([a.dose_stress_exponent for a in draws])[row_draw]
    rows = (row_draw, row_sim)
    dose_own = _per_step(sigma, res.time_s, m, own_ref[rows], own_int[rows]) * steps_per_km / 2.0
    if np.all(cap_of == np.arange(n_sim)):
        dose_run = dose_own
    else:
        cap_rows = (row_draw, cap_of[row_sim])
        dose_run = _per_step(sigma, res.time_s, m, own_ref[cap_rows], own_int[cap_rows])
        dose_run = dose_run * steps_per_km / 2.0
    out = {
        "peak_lateral_facet_stress_MPa": peak_lat[first][:, :n_r],
        "peak_mean_stress_MPa": peak_mean[first][:, :n_r],
        "peak_pressure_MPa": peak_pp[first][:, :n_r],
    }
    mix_dose = np.empty((n_d, n_r))
    for j, r in enumerate(runners):
        shares = condition_shares(r.hill_share, r.speed_work_share)[cols]
        pk = dose_own[first[:, j, None] + np.arange(cols.size)]  # (D, n_cols): own speed's row
        mix_dose[:, j] = np.sum(np.where(shares > 0, shares * pk, 0.0), axis=-1)
    out["stress_dose_per_km_MPa_s"] = mix_dose
    loads = {}
    peak_index = np.full((n_d, n_r), np.nan)
    for i, hist in histories.items():
        c = int(cap_of[i])
        la = _load_arrays(hist, runners[i], sim[c], draws, where, i, c, cols, dose_run, dose_own)
        loads[i] = la
        peak_index[:, i] = np.max(overload_index(la), axis=-1)
    out["peak_overload_index"] = peak_index
    out["load"] = loads
    out["skipped_draws"] = dict(res.skipped)
    out["range_notes"] = list(res.notes)
    return out


def _row_per_km(hist, runner, d, j, where, cols, dose):
    """Dose per km of each history row's mix (rows) and of the runner's habitual week."""
    s0, speeds, _ = where[d, j]
    table = dose[s0 : s0 + speeds.size].reshape(speeds.shape)  # (E, n_cols)
    easy = np.round(np.where(np.isfinite(hist.speed_m_s), hist.speed_m_s, runner.speed_m_s), _ROUND)
    order = np.argsort(np.round(speeds[:, 0], _ROUND))
    rows = order[np.searchsorted(np.round(speeds[:, 0], _ROUND)[order], easy)]
    shares = condition_shares(hist.hill_share, hist.speed_work_share)[:, cols]
    per_km = np.sum(np.where(shares > 0, shares * table[rows], 0.0), axis=-1)
    hab = condition_shares(runner.hill_share, runner.speed_work_share)[cols]
    habitual = np.sum(np.where(hab > 0, hab * table[0], 0.0))
    return per_km, habitual


def _load_arrays(hist, runner, cap_runner, draws, where, i, c, cols, dose_run, dose_cap):
    n_weeks = int(hist.week.max())
    n_d = len(draws)
    weekly = np.zeros((n_d, n_weeks))
    cap_daily = np.zeros((n_d, n_weeks, 7))
    per_km_w = np.full((n_d, n_weeks), np.nan)
    cap_per_km_w = np.full((n_d, n_weeks), np.nan)
    c0 = np.zeros(n_d)
    dist = np.zeros(n_weeks)
    np.add.at(dist, hist.week - 1, hist.distance_km)
    for d, a in enumerate(draws):
        pk, _ = _row_per_km(hist, runner, d, i, where, cols, dose_run)
        cpk, cap_hab = _row_per_km(hist, cap_runner, d, c, where, cols, dose_cap)
        row = hist.distance_km * pk
        cap_row = hist.distance_km * cpk
        np.add.at(weekly[d], hist.week - 1, row)
        cap_daily[d] = _daily(hist, cap_row, a)
        cap_weekly = cap_daily[d].sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_km_w[d] = weekly[d] / dist
            cap_per_km_w[d] = cap_weekly / dist
        c0[d] = a.initial_capacity_factor * cap_runner.weekly_distance_km * cap_hab
        if c0[d] <= 0:
            c0[d] = cap_weekly[0]
    alpha = np.array([capacity_alpha_per_day(a.capacity_time_constant_days) for a in draws])
    return LoadArrays(weekly, cap_daily, c0, alpha, per_km_w, cap_per_km_w, dist)


def _daily(hist: History, row_dose, a: Assumptions) -> np.ndarray:
    """(W, 7) daily dose of a history's row doses (a weekly row on ``week_run_days`` days)."""
    n_weeks = int(hist.week.max())
    if hist.period == "week":
        weekly = np.zeros(n_weeks)
        np.add.at(weekly, hist.week - 1, row_dose)
        n = int(a.week_run_days)
        days = (7 * np.arange(n)) // n
        daily = np.zeros((n_weeks, 7))
        daily[:, days] = weekly[:, None] / n
        return daily
    daily = np.zeros(n_weeks * 7)
    np.add.at(daily, hist.day, row_dose)
    return daily.reshape(n_weeks, 7)


def week_step(state, daily, alpha):
    """The daily capacity EWM carried through one week: ``c_t = (1 − α) c_{t−1} + α x_t``.

    ``state`` (…) the EWM at the end of the previous week [MPa·s per day], ``daily`` (…, 7), ``alpha``
    (…). Returns the state at the end of the week.
    """
    c = np.asarray(state, float)
    for k in range(7):
        c = (1.0 - alpha) * c + alpha * daily[..., k]
    return c


def overload_index(la: LoadArrays) -> np.ndarray:
    """Weekly overload index (D, W): the week's dose / the capacity brought into it."""
    n_w = la.weekly_dose.shape[-1]
    cap = np.empty_like(la.weekly_dose)
    state = la.c0 / 7.0
    for w in range(n_w):
        cap[:, w] = la.c0 if w == 0 else 7.0 * state
        state = week_step(state, la.cap_daily[:, w], la.alpha)
    return la.weekly_dose / cap
