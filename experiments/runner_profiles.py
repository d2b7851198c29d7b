"""Three runner profiles (healthy, hip-driven, load-driven): stance facet stress and training overload.

Usage: ``python experiments/runner_profiles.py [--out DIR]`` → ``DIR/runner_profiles.png`` and
``DIR/runner_profiles.csv`` (default ``experiments/out``). The profiles and histories are the bundled
examples (:mod:`pfsim.examples`, loaded by name; ``pfsim examples`` lists them); the mechanisms are
:mod:`pfsim.runner`, the load model :mod:`pfsim.training`.

The overload index is computed twice: with the load model's defaults (mean contact stress, capacity
adapted to the runner's own dose: every profile has index 1 at its habitual training) and with the
options that let the profile reach it (``dose_stress="lateral_facet"``,
``capacity_reference="reference_runner"``: the lateral facet dose against a healthy knee's capacity
under the same training; an assumption, see :mod:`pfsim.training`). Dashed lines in the right panel.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from pfsim.io import recording_command, write_table
from pfsim.plotting import LINESTYLES, OKABE_ITO, save_figure
from pfsim.runner import load_runner, profile_report, simulate
from pfsim.training import read_history, weekly_load

HERE = Path(__file__).resolve().parent
#: bundled runner profile -> bundled training history (pfsim.examples)
PROFILES = {
    "healthy": "steady",
    "hip_driven": "steady",
    "load_driven": "jump40_hills",
}
#: The options that let the runner profile reach the overload index (pfsim.training.weekly_load).
PROFILE_OPTIONS = {"dose_stress": "lateral_facet", "capacity_reference": "reference_runner"}
TABLE_KEYS = (
    "hip_adduction_peak_deg",
    "pelvic_drop_peak_deg",
    "femoral_internal_rotation_peak_deg",
    "q_angle_deg",
    "peak_contact_stress_MPa",
    "peak_lateral_facet_stress_MPa",
    "peak_medial_facet_stress_MPa",
    "peak_lateral_shift_mm",
    "stress_time_integral_per_km_MPa_s",
    "quadriceps_demand_rel",
)


def main(out: Path) -> None:
    import matplotlib.pyplot as plt  # headless: matplotlib falls back to Agg without a display

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
    table = {"profile": []}
    for i, (stem, hist) in enumerate(PROFILES.items()):
        runner = load_runner(stem)
        rep = profile_report(runner)
        history = read_history(hist)
        res = weekly_load(history, runner)
        res_opt = weekly_load(history, runner, **PROFILE_OPTIONS)
        table["profile"].append(runner.name)
        for k in TABLE_KEYS:
            table.setdefault(k, []).append(rep[k])
        table.setdefault("max_overload_index", []).append(float(res.overload_index.max()))
        table.setdefault("max_overload_index_lateral_vs_reference", []).append(
            float(res_opt.overload_index.max())
        )
        r = simulate(runner)
        pct = np.linspace(0, 100, r.time_s.shape[-1])
        style = {"color": OKABE_ITO[i], "ls": LINESTYLES[i], "label": runner.name}
        ax1.plot(pct, r.lateral_facet_stress_MPa, **style)
        ax2.plot(res.week, res.overload_index, marker="o", ms=3, **style)
        ax2.plot(
            res_opt.week, res_opt.overload_index, color=OKABE_ITO[i], ls="--", lw=0.9, alpha=0.8
        )
    ax1.set(xlabel="stance [%]", ylabel="lateral facet stress [MPa]")
    ax2.axhline(1.0, color="0.5", lw=0.8)
    ax2.set(xlabel="week", ylabel="overload index (dose / capacity)")
    ax2.set_title("solid: defaults; dashed: lateral facet vs reference", fontsize="small")
    for ax in (ax1, ax2):
        ax.grid(True, alpha=0.3)
    ax1.legend(fontsize="small")
    save_figure(fig, out / "runner_profiles.png")  # atomic; closes the figure
    inputs = {
        "table": "pfsim runner profiles: stance summary and peak overload index per profile",
        "script": "experiments/runner_profiles.py",
        "histories": PROFILES,
        "options": PROFILE_OPTIONS,
    }
    write_table(out / "runner_profiles.csv", table, inputs=inputs)  # + runner_profiles.json
    width = max(len(k) for k in table)
    for k, v in table.items():
        cells = [f"{x:>14}" if isinstance(x, str) else f"{x:14.4g}" for x in v]
        print(k.ljust(width), *cells)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=HERE / "out")
    with recording_command(sys.argv):  # the sidecar records the script's command line
        main(p.parse_args().out)
