"""The ``pfsim`` command line: the only place that parses arguments (``argparse``).

One module per command (``joint``, ``run``, ``trial``, ``load``, ``sweep``, ``study``, ``demo``), each
with ``register(subparsers)`` and its ``cmd_*``; :mod:`pfsim.cli._common` holds what they share (the
comma-list parser, the table/JSON printer, the flag table and the error/warning printer);
:func:`main` builds the parser and runs a command.
"""

from .main import _entry as _entry
from .main import _flag_text as _flag_text
from .main import build_parser, flags, main

__all__ = ["build_parser", "main", "flags"]
