"""Every result has one way out: ``to_dict()``, ``to_pandas()``, ``to_xarray()`` (DESIGN.md)."""

from __future__ import annotations

import numpy as np
import pytest

import pfsim
from pfsim._results import unit_of

pd = pytest.importorskip("pandas")
xr = pytest.importorskip("xarray")


def _joint():
    theta = np.linspace(20.0, 40.0, 3)[:, None]
    return pfsim.patellofemoral_load(theta, quad_force_N=[1000.0, 2000.0], area_fit="salsich2003")


def _stance():
    return pfsim.stance(speed_m_s=[3.0, 3.5], step_rate_spm=168, body_mass_kg=70, height_m=1.75)


def _load():
    runner = pfsim.load_runner("load_driven")
    history = pfsim.read_history("jump40_hills")
    return pfsim.weekly_load(history, runner)


RESULTS = {
    "JointLoad": _joint,
    "StanceResult": _stance,
    "StanceSummary": lambda: _stance().summary(),
    "LoadResult": _load,
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_to_dict_pandas_xarray_agree(name):
    result = RESULTS[name]()
    d = result.to_dict()
    arrays = {k: v for k, v in d.items() if isinstance(v, np.ndarray) and v.ndim}
    assert arrays, name
    df = result.to_pandas()
    ds = result.to_xarray()
    assert df.attrs["pfsim_result"] == ds.attrs["pfsim_result"] == type(result).__name__
    for key, value in arrays.items():
        # xarray holds each array as it is; pandas a row per element of the main shape
        np.testing.assert_array_equal(ds[key].values, value, key)
        assert ds[key].attrs["units"] == unit_of(key)
        assert key in df.columns
    main = max((v.shape for v in arrays.values()), key=len)
    assert len(df) == int(np.prod(main))


def test_joint_frame_rows_follow_the_broadcast_grid():
    r = _joint()
    df = r.to_pandas()
    assert list(df.index.names) == ["dim_0", "dim_1"]
    assert df.loc[(2, 1), "quad_force_N"] == 2000.0
    assert df.loc[(2, 1), "knee_flexion_deg"] == 40.0
    np.testing.assert_array_equal(
        df["contact_stress_MPa"].to_numpy().reshape(r.shape), r.contact_stress_MPa
    )
    assert df.attrs["area_fit"] == "salsich2003"


def test_stance_scenario_values_repeat_along_the_samples():
    s = _stance()
    df = s.to_pandas()
    assert list(df.index.names) == ["dim_0", "sample"]
    n = s.time_s.shape[-1]
    assert (df.loc[1, "speed_m_s"] == 3.5).all() and len(df.loc[1]) == n
    ds = s.to_xarray()
    assert ds["speed_m_s"].dims == ("dim_0",)
    assert ds["contact_stress_MPa"].dims == ("dim_0", "sample")


def test_load_result_is_a_table_per_week():
    r = _load()
    df = r.to_pandas()
    assert df.index.name == "week" and len(df) == len(r.week)
    np.testing.assert_array_equal(df["overload_index"].to_numpy(), r.overload_index)
    assert r.to_xarray()["dose_MPa_s"].attrs["units"] == "MPa·s"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("contact_stress_MPa", "MPa"),
        ("stress_time_integral_per_km_MPa_s", "MPa·s"),
        ("peak_knee_extension_moment_Nm_kg", "N·m/kg"),
        ("speed_m_s", "m/s"),
        ("step_rate_spm", "steps/min"),
        ("peak_quad_force_bw", "body weights"),
        ("contact_area_mm2", "mm²"),
        ("overload_index", ""),
    ],
)
def test_units_come_from_the_name(name, unit):
    assert unit_of(name) == unit


def test_a_missing_extra_names_the_install_command(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "xarray":
            raise ImportError("no xarray")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match=r"pfsim\[labelled\]"):
        _joint().to_xarray()


@pytest.mark.parametrize(
    ("make", "old", "new"),
    [
        (_joint, "arrays", "to_dict"),
        (lambda: _stance().summary(), "as_dict", "to_dict"),
        (pfsim.Runner, "as_dict", "to_dict"),
        (pfsim.Assumptions, "as_dict", "to_dict"),
    ],
)
def test_old_dict_names_still_work_with_a_deprecation_warning(make, old, new):
    obj = make()
    with pytest.warns(DeprecationWarning, match=rf"{old}\(\) is deprecated.*{new}\(\)") as rec:
        got = getattr(obj, old)()
    assert rec[0].filename == __file__
    want = getattr(obj, new)()
    assert set(got) <= set(want)
    for key, value in got.items():
        np.testing.assert_array_equal(value, want[key])
