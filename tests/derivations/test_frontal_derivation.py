"""The sympy full-contact derivation (derivation 4 of pfsim.derivations.frontal) against the
hand-coded elastic facet solver in pfsim.joint.frontal: residual, Jacobian and closed form."""

import numpy as np
import pytest

from pfsim.joint import _generated_frontal as gf
from pfsim.joint import frontal as fr

SEED = 20240611
N_GEOMETRIES = 25
N_STATES = 12


def random_geometry(rng):
    """Facet inclinations [rad], widths, load height [mm], restraints and centring [N/mm]."""
    aL, aM = np.radians(rng.uniform(5.0, 35.0, 2))
    wL, wM = rng.uniform(8.0, 35.0, 2)
    h = rng.uniform(3.0, 20.0)
    kmed, klat = rng.uniform(0.0, 25.0, 2)
    ks = rng.uniform(0.0, 120.0)
    KD = rng.uniform(5.0, 800.0)  # foundation modulus × band length [N/mm²]
    consts = (np.sin(aL), np.cos(aL), np.sin(aM), np.cos(aM), wL, wM, h, kmed, klat)
    return aL, aM, wL, wM, h, kmed, klat, ks, KD, consts


def full_contact_states(rng, aL, aM, wL, wM, n=N_STATES, margin=0.5):
    """(u, v, φ) with both facets in full contact: a_i and a_i + b_i w_i all ≥ ``margin`` [mm]."""
    u = rng.uniform(0.5, 4.0, n) * rng.choice([-1.0, 1.0], n)  # keep clear of the kink at u = 0
    phi = rng.uniform(-0.03, 0.03, n)
    # a_L = u sin α_L + v cos α_L, b_L = −φ; a_M = −u sin α_M + v cos α_M, b_M = φ
    need_L = (margin + np.maximum(0.0, phi * wL) - u * np.sin(aL)) / np.cos(aL)
    need_M = (margin + np.maximum(0.0, -phi * wM) + u * np.sin(aM)) / np.cos(aM)
    v = np.maximum(need_L, need_M) + rng.uniform(0.0, 2.0, n)
    a_L, b_L, a_M, b_M = gf.penetration_coefficients(u, v, phi, aL, aM)
    assert np.all(a_L >= margin - 1e-12) and np.all(a_L + b_L * wL >= margin - 1e-12)
    assert np.all(a_M >= margin - 1e-12) and np.all(a_M + b_M * wM >= margin - 1e-12)
    return u, v, phi


def engaged_stiffness(u, kmed, klat, ks):
    """Total linear restraint the hand-coded solver applies at shift u (MPFL or lateral + ks)."""
    return np.where(u > 0.0, kmed, klat) + ks


def generated_jacobian(aL, aM, wL, wM, h, KD, k):
    J = gf.full_contact_jacobian(aL, aM, wL, wM, h, KD, k)
    return np.array([[np.broadcast_to(J[r][c], np.shape(k)) for c in range(3)] for r in range(3)])


def cases():
    rng = np.random.default_rng(SEED)
    for _ in range(N_GEOMETRIES):
        aL, aM, wL, wM, h, kmed, klat, ks, KD, consts = random_geometry(rng)
        u, v, phi = full_contact_states(rng, aL, aM, wL, wM)
        C = rng.uniform(50.0, 6000.0, N_STATES)
        F = rng.uniform(-1500.0, 1500.0, N_STATES)
        M0 = rng.uniform(-5000.0, 5000.0, N_STATES)
        yield aL, aM, wL, wM, h, kmed, klat, ks, KD, consts, u, v, phi, C, F, M0


