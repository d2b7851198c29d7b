"""Mission studies: tables, files with provenance, figures; directions the model predicts."""

import json

import numpy as np
import pytest

from pfsim import studies
from pfsim.sweep.models import preferred_step_rate_spm

PNG = b"\x89PNG\r\n\x1a\n"


def _written(paths, stem):
    names = {p.name for p in paths}
    assert {f"{stem}.png", f"{stem}.csv", f"{stem}.json"} <= names
    png = next(p for p in paths if p.name == f"{stem}.png")
    assert png.read_bytes()[:8] == PNG and png.stat().st_size > 20_000
    prov = json.loads(next(p for p in paths if p.name == f"{stem}.json").read_text())
    assert prov["pfsim_version"] and prov["csv"]["rows"] > 0
    return prov


def test_cadence_table_relative_columns_and_files(tmp_path):
    r = studies.cadence_study(tmp_path, speeds_m_s=[2.5, 3.5], step_rate_change_pct=[-10, 0, 10])
    assert len(r.table) == 6
    np.testing.assert_allclose(
        r["step_rate_spm"],
        np.repeat(preferred_step_rate_spm([2.5, 3.5]), 3) * np.tile([0.9, 1, 1.1], 2),
    )
    at0 = r["step_rate_change_pct"] == 0
    for rel in studies.CADENCE_RELATIVE.values():
        np.testing.assert_allclose(r[rel][at0], 0.0, atol=1e-12)
    # the model's prediction: shorter, more frequent stances lower the peak stress per step
    for v in (2.5, 3.5):
        m = r["speed_m_s"] == v
        assert np.all(np.diff(r["peak_contact_stress_MPa"][m]) < 0)
        assert np.all(np.isfinite(r["peak_lateral_facet_stress_MPa"][m]))
    prov = _written(r.paths, "cadence")
    assert prov["problem"]["model"] == "stance" and prov["problem_sha256"]


def test_strength_uses_the_runner_mechanisms(tmp_path):
    from pfsim.runner import Runner, profile_report

    r = studies.strength_study(
        tmp_path,
        hip_abductor_strength_rel=[0.7, 1.0],
        vmo_activation=[0.5, 1.0],
        quadriceps_strength_rel=[0.8, 1.0],
    )
    ref = (r["hip_abductor_strength_rel"] == 1.0) & (r["vmo_activation"] == 1.0)
    ref &= r["quadriceps_strength_rel"] == 1.0
    rep = profile_report(Runner())
    for k in ("peak_hip_adduction_deg", "peak_lateral_facet_stress_MPa", "peak_contact_stress_MPa"):
        key = "hip_adduction_peak_deg" if k == "peak_hip_adduction_deg" else k
        assert r[k][ref][0] == pytest.approx(rep[key], rel=1e-9)
    weak = (r["hip_abductor_strength_rel"] == 0.7) & (r["vmo_activation"] == 1.0)
    assert np.all(r["peak_hip_adduction_deg"][weak] > r["peak_hip_adduction_deg"][ref][0])
    # quadriceps strength changes the share of capacity used, not the stress (submaximal task)
    q = (r["hip_abductor_strength_rel"] == 1.0) & (r["vmo_activation"] == 1.0)
    assert np.ptp(r["peak_contact_stress_MPa"][q]) == 0.0
    assert np.ptp(r["quadriceps_demand_rel"][q]) > 0.1
    _written(r.paths, "strength")


def test_load_study_grid_and_timelines(tmp_path):
    r = studies.load_study(
        tmp_path, weekly_progression_pct=[0.0, 30.0], hill_share=[0.0], speed_work_share=[0.0, 0.2]
    )
    steady = (r["weekly_progression_pct"] == 0) & (r["speed_work_share"] == 0)
    assert r["peak_overload_index"][steady][0] == pytest.approx(1.0, abs=1e-9)
    fast = r["weekly_progression_pct"] == 30
    assert np.all(r["peak_overload_index"][fast] > 1.5)
    _written(r.paths, "load")
    assert (tmp_path / "load_timelines.csv").exists()


def test_load_block_model_matches_training_weekly_load():
    from pfsim import training
    from pfsim.runner import Runner

    out = studies.load_block_model(np.array([20.0]), weeks_before=2, weeks_change=2)
    hist = training._history([25.0, 25.0, 30.0, 36.0])
    ref = training.weekly_load(hist, Runner())
    assert out["final_overload_index"][0] == pytest.approx(ref.overload_index[-1])
    assert out["peak_overload_index"][0] == pytest.approx(ref.overload_index[2:].max())


def test_sensitivity_small_sample(tmp_path):
    r = studies.sensitivity_study(tmp_path, n=64, confidence_level=None)
    t = r.table
    assert len(t) == len(studies.PROFILE_INPUTS) * len(studies.SENSITIVITY_OUTPUTS)
    assert np.all(np.isfinite(t["total_order"]))
    # the sagittal chain does not see the frontal inputs: zero indices for mean stress
    mean = t.select(output="peak_contact_stress_MPa")
    frontal = [
        i in ("q_angle_deg", "vmo_activation", "lateral_retinaculum_N") for i in mean["input"]
    ]
    np.testing.assert_allclose(mean["total_order"][frontal], 0.0, atol=1e-12)
    _written(r.paths, "sensitivity")


def test_mission_demo_writes_three_studies(tmp_path):
    paths = studies.mission_demo(tmp_path)
    for stem in ("cadence", "strength", "load"):
        _written(paths, stem)


def test_plot_functions_take_and_return_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = studies.cadence_study(speeds_m_s=[3.0], step_rate_change_pct=[-5, 0, 5])
    fig, ax = plt.subplots()
    assert studies.plot_cadence(r.table, "stress_time_integral_per_km_MPa_s", ax=ax) is ax
    assert ax.get_xlabel().endswith("[%]") and "[MPa·s/km]" in ax.get_ylabel()
    plt.close(fig)
