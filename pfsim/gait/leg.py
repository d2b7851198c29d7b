"""The two-segment leg of the stance model: knee flexion and knee moment from the spring-mass state.

A two-segment leg (thigh, shank; Winter 2009 / Drillis & Contini fractions of height) turns a share
of the spring-mass leg compression into knee flexion (:func:`knee_flexion_from_compression_deg`);
the knee extension moment is the moment of the ground reaction force about the knee joint centre
(:func:`knee_extension_moment_Nm`, knee placed by :func:`_knee_position_m`); hip adduction and
rotation follow half-sine profiles over stance (:func:`frontal_profiles_deg`).

The two leg parameters calibrated on the baseline, :data:`KNEE_SHARE_OF_LEG_COMPRESSION` and
:data:`GRF_OFFSET_FOOT_FRACTION`, are defined here (they are defaults of these functions and of
:func:`pfsim.gait.stance`); :mod:`pfsim.gait.calibration` recomputes them.
"""

from __future__ import annotations

import numpy as np

from .._checks import KNEE_FLEXION_LIMITS_DEG
from .springmass import LEG_LENGTH_FRACTION

__all__ = [
    "SEGMENT_FRACTIONS",
    "KNEE_SHARE_OF_LEG_COMPRESSION",
    "GRF_OFFSET_FOOT_FRACTION",
    "KNEE_FLEXION_INITIAL_CONTACT_DEG",
    "HIP_ADDUCTION_PEAK_DEG",
    "HIP_INTERNAL_ROTATION_PEAK_DEG",
    "knee_flexion_from_compression_deg",
    "knee_extension_moment_Nm",
    "frontal_profiles_deg",
]

#: Segment lengths as fractions of body height (Winter 2009, Biomechanics and Motor Control of Human
#: Movement, 4th ed., Fig. 4.1, after Drillis & Contini 1966; ``REFERENCES.md`` §3b): greater
#: trochanter 0.530 H, knee 0.285 H, ankle 0.039 H, foot length 0.152 H. Only this one table is used
#: (de Leva 1996 is not mixed in).
SEGMENT_FRACTIONS = {
    "hip_height": 0.530,
    "knee_height": 0.285,
    "ankle_height": 0.039,
    "foot_length": 0.152,
    "thigh": 0.530 - 0.285,
    "shank": 0.285 - 0.039,
}
assert SEGMENT_FRACTIONS["hip_height"] == LEG_LENGTH_FRACTION

#: Knee flexion at initial contact [deg]: 17.8 ± 4.0 at the preferred step rate (Heiderscheit et al.
#: 2011 Med Sci Sports Exerc 43:296, Table 3). Held at every condition (an input, not a prediction).
KNEE_FLEXION_INITIAL_CONTACT_DEG = 17.8

#: Peak hip adduction in stance [deg]: 10.4 ± 3.3 (Heiderscheit et al. 2011, Table 3).
HIP_ADDUCTION_PEAK_DEG = 10.4

#: Peak hip internal rotation in stance [deg]: 4.4 ± 6.8 (Bramah et al. 2018 Am J Sports Med
#: 46(12):3023-3031, doi:10.1177/0363546518793657, healthy runners at 3.2 m/s, Tables 3-4;
#: ``REFERENCES.md`` §3b).
HIP_INTERNAL_ROTATION_PEAK_DEG = 4.4

#: Share of the spring-mass leg compression taken by shortening of the hip-ankle chord through knee
#: flexion; the rest is ankle dorsiflexion, centre-of-pressure travel and pelvic drop (Bramah et al.
#: 2018; ``REFERENCES.md`` §3b). Calibrated by :func:`pfsim.gait.calibration.calibrate` (baseline
#: only).
KNEE_SHARE_OF_LEG_COMPRESSION = 0.4422376676043382

#: Effective offset of the GRF line anterior of the hip-ankle chord, measured at the ankle end
#: perpendicular to the leg, in foot lengths (foot length 0.152 H, Winter 2009). Calibrated by
#: :func:`pfsim.gait.calibration.calibrate` (baseline only). The value, 0.45 foot lengths (12 cm at
#: 1.75 m), is about twice the mid-stance distance of the centre of pressure ahead of the ankle alone
#: (≈ 5-7 cm, a rough estimate for a rear-foot striker): it also absorbs what this leg leaves out
#: (trunk lean putting the centre of mass ahead of the hip, the real GRF direction). Without it the
#: GRF line through the hip would pass 17 cm behind the knee at 46° and the moment would be
#: 3.9 N·m/kg, above the baseline.
GRF_OFFSET_FOOT_FRACTION = 0.45236117063560066


# --------------------------------------------------------------------------------------------------
# Leg geometry
# --------------------------------------------------------------------------------------------------
def _chord_m(thigh_m, shank_m, theta_rad):
    return np.sqrt(thigh_m**2 + shank_m**2 + 2.0 * thigh_m * shank_m * np.cos(theta_rad))


