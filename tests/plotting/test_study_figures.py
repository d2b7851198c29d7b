"""Figures of the studies (pfsim.plotting.studies): data in, axes or figure out, units on the axes.

Also: the studies draw through pfsim.plotting and save through one atomic helper, and no module of
the package switches the user's matplotlib backend.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from pfsim import plotting, studies
from pfsim.plotting import studies as ps

PFSIM = Path(__file__).resolve().parents[2] / "pfsim"
UNIT = re.compile(r"\[[^\]]+\]")  # "[MPa]", "[% of healthy norm]", "[dose / capacity]", ...
#: Axis labels that are their own unit: the week number of a training history (a count).
SELF_UNIT = {"Week"}


def _unit(label: str) -> bool:
    return label in SELF_UNIT or bool(UNIT.search(label))


@pytest.fixture(scope="module")
def tables():
    """Small study tables: the plotting functions only draw them."""
    cadence = studies.cadence_study(speeds_m_s=[2.5, 3.5], step_rate_change_pct=[-10, 0, 10])
    strength = studies.strength_study(
        hip_abductor_strength_rel=[0.8, 1.0, 1.2],
        vmo_activation=[0.5, 1.0],
        quadriceps_strength_rel=[0.8, 1.0],
    )
    load = studies.load_study(
        weekly_progression_pct=[0.0, 20.0], hill_share=[0.0, 0.3], speed_work_share=[0.0]
    )
    sensitivity = studies.sensitivity_study(n=16, confidence_level=None)
    return {"cadence": cadence, "strength": strength, "load": load, "sensitivity": sensitivity}


def _has_units(ax):
    """Units on the x label, and on the y label or (a bar chart of inputs) every y tick label."""
    if not ax.get_ylabel():
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        return _unit(ax.get_xlabel()) and bool(ticks) and all(map(_unit, ticks))
    return _unit(ax.get_xlabel()) and _unit(ax.get_ylabel())


AXES_PLOTS = [
    ("plot_cadence", "cadence", lambda t: (t.table,), {}),
    ("plot_cadence", "cadence", lambda t: (t, "stress_time_integral_per_km_MPa_s"), {}),
    ("plot_strength", "strength", lambda t: (t.table, "peak_lateral_facet_stress_MPa"), {}),
    ("plot_strength", "strength", lambda t: (t.table, "peak_contact_stress_MPa"), {}),
    ("plot_quadriceps_demand", "strength", lambda t: (t.table,), {}),
    ("plot_load_grid", "load", lambda t: (t.table,), {}),
    ("plot_overload_timelines", "load", lambda t: (t.table._timelines,), {}),
    ("plot_dose_capacity", "load", lambda t: (t.table._timelines,), {}),
]


@pytest.mark.parametrize(("name", "study", "args", "kw"), AXES_PLOTS)
def test_plot_functions_make_axes_when_none_and_label_units(tables, name, study, args, kw):
    fn = getattr(plotting, name)
    ax = fn(*args(tables[study]), **kw)  # ax=None: a new figure
    try:
        assert isinstance(ax, Axes)
        assert _has_units(ax), (ax.get_xlabel(), ax.get_ylabel())
        assert ax.get_lines() or ax.patches
    finally:
        plt.close(ax.figure)
    fig, given = plt.subplots()
    try:
        assert fn(*args(tables[study]), ax=given, **kw) is given
    finally:
        plt.close(fig)


def test_profile_sensitivity_axes_units(tables):
    ax = plotting.plot_profile_sensitivity(tables["sensitivity"].table)
    try:
        assert isinstance(ax, Axes)
        assert _unit(ax.get_xlabel())
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert "body_mass_kg [kg]" in ticks and "speed_m_s [m/s]" in ticks
    finally:
        plt.close(ax.figure)


@pytest.mark.parametrize(
    ("name", "study"),
    [
        ("cadence_figure", "cadence"),
        ("strength_figure", "strength"),
        ("load_figure", "load"),
        ("sensitivity_figure", "sensitivity"),
    ],
)
def test_study_figures_are_figures_with_units_on_every_panel(tables, name, study):
    r = tables[study]
    for data in (r, r.table):  # a StudyResult or its table
        before = plt.get_fignums()
        fig = getattr(plotting, name)(data)
        # a plain Figure, not registered with pyplot: building it opens no window
        assert plt.get_fignums() == before
        assert isinstance(fig, Figure)
        panels = [ax for ax in fig.get_axes() if ax.axison and ax.get_visible()]  # not a key
        assert panels
        for ax in panels:
            assert _has_units(ax), (name, ax.get_xlabel(), ax.get_ylabel())


def test_load_figure_makes_no_model_call(tables):
    from pfsim.sweep import Table

    t = tables["load"].table
    bare = Table({k: t[k] for k in t.columns}, meta=t.meta, units=t.units)  # no time courses
    with pytest.raises(ValueError, match="timelines=pfsim.studies.load_timelines"):
        plotting.load_figure(bare)
    assert isinstance(plotting.load_figure(bare, t._timelines), Figure)
    # the old name in pfsim.studies still computes them when the table does not carry them
    assert isinstance(studies.load_figure(bare), Figure)


def test_frontal_demo_figure_one_panel_per_case():
    from pfsim import patellofemoral_load

    def load(**kw):
        return patellofemoral_load(30.0, quad_force_N=2500.0, area_fit="salsich2003", **kw)

    panels = {"a": ((load(),), {}), "b": ((load(q_angle_deg=20.0),), {})}
    fig = plotting.frontal_demo_figure(panels)
    assert isinstance(fig, Figure)
    titles = [ax.get_title(loc="left") for ax in fig.get_axes()]
    assert titles[0].startswith("a: ") and titles[1].startswith("b: ")
    for ax in fig.get_axes():
        assert _has_units(ax)


def test_save_figure_writes_png_atomically_and_releases_pyplot(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    path = plotting.save_figure(fig, tmp_path / "sub" / "f.png")
    assert path == tmp_path / "sub" / "f.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in path.parent.iterdir() if p.name != "f.png"]  # no temporary file left
    assert fig.number not in plt.get_fignums()


def test_old_names_in_studies_are_the_plotting_functions():
    for name in (
        "plot_cadence",
        "cadence_figure",
        "plot_strength",
        "plot_quadriceps_demand",
        "strength_figure",
        "plot_overload_timelines",
        "plot_dose_capacity",
        "plot_load_grid",
        "plot_profile_sensitivity",
        "sensitivity_figure",
    ):
        with pytest.warns(DeprecationWarning, match=f"pfsim.plotting.{name}"):
            old = getattr(studies, name)
        assert old is getattr(ps, name) is getattr(plotting, name)
    with pytest.warns(DeprecationWarning, match="pfsim.plotting.MARKERS"):
        assert studies.MARKERS is ps.MARKERS
    for name in studies.__all__:
        assert hasattr(studies, name), name


def _calls_matplotlib_use(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr == "use":
                base = f.value
                if isinstance(base, ast.Name) and base.id in ("matplotlib", "mpl"):
                    return True
            if isinstance(f, ast.Name) and f.id == "use":
                return True
        if isinstance(node, ast.ImportFrom) and node.module == "matplotlib":
            if any(a.name == "use" for a in node.names):
                return True
    return False


def test_no_module_of_the_package_switches_the_backend():
    offenders = []
    for path in sorted(PFSIM.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        # code, and the doctest examples in docstrings
        if _calls_matplotlib_use(ast.parse(text)) or re.search(r"\b(matplotlib|mpl)\.use\(", text):
            offenders.append(str(path.relative_to(PFSIM.parent)))
    assert offenders == []


@pytest.mark.slow
def test_a_study_keeps_the_users_backend(tmp_path):
    code = (
        "import matplotlib\n"
        "from pfsim import studies\n"
        f"r = studies.cadence_study({str(tmp_path)!r}, speeds_m_s=[3.0], step_rate_change_pct=[0])\n"
        "assert r.paths[0].read_bytes()[:4] == b'\\x89PNG'\n"
        "print(matplotlib.get_backend())\n"
    )
    env = {**os.environ, "MPLBACKEND": "pdf", "PYTHONPATH": str(PFSIM.parent)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().lower() == "pdf"


def test_save_figure_formats_from_argument_or_suffix_and_dpi(tmp_path):
    from matplotlib.figure import Figure

    def fig():
        f = Figure(figsize=(2, 1))
        f.subplots().plot([0, 1], [0, 1])
        return f

    svg = plotting.save_figure(fig(), tmp_path / "a.svg")  # from the suffix
    assert b"<svg" in svg.read_bytes()[:2000]
    pdf = plotting.save_figure(fig(), tmp_path / "b.out", format="pdf")  # the suffix kept
    assert pdf.name == "b.out" and pdf.read_bytes()[:4] == b"%PDF"
    other = plotting.save_figure(fig(), tmp_path / "c.txt")  # unknown suffix: PNG
    assert other.read_bytes()[:4] == b"\x89PNG"
    # same figure, same bytes: no creation date in SVG or PDF
    assert plotting.save_figure(fig(), tmp_path / "d.svg").read_bytes() == svg.read_bytes()
    assert plotting.save_figure(fig(), tmp_path / "e.pdf").read_bytes() == pdf.read_bytes()
    widths = {}
    for dpi in (50, 100):
        head = plotting.save_figure(fig(), tmp_path / f"{dpi}.png", dpi=dpi).read_bytes()[:24]
        widths[dpi] = int.from_bytes(head[16:20], "big")
    assert widths == {50: 100, 100: 200}
    with pytest.raises(ValueError, match="format must be one of 'png', 'svg', 'pdf'"):
        plotting.save_figure(fig(), tmp_path / "f.jpg", format="jpg")
    with pytest.raises(ValueError, match="dpi must be a positive number"):
        plotting.save_figure(fig(), tmp_path / "g.png", dpi=0)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == sorted(
        [".svg", ".out", ".txt", ".svg", ".pdf", ".png", ".png"]
    )  # no temporary files, nothing for the refused calls


def test_a_study_writes_its_figure_in_the_format_asked(tmp_path):
    r = studies.strength_study(
        tmp_path,
        hip_abductor_strength_rel=[0.8, 1.0],
        vmo_activation=[1.0],
        quadriceps_strength_rel=[1.0],
        figure_format="svg",
    )
    assert r.paths[0] == tmp_path / "strength.svg"
    assert b"<svg" in r.paths[0].read_bytes()[:2000]
