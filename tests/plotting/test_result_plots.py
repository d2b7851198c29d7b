"""``result.plot()``: the late-bound dispatch of LabelledResult to pfsim.plotting.plot_result.

Each result with a natural figure draws it with unit-labelled axes; a StanceSummary and an unknown
type are refused with a TypeError that names the figures that exist; a JointLoad grid is refused.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import pfsim
from pfsim import plotting, training
from pfsim.plotting import results as pr

UNIT = re.compile(r"\[[^\]]+\]")
SELF_UNIT = {"Week"}  # a count: its own unit


def _labelled(ax) -> list[str]:
    labels = [ax.get_xlabel(), ax.get_ylabel()]
    return [lab for lab in labels if lab and not (lab in SELF_UNIT or UNIT.search(lab))]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def stance3():
    return pfsim.stance(
        speed_m_s=3.0,
        step_rate_spm=np.array([160.0, 170.0, 180.0]),
        body_mass_kg=70.0,
        height_m=1.75,
    )


def test_stance_plot_is_a_four_panel_figure_with_units_and_a_line_per_scenario(stance3):
    fig = stance3.plot()
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 4
    ylabels = [ax.get_ylabel() for ax in fig.axes]
    for word, unit in (
        ("flexion", "[deg]"),
        ("moment", "[N·m]"),
        ("PFJRF", "[N]"),
        ("stress", "[MPa]"),
    ):
        assert any(word in y and unit in y for y in ylabels), ylabels
    for ax in fig.axes:
        assert not _labelled(ax)
    assert fig.axes[-1].get_xlabel().endswith("[s]")
    assert len(fig.axes[0].get_lines()) == 3
    np.testing.assert_array_equal(
        fig.axes[2].get_lines()[1].get_ydata(), stance3.joint_reaction_force_N[1]
    )


def test_stance_plot_draws_the_first_few_scenarios_and_says_so():
    s = pfsim.stance(
        speed_m_s=np.linspace(2.5, 4.0, 7), step_rate_spm=170.0, body_mass_kg=70.0, height_m=1.75
    )
    fig = s.plot(max_scenarios=3)
    assert len(fig.axes[0].get_lines()) == 3
    assert "3 of 7" in fig.get_suptitle()


def test_joint_load_plot_draws_y_against_x_with_units():
    theta = np.linspace(0.0, 45.0, 10)
    load = pfsim.patellofemoral_load(theta, quad_force_N=3000.0)
    ax = load.plot()
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() == "Knee flexion [deg]"
    assert ax.get_ylabel().endswith("[MPa]")
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), load.contact_stress_MPa)
    ax2 = load.plot(y="joint_reaction_force_N", ax=plt.subplots()[1])
    assert ax2.get_ylabel().endswith("[N]")
    with pytest.raises(ValueError, match="y='stress'.*contact_stress_MPa"):
        load.plot(y="stress")


def test_joint_load_plot_refuses_a_grid():
    load = pfsim.patellofemoral_load(np.linspace(0.0, 45.0, 4)[:, None], quad_force_N=[1e3, 2e3])
    with pytest.raises(ValueError, match=r"2-D grid of shape \(4, 2\): select a row"):
        load.plot()


def test_load_result_plot_draws_dose_capacity_and_overload_index():
    r = training.weekly_load(training.mileage_jump(jump_pct=40.0), pfsim.Runner())
    top, bottom = r.plot()
    assert top is not bottom and top.figure is bottom.figure
    assert "MPa·s" in top.get_ylabel() and "Overload index" in bottom.get_ylabel()
    assert not _labelled(top) and not _labelled(bottom)
    np.testing.assert_allclose(bottom.get_lines()[0].get_ydata(), r.overload_index)
    _, ax = plt.subplots()
    top, twin = r.plot(ax=ax)
    assert top is ax and twin is not ax and twin.get_ylabel().startswith("Overload index")


def test_a_summary_has_no_natural_figure(stance3):
    with pytest.raises(TypeError, match="StanceSummary has no natural figure.*stance_figure"):
        stance3.summary().plot()


def test_plot_result_refuses_an_unknown_type_and_names_the_figures():
    with pytest.raises(TypeError, match="dict has no natural figure") as err:
        plotting.plot_result({})
    for name in ("stance_figure", "plot_joint_load", "plot_load_result"):
        assert name in str(err.value)


def test_the_dispatch_is_exported_and_covers_the_result_types():
    assert plotting.plot_result is pr.plot_result
    assert set(pr._DISPATCH) == {"StanceResult", "JointLoad", "LoadResult", "Assessment"}


@pytest.fixture(scope="module")
def assessment():
    from pfsim.assess import assess

    return assess("load_driven", history="jump40_hills", draws=4, rng=1)


def test_an_assessment_plots_its_attribution_waterfall(assessment):
    """``Assessment.plot()`` was a TypeError (no natural figure)."""
    ax = assessment.plot()
    assert isinstance(ax, Axes) and not _labelled(ax)
    assert ax.get_ylabel() == "peak overload index [-]"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "reference" and ticks[-1] == "runner" and len(ticks) == 9
    bars = ax.patches
    assert bars[0].get_height() == pytest.approx(assessment.reference_value[-1])
    assert bars[-1].get_height() == pytest.approx(assessment.runner_value[-1])
    np.testing.assert_allclose([b.get_height() for b in bars[1:-1]], assessment.contributions[-1])
    lo, hi = ax.get_ylim()  # the title says so exactly when the bars are cut
    assert ("does not start at 0" in ax.get_title()) == (lo > 0 or hi < 0)
    _, own = plt.subplots()
    k = assessment.outcomes.index("peak_lateral_facet_stress_MPa")
    ax = assessment.plot(ax=own, outcome="peak_lateral_facet_stress_MPa")
    assert ax is own and ax.get_ylabel() == "peak lateral facet stress [MPa]"
    np.testing.assert_allclose(
        [b.get_height() for b in ax.patches[1:-1]], assessment.contributions[k]
    )
