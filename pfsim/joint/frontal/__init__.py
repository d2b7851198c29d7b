"""Frontal-plane patellofemoral mechanics: lateral load on the patella and the two facets.

What it computes, per knee state (all vectorised, arguments broadcast):

1. **Lateral load on the patella** [N]: the frontal components of the quadriceps heads (rectus
   femoris, vastus intermedius, vastus lateralis, vastus medialis longus and obliquus, each with a
   cited force share and pull angle; VMO activation adjustable), of the patellar ligament (its line
   follows the tibial tubercle through the kinematic chain derived in
   :mod:`pfsim.derivations.frontal`: Q-angle, knee abduction from hip adduction, tibial rotation
   relative to the femur), and of an extra lateral-retinaculum / ITB tension.
2. **Contact on the trochlear groove**: a frontal section of the patella on a lateral and a medial
   facet (inclinations from cited trochlear geometry), an elastic cartilage layer (linear elastic
   foundation), passive restraints (the MPFL engages with lateral shift), and equilibrium of forces
   and moment solved for the patella's lateral shift, depth and tilt with unilateral contact (a facet
   can lift off, partly or wholly). Vectorised: a closed-form solve for full contact, then a fixed
   small number of vectorised Newton (active-set) iterations on the states that need them.
3. **Rigid two-facet statics** (:func:`rigid_facet_forces_N`), the teaching model: facet forces from the
   force balance alone. Whenever both facets touch and no passive restraint is engaged, the elastic
   model's facet forces equal the rigid ones exactly (the force balance is the same; the elastic layer
   only adds the pressure distribution, widths, shift and tilt).

What holds the patella in the groove, besides the facets: the medial restraint (MPFL, linear,
engaged by lateral shift) and the **patellar ligament's centring**. The ligament runs from the
patella to the tibial tubercle under tension ``r F_Q``; when the patella shifts laterally by u its
lateral direction cosine falls from ``T_x/ℓ`` to ``(T_x − u)/ℓ`` (derived with the chain), so the
lateral load is ``F − k_s u`` with ``k_s = r F_Q / ℓ`` (:func:`ligament_centring_stiffness_N_mm`;
67 N/mm at 3000 N). It is what makes lateral stability grow with the quadriceps force: without it,
a lateral load above ``C tan α_L`` slid the patella up the flat lateral facet against the 6.9 N/mm
restraint alone, off the groove in 26 % of a wide physiological box; with it, 0 % of that box and
of the running box (``validation/frontal_validity``: lateral shift p99 5.0 mm in the running box,
14.7 mm in the wide box; healthy knees 1.6-3.4 mm). States still leave the groove (``off_groove``, facet
outputs NaN, one warning) beyond physiology: a retinaculum pull above the MPFL's strength with little
quadriceps force, or opposite tibial and femoral rotations of 20° and more with a small Q-angle.
The quadriceps heads would centre the patella the same way, but their pull angles are held fixed to
the femur (no cited lengths), which understates the centring.

Limits (stated, not hidden): flat facets of constant inclination (Shih 2004 found both change with
flexion); a linear elastic layer; loads act in one frontal section; the tendon loads act on the
patellar centre line, and so does the retinaculum unless a posterior pull angle is given.
A lateral load slides the patella up the lateral facet; the lateral facet's extra pressure then
rotates the patella so that its lateral border lifts, so the model's tilt moves *medially* as lateral
load grows. An optional posterior pull of the retinaculum on the lateral border
(``retinaculum_posterior_angle_deg``) tilts it laterally compared with the same pull on the centre
line (at 30°, 2500 N, 100 N, β = 30°: +1.0° vs +0.3°) but does not reverse the trend. Shift and facet
pressures are the model's main outputs; its tilt under lateral loading disagrees with the clinical
picture of lateral tilt (validation/frontal_predictions).

Conventions: lateral positive; lateral shift positive; ``lateral_tilt_deg`` positive when the lateral
border of the patella moves toward the lateral condyle; hip adduction and internal rotations positive.

Calibration (only anatomy and the normal knee, REFERENCES §2): one number is calibrated, the
screw-home tibial rotation (:data:`CALIBRATED_SCREW_HOME_DEG`), so that a normal knee has lateral ≈
medial mean facet pressure over 20–60° flexion (Huberti & Hayes 1984); ``validation/frontal_normal_knee``
recomputes it. Everything a changed Q-angle, VMO, rotation or tightness does is a prediction.

Model v2 (opt-in, issue 11): ``frontal_geometry=lenhart2015_geometry()`` (``FrontalGeometry(groove=
"lenhart2015")``) solves the same contact in the groove of the Lenhart et al. 2015 knee, with facet
inclinations over flexion and shift and toe-region MPFL / lateral-PFL restraints derived by
:mod:`pfsim.derivations.lenhart2015` (:mod:`~pfsim.joint.frontal.groove`). It is not the default:
validation/frontal_v2_lenhart2015/README.md lists what it matches (lateral stability at 0-60°,
through a wall-flattening that a rigid groove-track check contradicts) and what it misses (90°, the
VMO at cadaver load, healthy tracking at running loads, throughput).

Layout: :mod:`~pfsim.joint.frontal.parameters` (the geometry and tissue parameters, defaults,
accepted input ranges), :mod:`~pfsim.joint.frontal.loads` (quadriceps heads, the ligament's line
through the kinematic chain, retinaculum, lateral load, the ligament's centring),
:mod:`~pfsim.joint.frontal.facets` (rigid statics and the elastic facet contact solver),
:mod:`~pfsim.joint.frontal.groove` (model v2); this module
composes them (:func:`frontal_load`) and re-exports their public names.

References
----------
.. [Farahmand1998] Farahmand F, Senavongse W, Amis AA (1998). Quantitative study of the quadriceps
   muscles and trochlear groove geometry related to instability of the patellofemoral joint.
   J Orthop Res 16(1):136-143. doi:10.1002/jor.1100160123 [abstract]
.. [Ward2009] Ward SR, Eng CM, Smallwood LH, Lieber RL (2009). Are current measurements of lower
   extremity muscle architecture accurate? Clin Orthop Relat Res 467:1074-1082 (PCSA, as coded in
   public model files) [code]
.. [LiebPerry1968] Lieb FJ, Perry J (1968). Quadriceps function: an anatomical and mechanical study
   using amputated limbs. J Bone Joint Surg Am 50:1535-1548 (pull angles quoted second-hand in
   ../shared/REFERENCES.md; *not verified against the original*)
.. [Shih2004] Shih YF, Bull AMJ, Amis AA (2004). The cartilaginous and osseous geometry of the femoral
   trochlear groove. Knee Surg Sports Traumatol Arthrosc 12:300-306. doi:10.1007/s00167-003-0414-3
.. [Lenhart2015] Lenhart RL, Kaiser J, Smith CR, Thelen DG (2015). Prediction and validation of
   load-dependent behavior of the tibiofemoral and patellofemoral joints during movement. Ann
   Biomed Eng 43:2675-2685: the OpenSim-JAM knee, elastic-foundation cartilage E = 10 MPa,
   ν = 0.45 (values read from the model's public files, REFERENCES §2b [code])
.. [BeiFregly2004] Bei Y, Fregly BJ (2004). Multibody dynamic simulation of knee contact mechanics.
   Med Eng Phys 26:777-789 (elastic-foundation modulus K = E(1−ν)/((1+ν)(1−2ν)h))
.. [Amis2003] Amis AA, Firer P, Mountney J, Senavongse W, Thomas NP (2003). Anatomy and biomechanics
   of the medial patellofemoral ligament. Knee 10:215-220. doi:10.1016/S0968-0160(03)00006-1
.. [HubertiHayes1984] Huberti HH, Hayes WC (1984). Patellofemoral contact pressures: the influence
   of Q-angle and tendofemoral contact. J Bone Joint Surg Am 66:715-724 [abstract]
"""

