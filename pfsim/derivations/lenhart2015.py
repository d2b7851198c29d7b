"""Trochlear groove sections and patellofemoral restraints derived from the Lenhart et al. 2015 knee.

Source: the OpenSim-JAM repository (``clnsmith/opensim-jam``, Apache-2.0), the knee of Lenhart RL,
Kaiser J, Smith CR, Thelen DG (2015), Prediction and validation of load-dependent behavior of the
tibiofemoral and patellofemoral joints during movement, Ann Biomed Eng 43:2675-2685,
doi:10.1007/s10439-015-1326-3. Files read (paths in the repository, commit recorded in the table):

- ``models/lenhart2015/lenhart2015.osim``: the patellofemoral joint's default pose (``pf_r``: patella
  origin at (53, 5, 4) mm in the ``femur_distal_r`` frame at full extension), the
  ``Blankevoort1991Ligament`` bundles (MPFL ``mPFL1-6``, lateral patellofemoral ligament ``lPFL1-8``,
  patellar tendon ``PT1-6``, ``ITB1``) with ``linear_stiffness`` [N per unit strain] and
  ``slack_length`` [m]; the transition strain is the class default 0.06 (``src/Blankevoort1991Ligament.cpp``:
  ``constructProperty_transition_strain(0.06)``; force ``k ε² / (2 ε_t)`` for ``0 < ε < ε_t``,
  ``k (ε − ε_t/2)`` beyond: Blankevoort et al. 1991, J Biomech Eng 113:263).
- ``opensim-jam-release/examples/visualize_kinematics/inputs/Geometry/lenhart2015-R-femur-subchondral-bone.stl``:
  the femoral subchondral bone surface of the same knee in the ``femur_distal_r`` frame (the
  cartilage mesh ``models/lenhart2015/Geometry/lenhart2015-R-femur-cartilage.stl`` is stored in the
  repository through Git LFS and was not available; the cartilage is a uniform 3 mm layer in the
  model, ``<thickness>0.003``, so the bone surface is the cartilage surface offset by 3 mm and has
  the same slopes to first order).
- ``models/lenhart2015/Geometry/lenhart2015-R-patella-cartilage.stl``: the patellar cartilage (its
  mediolateral extent and ridge give the facet widths).

What is derived (femur frame: x anterior, y proximal, z lateral for this right knee; mm):

1. **Groove sections over flexion.** The patella's contact on the femur moves distally round the
   femoral flexion axis as the knee flexes. Assumption: it lies in the half-plane through the frame's
   z axis at angle ``γ(θ) = γ₀ − c θ`` from anterior (γ₀ the angle of the patellar cartilage's
   centroid at extension, c = 0.7: the patella flexes about 0.7° per degree of knee flexion; check: it
   makes the groove slide 45-50 mm under the patella from 0 to 90°, within the 5-7 cm that Stiehl 2005,
   J Biomech 38:209, gives). Each section is the intersection of the mesh with that half-plane; its
   outer profile r(z) is the groove. The sulcus is the lowest point within ±10 mm of the centre (at
   deep flexion, the middle of the intercondylar notch). The lateral and medial facet inclinations
   are the least-squares slopes of r(z) over the patella's lateral and medial facet widths from the
   sulcus, and a quadratic fit gives the slope's change per mm (positive: the wall steepens).
2. **Restraints.** Each bundle's length as the patella, in the pose of 1., shifts laterally by u
   along z; the group's lateral force ``F(u) = −Σ f_i(ε_i) ∂L_i/∂u`` with the Blankevoort force. Each
   group is fitted (least squares over its loaded side) by one equivalent Blankevoort spring in shift
   units: stiffness [N/mm] in the linear region, the shift at which it becomes taut [mm] and the toe
   length [mm]; the fit's RMS error is recorded. The ITB of this model runs pelvis → femur → tibia
   and has no patellar attachment: no ITB restraint on the patella.
3. **Patellar tendon**: mean bundle length at extension [mm] and total stiffness.

Run: ``python -m pfsim.derivations.lenhart2015 DIR`` (DIR: a clone or a bare git directory of
``clnsmith/opensim-jam``); writes :mod:`pfsim.joint._generated_lenhart2015` (the table, which is
committed; the meshes are not shipped).
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from ._emit import write_if_changed

OSIM = "models/lenhart2015/lenhart2015.osim"
FEMUR_MESH = (
    "opensim-jam-release/examples/visualize_kinematics/inputs/Geometry/"
    "lenhart2015-R-femur-subchondral-bone.stl"
)
PATELLA_MESH = "models/lenhart2015/Geometry/lenhart2015-R-patella-cartilage.stl"
TABLE_PATH = Path(__file__).resolve().parents[1] / "joint" / "_generated_lenhart2015.py"

#: Knee flexion angles of the table [deg].
FLEXION_DEG = tuple(float(x) for x in range(0, 91, 10))
#: Patellar flexion per degree of knee flexion (assumption, checked against Stiehl 2005).
PATELLAR_FLEXION_RATIO = 0.7
#: Transition strain of the Blankevoort 1991 ligaments (OpenSim-JAM class default).
TRANSITION_STRAIN = 0.06
#: Profile sample positions across the groove [mm] (lateral positive, relative to the sulcus).
PROFILE_Z_MM = tuple(float(x) for x in np.arange(-24.0, 28.1, 2.0))
GROUPS = {"mpfl": "mPFL", "lateral_pfl": "lPFL"}


# ------------------------------------------------------------------------------------------------
# readers (numpy only)
# ------------------------------------------------------------------------------------------------
def read_stl(data: bytes) -> np.ndarray:
    """Triangles ``(n, 3, 3)`` of an STL file (binary or ASCII) from its bytes, in file units."""
    if data[:5] == b"solid" and b"facet" in data[:400]:
        nums = [
            line.split()[1:4]
            for line in data.decode().splitlines()
            if line.strip().startswith("vertex")
        ]
        return np.asarray(nums, dtype=float).reshape(-1, 3, 3)
    n = int(np.frombuffer(data[80:84], "<u4")[0])
    rec = np.dtype([("n", "<f4", 3), ("v", "<f4", (3, 3)), ("a", "<u2")])
    return np.frombuffer(data[84 : 84 + 50 * n], dtype=rec)["v"].astype(float)


def _git_show(repo: Path, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def _resolve(repo: Path) -> tuple[Path, str]:
    repo = Path(repo)
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    )
    return repo, out.stdout.strip()


def read_ligaments(osim_xml: bytes) -> dict:
    """``{name: (linear_stiffness_N, slack_length_mm, [(frame, location_mm), ...])}`` of the bundles."""
    root = ET.fromstring(osim_xml)
    out = {}
    for lig in root.iter("Blankevoort1991Ligament"):
        pts = [
            (
                pp.find("socket_parent_frame").text.split("/")[-1],
                np.array(pp.find("location").text.split(), dtype=float) * 1000.0,
            )
            for pp in lig.iter("PathPoint")
        ]
        ts = lig.find("transition_strain")
        if ts is not None and abs(float(ts.text) - TRANSITION_STRAIN) > 1e-12:
            raise ValueError(f"{lig.get('name')}: transition strain {ts.text} is not the default")
        out[lig.get("name")] = (
            float(lig.find("linear_stiffness").text),
            float(lig.find("slack_length").text) * 1000.0,
            pts,
        )
    return out


def patella_default_translation_mm(osim_xml: bytes) -> np.ndarray:
    """Default (pf_tx, pf_ty, pf_tz) of the ``pf_r`` joint [mm]: the patella origin at extension."""
    root = ET.fromstring(osim_xml)
    vals = {}
    for c in root.iter("Coordinate"):
        if c.get("name") in ("pf_tx_r", "pf_ty_r", "pf_tz_r"):
            vals[c.get("name")] = float(c.find("default_value").text) * 1000.0
    return np.array([vals["pf_tx_r"], vals["pf_ty_r"], vals["pf_tz_r"]])


# ------------------------------------------------------------------------------------------------
# geometry
# ------------------------------------------------------------------------------------------------
def _rot_z(angle_rad: float) -> np.ndarray:
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def section(tri: np.ndarray, gamma_rad: float) -> tuple[np.ndarray, np.ndarray]:
    """Points (z, r) where the mesh cuts the half-plane through the z axis at angle γ from +x."""
    d = np.array([np.cos(gamma_rad), np.sin(gamma_rad), 0.0])
    nrm = np.array([-np.sin(gamma_rad), np.cos(gamma_rad), 0.0])
    s = tri @ nrm
    pts = []
    for i, j in ((0, 1), (1, 2), (2, 0)):
        a, b = s[:, i], s[:, j]
        m = a * b < 0
        t = a[m] / (a[m] - b[m])
        pts.append(tri[m, i] + t[:, None] * (tri[m, j] - tri[m, i]))
    p = np.concatenate(pts)
    r = p @ d
    keep = r > 0
    return p[keep, 2], r[keep]


def outer_profile(z, r, grid, half_bin=0.5):
    """Outermost r at each grid position (NaN where the section has no surface: the notch)."""
    out = np.full(len(grid), np.nan)
    for k, zz in enumerate(grid):
        m = np.abs(z - zz) <= half_bin
        if m.any():
            out[k] = r[m].max()
    return out


def sulcus_z(grid, prof):
    """Groove bottom: lowest point within ±10 mm, or the middle of the notch if it opens there."""
    central = np.abs(grid) <= 10.0
    finite = np.flatnonzero(np.isfinite(prof))
    interior = (grid > grid[finite[0]]) & (grid < grid[finite[-1]])
    gap = central & interior & np.isnan(prof)
    if gap.any():
        return float(grid[gap].mean())
    k = np.flatnonzero(central)[np.nanargmin(prof[central])]
    return float(grid[k])


def facet_fit(grid, prof, z_s, width, side):
    """(inclination [deg], slope change [1/mm]) of one facet over ``width`` from the sulcus."""
    s = (grid - z_s) * (1 if side == "lateral" else -1)
    m = (s >= 0) & (s <= width) & np.isfinite(prof)
    lin = np.polyfit(s[m], prof[m], 1)
    quad = np.polyfit(s[m], prof[m], 2)
    return float(np.degrees(np.arctan(lin[0]))), float(2.0 * quad[0])


def patella_facet_widths(pat: np.ndarray) -> tuple[float, float, float]:
    """(lateral width, medial width, ridge z) [mm] of the patellar cartilage (patella frame).

    The ridge is the most posterior (lowest x) line of the cartilage in its middle third
    (proximodistally); the widths run from it to the lateral and medial edges.
    """
    v = pat.reshape(-1, 3)
    y0, y1 = np.percentile(v[:, 1], [33, 67])
    mid = v[(v[:, 1] >= y0) & (v[:, 1] <= y1)]
    grid = np.arange(mid[:, 2].min(), mid[:, 2].max(), 0.5)
    xmin = np.array([mid[np.abs(mid[:, 2] - g) <= 0.5, 0].min() for g in grid])
    ridge = float(grid[np.argmin(xmin)])
    return float(v[:, 2].max() - ridge), float(ridge - v[:, 2].min()), ridge


# ------------------------------------------------------------------------------------------------
# restraints
# ------------------------------------------------------------------------------------------------
def blankevoort_N(strain, k_N, eps_t=TRANSITION_STRAIN):
    """Blankevoort 1991 force [N] at ``strain`` (k per unit strain, toe region to ε_t)."""
    e = np.asarray(strain, dtype=float)
    return np.where(
        e <= 0, 0.0, np.where(e < eps_t, 0.5 * k_N / eps_t * e * e, k_N * (e - eps_t / 2))
    )


def group_lateral_force_N(bundles, rot, t0, shifts_mm):
    """Lateral force [N] of a group of bundles on the patella at each lateral shift (femur frame)."""
    total = np.zeros(len(shifts_mm))
    for k_N, slack_mm, pts in bundles:
        frames = dict(pts)
        fem = frames["femur_distal_r"]
        pat = rot @ (frames["patella_r"] + t0)
        p = pat[None, :] + np.outer(shifts_mm, [0.0, 0.0, 1.0])
        vec = p - fem
        length = np.linalg.norm(vec, axis=1)
        f = blankevoort_N(length / slack_mm - 1.0, k_N)
        total += -f * vec[:, 2] / length  # pulls the patella toward the femoral attachment
    return total


def equivalent_spring_N(shift_mm, k_N_mm, taut_mm, toe_mm, sign):
    """Equivalent Blankevoort spring in shift units: lateral force [N] at lateral shift [mm].

    ``sign`` +1 for a medial restraint (stretched by a lateral shift, pulls medially), −1 for a
    lateral one. ``x = sign (u − taut)``; force magnitude ``k x² / (2 toe)`` for ``0 < x < toe``,
    ``k (x − toe/2)`` beyond, 0 when slack; direction ``−sign``.
    """
    x = sign * (np.asarray(shift_mm, dtype=float) - taut_mm)
    mag = np.where(
        x <= 0, 0.0, np.where(x < toe_mm, 0.5 * k_N_mm / toe_mm * x * x, k_N_mm * (x - toe_mm / 2))
    )
    return -sign * mag


def fit_group(shifts, force, sign):
    """Fit (k [N/mm], taut shift [mm], toe [mm]) of :func:`equivalent_spring_N`; RMS error [N]."""
    from scipy.optimize import least_squares

    def res(p):
        return equivalent_spring_N(shifts, p[0], p[1], p[2], sign) - force

    sol = least_squares(res, x0=[20.0, -sign * 1.0, 3.0], bounds=([0.1, -30, 0.05], [500, 30, 30]))
    return tuple(float(x) for x in sol.x), float(np.sqrt(np.mean(sol.fun**2)))


# ------------------------------------------------------------------------------------------------
def derive(repo: Path) -> dict:
    """All derived numbers from a local copy of the repository (see the module docstring)."""
    repo, commit = _resolve(repo)
    osim = _git_show(repo, commit, OSIM)
    fem = read_stl(_git_show(repo, commit, FEMUR_MESH)) * 1000.0
    pat = read_stl(_git_show(repo, commit, PATELLA_MESH)) * 1000.0
    ligs = read_ligaments(osim)
    t0 = patella_default_translation_mm(osim)
    w_lat, w_med, ridge = patella_facet_widths(pat)
    centroid = pat.reshape(-1, 3).mean(axis=0) + t0
    gamma0 = float(np.arctan2(centroid[1], centroid[0]))
    grid = np.arange(-30.0, 30.01, 0.5)
    rows = []
    for theta in FLEXION_DEG:
        beta = np.radians(PATELLAR_FLEXION_RATIO * theta)
        z, r = section(fem, gamma0 - beta)
        prof = outer_profile(z, r, grid)
        z_s = sulcus_z(grid, prof)
        near = prof[np.abs(grid - z_s) <= 8.0]
        r_s = float(np.nanmin(near))  # the sulcus (or, over the notch, the lower notch edge)
        lat = facet_fit(grid, prof, z_s, w_lat, "lateral")
        med = facet_fit(grid, prof, z_s, w_med, "medial")
        samples = np.interp(np.array(PROFILE_Z_MM) + z_s, grid, prof, left=np.nan, right=np.nan)
        # the outer profile has NaN gaps (the notch); np.interp does not propagate them: mask
        for k, zz in enumerate(np.array(PROFILE_Z_MM) + z_s):
            near = np.abs(grid - zz) <= 0.5
            if not np.isfinite(prof[near]).any():
                samples[k] = np.nan
        if theta == FLEXION_DEG[0]:
            r_s0 = r_s
        # the patella follows the groove: rotated by −β and moved in radially as the sulcus deepens
        rot = _rot_z(-beta)
        inward = (r_s0 - r_s) * np.array([np.cos(gamma0), np.sin(gamma0), 0.0])
        t_pose = t0 - inward
        restr = {}
        for key, prefix in GROUPS.items():
            bundles = [v for n, v in ligs.items() if n.startswith(prefix)]
            sign = 1 if key == "mpfl" else -1
            shifts = np.linspace(-3.0, 15.0, 73) * sign
            force = group_lateral_force_N(bundles, rot, t_pose, shifts)
            (k, taut, toe), rms = fit_group(shifts, force, sign)
            ref_strain = [
                float(
                    np.linalg.norm(
                        rot @ (dict(p)["patella_r"] + t_pose) - dict(p)["femur_distal_r"]
                    )
                    / s
                    - 1
                )
                for _, s, p in bundles
            ]
            restr[key] = {
                "stiffness_N_mm": k,
                "taut_shift_mm": taut,
                "toe_mm": toe,
                "fit_rms_N": rms,
                "force_10mm_N": float(
                    group_lateral_force_N(bundles, rot, t_pose, [10.0 * sign])[0]
                ),
                "bundles": len(bundles),
                "sum_linear_stiffness_N": float(sum(b[0] for b in bundles)),
                "mean_reference_strain": float(np.mean(ref_strain)),
            }
        rows.append(
            {
                "flexion_deg": theta,
                "sulcus_z_mm": z_s,
                "sulcus_r_mm": r_s,
                "lateral_inclination_deg": lat[0],
                "lateral_slope_change_per_mm": lat[1],
                "medial_inclination_deg": med[0],
                "medial_slope_change_per_mm": med[1],
                "profile_mm": tuple(float(x) - r_s for x in samples),
                "restraints": restr,
            }
        )
    pt = [v for n, v in ligs.items() if n.startswith("PT")]
    pt_len = [
        np.linalg.norm(dict(p)["patella_r"] + t0 - dict(p)["tibia_proximal_r"]) for _, _, p in pt
    ]
    itb = ligs.get("ITB1")
    return {
        "commit": commit,
        "files": (OSIM, FEMUR_MESH, PATELLA_MESH),
        "patella_translation_mm": tuple(float(x) for x in t0),
        "gamma0_deg": float(np.degrees(gamma0)),
        "patella_lateral_width_mm": w_lat,
        "patella_medial_width_mm": w_med,
        "patella_ridge_z_mm": ridge,
        "rows": rows,
        "tendon_length_mm": float(np.mean(pt_len)),
        "tendon_stiffness_N": float(sum(b[0] for b in pt)),
        "tendon_bundles": len(pt),
        "itb_frames": tuple(f for f, _ in itb[2]) if itb else (),
    }


def render(d: dict) -> str:
    """The table module's source from :func:`derive`'s dict."""
    r = d["rows"]

    def col(key, sub=None, fmt="{:.4g}"):
        vals = [row[key] if sub is None else row["restraints"][sub][key] for row in r]
        return "(" + ", ".join(fmt.format(v) for v in vals) + ",)"

    lines = [
        '"""GENERATED by ``python -m pfsim.derivations.lenhart2015 DIR`` -- do not edit by hand.',
        "",
        "Trochlear groove sections and patellofemoral restraints of the Lenhart et al. 2015 knee",
        "(OpenSim-JAM, Apache-2.0; Lenhart RL, Kaiser J, Smith CR, Thelen DG 2015, Ann Biomed Eng",
        "43:2675-2685, doi:10.1007/s10439-015-1326-3). Method and assumptions:",
        "pfsim/derivations/lenhart2015.py. Units in the names (mm, deg, N). Femur frame of the right knee:",
        "z lateral. Restraint columns: the equivalent Blankevoort spring of each group in shift units",
        "(linear-region stiffness [N/mm], lateral shift at which it becomes taut [mm], toe length [mm]).",
        '"""',
        "",
        f"SOURCE_REPOSITORY = {'clnsmith/opensim-jam'!r}",
        f"SOURCE_COMMIT = {d['commit']!r}",
        f"SOURCE_FILES = {tuple(d['files'])!r}",
        f"PATELLAR_FLEXION_RATIO = {PATELLAR_FLEXION_RATIO!r}",
        f"TRANSITION_STRAIN = {TRANSITION_STRAIN!r}",
        f"PATELLA_LATERAL_WIDTH_MM = {d['patella_lateral_width_mm']:.4g}",
        f"PATELLA_MEDIAL_WIDTH_MM = {d['patella_medial_width_mm']:.4g}",
        f"TENDON_LENGTH_MM = {d['tendon_length_mm']:.4g}",
        f"TENDON_STIFFNESS_N = {d['tendon_stiffness_N']:.6g}",
        f"TENDON_BUNDLES = {d['tendon_bundles']}",
        "#: Sum of the bundles' linear stiffness [N per unit strain] and bundle count per group.",
        f"MPFL_LINEAR_STIFFNESS_N = {d['rows'][0]['restraints']['mpfl']['sum_linear_stiffness_N']:.6g}",
        f"MPFL_BUNDLES = {d['rows'][0]['restraints']['mpfl']['bundles']}",
        "LATERAL_PFL_LINEAR_STIFFNESS_N = "
        f"{d['rows'][0]['restraints']['lateral_pfl']['sum_linear_stiffness_N']:.6g}",
        f"LATERAL_PFL_BUNDLES = {d['rows'][0]['restraints']['lateral_pfl']['bundles']}",
        f"ITB_FRAMES = {d['itb_frames']!r}  # no patellar attachment: no ITB restraint on the patella",
        "",
        f"FLEXION_DEG = {col('flexion_deg', fmt='{:.1f}')}",
        f"SULCUS_Z_MM = {col('sulcus_z_mm')}",
        f"LATERAL_INCLINATION_DEG = {col('lateral_inclination_deg')}",
        f"MEDIAL_INCLINATION_DEG = {col('medial_inclination_deg')}",
        f"LATERAL_SLOPE_CHANGE_PER_MM = {col('lateral_slope_change_per_mm')}",
        f"MEDIAL_SLOPE_CHANGE_PER_MM = {col('medial_slope_change_per_mm')}",
    ]
    for g in GROUPS:
        for key in ("stiffness_N_mm", "taut_shift_mm", "toe_mm", "fit_rms_N", "force_10mm_N"):
            lines.append(f"{g.upper()}_{key.upper()} = {col(key, g)}")
        lines.append(f"{g.upper()}_MEAN_REFERENCE_STRAIN = {col('mean_reference_strain', g)}")
    lines.append(f"PROFILE_Z_MM = {tuple(PROFILE_Z_MM)!r}")
    lines.append(
        "#: Groove section height above the sulcus [mm] at PROFILE_Z_MM from the sulcus (NaN: notch)."
    )
    lines.append("PROFILE_HEIGHT_MM = (")
    for row in r:
        vals = ", ".join(
            "float('nan')" if not np.isfinite(v) else f"{v:.3g}" for v in row["profile_mm"]
        )
        lines.append(f"    ({vals}),")
    lines.append(")")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    """Derive the table from ``DIR`` and write it (prints what changed).

    Arguments are read by hand: argparse belongs to ``pfsim.cli`` (tests/test_layers.py).
    """
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        raise SystemExit("usage: python -m pfsim.derivations.lenhart2015 OPENSIM_JAM_DIR")
    text = render(derive(Path(args[0])))
    changed = write_if_changed(TABLE_PATH, text)
    print(f"{'wrote' if changed else 'unchanged'} {TABLE_PATH}")


if __name__ == "__main__":
    main()
