"""``python -m pfsim`` runs the ``pfsim`` command."""

import sys

from .cli import main

sys.exit(main())
