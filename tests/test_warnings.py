"""Warnings: one base class, attributed to the caller's line, and scalars behave like arrays.

Every pfsim warning derives from :class:`pfsim.PfsimWarning`, so one filter controls them all, and
each is attributed to the user's line (this file) however deep in pfsim it was raised: a user's
``warnings`` filter by module, or the file/line pytest prints, points at their own code.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import pfsim
from pfsim._checks import HistoryGapWarning, PfsimRangeWarning, PfsimUnitWarning, PfsimWarning

STANCE = dict(step_rate_spm=168.0, body_mass_kg=70.0, height_m=1.75)

#: Public calls that warn, each through a different path inside pfsim.
WARNING_CALLS = {
    "joint fit range": lambda: pfsim.patellofemoral_load(95.0, quad_force_N=1000.0),
    "k ratio range": lambda: pfsim.k_ratio(150.0),
    "contact area range": lambda: pfsim.contact_area_mm2(95.0),
    "radians guard": lambda: pfsim.patellofemoral_load(0.5, quad_force_N=1000.0),
    "radians guard of a fit": lambda: pfsim.contact_area_mm2(0.5, fit="salsich2003"),
    "radians guard through a stance": lambda: pfsim.gait.trial_load(
        pfsim.gait.Trial(
            time_s=np.linspace(0.0, 0.2, 21),
            knee_flexion_deg=np.full(21, 0.6),
            knee_extension_moment_Nm=np.full(21, 100.0),
            body_mass_kg=70.0,
        )
    ),
    "steep slope": lambda: pfsim.stance(speed_m_s=3.0, slope_deg=12.0, **STANCE),
    "speed beyond the contact-time data": lambda: pfsim.stance(speed_m_s=7.5, **STANCE),
    # the facet model's warning comes when a facet output is first read (frontal lazy)
    "patella off the groove": lambda: (
        pfsim.patellofemoral_load(30.0, quad_force_N=100.0, lateral_retinaculum_N=400.0).off_groove
    ),
}


def _caught(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
        except ValueError:
            pass
    return [w for w in caught if issubclass(w.category, PfsimWarning)]


def test_every_pfsim_warning_class_shares_the_base():
    for cls in (PfsimRangeWarning, PfsimUnitWarning, HistoryGapWarning):
        assert issubclass(cls, PfsimWarning) and issubclass(cls, UserWarning)
    assert pfsim.PfsimWarning is PfsimWarning
    assert pfsim.training.HistoryGapWarning is HistoryGapWarning


@pytest.mark.parametrize("name", sorted(WARNING_CALLS))
def test_warnings_point_at_the_callers_line(name):
    caught = _caught(WARNING_CALLS[name])
    assert caught, f"{name}: no pfsim warning"
    for w in caught:
        assert w.filename == __file__, (name, w.category.__name__, w.filename, w.lineno)


def test_a_history_gap_warning_points_at_the_callers_line(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("week,distance_km,speed_m_s\n1,20,3.0\n2,20,3.0\n5,20,3.0\n")
    history = pfsim.read_history(path)
    caught = _caught(lambda: pfsim.weekly_load(history, pfsim.Runner()))
    assert caught and all(issubclass(w.category, HistoryGapWarning) for w in caught)
    assert all(w.filename == __file__ for w in caught)


def test_one_filter_on_the_base_turns_every_warning_into_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PfsimWarning)
        with pytest.raises(PfsimRangeWarning):
            pfsim.patellofemoral_load(95.0, quad_force_N=1000.0)


# --------------------------------------------------------------------------------------------------
# Scalars and arrays behave alike: NaN and one warning, or the same error.
SCALAR_CASES = {
    "outside a fit's data": dict(knee_flexion_deg=95.0, quad_force_N=1000.0),
    "inside": dict(knee_flexion_deg=30.0, quad_force_N=1000.0),
    "negative force": dict(knee_flexion_deg=30.0, quad_force_N=-10.0),
    "impossible angle": dict(knee_flexion_deg=200.0, quad_force_N=1000.0),
    "NaN angle": dict(knee_flexion_deg=float("nan"), quad_force_N=1000.0),
    "off the groove": dict(knee_flexion_deg=30.0, quad_force_N=100.0, lateral_retinaculum_N=400.0),
}


def _outcome(kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = pfsim.patellofemoral_load(**kwargs)
            r.to_dict()  # the facet outputs (computed on first access) and their warning
        except ValueError as exc:
            return ("error", str(exc)), None
    kinds = sorted(w.category.__name__ for w in caught)
    return ("ok", kinds), r


@pytest.mark.parametrize("name", sorted(SCALAR_CASES))
def test_a_scalar_and_a_one_element_array_behave_alike(name):
    scalar = SCALAR_CASES[name]
    array = {k: np.array([v]) for k, v in scalar.items()}
    (kind_s, detail_s), r_s = _outcome(scalar)
    (kind_a, detail_a), r_a = _outcome(array)
    assert kind_s == kind_a, (name, detail_s, detail_a)
    if kind_s == "error":
        assert detail_s == detail_a
        return
    assert detail_s == detail_a and len(detail_s) <= 1  # the same warnings, at most one
    for key, value in r_s.to_dict().items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(np.ravel(value), np.ravel(r_a.to_dict()[key]), key)


def test_stance_scalar_and_array_scenarios_behave_alike():
    one = _caught(lambda: pfsim.stance(speed_m_s=7.5, **STANCE))
    many = _caught(lambda: pfsim.stance(speed_m_s=np.array([7.5]), **STANCE))
    assert [w.category for w in one] == [w.category for w in many]
    s = pfsim.stance(speed_m_s=3.0, **STANCE).summary()
    a = pfsim.stance(speed_m_s=np.array([3.0]), **STANCE).summary()
    for key, value in s.to_dict().items():
        np.testing.assert_array_equal(np.ravel(value), np.ravel(a.to_dict()[key]), key)


@pytest.mark.parametrize(
    "call",
    [
        lambda **kw: pfsim.gait.sine_wave_stance(
            speed_m_s=3.0, contact_time_s=0.25, step_time_s=0.357, leg_length_m=0.95, **kw
        ),
    ],
)
def test_a_renamed_keyword_still_works_with_a_deprecation_warning(call):
    new = call(body_mass_kg=70.0)
    with pytest.warns(
        DeprecationWarning, match=r"mass_kg= is deprecated, use body_mass_kg="
    ) as rec:
        old = call(mass_kg=70.0)
    assert rec[0].filename == __file__
    np.testing.assert_array_equal(old.vertical_grf_N, new.vertical_grf_N)
    with pytest.raises(TypeError, match="give only body_mass_kg="):
        call(mass_kg=70.0, body_mass_kg=70.0)
