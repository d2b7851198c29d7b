"""The ``pfsim run`` sub-command: the spring-mass stance model for one or more scenarios.

:func:`register` adds it to the ``pfsim`` argparse sub-parsers (``pfsim.cli.build_parser`` calls
it); each option's ``dest`` is the :func:`pfsim.gait.stance` argument it sets. The handler takes
``args`` and returns an exit code; bad input raises ``ValueError`` with a message that names the
problem and the fix (``pfsim.cli.main`` prints it, exit status 2).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._checks import PfsimRangeWarning
from ._common import float_list, number, pair_rows, path_arg, print_json, print_results

__all__ = ["register", "cmd_run", "JSON_KEYS", "RUNNER_JSON_KEYS"]

#: The keys printed by ``pfsim run --json`` / ``pfsim trial --json`` (issue 4), in this order.
JSON_KEYS = (
    "peak_knee_flexion_deg",
    "peak_knee_extension_moment_Nm",
    "peak_knee_extension_moment_Nm_kg",
    "peak_quad_force_bw",
    "peak_joint_reaction_force_N",
    "peak_joint_reaction_force_bw",
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "stress_time_integral_per_step_MPa_s",
    "steps_per_km",
    "stress_time_integral_per_km_MPa_s",
    "contact_time_s",
    "peak_vertical_grf_bw",
)

#: Extra keys printed by ``pfsim run --runner`` (issue 5): facet peaks and the mechanism outputs of
#: :func:`pfsim.runner.stance_inputs`.
RUNNER_JSON_KEYS = (
    "peak_medial_facet_stress_MPa",
    "peak_lateral_shift_mm",
    "hip_abductor_utilisation_rel",
    "hip_abduction_moment_demand_Nm_kg",
    "hip_adduction_peak_deg",
    "pelvic_drop_peak_deg",
    "hip_external_rotator_utilisation_rel",
    "femoral_internal_rotation_peak_deg",
    "tibial_internal_rotation_peak_deg",
    "quadriceps_demand_rel",
    "q_angle_deg",
    "step_rate_spm",
)

#: Example of comma-separated values in the messages of ``run`` and ``trial``.
EXAMPLE = "2.5,3.0,3.5"

#: The stance arguments ``pfsim run`` needs (without ``--runner``), and the optional ones.
_NEEDED = ("speed_m_s", "step_rate_spm", "body_mass_kg", "height_m")
_OPTIONAL = ("slope_deg", "added_mass_kg", "contact_time_s", "hip_adduction_peak_deg")
#: ``pfsim run`` options that a runner profile sets itself (with --runner they are refused).
_PROFILE = ("step_rate_spm", "body_mass_kg", "height_m", "contact_time_s", "hip_adduction_peak_deg")


def _json_value(v):
    v = float(v)
    return v if math.isfinite(v) else None


def summary_rows(summary, n: int) -> list[dict]:
    """The :data:`JSON_KEYS` of a stance summary, one dict per scenario (NaN -> None)."""
    d = summary.to_dict()
    return [{k: _json_value(np.atleast_1d(d[k])[i]) for k in JSON_KEYS} for i in range(n)]


def emit(rows: list[dict], scenario_rows: list[dict], as_json: bool, title: str) -> None:
    """Print the results: JSON (scenario and outputs in one object each) or a block per scenario."""
    if as_json:
        payload = [dict(s, **r) for s, r in zip(scenario_rows, rows, strict=True)]
        print_json(payload[0] if len(payload) == 1 else payload)
        return
    labels = None
    if len(rows) > 1:
        labels = [
            f"[{i}] " + ", ".join(f"{k}={v:g}" for k, v in s.items() if v is not None)
            for i, s in enumerate(scenario_rows)
        ]
    print_results(title, rows, labels)


def stance_checked(n: int, **kwargs):
    """:func:`pfsim.gait.stance` and its summary; exit 2 (ValueError) when no scenario gave a result.

    The all-NaN check: when the peak joint reaction force is NaN in every scenario, nothing was
    computed, and the error carries the range warnings' causes and fixes instead of a table of NaN.
    A batch with some computed scenarios keeps its NaN rows, and the warnings are passed on.
    """
    from ..gait import stance

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = stance(**kwargs)
        summary = result.summary()
    jrf = np.atleast_1d(np.asarray(summary.peak_joint_reaction_force_N, dtype=float))
    if jrf.size and not np.isfinite(jrf).any():
        causes = []
        for w in caught:
            text = str(w.message)
            if issubclass(w.category, PfsimRangeWarning) and text not in causes:
                causes.append(text)
        what = "the scenario could not" if n == 1 else f"none of the {n} scenarios could"
        check = "speed_m_s, step_rate_spm, height_m, slope_deg"  # the printer gives the flags
        raise ValueError(
            f"{what} be computed: " + (" ".join(causes) if causes else f"check {check}.")
        )
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result, summary


def _joint_kwargs(args) -> dict:
    return {
        "area_fit": args.area_fit,
        "model": args.model,
        "extrapolate": args.extrapolate,
        "contact_time_extrapolate": args.contact_time_extrapolate,
    }


def _runner_rows(runner, report, result, summary, n) -> list[dict]:
    """The summary rows of ``pfsim run --runner`` with the :data:`RUNNER_JSON_KEYS` added."""
    from ..runner import quadriceps_demand_rel

    rows = summary_rows(summary, n)
    extra = dict(report)
    extra["quadriceps_demand_rel"] = quadriceps_demand_rel(
        summary.peak_knee_extension_moment_Nm_kg, runner.quadriceps_strength_rel
    )
    for name, key in (
        ("medial_facet_stress_MPa", "peak_medial_facet_stress_MPa"),
        ("lateral_shift_mm", "peak_lateral_shift_mm"),
    ):
        arr = getattr(result.joint, name, None)
        extra[key] = np.nan if arr is None else np.max(arr, axis=-1)
    for i, row in enumerate(rows):
        for key in RUNNER_JSON_KEYS:
            row[key] = _json_value(np.atleast_1d(np.broadcast_to(extra[key], (n,)))[i])
    return rows


def _editable(runner) -> str:
    """The file to edit for a profile: the user's own, or a copy of a bundled one."""
    from ..examples import is_name

    return f"a copy: pfsim examples {runner} --copy DIR" if is_name(runner) else str(runner)


