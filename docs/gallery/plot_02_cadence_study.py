"""
The cadence study: how step rate shifts patellofemoral stress
=============================================================

Running at a higher step rate (cadence) at the same speed shortens each step: the knee flexes less
and the knee extension moment falls, so the peak contact stress of each step falls too, while the
number of steps per km rises. :func:`pfsim.studies.cadence_study` sweeps the step rate from −15 % to
+15 % of the preferred rate (van Oeveren 2019) at four speeds through the running stance model.

Every number is a model prediction: nothing is tuned to the published effects of cadence
retraining (those are kept for validation).
"""

import matplotlib.pyplot as plt

from pfsim.plotting import plot_cadence
from pfsim.studies import cadence_study

result = cadence_study()

# one panel per output, one line per speed (pfsim.plotting.cadence_figure draws the same four)
fig, axes = plt.subplots(2, 2, figsize=(10, 7.5), layout="constrained")
outputs = (
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "stress_time_integral_per_step_MPa_s",
    "stress_time_integral_per_km_MPa_s",
)
for ax, output in zip(axes.flat, outputs, strict=True):
    plot_cadence(result.table, output, ax=ax)
handles, labels = axes[0, 0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside lower center", ncol=4, frameon=False)
fig.suptitle("Step rate vs patellofemoral stress at constant speed (70 kg, 1.75 m)")

# %%
# The table behind the figure: one row per speed and step-rate change.
table = result.table
for speed in (3.0,):
    rows = table["speed_m_s"] == speed
    for pct, stress, dose in zip(
        table["step_rate_change_pct"][rows],
        table["peak_contact_stress_MPa"][rows],
        table["stress_time_integral_per_km_MPa_s"][rows],
        strict=True,
    ):
        print(
            f"{speed} m/s, step rate {pct:+5.1f} %: peak {stress:5.2f} MPa, dose {dose:6.0f} MPa·s/km"
        )
