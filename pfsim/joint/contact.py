"""Contact: mean patellofemoral contact stress.

σ = PFJRF / CA [N/mm² = MPa] (Nunes et al. 2018 Gait Posture 61:188, step 7).
"""

from __future__ import annotations

import numpy as np

__all__ = ["mean_contact_stress_MPa"]


def mean_contact_stress_MPa(joint_reaction_force_N, contact_area_mm2):
    """Mean contact stress [MPa] = PFJRF [N] / contact area [mm²].

    Examples
    --------
    >>> round(float(mean_contact_stress_MPa(2184.0, 340.3)), 2)
    6.42
    """
    return np.divide(joint_reaction_force_N, contact_area_mm2)
