"""Free-body derivations with sympy.

Each module derives a model's equations symbolically and writes (a) the numpy code the model runs,
into ``pfsim/joint/_generated_*.py``, and (b) the LaTeX of its equations, beside itself (``*.tex``).
Regenerate with ``python -m pfsim.derivations.<module>``; ``tests/test_derivations.py`` regenerates
in memory and checks the committed files are current. sympy is never imported on the hot path.

Two modules derive parameters from published data instead: :mod:`pfsim.derivations.lenhart2015`
(groove sections and restraints of the Lenhart 2015 knee, into ``pfsim/joint/_generated_lenhart2015.py``)
and :mod:`pfsim.derivations.contact_time` (the exponent of contact time on step time from Farley &
González 1996, checked against :data:`pfsim.gait.springmass.CONTACT_TIME_STEP_RATE_EXPONENT` by
``tests/gait/test_springmass.py``).
"""
