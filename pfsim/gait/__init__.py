"""Running stance: spring-mass stance model, measured trials, per-step and per-km summaries.

- :func:`stance`: speed, step rate, body size, slope and load → knee state and joint load over stance;
- :func:`read_trial`, :func:`trial_load`: measured knee angle and moment (OpenSim .sto/.mot, CSV)
  through the same joint model;
- :func:`stance_summary`: peaks, stress-time integrals per step and per km.

Modules, bottom to top: :mod:`~pfsim.gait.springmass` (the spring-mass stance),
:mod:`~pfsim.gait.leg` (segment geometry: knee flexion and knee moment from the spring-mass state),
:mod:`~pfsim.gait.model` (:func:`stance` and :class:`StanceResult`), :mod:`~pfsim.gait.calibration`
(:func:`calibrate`, :data:`REFERENCE_SCENARIO`), :mod:`~pfsim.gait.summaries`,
:mod:`~pfsim.gait.trials`. Every name of the former ``pfsim.gait.stance`` module is importable from
here (``pfsim.gait.stance`` is the function).
"""

import sys as _sys
import types as _types

from .._checks import warn as _warn
from . import calibration as _m_calibration
from . import leg as _m_leg
from . import model as _m_model
from . import springmass as _m_springmass
from . import summaries as _m_summaries
from . import trials as _m_trials
from .calibration import *  # noqa: F403
from .leg import *  # noqa: F403
from .model import *  # noqa: F403
from .springmass import *  # noqa: F403
from .summaries import *  # noqa: F403
from .trials import *  # noqa: F403

#: Every submodule's public names, once each (calibration re-exports two of leg's).
__all__ = list(
    dict.fromkeys(
        [
            *_m_calibration.__all__,
            *_m_leg.__all__,
            *_m_model.__all__,
            *_m_springmass.__all__,
            *_m_summaries.__all__,
            *_m_trials.__all__,
        ]
    )
)


#: Where each name of the former module ``pfsim.gait.stance`` lives now (every one is also here).
_FORMER_STANCE_MODULE = {
    **dict.fromkeys((*_m_leg.__all__, "_chord_m", "_knee_position_m"), "pfsim.gait.leg"),
    **dict.fromkeys(
        (*_m_model.__all__, "_joint_load", "_positive", "_check_inputs"), "pfsim.gait.model"
    ),
    **dict.fromkeys(
        ("REFERENCE_SCENARIO", "CALIBRATION_TARGETS", "calibrate"), "pfsim.gait.calibration"
    ),
}


def _former_stance_getattr(name: str):
    """A name of the former module ``pfsim.gait.stance``, with a DeprecationWarning naming its home."""
    home = _FORMER_STANCE_MODULE.get(name)
    if home is None:
        raise AttributeError(f"module 'pfsim.gait.stance' has no attribute {name!r}")
    where = home if name.startswith("_") else f"pfsim.gait or {home}"
    _warn(
        f"the module pfsim.gait.stance was split (pfsim.gait.stance is the stance function); import "
        f"{name} from {where} instead.",
        DeprecationWarning,
    )
    return getattr(_sys.modules[home], name)


# ``from pfsim.gait.stance import REFERENCE_SCENARIO`` (the former module, hidden by the function of
# the same name) keeps working with a DeprecationWarning; the attribute pfsim.gait.stance stays the
# function.
_former = _types.ModuleType(
    __name__ + ".stance",
    "Deprecated: the former stance module, now pfsim.gait.leg/model/calibration.",
)
_former.__getattr__ = _former_stance_getattr
_former.__all__ = [n for n in _FORMER_STANCE_MODULE if not n.startswith("_")]
_sys.modules.setdefault(_former.__name__, _former)
