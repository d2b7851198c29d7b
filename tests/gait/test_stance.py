"""Verification of the stance model: geometry, moment, invariants, inputs, summaries."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim import PfsimRangeWarning, patellofemoral_load
from pfsim.gait import (
    STANCE_AREA_FIT,
    SUMMARY_KEYS,
    Trial,
    calibrate,
    calibration,
    stance,
    trial_load,
)
from pfsim.gait.leg import (
    SEGMENT_FRACTIONS,
    _knee_position_m,
    knee_extension_moment_Nm,
    knee_flexion_from_compression_deg,
)
from pfsim.gait.springmass import CONTACT_TIME_STEP_RATE_EXPONENT, G_M_S2

BASE = dict(speed_m_s=3.0, step_rate_spm=168.0, body_mass_kg=70.0, height_m=1.75)


def test_shapes_and_names():
    r = stance(**BASE)
    for name in (
        "time_s",
        "vertical_grf_N",
        "fore_aft_grf_N",
        "leg_compression_m",
        "knee_flexion_deg",
        "knee_extension_moment_Nm",
        "hip_adduction_deg",
        "quad_force_N",
        "joint_reaction_force_N",
        "contact_stress_MPa",
    ):
        assert np.shape(getattr(r, name)) == (101,), name
    grid = stance([2.5, 3.0, 3.5], np.array([[160.0], [175.0]]), 70, 1.75, n_samples=21)
    assert grid.knee_flexion_deg.shape == (2, 3, 21)
    s = grid.summary()
    assert s.peak_joint_reaction_force_N.shape == (2, 3)
    # the grid agrees with single calls
    one = stance(3.5, 175.0, 70, 1.75, n_samples=21)
    assert np.allclose(grid.joint_reaction_force_N[1, 2], one.joint_reaction_force_N)


def test_summary_has_every_key_and_scalars():
    s = stance(**BASE).summary()
    for key in (
        "peak_knee_flexion_deg",
        "peak_knee_extension_moment_Nm",
        "peak_knee_extension_moment_Nm_kg",
        "peak_quad_force_bw",
        "peak_joint_reaction_force_N",
        "peak_joint_reaction_force_bw",
        "peak_contact_stress_MPa",
        "peak_lateral_facet_stress_MPa",
        "stress_time_integral_per_step_MPa_s",
        "steps_per_km",
        "stress_time_integral_per_km_MPa_s",
        "contact_time_s",
        "peak_vertical_grf_bw",
    ):
        assert key in SUMMARY_KEYS
        assert isinstance(s[key], float)
    # steps per km by hand: 1000 m / (3 m/s * 60/168 s) = 933.33
    assert s.steps_per_km == pytest.approx(933.333, abs=1e-3)
    assert s.stress_time_integral_per_km_MPa_s == pytest.approx(
        s.stress_time_integral_per_step_MPa_s * 933.333 / 2, rel=1e-6
    )


def test_calibration_reproduces_stored_constants_and_targets():
    c = calibrate()
    assert c["knee_share"] == pytest.approx(calibration.KNEE_SHARE_OF_LEG_COMPRESSION, rel=1e-9)
    assert c["grf_offset_foot_fraction"] == pytest.approx(
        calibration.GRF_OFFSET_FOOT_FRACTION, rel=1e-6
    )
    s = stance(**BASE).summary()
    assert s.peak_knee_flexion_deg == pytest.approx(46.3, abs=1e-6)
    assert s.peak_knee_extension_moment_Nm_kg == pytest.approx(2.5, abs=1e-6)


@pytest.mark.parametrize("ic_deg", [13.8, 21.8])
def test_calibration_at_another_initial_contact_angle_reaches_the_targets(ic_deg):
    c = calibrate(knee_flexion_initial_contact_deg=ic_deg)
    s = stance(
        **BASE,
        knee_share=c["knee_share"],
        grf_offset_foot_fraction=c["grf_offset_foot_fraction"],
        knee_flexion_initial_contact_deg=ic_deg,
    ).summary()
    assert s.peak_knee_flexion_deg == pytest.approx(46.3, abs=1e-6)
    assert s.peak_knee_extension_moment_Nm_kg == pytest.approx(2.5, abs=1e-6)
    # a straighter knee at contact must take more of the leg's compression to reach the same peak
    assert (c["knee_share"] > calibration.KNEE_SHARE_OF_LEG_COMPRESSION) == (ic_deg < 17.8)


def test_knee_flexion_geometry_by_hand():
    # H = 1.75: a = 0.42875, b = 0.4305; d(17.8 deg) = sqrt(a^2 + b^2 + 2ab cos 17.8) = 0.84890 m
    a, b = 0.245 * 1.75, 0.246 * 1.75
    d0 = np.sqrt(a * a + b * b + 2 * a * b * np.cos(np.radians(17.8)))
    assert d0 == pytest.approx(0.84890, abs=1e-5)
    # no compression -> initial contact angle; a compression of 0.1 m at share 0.5 -> d = d0 - 0.05
    th = knee_flexion_from_compression_deg([0.0, 0.1], 1.75, knee_share=0.5)
    assert th[0] == pytest.approx(17.8)
    d1 = d0 - 0.05
    expect = np.degrees(np.arccos((d1 * d1 - a * a - b * b) / (2 * a * b)))
    assert th[1] == pytest.approx(expect)
    # impossible compression -> NaN, not a wrong number
    assert np.isnan(knee_flexion_from_compression_deg(2.0, 1.75))


def test_knee_position_and_moment_by_hand():
    # Hip straight above the contact point, no offset: the knee lies a*b*sin(theta)/d in front of
    # the leg line, and a vertical force F gives M = F * a b sin(theta) / d.
    H, theta, F = 1.75, 40.0, 1500.0
    a, b = SEGMENT_FRACTIONS["thigh"] * H, SEGMENT_FRACTIONS["shank"] * H
    d = np.sqrt(a * a + b * b + 2 * a * b * np.cos(np.radians(theta)))
    kx, kz = _knee_position_m(0.0, 0.9, theta, H, 0.0)
    assert kx == pytest.approx(a * b * np.sin(np.radians(theta)) / d)
    # thigh length is respected
    assert np.hypot(kx, kz - 0.9) == pytest.approx(a)
    assert knee_extension_moment_Nm(kx, kz, F, 0.0) == pytest.approx(F * kx)
    # a braking force (negative) adds extension moment; propulsion removes it
    assert (
        knee_extension_moment_Nm(kx, kz, F, -100.0)
        > F * kx
        > knee_extension_moment_Nm(kx, kz, F, 100.0)
    )


def test_joint_outputs_are_the_joint_model_on_the_stance_state():
    r = stance(**BASE)
    jl = patellofemoral_load(
        r.knee_flexion_deg,
        knee_extension_moment_Nm=r.knee_extension_moment_Nm,
        area_fit=STANCE_AREA_FIT,
    )
    assert np.allclose(r.joint_reaction_force_N, jl.joint_reaction_force_N)
    assert np.allclose(r.contact_stress_MPa, jl.contact_stress_MPa)


@settings(max_examples=60, deadline=None)
@given(
    v=st.floats(2.3, 5.4),
    dv=st.floats(0.01, 0.5),
    f=st.floats(150, 200),
    m=st.floats(45, 110),
    h=st.floats(1.5, 2.0),
    slope=st.floats(-10.0, 10.0),
    load=st.floats(0.0, 20.0),
    dload=st.floats(0.1, 10.0),
)
def test_more_speed_or_more_load_never_lowers_peak_vertical_force(
    v, dv, f, m, h, slope, load, dload
):
    # on any slope of the graded-running data (+-10 deg, Khassetarash 2020) and any height
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)  # deep flexion beyond the area fit
        r = stance(
            np.array([v, min(v + dv, 5.55), v]),
            f,
            m,
            h,
            slope_deg=slope,
            added_mass_kg=np.array([load, load, load + dload]),
            n_samples=21,
        )
    s = r.summary()
    assert s.peak_vertical_grf_N[1] >= s.peak_vertical_grf_N[0] * (1 - 1e-12)
    assert s.peak_vertical_grf_N[2] >= s.peak_vertical_grf_N[0] * (1 - 1e-12)


@settings(max_examples=60, deadline=None)
@given(
    v=st.floats(2.3, 5.5),
    f=st.floats(150, 200),
    m=st.floats(45, 110),
    h=st.floats(1.5, 2.0),
    slope=st.floats(-10.0, 10.0),
    load=st.floats(0.0, 30.0),
)
def test_vertical_impulse_is_total_weight_times_step_time_through_stance(v, f, m, h, slope, load):
    # Issue 4 acceptance, through stance() with carried mass, height and slope: the impulse of the
    # vertical (gravity-frame) GRF over one stance equals (body + carried) weight x step time, and
    # the horizontal impulse vanishes (steady speed).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        r = stance(v, f, m, h, slope_deg=slope, added_mass_kg=load, n_samples=201)
    T = 60.0 / f
    W = (m + load) * G_M_S2 * T
    assert np.trapezoid(r.vertical_grf_N, r.time_s) == pytest.approx(
        W, rel=1e-4
    )  # 1 % asked; trapezoid error ~2e-5
    assert abs(np.trapezoid(r.fore_aft_grf_N, r.time_s)) < 0.01 * W
    # the surface components carry cos/sin of the slope
    a = np.radians(slope)
    assert np.trapezoid(r.normal_grf_N, r.time_s) == pytest.approx(W * np.cos(a), rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(
    v=st.floats(2.3, 5.5),
    f=st.floats(150, 200),
    h=st.floats(1.5, 2.0),
    slope=st.floats(-10.0, 10.0),
)
def test_knee_flexion_stays_within_the_leg_geometry(v, f, h, slope):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        r = stance(v, f, 70.0, h, slope_deg=slope, n_samples=51)
    th = r.knee_flexion_deg
    assert th[0] == pytest.approx(17.8)
    # never below the foot-strike flexion (a leg longer than at foot strike, uphill, is not taken by
    # the knee), never near the leg's limit
    assert np.all(th >= 17.8 - 1e-9) and np.all(th < 90.0)
    assert np.all(r.joint_reaction_force_N >= 0)
    # the stance area fit (kernozek2015) has data to 90 deg: finite wherever the knee goes
    assert np.all(np.isfinite(r.contact_stress_MPa))


def test_step_rate_response_and_impulse():
    r = stance(3.0, [152.0, 168.0, 185.0], 70, 1.75)
    s = r.summary()
    assert np.all(np.diff(s.contact_time_s) < 0)
    assert np.all(np.diff(s.peak_knee_flexion_deg) < 0)
    T = 60.0 / np.array([152.0, 168.0, 185.0])
    imp = np.trapezoid(r.vertical_grf_N, r.time_s, axis=-1)
    assert np.allclose(imp, 70 * G_M_S2 * T, rtol=0.01)
    # contact shortens less than the step (t_c ∝ T^0.65, Farley & González 1996), so the sine
    # wave's peak force, m g (π/2) T / t_c, falls with step rate: ∝ (f / f_ref)^-0.35
    np.testing.assert_allclose(
        s.peak_vertical_grf_N / s.peak_vertical_grf_N[1],
        (np.array([152.0, 168.0, 185.0]) / 168.0) ** -(1 - CONTACT_TIME_STEP_RATE_EXPONENT),
        rtol=1e-9,
    )


def test_added_mass_scales_force_not_body_weight_normalisation():
    a, b = stance(3.0, 168, 70, 1.75), stance(3.0, 168, 70, 1.75, added_mass_kg=7.0)
    assert b.summary().peak_vertical_grf_bw == pytest.approx(
        a.summary().peak_vertical_grf_bw * 77 / 70
    )


def test_lateral_facet_stress_is_reported_and_rises_with_hip_adduction():
    lo = stance(**BASE, hip_adduction_peak_deg=5.0).summary()
    hi = stance(**BASE, hip_adduction_peak_deg=15.0).summary()
    assert np.isfinite(lo.peak_lateral_facet_stress_MPa)
    assert hi.peak_lateral_facet_stress_MPa > lo.peak_lateral_facet_stress_MPa
    # the sagittal chain does not see the frontal plane
    assert hi.peak_contact_stress_MPa == pytest.approx(lo.peak_contact_stress_MPa)


def test_unplaceable_scenarios_give_nan_and_one_warning_the_rest_are_unchanged():
    # 2.0 m/s lies outside the contact-time relation's data (8-20 km/h): NaN by design. A batch
    # (or a sweep chunk) holding it must still compute its other scenarios, identically.

    with pytest.warns(PfsimRangeWarning) as record:
        both = stance(np.array([2.0, 3.0]), 168, 70, 1.75).summary()
    # one warning in all, naming the cause and the fix (the contact-time relation's own; the joint
    # step does not repeat it)
    ranges = [w for w in record if issubclass(w.category, PfsimRangeWarning)]
    assert len(ranges) == 1
    assert "8-20 km/h" in str(ranges[0].message)
    assert "contact_time_extrapolate='extend'" in str(ranges[0].message)
    alone = stance(3.0, 168, 70, 1.75).summary()
    assert np.isnan(both.peak_contact_stress_MPa[0])
    assert np.isnan(both.peak_lateral_facet_stress_MPa[0])
    assert both.peak_contact_stress_MPa[1] == pytest.approx(alone.peak_contact_stress_MPa)
    assert both.peak_lateral_facet_stress_MPa[1] == pytest.approx(
        alone.peak_lateral_facet_stress_MPa
    )
    assert both.steps_per_km[0] == pytest.approx(1400.0)  # what needs no contact time stays


def test_explicit_contact_time():
    r = stance(3.0, 168, 70, 1.75, contact_time_s=0.25)
    assert float(r.contact_time_s) == 0.25
    assert r.time_s[-1] == pytest.approx(0.25)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(speed_m_s=0.0), "speed_m_s.*greater than 0"),
        (dict(speed_m_s=-3.0), "speed_m_s.*greater than 0"),
        (dict(body_mass_kg=0.0), "body_mass_kg.*greater than 0"),
        (dict(body_mass_kg=-70.0), "body_mass_kg.*greater than 0"),
        (dict(body_mass_kg=1e-300), "body_mass_kg must lie between 20 and 400 kg"),
        (dict(height_m=0.0), "height_m.*greater than 0"),
        (dict(height_m=175.0), "metres"),
        (dict(step_rate_spm=600.0), "no time for a running stance"),
        (dict(step_rate_spm=84.0), "double a stride rate"),
        (dict(contact_time_s=0.5), "longer than the step"),
        (dict(speed_m_s=float("nan")), "NaN"),
        (dict(added_mass_kg=-1.0), "added_mass_kg"),
        (dict(slope_deg=45.0), "slope_deg"),
    ],
)
def test_bad_input_names_the_problem_and_the_fix(kwargs, match):
    args = dict(BASE)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        stance(**args)


def test_every_input_type_once():
    assert stance(3, 168, 70, 1.75).knee_flexion_deg.shape == (101,)
    assert stance([3.0], 168, 70, 1.75).knee_flexion_deg.shape == (1, 101)
    assert stance(np.float32(3.0), 168, 70, 1.75).knee_flexion_deg.shape == (101,)


def test_public_result_fields_carry_units():
    from dataclasses import fields

    from pfsim.gait import StanceResult, StanceSummary, Trial
    from pfsim.gait.springmass import SineWaveStance, SpringMassGait

    suffixes = (
        "_deg",
        "_N",
        "_Nm",
        "_mm2",
        "_MPa",
        "_bw",
        "_m",
        "_s",
        "_kg",
        "_Nm_kg",
        "_N_m",
        "_spm",
        "_MPa_s",
        "_per_km",
    )
    dimensionless = {"joint", "residual", "sources", "notes"}
    for cls in (StanceResult, StanceSummary, Trial, SineWaveStance, SpringMassGait):
        for f in fields(cls):
            assert f.name in dimensionless or f.name.endswith(suffixes), (cls.__name__, f.name)


def test_trial_cli_out_and_run_out_text(tmp_path, capsys):
    from pfsim.cli import main

    args = ["run", "--speed", "3", "--step-rate", "168", "--mass", "70", "--height", "1.75"]
    args += ["--area-fit", "salsich2003", "--model", "k", "--extrapolate", "nan"]
    assert main([*args, "--out", str(tmp_path / "s.csv")]) == 0
    assert "wrote stance time series" in capsys.readouterr().out
    text = (tmp_path / "s.csv").read_text()
    assert text.startswith("scenario,sample,speed_m_s,") and "knee_extension_moment_Nm" in text
    assert "#" not in text  # a plain CSV: the provenance is in the sidecar
    prov = json.loads((tmp_path / "s.json").read_text())
    assert prov["command"] == ["pfsim", *args, "--out", str(tmp_path / "s.csv")]
    assert prov["inputs"]["area_fit"] == "salsich2003" and prov["inputs"]["model"] == "k"


def test_frontal_profiles_reach_the_joint_model():
    r = stance(**BASE, hip_adduction_peak_deg=10.4)
    direct = patellofemoral_load(
        r.knee_flexion_deg,
        knee_extension_moment_Nm=r.knee_extension_moment_Nm,
        hip_adduction_deg=r.hip_adduction_deg,
        femoral_internal_rotation_deg=r.femoral_internal_rotation_deg,
        tibial_internal_rotation_deg=r.tibial_internal_rotation_deg,
        area_fit=STANCE_AREA_FIT,
    )
    assert r.hip_adduction_deg.max() == pytest.approx(10.4)
    np.testing.assert_allclose(r.lateral_facet_stress_MPa, direct.lateral_facet_stress_MPa)


def test_added_mass_through_stance_keeps_the_impulse_and_scales_the_force():
    # 70 kg + 7 kg carried: vertical impulse = 77 kg * g * T; the knee moment scales by 77/70 too
    # (the sine-wave leg compression, hence knee flexion, does not depend on mass)
    T = 60.0 / 168.0
    a, b = stance(3.0, 168, 70, 1.75), stance(3.0, 168, 70, 1.75, added_mass_kg=7.0)
    assert np.trapezoid(b.vertical_grf_N, b.time_s) == pytest.approx(77 * G_M_S2 * T, rel=0.01)
    np.testing.assert_allclose(b.knee_flexion_deg, a.knee_flexion_deg)
    np.testing.assert_allclose(b.knee_extension_moment_Nm, a.knee_extension_moment_Nm * 77 / 70)


def test_over_long_sweep_is_nan_per_scenario_in_a_batch_and_raises_alone():
    # 5.5 m/s x 0.34 s / 2 = 0.935 m > 0.95 * 0.53 * 1.75 = 0.881 m: the leg cannot reach
    with pytest.warns(PfsimRangeWarning, match="too long for the leg") as record:
        both = stance([3.0, 5.5], 168, 70, 1.75, contact_time_s=[0.25, 0.34]).summary()
    assert sum(issubclass(w.category, PfsimRangeWarning) for w in record) == 1
    alone = stance(3.0, 168, 70, 1.75, contact_time_s=0.25).summary()
    assert np.isnan(both.peak_joint_reaction_force_N[1])
    assert np.isnan(both.peak_knee_flexion_deg[1])
    assert both.peak_joint_reaction_force_N[0] == pytest.approx(alone.peak_joint_reaction_force_N)
    with pytest.raises(ValueError, match=r"too long for the leg.*\(contact_time_s\)") as exc_tl:
        stance(5.5, 168, 70, 1.75, contact_time_s=0.34)
    assert "--" not in str(exc_tl.value)  # Python names only; pfsim run gives the flags


@pytest.mark.filterwarnings("ignore:frontal facet model")  # the huge loads of the 4 m/s case
def test_moment_beyond_the_joint_model_is_a_stance_message_not_a_unit_hint():
    # 150 kg + 200 kg carried at 5 m/s on a 10 deg downhill: ~1700 N.m at the knee, beyond the joint
    # model's +-1500 N.m. Alone: a stance-level error naming the inputs; in a batch: NaN + warning.
    kw = dict(step_rate_spm=168, body_mass_kg=150, height_m=1.95, slope_deg=-10, added_mass_kg=200)
    with pytest.raises(ValueError, match=r"beyond the ±1500 N·m.*\(added_mass_kg\)") as exc:
        stance(5.0, **kw)
    assert "N·mm" not in str(exc.value) and "--" not in str(exc.value)  # Python names only
    with pytest.warns(PfsimRangeWarning, match="beyond the ±1500 N·m"):
        s = stance([4.0, 5.0], **kw).summary()
    assert np.isfinite(s.peak_joint_reaction_force_N[0]) and np.isnan(
        s.peak_joint_reaction_force_N[1]
    )


def test_slope_grf_fields_are_one_force_in_two_frames():
    # vertical/fore-aft (gravity frame) and normal/along-surface (surface frame) are one force:
    # the same magnitude, rotated by the slope angle.
    r = stance(3.13, 168, 70, 1.75, slope_deg=6.0)
    a = np.radians(6.0)
    # force magnitudes agree sample by sample
    np.testing.assert_allclose(
        np.hypot(r.vertical_grf_N, r.fore_aft_grf_N),
        np.hypot(r.normal_grf_N, r.along_surface_grf_N),
        rtol=1e-12,
    )
    # the vertical component is the normal one rotated by the slope
    np.testing.assert_allclose(
        r.vertical_grf_N, r.normal_grf_N * np.cos(a) + r.along_surface_grf_N * np.sin(a)
    )


def test_slope_gives_grf_through_the_com_and_no_extra_lever_about_the_knee():
    # The along-slope force is the along-surface part of the leg force (through the COM), so the
    # knee moment on a slope is the level formula applied to the slope's own knee angle and leg
    # geometry; at +-4 deg (Telhan 2010's slopes, 3.13 m/s) the change comes from the leg sweep, and
    # is about half of the old +-24 % of a force added at the contact point.
    base = stance(3.13, 168, 70, 1.75).summary()
    up = stance(3.13, 168, 70, 1.75, slope_deg=4.0).summary()
    down = stance(3.13, 168, 70, 1.75, slope_deg=-4.0).summary()
    m0 = base.peak_knee_extension_moment_Nm
    assert down.peak_knee_extension_moment_Nm > m0 > up.peak_knee_extension_moment_Nm
    assert abs(up.peak_knee_extension_moment_Nm / m0 - 1) < 0.15
    assert abs(down.peak_knee_extension_moment_Nm / m0 - 1) < 0.15
    # the peak vertical force barely moves with slope (the normal part falls by cos a, the
    # along-surface part adds back): Telhan 2010 found no change of the active peak
    assert up.peak_vertical_grf_N == pytest.approx(base.peak_vertical_grf_N, rel=0.01)


def test_steep_uphill_where_the_com_never_passes_the_foot_warns():
    with pytest.warns(PfsimRangeWarning, match=r"steep slopes \(25 deg\).*not predictions"):
        stance(3.13, 168, 70, 1.75, slope_deg=25.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PfsimRangeWarning)
        stance(3.13, 168, 70, 1.75, slope_deg=[-10.0, 10.0])  # inside the graded-running data


def test_peak_vertical_grf_is_along_gravity_on_a_slope():
    # At 10 deg the surface-normal peak is F_max cos(10 deg) = 1.5 % below level; the vertical peak
    # adds the along-surface force's vertical part and stays within 1 % of level.
    level = stance(3.13, 168, 70, 1.75).summary()
    r = stance(3.13, 168, 70, 1.75, slope_deg=10.0)
    s = r.summary()
    assert s.peak_vertical_grf_N == pytest.approx(np.max(r.vertical_grf_N))
    assert np.max(r.normal_grf_N) == pytest.approx(
        level.peak_vertical_grf_N * np.cos(np.radians(10))
    )
    assert s.peak_vertical_grf_N > 1.01 * np.max(r.normal_grf_N)
    assert s.peak_vertical_grf_bw == pytest.approx(level.peak_vertical_grf_bw, rel=0.01)


@pytest.mark.parametrize(
    "slope, notes", [(12.0, ("graded-running",)), (-12.0, ("graded-running",))]
)
def test_slopes_beyond_the_graded_running_data_warn_once(slope, notes):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = stance(3.13, 168, 70, 1.75, slope_deg=slope)
    assert len(caught) == 1 and caught[0].category is PfsimRangeWarning
    assert all(n in str(caught[0].message) for n in notes)
    assert np.isfinite(r.summary().peak_contact_stress_MPa)  # kept, not NaN
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stance(3.13, 168, 70, 1.75, slope_deg=10.0)  # inside the data: silent


def test_a_steep_slope_gives_one_warning_with_both_notes():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stance(3.13, 168, 70, 1.75, slope_deg=25.0)
    assert len(caught) == 1
    assert "steep slopes" in str(caught[0].message) and "graded-running" in str(caught[0].message)


def test_names_of_the_former_stance_module_are_importable_from_the_package():
    """``pfsim.gait.stance`` is the function; the former module's names live in leg/model/calibration."""
    import types

    import pfsim.gait as gait
    from pfsim.gait import calibration, leg, model

    assert callable(gait.stance) and not isinstance(gait.stance, types.ModuleType)
    assert gait.stance is model.stance
    former = (
        "SEGMENT_FRACTIONS",
        "REFERENCE_SCENARIO",
        "KNEE_SHARE_OF_LEG_COMPRESSION",
        "GRF_OFFSET_FOOT_FRACTION",
        "KNEE_FLEXION_INITIAL_CONTACT_DEG",
        "HIP_ADDUCTION_PEAK_DEG",
        "HIP_INTERNAL_ROTATION_PEAK_DEG",
        "STANCE_AREA_FIT",
        "StanceResult",
        "stance",
        "knee_flexion_from_compression_deg",
        "knee_extension_moment_Nm",
        "frontal_profiles_deg",
        "calibrate",
        "CALIBRATION_TARGETS",
        "GRADED_RUNNING_DATA_DEG",
    )
    for name in former:
        assert name in gait.__all__, name
        homes = [m for m in (leg, model, calibration) if hasattr(m, name)]
        assert homes and all(getattr(m, name) is getattr(gait, name) for m in homes), name
    for name in ("_joint_load", "_check_inputs", "_positive"):
        assert callable(getattr(model, name))
    for name in ("_chord_m", "_knee_position_m"):
        assert callable(getattr(leg, name))