def knee_flexion_from_compression_deg(
    leg_compression_m,
    height_m,
    *,
    knee_share=KNEE_SHARE_OF_LEG_COMPRESSION,
    knee_flexion_initial_contact_deg=KNEE_FLEXION_INITIAL_CONTACT_DEG,
):
    """Knee flexion [deg] from spring-mass leg compression through a two-segment leg.

    Parameters
    ----------
    leg_compression_m : array_like
        Leg compression ``L − |r|`` over stance [m], 0 at foot strike.
    height_m : array_like
        Body height [m]; thigh ``a = 0.245 H`` and shank ``b = 0.246 H`` (Winter 2009 Fig. 4.1).
    knee_share : float
        Share of the compression taken by the hip-ankle chord (:data:`KNEE_SHARE_OF_LEG_COMPRESSION`).
    knee_flexion_initial_contact_deg : array_like
        Knee flexion at foot strike [deg] (Heiderscheit et al. 2011 Table 3: 17.8°).

    Notes
    -----
    Hip-ankle chord ``d(θ) = √(a² + b² + 2ab cos θ)`` (law of cosines, θ = knee flexion). Over stance
    ``d(t) = d(θ_ic) − s · c(t)``, with ``c`` the leg compression and ``s`` the knee share, so
    ``θ(t) = arccos((d² − a² − b²) / (2ab))``. Where ``d`` would fall below what the leg can reach
    (θ ≥ 170°) the angle is NaN.

    A leg longer than at foot strike (negative compression: only late in an uphill stance, where the
    leg lengthens to lift the body, :func:`pfsim.gait.springmass.sine_wave_stance`) is not taken by
    the knee: θ stays at its foot-strike value there. Assumption: the lengthening is push-off at the
    ankle and hip (on an incline the extra positive work appears at the hip, Telhan et al. 2010 J
    Athl Train, PMC2808749); the level-ground knee share, calibrated on compression, would otherwise
    straighten and then hyperextend the knee.
    """
    H = np.asarray(height_m, dtype=float)
    a = SEGMENT_FRACTIONS["thigh"] * H
    b = SEGMENT_FRACTIONS["shank"] * H
    th0 = np.radians(np.asarray(knee_flexion_initial_contact_deg, dtype=float))
    compression = np.maximum(np.asarray(leg_compression_m, dtype=float), 0.0)
    d = _chord_m(a, b, th0) - knee_share * compression
    cos_t = (d * d - a * a - b * b) / (2.0 * a * b)
    cos_t = np.where(
        (cos_t < np.cos(np.radians(KNEE_FLEXION_LIMITS_DEG[1]))) | (cos_t > 1.0), np.nan, cos_t
    )
    return np.degrees(np.arccos(cos_t))


def _knee_position_m(com_x, com_z, theta_deg, height_m, grf_offset_m):
    """Knee joint centre relative to the contact point (surface frame, x forward, z up) [m]."""
    H = height_m
    a = SEGMENT_FRACTIONS["thigh"] * H
    b = SEGMENT_FRACTIONS["shank"] * H
    theta = np.radians(theta_deg)
    d = _chord_m(a, b, theta)
    leg = np.hypot(com_x, com_z)
    # unit vector hip -> contact point, and its anterior normal
    ux, uz = -com_x / leg, -com_z / leg
    nx, nz = -uz, ux
    # ankle: on the circle of radius d about the hip, grf_offset posterior of the leg line
    e = grf_offset_m
    along = np.sqrt(np.maximum(d * d - e * e, 0.0))
    ax = along * ux - e * nx
    az = along * uz - e * nz
    cx, cz = ax / d, az / d  # chord unit vector hip -> ankle
    ncx, ncz = -cz, cx  # anterior normal of the chord
    s = (a * a - b * b + d * d) / (2.0 * d)
    p = np.sqrt(np.maximum(a * a - s * s, 0.0))  # = a b sin(theta) / d
    return com_x + s * cx + p * ncx, com_z + s * cz + p * ncz


def knee_extension_moment_Nm(knee_x_m, knee_z_m, vertical_grf_N, fore_aft_grf_N):
    """Internal knee extension moment [N·m] balancing the ground reaction force about the knee.

    ``M = x_k F_z − z_k F_x``, with the knee joint centre at ``(x_k, z_k)`` relative to the centre of
    pressure (x forward, z up), ``F_z`` the normal and ``F_x`` the fore-aft (positive propulsive) force:
    a force line passing behind the knee, or a braking force, flexes the knee and needs an internal
    extension moment. Quasi-static: the weight and inertia of the foot and shank are neglected (small
    against the GRF term in running stance; the standard GRF-vector approximation, e.g. Winter 2009
    ch. 5). A flexion moment is negative.
    """
    return knee_x_m * vertical_grf_N - knee_z_m * fore_aft_grf_N


def frontal_profiles_deg(
    stance_fraction,
    *,
    hip_adduction_peak_deg=HIP_ADDUCTION_PEAK_DEG,
    hip_internal_rotation_peak_deg=HIP_INTERNAL_ROTATION_PEAK_DEG,
    tibial_internal_rotation_peak_deg=0.0,
):
    """Hip adduction, femoral and tibial internal rotation over stance [deg].

    Each is a half-sine ``peak · sin(π s)`` of the stance fraction ``s`` (0 at foot strike, 1 at
    toe-off), peaking at mid-stance with the GRF. The peaks are inputs: 10.4° hip adduction
    (Heiderscheit et al. 2011 Table 3), 4.4° hip internal rotation (Bramah et al. 2018), 0° tibial
    rotation. The half-sine shape is a pfsim assumption (no cited profile shape).
    """
    shape = np.sin(np.pi * np.asarray(stance_fraction, dtype=float))
    e = (...,) + (None,)
    return (
        np.asarray(hip_adduction_peak_deg, dtype=float)[e] * shape,
        np.asarray(hip_internal_rotation_peak_deg, dtype=float)[e] * shape,
        np.asarray(tibial_internal_rotation_peak_deg, dtype=float)[e] * shape,
    )
