"""Provenance of written results.

Versions of pfsim, Python and the dependencies, and the hashes that identify a resolved scenario
(SHA-256 of its canonical JSON).
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping

__all__ = ["canonical_json", "provenance", "sha256_of"]


def provenance(extra: Mapping | None = None) -> dict:
    """The pfsim version, Python and dependency versions, plus ``extra`` (scenario, seed, ...).

    The matplotlib version is read from the installed package's metadata (None when it is not
    installed), so writing provenance never imports matplotlib.
    """
    import numpy
    import scipy

    from .._version import __version__

    info = {
        "pfsim_version": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "matplotlib": _installed_version("matplotlib"),
    }
    if extra:
        info.update(extra)
    return json.loads(json.dumps(info, default=str))


def _installed_version(distribution: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def canonical_json(obj) -> str:
    """JSON with sorted keys, no whitespace and shortest round-trip floats: the text that is hashed."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)


def sha256_of(obj) -> str:
    """SHA-256 hex digest of :func:`canonical_json` of ``obj``."""
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()
