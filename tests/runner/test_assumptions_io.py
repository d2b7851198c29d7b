"""Assumptions: ranges, messages and the round trip through the JSON sidecars and TOML text.

Review of the chain/dose merges (new fields ``dose_stress_exponent``, ``quadriceps_kinematics_
exponent``, ``hip_adduction_step_rate_exponent``, ``knee_abduction_per_hip_adduction``, ...).
Before: numpy integers (``np.int64(5)`` days, as a sweep design may hand them) were refused as "not a
number".
"""

from __future__ import annotations

import json
import math
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim.io import toml_value
from pfsim.io.toml import tomllib  # tomllib, or tomli before Python 3.11
from pfsim.runner import Assumptions


@st.composite
def assumptions(draw):
    kw = {}
    for f in fields(Assumptions):
        lo, hi = f.metadata["range"]
        if f.name == "week_run_days":
            kw[f.name] = float(draw(st.integers(int(lo), int(hi))))
        else:
            kw[f.name] = draw(st.floats(lo, hi))
    return Assumptions(**kw)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(a=assumptions())
def test_round_trip_through_json_and_toml(a):
    d = a.to_dict()
    assert Assumptions(**json.loads(json.dumps(d))) == a
    text = "\n".join(f"{k} = {toml_value(v)}" for k, v in d.items())
    assert Assumptions(**tomllib.loads(text)) == a


@pytest.mark.parametrize("f", [f.name for f in fields(Assumptions)])
@pytest.mark.parametrize("where", ["below", "above", "nan", "inf", "text", "bool"])
def test_each_field_names_itself_its_range_and_its_meaning(f, where):
    lo, hi = Assumptions.ranges()[f]
    value = {
        "below": lo - 1.0,
        "above": hi + 1.0,
        "nan": math.nan,
        "inf": math.inf,
        "text": "1",
        "bool": True,
    }[where]
    with pytest.raises(
        ValueError, match=rf"^Assumptions\.{f} must be a number between {lo:g} and {hi:g} \("
    ):
        Assumptions(**{f: value})


def test_numpy_scalars_are_numbers():
    a = Assumptions(week_run_days=np.int64(5), dose_stress_exponent=np.float32(8.0))
    assert a.week_run_days == 5 and a.dose_stress_exponent == 8.0
    with pytest.raises(ValueError, match="week_run_days must be a whole number"):
        Assumptions(week_run_days=np.float64(5.5))
