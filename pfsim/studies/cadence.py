"""Cadence study: step rate −15 … +15 % of preferred at several speeds → stress and dose."""

from __future__ import annotations

import numpy as np

from ..plotting.studies import cadence_figure
from ._scaffold import DEFAULT_RUNNER, StudyResult, _finish, _quiet

__all__ = [
    "CADENCE_CHANGES_PCT",
    "CADENCE_OUTPUTS",
    "CADENCE_RELATIVE",
    "CADENCE_SPEEDS_M_S",
    "cadence_study",
]

# ------------------------------------------------------------------------------------------------
# Cadence
# ------------------------------------------------------------------------------------------------
#: Speeds of the cadence study [m/s]: 9-14.4 km/h, recreational running, inside the 1.64-4.68 m/s data
#: of the preferred step-rate relation (van Oeveren et al. 2019) and the 8-20 km/h of the contact-time
#: relation (:func:`pfsim.gait.contact_time_s`).
CADENCE_SPEEDS_M_S = (2.5, 3.0, 3.5, 4.0)

#: Step-rate changes from preferred [%]: −15 … +15 in 2.5 % steps (Heiderscheit et al. 2011 tested
#: ±5 and ±10 %; cadence retraining usually targets +5 … +10 %).
CADENCE_CHANGES_PCT = tuple(float(v) for v in np.linspace(-15.0, 15.0, 13))

#: Outputs of the cadence study and the ones reported relative to preferred.
CADENCE_OUTPUTS = (
    "step_rate_used_spm",
    "contact_time_s",
    "peak_knee_flexion_deg",
    "peak_knee_extension_moment_Nm_kg",
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "stress_time_integral_per_step_MPa_s",
    "stress_time_integral_per_km_MPa_s",
    "lateral_facet_stress_time_integral_per_km_MPa_s",
)
CADENCE_RELATIVE = {
    "peak_contact_stress_MPa": "peak_contact_stress_change_pct",
    "peak_lateral_facet_stress_MPa": "peak_lateral_facet_stress_change_pct",
    "stress_time_integral_per_step_MPa_s": "dose_per_step_change_pct",
    "stress_time_integral_per_km_MPa_s": "dose_per_km_change_pct",
}


def cadence_study(
    out_dir=None,
    *,
    speeds_m_s=CADENCE_SPEEDS_M_S,
    step_rate_change_pct=CADENCE_CHANGES_PCT,
    body_mass_kg: float = DEFAULT_RUNNER["body_mass_kg"],
    height_m: float = DEFAULT_RUNNER["height_m"],
    executor=None,
    figure_format: str = "png",
    dpi: float = 150,
) -> StudyResult:
    """Step rate −15 … +15 % of preferred at several speeds → peak stress, lateral facet stress, dose.

    A full-factorial grid (speed × step-rate change) through the running stance model
    (:func:`pfsim.models.stance_model`: spring-mass stance, knee state, sagittal chain and
    frontal facet model) on the sweep engine. The preferred step rate at each speed is van Oeveren et
    al. (2019): ``2 (75.01 + 3.006 v)`` steps/min; speed is held while step rate changes (so step
    length changes inversely), as in Heiderscheit et al. (2011).

    Parameters
    ----------
    out_dir : path, optional
        Folder for ``cadence.csv`` (+ ``cadence.json`` provenance) and ``cadence.png``.
    speeds_m_s : sequence of float
        Running speeds [m/s] (default :data:`CADENCE_SPEEDS_M_S`).
    step_rate_change_pct : sequence of float
        Step-rate changes from preferred [%] (default :data:`CADENCE_CHANGES_PCT`); 0 should be
        among them for the relative columns to read naturally (they are computed against a separate
        preferred-rate evaluation either way).
    body_mass_kg, height_m : float
        The runner (default :data:`DEFAULT_RUNNER`).
    executor : concurrent.futures.Executor, optional
        Where the sweep's chunks run.
    figure_format : {"png", "svg", "pdf"}
        File format of the figure written with ``out_dir`` (:func:`pfsim.plotting.save_figure`).
    dpi : float
        Resolution of a PNG figure [dots per inch].

    Returns
    -------
    StudyResult
        Table columns: ``speed_m_s``, ``step_rate_change_pct``, :data:`CADENCE_OUTPUTS`, and the
        change from preferred at the same speed [%] of peak stress, peak lateral facet stress, dose per
        step and dose per km (:data:`CADENCE_RELATIVE`).

    Notes
    -----
    Per-step dose is the stress-time integral of mean contact stress over one stance [MPa·s]; per-km
    dose counts every second step for one knee (:mod:`pfsim.gait.summaries`). A higher step rate
    shortens each stance and lowers its peak, but adds steps per km: the per-km dose is the balance.

    References
    ----------
    Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB (2011). Effects of step rate
    manipulation on joint mechanics during running. Med Sci Sports Exerc 43(2):296-302.
    doi:10.1249/MSS.0b013e3181ebedf4

    van Oeveren BT, de Ruiter CJ, Beek PJ, Rispens SM, van Dieën JH (2019). Inter-individual
    differences in stride frequencies during running obtained from wearable data. J Sports Sci
    37(17):1996-2006.

    Examples
    --------
    >>> r = cadence_study(speeds_m_s=[3.0], step_rate_change_pct=[-10.0, 0.0, 10.0])
    >>> r["step_rate_spm"].round(1)
    array([151.3, 168.1, 184.9])
    """
    from ..models import stance_model
    from ..sweep import grid_design, run_sweep

    speeds = [float(v) for v in speeds_m_s]
    problem = _cadence_problem(speeds, step_rate_change_pct, body_mass_kg, height_m)
    with _quiet():
        res = run_sweep(stance_model, grid_design(problem), executor=executor)
        pref = stance_model(
            speed_m_s=np.asarray(speeds), body_mass_kg=body_mass_kg, height_m=height_m
        )
    table = _cadence_table(problem, res, pref, speeds, body_mass_kg, height_m)
    return _finish(
        "cadence", table, cadence_figure, out_dir, res, figure_format=figure_format, dpi=dpi
    )


