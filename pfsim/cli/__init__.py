"""The ``pfsim`` command line: the only place that parses arguments (``argparse``).

One module per command group; :func:`main` builds the parser and runs a command.
"""

from .main import _entry, _flag_text, build_parser, main

__all__ = ["build_parser", "main"]
