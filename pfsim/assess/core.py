"""``assess``: attribution, interventions, uncertainty and plan for one runner (:class:`Assessment`)."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .._checks import PfsimRangeWarning, warn
from .._results import LabelledResult
from ..runner import DEFAULT_ASSUMPTIONS, Assumptions, Runner, load_runner, reference_runner
from ..training import History, read_history, steady
from .evaluate import OUTCOMES, LoadArrays, evaluate, overload_index, week_step
from .groups import GROUPS, coalition_runner, shapley_values
from .interventions import INTERVENTIONS

__all__ = [
    "Assessment",
    "assess",
    "DEFAULT_DRAWS",
    "OVERLOAD_THRESHOLD",
    "INTERVAL",
    "check_history",
]

#: Default number of assumption draws (scrambled Sobol points, a power of two): one assessment with
#: a history in under a second on one core, cold start included (``benchmarks/bench_assess.py``).
DEFAULT_DRAWS = 32

#: Overload-index threshold of the plan and of ``load_management`` [-]: 1.10, the index a single
#: 10 % jump in weekly distance from steady training gives — the upper end of the lowest progression
#: group (< 10 %) of Nielsen et al. 2014 (JOSPT 44:739; ``REFERENCES.md`` §4). A pfsim choice: no
#: injury threshold of the index is cited.
OVERLOAD_THRESHOLD = 1.10

#: Excess of the runner's peak overload index over the reference's below which the overload index
#: is not the default primary outcome [-]: 1e-9 (a numerical zero: a steady history at the
#: profile's habitual load gives the reference's index to rounding with ``capacity_reference="self"``).
OVERLOAD_EXCESS_MIN = 1e-9

#: The interval reported over the assumption draws: 5th to 95th percentile (90 %).
INTERVAL = (5.0, 95.0)

#: Relative difference between the first steady weeks of a history and the profile's
#: ``weekly_distance_km`` beyond which they contradict each other.
STEADY_TOLERANCE_REL = 0.10

#: Largest overload-index threshold accepted [-]: 5 (five times the habitual weekly dose; the
#: command line's range is 0.5-5).
MAX_THRESHOLD = 5.0

#: Largest plan target accepted [km per week]: 400, the largest weekly distance a history row may
#: hold (:mod:`pfsim.training.history`).
MAX_TARGET_KM = 400.0


@dataclass(frozen=True)
class Assessment(LabelledResult):
    """The assessment of one runner (:func:`assess`).

    Arrays over (outcome, group) and (outcome, intervention); the nominal values are those at the
    default assumptions, the intervals over the assumption draws.

    Attributes
    ----------
    runner, reference : Runner
    outcomes : tuple of str
        The outcomes assessed; ``primary_outcome`` ranks the interventions.
    groups : tuple of str
        :data:`pfsim.assess.GROUPS`.
    interventions : tuple of str
        Ranked: the largest predicted fall of the primary outcome at the default assumptions
        first (ties by the median over the draws); ``p_best`` says how often each ranks first
        over the draws.
    runner_value, reference_value, excess : ndarray (outcome,)
        Nominal outcome of the runner, of the reference, and their difference.
    contributions : ndarray (outcome, group)
        Nominal Shapley shares of the excess; each row sums to ``excess``.
    contribution_draws : ndarray (draw, outcome, group)
        The shares under each assumption draw.
    change : ndarray (outcome, intervention)
        Nominal predicted change of each outcome by each intervention (negative = lower).
    change_draws : ndarray (draw, outcome, intervention)
    p_best : ndarray (intervention,)
        Share of draws in which the intervention lowers the primary outcome most.
    plan_week, plan_distance_km, plan_overload_index : ndarray or None
        With a history: weekly distances from the end of the history to the target that keep the
        overload index at or under ``threshold`` (nominal assumptions), with ``plan_interventions``
        applied.
    """

    runner: Runner
    reference: Runner
    outcomes: tuple
    primary_outcome: str
    groups: tuple
    interventions: tuple
    runner_value: np.ndarray
    reference_value: np.ndarray
    excess: np.ndarray
    contributions: np.ndarray
    contribution_draws: np.ndarray
    change: np.ndarray
    change_draws: np.ndarray
    p_best: np.ndarray
    evidence: tuple = ()
    change_text: tuple = ()
    threshold: float = OVERLOAD_THRESHOLD
    n_draws: int = 0
    seed: int | None = None
    history_source: str | None = None
    history_week: np.ndarray | None = None
    history_distance_km: np.ndarray | None = None
    history_overload_index: np.ndarray | None = None
    plan_week: np.ndarray | None = None
    plan_distance_km: np.ndarray | None = None
    plan_overload_index: np.ndarray | None = None
    plan_interventions: tuple = ()
    plan_target_km: float = math.nan
    plan_reached: bool = False
    dose_stress: str = "lateral_facet"
    capacity_reference: str = "self"

    _DIMS = ("outcome", "group")

    def _coords(self) -> dict:
        return {"outcome": self.outcomes, "group": self.groups}

    def _labelled_items(self) -> dict:
        return {
            "runner_value": self.runner_value,
            "reference_value": self.reference_value,
            "excess": self.excess,
            "contributions": self.contributions,
            "contribution_median": np.median(self.contribution_draws, axis=0)
            if self.n_draws
            else self.contributions,
            "primary_outcome": self.primary_outcome,
            "runner_name": self.runner.name,
            "reference_name": self.reference.name,
        }

    def interval(self, draws: np.ndarray, nominal: np.ndarray):
        """(median, low, high) over the draws (nominal three times without draws)."""
        if not self.n_draws:
            return nominal, nominal, nominal
        with warnings.catch_warnings():  # an all-NaN column (off the groove) gives NaN, quietly
            warnings.simplefilter("ignore", RuntimeWarning)
            lo, med, hi = np.nanpercentile(draws, [INTERVAL[0], 50.0, INTERVAL[1]], axis=0)
        return med, lo, hi

    @property
    def top_contributor(self) -> str | None:
        """The group with the largest positive nominal share of the primary outcome's excess.

        None when no group raises the primary outcome.
        """
        k = self.outcomes.index(self.primary_outcome)
        i = int(np.argmax(self.contributions[k]))
        return self.groups[i] if self.contributions[k, i] > 0 else None

    @property
    def top_intervention(self) -> str | None:
        """The first-ranked intervention, None when none lowers the primary outcome (nominal)."""
        k = self.outcomes.index(self.primary_outcome)
        return self.interventions[0] if self.change[k, 0] < 0 else None

    def to_json(self) -> dict:
        """The ``pfsim assess --json`` document (see :mod:`pfsim.cli.assess`)."""
        c_med, c_lo, c_hi = self.interval(self.contribution_draws, self.contributions)
        d_med, d_lo, d_hi = self.interval(self.change_draws, self.change)
        outs = {}
        for k, name in enumerate(self.outcomes):
            outs[name] = {
                "runner": _num(self.runner_value[k]),
                "reference": _num(self.reference_value[k]),
                "excess": _num(self.excess[k]),
                "contributions": {
                    g: _num(self.contributions[k, i]) for i, g in enumerate(self.groups)
                },
                "intervals": {
                    g: {
                        "median": _num(c_med[k, i]),
                        "low": _num(c_lo[k, i]),
                        "high": _num(c_hi[k, i]),
                    }
                    for i, g in enumerate(self.groups)
                },
            }
        ints = []
        for j, name in enumerate(self.interventions):
            ints.append(
                {
                    "name": name,
                    "rank": j + 1,
                    "p_best": _num(self.p_best[j]),
                    "evidence": self.evidence[j],
                    "input_change": self.change_text[j],
                    "changes": {
                        o: {
                            "nominal": _num(self.change[k, j]),
                            "median": _num(d_med[k, j]),
                            "low": _num(d_lo[k, j]),
                            "high": _num(d_hi[k, j]),
                        }
                        for k, o in enumerate(self.outcomes)
                    },
                }
            )
        plan = []
        if self.plan_week is not None:
            plan = [
                {"week": int(w), "distance_km": _num(d), "overload_index": _num(x)}
                for w, d, x in zip(
                    self.plan_week, self.plan_distance_km, self.plan_overload_index, strict=True
                )
            ]
        return {
            "runner": self.runner.name,
            "reference": self.reference.name,
            "primary_outcome": self.primary_outcome,
            "outcomes": outs,
            "interventions": ints,
            "plan": plan,
            "plan_interventions": list(self.plan_interventions),
            "plan_target_km": _num(self.plan_target_km),
            "plan_reached": bool(self.plan_reached),
            "threshold": self.threshold,
            "draws": self.n_draws,
            "seed": self.seed,
            "interval_percentiles": list(INTERVAL),
            "dose_stress": self.dose_stress,
            "capacity_reference": self.capacity_reference,
        }


def _num(x):
    x = float(x)
    return x if math.isfinite(x) else None


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------
def _as_runner(value, name: str) -> Runner:
    if isinstance(value, Runner):
        return value
    if isinstance(value, str) or hasattr(value, "__fspath__"):
        runner = load_runner(value)
        if name == "runner" and runner.name == Runner().name:
            # a file without [profile] name: named after the file, not the Runner default
            # "healthy reference", which the report would show against the healthy reference
            runner = replace(runner, name=Path(value).stem)
        return runner
    raise ValueError(
        f"{name} must be a pfsim.runner.Runner, a TOML path or a bundled profile's name."
    )


def check_history(history: History, runner: Runner) -> None:
    """ValueError when the first steady weeks of ``history`` contradict the profile's weekly distance.

    The leading weeks of equal distance (at least two) are the runner's habitual training; the
    profile's ``[training] weekly_distance_km`` sets the starting capacity from the same thing, so
    they must agree within :data:`STEADY_TOLERANCE_REL` (10 %).
    """
    if len(history.week) == 0:
        raise ValueError(
            f"{history.source}: the history has no rows; give at least one week (or day) of "
            "running, or leave history out."
        )
    if history.period != "week" or len(history.distance_km) < 2:
        return
    d = np.asarray(history.distance_km, float)
    n = 1
    while n < len(d) and history.week[n] == history.week[0] + n and abs(d[n] - d[0]) <= 1e-9:
        n += 1
    if n < 2:
        return
    habitual = runner.weekly_distance_km
    if abs(d[0] - habitual) > STEADY_TOLERANCE_REL * max(habitual, d[0]):
        raise ValueError(
            f"{history.source}: its first {n} weeks are a steady {d[0]:g} km, but the runner "
            f"profile's [training] weekly_distance_km is {habitual:g}; set weekly_distance_km = "
            f"{d[0]:g} in the profile (or start the history with the habitual weeks)."
        )


def _check_outcomes(outcomes, history) -> tuple[str, ...]:
    if outcomes is None:
        outcomes = OUTCOMES if history is not None else OUTCOMES[:-1]
    elif isinstance(outcomes, str):
        outcomes = (outcomes,)
    try:
        outcomes = tuple(outcomes)
    except TypeError:
        raise ValueError(
            f"outcomes must be an outcome's name or a list of them (got {outcomes!r}); allowed: "
            f"{', '.join(OUTCOMES)}."
        ) from None
    for o in outcomes:
        if not isinstance(o, str) or o not in OUTCOMES:
            raise ValueError(f"unknown outcome {o!r}; allowed: {', '.join(OUTCOMES)}.")
    if "peak_overload_index" in outcomes and history is None:
        raise ValueError(
            "outcome 'peak_overload_index' needs a training history; give history=PATH or "
            "choose another outcome."
        )
    if not outcomes:
        raise ValueError(f"outcomes must name at least one outcome of: {', '.join(OUTCOMES)}.")
    twice = sorted({o for o in outcomes if outcomes.count(o) > 1})
    if twice:
        raise ValueError(
            f"outcomes names {', '.join(map(repr, twice))} more than once; give each once."
        )
    return outcomes


def _check_seed(rng):
    """None, a whole number ≥ 0 or a numpy Generator (ValueError naming rng otherwise)."""
    if rng is None or isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0:
        return int(rng)
    raise ValueError(
        f"rng must be a whole number >= 0 (a seed), a numpy.random.Generator or None (got {rng!r})."
    )


def _check_number(name: str, value, lo: float, hi: float, what: str) -> float:
    """A real number (not bool) with lo < value <= hi, else a ValueError naming ``name``."""
    ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
    if not ok or not lo < float(value) <= hi:
        raise ValueError(
            f"{name} must be a number above {lo:g} and at most {hi:g} ({what}; got {value!r})."
        )
    return float(value)


def _draws(n: int, rng) -> tuple[list[Assumptions], int | None]:
    """The nominal assumptions followed by ``n`` scrambled Sobol draws over their ranges."""
    from scipy.stats import qmc

    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 0 <= n <= 4096:
        raise ValueError(f"draws must be a whole number from 0 to 4096 (got {n!r}).")
    out = [DEFAULT_ASSUMPTIONS]
    if n == 0:
        return out, None
    ranges = Assumptions.ranges()
    seed = rng if isinstance(rng, int | np.integer) else None
    gen = np.random.default_rng(rng)
    sob = qmc.Sobol(len(ranges), scramble=True, seed=gen)
    u = sob.random(n) if n & (n - 1) else sob.random_base2(int(math.log2(n)))
    for row in u:
        kw = {}
        for x, (name, (lo, hi)) in zip(row, ranges.items(), strict=True):
            if name == "week_run_days":  # a whole number of days
                kw[name] = float(min(hi, math.floor(lo + x * (hi - lo + 1))))
            else:
                kw[name] = float(lo + x * (hi - lo))
        out.append(Assumptions(**kw))
    return out, seed


# --------------------------------------------------------------------------------------------------
# Training: capped weeks (load management and the plan)
# --------------------------------------------------------------------------------------------------
def _capped_index(la: LoadArrays, threshold: float):
    """Each week scaled down (never up) so the index stays ≤ threshold; (index, scale) (D, W)."""
    n_w = la.weekly_dose.shape[-1]
    state = la.c0 / 7.0
    index = np.empty_like(la.weekly_dose)
    scale = np.ones_like(la.weekly_dose)
    for w in range(n_w):
        cap = la.c0 if w == 0 else 7.0 * state
        dose = la.weekly_dose[:, w]
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(dose > threshold * cap, threshold * cap / dose, 1.0)
        scale[:, w] = s
        index[:, w] = s * dose / cap
        state = week_step(state, s[:, None] * la.cap_daily[:, w], la.alpha)
    return index, scale


def _plan(la: LoadArrays, la_plan: LoadArrays, threshold, target_km, max_weeks=52):
    """Weekly distances after the history, capped by the threshold, up to the target (nominal draw).

    The capacity is carried from the end of the history (as run); each planned week has the last
    history week's mix, with the dose per km of the planned (intervention) runner.
    """
    state = la.c0[:1] / 7.0
    for w in range(la.weekly_dose.shape[-1]):
        state = week_step(state, la.cap_daily[:1, w], la.alpha[:1])
    last = np.flatnonzero(la.distance_km > 0)
    if last.size == 0:
        return np.array([]), np.array([]), np.array([]), False
    k = int(last[-1])
    pk, cpk = float(la_plan.per_km[0, k]), float(la_plan.cap_per_km[0, k])
    shape = la.cap_daily[0, k] / max(float(np.sum(la.cap_daily[0, k])), 1e-300)
    dist, index = [], []
    reached = False
    for _ in range(max_weeks):
        cap = 7.0 * float(state[0])
        d = min(target_km, threshold * cap / pk)
        dist.append(d)
        index.append(d * pk / cap)
        state = week_step(state, (d * cpk * shape)[None, :], la.alpha[:1])
        if d >= target_km - 1e-9:
            reached = True
            break
    weeks = la.weekly_dose.shape[-1] + 1 + np.arange(len(dist))
    return weeks, np.array(dist), np.array(index), reached


# --------------------------------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------------------------------
def _refuse_history_options(dose_stress, capacity_reference, target_km) -> None:
    """Without a history: refuse the options that act only on the overload index and the plan."""
    for name, value, default in (
        ("dose_stress", dose_stress, "lateral_facet"),
        ("capacity_reference", capacity_reference, "self"),
    ):
        if value != default:
            raise ValueError(
                f"{name}={value!r} chooses how the overload index is computed, and the index "
                f"needs a training history; give history=PATH or leave {name} out."
            )
    if target_km is not None:
        raise ValueError(
            "target_km sets the plan's weekly distance, and a plan needs a training history; "
            "give history=PATH or leave target_km out."
        )


def _inputs(
    runner,
    history,
    reference,
    outcomes,
    dose_stress,
    capacity_reference,
    threshold,
    target_km,
    n_samples,
):
    from ..training import CAPACITY_REFERENCES, DOSE_STRESSES

    runner = _as_runner(runner, "runner")
    if reference is None:
        reference = replace(reference_runner(runner), name="healthy reference")
    reference = _as_runner(reference, "reference")
    if history is not None and not isinstance(history, History):
        if not (isinstance(history, str) or hasattr(history, "__fspath__")):
            raise ValueError(
                "history must be a pfsim.training.History, a CSV path or a bundled history's name "
                f"(got {history!r})."
            )
        history = read_history(history)
    if history is not None:
        check_history(history, runner)
    explicit = outcomes is not None
    outcomes = _check_outcomes(outcomes, history)
    if explicit:
        primary = outcomes[0]
    else:
        primary = "peak_overload_index" if history is not None else outcomes[0]
    for name, value, allowed in (
        ("dose_stress", dose_stress, DOSE_STRESSES),
        ("capacity_reference", capacity_reference, CAPACITY_REFERENCES),
    ):
        if value not in allowed:
            raise ValueError(f"{name}={value!r} is not allowed; allowed: {', '.join(allowed)}.")
    if history is None:
        _refuse_history_options(dose_stress, capacity_reference, target_km)
    threshold = _check_number("threshold", threshold, 0.0, MAX_THRESHOLD, "overload index")
    if target_km is not None:
        target_km = _check_number("target_km", target_km, 0.0, MAX_TARGET_KM, "weekly distance, km")
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) or n_samples < 3:
        raise ValueError(
            f"n_samples must be a whole number of at least 3 (samples over stance; got {n_samples!r})."
        )
    if history is not None and reference.weekly_distance_km <= 0:
        raise ValueError(
            "the reference runner's [training] weekly_distance_km is 0, so its steady history has "
            "no dose; give the reference (or the runner) a weekly distance > 0."
        )
    return runner, reference, history, outcomes, primary, threshold, target_km


def _jobs(runner, reference, history, ref_history, capacity_reference):
    """The distinct (runner, history) pairs to evaluate: coalitions, then interventions."""
    keys: dict = {}
    hists = {id(history): history, id(ref_history): ref_history}

    def add(r, h):
        key = (r, id(h))
        if key not in keys:
            keys[key] = len(keys)
        return keys[key]

    train_bit = 1 << GROUPS.index("training_load")
    coal = [
        add(coalition_runner(runner, reference, m), history if m & train_bit else ref_history)
        for m in range(1 << len(GROUPS))
    ]
    full = coal[-1]
    ints = {}
    for iv in INTERVENTIONS:
        if iv.name == "load_management" and history is not None:
            ints[iv.name] = None  # a training change, from the runner's own load arrays
        else:
            ints[iv.name] = add(replace(iv.apply(runner), name=runner.name), history)
    runners = [r for r, _ in keys]
    histories = {j: hists[h] for (_, h), j in keys.items() if hists[h] is not None}
    caps = {}
    if capacity_reference == "reference_runner":
        caps = {j: replace(reference_runner(runners[j]), name=runner.name) for j in histories}
    return runners, histories, caps, coal, full, ints


def _warn_nan(outcomes, values, skipped: dict, n_draws: int, notes: list) -> None:
    """One warning for the whole assessment: the outcomes that are NaN somewhere, and why.

    ``skipped``: the assumption draws under which a runner left the model's range (all its outcomes
    NaN there), with the first reason; ``notes``: the joint model's range warnings of the stance
    batch (collected by :func:`pfsim.assess.evaluate.evaluate`), of which the first is quoted.
    """
    bad = [o for k, o in enumerate(outcomes) if np.isnan(values[:, k]).any()]
    if not bad and not notes:
        return
    parts = []
    if bad:
        parts.append(
            "undefined (NaN) for some coalitions, interventions or assumption draws: "
            f"{', '.join(bad)}; their shares and changes are NaN where it enters, and the "
            "intervals come from the draws where it is defined"
        )
    if skipped:
        first = skipped[min(skipped)]
        parts.append(
            f"{len(skipped)} of {n_draws} assumption draws take a runner beyond the model's range, "
            f"so every outcome is NaN under them (e.g. {first.rstrip('.')})"
        )
    if notes:
        more = f" (and {len(notes) - 1} more notes)" if len(notes) > 1 else ""
        parts.append(f"the joint model says: {notes[0].split('. ')[0].rstrip('.')}{more}")
    warn("pfsim.assess: " + "; ".join(parts) + ".", PfsimRangeWarning)


def _finite(x):
    return np.where(np.isfinite(x), x, np.inf)


def _p_best(change_primary: np.ndarray) -> np.ndarray:
    """Share of rows (draws) in which each column has the lowest (negative) change; ties split."""
    c = np.where(np.isfinite(change_primary), change_primary, np.inf)
    low = np.min(c, axis=1, keepdims=True)
    best = (c == low) & (c < 0)
    n = np.maximum(best.sum(axis=1, keepdims=True), 1)
    return np.mean(best / n, axis=0)


def assess(
    runner,
    history=None,
    reference=None,
    outcomes=None,
    draws: int = DEFAULT_DRAWS,
    rng=None,
    *,
    threshold: float = OVERLOAD_THRESHOLD,
    dose_stress: str = "lateral_facet",
    capacity_reference: str = "self",
    target_km: float | None = None,
    n_samples: int = 101,
) -> Assessment:
    """Which contributors drive this runner's stress, and which change lowers it most.

    Parameters
    ----------
    runner : Runner, str or path
        The profile (a :class:`pfsim.runner.Runner`, a TOML path or a bundled profile's name).
    history : History, str or path, optional
        The running history (:func:`pfsim.training.read_history`); adds ``peak_overload_index``
        (then the primary outcome) and the plan. Its first steady weeks must match the profile's
        ``weekly_distance_km`` (:func:`check_history`).
    reference : Runner, str or path, optional
        The runner the excess is measured from; default :func:`pfsim.runner.reference_runner`
        (healthy contributors, same body, sex, speed and habitual training). With a history the
        reference runs steady weeks of its ``weekly_distance_km``.
    outcomes : sequence of str, optional
        Of :data:`pfsim.assess.OUTCOMES`; the first one given is the primary outcome. Default all
        (``peak_overload_index`` only with a history) with primary ``peak_overload_index`` when the
        runner's (nominal) peak overload index exceeds the reference's, else
        ``peak_lateral_facet_stress_MPa``: the outcome that carries the runner's excess.
    draws : int
        Scrambled Sobol draws over :meth:`pfsim.runner.Assumptions.ranges` (scipy.stats.qmc) for
        the intervals and ``p_best``; 0 = nominal only. Default :data:`DEFAULT_DRAWS`.
    rng : int or numpy.random.Generator, optional
        Seed of the scrambling.
    threshold : float
        Overload-index threshold of the plan and of ``load_management`` (:data:`OVERLOAD_THRESHOLD`).
    dose_stress, capacity_reference : str
        Options of :func:`pfsim.training.weekly_load` for the overload index. Defaults
        ``"lateral_facet"`` and ``"self"``: the capacity adapts to the dose the runner's own knee
        has had, the usual acute:chronic form (``REFERENCES.md`` §4) and the default of
        :func:`pfsim.training.weekly_load`; the overload index then measures the training, and the
        mechanics act through the stress outcomes. ``"reference_runner"`` (a pfsim assumption
        without a source: the knee's tolerance is what healthy mechanics adapt to under the same
        training, and it never adapts to lower stress) lets the mechanics reach the index too.
    target_km : float, optional
        Weekly distance the plan builds up to; default the history's largest week.

    Returns
    -------
    Assessment

    Notes
    -----
    Attribution: every outcome of the ``2⁷`` coalitions (each group at the runner's or the
    reference's values, :func:`pfsim.assess.coalition_runner`) comes from one stance evaluation
    per call (:func:`pfsim.assess.evaluate.evaluate`; equal coalitions are evaluated once, so a
    group at the reference's values gets exactly 0), and the exact Shapley values
    (:func:`pfsim.assess.shapley_values`) split the excess. The ``training_load`` group carries the
    history: without it a coalition runs the reference's steady weeks.
    """
    explicit = outcomes is not None
    runner, reference, history, outcomes, primary, threshold, target_km = _inputs(
        runner,
        history,
        reference,
        outcomes,
        dose_stress,
        capacity_reference,
        threshold,
        target_km,
        n_samples,
    )
    assumption_draws, seed = _draws(draws, _check_seed(rng))
    ref_history = None
    if history is not None:
        ref_history = steady(
            int(history.week.max()),
            reference.weekly_distance_km,
            hill=reference.hill_share,
            fast=reference.speed_work_share,
        )
    runners, histories, caps, coal, full, ints = _jobs(
        runner, reference, history, ref_history, capacity_reference
    )
    out = evaluate(
        runners,
        assumption_draws,
        histories,
        cap_runners=caps,
        dose_stress=dose_stress,
        n_samples=n_samples,
    )
    values = np.stack([out[o] for o in outcomes], axis=1)  # (D+1, outcome, runner)
    contrib = shapley_values(values[:, :, coal])  # (D+1, outcome, group)
    names = [iv.name for iv in INTERVENTIONS]
    change = np.zeros(values.shape[:2] + (len(names),))
    for j, name in enumerate(names):
        idx = ints[name]
        if idx is not None:
            change[:, :, j] = values[:, :, idx] - values[:, :, full]
        elif "peak_overload_index" in outcomes:
            capped, _ = _capped_index(out["load"][full], threshold)
            k = outcomes.index("peak_overload_index")
            change[:, k, j] = np.max(capped, axis=-1) - values[:, k, full]
    if primary == "peak_overload_index" and not explicit:
        # the training raises no overload over the reference's: the excess is in the stresses
        ko = outcomes.index(primary)
        if not values[0, ko, full] - values[0, ko, coal[0]] > OVERLOAD_EXCESS_MIN:
            primary = outcomes[0]
    k = outcomes.index(primary)
    # ranked by the nominal prediction (default assumptions); ties by the median over the draws
    with warnings.catch_warnings():  # all-NaN columns: NaN (warned once below)
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(change[1:, k], axis=0) if draws else change[0, k]
    _warn_nan(outcomes, values, out["skipped_draws"], draws, out["range_notes"])
    order = np.lexsort((_finite(med), _finite(change[0, k])))
    p_best = _p_best(change[1:, k]) if draws else _p_best(change[:1, k])
    plan = _plan_for(
        out, runner, history, ints, order, names, change[0, k], full, threshold, target_km
    )
    return Assessment(
        runner=runner,
        reference=reference,
        outcomes=outcomes,
        primary_outcome=primary,
        groups=GROUPS,
        interventions=tuple(names[j] for j in order),
        runner_value=values[0, :, coal[-1]],
        reference_value=values[0, :, coal[0]],
        excess=values[0, :, coal[-1]] - values[0, :, coal[0]],
        contributions=contrib[0],
        contribution_draws=contrib[1:],
        change=change[0][:, order],
        change_draws=change[1:][:, :, order],
        p_best=p_best[order],
        evidence=tuple(INTERVENTIONS[j].evidence for j in order),
        change_text=tuple(INTERVENTIONS[j].change for j in order),
        threshold=float(threshold),
        n_draws=int(draws),
        seed=seed,
        history_source=None if history is None else history.source,
        dose_stress=dose_stress,
        capacity_reference=capacity_reference,
        **plan,
    )


def _plan_for(out, runner, history, ints, order, names, nominal, full, threshold, target_km):
    if history is None:
        return {}
    chosen = next(
        (names[j] for j in order if names[j] != "load_management" and nominal[j] < 0), None
    )
    la = out["load"][full]
    la_plan = la if chosen is None else out["load"][ints[chosen]]
    target = float(np.max(la.distance_km)) if target_km is None else float(target_km)
    if not target > 0:
        raise ValueError(
            "the history has no running (every week 0 km), so the plan has no target; give "
            "target_km=KM."
        )
    weeks, dist, index, reached = _plan(la, la_plan, threshold, target)
    return {
        "history_week": np.arange(1, la.distance_km.size + 1),
        "history_distance_km": la.distance_km,
        "history_overload_index": overload_index(la)[0],
        "plan_week": weeks,
        "plan_distance_km": dist,
        "plan_overload_index": index,
        "plan_interventions": () if chosen is None else (chosen,),
        "plan_target_km": target,
        "plan_reached": bool(reached),
    }
