"""The runner contributor chain vs published effects (issue 12; predictions, nothing tuned). README.md."""

from dataclasses import replace
from pathlib import Path

import pytest

from pfsim.io import read_commented_csv
from pfsim.runner import Assumptions, Runner, preferred_step_rate_spm, profile_report

HERE = Path(__file__).parent
#: Reference runner of the stance model: 3.0 m/s at its preferred step rate (van Oeveren 2019).
F_PREF_SPM = float(preferred_step_rate_spm(3.0))
#: Cheung et al. 2011: foot orthoses reduced calcaneal eversion by 2.24 deg (the input).
ORTHOTIC_EVERSION_DEG = -2.24


def _rows():
    return {r["id"]: r for r in read_commented_csv(HERE / "data.csv")}


def _at_rate(factor, assumptions=None):
    kw = {} if assumptions is None else {"assumptions": assumptions}
    return profile_report(replace(Runner(), step_rate_spm=F_PREF_SPM * factor), **kw)


def _band(row):
    return (float(row["low"]), float(row["high"])) if row["low"] else None


@pytest.mark.parametrize("rid", ["hip_add_p10", "hip_add_p05", "hip_add_m05", "hip_add_m10"])
def test_step_rate_hip_adduction(vcase, rid):
    row = _rows()[rid]
    factor = float(row["step_rate_factor"])
    base = profile_report(Runner())["hip_adduction_peak_deg"]
    change = _at_rate(factor)["hip_adduction_peak_deg"] - base
    band = _band(row)
    ok = vcase(
        case=f"peak hip adduction, step rate {100 * (factor - 1):+.0f} % (3.0 m/s)",
        source=row["source"],
        published=f"{float(row['published']):+.1f} deg",
        pfsim=f"{change:+.2f} deg ({base:.1f} -> {base + change:.1f})",
        tolerance="reported" if band is None else f"{band[0]:g} to {band[1]:g} deg",
        passed=None if band is None else band[0] <= change <= band[1],
    )
    assert ok
    # the mechanism's direction is fixed by the spring-mass: a quicker step, less hip adduction
    assert (change < 0) == (factor > 1)


def test_step_rate_hip_adduction_over_the_exponent_range(vcase):
    row = _rows()["hip_add_p10"]
    lo, hi = Assumptions.ranges()["hip_adduction_step_rate_exponent"]
    spans = []
    for p in (0.5, hi):
        a = Assumptions(hip_adduction_step_rate_exponent=p)
        base = profile_report(Runner(), assumptions=a)["hip_adduction_peak_deg"]
        spans.append(_at_rate(1.10, a)["hip_adduction_peak_deg"] - base)
    vcase(
        case=f"peak hip adduction, +10 % step rate, exponent p = 0.5 and {hi:g} (range {lo:g}-{hi:g})",
        source=row["source"],
        published="-1.7 deg",
        pfsim=f"{spans[0]:+.2f} and {spans[1]:+.2f} deg",
        tolerance="reported (assumption range; p = 0 gives 0)",
        passed=None,
    )


@pytest.mark.xfail(
    strict=True,
    reason="pfsim gives +15.9 % (issue 12: reported honestly, not tuned; see README.md)",
)
def test_lower_step_rate_knee_moment(vcase):
    row = _rows()["knee_moment_m10"]
    lo, hi = _band(row)
    base = profile_report(Runner())["peak_knee_extension_moment_Nm_kg"]
    new = _at_rate(0.90)["peak_knee_extension_moment_Nm_kg"]
    change = 100 * (new / base - 1)
    ok = vcase(
        case="peak knee extension moment, step rate -10 % (3.0 m/s)",
        source=row["source"],
        published=f"+{row['published']} % (2.5 -> 2.7 N m/kg)",
        pfsim=f"{change:+.1f} % ({base:.2f} -> {new:.2f} N m/kg)",
        tolerance=f"+{lo:g} to +{hi:g} %",
        passed=lo <= change <= hi,
    )
    assert ok


def _report_m10(vcase, row, what: str, pfsim: str) -> None:
    """Record a reported variant of the -10 % knee-moment row, next to the asserted row's band."""
    lo, hi = _band(row)
    vcase(
        case=f"peak knee extension moment, step rate -10 %, {what}",
        source=row["source"],
        published=f"+{row['published']} %",
        pfsim=pfsim,
        tolerance=f"reported (the asserted row's band: +{lo:g} to +{hi:g} %)",
        passed=None,
    )


