"""Which runner-profile inputs drive stress and dose over a population (Sobol' indices)?

Usage: ``python experiments/sensitivity_study.py [--out DIR]`` → ``DIR/sensitivity.png``, ``DIR/sensitivity.csv`` and its
provenance ``DIR/sensitivity.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.sensitivity_study`; the numbers are model predictions.
"""

from __future__ import annotations

from _study_script import run_study_script

from pfsim.studies import sensitivity_study

if __name__ == "__main__":
    run_study_script(sensitivity_study, __doc__)
