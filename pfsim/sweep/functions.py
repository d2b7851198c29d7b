"""Test functions with known sensitivity indices, for checking the engine and for examples."""

from __future__ import annotations

import numpy as np

from .problem import Input, Problem

__all__ = ["ishigami", "ishigami_indices", "ishigami_problem"]


def ishigami(x1, x2, x3, a: float = 7.0, b: float = 0.1) -> dict:
    """Ishigami & Homma (1990) function: ``sin x1 + a sin² x2 + b x3⁴ sin x1``.

    Inputs are independent and uniform on [-π, π]; a standard check of Sobol' estimators because its
    indices are known in closed form (:func:`ishigami_indices`).

    References
    ----------
    Ishigami T, Homma T (1990). An importance quantification technique in uncertainty analysis for
    computer models. Proc. ISUMA '90, 398-403. doi:10.1109/ISUMA.1990.151285

    Examples
    --------
    >>> float(ishigami(np.pi / 2, np.pi / 2, 0.0)["y"][()])
    8.0
    """
    x1, x2, x3 = (np.asarray(v, dtype=np.float64) for v in (x1, x2, x3))
    s1 = np.sin(x1)
    return {"y": s1 + a * np.sin(x2) ** 2 + b * x3**4 * s1}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, np.ndarray]:
    """Analytic first-order and total Sobol' indices of :func:`ishigami` (x1, x2, x3).

    Notes
    -----
    With uniform inputs on [-π, π]: V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = 8b²π⁸/225, V = V1 + V2 + V13;
    S = (V1, V2, 0)/V and ST = (V1 + V13, V2, V13)/V (Sobol' & Levitan 1999; Saltelli et al. 2008,
    *Global Sensitivity Analysis: The Primer*, Wiley, §4.9).

    Examples
    --------
    >>> ishigami_indices()["first_order"].round(4)
    array([0.3139, 0.4424, 0.    ])
    """
    pi = np.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * pi**8 / 225
    v = v1 + v2 + v13
    return {
        "first_order": np.array([v1, v2, 0.0]) / v,
        "total_order": np.array([v1 + v13, v2, v13]) / v,
    }


def ishigami_problem() -> Problem:
    """The Ishigami problem: x1, x2, x3 uniform on [-π, π], output ``y``.

    Examples
    --------
    >>> ishigami_problem().names
    ('x1', 'x2', 'x3')
    """
    bounds = (-np.pi, np.pi)
    return Problem(
        [Input(f"x{i}", unit="rad", bounds=bounds) for i in (1, 2, 3)],
        outputs={"y": "1"},
        name="ishigami",
        description="Ishigami & Homma (1990) test function, a = 7, b = 0.1",
    )
