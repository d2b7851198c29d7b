"""Built-in studies: the model composed with the sweep engine into tables and figures.

The mission studies (``pfsim study NAME``, ``pfsim demo``, ``experiments/``):

- :func:`cadence_study`: step rate −15 … +15 % of preferred at several speeds → peak mean and lateral
  facet stress, stress dose per step and per km;
- :func:`strength_study`: hip abductor, quadriceps and VMO capacity → hip adduction, lateral facet
  stress, peak stress;
- :func:`load_study`: weekly distance, progression, hills and speed work → dose, capacity and
  overload index;
- :func:`sensitivity_study`: Sobol' indices of stress and dose to the runner profile, for a
  population;
- :func:`mission_demo`: cadence, strength and load on the default runner (what ``pfsim demo`` runs).

Each study returns a :class:`StudyResult` (a :class:`pfsim.sweep.Table` of named arrays and, when
``out_dir`` is given, the written CSV, its provenance JSON and a PNG figure). Every number is a model
prediction: nothing is tuned to the published effects of cadence, strength or load changes
(``REFERENCES.md``: those are for validation only).

Figures use the Okabe & Ito (2008) colour-blind-safe palette with distinct line styles and markers;
every plotting function takes ``ax=None`` and returns the axes.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._checks import PfsimRangeWarning
from ..io import atomic_write_bytes, atomic_write_text, provenance, write_csv

__all__ = [
    "FRONTAL_DEMO_CASES",
    "frontal_demo",
    "CADENCE_CHANGES_PCT",
    "CADENCE_SPEEDS_M_S",
    "DEFAULT_CASE",
    "PROFILE_INPUTS",
    "STUDIES",
    "StudyResult",
    "cadence_figure",
    "cadence_study",
    "load_study",
    "mission_demo",
    "plot_cadence",
    "sagittal_curves",
    "sagittal_demo",
    "sensitivity_figure",
    "sensitivity_study",
    "strength_study",
]

#: The default case of the sagittal demo: a 70 kg runner at the peak knee extension moment of running
#: at the preferred step rate, 2.5 N·m/kg (Heiderscheit et al. 2011 Med Sci Sports Exerc 43:296,
#: Table 3), i.e. 175 N·m, shown across knee flexion 0-90 deg.
DEFAULT_CASE = {"body_mass_kg": 70.0, "knee_extension_moment_Nm_kg": 2.5}


def sagittal_curves(knee_flexion_deg=None, knee_extension_moment_Nm: float = 175.0) -> dict:
    """Lever arm, k, contact area and stress curves of every fit, NaN outside each fit's range."""
    from ..joint import geometry as g
    from ..joint import patellofemoral_load

    theta = np.arange(0.0, 90.5, 1.0) if knee_flexion_deg is None else np.asarray(knee_flexion_deg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        lever = {n: g.quadriceps_lever_arm_mm(theta, fit=n) for n in g.LEVER_ARM_FITS}
        k = {
            "k-model (Brechter & Powers 2002)": g.k_ratio(theta),
            "two-tendon, r = 1 (pfsim)": patellofemoral_load(
                theta, quad_force_N=1.0, model="two-tendon", area_fit="kernozek2015"
            ).k_ratio,
        }
        areas = {n: g.contact_area_mm2(theta, fit=n) for n in g.CONTACT_AREA_FITS}
        stress = {
            n: patellofemoral_load(
                theta, knee_extension_moment_Nm=knee_extension_moment_Nm, area_fit=n
            ).contact_stress_MPa
            for n in g.CONTACT_AREA_FITS
        }
    return {
        "knee_flexion_deg": theta,
        "lever_arm_mm": lever,
        "k_ratio": k,
        "contact_area_mm2": areas,
        "contact_stress_MPa": stress,
    }


def sagittal_demo(out_dir="pfsim-demo") -> list[Path]:
    """Write the sagittal curves of the default case as CSV + provenance JSON + PNG into ``out_dir``."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from ..plotting import sagittal_figure

    out = Path(out_dir)
    moment = DEFAULT_CASE["body_mass_kg"] * DEFAULT_CASE["knee_extension_moment_Nm_kg"]
    curves = sagittal_curves(knee_extension_moment_Nm=moment)
    cols = {"knee_flexion_deg": curves["knee_flexion_deg"]}
    for group, unit in (
        ("lever_arm_mm", "lever_arm_mm"),
        ("k_ratio", "k"),
        ("contact_area_mm2", "contact_area_mm2"),
        ("contact_stress_MPa", "contact_stress_MPa"),
    ):
        for name, values in curves[group].items():
            key = name.split(" ")[0].replace(",", "")
            cols[f"{unit}__{key}"] = values
    csv_path = write_csv(
        out / "sagittal_curves.csv",
        cols,
        comments=[
            f"pfsim sagittal curves; stress at a knee extension moment of {moment:g} N·m "
            "(70 kg x 2.5 N·m/kg, Heiderscheit 2011 Table 3)",
            "empty/nan outside each fit's data range",
        ],
    )
    prov = provenance({"study": "sagittal_demo", "case": DEFAULT_CASE, "moment_Nm": moment})
    prov_path = atomic_write_text(out / "sagittal_curves.json", json.dumps(prov, indent=2) + "\n")
    fig = sagittal_figure(curves, moment)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    import matplotlib.pyplot as plt

    plt.close(fig)
    png_path = atomic_write_bytes(out / "sagittal_curves.png", buf.getvalue())
    return [png_path, csv_path, prov_path]


# ================================================================================================
# Mission studies
# ================================================================================================
#: The default runner of the mission studies: the stance model's reference runner (70 kg, 1.75 m,
#: 3.0 m/s at the preferred step rate; :data:`pfsim.gait.stance.REFERENCE_SCENARIO`, Heiderscheit
#: et al. 2011 Table 3 baseline).
DEFAULT_RUNNER = {"body_mass_kg": 70.0, "height_m": 1.75, "speed_m_s": 3.0}


@dataclass
class StudyResult:
    """What a study returns: its table (named arrays), the files written, the underlying sweep.

    Attributes
    ----------
    name : str
    table : pfsim.sweep.Table
        Named, equal-length columns; ``table.units`` gives units, ``table.meta`` the settings.
    paths : list of pathlib.Path
        Written files (PNG, CSV, provenance JSON), empty without ``out_dir``.
    sweep : pfsim.sweep.SweepResult or None
    """

    name: str
    table: object
    paths: list = field(default_factory=list)
    sweep: object = None

    def __getitem__(self, key):
        return self.table[key]


#: The frontal demo's states: a normal knee, and the same knee with the frontal contributors of the
#: clinical article changed one step each (Q-angle 20°, hip adduction 10°, VMO at half activation).
FRONTAL_DEMO_CASES = {
    "normal knee": {},
    "Q 20°, hip adduction 10°, VMO 0.5": {
        "q_angle_deg": 20.0,
        "hip_adduction_deg": 10.0,
        "vmo_activation": 0.5,
    },
}


def frontal_demo(out_dir="pfsim-demo", quad_force_N: float = 2500.0) -> list[Path]:
    """Frontal free-body diagrams (30° flexion) and facet curves (20-60°) for two knees.

    Writes ``frontal_free_body.png`` (the patella on the groove, to scale, for each case in
    :data:`FRONTAL_DEMO_CASES`) and ``frontal_facets.csv`` (+ provenance JSON): lateral and medial
    facet stress, lateral shift and tilt over 20-60° flexion at ``quad_force_N`` (salsich2003 areas).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..joint import patellofemoral_load
    from ..plotting import plot_frontal_free_body

    out = Path(out_dir)
    fig, axs = plt.subplots(1, 2, figsize=(15, 5.8), layout="constrained")
    for ax, (label, kw) in zip(axs, FRONTAL_DEMO_CASES.items(), strict=True):
        plot_frontal_free_body(30.0, quad_force_N, ax=ax, **kw)
        ax.set_title(f"{label}: {ax.get_title(loc='left')}", loc="left", fontsize="small")
    png = _save_png(fig, out / "frontal_free_body.png")

    theta = np.arange(20.0, 60.5, 5.0)
    cols = {"knee_flexion_deg": theta}
    for kw in FRONTAL_DEMO_CASES.values():
        key = "normal" if not kw else "altered"
        r = patellofemoral_load(theta, quad_force_N=quad_force_N, area_fit="salsich2003", **kw)
        for name in (
            "lateral_facet_stress_MPa",
            "medial_facet_stress_MPa",
            "lateral_shift_mm",
            "lateral_tilt_deg",
        ):
            cols[f"{name}__{key}"] = getattr(r, name)
    csv_path = write_csv(
        out / "frontal_facets.csv",
        cols,
        comments=[
            f"pfsim frontal facets at a quadriceps force of {quad_force_N:g} N (salsich2003 areas)",
            f"altered = {FRONTAL_DEMO_CASES['Q 20°, hip adduction 10°, VMO 0.5']}",
        ],
    )
    prov = provenance(
        {"study": "frontal_demo", "cases": FRONTAL_DEMO_CASES, "quad_force_N": quad_force_N}
    )
    prov_path = atomic_write_text(out / "frontal_facets.json", json.dumps(prov, indent=2) + "\n")
    return [png, csv_path, prov_path]


def _okabe_ito():
    from ..plotting import LINESTYLES, OKABE_ITO

    return OKABE_ITO, LINESTYLES


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def _label(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


def _save_png(fig, path: Path) -> Path:
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    plt.close(fig)
    return atomic_write_bytes(path, buf.getvalue())


def _finish(name: str, table, figure_fn, out_dir, sweep=None) -> StudyResult:
    """Write ``<name>.csv`` (+ ``.json`` provenance) and ``<name>.png`` when ``out_dir`` is given."""
    paths = []
    if out_dir is not None:
        import matplotlib

        matplotlib.use("Agg")
        out = Path(out_dir)
        csv_path = table.to_csv(out / f"{name}.csv")
        fig = figure_fn(table)
        paths = [_save_png(fig, out / f"{name}.png"), csv_path, csv_path.with_suffix(".json")]
    return StudyResult(name, table, paths, sweep)


@contextlib.contextmanager
def _quiet():
    """Silence the once-per-call range warnings inside a study (NaN rows show in the table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PfsimRangeWarning)
        yield


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
    from ..models import MODELS, stance_model
    from ..sweep import Input, Problem, Table, grid_design, run_sweep

    units = MODELS["stance"].units
    speeds = [float(v) for v in speeds_m_s]
    changes = [float(v) for v in step_rate_change_pct]
    problem = Problem(
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
    with _quiet():
        res = run_sweep(stance_model, grid_design(problem), executor=executor)
        pref = stance_model(
            speed_m_s=np.asarray(speeds), body_mass_kg=body_mass_kg, height_m=height_m
        )
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
    table = Table(
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
    return _finish("cadence", table, cadence_figure, out_dir, res)


def plot_cadence(table, output: str = "peak_contact_stress_MPa", ax=None):
    """One output of :func:`cadence_study` against step-rate change, one line per speed.

    Parameters
    ----------
    table : Table
        ``cadence_study(...).table``.
    output : str
        A column of the table (e.g. ``"stress_time_integral_per_km_MPa_s"``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    colours, styles = _okabe_ito()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    speed = np.asarray(table["speed_m_s"])
    x = np.asarray(table["step_rate_change_pct"])
    y = np.asarray(table[output])
    for i, v in enumerate(np.unique(speed)):
        m = speed == v
        order = np.argsort(x[m])
        rate0 = table.meta.get("preferred_step_rate_spm", {}).get(str(float(v)))
        extra = f", preferred {rate0:.0f} steps/min" if rate0 else ""
        ax.plot(
            x[m][order],
            y[m][order],
            color=colours[i % len(colours)],
            ls=styles[i % len(styles)],
            marker=MARKERS[i % len(MARKERS)],
            ms=4,
            lw=1.8,
            label=f"{v:.1f} m/s ({v * 3.6:.1f} km/h{extra})",
        )
    ax.axvline(0.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Step rate change from preferred [%]")
    ax.set_ylabel(_label(_PRETTY.get(output, output), table.units.get(output, "")))
    ax.grid(True, alpha=0.3)
    return ax


_PRETTY = {
    "peak_contact_stress_MPa": "Peak mean contact stress",
    "peak_lateral_facet_stress_MPa": "Peak lateral facet stress",
    "stress_time_integral_per_step_MPa_s": "Stress dose per step (one stance)",
    "stress_time_integral_per_km_MPa_s": "Stress dose per km (one knee)",
    "lateral_facet_stress_time_integral_per_km_MPa_s": "Lateral facet dose per km",
    "peak_hip_adduction_deg": "Peak hip adduction",
    "peak_lateral_force_bw": "Peak lateral load on the patella",
    "off_groove_fraction": "Share of stance off the groove",
}


def cadence_figure(table):
    """Four panels of :func:`plot_cadence`: peak stress, lateral facet stress, dose per step, per km."""
    import matplotlib.pyplot as plt

    fig, axs = plt.subplots(2, 2, figsize=(10, 7.8), layout="constrained")
    panels = (
        "peak_contact_stress_MPa",
        "peak_lateral_facet_stress_MPa",
        "stress_time_integral_per_step_MPa_s",
        "stress_time_integral_per_km_MPa_s",
    )
    for ax, out in zip(axs.flat, panels, strict=True):
        plot_cadence(table, out, ax=ax)
    handles, labels = axs[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
    fig.suptitle(
        "Cadence: step rate vs patellofemoral stress at constant speed "
        f"({table.meta['runner']['body_mass_kg']:g} kg, {table.meta['runner']['height_m']:g} m; "
        "model predictions)"
    )
    return fig


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
    return _finish("sensitivity", table, sensitivity_figure, out_dir, table.sweep)


def plot_profile_sensitivity(table, ax=None):
    """Total (bars, with CI) and first-order (markers) Sobol' indices of each output to each input.

    Parameters
    ----------
    table : Table
        From :func:`sensitivity_study` (or :func:`pfsim.sweep.sobol_analysis`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    colours, _ = _okabe_ito()
    outs = list(dict.fromkeys(table["output"]))
    ins = list(dict.fromkeys(table["input"]))
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 1.5 + 0.55 * len(ins)), layout="constrained")
    units = dict(zip(table["input"], table["unit"], strict=True))
    ou = table.meta.get("output_units", {})
    h = 0.8 / len(outs)
    y0 = np.arange(len(ins))[::-1].astype(float)
    hatches = [None, "//", ".."]
    for j, o in enumerate(outs):
        t = table.select(output=o)
        order = [list(t["input"]).index(i) for i in ins]
        st, s1 = t["total_order"][order], t["first_order"][order]
        lo, hi = t["total_order_low"][order], t["total_order_high"][order]
        y = y0 + 0.4 - h * (j + 0.5)
        err = None
        if np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)):
            err = np.vstack([np.clip(st - lo, 0, None), np.clip(hi - st, 0, None)])
        label = _label(_PRETTY.get(o, o), ou.get(o, ""))
        ax.barh(
            y,
            st,
            height=h,
            color=colours[j],
            hatch=hatches[j % 3],
            edgecolor="white",
            linewidth=0.5,
            xerr=err,
            error_kw={"ecolor": "0.2", "elinewidth": 0.8, "capsize": 2},
            label=f"{label}: total $S_T$",
        )
        ax.plot(s1, y, ls="none", marker="|", ms=9, mew=2.2, color="black")
    ax.plot([], [], ls="none", marker="|", ms=9, mew=2.2, color="black", label="first-order $S_1$")
    ax.set_yticks(y0, [_label(i, units[i]) for i in ins])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-0.02, 1.0)
    ax.set_xlabel("Sobol' index [fraction of output variance]")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize="small", frameon=False, loc="lower right")
    return ax


def sensitivity_figure(table):
    """The figure of :func:`sensitivity_study`: :func:`plot_profile_sensitivity` with a title."""
    import matplotlib.pyplot as plt

    ins = list(dict.fromkeys(table["input"]))
    fig, ax = plt.subplots(figsize=(9, 2.0 + 0.6 * len(ins)), layout="constrained")
    plot_profile_sensitivity(table, ax=ax)
    cl = table.meta.get("confidence_level")
    ci = f", bars {cl:.0%} bootstrap CI" if cl else ""
    fig.suptitle(
        "Which runner-profile inputs drive patellofemoral stress? Sobol' indices over a runner "
        f"population\n(n = {table.meta.get('n_base')}, {table.meta.get('evaluations')} model "
        f"runs{ci}; model predictions)",
        fontsize="medium",
    )
    return fig


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
) -> StudyResult:
    """Hip-abductor, quadriceps and VMO capacity → hip adduction, lateral facet stress, peak stress.

    A grid over the three capacities through the runner-profile mechanisms of :mod:`pfsim.runner`
    (:func:`pfsim.models.runner_model`): hip-abductor capacity against the hip-abduction
    moment demand of stance sets peak hip adduction (:func:`pfsim.runner.hip_abductor_mechanism`;
    its strength-kinematics exponent is a documented assumption, default 1), which the frontal joint
    model turns into knee abduction and a lateral pull on the patella; VMO activation changes the
    quadriceps' frontal pull (:func:`pfsim.runner.vmo_mechanism`); quadriceps strength sets only the
    share of capacity that stance demands (:func:`pfsim.runner.quadriceps_demand_rel`): it changes
    no force, because running is submaximal. The running pattern is taken to match the strengths
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
    from ..sweep import Input, Problem, Table, grid_design, run_sweep

    rn = Runner() if runner is None else runner
    units = MODELS["runner"].units
    constants = {
        "body_mass_kg": rn.body_mass_kg,
        "height_m": rn.height_m,
        "speed_m_s": rn.speed_m_s,
        "step_rate_spm": rn.resolved_step_rate_spm,
        "q_angle_deg": rn.resolved_q_angle_deg,
        "lateral_tightness_N": rn.lateral_tightness_N,
        "rearfoot_eversion_excess_deg": rn.rearfoot_eversion_excess_deg,
        "hip_external_rotator_strength_rel": rn.hip_external_rotator_strength_rel,
    }
    problem = Problem(
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
    return _finish("strength", table, strength_figure, out_dir, res)


#: Why an output of the strength study is the same for every VMO activation (shown in the panel).
_SAME_FOR_VMO = {
    "peak_hip_adduction_deg": "the VMO acts at the knee, not at the hip",
    "peak_contact_stress_MPa": "in the model the VMO and the hip abductors act only in the frontal "
    "plane: they shift stress between the facets, not the total force or the contact area",
    "stress_time_integral_per_km_MPa_s": "in the model the VMO and the hip abductors act only in "
    "the frontal plane: they shift stress between the facets, not the total force or the contact "
    "area",
}

#: Colours of the strength figure's lines that are not split by VMO level (Okabe-Ito black, grey).
_NEUTRAL = ("#000000", "#7F7F7F")


def plot_strength(table, output: str, *, by: str = "vmo_activation", ax=None, legend: bool = True):
    """An output of :func:`strength_study` against hip-abductor strength, one line per ``by`` level.

    Rows where the third capacity is not at 1 (the norm) are left out. Levels whose lines coincide
    exactly are drawn once, labelled with all their levels; when every level gives the same line it
    is drawn in black with a note, and an output that does not vary at all gets a y-axis from 0 and
    a note saying so, instead of an auto-zoomed flat line.
    """
    colours, styles = _okabe_ito()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    x = np.asarray(table["hip_abductor_strength_rel"])
    other = "quadriceps_strength_rel" if by == "vmo_activation" else "vmo_activation"
    keep = np.isclose(np.asarray(table[other]), 1.0)
    if not keep.any():
        keep = np.ones_like(x, dtype=bool)
    name = "VMO activation" if by == "vmo_activation" else by
    levels = np.unique(np.asarray(table[by])[keep])[::-1]
    curves = []
    for lv in levels:
        m = keep & np.isclose(np.asarray(table[by]), lv)
        order = np.argsort(x[m])
        curves.append((100 * x[m][order], np.asarray(table[output], dtype=float)[m][order]))
    groups: list[list[int]] = []  # indices of levels whose lines coincide exactly
    for i, (xs, ys) in enumerate(curves):
        for g in groups:
            xg, yg = curves[g[0]]
            if (
                xs.shape == xg.shape
                and np.array_equal(xs, xg)
                and np.allclose(ys, yg, rtol=1e-9, atol=0.0, equal_nan=True)
            ):
                g.append(i)
                break
        else:
            groups.append([i])
    all_same = len(groups) == 1 and len(levels) > 1
    for g in groups:
        i = g[0]
        if all_same:
            lv = ", ".join(f"{levels[j]:g}" for j in g[:-1]) + f" and {levels[g[-1]]:g}"
            label = f"{name} {lv}:\nidentical lines"
            if output in _SAME_FOR_VMO and not _flat(curves):
                label += f" ({_wrap(_SAME_FOR_VMO[output], 28)})"
            style = {"color": _NEUTRAL[0], "ls": "-", "marker": "o"}
        else:
            lv = ", ".join(f"{levels[j]:g}" for j in g)
            label = f"{name} {lv}" + (" (identical)" if len(g) > 1 else "")
            style = {
                "color": colours[i % len(colours)],
                "ls": styles[i % len(styles)],
                "marker": MARKERS[i % len(MARKERS)],
            }
        ax.plot(*curves[i], ms=4, lw=1.8, label=label, **style)
    ax.axvline(100.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Hip-abductor strength [% of healthy norm]")
    pretty = {
        "peak_hip_adduction_deg": "Peak hip adduction",
        "peak_lateral_facet_stress_MPa": "Peak lateral facet stress",
        "peak_contact_stress_MPa": "Peak mean contact stress",
    }
    title = pretty.get(output, output)
    ax.set_ylabel(_label(title, table.units.get(output, "")))
    ax.grid(True, alpha=0.3)
    flat = _flat(curves)
    if flat:  # a constant: show it from 0, not on an axis zoomed into rounding noise
        y = np.concatenate([c[1] for c in curves])
        v = float(np.nanmean(y))
        lo, hi = (0.0, 1.7 * v) if v > 0 else (1.7 * v, 0.0) if v < 0 else (-1.0, 1.0)
        ax.set_ylim(lo, hi)
        why = _SAME_FOR_VMO.get(output)
        note = (
            f"{title} is {v:.3g} {table.units.get(output, '')} at every hip-abductor strength "
            f"and {name}" + (f": {why}." if why else ".")
        )
        ax.text(
            0.5, 0.05, _wrap(note, 58), transform=ax.transAxes, ha="center", va="bottom", fontsize=9
        )
    elif not all_same:  # room above the lines for the legend
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.3 * (hi - lo))
    if legend:
        ax.legend(frameon=False, loc="upper right")
    return ax


def _flat(curves) -> bool:
    """True when every finite value of every curve is the same (to 1e-9, relative)."""
    y = np.concatenate([c[1] for c in curves])
    y = y[np.isfinite(y)]
    return y.size > 0 and bool(np.ptp(y) <= 1e-9 * max(abs(float(y.mean())), 1e-300))


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def plot_quadriceps_demand(table, ax=None):
    """Share of quadriceps capacity that stance demands against quadriceps strength.

    Drawn in black and grey: these lines are not split by VMO level (the colours of the strength
    figure's other panels).
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    q = np.asarray(table["quadriceps_strength_rel"])
    keep = np.isclose(np.asarray(table["hip_abductor_strength_rel"]), 1.0) & np.isclose(
        np.asarray(table["vmo_activation"]), 1.0
    )
    if not keep.any():
        keep = np.ones_like(q, dtype=bool)
    order = np.argsort(q[keep])
    qs = q[keep][order]
    ax.plot(
        100 * qs,
        100 * np.asarray(table["quadriceps_demand_rel"])[keep][order],
        color=_NEUTRAL[0],
        marker="o",
        lw=1.8,
        label="quadriceps demand / capacity",
    )
    stress = np.asarray(table["peak_contact_stress_MPa"])[keep][order]
    rel = 100 * stress / stress[np.argmin(abs(qs - 1))]
    same = np.allclose(rel, 100.0, rtol=1e-9)
    ax.plot(
        100 * qs,
        rel,
        color=_NEUTRAL[1],
        ls="--",
        marker="s",
        lw=1.8,
        label="peak mean contact stress" + (" (unchanged)" if same else ""),
    )
    ax.set_xlabel("Quadriceps strength [% of healthy norm]")
    ax.set_ylabel("Relative to the healthy reference [%]")
    ax.grid(True, alpha=0.3)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + 0.25 * (hi - lo))
    ax.legend(frameon=False, loc="upper right")
    return ax


def strength_figure(table):
    """The four panels of :func:`strength_study`, each with its own legend.

    Colours mean VMO activation levels (Okabe-Ito blue, vermillion, green); black and grey lines
    are not split by VMO level: the same for every level, or (bottom right) quadriceps strength.
    """
    import matplotlib.pyplot as plt

    fig, axs = plt.subplots(2, 2, figsize=(10, 7.8), layout="constrained")
    plot_strength(table, "peak_hip_adduction_deg", ax=axs[0, 0])
    plot_strength(table, "peak_lateral_facet_stress_MPa", ax=axs[0, 1])
    plot_strength(table, "peak_contact_stress_MPa", ax=axs[1, 0])
    plot_quadriceps_demand(table, ax=axs[1, 1])
    fig.suptitle(
        "Strength: capacity vs hip adduction and patellofemoral stress (running pattern matching "
        "the strength;\nquadriceps strength changes only the share of capacity used; model "
        "predictions)",
        fontsize="medium",
    )
    return fig


# ------------------------------------------------------------------------------------------------
# Load
# ------------------------------------------------------------------------------------------------
#: Weekly distance progression [% per week] of the load study (Nielsen et al. 2014 compared < 10 %
#: with > 30 % over two weeks).
LOAD_PROGRESSION_PCT = (0.0, 5.0, 10.0, 20.0, 30.0, 40.0)
#: Share of the weekly distance on hills (up and down) and as speed work in the progression weeks.
LOAD_HILL_SHARES = (0.0, 0.3)
LOAD_SPEED_WORK_SHARES = (0.0, 0.2)

LOAD_OUTPUTS = {
    "peak_overload_index": "1",
    "final_overload_index": "1",
    "final_dose_MPa_s": "MPa·s",
    "final_capacity_MPa_s": "MPa·s",
    "final_distance_km": "km",
}


def load_block_model(
    weekly_progression_pct,
    hill_share=0.0,
    speed_work_share=0.0,
    base_km=25.0,
    weeks_before=4,
    weeks_change=4,
    capacity_time_constant_days=42.0,
) -> dict[str, np.ndarray]:
    """Overload of a training block: steady weeks, then weekly progression with hills / speed work.

    For each scenario: ``weeks_before`` weeks at ``base_km`` (easy, flat), then ``weeks_change``
    weeks whose distance grows by ``weekly_progression_pct`` per week from ``base_km`` (the first
    changed week is already one step up), with ``hill_share`` and ``speed_work_share`` of it on hills
    and as speed work. :func:`pfsim.training.weekly_load` on the default :class:`pfsim.runner.Runner`
    (its habitual week: 25 km easy flat) gives dose, capacity and overload index; the outputs are
    the peak and last overload index of the block and the last week's dose, capacity and distance.

    One :func:`~pfsim.training.weekly_load` call per scenario (a loop over scenarios, ~2 ms each:
    the history model is sequential in weeks); fine for the hundreds of scenarios of a study.
    """
    from dataclasses import replace

    from .. import training as tr
    from ..runner import DEFAULT_ASSUMPTIONS, Runner

    args = np.broadcast_arrays(
        *(
            np.atleast_1d(np.asarray(a, dtype=np.float64))
            for a in (
                weekly_progression_pct,
                hill_share,
                speed_work_share,
                base_km,
                weeks_before,
                weeks_change,
                capacity_time_constant_days,
            )
        )
    )
    n = args[0].size
    out = {k: np.empty(n) for k in LOAD_OUTPUTS}
    runner = Runner()
    for i in range(n):
        r, h, f, base, wb, wc, tau = (float(a.flat[i]) for a in args)
        wb, wc = int(wb), int(wc)
        dist = np.concatenate([np.full(wb, base), base * (1 + r / 100.0) ** np.arange(1, wc + 1)])
        hill = np.concatenate([np.zeros(wb), np.full(wc, h)])
        fast = np.concatenate([np.zeros(wb), np.full(wc, f)])
        hist = tr._history(dist, hill=hill, fast=fast, source="load_block")
        assumptions = replace(DEFAULT_ASSUMPTIONS, capacity_time_constant_days=tau)
        res = tr.weekly_load(hist, runner, assumptions=assumptions)
        block = slice(wb, wb + wc)
        out["peak_overload_index"][i] = res.overload_index[block].max()
        out["final_overload_index"][i] = res.overload_index[-1]
        out["final_dose_MPa_s"][i] = res.dose_MPa_s[-1]
        out["final_capacity_MPa_s"][i] = res.capacity_MPa_s[-1]
        out["final_distance_km"][i] = res.distance_km[-1]
    shape = np.shape(args[0]) if np.ndim(weekly_progression_pct) else ()
    return {k: v.reshape(shape) if shape else v for k, v in out.items()}


def load_timelines(runner=None) -> dict:
    """Weekly dose, capacity and overload index of the named scenarios of :mod:`pfsim.training`.

    Scenarios: steady 25 km/week; a 40 % mileage jump for two weeks with 30 % of it on hills, then
    back; adding 30 % hills; adding 20 % speed work; graded 10 %/week progression with a lighter
    fourth week. Returns ``{label: LoadResult}``.
    """
    from .. import training as tr
    from ..runner import Runner

    rn = Runner() if runner is None else runner
    hist = {
        "steady 25 km/week": tr.steady(weeks=14),
        "+40 % for 2 weeks, 30 % hills, then back": tr.mileage_jump(
            jump_pct=40.0, hill_share_jump=0.3, after="back"
        ),
        "+40 % and hold (flat)": tr.mileage_jump(jump_pct=40.0, after="hold"),
        "add 30 % hills": tr.add_hills(),
        "add 20 % speed work": tr.add_speed_work(),
        "graded +10 %/week, lighter 4th week": tr.graded_progression(weeks=14),
    }
    return {k: tr.weekly_load(h, rn) for k, h in hist.items()}


def load_study(
    out_dir=None,
    *,
    weekly_progression_pct=LOAD_PROGRESSION_PCT,
    hill_share=LOAD_HILL_SHARES,
    speed_work_share=LOAD_SPEED_WORK_SHARES,
    base_km: float = 25.0,
    weeks_before: int = 4,
    weeks_change: int = 4,
) -> StudyResult:
    """Weekly distance, progression, hills and speed work → dose, capacity and overload index.

    Two parts, both through :mod:`pfsim.training` on the default runner (:class:`pfsim.runner.Runner`;
    dose per km from its stance model, capacity an exponentially weighted load with the assumed
    42-day time constant, overload index = week's dose / capacity brought into the week):

    1. a grid (on the sweep engine) over weekly progression × hill share × speed-work share of a
       training block (:func:`load_block_model`: ``weeks_before`` steady weeks at ``base_km``, then
       ``weeks_change`` weeks of progression) → peak and final overload index, final dose and
       capacity;
    2. the weekly time courses of named scenarios (:func:`load_timelines`: steady, mileage jumps,
       adding hills or speed work, graded progression), written as ``load_timelines.csv``.

    The overload index is a model quantity relative to the runner's own adapted load (1 at a
    steady load); no injury threshold is implied (none is cited). Hills and speed work change the
    dose only through the stance model's per-km dose at those speeds and slopes.

    Returns
    -------
    StudyResult
        ``table``: the grid (inputs and :data:`LOAD_OUTPUTS`); ``table.meta["timelines"]`` the
        scenario labels. Files (with ``out_dir``): ``load.png``, ``load.csv`` + ``load.json``,
        ``load_timelines.csv`` + ``load_timelines.json``.

    Examples
    --------
    >>> r = load_study(weekly_progression_pct=[0.0, 10.0], hill_share=[0.0], speed_work_share=[0.0])
    >>> r["peak_overload_index"].round(2)
    array([1.  , 1.34])
    """
    from ..runner import DEFAULT_ASSUMPTIONS
    from ..sweep import Input, Problem, Table, grid_design, run_sweep

    problem = Problem(
        [
            Input("weekly_progression_pct", unit="%/week", levels=list(weekly_progression_pct)),
            Input("hill_share", unit="1", levels=list(hill_share)),
            Input("speed_work_share", unit="1", levels=list(speed_work_share)),
        ],
        constants={
            "base_km": base_km,
            "weeks_before": weeks_before,
            "weeks_change": weeks_change,
            "capacity_time_constant_days": DEFAULT_ASSUMPTIONS.capacity_time_constant_days,
        },
        outputs=LOAD_OUTPUTS,
        name="load",
        description="training block: weekly progression x hills x speed work (pfsim.training)",
    )
    with _quiet():
        res = run_sweep(load_block_model, grid_design(problem))
        timelines = load_timelines()
    cols = {k: res[k] for k in problem.names}
    cols.update({k: res[k] for k in LOAD_OUTPUTS})
    table = Table(
        cols,
        title="Load: progression, hills and speed work vs overload index",
        meta={
            "study": "load",
            "model": "pfsim.studies.load_block_model (pfsim.training.weekly_load)",
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "design_sha256": res.design.sha256,
            "assumptions": DEFAULT_ASSUMPTIONS.as_dict(),
            "timelines": list(timelines),
            "note": "model predictions; overload index relative to the runner's adapted load, "
            "no injury threshold implied",
        },
        units={
            "weekly_progression_pct": "%/week",
            "hill_share": "1",
            "speed_work_share": "1",
            **LOAD_OUTPUTS,
        },
    )
    table._timelines = timelines
    result = _finish("load", table, load_figure, out_dir, res)
    if out_dir is not None:
        tl = _timeline_table(timelines)
        path = tl.to_csv(Path(out_dir) / "load_timelines.csv")
        result.paths += [path, path.with_suffix(".json")]
    return result


def _timeline_table(timelines: dict):
    from ..sweep import Table

    rows = {k: [] for k in ("scenario",)}
    cols = {
        k: [] for k in ("week", "distance_km", "dose_MPa_s", "capacity_MPa_s", "overload_index")
    }
    for label, r in timelines.items():
        rows["scenario"] += [label] * len(r.week)
        for k in cols:
            cols[k] += list(np.asarray(getattr(r, k), dtype=float))
    return Table(
        {**rows, **{k: np.asarray(v) for k, v in cols.items()}},
        title="Load: weekly time courses of the pfsim.training scenarios",
        meta={"study": "load", "part": "timelines"},
        units={
            "week": "1",
            "distance_km": "km",
            "dose_MPa_s": "MPa·s",
            "capacity_MPa_s": "MPa·s",
            "overload_index": "1",
        },
    )


def _coincidences(series, tol: float = 0.01) -> dict[int, str]:
    """Notes for lines that lie on an earlier one: all weeks, or a run of 2+ weeks away from 1.

    ``series`` is a list of (label, weeks, overload index); a note says which earlier line it
    coincides with (within ``tol``) and where, so a legend can tell the reader a hidden line is there.
    """
    notes: dict[int, str] = {}
    for i, (_, wi, yi) in enumerate(series):
        parts = []
        for lj, wj, yj in series[:i]:
            if wi.shape != wj.shape or not np.array_equal(wi, wj):
                continue
            close = np.abs(yi - yj) <= tol
            if close.all():
                parts.append(f"coincides with «{lj}» within {tol:g}")
                continue
            away = close & (np.abs(yi - 1.0) > tol) & (np.abs(yj - 1.0) > tol)
            runs, start = [], None
            for k, c in enumerate([*away, False]):
                if c and start is None:
                    start = k
                elif not c and start is not None:
                    if k - start >= 2:
                        runs.append(f"{wi[start]:g}–{wi[k - 1]:g}")
                    start = None
            if runs:
                parts.append(f"coincides with «{lj}» in weeks {', '.join(runs)}")
        if parts:
            notes[i] = "; ".join(parts)
    return notes


def plot_overload_timelines(timelines: dict, ax=None, legend_outside: bool = False):
    """Weekly overload index of each scenario of :func:`load_timelines` (1 = steady load).

    A line that lies on an earlier one (within 0.01, all weeks or a run of weeks away from 1) is
    drawn thinner with open markers on top, and its legend entry says where it coincides.
    """
    colours, styles = _okabe_ito()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    series = [
        (label, np.asarray(r.week), np.asarray(r.overload_index, dtype=float))
        for label, r in timelines.items()
    ]
    notes = _coincidences(series)
    for i, (label, week, y) in enumerate(series):
        on_top = i in notes
        ax.plot(
            week,
            y,
            color=colours[i % len(colours)],
            ls=styles[i % len(styles)],
            marker=MARKERS[i % len(MARKERS)],
            ms=6 if on_top else 5,
            mfc="white" if on_top else colours[i % len(colours)],
            lw=1.3 if on_top else 2.2,
            zorder=3 if on_top else 2,
            label=f"{label}\n({_wrap(notes[i], 40)})" if on_top else label,
        )
    ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Week")
    ax.set_ylabel("Overload index [dose / capacity]")
    ax.grid(True, alpha=0.3)
    if legend_outside:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    else:
        ax.legend(frameon=False, loc="upper left", fontsize="small")
    return ax


def plot_dose_capacity(timelines: dict, label: str | None = None, ax=None, colour=None):
    """Weekly dose (bars) and adapting capacity (line) of one scenario [MPa·s per week].

    ``colour``: of the bars (default: the scenario's colour in :func:`plot_overload_timelines`);
    the capacity line is black.
    """
    colours, _ = _okabe_ito()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    names = list(timelines)
    label = label or names[1]
    r = timelines[label]
    colour = colour or colours[names.index(label) % len(colours)]
    ax.bar(r.week, r.dose_MPa_s / 1e3, color=colour, alpha=0.55, label="weekly dose", width=0.7)
    ax.plot(
        r.week, r.capacity_MPa_s / 1e3, color=_NEUTRAL[0], lw=2.2, marker="s", ms=4,
        label="capacity brought into the week",
    )  # fmt: skip
    ax.set_xlabel("Week")
    ax.set_ylabel("Stress dose, one knee [10³ MPa·s/week]")
    ax.set_title(label, loc="left", fontsize="medium")
    ax.grid(True, axis="y", alpha=0.3)
    top = max(np.max(r.dose_MPa_s), np.max(r.capacity_MPa_s)) / 1e3
    ax.set_ylim(0, 1.35 * top)
    ax.legend(frameon=False, loc="upper left", ncol=2)
    return ax


def plot_load_grid(table, output: str = "peak_overload_index", ax=None):
    """An output of the load grid against weekly progression; lines per hill / speed-work share.

    Hill share is the colour (black, grey: these lines are not the scenarios of the time-course
    panel), speed-work share the line style and marker.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    x = np.asarray(table["weekly_progression_pct"])
    h = np.asarray(table["hill_share"])
    f = np.asarray(table["speed_work_share"])
    hills = sorted(set(h.tolist()))
    speeds = sorted(set(f.tolist()))
    greys = ["#000000", "#8C8C8C", "#555555", "#BBBBBB"]
    for hi, hv in enumerate(hills):
        for fi, fv in enumerate(speeds):
            m = (h == hv) & (f == fv)
            order = np.argsort(x[m])
            ax.plot(
                x[m][order],
                np.asarray(table[output])[m][order],
                color=greys[hi % len(greys)],
                ls=["-", "--", "-.", ":"][fi % 4],
                marker=["o", "s", "^", "D"][fi % 4],
                mfc="white" if fi else greys[hi % len(greys)],
                ms=5,
                lw=1.8,
                label=f"hills {hv:.0%}, speed work {fv:.0%}",
            )
    ax.axhline(1.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("Weekly distance progression [% per week]")
    weeks = table.meta.get("problem", {}).get("constants", {}).get("weeks_change")
    span = f" over {weeks:g} weeks" if weeks else ""
    ax.set_ylabel(f"Peak overload index{span} [dose / capacity]")
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, loc="upper left")
    y = np.asarray(table[output], dtype=float)
    spread = max(np.ptp(y[x == v]) for v in np.unique(x))
    if len(hills) * len(speeds) > 1 and spread < 0.05 * np.ptp(y):
        ax.text(
            0.97,
            0.09,
            _wrap(f"the lines lie within {spread:.2g} of each other: hills and speed work barely "
                  "change the peak", 30),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
        )  # fmt: skip
    return ax


def load_figure(table):
    """The three panels of :func:`load_study`."""
    import matplotlib.pyplot as plt

    timelines = getattr(table, "_timelines", None) or load_timelines()
    fig = plt.figure(figsize=(11, 8.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.0, 1.0])
    plot_overload_timelines(timelines, ax=top.subplots(), legend_outside=True)
    left, right = bottom.subplots(1, 2)
    plot_dose_capacity(timelines, ax=left)
    plot_load_grid(table, ax=right)
    tau = table.meta.get("assumptions", {}).get("capacity_time_constant_days", 42.0)
    fig.suptitle(
        "Load: weekly stress dose vs adapting capacity (default runner, 25 km/week habitual; "
        f"capacity time constant {tau:g} d, an assumption; model predictions)",
        fontsize="medium",
    )
    return fig


# ------------------------------------------------------------------------------------------------
# Registry and the demo
# ------------------------------------------------------------------------------------------------
#: Mission studies by name (``pfsim study NAME``).
STUDIES = {
    "cadence": cadence_study,
    "strength": strength_study,
    "load": load_study,
    "sensitivity": sensitivity_study,
}


def mission_demo(out_dir="pfsim-demo") -> list[Path]:
    """Cadence, strength and load studies on the default runner: figures and tables into ``out_dir``.

    What ``pfsim demo`` runs (a few seconds on 2 cores). Returns the written paths: for each study
    its PNG, CSV and provenance JSON (and the load study's time courses).
    """
    paths: list[Path] = []
    for name in ("cadence", "strength", "load"):
        paths += STUDIES[name](out_dir=out_dir).paths
    return paths
