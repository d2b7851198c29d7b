"""Physical constants and unit conversions, defined once for the whole package."""

from __future__ import annotations

__all__ = ["G_M_S2", "MM_PER_M", "SECONDS_PER_MINUTE"]

#: Standard acceleration of gravity [m/s²] (CGPM 1901; BIPM SI Brochure, 9th ed., 2019, the
#: conventional value g_n = 9.80665 m/s²). Every body-weight conversion in pfsim uses it.
G_M_S2 = 9.80665

#: Millimetres per metre.
MM_PER_M = 1000.0

#: Seconds per minute (step rates are in steps per minute).
SECONDS_PER_MINUTE = 60.0
