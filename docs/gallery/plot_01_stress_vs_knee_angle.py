"""
Contact stress against knee angle, for each contact-area fit
============================================================

The sagittal chain in three steps: the quadriceps force pulls the patella against the femur (the
patellofemoral joint reaction force, PFJRF), and the mean contact stress is that force over the
contact area, ``σ = PFJRF / CA(θ)``. The contact area grows with knee flexion, and each published fit
of it has its own data range: outside it ``patellofemoral_load`` returns NaN (``extrapolate="nan"``,
with a warning), so each line below stops where its data stop.

Here the quadriceps force is held at 3000 N so that only the area changes between the lines.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np

import pfsim
from pfsim.plotting import plot_contact_area, plot_contact_stress

knee_flexion_deg = np.linspace(0.0, 90.0, 91)
stress, area = {}, {}
for name in pfsim.CONTACT_AREA_FITS:
    with warnings.catch_warnings():
        # outside a fit's data range the values are NaN, with a PfsimRangeWarning: expected here
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        load = pfsim.patellofemoral_load(
            knee_flexion_deg, quad_force_N=3000.0, area_fit=name, frontal=False
        )
    stress[name] = load.contact_stress_MPa
    area[name] = load.contact_area_mm2

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
plot_contact_area(knee_flexion_deg, area, ax=ax1)
plot_contact_stress(knee_flexion_deg, stress, title="Quadriceps force 3000 N", ax=ax2)
# one legend for both panels, beside them, so that no line is hidden
handles, labels = ax2.get_legend_handles_labels()
for ax in (ax1, ax2):
    if ax.get_legend() is not None:
        ax.get_legend().remove()
fig.legend(handles, labels, loc="outside right upper", frameon=False, title="area fit")

# %%
# Each fit, its data range and its source:
for name, fit in pfsim.CONTACT_AREA_FITS.items():
    lo, hi = fit.valid_range_deg
    source = fit.reference.split(";")[0].split(" (")[0]
    print(f"{name:18s} {lo:4.0f}-{hi:3.0f} deg  {source}")
