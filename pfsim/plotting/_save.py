"""Saving figures: the one place pfsim writes a figure (rendered in memory, then written atomically)."""

from __future__ import annotations

import io
from pathlib import Path

from ..io import atomic_write_bytes

__all__ = ["FIGURE_FORMATS", "save_figure"]

#: The file formats :func:`save_figure` writes (``pfsim demo --format``, ``pfsim study --format``).
FIGURE_FORMATS = ("png", "svg", "pdf")

#: Metadata that would change on every run (the creation date), left out so that the same figure
#: gives the same SVG or PDF bytes.
_NO_DATE = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}


def save_figure(
    fig, path, *, format: str | None = None, dpi: float = 150, close: bool = True
) -> Path:
    """Render ``fig`` into memory as PNG, SVG or PDF and write it to ``path`` atomically.

    The figure is rendered into a :class:`io.BytesIO` and written by
    :func:`pfsim.io.atomic_write_bytes` (temporary file in the same folder, then rename), so
    ``path`` is either the old file or the complete new one. No backend is switched: each format
    has its own renderer whatever the user's backend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (made with :class:`matplotlib.figure.Figure` or with pyplot).
    path : path-like
        The file; its folder is created if needed. Its suffix is kept as given.
    format : {"png", "svg", "pdf"}, optional
        The file format; by default the suffix of ``path`` when it is one of these, else PNG.
    dpi : float
        Resolution [dots per inch] of a PNG (150, as every pfsim figure); SVG and PDF are vector
        files (only embedded images would use it).
    close : bool
        Release the figure from pyplot afterwards (a no-op for a figure pyplot does not manage).

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    ValueError
        ``format`` is not one of :data:`FIGURE_FORMATS`, or ``dpi`` is not a positive number.
    """
    path = Path(path)
    if format is None:
        suffix = path.suffix.lower().lstrip(".")
        format = suffix if suffix in FIGURE_FORMATS else "png"
    if format not in FIGURE_FORMATS:
        raise ValueError(
            f"format must be one of {', '.join(map(repr, FIGURE_FORMATS))} (got {format!r})."
        )
    if not (isinstance(dpi, int | float) and 0 < dpi < float("inf")):
        raise ValueError(f"dpi must be a positive number of dots per inch, e.g. 150 (got {dpi!r}).")
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "pfsim"}):  # SVG ids from the figure, not random
        fig.savefig(buf, format=format, dpi=dpi, metadata=_NO_DATE[format])
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return atomic_write_bytes(path, buf.getvalue())
