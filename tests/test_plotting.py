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
