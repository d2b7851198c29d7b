"""The ``pfsim demo`` sub-command: the main job on the built-in default runner."""

from __future__ import annotations

import sys
import time

from ._common import path_arg
from .study import add_figure_options

__all__ = ["register", "cmd_demo"]


def cmd_demo(args) -> int:
    """``pfsim demo``: sagittal curves, the frontal free-body diagram and the mission studies."""
    from ..studies import STUDIES, frontal_demo, sagittal_demo

    out = args.out_dir
    fig = {"figure_format": args.figure_format, "dpi": args.dpi}
    steps = [
        ("sagittal curves", lambda: sagittal_demo(out, **fig)),
        ("frontal free-body diagram", lambda: frontal_demo(out, **fig)),
        *(
            (f"{name} study", lambda name=name: STUDIES[name](out_dir=out, **fig).paths)
            for name in ("cadence", "strength", "load")  # what mission_demo runs
        ),
    ]
    paths = []
    for i, (what, step) in enumerate(steps, start=1):
        t0 = time.perf_counter()
        paths += step()
        # progress on stderr, so that stdout stays the list of files
        print(
            f"pfsim demo: [{i}/{len(steps)}] {what} ({time.perf_counter() - t0:.1f} s)",
            file=sys.stderr,
        )
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
