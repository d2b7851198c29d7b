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

import warnings
from dataclasses import dataclass, field, replace

import numpy as np

from .._checks import PfsimRangeWarning, as_float_array, check_bounds
from . import _generated_frontal as _gf

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
    "FRONTAL_INPUT_LIMITS",
]

#: Quadriceps heads: force share [-] at normal activation and frontal pull angle to the femoral shaft
#: [deg, lateral positive].
#: Shares: Farahmand et al. 1998 (PCSA: RF+VI 35 %, VL 40 %, VM 25 %); RF:VI split by Ward et al. 2009
#: PCSA (13.5 : 16.7 cm²); VMO = 29 % of the vastus medialis cross-section (REFERENCES §2b) → 7.25 %.
#: Angles: VL 13.5, VML −16.5, VMO −52.5 (mid-points of Lieb & Perry 1968 as quoted in REFERENCES
#: §2b, unverified); RF and VI along the shaft (0, a pfsim assumption).
QUADRICEPS_HEADS: dict[str, tuple[float, float]] = {
    "rectus_femoris": (0.35 * 13.5 / 30.2, 0.0),
    "vastus_intermedius": (0.35 * 16.7 / 30.2, 0.0),
    "vastus_lateralis": (0.40, 13.5),
    "vastus_medialis_longus": (0.25 * 0.71, -16.5),
    "vastus_medialis_obliquus": (0.25 * 0.29, -52.5),
}

#: Screw-home tibial internal rotation relative to the femur reached by 20° flexion [deg]. The only
#: calibrated number of the frontal model: chosen so that the normal knee (defaults) has lateral ≈
#: medial mean facet pressure over 20-60° flexion (geometric mean of the ratio = 1; Huberti & Hayes
#: 1984). Recomputed by validation/frontal_normal_knee/calibrate.py; a test checks it is current.
CALIBRATED_SCREW_HOME_DEG = 13.5


