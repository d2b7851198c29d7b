"""Seed contributors re-measured through ``pfsim run --runner FILE.toml --json``, frontal v1 vs v2.

Run: ``python validation/frontal_v2_lenhart2015/contributors.py`` (about half a minute). Profiles
are the bundled ``healthy.toml`` with one section changed each:

- Ireland et al. 2003 (J Orthop Sports Phys Ther 33:671): 26 % lower hip-abduction and 36 % lower
  external-rotation strength in women with patellofemoral pain → abductor 0.74, external rotators
  0.64;
- hip strength (abductors and external rotators together) 0.62 and 1.4 of the norm (0.62: the
  lowest hip-abductor strength a profile accepts, ``pfsim.runner.HIP_ABDUCTOR_STRENGTH_MIN_REL``;
  the former 0.6 is refused since issue 12);
- VMO at half activation.

v2 is selected by giving the CLI's joint call ``frontal_geometry=lenhart2015_geometry()`` as its
default (the CLI has no flag for the frontal model; this script sets the keyword default of
``pfsim.joint.model.patellofemoral_load`` for the run and restores it). Prints a Markdown table of
the peak lateral facet stress [MPa] and its change from the healthy reference.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import tempfile
import warnings
from pathlib import Path

import pfsim.joint.model as jm
from pfsim.cli import main
from pfsim.joint.frontal import DEFAULT_FRONTAL_GEOMETRY, lenhart2015_geometry

HEALTHY = Path(jm.__file__).resolve().parents[1] / "examples" / "runners" / "healthy.toml"
CASES = {
    "healthy": {},
    "Ireland 2003 hip deficit": {
        "hip_abductor_strength_rel": 0.74,
        "hip_external_rotator_strength_rel": 0.64,
    },
    "hip strength 0.62": {
        "hip_abductor_strength_rel": 0.62,
        "hip_external_rotator_strength_rel": 0.62,
    },
    "hip strength 1.4": {
        "hip_abductor_strength_rel": 1.4,
        "hip_external_rotator_strength_rel": 1.4,
    },
    "VMO at half activation": {"vmo_activation": 0.5},
}
KEYS = ("peak_lateral_facet_stress_MPa", "peak_lateral_shift_mm", "hip_adduction_peak_deg")


def profile_text(changes: dict) -> str:
    text = HEALTHY.read_text(encoding="utf-8")
    for key, value in changes.items():
        text, n = re.subn(rf"^{key} = [^\s#]+", f"{key} = {value}", text, flags=re.M)
        assert n == 1, key
    return text


def run(path: Path) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main(["run", "--runner", str(path), "--json"])
    return json.loads(buf.getvalue())


def measure(geometry) -> dict:
    old = jm.patellofemoral_load.__kwdefaults__["frontal_geometry"]
    jm.patellofemoral_load.__kwdefaults__["frontal_geometry"] = geometry
    try:
        out = {}
        with tempfile.TemporaryDirectory() as tmp:
            for name, changes in CASES.items():
                path = Path(tmp) / f"{len(out)}.toml"
                path.write_text(profile_text(changes), encoding="utf-8")
                out[name] = run(path)
        return out
    finally:
        jm.patellofemoral_load.__kwdefaults__["frontal_geometry"] = old


if __name__ == "__main__":
    results = {"v1": measure(DEFAULT_FRONTAL_GEOMETRY), "v2": measure(lenhart2015_geometry())}
    print(
        "| case | v1 lateral facet stress [MPa] (change) | v2 (change) | v1 / v2 peak shift [mm] |"
    )
    print("|---|---:|---:|---:|")
    for name in CASES:
        cells = []
        for v in ("v1", "v2"):
            s = results[v][name]["peak_lateral_facet_stress_MPa"]
            s0 = results[v]["healthy"]["peak_lateral_facet_stress_MPa"]
            cells.append(f"{s:.2f} ({100 * (s / s0 - 1):+.1f} %)")
        shifts = " / ".join(
            f"{results[v][name]['peak_lateral_shift_mm']:.2f}" for v in ("v1", "v2")
        )
        print(f"| {name} | {cells[0]} | {cells[1]} | {shifts} |")
    sys.exit(0)
