"""What every ``pfsim`` command shares.

The comma-list parser, the table/JSON printer, the flag table and the one error/warning printer.

Messages from the library name Python arguments (``vmo_activation must lie between ...``,
``Pass extrapolate='clip' or 'extend'``); :func:`cli_text` turns them into the current command's
flags (``--vmo-activation``, ``--extrapolate clip or extend``) from one table, :data:`FLAGS`
(command -> Python argument name -> flag), which is read off the parser itself: the ``dest`` of
every option is the name of the Python argument it sets, so the table cannot drift from the
options. Library messages give no flag themselves (``tests/test_cli.py`` checks every string
literal outside ``pfsim/cli``), so a message reads right from Python and under every command.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import warnings

import numpy as np

from ..io.text import shorten

__all__ = [
    "EXIT_USAGE",
    "EXIT_INTERRUPTED",
    "EXIT_BROKEN_PIPE",
    "CliError",
    "Flag",
    "Parser",
    "one_line",
    "parse_number",
    "number",
    "path_arg",
    "float_list",
    "pair_rows",
    "jsonable",
    "fmt",
    "print_json",
    "print_table",
    "print_block",
    "print_results",
    "flag_table",
    "subparser",
    "cli_text",
    "run_command",
]

#: Exit status of bad input (argparse's own, for usage errors).
EXIT_USAGE = 2

#: Exit status after Ctrl-C (KeyboardInterrupt): 128 + SIGINT, as a shell reports it.
EXIT_INTERRUPTED = 130

#: Exit status when the reader of stdout went away (``pfsim ... | head``): 128 + SIGPIPE, what a
#: shell reports for a Unix tool killed by SIGPIPE, so ``set -o pipefail`` still sees that the
#: output was cut short. Nothing is printed.
EXIT_BROKEN_PIPE = 141

#: The longest value echoed back in a CLI message (:func:`pfsim.io.text.shorten` cuts longer ones).
SHOWN_CHARS = 80

#: The longest message line printed (a message with its fix is far shorter).
LINE_CHARS = 1000


class CliError(ValueError):
    """An input error reported to the user as one line, exit status 2."""


def one_line(text: str) -> str:
    """A message as one printable line: newlines joined, long words and the whole line cut.

    Every run of more than :data:`SHOWN_CHARS` non-blank characters (an echoed value, however it
    got into the message) keeps its first characters and an ellipsis; the line keeps at most
    :data:`LINE_CHARS` characters.

    >>> one_line("two" + chr(10) + "lines")
    'two lines'
    >>> len(one_line("got " + "7" * 100_000)), one_line("got " + "7" * 100_000)[-3:]
    (85, '77…')
    """
    text = " ".join(str(text).splitlines())
    text = re.sub(rf"\S{{{SHOWN_CHARS + 1},}}", lambda m: m.group()[:SHOWN_CHARS] + "…", text)
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 1] + "…"


class Parser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose usage errors are one line: ``pfsim run: error: ...``.

    argparse prints the whole usage before its error; pfsim prints one line naming the problem
    (and points to ``--help`` for the usage), exit status 2, like every other input error.
    """

    def error(self, message: str):
        """Print ``PROG: error: MESSAGE`` as one line and exit with status 2."""
        text = one_line(message)
        if "--help" not in text:
            text += (
                f" See {self.prog} --help." if text.endswith(".") else f"; see {self.prog} --help"
            )
        self.exit(EXIT_USAGE, f"{self.prog}: error: {text}\n")


# ------------------------------------------------------------------------------------------------
# input: numbers and paths (argparse types and the comma-list parser share parse_number)
# ------------------------------------------------------------------------------------------------
def _range_text(lo, hi, integer: bool) -> str:
    if lo is not None and hi is not None:
        return f"between {lo:g} and {hi:g}"
    if lo is not None:
        return f"at least {lo:g}" if not integer or lo > 0 else f"{lo:g} or more"
    return f"at most {hi:g}"


