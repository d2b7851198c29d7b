"""How do step-rate changes of −15 … +15 % from preferred shift patellofemoral stress and dose, at 2.5-4 m/s?

Usage: ``python experiments/cadence_study.py [--out DIR]`` → ``DIR/cadence.png``, ``DIR/cadence.csv`` and its
provenance ``DIR/cadence.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.cadence_study`; the numbers are model predictions.
"""

from __future__ import annotations

from _study_script import run_study_script

from pfsim.studies import cadence_study

if __name__ == "__main__":
    run_study_script(cadence_study, __doc__)
