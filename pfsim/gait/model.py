"""Running stance: speed, step rate, body size, slope and load → knee state and joint load over stance.

The chain (one direction, ``../shared/DESIGN.md``):

1. contact time from speed and step rate (:func:`pfsim.gait.springmass.contact_time_s`) unless given;
2. the sine-wave spring-mass stance (Morin et al. 2005): ground reaction force, COM path, leg
   compression (:func:`pfsim.gait.springmass.sine_wave_stance`); on a slope the GRF stays along the
   leg, through the centre of mass, and the leg leans to carry the along-slope weight;
3. a two-segment leg (thigh, shank; Winter 2009 / Drillis & Contini fractions of height) turns a share
   of the leg compression into knee flexion
   (:func:`pfsim.gait.leg.knee_flexion_from_compression_deg`);
4. the knee extension moment is the moment of the ground reaction force about the knee joint centre
   (:func:`pfsim.gait.leg.knee_extension_moment_Nm`);
5. hip adduction and rotation profiles over stance (:func:`pfsim.gait.leg.frontal_profiles_deg`);
6. :func:`pfsim.patellofemoral_load` gives quadriceps force, PFJRF, contact area and stress.

Scenarios the model cannot place (contact time outside its relation, a leg that cannot reach the
ground, a knee moment beyond the joint model's range) give NaN outputs and one
:class:`~pfsim.PfsimRangeWarning` per cause in an array call; a scalar call raises a ValueError
with the same message (except for the contact-time relation, which is NaN + warning either way).

The two calibrated leg parameters and the reference runner are described in
:mod:`pfsim.gait.calibration` (baseline only: Heiderscheit et al. 2011 Table 3).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .._checks import (
    BODY_MASS_LIMITS_KG,
    KNEE_FLEXION_LIMITS_DEG,
    PfsimRangeWarning,
    PfsimUnitWarning,
    as_float_array,
    check_bounds,
    check_per_scenario_inputs,
    warn,
)
from .._results import LabelledResult
from ..io import write_table
from ..joint.model import MOMENT_LIMIT_NM, JointLoad, patellofemoral_load
from .leg import (
    GRF_OFFSET_FOOT_FRACTION,
    HIP_ADDUCTION_PEAK_DEG,
    HIP_INTERNAL_ROTATION_PEAK_DEG,
    KNEE_FLEXION_INITIAL_CONTACT_DEG,
    KNEE_SHARE_OF_LEG_COMPRESSION,
    SEGMENT_FRACTIONS,
    _knee_position_m,
    frontal_profiles_deg,
    knee_extension_moment_Nm,
    knee_flexion_from_compression_deg,
)
from .springmass import LEG_LENGTH_FRACTION, sine_wave_stance
from .springmass import contact_time_s as _contact_time_s

__all__ = ["STANCE_AREA_FIT", "GRADED_RUNNING_DATA_DEG", "StanceResult", "stance"]

#: Contact-area fit used by the stance model: the package default
#: (:data:`pfsim.joint.model.DEFAULT_AREA_FIT`, ``kernozek2015``, Kernozek et al. 2015 cubic fit of
#: the Powers et al. 1998 cadaver areas, 0-90 deg). Stance flexion reaches ≈ 46 ± 4.5° at the
#: preferred condition (Heiderscheit 2011) and up to 70° in the runners' box (2.4-5.4 m/s,
#: 150-195 steps/min, ±8°); the in-vivo fits stop at 45° (``connolly2009``) or 60° (``salsich2003``,
#: the stance default until this change: 4.8 % of the box was NaN).
STANCE_AREA_FIT = "kernozek2015"

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
        warn(
            f"{n_bad} of {bad.size} stance scenarios could not be placed (knee angle or moment not "
            "finite, or an impossible knee angle); their outputs are NaN. For a speed outside the "
            "contact-time relation's 8-20 km/h give contact_time_s, or "
            "contact_time_extrapolate='extend'.",
            PfsimRangeWarning,
        )
    fixed = {}
    for name, arr in jl._arrays().items():
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
# Result
# --------------------------------------------------------------------------------------------------
#: The resolved scenario of a stance, in the order of :meth:`StanceResult.scenario`.
_SCENARIO_NAMES = (
    "speed_m_s",
    "step_rate_spm",
    "body_mass_kg",
    "height_m",
    "added_mass_kg",
    "slope_deg",
    "contact_time_s",
    "step_time_s",
)


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
        """The shape of the scenarios (the arrays' shape without the samples axis)."""
        return np.shape(self.time_s)[:-1]

    def series(self) -> dict[str, np.ndarray]:
        """The per-sample time series that are present, including every extra joint output."""
        out = {n: getattr(self, n) for n in self.SERIES if getattr(self, n) is not None}
        shape = np.shape(self.time_s)
        for name, arr in self.joint._arrays().items():
            if name not in out and np.shape(arr) == shape:
                out[name] = arr
        return out

    def scenario(self) -> dict[str, np.ndarray]:
        """The resolved scenario arrays that are present (shape ``scenario_shape``)."""
        return {n: getattr(self, n) for n in _SCENARIO_NAMES if getattr(self, n) is not None}

    def summary(self):
        """Per-step and per-km summaries (:func:`pfsim.gait.summaries.stance_summary`)."""
        from .summaries import stance_summary

        return stance_summary(self)

    def to_csv(self, path, *, scenario_columns=None, provenance=None, inputs=None) -> Path:
        """Write the time series as a plain CSV (atomically), one row per sample of each scenario.

        The file ``pfsim run --out FILE.csv`` and ``pfsim trial --out FILE.csv`` write: a header
        line and the rows (``pandas.read_csv`` reads it as it is), the columns ``scenario`` and
        ``sample`` (indices, the scenarios in C order of :attr:`scenario_shape`), the
        ``scenario_columns`` (repeated over the samples) and every time series of :meth:`series`.
        Cells are written by :func:`pfsim.io.write_table` (floats in shortest round-trip form, read
        back bit for bit). The sidecar ``FILE.json`` (:func:`pfsim.io.table_record`) holds the
        versions, the command line (``pfsim`` only), git commit and time, the unit of every column,
        the CSV's SHA-256 and, under ``inputs``, the resolved scenario (every :meth:`scenario`
        array, one value per scenario), the joint model's ``area_fit`` and ``model`` and ``inputs``.

        Parameters
        ----------
        path : path-like
            The CSV file; written to a temporary file in the same folder, then renamed.
        scenario_columns : sequence of str, optional
            Names of :meth:`scenario` arrays to write as columns, in this order; names that this
            result does not hold (e.g. ``speed_m_s`` of a measured trial) are skipped. Default:
            every scenario array present. ``pfsim run`` writes the scenario options given on its
            command line, ``pfsim trial`` none.
        provenance : mapping, optional
            Extra JSON-ready top-level sidecar entries.
        inputs : mapping, optional
            Further JSON-ready inputs (e.g. the files a trial was read from), recorded under
            ``inputs`` with the scenario.

        Returns
        -------
        pathlib.Path
            The file written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> r = stance([3.0, 3.5], 168, 70, 1.75)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     f = r.to_csv(pathlib.Path(d) / "stance.csv")
        ...     header = f.read_text().splitlines()[0]
        >>> header.split(",")[:4]
        ['scenario', 'sample', 'speed_m_s', 'step_rate_spm']
        """
        scen = self.scenario()
        names = list(scen) if scenario_columns is None else list(scenario_columns)
        n_scen = int(np.prod(self.scenario_shape)) if self.scenario_shape else 1
        n = np.shape(self.time_s)[-1]
        cols = {
            "scenario": np.repeat(np.arange(n_scen), n),
            "sample": np.tile(np.arange(n), n_scen),
        }
        for name in names:
            if name in scen:
                cols[name] = np.repeat(np.reshape(scen[name], -1), n)
        for name, arr in self.series().items():
            cols[name] = np.reshape(arr, -1)
        resolved = {
            "table": "stance time series, one row per sample of each scenario",
            "scenario_shape": list(self.scenario_shape),
            "n_samples": int(n),
            "scenario": {k: np.reshape(v, -1) for k, v in scen.items()},
            "area_fit": self.joint.area_fit,
            "model": self.joint.model,
            **dict(inputs or {}),
        }
        return write_table(path, cols, inputs=resolved, extra=provenance)


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
        "speed_m_s",
        "m/s",
        12.5,
        "Give the running speed in m/s (km/h ÷ 3.6), e.g. 3.0.",
    )
    f = _positive(
        step_rate_spm,
        "step_rate_spm",
        "steps/min",
        300.0,
        "Steps per minute count both feet (150-200 is typical; double a stride rate). "
        "Above 300 steps/min a step leaves no time for a running stance.",
        lo=100.0,
    )
    m = _positive(
        body_mass_kg,
        "body_mass_kg",
        "kg",
        BODY_MASS_LIMITS_KG[1],
        "Give the body mass in kg, e.g. 70.",
        lo=BODY_MASS_LIMITS_KG[0],
    )
    h = _positive(
        height_m,
        "height_m",
        "m",
        2.6,
        "Give the height in metres (not cm), e.g. 1.75.",
        lo=1.0,
    )
    slope = as_float_array(slope_deg, "slope_deg")
    check_bounds(
        slope,
        "slope_deg",
        -30.0,
        30.0,
        "deg",
        hint="Give the incline in degrees (uphill positive); a 10 % grade is 5.7 deg.",
    )
    load = as_float_array(added_mass_kg, "added_mass_kg")
    check_bounds(
        load,
        "added_mass_kg",
        0.0,
        200.0,
        "kg",
        hint="Carried mass in kg, 0 or more (a weight vest of 10 % body mass is ~7 kg).",
    )
    tc = None
    if contact_time_s is not None:
        tc = _positive(
            contact_time_s,
            "contact_time_s",
            "s",
            2.0,
            "Give the ground contact time of one step in seconds, e.g. 0.25.",
        )
    return v, f, m, h, slope, load, tc


