#!/usr/bin/env bash
# Build the HTML documentation with every warning an error; the gallery scripts run as part of it.
#   pip install -e ".[docs]" && bash docs/build.sh        → docs/_build/html/index.html
# Extra arguments go to sphinx-build (e.g. -E to rebuild everything).
set -euo pipefail
cd "$(dirname "$0")"
export MPLBACKEND=Agg
exec python -m sphinx -W --keep-going -b html -d _build/doctrees "$@" . _build/html
