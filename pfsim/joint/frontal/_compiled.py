"""The v1 facet solver state by state, compiled with numba (the optional extra ``pfsim[compiled]``).

The same algorithm as the numpy reference :func:`pfsim.joint.frontal.solve_facet_contact` (closed
forms for full contact and for one facet lifted off, then Newton with backtracking on the active
contact set, the same stopping rule and iteration cap, the same outputs), written for one state at
a time: one pass over the states, every intermediate a scalar in registers (issue 15 item 2:
"optional compiled kernels, the numpy path the reference"). Each expression repeats the numpy
path's floating-point operations in the same order (no fast-math, no fused multiply-add), so the
outputs agree with the reference to round-off; tests/joint/test_frontal_compiled.py asserts
1e-12 relative and identical flags and iteration counts.

numba is imported only by :func:`kernel` (never at ``import pfsim``); the functions below are
plain Python until then (the test runs them uncompiled too, on a few states, where numba is
absent). :func:`kernel` compiles them on first use (``cache=True``: later processes load the
machine code from numba's cache).
"""

from __future__ import annotations

import math
import threading

import numpy as np

from .parameters import FACET_FLOAT_OUTPUTS

#: Rows of the float outputs in the kernel's (15, n) output array, as named by the solver.
FLOAT_ROWS = FACET_FLOAT_OUTPUTS

# Indices into the constants vector ``p`` (see :func:`constants`).
(_SL, _CL, _SM, _CM, _WL, _WM, _H, _KMED, _KLAT, _XC) = range(10)
(_PSL, _PCL, _PSM, _PCM, _RSL, _RCL, _RSM, _RCM, _WL3, _WM3) = range(10, 20)
(_Y00, _Y01, _Y02, _Y10, _Y11, _Y12, _Y20, _Y21, _Y22, _Z0, _Z1, _Z2) = range(20, 32)
(_K, _WIDTH, _TOL, _MAXIT, _DEGPR) = range(32, 37)


def constants(consts, alpha_rad, inv, z, K, width, tol, max_iterations, deg_per_rad):
    """The kernel's constants as one float64 vector.

    Parameters
    ----------
    consts : tuple
        ``(sin α_L, cos α_L, sin α_M, cos α_M, w_L, w_M, h, k_MPFL, k_lat)`` of the geometry.
    alpha_rad : tuple of float
        The facet inclinations (lateral, medial) in radians, as the closed forms use them.
    inv : numpy.ndarray
        ``J0⁻¹`` (3, 3) of the full-contact closed form.
    z : numpy.ndarray
        ``J0⁻¹ b`` (3).
    K : float
        Foundation modulus [N/mm³].
    width, tol, max_iterations, deg_per_rad : float
        Articular width [mm], the residual tolerance, the Newton cap and 180/π.

    Returns
    -------
    numpy.ndarray
        Geometry, the two sets of penetration trigonometry (the residual's, from ``asin(sin α)``,
        and the closed forms', from the inclination in radians), the facet widths cubed, ``J0⁻¹``,
        ``z`` and the numbers above.
    """
    sL, cL, sM, cM, wL, wM, h, kmed, klat = consts
    rad = np.arcsin(sL), np.arcsin(sM)  # what _residual hands penetration_coefficients
    aLr, aMr = alpha_rad
    return np.array(
        [sL, cL, sM, cM, wL, wM, h, kmed, klat, 0.5 * (wL - wM)]
        + [np.sin(rad[0]), np.cos(rad[0]), np.sin(rad[1]), np.cos(rad[1])]
        + [np.sin(aLr), np.cos(aLr), np.sin(aMr), np.cos(aMr), wL**3, wM**3]
        + list(np.asarray(inv, dtype=np.float64).ravel())
        + list(np.asarray(z, dtype=np.float64))
        + [K, width, tol, float(max_iterations), deg_per_rad],
        dtype=np.float64,
    )


def _max(x, y):
    """``np.maximum`` of two floats (NaN propagates)."""
    if math.isnan(x) or x >= y:
        return x
    return y


def _min(x, y):
    """``np.minimum`` of two floats (NaN propagates)."""
    if math.isnan(x) or x <= y:
        return x
    return y


def _moments(a, b, w):
    """Moments m0, m1, m2 of the contact interval of ``a + b s > 0`` on [0, w] (``_facet_moments``)."""
    root = _min(_max(-a / b, 0.0), w)
    up = b > 0.0
    s0 = root if up else 0.0
    s1 = w if up else root
    if b == 0.0:
        s1 = w if a > 0.0 else 0.0
    s1 = _max(s1, s0)
    s0sq, s1sq = s0 * s0, s1 * s1
    return s1 - s0, 0.5 * (s1sq - s0sq), (s1sq * s1 - s0sq * s0) / 3.0