@dataclass(frozen=True)
class FrontalGeometry:
    """Geometry and tissue parameters of the frontal model, each with its source.

    Attributes
    ----------
    lateral_facet_inclination_deg : float
        Lateral trochlear facet slope to the mediolateral axis, 20.2° (Shih et al. 2004, maximum
        lateral-condyle slope, cartilage; REFERENCES §2b gives ≈ 21° lateral trochlear inclination).
    medial_facet_inclination_deg : float
        Medial facet slope, 13.7° = 180 − 146.1 (sulcus angle, Shih 2004) − 20.2 [derived]. Shih
        found both change with flexion; no numbers were available, so they are held constant.
    articular_width_mm : float
        Width of the contact band across the patella, 44.8 mm (patellar width, Iranpour et al. via
        REFERENCES §2b; the articular width is taken as the patellar width, an assumption).
    lateral_facet_share : float
        Lateral facet's share of that width, 0.6 (assumption: the lateral facet is the larger, Salsich
        2003; Wiberg type II, 65 % of knees, has the smaller medial facet).
    load_height_mm : float
        Height of the tendon and retinaculum lines above the sulcus, 11.2 mm (half the patellar
        thickness 22.4 mm, Iranpour via REFERENCES §2b; assumption that they act at mid-thickness).
        Mediolaterally the tendon loads act at the patella's centre line, which lies
        ``(w_L − w_M) / 2`` lateral of the ridge when the lateral facet is the wider.
    cartilage_modulus_MPa, cartilage_poisson, cartilage_thickness_mm : float
        Elastic foundation: E = 10 MPa, ν = 0.45 (Lenhart 2015 OpenSim-JAM [code]); thickness
        3.3 + 2.2 = 5.5 mm (patellar + trochlear cartilage, REFERENCES §2b [abstract]).
    medial_restraint_N_mm : float
        Medial restraint (MPFL and medial retinaculum) to lateral shift from the centred position:
        6.9 N/mm, the in-situ intact-knee lateral restraint at 30° flexion (10.6, 36.6, 69.0 N at 1, 5,
        10 mm; REFERENCES §2b [abstract], a 4-cadaver study). Not the 42.5 N/mm of the isolated
        femur-MPFL-patella complex pulled to failure, which is a tissue stiffness, not an in-situ
        restraint. Slack at zero shift (assumption). Measured in a materials testing machine with no
        quadriceps load stated (PMC3748894), it is mostly soft tissue; with the groove and the
        ligament's centring added, the model is 1.5-1.8× as stiff as published knees at the cadaver
        rigs' 175 N quadriceps force at 20-90° (validation/frontal_predictions).
    lateral_restraint_N_mm : float
        Lateral restraint (lateral retinaculum) to medial shift: 7.4 N/mm, the lowest whole-knee
        medial restraint at 10 mm reported by Merican et al. 2009 (J Orthop Res 27:335, 74-211 N
        [abstract]); taken as the soft-tissue part, an assumption.
    tubercle_anterior_mm, tubercle_distal_mm, ligament_length_mm : float
        Tibial tubercle 35 mm anterior to the tibial rotation axis and 25 mm distal to the joint
        centre; patellar ligament 45 mm long (typical adult dimensions: pfsim assumptions, no single
        cited source; they set how far the tubercle, and so the ligament line, moves per degree of
        tibial rotation or knee abduction; ℓ also sets the ligament's centring ``r F_Q / ℓ``).
    screw_home_deg, screw_home_range_deg : float
        Tibial internal rotation coupled to flexion, reached by ``screw_home_range_deg`` (20°: the
        screw-home occurs between full extension and ~20° flexion, orthopaedicsone.com) and held
        beyond; ``screw_home_deg`` is :data:`CALIBRATED_SCREW_HOME_DEG`.
    knee_abduction_per_hip_adduction : float
        Share of hip adduction (relative to the static posture) taken up as tibiofemoral abduction
        with the foot planted, 0.3 (assumption, range 0-1: 1 if the shank kept its frontal
        orientation, 0 if it moved with the femur; knee frontal excursions in running are about a
        third of hip adduction excursions).
    retinaculum_posterior_angle_deg : float
        Direction of the extra lateral retinaculum / ITB pull below the mediolateral axis, toward
        posterior [deg]. With an angle β > 0 the pull acts on the patella's lateral border and its
        posterior part presses that border into the groove (tilting the patella laterally); the
        retinaculum runs back to the iliotibial band and the lateral epicondyle, so β is probably
        20-45° in vivo (no measured value found). Default 0: the pull is purely lateral, on the
        centre line. With β > 0 and little quadriceps force the flat-facet model has no equilibrium
        (the patella tips over its lateral edge; those states come out NaN), so β > 0 is an option
        for loaded states, not the default.
    quadriceps_heads : dict
        :data:`QUADRICEPS_HEADS`.
    """

    lateral_facet_inclination_deg: float = 20.2
    medial_facet_inclination_deg: float = 13.7
    articular_width_mm: float = 44.8
    lateral_facet_share: float = 0.6
    load_height_mm: float = 11.2
    cartilage_modulus_MPa: float = 10.0
    cartilage_poisson: float = 0.45
    cartilage_thickness_mm: float = 5.5
    medial_restraint_N_mm: float = 6.9
    lateral_restraint_N_mm: float = 7.4
    tubercle_anterior_mm: float = 35.0
    tubercle_distal_mm: float = 25.0
    ligament_length_mm: float = 45.0
    screw_home_deg: float = CALIBRATED_SCREW_HOME_DEG
    screw_home_range_deg: float = 20.0
    knee_abduction_per_hip_adduction: float = 0.3
    retinaculum_posterior_angle_deg: float = 0.0
    quadriceps_heads: dict = field(default_factory=lambda: dict(QUADRICEPS_HEADS))

    @property
    def foundation_modulus_N_mm3(self) -> float:
        """K = E(1−ν)/((1+ν)(1−2ν)h) [N/mm³] (Bei & Fregly 2004)."""
        E, nu, h = self.cartilage_modulus_MPa, self.cartilage_poisson, self.cartilage_thickness_mm
        return E * (1 - nu) / ((1 + nu) * (1 - 2 * nu) * h)

    def mirrored(self) -> FrontalGeometry:
        """The mirror-image knee (x → −x): facets, widths and restraints swapped, pull angles and
        the screw-home rotation negated. With the inputs negated too (Q-angle, hip adduction,
        rotations, lateral load) every lateral output changes sign and the facets swap."""
        heads = {k: (s, -a) for k, (s, a) in self.quadriceps_heads.items()}
        return replace(
            self,
            screw_home_deg=-self.screw_home_deg,
            lateral_facet_inclination_deg=self.medial_facet_inclination_deg,
            medial_facet_inclination_deg=self.lateral_facet_inclination_deg,
            lateral_facet_share=1 - self.lateral_facet_share,
            medial_restraint_N_mm=self.lateral_restraint_N_mm,
            lateral_restraint_N_mm=self.medial_restraint_N_mm,
            quadriceps_heads=heads,
        )


