"""Contact of the patella on the two trochlear facets: rigid statics and the elastic solver.

:func:`rigid_facet_forces_N` is the teaching model (force balance alone); :func:`solve_facet_contact`
solves the elastic two-facet equilibrium (linear elastic foundation, Bei & Fregly 2004; cartilage of
Lenhart et al. 2015) with unilateral contact: closed forms for full contact and for one facet lifted
off, then vectorised Newton (active-set) iterations. Equations derived in
:mod:`pfsim.derivations.frontal`; references in :mod:`pfsim.joint.frontal`.
"""

from __future__ import annotations

import numpy as np

from ..._checks import PfsimRangeWarning, env_switch
from ..._checks import warn as _warn
from .._generated_frontal import penetration_coefficients, rigid_facet_forces
from .loads import _DEG_PER_RAD
from .parameters import DEFAULT_FRONTAL_GEOMETRY, FACET_FLOAT_OUTPUTS, FrontalGeometry

__all__ = [
    "rigid_facet_forces_N",
    "solve_facet_contact",
    "MAX_NEWTON_ITERATIONS",
    "RESIDUAL_TOLERANCE",
]


def rigid_facet_forces_N(
    compression_N, lateral_load_N, geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY
):
    """Rigid two-facet statics (teaching model): facet normal forces [N] from ΣF = 0 alone.

    ``N_L = (C sin α_M + F cos α_M) / sin(α_L + α_M)``, ``N_M = (C sin α_L − F cos α_L) / sin(α_L + α_M)``
    (derived in :mod:`pfsim.derivations.frontal`). ``N_M < 0`` means the medial facet would have to
    pull: in reality it lifts off (at ``F > C tan α_L``) and the patella shifts until the restraint
    and the ligament's centring hold it, which only the elastic model (:func:`solve_facet_contact`)
    describes.
    """
    return rigid_facet_forces(
        np.asarray(compression_N, dtype=float),
        np.asarray(lateral_load_N, dtype=float),
        np.radians(geometry.lateral_facet_inclination_deg),
        np.radians(geometry.medial_facet_inclination_deg),
    )


# ------------------------------------------------------------------------------------------------
# Elastic two-facet contact
# ------------------------------------------------------------------------------------------------
def _facet_moments(a, b, w):
    """Contact interval of δ = a + b s > 0 on [0, w] and its moments m0, m1, m2 (∫ 1, s, s² ds)."""
    # b > 0: contact where s > root = −a/b; b < 0: where s < root; b == 0: everywhere if a > 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.minimum(np.maximum(-a / b, 0.0), w)
    up = b > 0.0
    s0 = np.where(up, root, 0.0)
    s1 = np.where(up, w, root)
    flat = b == 0.0
    if flat.any():  # −a/0 is ±inf by the sign of the zero: set b == 0 apart
        s1 = np.where(flat, np.where(a > 0.0, w, 0.0), s1)
    s1 = np.maximum(s1, s0)
    s0sq, s1sq = s0 * s0, s1 * s1
    m0 = s1 - s0
    m1 = 0.5 * (s1sq - s0sq)
    m2 = (s1sq * s1 - s0sq * s0) / 3.0
    return m0, m1, m2, s0, s1


def _residual_and_jacobian(u, v, phi, C, Fa, KD, g, jacobian=True, M0=0.0, ks=0.0):
    R, extra, parts = _residual(u, v, phi, C, Fa, KD, g, M0=M0, ks=ks)
    return R, (_jacobian(KD, parts, g) if jacobian else None), extra


def _residual(u, v, phi, C, Fa, KD, g, M0=0.0, ks=0.0):
    """Equilibrium residual (3, n), the facet quantities, and what :func:`_jacobian` needs."""
    sL, cL, sM, cM, wL, wM, h, kmed, klat = g
    xc = 0.5 * (wL - wM)  # patellar centre line, lateral of the ridge
    aL, bL, aM, bM = penetration_coefficients(u, v, phi, np.arcsin(sL), np.arcsin(sM))
    m0L, m1L, m2L, _, _ = _facet_moments(aL, bL, wL)
    m0M, m1M, m2M, _, _ = _facet_moments(aM, bM, wM)
    NL = KD * (aL * m0L + bL * m1L)
    NM = KD * (aM * m0M + bM * m1M)
    ML = KD * (aL * m1L + bL * m2L)  # ∫ s p ds on the lateral facet (moment sign +1)
    MM = KD * (aM * m1M + bM * m2M)  # medial (moment sign −1)
    # passive restraints (one-sided) and the ligament's centring (both sides, ks = r F_Q / ℓ):
    # Fp = where(u > 0, −k_med u, −k_lat u) − ks u, the same products as kr u
    kr = np.where(u > 0.0, -kmed, -klat)
    Fp = kr * u - ks * u
    dFp = kr - ks
    Fx = Fa + Fp
    # each row's last operation writes into R (the same operations as R[i] = ...)
    R = np.empty((3,) + np.broadcast(NL, Fx, C, M0).shape)
    np.add(-NL * sL + NM * sM, Fx, out=R[0])
    np.subtract(NL * cL + NM * cM, C, out=R[1])
    np.add(ML - MM - xc * C - h * Fx, M0, out=R[2])
    return R, (NL, NM, aL, bL, aM, bM, m0L, m0M), [m0L, m1L, m2L, m0M, m1M, m2M, dFp]