from __future__ import annotations

import numpy as np

from .facets import (
    MAX_NEWTON_ITERATIONS,
    RESIDUAL_TOLERANCE,
    rigid_facet_forces_N,
    solve_facet_contact,
)
from .facets import _full_contact_solution as _full_contact_solution  # re-export (tests)
from .facets import _residual_and_jacobian as _residual_and_jacobian  # re-export (tests)
from .groove import (
    CALIBRATED_SCREW_HOME_LENHART2015_DEG,
    groove_parameters,
    lateral_pull_at_shift_N,
    lenhart2015_geometry,
    restraint_force_N,
    solve_groove_contact,
)
from .loads import (
    _lateral_load,
    _lines_of_action,
    _q_angle_from_lines,
    _retinaculum_compression_and_moment,
    dynamic_q_angle_deg,
    knee_relative_kinematics_deg,
    ligament_centring_stiffness_N_mm,
    patellar_lateral_load_N,
    quadriceps_lateral_ratio,
)
from .parameters import (
    CALIBRATED_SCREW_HOME_DEG,
    DEFAULT_FRONTAL_GEOMETRY,
    DEFAULT_Q_ANGLE_DEG,
    FRONTAL_INPUT_LIMITS,
    QUADRICEPS_HEADS,
    FrontalGeometry,
    _check,
)

