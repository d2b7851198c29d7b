"""Free-body derivations with sympy.

Each module derives a model's equations symbolically and writes (a) the numpy code the model runs,
into ``pfsim/joint/_generated_*.py``, and (b) the LaTeX of its equations, beside itself (``*.tex``).
Regenerate with ``python -m pfsim.derivations.<module>``; ``tests/test_derivations.py`` regenerates
in memory and checks the committed files are current. sympy is never imported on the hot path.
"""