# --------------------------------------------------------------------------------------------------
# The steps of the stance model (each a part of :func:`stance`)
# --------------------------------------------------------------------------------------------------
def _resolve_contact_time(v, f, tc, step_time, contact_time_extrapolate):
    """Contact time [s]: the given one (checked to fit in one step), else the speed relation.

    Parameters
    ----------
    v, f : ndarray
        Speed [m/s] and step rate [steps/min], checked.
    tc : ndarray or None
        The contact time given [s], checked positive; None for the relation
        (:func:`pfsim.gait.springmass.contact_time_s`).
    step_time : ndarray
        ``60 / f`` [s].
    contact_time_extrapolate : {"nan", "extend"}
        The relation outside 8-20 km/h.

    Returns
    -------
    ndarray
        Contact time [s] (NaN where the relation has no value; it warned).
    """
    if tc is None:
        return _contact_time_s(v, f, extrapolate=contact_time_extrapolate)
    tc_b, T_b = np.broadcast_arrays(tc, step_time)
    if np.any(tc_b > T_b * (1 + 1e-12)):
        i = int(np.argmax(tc_b - T_b))
        raise ValueError(
            f"contact_time_s ({float(tc_b.flat[i]):g} s) is longer than the step "
            f"({float(T_b.flat[i]):.4g} s at {60.0 / float(T_b.flat[i]):g} steps/min): stance "
            "must fit in one step. Give a shorter contact time (contact_time_s) or a lower "
            "step rate (step_rate_spm), or omit contact_time_s to use the speed/step-rate "
            "relation."
        )
    return tc