def test_lower_step_rate_knee_moment_with_favourable_inputs(vcase):
    """The -10 % knee moment with the two cited inputs that lower it most, as a what-if (reported).

    - contact time with the duty factor held (``step_rate_exponent=1``, the stance model before
      issue 12) instead of Farley & Gonzalez 1996's exponent 0.65: the smallest force rise;
    - knee flexion at initial contact 16.9 deg, Heiderscheit 2011 Table 3's own -10 % column, instead
      of the 17.8 deg held at every step rate (an intervention value: never a pfsim default).

    Shows how far the row stays from its band even so (README.md). Nothing here is a default.
    """
    from pfsim.gait import REFERENCE_SCENARIO, stance
    from pfsim.gait.springmass import contact_time_s

    row = _rows()["knee_moment_m10"]
    sc = dict(REFERENCE_SCENARIO)
    base = float(stance(**sc).summary()["peak_knee_extension_moment_Nm"])
    sc["step_rate_spm"] = 0.9 * sc["step_rate_spm"]
    tc = float(contact_time_s(sc["speed_m_s"], sc["step_rate_spm"], step_rate_exponent=1.0))
    new = float(
        stance(**sc, contact_time_s=tc, knee_flexion_initial_contact_deg=16.9).summary()[
            "peak_knee_extension_moment_Nm"
        ]
    )
    change = 100 * (new / base - 1)
    default = 100 * (float(stance(**sc).summary()["peak_knee_extension_moment_Nm"]) / base - 1)
    _report_m10(
        vcase,
        row,
        "duty factor held and IC flexion 16.9 deg",
        f"{change:+.1f} % (what-if; with the defaults {default:+.1f} %)",
    )
    assert 0 < change < default


#: Heiderscheit et al. 2011 Table 3, preferred column: mean and SD of the three baseline inputs.
_BASELINE_SD = {
    "knee_flexion_initial_contact_deg": (17.8, 4.0),
    "peak_knee_flexion_deg": (46.3, 4.5),
    "peak_knee_extension_moment_Nm_kg": (2.5, 0.6),
}


def _m10_change_recalibrated(ic_deg, targets):
    """-10 % knee moment change [%] of a leg recalibrated on another baseline."""
    from pfsim.gait import REFERENCE_SCENARIO, calibrate, stance

    c = calibrate(targets=targets, knee_flexion_initial_contact_deg=ic_deg)
    kw = {
        "knee_share": c["knee_share"],
        "grf_offset_foot_fraction": c["grf_offset_foot_fraction"],
        "knee_flexion_initial_contact_deg": ic_deg,
    }
    sc = dict(REFERENCE_SCENARIO)
    base = float(stance(**sc, **kw).summary()["peak_knee_extension_moment_Nm"])
    sc["step_rate_spm"] = 0.9 * sc["step_rate_spm"]
    return 100 * (float(stance(**sc, **kw).summary()["peak_knee_extension_moment_Nm"]) / base - 1)


def test_lower_step_rate_knee_moment_over_the_baseline_spread(vcase):
    """The -10 % knee moment with the leg recalibrated at +-1 SD of each baseline input (reported).

    The two calibrations (knee share, GRF offset) are redone on a baseline moved by one
    between-runner SD of Heiderscheit 2011's preferred column, one input at a time; the
    intervention is then predicted as usual. Shows whether the row's failure is a matter of the
    baseline (README.md). Not a fit: the baseline moves, the effect is read off.
    """
    row = _rows()["knee_moment_m10"]
    flex0 = _BASELINE_SD["peak_knee_flexion_deg"][0]
    mom0 = _BASELINE_SD["peak_knee_extension_moment_Nm_kg"][0]
    ic0 = _BASELINE_SD["knee_flexion_initial_contact_deg"][0]
    changes = []
    for name, (mean, sd) in _BASELINE_SD.items():
        for x in (mean - sd, mean + sd):
            ic = x if name == "knee_flexion_initial_contact_deg" else ic0
            targets = {
                "peak_knee_flexion_deg": x if name == "peak_knee_flexion_deg" else flex0,
                "peak_knee_extension_moment_Nm_kg": (
                    x if name == "peak_knee_extension_moment_Nm_kg" else mom0
                ),
            }
            changes.append(_m10_change_recalibrated(ic, targets))
    _report_m10(
        vcase,
        row,
        "leg recalibrated at +-1 SD of each baseline input",
        f"{min(changes):+.1f} to {max(changes):+.1f} %",
    )
    assert all(c > 0 for c in changes)