def _jacobian(KD, parts, g):
    """Jacobian d(R)/d(u, v, φ) as one contiguous (3, 3, n) array, from :func:`_residual`'s parts.

    dI0/da = m0, dI0/db = m1, dI1/da = m1, dI1/db = m2. The products K D m_k are formed once (the
    same floating-point operations as K D m_k sin α: bit-identical).
    """
    sL, cL, sM, cM, _, _, h, _, _ = g
    m0L, m1L, m2L, m0M, m1M, m2M, dFp = parts
    k0L, k1L, k2L, k0M, k1M, k2M = KD * m0L, KD * m1L, KD * m2L, KD * m0M, KD * m1M, KD * m2M
    dNL = (k0L * sL, k0L * cL, -k1L)
    dNM = (-(k0M * sM), k0M * cM, k1M)
    dML = (k1L * sL, k1L * cL, -k2L)
    dMM = (-(k1M * sM), k1M * cM, k2M)
    # each entry's last operation writes into J (the same operations as J[i, j] = ...)
    J = np.empty((3, 3) + np.broadcast(k0L, k0M, dFp).shape)
    np.add(-sL * dNL[0] + sM * dNM[0], dFp, out=J[0, 0])
    np.subtract(dML[0] - dMM[0], h * dFp, out=J[2, 0])
    for j in (1, 2):  # the restraint acts on u only: its (zero) derivatives, added as scalars
        np.add(-sL * dNL[j] + sM * dNM[j], 0.0, out=J[0, j])
        np.subtract(dML[j] - dMM[j], h * 0.0, out=J[2, j])
    for j in range(3):
        np.add(cL * dNL[j], cM * dNM[j], out=J[1, j])
    return J


def _full_contact_solution(C, F, KD, kr, g, M0=0.0):
    """Closed-form (u, v, φ) when both facets touch over their whole width.

    The system is linear in the unknowns: ``J x = −R0`` with ``J = K D J0 + k_r b e0ᵀ``, where
    ``J0`` is a constant 3×3 matrix of the geometry (both facets in full contact), ``k_r`` the
    stiffness of the engaged passive restraint [N/mm] (0 when slack; it acts on the shift u with
    the lever ``b = (−1, 0, h)``) and ``R0 = (F, −C, −x_c C − h F + M0)``. ``J0⁻¹`` is computed once
    and the restraint enters by the Sherman–Morrison formula, so each state costs a few
    multiply-adds (one Newton step from rest with this Jacobian is exact).
    """
    y, z = _full_contact_unrestrained(C, F, g, M0)
    return _full_contact_restrained(y, z, KD, kr)


def _full_contact_unrestrained(C, F, g, M0=0.0):
    """``(J0⁻¹ R0, J0⁻¹ b)`` of :func:`_full_contact_solution` (independent of ``K D`` and ``k_r``)."""
    wL, wM, h = g[4], g[5], g[6]
    xc = 0.5 * (wL - wM)  # load line: the patellar centre
    inv, z = _full_contact_inverse(g)
    r0, r1, r2 = F, -C, -xc * C - h * F + M0
    y = [inv[i, 0] * r0 + inv[i, 1] * r1 + inv[i, 2] * r2 for i in range(3)]  # J0⁻¹ R0
    return y, z


def _full_contact_inverse(g):
    """``(J0⁻¹, J0⁻¹ b)`` of :func:`_full_contact_solution` from :func:`_facet_constants`."""
    sL, cL, sM, cM, wL, wM, h, _, _ = g
    m0L, m1L, m2L = wL, wL**2 / 2, wL**3 / 3
    m0M, m1M, m2M = wM, wM**2 / 2, wM**3 / 3
    J0 = np.array(
        [
            [-sL * m0L * sL - sM * m0M * sM, -sL * m0L * cL + sM * m0M * cM, sL * m1L + sM * m1M],
            [cL * m0L * sL - cM * m0M * sM, cL * m0L * cL + cM * m0M * cM, -cL * m1L + cM * m1M],
            [m1L * sL + m1M * sM, m1L * cL - m1M * cM, -m2L - m2M],
        ]
    )
    inv = np.linalg.inv(J0)
    return inv, inv @ np.array([-1.0, 0.0, h])  # J0⁻¹, J0⁻¹ b


def _full_contact_restrained(y, z, KD, kr, unknowns=3):
    """The first ``unknowns`` of (u, v, φ) in full contact from :func:`_full_contact_unrestrained`."""
    KD = np.asarray(KD, dtype=np.float64)
    kr = np.asarray(kr, dtype=np.float64)
    gamma = kr / KD
    coef = gamma * y[0] / (1.0 + gamma * z[0])
    # x = J⁻¹ R0 = (y − z coef) / KD; the solution is −x
    return tuple(-(y[i] - z[i] * coef) / KD for i in range(unknowns))


def _shift_on_side(C, F, KS, consts, side):
    """Where :func:`_single_facet_solution`'s shift has its side's sign (the same operations)."""
    sL, cL, sM, cM, _, _, _, kmed, klat = consts
    with np.errstate(divide="ignore", invalid="ignore"):
        if side == "lateral":
            k = kmed + KS
            return ((F - C * sL / cL) / k > 0) & (k > 0)
        k = klat + KS
        return ((F + C * sM / cM) / k < 0) & (k > 0)