def _leg_too_long(v, tc, leg_length, com_over_contact_s, scen_shape):
    """Scenarios whose leg would sweep more than 95 % of its length before mid-stance.

    Parameters
    ----------
    v, tc, leg_length : ndarray
        Speed [m/s], contact time [s] and leg length [m], of the scenario shape.
    com_over_contact_s : ndarray
        Time from foot strike at which the centre of mass passes over the foot [s]
        (:attr:`pfsim.gait.springmass.SineWaveStance.com_over_contact_s`).
    scen_shape : tuple of int
        The scenario shape; ``()`` (a scalar call) raises instead of warning.

    Returns
    -------
    ndarray of bool
        The scenarios that cannot be placed (one :class:`~pfsim.PfsimRangeWarning` if any).
    """
    sweep = v * com_over_contact_s  # leg sweep at foot strike, v t* (v t_c/2 on level)
    with np.errstate(invalid="ignore"):
        too_long = np.isfinite(tc) & ~(sweep < 0.95 * leg_length)
    if too_long.any():
        msg = (
            "speed × contact time is too long for the leg: the leg would sweep more than 95 % of "
            "its length before the centre of mass passes over the foot (on a steep downhill the "
            "foot lands further ahead). Give a shorter contact time (contact_time_s), a higher "
            "step rate (step_rate_spm), a lower speed (speed_m_s) or a gentler downhill "
            "(slope_deg)."
        )
        if not scen_shape:
            raise ValueError(msg)
        warn(
            f"{int(too_long.sum())} of {too_long.size} stance scenarios: {msg} Their outputs are "
            "NaN.",
            PfsimRangeWarning,
        )
    return too_long


