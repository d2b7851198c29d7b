"""The joint-level entry point: :func:`patellofemoral_load`."""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass, replace

import numpy as np

from .._checks import (
    KNEE_FLEXION_LIMITS_DEG,
    PfsimRangeWarning,
    PfsimUnitWarning,
    as_float_array,
    check_angle_deg,
    check_bounds,
    check_broadcast,
    warn,
)
from .._results import LabelledResult, deprecated_alias
from .contact import mean_contact_stress_MPa
from .frontal import (
    DEFAULT_FRONTAL_GEOMETRY,
    DEFAULT_Q_ANGLE_DEG,
    FRONTAL_INPUT_LIMITS,
    FrontalGeometry,
    frontal_load,
)
from .frontal.facets import check_compiled_setting
from .geometry import (
    BESIER2005_WEIGHT_BEARING_FACTOR,
    CONTACT_AREA_FITS,
    K_RATIO_FITS,
    LEVER_ARM_FITS,
    _check_extrapolate,
    get_fit,
    join_range_messages,
)
from .sagittal import (
    MOMENT_LIMIT_NM,
    QUAD_FORCE_LIMIT_N,
    SAGITTAL_MODELS,
    check_quad_force_N,
    check_two_tendon_parameters,
    in_bounds_fast,
    quad_force_from_moment_N,
    two_tendon_reaction,
)

__all__ = ["JointLoad", "FrontalState", "patellofemoral_load", "DEFAULT_AREA_FIT"]

#: Default contact-area fit, the same in :func:`patellofemoral_load`, :func:`pfsim.stance` and the CLI:
#: ``kernozek2015``, the Kernozek et al. 2015 (Gait Posture 42:218) cubic fit of the Powers et al.
#: 1998 cadaver areas (quadriceps loaded), stated by Kernozek 2015 for 0-90 deg: the only published
#: fit in :data:`~pfsim.joint.geometry.CONTACT_AREA_FITS` whose range covers the 0-90 deg of the
#: lever-arm and k fits and the ≤ 70 deg the stance model reaches. The in-vivo MRI fits are
#: options with data to 45 deg (``connolly2009``) or 60 deg (``salsich2003``, ``besier2005``); they
#: give larger areas (lower stress): see :mod:`pfsim.joint.geometry`, "Choosing a contact-area fit".
DEFAULT_AREA_FIT = "kernozek2015"

#: The Q-angle radians guard [deg]: 40° (the largest accepted Q-angle) in radians.
_Q_ANGLE_RADIANS_GUARD = float(np.radians(40.0))


@dataclass(frozen=True)
class FrontalState(LabelledResult):
    """The frontal model's state behind a :class:`JointLoad`'s facet outputs.

    What a free-body figure (:func:`pfsim.plotting.plot_frontal_free_body`) or an equilibrium check
    needs beyond the named outputs of the JointLoad, so that it can draw from the result without
    calling the model again. Arrays have the JointLoad's shape.

    Attributes
    ----------
    depth_mm : ndarray
        Depth of the patella into the groove [mm] (the solver's posterior displacement v; the
        penetration of each facet is ``a + b s`` from shift, depth and tilt).
    facet_compression_N : ndarray
        Compression the facets carry [N]: the PFJRF plus the posterior part of any extra lateral
        retinaculum pull (:func:`pfsim.joint.frontal.frontal_load`).
    centring_stiffness_N_mm : ndarray
        Lateral stiffness of the tensioned patellar ligament, ``k_s = r F_Q / ℓ`` [N/mm]
        (:func:`pfsim.joint.frontal.ligament_centring_stiffness_N_mm`).
    geometry : FrontalGeometry
        The frontal geometry and tissue parameters used; a ``knee_abduction_per_hip_adduction=``
        given to :func:`patellofemoral_load` is recorded in it when it is one value for every
        state, and not at all when it varies (the geometry's own coupling was then not used).
    """

    depth_mm: np.ndarray
    facet_compression_N: np.ndarray
    centring_stiffness_N_mm: np.ndarray
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY


