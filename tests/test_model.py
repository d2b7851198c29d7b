"""patellofemoral_load: input types, shapes, errors, and physical properties."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pfsim

# Inside every default fit's range; magnitudes below 2.2 (other than 0) would trip the radians guard.
angles = st.just(0.0) | st.floats(2.5, 45.0)
forces = st.floats(0.0, 10_000.0)


@pytest.mark.parametrize(
    "theta, force",
    [(30.0, 1000.0), ([30.0, 40.0], 1000.0), (np.array([30.0, 40.0]), [1000.0, 2000.0])],
)
def test_input_types(theta, force):
    r = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False)
    assert np.shape(r.contact_stress_MPa) == np.broadcast_shapes(np.shape(theta), np.shape(force))


def test_scalar_in_scalar_out():
    r = pfsim.patellofemoral_load(30.0, quad_force_N=1000.0)
    assert np.ndim(r.joint_reaction_force_N) == 0
    assert isinstance(float(r.contact_stress_MPa), float)


def test_broadcasting_grid():
    theta = np.linspace(0, 45, 10)[:, None]
    force = np.linspace(0, 5000, 7)[None, :]
    r = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False)
    assert r.contact_stress_MPa.shape == (10, 7)
    assert r.contact_area_mm2.shape == (10, 7)
    np.testing.assert_allclose(r.joint_reaction_force_N, pfsim.k_ratio(theta) * force)


def test_both_or_neither_force_input():
    with pytest.raises(ValueError, match="exactly one"):
        pfsim.patellofemoral_load(30.0)
    with pytest.raises(ValueError, match="exactly one"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, knee_extension_moment_Nm=1.0)


def test_nan_input_is_refused():
    with pytest.raises(ValueError, match="contains NaN"):
        pfsim.patellofemoral_load([30.0, np.nan], quad_force_N=1000.0)
    with pytest.raises(ValueError, match="contains NaN"):
        pfsim.patellofemoral_load(30.0, knee_extension_moment_Nm=np.nan)


def test_non_numeric_input():
    with pytest.raises(ValueError, match="must be a number"):
        pfsim.patellofemoral_load("abc", quad_force_N=1000.0)


def test_impossible_angle():
    with pytest.raises(ValueError, match="between -30 and 170 deg"):
        pfsim.patellofemoral_load(200.0, quad_force_N=1000.0)


def test_radians_warning():
    with pytest.warns(pfsim.PfsimUnitWarning, match="did you pass radians"):
        pfsim.patellofemoral_load(np.radians([10.0, 45.0, 60.0]), quad_force_N=1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", pfsim.PfsimUnitWarning)
        pfsim.patellofemoral_load([0.0, 30.0], quad_force_N=1000.0)  # degrees: no warning
        pfsim.patellofemoral_load(0.0, quad_force_N=1000.0)  # full extension: no warning


def test_force_and_moment_unit_guards():
    with pytest.raises(ValueError, match="quad_force_N"):
        pfsim.patellofemoral_load(30.0, quad_force_N=-5.0)
    with pytest.raises(ValueError, match="not N·mm"):
        pfsim.patellofemoral_load(30.0, knee_extension_moment_Nm=100_000.0)


def test_unknown_names():
    with pytest.raises(ValueError, match="known models: k, two-tendon"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, model="x")
    with pytest.raises(ValueError, match="connolly2009"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, area_fit="x")


def test_one_warning_per_call_out_of_range():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load([30.0, 95.0], knee_extension_moment_Nm=100.0)
    assert len(caught) == 1 and issubclass(caught[0].category, pfsim.PfsimRangeWarning)
    assert np.isfinite(r.contact_stress_MPa[0]) and np.isnan(r.contact_stress_MPa[1])


@settings(max_examples=200, deadline=None)
@given(theta=angles, force=forces)
def test_jrf_nonnegative_and_stress_finite(theta, force):
    r = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False)
    assert r.joint_reaction_force_N >= 0
    assert np.isfinite(r.contact_stress_MPa) and r.contact_stress_MPa >= 0


@settings(max_examples=100, deadline=None)
@given(theta=angles, model=st.sampled_from(["k", "two-tendon"]))
def test_zero_force_zero_jrf(theta, model):
    r = pfsim.patellofemoral_load(theta, quad_force_N=0.0, model=model)
    assert r.joint_reaction_force_N == 0.0


@settings(max_examples=100, deadline=None)
@given(theta=angles, force=st.floats(1.0, 5000.0), scale=st.floats(0.1, 3.0))
def test_jrf_linear_in_force(theta, force, scale):
    a = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False).joint_reaction_force_N
    b = pfsim.patellofemoral_load(
        theta, quad_force_N=force * scale, frontal=False
    ).joint_reaction_force_N
    assert b == pytest.approx(scale * a, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(theta=st.just(0.0) | st.floats(2.5, 90.0), moment=st.floats(-300.0, 400.0))
def test_moment_path_stress_finite_in_range(theta, moment):
    r = pfsim.patellofemoral_load(
        theta, knee_extension_moment_Nm=moment, area_fit="kernozek2015", frontal=False
    )
    assert np.isfinite(r.contact_stress_MPa) and r.contact_stress_MPa >= 0