def test_stance_warnings_point_at_the_callers_line():
    """Every PfsimRangeWarning of the stance chain is attributed to the user's call (pfsim._checks.warn)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stance([1.0, 3.0, 3.0], [168, 168, 110], [70, 70, 250], 1.75, added_mass_kg=[0, 0, 150])
        stance(3.0, 168, 70, 1.75, slope_deg=[-15.0, 0.0, 25.0])
        stance([3.0, 12.0], 110, 70, 1.75, contact_time_s=0.5)
        t = np.linspace(0.0, 0.2, 5)
        trial_load(Trial(t, np.array([20.0, 40, 175, 40, 20]), np.full(5, 100.0), 70.0))
    causes = (
        "contact-time relation",
        "could not be placed",
        "beyond the ±",
        "steep slopes",
        "too long for the leg",
    )
    for cause in causes:
        ours = [w for w in caught if cause in str(w.message)]
        assert ours and all(issubclass(w.category, PfsimRangeWarning) for w in ours), cause
        assert all(w.filename == __file__ for w in ours), (cause, [w.filename for w in ours])


def _sidecar_without_run_fields(path) -> dict:
    """The CSV's sidecar without what differs from run to run (time, command line, commit)."""
    from pfsim.io import RUN_FIELDS

    prov = json.loads(Path(path).with_suffix(".json").read_text())
    prov["csv"].pop("file")
    return {k: v for k, v in prov.items() if k not in RUN_FIELDS}