def _residual(u, v, phi, C, F, KD, M0, ks, p):
    """Residual (R0, R1, R2) and the Jacobian's ingredients of one state (``facets._residual``)."""
    aL = v * p[_PCL] + u * p[_PSL]
    bL = -phi
    aM = v * p[_PCM] - u * p[_PSM]
    bM = phi
    m0L, m1L, m2L = _moments(aL, bL, p[_WL])
    m0M, m1M, m2M = _moments(aM, bM, p[_WM])
    NL = KD * (aL * m0L + bL * m1L)
    NM = KD * (aM * m0M + bM * m1M)
    ML = KD * (aL * m1L + bL * m2L)
    MM = KD * (aM * m1M + bM * m2M)
    kr = -p[_KMED] if u > 0.0 else -p[_KLAT]
    Fx = F + (kr * u - ks * u)
    R0 = -NL * p[_SL] + NM * p[_SM] + Fx
    R1 = NL * p[_CL] + NM * p[_CM] - C
    R2 = ML - MM - p[_XC] * C - p[_H] * Fx + M0
    return R0, R1, R2, NL, NM, aL, bL, aM, bM, m0L, m0M, m1L, m2L, m1M, m2M, kr - ks


def _relative(R0, R1, R2, scale):
    """``max |R| / scale`` (NaN propagates, as ``np.max``)."""
    return _max(_max(abs(R0), abs(R1)), abs(R2)) / scale


def _step(KD, m0L, m1L, m2L, m0M, m1M, m2M, dFp, R0, R1, R2, p):
    """Newton step (Jacobian by columns, Cramer's rule): ``facets._jacobian`` and ``_solve3``."""
    sL, cL, sM, cM, h = p[_SL], p[_CL], p[_SM], p[_CM], p[_H]
    k0L, k1L, k2L, k0M, k1M, k2M = KD * m0L, KD * m1L, KD * m2L, KD * m0M, KD * m1M, KD * m2M
    nL0, nL1, nL2 = k0L * sL, k0L * cL, -k1L
    nM0, nM1, nM2 = -(k0M * sM), k0M * cM, k1M
    mL0, mL1, mL2 = k1L * sL, k1L * cL, -k2L
    mM0, mM1, mM2 = -(k1M * sM), k1M * cM, k2M
    a = -sL * nL0 + sM * nM0 + dFp
    b = -sL * nL1 + sM * nM1 + 0.0
    c = -sL * nL2 + sM * nM2 + 0.0
    d = cL * nL0 + cM * nM0
    e = cL * nL1 + cM * nM1
    f = cL * nL2 + cM * nM2
    g = mL0 - mM0 - h * dFp
    hh = mL1 - mM1 - h * 0.0
    i = mL2 - mM2 - h * 0.0
    co_a = e * i - f * hh
    co_b = f * g - d * i
    co_c = d * hh - e * g
    det = a * co_a + b * co_b + c * co_c
    x0 = (R0 * co_a + R1 * (c * hh - b * i) + R2 * (b * f - c * e)) / det
    x1 = (R0 * co_b + R1 * (a * i - c * g) + R2 * (c * d - a * f)) / det
    x2 = (R0 * co_c + R1 * (b * g - a * hh) + R2 * (a * e - b * d)) / det
    return x0, x1, x2


def _newton(u, v, phi, C, F, KD, M0, ks, p):
    """Newton with backtracking from (u, v, φ) (``facets._newton_contact``): (u, v, φ, iterations)."""
    scale = _max(abs(C), abs(F))
    r = _residual(u, v, phi, C, F, KD, M0, ks, p)
    res = _relative(r[0], r[1], r[2], scale)
    iterations = 0
    for it in range(int(p[_MAXIT])):
        if not res > p[_TOL]:
            break
        du, dv, dp = _step(KD, r[9], r[11], r[12], r[10], r[13], r[14], r[15], r[0], r[1], r[2], p)
        un, vn, pn = u - du, v - dv, phi - dp
        rn = _residual(un, vn, pn, C, F, KD, M0, ks, p)
        resn = _relative(rn[0], rn[1], rn[2], scale)
        lam = 1.0
        for _ in range(6):  # halve the step while it raises the residual
            if not resn > res:
                break
            lam *= 0.5
            un, vn, pn = u - lam * du, v - lam * dv, phi - lam * dp
            rn = _residual(un, vn, pn, C, F, KD, M0, ks, p)
            resn = _relative(rn[0], rn[1], rn[2], scale)
        u, v, phi, r, res = un, vn, pn, rn, resn
        iterations = it + 1
    return u, v, phi, iterations


