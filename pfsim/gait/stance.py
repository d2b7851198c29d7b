"""Running stance: speed, step rate, body size, slope and load → knee state and joint load over stance.

The chain (one direction, ``../shared/DESIGN.md``):

1. contact time from speed and step rate (:func:`pfsim.gait.springmass.contact_time_s`) unless given;
2. the sine-wave spring-mass stance (Morin et al. 2005): ground reaction force, COM path, leg
   compression (:func:`pfsim.gait.springmass.sine_wave_stance`); on a slope the GRF stays along the
   leg, through the centre of mass, and the leg leans to carry the along-slope weight;
3. a two-segment leg (thigh, shank; Winter 2009 / Drillis & Contini fractions of height) turns a share
   of the leg compression into knee flexion (:func:`knee_flexion_from_compression_deg`);
4. the knee extension moment is the moment of the ground reaction force about the knee joint centre
   (:func:`knee_extension_moment_Nm`);
5. hip adduction and rotation profiles over stance (:func:`frontal_profiles_deg`);
6. :func:`pfsim.patellofemoral_load` gives quadriceps force, PFJRF, contact area and stress.

Scenarios the model cannot place (contact time outside its relation, a leg that cannot reach the
ground, a knee moment beyond the joint model's range) give NaN outputs and one
:class:`~pfsim.PfsimRangeWarning` per cause in an array call; a scalar call raises a ValueError
with the same message (except for the contact-time relation, which is NaN + warning either way).

Calibration (``../shared/REFERENCES.md``: baseline only)
--------------------------------------------------------
Two numbers are calibrated, both on the preferred-condition baseline of Heiderscheit et al. 2011
(Med Sci Sports Exerc 43:296, Table 3) for the reference scenario :data:`REFERENCE_SCENARIO`
(3.0 m/s, 168 steps/min, 70 kg, 1.75 m; the issue's reference runner):

- :data:`KNEE_SHARE_OF_LEG_COMPRESSION` so that peak knee flexion is 46.3°;
- :data:`GRF_OFFSET_FOOT_FRACTION` (how far the GRF line lies anterior of the hip-ankle chord at the
  ankle, in foot lengths) so that the peak knee extension moment is 2.5 N·m/kg.

:func:`calibrate` recomputes both (a test checks they match the stored values). Nothing is fitted to
the effect of changing step rate, speed, slope or load: those are predictions
(``validation/gait_predictions``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np

from .._checks import (
    KNEE_FLEXION_LIMITS_DEG,
    PfsimRangeWarning,
    PfsimUnitWarning,
    as_float_array,
    check_bounds,
)
from .._results import LabelledResult
from ..joint.model import MOMENT_LIMIT_NM, JointLoad, patellofemoral_load
from .springmass import LEG_LENGTH_FRACTION, sine_wave_stance
from .springmass import contact_time_s as _contact_time_s

__all__ = [
    "SEGMENT_FRACTIONS",
    "REFERENCE_SCENARIO",
    "KNEE_SHARE_OF_LEG_COMPRESSION",
    "GRF_OFFSET_FOOT_FRACTION",
    "KNEE_FLEXION_INITIAL_CONTACT_DEG",
    "HIP_ADDUCTION_PEAK_DEG",
    "HIP_INTERNAL_ROTATION_PEAK_DEG",
    "STANCE_AREA_FIT",
    "StanceResult",
    "stance",
    "knee_flexion_from_compression_deg",
    "knee_extension_moment_Nm",
    "frontal_profiles_deg",
    "calibrate",
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

#: Contact-area fit used by the stance model: Salsich et al. 2003 (in-vivo MRI of pain-free adults,
#: data 0-60°). Peak stance flexion is ≈ 46 ± 4.5° (Heiderscheit 2011), beyond the 0-45° data of the
#: joint default ``connolly2009`` (which would give NaN at peak); Salsich's data cover the whole
#: stance range of flexion and come from living, pain-free knees (``powers1998`` and ``kernozek2015``
#: are cadaver fits).
STANCE_AREA_FIT = "salsich2003"

#: The reference runner of the calibration (issue 4): speed, step rate, body mass, height.
REFERENCE_SCENARIO = {
    "speed_m_s": 3.0,
    "step_rate_spm": 168.0,
    "body_mass_kg": 70.0,
    "height_m": 1.75,
}

#: Heiderscheit et al. 2011 Table 3 targets used by :func:`calibrate` (preferred step rate, 45 runners).
CALIBRATION_TARGETS = {
    "peak_knee_flexion_deg": 46.3,
    "peak_knee_extension_moment_Nm_kg": 2.5,
}

#: Share of the spring-mass leg compression taken by shortening of the hip-ankle chord through knee
#: flexion; the rest is ankle dorsiflexion, centre-of-pressure travel and pelvic drop (Bramah et al.
#: 2018; ``REFERENCES.md`` §3b). Calibrated by :func:`calibrate` (baseline only).
KNEE_SHARE_OF_LEG_COMPRESSION = 0.4421831441898063

#: Effective offset of the GRF line anterior of the hip-ankle chord, measured at the ankle end
#: perpendicular to the leg, in foot lengths (foot length 0.152 H, Winter 2009). Calibrated by
#: :func:`calibrate` (baseline only). The value, 0.45 foot lengths (12 cm at 1.75 m), is about twice
#: the mid-stance distance of the centre of pressure ahead of the ankle alone (≈ 5-7 cm, a rough
#: estimate for a rear-foot striker): it also absorbs what this leg leaves out (trunk lean putting the
#: centre of mass ahead of the hip, the real GRF direction). Without it the GRF line through the hip
#: would pass 17 cm behind the knee at 46° and the moment would be 3.3 N·m/kg, above the baseline.
GRF_OFFSET_FOOT_FRACTION = 0.45227299474582955

#: Steepest grade of the graded-running data [deg]: Khassetarash A, Vernillo G, Martinez A, et al.
#: (2020). Biomechanics of graded running: Part II - joint kinematics and kinetics. Scand J Med Sci
#: Sports (19 runners, 0, ±5 and ±10° at 2.50-4.17 m/s). Steeper slopes are accepted (to ±30°) with
#: one PfsimRangeWarning: the slope treatment has not been compared with data there.
GRADED_RUNNING_DATA_DEG = 10.0

# --------------------------------------------------------------------------------------------------
# The joint model over a batch of stance scenarios, a few of which may not be placeable.
# --------------------------------------------------------------------------------------------------


def _joint_load(
    theta_deg, moment_Nm, frontal: dict, joint_kwargs: dict, explained=None
) -> JointLoad:
    """Call :func:`patellofemoral_load` for every scenario the stance model could place.

    A scenario whose knee angle or moment is not finite (e.g. a speed outside the contact-time
    relation's data, which gives NaN by design) or is impossible (flexion outside -30..170°) gets NaN
    outputs and one :class:`~pfsim.PfsimRangeWarning` per call, so that a batch or a sweep survives a
    few bad points (DESIGN.md: validity ranges). The rest are computed as usual. ``explained``
    (scenario mask, trailing axis of length 1) marks scenarios whose cause a more specific warning
    has already named; they are not counted again.
    """
    theta = np.asarray(theta_deg, dtype=float)
    moment = np.asarray(moment_Nm, dtype=float)
    theta, moment = np.broadcast_arrays(theta, moment)
    with np.errstate(invalid="ignore"):
        lo, hi = KNEE_FLEXION_LIMITS_DEG
        ok_sample = np.isfinite(theta) & np.isfinite(moment) & (theta >= lo) & (theta <= hi)
    bad = ~np.all(ok_sample, axis=-1, keepdims=True)  # a scenario is used whole or not at all
    passed = {k: v for k, v in frontal.items() if k not in joint_kwargs}
    if not bad.any():
        return patellofemoral_load(theta, knee_extension_moment_Nm=moment, **passed, **joint_kwargs)
    # Placeholders keep the arrays' shapes; every output of those scenarios is then set to NaN.
    theta_in = np.where(bad, 30.0, theta)
    moment_in = np.where(bad, 0.0, moment)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimUnitWarning)
        jl = patellofemoral_load(
            theta_in, knee_extension_moment_Nm=moment_in, **passed, **joint_kwargs
        )
    unexplained = bad if explained is None else bad & ~np.asarray(explained, dtype=bool)
    n_bad = int(unexplained.sum())
    if n_bad:
        warnings.warn(
            f"{n_bad} of {bad.size} stance scenarios could not be placed (knee angle or moment not "
            "finite, or an impossible knee angle); their outputs are NaN. For a speed outside the "
            "contact-time relation's 8-20 km/h give contact_time_s (CLI --contact-time S), or "
            "contact_time_extrapolate='extend' (CLI --contact-time-extrapolate extend).",
            PfsimRangeWarning,
            stacklevel=3,
        )
    fixed = {}
    for name, arr in jl.arrays().items():
        a = np.asarray(arr)
        mask = np.broadcast_to(bad, np.broadcast_shapes(a.shape, bad.shape))
        if a.dtype == bool:
            fixed[name] = np.where(mask, False, a)
        elif name == "knee_flexion_deg":
            fixed[name] = theta  # the inputs as they were (NaN where they could not be placed)
        elif name == "knee_extension_moment_Nm":
            fixed[name] = moment
        else:
            fixed[name] = np.where(mask, np.nan, a)
    return replace(jl, **fixed)


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


# --------------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StanceResult(LabelledResult):
    """Stance time series for one or many scenarios: arrays of shape ``(..., n_samples)``.

    Scenario arrays (``speed_m_s``, ``step_rate_spm``, ``contact_time_s``, ...) have the scenario
    shape ``(...)``. For a measured trial (:func:`pfsim.gait.trial_load`) the spring-mass fields are
    None.

    Attributes
    ----------
    time_s : ndarray
        Time from foot strike [s].
    knee_flexion_deg, knee_extension_moment_Nm : ndarray
        Knee state fed to the joint model [deg, N·m].
    vertical_grf_N, fore_aft_grf_N : ndarray or None
        Ground reaction force along gravity (up) and horizontal (positive forward, propulsive) [N].
    normal_grf_N, along_surface_grf_N : ndarray or None
        The same force normal to the running surface and along it (positive forward) [N]; equal to
        the vertical and fore-aft components on level ground.
    leg_compression_m : ndarray or None
        Spring-mass leg compression [m].
    hip_adduction_deg, femoral_internal_rotation_deg, tibial_internal_rotation_deg : ndarray or None
        Frontal/transverse profiles [deg] (passed to the joint model where it accepts them).
    quad_force_N, joint_reaction_force_N, contact_area_mm2, contact_stress_MPa : ndarray
        Joint outputs of :func:`pfsim.patellofemoral_load` [N, N, mm², MPa].
    lateral_facet_stress_MPa : ndarray or None
        Lateral facet stress [MPa] when the joint model provides it (frontal model), else None.
    joint : JointLoad
        The full joint result.
    body_mass_kg, speed_m_s, step_rate_spm, step_time_s, contact_time_s, slope_deg, added_mass_kg,
    height_m : ndarray
        The resolved scenario, shape ``(...)`` (NaN where not applicable, e.g. speed of a trial).
    """

    time_s: np.ndarray
    knee_flexion_deg: np.ndarray
    knee_extension_moment_Nm: np.ndarray
    quad_force_N: np.ndarray
    joint_reaction_force_N: np.ndarray
    contact_area_mm2: np.ndarray
    contact_stress_MPa: np.ndarray
    joint: JointLoad
    body_mass_kg: np.ndarray
    contact_time_s: np.ndarray
    vertical_grf_N: np.ndarray | None = None
    fore_aft_grf_N: np.ndarray | None = None
    normal_grf_N: np.ndarray | None = None
    along_surface_grf_N: np.ndarray | None = None
    leg_compression_m: np.ndarray | None = None
    hip_adduction_deg: np.ndarray | None = None
    femoral_internal_rotation_deg: np.ndarray | None = None
    tibial_internal_rotation_deg: np.ndarray | None = None
    lateral_facet_stress_MPa: np.ndarray | None = None
    speed_m_s: np.ndarray | None = None
    step_rate_spm: np.ndarray | None = None
    step_time_s: np.ndarray | None = None
    slope_deg: np.ndarray | None = None
    added_mass_kg: np.ndarray | None = None
    height_m: np.ndarray | None = None

    _DIMS = ("sample",)

    #: Names of the per-sample time series (in CSV column order).
    SERIES = (
        "time_s",
        "vertical_grf_N",
        "fore_aft_grf_N",
        "normal_grf_N",
        "along_surface_grf_N",
        "leg_compression_m",
        "knee_flexion_deg",
        "knee_extension_moment_Nm",
        "hip_adduction_deg",
        "femoral_internal_rotation_deg",
        "tibial_internal_rotation_deg",
        "quad_force_N",
        "joint_reaction_force_N",
        "contact_area_mm2",
        "contact_stress_MPa",
        "lateral_facet_stress_MPa",
    )

    @property
    def scenario_shape(self) -> tuple[int, ...]:
        return np.shape(self.time_s)[:-1]

    def series(self) -> dict[str, np.ndarray]:
        """The per-sample time series that are present, including every extra joint output."""
        out = {n: getattr(self, n) for n in self.SERIES if getattr(self, n) is not None}
        shape = np.shape(self.time_s)
        for name, arr in self.joint.arrays().items():
            if name not in out and np.shape(arr) == shape:
                out[name] = arr
        return out

    def scenario(self) -> dict[str, np.ndarray]:
        """The resolved scenario arrays that are present (shape ``scenario_shape``)."""
        names = (
            "speed_m_s",
            "step_rate_spm",
            "body_mass_kg",
            "height_m",
            "added_mass_kg",
            "slope_deg",
            "contact_time_s",
            "step_time_s",
        )
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def summary(self):
        """Per-step and per-km summaries (:func:`pfsim.gait.summaries.stance_summary`)."""
        from .summaries import stance_summary

        return stance_summary(self)


# --------------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------------
def _positive(value, name, unit, hi, hint, lo=0.0):
    arr = as_float_array(value, name)
    if arr.size and float(arr.min()) <= 0.0:
        raise ValueError(f"{name} must be greater than 0 {unit} (got {float(arr.min()):g}). {hint}")
    check_bounds(arr, name, lo, hi, unit, hint=hint)
    return arr


def _check_inputs(
    speed_m_s, step_rate_spm, body_mass_kg, height_m, contact_time_s, slope_deg, added_mass_kg
):
    v = _positive(
        speed_m_s,
        "speed_m_s (--speed)",
        "m/s",
        12.5,
        "Give the running speed in m/s (km/h ÷ 3.6), e.g. 3.0.",
    )
    f = _positive(
        step_rate_spm,
        "step_rate_spm (--step-rate)",
        "steps/min",
        300.0,
        "Steps per minute count both feet (150-200 is typical; double a stride rate). "
        "Above 300 steps/min a step leaves no time for a running stance.",
        lo=100.0,
    )
    m = _positive(
        body_mass_kg, "body_mass_kg (--mass)", "kg", 400.0, "Give the body mass in kg, e.g. 70."
    )
    h = _positive(
        height_m,
        "height_m (--height)",
        "m",
        2.6,
        "Give the height in metres (not cm), e.g. 1.75.",
        lo=1.0,
    )
    slope = as_float_array(slope_deg, "slope_deg")
    check_bounds(
        slope,
        "slope_deg (--slope-deg)",
        -30.0,
        30.0,
        "deg",
        hint="Give the incline in degrees (uphill positive); a 10 % grade is 5.7 deg.",
    )
    load = as_float_array(added_mass_kg, "added_mass_kg")
    check_bounds(
        load,
        "added_mass_kg (--added-mass)",
        0.0,
        200.0,
        "kg",
        hint="Carried mass in kg, 0 or more (a weight vest of 10 % body mass is ~7 kg).",
    )
    tc = None
    if contact_time_s is not None:
        tc = _positive(
            contact_time_s,
            "contact_time_s (--contact-time)",
            "s",
            2.0,
            "Give the ground contact time of one step in seconds, e.g. 0.25.",
        )
    return v, f, m, h, slope, load, tc


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------
def stance(
    speed_m_s,
    step_rate_spm,
    body_mass_kg,
    height_m,
    *,
    contact_time_s=None,
    slope_deg=0.0,
    added_mass_kg=0.0,
    knee_flexion_initial_contact_deg=KNEE_FLEXION_INITIAL_CONTACT_DEG,
    hip_adduction_peak_deg=HIP_ADDUCTION_PEAK_DEG,
    hip_internal_rotation_peak_deg=HIP_INTERNAL_ROTATION_PEAK_DEG,
    tibial_internal_rotation_peak_deg=0.0,
    n_samples: int = 101,
    area_fit: str = STANCE_AREA_FIT,
    contact_time_extrapolate: str = "nan",
    knee_share=KNEE_SHARE_OF_LEG_COMPRESSION,
    grf_offset_foot_fraction=GRF_OFFSET_FOOT_FRACTION,
    **joint_kwargs,
) -> StanceResult:
    """Knee flexion, knee extension moment and patellofemoral load over running stance.

    Every array argument broadcasts against the others (scalars, lists, arrays of any broadcastable
    shapes = the scenario shape ``S``); time series come back with shape ``S + (n_samples,)``.

    Parameters
    ----------
    speed_m_s : array_like
        Running speed [m/s], > 0.
    step_rate_spm : array_like
        Step rate [steps/min, both feet], 100-300.
    body_mass_kg : array_like
        Body mass [kg], > 0 (the body weight of every ``_bw`` output).
    height_m : array_like
        Body height [m]: leg length 0.53 H (Morin 2005), segments after Winter 2009 Fig. 4.1.
    contact_time_s : array_like, optional
        Ground contact time [s], ≤ step time. Default: :func:`pfsim.gait.springmass.contact_time_s`
        (duty factor vs speed, van Oeveren 2021 shape anchored to JSSM 2025 Table 1).
    slope_deg : array_like
        Incline [deg], uphill positive, -30 to 30: the GRF stays along the leg (through the centre
        of mass) and the leg leans so that it carries the along-slope weight
        (:func:`pfsim.gait.springmass.sine_wave_stance`). Where the knee extension moment never
        becomes positive, or the centre of mass does not pass over the foot, one
        :class:`~pfsim.PfsimRangeWarning` says the slope treatment has no sense there.
    added_mass_kg : array_like
        Carried mass [kg]: adds to the moving mass and so to the GRF; ``_bw`` outputs stay relative
        to body weight.
    knee_flexion_initial_contact_deg : array_like
        Knee flexion at foot strike [deg], default 17.8 (Heiderscheit et al. 2011 Table 3).
    hip_adduction_peak_deg, hip_internal_rotation_peak_deg, tibial_internal_rotation_peak_deg
        Peaks of the frontal/transverse profiles [deg] (:func:`frontal_profiles_deg`).
    n_samples : int
        Samples over stance (foot strike to toe-off), default 101.
    area_fit : str
        Contact-area fit, default :data:`STANCE_AREA_FIT` (``"salsich2003"``, data 0-60°).
    contact_time_extrapolate : {"nan", "extend"}
        The contact-time relation outside 8-20 km/h.
    knee_share, grf_offset_foot_fraction : float
        The two baseline calibrations (:func:`calibrate`); exposed for sensitivity studies.
    **joint_kwargs
        Passed to :func:`pfsim.patellofemoral_load` (``model``, ``k_fit``, ``extrapolate``, ...).

    Returns
    -------
    StanceResult
        Time series and the joint result; ``.summary()`` gives the per-step and per-km numbers.

    Notes
    -----
    See the module docstring for the chain and the calibration, :func:`sine_wave_stance` for the
    spring-mass equations (Morin et al. 2005 J Appl Biomech 21:167), :func:`knee_flexion_from_compression_deg`
    and :func:`knee_extension_moment_Nm` for the leg. The knee moment is the GRF's moment about the
    knee joint centre, with the GRF acting along the leg from the contact point toward the centre of
    mass (spring-mass), offset ``grf_offset_foot_fraction × 0.152 H`` anterior of the hip-ankle chord
    at the ankle.

    Examples
    --------
    >>> r = stance(3.0, 168, 70, 1.75)
    >>> s = r.summary()
    >>> round(float(s.peak_knee_flexion_deg), 1), round(float(s.peak_knee_extension_moment_Nm_kg), 2)
    (46.3, 2.5)
    """
    v, f, m, h, slope, load, tc = _check_inputs(
        speed_m_s, step_rate_spm, body_mass_kg, height_m, contact_time_s, slope_deg, added_mass_kg
    )
    n_samples = int(n_samples)
    if n_samples < 3:
        raise ValueError(f"n_samples must be at least 3 (got {n_samples}).")
    step_time = 60.0 / f
    if tc is None:
        tc = _contact_time_s(v, f, extrapolate=contact_time_extrapolate)
    else:
        tc_b, T_b = np.broadcast_arrays(tc, step_time)
        if np.any(tc_b > T_b * (1 + 1e-12)):
            i = int(np.argmax(tc_b - T_b))
            raise ValueError(
                f"contact_time_s ({float(tc_b.flat[i]):g} s) is longer than the step "
                f"({float(T_b.flat[i]):.4g} s at {60.0 / float(T_b.flat[i]):g} steps/min): stance "
                "must fit in one step. Give a shorter contact time (--contact-time) or a lower "
                "step rate (--step-rate), or omit contact_time_s to use the speed/step-rate "
                "relation."
            )
    leg_length = LEG_LENGTH_FRACTION * h
    total_mass = m + load
    sw = sine_wave_stance(
        total_mass, v, tc, step_time, leg_length, slope_deg=slope, n_samples=n_samples
    )
    e = (...,) + (None,)
    shape = np.shape(sw.time_s)
    scen_shape = shape[:-1]

    def scen(a):
        return np.broadcast_to(np.asarray(a, dtype=float), scen_shape)

    # Scenarios the stance model cannot place: NaN outputs and one warning each cause (a scalar call
    # raises instead, with the same message). Contact time NaN (speed outside the relation) was
    # already warned about by the contact-time relation.
    explained = ~np.isfinite(scen(tc))
    sweep = scen(v) * sw.com_over_contact_s  # leg sweep at foot strike, v t* (v t_c/2 on level)
    with np.errstate(invalid="ignore"):
        too_long = np.isfinite(scen(tc)) & ~(sweep < 0.95 * scen(leg_length))
    if too_long.any():
        msg = (
            "speed × contact time is too long for the leg: the leg would sweep more than 95 % of "
            "its length before the centre of mass passes over the foot (on a steep downhill the "
            "foot lands further ahead). Give a shorter contact time (--contact-time), a higher "
            "step rate (--step-rate), a lower speed (--speed) or a gentler downhill (--slope-deg)."
        )
        if not scen_shape:
            raise ValueError(msg)
        warnings.warn(
            f"{int(too_long.sum())} of {too_long.size} stance scenarios: {msg} Their outputs are "
            "NaN.",
            PfsimRangeWarning,
            stacklevel=2,
        )
        explained = explained | too_long
    h_ = np.broadcast_to(h, shape[:-1])[e]
    theta = knee_flexion_from_compression_deg(
        sw.leg_compression_m,
        h_,
        knee_share=knee_share,
        knee_flexion_initial_contact_deg=np.asarray(knee_flexion_initial_contact_deg, float)[e],
    )
    if too_long.any():
        theta = np.where(too_long[e], np.nan, theta)
    grf_offset = np.asarray(grf_offset_foot_fraction, float) * SEGMENT_FRACTIONS["foot_length"] * h_
    kx, kz = _knee_position_m(sw.com_x_m, sw.com_z_m, theta, h_, grf_offset)
    # surface frame: knee position and force components along the surface and normal to it
    moment = knee_extension_moment_Nm(kx, kz, sw.normal_grf_N, sw.along_surface_grf_N)
    with np.errstate(invalid="ignore"):
        peak_abs = np.maximum(np.max(moment, axis=-1), -np.min(moment, axis=-1))
        over = ~explained & (peak_abs > MOMENT_LIMIT_NM)
    if over.any():
        i = int(np.argmax(np.where(over, peak_abs, -1.0)))
        mass_i = float(scen(total_mass).flat[i])
        msg = (
            f"the knee extension moment reaches {float(peak_abs.flat[i]):.0f} N·m "
            f"({float(peak_abs.flat[i]) / float(scen(m).flat[i]):.1f} N·m/kg body mass; total "
            f"moving mass {mass_i:g} kg, slope {float(scen(slope).flat[i]):g}°), beyond the "
            f"±{MOMENT_LIMIT_NM:g} N·m that the joint model accepts: the scenario lies outside the "
            "stance model's range (running peaks are ≈ 2-3.5 N·m/kg). Lower the carried mass "
            "(--added-mass), the body mass (--mass) or the downhill slope (--slope-deg)."
        )
        if not scen_shape:
            raise ValueError(msg)
        warnings.warn(
            f"{int(over.sum())} of {over.size} stance scenarios: {msg} Their outputs are NaN.",
            PfsimRangeWarning,
            stacklevel=2,
        )
        explained = explained | over
        moment = np.where(over[e], np.nan, moment)  # NaN scenarios for the joint model
    # Slopes: one warning per call, naming what applies (steep states, then data range).
    slope_notes = []
    sloped = (scen(slope) != 0.0) & ~explained
    if sloped.any():
        ts = sw.com_over_contact_s
        with np.errstate(invalid="ignore"):
            steep = sloped & ((ts < 0.0) | (ts > scen(tc)) | ~(np.max(moment, axis=-1) > 0.0))
        if steep.any():
            slopes = np.unique(scen(slope)[steep])
            slope_notes.append(
                f"{int(steep.sum())} of {steep.size} stance scenarios on steep slopes "
                f"({', '.join(f'{x:g}' for x in slopes[:4])}{', ...' if slopes.size > 4 else ''} "
                "deg): the knee extension moment never becomes positive (PFJRF 0 through stance) "
                "or the centre of mass does not pass over the foot during stance. The spring-mass "
                "treatment of slope (pfsim.gait.springmass.sine_wave_stance) has no sense there "
                "(Meyer 2023: the sine-wave method is not valid on inclines as is)."
            )
    beyond = np.abs(scen(slope)) > GRADED_RUNNING_DATA_DEG
    if beyond.any():
        slope_notes.append(
            f"{int(beyond.sum())} of {beyond.size} stance scenarios run on slopes steeper than "
            f"±{GRADED_RUNNING_DATA_DEG:g}°, beyond the graded-running data the slope treatment can "
            "be checked against (Khassetarash et al. 2020 Scand J Med Sci Sports, 0/±5/±10°)."
        )
    if slope_notes:
        warnings.warn(
            " ".join(slope_notes) + " The outputs are kept but are not predictions to rely on.",
            PfsimRangeWarning,
            stacklevel=2,
        )
    s = np.linspace(0.0, 1.0, n_samples)
    hip_add, fem_rot, tib_rot = frontal_profiles_deg(
        s,
        hip_adduction_peak_deg=np.broadcast_to(hip_adduction_peak_deg, scen_shape),
        hip_internal_rotation_peak_deg=np.broadcast_to(hip_internal_rotation_peak_deg, scen_shape),
        tibial_internal_rotation_peak_deg=np.broadcast_to(
            tibial_internal_rotation_peak_deg, scen_shape
        ),
    )
    joint_kwargs.setdefault("area_fit", area_fit)
    frontal = {
        "hip_adduction_deg": hip_add,
        "femoral_internal_rotation_deg": fem_rot,
        "tibial_internal_rotation_deg": tib_rot,
    }
    jl = _joint_load(theta, moment, frontal, joint_kwargs, explained=explained[e])

    return StanceResult(
        time_s=sw.time_s,
        knee_flexion_deg=theta,
        knee_extension_moment_Nm=moment,
        quad_force_N=np.broadcast_to(jl.quad_force_N, shape),
        joint_reaction_force_N=np.broadcast_to(jl.joint_reaction_force_N, shape),
        contact_area_mm2=np.broadcast_to(jl.contact_area_mm2, shape),
        contact_stress_MPa=np.broadcast_to(jl.contact_stress_MPa, shape),
        joint=jl,
        body_mass_kg=scen(m),
        contact_time_s=scen(tc),
        vertical_grf_N=sw.vertical_grf_N,
        fore_aft_grf_N=sw.fore_aft_grf_N,
        normal_grf_N=sw.normal_grf_N,
        along_surface_grf_N=sw.along_surface_grf_N,
        leg_compression_m=sw.leg_compression_m,
        hip_adduction_deg=hip_add,
        femoral_internal_rotation_deg=fem_rot,
        tibial_internal_rotation_deg=tib_rot,
        lateral_facet_stress_MPa=getattr(jl, "lateral_facet_stress_MPa", None),
        speed_m_s=scen(v),
        step_rate_spm=scen(f),
        step_time_s=scen(step_time),
        slope_deg=scen(slope),
        added_mass_kg=scen(load),
        height_m=scen(h),
    )


def calibrate(scenario: dict | None = None, targets: dict | None = None) -> dict[str, float]:
    """Recompute the two baseline calibrations from :data:`REFERENCE_SCENARIO` and the targets.

    ``knee_share``: closed form, the hip-ankle chord shortening from 17.8° to the target peak flexion
    divided by the mid-stance leg compression. ``grf_offset_foot_fraction``: the root (Brent) at which
    the peak knee extension moment equals the target [N·m/kg]. Both use only the preferred-condition
    baseline of Heiderscheit et al. 2011 Table 3.
    """
    from scipy.optimize import brentq

    sc = dict(REFERENCE_SCENARIO if scenario is None else scenario)
    tg = dict(CALIBRATION_TARGETS if targets is None else targets)
    v, f, m, H = sc["speed_m_s"], sc["step_rate_spm"], sc["body_mass_kg"], sc["height_m"]
    T = 60.0 / f
    tc = float(_contact_time_s(v, f))
    sw = sine_wave_stance(m, v, tc, T, LEG_LENGTH_FRACTION * H, n_samples=3)
    a, b = SEGMENT_FRACTIONS["thigh"] * H, SEGMENT_FRACTIONS["shank"] * H
    d0 = _chord_m(a, b, np.radians(KNEE_FLEXION_INITIAL_CONTACT_DEG))
    d1 = _chord_m(a, b, np.radians(tg["peak_knee_flexion_deg"]))
    share = float((d0 - d1) / sw.delta_l_m)

    def excess(frac):
        r = stance(v, f, m, H, knee_share=share, grf_offset_foot_fraction=frac, n_samples=201)
        return (
            float(np.max(r.knee_extension_moment_Nm)) / m - tg["peak_knee_extension_moment_Nm_kg"]
        )

    frac = float(brentq(excess, -1.0, 1.0, xtol=1e-12))
    return {"knee_share": share, "grf_offset_foot_fraction": frac}
