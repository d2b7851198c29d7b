"""The ``pfsim joint`` sub-command: PFJRF and contact stress for knee states given on the command line.

Each option's ``dest`` is the :func:`pfsim.patellofemoral_load` argument it sets (the flag table of
:mod:`pfsim.cli.main` is read off them).
"""

from __future__ import annotations

import numpy as np

from .._version import __version__
from ._common import CliError, float_list, jsonable, number, pair_rows, print_json, print_table

__all__ = ["register", "cmd_joint", "JOINT_COLUMNS", "FRONTAL_FLAGS"]

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

_FRONTAL = tuple(FRONTAL_FLAGS.values())

_FRONTAL_HELP = {
    "q-angle": "static Q-angle [deg] (default 15.5)",
    "hip-adduction": "hip adduction [deg] (default 0)",
    "femoral-rotation": "femoral internal rotation [deg] (default 0)",
    "tibial-rotation": "tibial internal rotation [deg] (default 0)",
    "vmo-activation": "VMO activation, 1 = normal (default 1)",
    "lateral-retinaculum": "extra lateral retinaculum / ITB tension [N] (default 0)",
}


def cmd_joint(args) -> int:
    """``pfsim joint``: one row per knee state (comma-separated values pair up row by row)."""
    from ..joint import patellofemoral_load

    if (args.quad_force_N is None) == (args.knee_extension_moment_Nm is None):
        raise CliError(
            "give exactly one of --quad-force N and --knee-moment NM "
            f"(got {'both' if args.quad_force_N is not None else 'neither'})."
        )
    flags = args.flag_table
    named = {}
    for name in ("knee_flexion_deg", "quad_force_N", "knee_extension_moment_Nm", *_FRONTAL):
        values = float_list(getattr(args, name), flags[name])
        if values is not None:
            named[name] = values
    n, arrays = pair_rows(named)
    theta = arrays.pop("knee_flexion_deg")
    result = patellofemoral_load(
        theta,
        frontal="eager",  # the table and the JSON print the facet outputs
        model=args.model,
        area_fit=args.area_fit,
        extrapolate=args.extrapolate,
        weight_bearing=args.weight_bearing,
        **arrays,
    )
    data = {k: np.atleast_1d(v) for k, v in result._arrays().items()}
    rows = [
        {k: (bool(v[i]) if v.dtype == bool else jsonable(float(v[i]))) for k, v in data.items()}
        for i in range(n)
    ]
    for row in rows:
        row["model"] = result.model
        row["area_fit"] = result.area_fit
    if args.json:
        print_json(rows[0] if n == 1 else rows)
    else:
        print(f"pfsim {__version__}: model={result.model}, area_fit={result.area_fit}")
        print_table(rows, [c for c in JOINT_COLUMNS if c in data])
        print("(--json gives every output: facet forces and areas, peak pressure, ...)")
    return 0


def register(subparsers) -> None:
    """Add ``joint`` to ``pfsim``'s argparse sub-parsers."""
    from ..joint.geometry import CONTACT_AREA_FITS, EXTRAPOLATE_CHOICES
    from ..joint.model import DEFAULT_AREA_FIT
    from ..joint.sagittal import SAGITTAL_MODELS

    p = subparsers.add_parser(
        "joint",
        help="PFJRF and contact stress for knee states",
        description=(
            "Quadriceps force, PFJRF, contact area and mean contact stress. Comma-separated values "
            "give one row per value (options pair up row by row; a single value applies to all)."
        ),
    )
    numbers = number(many=True, example="30,45,60")
    p.add_argument(
        "--knee-flexion",
        dest="knee_flexion_deg",
        type=numbers,
        required=True,
        metavar="DEG",
        help="knee flexion [deg]",
    )
    p.add_argument(
        "--quad-force", dest="quad_force_N", type=numbers, metavar="N", help="quadriceps force [N]"
    )
    p.add_argument(
        "--knee-moment",
        dest="knee_extension_moment_Nm",
        type=numbers,
        metavar="NM",
        help="knee extension moment [N·m]",
    )
    p.add_argument("--model", choices=SAGITTAL_MODELS, default="k", help="PFJRF model")
    p.add_argument(
        "--area-fit",
        default=DEFAULT_AREA_FIT,
        metavar="NAME",
        help=f"contact-area fit: {', '.join(CONTACT_AREA_FITS)} (default {DEFAULT_AREA_FIT})",
    )
    p.add_argument(
        "--extrapolate",
        choices=EXTRAPOLATE_CHOICES,
        default="nan",
        help="outside a fit's data range: nan (default, with a warning), clip, extend, raise",
    )
    for flag, key in FRONTAL_FLAGS.items():
        p.add_argument(f"--{flag}", dest=key, type=numbers, metavar="X", help=_FRONTAL_HELP[flag])
    p.add_argument(
        "--weight-bearing",
        action="store_true",
        help="multiply a besier2005 contact area by the Besier 2005 weight-bearing factor (1.24)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_joint)
