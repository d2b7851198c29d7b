"""pfsim.runner: profile, TOML errors, each contributor's mechanism in its documented direction."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

import pfsim.runner as pr
from pfsim.gait import KNEE_SHARE_OF_LEG_COMPRESSION, REFERENCE_SCENARIO, STANCE_AREA_FIT, stance
from pfsim.gait.springmass import duty_factor
from pfsim.runner import (
    Assumptions,
    Runner,
    hip_abduction_demand_rel,
    hip_external_rotation_demand_rel,
    load_runner,
    profile_report,
    retrain_gait,
    simulate,
    stance_inputs,
    step_rate_at_speed_spm,
    strengthen,
)

RUNNERS = Path(__file__).resolve().parents[2] / "pfsim" / "examples" / "runners"


def report(**changes):
    return profile_report(replace(Runner(), **changes))


# --- defaults
def test_default_runner_is_the_stance_reference_runner():
    r = Runner()
    assert r.body_mass_kg == REFERENCE_SCENARIO["body_mass_kg"]
    assert r.height_m == REFERENCE_SCENARIO["height_m"]
    assert r.speed_m_s == REFERENCE_SCENARIO["speed_m_s"]
    # van Oeveren 2019: 2 x (75.01 + 3.006 x 3.0) = 168.06 steps/min vs the reference 168
    assert r.resolved_step_rate_spm == pytest.approx(168.056)
    rep = profile_report(r)
    # mechanisms at the norm give the stance model's cited baselines exactly
    assert rep["hip_adduction_peak_deg"] == pytest.approx(10.4)  # Heiderscheit 2011 Table 3
    assert rep["pelvic_drop_peak_deg"] == pytest.approx(3.7)  # Bramah 2018
    assert rep["femoral_internal_rotation_peak_deg"] == pytest.approx(4.4)  # Bramah 2018
    assert rep["tibial_internal_rotation_peak_deg"] == 0.0
    assert rep["hip_abductor_utilisation_rel"] == pytest.approx(1.0)
    assert rep["quadriceps_demand_rel"] == pytest.approx(1.0, abs=0.005)
    base = stance(**REFERENCE_SCENARIO).summary()
    assert rep["peak_contact_stress_MPa"] == pytest.approx(base.peak_contact_stress_MPa, rel=2e-3)


def test_every_default_is_cited_or_marked_as_an_assumption():
    doc = Runner.__doc__
    for f in fields(Runner):
        assert f.name in doc, f"{f.name} undocumented in Runner"
    # each attribute block of the docstring names a source or says assumption
    blocks = re.split(r"\n    (?=\w[\w, ]* : )", doc.split("Attributes")[1])
    for block in blocks[1:]:
        assert re.search(
            r"assumption|REFERENCES|\d{4}|PMID|Aglietti|reference runner|label|Only rear|Whether"
            r"|Q_ANGLE_NORMS",
            block,
            re.I,
        ), block[:80]
    for f in fields(Assumptions):
        assert f.name in Assumptions.__doc__
        lo, hi = f.metadata["range"]
        assert lo <= f.default <= hi
        assert f.metadata["doc"]
    assert set(Assumptions.ranges()) == {f.name for f in fields(Assumptions)}


def test_bundled_profiles_load():
    names = {p.stem: load_runner(p) for p in RUNNERS.glob("*.toml")}
    assert {"healthy", "hip_driven", "load_driven"} <= set(names)
    assert names["healthy"] == replace(Runner(), name="healthy reference")
    assert names["hip_driven"].hip_abductor_strength_rel < 1
    assert names["load_driven"].hip_abductor_strength_rel >= 1


def test_toml_round_trip(tmp_path):
    r = replace(Runner(), hip_abductor_strength_rel=0.7, gait_retrained=True, q_angle_deg=18.0)
    p = tmp_path / "r.toml"
    p.write_text(r.to_toml())
    assert load_runner(p) == r


# --- malformed TOML: file, key, allowed values; nothing written
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[strength]\nhip_abductors = 0.8\n",
            r"unknown key 'hip_abductors' in \[strength\].*allowed keys",
        ),
        (
            "[strenght]\nhip_abductor_strength_rel = 0.8\n",
            r"unknown section \[strenght\].*\[strength\]",
        ),
        (
            '[strength]\nhip_abductor_strength_rel = "weak"\n',
            r"hip_abductor_strength_rel.*wrong type.*0.62 to 2",
        ),
        (
            "[strength]\nhip_abductor_strength_rel = 5.0\n",
            r"hip_abductor_strength_rel = 5.0 is out of range.*0.62 to 2",
        ),
        (
            "[running]\ngait_retrained = 1\n",
            r"gait_retrained = 1: wrong type; allowed: true or false",
        ),
        (
            '[running]\nfoot_strike = "forefoot"\n',
            r"foot_strike = 'forefoot' is not allowed.*\"rearfoot\"",
        ),
        (
            "[anthropometry]\nbody_mass_kg = 70\nheight_m = 175\n",
            r"height_m = 175 is out of range.*1.4 to 2.1",
        ),
        (
            "[running]\nspeed_m_s = 3.0\n[profile]\nspeed_m_s = 3\n",
            r"speed_m_s.*belongs in \[running\]",
        ),
        ("[training]\nhill_share = 0.7\nspeed_work_share = 0.5\n", r"at most 1"),
        (
            "speed_m_s = 3.0\n[running]\nstep_rate_spm = 170\n",
            r"top-level key 'speed_m_s' = 3.0 outside any section; put it under \[running\]",
        ),
        (
            'colour = "red"\n',
            r"top-level key 'colour' = 'red' outside any section; allowed keys sit in the "
            r"sections \[profile\], \[anthropometry\]",
        ),
        ("[strength\n", r"not a valid TOML file \(.*line 1.*\); correct the runner file"),
    ],
)
def test_malformed_toml_names_file_key_and_allowed(tmp_path, text, expected):
    p = tmp_path / "bad_runner.toml"
    p.write_text(text)
    before = sorted(tmp_path.iterdir())
    with pytest.raises(ValueError, match=expected) as info:
        load_runner(p)
    assert str(p) in str(info.value)
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_missing_file():
    with pytest.raises(ValueError, match="not found"):
        load_runner("no/such/runner.toml")


def test_runner_is_frozen_and_checks_values():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Runner().body_mass_kg = 80.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="vmo_activation"):
        Runner(vmo_activation=-1.0)
    with pytest.raises(ValueError, match="Assumptions.hill_slope_deg"):
        Assumptions(hill_slope_deg=30.0)


# --- each contributor, in its documented direction
def test_weaker_hip_abductors_more_adduction_more_lateral_facet_stress():
    reps = [report(hip_abductor_strength_rel=s) for s in (1.3, 1.0, 0.8, 0.65)]
    add = [r["hip_adduction_peak_deg"] for r in reps]
    drop = [r["pelvic_drop_peak_deg"] for r in reps]
    lat = [r["peak_lateral_facet_stress_MPa"] for r in reps]
    assert np.all(np.diff(add) > 0) and np.all(np.diff(drop) > 0)
    assert np.all(np.diff(lat) > 0)
    # hand check, exponent 1: 10.4 / 0.8 = 13.0 deg
    assert add[2] == pytest.approx(13.0)
    # the sagittal chain is untouched: mean stress identical
    assert len({round(r["peak_contact_stress_MPa"], 9) for r in reps}) == 1


def test_exponent_zero_makes_strength_irrelevant_to_kinematics():
    a0 = Assumptions(strength_kinematics_exponent=0.0)
    k1, _ = stance_inputs(replace(Runner(), hip_abductor_strength_rel=0.65), assumptions=a0)
    k0, _ = stance_inputs(Runner(), assumptions=a0)
    assert k1["hip_adduction_peak_deg"] == k0["hip_adduction_peak_deg"]


def test_faster_running_raises_hip_abduction_demand():
    k, rep = stance_inputs(Runner(), speed_m_s=np.array([2.5, 3.0, 4.0]))
    assert np.all(np.diff(rep["hip_abduction_moment_demand_Nm_kg"]) > 0)
    assert rep["hip_abduction_moment_demand_Nm_kg"][1] == pytest.approx(1.8)


def test_weaker_external_rotators_more_femoral_internal_rotation():
    a = report(hip_external_rotator_strength_rel=1.0)["femoral_internal_rotation_peak_deg"]
    b = report(hip_external_rotator_strength_rel=0.7)["femoral_internal_rotation_peak_deg"]
    assert b > a


def test_more_pronation_more_tibial_internal_rotation():
    reps = [report(rearfoot_eversion_excess_deg=e) for e in (0.0, 3.0, 6.0)]
    tib = [r["tibial_internal_rotation_peak_deg"] for r in reps]
    assert tib == pytest.approx([0.0, 0.68 * 3, 0.68 * 6])  # coupling 0.68 (PMC5987802)
    r = simulate(replace(Runner(), rearfoot_eversion_excess_deg=6.0))
    assert np.max(r.tibial_internal_rotation_deg) == pytest.approx(0.68 * 6, rel=1e-3)


def test_more_lateral_tightness_more_lateral_shift():
    reps = [report(lateral_retinaculum_N=t) for t in (0.0, 30.0, 60.0)]
    shift = [r["peak_lateral_shift_mm"] for r in reps]
    lat = [r["peak_lateral_facet_stress_MPa"] for r in reps]
    assert np.all(np.diff(shift) > 0) and np.all(np.diff(lat) > 0)


def test_less_vmo_more_lateral_shift_and_lateral_facet_stress():
    a, b = report(vmo_activation=1.0), report(vmo_activation=0.5)
    assert b["peak_lateral_shift_mm"] > a["peak_lateral_shift_mm"]
    assert b["peak_lateral_facet_stress_MPa"] > a["peak_lateral_facet_stress_MPa"]


def test_larger_q_angle_more_lateral_facet_stress_and_sex_default():
    assert replace(Runner(), sex="female").resolved_q_angle_deg == 17.0
    assert replace(Runner(), sex="male").resolved_q_angle_deg == 14.0
    a, b = report(sex="male"), report(sex="female")
    assert b["peak_lateral_facet_stress_MPa"] > a["peak_lateral_facet_stress_MPa"]


def test_weaker_quadriceps_more_knee_flexion_under_load_and_more_stress():
    """Issue 12: quadriceps strength reaches knee flexion under load (quadriceps_mechanism)."""
    a, b = report(quadriceps_strength_rel=1.0), report(quadriceps_strength_rel=0.75)
    s0 = KNEE_SHARE_OF_LEG_COMPRESSION  # calibrated: 0.44224
    assert b["knee_share"] == pytest.approx(s0 * (4 / 3) / (s0 * (4 / 3) + 1 - s0))
    for k in ("peak_knee_flexion_deg", "peak_contact_stress_MPa", "peak_lateral_facet_stress_MPa"):
        assert b[k] > a[k]
    # the demand ratio is still reported (moment / 2.5 / strength)
    assert b["quadriceps_demand_rel"] == pytest.approx(
        b["peak_knee_extension_moment_Nm_kg"] / 2.5 / 0.75
    )
    # exponent 0: strength does not reach the knee
    a0 = Assumptions(quadriceps_kinematics_exponent=0.0)
    k1, _ = stance_inputs(replace(Runner(), quadriceps_strength_rel=0.5), assumptions=a0)
    k0, _ = stance_inputs(Runner(), assumptions=a0)
    assert k1["knee_share"] == k0["knee_share"]


# --- Willy & Davis 2011: strength and retraining are separate levers
def test_strengthening_without_retraining_changes_no_stance_kinematics():
    weak = replace(Runner(), hip_abductor_strength_rel=0.7, hip_external_rotator_strength_rel=0.7)
    strong = strengthen(weak, hip_abductor_factor=1.4, hip_external_rotator_factor=1.4)
    assert strong.hip_abductor_strength_rel == pytest.approx(0.98)
    a, b = simulate(weak), simulate(strong)
    for name in (
        "knee_flexion_deg",
        "hip_adduction_deg",
        "femoral_internal_rotation_deg",
        "tibial_internal_rotation_deg",
        "lateral_facet_stress_MPa",
    ):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    # ... while the reported capacity rose
    assert (
        profile_report(strong)["hip_abductor_capacity_rel"]
        > profile_report(weak)["hip_abductor_capacity_rel"]
    )
    # retraining lets the new strength set the kinematics
    c = simulate(retrain_gait(strong))
    assert np.max(c.hip_adduction_deg) < np.max(a.hip_adduction_deg)
    assert np.max(c.lateral_facet_stress_MPa) < np.max(a.lateral_facet_stress_MPa)


def test_simulate_broadcasts_speeds_and_slopes_and_refuses_profile_overrides():
    r = simulate(Runner(), speed_m_s=np.array([2.5, 3.0, 3.5])[:, None], slope_deg=[-3.0, 0.0, 3.0])
    assert r.scenario_shape == (3, 3)
    with pytest.raises(ValueError, match="come from the runner profile"):
        simulate(Runner(), body_mass_kg=80.0)


def test_module_doc_lists_one_mechanism_per_contributor():
    for fn in (
        pr.static_q_angle_deg,
        pr.hip_abductor_mechanism,
        pr.hip_external_rotator_mechanism,
        pr.pronation_mechanism,
        pr.quadriceps_demand_rel,
        pr.vmo_mechanism,
        pr.lateral_tightness_mechanism,
    ):
        assert fn.__name__ in pr.__doc__
        assert fn.__doc__ and len(fn.__doc__) > 100


# --- audit of issue 5: the reported femoral rotation, the assumed relations as swept assumptions
def test_reported_femoral_rotation_is_what_the_stance_model_receives():
    r = replace(Runner(), rearfoot_eversion_excess_deg=6.0)
    a = Assumptions(pronation_femoral_share=0.5)
    kwargs, rep = stance_inputs(r, assumptions=a)
    # 4.4 deg (Bramah 2018, rotators at the norm) + 0.5 x 0.68 x 6 deg (pronation share)
    assert rep["femoral_internal_rotation_peak_deg"] == pytest.approx(4.4 + 0.5 * 0.68 * 6)
    assert rep["femoral_internal_rotation_peak_deg"] == kwargs["hip_internal_rotation_peak_deg"]
    assert rep["femoral_internal_rotation_rotators_deg"] == pytest.approx(4.4)
    res = simulate(r, assumptions=a)
    assert np.max(res.femoral_internal_rotation_deg) == pytest.approx(4.4 + 2.04, rel=1e-3)
    assert profile_report(r, assumptions=a)["femoral_internal_rotation_peak_deg"] == pytest.approx(
        6.44
    )


def test_hip_demand_exponents_set_how_demand_follows_the_vertical_force():
    v = np.array([2.5, 3.0, 4.0])
    grf = duty_factor(3.0) / duty_factor(v)  # peak vertical GRF relative to 3.0 m/s
    np.testing.assert_allclose(hip_abduction_demand_rel(v), grf)
    a = Assumptions(hip_demand_grf_exponent=0.0, external_rotator_demand_grf_exponent=2.0)
    np.testing.assert_allclose(hip_abduction_demand_rel(v, assumptions=a), 1.0)
    np.testing.assert_allclose(hip_external_rotation_demand_rel(v, assumptions=a), grf**2)
    _, rep = stance_inputs(Runner(), speed_m_s=v, assumptions=a)
    np.testing.assert_allclose(rep["hip_adduction_peak_deg"], 10.4)  # demand fixed: no change
    assert np.all(np.diff(rep["femoral_internal_rotation_peak_deg"]) > 0)  # 4.4 x grf^2


def test_step_rate_speed_exponent():
    f_pref = 2 * (75.01 + 3.006 * np.array([3.0, 4.0]))  # van Oeveren 2019
    scale = f_pref[1] / f_pref[0]
    # default: the runner's ratio to the preferred rate (180 / 168.06) is kept at 4 m/s
    assert step_rate_at_speed_spm(4.0, 3.0, 180.0) == pytest.approx(180.0 * scale)
    assert step_rate_at_speed_spm(4.0, 3.0, 180.0) / f_pref[1] == pytest.approx(180.0 / f_pref[0])
    a0 = Assumptions(step_rate_speed_exponent=0.0)
    assert step_rate_at_speed_spm(4.0, 3.0, 180.0, assumptions=a0) == pytest.approx(180.0)
    a2 = Assumptions(step_rate_speed_exponent=2.0)
    assert step_rate_at_speed_spm(4.0, 3.0, 180.0, assumptions=a2) == pytest.approx(
        180.0 * scale**2
    )
    # at the runner's own speed the runner's rate, whatever the exponent
    assert step_rate_at_speed_spm(3.0, 3.0, 180.0, assumptions=a2) == pytest.approx(180.0)
    r = replace(Runner(), step_rate_spm=180.0)
    k, _ = stance_inputs(r, speed_m_s=np.array([4.0]), assumptions=a0)
    assert k["step_rate_spm"] == pytest.approx([180.0])


def test_bramah_2018_citation_is_the_pubmed_record():
    # Am J Sports Med 2018;46(12):3023-3031, doi:10.1177/0363546518793657 (PMID 30193080)
    assert "46(12):3023-3031" in pr.__doc__ and "10.1177/0363546518793657" in pr.__doc__


def test_sweep_runner_model_is_the_profile_mapping():
    # The sweep's "runner" model and pfsim.simulate compose the same mechanisms (one function,
    # pr.mechanism_inputs): a weak-hip, pronated, tight, low-VMO profile gives the same peaks.
    from pfsim.models import runner_model

    r = replace(
        pr.Runner(),
        hip_abductor_strength_rel=0.7,
        hip_external_rotator_strength_rel=0.8,
        rearfoot_eversion_excess_deg=6.0,
        vmo_activation=0.6,
        lateral_retinaculum_N=40.0,
    )
    s = pr.simulate(r).summary()
    _, report = pr.stance_inputs(r)
    out = runner_model(
        hip_abductor_strength_rel=0.7,
        hip_external_rotator_strength_rel=0.8,
        rearfoot_eversion_excess_deg=6.0,
        vmo_activation=0.6,
        lateral_tightness_N=40.0,
        body_mass_kg=r.body_mass_kg,
        height_m=r.height_m,
        speed_m_s=r.speed_m_s,
        step_rate_spm=r.resolved_step_rate_spm,
        q_angle_deg=r.resolved_q_angle_deg,
        area_fit=STANCE_AREA_FIT,
    )
    assert float(out["peak_lateral_facet_stress_MPa"]) == pytest.approx(
        float(s.peak_lateral_facet_stress_MPa), rel=1e-9
    )
    assert float(out["femoral_internal_rotation_peak_deg"]) == pytest.approx(
        float(report["femoral_internal_rotation_peak_deg"]), rel=1e-12
    )


def test_a_profile_beyond_the_joint_model_names_its_key():
    # within the profile's range, but with a steeper (non-default) strength-kinematics assumption
    weak = replace(pr.Runner(), hip_abductor_strength_rel=0.65, speed_m_s=4.0)
    steep = replace(pr.DEFAULT_ASSUMPTIONS, strength_kinematics_exponent=2.0)
    with pytest.raises(ValueError, match=r"hip adduction of 32\.1°.*hip_abductor_strength_rel"):
        pr.simulate(weak, assumptions=steep)


def test_one_preferred_step_rate_relation():
    """pfsim.models uses the runner's relation (one implementation, one citation: J Sports Sci 2019)."""
    import pfsim.models as models

    assert models.preferred_step_rate_spm is pr.preferred_step_rate_spm
    assert "preferred_step_rate_spm" in models.__all__
    c = models.VAN_OEVEREN_2019  # the data table of pfsim.models agrees with the function
    v = np.array([1.64, 3.0, 4.68])
    np.testing.assert_array_equal(
        pr.preferred_step_rate_spm(v),
        2.0 * (c["intercept_strides_min"] + c["slope_strides_min_per_m_s"] * v),
    )
    assert "J Sports Sci 37(17):1996-2006" in pr.__doc__
    assert "J Sports Sci 37(17):1996-2006" in pr.preferred_step_rate_spm.__doc__