def _knee_state(
    sw, h, too_long, knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction
):
    """Knee flexion [deg] and knee extension moment [N·m] over stance from the spring-mass state.

    Parameters
    ----------
    sw : SineWaveStance
        The spring-mass stance (:func:`pfsim.gait.springmass.sine_wave_stance`).
    h : ndarray
        Body height [m].
    too_long : ndarray of bool
        Scenarios whose leg cannot be placed (:func:`_leg_too_long`): their flexion is NaN.
    knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction : array_like
        As in :func:`stance`.

    Returns
    -------
    theta, moment : ndarray
        Knee flexion [deg] and internal knee extension moment [N·m], shape ``S + (n_samples,)``.
    """
    e = (...,) + (None,)
    h_ = np.broadcast_to(h, np.shape(sw.time_s)[:-1])[e]
    theta = knee_flexion_from_compression_deg(
        sw.leg_compression_m,
        h_,
        knee_share=np.asarray(knee_share, float)[e],
        knee_flexion_initial_contact_deg=np.asarray(knee_flexion_initial_contact_deg, float)[e],
    )
    if too_long.any():
        theta = np.where(too_long[e], np.nan, theta)
    grf_offset = (
        np.asarray(grf_offset_foot_fraction, float)[e] * SEGMENT_FRACTIONS["foot_length"] * h_
    )
    kx, kz = _knee_position_m(sw.com_x_m, sw.com_z_m, theta, h_, grf_offset)
    # surface frame: knee position and force components along the surface and normal to it
    moment = knee_extension_moment_Nm(kx, kz, sw.normal_grf_N, sw.along_surface_grf_N)
    return theta, moment


def _moment_beyond_range(moment, explained, total_mass, body_mass, slope, tc, scen_shape):
    """Scenarios whose peak |knee moment| exceeds what the joint model accepts.

    Parameters
    ----------
    moment : ndarray
        Knee extension moment over stance [N·m].
    explained : ndarray of bool
        Scenarios already warned about (not counted again).
    total_mass, body_mass, slope, tc : ndarray
        Moving mass [kg], body mass [kg], slope [deg] and contact time [s] of the scenario shape
        (for the message).
    scen_shape : tuple of int
        The scenario shape; ``()`` (a scalar call) raises instead of warning.

    Returns
    -------
    ndarray of bool
        The scenarios beyond ±:data:`pfsim.joint.model.MOMENT_LIMIT_NM` (one
        :class:`~pfsim.PfsimRangeWarning` if any).
    """
    with np.errstate(invalid="ignore"):
        peak_abs = np.maximum(np.max(moment, axis=-1), -np.min(moment, axis=-1))
        over = ~explained & (peak_abs > MOMENT_LIMIT_NM)
    if over.any():
        i = int(np.argmax(np.where(over, peak_abs, -1.0)))
        mass_i = float(total_mass.flat[i])
        msg = (
            f"the knee extension moment reaches {float(peak_abs.flat[i]):.0f} N·m "
            f"({float(peak_abs.flat[i]) / float(body_mass.flat[i]):.1f} N·m/kg body mass; total "
            f"moving mass {mass_i:g} kg, slope {float(slope.flat[i]):g}°, contact time "
            f"{float(tc.flat[i]):.3g} s), beyond the ±{MOMENT_LIMIT_NM:g} N·m that the joint model "
            "accepts: the scenario lies outside the stance model's range (running peaks are ≈ "
            "2-3.5 N·m/kg). Lower the carried mass (added_mass_kg), the body mass (body_mass_kg) or "
            "the downhill slope (slope_deg), or give a longer contact time (contact_time_s; running "
            "contacts last 0.18-0.34 s)."
        )
        if not scen_shape:
            raise ValueError(msg)
        warn(
            f"{int(over.sum())} of {over.size} stance scenarios: {msg} Their outputs are NaN.",
            PfsimRangeWarning,
        )
    return over


