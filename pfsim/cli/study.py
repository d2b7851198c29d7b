"""The ``pfsim study`` sub-command: one mission study to a table and a figure.

The study (:mod:`pfsim.studies`) writes a table (CSV + provenance) and a figure (PNG).

``pfsim study {cadence,strength,load,sensitivity,all} [--out DIR] [--json]``
"""

from __future__ import annotations

from pathlib import Path

from ._common import path_arg, print_json

__all__ = ["register", "cmd_study"]


def cmd_study(args) -> int:
    """``pfsim study NAME``: run a mission study, write its table and figure."""
    from .. import studies

    out = Path(args.out_dir)
    if args.name == "all":
        paths = studies.mission_demo(out)
    else:
        paths = studies.STUDIES[args.name](out_dir=out).paths
    if args.json:
        print_json({"files": [str(p) for p in paths]})
    else:
        print(f"pfsim study {args.name}: wrote {len(paths)} files to {out.resolve()}")
        for p in paths:
            print(f"  {Path(p).name}")
    return 0


def register(subparsers) -> None:
    """Add ``study`` to ``pfsim``'s argparse sub-parsers."""
    p = subparsers.add_parser(
        "study",
        help="run a mission study (cadence, strength, load, sensitivity) → table + figure",
        description=(
            "The mission studies of pfsim.studies on the default runner: each writes a CSV table "
            "with a provenance JSON and a PNG figure. 'all' runs cadence, strength and load (what "
            "pfsim demo runs)."
        ),
    )
    p.add_argument("name", choices=["cadence", "strength", "load", "sensitivity", "all"])
    p.add_argument(
        "--out",
        dest="out_dir",
        type=path_arg,
        default="pfsim-study",
        metavar="DIR",
        help="output folder",
    )
    p.add_argument("--json", action="store_true", help="print the written paths as JSON")
    p.set_defaults(func=cmd_study)
