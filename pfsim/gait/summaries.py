"""Per-step and per-km summaries of a stance result.

Conventions
-----------
- ``_bw`` values are relative to body weight ``m_body · g`` (body mass only, not carried mass).
- Peaks are maxima over stance; a NaN sample (e.g. a fit out of its range) makes the peak NaN rather
  than hiding it.
- ``steps_per_km`` counts every step (both feet): ``1000 / (v · T_step)``. One knee bears every
  second step, so the per-km stress-time integral of one knee is
  ``integral_per_step · steps_per_km / 2``.
- "Vertical" is along gravity, also on a slope (:attr:`StanceResult.vertical_grf_N`); the force
  normal to the running surface is :attr:`StanceResult.normal_grf_N`.
- The stress-time integral is the trapezoidal integral of mean contact stress over stance [MPa·s]
  (Kernozek et al. 2015 Gait Posture 42:218 report 0.74 ± 0.18 MPa·s in running).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._results import LabelledResult, deprecated_alias
from ..constants import G_M_S2

__all__ = ["StanceSummary", "stance_summary", "SUMMARY_KEYS"]


@dataclass(frozen=True)
class StanceSummary(LabelledResult):
    """Scalar summaries per scenario (arrays of the scenario shape, or floats for one scenario).

    Attributes
    ----------
    peak_knee_flexion_deg : Peak knee flexion in stance [deg].
    peak_knee_extension_moment_Nm : Peak internal knee extension moment [N·m].
    peak_knee_extension_moment_Nm_kg : The same per kg body mass [N·m/kg].
    peak_quad_force_N, peak_quad_force_bw : Peak quadriceps force [N], [body weights].
    peak_joint_reaction_force_N, peak_joint_reaction_force_bw : Peak PFJRF [N], [body weights].
    peak_contact_stress_MPa : Peak mean contact stress [MPa].
    peak_lateral_facet_stress_MPa : Peak lateral-facet stress [MPa]; NaN until the joint model
        provides facet stresses.
    stress_time_integral_per_step_MPa_s : ∫ stress dt over one stance [MPa·s].
    steps_per_km : Steps (both feet) per kilometre [1/km]; NaN for a trial without speed.
    stress_time_integral_per_km_MPa_s : Per km for one knee (every second step) [MPa·s/km].
    contact_time_s : Ground contact time [s].
    peak_vertical_grf_N, peak_vertical_grf_bw : Peak vertical GRF, along gravity (on a slope not the
        surface-normal force, which is ``cos α`` smaller at mid-stance) [N], [body weights]; NaN for
        a trial.
    """

    peak_knee_flexion_deg: np.ndarray
    peak_knee_extension_moment_Nm: np.ndarray
    peak_knee_extension_moment_Nm_kg: np.ndarray
    peak_quad_force_N: np.ndarray
    peak_quad_force_bw: np.ndarray
    peak_joint_reaction_force_N: np.ndarray
    peak_joint_reaction_force_bw: np.ndarray
    peak_contact_stress_MPa: np.ndarray
    peak_lateral_facet_stress_MPa: np.ndarray
    stress_time_integral_per_step_MPa_s: np.ndarray
    steps_per_km: np.ndarray
    stress_time_integral_per_km_MPa_s: np.ndarray
    contact_time_s: np.ndarray
    peak_vertical_grf_N: np.ndarray
    peak_vertical_grf_bw: np.ndarray

    def as_dict(self) -> dict:
        """Deprecated: field name → value; use :meth:`to_dict`."""
        deprecated_alias("StanceSummary", "as_dict()", "to_dict()")
        return self.to_dict()

    def __getitem__(self, key):  # dict-style access, summary["steps_per_km"]
        return getattr(self, key)

    def keys(self):
        """The summary's names (dict-style access: ``summary["steps_per_km"]``)."""
        return self.to_dict().keys()


SUMMARY_KEYS = tuple(StanceSummary.__dataclass_fields__)


def _scalar(a):
    a = np.asarray(a, dtype=float)
    return float(a) if a.ndim == 0 else a


def stance_summary(result) -> StanceSummary:
    """Summaries of a :class:`~pfsim.gait.model.StanceResult` (see the module docstring)."""
    shape = np.shape(result.time_s)[:-1]
    nan = np.full(shape, np.nan)
    bw = np.asarray(result.body_mass_kg, dtype=float) * G_M_S2

    def peak(a):
        return nan if a is None else np.max(a, axis=-1)

    integral = np.trapezoid(result.contact_stress_MPa, result.time_s, axis=-1)
    if result.speed_m_s is not None and result.step_time_s is not None:
        steps_per_km = 1000.0 / (np.asarray(result.speed_m_s) * np.asarray(result.step_time_s))
    else:
        steps_per_km = nan
    m_peak = peak(result.knee_extension_moment_Nm)
    fq = peak(result.quad_force_N)
    jrf = peak(result.joint_reaction_force_N)
    grf = peak(result.vertical_grf_N)
    out = {
        "peak_knee_flexion_deg": peak(result.knee_flexion_deg),
        "peak_knee_extension_moment_Nm": m_peak,
        "peak_knee_extension_moment_Nm_kg": m_peak / np.asarray(result.body_mass_kg),
        "peak_quad_force_N": fq,
        "peak_quad_force_bw": fq / bw,
        "peak_joint_reaction_force_N": jrf,
        "peak_joint_reaction_force_bw": jrf / bw,
        "peak_contact_stress_MPa": peak(result.contact_stress_MPa),
        "peak_lateral_facet_stress_MPa": peak(result.lateral_facet_stress_MPa),
        "stress_time_integral_per_step_MPa_s": integral,
        "steps_per_km": steps_per_km,
        "stress_time_integral_per_km_MPa_s": integral * steps_per_km / 2.0,
        "contact_time_s": np.broadcast_to(result.contact_time_s, shape),
        "peak_vertical_grf_N": grf,
        "peak_vertical_grf_bw": grf / bw,
    }
    return StanceSummary(**{k: _scalar(v) for k, v in out.items()})