def parse_number(
    text,
    flag: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    choices: tuple | None = None,
    example: str = "30",
    many: bool = False,
):
    """The one parser of a number typed on the command line: finite, in range, named in errors.

    Parameters
    ----------
    text : str
        The value as typed.
    flag : str
        The option, named in the error message (``--speed``); empty for an argparse type, whose
        message argparse prefixes with ``argument --flag:``.
    lo, hi : float, optional
        The allowed range (inclusive); None for no bound.
    integer : bool
        Accept whole numbers only (``int(text)``: ``2.5`` and ``1e3`` are refused).
    choices : tuple of float, optional
        The only values allowed (e.g. ``(1.0, -1.0)``).
    example : str
        A valid value for the error message.
    many : bool
        The value is a part of a comma list (the message says so).

    Returns
    -------
    float or int

    Raises
    ------
    CliError
        Not a number, not finite, not whole, out of range or not one of ``choices``; the message
        names the flag and shows the value (shortened to :data:`SHOWN_CHARS`).

    Examples
    --------
    >>> parse_number("2.5", "--speed")
    2.5
    >>> parse_number("nan", "--speed")
    Traceback (most recent call last):
    ...
    pfsim.cli._common.CliError: --speed: 'nan' is not a finite number; give a finite number (e.g. 30).
    """
    where = f"{flag}: " if flag else ""
    text = str(text).strip()
    kind = "whole number" if integer else "number"
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        if integer and text.lstrip("+-").isdecimal():  # beyond int()'s 4300 digits
            raise CliError(
                f"{where}{shorten(text, SHOWN_CHARS)} is too large (e.g. {example})."
            ) from None
        more = " or comma-separated numbers" if many else ""
        raise CliError(
            f"{where}{shorten(text, SHOWN_CHARS)} is not a {kind}; give a {kind}{more} (e.g. {example})."
        ) from None
    if not integer and not math.isfinite(value):
        raise CliError(
            f"{where}{shorten(text, SHOWN_CHARS)} is not a finite number; give a finite number (e.g. {example})."
        )
    if choices is not None and value not in choices:
        allowed = " or ".join(f"{c:+g}" if c else f"{c:g}" for c in choices)
        raise CliError(f"{where}must be {allowed} (got {shorten(text, SHOWN_CHARS, quote=False)}).")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        got = shorten(text, SHOWN_CHARS, quote=False)
        raise CliError(f"{where}must be {_range_text(lo, hi, integer)} (got {got}).")
    return value


def number(
    lo: float | None = None,
    hi: float | None = None,
    *,
    integer: bool = False,
    choices: tuple | None = None,
    example: str = "30",
    many: bool = False,
):
    """An argparse ``type`` for a numeric option: :func:`parse_number` with these bounds.

    Every numeric option of ``pfsim`` has this type. argparse names the option in the message
    (``argument --workers: must be at least 1 (got 0)``); :class:`Parser` prints it as one line,
    exit status 2. ``many=True``: comma-separated numbers, a list of floats (``'2.5,3'`` ->
    ``[2.5, 3.0]``; pair them with :func:`pair_rows`).

    Examples
    --------
    >>> number(lo=1, integer=True)("4")
    4
    >>> number(many=True)("2.5, 3")
    [2.5, 3.0]
    """

    def convert(text: str):
        kw = {"lo": lo, "hi": hi, "integer": integer, "choices": choices, "example": example}
        try:
            if many:
                return [parse_number(part, "", many=True, **kw) for part in str(text).split(",")]
            return parse_number(text, "", **kw)
        except CliError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = "whole number" if integer else "number"
    return convert


def path_arg(text: str) -> str:
    """An argparse ``type`` for a file or folder name: refuses an empty one.

    ``--out ""`` once wrote nothing and exited 0 (or wrote into the current folder).

    >>> path_arg("results.csv")
    'results.csv'
    """
    if not str(text).strip():
        raise argparse.ArgumentTypeError(
            f"{shorten(text, SHOWN_CHARS)} is an empty path; give a file or folder name (e.g. results.csv)."
        )
    return text