def test_to_csv_writes_the_bytes_pfsim_run_out_writes(tmp_path):
    import pfsim.cli

    cli_file, method_file = tmp_path / "cli.csv", tmp_path / "method.csv"
    argv = ["run", "--speed", "3,3.5", "--step-rate", "168,175", "--mass", "70", "--height"]
    argv += ["1.75", "--slope-deg", "0,5", "--added-mass", "0,5", "--contact-time", "0.25,0.24"]
    assert pfsim.cli.main([*argv, "--out", str(cli_file)]) == 0
    given = {
        "speed_m_s": [3.0, 3.5],
        "step_rate_spm": [168.0, 175.0],
        "body_mass_kg": [70.0, 70.0],
        "height_m": [1.75, 1.75],
        "slope_deg": [0.0, 5.0],
        "added_mass_kg": [0.0, 5.0],
        "contact_time_s": [0.25, 0.24],
    }
    r = stance(
        **{k: np.array(v) for k, v in given.items()},
        area_fit=STANCE_AREA_FIT,
        model="k",
        extrapolate="nan",
        contact_time_extrapolate="nan",
    )
    out = r.to_csv(method_file, scenario_columns=list(given))
    assert out == method_file
    assert method_file.read_bytes() == cli_file.read_bytes()  # no time or command in the CSV
    assert _sidecar_without_run_fields(method_file) == _sidecar_without_run_fields(cli_file)
    cli_prov = json.loads(cli_file.with_suffix(".json").read_text())
    assert cli_prov["command"] == ["pfsim", *argv, "--out", str(cli_file)]
    assert json.loads(method_file.with_suffix(".json").read_text())["command"] is None  # Python
    lines = cli_file.read_text().splitlines()
    header = lines[0]
    assert header.split(",")[: 2 + len(given)] == ["scenario", "sample", *given]
    assert len(lines) - 1 == 2 * 101
    assert ["0", "0", "3.0", "168.0"] == lines[1].split(",")[:4]
    assert cli_prov["inputs"]["scenario"]["contact_time_s"] == [0.25, 0.24]
    assert cli_prov["units"]["contact_stress_MPa"] == "MPa" and cli_prov["units"]["sample"] == ""


