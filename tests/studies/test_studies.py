"""Mission studies: tables, files with provenance, figures; directions the model predicts."""

import json

import numpy as np
import pytest

from pfsim import plotting, studies
from pfsim.models import preferred_step_rate_spm

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
    assert prov["inputs"]["problem"]["model"] == "stance" and prov["inputs"]["problem_sha256"]


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
    # weaker quadriceps: more knee flexion under load, more stress (issue 12,
    # pfsim.runner.quadriceps_mechanism), and a larger share of capacity used
    q = (r["hip_abductor_strength_rel"] == 1.0) & (r["vmo_activation"] == 1.0)
    weak_q = q & (r["quadriceps_strength_rel"] == 0.8)
    assert r["peak_contact_stress_MPa"][weak_q][0] > r["peak_contact_stress_MPa"][ref][0]
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


@pytest.mark.slow
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
    assert plotting.plot_cadence(r.table, "stress_time_integral_per_km_MPa_s", ax=ax) is ax
    assert ax.get_xlabel().endswith("[%]") and "[MPa·s/km]" in ax.get_ylabel()
    plt.close(fig)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def test_strength_figure_shows_coinciding_and_flat_lines_for_what_they_are():
    plt = _plt()
    r = studies.strength_study(
        hip_abductor_strength_rel=[0.6, 1.0, 1.4],
        vmo_activation=[0.5, 1.0],
        quadriceps_strength_rel=[1.0],
    )
    fig, axs = plt.subplots(1, 3)
    # hip adduction does not depend on the VMO: one black line that says so, not two on top
    plotting.plot_strength(r.table, "peak_hip_adduction_deg", ax=axs[0])
    (line,) = axs[0].get_lines()[:-1]  # the last line is the 100 % marker
    assert "1 and 0.5" in line.get_label() and "identical" in line.get_label()
    assert line.get_color() == "#000000"
    # lateral facet stress does: one coloured line per level
    plotting.plot_strength(r.table, "peak_lateral_facet_stress_MPa", ax=axs[1])
    labels = [ln.get_label() for ln in axs[1].get_lines()[:-1]]
    assert labels == ["VMO activation 1", "VMO activation 0.5"]
    # mean stress is one constant: the axis starts at 0 and a note says why
    plotting.plot_strength(r.table, "peak_contact_stress_MPa", ax=axs[2])
    value = float(r["peak_contact_stress_MPa"][0])
    lo, hi = axs[2].get_ylim()
    assert lo == 0.0 and hi > 1.5 * value
    (note,) = axs[2].texts
    text = note.get_text().replace("\n", " ")
    assert "at every hip-abductor strength and VMO activation" in text and "frontal plane" in text
    plt.close(fig)


def test_load_timelines_legend_names_the_lines_that_coincide():
    plt = _plt()
    fig, ax = plt.subplots()
    timelines = studies.load_timelines()
    plotting.plot_overload_timelines(timelines, ax=ax)
    text = {t.get_text().split("\n")[0]: t.get_text() for t in ax.get_legend().get_texts()}
    # with the fatigue dose (default) no two named scenarios coincide: hills and speed work raise
    # the index (1.58, 1.70 in their first week), the +40 % jump with hills (2.2) leaves the flat one
    assert all("coincides" not in t for t in text.values()), text
    assert text["add 30 % hills"] == "add 30 % hills"
    assert ax.get_legend().get_texts()[0].get_fontsize() >= 8
    plt.close(fig)
    # the marking itself: a line hidden under another is named in the legend
    fig, ax = plt.subplots()
    steady = timelines["steady 25 km/week"]
    plotting.plot_overload_timelines({"steady": steady, "steady again": steady}, ax=ax)
    text = {t.get_text().split("\n")[0]: t.get_text() for t in ax.get_legend().get_texts()}
    assert "coincides with «steady»" in text["steady again"].replace("\n", " ")
    assert text["steady"] == "steady"  # the first of a pair is not marked
    plt.close(fig)


