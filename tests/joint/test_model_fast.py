"""Issue 15: the lazy facet outputs and the fast scalar path give the eager array path's numbers."""

import pickle
import warnings

import numpy as np
import pytest
from scipy.stats import qmc

import pfsim
from pfsim.joint import model as joint_model

FRONTAL_BOX = {  # wide, physiological and beyond (some states leave the groove)
    "q_angle_deg": (5.0, 30.0),
    "hip_adduction_deg": (-10.0, 25.0),
    "femoral_internal_rotation_deg": (-15.0, 20.0),
    "tibial_internal_rotation_deg": (-15.0, 15.0),
    "vmo_activation": (0.0, 2.0),
    "lateral_retinaculum_N": (0.0, 300.0),
}


def _states(n, seed=0):
    """A Sobol' box of knee states: angle 0-70° (beyond connolly2009's 45°: NaN states too)."""
    lo = [0.0, 0.0] + [b[0] for b in FRONTAL_BOX.values()]
    hi = [70.0, 250.0] + [b[1] for b in FRONTAL_BOX.values()]
    x = qmc.scale(qmc.Sobol(len(lo), seed=seed).random(n), lo, hi)
    frontal = {name: x[:, 2 + i] for i, name in enumerate(FRONTAL_BOX)}
    return x[:, 0], x[:, 1], frontal


def _assert_same(a, b):
    """Every field of two JointLoads equal bit for bit (NaN equal to NaN), frontal_state too."""
    da, db = a.to_dict(), b.to_dict()
    assert da.keys() == db.keys()
    for key, value in da.items():
        if isinstance(value, np.ndarray | np.generic):
            np.testing.assert_array_equal(value, db[key], err_msg=key, strict=True)
        else:
            assert value == db[key], key
    if a.frontal_state is not None:
        for key, value in a.frontal_state.to_dict().items():
            if isinstance(value, np.ndarray | np.generic):
                np.testing.assert_array_equal(value, b.frontal_state.to_dict()[key], key)


