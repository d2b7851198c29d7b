"""Sagittal patellofemoral chain: knee extension moment → quadriceps force → PFJRF.

Two models of the PFJRF:

``"k"``
    PFJRF = k(θ) F_Q with the Brechter & Powers k(θ) (the reduced model of 50+ studies; Nunes et al.
    2018 Gait Posture 61:188, Kernozek et al. 2015 Gait Posture 42:218).
``"two-tendon"``
    the vector sum of the quadriceps-tendon and patellar-ligament forces on the patella, derived with
    sympy (:mod:`pfsim.derivations.two_tendon`), ligament angle from van Eijden et al. 1985, with a
    selectable patellar-ligament/quadriceps force ratio (1 by default). Also gives the direction.

All functions are vectorised: arguments broadcast against each other.
"""

from __future__ import annotations

import numpy as np

from .._checks import (
    PfsimRangeWarning,
    as_float_array,
    check_angle_deg,
    check_bounds,
    check_broadcast,
    warn,
)
from ._generated_two_tendon import k_ratio as _two_tendon_k_ratio
from ._generated_two_tendon import reaction_components_N
from .geometry import (
    K_RATIO_FITS,
    LEVER_ARM_FITS,
    PATELLAR_LIGAMENT_ANGLE_FITS,
    _check_extrapolate,
    get_fit,
)

__all__ = [
    "quad_force_from_moment_N",
    "jrf_k_model_N",
    "jrf_two_tendon_N",
    "SAGITTAL_MODELS",
]

SAGITTAL_MODELS = ("k", "two-tendon")

#: Plausibility limits that catch unit mistakes (kN vs N, N·mm vs N·m), not physiology: 50 kN is
#: about 70 body weights, 1500 N·m several times the largest reported knee extension moments.
QUAD_FORCE_LIMIT_N = 50_000.0
MOMENT_LIMIT_NM = 1_500.0

#: Accepted range of the patellar-ligament / quadriceps force ratio [-]: it is about 0.6-1.3 in vivo
#: (Im, Goltzer & Sheehan 2015 J Biomech 48:3737); the wider bound only catches misuse.
FORCE_RATIO_LIMITS = (0.0, 5.0)
#: Accepted quadriceps-tendon lean from the femoral shaft [deg] (misuse bound, not physiology).
QUAD_TENDON_ANGLE_LIMITS_DEG = (-45.0, 45.0)


def in_bounds_fast(value, lo: float, hi: float, copy: bool):
    """A float64 array within ``[lo, hi]`` (a copy if asked), read in one min and one max pass.

    The common case of :func:`~pfsim._checks.as_float_array` followed by
    :func:`~pfsim._checks.check_bounds`, which read the extremes twice: for a float64 ndarray
    whose values all lie in ``[lo, hi]`` (NaN and ±inf fail the comparison) it returns
    ``(array, (min, max))``; for anything else ``(None, None)``, and the caller runs the two
    checks, which give the error messages.
    """
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size:
        vmin, vmax = float(value.min()), float(value.max())
        if lo <= vmin and vmax <= hi:
            return (np.array(value) if copy else value), (vmin, vmax)
    return None, None


def check_quad_force_N(quad_force_N, copy: bool = False) -> np.ndarray:
    """Quadriceps force as a float array; ValueError if not a finite pull of at most 50 kN."""
    fq, _ = in_bounds_fast(quad_force_N, 0.0, QUAD_FORCE_LIMIT_N, copy)
    if fq is not None:
        return fq
    fq = as_float_array(quad_force_N, "quad_force_N", copy=copy)
    check_bounds(
        fq,
        "quad_force_N",
        0.0,
        QUAD_FORCE_LIMIT_N,
        "N",
        hint="Quadriceps force is a pull (>= 0), in newtons (not kN or body weights).",
    )
    return fq


def check_two_tendon_parameters(force_ratio, quad_tendon_angle_deg):
    """``force_ratio`` and ``quad_tendon_angle_deg`` as float arrays, or ValueError naming the fix."""
    ratio = as_float_array(force_ratio, "force_ratio")
    check_bounds(
        ratio,
        "force_ratio",
        *FORCE_RATIO_LIMITS,
        "(dimensionless)",
        hint="It is F_PL / F_Q, about 0.6-1.3.",
    )
    beta = as_float_array(quad_tendon_angle_deg, "quad_tendon_angle_deg")
    check_bounds(
        beta,
        "quad_tendon_angle_deg",
        *QUAD_TENDON_ANGLE_LIMITS_DEG,
        "deg",
        hint="It is the tendon's anterior lean from the femoral shaft, in degrees.",
    )
    return ratio, beta


def quad_force_from_moment_N(knee_extension_moment_Nm, lever_arm_mm):
    """Quadriceps force [N] from the internal knee extension moment [N·m] and lever arm [mm].

    ``F_Q = max(M, 0) / L`` (Nunes et al. 2018 step 3). A flexion moment (M < 0) is carried by the
    hamstrings and gastrocnemius, not the quadriceps: it gives zero quadriceps force. Co-contraction
    is not modelled (a documented limit of the reduced chain).

    Examples
    --------
    >>> round(float(quad_force_from_moment_N(100.0, 39.565)), 1)
    2527.5
    """
    moment = np.maximum(np.asarray(knee_extension_moment_Nm, dtype=np.float64), 0.0)
    return moment * 1000.0 / np.asarray(lever_arm_mm, dtype=np.float64)


