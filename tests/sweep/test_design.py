"""Designs: shapes, bounds, levels, reproducibility, and chunk-by-chunk generation."""

import doctest
import importlib

import numpy as np
import pytest
import scipy.stats

from pfsim._checks import PfsimWarning
from pfsim.sweep import (
    Input,
    Problem,
    design_from_arrays,
    grid_design,
    lhs_design,
    make_design,
    oat_design,
    saltelli_design,
    sobol_design,
)

PROBLEM = Problem(
    [
        Input("step_rate_spm", unit="steps/min", bounds=(150, 190)),
        Input("speed_m_s", unit="m/s", levels=[2.5, 3.0, 3.5]),
        Input("body_mass_kg", unit="kg", distribution=scipy.stats.norm(70, 10)),
    ],
    constants={"slope_deg": 0.0},
)


def test_grid_is_the_full_factorial_first_input_slowest():
    d = grid_design(PROBLEM, num=4)
    assert d.shape == (4, 3, 4) and d.n == 48
    x = d.inputs()
    assert x["step_rate_spm"][:12].tolist() == [150.0] * 12  # first axis slowest
    assert x["speed_m_s"][:4].tolist() == [2.5] * 4
    np.testing.assert_allclose(np.unique(x["step_rate_spm"]), np.linspace(150, 190, 4))
    # a distribution axis sits at the quantiles (i + 0.5)/num: symmetric about the mean
    np.testing.assert_allclose(np.unique(x["body_mass_kg"]).mean(), 70.0)
    combos = {tuple(r) for r in np.column_stack(list(x.values()))}
    assert len(combos) == 48  # every combination exactly once
    assert d.chunk(5, 9)["slope_deg"].tolist() == [0.0] * 4


@pytest.mark.parametrize("make", [lhs_design, sobol_design])
def test_random_designs_respect_bounds_levels_and_distributions(make):
    d = make(PROBLEM, 256, rng=3)
    x = d.inputs()
    assert d.n == 256 and all(v.shape == (256,) for v in x.values())
    assert 150 <= x["step_rate_spm"].min() and x["step_rate_spm"].max() <= 190
    assert set(np.unique(x["speed_m_s"])) == {2.5, 3.0, 3.5}
    counts = np.unique(x["speed_m_s"], return_counts=True)[1]
    assert (
        counts.min() >= 80
    )  # levels equally likely (85 or 86 each for these space-filling designs)
    assert abs(x["body_mass_kg"].mean() - 70) < 1.5 and abs(x["body_mass_kg"].std() - 10) < 1.5
    # stratification: each 1/256 slice of the step-rate range holds exactly one point
    cells = np.floor((x["step_rate_spm"] - 150) / 40 * 256).astype(int)
    assert sorted(cells.tolist()) == list(range(256))


@pytest.mark.parametrize("make", [lhs_design, sobol_design])
def test_same_seed_same_design_other_seed_other_design(make):
    a, b, c = make(PROBLEM, 64, rng=1), make(PROBLEM, 64, rng=1), make(PROBLEM, 64, rng=2)
    np.testing.assert_array_equal(a.inputs()["step_rate_spm"], b.inputs()["step_rate_spm"])
    assert not np.array_equal(a.inputs()["step_rate_spm"], c.inputs()["step_rate_spm"])
    assert a.sha256 == b.sha256 != c.sha256


def test_rng_may_be_a_generator_and_the_seed_is_recorded():
    d = sobol_design(PROBLEM, 16, rng=np.random.default_rng(5))
    again = sobol_design(PROBLEM, 16, rng=d.seed)
    np.testing.assert_array_equal(d.inputs()["body_mass_kg"], again.inputs()["body_mass_kg"])
    assert isinstance(sobol_design(PROBLEM, 16).seed, int)  # None -> fresh entropy, recorded


@pytest.mark.parametrize("make", [grid_design, sobol_design, lhs_design, saltelli_design])
def test_chunks_concatenate_to_the_whole_design(make):
    d = make(PROBLEM, num=5) if make is grid_design else make(PROBLEM, 64, rng=9)
    whole = d.inputs()
    edges = [0, 1, 7, 40, 41, d.n]
    for k in whole:
        parts = [d.chunk(s, e)[k] for s, e in zip(edges[:-1], edges[1:], strict=True)]
        np.testing.assert_array_equal(np.concatenate(parts), whole[k])


