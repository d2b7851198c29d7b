"""How do weekly progression, hills and speed work shift dose, capacity and the overload index?

Usage: ``python experiments/load_study.py [--out DIR]`` → ``DIR/load.png``, ``DIR/load.csv`` and its
provenance ``DIR/load.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.load_study`; the numbers are model predictions.
"""

from __future__ import annotations

from _study_script import run_study_script

from pfsim.studies import load_study

if __name__ == "__main__":
    run_study_script(load_study, __doc__)