def jrf_k_model_N(quad_force_N, k):
    """PFJRF [N] = k · F_Q, negative values set to 0 (Nunes et al. 2018 step 5).

    Examples
    --------
    >>> float(jrf_k_model_N(1000.0, 0.864))
    864.0
    """
    return np.maximum(np.multiply(quad_force_N, k), 0.0)


def jrf_two_tendon_N(
    quad_force_N,
    knee_flexion_deg,
    *,
    force_ratio=1.0,
    quad_tendon_angle_deg=0.0,
    ligament_angle_fit: str = "vaneijden1985",
    extrapolate: str = "nan",
):
    """PFJRF of the two-tendon free body of the patella.

    Parameters
    ----------
    quad_force_N : array_like
        Quadriceps tendon force [N], 0 to 50 000 (ValueError outside: a unit mistake).
    knee_flexion_deg : array_like
        Knee flexion [deg], -30 to 170 (ValueError outside); all magnitudes below 2.2 (radians?)
        warn.
    force_ratio : array_like
        Patellar-ligament / quadriceps force ratio [-], 0 to 5; 1 (frictionless pulley) by default. In
        vivo it exceeds 1 for θ ≤ 20° (Im, Goltzer & Sheehan 2015 J Biomech 48:3737).
    quad_tendon_angle_deg : array_like
        Anterior lean of the quadriceps tendon from the femoral shaft [deg], -45 to 45; 0 by default
        (tendon parallel to the shaft: a pfsim assumption, no cited curve was found).
    ligament_angle_fit : str
        Key of :data:`~pfsim.joint.geometry.PATELLAR_LIGAMENT_ANGLE_FITS`.
    extrapolate : {"nan", "clip", "extend", "raise"}
        Out-of-range policy of the ligament-angle fit (0-120 deg): by default NaN there and one
        :class:`~pfsim.PfsimRangeWarning` per call.

    Returns
    -------
    dict of numpy.ndarray
        ``joint_reaction_force_N`` (magnitude), ``jrf_anterior_N`` and ``jrf_proximal_N`` (femoral
        frame components of the femur's push on the patella), ``jrf_angle_deg`` (direction from the
        femoral anterior axis, positive toward proximal), ``k`` (= |R| / F_Q).

    Notes
    -----
    ``R = −(F_Q û_Q + r F_Q û_PL)``, ``|R| = F_Q √(1 + r² − 2 r cos(θ + α − β))``; generated from
    :mod:`pfsim.derivations.two_tendon`.

    Examples
    --------
    At full extension with r = 1, |R| = 2 F_Q sin(α/2) with α = 20.62° (van Eijden 1985):

    >>> round(float(jrf_two_tendon_N(1000.0, 0.0)["joint_reaction_force_N"]), 2)
    357.95
    """
    _check_extrapolate(extrapolate)
    fq = check_quad_force_N(quad_force_N)
    theta = as_float_array(knee_flexion_deg, "knee_flexion_deg")
    check_angle_deg(theta)
    ratio, beta = check_two_tendon_parameters(force_ratio, quad_tendon_angle_deg)
    check_broadcast(
        quad_force_N=fq, knee_flexion_deg=theta, force_ratio=ratio, quad_tendon_angle_deg=beta
    )
    out, msg = two_tendon_reaction(fq, theta, ratio, beta, ligament_angle_fit, extrapolate)
    if msg:
        warn(msg, PfsimRangeWarning)
    return out


def two_tendon_reaction(
    quad_force_N: np.ndarray,
    knee_flexion_deg: np.ndarray,
    force_ratio,
    quad_tendon_angle_deg,
    ligament_angle_fit: str = "vaneijden1985",
    extrapolate: str = "nan",
) -> tuple[dict, str | None]:
    """The computation of :func:`jrf_two_tendon_N` on inputs already checked by the caller.

    Returns ``(outputs, message)``: the message (None, or the out-of-range sentence) is for the
    caller's single warning (:func:`pfsim.patellofemoral_load` merges it with its own).
    """
    theta = knee_flexion_deg
    fit = get_fit(PATELLAR_LIGAMENT_ANGLE_FITS, ligament_angle_fit, "patellar-ligament-angle fit")
    alpha_deg, msg = fit.evaluate(np.atleast_1d(theta), extrapolate)
    alpha_deg = alpha_deg.reshape(theta.shape)
    th = np.radians(theta)
    al = np.radians(alpha_deg)
    be = np.radians(quad_tendon_angle_deg)
    fq = quad_force_N
    x, y = reaction_components_N(fq, th, al, be, force_ratio)
    mag = np.hypot(x, y)
    out = {
        "joint_reaction_force_N": mag,
        "jrf_anterior_N": x,
        "jrf_proximal_N": y,
        "jrf_angle_deg": np.degrees(np.arctan2(y, x)),
        "k": _two_tendon_k_ratio(th, al, be, force_ratio) * np.ones_like(mag),
    }
    return out, msg


def lever_arm_fit(name: str):
    """The lever-arm :class:`~pfsim.joint.geometry.Fit` called ``name`` (ValueError if unknown)."""
    return get_fit(LEVER_ARM_FITS, name, "lever-arm fit")


def k_fit(name: str):
    """The k-ratio :class:`~pfsim.joint.geometry.Fit` called ``name`` (ValueError if unknown)."""
    return get_fit(K_RATIO_FITS, name, "k-ratio fit")
