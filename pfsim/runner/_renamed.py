"""Names the runner layer renamed (one name per quantity).

The warning here keeps the old names working for a deprecation period.
"""

from __future__ import annotations

from .._checks import warn

__all__ = ["RENAMED", "warn_renamed"]

#: Old name → new name. ``lateral_tightness_N`` (the profile's extra lateral tension) is the joint
#: model's ``lateral_retinaculum_N`` (:func:`pfsim.patellofemoral_load`): one quantity, one name.
RENAMED = {"lateral_tightness_N": "lateral_retinaculum_N"}


def warn_renamed(old: str, where: str) -> None:
    """Give the :class:`DeprecationWarning` of an old name used at ``where``, naming the new one."""
    new = RENAMED[old]
    warn(
        f"{where}: {old} is deprecated, use {new} (the same quantity, the joint model's name); "
        f"{old} will be removed in a future release.",
        DeprecationWarning,
    )
