"""Geometry fits: published values, the transcription traps, names and validity ranges."""

import warnings

import numpy as np
import pytest

import pfsim
from pfsim.joint import geometry as g


def test_lever_arm_values_metre_form():
    # REFERENCES §1 [derived]: 46.0, 44.9, 33.3, 24.2 mm at 0, 30, 60, 90 deg
    np.testing.assert_allclose(
        pfsim.quadriceps_lever_arm_mm([0, 30, 60, 90]), [46.0, 44.86, 33.28, 24.22], atol=0.005
    )


def test_lever_arm_hand_calculation_45():
    # 8e-8*45^3 - 1.3e-5*45^2 + 2.8e-4*45 + 0.046 = 0.00729 - 0.026325 + 0.0126 + 0.046 = 0.039565 m
    assert pfsim.quadriceps_lever_arm_mm(45.0) == pytest.approx(39.565, rel=1e-12)


def test_k_ratio_values_and_trap():
    # k = 0.462, 0.743, 0.947, 0.981 at 0, 30, 60, 90 deg (REFERENCES §1)
    np.testing.assert_allclose(
        pfsim.k_ratio([0, 30, 60, 90]), [0.462, 0.743, 0.947, 0.981], atol=5e-4
    )
    # The "+0.0162θ" denominator variant falls to 0.09 at 90 deg; ours must not.
    assert pfsim.k_ratio(90.0) == pytest.approx(0.981, abs=5e-4)


def test_k_ratio_hand_calculation_45():
    num = 0.462 + 1.47e-3 * 45 - 3.84e-5 * 45**2  # 0.45039
    den = 1 - 1.62e-2 * 45 + 1.55e-4 * 45**2 - 6.98e-7 * 45**3  # 0.52127
    assert pfsim.k_ratio(45.0) == pytest.approx(num / den, rel=1e-12)


def test_powers1998_quartic_trap():
    # minus on θ³: 234.7 mm² at 60 deg; the public-code plus gives 1660 mm²
    assert pfsim.contact_area_mm2(60.0, fit="powers1998") == pytest.approx(234.736, abs=1e-3)


@pytest.mark.parametrize(
    "fit, theta, expected",
    [
        ("connolly2009", 45.0, 0.0781 * 45**2 + 0.6763 * 45 + 151.75),
        ("kernozek2015", 45.0, -0.0001 * 45**3 - 0.0082 * 45**2 + 3.5071 * 45 + 73.81),
        ("salsich2003", 40.0, 3.55 * 40 + 135),
        ("besier2005_male", 30.0, 414.0),
        ("besier2005_female", 45.0, (269 + 396) / 2),
        ("besier2005", 60.0, (520 + 396) / 2),
    ],
)
def test_contact_area_fits(fit, theta, expected):
    assert pfsim.contact_area_mm2(theta, fit=fit) == pytest.approx(expected, rel=1e-12)


def test_weight_bearing_factor():
    base = pfsim.contact_area_mm2(30.0, fit="besier2005_male")
    assert pfsim.contact_area_mm2(
        30.0, fit="besier2005_male", weight_bearing=True
    ) == pytest.approx(1.24 * base)
    with pytest.raises(ValueError, match="only defined for the besier2005"):
        pfsim.contact_area_mm2(30.0, fit="connolly2009", weight_bearing=True)


def test_ligament_angle_digitised():
    assert g.patellar_ligament_angle_deg(0.0) == pytest.approx(20.62)
    assert g.patellar_ligament_angle_deg(75.0) == pytest.approx(0.0, abs=1e-12)  # (1.90-1.90)/2
    assert g.patellar_ligament_angle_deg(85.0) == pytest.approx(-4.27)  # (-1.90-6.64)/2


@pytest.mark.parametrize(
    "func, registry",
    [
        (pfsim.contact_area_mm2, g.CONTACT_AREA_FITS),
        (pfsim.k_ratio, g.K_RATIO_FITS),
        (pfsim.quadriceps_lever_arm_mm, g.LEVER_ARM_FITS),
    ],
)
def test_unknown_name_lists_known(func, registry):
    with pytest.raises(ValueError) as err:
        func(30.0, fit="nosuchfit")
    for name in registry:
        assert name in str(err.value)


def test_every_fit_is_cited_and_ranged():
    for registry in (
        g.CONTACT_AREA_FITS,
        g.K_RATIO_FITS,
        g.LEVER_ARM_FITS,
        g.PATELLAR_LIGAMENT_ANGLE_FITS,
    ):
        for name, fit in registry.items():
            assert fit.name == name
            assert any(ch.isdigit() for ch in fit.reference), f"{name} cites no year"
            lo, hi = fit.valid_range_deg
            assert lo < hi
            assert fit.equation and fit.population