DEFAULT_FRONTAL_GEOMETRY = FrontalGeometry()

#: Accepted input ranges (outside: ValueError naming the range). Wider than physiology, narrower
#: than nonsense: they catch unit and sign mistakes.
FRONTAL_INPUT_LIMITS = {
    "q_angle_deg": (-10.0, 40.0, "deg", "Normal Q-angles are 14 ± 3° (men) and 17 ± 3° (women)."),
    "hip_adduction_deg": (
        -30.0,
        30.0,
        "deg",
        "Running peaks are about 10°; abduction is negative.",
    ),
    "femoral_internal_rotation_deg": (-40.0, 40.0, "deg", "External rotation is negative."),
    "tibial_internal_rotation_deg": (-40.0, 40.0, "deg", "External rotation is negative."),
    "vmo_activation": (0.0, 3.0, "(1 = normal)", "0 = VMO silent, 1 = normal activation."),
    "lateral_retinaculum_N": (
        0.0,
        600.0,
        "N",
        "Cadaver ITB tensions are 0-90 N; the ITB-patellar band fails near 580 N.",
    ),
}

#: Default static Q-angle [deg]: 15.5, between the male (14 ± 3) and female (17 ± 3) norms (Aglietti,
#: quoted second-hand in REFERENCES §2b).
DEFAULT_Q_ANGLE_DEG = 15.5


def _check(name, value):
    arr = as_float_array(value, name)
    lo, hi, unit, hint = FRONTAL_INPUT_LIMITS[name]
    check_bounds(arr, name, lo, hi, unit, hint=hint)
    return arr


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
):
    """Tibiofemoral abduction and tibial rotation relative to the femur [deg].

    - abduction κ = ``knee_abduction_per_hip_adduction`` × hip adduction (closed chain, assumption);
    - relative tibial internal rotation ψ = tibial − femoral internal rotation (both relative to the
      static posture) + the screw-home rotation coupled to flexion.
    """
    theta = np.asarray(knee_flexion_deg, dtype=np.float64)
    kappa = geometry.knee_abduction_per_hip_adduction * np.asarray(hip_adduction_deg, dtype=float)
    screw = geometry.screw_home_deg * np.clip(theta / geometry.screw_home_range_deg, 0.0, 1.0)
    psi = (
        np.asarray(tibial_internal_rotation_deg) - np.asarray(femoral_internal_rotation_deg) + screw
    )
    return kappa, psi


def _tubercle_lateral_mm(q_angle_deg, geometry):
    """Tubercle lateral offset [mm] that gives the static Q-angle at extension (κ = ψ = 0)."""
    psi_r0 = np.degrees(np.arctan(quadriceps_lateral_ratio(1.0, geometry)))
    return geometry.ligament_length_mm * np.sin(np.radians(np.asarray(q_angle_deg) - psi_r0))


def _ligament_lateral_cosine(q_angle_deg, kappa_deg, psi_deg, geometry):
    return _gf.ligament_lateral_cosine(
        np.radians(kappa_deg),
        np.radians(psi_deg),
        _tubercle_lateral_mm(q_angle_deg, geometry),
        geometry.tubercle_anterior_mm,
        geometry.tubercle_distal_mm,
        geometry.ligament_length_mm,
    )


def dynamic_q_angle_deg(
    knee_flexion_deg,
    q_angle_deg=DEFAULT_Q_ANGLE_DEG,
    hip_adduction_deg=0.0,
    femoral_internal_rotation_deg=0.0,
    tibial_internal_rotation_deg=0.0,
    vmo_activation=1.0,
    geometry: FrontalGeometry = DEFAULT_FRONTAL_GEOMETRY,
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
    )
    return _q_angle_from_lines(tan_r, cos_x)