def _warn_slopes(slope, tc, com_over_contact_s, moment, explained) -> None:
    """One :class:`~pfsim.PfsimRangeWarning` per call naming what applies to the sloped scenarios.

    Steep states first (a knee extension moment that never becomes positive, or a centre of mass
    that does not pass over the foot during stance), then slopes beyond the graded-running data
    (:data:`GRADED_RUNNING_DATA_DEG`). The outputs are kept.

    Parameters
    ----------
    slope, tc : ndarray
        Slope [deg] and contact time [s] of the scenario shape.
    com_over_contact_s : ndarray
        Time from foot strike at which the centre of mass passes over the foot [s].
    moment : ndarray
        Knee extension moment over stance [N·m].
    explained : ndarray of bool
        Scenarios already warned about (not counted again).
    """
    slope_notes = []
    sloped = (slope != 0.0) & ~explained
    if sloped.any():
        ts = com_over_contact_s
        with np.errstate(invalid="ignore"):
            steep = sloped & ((ts < 0.0) | (ts > tc) | ~(np.max(moment, axis=-1) > 0.0))
        if steep.any():
            slopes = np.unique(slope[steep])
            slope_notes.append(
                f"{int(steep.sum())} of {steep.size} stance scenarios on steep slopes "
                f"({', '.join(f'{x:g}' for x in slopes[:4])}{', ...' if slopes.size > 4 else ''} "
                "deg): the knee extension moment never becomes positive (PFJRF 0 through stance) "
                "or the centre of mass does not pass over the foot during stance. The spring-mass "
                "treatment of slope (pfsim.gait.springmass.sine_wave_stance) has no sense there "
                "(Meyer 2023: the sine-wave method is not valid on inclines as is)."
            )
    beyond = np.abs(slope) > GRADED_RUNNING_DATA_DEG
    if beyond.any():
        slope_notes.append(
            f"{int(beyond.sum())} of {beyond.size} stance scenarios run on slopes steeper than "
            f"±{GRADED_RUNNING_DATA_DEG:g}°, beyond the graded-running data the slope treatment can "
            "be checked against (Khassetarash et al. 2020 Scand J Med Sci Sports, 0/±5/±10°)."
        )
    if slope_notes:
        warn(
            " ".join(slope_notes) + " The outputs are kept but are not predictions to rely on.",
            PfsimRangeWarning,
        )


def _frontal_inputs(sw, hip_adduction, hip_rotation, tibial_rotation, s=None) -> dict:
    """Hip adduction, femoral and tibial internal rotation over stance [deg], by joint-model name.

    Parameters
    ----------
    sw : SineWaveStance
        The spring-mass stance: its samples and scenario shape (the peaks broadcast to it).
    hip_adduction, hip_rotation, tibial_rotation : array_like
        Peaks [deg] (:func:`pfsim.gait.leg.frontal_profiles_deg`).
    s : ndarray, optional
        The samples' stance fractions (default: evenly spaced, as ``sw``'s).

    Returns
    -------
    dict of str to ndarray
        ``hip_adduction_deg``, ``femoral_internal_rotation_deg``, ``tibial_internal_rotation_deg``.
    """
    *scen_shape, n_samples = np.shape(sw.time_s)
    scen_shape = tuple(scen_shape)
    s = np.linspace(0.0, 1.0, n_samples) if s is None else s
    hip_add, fem_rot, tib_rot = frontal_profiles_deg(
        s,
        hip_adduction_peak_deg=np.broadcast_to(hip_adduction, scen_shape),
        hip_internal_rotation_peak_deg=np.broadcast_to(hip_rotation, scen_shape),
        tibial_internal_rotation_peak_deg=np.broadcast_to(tibial_rotation, scen_shape),
    )
    return {
        "hip_adduction_deg": hip_add,
        "femoral_internal_rotation_deg": fem_rot,
        "tibial_internal_rotation_deg": tib_rot,
    }


def _scenario_array(a, scen_shape):
    return np.broadcast_to(np.asarray(a, dtype=float), scen_shape)


