"""
An individual assessment: which contributor drives this runner, which change helps most
=========================================================================================

:func:`pfsim.assess` splits a runner's excess over a healthy reference runner among seven contributor
groups (exact Shapley values over all 2⁷ coalitions, one vectorised stance batch), ranks a cited
catalogue of interventions by their predicted change of the primary outcome (with 90 % intervals over
the model's assumptions and the probability of ranking first) and, with a history, plans the weekly
distances that keep the overload index under a threshold. The same from the shell:
``pfsim assess load_driven --history jump40_hills --out report``.
"""

import matplotlib.pyplot as plt

import pfsim
from pfsim.plotting import plot_interventions, plot_plan

a = pfsim.assess("load_driven", "jump40_hills", rng=1, target_km=60.0)
print(f"top contributor: {a.top_contributor}; first intervention: {a.top_intervention}")

# %%
# The attribution waterfall of the primary outcome (here the peak overload index): from the
# reference runner, each group's Shapley share with its 90 % interval over the assumption draws,
# to the runner. ``a.plot()`` draws it; ``a.plot(outcome="peak_lateral_facet_stress_MPa")`` another.
a.plot()
plt.show()

# %%
# The interventions, ranked by their predicted change at the default assumptions (bars), with the
# median and 90 % interval over the draws and the share of draws in which each ranks first.
plot_interventions(a)
plt.show()

# %%
# The plan: the history as run, then weekly distances up to the target that keep the overload index
# at or under the threshold, with the best-ranked intervention other than load management applied.
plot_plan(a)
plt.show()
