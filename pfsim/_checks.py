"""Input checking shared by every public function.

Errors teach (``../STYLE.md``): each message names the argument, what was wrong and how to fix it.
Structural misuse raises :class:`ValueError`; values outside a fit's data range are handled by the
fit (NaN and one :class:`PfsimRangeWarning`, unless an extrapolation is chosen).
"""

from __future__ import annotations

import functools
import os
import sys
import warnings

import numpy as np

__all__ = [
    "HistoryGapWarning",
    "PfsimRangeWarning",
    "PfsimUnitWarning",
    "PfsimWarning",
    "renamed_arguments",
    "warn",
    "as_float_array",
    "check_angle_deg",
    "check_bounds",
    "check_broadcast",
    "check_per_scenario_inputs",
    "env_switch",
]


class PfsimWarning(UserWarning):
    """Base of every warning pfsim gives.

    ``warnings.simplefilter("error", PfsimWarning)`` turns them all into errors, ``"ignore"``
    silences them all.
    """


class PfsimRangeWarning(PfsimWarning):
    """A value lies outside the data range of a fit; the result there is NaN (or extrapolated)."""


class PfsimUnitWarning(PfsimWarning):
    """An input looks as if it was given in the wrong unit (e.g. radians where degrees are expected)."""


class HistoryGapWarning(PfsimWarning):
    """A training history has a gap (missing weeks or dates): the capacity decays through it."""


