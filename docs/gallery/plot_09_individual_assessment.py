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
from pfsim.plotting import plot_attribution_waterfall, plot_interventions, plot_plan

a = pfsim.assess("load_driven", "jump40_hills", rng=1, target_km=60.0)
print(f"top contributor: {a.top_contributor}; first intervention: {a.top_intervention}")

fig, axes = plt.subplots(3, 1, figsize=(8, 12), layout="constrained")
plot_attribution_waterfall(a, ax=axes[0])
plot_interventions(a, ax=axes[1])
plot_plan(a, ax=axes[2])
plt.show()
