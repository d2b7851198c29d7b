"""The ``pfsim`` command.

Sub-commands: ``demo`` (the main job on the built-in default case) and ``joint`` (one knee state or a
few, from the command line). Bad input ends with a one-line message on stderr and exit status 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import warnings

import numpy as np

from .._version import __version__

EXIT_USAGE = 2


class CliError(Exception):
    """An input error reported to the user as one line, exit status 2."""


def _float_list(text: str, name: str) -> list[float]:
    """Parse '30' or '30,45,60' into floats, or raise CliError naming the option."""
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            v = float(part)
        except ValueError:
            raise CliError(
                f"{name}: {part!r} is not a number; give a number or comma-separated numbers "
                "(e.g. 30,45,60)."
            ) from None
        if math.isnan(v) or math.isinf(v):
            raise CliError(f"{name}: {part!r} is not a finite number.")
        values.append(v)
    return values


def _broadcast_lists(named: dict[str, list[float]]) -> dict[str, np.ndarray]:
    """Pair comma-separated values row by row; a single value applies to every row."""
    lengths = {len(v) for v in named.values() if len(v) != 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{k} has {len(v)}" for k, v in named.items())
        raise CliError(
            f"comma-separated options must have the same number of values or one value ({detail})."
        )
    n = lengths.pop() if lengths else 1
    return {k: np.array(v * n if len(v) == 1 else v, dtype=float) for k, v in named.items()}


def _jsonable(value):
    if isinstance(value, np.ndarray | np.generic):
        value = value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _print_table(rows: list[dict], columns: list[str], out) -> None:
    widths = [max(len(c), 10) for c in columns]
    out.write("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)) + "\n")
    for row in rows:
        cells = []
        for c, w in zip(columns, widths, strict=True):
            v = row[c]
            cells.append(("nan" if v is None else f"{v:.4g}").rjust(w))
        out.write("  ".join(cells) + "\n")


# ------------------------------------------------------------------------------------------------
# pfsim joint
# ------------------------------------------------------------------------------------------------
JOINT_COLUMNS = [
    "knee_flexion_deg",
    "knee_extension_moment_Nm",
    "quad_force_N",
    "joint_reaction_force_N",
    "contact_area_mm2",
    "contact_stress_MPa",
    "lateral_facet_stress_MPa",
    "medial_facet_stress_MPa",
    "lateral_shift_mm",
    "lateral_tilt_deg",
]

#: Frontal-model flags of ``pfsim joint`` and the patellofemoral_load arguments they set.
FRONTAL_FLAGS = {
    "q-angle": "q_angle_deg",
    "hip-adduction": "hip_adduction_deg",
    "femoral-rotation": "femoral_internal_rotation_deg",
    "tibial-rotation": "tibial_internal_rotation_deg",
    "vmo-activation": "vmo_activation",
    "lateral-retinaculum": "lateral_retinaculum_N",
}


#: Argument names of patellofemoral_load and the ``pfsim joint`` flags that set them: messages from the
#: Python API name the argument; the command line names the flag.
JOINT_FLAG_NAMES = {
    "knee_flexion_deg": "--knee-flexion",
    "quad_force_N": "--quad-force",
    "knee_extension_moment_Nm": "--knee-moment",
    "area_fit": "--area-fit",
    "weight_bearing": "--weight-bearing",
    "extrapolate": "--extrapolate",
    **{key: f"--{flag}" for flag, key in FRONTAL_FLAGS.items()},
}
_NAME_RE = re.compile(
    r"(?<![\w.-])("
    + "|".join(sorted(map(re.escape, JOINT_FLAG_NAMES), key=len, reverse=True))
    + r")\b(=True\b|=)?"
)


def _flag_text(text: str) -> str:
    """Rewrite a pfsim message for the command line: Python argument names become ``pfsim joint`` flags.

    >>> _flag_text("vmo_activation must lie between 0 and 3 (got -1).")
    '--vmo-activation must lie between 0 and 3 (got -1).'
    >>> _flag_text("Pass extrapolate='clip' or 'extend' to fill them.")
    'Pass --extrapolate clip or extend to fill them.'
    """
    text = re.sub(r"extrapolate='(\w+)' or '(\w+)'", r"--extrapolate \1 or \2", text)
    text = re.sub(r"extrapolate='(\w+)'", r"--extrapolate \1", text)

    def flag(m: re.Match) -> str:
        name, tail = m.group(1), m.group(2)
        return JOINT_FLAG_NAMES[name] + (" " if tail == "=" else "")

    return _NAME_RE.sub(flag, text)


def _cmd_joint(args) -> int:
    from ..joint import patellofemoral_load

    if (args.quad_force is None) == (args.knee_moment is None):
        raise CliError(
            "give exactly one of --quad-force N and --knee-moment NM "
            f"(got {'both' if args.quad_force is not None else 'neither'})."
        )
    named = {"knee_flexion_deg": _float_list(args.knee_flexion, "--knee-flexion")}
    if args.quad_force is not None:
        named["quad_force_N"] = _float_list(args.quad_force, "--quad-force")
    else:
        named["knee_extension_moment_Nm"] = _float_list(args.knee_moment, "--knee-moment")
    for flag, key in FRONTAL_FLAGS.items():
        text = getattr(args, key)
        if text is not None:
            named[key] = _float_list(text, f"--{flag}")
    arrays = _broadcast_lists(named)
    theta = arrays.pop("knee_flexion_deg")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = patellofemoral_load(
                theta,
                model=args.model,
                area_fit=args.area_fit,
                extrapolate=args.extrapolate,
                weight_bearing=args.weight_bearing,
                **arrays,
            )
        except ValueError as exc:
            raise CliError(_flag_text(str(exc))) from None
    for w in caught:
        warnings.warn(_flag_text(str(w.message)), w.category, stacklevel=1)
    data = {k: np.atleast_1d(v) for k, v in result.arrays().items()}
    n = len(theta)
    rows = [
        {k: (bool(v[i]) if v.dtype == bool else _jsonable(float(v[i]))) for k, v in data.items()}
        for i in range(n)
    ]
    for row in rows:
        row["model"] = result.model
        row["area_fit"] = result.area_fit
    if args.json:
        payload = rows[0] if n == 1 else rows
        json.dump(payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        cols = [c for c in JOINT_COLUMNS if c in data]
        print(f"pfsim {__version__}: model={result.model}, area_fit={result.area_fit}")
        _print_table(rows, cols, sys.stdout)
        print("(--json gives every output: facet forces and areas, peak pressure, ...)")
    return 0


# ------------------------------------------------------------------------------------------------
# pfsim demo
# ------------------------------------------------------------------------------------------------
def _cmd_demo(args) -> int:
    from ..studies import frontal_demo, mission_demo, sagittal_demo

    paths = sagittal_demo(args.out) + frontal_demo(args.out) + mission_demo(args.out)
    print(f"pfsim demo: wrote {len(paths)} files to {paths[0].parent.resolve()}")
    for p in paths:
        print(f"  {p.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ..joint.geometry import CONTACT_AREA_FITS, EXTRAPOLATE_CHOICES
    from ..joint.model import DEFAULT_AREA_FIT
    from ..joint.sagittal import SAGITTAL_MODELS

    parser = argparse.ArgumentParser(
        prog="pfsim",
        description="Patellofemoral joint mechanics for runners.",
    )
    parser.add_argument("--version", action="version", version=f"pfsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="the main job on the built-in default runner: sagittal curves, a frontal free-body "
        "diagram, and the cadence, strength and load studies (figures + tables)",
    )
    demo.add_argument("--out", default="pfsim-demo", help="output folder (default: ./pfsim-demo)")
    demo.set_defaults(func=_cmd_demo)

    joint = sub.add_parser(
        "joint",
        help="PFJRF and contact stress for knee states",
        description=(
            "Quadriceps force, PFJRF, contact area and mean contact stress. Comma-separated values "
            "give one row per value (options pair up row by row; a single value applies to all)."
        ),
    )
    joint.add_argument("--knee-flexion", required=True, metavar="DEG", help="knee flexion [deg]")
    joint.add_argument("--quad-force", metavar="N", help="quadriceps force [N]")
    joint.add_argument("--knee-moment", metavar="NM", help="knee extension moment [N·m]")
    joint.add_argument("--model", choices=SAGITTAL_MODELS, default="k", help="PFJRF model")
    joint.add_argument(
        "--area-fit",
        default=DEFAULT_AREA_FIT,
        metavar="NAME",
        help=f"contact-area fit: {', '.join(CONTACT_AREA_FITS)} (default {DEFAULT_AREA_FIT})",
    )
    joint.add_argument(
        "--extrapolate",
        choices=EXTRAPOLATE_CHOICES,
        default="nan",
        help="outside a fit's data range: nan (default, with a warning), clip, extend, raise",
    )
    frontal_help = {
        "q-angle": "static Q-angle [deg] (default 15.5)",
        "hip-adduction": "hip adduction [deg] (default 0)",
        "femoral-rotation": "femoral internal rotation [deg] (default 0)",
        "tibial-rotation": "tibial internal rotation [deg] (default 0)",
        "vmo-activation": "VMO activation, 1 = normal (default 1)",
        "lateral-retinaculum": "extra lateral retinaculum / ITB tension [N] (default 0)",
    }
    for flag, key in FRONTAL_FLAGS.items():
        joint.add_argument(f"--{flag}", dest=key, metavar="X", help=frontal_help[flag])
    joint.add_argument(
        "--weight-bearing",
        action="store_true",
        help="multiply a besier2005 contact area by the Besier 2005 weight-bearing factor (1.24)",
    )
    joint.add_argument("--json", action="store_true", help="print JSON instead of a table")
    joint.set_defaults(func=_cmd_joint)

    from .gait import register as _register_gait
    from .load import register as _register_load
    from .sweep import register as _register_sweep

    _register_gait(sub)
    _register_load(sub)
    _register_sweep(sub)
    return parser


def _cli_words(args, text: str) -> str:
    """Name the ``--extrapolate`` flag, in commands that have it, where a message names the Python
    argument (``extrapolate='clip'``); ``pfsim joint`` rewrites its own messages fully."""
    if getattr(args, "extrapolate", None) is None:
        return text
    text = re.sub(r"(?<![\w-])extrapolate='(\w+)' or '(\w+)'", r"--extrapolate \1 or \2", text)
    return re.sub(r"(?<![\w-])extrapolate='(\w+)'", r"--extrapolate \1", text)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = args.func(args)
        except (CliError, ValueError) as exc:
            print(f"pfsim {args.command}: error: {_cli_words(args, str(exc))}", file=sys.stderr)
            code = EXIT_USAGE
        except OSError as exc:  # unreadable input, a folder where a file is expected, ...
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"pfsim {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
            code = EXIT_USAGE
    seen = set()
    for w in caught:
        text = f"pfsim {args.command}: warning: {_cli_words(args, str(w.message))}"
        if text not in seen:
            seen.add(text)
            print(text, file=sys.stderr)
    return code


def _entry() -> None:  # pragma: no cover - console script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