def test_cadence_legend_formats_every_speed_alike():
    plt = _plt()
    r = studies.cadence_study(speeds_m_s=[2.5, 3.0], step_rate_change_pct=[0])
    fig, ax = plt.subplots()
    plotting.plot_cadence(r.table, ax=ax)
    labels = [ln.get_label().split(" (")[0] for ln in ax.get_lines()[:-1]]
    assert labels == ["2.5 m/s", "3.0 m/s"]
    plt.close(fig)


def _data_lines(ax):
    """The data lines of an axes: not the dotted reference lines at the norm."""
    return [ln for ln in ax.get_lines() if ln.get_linestyle() != ":"]


def test_strength_figure_spends_no_panel_on_a_flat_line_and_explains_in_a_caption():
    r = studies.strength_study(
        hip_abductor_strength_rel=[0.6, 1.0, 1.4],
        vmo_activation=[0.5, 1.0],
        quadriceps_strength_rel=[0.75, 1.0],
    )
    # mean stress changes with quadriceps strength only (issue 12): drawn in panel (b), relative
    q1 = r["quadriceps_strength_rel"] == 1.0
    assert np.ptp(r["peak_contact_stress_MPa"][q1]) == 0
    fig = plotting.strength_figure(r)
    axes = fig.get_axes()
    assert len(axes) == 4
    for ax in axes:
        lines = _data_lines(ax)
        assert lines, ax.get_ylabel()
        for ln in lines:  # every drawn line changes: an effect, not a constant
            assert np.ptp(np.asarray(ln.get_ydata(), dtype=float)) > 0, ax.get_ylabel()
        assert "mean contact stress" not in ax.get_ylabel()
    ylabels = [ax.get_ylabel() for ax in axes]
    assert (
        "Peak lateral facet stress [MPa]" in ylabels and "Peak medial facet stress [MPa]" in ylabels
    )
    spans = [np.ptp(ax.get_ylim()) for ax in axes[2:]]
    assert np.isclose(*spans)  # the facets on equal spans
    title = fig._suptitle.get_text()
    assert len(title) < 80 and "\n" not in title  # a title, not an explanation
    caption = fig._supxlabel.get_text().replace("\n", " ")
    assert "knee flexion under load" in caption  # (b): why the mean stress follows the quadriceps


def test_load_figure_shows_each_scenario_against_steady_and_the_hills_speed_effect():
    r = studies.load_study(
        weekly_progression_pct=[0.0, 20.0], hill_share=[0.0, 0.3], speed_work_share=[0.0, 0.2]
    )
    timelines = r.table._timelines
    fig = plotting.load_figure(r)
    panels = [ax for ax in fig.get_axes() if ax.axison]
    titled = {ax.get_title(loc="left"): ax for ax in panels}
    # one panel per scenario except the steady reference
    assert set(list(timelines)[1:]) <= set(titled) and list(timelines)[0] not in titled
    # each panel spans its own scenario's index (speed work: 1.00 to 1.70 with the fatigue dose)
    speed = titled["add 20 % speed work"]
    lo, hi = speed.get_ylim()
    over = np.asarray(timelines["add 20 % speed work"].overload_index)
    assert lo < over.min() <= 1.0 < over.max() < hi
    assert f"{over.min():.2f} to {over.max():.2f}" in speed.texts[0].get_text()
    # the grid's hills and speed-work effect, as a change from no hills and no speed work [%]
    change = next(ax for ax in panels if ax.get_ylabel().startswith("Change in"))
    ys = {ln.get_label(): np.asarray(ln.get_ydata()) for ln in change.get_lines()[:-1]}
    assert np.allclose(ys["hills 0%, speed work 0%"], 0.0)
    t = r.table
    m = (t["hill_share"] == 0) & (t["speed_work_share"] == 0.2) & (t["weekly_progression_pct"] == 0)
    expected = 100 * (float(t["peak_overload_index"][m][0]) - 1.0)  # the base row is exactly 1
    # the fatigue dose weighs the faster steps' higher peaks: speed work raises the peak index
    assert np.isclose(ys["hills 0%, speed work 20%"][0], expected) and expected > 1.0
