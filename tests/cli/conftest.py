"""Fixtures shared by the CLI tests: a three-axis stance problem (2 × 3 × 3 = 18 scenarios)."""

import pytest

_THREE_AXES = """
name = "three_axes"
model = "stance"

[model_options]
n_samples = 31

[outputs]
peak_contact_stress_MPa = "MPa"
peak_lateral_facet_stress_MPa = "MPa"
stress_time_integral_per_km_MPa_s = "MPa·s/km"

[constants]
body_mass_kg = 70.0
height_m = 1.75

[inputs.speed_m_s]
unit = "m/s"
levels = [2.5, 3.5]

[inputs.step_rate_change_pct]
unit = "%"
levels = [-10.0, 0.0, 10.0]

[inputs.hip_adduction_peak_deg]
unit = "deg"
levels = [7.0, 10.4, 15.0]
"""


@pytest.fixture
def three_axes():
    """The text of the three-axis problem (for tests that edit it)."""
    return _THREE_AXES


@pytest.fixture
def problem_file(tmp_path, three_axes):
    """The three-axis problem as a TOML file."""
    p = tmp_path / "three_axes.toml"
    p.write_text(three_axes, encoding="utf-8")
    return p