def _cadence_problem(speeds, step_rate_change_pct, body_mass_kg, height_m):
    """The sweep problem of :func:`cadence_study`: speed × step-rate change on the stance model."""
    from ..models import MODELS
    from ..sweep import Input, Problem

    units = MODELS["stance"].units
    changes = [float(v) for v in step_rate_change_pct]
    return Problem(
        [
            Input("speed_m_s", unit="m/s", levels=speeds),
            Input("step_rate_change_pct", unit="%", levels=changes),
        ],
        constants={"body_mass_kg": body_mass_kg, "height_m": height_m},
        outputs={k: units[k] for k in CADENCE_OUTPUTS},
        model="stance",
        name="cadence",
        description="step rate relative to preferred (van Oeveren 2019) at several speeds",
    )


def _cadence_table(problem, res, pref, speeds, body_mass_kg, height_m):
    """The table of :func:`cadence_study`: sweep outputs and changes from the preferred step rate.

    ``pref`` is the stance model at each speed's preferred step rate; the relative columns
    (:data:`CADENCE_RELATIVE`) compare each row with the preferred rate at the same speed.
    """
    from ..models import MODELS
    from ..sweep import Table

    units = MODELS["stance"].units
    idx = np.searchsorted(np.asarray(speeds), res["speed_m_s"], sorter=np.argsort(speeds))
    idx = np.argsort(speeds)[idx]
    cols = {
        "speed_m_s": res["speed_m_s"],
        "step_rate_change_pct": res["step_rate_change_pct"],
        "step_rate_spm": res["step_rate_used_spm"],
    }
    tunits = {"speed_m_s": "m/s", "step_rate_change_pct": "%", "step_rate_spm": "steps/min"}
    for k in CADENCE_OUTPUTS[1:]:
        cols[k] = res[k]
        tunits[k] = units[k]
    for k, rel in CADENCE_RELATIVE.items():
        cols[rel] = 100.0 * (res[k] / pref[k][idx] - 1.0)
        tunits[rel] = "%"
    return Table(
        cols,
        title="Cadence: step rate vs patellofemoral stress and dose",
        meta={
            "study": "cadence",
            "model": "pfsim.models.stance_model",
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "design_sha256": res.design.sha256,
            "preferred_step_rate": "van Oeveren et al. 2019: 2 (75.01 + 3.006 v) steps/min",
            "preferred_step_rate_spm": dict(
                zip(map(str, speeds), pref["step_rate_used_spm"].tolist(), strict=True)
            ),
            "runner": {"body_mass_kg": body_mass_kg, "height_m": height_m},
            "note": "model predictions; nothing tuned to published step-rate effects",
        },
        units=tunits,
    )
