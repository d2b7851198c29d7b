"""pfsim analyze: the Sobol' indices of a saved Saltelli sweep equal those of sobol_analysis."""

import json

import numpy as np
import pytest

from pfsim.cli import main
from pfsim.models import resolve_model
from pfsim.sweep import Problem, run_sweep, saltelli_design, sobol_analysis, sobol_design
from pfsim.sweep.functions import ishigami, ishigami_problem

COLUMNS = (
    "first_order",
    "first_order_low",
    "first_order_high",
    "total_order",
    "total_order_low",
    "total_order_high",
)

STANCE_SALTELLI = """
name = "stance_sobol"
model = "stance"

[model_options]
n_samples = 31

[outputs]
peak_contact_stress_MPa = "MPa"
stress_time_integral_per_km_MPa_s = "MPa·s/km"

[design]
method = "saltelli"
n = 16
seed = 5

[constants]
body_mass_kg = 70.0
height_m = 1.75

[inputs.speed_m_s]
unit = "m/s"
bounds = [2.5, 3.5]

[inputs.step_rate_change_pct]
unit = "%"
bounds = [-10.0, 10.0]

[inputs.hip_adduction_peak_deg]
unit = "deg"
bounds = [7.0, 15.0]
"""


def analyze_json(capsys, *argv, warning=""):
    code = main(["analyze", *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == (f"pfsim analyze: warning: {warning}\n" if warning else ""), err
    return json.loads(out)


def assert_same_indices(payload, table):
    rows = payload["indices"]
    assert [r["output"] for r in rows] == table["output"]
    assert [r["input"] for r in rows] == table["input"]
    for k in COLUMNS:
        got = np.array([np.nan if r[k] is None else r[k] for r in rows])
        np.testing.assert_array_equal(got, table[k])  # bit for bit (JSON floats round-trip)


def test_analyze_reproduces_sobol_analysis_of_ishigami(tmp_path, capsys):
    # sample + evaluate, saved to CSV; analyse from the file in the CLI; compare with the one call
    p = ishigami_problem()
    csv = tmp_path / "ishigami.csv"
    run_sweep(ishigami, saltelli_design(p, 256, rng=7), csv_path=csv)
    payload = analyze_json(capsys, csv)
    ref = sobol_analysis(ishigami, p, n=256, rng=7)
    assert_same_indices(payload, ref)
    assert np.isfinite(ref["total_order_low"]).all()  # the intervals are compared too, not NaN
    assert payload["design"] == "saltelli" and payload["problem"] == "ishigami"
    for k in ("n_base", "evaluations", "seed", "confidence_level", "n_resamples", "output_units"):
        assert payload[k] == ref.meta[k], k
    # another level and number of resamples are passed through
    payload = analyze_json(capsys, csv, "--confidence-level", "0.9", "--n-resamples", "200")
    assert_same_indices(
        payload, sobol_analysis(ishigami, p, n=256, rng=7, confidence_level=0.9, n_resamples=200)
    )


def test_analyze_after_pfsim_sweep_with_a_saltelli_design(tmp_path, capsys):
    problem_file = tmp_path / "stance_sobol.toml"
    problem_file.write_text(STANCE_SALTELLI, encoding="utf-8")
    assert main(["sweep", str(problem_file), "--out", str(tmp_path / "out"), "--json"]) == 0
    swept = json.loads(capsys.readouterr().out)
    assert swept["design"] == "saltelli" and swept["scenarios"] == 16 * (3 + 2)
    # the peak stress does not depend on the hip adduction (total index 0): scipy's one warning,
    # and NaN intervals for that input, as in sobol_analysis
    degenerate = "The BCa confidence interval cannot be calculated."
    payload = analyze_json(
        capsys,
        swept["csv"],
        "--output",
        "peak_contact_stress_MPa",
        warning=degenerate + " This problem is known to occur when the distribution is "
        "degenerate or the statistic is np.min.",
    )
    problem = Problem.from_toml(problem_file)
    with pytest.warns(Warning, match=degenerate):
        ref = sobol_analysis(
            resolve_model("stance", problem.model_options),
            problem,
            n=16,
            rng=5,
            outputs=["peak_contact_stress_MPa"],
        )
    assert_same_indices(payload, ref)
    assert ref["total_order"][2] == 0 and np.isnan(ref["total_order_low"][2])
    # text: a header line naming the file and design, then one line per input
    assert main(["analyze", swept["csv"]]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pfsim analyze: Sobol' indices of 'stance_sobol' from ")
    assert "n = 16 base samples, 80 scenarios, seed 5; 95 % BCa intervals" in out[0]
    assert "peak_contact_stress_MPa [MPa]" in out and out[6].startswith(
        "stress_time_integral_per_km_MPa_s"
    )
    assert len(out) == 2 * (2 + 3) + 1


def one_error_line(capsys, argv):
    code = main(["analyze", *map(str, argv)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_a_sweep_that_is_not_saltelli_is_refused_with_the_fix(tmp_path, capsys):
    csv = tmp_path / "sob.csv"
    run_sweep(ishigami, sobol_design(ishigami_problem(), 64, rng=1), csv_path=csv)
    err = one_error_line(capsys, [csv])
    assert err.startswith("pfsim analyze: error: this sweep is a 'sobol' design")
    assert '[design] method = "saltelli"' in err


@pytest.mark.parametrize(
    "edit, must_say",
    [
        (lambda csv: csv.with_suffix(".json").unlink(), "has no sidecar ishigami.json"),
        (lambda csv: csv.write_text(csv.read_text()[:-20]), "is not the file its sidecar"),
    ],
)
def test_missing_sidecar_or_edited_csv_is_one_line(tmp_path, capsys, edit, must_say):
    csv = tmp_path / "ishigami.csv"
    run_sweep(ishigami, saltelli_design(ishigami_problem(), 16, rng=1), csv_path=csv)
    edit(csv)
    assert must_say in one_error_line(capsys, [csv])


def test_unknown_output_names_the_outputs(tmp_path, capsys):
    csv = tmp_path / "ishigami.csv"
    run_sweep(ishigami, saltelli_design(ishigami_problem(), 16, rng=1), csv_path=csv)
    err = one_error_line(capsys, [csv, "--output", "z"])
    assert "--output 'z' is not an output of this sweep; its outputs are y" in err
