"""Sensitivity: Sobol' indices against the Ishigami analytic values, tornado, figures, tables."""

import json

import matplotlib
import numpy as np
import pytest
import scipy.stats

from pfsim.plotting import plot_sobol, plot_tornado
from pfsim.sweep import (
    Input,
    Problem,
    sobol_analysis,
    tornado_analysis,
)
from pfsim.sweep.functions import ishigami, ishigami_indices, ishigami_problem

matplotlib.use("Agg")
EXACT = ishigami_indices()  # S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ishigami_indices_match_the_analytic_values_within_their_intervals(seed):
    # n = 1024 base points (5120 evaluations). Checked beforehand over seeds 0-9 at n = 1024 and
    # 2048: all 60 of 60 95 % intervals contained the analytic value, so these seeds are not picked.
    t = sobol_analysis(ishigami, ishigami_problem(), n=1024, rng=seed)
    assert t["input"] == ["x1", "x2", "x3"] and t["output"] == ["y"] * 3
    for k in ("first_order", "total_order"):
        assert np.all(t[f"{k}_low"] <= EXACT[k]), (k, t[f"{k}_low"], EXACT[k])
        assert np.all(EXACT[k] <= t[f"{k}_high"]), (k, t[f"{k}_high"], EXACT[k])
        assert np.all(t[f"{k}_high"] - t[f"{k}_low"] < 0.25)  # and the intervals are informative
        np.testing.assert_allclose(t[k], EXACT[k], atol=0.06)


def test_indices_are_those_of_scipy_sobol_indices():
    # Same Sobol' matrices (seed 4, bits=64) -> the same estimates as calling scipy directly.
    t = sobol_analysis(ishigami, ishigami_problem(), n=256, rng=4, confidence_level=None)
    direct = scipy.stats.sobol_indices(
        func=lambda x: ishigami(*x)["y"],
        n=256,
        dists=[scipy.stats.uniform(-np.pi, 2 * np.pi)] * 3,
        rng=np.random.default_rng(4),
    )
    np.testing.assert_allclose(t["first_order"], direct.first_order, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(t["total_order"], direct.total_order, rtol=1e-9, atol=1e-12)
    assert np.isnan(t["first_order_low"]).all()  # no bootstrap asked for


def test_same_seed_same_table_and_the_global_random_state_is_left_alone():
    np.random.seed(123)  # noqa: NPY002 - checking that we restore the legacy global state
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    a = sobol_analysis(ishigami, ishigami_problem(), n=128, rng=8, n_resamples=200)
    b = sobol_analysis(ishigami, ishigami_problem(), n=128, rng=8, n_resamples=200)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002
    for k in a.names:
        assert list(a[k]) == list(b[k]) or np.array_equal(a[k], b[k], equal_nan=True)
    assert a.meta["seed"] == 8 and a.meta["evaluations"] == 128 * 5


def two_outputs(x1, x2, x3):
    y = ishigami(x1, x2, x3)["y"]
    return {"y": y, "y_scaled": 3.0 * y + 2.0}


def test_several_outputs_at_once_and_indices_are_scale_free():
    t = sobol_analysis(
        two_outputs,
        ishigami_problem(),
        n=256,
        rng=1,
        confidence_level=None,
        outputs=["y", "y_scaled"],
    )
    assert t["output"] == ["y"] * 3 + ["y_scaled"] * 3
    np.testing.assert_allclose(t["first_order"][:3], t["first_order"][3:], atol=1e-12)


def test_nan_outputs_are_refused_with_the_fix():
    def with_nan(x1, x2, x3):
        return {"y": np.where(x1 > 3.0, np.nan, x1)}

    with pytest.raises(ValueError, match="NaN or infinite.*validity range"):
        sobol_analysis(with_nan, ishigami_problem(), n=256, rng=0, confidence_level=None)


def linear(a_m, b_m, c_m):
    return {"length_m": 1.0 * a_m + 5.0 * b_m - 2.0 * c_m}


LINEAR = Problem(
    [
        Input("a_m", unit="m", bounds=(0, 1)),
        Input("b_m", unit="m", levels=[0.0, 0.5, 1.0, 2.0]),
        Input("c_m", unit="m", distribution=scipy.stats.norm(0, 1), baseline=0.5),
    ],
    outputs={"length_m": "m"},
    name="linear",
)


def test_tornado_of_a_linear_function_by_hand():
    t = tornado_analysis(linear, LINEAR)
    q = scipy.stats.norm.ppf(0.95)  # c at its 5 % and 95 % quantiles: -1.645, +1.645
    # baseline: a = 0.5 (midpoint), b = 0.75 (median level), c = 0.5 (given): 0.5 + 3.75 - 1 = 3.25
    assert t["output_baseline"][0] == pytest.approx(3.25)
    assert t["input"] == ["b_m", "c_m", "a_m"]  # swings 10, 4q = 6.58, 1
    np.testing.assert_allclose(t["swing"], [10.0, 4 * q, 1.0])
    np.testing.assert_allclose(t["output_at_low"], [3.25 - 3.75, 3.25 + 2 * (q + 0.5), 2.75])
    assert t.select(input="c_m")["low_value"][0] == pytest.approx(-q)


def test_tables_write_csv_with_provenance(tmp_path):
    t = tornado_analysis(linear, LINEAR)
    path = t.to_csv(tmp_path / "tornado.csv")
    lines = path.read_text().splitlines()
    assert lines[0].startswith("output,input,unit,baseline_value,low_value")
    assert lines[1].startswith("length_m,b_m,m,")
    prov = json.loads(path.with_suffix(".json").read_text())
    inputs = prov["inputs"]  # the table's title and settings
    assert inputs["analysis"] == "tornado" and inputs["problem_sha256"] == LINEAR.sha256
    assert set(prov["units"]) == set(prov["csv"]["columns"])  # a unit for every column
    assert prov["csv"]["columns"][:2] == ["output", "input"]
    assert "b_m" in repr(t) and "swing" in repr(t)


def test_figures_take_ax_return_it_and_label_units(tmp_path):
    import matplotlib.pyplot as plt

    sob = sobol_analysis(ishigami, ishigami_problem(), n=256, rng=0)
    ax = plot_sobol(sob)
    assert ax.get_xlabel() == "Sobol' index [fraction of output variance]"
    assert [x.get_text() for x in ax.get_yticklabels()] == ["x1 [rad]", "x2 [rad]", "x3 [rad]"]
    assert len(ax.get_legend().get_texts()) == 2 and "y [1]" in ax.get_title(loc="left")
    ax.figure.savefig(tmp_path / "sobol.png", dpi=80)
    plt.close(ax.figure)

    fig, axes = plt.subplots(1, 2)
    tor = tornado_analysis(linear, LINEAR)
    assert plot_tornado(tor, ax=axes[0]) is axes[0]
    assert axes[0].get_xlabel() == "length_m [m]"
    assert axes[0].get_yticklabels()[0].get_text().startswith("b_m [m]")  # largest swing on top
    plt.close(fig)
    with pytest.raises(ValueError, match="needs the table of tornado_analysis"):
        plot_tornado(sob)
    with pytest.raises(ValueError, match="no output 'z'"):
        plot_sobol(sob, output="z")


@pytest.mark.parametrize("name", ["plot_sobol", "plot_tornado"])
def test_old_sweep_figure_names_still_work_with_a_deprecation_warning(name):
    import pfsim.plotting
    import pfsim.sweep

    with pytest.warns(DeprecationWarning, match=f"pfsim.plotting.{name}"):
        old = getattr(pfsim.sweep, name)
    assert old is getattr(pfsim.plotting, name)
