"""Issue 16: every profile :class:`pfsim.runner.Runner` accepts, ``simulate`` runs (no hidden joint limit)."""

import warnings
from dataclasses import fields

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pfsim.runner import (
    DEFAULT_ASSUMPTIONS,
    HIP_ABDUCTOR_STRENGTH_MIN_REL,
    Runner,
    hip_abduction_demand_rel,
    simulate,
    step_rate_hip_adduction_rel,
)
from pfsim.runner.mechanisms import FRONTAL_INPUT_LIMITS, HIP_ADDUCTION_PEAK_DEG

_NUMERIC = [f for f in fields(Runner) if f.metadata.get("lo") is not None]


@st.composite
def profiles(draw):
    """Any values within the documented ranges, the range ends included; optional fields omitted."""
    kw = {}
    for f in _NUMERIC:
        if f.default is None and draw(st.booleans()):
            continue  # None: the default rule (norm Q-angle, preferred step rate, current strength)
        lo, hi = f.metadata["lo"], f.metadata["hi"]
        kw[f.name] = draw(st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi)))
    kw["sex"] = draw(st.sampled_from(["unspecified", "female", "male"]))
    kw["gait_retrained"] = draw(st.booleans())
    return kw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_accepted_profile_simulates(kw):
    try:
        runner = Runner(**kw)
    except ValueError as exc:  # only the joint training-share rule may refuse in-range values
        assert "hill_share + speed_work_share" in str(exc)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # range warnings are allowed: NaN there, not a refusal
        r = simulate(runner, n_samples=21)
    assert np.isfinite(r.summary().peak_knee_flexion_deg)


def test_the_hip_abductor_bound_is_the_joint_limit_at_the_fastest_speed():
    hi_speed = next(f for f in _NUMERIC if f.name == "speed_m_s").metadata["hi"]
    demand = hip_abduction_demand_rel(hi_speed, assumptions=DEFAULT_ASSUMPTIONS)
    # the slowest step rate a profile may have at that speed: the step-rate factor's upper end
    lo_rate = next(f for f in _NUMERIC if f.name == "step_rate_spm").metadata["lo"]
    cadence = float(step_rate_hip_adduction_rel(hi_speed, lo_rate))
    assert 1.2 < cadence < 1.25  # the factor's upper end (about 1/0.81)
    worst = HIP_ADDUCTION_PEAK_DEG * demand * cadence
    limit = FRONTAL_INPUT_LIMITS["hip_adduction_deg"][1]
    assert worst / HIP_ABDUCTOR_STRENGTH_MIN_REL <= limit
    assert worst / (HIP_ABDUCTOR_STRENGTH_MIN_REL - 0.01) > limit
