"""Built-in studies: the model composed with the sweep engine into tables and figures.

The mission studies (``pfsim study NAME``, ``pfsim demo``, ``experiments/``):

- :func:`cadence_study`: step rate −15 … +15 % of preferred at several speeds → peak mean and lateral
  facet stress, stress dose per step and per km;
- :func:`strength_study`: hip abductor, quadriceps and VMO capacity → hip adduction, lateral facet
  stress, peak stress;
- :func:`load_study`: weekly distance, progression, hills and speed work → dose, capacity and
  overload index;
- :func:`sensitivity_study`: Sobol' indices of stress and dose to the runner profile, for a
  population;
- :func:`mission_demo`: cadence, strength and load on the default runner (what ``pfsim demo`` runs).

Each study returns a :class:`StudyResult` (a :class:`pfsim.sweep.Table` of named arrays and, when
``out_dir`` is given, the written CSV, its provenance JSON and a PNG figure). Every number is a model
prediction: nothing is tuned to the published effects of cadence, strength or load changes
(``REFERENCES.md``: those are for validation only).

The studies compute; their figures are drawn by :mod:`pfsim.plotting.studies` (Okabe & Ito 2008
colour-blind-safe palette with distinct line styles and markers; every plotting function takes
``ax=None`` and returns the axes) and saved by :func:`pfsim.plotting.save_figure`. The plotting
functions are re-exported here under their old names.

Layout: :mod:`._scaffold` (:class:`StudyResult`, writing table + figure + provenance),
:mod:`.cadence`, :mod:`.strength`, :mod:`.load`, :mod:`.sensitivity`, :mod:`.demo` (the sagittal and
frontal demos, the registry :data:`STUDIES` and :func:`mission_demo`).
"""

from ..plotting import studies as _plotting_studies
from . import _scaffold as _m_scaffold
from . import cadence as _m_cadence
from . import demo as _m_demo
from . import load as _m_load
from . import sensitivity as _m_sensitivity
from . import strength as _m_strength
from ._scaffold import *  # noqa: F403
from .cadence import *  # noqa: F403
from .demo import *  # noqa: F403
from .load import *  # noqa: F403
from .sensitivity import *  # noqa: F403
from .strength import *  # noqa: F403

__all__ = [
    *_m_scaffold.__all__,
    *_m_cadence.__all__,
    *_m_demo.__all__,
    *_m_load.__all__,
    *_m_sensitivity.__all__,
    *_m_strength.__all__,
]

#: Figures that moved to :mod:`pfsim.plotting.studies`; their old names here keep working for a
#: release with a DeprecationWarning (``load_figure`` stays: it also computes missing time courses).
_MOVED_TO_PLOTTING = tuple(
    n for n in _plotting_studies.__all__ if n not in ("load_figure", "frontal_demo_figure")
)


def __getattr__(name):
    if name in _MOVED_TO_PLOTTING:
        from .. import plotting
        from .._checks import warn

        warn(
            f"pfsim.studies.{name} moved to pfsim.plotting.{name}; the old name will be removed in "
            "a future release.",
            DeprecationWarning,
        )
        return getattr(plotting, name)
    raise AttributeError(f"module 'pfsim.studies' has no attribute {name!r}")
