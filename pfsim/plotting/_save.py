"""Saving figures: the one place pfsim writes a PNG (rendered in memory, then written atomically)."""

from __future__ import annotations

import io
from pathlib import Path

from ..io import atomic_write_bytes

__all__ = ["save_figure"]


def save_figure(fig, path, *, dpi: float = 150, close: bool = True) -> Path:
    """Render ``fig`` as PNG into memory and write it to ``path`` atomically.

    The PNG is rendered into a :class:`io.BytesIO` and written by :func:`pfsim.io.atomic_write_bytes`
    (temporary file in the same folder, then rename), so ``path`` is either the old file or the
    complete new one. No backend is switched: PNG rendering uses Agg whatever the user's backend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (made with :class:`matplotlib.figure.Figure` or with pyplot).
    path : path-like
        The PNG file; its folder is created if needed.
    dpi : float
        Resolution [dots per inch] (150, as every pfsim figure).
    close : bool
        Release the figure from pyplot afterwards (a no-op for a figure pyplot does not manage).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return atomic_write_bytes(Path(path), buf.getvalue())
