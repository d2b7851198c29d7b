"""Knee geometry as named, cited parameter sets.

Each fit is data: its equation, the knee-flexion range of the data behind it, the population, and the
reference. Functions take the fit by name (``fit="connolly2009"``); an unknown name raises a
``ValueError`` that lists the known ones.

Sign conventions (used throughout pfsim)
----------------------------------------
- knee flexion positive, 0 deg at full extension;
- knee extension moment positive (an internal moment that extends the knee);
- hip adduction positive; internal rotation positive; lateral positive;
- sagittal vectors in a femoral frame: x anterior, y proximal along the femoral shaft.

Validity
--------
Outside a fit's data range the value is NaN and one :class:`~pfsim.PfsimRangeWarning` is issued per
call, unless ``extrapolate`` chooses otherwise:

``"nan"`` (default)
    NaN outside the range, one warning.
``"clip"``
    the angle is clipped to the range first (the fit's edge value is held).
``"extend"``
    the fit's equation is evaluated beyond its data (no warning; the caller takes responsibility),
    except where the extended equation gives a physically impossible value: a lever arm or contact
    area ≤ 0, or a k ratio ≤ 0, above 2 (the pulley bound) or beyond the pole of its denominator
    (128.2 deg for ``brechter2002``). There the value is NaN and the call issues one warning, because a number
    would be silently wrong (a negative k would, for instance, turn into a zero PFJRF).
``"raise"``
    a ``ValueError``.

Choosing a contact-area fit
---------------------------
The package default, :data:`DEFAULT_CONTACT_AREA_FIT` (``kernozek2015``; also
``pfsim.joint.model.DEFAULT_AREA_FIT``, ``pfsim.gait.STANCE_AREA_FIT`` and the CLI's
``--area-fit``), is the only fit here with published data over the whole 0-90 deg of the lever-arm
and k fits: the Kernozek et al. 2015 cubic refit of the Powers et al. 1998 cadaver areas (Fuji film,
quadriceps loaded), which Kernozek 2015 use to 90 deg. Running reaches about 46 deg at the preferred
condition and up to 70 deg in a runners' box (2.4-5.4 m/s, 150-195 steps/min, ±8°), inside both
the 0-90 deg stated for the refit and the 0-75 deg of the ``powers1998`` quartic. Weighed against it:

- ``connolly2009`` (MRI, 0-45 deg) and ``salsich2003`` / ``besier2005`` (in-vivo MRI, 0-60 deg) are
  measured in living knees but stop before deep stance flexion; Salsich's 70-90 deg branch ("via
  Escamilla") has no data behind it.
- Huberti & Hayes 1984 (J Bone Joint Surg Am 66:715; 12 cadaver knees, 20-120 deg, Fuji film) is
  the classic cadaver set to 120 deg, but its abstract gives pressures, not areas, and the areas
  could not be read in this session: not transcribed.
- In-vivo dynamic biplane-radiography areas (daily activities, 0-120 deg) rise to about 60 deg and
  fall beyond (abstract; no numbers transcribed).
- No composite was built: joining an in-vivo 0-60 deg fit to a cadaver curve beyond 60 deg would be
  a pfsim construction with a step in the level (the MRI areas at 45 deg are 1.4-1.9 × the
  kernozek2015 area).

The choice sets the *level* of the stress (about 1.4 × the ``salsich2003`` stress at 46 deg, because
cadaver Fuji-film areas are smaller than in-vivo MRI areas) far more than its changes with flexion
(the relative slope of the area, 1.0 %/deg for ``kernozek2015`` vs 1.2 %/deg for ``salsich2003`` at
46 deg). Pass ``area_fit=`` (CLI ``--area-fit``) to use an in-vivo fit inside its range.

References
----------
.. [vanEijden1985] van Eijden TMGJ, de Boer W, Weijs WA (1985). The orientation of the distal part
   of the quadriceps femoris muscle as a function of the knee flexion-extension angle. J Biomech
   18(10):803-809. doi:10.1016/0021-9290(85)90055-9
.. [vanEijden1986] van Eijden TMGJ, Kouwenhoven E, Verburg J, Weijs WA (1986). A mathematical model
   of the patellofemoral joint. J Biomech 19(3):219-229. doi:10.1016/0021-9290(86)90154-5
.. [Whyte2010] Whyte EF, Moran K, Shortt CP, Marshall B (2010). The influence of reduced hamstring
   length on patellofemoral joint stress during squatting in healthy male adults. Gait Posture
   31(1):47-51. doi:10.1016/j.gaitpost.2009.08.243
.. [Brechter2002] Brechter JH, Powers CM (2002). Patellofemoral stress during walking in persons with
   and without patellofemoral pain. Med Sci Sports Exerc 34(10):1582-1593; k(theta) as printed in
   Kernozek 2015 and Nunes 2018 ("Formula 1"); see also Brechter & Powers 2002 Gait Posture 16:115.
.. [Huberti1984] Huberti HH, Hayes WC (1984). Patellofemoral contact pressures. The influence of
   q-angle and tendofemoral contact. J Bone Joint Surg Am 66(5):715-724 (abstract read).
.. [Kernozek2015] Kernozek TW, Vannatta CN, van den Bogert AJ (2015). Comparison of two methods of
   determining patellofemoral joint stress during dynamic activities. Gait Posture 42(2):218-222.
   doi:10.1016/j.gaitpost.2015.05.017
.. [Nunes2018] Nunes GS, et al. (2018). Methods to calculate patellofemoral joint stress: a systematic
   review. Gait Posture 61:188-196. doi:10.1016/j.gaitpost.2018.01.008 (Table 4)
.. [Connolly2009] Connolly KD, Ronsky JL, Westover LM, Kupper JC, Frayne R (2009). Differences in
   patellofemoral contact mechanics associated with patellofemoral pain syndrome. J Biomech
   42(16):2802-2807. doi:10.1016/j.jbiomech.2009.07.033
.. [Powers1998] Powers CM, Lilley JC, Lee TQ (1998). The effects of axial and multi-plane loading of
   the extensor mechanism on the patellofemoral joint. Clin Biomech 13(8):616-624.
   doi:10.1016/S0268-0033(98)00071-9
.. [Salsich2003] Salsich GB, Ward SR, Terk MR, Powers CM (2003). In vivo assessment of patellofemoral
   joint contact area in individuals who are pain free. Clin Orthop Relat Res 417:277-284.
   doi:10.1097/01.blo.0000093024.56370.79
.. [Besier2005] Besier TF, Draper CE, Gold GE, Beaupre GS, Delp SL (2005). Patellofemoral joint
   contact area increases with knee flexion and weight-bearing. J Orthop Res 23(2):345-350.
   doi:10.1016/j.orthres.2004.08.003
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .._checks import PfsimRangeWarning, warn

__all__ = [
    "Fit",
    "LEVER_ARM_FITS",
    "K_RATIO_FITS",
    "CONTACT_AREA_FITS",
    "PATELLAR_LIGAMENT_ANGLE_FITS",
    "EXTRAPOLATE_CHOICES",
    "get_fit",
    "quadriceps_lever_arm_mm",
    "k_ratio",
    "contact_area_mm2",
    "patellar_ligament_angle_deg",
    "BESIER2005_WEIGHT_BEARING_FACTOR",
    "RANGE_FIX",
    "join_range_messages",
    "DEFAULT_CONTACT_AREA_FIT",
]

EXTRAPOLATE_CHOICES = ("nan", "clip", "extend", "raise")

#: The package's one default contact-area fit (module docstring, "Choosing a contact-area fit"):
#: Kernozek et al. 2015, data 0-90 deg. ``pfsim.joint.model.DEFAULT_AREA_FIT`` and
#: ``pfsim.gait.STANCE_AREA_FIT`` equal it (a test checks).
DEFAULT_CONTACT_AREA_FIT = "kernozek2015"

#: The fix offered by every "outside the data range" message (stated once when messages are merged).
RANGE_FIX = "Pass extrapolate='clip' or 'extend' to fill them."


def join_range_messages(messages) -> str:
    """Merge warning messages into one text for a single warning.

    Out-of-range messages that end with :data:`RANGE_FIX` are joined with "; " and the fix is stated
    once at the end; every other message follows as its own sentence.

    Examples
    --------
    >>> join_range_messages(["a: NaN there. " + RANGE_FIX, "b: NaN there. " + RANGE_FIX, "c."])
    "a: NaN there; b: NaN there. Pass extrapolate='clip' or 'extend' to fill them. c."
    """
    ranged, other = [], []
    for m in messages:
        m = (m or "").strip()
        if not m:
            continue
        if m.endswith(RANGE_FIX):
            ranged.append(m[: -len(RANGE_FIX)].rstrip().rstrip("."))
        else:
            other.append(m if m.endswith((".", "!", "?")) else m + ".")
    parts = ["; ".join(ranged) + ". " + RANGE_FIX] if ranged else []
    return " ".join(parts + other)


def _horner(coeffs_high_first: tuple[float, ...]) -> Callable[[np.ndarray], np.ndarray]:
    """A polynomial in theta [deg] evaluated by Horner's rule (one multiply-add per coefficient)."""
    c = tuple(float(v) for v in coeffs_high_first)

    def poly(theta: np.ndarray) -> np.ndarray:
        out = np.full_like(theta, c[0]) if c[0] != 0 else np.zeros_like(theta)
        for ci in c[1:]:
            out *= theta
            out += ci
        return out

    return poly