def _lateral_change(eversion_deg, assumptions=None):
    kw = {} if assumptions is None else {"assumptions": assumptions}
    a = profile_report(Runner(), **kw)
    b = profile_report(replace(Runner(), rearfoot_eversion_excess_deg=eversion_deg), **kw)
    pct = 100 * (b["peak_lateral_facet_stress_MPa"] / a["peak_lateral_facet_stress_MPa"] - 1)
    return pct, b


@pytest.mark.parametrize(
    ("rid", "eversion_deg"), [("orthotic", ORTHOTIC_EVERSION_DEG), ("pronation", 5.0)]
)
def test_pronation_chain_direction(vcase, rid, eversion_deg):
    row = _rows()[rid]
    pct, b = _lateral_change(eversion_deg)
    vcase(
        case=f"peak lateral facet stress, rearfoot eversion {eversion_deg:+g} deg",
        source=row["source"],
        published=row["published"],
        pfsim=(
            f"{pct:+.1f} % (tibial IR {b['tibial_internal_rotation_peak_deg']:+.2f}, femoral IR "
            f"{b['femoral_internal_rotation_extra_deg']:+.2f} deg)"
        ),
        tolerance="reported (a direction; no stress measured)",
        passed=None,
    )
    # the sign the model's chain dictates: with the femur following less than the whole tibial
    # rotation, the tibia rotates internally relative to the femur and the tubercle moves medially
    assert (pct < 0) == (eversion_deg > 0)
    spans = [
        _lateral_change(eversion_deg, Assumptions(pronation_femoral_share=s))[0] for s in (0.0, 1.0)
    ]
    vcase(
        case=f"same, femoral share 0 and 1 (eversion {eversion_deg:+g} deg)",
        source=row["source"],
        published=row["published"],
        pfsim=f"{spans[0]:+.1f} % and {spans[1]:+.1f} %",
        tolerance="reported (assumption range)",
        passed=None,
    )
    assert abs(spans[1]) < 1e-6  # share 1: the knee's relative rotation does not change


def test_quadriceps_weakness(vcase):
    a = profile_report(Runner())
    b = profile_report(replace(Runner(), quadriceps_strength_rel=0.75))
    vcase(
        case="25 % weaker quadriceps: peak knee flexion and peak mean stress",
        source="seed article (direction); J Athl Train 2021 56(9):960 (ACLR, walking: less flexion)",
        published="more knee flexion under load (seed) / 2.3 deg less (ACLR walking)",
        pfsim=(
            f"{b['peak_knee_flexion_deg'] - a['peak_knee_flexion_deg']:+.1f} deg, stress "
            f"{100 * (b['peak_contact_stress_MPa'] / a['peak_contact_stress_MPa'] - 1):+.1f} %"
        ),
        tolerance="reported (conflicting directions; no running data)",
        passed=None,
    )


def test_orthotic_hip_adduction(vcase):
    """Boldt 2013: a medial wedge changed running hip and knee mechanics little (hip adduction
    excursion -0.6 deg). pfsim has no pronation -> hip adduction link (pronation_mechanism)."""
    row = _rows()["orthotic_hip"]
    a = profile_report(Runner())
    b = profile_report(replace(Runner(), rearfoot_eversion_excess_deg=ORTHOTIC_EVERSION_DEG))
    change = b["hip_adduction_peak_deg"] - a["hip_adduction_peak_deg"]
    vcase(
        case="peak hip adduction with an orthotic (-2.24 deg eversion)",
        source=row["source"],
        published=f"{row['published']} deg (excursion; 6 deg medial wedge)",
        pfsim=f"{change:+.2f} deg (no pronation -> hip link)",
        tolerance="reported (the link is not modelled)",
        passed=None,
    )
    assert change == 0.0


def test_step_rate_hip_abduction_moment(vcase):
    """The demand side of the hip mechanism depends on speed only (peak vertical force at a held duty
    factor); Heiderscheit measured -0.1 N m/kg at +10 %. Reported: the gap is recorded, not closed."""
    row = _rows()["hip_moment_p10"]
    a = profile_report(Runner())["hip_abduction_moment_demand_Nm_kg"]
    b = _at_rate(1.10)["hip_abduction_moment_demand_Nm_kg"]
    vcase(
        case="peak hip abduction moment demand, step rate +10 %",
        source=row["source"],
        published="-0.1 N m/kg (1.8 -> 1.7)",
        pfsim=f"{b - a:+.2f} N m/kg ({a:.2f} -> {b:.2f})",
        tolerance="reported",
        passed=None,
    )
