"""The ``pfsim`` command: the parser of every sub-command, and :func:`main`.

Sub-commands, one module each: ``demo`` (the main job on the built-in default case), ``joint`` (one
knee state or a few), ``run`` (the stance model), ``trial`` (a measured trial), ``load`` (weekly
dose and overload), ``assess`` (an individual assessment), ``sweep`` (a TOML problem), ``study`` (a
mission study). Bad input ends with a
one-line message on stderr and exit status 2, never a traceback (every numeric option has the type
:func:`pfsim.cli._common.number`, every path option :func:`pfsim.cli._common.path_arg`). Ctrl-C
ends with one line, ``pfsim CMD: interrupted``, exit status 130; a closed stdout (``pfsim ... |
head``) ends quietly with exit status 141, a shell's status for SIGPIPE.
"""

from __future__ import annotations

import argparse
import functools
import sys

from .._version import __version__
from ..io.provenance import recording_command
from . import analyze, assess, demo, examples, joint, load, run, study, sweep, trial
from ._common import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Parser,
    cli_text,
    flag_table,
    run_command,
    subparser,
)

__all__ = ["build_parser", "main", "flags"]  # and FLAGS (module __getattr__)

#: The commands in the order ``pfsim --help`` lists them.
COMMANDS = (demo, joint, run, trial, load, assess, sweep, analyze, study, examples)


def build_parser() -> argparse.ArgumentParser:
    """The ``pfsim`` parser with every sub-command; no option may be abbreviated.

    Usage errors are one line (:class:`pfsim.cli._common.Parser`), exit status 2.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = Parser(
        prog="pfsim",
        description="Patellofemoral joint mechanics for runners.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"pfsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    for p in sub.choices.values():
        # argparse's prefix matching let --knee-flex=3 silently set --knee-flexion
        p.allow_abbrev = False
    return parser


@functools.cache
def flags() -> dict:
    """The flag table of :func:`pfsim.cli._common.flag_table`: command -> Python name -> flag."""
    return flag_table(build_parser())


def __getattr__(name):
    if name == "FLAGS":  # built on first use: the parser imports the models' option lists
        return flags()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _flag_text(text: str) -> str:
    """A library message in ``pfsim joint``'s words (kept for older callers; see ``cli_text``).

    >>> _flag_text("vmo_activation must lie between 0 and 3 (got -1).")
    '--vmo-activation must lie between 0 and 3 (got -1).'
    >>> _flag_text("Pass extrapolate='clip' or 'extend' to fill them.")
    'Pass --extrapolate clip or extend to fill them.'
    """
    return cli_text(text, flags()["joint"])


def main(argv: list[str] | None = None) -> int:
    """Run ``pfsim`` with ``argv`` (default: the command line); return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``pfsim``.

    Returns
    -------
    int
        0 on success, 2 on bad input (argparse's own usage errors raise ``SystemExit(2)``, after
        one line on stderr), 130 after Ctrl-C, 141 when stdout's reader went away
        (:func:`pfsim.cli._common.run_command`).
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:  # while the parser is built or reads the arguments
        print("pfsim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if not getattr(args, "func", None):
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        parser.print_help()
        return EXIT_USAGE
    if unknown:  # exit 2 with the command's own usage line
        subparser(parser, args.command).error(
            f"unrecognized arguments: {' '.join(unknown)} (give options in full, as "
            f"pfsim {args.command} --help lists them)"
        )
    # the commands' own words, without importing main
    args.flag_table = flag_table(parser)[args.command]
    with recording_command(sys.argv if argv is None else ["pfsim", *argv]):  # tables' sidecars
        return run_command(args, args.flag_table)


def _entry() -> None:  # pragma: no cover - console script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