@pytest.mark.parametrize("model", ["k", "two-tendon"])
@pytest.mark.parametrize("force", ["knee_extension_moment_Nm", "quad_force_N"])
def test_lazy_facet_outputs_equal_the_eager_ones_bit_for_bit(model, force):
    theta, load, frontal = _states(512)
    if force == "quad_force_N":
        load = load * 25.0
    kw = dict(model=model, area_fit="salsich2003", **{force: load}, **frontal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        lazy = pfsim.patellofemoral_load(theta, **kw)
        assert "_frontal_pending" in vars(lazy)  # nothing computed yet
        eager = pfsim.patellofemoral_load(theta, **kw, frontal="eager")
        _assert_same(lazy, eager)
    assert "_frontal_pending" not in vars(lazy)
    assert np.isnan(eager.contact_stress_MPa).any()  # the box reaches beyond the fit: NaN states
    assert np.isfinite(eager.lateral_facet_stress_MPa).sum() > 100


def test_lazy_outputs_are_those_of_the_frontal_model_called_directly():
    theta, moment, frontal = _states(256, seed=3)
    theta = np.minimum(theta, 45.0)
    r = pfsim.patellofemoral_load(theta, knee_extension_moment_Nm=moment, **frontal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        direct = pfsim.joint.frontal.frontal_load(
            theta, r.quad_force_N, r.joint_reaction_force_N, r.contact_area_mm2, **frontal
        )
        for key in joint_model._FRONTAL_FIELDS:
            np.testing.assert_array_equal(getattr(r, key), direct[key], key)


def test_a_grid_broadcast_by_a_frontal_input_keeps_its_shape():
    q = np.array([10.0, 15.0, 20.0])[:, None]
    lazy = pfsim.patellofemoral_load(30.0, quad_force_N=[1000.0, 2000.0], q_angle_deg=q)
    eager = pfsim.patellofemoral_load(
        30.0, quad_force_N=[1000.0, 2000.0], q_angle_deg=q, frontal="eager"
    )
    assert lazy.shape == (3, 2) and lazy.lateral_facet_stress_MPa.shape == (3, 2)
    _assert_same(lazy, eager)


def test_changing_the_inputs_or_the_result_cannot_change_the_lazy_outputs():
    theta = np.array([20.0, 30.0, 40.0])
    q = np.array([12.0, 15.0, 18.0])
    r = pfsim.patellofemoral_load(theta, quad_force_N=2000.0, q_angle_deg=q)
    expected = pfsim.patellofemoral_load(theta, quad_force_N=2000.0, q_angle_deg=q, frontal="eager")
    theta[:] = 5.0
    q[:] = 30.0  # the caller's arrays change before the facet outputs are read
    for name in ("knee_flexion_deg", "quad_force_N", "joint_reaction_force_N", "contact_area_mm2"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(r, name)[0] = 1.0
    _assert_same(r, expected)


def test_a_lazy_result_pickles_and_compares():
    r = pfsim.patellofemoral_load([20.0, 30.0], quad_force_N=2000.0, vmo_activation=0.5)
    back = pickle.loads(pickle.dumps(r))
    assert "_frontal_pending" in vars(back)
    _assert_same(back, pfsim.patellofemoral_load([20.0, 30.0], quad_force_N=2000.0,
                                                 vmo_activation=0.5, frontal="eager"))  # fmt: skip
    _assert_same(r, back)


def test_bad_frontal_inputs_fail_at_the_call_not_at_the_access():
    with pytest.raises(ValueError, match="vmo_activation must lie between 0 and 3"):
        pfsim.patellofemoral_load([30.0], quad_force_N=1000.0, vmo_activation=[-1.0])
    with pytest.raises(ValueError, match="q_angle_deg contains NaN"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1000.0, q_angle_deg=np.nan)
    with pytest.raises(ValueError, match="frontal must be True, False or 'eager'"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1000.0, frontal="later")


def test_without_the_frontal_model_the_facet_outputs_are_none():
    r = pfsim.patellofemoral_load(30.0, quad_force_N=1000.0, frontal=False)
    assert r.lateral_facet_stress_MPa is None and r.frontal_state is None
    assert pfsim.JointLoad.lateral_facet_stress_MPa is None  # the class default


# --------------------------------------------------------------------------------------------------
# The fast scalar path
@pytest.mark.parametrize("frontal", [True, "eager", False])
@pytest.mark.parametrize("force", ["knee_extension_moment_Nm", "quad_force_N"])
def test_the_scalar_path_gives_the_array_paths_bits(monkeypatch, frontal, force):
    theta, load, inputs = _states(64, seed=7)
    theta = np.clip(theta, 2.5, 44.0)  # inside every default fit, no radians guard: the fast path
    if force == "quad_force_N":
        load = load * 25.0
    array_results = []
    for i in range(theta.size):
        kw = {force: np.array([load[i]])} | {k: np.array([v[i]]) for k, v in inputs.items()}
        array_results.append(pfsim.patellofemoral_load(np.array([theta[i]]), **kw, frontal=frontal))

    def no_array_path(*args, **kwargs):
        raise AssertionError("the scalar call took the array path")

    monkeypatch.setattr(joint_model, "_coerce_inputs", no_array_path)
    for i, arr in enumerate(array_results):
        kw = {force: float(load[i])} | {k: float(v[i]) for k, v in inputs.items()}
        r = pfsim.patellofemoral_load(float(theta[i]), **kw, frontal=frontal)
        assert r.shape == ()
        for key, value in arr.to_dict().items():
            if isinstance(value, np.ndarray):
                got = r.to_dict()[key]
                assert isinstance(got, np.generic), key
                np.testing.assert_array_equal(got, value[0], key, strict=False)
                assert got.tobytes() == value[0].tobytes(), key


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(knee_flexion_deg=95.0, quad_force_N=1000.0),  # outside the k fit (0-90): NaN + warning
        dict(knee_flexion_deg=0.5, quad_force_N=1000.0),  # radians guard
        dict(knee_flexion_deg=30.0, quad_force_N=1000.0, q_angle_deg=0.3),  # radians guard
        dict(
            knee_flexion_deg=30.0, quad_force_N=1000.0, weight_bearing=True, area_fit="besier2005"
        ),  # fmt: skip
        dict(knee_flexion_deg=np.float64(30.0), quad_force_N=1000.0, model="two-tendon"),
    ],
)
def test_scalars_that_warn_or_need_more_take_the_array_path(monkeypatch, kwargs):
    calls = []
    coerce = joint_model._coerce_inputs
    monkeypatch.setattr(
        joint_model, "_coerce_inputs", lambda *a, **k: calls.append(1) or coerce(*a, **k)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimWarning)
        pfsim.patellofemoral_load(**kwargs)
    assert calls == [1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(knee_flexion_deg=[30.0, np.nan], quad_force_N=1000.0),
            "knee_flexion_deg contains NaN",
        ),
        (dict(knee_flexion_deg=[30.0, 200.0], quad_force_N=1000.0), "between -30 and 170 deg"),
        (dict(knee_flexion_deg=[30.0, np.inf], quad_force_N=1000.0), "infinite"),
        (dict(knee_flexion_deg=[30.0, 40.0], quad_force_N=[1.0, -5.0]), "quad_force_N must lie"),
        (dict(knee_flexion_deg=[30.0, 40.0], quad_force_N=[1.0, np.nan]), "quad_force_N contains"),
        (dict(knee_flexion_deg=[30.0, 40.0], knee_extension_moment_Nm=[1.0, 2e4]), "not N·mm"),
        (dict(knee_flexion_deg=[30.0, 40.0], knee_extension_moment_Nm=[np.nan, 1.0]), "contains"),
    ],
)
def test_float64_arrays_are_checked_as_lists_are(kwargs, message):
    """The one-pass check of float64 arrays (sagittal.in_bounds_fast) falls back to the full checks."""
    as_arrays = {k: np.asarray(v, dtype=np.float64) for k, v in kwargs.items()}
    for kw in (kwargs, as_arrays):
        with pytest.raises(ValueError, match=message) as caught:
            pfsim.patellofemoral_load(**kw)
        if kw is kwargs:
            text = str(caught.value)
    assert str(caught.value) == text


