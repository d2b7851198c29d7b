"""The v1 facet solver's outputs against saved outputs of the solver before issue 15 item 2.

``data/frontal_v1_reference.npz`` holds the outputs of :func:`pfsim.joint.frontal.solve_facet_contact`
as it was before the blocked solve (commit fc84107), over a scrambled Sobol box of loads far wider than
physiology (off-groove, one facet lifted, full contact), with zero, denormal, negative and non-finite
inputs mixed in, for the default geometry and one without passive restraints. Regenerate (only from
a tree whose solver is the reference) with ``PYTHONPATH=. python tests/joint/test_frontal_v1_equivalence.py``.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import pfsim
from pfsim.joint import frontal as fr
from pfsim.joint.frontal import facets

DATA = Path(__file__).parent / "data" / "frontal_v1_reference.npz"
G = fr.DEFAULT_FRONTAL_GEOMETRY
GEOMETRIES = {
    "default": G,
    "no_restraint": replace(G, medial_restraint_N_mm=0.0, lateral_restraint_N_mm=0.0),
}


#: NaN/inf/zero inputs give NaN outputs and at most the one pfsim warning, never numpy's.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def reference_inputs(n_log2=12):
    """Sobol box of (C, F, A, M0, KS) with special values at fixed positions (seeded, reproducible)."""
    from scipy.stats import qmc

    x = qmc.Sobol(5, scramble=True, seed=15).random_base2(n_log2)
    C = 4000.0 * x[:, 0] ** 2  # [N], dense near 0
    F = 6000.0 * (x[:, 1] - 0.5)  # [N], up to 3000 N either side (many off the groove)
    A = 50.0 + 450.0 * x[:, 2]  # [mm²]
    M0 = 20000.0 * (x[:, 3] - 0.5)  # [N·mm]
    KS = 60.0 * x[:, 4]  # [N/mm]
    KS[::7] = 0.0  # no centring: restraints alone hold the shift
    C[::11] = 0.0  # unloaded
    C[5::53] = 1e-300  # denormal-scale loads count as unloaded
    C[3::97] = np.nan
    F[4::101] = np.inf
    A[6::89] = np.nan
    A[8::113] = 0.0
    M0[9::127] = np.nan
    KS[10::131] = np.nan
    C[12::59] = -50.0  # negative compression: not loaded
    return C, F, A, M0, KS


def solve_all(C, F, A, M0, KS):
    """The solver's outputs (warn=False, message dropped) for every geometry, keyed ``geometry/output``."""
    out = {}
    for name, g in GEOMETRIES.items():
        r = fr.solve_facet_contact(C, F, A, g, M0, centring_stiffness_N_mm=KS, warn=False)
        out[f"{name}/message"] = np.array(r.pop("message"))
        out.update({f"{name}/{k}": np.asarray(v) for k, v in r.items()})
    return out


def compare(new, ref):
    """Assert the outputs agree: flags, iteration counts and messages exactly; numbers to 1e-12 rel."""
    assert sorted(new) == sorted(ref)
    for key, want in ref.items():
        got = new[key]
        assert got.shape == want.shape and got.dtype == want.dtype, key
        if want.dtype.kind in "biuU":
            np.testing.assert_array_equal(got, want, err_msg=key)
        elif key.endswith("residual_rel"):
            # already relative: round-off sized (≤ 1e-10 where converged)
            np.testing.assert_allclose(got, want, rtol=0.0, atol=1e-12, err_msg=key)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=key)
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=key)


def test_outputs_match_the_pre_issue_15_solver():
    ref = dict(np.load(DATA))
    new = solve_all(*reference_inputs())
    compare(new, ref)
    # the box does exercise every branch: off-groove, one facet off, Newton, NaN in
    d = "default/"
    assert new[d + "off_groove"].any() and new[d + "medial_unloaded"].any()
    assert (new[d + "iterations"] > 0).any() and np.isnan(new[d + "residual_rel"]).any()
    assert new["no_restraint/off_groove"].any()


@pytest.mark.parametrize("block", [1, 7, 100, 10**7])
def test_block_size_does_not_change_outputs(monkeypatch, block):
    # every state is solved on its own: the block size must not change a single bit
    inputs = reference_inputs(8)
    ref = solve_all(*inputs)
    monkeypatch.setattr(facets, "STATES_PER_BLOCK", block)
    monkeypatch.setattr(facets, "SINGLE_BLOCK_MAX_STATES", min(block, 10**6))
    new = solve_all(*inputs)
    for key, want in ref.items():
        np.testing.assert_array_equal(new[key], want, err_msg=key)


def test_broadcast_and_scalar_inputs_keep_their_shape():
    C, F = np.full((3, 1), 800.0), np.array([0.0, 200.0, 5000.0])
    with pytest.warns(pfsim.PfsimRangeWarning, match="3 of 9 states"):  # F = 5000 N: off the groove
        out = fr.solve_facet_contact(C, F, 300.0)
    assert out["lateral_shift_mm"].shape == (3, 3) and out["off_groove"].dtype == bool
    assert out["iterations"].dtype == np.int16 and out["iterations"].shape == (3, 3)
    scalar = fr.solve_facet_contact(800.0, 200.0, 300.0)
    assert scalar["lateral_facet_force_N"].shape == ()
    for key, x in scalar.items():
        np.testing.assert_array_equal(x, out[key][1, 1], err_msg=key)
    empty = fr.solve_facet_contact(np.zeros(0), 100.0, 300.0)
    assert all(x.shape == (0,) for x in empty.values())


if __name__ == "__main__":
    DATA.parent.mkdir(exist_ok=True)
    np.savez_compressed(DATA, **solve_all(*reference_inputs()))
    print(f"wrote {DATA}")
