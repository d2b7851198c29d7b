"""Attribution and first intervention for a cohort of profiles, as a vectorised sweep-engine model.

:func:`assess_cohort` takes arrays of :class:`~pfsim.runner.Runner` fields (one value per profile,
as :func:`pfsim.sweep.run_sweep` passes a chunk of a design) and returns arrays: each profile's
outcome, its reference's, the Shapley share of each group and the first intervention. The
coalitions and interventions of every profile of the call go through one stance evaluation
(:func:`pfsim.assess.evaluate.evaluate`), at the default assumptions and without a history (no
uncertainty draws, no overload index: use :func:`pfsim.assess.assess` for one runner in full).

Examples
--------
>>> import numpy as np
>>> from pfsim.sweep import design_from_arrays, run_sweep
>>> d = design_from_arrays({"hip_abductor_strength_rel": [0.75, 1.0]})
>>> res = run_sweep(assess_cohort, d)
>>> [round(float(x), 3) for x in res["share_hip"]]
[0.173, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import fields, replace

import numpy as np

from ..runner import DEFAULT_ASSUMPTIONS, Runner, reference_runner
from .evaluate import OUTCOMES, evaluate
from .groups import GROUPS, coalition_runner, shapley_values
from .interventions import INTERVENTIONS

__all__ = ["assess_cohort", "COHORT_INPUTS", "SEX_CODES"]

#: The Runner fields :func:`assess_cohort` accepts as arrays (the numeric ones; NaN in
#: ``q_angle_deg``, ``step_rate_spm`` or a ``habitual_*`` strength = omitted, the default), plus
#: ``sex_code`` (:data:`SEX_CODES`) and ``gait_retrained`` (0 or 1).
COHORT_INPUTS = tuple(f.name for f in fields(Runner) if f.metadata["kind"] is float) + (
    "sex_code",
    "gait_retrained",
)

#: ``sex_code`` → the Runner's ``sex``.
SEX_CODES = {0: "unspecified", 1: "female", 2: "male"}


def _runner(i: int, values: dict) -> Runner:
    kw = {}
    for name, arr in values.items():
        x = float(arr[i])
        if name == "sex_code":
            if x not in SEX_CODES:
                raise ValueError(f"sex_code must be 0, 1 or 2 ({SEX_CODES}); got {x!r} in row {i}.")
            kw["sex"] = SEX_CODES[int(x)]
        elif name == "gait_retrained":
            kw[name] = bool(x)
        elif math.isnan(x) and Runner.__dataclass_fields__[name].default is None:
            kw[name] = None
        else:
            kw[name] = x
    try:
        return Runner(name=f"profile {i}", **kw)
    except ValueError as exc:
        raise ValueError(f"cohort row {i}: {exc}") from None


def assess_cohort(outcome: str = "peak_lateral_facet_stress_MPa", **profile) -> dict:
    """Shapley shares and first intervention of each profile (vectorised; a sweep-engine model).

    Parameters
    ----------
    outcome : str
        One of :data:`pfsim.assess.OUTCOMES` except ``peak_overload_index`` (no history here).
    **profile : array_like
        Arrays of :data:`COHORT_INPUTS` (broadcast together); a field left out takes its Runner
        default.

    Returns
    -------
    dict of str to ndarray
        ``runner_value``, ``reference_value``, ``excess`` (the outcome [its unit]), ``share_<group>``
        for each of :data:`pfsim.assess.GROUPS`, ``top_group_index`` (index into ``GROUPS`` of the
        largest positive share, −1 if none), ``first_intervention_index`` (index into
        :data:`pfsim.assess.INTERVENTIONS` of the largest predicted fall, −1 if none lowers it) and
        ``first_change`` (its change).
    """
    if outcome not in OUTCOMES[:-1]:
        raise ValueError(
            f"outcome={outcome!r} is not allowed for a cohort; allowed: {', '.join(OUTCOMES[:-1])}."
        )
    unknown = sorted(set(profile) - set(COHORT_INPUTS))
    if unknown:
        raise ValueError(
            f"unknown cohort input(s) {', '.join(unknown)}; allowed: {', '.join(COHORT_INPUTS)}."
        )
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in profile.values()))
    values = {k: np.ravel(a) for k, a in zip(profile, arrays, strict=True)}
    n = int(arrays[0].size) if arrays else 1
    keys: dict[Runner, int] = {}

    def add(r: Runner) -> int:
        return keys.setdefault(r, len(keys))

    n_c = 1 << len(GROUPS)
    coal = np.empty((n, n_c), dtype=np.int64)
    ints = np.empty((n, len(INTERVENTIONS)), dtype=np.int64)
    for i in range(n):
        r = _runner(i, values)
        ref = replace(reference_runner(r), name=r.name)
        coal[i] = [add(coalition_runner(r, ref, m)) for m in range(n_c)]
        ints[i] = [add(replace(iv.apply(r), name=r.name)) for iv in INTERVENTIONS]
    out = evaluate(list(keys), [DEFAULT_ASSUMPTIONS])[outcome][0]
    shares = shapley_values(out[coal])
    change = out[ints] - out[coal[:, -1:]]
    best = np.argmin(np.where(np.isfinite(change), change, np.inf), axis=1)
    first_change = change[np.arange(n), best]
    top = np.argmax(shares, axis=1)
    result = {
        "runner_value": out[coal[:, -1]],
        "reference_value": out[coal[:, 0]],
        "excess": out[coal[:, -1]] - out[coal[:, 0]],
        **{f"share_{g}": shares[:, j] for j, g in enumerate(GROUPS)},
        "top_group_index": np.where(shares[np.arange(n), top] > 0, top, -1).astype(float),
        "first_intervention_index": np.where(first_change < 0, best, -1).astype(float),
        "first_change": first_change,
    }
    return result
