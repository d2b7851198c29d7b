"""Stance baseline and ±10 % step rate: one figure (time series over stance) and one table.

Usage: ``python experiments/stance_baseline.py [--out DIR]`` → ``DIR/stance_baseline.png`` and
``DIR/stance_baseline.csv`` (default ``experiments/out``). The reference runner is issue 4's
(3.0 m/s, 168 steps/min, 70 kg, 1.75 m); step rate is changed at constant speed. The ±10 % effects are
model predictions (see ``validation/gait_predictions``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from pfsim.constants import G_M_S2
from pfsim.gait import REFERENCE_SCENARIO, SUMMARY_KEYS, stance
from pfsim.io import recording_command, write_table
from pfsim.plotting import LINESTYLES, OKABE_ITO, save_figure

FACTORS = np.array([0.9, 1.0, 1.1])


def main(out: Path) -> None:
    import matplotlib.pyplot as plt  # headless: matplotlib falls back to Agg without a display

    sc = dict(REFERENCE_SCENARIO)
    rates = sc.pop("step_rate_spm") * FACTORS
    r = stance(sc["speed_m_s"], rates, sc["body_mass_kg"], sc["height_m"])
    s = r.summary()

    panels = [
        ("vertical_grf_N", "vertical GRF [BW]", 1 / (sc["body_mass_kg"] * G_M_S2)),
        ("knee_flexion_deg", "knee flexion [deg]", 1.0),
        ("knee_extension_moment_Nm", "knee ext. moment [N·m/kg]", 1 / sc["body_mass_kg"]),
        ("contact_stress_MPa", "mean contact stress [MPa]", 1.0),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(8, 5.6), layout="constrained", sharex=True)
    pct = np.linspace(0, 100, r.time_s.shape[-1])
    for ax, (name, label, scale) in zip(axes.flat, panels, strict=True):
        for i, f in enumerate(FACTORS):
            ax.plot(
                pct,
                getattr(r, name)[i] * scale,
                color=OKABE_ITO[i],
                ls=LINESTYLES[i],
                label=f"{rates[i]:.0f} steps/min ({100 * (f - 1):+.0f} %)",
            )
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("stance [%]")
    axes[0, 0].legend(fontsize="small")
    fig.suptitle(
        "pfsim stance model, 3.0 m/s, 70 kg, 1.75 m: step rate at constant speed", fontsize="medium"
    )
    save_figure(fig, out / "stance_baseline.png")  # atomic; closes the figure

    d = s.to_dict()
    cols = {"step_rate_spm": rates, **{k: np.asarray(d[k]) for k in SUMMARY_KEYS}}
    inputs = {"experiment": "stance_baseline", "scenario": REFERENCE_SCENARIO}
    write_table(out / "stance_baseline.csv", cols, inputs=inputs)  # + stance_baseline.json
    keys = (
        "peak_knee_flexion_deg",
        "peak_knee_extension_moment_Nm_kg",
        "peak_joint_reaction_force_bw",
        "peak_contact_stress_MPa",
        "stress_time_integral_per_km_MPa_s",
        "contact_time_s",
    )
    print("step_rate_spm  " + "  ".join(k for k in keys))
    for i in range(len(rates)):
        print(f"{rates[i]:13.1f}  " + "  ".join(f"{d[k][i]:{len(k)}.4g}" for k in keys))
    print(f"wrote {out / 'stance_baseline.png'} and {out / 'stance_baseline.csv'}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    with recording_command(sys.argv):  # the sidecar records the script's command line
        main(ap.parse_args().out)
