"""Figures render (they are also looked at by eye before release; see benchmarks and README)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from pfsim.plotting import plot_frontal_free_body  # noqa: E402


def test_frontal_free_body_renders(tmp_path):
    fig, ax = plt.subplots()
    out = plot_frontal_free_body(30.0, 2500.0, ax=ax, q_angle_deg=20.0)
    assert out is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("compression" in t for t in labels) and any("lateral facet" in t for t in labels)
    assert "mm" in ax.get_xlabel() and "mm" in ax.get_ylabel()
    fig.savefig(tmp_path / "fbd.png")
    plt.close(fig)


def test_frontal_free_body_default_figure_and_off_groove_state(tmp_path):
    import warnings

    import pfsim

    ax = plot_frontal_free_body(30.0, 2500.0, q_angle_deg=20.0)  # no ax: a figure that fits
    assert ax.get_legend().get_title().get_text().startswith("arrows: 1 mm = ")
    ax.figure.savefig(tmp_path / "a.png")
    plt.close(ax.figure)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        # a retinaculum pull twice the MPFL's strength with little quadriceps force: subluxation
        ax = plot_frontal_free_body(30.0, 100.0, lateral_retinaculum_N=400.0)
    assert "Off the groove" in ax.get_title(loc="left")
    assert "nan" not in ax.get_title(loc="left")
    plt.close(ax.figure)