def test_to_csv_writes_the_bytes_pfsim_run_runner_out_writes(tmp_path):
    import pfsim.cli
    from pfsim.runner import load_runner, stance_inputs

    profile = "hip_driven"  # bundled: pfsim.examples
    cli_file, method_file = tmp_path / "cli.csv", tmp_path / "method.csv"
    argv = ["run", "--runner", str(profile), "--slope-deg", "0,5", "--out", str(cli_file)]
    assert pfsim.cli.main(argv) == 0
    kwargs, _report = stance_inputs(load_runner(profile))
    r = stance(**kwargs, slope_deg=np.array([0.0, 5.0]), area_fit=STANCE_AREA_FIT, model="k")
    r.to_csv(
        method_file,
        scenario_columns=["speed_m_s", "slope_deg"],
        inputs={"runner": "hip-driven", "runner_file": str(profile)},
    )
    assert method_file.read_bytes() == cli_file.read_bytes()
    assert _sidecar_without_run_fields(method_file) == _sidecar_without_run_fields(cli_file)


def test_to_csv_defaults_write_every_scenario_column(tmp_path):
    r = stance([3.0, 3.5], 168, 70, 1.75)
    path = r.to_csv(tmp_path / "s.csv")
    text = path.read_text().splitlines()
    assert text[0].split(",")[:11] == ["scenario", "sample", *r.scenario(), "time_s"]
    assert len(text) - 1 == 2 * 101 and not any(ln.startswith("#") for ln in text)
    prov = json.loads(path.with_suffix(".json").read_text())
    assert prov["command"] is None and prov["inputs"]["area_fit"] == STANCE_AREA_FIT
    assert prov["inputs"]["model"] == "k" and prov["inputs"]["scenario_shape"] == [2]


