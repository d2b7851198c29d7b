"""Frontal v2's residual and Jacobian against the sympy full-contact derivation (pfsim.derivations.frontal).

In full contact the v2 residual must equal the derived one at the current facet inclinations, its
(v, φ) columns the derived Jacobian, and its shift column the derived one plus the slope terms
``∂R/∂α · dα/du`` (α from tan α = t(u); dα/dt = cos² α), with ∂R/∂α differentiated by sympy.
"""

import numpy as np
import pytest

from pfsim.joint import _generated_frontal as gf
from pfsim.joint import frontal as fr
from pfsim.joint.frontal import groove as gr

G2 = fr.lenhart2015_geometry()


@pytest.fixture(scope="module")
def dR_dalpha():
    sp = pytest.importorskip("sympy")
    from pfsim.derivations.frontal import derive

    d = derive()
    fc = d["full_contact"]
    u, v, phi, aL, aM = d["penetration"]["symbols"]
    C, F, _, _ = d["rigid"]["symbols"]
    wL, wM, h, KD, k, M0 = fc["symbols"]
    args = (u, v, phi, aL, aM, wL, wM, h, KD, k, C, F, M0)
    return {
        side: sp.lambdify(args, sp.diff(fc["R"], a), "numpy") for side, a in (("L", aL), ("M", aM))
    }


@pytest.mark.parametrize("theta, u", [(10.0, 1.5), (30.0, 2.5), (60.0, -1.0), (85.0, -2.0)])
def test_v2_full_contact_matches_sympy(theta, u, dR_dalpha):
    n = 1
    C, F, KD, ks = np.array([2500.0]), np.array([120.0]), np.array([40.0]), np.array([30.0])
    P = fr.groove_parameters(np.array([theta]))
    wL = G2.articular_width_mm * G2.lateral_facet_share
    wM = G2.articular_width_mm - wL
    S = gr._State(C, F, KD, np.zeros(n), ks, P, wL, wM, G2.load_height_mm)
    uu = np.array([u])
    tL, tM = gr.facet_slopes(uu, S)
    aL, aM = np.arctan(tL), np.arctan(tM)
    phi = np.array([0.002])
    v = np.array([3.0])  # deep enough that both facets touch over their whole width
    pen = gf.penetration_coefficients(uu, v, phi, aL, aM)
    assert min(pen[0], pen[0] + pen[1] * wL, pen[2], pen[2] + pen[3] * wM) > 0
    R, J, (_, _, _, _, _, _, _, _, fm, fl) = gr._residual(uu, v, phi, S)
    # the derived residual with the restraint forces as part of the lateral load (k = 0)
    Fx = F + fm + fl - ks * uu
    R_ref = gf.full_contact_residual(uu, v, phi, aL, aM, wL, wM, G2.load_height_mm, KD, 0.0, C, Fx)
    np.testing.assert_allclose(np.ravel(R), np.ravel(R_ref), rtol=1e-10, atol=1e-8)
    _, _, _, dFr = gr._restraints(uu, S)
    J_ref = gf.full_contact_jacobian(aL, aM, wL, wM, G2.load_height_mm, KD, -dFr)
    for r in range(3):
        for c in (1, 2):
            np.testing.assert_allclose(J[r][c], J_ref[r][c], rtol=1e-10)
    # shift column: the derived one plus ∂R/∂α_i · cos² α_i · dt_i/du
    dtL = np.where((uu > 0) & (tL > 0), S.kL, 0.0)
    dtM = np.where((uu < 0) & (tM > 0), -S.kM, 0.0)
    args = (uu, v, phi, aL, aM, wL, wM, G2.load_height_mm, KD, 0.0, C, Fx, 0.0)
    dL = np.ravel(dR_dalpha["L"](*args))
    dM = np.ravel(dR_dalpha["M"](*args))
    for r in range(3):
        expect = J_ref[r][0] + dL[r] * np.cos(aL) ** 2 * dtL + dM[r] * np.cos(aM) ** 2 * dtM
        np.testing.assert_allclose(J[r][0], expect, rtol=1e-9, atol=1e-9)
