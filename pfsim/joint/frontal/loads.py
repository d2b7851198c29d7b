"""Frontal loads on the patella.

Quadriceps heads, the patellar ligament's line (kinematic chain), the lateral retinaculum, the net
lateral load and the ligament's centring stiffness.

The ligament's line follows the tibial tubercle through the chain derived in
:mod:`pfsim.derivations.frontal` (generated code: ``pfsim.joint._generated_frontal``). Sources of the
quadriceps shares and pull angles: :data:`~pfsim.joint.frontal.parameters.QUADRICEPS_HEADS`
(Farahmand et al. 1998; Ward et al. 2009; Lieb & Perry 1968); references in :mod:`pfsim.joint.frontal`.
"""

from __future__ import annotations

import numpy as np

from .._generated_frontal import ligament_shift_derivative_per_mm
from .parameters import DEFAULT_FRONTAL_GEOMETRY, DEFAULT_Q_ANGLE_DEG, FrontalGeometry

#: Degrees to radians and back as one multiplication by the double nearest π/180 (180/π): what
#: ``np.radians`` (``np.degrees``) computes for float64, to the bit, ~10× faster on arrays (numpy's
#: deg2rad loop is not vectorised: 1.8 ms per 10⁶ states, the multiplication 0.2 ms; issue 15).
_RAD_PER_DEG = np.pi / 180.0
_DEG_PER_RAD = 180.0 / np.pi

__all__ = [
    "quadriceps_lateral_ratio",
    "knee_relative_kinematics_deg",
    "dynamic_q_angle_deg",
    "patellar_lateral_load_N",
    "ligament_centring_stiffness_N_mm",
]


def quadriceps_lateral_ratio(
    vmo_activation=1.0, geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY
):
    """Lateral / proximal component ratio of the quadriceps resultant, tan ψ_R [-].

    Each head pulls with force ∝ share × activation (VMO scaled by ``vmo_activation``; the total
    proximal force is the quadriceps force the sagittal moment requires, so the other heads take up
    what the VMO drops) along its frontal pull angle.
    """
    act = np.asarray(vmo_activation, dtype=np.float64)
    lat = 0.0
    prox = 0.0
    for name, (share, angle) in geometry.quadriceps_heads.items():
        w = share * act if name == "vastus_medialis_obliquus" else share
        lat = lat + w * np.sin(np.radians(angle))
        prox = prox + w * np.cos(np.radians(angle))
    return lat / prox


def knee_relative_kinematics_deg(
    knee_flexion_deg,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    knee_abduction_per_hip_adduction=None,
):
    """Tibiofemoral abduction and tibial rotation relative to the femur [deg].

    - abduction κ = ``knee_abduction_per_hip_adduction`` × hip adduction (closed chain, assumption):
      the argument (array_like, per state) when given, else the geometry's
      :attr:`FrontalGeometry.knee_abduction_per_hip_adduction`;
    - relative tibial internal rotation ψ = tibial − femoral internal rotation (both relative to the
      static posture) + the screw-home rotation coupled to flexion.
    """
    theta = np.asarray(knee_flexion_deg, dtype=np.float64)
    coupling = (
        geometry.knee_abduction_per_hip_adduction
        if knee_abduction_per_hip_adduction is None
        else np.asarray(knee_abduction_per_hip_adduction, dtype=float)
    )
    kappa = coupling * np.asarray(hip_adduction_deg, dtype=float)
    screw = geometry.screw_home_deg * np.clip(theta / geometry.screw_home_range_deg, 0.0, 1.0)
    psi = (
        np.asarray(tibial_internal_rotation_deg) - np.asarray(femoral_internal_rotation_deg) + screw
    )
    return kappa, psi


def _tubercle_lateral_mm(q_angle_deg, geometry):
    """Tubercle lateral offset [mm] that gives the static Q-angle at extension (κ = ψ = 0)."""
    psi_r0 = np.degrees(np.arctan(quadriceps_lateral_ratio(1.0, geometry)))
    return geometry.ligament_length_mm * np.sin((np.asarray(q_angle_deg) - psi_r0) * _RAD_PER_DEG)


def _ligament_lateral_cosine(q_angle_deg, kappa_deg, psi_deg, geometry):
    """The ligament's lateral direction cosine: the generated ``ligament_lateral_cosine``.

    Its expression term for term, ``(−T_a sin ψ cos κ + T_d sin κ + T_l cos κ cos ψ) / ℓ``, with
    ``cos κ`` evaluated once instead of twice (a sine or cosine costs 8 ms per 10⁶ states, the
    largest part of the frontal inputs; issue 15). The same operations in the same order: the same
    bits as the generated function (tests/joint/test_frontal.py checks it, so a changed
    derivation fails there).
    """
    kappa = np.asarray(kappa_deg, dtype=np.float64) * _RAD_PER_DEG
    psi = np.asarray(psi_deg, dtype=np.float64) * _RAD_PER_DEG
    tubercle_lateral_mm = _tubercle_lateral_mm(q_angle_deg, geometry)
    cos_kappa = np.cos(kappa)
    return (
        -geometry.tubercle_anterior_mm * np.sin(psi) * cos_kappa
        + geometry.tubercle_distal_mm * np.sin(kappa)
        + tubercle_lateral_mm * cos_kappa * np.cos(psi)
    ) / geometry.ligament_length_mm


