"""How do weekly progression, hills and speed work shift dose, capacity and the overload index?

Usage: ``python experiments/load_study.py [--out DIR]`` → ``DIR/load.png``, ``DIR/load.csv`` and its
provenance ``DIR/load.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.load_study`; the numbers are model predictions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pfsim.studies import load_study


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    result = load_study(out_dir=ap.parse_args().out)
    print(result.table)
    print("wrote:", *(str(p) for p in result.paths), sep="\n  ")


if __name__ == "__main__":
    main()