def test_the_former_stance_module_path_still_imports_with_a_deprecation_warning():
    import pfsim.gait as gait
    from pfsim.gait import calibration, leg, model

    with pytest.warns(DeprecationWarning, match="import REFERENCE_SCENARIO from pfsim.gait or"):
        from pfsim.gait.stance import REFERENCE_SCENARIO
    assert REFERENCE_SCENARIO is calibration.REFERENCE_SCENARIO
    with pytest.warns(DeprecationWarning, match="import _joint_load from pfsim.gait.model"):
        from pfsim.gait.stance import _joint_load
    assert _joint_load is model._joint_load
    with pytest.warns(DeprecationWarning) as caught:
        from pfsim.gait.stance import SEGMENT_FRACTIONS, StanceResult, calibrate
    assert all(w.filename == __file__ for w in caught)
    assert (SEGMENT_FRACTIONS, StanceResult, calibrate) == (
        leg.SEGMENT_FRACTIONS,
        model.StanceResult,
        calibration.calibrate,
    )
    assert callable(gait.stance) and gait.stance is model.stance  # the attribute stays the function
    with pytest.raises(ImportError):
        from pfsim.gait.stance import no_such_name  # noqa: F401


@pytest.mark.parametrize(
    ("name", "values"),
    [("knee_share", [0.45, 0.5, 0.55]), ("grf_offset_foot_fraction", [0.1, 0.2, 0.3])],
)
def test_per_scenario_arrays_of_knee_share_and_grf_offset(name, values):
    from pfsim.models import stance_model

    speeds = [3.0, 3.5, 4.0]
    r = stance(speeds, 168, 70, 1.75, **{name: np.array(values)})
    assert r.scenario_shape == (3,)
    m = stance_model(speed_m_s=speeds, **{name: values})
    for i, (v, value) in enumerate(zip(speeds, values, strict=True)):
        one = stance(v, 168, 70, 1.75, **{name: value})
        for key, arr in one.series().items():
            assert np.array_equal(r.series()[key][i], arr, equal_nan=True), key
        single = stance_model(speed_m_s=v, **{name: value})
        for key, x in single.items():
            assert np.array_equal(np.asarray(m[key])[i], x, equal_nan=True), key
    # the array changes the result: not the default broadcast over every scenario
    default = stance(speeds, 168, 70, 1.75)
    assert not np.array_equal(r.knee_extension_moment_Nm, default.knee_extension_moment_Nm)


