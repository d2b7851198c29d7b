"""The ``pfsim study`` sub-command: one mission study to a table and a figure.

The study (:mod:`pfsim.studies`) writes a table (CSV + provenance) and a figure (PNG, SVG or PDF).

``pfsim study {cadence,strength,load,sensitivity,all} [--out DIR] [--format png|svg|pdf] [--dpi N]
[--json]``
"""

from __future__ import annotations

from pathlib import Path

from ._common import number, path_arg, print_json

__all__ = ["register", "cmd_study", "add_figure_options"]

#: :data:`pfsim.plotting.FIGURE_FORMATS`, spelled out so that building the parser imports no
#: plotting code (a test checks that they agree).
FIGURE_FORMATS = ("png", "svg", "pdf")


def add_figure_options(parser) -> None:
    """Add ``--format png|svg|pdf`` and ``--dpi N`` (the figures' file format and PNG resolution).

    Their ``dest`` are the Python arguments of the studies and :func:`pfsim.plotting.save_figure`
    they set: ``figure_format`` and ``dpi``. Used by ``pfsim study`` and ``pfsim demo``.
    """
    parser.add_argument(
        "--format",
        dest="figure_format",
        choices=FIGURE_FORMATS,
        default="png",
        help="file format of the figures (default: png)",
    )
    parser.add_argument(
        "--dpi",
        dest="dpi",
        type=number(lo=10, hi=2400, example="150"),
        default=150,
        metavar="N",
        help="resolution of PNG figures [dots per inch] (default: 150)",
    )


def cmd_study(args) -> int:
    """``pfsim study NAME``: run a mission study, write its table and figure."""
    from .. import studies

    out = Path(args.out_dir)
    fig = {"figure_format": args.figure_format, "dpi": args.dpi}
    if args.name == "all":
        paths = studies.mission_demo(out, **fig)
    else:
        paths = studies.STUDIES[args.name](out_dir=out, **fig).paths
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
            "with a provenance JSON and a figure (PNG, SVG or PDF: --format). 'all' runs cadence, strength and load (what "
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
    add_figure_options(p)
    p.add_argument("--json", action="store_true", help="print the written paths as JSON")
    p.set_defaults(func=cmd_study)