@dataclass(frozen=True)
class JointLoad(LabelledResult):
    """Result of :func:`patellofemoral_load`: named arrays, all broadcast to one shape.

    Attributes
    ----------
    knee_flexion_deg : ndarray
        Knee flexion [deg].
    quad_force_N : ndarray
        Quadriceps force [N].
    joint_reaction_force_N : ndarray
        Patellofemoral joint reaction force, magnitude [N].
    contact_area_mm2 : ndarray
        Contact area [mm²].
    contact_stress_MPa : ndarray
        Mean contact stress [MPa].
    k_ratio : ndarray
        PFJRF / quadriceps force [-].
    knee_extension_moment_Nm : ndarray or None
        The moment input [N·m], when given.
    lever_arm_mm : ndarray or None
        Quadriceps lever arm [mm], when the moment was given.
    jrf_anterior_N, jrf_proximal_N, jrf_angle_deg : ndarray or None
        Two-tendon model only: femoral-frame components of the PFJRF [N] and its direction [deg] from
        the femoral anterior axis, positive toward proximal.
    lateral_force_N : ndarray or None
        Frontal model (``frontal=True``): net active lateral load on the patella [N] from the
        quadriceps heads, the patellar ligament and the lateral retinaculum.
    lateral_facet_force_N, medial_facet_force_N : ndarray or None
        Normal forces on the lateral and medial trochlear facets [N].
    lateral_facet_area_mm2, medial_facet_area_mm2 : ndarray or None
        Contact area on each facet [mm²] (a facet that lifts off partly has a smaller area).
    lateral_facet_stress_MPa, medial_facet_stress_MPa : ndarray or None
        Mean contact pressure on each facet's contact [MPa].
    peak_pressure_MPa : ndarray or None
        Highest contact pressure on either facet [MPa].
    lateral_shift_mm, lateral_tilt_deg : ndarray or None
        Patellar lateral shift [mm] and lateral tilt [deg] from the centred, unloaded position.
    medial_restraint_N : ndarray or None
        Force in the medial restraint (MPFL) [N].
    ligament_centring_N : ndarray or None
        Medial pull the patellar ligament gains from the patella's lateral shift, ``r F_Q u / ℓ``
        [N] (negative for a medial shift): :func:`pfsim.joint.frontal.ligament_centring_stiffness_N_mm`.
    dynamic_q_angle_deg : ndarray or None
        Angle between the quadriceps resultant and the patellar ligament [deg].
    medial_unloaded : ndarray of bool or None
        True where the medial facet carries no load (lift-off).
    off_groove : ndarray of bool or None
        True where the computed shift takes the patella past a facet's edge (subluxation): the
        flat-facet contact model no longer applies there.
    model, area_fit : str
        The sagittal model and the contact-area fit used.
    frontal_state : FrontalState or None
        Frontal model only: its state behind the facet outputs (depth, facet compression, centring
        stiffness, geometry), for figures and checks; not one of :meth:`arrays` (convert it with its
        own ``to_dict()``).

    Notes
    -----
    With the default ``frontal=True`` the facet outputs and ``frontal_state`` are computed on
    first access to any of them (a :class:`_LazyFrontal` descriptor; ``to_dict()``,
    ``to_pandas()``, ``repr`` and ``==`` read them too) and then kept: the numbers are those of
    ``frontal="eager"`` (tested bit for bit).
    """

    knee_flexion_deg: np.ndarray
    quad_force_N: np.ndarray
    joint_reaction_force_N: np.ndarray
    contact_area_mm2: np.ndarray
    contact_stress_MPa: np.ndarray
    k_ratio: np.ndarray
    knee_extension_moment_Nm: np.ndarray | None = None
    lever_arm_mm: np.ndarray | None = None
    jrf_anterior_N: np.ndarray | None = None
    jrf_proximal_N: np.ndarray | None = None
    jrf_angle_deg: np.ndarray | None = None
    lateral_force_N: np.ndarray | None = None
    lateral_facet_force_N: np.ndarray | None = None
    medial_facet_force_N: np.ndarray | None = None
    lateral_facet_area_mm2: np.ndarray | None = None
    medial_facet_area_mm2: np.ndarray | None = None
    lateral_facet_stress_MPa: np.ndarray | None = None
    medial_facet_stress_MPa: np.ndarray | None = None
    peak_pressure_MPa: np.ndarray | None = None
    lateral_shift_mm: np.ndarray | None = None
    lateral_tilt_deg: np.ndarray | None = None
    medial_restraint_N: np.ndarray | None = None
    ligament_centring_N: np.ndarray | None = None
    dynamic_q_angle_deg: np.ndarray | None = None
    medial_unloaded: np.ndarray | None = None
    off_groove: np.ndarray | None = None
    model: str = "k"
    area_fit: str = DEFAULT_AREA_FIT
    frontal_state: FrontalState | None = None

    def arrays(self) -> dict[str, np.ndarray]:
        """Deprecated: the output arrays; use :meth:`to_dict` (which also gives the settings)."""
        deprecated_alias("JointLoad", "arrays()", "to_dict()")
        return self._arrays()

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the output arrays (that of ``joint_reaction_force_N``; ``()`` for a scalar)."""
        return np.shape(self.joint_reaction_force_N)


@dataclass(frozen=True)
class _FrontalPending:
    """The inputs of a :class:`JointLoad`'s facet outputs, kept until they are first read.

    ``theta`` .. ``contact_area_mm2`` are the result's own sagittal arrays (made read-only by
    :meth:`freeze`, so that the facet outputs computed later see the values the result shows);
    ``inputs`` are the checked frontal inputs (copies of the caller's arrays); ``shape`` is the
    result's shape.
    """

    theta: np.ndarray
    quad_force_N: np.ndarray
    joint_reaction_force_N: np.ndarray
    contact_area_mm2: np.ndarray
    inputs: dict
    force_ratio: object
    geometry: FrontalGeometry
    shape: tuple

    @classmethod
    def of(cls, theta, sag: dict, inputs: dict, force_ratio, geometry, shape) -> _FrontalPending:
        """The pending frontal model of a call from its knee angle and sagittal outputs."""
        return cls(
            theta,
            sag["quad_force_N"],
            sag["joint_reaction_force_N"],
            sag["contact_area_mm2"],
            inputs,
            force_ratio,
            geometry,
            shape,
        )

    def freeze(self) -> None:
        """Make the sagittal arrays the frontal model will read read-only."""
        for a in (
            self.theta,
            self.quad_force_N,
            self.joint_reaction_force_N,
            self.contact_area_mm2,
        ):
            if isinstance(a, np.ndarray):
                a.flags.writeable = False

    def _used_geometry(self) -> FrontalGeometry:
        """The geometry as used: with a single per-state coupling value, that value (recorded)."""
        k = self.inputs.get("knee_abduction_per_hip_adduction")
        if k is None or np.size(k) == 0 or not np.all(np.asarray(k) == np.asarray(k).flat[0]):
            return self.geometry
        return replace(self.geometry, knee_abduction_per_hip_adduction=float(np.asarray(k).flat[0]))

    def solve(self, b) -> dict:
        """The facet outputs (broadcast by ``b``), ``frontal_state`` and the range ``message``."""
        facets, state = _frontal_quietly(
            self.theta,
            self.quad_force_N,
            self.joint_reaction_force_N,
            self.contact_area_mm2,
            **self.inputs,
            force_ratio=self.force_ratio,
            geometry=self.geometry,
        )
        out = {name: b(facets[name]) for name in _FRONTAL_FIELDS}
        out["frontal_state"] = FrontalState(
            **{name: b(v) for name, v in state.items()}, geometry=self._used_geometry()
        )
        out["message"] = facets["message"]
        return out


class _LazyFrontal:
    """A facet output of :class:`JointLoad`, computed with all the others on first access.

    A non-data descriptor on the class: a JointLoad whose facet outputs are pending has no instance
    attribute of that name, so the lookup reaches :meth:`__get__`, which runs the frontal model once
    (:meth:`_FrontalPending.solve`), stores every facet output as an instance attribute (later
    reads are plain attribute reads) and issues the frontal model's range warning, if any, at the
    line that read the output. An eager result has the instance attributes from the start.
    """

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return None  # the dataclass default
        pending = obj.__dict__.get("_frontal_pending")
        if pending is None:
            raise AttributeError(self.name)
        values = pending.solve(_broadcaster(pending.shape))
        message = values.pop("message")
        for name, value in values.items():
            object.__setattr__(obj, name, value)
        obj.__dict__.pop("_frontal_pending", None)  # (another thread may have been first)
        _warn_once([message])
        return values[self.name]


def _frontal_mode(frontal):
    """``"lazy"`` (True), ``"eager"`` or False: the ``frontal`` argument of :func:`patellofemoral_load`."""
    if isinstance(frontal, str):
        if frontal != "eager":
            raise ValueError(f"frontal must be True, False or 'eager' (got {frontal!r}).")
        mode = "eager"
    else:
        mode = "lazy" if frontal else False
    if mode and "PFSIM_COMPILED" in os.environ:
        check_compiled_setting()  # a bad spelling or no numba fails here, not at the first access
    return mode


def _checked_frontal_inputs(inputs: dict, copy: bool) -> dict:
    """The frontal inputs as float arrays, or the ValueError the frontal model would raise.

    Checked now (:data:`~pfsim.joint.frontal.FRONTAL_INPUT_LIMITS`), even when the facet outputs
    are computed later, so that a bad input fails at the call. ``copy`` copies array inputs (kept
    for later: the caller may change its arrays meanwhile).
    """
    out = {}
    for name, value in inputs.items():
        arr = as_float_array(value, name, copy=copy and isinstance(value, np.ndarray))
        lo, hi, unit, hint = FRONTAL_INPUT_LIMITS[name]
        check_bounds(arr, name, lo, hi, unit, hint=hint)
        out[name] = arr
    return out


#: Plain scalar inputs of the fast scalar path (bool is an int, but not a number here).
_SCALAR_TYPES = (float, int, np.floating, np.integer)


def _is_scalar(value) -> bool:
    return isinstance(value, _SCALAR_TYPES) and not isinstance(value, bool)


def _scalars_in_range(th: float, force: float, force_is_moment: bool, frontal_inputs) -> bool:
    """True when scalar inputs pass every check of the array path without a warning or error."""
    lo, hi = KNEE_FLEXION_LIMITS_DEG
    flo, fhi = (-MOMENT_LIMIT_NM, MOMENT_LIMIT_NM) if force_is_moment else (0.0, QUAD_FORCE_LIMIT_N)
    ok = math.isfinite(th) and math.isfinite(force) and lo <= th <= hi and flo <= force <= fhi
    if not ok or 0.0 < abs(th) < 2.2:
        return False
    if frontal_inputs is None:
        return True
    for name, value in frontal_inputs.items():
        if not _is_scalar(value):
            return False
        x = float(value)
        if not (
            math.isfinite(x) and FRONTAL_INPUT_LIMITS[name][0] <= x <= FRONTAL_INPUT_LIMITS[name][1]
        ):
            return False
    return not 0.0 < abs(float(frontal_inputs["q_angle_deg"])) <= _Q_ANGLE_RADIANS_GUARD


@functools.lru_cache(maxsize=2048)
def _fit_at(fit, theta: float) -> np.float64:
    """A fit's value at one angle [deg], evaluated on a one-element array.

    The fits are pure functions of the angle: a loop over a grid of angles evaluates each angle's
    fits once.
    """
    return fit.func(np.array([theta]))[0]


def _scalar_load(knee_flexion_deg, quad_force_N, knee_extension_moment_Nm, fits, frontal_inputs):
    """The sagittal chain for one state given as plain numbers, with little Python overhead.

    The fast path of :func:`patellofemoral_load` for a student's loop: when the angle, the force
    (or moment) and the frontal inputs are plain numbers inside every check and fit range, the
    fits run on a one-element array and the rest on numpy scalars, without the array path's checks,
    broadcasting and range bookkeeping (the same IEEE operations in the same order: the same bits,
    tested). Anything else (an array, a value that would warn, raise or be NaN) returns None and
    takes the array path, which gives the warning or error.

    Returns
    -------
    tuple or None
        ``(theta, moment, sag)`` as in the array path (:func:`_finish`'s first arguments), or
        None.
    """
    moment_given = knee_extension_moment_Nm is not None
    force = knee_extension_moment_Nm if moment_given else quad_force_N
    if not (_is_scalar(knee_flexion_deg) and _is_scalar(force)):
        return None
    th, f = float(knee_flexion_deg), float(force)
    if not _scalars_in_range(th, f, moment_given, frontal_inputs):
        return None
    used = (fits["k"], fits["area"], fits["lever"]) if moment_given else (fits["k"], fits["area"])
    for fit in used:
        if not fit.valid_range_deg[0] <= th <= fit.valid_range_deg[1]:
            return None
    theta = np.float64(th)
    lever_mm = moment = None
    if moment_given:
        moment = np.float64(f)
        lever_mm = _fit_at(fits["lever"], th)
        fq = quad_force_from_moment_N(moment, lever_mm)
    else:
        fq = np.float64(f)
    k = _fit_at(fits["k"], th)
    jrf = fq * k
    ca = _fit_at(fits["area"], th)
    sag = {
        "quad_force_N": fq,
        "lever_arm_mm": lever_mm,
        "k_ratio": k,
        "joint_reaction_force_N": jrf,
        "contact_area_mm2": ca,
        "contact_stress_MPa": mean_contact_stress_MPa(jrf, ca),
        "parts": {},
    }
    return theta, moment, sag


def _warn_once(messages: list[str | None]) -> None:
    """One PfsimRangeWarning with every message, attributed to the user's line."""
    text = join_range_messages(messages)
    if text:
        warn(text, PfsimRangeWarning)


def _check_q_angle_unit(q_angle_deg) -> None:
    """Warn (:class:`~pfsim.PfsimUnitWarning`) when a Q-angle looks as if it was given in radians.

    The radians guard of the knee angle (:func:`pfsim._checks.check_angle_deg`) for the Q-angle:
    it fires when every value is within ±0.70 (40°, the largest accepted Q-angle, in radians) and
    one is not 0. Q-angles are 14 ± 3° (men) and 17 ± 3° (women), so a Q-angle below 0.70° is more
    than 4 SD below the norms, while every accepted Q-angle given in radians is caught.

    No such guard for hip adduction or the femoral and tibial rotations: they are measured from the
    static posture, 0 by default, and 0-2° are ordinary values (a small hip adduction, a knee
    turned in by a degree), so a guard would fire on legitimate inputs; a value in radians there
    is read as degrees.
    """
    q = np.abs(as_float_array(q_angle_deg, "q_angle_deg"))
    if q.size and 0.0 < float(q.max()) <= _Q_ANGLE_RADIANS_GUARD:
        warn(
            f"q_angle_deg must be in degrees (got values up to {float(q.max()):.3g}; did you pass "
            "radians? Use numpy.degrees() to convert; normal Q-angles are 14-17 deg).",
            PfsimUnitWarning,
        )


def _frontal_quietly(*args, **kwargs) -> tuple[dict, dict]:
    """Call :func:`frontal_load` without its own warning; its message joins the single warning.

    Returns
    -------
    tuple of dict
        The :data:`_FRONTAL_FIELDS` outputs plus ``"message"``, and the :data:`_FRONTAL_STATE_FIELDS`
        arrays (for :class:`FrontalState`).
    """
    out = frontal_load(*args, warn=False, **kwargs)
    facets = {k: out[k] for k in _FRONTAL_FIELDS}
    facets["message"] = out["message"]
    return facets, {k: out[k] for k in _FRONTAL_STATE_FIELDS}


def patellofemoral_load(
    knee_flexion_deg,
    *,
    quad_force_N=None,
    knee_extension_moment_Nm=None,
    model: str = "k",
    area_fit: str = DEFAULT_AREA_FIT,
    lever_arm_fit: str = "vaneijden1986",
    k_fit: str = "brechter2002",
    force_ratio=1.0,
    quad_tendon_angle_deg=0.0,
    weight_bearing: bool = False,
    extrapolate: str = "nan",
    q_angle_deg=DEFAULT_Q_ANGLE_DEG,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    lateral_retinaculum_N=0.0,
    frontal: bool = True,
    frontal_geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    knee_abduction_per_hip_adduction=None,
) -> JointLoad:
    """Patellofemoral joint reaction force and mean contact stress from the sagittal chain.

    Give exactly one of ``quad_force_N`` and ``knee_extension_moment_Nm``. Arguments broadcast
    against each other (scalars, lists, arrays of any broadcastable shapes); the outputs have the
    broadcast shape. Shapes that do not broadcast raise a ValueError naming the arguments. The
    result's arrays never share memory with the caller's inputs (the knee angle, quadriceps force,
    PFJRF and contact area are read-only while the facet outputs depend on them). All range
    problems of the sagittal chain are reported in one :class:`~pfsim.PfsimRangeWarning` (with the
    facet model's, when it runs eagerly). A call whose inputs are plain numbers inside every range
    takes a fast scalar path (the same equations and bits, less Python overhead).

    Parameters
    ----------
    knee_flexion_deg : array_like
        Knee flexion [deg], 0 at full extension. Values outside -30..170 deg raise ValueError; all
        magnitudes below 2.2 (radians?) warn.
    quad_force_N : array_like, optional
        Quadriceps force [N], ≥ 0.
    knee_extension_moment_Nm : array_like, optional
        Internal knee extension moment [N·m]; a flexion moment (negative) gives zero quadriceps force.
    model : {"k", "two-tendon"}
        PFJRF model: the k(θ) ratio (Brechter & Powers 2002) or the two-tendon free body
        (:func:`pfsim.joint.sagittal.jrf_two_tendon_N`).
    area_fit : str
        Contact-area fit, a key of :data:`pfsim.joint.geometry.CONTACT_AREA_FITS`
        (default :data:`DEFAULT_AREA_FIT`, ``"kernozek2015"``, data 0-90 deg).
    lever_arm_fit : str
        Quadriceps lever-arm fit, a key of :data:`pfsim.joint.geometry.LEVER_ARM_FITS`.
    k_fit : str
        k-ratio fit, a key of :data:`pfsim.joint.geometry.K_RATIO_FITS`.
    force_ratio, quad_tendon_angle_deg : array_like
        Two-tendon model only: patellar-ligament/quadriceps force ratio [-] (default 1) and the
        quadriceps tendon's anterior lean from the femoral shaft [deg] (default 0).
    weight_bearing : bool
        Apply the Besier 2005 weight-bearing factor (1.24) to a ``besier2005`` area fit.
    extrapolate : {"nan", "clip", "extend", "raise"}
        What every fit does outside its data range (see :mod:`pfsim.joint.geometry`). With the
        default, out-of-range states give NaN and one :class:`~pfsim.PfsimRangeWarning` per call.
        With ``"extend"``, states where an extended fit is physically impossible (k ≤ 0 or beyond its
        pole near 128°, lever arm or area ≤ 0) are NaN, reported in that same single warning.
    q_angle_deg : array_like
        Static Q-angle [deg], default 15.5 (between the male 14 and female 17° norms). Values all
        within ±0.70 (radians?) warn.
    hip_adduction_deg, femoral_internal_rotation_deg, tibial_internal_rotation_deg : array_like
        Hip adduction and femoral / tibial internal rotation relative to the static posture [deg].
    vmo_activation : array_like
        VMO activation relative to normal (1 = normal, 0 = silent).
    lateral_retinaculum_N : array_like
        Extra lateral retinaculum / ITB tension on the patella [N] (0 = normal knee).
    frontal : bool or "eager"
        The frontal (facet) model (:mod:`pfsim.joint.frontal`). ``True`` (default): the facet
        outputs (``lateral_facet_stress_MPa``, ``off_groove``, ``frontal_state``, ...) are computed
        on first access, all at once, and then kept; the call itself costs the sagittal chain only.
        Frontal inputs are checked at the call; the off-groove warning comes with the first access.
        ``"eager"``: computed now (the same numbers). ``False``: no facet outputs (None).
    frontal_geometry : FrontalGeometry
        Geometry and tissue parameters of the frontal model.
    knee_abduction_per_hip_adduction : array_like, optional
        Knee abduction per degree of hip adduction [deg/deg], 0-1, per state; replaces the
        geometry's coupling (0.3, an assumption) when given.

    Returns
    -------
    JointLoad
        Named arrays: ``quad_force_N``, ``joint_reaction_force_N``, ``contact_area_mm2``,
        ``contact_stress_MPa``, ``k_ratio``, and more (see :class:`JointLoad`).

    Notes
    -----
    The chain of Nunes et al. 2018 (Gait Posture 61:188) and Kernozek et al. 2015 (Gait Posture
    42:218): ``F_Q = M / L(θ)``; ``PFJRF = k(θ) F_Q`` (≥ 0); ``σ = PFJRF / CA(θ)``.

    Examples
    --------
    The worked example of ``REFERENCES.md`` §1 (M = 100 N·m at 45°; σ = 10.61 MPa with the default
    Kernozek 2015 area, 6.42 MPa with ``area_fit="connolly2009"``):

    >>> r = patellofemoral_load(45.0, knee_extension_moment_Nm=100.0)
    >>> round(float(r.joint_reaction_force_N)), round(float(r.contact_stress_MPa), 2)
    (2184, 10.61)
    """
    _check_force_choice(quad_force_N, knee_extension_moment_Nm)
    fits = _resolve_fits(model, area_fit, lever_arm_fit, k_fit, extrapolate, weight_bearing)
    mode = _frontal_mode(frontal)  # (and a bad PFSIM_COMPILED fails here, not at first access)
    frontal_inputs = {
        "q_angle_deg": q_angle_deg,
        "hip_adduction_deg": hip_adduction_deg,
        "femoral_internal_rotation_deg": femoral_internal_rotation_deg,
        "tibial_internal_rotation_deg": tibial_internal_rotation_deg,
        "vmo_activation": vmo_activation,
        "lateral_retinaculum_N": lateral_retinaculum_N,
    }
    if knee_abduction_per_hip_adduction is not None:  # else the geometry's
        frontal_inputs["knee_abduction_per_hip_adduction"] = knee_abduction_per_hip_adduction
    if model == "k" and not weight_bearing:
        fast = _scalar_load(knee_flexion_deg, quad_force_N, knee_extension_moment_Nm, fits,
                            frontal_inputs if mode else None)  # fmt: skip
        if fast is not None:
            theta, moment, sag = fast
            pending = _FrontalPending.of(theta, sag, frontal_inputs, 1.0, frontal_geometry, ())
            pending = pending if mode else None
            return _finish(theta, moment, sag, pending, mode, model, area_fit, [], scalar=True)

    two_tendon = model == "two-tendon"
    theta, fq, moment, shape, known = _coerce_inputs(
        knee_flexion_deg,
        quad_force_N,
        knee_extension_moment_Nm,
        {"force_ratio": force_ratio, "quad_tendon_angle_deg": quad_tendon_angle_deg}
        if two_tendon
        else {},
        frontal_inputs if mode else {},
    )
    trange = _angle_range(theta, known[0])
    if mode:
        _check_q_angle_unit(q_angle_deg)

    sag = _sagittal_chain(theta, trange, fq, moment, fits, extrapolate, weight_bearing, two_tendon,
                          force_ratio, quad_tendon_angle_deg, known[1])  # fmt: skip
    messages = sag.pop("messages")
    pending = None
    if mode:
        # lazily: checked now (a bad input fails at the call); eagerly, frontal_load checks them
        inputs = _checked_frontal_inputs(frontal_inputs, True) if mode == "lazy" else frontal_inputs
        ratio = force_ratio if two_tendon else 1.0
        pending = _FrontalPending.of(theta, sag, inputs, ratio, frontal_geometry, shape)
    return _finish(theta, moment, sag, pending, mode, model, area_fit, messages)


def _angle_range(theta: np.ndarray, known=None) -> tuple[float, float]:
    """``(min, max)`` of the knee angle (0, 0 when empty), after :func:`check_angle_deg`'s checks.

    The extremes are read once, for the checks and for the fits' range tests; ``check_angle_deg``
    (its error or radians warning) runs only when they show that it has something to say.
    """
    if not theta.size:
        return 0.0, 0.0
    tmin, tmax = known if known is not None else (float(theta.min()), float(theta.max()))
    amax = max(-tmin, tmax)
    lo, hi = KNEE_FLEXION_LIMITS_DEG
    if tmin < lo or tmax > hi or 0.0 < amax < 2.2:
        check_angle_deg(theta)
    return tmin, tmax


def _check_force_choice(quad_force_N, knee_extension_moment_Nm) -> None:
    """ValueError unless exactly one of the two force inputs is given."""
    if (quad_force_N is None) == (knee_extension_moment_Nm is None):
        raise ValueError(
            "give exactly one of quad_force_N and knee_extension_moment_Nm "
            f"(got {'both' if quad_force_N is not None else 'neither'})."
        )


def _coerce_inputs(knee_flexion_deg, quad_force_N, knee_extension_moment_Nm, sagittal, frontal):
    """Knee angle and force input as float arrays, after checking that every argument broadcasts.

    Parameters
    ----------
    knee_flexion_deg, quad_force_N, knee_extension_moment_Nm
        As in :func:`patellofemoral_load` (exactly one of the two forces given).
    sagittal, frontal : dict
        The model parameters that take part in the broadcast (named as the arguments).

    Returns
    -------
    tuple
        ``(theta, fq, moment, shape, known)``: copies (inputs handed back in the result are
        copied, so that mutating the result cannot change the caller's data); ``fq`` is None when
        the moment is given, ``moment`` None when the force is; ``shape`` is the broadcast shape of
        every argument given; ``known`` is ``(theta's (min, max) or None, force input checked
        against its limits)``.
    """
    lo, hi = KNEE_FLEXION_LIMITS_DEG
    theta, trange = in_bounds_fast(knee_flexion_deg, lo, hi, copy=True)
    if theta is None:
        theta = as_float_array(knee_flexion_deg, "knee_flexion_deg", copy=True)
    if knee_extension_moment_Nm is not None:
        moment, checked = in_bounds_fast(
            knee_extension_moment_Nm, -MOMENT_LIMIT_NM, MOMENT_LIMIT_NM, copy=True
        )
        if moment is None:  # checked against the limits in _sagittal_chain, after the angle
            moment = as_float_array(knee_extension_moment_Nm, "knee_extension_moment_Nm", copy=True)
        trange = (trange, checked is not None)
        fq = None
        force_input = {"knee_extension_moment_Nm": moment}
    else:
        moment = None
        fq = check_quad_force_N(quad_force_N, copy=True)
        force_input = {"quad_force_N": fq}
        trange = (trange, True)
    shape = check_broadcast(knee_flexion_deg=theta, **force_input, **sagittal, **frontal)
    return theta, fq, moment, shape, trange


def _resolve_fits(model, area_fit, lever_arm_fit, k_fit, extrapolate, weight_bearing) -> dict:
    """The named fits of a :func:`patellofemoral_load` call, or a ValueError that names the fix.

    Returns
    -------
    dict
        ``{"area": Fit, "lever": Fit, "k": Fit}``.
    """
    if model not in SAGITTAL_MODELS:
        raise ValueError(f"unknown model {model!r}; known models: {', '.join(SAGITTAL_MODELS)}.")
    _check_extrapolate(extrapolate)
    fits = {
        "area": get_fit(CONTACT_AREA_FITS, area_fit, "contact-area fit"),
        "lever": get_fit(LEVER_ARM_FITS, lever_arm_fit, "lever-arm fit"),
        "k": get_fit(K_RATIO_FITS, k_fit, "k-ratio fit"),
    }
    if weight_bearing and not area_fit.startswith("besier2005"):
        raise ValueError(
            "weight_bearing=True applies the Besier 2005 weight-bearing factor and is only defined "
            f"for the besier2005 area fits (got area_fit={area_fit!r})."
        )
    return fits


def _sagittal_chain(
    theta,
    trange,
    fq,
    moment,
    fits,
    extrapolate,
    weight_bearing,
    two_tendon,
    force_ratio,
    quad_tendon_angle_deg,
    moment_checked=False,
) -> dict:
    """The sagittal chain on checked inputs: moment → F_Q → PFJRF, contact area and mean stress.

    Parameters
    ----------
    theta : numpy.ndarray
        Knee flexion [deg] (checked).
    trange : tuple of float
        Its smallest and largest value (:func:`_angle_range`).
    fq, moment : numpy.ndarray or None
        Quadriceps force [N] or knee extension moment [N·m]: exactly one is given.
    fits : dict
        :func:`_resolve_fits`.
    extrapolate, weight_bearing, two_tendon, force_ratio, quad_tendon_angle_deg
        As in :func:`patellofemoral_load`.
    moment_checked : bool
        The moment is known to lie within ±:data:`MOMENT_LIMIT_NM` (not read again).

    Returns
    -------
    dict
        ``quad_force_N``, ``lever_arm_mm`` (None without a moment), ``k_ratio``,
        ``joint_reaction_force_N``, ``contact_area_mm2``, ``contact_stress_MPa``, the two-tendon
        components (two-tendon model only) and ``messages`` (range messages for the single warning).
    """
    theta1 = np.atleast_1d(theta)
    tmin, tmax = trange
    messages: list[str | None] = []

    lever_mm = None
    if moment is not None:
        if not moment_checked:
            check_bounds(
                moment,
                "knee_extension_moment_Nm",
                -MOMENT_LIMIT_NM,
                MOMENT_LIMIT_NM,
                "N·m",
                hint="Give the moment in N·m (not N·mm, not N·m/kg).",
            )
        lever_mm, msg = fits["lever"].evaluate(theta1, extrapolate, tmin, tmax)
        messages.append(msg)
        lever_mm = lever_mm.reshape(theta.shape)
        fq = quad_force_from_moment_N(moment, lever_mm)

    jrf_parts = {}
    if not two_tendon:
        k, msg = fits["k"].evaluate(theta1, extrapolate, tmin, tmax)
        messages.append(msg)
        k = k.reshape(theta.shape)
        # k > 0 wherever it is finite (the fit turns an impossible extended k into NaN), so PFJRF >= 0
        # or NaN; no clamp that could hide a wrong k.
        jrf = np.asarray(fq * k)
    else:
        ratio, beta = check_two_tendon_parameters(force_ratio, quad_tendon_angle_deg)
        tt, msg = two_tendon_reaction(fq, theta, ratio, beta, extrapolate=extrapolate)
        messages.append(msg)
        jrf = tt.pop("joint_reaction_force_N")
        k = tt.pop("k")
        jrf_parts = tt

    ca, msg = fits["area"].evaluate(theta1, extrapolate, tmin, tmax)
    messages.append(msg)
    ca = ca.reshape(theta.shape)
    if weight_bearing:
        ca = ca * BESIER2005_WEIGHT_BEARING_FACTOR
    stress = mean_contact_stress_MPa(jrf, ca)
    return {
        "quad_force_N": fq,
        "lever_arm_mm": lever_mm,
        "k_ratio": k,
        "joint_reaction_force_N": jrf,
        "contact_area_mm2": ca,
        "contact_stress_MPa": stress,
        "parts": jrf_parts,
        "messages": messages,
    }


def _same(a):
    return a


def _broadcaster(shape):
    """A function that broadcasts an output to ``shape`` (0-d outputs as numpy scalars; None kept)."""

    def b(a):
        if a is None:
            return None
        out = np.broadcast_to(a, shape) if np.shape(a) != shape else a
        return out[()] if out.ndim == 0 else out

    return b


def _finish(
    theta, moment, sag, pending, mode, model, area_fit, messages, scalar=False
) -> JointLoad:
    """The :class:`JointLoad` of a call: sagittal outputs now, facet outputs now or on first access.

    Parameters
    ----------
    theta, moment : ndarray
        Knee flexion [deg] and the moment input [N·m] (None when the force was given).
    sag : dict
        :func:`_sagittal_chain` outputs (without ``messages``).
    pending : _FrontalPending or None
        The frontal model's inputs (None without it).
    mode : {"lazy", "eager", False}
        :func:`_frontal_mode`.
    model, area_fit : str
        The call's settings.
    messages : list of str or None
        Range messages of the sagittal chain (one warning with the frontal's own when eager).
    scalar : bool
        The scalar path: every value is a numpy scalar already (nothing to broadcast).
    """
    shape = (
        ()
        if scalar
        else np.broadcast_shapes(
            np.shape(theta),
            np.shape(sag["quad_force_N"]),
            np.shape(sag["joint_reaction_force_N"]),
            np.shape(sag["contact_stress_MPa"]),
            pending.shape if pending is not None else (),
        )
    )
    b = _same if scalar else _broadcaster(shape)
    facets = {}
    if mode == "eager":
        facets = pending.solve(_broadcaster(shape))  # frontal outputs are 0-d arrays
        messages.append(facets.pop("message"))
    _warn_once(messages)
    jl = JointLoad(
        knee_flexion_deg=b(theta),
        quad_force_N=b(sag["quad_force_N"]),
        joint_reaction_force_N=b(sag["joint_reaction_force_N"]),
        contact_area_mm2=b(sag["contact_area_mm2"]),
        contact_stress_MPa=b(sag["contact_stress_MPa"]),
        k_ratio=b(sag["k_ratio"]),
        knee_extension_moment_Nm=b(moment),
        lever_arm_mm=b(sag["lever_arm_mm"]),
        model=model,
        area_fit=area_fit,
        **{name: b(v) for name, v in sag["parts"].items()},
        **facets,
    )
    if mode == "lazy":
        pending.freeze()
        for name in _LAZY_FIELDS:
            object.__delattr__(jl, name)  # the class's _LazyFrontal descriptor answers instead
        pending = pending if pending.shape == shape else replace(pending, shape=shape)
        object.__setattr__(jl, "_frontal_pending", pending)
    return jl


_FRONTAL_FIELDS = (
    "lateral_force_N",
    "lateral_facet_force_N",
    "medial_facet_force_N",
    "lateral_facet_area_mm2",
    "medial_facet_area_mm2",
    "lateral_facet_stress_MPa",
    "medial_facet_stress_MPa",
    "peak_pressure_MPa",
    "lateral_shift_mm",
    "lateral_tilt_deg",
    "medial_restraint_N",
    "ligament_centring_N",
    "dynamic_q_angle_deg",
    "medial_unloaded",
    "off_groove",
)

#: The arrays of :class:`FrontalState`, as named in :func:`~pfsim.joint.frontal.frontal_load`'s output.
_FRONTAL_STATE_FIELDS = ("depth_mm", "facet_compression_N", "centring_stiffness_N_mm")

#: The JointLoad fields that the frontal model fills (lazily by default).
_LAZY_FIELDS = _FRONTAL_FIELDS + ("frontal_state",)
for _name in _LAZY_FIELDS:
    setattr(JointLoad, _name, _LazyFrontal(_name))
del _name
