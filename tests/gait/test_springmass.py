"""Verification of the spring-mass stance (Morin et al. 2005 sine wave; the ODE cross-check)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pfsim.gait.springmass import (
    CONTACT_TIME_STEP_RATE_EXPONENT,
    G_M_S2,
    contact_time_s,
    duty_factor,
    periodic_spring_mass_gait,
    preferred_step_rate_spm,
    sine_wave_stance,
)


def test_morin_closed_form_by_hand():
    # m = 70 kg, t_c = 0.25 s, T = 0.36 s (t_f = 0.11 s), v = 3 m/s, L = 0.9275 m
    # F_max = 70 * 9.80665 * pi/2 * (0.11/0.25 + 1) = 1552.8 N
    # dy = -1552.8 * 0.0625 / (70 * pi^2) + 9.80665 * 0.0625 / 8 = -0.14047 + 0.07661 = -0.06386 m
    # dL = 0.9275 - sqrt(0.9275^2 - 0.375^2) + 0.06386 = 0.9275 - 0.84832 + 0.06386 = 0.14304 m
    s = sine_wave_stance(70.0, 3.0, 0.25, 0.36, 0.9275)
    assert float(s.peak_force_N) == pytest.approx(1552.8, abs=0.1)
    assert float(s.delta_y_m) == pytest.approx(-0.06386, abs=2e-5)
    assert float(s.delta_l_m) == pytest.approx(0.14304, abs=2e-5)
    assert float(s.k_leg_N_m) == pytest.approx(1552.8 / 0.14304, rel=1e-3)
    # the time series reach Morin's mid-stance values
    assert s.leg_compression_m[50] == pytest.approx(float(s.delta_l_m), rel=1e-12)
    assert s.com_z_m[50] - s.com_z_m[0] == pytest.approx(float(s.delta_y_m), rel=1e-12)
    assert s.leg_compression_m[0] == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    m=st.floats(40, 120),
    v=st.floats(2.3, 5.5),
    f=st.floats(140, 210),
)
def test_vertical_impulse_equals_body_weight_times_step_time(m, v, f):
    T = 60.0 / f
    tc = contact_time_s(v, f)
    s = sine_wave_stance(m, v, tc, T, 0.93)
    impulse = np.trapezoid(s.vertical_grf_N, s.time_s)
    assert impulse == pytest.approx(m * G_M_S2 * T, rel=0.01)
    # fore-aft: braking and propulsion cancel on level ground
    assert abs(np.trapezoid(s.fore_aft_grf_N, s.time_s)) < 1e-9 * m * G_M_S2 * T
    assert s.fore_aft_grf_N[10] < 0 < s.fore_aft_grf_N[90]


def test_slope_keeps_the_mean_force_equal_to_weight_and_the_grf_through_the_com():
    # Over a step of steady running on any slope the GRF impulse is body weight x step time along
    # gravity (no net horizontal impulse): normal m g cos(a) T, along the surface m g sin(a) T.
    m, T, tc = 70.0, 0.36, 0.25
    for slope in (-30.0, -20.0, -10.0, -6.0, 0.0, 6.0, 10.0, 20.0, 30.0):
        s = sine_wave_stance(m, 3.0, tc, T, 0.93, slope_deg=slope, n_samples=4001)
        a = np.radians(slope)
        W = m * G_M_S2 * T

        def imp(f, s=s):
            return np.trapezoid(f, s.time_s)

        assert imp(s.vertical_grf_N) == pytest.approx(W, rel=1e-5)
        assert abs(imp(s.fore_aft_grf_N)) < 1e-5 * W
        assert imp(s.normal_grf_N) == pytest.approx(W * np.cos(a), rel=1e-5)
        assert imp(s.along_surface_grf_N) == pytest.approx(W * np.sin(a), rel=1e-5, abs=1e-6 * W)
        # the two frames are one force: same magnitude at every sample
        np.testing.assert_allclose(
            np.hypot(s.vertical_grf_N, s.fore_aft_grf_N),
            np.hypot(s.normal_grf_N, s.along_surface_grf_N),
            rtol=1e-12,
        )
        # angular momentum about the COM: the GRF acts through the COM (zero moment) at every
        # sample, M = -x F_n + z F_s with the contact point at (-x, -z) from the COM
        pitch = -s.com_x_m * s.normal_grf_N + s.com_z_m * s.along_surface_grf_N
        assert np.max(np.abs(pitch)) < 1e-9 * m * G_M_S2
        # the COM passes over the contact point before mid-stance uphill, after it downhill
        ts = float(s.com_over_contact_s)
        assert np.sign(tc / 2 - ts) == np.sign(slope)


def test_contact_time_anchor_and_step_rate_response():
    # JSSM 2025 anchor: 10 km/h, 1569 steps/mile -> 0.25 s, a duty factor of 0.3386 at the
    # runners' preferred rate; held at the preferred rate of the group relation (van Oeveren 2019)
    v = 10 / 3.6
    f_anchor = 1569 * v * 60 / 1609.344
    fp = float(preferred_step_rate_spm(v))
    df = 0.25 / (2 * 60 / f_anchor)
    assert float(contact_time_s(v, fp)) == pytest.approx(df * 2 * 60 / fp, rel=1e-12)
    # with k = 1 (duty factor held) the anchor's own rate gives its 0.25 s
    assert float(contact_time_s(v, f_anchor, step_rate_exponent=1.0)) == pytest.approx(0.25)
    # contact time is not constant when step rate changes: +10 % step rate -> shorter contact,
    # by 1.1^-k (Farley & Gonzalez 1996 through the spring-mass, k = 0.65)
    t0, t1 = contact_time_s(3.0, [168.0, 184.8])
    assert t1 < t0
    assert t1 / t0 == pytest.approx(1.1**-CONTACT_TIME_STEP_RATE_EXPONENT)
    assert CONTACT_TIME_STEP_RATE_EXPONENT == 0.65
    # the sine wave's peak force (m g (pi/2) T / t_c) then falls with a higher step rate
    assert (60 / 184.8) / t1 < (60 / 168.0) / t0
    # k = 0 holds contact time; outside 0-1 refused; no flight phase -> NaN with a warning
    assert float(contact_time_s(3.0, 200.0, step_rate_exponent=0.0)) == pytest.approx(
        float(contact_time_s(3.0, float(preferred_step_rate_spm(3.0))))
    )
    with pytest.raises(ValueError, match="step_rate_exponent"):
        contact_time_s(3.0, 170.0, step_rate_exponent=1.5)
    from pfsim import PfsimRangeWarning

    with pytest.warns(PfsimRangeWarning, match="no flight phase"):
        tc = contact_time_s(3.0, [170.0, 600.0])
    assert np.isfinite(tc[0]) and np.isnan(tc[1])


def test_contact_time_exponent_is_the_farley_gonzalez_derivation():
    from pfsim.derivations.contact_time import farley_gonzalez_exponent, leg_stiffness_ratio

    k = farley_gonzalez_exponent()
    assert round(k, 2) == CONTACT_TIME_STEP_RATE_EXPONENT
    assert leg_stiffness_ratio(k) == pytest.approx(16.3 / 7.0, rel=1e-6)
    # the duty factor held (the model before) overstates the stiffness rise
    assert leg_stiffness_ratio(1.0) > 3.0


def test_contact_time_at_the_preferred_rate_falls_with_speed_and_broadcasts():
    v = np.linspace(2.5, 5.5, 7)
    fp = preferred_step_rate_spm(v)
    # at the preferred rate: the duty factor relation, whatever the exponent
    for k in (0.0, 0.65, 1.0):
        np.testing.assert_allclose(
            contact_time_s(v, fp, step_rate_exponent=k), duty_factor(v) * 2 * 60 / fp, rtol=1e-12
        )
    assert np.all(np.diff(contact_time_s(v, 170.0)) < 0)  # and falls with speed
    out = contact_time_s(v[:, None], np.array([150.0, 170.0, 190.0]))
    assert out.shape == (7, 3) and np.all(np.diff(out, axis=1) < 0)
    with pytest.raises(ValueError, match="positive number"):
        contact_time_s(3.0, [170.0, 0.0])
    with pytest.raises(ValueError, match="positive number"):
        contact_time_s(3.0, -170.0)


def test_duty_factor_out_of_range_is_nan_with_one_warning():
    from pfsim import PfsimRangeWarning

    with pytest.warns(PfsimRangeWarning, match="8-20 km/h"):
        df = duty_factor([1.5, 3.0, 7.0])
    assert np.isnan(df[0]) and np.isnan(df[2]) and np.isfinite(df[1])
    assert np.all(np.isfinite(duty_factor([1.5, 7.0], extrapolate="extend")))


def test_broadcasting_shapes():
    s = sine_wave_stance(np.full((2, 1), 70.0), [3.0, 3.5, 4.0], 0.25, 0.36, 0.93, n_samples=11)
    assert s.vertical_grf_N.shape == (2, 3, 11)
    assert s.peak_force_N.shape == (2, 3)


def test_periodic_ode_gait_is_periodic_and_close_to_sine_wave():
    m, v, T, L = 70.0, 3.0, 60 / 168, 0.9275
    tc = float(contact_time_s(v, 168))
    g = periodic_spring_mass_gait(m, v, tc, T, L)
    assert g.residual < 1e-8
    assert g.contact_time_s == pytest.approx(tc, rel=1e-6)
    # symmetric stance: GRF symmetric in time, vertical impulse = body weight x step time
    assert np.allclose(g.vertical_grf_N, g.vertical_grf_N[::-1], atol=1e-3 * g.peak_force_N)
    assert np.trapezoid(g.vertical_grf_N, g.time_s) == pytest.approx(m * G_M_S2 * T, rel=2e-3)
    s = sine_wave_stance(m, v, tc, T, L)
    assert g.peak_force_N == pytest.approx(float(s.peak_force_N), rel=0.05)


def test_g_is_the_package_constant_and_still_importable_from_springmass():
    import pfsim.constants
    import pfsim.gait.springmass as sm

    assert sm.G_M_S2 is pfsim.constants.G_M_S2 and G_M_S2 == 9.80665
    assert "G_M_S2" in sm.__all__


@settings(max_examples=80, deadline=None)
@given(
    v=st.floats(8 / 3.6, 20 / 3.6),
    rel=st.floats(0.6, 4.0),
    k=st.floats(0.0, 1.0),
)
def test_contact_time_responds_between_the_two_limits(v, rel, k):
    """Property: contact time follows the step with 0 <= k <= 1, between 'held' and 'duty factor held';
    where stance would not fit in the step (no flight) it is NaN with a range warning."""
    import warnings

    from pfsim import PfsimRangeWarning

    fp = float(preferred_step_rate_spm(v))
    step = 60.0 / (rel * fp)
    t_pref = float(contact_time_s(v, fp, step_rate_exponent=k))
    expected = t_pref * rel**-k
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = float(contact_time_s(v, rel * fp, step_rate_exponent=k))
    if expected >= step * (1 + 1e-9):
        assert np.isnan(t)
        assert [w.category for w in caught] == [PfsimRangeWarning]
        return
    if expected >= step * (1 - 1e-9):
        return  # on the boundary: either is right
    assert not caught
    assert t == pytest.approx(expected, rel=1e-12) and 0 < t < step
    t_df = float(contact_time_s(v, rel * fp, step_rate_exponent=1.0))
    lo, hi = sorted((t_pref, t_df))
    assert lo * (1 - 1e-12) <= t <= hi * (1 + 1e-12)


# --------------------------------------------------------------------------------------------------
# contact_time_s: bad input through every argument (review 4)
# --------------------------------------------------------------------------------------------------
_NOT_AN_EXPONENT = st.one_of(
    st.booleans(),
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["0.5", "1", np.nan, np.inf, -np.inf]),
    st.floats(allow_nan=False).filter(lambda x: not 0.0 <= x <= 1.0),
    st.lists(st.floats(0.0, 1.0), min_size=0, max_size=3).map(np.array),
)


@settings(max_examples=60, deadline=None)
@given(k=_NOT_AN_EXPONENT)
def test_step_rate_exponent_that_is_not_one_number_in_0_1_is_refused_naming_it(k):
    """A bool, text, None, NaN/inf, a number outside 0-1 or an array (even of one value) is refused
    with a ValueError naming the argument; '0.5' and True were taken as numbers before."""
    with pytest.raises(ValueError, match="step_rate_exponent must be one number between 0"):
        contact_time_s(3.0, 170.0, step_rate_exponent=k)


def test_step_rate_exponent_takes_any_real_number_type():
    t = float(contact_time_s(3.0, 180.0, step_rate_exponent=0.5))
    for k in (np.float32(0.5), np.float64(0.5), np.array(0.5), 0.5):
        assert float(contact_time_s(3.0, 180.0, step_rate_exponent=k)) == t
    assert float(contact_time_s(3.0, 180.0, step_rate_exponent=1)) == float(
        contact_time_s(3.0, 180.0, step_rate_exponent=np.int64(1))
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"step_rate_spm": np.inf}, "step_rate_spm contains an infinite value"),
        ({"speed_m_s": -np.inf}, "speed_m_s contains an infinite value"),
        ({"step_rate_spm": "fast"}, "step_rate_spm must be a number or an array of numbers"),
        ({"speed_m_s": [3.0, "x"]}, "speed_m_s must be a number or an array of numbers"),
        ({"speed_m_s": np.ma.array([3.0, 4.0], mask=[0, 1])}, "speed_m_s is a numpy masked array"),
        (
            {"speed_m_s": [3.0, 4.0], "step_rate_spm": [160.0, 170.0, 180.0]},
            r"speed_m_s has shape \(2,\), step_rate_spm has shape \(3,\)",
        ),
    ],
)
def test_contact_time_bad_speed_or_step_rate_is_refused_naming_the_argument(kwargs, match):
    """Before: inf gave NaN with a 'no flight phase' warning, text and shape errors came from numpy
    without the argument's name, and a masked array's hidden values were used silently."""
    args = {"speed_m_s": 3.0, "step_rate_spm": 170.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        contact_time_s(**args)


@settings(max_examples=60, deadline=None)
@given(
    v=st.lists(st.floats(8 / 3.6, 20 / 3.6), min_size=1, max_size=6),
    data=st.data(),
)
def test_contact_time_nan_in_is_nan_out_with_one_warning(v, data):
    """Property: NaN in either argument is NaN exactly there, with exactly one warning (it was NaN
    without a warning), and the other values are those of the same call without the NaN."""
    import warnings

    from pfsim import PfsimRangeWarning

    v = np.array(v)
    f = preferred_step_rate_spm(v) * data.draw(st.floats(0.8, 1.2))
    hole_v = np.array(data.draw(st.lists(st.booleans(), min_size=v.size, max_size=v.size)))
    hole_f = np.array(data.draw(st.lists(st.booleans(), min_size=v.size, max_size=v.size)))
    expected = contact_time_s(v, f)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = contact_time_s(np.where(hole_v, np.nan, v), np.where(hole_f, np.nan, f))
    missing = hole_v | hole_f
    assert np.array_equal(np.isnan(t), missing)
    np.testing.assert_array_equal(t[~missing], expected[~missing])
    assert [w.category for w in caught] == ([PfsimRangeWarning] if missing.any() else [])
    if missing.any():
        assert f"{int(missing.sum())} of {v.size}" in str(caught[0].message)


@pytest.mark.parametrize("extrapolate", ["nan", "extend"])
def test_no_flight_beside_an_impossible_speed_warns_once_per_cause(extrapolate):
    """A speed the relation has no contact time for (12 m/s) next to a step rate with no flight
    phase: one warning for each, none twice (the no-flight limit evaluated the extended relation
    a second time: the 'extended beyond its data' warning came twice, or unasked for)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = contact_time_s([12.0, 3.0], [170.0, 1000.0], extrapolate=extrapolate)
    assert np.all(np.isnan(t))
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2 and len(set(messages)) == 2
    assert sum("no flight phase" in m for m in messages) == 1
    assert sum("beyond its 8-20 km/h data" in m for m in messages) == int(extrapolate == "extend")


@pytest.mark.parametrize("speed", [0.0, -1.0, [3.0, -2.0]])
@pytest.mark.parametrize("extrapolate", ["nan", "extend"])
def test_contact_time_speed_not_positive_is_refused(speed, extrapolate):
    """A speed of 0 or less: refused like a step rate of 0 or less (the extended line gave a
    contact time at 0 m/s and below, and 'no flight phase' NaN further down)."""
    with pytest.raises(ValueError, match="speed_m_s must be a positive number"):
        contact_time_s(speed, 170.0, extrapolate=extrapolate)