def _single_facet_solution(C, F, KD, consts, g, side, M0=0.0, ks=0.0):
    """Closed-form (u, v, φ) with only ``side``'s facet in contact (the other wholly off).

    ``ks`` [N/mm] is the ligament's centring stiffness, which acts on either side with the
    restraint. Returns None when nothing would hold the patella (restraint and ``ks`` all zero: no
    equilibrium). The caller checks that the other facet indeed has no penetration; NaN marks states where this
    contact state cannot hold (wrong shift sign, centroid off the facet).
    """
    sL, cL, sM, cM, wL, wM, h, kmed, klat = consts
    xc = 0.5 * (wL - wM)
    with np.errstate(divide="ignore", invalid="ignore"):
        if side == "lateral":
            k = kmed + ks
            if np.all(k <= 0):
                return None
            N = C / cL
            u = (F - C * sL / cL) / k
            Fx = F - k * u
            moment = xc * C + h * Fx - M0  # ∫ s p ds on the lateral facet
            w, s_in, c_in = wL, sL, cL
            valid = (u > 0) & (k > 0)
        else:
            k = klat + ks
            if np.all(k <= 0):
                return None
            N = C / cM
            u = (F + C * sM / cM) / k
            Fx = F - k * u
            moment = -xc * C - h * Fx + M0  # ∫ s p ds on the medial facet
            w, s_in, c_in = wM, sM, cM
            valid = (u < 0) & (k > 0)
        sbar = moment / N
        valid &= (sbar > 0) & (sbar < w)
        # trapezoid: N = KD(a w + b w²/2), moment = KD(a w²/2 + b w³/3)
        a_t = (4 * N * w - 6 * moment) / (KD * w * w)
        b_t = (12 * moment - 6 * N * w) / (KD * w**3)
        # triangle from the ridge: contact [0, c], c = 3 s̄
        c_r = 3 * sbar
        a_r = 2 * N / (KD * c_r)
        b_r = -a_r / c_r
        # triangle from the edge: contact [w - l, w], l = 3 (w - s̄)
        ell = 3 * (w - sbar)
        b_e = 2 * N / (KD * ell) / ell
        a_e = -b_e * (w - ell)
        a = np.where(sbar < w / 3, a_r, np.where(sbar > 2 * w / 3, a_e, a_t))
        b = np.where(sbar < w / 3, b_r, np.where(sbar > 2 * w / 3, b_e, b_t))
        if side == "lateral":
            v = (a - u * s_in) / c_in  # a_L = u sin α_L + v cos α_L
            phi = -b  # b_L = −φ
        else:
            v = (a + u * s_in) / c_in  # a_M = −u sin α_M + v cos α_M
            phi = b  # b_M = φ
    nan = np.nan
    return np.where(valid, u, nan), np.where(valid, v, nan), np.where(valid, phi, nan)


def _solve3(J, R):
    """Solve J x = R for stacks of 3×3 systems by Cramer's rule (vectorised)."""
    (a, b, c), (d, e, f), (g, h, i) = J
    co_a = e * i - f * h
    co_b = f * g - d * i
    co_c = d * h - e * g
    det = a * co_a + b * co_b + c * co_c
    r0, r1, r2 = R
    x0 = (r0 * co_a + r1 * (c * h - b * i) + r2 * (b * f - c * e)) / det
    x1 = (r0 * co_b + r1 * (a * i - c * g) + r2 * (c * d - a * f)) / det
    x2 = (r0 * co_c + r1 * (b * g - a * h) + r2 * (a * e - b * d)) / det
    return x0, x1, x2


#: Newton iterations at most, and the relative equilibrium residual that counts as converged.
MAX_NEWTON_ITERATIONS = 40
RESIDUAL_TOLERANCE = 1e-10