def _cmd_run_runner(args) -> int:
    """``pfsim run --runner FILE.toml``: a runner profile's stance.

    ``--speed``/``--slope-deg`` may override the profile's speed and add an incline;
    comma-separated values pair up.
    """
    from ..runner import load_runner, stance_inputs

    flags = args.flag_table
    given = [flags[name] for name in _PROFILE if getattr(args, name) is not None]
    if args.added_mass_kg not in (None, [0.0]):  # the default, "0", parsed
        given.append(flags["added_mass_kg"])
    if given:
        raise ValueError(
            f"{', '.join(given)} cannot be combined with --runner: the profile sets them (edit "
            f"{_editable(args.runner)}); only --speed and --slope-deg may be given with --runner."
        )
    runner = load_runner(args.runner)
    named = {"slope_deg": float_list(args.slope_deg, flags["slope_deg"], EXAMPLE)}
    if args.speed_m_s is not None:
        named["speed_m_s"] = float_list(args.speed_m_s, flags["speed_m_s"], EXAMPLE)
    n, arrays = pair_rows(named)
    kwargs, report = stance_inputs(runner, speed_m_s=arrays.get("speed_m_s"))
    result, summary = stance_checked(
        n, **kwargs, slope_deg=arrays["slope_deg"], **_joint_kwargs(args)
    )
    rows = _runner_rows(runner, report, result, summary, n)
    speeds = np.broadcast_to(np.asarray(kwargs["speed_m_s"], float), (n,))
    scen_rows = [
        {
            "runner": runner.name,
            "file": str(args.runner),
            "speed_m_s": float(speeds[i]),
            "slope_deg": float(arrays["slope_deg"][i]),
        }
        for i in range(n)
    ]
    if args.out:
        result.to_csv(
            args.out,
            scenario_columns=["speed_m_s", "slope_deg"],
            inputs={"runner": runner.name, "runner_file": str(args.runner)},
        )
    if args.json:
        emit(rows, scen_rows, True, "")
        return 0
    labels = [
        f"[{i}] speed_m_s={s['speed_m_s']:g}, slope_deg={s['slope_deg']:g}"
        for i, s in enumerate(scen_rows)
    ]
    print_results(f"pfsim run: runner {runner.name!r} ({args.runner})", rows, labels)
    if args.out:
        print(f"wrote stance time series to {args.out}")
    return 0