def test_generated_jacobian_and_residual_equal_the_hand_coded_ones_in_full_contact():
    for aL, aM, wL, wM, h, kmed, klat, ks, KD, consts, u, v, phi, C, F, M0 in cases():
        R, J, extra = fr._residual_and_jacobian(u, v, phi, C, F, KD, consts, M0=M0, ks=ks)
        m0L, m0M = extra[6], extra[7]
        np.testing.assert_array_equal(m0L, wL)  # the states are indeed in full contact
        np.testing.assert_array_equal(m0M, wM)
        k = engaged_stiffness(u, kmed, klat, ks)
        J_hand = np.array([[np.broadcast_to(J[r][c], u.shape) for c in range(3)] for r in range(3)])
        np.testing.assert_allclose(
            generated_jacobian(aL, aM, wL, wM, h, KD, k), J_hand, rtol=1e-12, atol=0.0
        )
        R_gen = np.array(gf.full_contact_residual(u, v, phi, aL, aM, wL, wM, h, KD, k, C, F, M0))
        # residuals are sums of terms of order K D w² v; compare relative to that scale
        scale = KD * max(wL, wM) ** 3 * (np.abs(u) + np.abs(v) + np.abs(phi) * max(wL, wM))
        np.testing.assert_allclose(R_gen, R, rtol=0.0, atol=1e-12 * scale.max())


def test_generated_jacobian_matches_central_differences_of_the_hand_coded_residual():
    for aL, aM, wL, wM, h, kmed, klat, ks, KD, consts, u, v, phi, C, F, M0 in cases():
        k = engaged_stiffness(u, kmed, klat, ks)
        J_gen = generated_jacobian(aL, aM, wL, wM, h, KD, k)

        def residual(uu, vv, pp, C=C, F=F, KD=KD, consts=consts, M0=M0, ks=ks):
            R, _, _ = fr._residual_and_jacobian(
                uu, vv, pp, C, F, KD, consts, jacobian=False, M0=M0, ks=ks
            )
            return R

        # steps small enough to stay in full contact (margin 0.5 mm) and off u = 0
        steps = (1e-2, 1e-2, 1e-4)
        for c, step in enumerate(steps):
            dx = [np.zeros_like(u) for _ in range(3)]
            dx[c] += step
            plus = residual(u + dx[0], v + dx[1], phi + dx[2])
            minus = residual(u - dx[0], v - dx[1], phi - dx[2])
            fd = (plus - minus) / (2 * step)
            scale = np.abs(J_gen[:, c]).max()
            np.testing.assert_allclose(J_gen[:, c], fd, rtol=1e-7, atol=1e-9 * scale)


@pytest.mark.parametrize("with_moment", [False, True])
def test_linear_solve_with_the_generated_jacobian_is_the_closed_form(with_moment):
    rng = np.random.default_rng(SEED + 1)
    for _ in range(N_GEOMETRIES):
        aL, aM, wL, wM, h, kmed, klat, ks, _, consts = random_geometry(rng)
        C = rng.uniform(10.0, 6000.0, N_STATES)
        F = rng.uniform(-1500.0, 1500.0, N_STATES)
        KD = rng.uniform(5.0, 800.0, N_STATES)
        kr = rng.uniform(0.0, 150.0, N_STATES)  # total restraint stiffness, 0 = all slack
        M0 = rng.uniform(-5000.0, 5000.0, N_STATES) if with_moment else np.zeros(N_STATES)
        closed = np.array(fr._full_contact_solution(C, F, KD, kr, consts, M0=M0))
        zero = np.zeros(N_STATES)
        R0 = np.array(
            gf.full_contact_residual(zero, zero, zero, aL, aM, wL, wM, h, KD, kr, C, F, M0)
        )
        J = generated_jacobian(aL, aM, wL, wM, h, KD, kr)
        x = np.linalg.solve(np.moveaxis(J, -1, 0), -R0.T[..., None])[..., 0].T  # −J⁻¹ R(0)
        # the generated residual vanishes there (the system is linear)
        R_x = np.array(gf.full_contact_residual(*x, aL, aM, wL, wM, h, KD, kr, C, F, M0))
        assert np.all(np.abs(R_x[:2]) <= 1e-9 * (C + np.abs(F)))
        assert np.all(np.abs(R_x[2]) <= 1e-9 * (C + np.abs(F)) * max(wL, wM, h))
        # and the hand-coded closed form (J0⁻¹ with Sherman–Morrison) is the same point; the
        # tolerance is relative to each state's displacement scale (u, v [mm], φ times a width)
        size = np.abs(x[0]) + np.abs(x[1]) + np.abs(x[2]) * max(wL, wM)
        for i, unit in enumerate((1.0, 1.0, 1.0 / max(wL, wM))):
            err = np.abs(closed[i] - x[i])
            assert np.all(err <= 1e-9 * np.abs(x[i]) + 1e-10 * size * unit), (i, err.max())