def solve_facet_contact(
    compression_N,
    lateral_load_N,
    contact_area_mm2,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    external_moment_Nmm=0.0,
    *,
    centring_stiffness_N_mm=0.0,
    warn: bool = True,
    compiled: bool | None = None,
) -> dict:
    """Equilibrium of the patella on two elastic facets, vectorised over states.

    Parameters
    ----------
    compression_N : array_like
        Load pressing the patella into the groove [N] (the sagittal PFJRF), ≥ 0.
    lateral_load_N : array_like
        Net active lateral load [N] (:func:`patellar_lateral_load_N`); lateral positive.
    contact_area_mm2 : array_like
        Full-contact area [mm²] from a sagittal contact-area fit; it sets the contact band length
        ``D = A / W`` (W the articular width).
    geometry : FrontalGeometry
    external_moment_Nmm : array_like
        Moment about the sulcus [N·mm, counter-clockwise = medial tilt positive] of loads that do not
        act on the patellar centre line (the retinaculum's pull on the lateral border); 0 by default.
    centring_stiffness_N_mm : array_like
        Lateral stiffness [N/mm] of the tensioned patellar ligament about the centred patella,
        ``k_s = r F_Q / ℓ`` (:func:`ligament_centring_stiffness_N_mm`): a lateral shift u turns the
        ligament's lateral cosine from ``T_x/ℓ`` to ``(T_x − u)/ℓ``, so the active lateral load is
        ``F − k_s u``. Acts on both sides (unlike the one-sided restraints); 0 by default (the
        load ``F`` then does not depend on the patella's position).
    warn : bool
        True (default): states outside the model give one :class:`~pfsim.PfsimRangeWarning`. False:
        no warning; its text is returned under ``"message"`` ("" when all states are valid), for a
        caller that merges it into its own single warning (thread-safe, unlike catching warnings).
    compiled : bool or None
        True: solve with the compiled kernel (numba, the optional extra ``pfsim[compiled]``;
        ImportError without numba), which agrees with the numpy solver to 1e-12 relative with the
        same flags and iteration counts (tests/joint/test_frontal_compiled.py); False: the numpy
        solver (the reference). None (default): the environment variable ``PFSIM_COMPILED``
        decides (``1``: compiled; ``0`` or unset: numpy), so that callers of
        :func:`pfsim.patellofemoral_load` and the sweeps can choose without an argument. The
        first compiled call in a process compiles the kernel, or loads it from numba's cache
        (benchmarks/README.md, issue 15).

    Returns
    -------
    dict of numpy.ndarray
        ``lateral_facet_force_N``, ``medial_facet_force_N`` (normal forces), ``lateral_contact_width_mm``,
        ``medial_contact_width_mm``, ``lateral_facet_area_mm2``, ``medial_facet_area_mm2``,
        ``lateral_facet_stress_MPa``, ``medial_facet_stress_MPa`` (mean pressure on the contact),
        ``peak_pressure_MPa``, ``lateral_shift_mm``, ``lateral_tilt_deg``, ``depth_mm``,
        ``medial_restraint_N`` (MPFL force), ``ligament_centring_N`` (the medial pull ``k_s u`` the
        ligament gains from the shift), ``medial_unloaded`` (bool: no medial contact),
        ``off_groove`` (bool: the shift exceeds the facet width on that side, i.e. the flat-facet
        model has the patella riding out of the groove, a subluxation; the facet outputs of such
        states, and of any state that did not reach equilibrium, are NaN with one
        :class:`~pfsim.PfsimRangeWarning` per call),
        ``residual_rel`` (equilibrium residual / load), ``iterations`` (Newton iterations used).

    Notes
    -----
    Pressure ``p = K max(δ, 0)`` with ``δ_i(s) = a_i + b_i s`` (rigid patella, derived penetration),
    ``K = E(1−ν)/((1+ν)(1−2ν)h)``. Equations (x lateral, y anterior, moments about the sulcus):
    ``−N_L sin α_L + N_M sin α_M + F_x = 0``, ``N_L cos α_L + N_M cos α_M = C``,
    ``∫_L s p − ∫_M s p − x_c C − h F_x = 0`` (loads applied at the patellar centre line
    ``x_c = (w_L − w_M)/2`` lateral of the ridge and height h), with
    ``F_x = F − k_s u − k_MPFL max(u, 0) + k_lat max(−u, 0)``.
    Solved by Newton's method on the active contact set (the Jacobian of the piecewise-quadratic
    system is exact; in full contact it equals the sympy derivation 4 of
    :mod:`pfsim.derivations.frontal`, which tests/test_frontal_derivation.py checks), started from
    the closed-form full-contact solution; states with no
    compressive load (C = 0) are out of contact and return zeros. The states are solved in blocks
    of :data:`STATES_PER_BLOCK` (cache-sized; each state on its own, so the block size changes no
    output bit).
    """
    C, F, A, M0, KS, shape = _broadcast_facet_inputs(
        compression_N,
        lateral_load_N,
        contact_area_mm2,
        external_moment_Nmm,
        centring_stiffness_N_mm,
    )
    n = C.size
    # NaN/inf/zero inputs give NaN outputs (masked below, counted in the one warning), not numpy's
    # divide/invalid warnings
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if _compiled_wanted(compiled):
            out, n_off, n_unconverged = _solve_compiled(C, F, A, M0, KS, geometry)
        else:
            out, n_off, n_unconverged = _solve_blocks(C, F, A, M0, KS, geometry)
    message = _off_groove_message(n_off, n_unconverged, n)
    if message and warn:
        _warn(message, PfsimRangeWarning)
    out = {k: x.reshape(shape) for k, x in out.items()}
    if not warn:
        out["message"] = message
    return out


def _compiled_wanted(compiled=None) -> bool:
    """Whether to use the compiled kernel: the argument, else ``PFSIM_COMPILED`` (default no).

    Raises ValueError for an argument that is not a bool or None, or an unknown spelling of the
    variable (checked by :func:`pfsim.patellofemoral_load` at the call, not at the first access;
    :func:`check_compiled_setting` also checks that numba can be imported).
    """
    if compiled is not None:
        if not isinstance(compiled, bool | np.bool_):
            raise ValueError(f"compiled must be True, False or None (got {compiled!r}).")
        return bool(compiled)
    return env_switch("PFSIM_COMPILED", False, "the compiled facet solver", "numpy")