#: The package's own folder: frames in files below it are pfsim's, not the caller's.
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str, category: type[Warning] = PfsimWarning) -> None:
    """Give a warning attributed to the first line outside pfsim that led to it.

    The warning's file and line are the user's call (a script, a notebook cell, a test), however
    deep inside pfsim the problem was found, so no function needs a hand-counted ``stacklevel``.
    Called from pfsim's own command line, every frame is pfsim's, and the warning is attributed to
    the outermost of them.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("a message", PfsimRangeWarning)
    >>> caught[0].category.__name__, caught[0].filename == __file__
    ('PfsimRangeWarning', False)
    """
    frame = sys._getframe(1)
    level = 2  # stacklevel 2 is warn()'s caller
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def renamed_arguments(**old_to_new: str):
    """Decorator: keyword arguments renamed to one name per quantity keep working for a release.

    An old keyword gives a ``DeprecationWarning`` at the caller's line and is passed on under its
    new name; giving both is a ``TypeError``.

    Examples
    --------
    >>> @renamed_arguments(mass_kg="body_mass_kg")
    ... def weight_N(body_mass_kg):
    ...     return 10.0 * body_mass_kg
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     weight_N(mass_kg=10.0)
    100.0
    >>> caught[0].category.__name__
    'DeprecationWarning'
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(
                            f"{func.__name__}() got {old}= and {new}=, the same quantity; give "
                            f"only {new}=."
                        )
                    warn(
                        f"{func.__name__}(): {old}= is deprecated, use {new}= (one name per "
                        f"quantity); {old}= will be removed in a future release.",
                        DeprecationWarning,
                    )
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate


def _holds_text_or_bool(raw: np.ndarray) -> bool:
    """Whether an array (of any dtype) holds text or true/false, which numpy would read as numbers."""
    if raw.dtype.kind in "bUS":
        return True
    return raw.dtype.kind == "O" and any(
        isinstance(v, str | bytes | bool | np.bool_) for v in raw.ravel()
    )


def _not_numbers(value, name: str) -> ValueError:
    return ValueError(f"{name} must be a number or an array of numbers (got {value!r}).")


def as_float_array(value, name: str, copy: bool = False, allow_nan: bool = False) -> np.ndarray:
    """Convert ``value`` (scalar, list, array) to a float64 array, or raise a ValueError naming ``name``.

    NaN is refused: a NaN input is a missing value the caller must decide about, never something the
    model silently passes through. A numpy masked array is refused for the same reason: converting it
    would silently use the values hidden under the mask. ``copy=True`` always returns a new array
    (for inputs that a result hands back, so that mutating the result cannot change the caller's data).
    ``allow_nan=True`` passes NaN through (for a function that gives NaN out with one warning
    itself); infinite values are refused either way.
    """
    if isinstance(value, np.ma.MaskedArray):
        n = int(np.ma.count_masked(value))
        raise ValueError(
            f"{name} is a numpy masked array ({n} of {value.size} values masked); pfsim does not "
            "read masks, so the hidden values would be used silently. Pass a plain array: drop the "
            f"masked values ({name}.compressed()) or fill them ({name}.filled(value))."
        )
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged
        raise _not_numbers(value, name) from None
    if _holds_text_or_bool(raw):
        what = "true/false" if raw.dtype.kind == "b" else "text"
        raise ValueError(
            f"{name} must be a number or an array of numbers, not {what} (got {value!r}); "
            "pass the number itself (e.g. 170, not '170'; 1.0, not True)."
        )
    try:  # one conversion: a list is a new array already; an array is copied only if asked
        arr = raw.astype(np.float64, copy=copy)
    except (TypeError, ValueError):
        raise _not_numbers(value, name) from None
    if arr.size:
        # min/max propagate NaN, so two reductions find NaN, +-inf and the range at once.
        lo, hi = arr.min(), arr.max()
        if allow_nan and (np.isnan(lo) or np.isnan(hi)):
            lo, hi = np.nanmin(arr, initial=0.0), np.nanmax(arr, initial=0.0)
        if np.isnan(lo) or np.isnan(hi):
            n = int(np.isnan(arr).sum())
            raise ValueError(
                f"{name} contains NaN ({n} of {arr.size} values); remove or fill the missing values "
                "before calling pfsim."
            )
        if np.isinf(lo) or np.isinf(hi):
            raise ValueError(f"{name} contains an infinite value; pass finite numbers.")
    return arr


def check_broadcast(**named) -> tuple[int, ...]:
    """The broadcast shape of the named array arguments, or a ValueError naming them and their shapes.

    Call it before any arithmetic, so that a shape mistake is reported with the caller's argument
    names instead of numpy's "operands could not be broadcast together". An argument whose shape
    cannot be read (a ragged list) is skipped here and refused later by :func:`as_float_array`.

    Examples
    --------
    >>> check_broadcast(knee_flexion_deg=[0.0, 30.0], quad_force_N=1000.0)
    (2,)
    """
    shapes = {}
    for name, value in named.items():
        try:
            shapes[name] = np.shape(value)
        except ValueError:
            continue
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError:
        pass
    listed = ", ".join(f"{n} has shape {s}" for n, s in shapes.items() if s != ())
    first = next(n for n, s in shapes.items() if s != ())
    raise ValueError(
        f"the array arguments do not broadcast together ({listed}). Give paired states arrays of the "
        "same shape, or make a grid by adding an axis to one of them, e.g. "
        f"np.asarray({first})[:, None] (numpy broadcasting rules)."
    ) from None


def check_per_scenario_inputs(named: dict, scenario_shape: tuple, n_samples: int) -> None:
    """Inputs that meet arrays of ``scenario_shape + (n_samples,)`` (a stance's joint-model states).

    A value per scenario needs a trailing sample axis (shape ``S + (1,)``). One that does not
    broadcast is a ValueError naming it and that fix (instead of numpy's, or a message about the
    knee angle's shape, which the caller did not give). One of exactly the scenario shape whose
    last axis happens to equal ``n_samples`` would be read per *sample*: one
    :class:`PfsimWarning` says so (the silent misreading this guards against).
    """
    states = (*scenario_shape, n_samples)
    for name, value in named.items():
        try:
            shape = np.shape(value) if isinstance(value, np.ndarray | list | tuple) else ()
        except ValueError:  # ragged: refused with its name by as_float_array later
            continue
        if not shape:
            continue
        try:
            np.broadcast_shapes(shape, states)
        except ValueError:
            raise ValueError(
                f"{name} has shape {shape}, which does not broadcast with the stance's states, "
                f"shape {states} ({n_samples} samples over stance per scenario): give a value per "
                f"scenario a trailing sample axis, np.asarray({name})[..., None] (shape "
                f"{(*scenario_shape, 1)})."
            ) from None
        if shape == tuple(scenario_shape) and shape[-1] == n_samples:
            warn(
                f"{name} has the scenario shape {shape}, whose last axis equals the {n_samples} "
                f"samples over stance: it is read as one value per sample, not per scenario. For "
                f"one value per scenario give np.asarray({name})[..., None].",
                PfsimWarning,
            )


def check_bounds(
    arr: np.ndarray, name: str, lo: float, hi: float, unit: str, hint: str = ""
) -> None:
    """Raise ValueError if any value of ``arr`` lies outside the physically possible ``[lo, hi]``."""
    if arr.size == 0:
        return
    amin, amax = float(arr.min()), float(arr.max())
    if amin < lo or amax > hi:
        bad = amin if amin < lo else amax
        msg = f"{name} must lie between {lo:g} and {hi:g} {unit} (got {bad:g})." + (
            f" {hint}" if hint else ""
        )
        raise ValueError(msg)


#: Body mass pfsim models [kg]: runners from adolescents up. The stance geometry and the spring-mass
#: relations come from adult runners (Morin et al. 2005 J Appl Biomech 21:167; Fukuchi et al. 2017
#: PeerJ 5:e3298, 47-93 kg), so a mass below 20 kg is an input error (wrong unit, wrong column), and
#: near zero it would overflow the per-kg and body-weight conversions.
BODY_MASS_LIMITS_KG = (20.0, 400.0)


#: Physically possible knee flexion [deg]: hyperextension to deep flexion. Values outside are
#: input errors (wrong unit, wrong column), not states a fit could be extrapolated to.
KNEE_FLEXION_LIMITS_DEG = (-30.0, 170.0)


def check_angle_deg(arr: np.ndarray, name: str = "knee_flexion_deg") -> None:
    """Check a knee angle array in degrees: possible range, and a radians guard.

    Raises ValueError outside :data:`KNEE_FLEXION_LIMITS_DEG`; warns (:class:`PfsimUnitWarning`) when
    every value has magnitude below 2.2 and at least one is non-zero, the signature of radians
    (2.2 rad = 126 deg).
    """
    lo, hi = KNEE_FLEXION_LIMITS_DEG
    check_bounds(
        arr,
        name,
        lo,
        hi,
        "deg",
        hint="Angles are in degrees, 0 at full extension, flexion positive.",
    )
    if arr.size:
        amax = float(np.abs(arr).max())
        if 0.0 < amax < 2.2:
            warn(
                f"{name} must be in degrees (got values up to {amax:.3g}; did you pass radians? "
                "Use numpy.degrees() to convert).",
                PfsimUnitWarning,
            )


#: Spellings of an on/off environment variable of pfsim (case-insensitive, spaces ignored).
ENV_ON, ENV_OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_switch(name: str, default: bool, on: str, off: str) -> bool:
    """An on/off environment variable: 1/true/yes/on or 0/false/no/off; unset or empty: ``default``.

    Any other value raises a ValueError naming the variable and both settings (``on`` and ``off``
    say what each does), so that a spelling such as ``off`` never silently means on.

    Examples
    --------
    >>> import os
    >>> os.environ["PFSIM_EXAMPLE"] = " Off "
    >>> env_switch("PFSIM_EXAMPLE", True, "on", "off")
    False
    >>> del os.environ["PFSIM_EXAMPLE"]
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ENV_ON + ENV_OFF:
        return value in ENV_ON
    raise ValueError(
        f"{name} must be 1 ({on}; also true/yes/on) or 0 ({off}; also false/no/off), got {value!r}."
    )
