"""How do step-rate changes of −15 … +15 % from preferred shift patellofemoral stress and dose, at 2.5-4 m/s?

Usage: ``python experiments/cadence_study.py [--out DIR]`` → ``DIR/cadence.png``, ``DIR/cadence.csv`` and its
provenance ``DIR/cadence.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.cadence_study`; the numbers are model predictions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pfsim.studies import cadence_study


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    result = cadence_study(out_dir=ap.parse_args().out)
    print(result.table)
    print("wrote:", *(str(p) for p in result.paths), sep="\n  ")


if __name__ == "__main__":
    main()