def check_compiled_setting() -> bool:
    """``PFSIM_COMPILED`` read and, when on, numba imported: a ValueError now rather than later.

    What :func:`pfsim.patellofemoral_load` (at the call) and a sweep (before its first chunk) check,
    so that a bad spelling or a missing numba is one clear error before any work, not an
    ImportError at the first facet output or a failed chunk. Returns whether the compiled solver
    is asked for.
    """
    wanted = _compiled_wanted(None)
    if wanted:
        try:
            import numba  # noqa: F401
        except ImportError:
            raise ValueError(
                "PFSIM_COMPILED asks for the compiled facet solver, which needs numba (not "
                "installed): pip install 'pfsim[compiled]', or set PFSIM_COMPILED=0 for the numpy "
                "solver."
            ) from None
    return wanted


def _solve_compiled(C, F, A, M0, KS, g):
    """Every state with the compiled kernel (:mod:`pfsim.joint.frontal._compiled`)."""
    from ._compiled import FLOAT_ROWS, constants, kernel  # numba: imported by kernel()

    solve = kernel()
    aL_r, aM_r = (
        np.radians(g.lateral_facet_inclination_deg),
        np.radians(g.medial_facet_inclination_deg),
    )
    consts = _facet_constants(g)
    inv_z = _full_contact_inverse(consts)
    p = constants(
        consts,
        (aL_r, aM_r),
        *inv_z,
        g.foundation_modulus_N_mm3,
        g.articular_width_mm,
        RESIDUAL_TOLERANCE,
        MAX_NEWTON_ITERATIONS,
        _DEG_PER_RAD,
    )
    # contiguous, writable inputs: one compiled signature (read-only arrays would be another)
    C, F, A, M0, KS = (
        x if x.flags.c_contiguous and x.flags.writeable else np.array(x) for x in (C, F, A, M0, KS)
    )
    n = C.size
    rows = np.empty((len(FLOAT_ROWS), n))
    out = {k: rows[i] for i, k in enumerate(FLOAT_ROWS)}
    out.update({k: np.empty(n, dtype=bool) for k in _FLAGS})
    out["iterations"] = np.empty(n, dtype=np.int16)
    n_off, n_unconverged = solve(
        C, F, A, M0, KS, p, rows, out["medial_unloaded"], out["off_groove"], out["iterations"]
    )
    return {k: out[k] for k in _OUTPUTS + ("iterations",)}, int(n_off), int(n_unconverged)


def _solve_blocks(C, F, A, M0, KS, geometry):
    """Every state of the flat inputs, in blocks (see :data:`STATES_PER_BLOCK`)."""
    n = C.size
    if n <= SINGLE_BLOCK_MAX_STATES:  # one block: its arrays are the outputs (no copy)
        return _solve_block(C, F, A, M0, KS, geometry)
    # The float outputs are rows of one array (issue 15): one allocation instead of 15, and one
    # large enough that glibc, once it is freed, raises its mmap threshold to its size (up to
    # 32 MB), so that later temporaries come from the heap instead of fresh, page-faulting
    # mappings. The FULL row (200,000 states per call) took ~5,200 page faults per call with the
    # outputs allocated one by one, 0 with one allocation (with or without numpy's huge pages).
    floats = [k for k in _OUTPUTS if k not in _FLAGS]
    rows = np.empty((len(floats), n))
    out = {k: rows[i] for i, k in enumerate(floats)}
    out.update({k: np.empty(n, dtype=bool) for k in _FLAGS})
    out["iterations"] = np.empty(n, dtype=np.int16)
    n_off = n_unconverged = 0
    # Blocks of a cache-sized number of states (issue 15): every state is solved on its own, so the
    # block size changes no output bit (tests/joint/test_frontal_v1_equivalence.py).
    for lo in range(0, n, STATES_PER_BLOCK):
        hi = min(lo + STATES_PER_BLOCK, n)
        block = {k: x[lo:hi] for k, x in out.items()}
        _, off, unconverged = _solve_block(
            C[lo:hi], F[lo:hi], A[lo:hi], M0[lo:hi], KS[lo:hi], geometry, block
        )
        n_off += off
        n_unconverged += unconverged
    return out, n_off, n_unconverged


#: States solved together (issue 15): ~30,000 keep the solver's temporaries in the cache (1.19 M/s
#: at 10⁶ states per call against 2.45 M/s at 30,000 in benchmarks/bench_chunks.py before the
#: blocks).
STATES_PER_BLOCK = 32_768

#: Calls of up to this many states are solved as one block (its arrays are the outputs). It was
#: 262,144 (one 200,000-state call of the FULL row as one block: its outputs, each allocated on
#: its own, cost ~10,000 page faults per call); with the outputs in one allocation (above) a
#: blocked call faults less, and the FULL row runs 1.3× faster in blocks (benchmarks/README.md,
#: issue 15, perf3).
SINGLE_BLOCK_MAX_STATES = STATES_PER_BLOCK

_FLAGS = ("medial_unloaded", "off_groove")
#: Every output: the float outputs, the two flags before the last (the order of earlier releases).
_OUTPUTS = FACET_FLOAT_OUTPUTS[:-1] + _FLAGS + FACET_FLOAT_OUTPUTS[-1:]


