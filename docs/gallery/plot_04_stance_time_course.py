"""
One running stance, step by step
================================

:func:`pfsim.stance` turns running speed, step rate and body size into one stance phase: a
spring-mass model (Morin 2005 sine-wave force) gives the ground reaction force and leg compression,
the leg geometry turns them into knee flexion and knee extension moment, and the joint model turns
those into the quadriceps force, the patellofemoral joint reaction force and the contact stress.

Here two step rates at the same speed: the higher one flexes the knee less and loads it less per
step.
"""

import matplotlib.pyplot as plt

import pfsim
from pfsim.plotting import LINESTYLES, OKABE_ITO

fig, axes = plt.subplots(2, 2, figsize=(10, 6), sharex=True, layout="constrained")
panels = [
    ("vertical_grf_N", "Vertical ground reaction force [N]"),
    ("knee_flexion_deg", "Knee flexion [deg]"),
    ("joint_reaction_force_N", "Patellofemoral joint reaction force [N]"),
    ("contact_stress_MPa", "Mean contact stress [MPa]"),
]
for i, step_rate in enumerate((160.0, 180.0)):
    s = pfsim.stance(speed_m_s=3.0, step_rate_spm=step_rate, body_mass_kg=70.0, height_m=1.75)
    for ax, (name, label) in zip(axes.flat, panels, strict=True):
        ax.plot(
            1e3 * s.time_s,
            getattr(s, name),
            color=OKABE_ITO[i],
            ls=LINESTYLES[i],
            label=f"{step_rate:.0f} steps/min",
        )
        ax.set_ylabel(label, fontsize="small")
        ax.grid(alpha=0.3)
for ax in axes[1]:
    ax.set_xlabel("Time from initial contact [ms]")
axes[0, 0].legend(frameon=False)
fig.suptitle("Stance at 3.0 m/s, 70 kg, 1.75 m")

# %%
# The per-step and per-km summary of the last stance:
for key, value in s.summary().to_dict().items():
    print(f"{key:40s} {float(value):10.4g}")
