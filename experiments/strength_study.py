"""How do hip-abductor, quadriceps and VMO capacity shift hip adduction, lateral facet stress and peak stress?

Usage: ``python experiments/strength_study.py [--out DIR]`` → ``DIR/strength.png``, ``DIR/strength.csv`` and its
provenance ``DIR/strength.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.strength_study`; the numbers are model predictions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pfsim.studies import strength_study


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    result = strength_study(out_dir=ap.parse_args().out)
    print(result.table)
    print("wrote:", *(str(p) for p in result.paths), sep="\n  ")


if __name__ == "__main__":
    main()