__all__ = [
    "QUADRICEPS_HEADS",
    "FrontalGeometry",
    "DEFAULT_FRONTAL_GEOMETRY",
    "CALIBRATED_SCREW_HOME_DEG",
    "quadriceps_lateral_ratio",
    "knee_relative_kinematics_deg",
    "dynamic_q_angle_deg",
    "patellar_lateral_load_N",
    "ligament_centring_stiffness_N_mm",
    "rigid_facet_forces_N",
    "solve_facet_contact",
    "frontal_load",
    "lenhart2015_geometry",
    "groove_parameters",
    "restraint_force_N",
    "solve_groove_contact",
    "lateral_pull_at_shift_N",
    "CALIBRATED_SCREW_HOME_LENHART2015_DEG",
    "FRONTAL_INPUT_LIMITS",
    "DEFAULT_Q_ANGLE_DEG",
    "MAX_NEWTON_ITERATIONS",
    "RESIDUAL_TOLERANCE",
]


def frontal_load(
    knee_flexion_deg,
    quad_force_N,
    joint_reaction_force_N,
    contact_area_mm2,
    *,
    q_angle_deg=DEFAULT_Q_ANGLE_DEG,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    lateral_retinaculum_N=0.0,
    force_ratio=1.0,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
    warn: bool = True,
    knee_abduction_per_hip_adduction=None,
) -> dict:
    """Frontal model for knee states whose sagittal loads are known.

    Checks the frontal inputs (ValueError outside :data:`FRONTAL_INPUT_LIMITS`), computes the lateral
    load and solves the facet contact. The facets carry the sagittal PFJRF plus the posterior part of
    any extra lateral-retinaculum pull (which acts on the lateral border). Returns the dict of
    :func:`solve_facet_contact` plus ``lateral_force_N`` (net active lateral load),
    ``dynamic_q_angle_deg``, ``facet_compression_N`` (the compression the facets carry) and
    ``centring_stiffness_N_mm`` (the ligament's ``k_s``); ``warn`` as in :func:`solve_facet_contact`.
    ``knee_abduction_per_hip_adduction`` (array_like, per state, 0-1) replaces the geometry's
    coupling of knee abduction to hip adduction when given.
    """
    inputs = {
        "q_angle_deg": q_angle_deg,
        "hip_adduction_deg": hip_adduction_deg,
        "femoral_internal_rotation_deg": femoral_internal_rotation_deg,
        "tibial_internal_rotation_deg": tibial_internal_rotation_deg,
        "vmo_activation": vmo_activation,
        "lateral_retinaculum_N": lateral_retinaculum_N,
    }
    if knee_abduction_per_hip_adduction is not None:
        inputs["knee_abduction_per_hip_adduction"] = knee_abduction_per_hip_adduction
    arrs = {k: _check(k, v) for k, v in inputs.items()}
    tan_r, cos_x = _lines_of_action(
        knee_flexion_deg,
        arrs["q_angle_deg"],
        arrs["hip_adduction_deg"],
        arrs["femoral_internal_rotation_deg"],
        arrs["tibial_internal_rotation_deg"],
        arrs["vmo_activation"],
        geometry,
        arrs.get("knee_abduction_per_hip_adduction"),
    )
    lateral = _lateral_load(
        quad_force_N, tan_r, cos_x, arrs["lateral_retinaculum_N"], force_ratio, geometry
    )
    posterior, moment = _retinaculum_compression_and_moment(arrs["lateral_retinaculum_N"], geometry)
    compression = np.asarray(joint_reaction_force_N, dtype=np.float64) + posterior
    centring = ligament_centring_stiffness_N_mm(quad_force_N, force_ratio, geometry)
    if geometry.groove == "lenhart2015":
        result = solve_groove_contact(
            compression,
            lateral,
            contact_area_mm2,
            knee_flexion_deg,
            geometry,
            moment,
            centring_stiffness_N_mm=centring,
            warn=warn,
        )
    else:
        result = solve_facet_contact(
            compression,
            lateral,
            contact_area_mm2,
            geometry,
            moment,
            centring_stiffness_N_mm=centring,
            warn=warn,
        )
    shape = result["lateral_facet_force_N"].shape
    result["lateral_force_N"] = np.broadcast_to(lateral, shape)
    result["dynamic_q_angle_deg"] = np.broadcast_to(_q_angle_from_lines(tan_r, cos_x), shape)
    result["facet_compression_N"] = np.broadcast_to(compression, shape)
    result["centring_stiffness_N_mm"] = np.broadcast_to(centring, shape)
    return result
