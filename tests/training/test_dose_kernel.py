"""``pfsim.training.dose_per_step_MPa_s``: its inputs (review of the fatigue-dose merge).

Before: a negative stress gave a dose of 0, σ_ref = 0 gave inf with numpy's divide warning, a
negative σ_ref, I_ref or exponent gave a dose of any sign, a NaN exponent gave 1.6 (= I_ref),
times running backwards a negative dose, and shape errors were numpy's words; NaN stresses gave
NaN without a warning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pfsim import PfsimRangeWarning
from pfsim.training import dose_per_step_MPa_s

T = np.linspace(0.0, 0.25, 11)
SIGMA = 10.0 * np.sin(np.pi * T / 0.25)
FATIGUE = {"exponent": 10.0, "sigma_ref_MPa": 10.0, "integral_ref_MPa_s": 1.6}


def _dose(sigma=SIGMA, t=T, **kw):
    return dose_per_step_MPa_s(sigma, t, **({**FATIGUE, **kw} if "model" not in kw else kw))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    sigma=hnp.arrays(float, (3, 7), elements=st.floats(0.0, 60.0)),
    m=st.floats(1.0, 15.0),
    ref=st.floats(1.0, 60.0),
    iref=st.floats(0.01, 10.0),
)
def test_fatigue_dose_is_the_power_law_of_the_peak(sigma, m, ref, iref):
    t = np.linspace(0.0, 0.2, 7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warning (inf is the limit)
        d = dose_per_step_MPa_s(sigma, t, exponent=m, sigma_ref_MPa=ref, integral_ref_MPa_s=iref)
    expected = iref * (sigma.max(axis=-1) / ref) ** m
    assert np.all(d >= 0.0)
    np.testing.assert_allclose(d, expected, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"sigma": -SIGMA}, "^sigma_MPa must be contact stresses >= 0 MPa"),
        ({"sigma": np.append(SIGMA[:-1], np.inf)}, "^sigma_MPa must be contact stresses"),
        ({"sigma_ref_MPa": 0.0}, r"^sigma_ref_MPa must be a finite number > 0 .*got 0\.0"),
        ({"sigma_ref_MPa": -1.0}, "^sigma_ref_MPa must be a finite number > 0"),
        ({"sigma_ref_MPa": math.inf}, "^sigma_ref_MPa must be a finite number > 0"),
        ({"integral_ref_MPa_s": -1.0}, "^integral_ref_MPa_s must be a finite number > 0"),
        ({"exponent": math.nan}, "^exponent must be a finite number > 0"),
        ({"exponent": -3.0}, "^exponent must be a finite number > 0"),
        ({"exponent": "ten"}, "^exponent must be a finite number > 0"),
        ({"t": T[::-1]}, "^time_s must increase along stance"),
        ({"t": T[:5]}, r"^sigma_MPa \(shape \(11,\)\) and time_s \(shape \(5,\)\) need the same"),
        ({"sigma": np.zeros((3, 1)), "t": T[:1]}, "at least 2 samples"),
        ({"sigma": "a"}, "^sigma_MPa and time_s must be numbers"),
    ],
)
def test_bad_inputs_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _dose(**kwargs)


@pytest.mark.parametrize("model", ["fatigue", "stress_time"])
def test_nan_stance_is_nan_with_one_warning(model):
    sigma = np.stack([SIGMA, np.where(T > 0.1, np.nan, SIGMA)])
    kw = FATIGUE if model == "fatigue" else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = dose_per_step_MPa_s(sigma, T, model=model, **kw)
    assert np.isfinite(d[0]) and np.isnan(d[1])
    assert [w.category for w in caught] == [PfsimRangeWarning]
    assert "1 of 2 stances" in str(caught[0].message)


def test_nan_reference_is_a_nan_dose_not_an_error():
    """assess passes a NaN σ_ref where the runner's own reference stance is undefined."""
    with pytest.warns(PfsimRangeWarning):
        d = _dose(sigma_ref_MPa=np.nan)
    assert np.isnan(d)


# ------------------------------------------------------------------------------------------------
# pfsim load --dose-model
# ------------------------------------------------------------------------------------------------
def _load(capsys, *extra):
    from pfsim.cli import main

    try:
        code = main(["load", "steady", "--runner", "hip_driven", "--json", *extra])
    except SystemExit as exc:
        code = exc.code
    return code, *capsys.readouterr()


def test_exponent_without_the_fatigue_dose_is_refused(capsys):
    """``--dose-model stress_time --dose-stress-exponent 5`` ignored the exponent (exit 0)."""
    code, out, err = _load(capsys, "--dose-model", "stress_time", "--dose-stress-exponent", "5")
    assert code == 2 and out == ""
    assert err == (
        "pfsim load: error: --dose-stress-exponent is the fatigue dose's S-N exponent and has no "
        "effect with --dose-model stress_time; leave it out or use --dose-model fatigue.\n"
    )


@pytest.mark.parametrize("model", ["fatigue", "stress_time"])
def test_dose_model_is_recorded(capsys, model):
    import json

    code, out, err = _load(capsys, "--dose-model", model)
    assert code == 0 and err == "" and json.loads(out)["dose_model"] == model


def test_speed_work_beyond_the_contact_time_data_names_the_keys(tmp_path, capsys):
    """A valid profile (5.0 m/s with speed work) ran its speed work at 6.25 m/s: 'hip_adduction_deg
    contains NaN ...; remove or fill the missing values', plus a note about contact_time_s."""
    from pfsim.cli import main
    from pfsim.runner import Runner
    from pfsim.training import steady, weekly_load

    runner = Runner(speed_m_s=5.0, speed_work_share=0.2)
    with pytest.raises(ValueError, match=r"no stance mechanics at 6\.25 m/s .* speed_work_share"):
        weekly_load(steady(2, 25.0, fast=0.2), runner)
    (tmp_path / "r.toml").write_text(runner.to_toml())
    (tmp_path / "h.csv").write_text("week,distance_km,speed_work_share\n1,25,0.2\n2,25,0.2\n")
    code = main(["load", str(tmp_path / "h.csv"), "--runner", str(tmp_path / "r.toml")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--speed-work-speed-factor" in err
