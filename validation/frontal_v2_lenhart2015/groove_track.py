"""How much does the Lenhart 2015 groove hold a rigid patella near the centre? (analysis, not a model)

Rolls the patellar cartilage's frontal section (middle fifth of the patella, proximodistally) on the
femoral groove section at a flexion angle (the sections of :mod:`pfsim.derivations.lenhart2015`) as
rigid bodies: at each lateral shift u of the patellar ridge from the sulcus, the patella settles as
low as its free tilt allows, ``Y(u) = min_ψ max_z [H(z) − d(z − u) − ψ (z − u)]`` (H the groove
height, d the patellar surface's height above its ridge). With a compression C pressing it into the
groove, virtual work gives the lateral force the groove holds, ``F = C Y'(u)``: the groove's share
of the lateral stability, without elastic layers, tissues or the ligament's centring.

Run: ``python validation/frontal_v2_lenhart2015/groove_track.py DIR`` (DIR: clnsmith/opensim-jam,
as for the derivation). Prints Y'(u) at 20, 30 and 60°.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from pfsim.derivations import lenhart2015 as L


def patella_section(pat):
    v = pat.reshape(-1, 3)
    y0, y1 = np.percentile(v[:, 1], [40, 60])
    mid = v[(v[:, 1] >= y0) & (v[:, 1] <= y1)]
    z = np.arange(-21.0, 22.01, 0.5)
    x = np.array([mid[np.abs(mid[:, 2] - g) <= 0.5, 0].min() for g in z])
    ridge = z[np.argmin(x)]
    return z - ridge, x - x.min()


def track(fem, gamma, dz, d, shifts):
    grid = np.arange(-30.0, 30.01, 0.5)
    z, r = L.section(fem, gamma)
    prof = L.outer_profile(z, r, grid)
    zs = L.sulcus_z(grid, prof)
    ok = np.isfinite(prof)
    H = np.interp(grid, grid[ok], prof[ok])  # the notch bridged, flat beyond the mesh
    H = H - H[np.abs(grid - zs) <= 8.0].min()
    zz = grid - zs
    psis = np.linspace(-0.4, 0.4, 801)
    out = []
    for u in shifts:
        dp = np.interp(zz - u, dz, d, left=np.nan, right=np.nan)
        m = np.isfinite(dp)
        gap = H[m][None, :] - dp[m][None, :] - psis[:, None] * (zz[m] - u)[None, :]
        out.append(gap.max(axis=1).min())
    return np.array(out)


def main(repo: Path) -> None:
    repo, commit = L._resolve(repo)
    fem = L.read_stl(L._git_show(repo, commit, L.FEMUR_MESH)) * 1000.0
    pat = L.read_stl(L._git_show(repo, commit, L.PATELLA_MESH)) * 1000.0
    t0 = L.patella_default_translation_mm(L._git_show(repo, commit, L.OSIM))
    centroid = pat.reshape(-1, 3).mean(axis=0) + t0
    gamma0 = float(np.arctan2(centroid[1], centroid[0]))
    dz, d = patella_section(pat)
    shifts = np.arange(-12.0, 12.01, 0.5)
    print("shift [mm]:", " ".join(f"{u:5.1f}" for u in shifts[::2]))
    for theta in (20.0, 30.0, 60.0):
        y = track(fem, gamma0 - np.radians(L.PATELLAR_FLEXION_RATIO * theta), dz, d, shifts)
        slope = np.gradient(y, shifts)
        print(f"{theta:4.0f}° Y' [-]:", " ".join(f"{s:5.2f}" for s in slope[::2]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
