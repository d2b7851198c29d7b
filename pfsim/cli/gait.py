"""The ``pfsim run`` and ``pfsim trial`` sub-commands.

:func:`register` adds them to the ``pfsim`` argparse sub-parsers (``pfsim.cli.build_parser`` calls
it). Each handler takes ``args`` and returns an exit code; bad input raises ``ValueError`` with a
message that names the problem and the fix (``pfsim.cli.main`` prints it, exit status 2).
"""

from __future__ import annotations

import json
import math
import sys
import warnings

import numpy as np

from .._checks import PfsimRangeWarning

__all__ = ["register", "cmd_run", "cmd_trial", "RUNNER_JSON_KEYS"]

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


def _floats(text: str | None, option: str) -> list[float] | None:
    """'3' or '2.5,3,3.5' → floats; ValueError naming the option otherwise."""
    if text is None:
        return None
    out = []
    for part in str(text).split(","):
        part = part.strip()
        try:
            v = float(part)
        except ValueError:
            raise ValueError(
                f"{option}: {part!r} is not a number; give a number or comma-separated numbers "
                "(e.g. 2.5,3.0,3.5)."
            ) from None
        if not math.isfinite(v):
            raise ValueError(f"{option}: {part!r} is not a finite number.")
        out.append(v)
    return out