# --------------------------------------------------------------------------------------------------
# Per-scenario joint-model inputs through stance (review 4: knee_abduction_per_hip_adduction)
# --------------------------------------------------------------------------------------------------
def test_a_ragged_joint_input_is_named():
    with pytest.raises(ValueError, match="q_angle_deg must be a number or an array of numbers"):
        stance([3.0, 3.5], 170.0, 70.0, 1.75, q_angle_deg=[[15.0], [16.0, 17.0]])


@pytest.mark.parametrize("name", ["knee_abduction_per_hip_adduction", "q_angle_deg"])
def test_a_per_scenario_joint_input_without_the_sample_axis_is_named(name):
    """Shape (5,) against 5 scenarios × 101 samples: before, the joint model's message named
    knee_flexion_deg (which the caller never gave) and told to add an axis to it."""
    v = np.linspace(2.5, 4.5, 5)
    value = np.full(5, 0.5 if name.startswith("knee") else 15.0)
    with pytest.raises(
        ValueError,
        match=rf"{name} has shape \(5,\).*np.asarray\({name}\)\[\.\.\., None\] \(shape \(5, 1\)\)",
    ):
        stance(v, 170.0, 70.0, 1.75, **{name: value})


def test_a_scenario_shaped_joint_input_read_per_sample_is_warned_about():
    """101 scenarios and 101 samples: a (101,) coupling broadcasts along the samples and was read
    per sample, silently (peak lateral facet stress off by up to ~1 MPa). Now one warning."""
    from pfsim import PfsimWarning

    v = np.linspace(2.5, 4.5, 101)
    k = np.linspace(0.0, 1.0, 101)
    with pytest.warns(PfsimWarning, match="read as one value per sample, not per scenario"):
        stance(v, 170.0, 70.0, 1.75, knee_abduction_per_hip_adduction=k)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PfsimWarning)
        stance(v, 170.0, 70.0, 1.75, knee_abduction_per_hip_adduction=k[:, None])
        stance(v, 170.0, 70.0, 1.75, n_samples=51, knee_abduction_per_hip_adduction=k[:51])