def float_list(text, flag: str, example: str = "30,45,60") -> list[float] | None:
    """Parse ``'30'`` or ``'30,45,60'`` into floats.

    Parameters
    ----------
    text : str, list of float or None
        The option's text as given; None (option not given) and a list (already parsed by the
        option's type, ``number(many=True)``) pass through.
    flag : str
        The option, named in the error message (``--speed``).
    example : str
        A valid comma-separated value for the error message.

    Returns
    -------
    list of float or None

    Raises
    ------
    CliError
        A part is not a number or is not finite (:func:`parse_number`); the message names the
        option.
    """
    if text is None or isinstance(text, list):
        return text
    values = []
    for part in str(text).split(","):
        values.append(parse_number(part, flag, example=example, many=True))
    return values


def pair_rows(named: dict[str, list[float]]) -> tuple[int, dict[str, np.ndarray]]:
    """Pair comma-separated values row by row; a single value applies to every row.

    Parameters
    ----------
    named : dict of str to list of float
        Python argument name -> its values.

    Returns
    -------
    n : int
        The number of rows.
    arrays : dict of str to numpy.ndarray
        Each name's values, ``n`` of them.

    Raises
    ------
    CliError
        Two options have different numbers of values, neither of them one.
    """
    lengths = {len(v) for v in named.values() if len(v) != 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{k} has {len(v)}" for k, v in named.items())
        raise CliError(
            f"comma-separated options must have the same number of values or one value ({detail})."
        )
    n = lengths.pop() if lengths else 1
    return n, {k: np.array(v * n if len(v) == 1 else v, dtype=float) for k, v in named.items()}


# ------------------------------------------------------------------------------------------------
# output: JSON, tables, key/value blocks
# ------------------------------------------------------------------------------------------------
def jsonable(value):
    """A number, array or list as JSON values: arrays become lists, NaN and ±inf become None."""
    if isinstance(value, np.ndarray | np.generic):
        value = value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def fmt(value) -> str:
    """One table cell: None -> ``nan``, text as it is, whole numbers as they are, else 4 digits."""
    if value is None:
        return "nan"
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.4g}"


def print_json(payload, out=None) -> None:
    """Print ``payload`` as indented JSON and a newline (to stdout unless ``out`` is given)."""
    out = sys.stdout if out is None else out
    json.dump(payload, out, indent=2)
    out.write("\n")


