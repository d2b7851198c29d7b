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

import pfsim
from pfsim.plotting import plot_profile_reports

profiles = {name: pfsim.load_runner(name) for name in ("healthy", "hip_driven")}
reports = {name: pfsim.profile_report(runner) for name, runner in profiles.items()}

# %%
# What the contributors change: the mechanism outputs (left) and the stance peaks (right).
ax_kinematics, ax_stress = plot_profile_reports(reports)

# %%
# The profile itself, as read from its TOML file:
print(profiles["hip_driven"])
