"""The pfsim assumptions of the runner mechanisms and the training model, in one place.

Every relation the literature does not pin down is a field of :class:`Assumptions`, with a default
and a range a sweep can vary (:meth:`Assumptions.ranges`). Used by :mod:`pfsim.runner.mechanisms`
and :mod:`pfsim.training`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from .._results import deprecated_alias

__all__ = ["Assumptions", "DEFAULT_ASSUMPTIONS"]


def _assumption(default, lo, hi, doc):
    return field(default=default, metadata={"range": (lo, hi), "doc": doc})


@dataclass(frozen=True)
class Assumptions:
    """The pfsim assumptions behind the runner mechanisms and the training model.

    None of these is a measured or fitted number: each is a documented choice with a default and a
    range a sweep can vary (:meth:`ranges`). ``validation/runner_*`` and ``validation/training_*``
    report what the defaults predict next to published effects; nothing here was tuned to them.

    Attributes
    ----------
    strength_kinematics_exponent : float
        ``n`` in peak angle = baseline × (demand/capacity relative to the norm)ⁿ for the hip
        abductors and external rotators (:func:`hip_abductor_mechanism`). 1 (default) treats the hip
        as a spring whose stiffness scales with muscle capacity: under the same moment, the excursion
        is inversely proportional to strength. 0 makes strength irrelevant to kinematics (Schmitz
        et al. 2014 found no strength-kinematics relation in healthy runners). Range 0-2.
    pronation_femoral_share : float
        Share of the pronation-driven tibial internal rotation that the femur follows (the seed
        article's "chain reaction upward": internal tibial rotation, more femoral internal rotation).
        Direction cited, size not: with induced pronation the hip rotated internally too (walking:
        +1.37°, 95 % CI 0.76-1.98, Hornestam et al. 2021 Braz J Phys Ther 25(6):727-734,
        doi:10.1016/j.bjpt.2021.04.005 [abstract]; standing on wedges: shank and hip internal
        rotation rose together, Khamis & Yizhar 2007 Gait Posture 25:127-134 [abstract]). No
        running study giving an eversion → femoral rotation ratio was found, so the default is the
        middle of the range, 0.5 (was 0 before issue 12). Range 0-1 (0: the femur does not follow;
        1: it rotates with the tibia and the knee's relative rotation does not change). Below 1 the
        tibia still rotates internally relative to the femur, which moves the tibial tubercle
        medially in the joint model (:func:`pfsim.joint.frontal.knee_relative_kinematics_deg`).
    knee_abduction_per_hip_adduction : float
        Tibiofemoral abduction per degree of hip adduction with the foot planted [deg/deg], passed
        to the joint model as its per-state input ``knee_abduction_per_hip_adduction`` (the joint
        model's own default is the same 0.3, an uncited assumption: "knee frontal excursions in
        running are about a third of hip adduction excursions"). No cited coupling was found, so
        it is an assumption here, swept over 0-1 (0: the shank moves with the femur; 1: the shank
        keeps its frontal orientation). Everything that raises hip adduction (hip abductors, step
        rate) reaches the knee's frontal plane through it.
    hip_adduction_step_rate_exponent : float
        ``p`` in peak hip adduction ∝ (Δy_c(v, f) / Δy_c(v, f_pref(v)))^p
        (:func:`step_rate_hip_adduction_rel`): the frontal excursion of the pelvis and femur in
        loading scales with the vertical excursion of the centre of mass it accompanies (Δy_c of
        the spring-mass model, Morin et al. 2005). Default 1 (proportional; the same convention as
        the other exponents here); range 0-2 (0: step rate does not change hip adduction).
        Not fitted: ``validation/runner_chain`` compares the +10 % prediction with Heiderscheit et
        al. 2011 Table 3.
    quadriceps_kinematics_exponent : float
        ``n_q`` in knee stiffness ∝ (quadriceps strength relative to the norm)^n_q
        (:func:`quadriceps_mechanism`): the knee's share of the leg compression follows its
        compliance against the rest of the leg (series springs). Default 1 (the stiffness scales
        with the capacity, the hip abductors' convention); range 0-2 (0: strength does not change
        knee flexion under load).
    hill_slope_deg : float
        Incline of the "hill" share of a run [deg], run as equal distances up and down. Default 5.7°
        (a 10 % grade); range 2-10°.
    speed_work_speed_factor : float
        Speed of the "speed work" share relative to the run's easy speed [-]. Default 1.25; range
        1.1-1.5. Step rate follows the runner's preferred-rate relation (:func:`step_rate_at_speed_spm`).
    capacity_time_constant_days : float
        Time constant of the adapting capacity [days] (:mod:`pfsim.training`): the exponentially
        weighted load the joint is adapted to. No adaptation time constant of patellofemoral
        cartilage was found (``REFERENCES.md`` §4); the default 42 d is the Banister "fitness"
        convention, the range 4-51 d the published span of fitness time constants (IJSPP 2022
        17:810).
    dose_stress_exponent : float
        ``m``, the S–N (stress–life) exponent of the fatigue dose Σ (σ_peak/σ_ref)^m per loading
        cycle (:func:`pfsim.training.dose_per_km_MPa_s`, Edwards 2018 Exerc Sport Sci Rev 46:224).
        No exponent for patellofemoral cartilage was found. Default 10: the log–log slope (10.3) of
        the human meniscus tensile S–N data (Henderson et al. 2022 J Mech Behav Biomed Mater
        127:105057); range 3–13: from the local slope of the human tendon S–N line at 20 % UTS
        (Schechtman & Bader 1997 J Biomech 30:829, 3.1) to the steepest meniscus segment (13.0).
        Not used by ``dose_model="stress_time"``.
    hip_demand_grf_exponent : float
        ``k`` in hip-abduction moment demand ∝ (peak vertical ground reaction force)^k, relative to
        the reference runner (:func:`hip_abduction_demand_rel`). Default 1: the moment scales with
        the force at an unchanged frontal lever arm. No measurement of the frontal lever arm across
        speeds was found; range 0-2 (0: the demand does not change with speed).
    external_rotator_demand_grf_exponent : float
        The same exponent for the hip external-rotator demand
        (:func:`hip_external_rotation_demand_rel`). Default 1 (scales like the abduction demand);
        range 0-2. No transverse-plane hip moment across speeds was used.
    step_rate_speed_exponent : float
        ``s`` in ``f(v) = f_runner · (f_pref(v) / f_pref(v_runner))^s``
        (:func:`step_rate_at_speed_spm`): how a runner's step rate follows the preferred-rate
        relation of van Oeveren 2019 across speeds. Default 1: the runner's ratio to the preferred
        rate is kept (a runner 5 % above it stays 5 % above it). Range 0-2 (0: the step rate does not
        change with speed, all of the change is in stride length; 2: twice the population's relative
        rise). The population relation is cited; how one runner's rate follows it is not.
    week_run_days : float (a whole number)
        Days a *weekly* history row is spread over (:func:`pfsim.training.weekly_load`): the week's
        dose on ``n`` evenly spaced days (day indices ``floor(7k/n)``, k = 0..n−1). Default 7 (every
        day, the smoothest spread; the steady-load index is then exactly 1). Range 1-7. With fewer
        days the capacity at a week's end depends on where in the week the runs fall: the steady
        index moves off 1 by about ±(7/τ)/2 (a few %, at τ = 42 d). Daily histories are not affected.
    initial_capacity_factor : float
        Capacity at the start of a history = this × the habitual week's dose
        (:func:`pfsim.training.weekly_load`): the joint is taken to be adapted to the profile's
        habitual training (``[training]`` section). Default 1 (fully adapted). Range 0.5-1.5: the
        habitual week and its adaptation are known only roughly (assumption; no data).
    """

    strength_kinematics_exponent: float = _assumption(
        1.0, 0.0, 2.0, "peak hip angle ∝ (relative demand/capacity)^n"
    )
    pronation_femoral_share: float = _assumption(
        0.5, 0.0, 1.0, "share of pronation-driven tibial rotation passed to the femur"
    )
    knee_abduction_per_hip_adduction: float = _assumption(
        0.3, 0.0, 1.0, "tibiofemoral abduction per degree of hip adduction"
    )
    hip_adduction_step_rate_exponent: float = _assumption(
        1.0, 0.0, 2.0, "peak hip adduction ∝ (COM vertical excursion / at preferred rate)^p"
    )
    quadriceps_kinematics_exponent: float = _assumption(
        1.0, 0.0, 2.0, "knee stiffness ∝ (quadriceps strength)^n_q"
    )
    hill_slope_deg: float = _assumption(5.7, 2.0, 10.0, "hill incline, equal distance up and down")
    speed_work_speed_factor: float = _assumption(1.25, 1.1, 1.5, "speed-work speed / easy speed")
    capacity_time_constant_days: float = _assumption(
        42.0, 4.0, 51.0, "adapting-capacity time constant (Banister fitness range)"
    )
    dose_stress_exponent: float = _assumption(
        10.0, 3.0, 13.0, "S-N exponent m of the fatigue dose (σ_peak/σ_ref)^m per cycle"
    )
    hip_demand_grf_exponent: float = _assumption(
        1.0, 0.0, 2.0, "hip-abduction demand ∝ (peak vertical GRF)^k"
    )
    external_rotator_demand_grf_exponent: float = _assumption(
        1.0, 0.0, 2.0, "hip external-rotator demand ∝ (peak vertical GRF)^k"
    )
    step_rate_speed_exponent: float = _assumption(
        1.0, 0.0, 2.0, "step rate ∝ f_runner · (f_pref(v) / f_pref(v_runner))^s"
    )
    week_run_days: float = _assumption(
        7.0, 1.0, 7.0, "days a weekly history row is spread over (a whole number)"
    )
    initial_capacity_factor: float = _assumption(
        1.0, 0.5, 1.5, "starting capacity / the habitual week's dose"
    )

    def __post_init__(self):
        for f in fields(self):
            lo, hi = f.metadata["range"]
            v = getattr(self, f.name)
            number = isinstance(v, int | float | np.integer | np.floating)
            if isinstance(v, bool | np.bool_) or not number or not lo <= v <= hi:
                raise ValueError(
                    f"Assumptions.{f.name} must be a number between {lo:g} and {hi:g} "
                    f"({f.metadata['doc']}); got {v!r}."
                )
        if float(self.week_run_days) != int(self.week_run_days):
            raise ValueError(
                "Assumptions.week_run_days must be a whole number of days from 1 to 7 "
                f"(days a weekly history row is spread over); got {self.week_run_days!r}."
            )

    @classmethod
    def ranges(cls) -> dict[str, tuple[float, float]]:
        """Name → (low, high): the range each assumption may be swept over."""
        return {f.name: f.metadata["range"] for f in fields(cls)}

    def to_dict(self) -> dict[str, float]:
        """Name → value of every assumption."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def as_dict(self) -> dict[str, float]:
        """Deprecated: use :meth:`to_dict`."""
        deprecated_alias("Assumptions", "as_dict()", "to_dict()")
        return self.to_dict()


DEFAULT_ASSUMPTIONS = Assumptions()