def _lifted_off(C, F, KD, M0, ks, p, lateral):
    """Closed form with only one facet in contact (``facets._single_facet_solution``), or NaN."""
    xc, h = p[_XC], p[_H]
    if lateral:
        k = p[_KMED] + ks
        N = C / p[_CL]
        u = (F - C * p[_SL] / p[_CL]) / k
        moment = xc * C + h * (F - k * u) - M0
        w, w3, s_in, c_in = p[_WL], p[_WL3], p[_SL], p[_CL]
        valid = u > 0 and k > 0
    else:
        k = p[_KLAT] + ks
        N = C / p[_CM]
        u = (F + C * p[_SM] / p[_CM]) / k
        moment = -xc * C - h * (F - k * u) + M0
        w, w3, s_in, c_in = p[_WM], p[_WM3], p[_SM], p[_CM]
        valid = u < 0 and k > 0
    sbar = moment / N
    if not (valid and sbar > 0 and sbar < w):
        return math.nan, math.nan, math.nan
    if sbar < w / 3:  # triangle from the ridge
        c_r = 3 * sbar
        a = 2 * N / (KD * c_r)
        b = -a / c_r
    elif sbar > 2 * w / 3:  # triangle from the edge
        ell = 3 * (w - sbar)
        b = 2 * N / (KD * ell) / ell
        a = -b * (w - ell)
    else:  # trapezoid
        a = (4 * N * w - 6 * moment) / (KD * w * w)
        b = (12 * moment - 6 * N * w) / (KD * w3)
    if lateral:
        return u, (a - u * s_in) / c_in, -b
    return u, (a + u * s_in) / c_in, b


def _touches(u, v, phi, p, lateral):
    """Penetration at either end of a facet (the closed forms' trigonometry): (at 0, at w)."""
    if lateral:
        a = v * p[_RCL] + u * p[_RSL]
        return a, a + -phi * p[_WL]
    a = v * p[_RCM] - u * p[_RSM]
    return a, a + phi * p[_WM]


def _closed_form(C, F, KD, M0, ks, p):
    """Closed-form start or solution of one state (``facets._closed_form_contact``): (u, v, φ, exact)."""
    y0 = p[_Y00] * F + p[_Y01] * -C + p[_Y02] * (-p[_XC] * C - p[_H] * F + M0)
    y1 = p[_Y10] * F + p[_Y11] * -C + p[_Y12] * (-p[_XC] * C - p[_H] * F + M0)
    y2 = p[_Y20] * F + p[_Y21] * -C + p[_Y22] * (-p[_XC] * C - p[_H] * F + M0)
    gamma = ks / KD
    u0 = -(y0 - p[_Z0] * (gamma * y0 / (1.0 + gamma * p[_Z0]))) / KD
    gamma = ((p[_KMED] if u0 > 0.0 else p[_KLAT]) + ks) / KD
    coef = gamma * y0 / (1.0 + gamma * p[_Z0])
    u = -(y0 - p[_Z0] * coef) / KD
    v = -(y1 - p[_Z1] * coef) / KD
    phi = -(y2 - p[_Z2] * coef) / KD
    l0, l1 = _touches(u, v, phi, p, True)
    n0, n1 = _touches(u, v, phi, p, False)
    if l0 >= 0.0 and l1 >= 0.0 and n0 >= 0.0 and n1 >= 0.0 and (u > 0.0) == (u0 > 0.0):
        return u, v, phi, True
    for lateral in (True, False):
        uc, vc, pc = _lifted_off(C, F, KD, M0, ks, p, lateral)
        o0, o1 = _touches(uc, vc, pc, p, not lateral)  # the other facet must not touch
        finite = math.isfinite(uc) and math.isfinite(vc) and math.isfinite(pc)
        if o0 <= 0 and o1 <= 0 and finite:
            return uc, vc, pc, True
    return u, v, phi, False