@dataclass(frozen=True)
class Fit:
    """One named fit of a knee quantity against knee flexion [deg].

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"connolly2009"``.
    quantity : str
        What it returns, with its unit in the name (``"contact_area_mm2"``).
    equation : str
        The equation as used (theta in degrees).
    valid_range_deg : tuple of float
        Knee-flexion range of the data behind the fit [deg].
    population : str
        Who or what was measured.
    reference : str
        Author, year, journal, table/figure.
    func : callable
        Vectorised evaluation of the equation, theta [deg] -> quantity.
    possible : callable or None
        ``possible(theta, values)`` -> bool array, False where a value is physically impossible (a
        lever arm or area ≤ 0, ...). Checked only where ``extrapolate="extend"`` evaluates the
        equation beyond its data (inside the data every fit is possible: a test checks it).
    impossible_note : str
        What "impossible" means for this fit, for the warning.
    """

    name: str
    quantity: str
    equation: str
    valid_range_deg: tuple[float, float]
    population: str
    reference: str
    func: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    possible: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(
        default=None, repr=False
    )
    impossible_note: str = ""

    def evaluate(
        self,
        knee_flexion_deg: np.ndarray,
        extrapolate: str = "nan",
        theta_min: float | None = None,
        theta_max: float | None = None,
    ) -> tuple[np.ndarray, str | None]:
        """Evaluate on a float array; return ``(values, message)``.

        ``message`` is None when every value is inside the range (or was clipped or extended to a
        possible value), otherwise a sentence for the caller's single warning. ``theta_min`` and
        ``theta_max`` may be passed when the caller already knows them (saves two passes on big arrays).
        """
        _check_extrapolate(extrapolate)
        theta = knee_flexion_deg
        lo, hi = self.valid_range_deg
        if theta.size == 0:
            return self.func(theta), None
        tmin = float(theta.min()) if theta_min is None else theta_min
        tmax = float(theta.max()) if theta_max is None else theta_max
        inside = lo <= tmin and tmax <= hi
        if inside:
            return self.func(theta), None
        if extrapolate == "extend":
            return self._impossible_to_nan(theta, self.func(theta))
        if extrapolate == "clip":
            return self.func(np.clip(theta, lo, hi)), None
        outside = (theta < lo) | (theta > hi)
        n_out = int(outside.sum())
        msg = (
            f"{self.name} ({self.quantity}) is fitted on {lo:g}-{hi:g} deg knee flexion; "
            f"{n_out} of {theta.size} angles lie outside (min {tmin:g}, max {tmax:g})"
        )
        if extrapolate == "raise":
            raise ValueError(msg + ". Pass extrapolate='clip' or 'extend', or choose another fit.")
        values = self.func(theta)
        values[outside] = np.nan
        return values, msg + ": NaN there. " + RANGE_FIX

    def _impossible_to_nan(
        self, theta: np.ndarray, values: np.ndarray
    ) -> tuple[np.ndarray, str | None]:
        """NaN where the extended equation gives an impossible value; the sentence that says so."""
        if self.possible is None:
            return values, None
        bad = ~self.possible(theta, values)
        if not bad.any():
            return values, None
        lo, hi = self.valid_range_deg
        tb = theta[bad]
        values[bad] = np.nan
        bmin, bmax = float(tb.min()), float(tb.max())
        where = f"{bmin:g} deg" if bmin == bmax else f"{bmin:g} to {bmax:g} deg"
        return values, (
            f"{self.name} ({self.quantity}) extended beyond its {lo:g}-{hi:g} deg data gives "
            f"impossible values ({self.impossible_note}) at {tb.size} of {theta.size} angles "
            f"({where}): NaN there. Choose a fit whose data cover these angles, or pass "
            "extrapolate='clip'."
        )

    def __call__(self, knee_flexion_deg, extrapolate: str = "nan") -> np.ndarray:
        """Evaluate at ``knee_flexion_deg`` [deg] (scalar or array); NaN + one warning out of range."""
        theta = np.asarray(knee_flexion_deg, dtype=np.float64)
        values, msg = self.evaluate(np.atleast_1d(theta), extrapolate)
        if msg:
            warn(msg, PfsimRangeWarning)
        return values.reshape(theta.shape) if theta.ndim else values[0]


