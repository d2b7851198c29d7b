"""
One running stance, step by step
================================

:func:`pfsim.stance` turns running speed, step rate and body size into one stance phase: a
spring-mass model (Morin 2005 sine-wave force) gives the ground reaction force and leg compression,
the leg geometry turns them into knee flexion and knee extension moment, and the joint model turns
those into the quadriceps force, the patellofemoral joint reaction force and the contact stress.

Here two step rates at the same speed, as one call (an array of step rates): the higher one flexes
the knee less and loads it less per step. ``result.plot()`` draws the stance time course
(:func:`pfsim.plotting.stance_figure`), one line per scenario.
"""

import numpy as np

import pfsim

s = pfsim.stance(
    speed_m_s=3.0, step_rate_spm=np.array([160.0, 180.0]), body_mass_kg=70.0, height_m=1.75
)
fig = s.plot()
fig.suptitle("Stance at 3.0 m/s, 70 kg, 1.75 m")

# %%
# The per-step and per-km summary of each step rate:
summary = s.summary().to_dict()
for key, value in summary.items():
    print(f"{key:40s}", "  ".join(f"{float(v):10.4g}" for v in np.ravel(value)))
