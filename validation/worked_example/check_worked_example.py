"""The REFERENCES worked example: M = 100 N·m at 45 deg through the whole sagittal chain."""

from pathlib import Path

import pytest

import pfsim
from pfsim.io import read_commented_csv

HERE = Path(__file__).parent
TOLERANCE = 0.005  # ±0.5 %: the published values are rounded to 3-4 significant figures


def _rows():
    return read_commented_csv(HERE / "data.csv")


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['quantity']}-{r['area_fit'] or 'any'}")
def test_worked_example(row, vcase):
    fit = row["area_fit"] or "connolly2009"
    result = pfsim.patellofemoral_load(45.0, knee_extension_moment_Nm=100.0, area_fit=fit)
    value = float(getattr(result, row["quantity"]))
    published = float(row["published"])
    rel = abs(value - published) / published
    label = f"{row['quantity']} ({fit})" if row["area_fit"] else row["quantity"]
    ok = vcase(
        case=f"worked example: {label}",
        source="REFERENCES §1 worked example (Nunes 2018 chain)",
        published=published,
        pfsim=value,
        tolerance="±0.5 %",
        passed=rel <= TOLERANCE,
    )
    assert ok, f"{label}: pfsim {value:.4g} vs published {published:.4g} ({rel:.2%})"