def cmd_run(args) -> int:
    """``pfsim run``: the spring-mass stance model for one or more scenarios."""
    if args.runner:
        return _cmd_run_runner(args)
    flags = args.flag_table
    missing = [flags[name] for name in _NEEDED if getattr(args, name) is None]
    if missing:
        raise ValueError(
            f"missing {', '.join(missing)}: pfsim run needs "
            f"{', '.join(flags[name] for name in _NEEDED[:-1])} and {flags[_NEEDED[-1]]}, "
            "or a runner profile (--runner NAME or FILE.toml; pfsim examples lists the names)."
        )
    named = {}
    for name in _NEEDED + _OPTIONAL:
        values = float_list(getattr(args, name), flags[name], EXAMPLE)
        if values is not None:
            named[name] = values
    n, arrays = pair_rows(named)
    result, summary = stance_checked(n, **arrays, **_joint_kwargs(args))
    rows = summary_rows(summary, n)
    scen_rows = [{k: float(v[i]) for k, v in arrays.items()} for i in range(n)]
    if args.out:
        result.to_csv(args.out, scenario_columns=list(arrays))
    emit(
        rows,
        scen_rows,
        args.json,
        f"pfsim run: stance model (area_fit={result.joint.area_fit}, model={result.joint.model})",
    )
    if args.out and not args.json:
        print(f"wrote stance time series to {args.out}")
    return 0


def joint_options(p, default_area_fit: str) -> None:
    """The joint-model options ``run`` and ``trial`` share, and ``--json``/``--out``."""
    from ..joint.geometry import CONTACT_AREA_FITS, EXTRAPOLATE_CHOICES
    from ..joint.sagittal import SAGITTAL_MODELS

    p.add_argument("--model", choices=SAGITTAL_MODELS, default="k", help="PFJRF model (default k)")
    p.add_argument(
        "--area-fit",
        default=default_area_fit,
        metavar="NAME",
        help=f"contact-area fit: {', '.join(CONTACT_AREA_FITS)} (default {default_area_fit})",
    )
    p.add_argument(
        "--extrapolate",
        choices=EXTRAPOLATE_CHOICES,
        default="nan",
        help="outside a fit's data range: nan (default, with a warning), clip, extend, raise",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--out",
        type=path_arg,
        metavar="FILE.csv",
        help="write the time series as CSV (atomically)",
    )


def register(subparsers) -> None:
    """Add ``run`` to ``pfsim``'s argparse sub-parsers."""
    from ..gait import STANCE_AREA_FIT

    run = subparsers.add_parser(
        "run",
        help="knee loading over running stance from speed, step rate and body size",
        description=(
            "Spring-mass stance model (Morin 2005 sine wave) → knee flexion and extension moment → "
            "PFJRF and contact stress, with per-step and per-km summaries. Give --speed, "
            "--step-rate, --mass and --height, or --runner (a bundled profile's name, e.g. "
            "hip_driven, or a TOML file). Comma-separated values "
            "give one result per value (options pair up; a single value applies to all)."
        ),
    )
    run.add_argument(
        "--runner",
        type=path_arg,
        metavar="NAME|FILE.toml",
        help="runner profile (pfsim.runner), a bundled one's name (pfsim examples) or a TOML "
        "file: sets body size, step rate and the frontal-plane inputs; --speed and --slope-deg "
        "may still be given",
    )
    numbers = number(many=True, example=EXAMPLE)
    run.add_argument(
        "--speed", dest="speed_m_s", type=numbers, metavar="M_S", help="running speed [m/s]"
    )
    run.add_argument(
        "--step-rate",
        dest="step_rate_spm",
        type=numbers,
        metavar="SPM",
        help="step rate [steps/min]",
    )
    run.add_argument(
        "--mass", dest="body_mass_kg", type=numbers, metavar="KG", help="body mass [kg]"
    )
    run.add_argument("--height", dest="height_m", type=numbers, metavar="M", help="body height [m]")
    run.add_argument(
        "--contact-time",
        dest="contact_time_s",
        type=numbers,
        metavar="S",
        help="ground contact time [s] (default: from speed and step rate)",
    )
    run.add_argument(
        "--contact-time-extrapolate",
        choices=("nan", "extend"),
        default="nan",
        help="contact time from speed outside the relation's 8-20 km/h data: nan (default, with a "
        "warning) or extend (the straight line extended)",
    )
    run.add_argument(
        "--slope-deg",
        type=numbers,
        default="0",
        metavar="D",
        help="incline [deg], uphill positive",
    )
    run.add_argument(
        "--added-mass",
        dest="added_mass_kg",
        type=numbers,
        default="0",
        metavar="KG",
        help="carried mass [kg]",
    )
    run.add_argument(
        "--hip-adduction-peak",
        dest="hip_adduction_peak_deg",
        type=numbers,
        metavar="DEG",
        help="peak hip adduction in stance [deg] (default 10.4)",
    )
    joint_options(run, STANCE_AREA_FIT)
    run.set_defaults(func=cmd_run)
