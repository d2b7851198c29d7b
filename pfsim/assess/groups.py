"""The seven contributor groups, the Runner field → group table, and exact Shapley values.

Every input field of :class:`pfsim.runner.Runner` belongs to exactly one group
(:data:`FIELD_GROUPS`; ``name`` is a label, not an input: :data:`NON_INPUT_FIELDS`). A *coalition*
is a set of groups, coded as a bit mask over :data:`GROUPS` (bit ``i`` set: group ``i`` takes the
runner's values, otherwise the reference's); :func:`coalition_runner` builds the runner of a
coalition and :func:`shapley_values` attributes ``v(all) − v(none)`` to the groups exactly
(Shapley 1953) from the values of all ``2ⁿ`` coalitions.

References
----------
.. [Shapley1953] Shapley LS (1953). A value for n-person games. In: Kuhn HW, Tucker AW (eds),
   Contributions to the Theory of Games II, Annals of Mathematics Studies 28:307-317. Princeton
   University Press. doi:10.1515/9781400881970-018.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace
from functools import cache

import numpy as np

from ..runner import Runner

__all__ = [
    "GROUPS",
    "GROUP_LABELS",
    "FIELD_GROUPS",
    "NON_INPUT_FIELDS",
    "MODIFIABLE_GROUPS",
    "group_fields",
    "coalition_runner",
    "shapley_weights",
    "shapley_values",
]

#: The contributor groups of the seed article, in coalition-bit order.
GROUPS = (
    "hip",
    "quadriceps_vmo",
    "foot_pronation",
    "lateral_tightness",
    "running_mechanics",
    "training_load",
    "anatomy",
)

#: Group → a short label for reports and figures.
GROUP_LABELS = {
    "hip": "hip abductors / rotators",
    "quadriceps_vmo": "quadriceps / VMO",
    "foot_pronation": "foot pronation",
    "lateral_tightness": "lateral tightness",
    "running_mechanics": "running mechanics",
    "training_load": "training load",
    "anatomy": "anatomy (not modifiable)",
}

#: The groups an intervention can change (``anatomy`` — Q-angle, sex, body size — cannot).
MODIFIABLE_GROUPS = GROUPS[:-1]

#: Runner field → contributor group. Every input field of :class:`pfsim.runner.Runner` appears once
#: (tested). ``running_mechanics``: speed, step rate, foot strike, gait retraining (the issue's
#: definition); ``training_load``: weekly distance, hills, speed work (and the history, which
#: :func:`pfsim.assess.assess` attributes with this group); ``anatomy``: body size, sex and Q-angle,
#: which the reference runner of :func:`pfsim.runner.reference_runner` keeps or resets to the norm.
FIELD_GROUPS: dict[str, str] = {
    "hip_abductor_strength_rel": "hip",
    "hip_external_rotator_strength_rel": "hip",
    "habitual_hip_abductor_strength_rel": "hip",
    "habitual_hip_external_rotator_strength_rel": "hip",
    "quadriceps_strength_rel": "quadriceps_vmo",
    "habitual_quadriceps_strength_rel": "quadriceps_vmo",
    "vmo_activation": "quadriceps_vmo",
    "rearfoot_eversion_excess_deg": "foot_pronation",
    "lateral_retinaculum_N": "lateral_tightness",
    "speed_m_s": "running_mechanics",
    "step_rate_spm": "running_mechanics",
    "foot_strike": "running_mechanics",
    "gait_retrained": "running_mechanics",
    "weekly_distance_km": "training_load",
    "hill_share": "training_load",
    "speed_work_share": "training_load",
    "body_mass_kg": "anatomy",
    "height_m": "anatomy",
    "sex": "anatomy",
    "q_angle_deg": "anatomy",
}

#: Runner fields that are not model inputs (labels).
NON_INPUT_FIELDS = ("name",)


def group_fields(group: str) -> tuple[str, ...]:
    """The Runner fields of one group (ValueError naming the groups for an unknown one)."""
    if group not in GROUPS:
        raise ValueError(f"unknown contributor group {group!r}; allowed: {', '.join(GROUPS)}.")
    return tuple(f for f, g in FIELD_GROUPS.items() if g == group)


def _check_table() -> None:
    names = {f.name for f in fields(Runner)}
    mapped = set(FIELD_GROUPS) | set(NON_INPUT_FIELDS)
    if mapped != names:  # pragma: no cover - a Runner field added without a group
        raise RuntimeError(
            "pfsim.assess.FIELD_GROUPS does not cover the Runner fields: missing "
            f"{sorted(names - mapped)}, unknown {sorted(mapped - names)}."
        )


def coalition_runner(runner: Runner, reference: Runner, mask: int) -> Runner:
    """The runner whose groups with bit set in ``mask`` take ``runner``'s values, the rest ``reference``'s.

    Parameters
    ----------
    runner, reference : Runner
    mask : int
        Bit ``i`` set: group :data:`GROUPS` ``[i]`` from ``runner``. ``0`` gives the reference (with
        the runner's name), ``2ⁿ − 1`` the runner.
    """
    _check_table()
    changes = {
        f: getattr(runner if mask >> GROUPS.index(g) & 1 else reference, f)
        for f, g in FIELD_GROUPS.items()
    }
    # the same name for every coalition: equal inputs give equal (hashable) runners, evaluated once
    return replace(reference, name=runner.name, **changes)


@cache
def shapley_weights(n_groups: int) -> np.ndarray:
    """Matrix ``W`` (``2ⁿ × n``) with Shapley values ``φ = v @ W`` for coalition values ``v``.

    ``φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))`` (Shapley 1953), coalitions
    coded as bit masks. Read-only.
    """
    n = int(n_groups)
    size = 1 << n
    w = np.zeros((size, n))
    pop = np.array([bin(m).count("1") for m in range(size)])
    for i in range(n):
        bit = 1 << i
        without = np.array([m for m in range(size) if not m & bit])
        s = pop[without]
        weight = np.array(
            [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in s]
        )
        w[without | bit, i] += weight
        w[without, i] -= weight
    w.setflags(write=False)
    return w


def shapley_values(values) -> np.ndarray:
    """Exact Shapley values of the groups from the values of all ``2ⁿ`` coalitions.

    Parameters
    ----------
    values : array_like, shape (..., 2ⁿ)
        ``values[..., m]``: the outcome of coalition ``m`` (bit ``i``: group ``i`` at the runner's
        values). ``values[..., 0]`` is the reference, ``values[..., -1]`` the runner.

    Returns
    -------
    ndarray, shape (..., n)
        One share per group; they sum to ``values[..., -1] − values[..., 0]`` (efficiency), a
        group that never changes the value gets exactly 0 (null player), and two groups with
        swapped roles get swapped shares (symmetry).

    Examples
    --------
    >>> v = np.array([0.0, 1.0, 2.0, 3.0])  # additive: group 0 adds 1, group 1 adds 2
    >>> shapley_values(v).tolist()
    [1.0, 2.0]
    """
    v = np.asarray(values, dtype=float)
    size = v.shape[-1]
    n = size.bit_length() - 1
    if size != 1 << n or n < 1:
        raise ValueError(
            f"values must have 2ⁿ entries on the last axis (one per coalition); got {size}."
        )
    w = shapley_weights(n)
    # the differences v(S ∪ i) − v(S) are taken exactly, so a null group gets exactly 0
    out = np.zeros(v.shape[:-1] + (n,))
    for i in range(n):
        bit = 1 << i
        without = np.array([m for m in range(size) if not m & bit])
        out[..., i] = (v[..., without | bit] - v[..., without]) @ w[without | bit, i]
    return out
