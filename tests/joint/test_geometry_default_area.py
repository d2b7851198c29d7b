"""One default contact-area fit, covering 0-90 deg with published data (issues 12 and 14).

The default joint call is finite over 0-90 deg with no warning; the joint, stance and CLI defaults are
the same fit; and the stance model over a runners' box returns (almost) no NaN peak stress.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.stats import qmc

import pfsim
from pfsim.gait import STANCE_AREA_FIT, stance
from pfsim.joint.geometry import CONTACT_AREA_FITS, DEFAULT_CONTACT_AREA_FIT, contact_area_mm2
from pfsim.joint.model import DEFAULT_AREA_FIT


def test_the_default_joint_call_is_finite_over_0_to_90_deg_with_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        r = pfsim.patellofemoral_load(np.linspace(0, 90, 91), quad_force_N=3000)
    assert np.all(np.isfinite(r.contact_stress_MPa)) and np.all(r.contact_stress_MPa > 0)
    assert np.all(np.isfinite(r.lateral_facet_stress_MPa))
    assert r.area_fit == DEFAULT_CONTACT_AREA_FIT


def test_one_default_across_joint_stance_geometry_and_cli():
    from pfsim.cli._common import subparser
    from pfsim.cli.main import build_parser

    assert DEFAULT_AREA_FIT == STANCE_AREA_FIT == DEFAULT_CONTACT_AREA_FIT == "kernozek2015"
    assert CONTACT_AREA_FITS[DEFAULT_CONTACT_AREA_FIT].valid_range_deg == (0.0, 90.0)
    # contact_area_mm2 without a fit is the default fit
    assert contact_area_mm2(60.0) == CONTACT_AREA_FITS[DEFAULT_CONTACT_AREA_FIT](60.0)
    parser = build_parser()
    for command in ("joint", "run", "trial"):
        sub = subparser(parser, command)
        (action,) = [a for a in sub._actions if "--area-fit" in a.option_strings]
        assert action.default == DEFAULT_CONTACT_AREA_FIT, command


def test_kernozek2015_by_hand():
    # CA = −0.0001 θ³ − 0.0082 θ² + 3.5071 θ + 73.81: at 60°, −21.6 − 29.52 + 210.426 + 73.81
    assert contact_area_mm2(60.0) == pytest.approx(233.116)
    # REFERENCES §1 worked example: M = 100 N·m at 45° gives 10.61 MPa with the Kernozek cubic
    r = pfsim.patellofemoral_load(45.0, knee_extension_moment_Nm=100.0)
    assert round(float(r.contact_stress_MPa), 2) == 10.61


def test_runners_box_has_under_half_a_percent_nan_peak_stress():
    # issue 12: 2.4-5.4 m/s, 150-195 steps/min, 45-110 kg, 1.5-2.0 m, ±8°; a scrambled Sobol' sample
    lo = np.array([2.4, 150.0, 45.0, 1.5, -8.0])
    hi = np.array([5.4, 195.0, 110.0, 2.0, 8.0])
    x = qmc.scale(qmc.Sobol(5, seed=12).random(1024), lo, hi)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
        r = stance(x[:, 0], x[:, 1], x[:, 2], x[:, 3], slope_deg=x[:, 4], n_samples=51)
    peak = np.asarray(r.summary().peak_contact_stress_MPa)
    assert np.mean(~np.isfinite(peak)) < 0.005
    # the knee stays inside the default fit's data (0-90 deg) everywhere in the box
    assert float(np.max(r.knee_flexion_deg)) < 90.0
