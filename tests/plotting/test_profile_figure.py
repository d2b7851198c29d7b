"""plot_profile_reports: draws what it is given, refuses what it cannot draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import pfsim
from pfsim.plotting import PROFILE_MECHANISMS, PROFILE_STRESSES, plot_profile_reports


@pytest.fixture(scope="module")
def reports():
    return {n: pfsim.profile_report(pfsim.load_runner(n)) for n in ("healthy", "hip_driven")}


def test_bars_are_the_report_values(reports):
    ax1, ax2 = plot_profile_reports(reports)
    n_mech, n_stress = len(PROFILE_MECHANISMS), len(PROFILE_STRESSES)
    for i, report in enumerate(reports.values()):
        bars = ax1.patches[i * n_mech : (i + 1) * n_mech]
        np.testing.assert_allclose(
            [b.get_width() for b in bars], [report[k] for k, _ in PROFILE_MECHANISMS]
        )
        bars = ax2.patches[i * n_stress : (i + 1) * n_stress]
        np.testing.assert_allclose(
            [b.get_height() for b in bars], [report[k] for k, _ in PROFILE_STRESSES]
        )
    assert "MPa" in ax2.get_ylabel()
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == list(reports)
    plt.close("all")


def test_given_axes_are_used(reports):
    fig, axes = plt.subplots(1, 2)
    assert plot_profile_reports(reports, axes=axes) == tuple(axes)
    plt.close(fig)


@pytest.mark.parametrize(
    ("reports_arg", "match"),
    [
        ({}, "empty"),
        ({"a": {"q_angle_deg": 1.0}}, "lack"),
        ({str(i): {} for i in range(9)}, "at most"),
    ],
)
def test_refusals(reports_arg, match):
    with pytest.raises(ValueError, match=match):
        plot_profile_reports(reports_arg)


def test_axes_must_be_a_pair(reports):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="two matplotlib Axes"):
        plot_profile_reports(reports, axes=[ax])
    plt.close(fig)
