"""Every pfsim figure: each function takes ``ax=None`` (or a figure) and returns what it drew on.

matplotlib is imported here and nowhere else in the package; no function here switches the backend.
Figures draw the data they are given and make no model call (:mod:`.studies` draws the tables of
:mod:`pfsim.studies`); :func:`save_figure` writes a figure as PNG, SVG or PDF, atomically.
"""

from . import _save as _m_save
from . import assess as _m_assess
from . import joint as _m_joint
from . import profiles as _m_profiles
from . import results as _m_results
from . import studies as _m_studies
from . import sweep as _m_sweep
from ._save import *  # noqa: F403
from .assess import *  # noqa: F403
from .joint import *  # noqa: F403
from .profiles import *  # noqa: F403
from .results import *  # noqa: F403
from .studies import *  # noqa: F403
from .sweep import *  # noqa: F403

__all__ = [
    *_m_save.__all__,
    *_m_assess.__all__,
    *_m_joint.__all__,
    *_m_profiles.__all__,
    *_m_results.__all__,
    *_m_studies.__all__,
    *_m_sweep.__all__,
]
