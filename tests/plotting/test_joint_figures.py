"""Figures render (they are also looked at by eye before release; see benchmarks and README)."""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import pfsim  # noqa: E402
from pfsim.plotting import plot_frontal_free_body  # noqa: E402


def _load(**kw):
    return pfsim.patellofemoral_load(30.0, quad_force_N=2500.0, area_fit="salsich2003", **kw)


def test_frontal_free_body_renders(tmp_path):
    fig, ax = plt.subplots()
    out = plot_frontal_free_body(_load(q_angle_deg=20.0), ax=ax)
    assert out is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("compression" in t for t in labels) and any("lateral facet" in t for t in labels)
    assert "mm" in ax.get_xlabel() and "mm" in ax.get_ylabel()
    fig.savefig(tmp_path / "fbd.png")
    plt.close(fig)


def test_frontal_free_body_default_figure_and_off_groove_state(tmp_path):
    import warnings

    import pfsim

    ax = plot_frontal_free_body(_load(q_angle_deg=20.0))  # no ax: a figure that fits
    assert ax.get_legend().get_title().get_text().startswith("arrows: 1 mm = ")
    ax.figure.savefig(tmp_path / "a.png")
    plt.close(ax.figure)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        # a retinaculum pull twice the MPFL's strength with little quadriceps force: subluxation
        load = pfsim.patellofemoral_load(
            30.0, quad_force_N=100.0, area_fit="salsich2003", lateral_retinaculum_N=400.0
        )
        ax = plot_frontal_free_body(load)
    assert "Off the groove" in ax.get_title(loc="left")
    assert "nan" not in ax.get_title(loc="left")
    plt.close(ax.figure)


def _drawing(ax):
    """What an axes shows: title, legend texts, and every patch's and line's coordinates."""
    return (
        ax.get_title(loc="left"),
        [t.get_text() for t in ax.get_legend().get_texts()],
        [p.get_path().vertices.tolist() for p in ax.patches],
        [ln.get_xydata().tolist() for ln in ax.lines],
        [(a.xy, a.xyann) for a in ax.texts],
    )


def test_the_figure_draws_from_the_result_without_a_model_call(monkeypatch):
    load = _load(q_angle_deg=20.0, hip_adduction_deg=10.0, vmo_activation=0.5)
    assert load.frontal_state is not None  # facet outputs are computed on first access (issue 15)

    def no_model(*args, **kwargs):
        raise AssertionError("the figure called the model")

    import pfsim.joint
    import pfsim.joint.frontal
    import pfsim.joint.model

    for mod, name in (
        (pfsim.joint, "patellofemoral_load"),
        (pfsim.joint.model, "patellofemoral_load"),
        (pfsim.joint.model, "frontal_load"),
        (pfsim.joint.frontal, "frontal_load"),
        (pfsim.joint.frontal, "solve_facet_contact"),
    ):
        monkeypatch.setattr(mod, name, no_model)
    fig, ax = plt.subplots()
    plot_frontal_free_body(load, ax=ax)
    assert "lateral tilt" in ax.get_title(loc="left")
    plt.close(fig)


def test_the_deprecated_call_form_warns_and_draws_the_same_figure():
    kw = dict(q_angle_deg=20.0, hip_adduction_deg=10.0, vmo_activation=0.5)
    fig, (a_new, a_old) = plt.subplots(1, 2)
    plot_frontal_free_body(_load(**kw), ax=a_new)
    with pytest.warns(DeprecationWarning, match="pass a result") as caught:
        out = plot_frontal_free_body(30.0, 2500.0, ax=a_old, **kw)
    assert out is a_old
    assert all(w.filename == __file__ for w in caught)  # attributed to this line
    assert _drawing(a_new) == _drawing(a_old)
    plt.close(fig)
    with pytest.warns(DeprecationWarning):  # keyword form, and the old defaults (30°, 2500 N)
        ax = plot_frontal_free_body(knee_flexion_deg=30.0, quad_force_N=2500.0)
    assert "30° flexion, F_Q = 2500 N" in ax.get_title(loc="left")
    plt.close(ax.figure)


def test_index_picks_one_state_of_many():
    theta = np.array([20.0, 30.0, 40.0])
    many = pfsim.patellofemoral_load(theta, quad_force_N=2500.0, area_fit="salsich2003")
    fig, (a_one, a_many) = plt.subplots(1, 2)
    plot_frontal_free_body(_load(), ax=a_one)
    plot_frontal_free_body(many, index=1, ax=a_many)
    assert _drawing(a_one) == _drawing(a_many)
    plt.close(fig)
    with pytest.raises(ValueError, match="holds 3 states.*index="):
        plot_frontal_free_body(many)
    grid = pfsim.patellofemoral_load(theta[:, None], quad_force_N=[2000.0, 2500.0])
    with pytest.raises(ValueError, match="more than one state"):
        plot_frontal_free_body(grid, index=1)
    plt.close(plot_frontal_free_body(grid, index=(1, 1)).figure)


def test_a_result_without_frontal_outputs_says_to_pass_frontal_true():
    with pytest.raises(ValueError, match="frontal=True"):
        plot_frontal_free_body(_load(frontal=False))
    with pytest.raises(TypeError, match="extra arguments"):
        plot_frontal_free_body(_load(), q_angle_deg=20.0)


def test_every_force_arrow_shows_and_short_ones_are_dashed_at_the_minimum_length():
    from pfsim.plotting import MIN_ARROW_MM

    load = _load(q_angle_deg=20.0, hip_adduction_deg=10.0, vmo_activation=0.5)
    assert 0 < float(load.medial_restraint_N) < 100  # the MPFL: a fraction of a mm at 74 N/mm
    fig, ax = plt.subplots()
    plot_frontal_free_body(load, ax=ax)
    title = ax.get_legend().get_title().get_text()
    scale = float(re.search(r"1 mm = (\d+) N", title).group(1))
    assert f"drawn {MIN_ARROW_MM:g} mm long" in title
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    lengths = [np.hypot(*np.subtract(t.xy, t.xyann)) for t in arrows]
    forces = {  # legend entry -> its line style
        t.get_text(): h.get_linestyle()
        for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles, strict=True)
        if t.get_text().endswith(" N")
    }
    assert len(arrows) == len(forces) == 6  # compression, lateral, ligament, MPFL, two facets
    assert min(lengths) >= MIN_ARROW_MM - 1e-9
    for text, ls in forces.items():
        force = abs(float(re.search(r"([-+]?\d+) N$", text).group(1)))
        assert (ls == "--") == (force / scale < MIN_ARROW_MM), text  # within rounding of 1 N
    mpfl = next(k for k in forces if k.startswith("MPFL"))
    assert forces[mpfl] == "--"
    assert mpfl == f"MPFL {float(load.medial_restraint_N):.0f} N"  # the exact value, not the drawn
    # long arrows keep length ∝ force: the compression is the longest, drawn to scale
    assert np.isclose(max(lengths), float(load.joint_reaction_force_N) / scale, rtol=0.01)
    plt.close(fig)