def _lines_of_action(theta, q, hip, fem, tib, vmo, geometry):
    """(tan ψ_R of the quadriceps resultant, lateral direction cosine of the ligament)."""
    kappa, psi = knee_relative_kinematics_deg(theta, hip, fem, tib, geometry)
    return quadriceps_lateral_ratio(vmo, geometry), _ligament_lateral_cosine(
        q, kappa, psi, geometry
    )


def _q_angle_from_lines(tan_r, cos_x):
    return np.degrees(np.arctan(tan_r)) + np.degrees(np.arcsin(np.clip(cos_x, -1.0, 1.0)))


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
    return -force_ratio * fq * _gf.ligament_shift_derivative_per_mm(geometry.ligament_length_mm)


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
    return _gf.rigid_facet_forces(
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
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(b != 0.0, -a / b, np.where(a > 0.0, np.inf, -np.inf))
    # b > 0: contact where s > root; b < 0: where s < root; b == 0: everywhere if a > 0.
    s0 = np.where(b > 0.0, np.clip(root, 0.0, w), 0.0)
    s1 = np.where(b > 0.0, w, np.clip(root, 0.0, w))
    s1 = np.where((b == 0.0) & (a <= 0.0), 0.0, s1)
    s1 = np.maximum(s1, s0)
    m0 = s1 - s0
    m1 = 0.5 * (s1 * s1 - s0 * s0)
    m2 = (s1 * s1 * s1 - s0 * s0 * s0) / 3.0
    return m0, m1, m2, s0, s1


def _residual_and_jacobian(u, v, phi, C, Fa, KD, g, jacobian=True, M0=0.0, ks=0.0):
    sL, cL, sM, cM, wL, wM, h, kmed, klat = g
    xc = 0.5 * (wL - wM)  # patellar centre line, lateral of the ridge
    aL, bL, aM, bM = _gf.penetration_coefficients(u, v, phi, np.arcsin(sL), np.arcsin(sM))
    m0L, m1L, m2L, _, _ = _facet_moments(aL, bL, wL)
    m0M, m1M, m2M, _, _ = _facet_moments(aM, bM, wM)
    NL = KD * (aL * m0L + bL * m1L)
    NM = KD * (aM * m0M + bM * m1M)
    ML = KD * (aL * m1L + bL * m2L)  # ∫ s p ds on the lateral facet (moment sign +1)
    MM = KD * (aM * m1M + bM * m2M)  # medial (moment sign −1)
    pos = u > 0.0
    # passive restraints (one-sided) and the ligament's centring (both sides, ks = r F_Q / ℓ)
    Fp = np.where(pos, -kmed * u, -klat * u) - ks * u
    dFp = np.where(pos, -kmed, -klat) - ks
    Fx = Fa + Fp
    R = np.stack([-NL * sL + NM * sM + Fx, NL * cL + NM * cM - C, ML - MM - xc * C - h * Fx + M0])
    if not jacobian:
        return R, None, (NL, NM, aL, bL, aM, bM, m0L, m0M)
    # Jacobian d(R)/d(u, v, phi); dI0/da = m0, dI0/db = m1, dI1/da = m1, dI1/db = m2.
    dNL = (KD * m0L * sL, KD * m0L * cL, -KD * m1L)
    dNM = (-KD * m0M * sM, KD * m0M * cM, KD * m1M)
    dML = (KD * m1L * sL, KD * m1L * cL, -KD * m2L)
    dMM = (-KD * m1M * sM, KD * m1M * cM, KD * m2M)
    zero = np.zeros_like(u)
    dF = (dFp, zero, zero)
    J = [
        [-sL * dNL[j] + sM * dNM[j] + dF[j] for j in range(3)],
        [cL * dNL[j] + cM * dNM[j] for j in range(3)],
        [dML[j] - dMM[j] - h * dF[j] for j in range(3)],
    ]
    return R, J, (NL, NM, aL, bL, aM, bM, m0L, m0M)


def _full_contact_solution(C, F, KD, kr, g, M0=0.0):
    """Closed-form (u, v, φ) when both facets touch over their whole width.

    The system is linear in the unknowns: ``J x = −R0`` with ``J = K D J0 + k_r b e0ᵀ``, where
    ``J0`` is a constant 3×3 matrix of the geometry (both facets in full contact), ``k_r`` the
    stiffness of the engaged passive restraint [N/mm] (0 when slack; it acts on the shift u with
    the lever ``b = (−1, 0, h)``) and ``R0 = (F, −C, −x_c C − h F + M0)``. ``J0⁻¹`` is computed once
    and the restraint enters by the Sherman–Morrison formula, so each state costs a few
    multiply-adds (one Newton step from rest with this Jacobian is exact).
    """
    sL, cL, sM, cM, wL, wM, h, _, _ = g
    xc = 0.5 * (wL - wM)  # load line: the patellar centre
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
    r0, r1, r2 = F, -C, -xc * C - h * F + M0
    y = [inv[i, 0] * r0 + inv[i, 1] * r1 + inv[i, 2] * r2 for i in range(3)]  # J0⁻¹ R0
    KD = np.asarray(KD, dtype=np.float64)
    kr = np.asarray(kr, dtype=np.float64)
    z = inv @ np.array([-1.0, 0.0, h])  # J0⁻¹ b
    gamma = kr / KD
    coef = gamma * y[0] / (1.0 + gamma * z[0])
    # x = J⁻¹ R0 = (y − z coef) / KD; the solution is −x
    return tuple(-(y[i] - z[i] * coef) / KD for i in range(3))


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
    compressive load (C = 0) are out of contact and return zeros.
    """
    C = np.asarray(compression_N, dtype=np.float64)
    F = np.asarray(lateral_load_N, dtype=np.float64)
    A = np.asarray(contact_area_mm2, dtype=np.float64)
    M0 = np.asarray(external_moment_Nmm, dtype=np.float64)
    KS = np.asarray(centring_stiffness_N_mm, dtype=np.float64)
    if np.any(KS < 0):
        raise ValueError(
            "centring_stiffness_N_mm must be >= 0 N/mm (got "
            f"{float(np.nanmin(KS)):g}): it is r F_Q / ℓ, with a quadriceps force F_Q >= 0."
        )
    shape = np.broadcast_shapes(C.shape, F.shape, A.shape, M0.shape, KS.shape)
    C, F, A, M0, KS = (np.broadcast_to(x, shape).ravel() for x in (C, F, A, M0, KS))
    n = C.size
    g = geometry
    aL_r, aM_r = (
        np.radians(g.lateral_facet_inclination_deg),
        np.radians(g.medial_facet_inclination_deg),
    )
    wL = g.articular_width_mm * g.lateral_facet_share
    wM = g.articular_width_mm - wL
    consts = (
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
    K = g.foundation_modulus_N_mm3
    D = A / g.articular_width_mm

    u = np.zeros(n)
    v = np.zeros(n)
    phi = np.zeros(n)
    iters = np.zeros(n, dtype=np.int16)
    # Below a micronewton of compression the patella is taken as out of contact (also keeps
    # denormal loads out of the relative residual).
    loaded = (
        (C > 1e-6) & np.isfinite(C) & np.isfinite(F) & np.isfinite(D) & (D > 0) & np.isfinite(KS)
    )
    idx = np.flatnonzero(loaded)

    if idx.size:
        # 1. Closed form for full contact: the system is linear while both facets touch over their
        #    whole width; solve it with the restraints slack, then again with the restraint that
        #    the sign of that shift engages. States whose solution keeps every facet end in contact
        #    and the shift on the assumed side are exact solutions and need no iteration.
        Ci, Fi, KDi, Mi, KSi = C[idx], F[idx], K * D[idx], M0[idx], KS[idx]
        u0, v0, p0 = _full_contact_solution(Ci, Fi, KDi, KSi, consts, M0=Mi)
        kr = np.where(u0 > 0.0, g.medial_restraint_N_mm, g.lateral_restraint_N_mm) + KSi
        u1, v1, p1 = _full_contact_solution(Ci, Fi, KDi, kr, consts, M0=Mi)
        u[idx], v[idx], phi[idx] = u1, v1, p1
        aL, bL, aM, bM = _gf.penetration_coefficients(u1, v1, p1, aL_r, aM_r)
        exact = (
            (aL >= 0.0)
            & (aL + bL * wL >= 0.0)
            & (aM >= 0.0)
            & (aM + bM * wM >= 0.0)
            & ((u1 > 0.0) == (u0 > 0.0))
        )
        # One facet lifted wholly off: the force balance fixes that facet's normal force and the
        # shift (the engaged restraint takes the rest of the lateral load), the moment balance
        # fixes the centroid s̄ of its pressure, and a linear pressure with that force and centroid
        # is unique (trapezoid if w/3 ≤ s̄ ≤ 2w/3, else a triangle from the ridge or the edge).
        for side in ("lateral", "medial"):
            rest = np.flatnonzero(~exact)
            if not rest.size:
                break
            sol = _single_facet_solution(
                Ci[rest], Fi[rest], KDi[rest], consts, g, side, Mi[rest], KSi[rest]
            )
            if sol is None:
                continue
            uc, vc, pc = sol
            a_l, b_l, a_m, b_m = _gf.penetration_coefficients(uc, vc, pc, aL_r, aM_r)
            if side == "lateral":
                ok = (a_m <= 0) & (a_m + b_m * wM <= 0)
            else:
                ok = (a_l <= 0) & (a_l + b_l * wL <= 0)
            ok &= np.isfinite(uc) & np.isfinite(vc) & np.isfinite(pc)
            hit = idx[rest[ok]]
            u[hit], v[hit], phi[hit] = uc[ok], vc[ok], pc[ok]
            exact[rest[ok]] = True
        # 2. Newton (active set) on the rest, with backtracking. One residual-and-Jacobian
        #    evaluation per iteration: the one at the new point serves both the backtracking test
        #    and the next step.
        active = idx[~exact]
        scale = np.maximum(np.abs(C), np.abs(F))

        def evaluate(where, uu, vv, pp):
            R, J, _ = _residual_and_jacobian(
                uu, vv, pp, C[where], F[where], K * D[where], consts, M0=M0[where], ks=KS[where]
            )
            return R, J, np.max(np.abs(R), axis=0) / scale[where]

        if active.size:
            R, J, res = evaluate(active, u[active], v[active], phi[active])
        for it in range(MAX_NEWTON_ITERATIONS):
            todo = res > RESIDUAL_TOLERANCE if active.size else np.zeros(0, bool)
            if not todo.any():
                break
            active, R, res = active[todo], R[:, todo], res[todo]
            J = [[J[r][c][todo] for c in range(3)] for r in range(3)]
            du, dv, dphi = _solve3(J, (R[0], R[1], R[2]))
            u0, v0, p0 = u[active], v[active], phi[active]
            un, vn, pn = u0 - du, v0 - dv, p0 - dphi
            Rn, Jn, resn = evaluate(active, un, vn, pn)
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
                Rw, Jw, resw = evaluate(active[w], un[w], vn[w], pn[w])
                Rn[:, w], resn[w] = Rw, resw
                for r in range(3):
                    for c in range(3):
                        Jn[r][c][w] = Jw[r][c]
            u[active], v[active], phi[active] = un, vn, pn
            iters[active] = it + 1
            R, J, res = Rn, Jn, resn

    R, _, (NL, NM, aL, bL, aM, bM, m0L, m0M) = _residual_and_jacobian(
        u, v, phi, C, F, K * D, consts, jacobian=False, M0=M0, ks=np.where(loaded, KS, 0.0)
    )
    scale = np.where(loaded, np.maximum(np.abs(C), np.abs(F)), 1.0)
    residual_rel = np.where(loaded, np.max(np.abs(R), axis=0) / scale, 0.0)
    NL = np.where(loaded, NL, 0.0)
    NM = np.where(loaded, NM, 0.0)
    areaL = np.where(loaded, m0L * D, 0.0)
    areaM = np.where(loaded, m0M * D, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        stressL = np.where(areaL > 0, NL / areaL, 0.0)
        stressM = np.where(areaM > 0, NM / areaM, 0.0)
    peak = K * np.maximum.reduce([aL, aL + bL * wL, aM, aM + bM * wM, np.zeros(n)])
    peak = np.where(loaded, peak, 0.0)
    mpfl = np.where(loaded & (u > 0), g.medial_restraint_N_mm * u, 0.0)
    centring = np.where(loaded, KS * u, 0.0)
    nan_in = ~(np.isfinite(C) & np.isfinite(F) & np.isfinite(D) & np.isfinite(KS))
    off_groove = loaded & ((u > wL) | (u < -wM))
    unconverged = loaded & ~(residual_rel <= RESIDUAL_TOLERANCE * 1e3)
    # Outside the model: a patella pushed past a facet's edge (subluxation; the flat-facet contact no
    # longer applies) or a state the solver could not bring to equilibrium. Its facet numbers would
    # be silent wrong numbers, so they are NaN, with one warning per call (flags stay readable).
    invalid = off_groove | unconverged
    message = ""
    if invalid.any():
        message = (
            f"frontal facet model: {int(off_groove.sum())} of {n} states take the patella off the "
            f"groove (shift beyond a facet's width: subluxation) and {int(unconverged.sum())} did "
            "not reach equilibrium; their facet outputs are NaN (see the off_groove flag). In those "
            "states the lateral (or medial) load exceeds what the compression holds on the flat "
            "facet (C tan α) by more than the restraint and the ligament's centring take within the "
            "facet width: the flat groove of this model has no equilibrium there (beyond physiology, "
            "e.g. a retinaculum pull above the MPFL's strength at little quadriceps force; module "
            "docstring)."
        )
        if warn:
            warnings.warn(message, PfsimRangeWarning, stacklevel=3)
    mask = nan_in | invalid
    any_nan = bool(mask.any())

    def out(x):
        if any_nan:
            x = np.where(mask, np.nan, x)
        return x.reshape(shape)

    return {
        "lateral_facet_force_N": out(NL),
        "medial_facet_force_N": out(NM),
        "lateral_contact_width_mm": out(np.where(loaded, m0L, 0.0)),
        "medial_contact_width_mm": out(np.where(loaded, m0M, 0.0)),
        "lateral_facet_area_mm2": out(areaL),
        "medial_facet_area_mm2": out(areaM),
        "lateral_facet_stress_MPa": out(stressL),
        "medial_facet_stress_MPa": out(stressM),
        "peak_pressure_MPa": out(peak),
        "lateral_shift_mm": out(np.where(loaded, u, 0.0)),
        "lateral_tilt_deg": out(np.where(loaded, -np.degrees(phi), 0.0)),
        "depth_mm": out(np.where(loaded, v, 0.0)),
        "medial_restraint_N": out(mpfl),
        "ligament_centring_N": out(centring),
        "medial_unloaded": (loaded & (m0M <= 0.0)).reshape(shape),
        "off_groove": off_groove.reshape(shape),
        "residual_rel": np.where(nan_in, np.nan, residual_rel).reshape(shape),
        "iterations": iters.reshape(shape),
        **({} if warn else {"message": message}),
    }


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
) -> dict:
    """Frontal model for knee states whose sagittal loads are known.

    Checks the frontal inputs (ValueError outside :data:`FRONTAL_INPUT_LIMITS`), computes the lateral
    load and solves the facet contact. The facets carry the sagittal PFJRF plus the posterior part of
    any extra lateral-retinaculum pull (which acts on the lateral border). Returns the dict of
    :func:`solve_facet_contact` plus ``lateral_force_N`` (net active lateral load) and
    ``dynamic_q_angle_deg``; ``warn`` as in :func:`solve_facet_contact`.
    """
    inputs = {
        "q_angle_deg": q_angle_deg,
        "hip_adduction_deg": hip_adduction_deg,
        "femoral_internal_rotation_deg": femoral_internal_rotation_deg,
        "tibial_internal_rotation_deg": tibial_internal_rotation_deg,
        "vmo_activation": vmo_activation,
        "lateral_retinaculum_N": lateral_retinaculum_N,
    }
    arrs = {k: _check(k, v) for k, v in inputs.items()}
    tan_r, cos_x = _lines_of_action(
        knee_flexion_deg,
        arrs["q_angle_deg"],
        arrs["hip_adduction_deg"],
        arrs["femoral_internal_rotation_deg"],
        arrs["tibial_internal_rotation_deg"],
        arrs["vmo_activation"],
        geometry,
    )
    lateral = _lateral_load(
        quad_force_N, tan_r, cos_x, arrs["lateral_retinaculum_N"], force_ratio, geometry
    )
    posterior, moment = _retinaculum_compression_and_moment(arrs["lateral_retinaculum_N"], geometry)
    compression = np.asarray(joint_reaction_force_N, dtype=np.float64) + posterior
    centring = ligament_centring_stiffness_N_mm(quad_force_N, force_ratio, geometry)
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
    return result