def _solve_block(C, F, A, M0, KS, g, out=None):
    """Solve one block of states into ``out`` (views of the outputs, or new arrays when None).

    Only the loaded states (finite inputs, compression above a micronewton) are solved; the others
    get zeros (NaN where an input is not finite) and ``residual_rel`` 0 (NaN).

    Parameters
    ----------
    C, F, A, M0, KS : numpy.ndarray
        The block's compression [N], lateral load [N], area [mm²], external moment [N·mm] and
        centring stiffness [N/mm] (1-D).
    g : FrontalGeometry
    out : dict of numpy.ndarray, optional
        The block's slices of every output of :func:`solve_facet_contact` (written); None: the
        outputs are new arrays (the solver's own when every state is loaded).

    Returns
    -------
    tuple
        ``(outputs, off_groove, unconverged)``: the dict of the block's outputs and the two counts.
    """
    consts = _facet_constants(g)
    D = A / g.articular_width_mm
    # Below a micronewton of compression the patella is taken as out of contact (also keeps
    # denormal loads out of the relative residual).
    finite = np.isfinite(C) & np.isfinite(F) & np.isfinite(D) & np.isfinite(KS)
    loaded = (C > 1e-6) & finite & (D > 0)
    idx = np.flatnonzero(loaded)
    every = idx.size == C.size
    if not idx.size:
        fill = np.where(finite, 0.0, np.nan)
        res = {k: np.zeros(C.size, dtype=bool) if k in _FLAGS else fill.copy() for k in _OUTPUTS}
        res["iterations"] = np.zeros(C.size, dtype=np.int16)
        return _into(out, res), 0, 0
    Cl, Fl, Dl, M0l, KSl = (C, F, D, M0, KS) if every else (x[idx] for x in (C, F, D, M0, KS))
    KD = g.foundation_modulus_N_mm3 * Dl
    u, v, phi, exact = _closed_form_contact(Cl, Fl, KD, M0l, KSl, consts, g)
    iters = np.zeros(idx.size, dtype=np.int16)
    _newton_contact(np.flatnonzero(~exact), u, v, phi, iters, Cl, Fl, KD, M0l, KSl, consts)
    if every:
        res, off, unconverged = _facet_outputs(u, v, phi, C, F, D, M0, KS, consts, g)
        res["iterations"] = iters
        return _into(out, res), int(off.sum()), int(unconverged.sum())
    # Some states unloaded: their (u, v, φ) = 0 and the outputs over the whole block, masked
    # (cheaper than scattering every output; the loaded states' numbers are the same operations).
    full = []
    for x in (u, v, phi, iters):
        y = np.zeros(C.size, dtype=x.dtype)
        y[idx] = x
        full.append(y)
    u, v, phi, iters = full
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        res, off, unconverged = _facet_outputs(
            u, v, phi, C, F, D, M0, np.where(loaded, KS, 0.0), consts, g, loaded
        )
    fill = np.where(finite, 0.0, np.nan)
    for k, x in res.items():
        res[k] = (loaded & x) if k in _FLAGS else np.where(loaded, x, fill)
    res["iterations"] = iters
    return _into(out, res), int(off.sum()), int(unconverged.sum())


def _into(out, res):
    """``res`` copied into the output views ``out``, or ``res`` itself when ``out`` is None."""
    if out is None:
        return res
    for k, x in res.items():
        out[k][...] = x
    return out


def _broadcast_facet_inputs(compression_N, lateral_load_N, area_mm2, moment_Nmm, centring_N_mm):
    """The solver's inputs as flat float arrays of their broadcast shape, and that shape.

    Parameters
    ----------
    compression_N, lateral_load_N, area_mm2, moment_Nmm, centring_N_mm : array_like
        The arguments of :func:`solve_facet_contact`.

    Returns
    -------
    tuple
        ``(C, F, A, M0, KS, shape)``: five 1-D arrays and the broadcast shape.
    """
    C = np.asarray(compression_N, dtype=np.float64)
    F = np.asarray(lateral_load_N, dtype=np.float64)
    A = np.asarray(area_mm2, dtype=np.float64)
    M0 = np.asarray(moment_Nmm, dtype=np.float64)
    KS = np.asarray(centring_N_mm, dtype=np.float64)
    if np.any(KS < 0):
        raise ValueError(
            "centring_stiffness_N_mm must be >= 0 N/mm (got "
            f"{float(np.nanmin(KS)):g}): it is r F_Q / ℓ, with a quadriceps force F_Q >= 0."
        )
    shape = np.broadcast_shapes(C.shape, F.shape, A.shape, M0.shape, KS.shape)
    C, F, A, M0, KS = (np.broadcast_to(x, shape).ravel() for x in (C, F, A, M0, KS))
    return C, F, A, M0, KS, shape


def _facet_constants(g: FrontalGeometry) -> tuple:
    """``(sin α_L, cos α_L, sin α_M, cos α_M, w_L, w_M, h, k_MPFL, k_lat)`` of a geometry."""
    aL_r, aM_r = (
        np.radians(g.lateral_facet_inclination_deg),
        np.radians(g.medial_facet_inclination_deg),
    )
    wL = g.articular_width_mm * g.lateral_facet_share
    wM = g.articular_width_mm - wL
    return (
        np.sin(aL_r),
        np.cos(aL_r),
        np.sin(aM_r),
        np.cos(aM_r),
        wL,
        wM,
        g.load_height_mm,
        g.medial_restraint_N_mm,
        g.lateral_restraint_N_mm,
    )


