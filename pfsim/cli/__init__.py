"""The ``pfsim`` command line: the only place that parses arguments (``argparse``).

One module per command group; :func:`main` builds the parser and runs a command.
"""

from .main import _entry as _entry
from .main import _flag_text as _flag_text
from .main import build_parser, main

__all__ = ["build_parser", "main"]