def _spring_mass(v, f, m, h, slope, load, tc, n_samples, contact_time_extrapolate, fraction=None):
    """The spring-mass stance of the checked scenarios, and the resolved scenario.

    Parameters
    ----------
    v, f, m, h, slope, load, tc
        Speed [m/s], step rate [steps/min], body mass [kg], height [m], slope [deg], carried mass
        [kg] and contact time [s] or None, as checked by :func:`_check_inputs`.
    n_samples : int
        Samples over stance, at least 3.
    contact_time_extrapolate : {"nan", "extend"}
        The contact-time relation outside 8-20 km/h.
    fraction : ndarray, optional
        Stance fractions to sample instead of ``n_samples`` even ones (:mod:`pfsim.gait.refined`).

    Returns
    -------
    sw : SineWaveStance
        :func:`pfsim.gait.springmass.sine_wave_stance` of the moving mass (body + carried) on a leg
        of 0.53 H.
    sc : dict of str to ndarray
        The resolved scenario (:meth:`StanceResult.scenario` names), of the scenario shape.
    """
    n_samples = int(n_samples)
    if n_samples < 3:
        raise ValueError(f"n_samples must be at least 3 (got {n_samples}).")
    step_time = 60.0 / f
    tc = _resolve_contact_time(v, f, tc, step_time, contact_time_extrapolate)
    sw = sine_wave_stance(m + load, v, tc, step_time, LEG_LENGTH_FRACTION * h, slope_deg=slope,
                          n_samples=n_samples, stance_fraction=fraction)  # fmt: skip
    scen_shape = np.shape(sw.time_s)[:-1]
    sc = {
        name: _scenario_array(a, scen_shape)
        for name, a in zip(_SCENARIO_NAMES, (v, f, m, h, load, slope, tc, step_time), strict=True)
    }
    return sw, sc


def _placed_knee_state(
    sw, sc: dict, knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction, add=None
):
    """Knee flexion and moment over stance, NaN for the scenarios the model cannot place.

    Scenarios the stance model cannot place get NaN outputs and one warning per cause (a scalar
    call raises instead, with the same message): a leg too short for the sweep
    (:func:`_leg_too_long`), a moment beyond the joint model's range (:func:`_moment_beyond_range`).
    A NaN contact time (speed outside the relation) was already warned about by the contact-time
    relation. Sloped scenarios then get one :func:`_warn_slopes` warning.

    Parameters
    ----------
    sw : SineWaveStance
        The spring-mass stance (:func:`pfsim.gait.springmass.sine_wave_stance`).
    sc : dict of str to ndarray
        The resolved scenario (:meth:`StanceResult.scenario` names), of the scenario shape.
    knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction : array_like
        As in :func:`stance`.
    add : callable, optional
        ``add(sw, theta, moment, too_long) -> (sw, theta, moment)`` adds samples before the checks
        (:mod:`pfsim.gait.refined`: samples near the peak); then ``sw`` is returned first.

    Returns
    -------
    theta, moment : ndarray
        Knee flexion [deg] and knee extension moment [N·m], shape ``S + (n_samples,)``.
    explained : ndarray of bool
        Scenarios already warned about, shape ``S`` (the joint model does not count them again).
    """
    e = (...,) + (None,)
    scen_shape = np.shape(sw.time_s)[:-1]
    v, tc, h, m = sc["speed_m_s"], sc["contact_time_s"], sc["height_m"], sc["body_mass_kg"]
    explained = ~np.isfinite(tc)
    too_long = _leg_too_long(v, tc, LEG_LENGTH_FRACTION * h, sw.com_over_contact_s, scen_shape)
    if too_long.any():
        explained = explained | too_long
    theta, moment = _knee_state(
        sw, h, too_long, knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction
    )
    if add is not None:
        sw, theta, moment = add(sw, theta, moment, too_long)
    total_mass = m + sc["added_mass_kg"]
    over = _moment_beyond_range(
        moment,
        explained,
        total_mass,
        m,
        sc["slope_deg"],
        np.broadcast_to(tc, scen_shape),
        scen_shape,
    )
    if over.any():
        explained = explained | over
        moment = np.where(over[e], np.nan, moment)  # NaN scenarios for the joint model
    _warn_slopes(sc["slope_deg"], tc, sw.com_over_contact_s, moment, explained)
    return (theta, moment, explained) if add is None else (sw, theta, moment, explained)