def _closed_form_contact(C, F, KD, M0, KS, consts, g):
    """Closed-form equilibria of the loaded states, and which of them are exact.

    1. Full contact: the system is linear while both facets touch over their whole width; solve it
       with the restraints slack, then again with the restraint that the sign of that shift engages.
       States whose solution keeps every facet end in contact and the shift on the assumed side are
       exact solutions and need no iteration.
    2. One facet lifted wholly off: the force balance fixes that facet's normal force and the shift
       (the engaged restraint takes the rest of the lateral load), the moment balance fixes the
       centroid s̄ of its pressure, and a linear pressure with that force and centroid is unique
       (trapezoid if w/3 ≤ s̄ ≤ 2w/3, else a triangle from the ridge or the edge).

    Parameters
    ----------
    C, F, KD, M0, KS : numpy.ndarray
        Compression [N], lateral load [N], ``K D`` [N/mm²], external moment [N·mm] and centring
        stiffness [N/mm] of the loaded states (1-D).
    consts : tuple
        :func:`_facet_constants` of ``g``.
    g : FrontalGeometry

    Returns
    -------
    tuple of numpy.ndarray
        ``(u, v, φ, exact)``: the start (or exact) shift [mm], depth [mm] and rotation [rad], and a
        bool array marking the exact solutions.
    """
    wL, wM = consts[4], consts[5]
    aL_r, aM_r = (
        np.radians(g.lateral_facet_inclination_deg),
        np.radians(g.medial_facet_inclination_deg),
    )
    # J0⁻¹ R0 serves both solutions, and of the first only the shift's sign is used
    y, z = _full_contact_unrestrained(C, F, consts, M0)
    (u0,) = _full_contact_restrained(y, z, KD, KS, unknowns=1)
    kr = np.where(u0 > 0.0, g.medial_restraint_N_mm, g.lateral_restraint_N_mm) + KS
    u, v, phi = _full_contact_restrained(y, z, KD, kr)
    aL, bL, aM, bM = penetration_coefficients(u, v, phi, aL_r, aM_r)
    exact = (
        (aL >= 0.0)
        & (aL + bL * wL >= 0.0)
        & (aM >= 0.0)
        & (aM + bM * wM >= 0.0)
        & ((u > 0.0) == (u0 > 0.0))
    )
    for side in ("lateral", "medial"):
        rest = np.flatnonzero(~exact)
        if not rest.size:
            break
        # only where the shift is on that side: elsewhere the closed form is NaN (issue 15: the
        # medial one held in 0.1 % of the states it was computed for in the FULL row)
        rest = rest[_shift_on_side(C[rest], F[rest], KS[rest], consts, side)]
        if not rest.size:
            continue
        sol = _single_facet_solution(
            C[rest], F[rest], KD[rest], consts, g, side, M0[rest], KS[rest]
        )
        if sol is None:
            continue
        uc, vc, pc = sol
        a_l, b_l, a_m, b_m = penetration_coefficients(uc, vc, pc, aL_r, aM_r)
        if side == "lateral":
            ok = (a_m <= 0) & (a_m + b_m * wM <= 0)
        else:
            ok = (a_l <= 0) & (a_l + b_l * wL <= 0)
        ok &= np.isfinite(uc) & np.isfinite(vc) & np.isfinite(pc)
        hit = rest[ok]
        u[hit], v[hit], phi[hit] = uc[ok], vc[ok], pc[ok]
        exact[hit] = True
    return u, v, phi, exact


def _newton_contact(active, u, v, phi, iters, C, F, KD, M0, KS, consts):
    """Newton (active set) with backtracking on the states ``active``; updates u, v, φ in place.

    One residual-and-Jacobian evaluation per iteration: the one at the new point serves both the
    backtracking test and the next step. At most :data:`MAX_NEWTON_ITERATIONS`; a state stops once
    its relative residual is at most :data:`RESIDUAL_TOLERANCE`. ``iters`` records the iterations
    each state used.

    Parameters
    ----------
    active : numpy.ndarray of int
        Indices of the states to iterate (the ones no closed form solved).
    u, v, phi : numpy.ndarray
        Shift [mm], depth [mm] and rotation [rad] of every state, started at the closed forms.
    iters : numpy.ndarray of int16
        Iterations used per state (written).
    C, F, KD, M0, KS, consts
        As in :func:`_closed_form_contact` (``KD`` the foundation modulus times the band length).
    """
    if not active.size:
        return
    scale = np.maximum(np.abs(C), np.abs(F))

    # The Jacobian is formed only for the states that take a step (not at the point where a state
    # converges): evaluate returns its ingredients, selected like the residual.
    def evaluate(where, uu, vv, pp):
        R, _, parts = _residual(
            uu, vv, pp, C[where], F[where], KD[where], consts, M0=M0[where], ks=KS[where]
        )
        return R, parts, np.max(np.abs(R), axis=0) / scale[where]

    R, P, res = evaluate(active, u[active], v[active], phi[active])
    for it in range(MAX_NEWTON_ITERATIONS):
        todo = res > RESIDUAL_TOLERANCE
        if not todo.any():
            break
        if not todo.all():
            # integer indices: R[:, todo] (a boolean mask on the second axis) took 5-7× as long
            keep = np.flatnonzero(todo)
            active, R, res, P = active[keep], R.take(keep, axis=1), res[keep], [p[keep] for p in P]
        du, dv, dphi = _solve3(_jacobian(KD[active], P, consts), (R[0], R[1], R[2]))
        u0, v0, p0 = u[active], v[active], phi[active]
        un, vn, pn = u0 - du, v0 - dv, p0 - dphi
        Rn, Pn, resn = evaluate(active, un, vn, pn)
        step = np.ones(active.size)
        # Backtracking: halve the Newton step where it would raise the residual (needed only
        # far from the physiological range, e.g. lateral loads many times the compression).
        for _ in range(6):
            w = np.flatnonzero(resn > res)
            if not w.size:
                break
            step[w] *= 0.5
            un[w], vn[w], pn[w] = (
                u0[w] - step[w] * du[w],
                v0[w] - step[w] * dv[w],
                (p0[w] - step[w] * dphi[w]),
            )
            Rw, Pw, resw = evaluate(active[w], un[w], vn[w], pn[w])
            Rn[:, w], resn[w] = Rw, resw
            for p, pw in zip(Pn, Pw, strict=True):
                p[w] = pw
        u[active], v[active], phi[active] = un, vn, pn
        iters[active] = it + 1
        R, P, res = Rn, Pn, resn


