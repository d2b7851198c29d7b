"""The compiled v1 facet solver (numba, the extra ``pfsim[compiled]``) against the numpy reference.

Both solve the same algorithm; the compiled kernel repeats the numpy path's floating-point
operations state by state, so the outputs must agree to 1e-12 relative with identical flags,
iteration counts and warning text over the saved Sobol' box of the v1 equivalence test (off-groove,
one facet lifted, Newton, zero, denormal, negative and non-finite inputs). The kernel's Python source
also runs uncompiled (a few hundred states), so its logic is checked where numba is absent (CI).
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import pfsim
from pfsim.joint import frontal as fr
from pfsim.joint.frontal import _compiled, facets

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _equivalence():
    """The v1 equivalence test module (its Sobol' box, geometries and comparison)."""
    path = Path(__file__).with_name("test_frontal_v1_equivalence.py")
    spec = importlib.util.spec_from_file_location("_frontal_v1_equivalence", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EQ = _equivalence()


def solve_all(compiled, inputs):
    """Every output of both geometries, keyed ``geometry/output`` (``warn=False``: the message too)."""
    C, F, A, M0, KS = inputs
    out = {}
    for name, g in EQ.GEOMETRIES.items():
        r = fr.solve_facet_contact(
            C, F, A, g, M0, centring_stiffness_N_mm=KS, warn=False, compiled=compiled
        )
        out[f"{name}/message"] = np.array(r.pop("message"))
        out.update({f"{name}/{k}": np.asarray(v) for k, v in r.items()})
    return out


def assert_agree(got, want):
    """Flags, iterations and messages identical; numbers to 1e-12 relative, NaN where NaN."""
    assert sorted(got) == sorted(want)
    for key, w in want.items():
        g = got[key]
        assert g.shape == w.shape and g.dtype == w.dtype, key
        if w.dtype.kind in "biuU":
            np.testing.assert_array_equal(g, w, err_msg=key)
        else:
            np.testing.assert_array_equal(np.isnan(g), np.isnan(w), err_msg=key)
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=0.0, err_msg=key)


def test_the_environment_and_the_argument_choose_the_solver(monkeypatch):
    monkeypatch.delenv("PFSIM_COMPILED", raising=False)
    assert not facets._compiled_wanted(None)  # numpy by default
    assert facets._compiled_wanted(True) and not facets._compiled_wanted(False)
    monkeypatch.setenv("PFSIM_COMPILED", "1")
    assert facets._compiled_wanted(None) and not facets._compiled_wanted(False)
    monkeypatch.setenv("PFSIM_COMPILED", "0")
    assert not facets._compiled_wanted(None)
    for on in ("yes", "TRUE", " on "):
        monkeypatch.setenv("PFSIM_COMPILED", on)
        assert facets._compiled_wanted(None)
    for off in ("no", "False", "off", ""):
        monkeypatch.setenv("PFSIM_COMPILED", off)
        assert not facets._compiled_wanted(None)
    with pytest.raises(ValueError, match="compiled must be True, False or None"):
        facets._compiled_wanted("0")
    monkeypatch.setenv("PFSIM_COMPILED", "maybe")
    with pytest.raises(ValueError, match="PFSIM_COMPILED must be 1"):
        fr.solve_facet_contact(800.0, 100.0, 300.0)
    # the joint model checks it at the call, not at the first access of a facet output
    with pytest.raises(ValueError, match="PFSIM_COMPILED must be 1"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1000.0)


def test_importing_pfsim_and_solving_with_numpy_does_not_import_numba():
    code = (
        "import sys, pfsim; "
        "pfsim.patellofemoral_load(30.0, quad_force_N=1000.0).lateral_facet_stress_MPa; "
        "assert 'numba' not in sys.modules, 'numba imported'"
    )
    env = {**os.environ, "PFSIM_COMPILED": "0"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_compiled_without_numba_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.setattr(_compiled, "_KERNEL", [])
    with pytest.raises(ImportError, match=r"pfsim\[compiled\]"):
        fr.solve_facet_contact(800.0, 100.0, 300.0, compiled=True)


def test_compiled_asked_by_the_environment_without_numba_fails_at_the_call(monkeypatch):
    """PFSIM_COMPILED=1 without numba: a ValueError (one line on the command line) at the
    patellofemoral_load call; before, the call succeeded and the first facet output raised an
    ImportError (a traceback from ``pfsim run``)."""
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.setattr(_compiled, "_KERNEL", [])
    monkeypatch.setenv("PFSIM_COMPILED", "on")
    with pytest.raises(ValueError, match=r"needs numba .*pfsim\[compiled\].*PFSIM_COMPILED=0"):
        pfsim.patellofemoral_load(30.0, quad_force_N=1000.0)
    monkeypatch.setenv("PFSIM_COMPILED", "off")
    assert np.isfinite(
        pfsim.patellofemoral_load(30.0, quad_force_N=1000.0).lateral_facet_stress_MPa
    )


def test_the_kernel_source_uncompiled_agrees_with_numpy():
    # the kernel's Python functions, run by the interpreter (no numba needed), on the first 384
    # states of the box: every special value and both contact branches occur there
    inputs = [x[:384] for x in EQ.reference_inputs()]
    want = solve_all(False, inputs)
    g = EQ.G
    consts = facets._facet_constants(g)
    p = _compiled.constants(
        consts,
        (np.radians(g.lateral_facet_inclination_deg), np.radians(g.medial_facet_inclination_deg)),
        *facets._full_contact_inverse(consts),
        g.foundation_modulus_N_mm3,
        g.articular_width_mm,
        facets.RESIDUAL_TOLERANCE,
        facets.MAX_NEWTON_ITERATIONS,
        180.0 / np.pi,
    )
    n = inputs[0].size
    rows = np.empty((len(_compiled.FLOAT_ROWS), n))
    flags = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
    iterations = np.empty(n, dtype=np.int16)
    solve = getattr(_compiled.solve_states, "py_func", _compiled.solve_states)
    with np.errstate(all="ignore"):
        n_off, n_unconverged = solve(*inputs, p, rows, *flags, iterations)
    got = {f"default/{k}": rows[i] for i, k in enumerate(_compiled.FLOAT_ROWS)}
    got.update({"default/medial_unloaded": flags[0], "default/off_groove": flags[1]})
    got["default/iterations"] = iterations
    assert_agree(got, {k: v for k, v in want.items() if k in got})
    assert facets._off_groove_message(n_off, n_unconverged, n) == str(want["default/message"])
    assert n_off > 0 and (iterations > 0).any() and want["default/medial_unloaded"].any()


def test_compiled_agrees_with_numpy_over_the_reference_box():
    pytest.importorskip("numba")
    inputs = EQ.reference_inputs()
    want = solve_all(False, inputs)
    got = solve_all(True, inputs)
    assert_agree(got, want)
    # and with the saved outputs of the solver before issue 15 (the equivalence test's reference)
    EQ.compare(got, dict(np.load(EQ.DATA)))


def test_compiled_keeps_shapes_warnings_and_read_only_inputs():
    pytest.importorskip("numba")
    C, F = np.full((3, 1), 800.0), np.array([0.0, 200.0, 5000.0])
    with pytest.warns(pfsim.PfsimRangeWarning, match="3 of 9 states"):
        out = fr.solve_facet_contact(C, F, 300.0, compiled=True)
    ref = fr.solve_facet_contact(C, F, 300.0, warn=False, compiled=False)
    ref.pop("message")
    assert_agree(out, ref)
    empty = fr.solve_facet_contact(np.zeros(0), 100.0, 300.0, compiled=True)
    assert all(x.shape == (0,) for x in empty.values())
    area = np.full(4, 300.0)
    area.flags.writeable = False  # the lazy JointLoad hands its frozen arrays to the solver
    r = fr.solve_facet_contact(np.full(4, 900.0), 150.0, area, compiled=True)
    assert np.isfinite(r["lateral_facet_stress_MPa"]).all()


def test_the_joint_model_uses_the_compiled_solver_when_the_environment_asks(monkeypatch):
    pytest.importorskip("numba")
    rng = np.random.default_rng(3)
    theta, moment = rng.uniform(5.0, 60.0, 500), rng.uniform(0.0, 250.0, 500)
    q = rng.uniform(8.0, 25.0, 500)
    monkeypatch.setenv("PFSIM_COMPILED", "0")
    want = pfsim.patellofemoral_load(
        theta, knee_extension_moment_Nm=moment, q_angle_deg=q, frontal="eager"
    )
    monkeypatch.setenv("PFSIM_COMPILED", "1")  # read when the facet outputs are computed
    calls = []
    monkeypatch.setattr(facets, "_solve_compiled", lambda *a: calls.append(1) or solve(*a))
    got = pfsim.patellofemoral_load(theta, knee_extension_moment_Nm=moment, q_angle_deg=q)
    np.testing.assert_allclose(got.lateral_facet_stress_MPa, want.lateral_facet_stress_MPa, 1e-12)
    np.testing.assert_array_equal(got.off_groove, want.off_groove)
    assert calls == [1]


solve = facets._solve_compiled