def _stance_result(sw, theta, moment, jl: JointLoad, frontal: dict, sc: dict) -> StanceResult:
    """Assemble the :class:`StanceResult` of :func:`stance`.

    Parameters
    ----------
    sw : SineWaveStance
        The spring-mass stance.
    theta, moment : ndarray
        Knee flexion [deg] and knee extension moment [N·m] fed to the joint model.
    jl : JointLoad
        The joint result.
    frontal : dict of str to ndarray
        The frontal/transverse profiles (:func:`_frontal_inputs`).
    sc : dict of str to ndarray
        The resolved scenario, of the scenario shape.

    Returns
    -------
    StanceResult
    """
    shape = np.shape(sw.time_s)
    return StanceResult(
        time_s=sw.time_s,
        knee_flexion_deg=theta,
        knee_extension_moment_Nm=moment,
        quad_force_N=np.broadcast_to(jl.quad_force_N, shape),
        joint_reaction_force_N=np.broadcast_to(jl.joint_reaction_force_N, shape),
        contact_area_mm2=np.broadcast_to(jl.contact_area_mm2, shape),
        contact_stress_MPa=np.broadcast_to(jl.contact_stress_MPa, shape),
        joint=jl,
        vertical_grf_N=sw.vertical_grf_N,
        fore_aft_grf_N=sw.fore_aft_grf_N,
        normal_grf_N=sw.normal_grf_N,
        along_surface_grf_N=sw.along_surface_grf_N,
        leg_compression_m=sw.leg_compression_m,
        **frontal,
        lateral_facet_stress_MPa=getattr(jl, "lateral_facet_stress_MPa", None),
        **sc,
    )


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
        (duty factor vs speed at the preferred step rate, van Oeveren 2021 shape anchored to JSSM
        2025 Table 1; at other step rates ``t_c ∝ T^0.65``, Farley & González 1996).
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
        Peaks of the frontal/transverse profiles [deg]
        (:func:`pfsim.gait.leg.frontal_profiles_deg`).
    n_samples : int
        Samples over stance (foot strike to toe-off), default 101.
    area_fit : str
        Contact-area fit, default :data:`STANCE_AREA_FIT` (``"kernozek2015"``, data 0-90°).
    contact_time_extrapolate : {"nan", "extend"}
        The contact-time relation outside 8-20 km/h.
    knee_share, grf_offset_foot_fraction : float
        The two baseline calibrations (:func:`pfsim.gait.calibration.calibrate`); exposed for
        sensitivity studies.
    **joint_kwargs
        Passed to :func:`pfsim.patellofemoral_load` (``model``, ``k_fit``, ``extrapolate``, ...).
        Arrays meet the states, shape ``S + (n_samples,)``: one value per scenario needs the
        shape ``S + (1,)`` (e.g. ``knee_abduction_per_hip_adduction=k[:, None]``).

    Returns
    -------
    StanceResult
        Time series and the joint result; ``.summary()`` gives the per-step and per-km numbers.

    Notes
    -----
    See the module docstring for the chain, :mod:`pfsim.gait.calibration` for the calibration,
    :func:`pfsim.gait.springmass.sine_wave_stance` for the spring-mass equations (Morin et al. 2005
    J Appl Biomech 21:167), :func:`pfsim.gait.leg.knee_flexion_from_compression_deg` and
    :func:`pfsim.gait.leg.knee_extension_moment_Nm` for the leg. The knee moment is the GRF's moment about the
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
    checked = _check_inputs(
        speed_m_s, step_rate_spm, body_mass_kg, height_m, contact_time_s, slope_deg, added_mass_kg
    )
    sw, sc = _spring_mass(*checked, n_samples, contact_time_extrapolate)
    theta, moment, explained = _placed_knee_state(
        sw, sc, knee_share, knee_flexion_initial_contact_deg, grf_offset_foot_fraction
    )
    frontal = _frontal_inputs(sw, hip_adduction_peak_deg, hip_internal_rotation_peak_deg,
                              tibial_internal_rotation_peak_deg)  # fmt: skip
    check_per_scenario_inputs(joint_kwargs, np.shape(sw.time_s)[:-1], np.shape(sw.time_s)[-1])
    joint_kwargs.setdefault("area_fit", area_fit)
    if joint_kwargs.get("frontal", True) is True:
        joint_kwargs["frontal"] = "eager"  # the result reads the facet outputs: no lazy copies
    jl = _joint_load(theta, moment, frontal, joint_kwargs, explained=explained[..., None])
    return _stance_result(sw, theta, moment, jl, frontal, sc)
