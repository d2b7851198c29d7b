"""Sensitivity study: Sobol' indices of stress and dose to the runner profile, over a population."""

from __future__ import annotations

import warnings

from ..plotting.studies import sensitivity_figure
from ._scaffold import StudyResult, _finish, _quiet

__all__ = ["PROFILE_INPUTS", "SENSITIVITY_OUTPUTS", "profile_problem", "sensitivity_study"]


# ------------------------------------------------------------------------------------------------
# Global sensitivity over the runner profile
# ------------------------------------------------------------------------------------------------
def _truncnorm(mean: float, sd: float, k: float = 2.0) -> dict:
    """A normal distribution truncated at ±k standard deviations (keeps inputs physiological)."""
    return {"name": "truncnorm", "a": -k, "b": k, "loc": mean, "scale": sd}


#: The runner-profile inputs of :func:`sensitivity_study`: (name, unit, distribution or bounds, source).
#: Normal distributions are truncated at ±2 SD so that every sampled runner stays physiological.
PROFILE_INPUTS = (
    ("speed_m_s", "m/s", (2.5, 4.0), "recreational speeds, 9-14.4 km/h (assumption)"),
    (
        "step_rate_change_pct",
        "%",
        (-10.0, 10.0),
        "step rate around preferred (van Oeveren 2019); ±10 % as Heiderscheit 2011",
    ),
    (
        "body_mass_kg",
        "kg",
        _truncnorm(75.3, 10.6),
        "256 runners, 75.3 ± 10.6 kg (van Oeveren et al. 2019)",
    ),
    (
        "height_m",
        "m",
        _truncnorm(1.814, 0.084),
        "256 runners, 181.4 ± 8.4 cm (van Oeveren et al. 2019)",
    ),
    (
        "knee_flexion_initial_contact_deg",
        "deg",
        _truncnorm(17.8, 4.0),
        "17.8 ± 4.0° (Heiderscheit et al. 2011 Table 3)",
    ),
    (
        "hip_adduction_peak_deg",
        "deg",
        _truncnorm(10.4, 3.3),
        "10.4 ± 3.3° (Heiderscheit et al. 2011 Table 3)",
    ),
    (
        "hip_internal_rotation_peak_deg",
        "deg",
        _truncnorm(4.4, 6.8),
        "4.4 ± 6.8° (Bramah et al. 2018 Tables 3-4)",
    ),
    (
        "q_angle_deg",
        "deg",
        _truncnorm(15.5, 3.0),
        "men 14 ± 3°, women 17 ± 3° (Aglietti, via REFERENCES §2b): mean 15.5, SD 3",
    ),
    (
        "vmo_activation",
        "1",
        (0.5, 1.0),
        "VMO activation relative to normal: uniform 0.5-1 (assumption; no population data found)",
    ),
    (
        "lateral_retinaculum_N",
        "N",
        (0.0, 90.0),
        "extra lateral retinaculum / ITB tension 0-90 N (cadaver ITB tensions, REFERENCES §2b)",
    ),
)

#: Outputs analysed by :func:`sensitivity_study`: peak mean and lateral facet stress, the peak
#: lateral load on the patella (what drives the facet split) and the per-km dose. With the patellar
#: ligament's centring no runner of this population takes the patella off the groove (before it,
#: ≈ 8 % did in part of stance, which left the facet stress undefined and kept it out of the study);
#: a NaN facet stress would make its indices NaN rather than silently wrong.
SENSITIVITY_OUTPUTS = (
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "peak_lateral_force_bw",
    "stress_time_integral_per_km_MPa_s",
)


def profile_problem(outputs=SENSITIVITY_OUTPUTS):
    """The runner-profile problem of :func:`sensitivity_study` (:data:`PROFILE_INPUTS`).

    Examples
    --------
    >>> len(profile_problem().inputs)
    10
    """
    from ..models import MODELS
    from ..sweep import Input, Problem

    inputs = []
    for name, unit, spec, source in PROFILE_INPUTS:
        kw = {"distribution": spec} if isinstance(spec, dict) else {"bounds": spec}
        inputs.append(Input(name, unit=unit, description=source, **kw))
    units = MODELS["stance"].units
    return Problem(
        inputs,
        outputs={k: units[k] for k in outputs},
        model="stance",
        name="runner_profile",
        description="runner profile population (distributions cited per input)",
    )


def sensitivity_study(
    out_dir=None,
    *,
    n: int = 512,
    outputs=SENSITIVITY_OUTPUTS,
    confidence_level: float | None = 0.95,
    n_resamples: int = 300,
    rng: int = 20240601,
    executor=None,
    figure_format: str = "png",
    dpi: float = 150,
) -> StudyResult:
    """Sobol' indices of stress and dose to the runner profile, over a population of runners.

    Which contributors matter most? First-order and total Sobol' indices (Saltelli et al. 2010
    estimator, :func:`pfsim.sweep.sobol_analysis`) of peak mean contact stress, peak lateral facet
    stress and per-km dose to the ten inputs of :data:`PROFILE_INPUTS` (speed, step rate, body size,
    knee and hip kinematics, Q-angle, VMO activation, lateral tightness), each with its cited
    population distribution. ``n (d + 2)`` = 6144 model runs at the default ``n = 512``.

    The indices answer "over this population, how much of the spread of the output does each input
    explain" for the model; they depend on the assumed ranges (two of which are assumptions,
    flagged in :data:`PROFILE_INPUTS`), and are not measured effects.

    Parameters
    ----------
    out_dir : path, optional
        Folder for ``sensitivity.csv`` (+ ``.json``) and ``sensitivity.png``.
    n : int
        Base sample size, a power of two.
    outputs : sequence of str
        Outputs of :func:`pfsim.models.stance_model` to analyse.
    confidence_level : float or None
        Bootstrap confidence intervals (None: skip them).
    n_resamples : int
        Bootstrap resamples.
    rng : int
        Seed (recorded).
    executor : concurrent.futures.Executor, optional
    figure_format : {"png", "svg", "pdf"}
        File format of the figure written with ``out_dir`` (:func:`pfsim.plotting.save_figure`).
    dpi : float
        Resolution of a PNG figure [dots per inch].

    Returns
    -------
    StudyResult
        ``table``: the :func:`pfsim.sweep.sobol_analysis` table (one row per output and input).
    """
    from scipy.stats import DegenerateDataWarning

    from ..models import stance_model
    from ..sweep import sobol_analysis

    problem = profile_problem(outputs)
    with _quiet(), warnings.catch_warnings():
        # an input with no effect on an output (index exactly 0) has a degenerate bootstrap: NaN CI
        warnings.simplefilter("ignore", DegenerateDataWarning)
        table = sobol_analysis(
            stance_model,
            problem,
            n=n,
            confidence_level=confidence_level,
            n_resamples=n_resamples,
            rng=rng,
            executor=executor,
        )
    table.meta["study"] = "sensitivity"
    table.meta["sources"] = {name: src for name, _, _, src in PROFILE_INPUTS}
    return _finish(
        "sensitivity",
        table,
        sensitivity_figure,
        out_dir,
        table.sweep,
        figure_format=figure_format,
        dpi=dpi,
    )