def test_the_radians_guard_still_fires_on_float64_arrays():
    with pytest.warns(pfsim.PfsimUnitWarning, match="did you pass radians"):
        pfsim.patellofemoral_load(np.radians([10.0, 45.0]), quad_force_N=np.array([1000.0, 10.0]))


def test_lazy_and_eager_agree_for_the_v2_groove_too():
    geometry = pfsim.joint.frontal.lenhart2015_geometry()
    theta, moment, frontal = _states(64, seed=11)
    kw = dict(knee_extension_moment_Nm=moment, frontal_geometry=geometry, **frontal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        lazy = pfsim.patellofemoral_load(np.clip(theta, 2.5, 60.0), **kw)
        eager = pfsim.patellofemoral_load(np.clip(theta, 2.5, 60.0), **kw, frontal="eager")
        _assert_same(lazy, eager)
    assert lazy.frontal_state.geometry.groove == "lenhart2015"


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(knee_flexion_deg=True, quad_force_N=1000.0), "knee_flexion_deg"),
        (dict(knee_flexion_deg=30.0, quad_force_N="1000"), "quad_force_N"),
        (dict(knee_flexion_deg=[30.0, "40"], quad_force_N=1000.0), "knee_flexion_deg"),
        (dict(knee_flexion_deg=np.array([True, False]), quad_force_N=1000.0), "knee_flexion_deg"),
    ],
)
def test_text_and_bools_are_not_numbers(kwargs, name):
    # numpy would read True as 1 and "1000" as 1000: the scalar and the array path both refuse them
    with pytest.raises(ValueError, match=f"{name} must be a number.*not (text|true/false)"):
        pfsim.patellofemoral_load(**kwargs)
