"""Shared inputs of the joint-model tests."""

import warnings

import numpy as np
import pytest

import pfsim


@pytest.fixture(scope="session")
def wide_box_load():
    """``f(**kwargs)``: the joint model over issue 3's wide physiological box.

    4,096 Latin-hypercube states (fixed seed) of knee flexion 10-90°, quadriceps force 0-6,000 N,
    Q-angle 8-25°, hip adduction −5-20°, femoral and tibial rotation ±15°, VMO activation 0-1.5 and
    a lateral retinaculum pull 0-150 N; ``kwargs`` go to :func:`pfsim.patellofemoral_load` (e.g.
    ``frontal_geometry``). The off-groove warning is silenced: the tests assert on the flags.
    """
    from scipy.stats import qmc

    lo = np.array([10.0, 0.0, 8.0, -5.0, -15.0, -15.0, 0.0, 0.0])
    hi = np.array([90.0, 6000.0, 25.0, 20.0, 15.0, 15.0, 1.5, 150.0])
    x = qmc.scale(qmc.LatinHypercube(d=8, seed=1).random(4096), lo, hi).T

    def load(**kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pfsim.PfsimRangeWarning)
            r = pfsim.patellofemoral_load(
                x[0],
                quad_force_N=x[1],
                area_fit="kernozek2015",
                q_angle_deg=x[2],
                hip_adduction_deg=x[3],
                femoral_internal_rotation_deg=x[4],
                tibial_internal_rotation_deg=x[5],
                vmo_activation=x[6],
                lateral_retinaculum_N=x[7],
                **kwargs,
            )
            _ = r.lateral_facet_stress_MPa  # computed on first access: inside the filter
        return r

    return load