def _rows(named: dict[str, list[float]]) -> tuple[int, dict[str, np.ndarray]]:
    """Pair comma-separated values row by row; a single value applies to every row."""
    lengths = {len(v) for v in named.values() if len(v) != 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{k} has {len(v)}" for k, v in named.items())
        raise ValueError(
            f"comma-separated options must have the same number of values or one value ({detail})."
        )
    n = lengths.pop() if lengths else 1
    return n, {k: np.array(v * n if len(v) == 1 else v, dtype=float) for k, v in named.items()}


def _json_value(v):
    v = float(v)
    return v if math.isfinite(v) else None


def _summary_rows(summary, n: int) -> list[dict]:
    d = summary.as_dict()
    rows = []
    for i in range(n):
        rows.append({k: _json_value(np.atleast_1d(d[k])[i]) for k in JSON_KEYS})
    return rows


def _emit(rows: list[dict], scenario_rows: list[dict], as_json: bool, title: str) -> None:
    if as_json:
        payload = [dict(s, **r) for s, r in zip(scenario_rows, rows, strict=True)]
        json.dump(payload[0] if len(payload) == 1 else payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    print(title)
    for i, (s, r) in enumerate(zip(scenario_rows, rows, strict=True)):
        if len(rows) > 1:
            print(f"[{i}] " + ", ".join(f"{k}={v:g}" for k, v in s.items() if v is not None))
        width = max(len(k) for k in r)
        for k, v in r.items():
            print(f"  {k.ljust(width)}  {'nan' if v is None else f'{v:.4g}'}")


def _write_series(path, result, scenario_names: list[str]) -> None:
    from .._version import __version__
    from ..io import provenance, write_csv

    series = result.series()
    n_scen = int(np.prod(result.scenario_shape)) if result.scenario_shape else 1
    n = np.shape(result.time_s)[-1]
    cols = {"scenario": np.repeat(np.arange(n_scen), n), "sample": np.tile(np.arange(n), n_scen)}
    scen = result.scenario()
    for name in scenario_names:
        if name in scen:
            cols[name] = np.repeat(np.reshape(scen[name], -1), n)
    for name, arr in series.items():
        cols[name] = np.reshape(arr, -1)
    prov = provenance(
        {
            "command": " ".join(sys.argv),
            "area_fit": result.joint.area_fit,
            "model": result.joint.model,
        }
    )
    comments = [f"pfsim {__version__} stance time series, one row per sample of each scenario"]
    comments += [f"{k}: {v}" for k, v in prov.items()]
    write_csv(path, cols, comments=comments)


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

#: ``pfsim run`` options that a runner profile sets itself (with --runner they are refused).
_PROFILE_OPTIONS = {
    "step_rate": "--step-rate",
    "mass": "--mass",
    "height": "--height",
    "contact_time": "--contact-time",
    "hip_adduction_peak": "--hip-adduction-peak",
}


def _stance_checked(n: int, **kwargs):
    """:func:`pfsim.gait.stance` and its summary; exit 2 (ValueError) when no scenario gave a result.

    A single NaN answer is not a result: the error then carries the warnings' causes and fixes. A
    batch with some computed scenarios keeps its NaN rows, and the warnings are passed on.
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
        raise ValueError(
            f"{what} be computed: "
            + (" ".join(causes) if causes else "check --speed, --step-rate, --height, --slope-deg.")
        )
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result, summary


def _cmd_run_runner(args) -> int:
    """``pfsim run --runner FILE.toml``: a runner profile's stance (``--speed``/``--slope-deg`` may
    override the profile's speed and add an incline; comma-separated values pair up)."""
    from ..runner import load_runner, quadriceps_demand_rel, stance_inputs

    given = [opt for attr, opt in _PROFILE_OPTIONS.items() if getattr(args, attr) is not None]
    if args.added_mass not in (None, "0"):
        given.append("--added-mass")
    if given:
        raise ValueError(
            f"{', '.join(given)} cannot be combined with --runner: the profile sets them (edit "
            f"{args.runner}); only --speed and --slope-deg may be given with --runner."
        )
    runner = load_runner(args.runner)
    named = {"slope_deg": _floats(args.slope_deg, "--slope-deg")}
    if args.speed is not None:
        named["speed_m_s"] = _floats(args.speed, "--speed")
    n, arrays = _rows(named)
    kwargs, report = stance_inputs(runner, speed_m_s=arrays.get("speed_m_s"))
    result, summary = _stance_checked(
        n,
        **kwargs,
        slope_deg=arrays["slope_deg"],
        area_fit=args.area_fit,
        model=args.model,
        extrapolate=args.extrapolate,
        contact_time_extrapolate=getattr(args, "contact_time_extrapolate", "nan"),
    )
    rows = _summary_rows(summary, n)
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
        _write_series(args.out, result, ["speed_m_s", "slope_deg"])
    if args.json:
        _emit(rows, scen_rows, True, "")
    else:
        print(f"pfsim run: runner {runner.name!r} ({args.runner})")
        for i, (s, r) in enumerate(zip(scen_rows, rows, strict=True)):
            print(f"[{i}] speed_m_s={s['speed_m_s']:g}, slope_deg={s['slope_deg']:g}")
            width = max(len(k) for k in r)
            for k, v in r.items():
                print(f"  {k.ljust(width)}  {'nan' if v is None else f'{v:.4g}'}")
    if args.out and not args.json:
        print(f"wrote stance time series to {args.out}")
    return 0


def cmd_run(args) -> int:
    """``pfsim run``: the spring-mass stance model for one or more scenarios."""

    if getattr(args, "runner", None):
        return _cmd_run_runner(args)
    missing = [
        opt
        for attr, opt in (
            ("speed", "--speed"),
            ("step_rate", "--step-rate"),
            ("mass", "--mass"),
            ("height", "--height"),
        )
        if getattr(args, attr) is None
    ]
    if missing:
        raise ValueError(
            f"missing {', '.join(missing)}: pfsim run needs --speed, --step-rate, --mass and "
            "--height, or a runner profile (--runner FILE.toml)."
        )
    named = {
        "speed_m_s": _floats(args.speed, "--speed"),
        "step_rate_spm": _floats(args.step_rate, "--step-rate"),
        "body_mass_kg": _floats(args.mass, "--mass"),
        "height_m": _floats(args.height, "--height"),
        "slope_deg": _floats(args.slope_deg, "--slope-deg"),
        "added_mass_kg": _floats(args.added_mass, "--added-mass"),
    }
    if args.contact_time is not None:
        named["contact_time_s"] = _floats(args.contact_time, "--contact-time")
    if args.hip_adduction_peak is not None:
        named["hip_adduction_peak_deg"] = _floats(args.hip_adduction_peak, "--hip-adduction-peak")
    n, arrays = _rows(named)
    result, summary = _stance_checked(
        n,
        **arrays,
        area_fit=args.area_fit,
        model=args.model,
        extrapolate=args.extrapolate,
        contact_time_extrapolate=getattr(args, "contact_time_extrapolate", "nan"),
    )
    rows = _summary_rows(summary, n)
    scen_rows = [{k: float(v[i]) for k, v in arrays.items()} for i in range(n)]
    if args.out:
        _write_series(args.out, result, list(arrays))
    _emit(
        rows,
        scen_rows,
        args.json,
        f"pfsim run: stance model (area_fit={result.joint.area_fit}, model={result.joint.model})",
    )
    if args.out and not args.json:
        print(f"wrote stance time series to {args.out}")
    return 0


def cmd_trial(args) -> int:
    """``pfsim trial``: a measured knee angle and moment through the joint model."""
    from ..gait.trials import read_trial, trial_load

    stance_s = None
    if args.stance is not None:
        vals = _floats(args.stance, "--stance")
        if len(vals) != 2:
            raise ValueError("--stance needs two times, START,END in seconds (e.g. 14.275,14.492).")
        stance_s = (vals[0], vals[1])
    mass = None
    if args.mass is not None:
        vals = _floats(args.mass, "--mass")
        if len(vals) != 1:
            raise ValueError("--mass takes one value for a trial.")
        mass = vals[0]
    trial = read_trial(
        args.file,
        moment_path=args.moments,
        mass_kg=mass,
        time_column=args.time_column,
        angle_column=args.angle_column,
        moment_column=args.moment_column,
        angle_unit=args.angle_unit,
        moment_unit=args.moment_unit,
        moment_sign=args.moment_sign,
        stance_s=stance_s,
    )
    result = trial_load(
        trial, area_fit=args.area_fit, model=args.model, extrapolate=args.extrapolate
    )
    rows = _summary_rows(result.summary(), 1)
    info = {
        "file": str(args.file),
        "moments": None if args.moments is None else str(args.moments),
        "body_mass_kg": None if mass is None else mass,
        "samples": int(trial.time_s.size),
    }
    if args.json:
        info["notes"] = list(trial.notes)
    if args.out:
        _write_series(args.out, result, [])
    _emit(
        rows,
        [info],
        args.json,
        f"pfsim trial: {args.file} (area_fit={result.joint.area_fit}, model={result.joint.model})",
    )
    if not args.json:
        for note in trial.notes:
            print(f"  note: {note}")
    return 0


def _joint_options(p, default_area_fit: str) -> None:
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
    p.add_argument("--out", metavar="FILE.csv", help="write the time series as CSV (atomically)")


def register(subparsers) -> None:
    """Add the ``run`` and ``trial`` sub-commands to ``pfsim``'s argparse sub-parsers."""
    from ..gait import STANCE_AREA_FIT

    run = subparsers.add_parser(
        "run",
        help="knee loading over running stance from speed, step rate and body size",
        description=(
            "Spring-mass stance model (Morin 2005 sine wave) → knee flexion and extension moment → "
            "PFJRF and contact stress, with per-step and per-km summaries. Give --speed, "
            "--step-rate, --mass and --height, or --runner FILE.toml. Comma-separated values "
            "give one result per value (options pair up; a single value applies to all)."
        ),
    )
    run.add_argument(
        "--runner",
        metavar="FILE.toml",
        help="runner profile (pfsim.runner): sets body size, step rate and the frontal-plane "
        "inputs; --speed and --slope-deg may still be given",
    )
    run.add_argument("--speed", metavar="M_S", help="running speed [m/s]")
    run.add_argument("--step-rate", metavar="SPM", help="step rate [steps/min]")
    run.add_argument("--mass", metavar="KG", help="body mass [kg]")
    run.add_argument("--height", metavar="M", help="body height [m]")
    run.add_argument(
        "--contact-time",
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
    run.add_argument("--slope-deg", default="0", metavar="D", help="incline [deg], uphill positive")
    run.add_argument("--added-mass", default="0", metavar="KG", help="carried mass [kg]")
    run.add_argument(
        "--hip-adduction-peak",
        metavar="DEG",
        help="peak hip adduction in stance [deg] (default 10.4)",
    )
    _joint_options(run, STANCE_AREA_FIT)
    run.set_defaults(func=cmd_run)

    trial = subparsers.add_parser(
        "trial",
        help="a measured knee angle and moment (OpenSim .sto/.mot or CSV) through the joint model",
        description=(
            "Reads the knee angle from FILE and the knee moment from FILE or --moments, aligns them "
            "by time and runs the joint model. OpenSim's knee_angle_r_moment is negative for "
            "extension; pfsim flips it for storage files (see --moment-sign)."
        ),
    )
    trial.add_argument("file", help="file with the knee angle (.sto/.mot/.csv)")
    trial.add_argument(
        "--moments",
        metavar="FILE",
        help="file with the knee moment (e.g. OpenSim inverse dynamics results)",
    )
    trial.add_argument("--mass", metavar="KG", help="body mass [kg] (for body-weight summaries)")
    trial.add_argument(
        "--time-column", default="time", metavar="NAME", help="time column [s] (default time)"
    )
    trial.add_argument(
        "--angle-column",
        default="knee_angle_r",
        metavar="NAME",
        help="knee flexion column (default knee_angle_r)",
    )
    trial.add_argument(
        "--moment-column",
        default="knee_angle_r_moment",
        metavar="NAME",
        help="knee moment column (default knee_angle_r_moment)",
    )
    trial.add_argument(
        "--angle-unit",
        choices=("auto", "deg", "rad"),
        default="auto",
        help="unit of the angle column (auto: the storage header's inDegrees; CSV degrees)",
    )
    trial.add_argument(
        "--moment-unit",
        choices=("Nm", "Nm_kg"),
        default="Nm",
        help="unit of the moment column: Nm (default) or Nm_kg (needs --mass)",
    )
    trial.add_argument(
        "--moment-sign",
        type=float,
        default=None,
        help="multiplier for an extension-positive moment (default -1 for "
        "OpenSim files, +1 for CSV)",
    )
    trial.add_argument(
        "--stance",
        metavar="START,END",
        help="the stance window [s], foot strike to toe-off (e.g. from the force plate); "
        "the angle and moment are interpolated at its two ends",
    )
    _joint_options(trial, STANCE_AREA_FIT)
    trial.set_defaults(func=cmd_trial)