def print_table(rows: list[dict], columns, width: int = 10, indent: str = "", out=None) -> None:
    """Print ``rows`` as right-aligned columns, a header line first.

    Parameters
    ----------
    rows : list of dict
        One dict per row, holding every column.
    columns : sequence of str
        The columns, in order; each is at least ``width`` characters wide.
    width : int
        Minimum column width.
    indent : str
        Text before every line.
    out : file, optional
        Where to print (default stdout).
    """
    out = sys.stdout if out is None else out
    widths = [max(len(c), width) for c in columns]
    out.write(indent + "  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)) + "\n")
    for row in rows:
        cells = [fmt(row[c]).rjust(w) for c, w in zip(columns, widths, strict=True)]
        out.write(indent + "  ".join(cells) + "\n")


def print_block(row: dict, out=None) -> None:
    """Print one result as indented ``key  value`` lines, keys left-aligned."""
    out = sys.stdout if out is None else out
    width = max(len(k) for k in row)
    for k, v in row.items():
        out.write(f"  {k.ljust(width)}  {fmt(v)}\n")


def print_results(title: str, rows: list[dict], labels: list[str] | None = None, out=None) -> None:
    """Print a title, then each result as a block (:func:`print_block`), after its label if given.

    Parameters
    ----------
    title : str
        The first line.
    rows : list of dict
        One dict of outputs per result.
    labels : list of str, optional
        A line before each result (``[0] speed_m_s=2.5``); None prints none.
    out : file, optional
        Where to print (default stdout).
    """
    out = sys.stdout if out is None else out
    out.write(title + "\n")
    for i, row in enumerate(rows):
        if labels is not None:
            out.write(labels[i] + "\n")
        print_block(row, out)


# ------------------------------------------------------------------------------------------------
# the flag table: Python argument names -> each command's flags
# ------------------------------------------------------------------------------------------------
class Flag(str):
    """A command-line flag (``'--extrapolate'``) that knows how it is given.

    ``switch``: it takes no value (``weight_bearing=True`` is ``--weight-bearing``); ``choices``: it
    takes one of a few bare words (``extrapolate='clip'`` is ``--extrapolate clip``, no quotes).
    """

    switch: bool
    choices: tuple | None

    def __new__(cls, option: str, switch: bool = False, choices=None):
        self = super().__new__(cls, option)
        self.switch = switch
        self.choices = None if choices is None else tuple(choices)
        return self


def subparser(parser, command: str):
    """The sub-parser of ``command`` in a ``pfsim`` parser."""
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    return sub.choices[command]


def flag_table(parser) -> dict[str, dict[str, Flag]]:
    """Read the flag table off a ``pfsim`` parser: command -> Python argument name -> flag.

    Every option's ``dest`` is the Python argument it sets, so ``{dest: option}`` is the table.
    Positional arguments, ``--help`` and ``--version`` are left out.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser of :func:`pfsim.cli.build_parser`.

    Returns
    -------
    dict of str to dict of str to Flag
    """
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    table = {}
    for command, p in sub.choices.items():
        names = {}
        for action in p._actions:
            if not action.option_strings or action.dest in ("help", "version"):
                continue
            long = [o for o in action.option_strings if o.startswith("--")]
            names[action.dest] = Flag(
                (long or action.option_strings)[0],
                switch=action.nargs == 0,
                choices=action.choices,
            )
        table[command] = names
    return table


def _has_flag(text: str, flag: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) is not None


def cli_text(text: str, flags: dict[str, Flag]) -> str:
    """Rewrite a pfsim message for one command: Python argument names become its flags.

    Library messages name Python arguments only (a test keeps CLI flags out of them), so this is
    the one place where flags enter a message.

    Parameters
    ----------
    text : str
        The message, as the library wrote it.
    flags : dict of str to Flag
        The command's row of :data:`FLAGS`.

    Returns
    -------
    str
        ``name`` -> ``--flag``; ``name=True`` -> ``--flag`` for a switch; ``name='a' or 'b'`` ->
        ``--flag a or b`` for a flag with choices (``--flag 'a'`` otherwise); ``name=VALUE`` ->
        ``--flag VALUE``. A name without an underscore (``model``, ``extrapolate``) is a word of
        prose unless written ``name=``; a name whose flag the message already gives is left as it
        is; a name the command has no flag for stays the Python name.

    Examples
    --------
    >>> from pfsim.cli.main import FLAGS
    >>> cli_text("vmo_activation must lie between 0 and 3 (got -1).", FLAGS["joint"])
    '--vmo-activation must lie between 0 and 3 (got -1).'
    >>> cli_text("Pass extrapolate='clip' or 'extend' to fill them.", FLAGS["run"])
    'Pass --extrapolate clip or extend to fill them.'
    >>> cli_text("give body_mass_kg=KG and moment_unit='Nm_kg'.", FLAGS["trial"])
    'give --mass KG and --moment-unit Nm_kg.'
    >>> cli_text("Lower the carried mass (added_mass_kg).", FLAGS["sweep"])
    'Lower the carried mass (added_mass_kg).'
    """
    names = [n for n, f in flags.items() if not _has_flag(text, f)]
    if not names:
        return text
    pattern = re.compile(
        r"(?<![\w.-])("
        + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        + r")(?!\w)(=True\b|='([^']*)'(?: or '([^']*)')?|=)?"
    )

    def flag(m: re.Match) -> str:
        name, tail, a, b = m.groups()
        f = flags[name]
        if tail is None:
            return f if "_" in name else name
        if tail == "=True" and f.switch:
            return f
        if tail == "=":  # name=VALUE -> --flag VALUE; a bare name= -> --flag
            return f"{f} " if re.match(r"[\w'\"]", m.string[m.end() : m.end() + 1]) else f
        if a is None:  # name=True of an option that takes a value
            return f"{f} {tail[1:]}"
        q = "" if f.choices else "'"
        return f"{f} {q}{a}{q}" + ("" if b is None else f" or {q}{b}{q}")

    return pattern.sub(flag, text)


# ------------------------------------------------------------------------------------------------
# the one error/warning printer
# ------------------------------------------------------------------------------------------------
def _quiet_stdout() -> None:
    """Point stdout at the null device: the reader of a pipe went away (``pfsim ... | head``).

    Python flushes stdout at exit, which would fail again and print "Exception ignored ..."; after
    this it flushes into the null device. A stdout without a file descriptor (a test's capture)
    is left as it is.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _interrupted_text(exc: KeyboardInterrupt) -> str:
    """``interrupted``, and the detail a command attached (``; 3 of 8 chunks saved; ...``)."""
    detail = str(exc.args[0]).strip() if exc.args else ""
    if detail.startswith("interrupted"):  # the command's own line (pfsim.sweep.SweepInterrupted)
        return one_line(detail)
    return "interrupted" + (f"; {one_line(detail)}" if detail else "")


def _call(args, flags: dict[str, Flag], err) -> int:
    """``args.func(args)`` and stdout flushed, every failure turned into an exit status and a line."""
    prefix = f"pfsim {args.command}"
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe fails here, not at exit
    except BrokenPipeError:
        _quiet_stdout()
        code = EXIT_BROKEN_PIPE
    except KeyboardInterrupt as exc:
        print(f"{prefix}: {_interrupted_text(exc)}", file=err)
        code = EXIT_INTERRUPTED
    except ValueError as exc:
        print(f"{prefix}: error: {one_line(cli_text(str(exc), flags))}", file=err)
        code = EXIT_USAGE
    except OSError as exc:  # unreadable input, a folder where a file is expected, ...
        where = f"{shorten(str(exc.filename), SHOWN_CHARS, quote=False)}: " if exc.filename else ""
        print(f"{prefix}: error: {one_line(where + str(exc.strerror or exc))}", file=err)
        code = EXIT_USAGE
    return code


def run_command(args, flags: dict[str, Flag], err=None) -> int:
    """Run ``args.func(args)``; print its errors and warnings as one line each, in CLI words.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments of one command (``args.command``, ``args.func``).
    flags : dict of str to Flag
        The command's row of the flag table (see :func:`cli_text`).
    err : file, optional
        Where to print (default stderr).

    Returns
    -------
    int
        The command's exit status; 2 after an input error (``ValueError``) or a file error;
        130 after Ctrl-C (one line, ``pfsim CMD: interrupted``, and the detail a command attached
        as the KeyboardInterrupt's argument, e.g. ``; 3 of 8 chunks saved; rerun to resume``);
        141 when stdout's reader went away (``| head``), printing nothing.

    Notes
    -----
    Every printed line is cut to one line with long values shortened (:func:`one_line`).
    """
    err = sys.stderr if err is None else err
    prefix = f"pfsim {args.command}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = _call(args, flags, err)
    if code in (EXIT_INTERRUPTED, EXIT_BROKEN_PIPE):  # one line, or nothing
        return code
    seen = set()
    for w in caught:
        text = f"{prefix}: warning: {one_line(cli_text(str(w.message), flags))}"
        if text not in seen:
            seen.add(text)
            print(text, file=err)
    return code