def test_out_of_range_nan_and_one_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = pfsim.contact_area_mm2([30.0, 50.0, 60.0], fit="connolly2009")
    assert np.isnan(a[1:]).all() and np.isfinite(a[0])
    assert len([w for w in caught if issubclass(w.category, pfsim.PfsimRangeWarning)]) == 1
    assert "0-45 deg" in str(caught[0].message)


def test_extrapolate_choices():
    fit = "connolly2009"
    clip = pfsim.contact_area_mm2(60.0, fit=fit, extrapolate="clip")
    assert clip == pytest.approx(pfsim.contact_area_mm2(45.0, fit=fit))
    ext = pfsim.contact_area_mm2(60.0, fit=fit, extrapolate="extend")
    assert ext == pytest.approx(0.0781 * 3600 + 0.6763 * 60 + 151.75)
    with pytest.raises(ValueError, match="outside"):
        pfsim.contact_area_mm2(60.0, fit=fit, extrapolate="raise")
    with pytest.raises(ValueError, match="extrapolate must be one of"):
        pfsim.contact_area_mm2(30.0, fit=fit, extrapolate="maybe")


def test_salsich_extend_branch_is_continuous():
    for edge in (60.0, 70.0):
        a = pfsim.contact_area_mm2(
            edge + np.array([-1e-3, 0.0, 1e-3]), fit="salsich2003", extrapolate="extend"
        )
        assert np.all(np.abs(np.diff(a)) < 0.01)


def test_k_pole_is_the_only_real_root_of_the_denominator():
    roots = np.roots([-6.98e-7, 1.55e-4, -1.62e-2, 1.0])  # 1 − 1.62e-2 θ + 1.55e-4 θ² − 6.98e-7 θ³
    real = roots[np.abs(roots.imag) < 1e-9].real
    assert real.size == 1 and real[0] == pytest.approx(g.K_BRECHTER_POLE_DEG, abs=1e-3)


def test_extend_k_beyond_its_pole_is_nan_with_one_warning():
    # k = 9.97 at 128° (just below the pole), -1.43 at 129°, -0.207 at 130°, and +0.609 at 150°
    # (numerator and denominator both negative): everything from the pole on is meaningless.
    theta = np.array([120.0, 128.0, 129.0, 130.0, 150.0, 170.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        k = pfsim.k_ratio(theta, extrapolate="extend")
    assert len(caught) == 1 and caught[0].category is pfsim.PfsimRangeWarning
    assert caught[0].filename == __file__
    text = str(caught[0].message)
    assert "pole" in text and "5 of 6 angles (128 to 170 deg)" in text
    # 9.97 at 128° is positive but above the pulley bound k <= 2: impossible, NaN
    assert 0 < k[0] <= 2 and np.isnan(k[1:]).all()


@pytest.mark.parametrize("theta", [-30.0, 170.0])
def test_extend_negative_area_is_nan(theta):
    # kernozek2015: −0.0001 θ³ − 0.0082 θ² + 3.5071 θ + 73.81 = −36.1 mm² at −30°, −58.3 at 170°
    raw = g.CONTACT_AREA_FITS["kernozek2015"].func(np.array([theta]))[0]
    assert raw < 0
    with pytest.warns(pfsim.PfsimRangeWarning, match=r"contact area <= 0 mm²\) at 1 of 1 angles"):
        a = pfsim.contact_area_mm2(theta, fit="kernozek2015", extrapolate="extend")
    assert np.isnan(a)


def test_extend_possible_values_are_kept_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = pfsim.contact_area_mm2([100.0, 150.0], fit="kernozek2015", extrapolate="extend")
        lever = pfsim.quadriceps_lever_arm_mm([-30.0, 170.0], extrapolate="extend")
    np.testing.assert_allclose(
        a, [-100.0 - 82.0 + 350.71 + 73.81, -337.5 - 184.5 + 526.065 + 73.81]
    )
    assert np.all(lever > 0)


def test_every_fit_is_possible_inside_its_data():
    # The plausibility guard runs only where "extend" leaves the data: that is safe only if no fit
    # gives an impossible value inside its own range.
    for registry in (g.CONTACT_AREA_FITS, g.K_RATIO_FITS, g.LEVER_ARM_FITS):
        for name, fit in registry.items():
            assert fit.possible is not None and fit.impossible_note, name
            theta = np.linspace(*fit.valid_range_deg, 2001)
            assert fit.possible(theta, fit.func(theta)).all(), name


def test_join_range_messages():
    fix = g.RANGE_FIX
    text = g.join_range_messages(
        [None, "a fit: NaN there. " + fix, "", "b fit: NaN there. " + fix, "the solver gave up"]
    )
    assert text == f"a fit: NaN there; b fit: NaN there. {fix} the solver gave up."
    assert g.join_range_messages([None, ""]) == ""
