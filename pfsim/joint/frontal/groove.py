"""Frontal model v2: the patella in the Lenhart et al. 2015 groove with toe-region restraints.

Same two-facet elastic contact as :mod:`~pfsim.joint.frontal.facets` (rigid patella, linear elastic
foundation, a facet can lift off partly or wholly, shift u, depth v and rotation φ as unknowns,
equations derived in :mod:`pfsim.derivations.frontal`), with three changes, all read from the
table :mod:`pfsim.joint._generated_lenhart2015` (derived by :mod:`pfsim.derivations.lenhart2015`
from the OpenSim-JAM knee of Lenhart et al. 2015, Ann Biomed Eng 43:2675):

1. **Facet inclinations depend on flexion and on the shift**: at each flexion angle the
   least-squares slopes of the femoral groove section where the patella sits (lateral 21° at 0°,
   26-31° beyond 10°; medial 15° at 0°, 19-27° beyond), interpolated linearly in flexion and held
   beyond 0-90°; as the patella shifts by u the slope under a facet changes by the derived slope
   change per mm (the quadratic fit's ``2 a₂``, −0.02 to −0.09 per mm: the walls *flatten* toward
   the ridges), :func:`facet_slopes`.
2. **Restraints with a toe region**: the MPFL (medial restraint) and the lateral patellofemoral
   ligament (lateral restraint) are each one equivalent Blankevoort (1991) spring in shift units,
   ``k x² / (2 x_t)`` for ``0 < x < x_t`` and ``k (x − x_t/2)`` beyond, ``x`` the shift past the
   point where the group becomes taut (fitted per flexion angle to the bundles' force-shift curve;
   both groups are slack near the centred patella at 10-90°: the soft centre). They act together
   (each on its own side), not one or the other.
3. **Patellar facet widths and ligament length** from the Lenhart meshes and bundles
   (:func:`lenhart2015_geometry`).

Known limits (validation/frontal_v2_lenhart2015/README.md): the slope change is a quadratic fit
over the facet width applied from the centre, so the concave bottom of the real groove (slope
rising from 0 at the sulcus over the first ~5 mm) is missed and the walls soften from the first
millimetre; at running loads the normal knee then sits 5-6 mm medial at 20-30° and shifts of
10-20 mm occur in a wide running box (v1: 4-10 mm), and about 3 % of that box does not converge.
A rigid check of the same geometry (the patella's own section rolled on the groove section,
validation/frontal_v2_lenhart2015/groove_track.py) shows the opposite of the flattening: the wall
the patella climbs steepens (0.5-0.7 C held at 8-11 mm), so v2's agreement with the 10 mm
stability forces is not support for it. Flat facets on an elastic layer also have no
near-zero-energy sliding mode, so small lateral loads
(the VMO at the cadaver rig's 205 N) shift the patella by tenths of a millimetre only. v2 is
therefore opt-in; v1 stays the default.

Solver: the restraints and slopes are nonlinear, so every loaded state takes a closed-form
full-contact start (restraints linearised at the centre, per-state 3×3 by Cramer's rule) and then
at most :data:`MAX_GROOVE_ITERATIONS` vectorised Newton (active-set) steps with an exact Jacobian
and backtracking, only on the states whose residual is still above the tolerance (contiguous 1-D
arrays of the active states); results are scattered into zero- (unloaded) or NaN-filled outputs.
Throughput ≈ 0.06 M states/s for the full joint model on one core (v1: 0.65-1.4 M).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..._checks import PfsimRangeWarning
from ..._checks import warn as _warn
from .._generated_lenhart2015 import (
    FLEXION_DEG,
    LATERAL_INCLINATION_DEG,
    LATERAL_PFL_STIFFNESS_N_MM,
    LATERAL_PFL_TAUT_SHIFT_MM,
    LATERAL_PFL_TOE_MM,
    LATERAL_SLOPE_CHANGE_PER_MM,
    MEDIAL_INCLINATION_DEG,
    MEDIAL_SLOPE_CHANGE_PER_MM,
    MPFL_STIFFNESS_N_MM,
    MPFL_TAUT_SHIFT_MM,
    MPFL_TOE_MM,
    PATELLA_LATERAL_WIDTH_MM,
    PATELLA_MEDIAL_WIDTH_MM,
    TENDON_LENGTH_MM,
)
from .facets import RESIDUAL_TOLERANCE, _facet_moments, _off_groove_message, _solve3
from .parameters import DEFAULT_FRONTAL_GEOMETRY, FrontalGeometry

__all__ = [
    "lenhart2015_geometry",
    "groove_parameters",
    "restraint_force_N",
    "solve_groove_contact",
    "MAX_GROOVE_ITERATIONS",
    "CALIBRATED_SCREW_HOME_LENHART2015_DEG",
    "lateral_pull_at_shift_N",
]

#: Newton iterations at most (v2 solver).
MAX_GROOVE_ITERATIONS = 80

#: Screw-home rotation of the v2 model, calibrated on the normal knee exactly as v1's
#: (validation/frontal_normal_knee/calibrate.py, ``--groove lenhart2015``).
CALIBRATED_SCREW_HOME_LENHART2015_DEG = 16.1

_FLEX = np.asarray(FLEXION_DEG)
_COLUMNS = {
    "alpha_lateral_deg": np.asarray(LATERAL_INCLINATION_DEG),
    "alpha_medial_deg": np.asarray(MEDIAL_INCLINATION_DEG),
    "lateral_slope_change_per_mm": np.asarray(LATERAL_SLOPE_CHANGE_PER_MM),
    "medial_slope_change_per_mm": np.asarray(MEDIAL_SLOPE_CHANGE_PER_MM),
    "mpfl_k_N_mm": np.asarray(MPFL_STIFFNESS_N_MM),
    "mpfl_taut_mm": np.asarray(MPFL_TAUT_SHIFT_MM),
    "mpfl_toe_mm": np.asarray(MPFL_TOE_MM),
    "lpfl_k_N_mm": np.asarray(LATERAL_PFL_STIFFNESS_N_MM),
    "lpfl_taut_mm": np.asarray(LATERAL_PFL_TAUT_SHIFT_MM),
    "lpfl_toe_mm": np.asarray(LATERAL_PFL_TOE_MM),
}
_MIRROR = {
    "alpha_lateral_deg": "alpha_medial_deg",
    "alpha_medial_deg": "alpha_lateral_deg",
    "lateral_slope_change_per_mm": "medial_slope_change_per_mm",
    "medial_slope_change_per_mm": "lateral_slope_change_per_mm",
    "mpfl_k_N_mm": "lpfl_k_N_mm",
    "lpfl_k_N_mm": "mpfl_k_N_mm",
    "mpfl_toe_mm": "lpfl_toe_mm",
    "lpfl_toe_mm": "mpfl_toe_mm",
}


def lenhart2015_geometry(**overrides) -> FrontalGeometry:
    """The v2 frontal geometry: Lenhart 2015 groove, restraints, patellar widths and tendon length.

    ``groove="lenhart2015"``; articular width 43.8 mm with a lateral share of 0.52 (patellar
    cartilage mesh: 22.8 mm lateral, 21.0 mm medial of the ridge); ligament length 47.5 mm (mean
    patellar-tendon bundle length at extension); screw-home :data:`CALIBRATED_SCREW_HOME_LENHART2015_DEG`.
    The v1 facet inclinations and linear restraint fields are not used by the v2 solver.
    Keyword arguments override fields.
    """
    width = PATELLA_LATERAL_WIDTH_MM + PATELLA_MEDIAL_WIDTH_MM
    base = replace(
        DEFAULT_FRONTAL_GEOMETRY,
        groove="lenhart2015",
        articular_width_mm=width,
        lateral_facet_share=PATELLA_LATERAL_WIDTH_MM / width,
        ligament_length_mm=TENDON_LENGTH_MM,
        screw_home_deg=CALIBRATED_SCREW_HOME_LENHART2015_DEG,
    )
    return replace(base, **overrides)


def groove_parameters(knee_flexion_deg, mirrored: bool = False) -> dict:
    """Table columns interpolated at each flexion angle (held beyond 0-90°).

    ``mirrored``: the mirror-image knee (lateral and medial columns swapped, taut shifts negated).
    """
    theta = np.asarray(knee_flexion_deg, dtype=np.float64)
    out = {k: np.interp(theta, _FLEX, v) for k, v in _COLUMNS.items()}
    if mirrored:
        swapped = {k: out[_MIRROR.get(k, k)] for k in out}
        swapped["mpfl_taut_mm"] = -out["lpfl_taut_mm"]
        swapped["lpfl_taut_mm"] = -out["mpfl_taut_mm"]
        out = swapped
    return out


def _spring(u, k, taut, toe, sign):
    """Equivalent Blankevoort spring: lateral force [N] and its derivative [N/mm] at shift u."""
    x = sign * (u - taut)
    slack = x <= 0.0
    toe_region = x < toe
    mag = np.where(slack, 0.0, np.where(toe_region, 0.5 * k / toe * x * x, k * (x - 0.5 * toe)))
    dmag = np.where(slack, 0.0, np.where(toe_region, k / toe * x, k))
    return -sign * mag, -dmag


def restraint_force_N(shift_mm, params: dict) -> tuple:
    """(MPFL, lateral PFL) lateral forces [N] on the patella at a lateral shift [mm].

    The MPFL pulls medially (≤ 0) when a lateral shift stretches it past its taut point, the
    lateral PFL laterally (≥ 0) when a medial shift does; ``params`` from :func:`groove_parameters`.
    """
    u = np.asarray(shift_mm, dtype=np.float64)
    fm, _ = _spring(u, params["mpfl_k_N_mm"], params["mpfl_taut_mm"], params["mpfl_toe_mm"], 1.0)
    fl, _ = _spring(u, params["lpfl_k_N_mm"], params["lpfl_taut_mm"], params["lpfl_toe_mm"], -1.0)
    return fm, fl


_RESTRAINT_KEYS = (
    "mpfl_k_N_mm",
    "mpfl_taut_mm",
    "mpfl_toe_mm",
    "lpfl_k_N_mm",
    "lpfl_taut_mm",
    "lpfl_toe_mm",
)


class _State:
    """Per-state constants of the loaded states (contiguous 1-D arrays)."""

    def __init__(self, C, F, KD, M0, KS, P, wL, wM, h):
        self.C, self.F, self.KD, self.M0, self.KS = C, F, KD, M0, KS
        self.tL = np.tan(np.radians(P["alpha_lateral_deg"]))
        self.tM = np.tan(np.radians(P["alpha_medial_deg"]))
        self.kL = P["lateral_slope_change_per_mm"]
        self.kM = P["medial_slope_change_per_mm"]
        self.P = {k: P[k] for k in _RESTRAINT_KEYS}
        self.wL, self.wM, self.h = wL, wM, h
        self.xc = 0.5 * (wL - wM)

    def take(self, i):
        """The constants of the states ``i`` (an index array)."""
        new = object.__new__(_State)
        for name in ("C", "F", "KD", "M0", "KS", "tL", "tM", "kL", "kM"):
            setattr(new, name, getattr(self, name)[i])
        new.P = {k: v[i] for k, v in self.P.items()}
        new.wL, new.wM, new.h, new.xc = self.wL, self.wM, self.h, self.xc
        return new


def _restraints(u, S):
    P = S.P
    fm, dm = _spring(u, P["mpfl_k_N_mm"], P["mpfl_taut_mm"], P["mpfl_toe_mm"], 1.0)
    fl, dl = _spring(u, P["lpfl_k_N_mm"], P["lpfl_taut_mm"], P["lpfl_toe_mm"], -1.0)
    return fm, fl, fm + fl - S.KS * u, dm + dl - S.KS


def facet_slopes(u, S):
    """Slopes (tangents) of the lateral and medial facets under a patella shifted by u [mm].

    The mean slope of the derived (quadratic) wall under the shifted facet: ``tan α_L(u) = tan α_L
    + κ_L max(u, 0)`` and ``tan α_M(u) = tan α_M + κ_M max(−u, 0)`` (κ the slope change per mm of
    the table; negative: the walls flatten toward the ridges), held at ≥ 0.
    """
    tL = np.maximum(S.tL + S.kL * np.maximum(u, 0.0), 0.0)
    tM = np.maximum(S.tM + S.kM * np.maximum(-u, 0.0), 0.0)
    return tL, tM


def _residual(u, v, phi, S, jacobian=True):
    """Equilibrium residual (and exact Jacobian) of the v2 contact; same equations as v1's solver.

    The facet inclinations depend on the shift (:func:`facet_slopes`), which adds the terms
    ``∂R/∂t · dt/du`` to the Jacobian's shift column (``t = tan α``; ``d sin α/dt = cos³ α``,
    ``d cos α/dt = −sin α cos² α``).
    """
    KD = S.KD
    tL, tM = facet_slopes(u, S)
    cL, cM = 1.0 / np.sqrt(1.0 + tL * tL), 1.0 / np.sqrt(1.0 + tM * tM)
    sL, sM = tL * cL, tM * cM
    aL, bL = u * sL + v * cL, -phi  # pfsim.joint._generated_frontal.penetration_coefficients
    aM, bM = -u * sM + v * cM, phi
    m0L, m1L, m2L, _, _ = _facet_moments(aL, bL, S.wL)
    m0M, m1M, m2M, _, _ = _facet_moments(aM, bM, S.wM)
    NL = KD * (aL * m0L + bL * m1L)
    NM = KD * (aM * m0M + bM * m1M)
    ML = KD * (aL * m1L + bL * m2L)
    MM = KD * (aM * m1M + bM * m2M)
    fm, fl, Fr, dFr = _restraints(u, S)
    Fx = S.F + Fr
    R = (-NL * sL + NM * sM + Fx, NL * cL + NM * cM - S.C, ML - MM - S.xc * S.C - S.h * Fx + S.M0)
    extra = (NL, NM, aL, bL, aM, bM, m0L, m0M, fm, fl)
    if not jacobian:
        return R, None, extra
    dNL = (KD * m0L * sL, KD * m0L * cL, -KD * m1L)
    dNM = (-KD * m0M * sM, KD * m0M * cM, KD * m1M)
    dML = (KD * m1L * sL, KD * m1L * cL, -KD * m2L)
    dMM = (-KD * m1M * sM, KD * m1M * cM, KD * m2M)
    J = [
        [-sL * dNL[0] + sM * dNM[0] + dFr, -sL * dNL[1] + sM * dNM[1], -sL * dNL[2] + sM * dNM[2]],
        [cL * dNL[0] + cM * dNM[0], cL * dNL[1] + cM * dNM[1], cL * dNL[2] + cM * dNM[2]],
        [dML[0] - dMM[0] - S.h * dFr, dML[1] - dMM[1], dML[2] - dMM[2]],
    ]
    # shift-dependent slopes: dt/du where the slope is changing (not held at 0)
    dtL = np.where((u > 0.0) & (tL > 0.0), S.kL, 0.0)
    dtM = np.where((u < 0.0) & (tM > 0.0), -S.kM, 0.0)
    daL = (u * cL * cL * cL - v * sL * cL * cL) * dtL
    daM = (-u * cM * cM * cM - v * sM * cM * cM) * dtM
    dsL, dcL = cL * cL * cL * dtL, -sL * cL * cL * dtL
    dsM, dcM = cM * cM * cM * dtM, -sM * cM * cM * dtM
    gNL, gNM = KD * m0L * daL, KD * m0M * daM
    J[0][0] = J[0][0] - gNL * sL - NL * dsL + gNM * sM + NM * dsM
    J[1][0] = J[1][0] + gNL * cL + NL * dcL + gNM * cM + NM * dcM
    J[2][0] = J[2][0] + KD * m1L * daL - KD * m1M * daM
    return R, J, extra


def _start(S):
    """Full-contact closed form with the restraints linearised at the centred patella."""
    cL, cM = 1.0 / np.sqrt(1.0 + S.tL * S.tL), 1.0 / np.sqrt(1.0 + S.tM * S.tM)
    sL, sM = S.tL * cL, S.tM * cM
    wL, wM, KD = S.wL, S.wM, S.KD
    zero = np.zeros_like(S.C)
    _, _, F0, k0 = _restraints(zero, S)
    m1L, m1M, m2L, m2M = wL * wL / 2, wM * wM / 2, wL**3 / 3, wM**3 / 3
    J = [
        [
            -KD * (wL * sL * sL + wM * sM * sM) + k0,
            KD * (-wL * sL * cL + wM * sM * cM),
            KD * (sL * m1L + sM * m1M),
        ],
        [
            KD * (wL * cL * sL - wM * cM * sM),
            KD * (wL * cL * cL + wM * cM * cM),
            KD * (-cL * m1L + cM * m1M),
        ],
        [KD * (m1L * sL + m1M * sM) - S.h * k0, KD * (m1L * cL - m1M * cM), -KD * (m2L + m2M)],
    ]
    Fx = S.F + F0
    R = (Fx, -S.C, -S.xc * S.C - S.h * Fx + S.M0)
    du, dv, dp = _solve3(J, R)
    return -du, -dv, -dp


def _norm(R, scale):
    return np.maximum(np.maximum(np.abs(R[0]), np.abs(R[1])), np.abs(R[2])) / scale


def _newton(S, u, v, phi, iters):
    """Vectorised Newton with backtracking on the states still out of equilibrium (in place).

    Each iteration evaluates the residual and Jacobian once at the full step; only the states
    whose residual rose are re-evaluated at halved steps (at most 8 halvings).
    """
    scale_all = np.maximum(np.abs(S.C), np.abs(S.F))
    R, J, _ = _residual(u, v, phi, S)
    res = _norm(R, scale_all)
    active = np.flatnonzero(res > RESIDUAL_TOLERANCE)
    Sa, scale = S.take(active), scale_all[active]
    R = [r[active] for r in R]
    J = [[np.broadcast_to(J[r][c], u.shape)[active] for c in range(3)] for r in range(3)]
    res = res[active]
    for it in range(MAX_GROOVE_ITERATIONS):
        if not active.size:
            break
        du, dv, dp = _solve3(J, R)
        u0, v0, p0 = u[active], v[active], phi[active]
        un, vn, pn = u0 - du, v0 - dv, p0 - dp
        Rn, Jn, _ = _residual(un, vn, pn, Sa)
        Rn, Jn = list(Rn), [list(row) for row in Jn]
        resn = _norm(Rn, scale)
        worse = np.flatnonzero(~(resn <= res))
        step = 1.0
        for _ in range(8):
            if not worse.size:
                break
            step *= 0.5
            uw, vw, pw = (
                u0[worse] - step * du[worse],
                v0[worse] - step * dv[worse],
                p0[worse] - step * dp[worse],
            )
            Rw, Jw, _ = _residual(uw, vw, pw, Sa.take(worse))
            rw = _norm(Rw, scale[worse])
            better = rw <= res[worse]
            take = worse[better]
            un[take], vn[take], pn[take], resn[take] = (
                uw[better],
                vw[better],
                pw[better],
                rw[better],
            )
            for r in range(3):
                Rn[r][take] = Rw[r][better]
                for c in range(3):
                    Jn[r][c] = (
                        np.broadcast_to(Jn[r][c], un.shape).copy()
                        if np.ndim(Jn[r][c]) == 0
                        else Jn[r][c]
                    )
                    Jn[r][c][take] = np.broadcast_to(Jw[r][c], uw.shape)[better]
            worse = worse[~better]
        u[active], v[active], phi[active] = un, vn, pn
        iters[active] = it + 1
        keep = resn > RESIDUAL_TOLERANCE
        idx = np.flatnonzero(keep)
        active, res, scale = active[keep], resn[keep], scale[keep]
        Sa = Sa.take(idx)
        R = [r[keep] for r in Rn]
        J = [[np.broadcast_to(Jn[r][c], keep.shape)[keep] for c in range(3)] for r in range(3)]


def solve_groove_contact(
    compression_N,
    lateral_load_N,
    contact_area_mm2,
    knee_flexion_deg,
    geometry: FrontalGeometry,
    external_moment_Nmm=0.0,
    *,
    centring_stiffness_N_mm=0.0,
    warn: bool = True,
) -> dict:
    """Equilibrium of the patella in the Lenhart 2015 groove (v2), vectorised over states.

    Arguments and returned keys as :func:`~pfsim.joint.frontal.solve_facet_contact`, plus
    ``knee_flexion_deg`` (selects the groove section and restraints) and ``lateral_restraint_N``
    (the lateral PFL's lateral pull, ≥ 0); ``medial_restraint_N`` is the MPFL's medial pull (≥ 0).
    Only the loaded, finite states are solved; the rest are scattered as zeros (unloaded) or NaN
    (non-finite input).
    """
    from .facets import _broadcast_facet_inputs

    C, F, A, M0, KS, shape = _broadcast_facet_inputs(
        compression_N,
        lateral_load_N,
        contact_area_mm2,
        external_moment_Nmm,
        centring_stiffness_N_mm,
    )
    theta = np.broadcast_to(np.asarray(knee_flexion_deg, dtype=np.float64), shape).ravel()
    n = C.size
    g = geometry
    K = g.foundation_modulus_N_mm3
    D = A / g.articular_width_mm
    wL = g.articular_width_mm * g.lateral_facet_share
    wM = g.articular_width_mm - wL
    loaded = (C > 1e-6) & np.isfinite(C) & np.isfinite(F) & np.isfinite(D) & (D > 0)
    loaded &= np.isfinite(KS) & np.isfinite(theta)
    idx = np.flatnonzero(loaded)
    P = groove_parameters(theta[idx], mirrored=g.groove_mirrored)
    S = _State(C[idx], F[idx], K * D[idx], M0[idx], KS[idx], P, wL, wM, g.load_height_mm)
    iters_l = np.zeros(idx.size, dtype=np.int16)
    # states driven far off by Newton overflow on their way to being flagged unconverged (NaN)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        u, v, phi = _start(S)
        _newton(S, u, v, phi, iters_l)
        out, message = _outputs(u, v, phi, S, idx, n, D[idx], K, C, F, D, KS, theta)
    if message and warn:
        _warn(message, PfsimRangeWarning)
    iters = np.zeros(n, dtype=np.int16)
    iters[idx] = iters_l
    out = {k: x.reshape(shape) for k, x in out.items()}
    out["iterations"] = iters.reshape(shape)
    if not warn:
        out["message"] = message
    return out


def _outputs(u, v, phi, S, idx, n, Di, K, C, F, D, KS, theta):
    """Named outputs of the loaded states scattered into full-length arrays, and the message."""
    R, _, (NL, NM, aL, bL, aM, bM, m0L, m0M, fm, fl) = _residual(u, v, phi, S, jacobian=False)
    scale = np.maximum(np.abs(S.C), np.abs(S.F))
    resid = np.max(np.abs(np.array(R)), axis=0) / scale
    areaL, areaM = m0L * Di, m0M * Di
    with np.errstate(divide="ignore", invalid="ignore"):
        stressL = np.where(areaL > 0, NL / areaL, 0.0)
        stressM = np.where(areaM > 0, NM / areaM, 0.0)
    peak = K * np.maximum.reduce([aL, aL + bL * S.wL, aM, aM + bM * S.wM, np.zeros_like(aL)])
    off = (u > S.wL) | (u < -S.wM)
    unconv = ~(resid <= RESIDUAL_TOLERANCE * 1e3)
    bad = off | unconv
    message = _off_groove_message(int(off.sum()), int(unconv.sum()), n)
    nan_in = ~(
        np.isfinite(C) & np.isfinite(F) & np.isfinite(D) & np.isfinite(KS) & np.isfinite(theta)
    )
    fields = {
        "lateral_facet_force_N": NL,
        "medial_facet_force_N": NM,
        "lateral_contact_width_mm": m0L,
        "medial_contact_width_mm": m0M,
        "lateral_facet_area_mm2": areaL,
        "medial_facet_area_mm2": areaM,
        "lateral_facet_stress_MPa": stressL,
        "medial_facet_stress_MPa": stressM,
        "peak_pressure_MPa": peak,
        "lateral_shift_mm": u,
        "lateral_tilt_deg": -np.degrees(phi),
        "depth_mm": v,
        "medial_restraint_N": -fm,
        "lateral_restraint_N": fl,
        "ligament_centring_N": S.KS * u,
    }
    out = {}
    for name, val in fields.items():
        full = np.where(nan_in, np.nan, 0.0)
        full[idx] = np.where(bad, np.nan, val)
        out[name] = full
    medial_unloaded = np.zeros(n, dtype=bool)
    medial_unloaded[idx] = m0M <= 0.0
    off_groove = np.zeros(n, dtype=bool)
    off_groove[idx] = off
    residual = np.where(nan_in, np.nan, 0.0)
    residual[idx] = resid
    out.update(medial_unloaded=medial_unloaded, off_groove=off_groove, residual_rel=residual)
    return out, message


def lateral_pull_at_shift_N(
    shift_mm,
    compression_N,
    lateral_load_N,
    contact_area_mm2,
    knee_flexion_deg,
    geometry: FrontalGeometry,
    *,
    centring_stiffness_N_mm=0.0,
    start=None,
) -> np.ndarray:
    """Extra lateral pull [N] on the patellar centre line that holds it at a prescribed shift.

    Displacement control, as in the cadaver stability rigs (Senavongse et al. 2003 displaced the
    patella with a materials testing machine and recorded the force): the shift u is given, the
    depth and rotation are solved from the posterior-force and moment balances with the lateral
    force eliminated (``R_y = 0`` and ``R_moment + h R_x = 0``), and the pull is what the lateral
    balance then lacks. Well posed on branches where the force falls as the shift grows (negative
    stiffness: the patella passing onto a flattening wall), where load control jumps. NaN where
    the 2×2 Newton iteration (at most :data:`MAX_GROOVE_ITERATIONS` steps) does not converge.

    Parameters
    ----------
    shift_mm, compression_N, lateral_load_N, contact_area_mm2, knee_flexion_deg : array_like
        Prescribed lateral shift [mm] and the state, as in :func:`solve_groove_contact`.
    geometry : FrontalGeometry
    centring_stiffness_N_mm : array_like
        The ligament's centring stiffness [N/mm].
    start : tuple of array_like, optional
        Start depth [mm] and rotation [rad] (e.g. of the unloaded solution); a full-contact
        estimate if None.
    """
    from .facets import _broadcast_facet_inputs

    shape0 = np.broadcast_shapes(np.shape(shift_mm), np.shape(knee_flexion_deg))
    C, F, A, _, KS, shape = _broadcast_facet_inputs(
        compression_N, lateral_load_N, contact_area_mm2, np.zeros(shape0), centring_stiffness_N_mm
    )
    u = np.broadcast_to(np.asarray(shift_mm, dtype=np.float64), shape).ravel().copy()
    theta = np.broadcast_to(np.asarray(knee_flexion_deg, dtype=np.float64), shape).ravel()
    g = geometry
    wL = g.articular_width_mm * g.lateral_facet_share
    P = groove_parameters(theta, mirrored=g.groove_mirrored)
    S = _State(
        C,
        F,
        g.foundation_modulus_N_mm3 * A / g.articular_width_mm,
        np.zeros_like(C),
        KS,
        P,
        wL,
        g.articular_width_mm - wL,
        g.load_height_mm,
    )
    if start is None:
        _, v, phi = _start(S)
    else:
        v = np.broadcast_to(np.asarray(start[0], dtype=np.float64), shape).ravel().copy()
        phi = np.broadcast_to(np.asarray(start[1], dtype=np.float64), shape).ravel().copy()
    h = S.h
    scale = np.maximum(np.abs(C), 1.0)

    def pair(vv, pp):
        R, J, _ = _residual(u, vv, pp, S)
        r = (R[1], R[2] + h * R[0])
        jac = ((J[1][1], J[1][2]), (J[2][1] + h * J[0][1], J[2][2] + h * J[0][2]))
        return R, r, jac, np.maximum(np.abs(r[0]), np.abs(r[1])) / scale

    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        R, r, jac, res = pair(v, phi)
        for _ in range(MAX_GROOVE_ITERATIONS):
            if not (res > RESIDUAL_TOLERANCE).any():
                break
            (a, b), (c, d) = jac
            det = a * d - b * c
            dv = (r[0] * d - b * r[1]) / det
            dp = (a * r[1] - c * r[0]) / det
            step = np.ones_like(v)
            for _ in range(8):
                vn, pn = v - step * dv, phi - step * dp
                Rn, rn, jn, resn = pair(vn, pn)
                worse = ~(resn <= res)
                if not worse.any():
                    break
                step = np.where(worse, 0.5 * step, step)
            done = res <= RESIDUAL_TOLERANCE
            v, phi = np.where(done, v, vn), np.where(done, phi, pn)
            R, r, jac, res = pair(v, phi)
        pull = -R[0]
    return np.where(res <= RESIDUAL_TOLERANCE * 1e3, pull, np.nan).reshape(shape)
