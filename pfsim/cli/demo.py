"""The ``pfsim demo`` sub-command: the main job on the built-in default runner."""

from __future__ import annotations

from ._common import path_arg
from .study import add_figure_options

__all__ = ["register", "cmd_demo"]


def cmd_demo(args) -> int:
    """``pfsim demo``: sagittal curves, the frontal free-body diagram and the mission studies."""
    from ..studies import frontal_demo, mission_demo, sagittal_demo

    out = args.out_dir
    fig = {"figure_format": args.figure_format, "dpi": args.dpi}
    paths = sagittal_demo(out, **fig) + frontal_demo(out, **fig) + mission_demo(out, **fig)
    print(f"pfsim demo: wrote {len(paths)} files to {paths[0].parent.resolve()}")
    for p in paths:
        print(f"  {p.name}")
    return 0


def register(subparsers) -> None:
    """Add ``demo`` to ``pfsim``'s argparse sub-parsers."""
    p = subparsers.add_parser(
        "demo",
        help="the main job on the built-in default runner: sagittal curves, a frontal free-body "
        "diagram, and the cadence, strength and load studies (figures + tables)",
    )
    p.add_argument(
        "--out",
        dest="out_dir",
        type=path_arg,
        default="pfsim-demo",
        metavar="OUT",
        help="output folder (default: ./pfsim-demo)",
    )
    add_figure_options(p)
    p.set_defaults(func=cmd_demo)