def _facet_outputs(u, v, phi, C, F, D, M0, KS, consts, g, loaded=None):
    """The solver's named outputs of the loaded states from the solved state, and the invalid ones.

    Facet forces, widths, areas, mean and peak pressures, shift, tilt, depth, restraint and centring
    forces, the flags and the relative residual; states off the groove or unconverged are NaN in the
    facet outputs. ``loaded`` (bool array or None): the flags count only those states (the caller
    masks the others' outputs).

    Returns
    -------
    tuple
        ``(outputs, off_groove, unconverged)``: a dict of 1-D arrays and two bool arrays.
    """
    K = g.foundation_modulus_N_mm3
    wL, wM = consts[4], consts[5]
    R, (NL, NM, aL, bL, aM, bM, m0L, m0M), _ = _residual(
        u, v, phi, C, F, K * D, consts, M0=M0, ks=KS
    )
    residual_rel = np.max(np.abs(R), axis=0) / np.maximum(np.abs(C), np.abs(F))
    areaL = m0L * D
    areaM = m0M * D
    with np.errstate(divide="ignore", invalid="ignore"):
        stressL = np.where(areaL > 0, NL / areaL, 0.0)
        stressM = np.where(areaM > 0, NM / areaM, 0.0)
    peak = np.maximum(np.maximum(np.maximum(aL, aL + bL * wL), np.maximum(aM, aM + bM * wM)), 0.0)
    off_groove = (u > wL) | (u < -wM)
    unconverged = ~(residual_rel <= RESIDUAL_TOLERANCE * 1e3)
    if loaded is not None:  # the others are masked by the caller
        off_groove &= loaded
        unconverged &= loaded
    # Outside the model: a patella pushed past a facet's edge (subluxation; the flat-facet contact no
    # longer applies) or a state the solver could not bring to equilibrium. Its facet numbers would
    # be silent wrong numbers, so they are NaN, with one warning per call (flags stay readable).
    invalid = off_groove | unconverged
    any_nan = bool(invalid.any())

    def out(x):
        return np.where(invalid, np.nan, x) if any_nan else x

    return (
        {
            "lateral_facet_force_N": out(NL),
            "medial_facet_force_N": out(NM),
            "lateral_contact_width_mm": out(m0L),
            "medial_contact_width_mm": out(m0M),
            "lateral_facet_area_mm2": out(areaL),
            "medial_facet_area_mm2": out(areaM),
            "lateral_facet_stress_MPa": out(stressL),
            "medial_facet_stress_MPa": out(stressM),
            "peak_pressure_MPa": out(K * peak),
            "lateral_shift_mm": out(u),
            "lateral_tilt_deg": out(phi * -_DEG_PER_RAD),  # −degrees(φ), the same bits
            "depth_mm": out(v),
            "medial_restraint_N": out(np.where(u > 0, g.medial_restraint_N_mm * u, 0.0)),
            "ligament_centring_N": out(KS * u),
            "medial_unloaded": m0M <= 0.0,
            "off_groove": off_groove,
            "residual_rel": residual_rel,
        },
        off_groove,
        unconverged,
    )


def _off_groove_message(n_off: int, n_unconverged: int, n: int) -> str:
    """The sentence of the solver's single warning, or "" when every state is valid."""
    if not (n_off or n_unconverged):
        return ""
    return (
        f"frontal facet model: {n_off} of {n} states take the patella off the "
        f"groove (shift beyond a facet's width: subluxation) and {n_unconverged} did "
        "not reach equilibrium; their facet outputs are NaN (see the off_groove flag). In those "
        "states the lateral (or medial) load exceeds what the compression holds on the flat "
        "facet (C tan α) by more than the restraint and the ligament's centring take within the "
        "facet width: the flat groove of this model has no equilibrium there (beyond physiology, "
        "e.g. a retinaculum pull above the MPFL's strength at little quadriceps force; module "
        "docstring)."
    )
