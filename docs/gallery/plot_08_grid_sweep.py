"""
A grid sweep: step rate, speed and hip adduction
================================================

A grid sweep evaluates a model at every combination of a few levels per input. This is the problem
``cadence_grid``, a bundled example, states as a file (``pfsim sweep cadence_grid`` runs it from the
command line), written here in Python: 4 speeds × 7 step-rate changes × 3 hip-adduction peaks =
84 running stances through the composed stance model of :mod:`pfsim.models`.
"""

import matplotlib.pyplot as plt
import numpy as np

from pfsim.models import run_problem
from pfsim.plotting import LINESTYLES, MARKERS, OKABE_ITO
from pfsim.sweep import Input, Problem

problem = Problem(
    [
        Input("speed_m_s", unit="m/s", levels=(2.5, 3.0, 3.5, 4.0)),
        Input("step_rate_change_pct", unit="%", levels=(-15.0, -10.0, -5.0, 0.0, 5.0, 10.0, 15.0)),
        Input("hip_adduction_peak_deg", unit="deg", levels=(7.1, 10.4, 15.3)),
    ],
    constants={"body_mass_kg": 70.0, "height_m": 1.75},
    outputs={"peak_contact_stress_MPa": "MPa", "peak_lateral_facet_stress_MPa": "MPa"},
    name="cadence_grid",
    model="stance",
)
result, _ = run_problem(problem)
inputs = result.inputs

# %%
# Peak lateral facet stress against step-rate change: one panel per hip adduction, one line per
# speed.
hips = problem.inputs[2].levels
fig, axes = plt.subplots(1, len(hips), figsize=(12, 4), sharey=True, layout="constrained")
for ax, hip in zip(axes, hips, strict=True):
    for i, speed in enumerate(problem.inputs[0].levels):
        rows = np.isclose(inputs["hip_adduction_peak_deg"], hip) & np.isclose(
            inputs["speed_m_s"], speed
        )
        ax.plot(
            inputs["step_rate_change_pct"][rows],
            result["peak_lateral_facet_stress_MPa"][rows],
            color=OKABE_ITO[i],
            ls=LINESTYLES[i],
            marker=MARKERS[i],
            label=f"{speed} m/s",
        )
    ax.set_title(f"hip adduction peak {hip} deg", fontsize="medium")
    ax.set_xlabel("Step rate change [%]")
    ax.grid(alpha=0.3)
axes[0].set_ylabel("Peak lateral facet stress [MPa]")
axes[0].legend(frameon=False)
