"""Issue 16: ``[model_options]`` of pfsim.models have types: no string for a boolean, no 50.7 samples."""

import inspect
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim.models import _OPTION_TYPES, MODELS, resolve_model, stance_model
from pfsim.sweep import Input, Problem, ProblemError

VALUES = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=8),
    st.sampled_from(["false", "true", "0", "101", "nan", "salsich2003", "all", "refined"]),
)


def _accepted(kind, value) -> bool:
    if isinstance(kind, tuple):  # one of these strings
        return isinstance(value, str) and value in kind
    if kind is bool:
        return isinstance(value, bool)
    if kind is str:
        return isinstance(value, str)
    if isinstance(value, (bool, str)):
        return False
    return kind is float or float(value).is_integer()


@settings(max_examples=200, deadline=None)
@given(model=st.sampled_from(sorted(MODELS)), data=st.data())
def test_an_option_of_the_wrong_type_is_refused_naming_it(model, data):
    params = inspect.signature(MODELS[model].function).parameters
    name = data.draw(st.sampled_from(sorted(params)))
    value = data.draw(VALUES)
    kind = _OPTION_TYPES.get(name, float)
    if _accepted(kind, value):
        func = resolve_model(model, {name: value})
        got = func.keywords[name]
        assert type(got) is (int if kind is int else type(value))
        assert got == value
    else:
        with pytest.raises(ValueError, match=rf"where: option {name} must be .*\(got "):
            resolve_model(model, {name: value}, "where")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"frontal": "false"}, r"option frontal must be true or false .*'false'"),
        ({"n_samples": 50.7}, r"option n_samples must be a whole number .*50\.7"),
        ({"area_fit": 3}, r"option area_fit must be a string"),
        ({"extrapolate": False}, r"option extrapolate must be a string"),
        ({"samples": "most"}, r"option samples must be 'refined' or 'all' \(got 'most'\)"),
    ],
)
def test_problem_file_options_are_checked_before_the_sweep(tmp_path, options, match):
    from pfsim.models import run_problem

    p = Problem([Input("speed_m_s", levels=[3.0])], model="stance", model_options=options)
    with pytest.raises(ValueError, match=match):
        run_problem(p, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_setting_swept_as_a_number_is_refused():
    with pytest.raises(ValueError, match="option frontal must be true or false"):
        stance_model(speed_m_s=np.array([3.0]), frontal=np.array([0.0]))
    out = stance_model(speed_m_s=np.array([3.0]), n_samples=np.array([51.0]), frontal=False)
    assert math.isnan(out["peak_lateral_facet_stress_MPa"][0])


def test_integral_floats_are_whole_numbers():
    assert resolve_model("stance", {"n_samples": 51.0}).keywords == {"n_samples": 51}
    with pytest.raises(ProblemError):  # still a ProblemError where the problem is wrong
        Problem([Input("x", levels=[1.0])], model_options={"frontal": [1]})


@pytest.mark.parametrize(
    ("model", "setting", "place"),
    [
        ("stance", "samples", r"in \[model_options\]"),
        ("stance", "n_samples", r"in \[model_options\] \(or, a number, in \[constants\]\)"),
        ("runner", "strength_kinematics_exponent", r"in \[model_options\]"),
        ("joint", "frontal", r"in \[model_options\]"),
    ],
)
def test_a_setting_given_as_a_swept_input_is_refused_before_any_work(
    tmp_path, model, setting, place
):
    """A model setting in [inputs] (e.g. samples) failed in the first chunk, after the sweep had
    started (a checkpoint folder left behind), and told to use [constants], which cannot hold the
    text 'all'. Now refused when the problem is resolved, naming the place it belongs in."""
    from pfsim.models import run_problem

    p = Problem([Input(setting, levels=[1.0, 2.0])], model=model)
    with pytest.raises(ProblemError, match=rf"\[inputs\]: '{setting}' is a setting .*{place}"):
        run_problem(p, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["all", True])
def test_a_text_or_boolean_constant_points_to_model_options(value):
    with pytest.raises(
        ProblemError,
        match=r"\[constants\]: 'samples' must be a number .* belongs in \[model_options\]",
    ):
        Problem([Input("speed_m_s", levels=[3.0])], model="stance", constants={"samples": value})


@pytest.mark.parametrize("value", [np.array([]), [], np.zeros((0, 3))])
def test_an_empty_setting_is_refused_naming_it(value):
    """An empty array as a setting raised an IndexError from numpy (``a.flat[0]``)."""
    with pytest.raises(ValueError, match="samples must be one value"):
        stance_model(speed_m_s=np.array([3.0]), samples=value)
