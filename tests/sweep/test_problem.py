"""Sweep problems: Python and TOML specifications, round trip, hashes, and errors that teach."""

import numpy as np
import pytest
import scipy.stats

from pfsim.sweep import Input, Problem, ProblemError

GOOD_TOML = """
name = "cadence"
description = "step rate at three speeds"

[outputs]
peak_stress_MPa = "MPa"

[design]
method = "sobol"
n = 64
seed = 7

[constants]
body_mass_kg = 70.0

[inputs.step_rate_spm]
unit = "steps/min"
bounds = [150.0, 190.0]
baseline = 170.0

[inputs.speed_m_s]
unit = "m/s"
levels = [2.5, 3.0, 3.5]

[inputs.quad_strength_Nm_kg]
unit = "N·m/kg"
distribution = { name = "norm", loc = 3.0, scale = 0.4 }
num = 4
"""


def write(tmp_path, text, name="p.toml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_toml_reads_every_kind_of_input(tmp_path):
    p = Problem.from_toml(write(tmp_path, GOOD_TOML))
    assert p.names == ("step_rate_spm", "speed_m_s", "quad_strength_Nm_kg")
    assert [i.kind for i in p.inputs] == ["bounds", "levels", "distribution"]
    assert p.constants == {"body_mass_kg": 70.0}
    assert p.outputs == {"peak_stress_MPa": "MPa"}
    assert p.design == {"method": "sobol", "n": 64, "seed": 7}
    assert p["quad_strength_Nm_kg"].distribution == {"name": "norm", "loc": 3.0, "scale": 0.4}
    assert p.units["speed_m_s"] == "m/s"


def test_toml_round_trip_gives_equal_problem_and_hash(tmp_path):
    p = Problem.from_toml(write(tmp_path, GOOD_TOML))
    q = Problem.from_toml(p.write_toml(tmp_path / "again.toml"))
    assert q == p
    assert q.sha256 == p.sha256
    assert q.to_toml() == p.to_toml()


def test_python_and_toml_give_the_same_hash(tmp_path):
    p = Problem.from_toml(write(tmp_path, GOOD_TOML))
    q = Problem(
        [
            Input("step_rate_spm", unit="steps/min", bounds=(150, 190), baseline=170),
            Input("speed_m_s", unit="m/s", levels=[2.5, 3.0, 3.5]),
            # a frozen scipy distribution is normalised to the same spec as the TOML table
            Input(
                "quad_strength_Nm_kg",
                unit="N·m/kg",
                distribution=scipy.stats.norm(3.0, 0.4),
                num=4,
            ),
        ],
        constants={"body_mass_kg": 70},
        outputs={"peak_stress_MPa": "MPa"},
        name="cadence",
        description="step rate at three speeds",
        design={"method": "sobol", "n": 64, "seed": 7},
    )
    assert q.sha256 == p.sha256


def test_hash_is_stable_and_changes_with_the_problem():
    p = Problem([Input("x", bounds=(0, 1))])
    # Fixed digest: the canonical JSON of the resolved problem must not drift between versions,
    # or every saved checkpoint and provenance record would stop matching.
    assert p.sha256 == "0047a29959e237a1fbdb377f9f3d2604f8d0620b7f438862d3b68b2a26312494"
    assert p.sha256 == Problem([Input("x", bounds=(0.0, 1.0))]).sha256
    assert p.sha256 != Problem([Input("x", bounds=(0, 2))]).sha256
    assert p.sha256 != Problem([Input("x", bounds=(0, 1), unit="m")]).sha256


def test_baselines_default_to_the_centre():
    assert Input("a", levels=[1, 5, 9]).baseline_value == 5.0
    assert Input("b", bounds=(2, 4)).baseline_value == 3.0
    assert Input("c", distribution=scipy.stats.norm(7, 2)).baseline_value == pytest.approx(7.0)


@pytest.mark.parametrize(
    "text, must_say",
    [
        ('nmae = "typo"\n[inputs.x]\nbounds = [0.0, 1.0]', ["'nmae'", "allowed keys are name"]),
        ("[inputs.x]\nbound = [0.0, 1.0]", ["[inputs.x]", "'bound'", "allowed keys", "bounds"]),
        ('[inputs.x]\nunit = "m"', ["[inputs.x]", "exactly one of 'levels', 'bounds'"]),
        ("[inputs.x]\nbounds = [2.0, 1.0]", ["[inputs.x]", "lower bound must be less"]),
        ("[inputs.x]\nbounds = [1.0, 1.0]", ["lower bound must be less"]),
        ("[inputs.x]\nbounds = [0.0]", ["'bounds' must be [lower, upper]"]),
        ('[inputs.x]\nbounds = ["a", 1.0]', ["'bounds' must be a number", "str"]),
        ("[inputs.x]\nlevels = 3", ["'levels' must be a list"]),
        ("[inputs.x]\nlevels = [1.0, 1.0]", ["repeated"]),
        ("[inputs.x]\nunit = 3\nbounds = [0.0, 1.0]", ["'unit' must be a string"]),
        (
            '[inputs.x]\ndistribution = { name = "normal", loc = 0.0 }',
            ["unknown distribution 'normal'", "norm, truncnorm"],
        ),
        (
            '[inputs.x]\ndistribution = { name = "norm", mean = 0.0 }',
            ["no parameter 'mean'", "loc, scale"],
        ),
        ('[inputs.x]\ndistribution = { name = "gamma" }', ["needs the shape parameter(s) a"]),
        (
            '[inputs.x]\ndistribution = { name = "norm", scale = -1.0 }',
            ["invalid", "scale must be positive"],
        ),
        (
            '[design]\nmethod = "random"\n[inputs.x]\nbounds = [0.0, 1.0]',
            ["'grid', 'lhs', 'sobol'"],
        ),
        ("[design]\nn = -5\n[inputs.x]\nbounds = [0.0, 1.0]", ["'n' must be a positive integer"]),
        ("[design]\nsize = 5\n[inputs.x]\nbounds = [0.0, 1.0]", ["'size'", "method, n, seed"]),
        ("[constants]\nx = 1.0\n[inputs.x]\nbounds = [0.0, 1.0]", ["also a swept input"]),
        ('[constants]\nm = "70"\n[inputs.x]\nbounds = [0.0, 1.0]', ["'m' must be a number"]),
        ('["step rate"]\nbounds = [0.0, 1.0]', ["unknown key"]),
        ('[inputs."step rate"]\nbounds = [0.0, 1.0]', ["not a valid Python identifier"]),
        ('name = "x"', ["no [inputs.<name>] table"]),
        ("[inputs.x\nbounds = [0.0, 1.0]", ["not a valid TOML file"]),
    ],
)
def test_malformed_files_name_the_file_the_key_and_the_fix(tmp_path, text, must_say):
    path = write(tmp_path, text, "bad_problem.toml")
    with pytest.raises(ProblemError) as err:
        Problem.from_toml(path)
    msg = str(err.value)
    assert "bad_problem.toml" in msg
    for fragment in must_say:
        assert fragment in msg, (fragment, msg)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ProblemError, match="does not exist"):
        Problem.from_toml(tmp_path / "nope.toml")


def test_python_errors_teach_too():
    with pytest.raises(ProblemError, match="Input 'x'.*lower bound"):
        Input("x", bounds=(1, 0))
    with pytest.raises(ProblemError, match="frozen scipy.stats distribution"):
        Input("x", distribution="norm")
    with pytest.raises(ProblemError, match="given more than once"):
        Problem([Input("x", bounds=(0, 1)), Input("x", levels=[1])])
    with pytest.raises(ProblemError, match="baseline 5.0 lies outside bounds"):
        Input("x", bounds=(0, 1), baseline=5)
    with pytest.raises(ProblemError, match="num = 5"):
        Input("x", bounds=(0, 1)).grid_levels()
    with pytest.raises(ProblemError, match="must be finite"):
        Input("x", levels=[np.nan])


def test_the_documented_file_format_example_parses(tmp_path):
    import pfsim.sweep.problem as module

    block = module.__doc__.split("Problem file format (TOML)::")[1]
    text = "\n".join(line[4:] for line in block.splitlines()[1:])
    p = Problem.from_toml(write(tmp_path, text))
    assert p.names == ("step_rate_spm", "speed_m_s", "body_height_m")
    assert p.design == {"method": "sobol", "n": 1024, "seed": 42, "num": 5}
