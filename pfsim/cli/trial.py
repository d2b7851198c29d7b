"""The ``pfsim trial`` sub-command: a measured knee angle and moment through the joint model.

:func:`register` adds it to the ``pfsim`` argparse sub-parsers (``pfsim.cli.build_parser`` calls
it); each option's ``dest`` is the :func:`pfsim.gait.trials.read_trial` argument it sets. Bad input
raises ``ValueError`` with a message that names the problem and the fix (``pfsim.cli.main`` prints
it, exit status 2).
"""

from __future__ import annotations

from ._common import CliError, float_list, number, path_arg
from .run import EXAMPLE, emit, joint_options, summary_rows

__all__ = ["register", "cmd_trial"]


def _stance_and_mass(args) -> tuple[tuple[float, float] | None, float | None]:
    """``--stance START,END`` and ``--mass KG`` as numbers (None where not given)."""
    stance_s = None
    if args.stance_s is not None:
        vals = float_list(args.stance_s, "--stance", EXAMPLE)
        if len(vals) != 2:
            raise CliError("--stance needs two times, START,END in seconds (e.g. 14.275,14.492).")
        stance_s = (vals[0], vals[1])
    mass = None
    if args.body_mass_kg is not None:
        vals = float_list(args.body_mass_kg, "--mass", EXAMPLE)
        if len(vals) != 1:
            raise CliError("--mass takes one value for a trial.")
        mass = vals[0]
    return stance_s, mass


def cmd_trial(args) -> int:
    """``pfsim trial``: a measured knee angle and moment through the joint model."""
    from ..gait.trials import read_trial, trial_load

    stance_s, mass = _stance_and_mass(args)
    trial = read_trial(
        args.file,
        moment_path=args.moment_path,
        body_mass_kg=mass,
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
    rows = summary_rows(result.summary(), 1)
    info = {
        "file": str(args.file),
        "moments": None if args.moment_path is None else str(args.moment_path),
        "body_mass_kg": None if mass is None else mass,
        "samples": int(trial.time_s.size),
    }
    if args.json:
        info["notes"] = list(trial.notes)
    if args.out:
        read = {
            "time_column": args.time_column,
            "angle_column": args.angle_column,
            "moment_column": args.moment_column,
            "angle_unit": args.angle_unit,
            "moment_unit": args.moment_unit,
            "moment_sign": args.moment_sign,
            "stance_s": None if stance_s is None else list(stance_s),
            "extrapolate": args.extrapolate,
        }
        result.to_csv(args.out, scenario_columns=[], inputs={"trial": {**info, **read}})
    emit(
        rows,
        [info],
        args.json,
        f"pfsim trial: {args.file} (area_fit={result.joint.area_fit}, model={result.joint.model})",
    )
    if not args.json:
        for note in trial.notes:
            print(f"  note: {note}")
    return 0


def register(subparsers) -> None:
    """Add ``trial`` to ``pfsim``'s argparse sub-parsers."""
    from ..gait import STANCE_AREA_FIT

    trial = subparsers.add_parser(
        "trial",
        help="a measured knee angle and moment (OpenSim .sto/.mot or CSV) through the joint model",
        description=(
            "Reads the knee angle from FILE and the knee moment from FILE or --moments, aligns them "
            "by time and runs the joint model. OpenSim's knee_angle_r_moment is negative for "
            "extension; pfsim flips it for storage files (see --moment-sign)."
        ),
    )
    trial.add_argument("file", type=path_arg, help="file with the knee angle (.sto/.mot/.csv)")
    trial.add_argument(
        "--moments",
        dest="moment_path",
        type=path_arg,
        metavar="FILE",
        help="file with the knee moment (e.g. OpenSim inverse dynamics results)",
    )
    trial.add_argument(
        "--mass",
        dest="body_mass_kg",
        type=number(many=True, example="62"),
        metavar="KG",
        help="body mass [kg] (for body-weight summaries)",
    )
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
        type=number(choices=(1.0, -1.0), example="-1"),
        default=None,
        metavar="{+1,-1}",
        help="+1 or -1: the sign that makes the moment extension-positive (default -1 for "
        "OpenSim files, +1 for CSV); the unit is --moment-unit's",
    )
    trial.add_argument(
        "--stance",
        dest="stance_s",
        type=number(many=True, example="14.275,14.492"),
        metavar="START,END",
        help="the stance window [s], foot strike to toe-off (e.g. from the force plate); "
        "the angle and moment are interpolated at its two ends",
    )
    joint_options(trial, STANCE_AREA_FIT)
    trial.set_defaults(func=cmd_trial)
