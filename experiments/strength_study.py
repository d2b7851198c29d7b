"""How do hip-abductor, quadriceps and VMO capacity shift hip adduction, lateral facet stress and peak stress?

Usage: ``python experiments/strength_study.py [--out DIR]`` → ``DIR/strength.png``, ``DIR/strength.csv`` and its
provenance ``DIR/strength.json`` (default ``experiments/out``). The study is
:func:`pfsim.studies.strength_study`; the numbers are model predictions.
"""

from __future__ import annotations

from _study_script import run_study_script

from pfsim.studies import strength_study

if __name__ == "__main__":
    run_study_script(strength_study, __doc__)
