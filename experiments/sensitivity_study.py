"""Which runner-profile inputs drive stress and dose over a population (Sobol' indices)?

Usage: ``python experiments/sensitivity_study.py [--out DIR]`` → ``DIR/sensitivity.png``, ``DIR/sensitivity.csv`` and its
provenance ``DIR/sensitivity.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.sensitivity_study`; the numbers are model predictions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pfsim.studies import sensitivity_study


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    result = sensitivity_study(out_dir=ap.parse_args().out)
    print(result.table)
    print("wrote:", *(str(p) for p in result.paths), sep="\n  ")


if __name__ == "__main__":
    main()
