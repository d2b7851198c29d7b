"""Runner profiles: TOML write/read round trip over every field (review of the chain merge).

Before: ``Runner.to_toml`` escaped only backslashes and quotes, so a name with a newline or another
control character wrote a file that ``load_runner`` refused (``Illegal character``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim.runner import Runner, load_runner


def _value(f):
    m = f.metadata
    if m["kind"] is bool:
        return st.booleans()
    if m["choices"] is not None:
        return st.sampled_from(m["choices"])
    if m["kind"] is str:
        return st.text(max_size=20)
    values = st.floats(m["lo"], m["hi"], allow_nan=False)
    return st.one_of(st.none(), values) if f.default is None else values


@st.composite
def runners(draw):
    kw = {f.name: draw(_value(f)) for f in fields(Runner)}
    if kw["hill_share"] + kw["speed_work_share"] > 1.0:
        kw["speed_work_share"] = 1.0 - kw["hill_share"]
    return Runner(**kw)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(runner=runners())
def test_every_profile_loads_back_identically(tmp_path_factory, runner):
    path = tmp_path_factory.mktemp("toml") / "r.toml"
    path.write_text(runner.to_toml(), encoding="utf-8")
    assert load_runner(path) == runner


@pytest.mark.parametrize("name", ["new\nline", "bell\x07", "del\x7f", 'q"uote\\', "tab\tbé"])
def test_names_with_control_characters_round_trip(tmp_path, name):
    runner = Runner(name=name, habitual_quadriceps_strength_rel=0.7)
    path = tmp_path / "r.toml"
    path.write_text(runner.to_toml(), encoding="utf-8")
    assert load_runner(path) == runner


@pytest.mark.parametrize("value", [0.29, 2.01, math.nan, math.inf, "0.7", True])
def test_habitual_quadriceps_strength_out_of_range_is_named(tmp_path, value):
    path = tmp_path / "r.toml"
    text = {math.nan: "nan", math.inf: "inf", True: "true", "0.7": '"0.7"'}.get(value, repr(value))
    path.write_text(f"[strength]\nhabitual_quadriceps_strength_rel = {text}\n")
    with pytest.raises(ValueError, match=r"\[strength\] habitual_quadriceps_strength_rel = "):
        load_runner(path)
    with pytest.raises(ValueError, match=r"\[strength\] habitual_quadriceps_strength_rel = "):
        Runner(habitual_quadriceps_strength_rel=value)


def test_habitual_quadriceps_strength_in_the_wrong_section_is_pointed_home(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text("[running]\nhabitual_quadriceps_strength_rel = 0.8\n")
    with pytest.raises(ValueError, match=r"belongs in \[strength\]"):
        load_runner(path)


def test_deprecated_name_beside_the_new_key_reads_and_writes_the_new_name(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(
        "[strength]\nhabitual_quadriceps_strength_rel = 0.8\n[lateral]\nlateral_tightness_N = 40\n"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = load_runner(path)
    assert [w.category for w in caught] == [DeprecationWarning]
    assert r.lateral_retinaculum_N == 40.0 and r.habitual_quadriceps_strength_rel == 0.8
    assert "lateral_tightness_N" not in r.to_toml()
    path.write_text(r.to_toml())
    assert load_runner(path) == r
