"""Strength study: hip-abductor, quadriceps and VMO capacity → hip adduction and facet stress."""

from __future__ import annotations

import numpy as np

from ..plotting.studies import strength_figure
from ._scaffold import StudyResult, _finish, _quiet

__all__ = [
    "STRENGTH_HIP_LEVELS",
    "STRENGTH_OUTPUTS",
    "STRENGTH_QUAD_LEVELS",
    "STRENGTH_VMO_LEVELS",
    "strength_study",
]

# ------------------------------------------------------------------------------------------------
# Strength
# ------------------------------------------------------------------------------------------------
#: Hip-abductor strength relative to the healthy norm: 0.6-1.4 (people with patellofemoral pain had
#: 21-25 % lower isometric hip-abduction strength than controls, PMID 30471549, via pfsim.runner).
STRENGTH_HIP_LEVELS = tuple(float(v) for v in np.linspace(0.6, 1.4, 9))
#: VMO activation relative to normal (assumption: 0.5-1, no population data found).
STRENGTH_VMO_LEVELS = (0.5, 0.75, 1.0)
#: Quadriceps strength relative to the norm.
STRENGTH_QUAD_LEVELS = (0.75, 1.0, 1.25)

STRENGTH_OUTPUTS = (
    "peak_hip_adduction_deg",
    "hip_abductor_utilisation_rel",
    "peak_lateral_facet_stress_MPa",
    "peak_medial_facet_stress_MPa",
    "peak_contact_stress_MPa",
    "stress_time_integral_per_km_MPa_s",
    "quadriceps_demand_rel",
)


def strength_study(
    out_dir=None,
    *,
    hip_abductor_strength_rel=STRENGTH_HIP_LEVELS,
    vmo_activation=STRENGTH_VMO_LEVELS,
    quadriceps_strength_rel=STRENGTH_QUAD_LEVELS,
    runner=None,
    executor=None,
    figure_format: str = "png",
    dpi: float = 150,
) -> StudyResult:
    """Hip-abductor, quadriceps and VMO capacity → hip adduction, lateral facet stress, peak stress.

    A grid over the three capacities through the runner-profile mechanisms of :mod:`pfsim.runner`
    (:func:`pfsim.models.runner_model`): hip-abductor capacity against the hip-abduction
    moment demand of stance sets peak hip adduction (:func:`pfsim.runner.hip_abductor_mechanism`;
    its strength-kinematics exponent is a documented assumption, default 1), which the frontal joint
    model turns into knee abduction and a lateral pull on the patella; VMO activation changes the
    quadriceps' frontal pull (:func:`pfsim.runner.vmo_mechanism`); quadriceps strength sets the
    knee's share of the leg compression, i.e. knee flexion under load
    (:func:`pfsim.runner.quadriceps_mechanism`, issue 12), and the reported share of capacity that
    stance demands (:func:`pfsim.runner.quadriceps_demand_rel`). The running pattern is taken to match the strengths
    (a runner who moves with the strength they have); strengthening *without* movement retraining
    changes none of these kinematics (Willy & Davis 2011; :func:`pfsim.runner.strengthen`).

    Parameters
    ----------
    out_dir : path, optional
        Folder for ``strength.csv`` (+ ``.json``) and ``strength.png``.
    hip_abductor_strength_rel, vmo_activation, quadriceps_strength_rel : sequence of float
        Levels of the grid (relative to the healthy norm; 1 = norm).
    runner : pfsim.runner.Runner, optional
        Body size and running of the runner (default: the healthy reference :class:`Runner`).
    executor : concurrent.futures.Executor, optional
    figure_format : {"png", "svg", "pdf"}
        File format of the figure written with ``out_dir`` (:func:`pfsim.plotting.save_figure`).
    dpi : float
        Resolution of a PNG figure [dots per inch].

    Returns
    -------
    StudyResult
        Table: the three capacities and :data:`STRENGTH_OUTPUTS`.

    Examples
    --------
    >>> r = strength_study(hip_abductor_strength_rel=[0.8, 1.0], vmo_activation=[1.0],
    ...                    quadriceps_strength_rel=[1.0])
    >>> r["peak_hip_adduction_deg"].round(1)
    array([13. , 10.4])
    """
    from ..models import MODELS, runner_model
    from ..runner import Runner
    from ..sweep import Table, grid_design, run_sweep

    rn = Runner() if runner is None else runner
    units = MODELS["runner"].units
    problem = _strength_problem(
        rn, hip_abductor_strength_rel, vmo_activation, quadriceps_strength_rel, units
    )
    with _quiet():
        res = run_sweep(runner_model, grid_design(problem), executor=executor)
    cols = {k: res[k] for k in problem.names}
    cols.update({k: res[k] for k in STRENGTH_OUTPUTS})
    table = Table(
        cols,
        title="Strength: capacity vs hip adduction and patellofemoral stress",
        meta={
            "study": "strength",
            "model": "pfsim.models.runner_model",
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "design_sha256": res.design.sha256,
            "runner": rn.name,
            "assumption": "running pattern matches the given strengths (gait retrained); "
            "strength_kinematics_exponent = 1 (pfsim.runner.Assumptions)",
            "note": "model predictions; nothing tuned to published strength effects",
        },
        units={**{k: "1" for k in problem.names}, **{k: units[k] for k in STRENGTH_OUTPUTS}},
    )
    return _finish(
        "strength", table, strength_figure, out_dir, res, figure_format=figure_format, dpi=dpi
    )


def _strength_problem(
    rn, hip_abductor_strength_rel, vmo_activation, quadriceps_strength_rel, units
):
    """The sweep problem of :func:`strength_study`: the three capacities around runner ``rn``."""
    from ..sweep import Input, Problem

    constants = {
        "body_mass_kg": rn.body_mass_kg,
        "height_m": rn.height_m,
        "speed_m_s": rn.speed_m_s,
        "step_rate_spm": rn.resolved_step_rate_spm,
        "q_angle_deg": rn.resolved_q_angle_deg,
        "lateral_tightness_N": rn.lateral_retinaculum_N,
        "rearfoot_eversion_excess_deg": rn.rearfoot_eversion_excess_deg,
        "hip_external_rotator_strength_rel": rn.hip_external_rotator_strength_rel,
    }
    return Problem(
        [
            Input("hip_abductor_strength_rel", unit="1", levels=list(hip_abductor_strength_rel)),
            Input("vmo_activation", unit="1", levels=list(vmo_activation)),
            Input("quadriceps_strength_rel", unit="1", levels=list(quadriceps_strength_rel)),
        ],
        constants=constants,
        outputs={k: units[k] for k in STRENGTH_OUTPUTS},
        model="runner",
        name="strength",
        description="hip abductor, VMO and quadriceps capacity through the pfsim.runner mechanisms",
    )
