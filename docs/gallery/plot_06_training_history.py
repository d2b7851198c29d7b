"""
A training history and the overload index
=========================================

:func:`pfsim.weekly_load` turns a running history into a weekly patellofemoral stress dose (a
fatigue sum over one knee's stances, Σ (σ_peak/σ_ref)^m scaled to the stress–time integral of the
runner's own flat stance, from the runner's stance model), follows a capacity that adapts
to the dose (an exponentially weighted mean, time constant 42 days), and reports the **overload
index**: the week's dose over the capacity brought into the week. At a steady load it is 1; above
1 the week asked more than the joint is adapted to. No injury threshold is implied: none is cited.

Here a 40 % mileage jump for two weeks, 30 % of it on hills, then back to 25 km, built in Python with
:func:`pfsim.training.mileage_jump` (a similar history ships as a CSV in
the bundled example ``jump40_hills``; :func:`pfsim.read_history` reads it by name or path).
"""

import matplotlib.pyplot as plt

import pfsim
from pfsim.plotting import plot_dose_capacity, plot_overload_timelines
from pfsim.training import mileage_jump, steady

runner = pfsim.Runner()  # the defaults: a healthy recreational runner, 70 kg, 3.0 m/s
timelines = {
    "steady 25 km/week": pfsim.weekly_load(steady(weeks=14, distance_km=25.0), runner),
    "+40 % for 2 weeks (hills), then back": pfsim.weekly_load(
        mileage_jump(base_km=25.0, jump_pct=40.0, hill_share_jump=0.3, after="back"), runner
    ),
}

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
plot_dose_capacity(timelines, label="+40 % for 2 weeks (hills), then back", ax=ax1)
plot_overload_timelines(timelines, ax=ax2)

# %%
# The weekly numbers (a :class:`pfsim.LoadResult`; ``to_pandas()`` gives a DataFrame):
r = timelines["+40 % for 2 weeks (hills), then back"]
for week, km, index in zip(r.week, r.distance_km, r.overload_index, strict=True):
    print(f"week {week:2d}: {km:5.1f} km, overload index {index:.3f}")
