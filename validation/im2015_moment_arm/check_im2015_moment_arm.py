"""The van Eijden 1986 lever arm against the in-vivo effective moment arm of Im et al. 2015."""

from pathlib import Path

import pytest

import pfsim
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent


def _rows():
    return read_commented_csv(HERE / "data.csv")


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['sex']}-{r['knee_flexion_deg']}")
def test_lever_arm_vs_in_vivo(row, vcase):
    theta = float(row["knee_flexion_deg"])
    model = float(pfsim.quadriceps_lever_arm_mm(theta))
    published = float(row["moment_arm_mm"])
    vcase(
        case=f"lever arm at {theta:g} deg vs in-vivo {row['sex']} ({model / published - 1:+.0%})",
        source="Im 2015 J Biomech 48:3737 (abstract)",
        published=published,
        pfsim=model,
        tolerance="none (cadaver model vs in-vivo open chain)",
        passed=None,
    )


def test_lever_arm_falls_from_10_to_50_deg(vcase):
    l10, l50 = pfsim.quadriceps_lever_arm_mm([10.0, 50.0])
    ok = vcase(
        case="lever arm falls 10→50 deg",
        source="Im 2015 (abstract): 45.5→32.9 mm (F), 47.1→31.5 mm (M)",
        published="falls",
        pfsim=f"{l10:.1f}→{l50:.1f} mm",
        tolerance="direction",
        passed=bool(l50 < l10),
    )
    assert ok
