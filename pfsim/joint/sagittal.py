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

from . import _generated_two_tendon as _tt
from .geometry import (
    K_RATIO_FITS,
    LEVER_ARM_FITS,
    PATELLAR_LIGAMENT_ANGLE_FITS,
    get_fit,
)

__all__ = [
    "quad_force_from_moment_N",
    "jrf_k_model_N",
    "jrf_two_tendon_N",
    "SAGITTAL_MODELS",
]

SAGITTAL_MODELS = ("k", "two-tendon")


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
        Quadriceps tendon force [N], ≥ 0.
    knee_flexion_deg : array_like
        Knee flexion [deg].
    force_ratio : array_like
        Patellar-ligament / quadriceps force ratio [-]; 1 (frictionless pulley) by default. In vivo it
        exceeds 1 for θ ≤ 20° (Im, Goltzer & Sheehan 2015 J Biomech 48:3737).
    quad_tendon_angle_deg : array_like
        Anterior lean of the quadriceps tendon from the femoral shaft [deg]; 0 by default (tendon
        parallel to the shaft: a pfsim assumption, no cited curve was found).
    ligament_angle_fit : str
        Key of :data:`~pfsim.joint.geometry.PATELLAR_LIGAMENT_ANGLE_FITS`.
    extrapolate : str
        Out-of-range policy of the ligament-angle fit (0-120 deg).

    Returns
    -------
    dict of numpy.ndarray
        ``joint_reaction_force_N`` (magnitude), ``jrf_anterior_N`` and ``jrf_proximal_N`` (femoral
        frame components of the femur's push on the patella), ``jrf_angle_deg`` (direction from the
        femoral anterior axis, positive toward proximal), ``k`` (= |R| / F_Q), and ``message`` (None
        or the out-of-range sentence for the caller's warning).

    Notes
    -----
    ``R = −(F_Q û_Q + r F_Q û_PL)``, ``|R| = F_Q √(1 + r² − 2 r cos(θ + α − β))``; generated from
    :mod:`pfsim.derivations.two_tendon`.
    """
    theta = np.asarray(knee_flexion_deg, dtype=np.float64)
    fit = get_fit(PATELLAR_LIGAMENT_ANGLE_FITS, ligament_angle_fit, "patellar-ligament-angle fit")
    alpha_deg, msg = fit.evaluate(np.atleast_1d(theta), extrapolate)
    alpha_deg = alpha_deg.reshape(theta.shape)
    th = np.radians(theta)
    al = np.radians(alpha_deg)
    be = np.radians(quad_tendon_angle_deg)
    fq = np.asarray(quad_force_N, dtype=np.float64)
    x, y = _tt.reaction_components_N(fq, th, al, be, force_ratio)
    mag = np.hypot(x, y)
    return {
        "joint_reaction_force_N": mag,
        "jrf_anterior_N": x,
        "jrf_proximal_N": y,
        "jrf_angle_deg": np.degrees(np.arctan2(y, x)),
        "k": _tt.k_ratio(th, al, be, force_ratio) * np.ones_like(mag),
        "message": msg,
    }


def lever_arm_fit(name: str):
    """The lever-arm :class:`~pfsim.joint.geometry.Fit` called ``name`` (ValueError if unknown)."""
    return get_fit(LEVER_ARM_FITS, name, "lever-arm fit")


def k_fit(name: str):
    """The k-ratio :class:`~pfsim.joint.geometry.Fit` called ``name`` (ValueError if unknown)."""
    return get_fit(K_RATIO_FITS, name, "k-ratio fit")