# --- one name per quantity: the profile's lateral tension is the joint's lateral_retinaculum_N
def test_lateral_tightness_N_is_a_deprecated_name_of_lateral_retinaculum_N(tmp_path):
    r = Runner(lateral_retinaculum_N=40.0)
    with pytest.warns(DeprecationWarning, match="use lateral_retinaculum_N") as rec:
        assert r.lateral_tightness_N == 40.0  # old attribute
    assert rec[0].filename == __file__  # attributed to the caller's line
    with pytest.warns(DeprecationWarning, match="lateral_tightness_N is deprecated"):
        old = Runner(lateral_tightness_N=40.0)  # old keyword
    assert old == r
    with pytest.warns(DeprecationWarning):
        assert replace(Runner(), lateral_tightness_N=40.0) == r  # dataclasses.replace too
    assert "lateral_tightness_N" not in r.to_dict() and "lateral_tightness_N" not in r.to_toml()
    assert "lateral_retinaculum_N = 40.0" in r.to_toml()
    # the old TOML key loads, with a warning that names the file and the new key
    p = tmp_path / "old.toml"
    p.write_text("[lateral]\nlateral_tightness_N = 40.0\n")
    with pytest.warns(
        DeprecationWarning, match=r"old.toml: \[lateral\].*use lateral_retinaculum_N"
    ):
        assert load_runner(p) == r
    p.write_text("[lateral]\nlateral_tightness_N = 40.0\nlateral_retinaculum_N = 40.0\n")
    with pytest.raises(
        ValueError, match="gives both lateral_tightness_N and lateral_retinaculum_N"
    ):
        load_runner(p)
    p.write_text("[lateral]\nlateral_tightness_N = 400.0\n")
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="out of range"):
        load_runner(p)


