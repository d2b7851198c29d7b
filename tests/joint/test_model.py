"""patellofemoral_load: input types, shapes, errors, and physical properties."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pfsim

# Inside every default fit's range; magnitudes below 2.2 (other than 0) would trip the radians guard.
angles = st.just(0.0) | st.floats(2.5, 45.0)
# 0-90 deg: inside kernozek2015 (area), brechter2002 (k), vaneijden1985 (ligament angle, 0-120).
angles_90 = st.just(0.0) | st.floats(2.5, 90.0)
forces = st.floats(0.0, 10_000.0)
models = st.sampled_from(["k", "two-tendon"])


@pytest.mark.parametrize(
    "theta, force",
    [(30.0, 1000.0), ([30.0, 40.0], 1000.0), (np.array([30.0, 40.0]), [1000.0, 2000.0])],
)
def test_input_types(theta, force):
    r = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False)
    assert np.shape(r.contact_stress_MPa) == np.broadcast_shapes(np.shape(theta), np.shape(force))


def test_scalar_in_scalar_out():
    r = pfsim.patellofemoral_load(30.0, quad_force_N=1000.0)
    assert np.ndim(r.joint_reaction_force_N) == 0
    assert isinstance(float(r.contact_stress_MPa), float)


def test_broadcasting_grid():
    theta = np.linspace(0, 45, 10)[:, None]
    force = np.linspace(0, 5000, 7)[None, :]
    r = pfsim.patellofemoral_load(theta, quad_force_N=force, frontal=False)
    assert r.contact_stress_MPa.shape == (10, 7)
    assert r.contact_area_mm2.shape == (10, 7)
    np.testing.assert_allclose(r.joint_reaction_force_N, pfsim.k_ratio(theta) * force)


def test_both_or_neither_force_input():
    with pytest.raises(ValueError, match="exactly one"):
        pfsim.patellofemoral_load(30.0)
    with pytest.raises(ValueError, match="exactly one"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, knee_extension_moment_Nm=1.0)


def test_nan_input_is_refused():
    with pytest.raises(ValueError, match="contains NaN"):
        pfsim.patellofemoral_load([30.0, np.nan], quad_force_N=1000.0)
    with pytest.raises(ValueError, match="contains NaN"):
        pfsim.patellofemoral_load(30.0, knee_extension_moment_Nm=np.nan)


def test_non_numeric_input():
    with pytest.raises(ValueError, match="must be a number"):
        pfsim.patellofemoral_load("abc", quad_force_N=1000.0)


def test_impossible_angle():
    with pytest.raises(ValueError, match="between -30 and 170 deg"):
        pfsim.patellofemoral_load(200.0, quad_force_N=1000.0)


def test_radians_warning():
    with pytest.warns(pfsim.PfsimUnitWarning, match="did you pass radians"):
        pfsim.patellofemoral_load(np.radians([10.0, 45.0, 60.0]), quad_force_N=1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", pfsim.PfsimUnitWarning)
        pfsim.patellofemoral_load([0.0, 30.0], quad_force_N=1000.0)  # degrees: no warning
        pfsim.patellofemoral_load(0.0, quad_force_N=1000.0)  # full extension: no warning


def test_force_and_moment_unit_guards():
    with pytest.raises(ValueError, match="quad_force_N"):
        pfsim.patellofemoral_load(30.0, quad_force_N=-5.0)
    with pytest.raises(ValueError, match="not N·mm"):
        pfsim.patellofemoral_load(30.0, knee_extension_moment_Nm=100_000.0)


def test_unknown_names():
    with pytest.raises(ValueError, match="known models: k, two-tendon"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, model="x")
    with pytest.raises(ValueError, match="connolly2009"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, area_fit="x")


def test_one_warning_per_call_out_of_range():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load([30.0, 95.0], knee_extension_moment_Nm=100.0)
    assert len(caught) == 1 and issubclass(caught[0].category, pfsim.PfsimRangeWarning)
    assert np.isfinite(r.contact_stress_MPa[0]) and np.isnan(r.contact_stress_MPa[1])


@settings(max_examples=200, deadline=None)
@given(theta=angles_90, force=forces, model=models)
def test_jrf_nonnegative_and_stress_finite(theta, force, model):
    r = pfsim.patellofemoral_load(
        theta, quad_force_N=force, model=model, area_fit="kernozek2015", frontal=False
    )
    assert r.joint_reaction_force_N >= 0
    assert np.isfinite(r.contact_stress_MPa) and r.contact_stress_MPa >= 0


@settings(max_examples=100, deadline=None)
@given(theta=angles_90, model=models)
def test_zero_force_zero_jrf(theta, model):
    r = pfsim.patellofemoral_load(theta, quad_force_N=0.0, model=model, area_fit="kernozek2015")
    assert r.joint_reaction_force_N == 0.0


@settings(max_examples=150, deadline=None)
@given(theta=angles_90, force=st.floats(1.0, 5000.0), scale=st.floats(0.1, 3.0), model=models)
def test_jrf_linear_in_force(theta, force, scale, model):
    def jrf(f):
        return pfsim.patellofemoral_load(
            theta, quad_force_N=f, model=model, area_fit="kernozek2015", frontal=False
        ).joint_reaction_force_N

    a = jrf(force)
    assert a > 0  # k(θ) > 0.46 and the two-tendon k > 0.3 on 0-90 deg: never a trivial 0 == 0
    assert jrf(force * scale) == pytest.approx(scale * a, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(theta=st.just(0.0) | st.floats(2.5, 90.0), moment=st.floats(-300.0, 400.0))
def test_moment_path_stress_finite_in_range(theta, moment):
    r = pfsim.patellofemoral_load(
        theta, knee_extension_moment_Nm=moment, area_fit="kernozek2015", frontal=False
    )
    assert np.isfinite(r.contact_stress_MPa) and r.contact_stress_MPa >= 0


def test_one_warning_merges_the_frontal_facet_warning():
    # issue 2/3: the fit-range warning and the frontal solver's warning used to be two warnings, the
    # second pointing into pfsim; now one, pointing at this file, in clean sentences.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pfsim.patellofemoral_load(
            [0.0, 60.0], knee_extension_moment_Nm=150.0, area_fit="connolly2009"
        )
    assert len(caught) == 1 and caught[0].category is pfsim.PfsimRangeWarning
    assert caught[0].filename == __file__

    # a state that surely leaves the groove (every lateral contributor at its limit) + 60° outside
    # connolly2009's 0-45° data: both reasons, one warning (frontal="eager": the facet model runs
    # in the call)
    surely_off = dict(
        knee_extension_moment_Nm=150.0,
        lateral_retinaculum_N=600.0,
        q_angle_deg=40.0,
        vmo_activation=0.0,
        hip_adduction_deg=30.0,
        area_fit="connolly2009",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load([5.0, 60.0], **surely_off, frontal="eager")
    assert r.off_groove[0] and np.isnan(r.lateral_facet_stress_MPa[0])
    assert len(caught) == 1 and caught[0].filename == __file__
    text = str(caught[0].message)
    assert "connolly2009" in text and "frontal facet model" in text
    assert ".;" not in text and ". ;" not in text and ".." not in text
    assert text.count("Pass extrapolate='clip' or 'extend' to fill them.") == 1

    # lazily (the default): the fit's warning at the call, the facet model's at the first access,
    # both pointing at this file
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load([5.0, 60.0], **surely_off)
        assert len(caught) == 1 and "connolly2009" in str(caught[0].message)
        assert r.off_groove[0] and np.isnan(r.lateral_facet_stress_MPa[0])
        assert r.lateral_shift_mm.shape == (2,)  # already computed: no second warning
    assert len(caught) == 2 and "frontal facet model" in str(caught[1].message)
    assert {w.filename for w in caught} == {__file__}


def test_several_fit_messages_state_the_fix_once():
    # 95°: outside the lever arm (0-90), k (0-90) and area (0-45) data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pfsim.patellofemoral_load(
            [30.0, 95.0], knee_extension_moment_Nm=100.0, frontal=False, area_fit="connolly2009"
        )
    assert len(caught) == 1
    text = str(caught[0].message)
    for name in ("vaneijden1986", "brechter2002", "connolly2009"):
        assert name in text
    assert text.count("Pass extrapolate=") == 1 and text.endswith("to fill them.")
    assert ".;" not in text


@pytest.mark.parametrize("model", ["k", "two-tendon"])
def test_extend_gives_nan_where_a_fit_is_impossible(model):
    # k(θ) has its pole at 128.2°: k(130°) = -0.207, which used to become PFJRF 0 and stress 0;
    # kernozek2015's cubic gives -36 mm² at -30° and -58 mm² at 170°.
    theta = [30.0, 130.0, 170.0, -30.0, 100.0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = pfsim.patellofemoral_load(
            theta,
            knee_extension_moment_Nm=100.0,
            model=model,
            area_fit="kernozek2015",
            extrapolate="extend",
            frontal=False,
        )
    range_warnings = [w for w in caught if w.category is pfsim.PfsimRangeWarning]
    assert len(range_warnings) == 1
    text = str(range_warnings[0].message)
    assert "kernozek2015" in text and "area <= 0" in text
    stress = r.contact_stress_MPa
    assert np.isfinite(stress[[0, 4]]).all() and (stress[[0, 4]] > 0).all()
    assert np.isnan(stress[[2, 3]]).all()  # impossible area
    if model == "k":
        assert "pole" in text
        assert np.isnan(r.joint_reaction_force_N[[1, 2]]).all()  # k beyond its pole: NaN, not 0
        assert np.isnan(stress[1])
    else:
        # the two-tendon k needs no pole guard; 130° has a positive kernozek2015 area (171.5 mm²)
        assert np.isfinite(stress[1]) and stress[1] > 0
    assert not (np.nan_to_num(stress, nan=1.0) == 0).any()  # never a silent zero


def test_extend_without_impossible_values_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = pfsim.patellofemoral_load(
            [100.0, 120.0],
            knee_extension_moment_Nm=100.0,
            area_fit="kernozek2015",
            extrapolate="extend",
            frontal=False,
        )
    assert np.isfinite(r.contact_stress_MPa).all()


@pytest.mark.parametrize(
    "kwargs, names",
    [
        ({"quad_force_N": [1000.0, 2000.0]}, ["knee_flexion_deg has shape (3,)", "quad_force_N"]),
        ({"knee_extension_moment_Nm": np.ones((2, 2))}, ["knee_extension_moment_Nm"]),
        ({"quad_force_N": 1000.0, "q_angle_deg": [10.0, 20.0]}, ["q_angle_deg has shape (2,)"]),
        ({"quad_force_N": 1000.0, "vmo_activation": np.ones(4)}, ["vmo_activation"]),
        (
            {"quad_force_N": 1000.0, "model": "two-tendon", "force_ratio": [1.0, 0.9]},
            ["force_ratio has shape (2,)"],
        ),
    ],
)
def test_shape_mismatch_names_the_arguments(kwargs, names):
    with pytest.raises(ValueError, match="do not broadcast together") as err:
        pfsim.patellofemoral_load([20.0, 30.0, 40.0], **kwargs)
    text = str(err.value)
    for name in names:
        assert name in text
    assert "[:, None]" in text and "operands could not" not in text


def test_grid_by_adding_an_axis_works():
    r = pfsim.patellofemoral_load(
        np.array([20.0, 30.0, 40.0])[:, None], quad_force_N=[1000.0, 2000.0], q_angle_deg=15.0
    )
    assert r.lateral_facet_stress_MPa.shape == (3, 2)


@pytest.mark.parametrize("force", ["quad_force_N", "knee_extension_moment_Nm"])
def test_result_does_not_share_memory_with_inputs(force):
    theta = np.array([20.0, 30.0, 40.0])
    load = np.array([100.0, 120.0, 140.0])
    r = pfsim.patellofemoral_load(theta, **{force: load})
    for name, out in r._arrays().items():
        assert not np.shares_memory(out, theta), name
        assert not np.shares_memory(out, load), name
    before = theta.copy()
    if r.knee_flexion_deg.flags.writeable:
        r.knee_flexion_deg[:] = 0.0
    np.testing.assert_array_equal(theta, before)


def test_masked_arrays_are_refused():
    theta = np.ma.masked_array([20.0, 30.0], mask=[False, True])
    with pytest.raises(ValueError, match="knee_flexion_deg is a numpy masked array .1 of 2"):
        pfsim.patellofemoral_load(theta, quad_force_N=1000.0)
    with pytest.raises(ValueError, match=r"quad_force_N is a numpy masked array.*filled"):
        pfsim.patellofemoral_load(30.0, quad_force_N=np.ma.masked_array([1.0, 2.0]))
    with pytest.raises(ValueError, match="vmo_activation is a numpy masked array"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1.0, vmo_activation=np.ma.masked_array([1.0]))


def test_joint_modules_import_no_cycle_even_through_the_package():
    # Count every import (module level and inside functions), and a `from . import x` as importing
    # the package too (its __init__ runs): the joint modules must still form no cycle.
    import ast
    from pathlib import Path

    root = Path(pfsim.__file__).resolve().parent / "joint"
    names = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names[".".join(p for p in parts if p != "__init__")] = path
    edges = {m: set() for m in names}
    for me, path in names.items():
        package = me if path.name == "__init__.py" else me.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                edges[me] |= {target, *(f"{target}.{a.name}" for a in node.names)} & set(names)
    seen, done = set(), set()

    def visit(m, path):
        assert m not in seen - done, "import cycle: " + " -> ".join(path + [m])
        if m in done:
            return
        seen.add(m)
        for n in sorted(edges[m]):
            visit(n, path + [m])
        done.add(m)

    for m in sorted(names):
        visit(m, [])


@pytest.mark.parametrize(
    "call",
    [
        lambda: pfsim.patellofemoral_load(60.0, quad_force_N=1000.0, area_fit="connolly2009"),
        lambda: pfsim.patellofemoral_load(0.5, quad_force_N=1000.0),  # radians guard
        # the facet model's warning comes when a facet output is first read (frontal lazy)
        lambda: (
            pfsim.patellofemoral_load(
                30.0, quad_force_N=100.0, lateral_retinaculum_N=400.0
            ).off_groove
        ),
        lambda: pfsim.patellofemoral_load(
            30.0, quad_force_N=100.0, lateral_retinaculum_N=400.0, frontal="eager"
        ),
        lambda: pfsim.joint.k_ratio(150.0),
        lambda: pfsim.joint.contact_area_mm2(80.0, fit="connolly2009"),
        lambda: pfsim.joint.geometry.CONTACT_AREA_FITS["connolly2009"](80.0),
        lambda: pfsim.joint.sagittal.jrf_two_tendon_N(1000.0, 150.0),
        lambda: pfsim.joint.frontal.frontal_load(
            30.0, 100.0, 80.0, 300.0, lateral_retinaculum_N=400.0
        ),
        lambda: pfsim.joint.frontal.solve_facet_contact(10.0, 1000.0, 300.0),
    ],
)
def test_joint_warnings_name_the_callers_line(call):
    import pfsim.joint.frontal
    import pfsim.joint.sagittal

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    ours = [
        w
        for w in caught
        if issubclass(w.category, pfsim.PfsimRangeWarning | pfsim.PfsimUnitWarning)
    ]
    assert ours
    assert all(w.filename == __file__ for w in ours), [(w.filename, w.lineno) for w in ours]