def test_sobol_rows_match_scipy_sequence_in_any_chunk_order():
    d = sobol_design(Problem([Input("u", bounds=(0, 1)), Input("v", bounds=(0, 1))]), 32, rng=4)
    ref = scipy.stats.qmc.Sobol(d=2, rng=np.random.default_rng(4)).random(32)
    np.testing.assert_array_equal(np.column_stack([d.inputs()["u"], d.inputs()["v"]]), ref)
    # out of order (fast-forward), then in order (the cached engine continues)
    for s, e in [(20, 25), (3, 9), (9, 17), (17, 32), (0, 3)]:
        np.testing.assert_array_equal(d.chunk(s, e)["v"], ref[s:e, 1])


def test_sobol_warns_when_n_is_not_a_power_of_two():
    with pytest.warns(UserWarning, match="power of two.*64"):
        sobol_design(PROBLEM, 50, rng=0)
    with pytest.warns(PfsimWarning, match="power of two") as caught:
        sobol_design(PROBLEM, 50, rng=0)
    assert caught[0].filename == __file__  # the caller's line, not pfsim's
    with pytest.raises(ValueError, match="power of two.*use n = 64"):
        saltelli_design(PROBLEM, 50)


def test_saltelli_blocks_are_a_b_and_a_with_one_column_of_b():
    p = Problem([Input("u", bounds=(0, 1)), Input("v", bounds=(0, 1)), Input("w", bounds=(0, 1))])
    d = saltelli_design(p, 8, rng=0)
    assert d.n == 8 * 5
    x = np.column_stack([d.inputs()[k] for k in "uvw"]).reshape(5, 8, 3)
    A, B = x[0], x[1]
    for i in range(3):
        expect = A.copy()
        expect[:, i] = B[:, i]
        np.testing.assert_array_equal(x[2 + i], expect)


def test_oat_design_low_high_and_baseline():
    d = oat_design(PROBLEM, baseline={"step_rate_spm": 165}, quantiles=(0.1, 0.9))
    x = d.inputs()
    assert d.n == 7
    assert x["step_rate_spm"].tolist() == [165, 150, 190, 165, 165, 165, 165]
    assert x["speed_m_s"].tolist() == [3.0, 3.0, 3.0, 2.5, 3.5, 3.0, 3.0]
    np.testing.assert_allclose(x["body_mass_kg"][5:], scipy.stats.norm(70, 10).ppf([0.1, 0.9]))
    with pytest.raises(ValueError, match="unknown input"):
        oat_design(PROBLEM, baseline={"cadence": 170})


def test_make_design_follows_the_design_table():
    p = Problem([Input("x", bounds=(0, 1))], design={"method": "lhs", "n": 10, "seed": 2})
    d = make_design(p)
    assert (d.method, d.n, d.seed) == ("lhs", 10, 2)
    assert make_design(Problem([Input("x", levels=[1, 2])])).method == "grid"
    with pytest.raises(ValueError, match="which design"):
        make_design(Problem([Input("x", bounds=(0, 1))]))


def test_design_from_arrays():
    d = design_from_arrays({"a": [1, 2, 3], "b": np.array([4.0, 5, 6])}, units={"a": "kg"})
    assert d.n == 3 and d.chunk(1, 3)["b"].tolist() == [5.0, 6.0]
    assert d.units == {"a": "kg"}
    assert d.sha256 != design_from_arrays({"a": [1, 2, 4], "b": [4, 5, 6]}).sha256
    with pytest.raises(ValueError, match="equal lengths"):
        design_from_arrays({"a": [1, 2], "b": [1]})


@pytest.mark.parametrize(
    "module",
    [
        "pfsim.sweep",
        "pfsim.sweep.problem",
        "pfsim.sweep.design",
        "pfsim.sweep.engine",
        "pfsim.sweep.result",
        "pfsim.sweep.sensitivity",
        "pfsim.sweep.functions",
        "pfsim.plotting.sweep",
    ],
)
def test_docstring_examples_run(module):
    import matplotlib

    matplotlib.use("Agg")
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
