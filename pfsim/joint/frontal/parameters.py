"""Frontal model parameters: the geometry and tissue set, its defaults and accepted input ranges.

Every value carries its source (see :class:`FrontalGeometry` and the references of
:mod:`pfsim.joint.frontal`); the one calibrated number is :data:`CALIBRATED_SCREW_HOME_DEG`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..._checks import as_float_array, check_bounds

__all__ = [
    "QUADRICEPS_HEADS",
    "CALIBRATED_SCREW_HOME_DEG",
    "FrontalGeometry",
    "DEFAULT_FRONTAL_GEOMETRY",
    "FRONTAL_INPUT_LIMITS",
    "DEFAULT_Q_ANGLE_DEG",
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
    groove : str
        ``"flat"`` (default, model v1: the constant Shih 2004 facet inclinations and the linear
        restraints above) or ``"lenhart2015"`` (model v2, :mod:`pfsim.joint.frontal.groove`: facet
        inclinations over flexion and toe-region MPFL / lateral PFL restraints derived from the
        Lenhart et al. 2015 knee; build it with
        :func:`~pfsim.joint.frontal.groove.lenhart2015_geometry`).
    groove_mirrored : bool
        v2 only: the mirror-image knee of the derived (right) knee; set by :meth:`mirrored`.
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
    groove: str = "flat"
    groove_mirrored: bool = False

    def __post_init__(self):
        """Check the groove name (ValueError naming the accepted ones)."""
        if self.groove not in ("flat", "lenhart2015"):
            raise ValueError(
                f"groove must be 'flat' or 'lenhart2015' (got {self.groove!r}): 'flat' is the v1 "
                "two-facet model, 'lenhart2015' the v2 groove of the Lenhart et al. 2015 knee."
            )

    @property
    def foundation_modulus_N_mm3(self) -> float:
        """K = E(1−ν)/((1+ν)(1−2ν)h) [N/mm³] (Bei & Fregly 2004)."""
        E, nu, h = self.cartilage_modulus_MPa, self.cartilage_poisson, self.cartilage_thickness_mm
        return E * (1 - nu) / ((1 + nu) * (1 - 2 * nu) * h)

    def mirrored(self) -> FrontalGeometry:
        """The mirror-image knee (x → −x).

        Facets, widths and restraints swapped, pull angles and the screw-home rotation negated.
        With the inputs negated too (Q-angle, hip adduction,
        rotations, lateral load) every lateral output changes sign and the facets swap.
        """
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
            groove_mirrored=not self.groove_mirrored,
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
    "knee_abduction_per_hip_adduction": (
        0.0,
        1.0,
        "(deg per deg)",
        "The share of hip adduction taken up as knee abduction (FrontalGeometry's default 0.3).",
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


#: The facet solver's float outputs, in the order of the rows of a blocked (numpy) or compiled
#: call's single output array (:mod:`pfsim.joint.frontal.facets`, :mod:`._compiled`).
FACET_FLOAT_OUTPUTS = (
    "lateral_facet_force_N",
    "medial_facet_force_N",
    "lateral_contact_width_mm",
    "medial_contact_width_mm",
    "lateral_facet_area_mm2",
    "medial_facet_area_mm2",
    "lateral_facet_stress_MPa",
    "medial_facet_stress_MPa",
    "peak_pressure_MPa",
    "lateral_shift_mm",
    "lateral_tilt_deg",
    "depth_mm",
    "medial_restraint_N",
    "ligament_centring_N",
    "residual_rel",
)