def _check_extrapolate(extrapolate: str) -> None:
    if extrapolate not in EXTRAPOLATE_CHOICES:
        raise ValueError(
            f"extrapolate must be one of {', '.join(map(repr, EXTRAPOLATE_CHOICES))} "
            f"(got {extrapolate!r})."
        )


def get_fit(registry: dict[str, Fit], name: str, what: str) -> Fit:
    """Look ``name`` up in ``registry``; an unknown name raises ValueError listing the known ones."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(registry))
        raise ValueError(f"unknown {what} {name!r}; known names: {known}.") from None


# --------------------------------------------------------------------------------------------------
# Quadriceps effective lever arm L(theta) [mm]
# --------------------------------------------------------------------------------------------------
def _mm(poly_m: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    def f(theta: np.ndarray) -> np.ndarray:
        out = poly_m(theta)
        out *= 1000.0
        return out

    return f


def _positive(theta: np.ndarray, values: np.ndarray) -> np.ndarray:
    return values > 0.0


_LEVER_NOTE = "lever arm <= 0 mm"
_AREA_NOTE = "contact area <= 0 mm²"


LEVER_ARM_FITS: dict[str, Fit] = {
    "vaneijden1986": Fit(
        name="vaneijden1986",
        quantity="quadriceps_lever_arm_mm",
        equation="L [m] = 8.0e-8 θ³ − 1.3e-5 θ² + 2.8e-4 θ + 0.046",
        valid_range_deg=(0.0, 90.0),
        population="cadaver knees (van Eijden 1985/1986 data); metre form",
        reference=(
            "van Eijden et al. 1986 J Biomech 19:219, as used by Kernozek 2015 and Nunes 2018. The "
            "printed form '8.0E-05x^3 - 0.013x^2 + 0.28x + 0.046' is dimensionally inconsistent; this "
            "is the consistent metre form (46.0, 44.9, 33.3, 24.2 mm at 0, 30, 60, 90 deg). Range 0-90 deg "
            "as used by Kernozek 2015 and Nunes 2018 (the original data range was not re-checked)."
        ),
        func=_mm(_horner((8.0e-8, -1.3e-5, 2.8e-4, 0.046))),
        possible=_positive,
        impossible_note=_LEVER_NOTE,
    ),
    "whyte2010": Fit(
        name="whyte2010",
        quantity="quadriceps_lever_arm_mm",
        equation="L [m] = 8e-8 θ³ − 1.29e-5 θ² + 2.8e-4 θ + 0.0462",
        valid_range_deg=(0.0, 90.0),
        population="van Eijden 1986 data as printed by Whyte et al. 2010 (squatting study)",
        reference="Whyte et al. 2010 Gait Posture 31:47 (coefficients within 1 mm of vaneijden1986)",
        func=_mm(_horner((8e-8, -1.29e-5, 2.8e-4, 0.0462))),
        possible=_positive,
        impossible_note=_LEVER_NOTE,
    ),
}


# --------------------------------------------------------------------------------------------------
# k(theta) = PFJRF / F_Q
# --------------------------------------------------------------------------------------------------
_k_num = _horner((-3.84e-5, 1.47e-3, 0.462))
_k_den = _horner((-6.98e-7, 1.55e-4, -1.62e-2, 1.0))


def _k_brechter(theta: np.ndarray) -> np.ndarray:
    out = _k_num(theta)
    out /= _k_den(theta)
    return out


#: The only real root of the brechter2002 denominator [deg] (numpy.roots of its cubic): k has a pole
#: there, is negative just beyond it and positive again (both polynomials negative) past 130.5 deg.
K_BRECHTER_POLE_DEG = 128.194


#: Upper bound of k = PFJRF / F_Q [-]: with equal tendon forces the patella is a frictionless pulley
#: and PFJRF = 2 F_Q cos(β/2) ≤ 2 F_Q (β the angle between the tendon lines; textbook statics, the
#: same free body as :mod:`pfsim.derivations.two_tendon` with force ratio 1). Extended values above it
#: (the fit's run-up to its pole: 2.0 is passed near 126.7°) are impossible, not extrapolations.
K_RATIO_MAX = 2.0


def _k_brechter_possible(theta: np.ndarray, k: np.ndarray) -> np.ndarray:
    # The denominator is positive below its only real root: below the pole and 0 < k <= 2 is the
    # branch the fit describes; at and beyond the pole, or above the pulley bound, the numbers mean
    # nothing.
    return (_k_den(theta) > 0.0) & (k > 0.0) & (k <= K_RATIO_MAX)


K_RATIO_FITS: dict[str, Fit] = {
    "brechter2002": Fit(
        name="brechter2002",
        quantity="k_ratio",
        equation=(
            "k = (0.462 + 1.47e-3 θ − 3.84e-5 θ²) / (1 − 1.62e-2 θ + 1.55e-4 θ² − 6.98e-7 θ³)"
        ),
        valid_range_deg=(0.0, 90.0),
        population="fit to van Eijden 1986 model output",
        reference=(
            "Brechter & Powers 2002, as printed in Kernozek 2015 and Nunes 2018 ('Formula 1'; the "
            "majority form). Rejected variants: '+0.0162θ' in the denominator, '1.47e-3 θ²' in the "
            "numerator, exponent-shifted forms. k = 0.462, 0.743, 0.947, 0.981 at 0, 30, 60, 90 deg."
        ),
        func=_k_brechter,
        possible=_k_brechter_possible,
        impossible_note=(
            f"k <= 0, k > {K_RATIO_MAX:g} (a frictionless pulley gives at most 2), or at/beyond "
            f"the pole of its denominator at {K_BRECHTER_POLE_DEG:g} deg"
        ),
    ),
}


# --------------------------------------------------------------------------------------------------
# Contact area CA(theta) [mm^2]
# --------------------------------------------------------------------------------------------------
#: Besier et al. 2005: mean contact area rose by 24 % from 0.15 BW to weight bearing (0.45 BW per leg).
BESIER2005_WEIGHT_BEARING_FACTOR = 1.24

_BESIER_ANGLES = np.array([0.0, 30.0, 60.0])
# Males 210, 414, 520 mm^2; females similar at 0 deg (the male value is used), 269 and 396 at 30 and
# 60 deg (Besier 2005, abstract). "besier2005" is the mean of the two sexes.
_BESIER_MALE = np.array([210.0, 414.0, 520.0])
_BESIER_FEMALE = np.array([210.0, 269.0, 396.0])


def _interp(xs: np.ndarray, ys: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    def f(theta: np.ndarray) -> np.ndarray:
        # np.interp holds the edge values; out-of-range is handled by Fit.evaluate.
        return np.interp(theta, xs, ys)

    return f


def _salsich(theta: np.ndarray) -> np.ndarray:
    # 3.55θ + 135 on 0-60 deg (measured); 2.81θ + 176 on 70-90 deg (printed via Escamilla, no data
    # behind it). No fit covers 60-70 deg: pfsim joins the two end values (348 mm^2 at 60,
    # 372.7 mm^2 at 70) by a straight line (a pfsim choice).
    low = 3.55 * theta + 135.0
    high = 2.81 * theta + 176.0
    a60, a70 = 3.55 * 60 + 135.0, 2.81 * 70 + 176.0
    bridge = a60 + (theta - 60.0) * (a70 - a60) / 10.0
    return np.where(theta <= 60.0, low, np.where(theta >= 70.0, high, bridge))


CONTACT_AREA_FITS: dict[str, Fit] = {
    "connolly2009": Fit(
        name="connolly2009",
        quantity="contact_area_mm2",
        equation="CA = 0.0781 θ² + 0.6763 θ + 151.75",
        valid_range_deg=(0.0, 45.0),
        population="MRI, 10 healthy + 10 patellofemoral-pain women",
        reference=(
            "Connolly et al. 2009 J Biomech 42:2802; as printed in Nunes 2018 Table 4; data range "
            "0-45 deg as given in ../shared/REFERENCES.md (not re-checked against the full text)"
        ),
        func=_horner((0.0781, 0.6763, 151.75)),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "powers1998": Fit(
        name="powers1998",
        quantity="contact_area_mm2",
        equation="CA = 2.0e-5 θ⁴ − 0.0033 θ³ + 0.1099 θ² + 3.5273 θ + 81.058",
        valid_range_deg=(0.0, 75.0),
        population="6 cadaver knees",
        reference=(
            "Powers, Lilley & Lee 1998 Clin Biomech 13:616; Nunes 2018 Table 4. Note the minus on "
            "θ³: public code has a plus, which gives 1660 mm² at 60 deg instead of 234.7."
        ),
        func=_horner((2.0e-5, -0.0033, 0.1099, 3.5273, 81.058)),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "kernozek2015": Fit(
        name="kernozek2015",
        quantity="contact_area_mm2",
        equation="CA = −0.0001 θ³ − 0.0082 θ² + 3.5071 θ + 73.81",
        valid_range_deg=(0.0, 90.0),
        population=(
            "refit of the Powers et al. 1998 cadaver areas (6 knees, Fuji film, quadriceps loaded) "
            "for squatting"
        ),
        reference=(
            "Kernozek et al. 2015 Gait Posture 42:218 (full text read, via ../shared/REFERENCES.md "
            "§1), used there to 90 deg; 73.8, 168.9, 233.1, 250.1 mm² at 0, 30, 60, 90 deg. The "
            "package default (DEFAULT_CONTACT_AREA_FIT)."
        ),
        func=_horner((-0.0001, -0.0082, 3.5071, 73.81)),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "salsich2003": Fit(
        name="salsich2003",
        quantity="contact_area_mm2",
        equation=(
            "CA = 3.55 θ + 135 (0–60°, measured); with extrapolate='extend': a straight line to "
            "2.81 θ + 176 (70–90°, the branch printed via Escamilla)"
        ),
        valid_range_deg=(0.0, 60.0),
        population="MRI at 0, 20, 40, 60 deg, 10 pain-free adults (6 F, 4 M)",
        reference=(
            "Salsich et al. 2003 Clin Orthop 417:277 (imaged 0-60 deg only, abstract), as printed via "
            "Escamilla. The 70-90 deg branch has no Salsich 2003 data behind it and the 60-70 deg "
            "bridge is a pfsim choice: both are reached only with extrapolate='extend'."
        ),
        func=_salsich,
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "besier2005": Fit(
        name="besier2005",
        quantity="contact_area_mm2",
        equation="linear interpolation of the male/female mean: 210, 341.5, 458 mm² at 0, 30, 60°",
        valid_range_deg=(0.0, 60.0),
        population="in-vivo open MRI at 0, 30, 60 deg, 8 M + 8 F, 0.15 BW (sex mean)",
        reference="Besier et al. 2005 J Orthop Res 23:345 (abstract values)",
        func=_interp(_BESIER_ANGLES, 0.5 * (_BESIER_MALE + _BESIER_FEMALE)),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "besier2005_male": Fit(
        name="besier2005_male",
        quantity="contact_area_mm2",
        equation="linear interpolation: 210, 414, 520 mm² at 0, 30, 60°",
        valid_range_deg=(0.0, 60.0),
        population="in-vivo open MRI, 8 males, 0.15 BW",
        reference="Besier et al. 2005 J Orthop Res 23:345 (abstract values)",
        func=_interp(_BESIER_ANGLES, _BESIER_MALE),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
    "besier2005_female": Fit(
        name="besier2005_female",
        quantity="contact_area_mm2",
        equation="linear interpolation: 210, 269, 396 mm² at 0, 30, 60° (0° as males: 'similar')",
        valid_range_deg=(0.0, 60.0),
        population="in-vivo open MRI, 8 females, 0.15 BW",
        reference="Besier et al. 2005 J Orthop Res 23:345 (abstract values)",
        func=_interp(_BESIER_ANGLES, _BESIER_FEMALE),
        possible=_positive,
        impossible_note=_AREA_NOTE,
    ),
}


# --------------------------------------------------------------------------------------------------
# Patellar-ligament angle to the tibial long axis [deg]
# --------------------------------------------------------------------------------------------------
_VAN_EIJDEN_1985_ANGLES = np.arange(0.0, 121.0, 10.0)
_VAN_EIJDEN_1985_PL = np.array(
    [20.62, 19.19, 15.88, 13.74, 11.61, 8.29, 4.98, 1.90, -1.90, -6.64, -9.72, -13.74, -17.30]
)

PATELLAR_LIGAMENT_ANGLE_FITS: dict[str, Fit] = {
    "vaneijden1985": Fit(
        name="vaneijden1985",
        quantity="patellar_ligament_angle_deg",
        equation="linear interpolation of the digitised curve, 0-120 deg in 10 deg steps",
        valid_range_deg=(0.0, 120.0),
        population="cadaver knees",
        reference=(
            "van Eijden et al. 1985 J Biomech 18:803 Fig. 3, digitised values as in public code "
            "(gurchiek/nms-dyn patellarLigamentAngle.m). Positive: the ligament leans anteriorly "
            "from the tibial tubercle up to the patella."
        ),
        func=_interp(_VAN_EIJDEN_1985_ANGLES, _VAN_EIJDEN_1985_PL),
    ),
}


# --------------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------------
def _public(registry: dict[str, Fit], what: str, knee_flexion_deg, fit: str, extrapolate: str):
    from .._checks import as_float_array, check_angle_deg

    theta = as_float_array(knee_flexion_deg, "knee_flexion_deg")
    check_angle_deg(theta)
    f = get_fit(registry, fit, what)
    values, msg = f.evaluate(np.atleast_1d(theta), extrapolate)
    if msg:
        warn(msg, PfsimRangeWarning)
    return values.reshape(theta.shape) if theta.ndim else values[0]


def quadriceps_lever_arm_mm(knee_flexion_deg, fit: str = "vaneijden1986", extrapolate: str = "nan"):
    """Quadriceps effective lever arm about the knee [mm].

    Parameters
    ----------
    knee_flexion_deg : array_like
        Knee flexion [deg], 0 at full extension.
    fit : str
        A key of :data:`LEVER_ARM_FITS` (``"vaneijden1986"``, ``"whyte2010"``).
    extrapolate : {"nan", "clip", "extend", "raise"}
        Outside the fit's data range (0-90 deg); see the module docstring.

    Returns
    -------
    numpy.ndarray or float
        Lever arm [mm], same shape as the input.

    Notes
    -----
    ``L = 8.0e-8 θ³ − 1.3e-5 θ² + 2.8e-4 θ + 0.046`` [m], θ in degrees (van Eijden et al. 1986, in
    the dimensionally consistent form; see ``../shared/REFERENCES.md`` §1).

    Examples
    --------
    >>> round(float(quadriceps_lever_arm_mm(45.0)), 2)
    39.57
    """
    return _public(LEVER_ARM_FITS, "lever-arm fit", knee_flexion_deg, fit, extrapolate)


def k_ratio(knee_flexion_deg, fit: str = "brechter2002", extrapolate: str = "nan"):
    """Ratio k(θ) = PFJRF / quadriceps force [dimensionless].

    Parameters
    ----------
    knee_flexion_deg : array_like
        Knee flexion [deg].
    fit : str
        A key of :data:`K_RATIO_FITS` (``"brechter2002"``).
    extrapolate : {"nan", "clip", "extend", "raise"}
        Outside 0-90 deg; see the module docstring.

    Notes
    -----
    ``k = (0.462 + 1.47e-3 θ − 3.84e-5 θ²) / (1 − 1.62e-2 θ + 1.55e-4 θ² − 6.98e-7 θ³)``
    (Brechter & Powers 2002, "Formula 1" of Nunes et al. 2018; Kernozek et al. 2015).

    Examples
    --------
    >>> round(float(k_ratio(90.0)), 3)
    0.981
    """
    return _public(K_RATIO_FITS, "k-ratio fit", knee_flexion_deg, fit, extrapolate)


def contact_area_mm2(
    knee_flexion_deg,
    fit: str = DEFAULT_CONTACT_AREA_FIT,
    extrapolate: str = "nan",
    weight_bearing: bool = False,
):
    """Patellofemoral contact area [mm²] from a named fit.

    Parameters
    ----------
    knee_flexion_deg : array_like
        Knee flexion [deg].
    fit : str
        A key of :data:`CONTACT_AREA_FITS`: ``kernozek2015`` (default,
        :data:`DEFAULT_CONTACT_AREA_FIT`, data 0-90 deg), ``connolly2009``, ``powers1998``,
        ``salsich2003``, ``besier2005`` (mean of sexes), ``besier2005_male``, ``besier2005_female``.
    extrapolate : {"nan", "clip", "extend", "raise"}
        Outside the fit's data range; see the module docstring.
    weight_bearing : bool
        Multiply a Besier 2005 area by :data:`BESIER2005_WEIGHT_BEARING_FACTOR` (1.24, the mean
        increase with weight bearing, Besier et al. 2005). Only defined for the ``besier2005`` fits.

    Examples
    --------
    >>> round(float(contact_area_mm2(60.0, fit="powers1998")), 1)
    234.7
    """
    area = _public(CONTACT_AREA_FITS, "contact-area fit", knee_flexion_deg, fit, extrapolate)
    if weight_bearing:
        if not fit.startswith("besier2005"):
            raise ValueError(
                "weight_bearing=True applies the Besier 2005 weight-bearing factor and is only "
                f"defined for the besier2005 fits (got fit={fit!r})."
            )
        area = area * BESIER2005_WEIGHT_BEARING_FACTOR
    return area


def patellar_ligament_angle_deg(
    knee_flexion_deg, fit: str = "vaneijden1985", extrapolate: str = "nan"
):
    """Angle of the patellar ligament to the tibial long axis [deg] (van Eijden et al. 1985 Fig. 3).

    Positive when the ligament leans anteriorly going from the tibial tubercle up to the patella.

    Examples
    --------
    >>> float(patellar_ligament_angle_deg(0.0))
    20.62
    """
    return _public(
        PATELLAR_LIGAMENT_ANGLE_FITS,
        "patellar-ligament-angle fit",
        knee_flexion_deg,
        fit,
        extrapolate,
    )