def _outputs(i, u, v, phi, C, F, D, M0, ks, p, out):
    """Write state ``i``'s float outputs (``facets._facet_outputs``); return the flags.

    Returns
    -------
    tuple of bool
        ``(off_groove, unconverged, medial_unloaded)``.
    """
    K = p[_K]
    r = _residual(u, v, phi, C, F, K * D, M0, ks, p)
    NL, NM, aL, bL, aM, bM, m0L, m0M = r[3:11]
    rel = _relative(r[0], r[1], r[2], _max(abs(C), abs(F)))
    out[14, i] = rel
    off = u > p[_WL] or u < -p[_WM]
    unconverged = not rel <= p[_TOL] * 1e3
    if off or unconverged:  # outside the model: the facet numbers are NaN
        for row in range(14):
            out[row, i] = math.nan
        return off, unconverged, m0M <= 0.0
    areaL, areaM = m0L * D, m0M * D
    out[0, i] = NL
    out[1, i] = NM
    out[2, i] = m0L
    out[3, i] = m0M
    out[4, i] = areaL
    out[5, i] = areaM
    out[6, i] = NL / areaL if areaL > 0 else 0.0
    out[7, i] = NM / areaM if areaM > 0 else 0.0
    out[8, i] = K * _max(_max(_max(aL, aL + bL * p[_WL]), _max(aM, aM + bM * p[_WM])), 0.0)
    out[9, i] = u
    out[10, i] = phi * -p[_DEGPR]
    out[11, i] = v
    out[12, i] = p[_KMED] * u if u > 0 else 0.0
    out[13, i] = ks * u
    return off, unconverged, m0M <= 0.0


def solve_states(C, F, A, M0, KS, p, out, medial_unloaded, off_groove, iterations):
    """Solve every state; write the outputs; return (states off the groove, states unconverged).

    Parameters
    ----------
    C, F, A, M0, KS : numpy.ndarray
        Compression [N], lateral load [N], full-contact area [mm²], external moment [N·mm] and
        centring stiffness [N/mm] (1-D, one length).
    p : numpy.ndarray
        :func:`constants`.
    out : numpy.ndarray
        (15, n) float outputs, rows :data:`FLOAT_ROWS` (written).
    medial_unloaded, off_groove : numpy.ndarray of bool
        The flags (written).
    iterations : numpy.ndarray of int16
        Newton iterations per state (written).

    Returns
    -------
    tuple of int
        The counts of the solver's single warning.
    """
    n_off = 0
    n_unconverged = 0
    for i in range(C.size):
        c, f, ks, m0 = C[i], F[i], KS[i], M0[i]
        D = A[i] / p[_WIDTH]
        finite = math.isfinite(c) and math.isfinite(f) and math.isfinite(D) and math.isfinite(ks)
        medial_unloaded[i] = False
        off_groove[i] = False
        iterations[i] = 0
        if not (c > 1e-6 and finite and D > 0):  # out of contact, or an input not finite
            fill = 0.0 if finite else math.nan
            for row in range(15):
                out[row, i] = fill
            continue
        KD = p[_K] * D
        u, v, phi, exact = _closed_form(c, f, KD, m0, ks, p)
        if not exact:
            u, v, phi, it = _newton(u, v, phi, c, f, KD, m0, ks, p)
            iterations[i] = it
        off, unconverged, unloaded = _outputs(i, u, v, phi, c, f, D, m0, ks, p, out)
        medial_unloaded[i] = unloaded
        off_groove[i] = off
        if off:
            n_off += 1
        if unconverged:
            n_unconverged += 1
    return n_off, n_unconverged


_FUNCTIONS = (
    "_max",
    "_min",
    "_moments",
    "_residual",
    "_relative",
    "_step",
    "_newton",
    "_lifted_off",
    "_touches",
    "_closed_form",
    "_outputs",
    "solve_states",
)
_KERNEL = []
_LOCK = threading.Lock()


def kernel():
    """The compiled :func:`solve_states` (numba imported and the functions compiled on first call).

    Raises ImportError (with the way to install it) when numba is not installed. Thread-safe: the
    first caller compiles, the others wait for it.
    """
    with _LOCK:
        return _KERNEL[0] if _KERNEL else _compile()


def _compile():
    """Compile the kernel's functions in place of the plain ones (under :data:`_LOCK`)."""
    if not _KERNEL:
        try:
            from numba import njit
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "the compiled facet solver needs numba: pip install 'pfsim[compiled]' "
                "(or set PFSIM_COMPILED=0 / pass compiled=False for the numpy solver)"
            ) from exc
        jit = njit(cache=True, error_model="numpy")
        namespace = globals()
        for name in _FUNCTIONS:  # later functions call the compiled earlier ones
            function = namespace[name]
            namespace[name] = jit(getattr(function, "py_func", function))
        _KERNEL.append(namespace["solve_states"])
    return _KERNEL[0]
