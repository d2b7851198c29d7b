"""Spring-mass model of running stance: the closed-form sine wave and the ODE cross-check.

Sign and frame conventions
--------------------------
Sagittal plane of the running surface: ``x`` forward along the surface, ``z`` normal to it (up on
level ground). The spring-mass contact point is the origin; time runs from foot strike (0) to toe-off
(``contact_time_s``). On level ground "vertical" and "normal" coincide.

References
----------
.. [Morin2005] Morin JB, Dalleau G, Kyröläinen H, Jeannin T, Belli A (2005). A simple method for
   measuring stiffness during running. J Appl Biomech 21(2):167-180. doi:10.1123/jab.21.2.167
.. [vanOeveren2021] van Oeveren BT, de Ruiter CJ, Beek PJ, van Dieën JH (2021). The biomechanics of
   running and running styles: a synthesis. Sports Biomech. doi:10.1080/14763141.2021.1873411
   (duty factor ≈ 0.45 at 8 km/h falling to ≈ 0.28 at 20 km/h; ``../shared/REFERENCES.md`` §3b).
.. [JSSM2025] Rearfoot-striker baseline at 10 km/h, J Sports Sci Med 2025 (jssm-24-747), Table 1:
   contact time 0.25 ± 0.02 s, 1569 ± 131 steps per mile (``../shared/REFERENCES.md`` §3).
.. [Blickhan1989] Blickhan R (1989). The spring-mass model for running and hopping. J Biomech
   22(11-12):1217-1227. doi:10.1016/0021-9290(89)90224-8
.. [Winter2009] Winter DA (2009). Biomechanics and Motor Control of Human Movement, 4th ed., Wiley,
   Fig. 4.1 (segment lengths as fractions of height, after Drillis & Contini 1966).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._checks import PfsimRangeWarning, as_float_array, check_broadcast, renamed_arguments, warn
from ..constants import G_M_S2  # standard gravity [m/s²], importable from here as before

__all__ = [
    "G_M_S2",
    "LEG_LENGTH_FRACTION",
    "DUTY_FACTOR_REFERENCE",
    "DUTY_FACTOR_ZERO_SPEED_M_S",
    "duty_factor",
    "contact_time_s",
    "CONTACT_TIME_STEP_RATE_EXPONENT",
    "preferred_step_rate_spm",
    "VAN_OEVEREN_2019",
    "sine_wave_stance",
    "SineWaveStance",
    "spring_mass_ode_stance",
    "periodic_spring_mass_gait",
    "SpringMassGait",
]


#: Leg length (greater trochanter height) as a fraction of body height: 0.53 H (Morin et al. 2005,
#: after Winter's anthropometry; Winter 2009 Fig. 4.1 gives 0.530 H for the greater trochanter).
LEG_LENGTH_FRACTION = 0.530

#: Duty-factor relation (contact time / stride time), see :func:`duty_factor`.
DUTY_FACTOR_REFERENCE = {
    # van Oeveren 2021 review: 0.45 at 8 km/h -> 0.28 at 20 km/h (shape of the speed dependence).
    "review_speeds_m_s": (8.0 / 3.6, 20.0 / 3.6),
    "review_duty_factors": (0.45, 0.28),
    # JSSM 2025 Table 1 (preferred, 10 km/h): t_c 0.25 s, 1569 steps/mile -> step length 1.0257 m,
    # step time 0.3692 s, duty factor 0.25 / (2 * 0.3692) = 0.3386 (the level of the relation).
    "anchor_speed_m_s": 10.0 / 3.6,
    "anchor_contact_time_s": 0.25,
    "anchor_steps_per_mile": 1569.0,
    "valid_speed_m_s": (8.0 / 3.6, 20.0 / 3.6),
}


def _review_duty_factor(speed_m_s):
    (v0, v1), (d0, d1) = (
        DUTY_FACTOR_REFERENCE["review_speeds_m_s"],
        DUTY_FACTOR_REFERENCE["review_duty_factors"],
    )
    return d0 + (np.asarray(speed_m_s, dtype=float) - v0) * (d1 - d0) / (v1 - v0)


def _anchor_duty_factor() -> float:
    ref = DUTY_FACTOR_REFERENCE
    step_length_m = 1609.344 / ref["anchor_steps_per_mile"]
    step_time_s = step_length_m / ref["anchor_speed_m_s"]
    return ref["anchor_contact_time_s"] / (2.0 * step_time_s)


_DF_SCALE = _anchor_duty_factor() / float(
    _review_duty_factor(DUTY_FACTOR_REFERENCE["anchor_speed_m_s"])
)


#: Speed [m/s] at which the extended duty-factor line reaches 0 (contact time 0): ≈ 11.0 m/s.
DUTY_FACTOR_ZERO_SPEED_M_S = float(
    DUTY_FACTOR_REFERENCE["review_speeds_m_s"][0]
    + DUTY_FACTOR_REFERENCE["review_duty_factors"][0]
    * np.diff(DUTY_FACTOR_REFERENCE["review_speeds_m_s"])[0]
    / -np.diff(DUTY_FACTOR_REFERENCE["review_duty_factors"])[0]
)


def _possible_duty_factor(df):
    """The extended line where it describes running: ``0 < DF ≤ 0.5``, else NaN and one warning.

    A duty factor of 0 or less is a contact time of 0 or less (the line crosses 0 near 11 m/s);
    above 0.5 the contact would outlast the step (no flight phase: walking, not running). Neither
    is a running stance, so those speeds give NaN and one :class:`~pfsim.PfsimRangeWarning`.
    """
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        impossible = ~((df > 0.0) & (df <= 0.5)) & ~np.isnan(df)
    if impossible.any():
        warn(
            f"the contact-time relation extended beyond its 8-20 km/h data gives no possible contact "
            f"time at {int(impossible.sum())} of {df.size} speeds (the line reaches a contact time "
            f"of 0 at {DUTY_FACTOR_ZERO_SPEED_M_S:.2f} m/s): NaN there. Give contact_time_s for "
            "those speeds.",
            PfsimRangeWarning,
        )
        df = np.where(impossible, np.nan, df)
    return df


def duty_factor(speed_m_s, extrapolate: str = "nan"):
    """Duty factor (contact time / stride time) of level running at the preferred step rate [-].

    A function of speed only: the duty factor of runners at their own preferred step rate. At another
    step rate the duty factor is ``DF(v) · (T / T_p)^(k − 1)`` (:func:`contact_time_s`).

    Parameters
    ----------
    speed_m_s : array_like
        Running speed [m/s].
    extrapolate : {"nan", "extend"}
        Outside 8-20 km/h (2.22-5.56 m/s, the range of the review behind the relation): NaN with one
        :class:`~pfsim.PfsimRangeWarning` (default), or the straight line extended. The extended
        line gives NaN, with one such warning, where it leaves ``0 < DF ≤ 0.5`` (a contact time of
        0 or less above :data:`DUTY_FACTOR_ZERO_SPEED_M_S`, or longer than the step).

    Notes
    -----
    ``DF(v) = s · DF_review(v)``, where ``DF_review`` falls linearly from 0.45 at 8 km/h to 0.28 at
    20 km/h (van Oeveren et al. 2021, Sports Biomech, review; ``REFERENCES.md`` §3b) and the scale
    ``s = 0.802`` sets the level to the measured preferred condition of JSSM 2025 Table 1 (10 km/h,
    contact time 0.25 s, 1569 steps/mile → DF 0.339). The review's end points alone give contact times
    (0.29 s at 3 m/s) and flight times (≈ 60 ms) below the review's own flight range (100-150 ms); the
    anchor fixes the level, the review the slope. Only preferred-condition data are used.

    The anchor's runners ran at their own preferred rate, 162.5 steps/min, below the group relation of
    van Oeveren et al. 2019 at that speed (166.7, :func:`preferred_step_rate_spm`). Their duty factor
    is taken as *the* duty factor of running at one's preferred rate and applied at the group's rate,
    so :func:`contact_time_s` gives 0.244 s at 10 km/h and 166.7 steps/min, and 0.248 s at the
    anchor's own 162.5 steps/min (read as 2.5 % below the preferred rate), 0.9 % below the measured
    0.25 s. With the duty factor held (``step_rate_exponent=1``) the anchor is reproduced exactly.
    """
    v = np.asarray(speed_m_s, dtype=float)
    df = _DF_SCALE * _review_duty_factor(v)
    lo, hi = DUTY_FACTOR_REFERENCE["valid_speed_m_s"]
    if extrapolate not in ("nan", "extend"):
        raise ValueError(f"extrapolate must be 'nan' or 'extend' (got {extrapolate!r}).")
    if extrapolate == "extend":
        return _possible_duty_factor(df)
    if v.size:
        outside = (v < lo - 1e-12) | (v > hi + 1e-12)
        if outside.any():
            warn(
                f"the contact-time relation (duty factor vs speed) is based on {lo:.2f}-{hi:.2f} m/s "
                f"(8-20 km/h); {int(outside.sum())} of {v.size} speeds lie outside: NaN there. Give "
                "contact_time_s, or contact_time_extrapolate='extend' to extend the line.",
                PfsimRangeWarning,
            )
            df = np.where(outside, np.nan, df)
    return df


#: Preferred stride rate against speed (:func:`preferred_step_rate_spm`), group relation of van
#: Oeveren et al. (2019), 256 runners' wearable data over 1.64-4.68 m/s: ``SF = 75.01 + 3.006 v``
#: strides/min (v in m/s); steps/min are twice that. At 3.0 m/s it gives 168.1 steps/min, the preferred step rate of the stance model's
#: reference runner (Heiderscheit et al. 2011 Table 3 runners, 168). Source: van Oeveren BT,
#: de Ruiter CJ, Beek PJ, Rispens SM, van Dieën JH (2019). Inter-individual differences in stride
#: frequencies during running obtained from wearable data. J Sports Sci 37(17):1996-2006
#: (``REFERENCES.md`` §3b, abstract).
VAN_OEVEREN_2019 = {
    "intercept_strides_min": 75.01,
    "slope_strides_min_per_m_s": 3.006,
    "speed_range_m_s": (1.64, 4.68),
}


def preferred_step_rate_spm(speed_m_s):
    """Preferred step rate [steps/min] at a running speed [m/s] (van Oeveren et al. 2019).

    ``2 × (75.01 + 3.006 v)``: the group relation ``SF = 75.01 + 3.006 v`` strides/min of 256
    runners' wearable data over 1.64-4.68 m/s, steps/min being twice strides/min (van Oeveren BT,
    de Ruiter CJ, Beek PJ, Rispens SM, van Dieën JH (2019). Inter-individual differences in stride
    frequencies during running obtained from wearable data. J Sports Sci 37(17):1996-2006
    [abstract]; ``REFERENCES.md`` §3b). 168.1 at 3.0 m/s, the preferred step rate of the stance
    model's reference runner (Heiderscheit et al. 2011 Table 3 runners, 168). Outside its data
    (1.64-4.68 m/s) the line is extended; individual runners scatter around it (their step rate
    also falls with leg length and body mass).

    Parameters
    ----------
    speed_m_s : array_like
        Running speed [m/s].

    Returns
    -------
    ndarray
        Preferred step rate [steps/min], the shape of ``speed_m_s``.

    Examples
    --------
    >>> round(float(preferred_step_rate_spm(3.0)), 1)
    168.1
    """
    c = VAN_OEVEREN_2019
    return 2.0 * (
        c["intercept_strides_min"]
        + c["slope_strides_min_per_m_s"] * np.asarray(speed_m_s, dtype=float)
    )


#: Exponent ``k`` of contact time on step time at a fixed speed, ``t_c ∝ T^k``
#: (:func:`contact_time_s`): 0.65, from the leg-stiffness change of Farley & González 1996 (J Biomech
#: 29(2):181-186, doi:10.1016/0021-9290(95)00029-1 [abstract]: 2.5 m/s on a force treadmill, stride
#: frequency 26 % below to 36 % above preferred, leg stiffness 7.0 → 16.3 kN/m) read through this
#: module's own spring-mass equations (:func:`pfsim.derivations.contact_time.farley_gonzalez_exponent`
#: finds the ``k`` that reproduces the 2.33-fold rise: 0.651). 1 would hold the duty factor (contact
#: time ∝ step time, the model before issue 12); 0 would hold contact time. Every measured direction
#: agrees with ``k < 1`` — peak vertical force falls with a higher step rate at a fixed speed (Schubert
#: et al. 2014 Sports Health 6:210, review; Adams et al. 2018 IJSPT 13:633; Wellenkotter et al. 2014
#: IJSM 35:779; Musgjerd et al. 2021 IJSPT 16(4), doi:10.26603/001c.25166: −5.6 % at +7.3 %, insoles,
#: i.e. ``k`` ≈ 0.18 through the sine wave) — while ``k = 1`` leaves it unchanged.
CONTACT_TIME_STEP_RATE_EXPONENT = 0.65


def _step_rate_exponent(value) -> float:
    """``step_rate_exponent`` of :func:`contact_time_s` as a float, or a ValueError naming it.

    One real number between 0 and 1: not a bool, a string, None or an array of several values (it
    is a setting of the relation, not a per-scenario input).
    """
    arr = None if isinstance(value, str | bytes) else np.asarray(value)
    k = float(arr) if arr is not None and arr.ndim == 0 and arr.dtype.kind in "iuf" else None
    if k is None or not 0.0 <= k <= 1.0:
        raise ValueError(
            "step_rate_exponent must be one number between 0 (contact time independent of step "
            f"rate) and 1 (duty factor held); got {value!r}. The default is "
            f"CONTACT_TIME_STEP_RATE_EXPONENT = {CONTACT_TIME_STEP_RATE_EXPONENT}."
        )
    return k


def contact_time_s(
    speed_m_s,
    step_rate_spm,
    extrapolate: str = "nan",
    step_rate_exponent: float = CONTACT_TIME_STEP_RATE_EXPONENT,
):
    """Contact time [s] from speed and step rate.

    ``t_c = DF(v) · 2 · T_p(v) · (T / T_p(v))^k``: at the preferred step rate
    (:func:`preferred_step_rate_spm`, van Oeveren et al. 2019; step time ``T_p = 60 / f_p``) the
    duty factor is that of :func:`duty_factor` (a relation of runners at their preferred rates); at
    another step rate (step time ``T = 60 / f``) the contact time follows the step time with the
    exponent ``k`` (:data:`CONTACT_TIME_STEP_RATE_EXPONENT`, 0.65, Farley & González 1996). A higher
    step rate shortens contact less than it shortens the step, so the peak vertical force of the
    sine wave, ``m g (π/2) T / t_c``, falls, as measured (see the constant's notes).

    Parameters
    ----------
    speed_m_s, step_rate_spm : array_like
        Running speed [m/s] and step rate [steps/min], broadcast together. NaN (a missing value)
        gives NaN there, with one :class:`~pfsim.PfsimRangeWarning`.
    extrapolate : {"nan", "extend"}
        Speeds outside 8-20 km/h: see :func:`duty_factor`.
    step_rate_exponent : float
        ``k``, one number between 0 (contact time does not change with step rate) and 1 (the duty
        factor is held at a given speed). Default :data:`CONTACT_TIME_STEP_RATE_EXPONENT`.

    Returns
    -------
    ndarray
        Contact time [s]. NaN, with one :class:`~pfsim.PfsimRangeWarning`, where it would not be
        shorter than the step (no flight phase: not running): above ``(2 DF)^(−1/(1−k))`` times the
        preferred rate, 2.5× at 2.22 m/s and more at higher speeds (beyond the 100-300 steps/min that
        :func:`pfsim.gait.stance` accepts inside the relation's 8-20 km/h).

    Raises
    ------
    ValueError
        ``step_rate_exponent`` not one number in 0-1 (a bool, a string or an array is refused);
        a speed or step rate that is not a positive number; an infinite value, text or a masked array in
        ``speed_m_s`` or ``step_rate_spm``; arrays that do not broadcast together.

    Examples
    --------
    At 10 km/h and the group's preferred rate (166.7 steps/min) the duty factor is the anchor's 0.339
    (:func:`duty_factor`, see its notes); 10 % more steps shorten contact by 6 %, not by 9 %:

    >>> v = 10 / 3.6
    >>> f = preferred_step_rate_spm(v)
    >>> round(float(contact_time_s(v, f)), 3), round(float(contact_time_s(v, 1.1 * f)), 3)
    (0.244, 0.229)
    """
    k = _step_rate_exponent(step_rate_exponent)
    v = as_float_array(speed_m_s, "speed_m_s", allow_nan=True)
    f = as_float_array(step_rate_spm, "step_rate_spm", allow_nan=True)
    check_broadcast(speed_m_s=v, step_rate_spm=f)
    examples = {"speed_m_s": (v, "3.0 for 10.8 km/h"), "step_rate_spm": (f, "168 at 3 m/s")}
    for name, (x, example) in examples.items():
        with np.errstate(invalid="ignore"):
            bad = ~(x > 0.0) & ~np.isnan(x)
        if np.any(bad):
            raise ValueError(
                f"{name} must be a positive number (got {float(x[bad].flat[0]):g}); e.g. {example}."
            )
    missing = np.isnan(v) | np.isnan(f)
    if np.any(missing):
        warn(
            f"contact_time_s: {int(np.sum(missing))} of {np.size(missing)} speed/step-rate pairs "
            "have a NaN speed_m_s or step_rate_spm (a missing value): NaN there.",
            PfsimRangeWarning,
        )
    step_time = 60.0 / f
    preferred_step_time = 60.0 / preferred_step_rate_spm(v)
    two_df = duty_factor(v, extrapolate) * 2.0  # t_c / T at the preferred rate
    tc = two_df * preferred_step_time * (step_time / preferred_step_time) ** k
    with np.errstate(invalid="ignore"):
        no_flight = tc >= step_time
    if np.any(no_flight):
        # t_c = T where f / f_p = (2 DF)^(1/(1-k)); the duty factor is finite wherever t_c is, so
        # the limit needs no second (warning) evaluation of the relation
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            limit_spm = preferred_step_rate_spm(v) * two_df ** (-1.0 / max(1.0 - k, 1e-300))
        lim = np.broadcast_to(limit_spm, no_flight.shape)[no_flight]
        warn(
            f"the contact-time relation gives no flight phase (contact time ≥ step time) at "
            f"{int(np.sum(no_flight))} of {np.size(no_flight)} speed/step-rate pairs: NaN there "
            f"(at those speeds running needs a step rate below about {float(np.nanmin(lim)):.0f} "
            "steps/min). Lower step_rate_spm, or give contact_time_s.",
            PfsimRangeWarning,
        )
        tc = np.where(no_flight, np.nan, tc)
    return tc


@dataclass(frozen=True)
class SineWaveStance:
    """Closed-form spring-mass stance (Morin et al. 2005), arrays broadcast to ``(..., n_samples)``.

    Attributes
    ----------
    time_s : ndarray
        Time from foot strike [s].
    vertical_grf_N, fore_aft_grf_N : ndarray
        Ground reaction force along gravity (up) and horizontal (positive forward, propulsive) [N].
        On level ground they equal the normal and along-surface components.
    normal_grf_N, along_surface_grf_N : ndarray
        The same force normal to the running surface and along it (positive forward, i.e. uphill on
        an incline) [N]: what a force plate in a tilted treadmill measures.
    com_x_m, com_z_m : ndarray
        Centre-of-mass (≈ hip) position relative to the contact point, along the surface and normal
        to it [m].
    leg_length_m, leg_compression_m : ndarray
        Contact-point-to-COM distance and its shortening from the rest leg length [m] (negative
        where the leg is longer than at foot strike: late stance uphill).
    com_over_contact_s : ndarray
        Time after foot strike at which the COM passes over the contact point (``x = 0``) [s], shape
        ``(...)``: ``t_c/2`` on level ground, earlier uphill, later downhill (see Notes).
    peak_force_N, delta_y_m, delta_l_m, k_vert_N_m, k_leg_N_m : ndarray
        Morin's F_max (normal to the surface), Δy_c (≤ 0), ΔL, vertical and leg stiffness, shape
        ``(...)``: Morin's level-ground definitions (symmetric stance).
    """

    time_s: np.ndarray
    vertical_grf_N: np.ndarray
    fore_aft_grf_N: np.ndarray
    normal_grf_N: np.ndarray
    along_surface_grf_N: np.ndarray
    com_x_m: np.ndarray
    com_z_m: np.ndarray
    leg_length_m: np.ndarray
    leg_compression_m: np.ndarray
    com_over_contact_s: np.ndarray
    peak_force_N: np.ndarray
    delta_y_m: np.ndarray
    delta_l_m: np.ndarray
    k_vert_N_m: np.ndarray
    k_leg_N_m: np.ndarray


#: Gauss-Legendre nodes and weights on [0, 1] for the slope's stance integrals (32 nodes: the
#: integrands are smooth over stance; exact to far below the model's accuracy).
_GL_S, _GL_W = (lambda x, w: ((x + 1.0) / 2.0, w / 2.0))(*np.polynomial.legendre.leggauss(32))


def _normal_com_offset_m(fmax, m, tc, g_n, t):
    """COM height change normal to the surface since foot strike [m] (Morin's symmetric stance)."""
    return -fmax * tc**2 / (m * np.pi**2) * np.sin(np.pi * t / tc) + 0.5 * g_n * t * (tc - t)


def _com_over_contact_s(m, v, tc, T, L, g_n, g_t, fmax, iterations=30):
    """Time ``t*`` at which the COM passes over the contact point, from the along-surface impulse.

    Solves ``F(t*) = ∫ F_n (t − t*) / z(t) dt − m g sin α T / v = 0`` over stance (the force along
    the leg, ``F_n x/z`` with ``x = v (t − t*)``, must carry the along-surface weight over a step),
    where ``z(t) = z_0(t*) + Δz(t)`` and ``z_0 = √(L² − (v t*)²)`` (rest length at foot strike).
    Newton's method from ``t_c/2``, with ``dz_0/dt* = −v² t*/z_0``; integrals by 32-point
    Gauss-Legendre quadrature. NaN where it does not converge or the leg cannot reach the ground
    (``v t* ≥ L``). Level ground: ``t_c/2`` exactly.
    """
    e = (...,) + (None,)
    t = _GL_S * tc[e]
    fn = fmax[e] * np.sin(np.pi * _GL_S) * _GL_W * tc[e]  # quadrature weights folded in
    dz = _normal_com_offset_m(fmax[e], m[e], tc[e], g_n[e], t)
    scale = m * G_M_S2 * T / v
    with np.errstate(divide="ignore", invalid="ignore"):
        need = m * g_t * T / v
        ts = 0.5 * tc
        for _ in range(iterations):
            z0 = np.sqrt(L**2 - (v * ts) ** 2)
            z = z0[e] + dz
            lever = t - ts[e]
            F = np.sum(fn * lever / z, axis=-1) - need
            dF = -np.sum(fn / z, axis=-1) + (v**2 * ts / z0) * np.sum(fn * lever / z**2, axis=-1)
            step = F / dF
            ts = ts - step
            if not np.any(np.abs(step) > 1e-13 * tc):
                break
        z = np.sqrt(L**2 - (v * ts) ** 2)[e] + dz
        resid = (np.sum(fn * (t - ts[e]) / z, axis=-1) - need) / scale
        ok = np.isfinite(resid) & (np.abs(resid) < 1e-9) & np.all(z > 0, axis=-1)
    ts = np.where(ok, ts, np.nan)
    return np.where(g_t == 0.0, 0.5 * tc, ts)


@renamed_arguments(mass_kg="body_mass_kg")
def sine_wave_stance(
    body_mass_kg,
    speed_m_s,
    contact_time_s,
    step_time_s,
    leg_length_m,
    *,
    slope_deg=0.0,
    n_samples: int = 101,
    stance_fraction=None,
) -> SineWaveStance:
    """Stance time series of the sine-wave spring-mass model (Morin et al. 2005), vectorised.

    All array arguments broadcast to one scenario shape ``S``; outputs are ``S + (n_samples,)``
    (the scalar summaries have shape ``S``). No checks here: :func:`pfsim.gait.stance` checks inputs.

    Parameters
    ----------
    body_mass_kg : array_like
        Total moving mass (body + carried) [kg].
    speed_m_s : array_like
        Running speed along the surface [m/s].
    contact_time_s, step_time_s : array_like
        Contact time and step time (contact + flight) [s], ``0 < t_c ≤ T``.
    leg_length_m : array_like
        Rest leg length L [m] (Morin: 0.53 × height).
    slope_deg : array_like
        Surface incline [deg], uphill positive (see Notes).
    n_samples : int
        Samples over stance, foot strike to toe-off inclusive (evenly spaced).
    stance_fraction : array_like, optional
        The samples as fractions of stance (0 foot strike, 1 toe-off) instead of ``n_samples``
        evenly spaced ones: shape ``(n,)``, or ``S + (n,)`` for samples placed per scenario (the
        stance model's refined summaries, :mod:`pfsim.gait.model`).

    Notes
    -----
    Morin et al. 2005 (J Appl Biomech 21:167, Eqs. 1-5; ``REFERENCES.md`` §3):

    - ``F(t) = F_max sin(π t / t_c)``, ``F_max = m g (π/2)(t_f/t_c + 1)``, ``t_f = T − t_c``. Its
      integral over stance, ``2 F_max t_c/π = m g T``, is body weight × step time (exact).
    - COM vertical motion: integrating ``m z'' = F − m g`` with a symmetric stance
      (``z' = 0`` at ``t_c/2``) gives ``z(t) = z_0 − F_max t_c²/(m π²) sin(π t/t_c) + g t (t_c − t)/2``,
      whose mid-stance value is Morin's ``Δy_c = −F_max t_c²/(m π²) + g t_c²/8``.
    - Horizontal speed is taken constant: ``x(t) = v (t − t*)`` with ``t* = t_c/2`` on level
      ground; at touchdown the leg has its rest length, so ``z_0 = √(L² − (v t*)²)`` and the
      mid-stance leg compression is Morin's ``ΔL = L − √(L² − (v t_c/2)²) + |Δy_c|``.
    - The spring-mass force acts along the leg, from the contact point toward the COM (Blickhan
      1989), so the fore-aft force is ``F · x / z``: braking in the first half, propulsion in the
      second, zero net impulse.

    Slope (pfsim's treatment; the sine-wave method is not valid on inclines as is, Meyer 2023). The
    model is set in the surface frame (``x`` along the surface, ``z`` normal to it); gravity has a
    normal part ``g cos α``, which replaces ``g`` above, and an along-surface part ``g sin α``.
    Two balances over a step of steady running fix the rest:

    - linear momentum: the along-surface GRF impulse must equal ``m g sin α T`` (and the normal
      impulse ``m g cos α T``: together exactly body weight × step time along gravity, no net
      horizontal impulse);
    - angular momentum about the COM: gravity acts at the COM, so the GRF must have no net moment
      about it over a step (Euler's second law; a periodic gait has periodic angular momentum). In
      the spring-mass model the GRF acts along the leg, through the COM, at every instant.

    Both hold when the force stays along the leg and the COM passes over the contact point earlier
    (uphill) or later (downhill) than mid-stance: ``t*`` solves
    ``∫ F_n (t − t*)/z dt = m g sin α T / v`` (:func:`_com_over_contact_s`). The leg then leans
    forward (uphill) on average by about α, as the mean GRF is vertical. The along-slope force is
    thus the along-surface component of the leg force, not an extra force at the contact point
    with its own lever about the knee (earlier pfsim versions added a half-sine at the contact
    point, which put a net pitching moment of ≈ ``m g sin α T × z`` per step on the runner). The work of
    lifting the body (``m g v T sin α`` per step) shows as a leg longer at toe-off than at touchdown
    uphill (negative compression) and shorter downhill. Not modelled: body posture beyond the leg
    line, changes of contact time or step rate with slope.
    """
    m = np.asarray(body_mass_kg, dtype=float)
    v = np.asarray(speed_m_s, dtype=float)
    tc = np.asarray(contact_time_s, dtype=float)
    T = np.asarray(step_time_s, dtype=float)
    L = np.asarray(leg_length_m, dtype=float)
    alpha = np.radians(np.asarray(slope_deg, dtype=float))
    m, v, tc, T, L, alpha = np.broadcast_arrays(m, v, tc, T, L, alpha)
    scalars = _sine_wave_scalars(m, v, tc, T, L, alpha)
    if stance_fraction is None:
        stance_fraction = np.linspace(0.0, 1.0, n_samples)
    series = _sine_wave_series(m, v, tc, L, alpha, scalars, stance_fraction)
    return SineWaveStance(**series, **scalars)


def _sine_wave_scalars(m, v, tc, T, L, alpha) -> dict:
    """The per-scenario numbers of :func:`sine_wave_stance` (Morin et al. 2005, Eqs. 1-5).

    Parameters
    ----------
    m, v, tc, T, L, alpha : ndarray
        Moving mass [kg], speed [m/s], contact and step time [s], rest leg length [m] and slope
        [rad], broadcast to the scenario shape.

    Returns
    -------
    dict of str to ndarray
        ``com_over_contact_s`` (``t*``), ``peak_force_N`` (``F_max``), ``delta_y_m`` (``Δy_c``),
        ``delta_l_m`` (``ΔL``), ``k_vert_N_m`` and ``k_leg_N_m`` (``F_max/|Δy_c|``,
        ``F_max/ΔL``), named as the fields of :class:`SineWaveStance`.
    """
    g_n = G_M_S2 * np.cos(alpha)
    g_t = G_M_S2 * np.sin(alpha)
    tf = T - tc
    fmax = m * g_n * (np.pi / 2.0) * (tf / tc + 1.0)
    dy = -fmax * tc**2 / (m * np.pi**2) + g_n * tc**2 / 8.0
    half = v * tc / 2.0
    dl = L - np.sqrt(np.maximum(L**2 - half**2, 0.0)) + np.abs(dy)
    ts = _com_over_contact_s(m, v, tc, T, L, g_n, g_t, fmax) if np.any(g_t) else 0.5 * tc
    with np.errstate(
        divide="ignore", invalid="ignore"
    ):  # a leg that cannot reach: stance() flags it
        kv = fmax / np.abs(dy)
        kl = fmax / dl
    return {
        "com_over_contact_s": ts,
        "peak_force_N": fmax,
        "delta_y_m": dy,
        "delta_l_m": dl,
        "k_vert_N_m": kv,
        "k_leg_N_m": kl,
    }


def _sine_wave_series(m, v, tc, L, alpha, scalars: dict, stance_fraction) -> dict:
    """The time series of :func:`sine_wave_stance` at the given fractions of stance.

    Parameters
    ----------
    m, v, tc, L, alpha : ndarray
        Moving mass [kg], speed [m/s], contact time [s], rest leg length [m] and slope [rad] of the
        scenario shape.
    scalars : dict of str to ndarray
        :func:`_sine_wave_scalars` of the same scenarios.
    stance_fraction : ndarray
        Samples as fractions of stance, shape ``(n,)`` or ``S + (n,)``.

    Returns
    -------
    dict of str to ndarray
        The time-series fields of :class:`SineWaveStance`, shape ``S + (n,)``.
    """
    cos_a, sin_a = np.cos(alpha), np.sin(alpha)
    g_n = G_M_S2 * cos_a
    fmax, ts = scalars["peak_force_N"], scalars["com_over_contact_s"]
    z0 = np.sqrt(np.maximum(L**2 - (v * ts) ** 2, 0.0))

    # Time samples: s in [0, 1] along stance.
    s = np.asarray(stance_fraction, dtype=float)
    e = (...,) + (None,)
    tc_, fmax_, m_, v_, z0_, L_ = tc[e], fmax[e], m[e], v[e], z0[e], L[e]
    t = s * tc_
    sin_s = np.sin(np.pi * s)
    fn = fmax_ * sin_s
    cz = z0_ + _normal_com_offset_m(fmax_, m_, tc_, g_n[e], t)
    cx = v_ * (t - ts[e])
    leg = np.hypot(cx, cz)
    ca, sa = cos_a[e], sin_a[e]
    with np.errstate(
        divide="ignore", invalid="ignore"
    ):  # a leg that cannot reach: stance() flags it
        fs = fn * cx / cz
    if np.any(sin_a):
        vertical, fore_aft = fn * ca + fs * sa, fs * ca - fn * sa
    else:  # level ground: the surface frame is the gravity frame
        vertical, fore_aft = fn, fs
    return {
        "time_s": t,
        "vertical_grf_N": vertical,
        "fore_aft_grf_N": fore_aft,
        "normal_grf_N": fn,
        "along_surface_grf_N": fs,
        "com_x_m": cx,
        "com_z_m": cz,
        "leg_length_m": leg,
        "leg_compression_m": L_ - leg,
    }


# --------------------------------------------------------------------------------------------------
# The spring-mass ODE (cross-check; scalar, not on the hot path)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpringMassGait:
    """A periodic gait of the planar spring-mass model (Blickhan 1989), one scenario.

    Attributes
    ----------
    leg_stiffness_N_m : float
        Linear leg-spring stiffness found for the gait [N/m].
    touchdown_angle_deg : float
        Leg angle from the surface normal at touchdown (leg ahead of the COM) [deg].
    contact_time_s : float
        Stance duration of the solved gait [s].
    time_s, vertical_grf_N, fore_aft_grf_N, leg_compression_m, com_z_m : ndarray
        Stance time series resampled at ``n_samples`` points [s, N, N, m, m].
    peak_force_N, delta_y_m, delta_l_m : float
        Peak normal force [N], COM descent at mid-stance [m] (≤ 0), maximum leg compression [m].
    residual : float
        Largest absolute residual of the periodicity equations at the solution.
    """

    leg_stiffness_N_m: float
    touchdown_angle_deg: float
    contact_time_s: float
    time_s: np.ndarray
    vertical_grf_N: np.ndarray
    fore_aft_grf_N: np.ndarray
    leg_compression_m: np.ndarray
    com_z_m: np.ndarray
    peak_force_N: float
    delta_y_m: float
    delta_l_m: float
    residual: float


@renamed_arguments(mass_kg="body_mass_kg")
def spring_mass_ode_stance(
    body_mass_kg: float,
    leg_length_m: float,
    leg_stiffness_N_m: float,
    touchdown_angle_deg: float,
    speed_m_s: float,
    touchdown_vertical_speed_m_s: float,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-11,
    dense: bool = False,
):
    """Integrate one stance of the planar spring-mass model with :func:`scipy.integrate.solve_ivp`.

    The point mass ``m`` sits on a massless linear spring of rest length ``L0`` and stiffness ``k``
    whose foot is pinned at the origin (Blickhan 1989, J Biomech 22:1217):
    ``m r'' = k (L0 − |r|) r/|r| − m g ẑ``, ``r = (x, z)``. Touchdown at ``x = −L0 sin α``,
    ``z = L0 cos α`` with velocity ``(v, −v_z0)``; take-off when ``|r|`` returns to ``L0`` while
    lengthening. Returns the :class:`~scipy.integrate.OdeResult` (``t_events[0]`` is take-off).
    """
    from scipy.integrate import solve_ivp

    m, L0, k = float(body_mass_kg), float(leg_length_m), float(leg_stiffness_N_m)
    a = np.radians(touchdown_angle_deg)

    def rhs(_t, y):
        x, z, vx, vz = y
        r = np.hypot(x, z)
        f = k * (L0 - r) / r
        return (vx, vz, f * x / m, f * z / m - G_M_S2)

    def takeoff(_t, y):
        return np.hypot(y[0], y[1]) - L0

    takeoff.terminal = True
    takeoff.direction = 1.0

    y0 = (-L0 * np.sin(a), L0 * np.cos(a), float(speed_m_s), -float(touchdown_vertical_speed_m_s))
    # Start a hair inside the spring so the take-off event does not fire at t = 0.
    eps = 1e-9
    y0 = (y0[0] * (1 - eps), y0[1] * (1 - eps), y0[2], y0[3])
    return solve_ivp(
        rhs,
        (0.0, 2.0),
        y0,
        events=takeoff,
        rtol=rtol,
        atol=atol,
        dense_output=dense,
        method="DOP853",
    )


@renamed_arguments(mass_kg="body_mass_kg")
def periodic_spring_mass_gait(
    body_mass_kg: float,
    speed_m_s: float,
    contact_time_s: float,
    step_time_s: float,
    leg_length_m: float,
    *,
    n_samples: int = 101,
) -> SpringMassGait:
    """Find the periodic spring-mass gait with a given speed, contact time and step time.

    Unknowns: leg stiffness ``k`` and touchdown angle ``α``. With a flight time
    ``t_f = T − t_c``, a periodic ballistic flight needs the vertical touchdown speed
    ``v_z0 = g t_f / 2``; the gait is periodic when stance is symmetric, i.e. the vertical velocity
    at take-off is ``+v_z0`` (Blickhan 1989; symmetric stance ⇔ periodic gait for the conservative
    spring-mass), and it must last ``t_c``. These two equations are solved for ``(k, α)`` with
    :func:`scipy.optimize.root` (hybrid Powell), starting from Morin's ``k_leg`` and the touchdown
    angle of the sine-wave geometry. The horizontal touchdown speed is ``v`` (the mean forward speed
    differs from ``v`` by well under 1 % for these gaits).
    """
    from scipy.optimize import root

    m, v, tc, T, L0 = map(
        float, (body_mass_kg, speed_m_s, contact_time_s, step_time_s, leg_length_m)
    )
    vz0 = G_M_S2 * (T - tc) / 2.0
    sw = sine_wave_stance(m, v, tc, T, L0, n_samples=3)
    k0 = float(sw.k_leg_N_m)
    a0 = float(np.degrees(np.arcsin(min(v * tc / 2.0 / L0, 0.99))))

    def residual(p):
        k, a = p[0] * k0, p[1] * a0
        sol = spring_mass_ode_stance(m, L0, k, a, v, vz0, rtol=1e-10, atol=1e-12)
        if not sol.t_events[0].size:
            return np.array([10.0, 10.0])
        yto = sol.y_events[0][0]
        return np.array([(sol.t_events[0][0] - tc) / tc, (yto[3] - vz0) / max(vz0, 0.1)])

    res = root(residual, x0=np.array([1.0, 1.0]), method="hybr", options={"xtol": 1e-10})
    k, a = float(res.x[0] * k0), float(res.x[1] * a0)
    resid = float(np.abs(residual(res.x)).max())
    sol = spring_mass_ode_stance(m, L0, k, a, v, vz0, dense=True)
    t_end = float(sol.t_events[0][0])
    t = np.linspace(0.0, t_end, n_samples)
    x, z, _vx, _vz = sol.sol(t)
    r = np.hypot(x, z)
    f = k * np.maximum(L0 - r, 0.0)
    fz, fx = f * z / r, f * x / r
    zfine = sol.sol(np.linspace(0.0, t_end, 2001))
    rfine = np.hypot(zfine[0], zfine[1])
    return SpringMassGait(
        leg_stiffness_N_m=k,
        touchdown_angle_deg=a,
        contact_time_s=t_end,
        time_s=t,
        vertical_grf_N=fz,
        fore_aft_grf_N=fx,
        leg_compression_m=L0 - r,
        com_z_m=z,
        peak_force_N=float((k * np.maximum(L0 - rfine, 0.0) * zfine[1] / rfine).max()),
        delta_y_m=float(zfine[1].min() - z[0]),
        delta_l_m=float((L0 - rfine).max()),
        residual=resid,
    )
