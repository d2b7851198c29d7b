"""Frontal model v2 selected through the public API (review of the issue-11 merge).

v2 is reachable as ``frontal_geometry=`` of :func:`pfsim.patellofemoral_load`, of
:func:`pfsim.stance` (its joint keywords) and of :func:`pfsim.runner.simulate`; a sweep problem's
``[model_options]`` has no geometry option (pfsim.models). States v2 cannot solve (off the groove,
no equilibrium found) are NaN with one warning and nothing else fails.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import pfsim
from pfsim.joint import frontal as fr
from pfsim.runner import Assumptions, Runner, simulate

G2 = fr.lenhart2015_geometry()
FACET = ("lateral_facet_stress_MPa", "medial_facet_stress_MPa", "peak_pressure_MPa")


def _caught(func):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func()
        # the facet outputs of patellofemoral_load are computed on first access (issue 15): read one
        # here, so that the facet model's warnings are caught with the call's
        getattr(getattr(result, "joint", result), "lateral_facet_stress_MPa", None)
    return result, caught


def _box(lo, hi, n=16):
    return hnp.arrays(float, n, elements=st.floats(lo, hi))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    theta=_box(0.0, 90.0),
    quad=_box(0.0, 50_000.0),
    q=_box(-10.0, 40.0),
    hip=_box(-30.0, 30.0),
    rot=_box(-40.0, 40.0),
    vmo=_box(0.0, 3.0),
    ret=_box(0.0, 600.0),
    mirrored=st.booleans(),
)
def test_any_accepted_state_gives_a_result_or_nan_with_one_warning(
    theta, quad, q, hip, rot, vmo, ret, mirrored
):
    geometry = G2.mirrored() if mirrored else G2
    r, caught = _caught(
        lambda: pfsim.patellofemoral_load(
            theta,
            quad_force_N=quad,
            q_angle_deg=q,
            hip_adduction_deg=hip,
            femoral_internal_rotation_deg=rot,
            tibial_internal_rotation_deg=-rot,
            vmo_activation=vmo,
            lateral_retinaculum_N=ret,
            frontal_geometry=geometry,
        )
    )
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert np.all(np.isfinite(r.joint_reaction_force_N)) and np.all(
        np.isfinite(r.contact_stress_MPa)
    )
    nan = np.isnan(r.lateral_facet_stress_MPa)
    for name in FACET:
        out = getattr(r, name)
        assert np.array_equal(np.isnan(out), nan), name
        assert np.all(out[~nan] >= 0.0), name
    pfsim_warnings = [  # all angles <= 2.2 deg also warn "radians?" (PfsimUnitWarning)
        w for w in caught if issubclass(w.category, pfsim.PfsimRangeWarning)
    ]
    assert len(pfsim_warnings) == (1 if nan.any() else 0), [str(w.message) for w in caught]
    if nan.any():
        assert "frontal facet model" in str(pfsim_warnings[0].message)


def test_stance_with_v2_over_the_runners_speeds():
    speeds = np.linspace(2.3, 5.5, 9)
    r, caught = _caught(lambda: pfsim.stance(speeds, 170.0, 70.0, 1.75, frontal_geometry=G2))
    lat = np.asarray(r.lateral_facet_stress_MPa)
    assert len([w for w in caught if issubclass(w.category, Warning)]) == int(np.isnan(lat).any())
    assert np.isfinite(np.nanmax(lat, axis=-1)).all()


@pytest.mark.parametrize(
    "make",
    [
        lambda g: fr.FrontalGeometry(groove=g),
        lambda g: fr.lenhart2015_geometry(groove=g),
        lambda g: replace(G2, groove=g),
    ],
)
@pytest.mark.parametrize("name", ["Lenhart2015", "lenhart", "v2", "", None, 2015])
def test_unknown_groove_is_refused_with_the_valid_names(make, name):
    with pytest.raises(ValueError, match=r"groove must be 'flat' or 'lenhart2015' \(got "):
        make(name)


def test_simulate_with_v2_takes_the_coupling_from_the_assumptions():
    """Was 'frontal_geometry come from the runner profile' for any non-default coupling."""
    a = Assumptions(knee_abduction_per_hip_adduction=0.6)
    r = simulate(Runner(), frontal_geometry=G2, assumptions=a)
    g = replace(G2, knee_abduction_per_hip_adduction=0.6)
    same = pfsim.stance(
        **{k: v for k, v in pfsim.runner.stance_inputs(Runner(), assumptions=a)[0].items()
           if k != "frontal_geometry"},
        frontal_geometry=g,
    )  # fmt: skip
    np.testing.assert_array_equal(r.lateral_facet_stress_MPa, same.lateral_facet_stress_MPa)
    default = simulate(Runner(), frontal_geometry=G2)
    assert not np.array_equal(default.lateral_facet_stress_MPa, r.lateral_facet_stress_MPa)


def test_simulate_refuses_a_geometry_coupling_that_contradicts_the_assumptions():
    g = replace(G2, knee_abduction_per_hip_adduction=0.5)
    with pytest.raises(ValueError, match=r"knee_abduction_per_hip_adduction = 0\.5 but the "):
        simulate(Runner(), frontal_geometry=g)
    same = simulate(
        Runner(), frontal_geometry=g, assumptions=Assumptions(knee_abduction_per_hip_adduction=0.5)
    )
    assert np.isfinite(np.nanmax(same.lateral_facet_stress_MPa))
    with pytest.raises(ValueError, match="frontal_geometry must be a pfsim.joint.frontal"):
        simulate(Runner(), frontal_geometry="lenhart2015")
