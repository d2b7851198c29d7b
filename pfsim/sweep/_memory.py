"""How much memory a sweep may plan to hold, and the check that refuses a design before any work."""

from __future__ import annotations

import os

__all__ = ["MEMORY_FRACTION", "available_memory", "check_memory", "gb"]

#: Share of the machine's physical memory a sweep may plan to hold (its design, its inputs and the
#: outputs it keeps, or the chunks in flight when streaming): the rest is left to the model's
#: temporaries, the worker processes and the system.
MEMORY_FRACTION = 0.5


def available_memory() -> int | None:
    """Bytes a sweep may hold: :data:`MEMORY_FRACTION` of physical memory (None when unknown).

    Physical memory is ``os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")``.
    """
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # pragma: no cover - e.g. Windows
        return None
    return int(total * MEMORY_FRACTION) if total > 0 else None


def gb(nbytes: float) -> str:
    """``nbytes`` as gigabytes: three significant digits, whole gigabytes from 1,000 GB."""
    g = nbytes / 1e9
    return f"{g:,.0f} GB" if g >= 1000 else f"{g:.3g} GB"


def check_memory(need: int, what: str, fix: str, have: int | None = None) -> None:
    """Raise a one-line ValueError when ``need`` bytes exceed ``have`` (default: available)."""
    have = available_memory() if have is None else have
    if have is not None and need > have:
        raise ValueError(
            f"{what} would hold about {gb(need)} in memory, more than the {gb(have)} available "
            f"(half the physical memory); {fix}."
        )