def test_new_name_gives_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = load_runner(RUNNERS / "healthy.toml")
        simulate(replace(r, lateral_retinaculum_N=20.0))


def test_every_public_name_is_importable_from_pfsim_runner():
    import importlib

    for name in pr.__all__:
        assert getattr(pr, name) is not None
    for sub in ("assumptions", "profile", "mechanisms", "simulate"):
        mod = importlib.import_module(f"pfsim.runner.{sub}")
        for name in mod.__all__:
            assert getattr(pr, name) is getattr(mod, name)


def test_runner_model_samples_all_gives_profile_report_numbers():
    """``runner_model(samples="all")`` evaluates every stance sample, as profile_report does."""
    from dataclasses import replace

    from pfsim.models import runner_model
    from pfsim.runner import Runner, profile_report

    profiles = [
        replace(Runner(), step_rate_spm=168.0),
        replace(
            Runner(),
            hip_abductor_strength_rel=0.75,
            quadriceps_strength_rel=0.8,
            step_rate_spm=175.0,
        ),
        replace(Runner(), vmo_activation=0.7, lateral_tightness_N=40.0, step_rate_spm=160.0),
    ]
    fields = (
        "hip_abductor_strength_rel", "quadriceps_strength_rel", "vmo_activation",
        "lateral_tightness_N",
    )  # fmt: skip
    kw = {f: np.array([getattr(p, f) for p in profiles]) for f in fields}
    out = runner_model(
        **kw, step_rate_spm=np.array([p.step_rate_spm for p in profiles]), samples="all"
    )
    for i, p in enumerate(profiles):
        rep = profile_report(p)
        for key in (
            "peak_contact_stress_MPa", "peak_lateral_facet_stress_MPa",
            "stress_time_integral_per_km_MPa_s", "peak_knee_extension_moment_Nm_kg",
        ):  # fmt: skip
            np.testing.assert_allclose(out[key][i], rep[key], rtol=1e-12, err_msg=key)
        assert out["peak_hip_adduction_deg"][i] == pytest.approx(
            rep["hip_adduction_peak_deg"], rel=1e-12
        )
