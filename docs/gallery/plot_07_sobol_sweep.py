"""
A Sobol' sensitivity sweep of the knee model
============================================

Which knee input moves the lateral facet stress most? A Sobol' analysis samples the inputs over
their ranges (a Saltelli design, ``scipy.stats.qmc``), evaluates the model at every sample, and
splits the output's variance between the inputs: the **first-order** index is the share an input
explains alone, the **total** index adds its interactions with the others. Bars are the indices,
whiskers their bootstrap 95 % confidence intervals.

The sweep engine (:mod:`pfsim.sweep`) knows no knees: the function it sweeps is the composed joint
model of :mod:`pfsim.models`, the same one ``pfsim sweep`` runs for a problem with
``model = "joint"``. The ranges below are illustrative, not a population.
"""

import matplotlib.pyplot as plt

from pfsim.models import resolve_model
from pfsim.plotting import plot_sobol
from pfsim.sweep import Input, Problem, sobol_analysis

problem = Problem(
    [
        Input("knee_flexion_deg", unit="deg", bounds=(20.0, 60.0)),
        Input("q_angle_deg", unit="deg", bounds=(10.0, 20.0)),
        Input("hip_adduction_deg", unit="deg", bounds=(0.0, 15.0)),
        Input("vmo_activation", unit="1", bounds=(0.5, 1.0)),
        Input("lateral_retinaculum_N", unit="N", bounds=(0.0, 100.0)),
    ],
    constants={"knee_extension_moment_Nm": 175.0},  # 70 kg x 2.5 N·m/kg, a running stance peak
    outputs={"lateral_facet_stress_MPa": "MPa", "lateral_shift_mm": "mm"},
    name="knee_sobol",
)
joint = resolve_model("joint")  # the default contact area, kernozek2015

indices = sobol_analysis(joint, problem, n=512, n_resamples=200, rng=1)

fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 8), layout="constrained")
plot_sobol(indices, output="lateral_facet_stress_MPa", ax=ax1)
plot_sobol(indices, output="lateral_shift_mm", ax=ax2)

# %%
# The indices as a table (a :class:`pfsim.sweep.Table`; ``to_pandas()`` gives a DataFrame):
print(indices)
