"""
A runner profile and its contributors
=====================================

A :class:`pfsim.Runner` gathers the clinical contributors to patellofemoral pain (weak hip
abductors and external rotators, an under-active VMO, weak quadriceps, pronation, tight lateral
structures, cadence, training) and :mod:`pfsim.runner` maps each onto the inputs of the stance and
joint models, one documented mechanism per contributor. :func:`pfsim.profile_report` gives what
each mechanism produced and the stance peaks that follow.

Here the "hip-driven" profile (weak hip abductors and external rotators) against the healthy one.
The profiles are TOML files bundled with pfsim, loaded by name (``pfsim examples`` lists them;
a path to your own file works the same way).
"""

import matplotlib.pyplot as plt
import numpy as np

import pfsim
from pfsim.plotting import OKABE_ITO

profiles = {name: pfsim.load_runner(name) for name in ("healthy", "hip_driven")}
reports = {name: pfsim.profile_report(runner) for name, runner in profiles.items()}

# %%
# What the contributors change: the mechanism outputs (left) and the stance peaks (right).
mechanisms = [
    ("hip_adduction_peak_deg", "hip adduction peak [deg]"),
    ("pelvic_drop_peak_deg", "pelvic drop peak [deg]"),
    ("femoral_internal_rotation_peak_deg", "femoral int. rotation [deg]"),
    ("q_angle_deg", "Q-angle [deg]"),
]
stresses = [
    ("peak_contact_stress_MPa", "mean contact"),
    ("peak_lateral_facet_stress_MPa", "lateral facet"),
    ("peak_medial_facet_stress_MPa", "medial facet"),
]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
width = 0.38
for i, (name, report) in enumerate(reports.items()):
    y = np.arange(len(mechanisms)) + (i - 0.5) * width
    ax1.barh(y, [report[k] for k, _ in mechanisms], height=width, color=OKABE_ITO[i], label=name)
    x = np.arange(len(stresses)) + (i - 0.5) * width
    ax2.bar(x, [report[k] for k, _ in stresses], width=width, color=OKABE_ITO[i], label=name)
ax1.set_yticks(np.arange(len(mechanisms)), [label for _, label in mechanisms])
ax1.invert_yaxis()
ax1.set_title("Contributors → running kinematics", loc="left", fontsize="medium")
ax2.legend(frameon=False, loc="upper right")
ax2.set_xticks(np.arange(len(stresses)), [label for _, label in stresses])
ax2.set_ylabel("Peak stress in stance [MPa]")
ax2.set_title("→ patellofemoral stress", loc="left", fontsize="medium")
for ax in (ax1, ax2):
    ax.grid(alpha=0.3, axis="x" if ax is ax1 else "y")

# %%
# The profile itself, as read from its TOML file:
print(profiles["hip_driven"])
