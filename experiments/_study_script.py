"""The command line every study script of this folder shares: ``--out DIR``, run, print the table."""

from __future__ import annotations

import argparse
from pathlib import Path


def run_study_script(study, doc: str) -> None:
    """Parse ``--out DIR`` (default ``experiments/out``), run ``study(out_dir=DIR)``, print its table."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    result = study(out_dir=ap.parse_args().out)
    print(result.table)
    print("wrote:", *(str(p) for p in result.paths), sep="\n  ")