@settings(max_examples=15, deadline=None)
@given(
    k=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
    hip=st.floats(0.0, 20.0),
)
def test_per_scenario_coupling_equals_one_call_per_scenario(k, hip):
    """Property: a (scenarios, 1) coupling gives, scenario by scenario, the bits of a scalar call,
    and a scalar coupling those of a geometry carrying it (the runner layer's old route)."""
    from dataclasses import replace

    from pfsim.joint.frontal import DEFAULT_FRONTAL_GEOMETRY

    k = np.array(k)
    v = np.linspace(2.6, 4.0, k.size)
    kw = dict(hip_adduction_peak_deg=hip, n_samples=21)
    batch = stance(v, 170.0, 70.0, 1.75, knee_abduction_per_hip_adduction=k[:, None], **kw)
    for i in range(k.size):
        one = stance(v[i], 170.0, 70.0, 1.75, knee_abduction_per_hip_adduction=k[i], **kw)
        geo = replace(DEFAULT_FRONTAL_GEOMETRY, knee_abduction_per_hip_adduction=float(k[i]))
        old = stance(v[i], 170.0, 70.0, 1.75, frontal_geometry=geo, **kw)
        for name in ("lateral_facet_stress_MPa", "contact_stress_MPa"):
            np.testing.assert_array_equal(getattr(batch, name)[i], getattr(one, name), name)
            np.testing.assert_array_equal(getattr(old, name), getattr(one, name), name)