def dynamic_q_angle_deg(
    knee_flexion_deg,
    q_angle_deg=DEFAULT_Q_ANGLE_DEG,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    knee_abduction_per_hip_adduction=None,
):
    """Dynamic Q-angle [deg]: angle between the quadriceps resultant and the patellar ligament.

    ``Q = ψ_R + asin(T_x / ℓ)`` with the tubercle position ``T`` from the derived chain
    (:mod:`pfsim.derivations.frontal`). Equals ``q_angle_deg`` at extension with all other inputs at
    their defaults, by construction of the tubercle offset.
    """
    tan_r, cos_x = _lines_of_action(
        knee_flexion_deg,
        q_angle_deg,
        hip_adduction_deg,
        femoral_internal_rotation_deg,
        tibial_internal_rotation_deg,
        vmo_activation,
        geometry,
        knee_abduction_per_hip_adduction,
    )
    return _q_angle_from_lines(tan_r, cos_x)


def _lines_of_action(theta, q, hip, fem, tib, vmo, geometry, coupling=None):
    """(tan ψ_R of the quadriceps resultant, lateral direction cosine of the ligament)."""
    kappa, psi = knee_relative_kinematics_deg(theta, hip, fem, tib, geometry, coupling)
    return quadriceps_lateral_ratio(vmo, geometry), _ligament_lateral_cosine(
        q, kappa, psi, geometry
    )


def _q_angle_from_lines(tan_r, cos_x):
    return np.arctan(tan_r) * _DEG_PER_RAD + np.arcsin(np.clip(cos_x, -1.0, 1.0)) * _DEG_PER_RAD


def patellar_lateral_load_N(
    quad_force_N,
    knee_flexion_deg,
    q_angle_deg=DEFAULT_Q_ANGLE_DEG,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    lateral_retinaculum_N=0.0,
    force_ratio=1.0,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    knee_abduction_per_hip_adduction=None,
):
    """Net active lateral load on the patella [N] (before passive restraints).

    ``F = F_Q tan ψ_R + r F_Q T_x/ℓ + T_LR cos β``: quadriceps resultant, patellar ligament (force
    ratio r, 1 by default as in the sagittal model) and the lateral part of the extra lateral
    retinaculum / ITB tension (β: ``retinaculum_posterior_angle_deg``).
    """
    tan_r, cos_x = _lines_of_action(
        knee_flexion_deg,
        q_angle_deg,
        hip_adduction_deg,
        femoral_internal_rotation_deg,
        tibial_internal_rotation_deg,
        vmo_activation,
        geometry,
        knee_abduction_per_hip_adduction,
    )
    return _lateral_load(quad_force_N, tan_r, cos_x, lateral_retinaculum_N, force_ratio, geometry)


def _lateral_load(quad_force_N, tan_r, cos_x, lateral_retinaculum_N, force_ratio, geometry):
    fq = np.asarray(quad_force_N, dtype=np.float64)
    beta = np.radians(geometry.retinaculum_posterior_angle_deg)
    retinaculum = np.asarray(lateral_retinaculum_N, dtype=np.float64) * np.cos(beta)
    return fq * (tan_r + force_ratio * cos_x) + retinaculum


def ligament_centring_stiffness_N_mm(
    quad_force_N, force_ratio=1.0, geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY
):
    """Lateral stiffness of the tensioned patellar ligament about the centred patella [N/mm].

    The ligament runs from the patella to the tibial tubercle with length ℓ
    (``geometry.ligament_length_mm``) and tension ``r F_Q``. A lateral patellar shift u moves its
    proximal end, so its lateral direction cosine becomes ``(T_x − u)/ℓ`` (derived in
    :mod:`pfsim.derivations.frontal`, ``d cos/du = −1/ℓ``) and its lateral pull on the patella falls
    by ``r F_Q u / ℓ``: a restoring force that grows with the quadriceps force (the geometric
    stiffness of a tensioned string). ``k_s = r F_Q / ℓ``; at ``F_Q`` = 175 N (cadaver rigs) it is
    3.9 N/mm, at 3000 N (running) 67 N/mm.

    The same holds in principle for the quadriceps heads, whose pull angles the model keeps fixed to
    the femur; their lines are several times longer than the ligament (their centring is weaker by
    about that factor) and no cited lengths are in REFERENCES, so they are left out, which
    understates the centring.
    """
    fq = np.asarray(quad_force_N, dtype=np.float64)
    return -force_ratio * fq * ligament_shift_derivative_per_mm(geometry.ligament_length_mm)


def _retinaculum_compression_and_moment(lateral_retinaculum_N, geometry):
    """Posterior component [N] of the retinaculum pull and its extra moment [N·mm] about the sulcus.

    The pull T acts on the lateral border (x_b = w_L cos α_L lateral of the ridge, height h) along
    (cos β, −sin β). Its lateral part is in the lateral load and its posterior part in the compression,
    both taken by the solver to act on the centre line x_c; the extra moment puts the posterior part
    where it acts: ``−(x_b − x_c) T sin β`` (clockwise: lateral tilt).
    """
    T = np.asarray(lateral_retinaculum_N, dtype=np.float64)
    beta = np.radians(geometry.retinaculum_posterior_angle_deg)
    wL = geometry.articular_width_mm * geometry.lateral_facet_share
    wM = geometry.articular_width_mm - wL
    x_b = wL * np.cos(np.radians(geometry.lateral_facet_inclination_deg))
    x_c = 0.5 * (wL - wM)
    posterior = T * np.sin(beta)
    return posterior, -(x_b - x_c) * posterior
