"""Problem specification: the inputs of a sweep (levels, bounds or a distribution), units, constants.

A :class:`Problem` is written in Python or read from a TOML file; both go through the same checks, so a
malformed file gets the same teaching error as a malformed call, plus the file name and the key.

The *resolved* problem is a plain, JSON-ready dictionary with every default made explicit; its
SHA-256 (of canonical JSON: sorted keys, no spaces, shortest round-trip floats) identifies the
problem in provenance records and checkpoints.

Problem file format (TOML)::

    name = "cadence"                       # optional, for labels and provenance
    description = "step rate at 3 speeds"  # optional
    model = "stance"                       # optional: a named model of pfsim.models
                                           # (what `pfsim sweep problem.toml` evaluates)

    [model_options]                        # optional: keywords fixed for the model (text, numbers,
    area_fit = "salsich2003"               # true/false), e.g. a fit name; recorded in provenance

    [outputs]                              # optional: outputs kept, with units
    peak_stress_MPa = "MPa"                # (or at top level: outputs = ["peak_stress_MPa"])

    [design]                               # optional default design
    method = "sobol"                       # "grid", "lhs", "sobol" or "saltelli" (Sobol' indices:
                                           # pfsim analyze OUT.csv)
    n = 1024                               # scenarios (lhs, sobol; a power of two for sobol);
                                           # base samples for saltelli: n × (inputs + 2) scenarios
    seed = 42                              # recorded in every output
    num = 5                                # grid levels for inputs with bounds/distribution

    [constants]                            # passed unchanged with every chunk
    body_mass_kg = 70.0

    [inputs.step_rate_spm]                 # one table per swept input, in axis order
    unit = "steps/min"
    bounds = [150.0, 190.0]                # exactly one of bounds, levels, distribution
    baseline = 170.0                       # optional (tornado); default: centre
    num = 9                                # optional grid levels for this input

    [inputs.speed_m_s]
    unit = "m/s"
    levels = [2.5, 3.0, 3.5]

    [inputs.body_height_m]
    unit = "m"
    distribution = { name = "norm", loc = 1.75, scale = 0.08 }   # scipy.stats name + parameters
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..examples import resolve as resolve_example
from ..io import atomic_write_text, read_toml, shorten, toml_value
from ..io.provenance import canonical_json, sha256_of  # noqa: F401 - public here too (__all__)

__all__ = [
    "COMMON_DISTRIBUTIONS",
    "DESIGN_METHODS",
    "Input",
    "Problem",
    "ProblemError",
    "canonical_json",
    "sha256_of",
]

#: Methods a ``[design]`` table may name (see :func:`pfsim.sweep.make_design`).
DESIGN_METHODS = ("grid", "lhs", "sobol", "saltelli")

#: Distributions most often used for input uncertainty, with their scipy.stats parameters. Any
#: continuous distribution of :mod:`scipy.stats` is accepted; these are listed in error messages.
COMMON_DISTRIBUTIONS = {
    "norm": ("loc", "scale"),
    "truncnorm": ("a", "b", "loc", "scale"),
    "lognorm": ("s", "loc", "scale"),
    "uniform": ("loc", "scale"),
    "loguniform": ("a", "b", "loc", "scale"),
    "triang": ("c", "loc", "scale"),
    "beta": ("a", "b", "loc", "scale"),
    "gamma": ("a", "loc", "scale"),
    "weibull_min": ("c", "loc", "scale"),
}

_INPUT_KEYS = ("unit", "levels", "bounds", "distribution", "baseline", "num", "description")
_TOP_KEYS = (
    "name",
    "description",
    "model",
    "model_options",
    "outputs",
    "constants",
    "design",
    "inputs",
)
_DESIGN_KEYS = ("method", "n", "seed", "num")


#: Longest problem name (UTF-8 bytes): it names the output files (``<name>.csv``, ``.<name>.csv.*.tmp``
#: while writing, ``.checkpoints/<name>``), which must stay under the 255-byte file-name limit.
MAX_NAME_BYTES = 100


def _check_name(name: str, where: str) -> None:
    """Refuse, before anything is created, a name too long or with characters unusable in a file name.

    Other characters (spaces, punctuation) become ``_`` in the file names
    (:func:`pfsim.models.output_stem`).
    """
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        shown = name[:40] + "..."
        raise ProblemError(
            f"{where}: 'name' {shown!r} is {size} bytes long; at most {MAX_NAME_BYTES} (it names "
            "the output files); give a shorter name."
        )
    bad = sorted({c for c in name if c in "/\\" or not c.isprintable()})
    if bad:
        raise ProblemError(
            f"{where}: 'name' {name!r} contains {', '.join(map(repr, bad))}, which cannot be part "
            "of a file name (it names the output files); use letters, digits, '_', '-' or '.'."
        )


class ProblemError(ValueError):
    """A problem specification (Python or TOML file) is malformed; the message says how to fix it."""


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _number(v, where: str, key: str) -> float:
    if not _is_number(v):
        raise ProblemError(
            f"{where}: '{key}' must be a number (got {shorten(v)} of type {type(v).__name__})."
        )
    f = float(v)
    if not math.isfinite(f):
        raise ProblemError(f"{where}: '{key}' must be finite (got {shorten(f)}).")
    return f


def _identifier(name, where: str, what: str) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise ProblemError(
            f"{where}: {what} name {shorten(name)} is not a valid Python identifier; it is passed to the "
            "function as a keyword argument, so use letters, digits and underscores with the unit as "
            "a suffix (e.g. 'step_rate_spm', 'body_mass_kg')."
        )
    return name


def _dist_params(dist_name: str, where: str) -> tuple[Any, tuple[str, ...]]:
    """The scipy.stats distribution object called ``dist_name`` and its parameter names."""
    import scipy.stats

    obj = getattr(scipy.stats, dist_name, None) if isinstance(dist_name, str) else None
    if not isinstance(obj, scipy.stats.rv_continuous):
        raise ProblemError(
            f"{where}: unknown distribution {shorten(dist_name)}; use one of "
            f"{', '.join(COMMON_DISTRIBUTIONS)} (or any continuous distribution of scipy.stats), "
            'e.g. distribution = {name = "norm", loc = 70.0, scale = 10.0}.'
        )
    shapes = tuple(s.strip() for s in obj.shapes.split(",")) if obj.shapes else ()
    return obj, shapes + ("loc", "scale")


def _distribution_spec(value, where: str) -> dict:
    """Normalise a frozen scipy distribution or a ``{"name": ..., params}`` mapping to a spec dict."""
    if hasattr(value, "dist") and hasattr(value, "ppf") and hasattr(value, "args"):
        dist_name = getattr(value.dist, "name", None)
        _, params = _dist_params(dist_name, where)
        given = dict(zip(params, value.args, strict=False))
        for k, v in value.kwds.items():
            given[k] = v
        spec = {"name": dist_name}
        spec.update({k: given[k] for k in params if k in given})
    elif isinstance(value, Mapping):
        if "name" not in value:
            raise ProblemError(
                f"{where}: 'distribution' needs a 'name' (one of {', '.join(COMMON_DISTRIBUTIONS)}), "
                'e.g. distribution = {name = "norm", loc = 70.0, scale = 10.0}.'
            )
        spec = dict(value)
    else:
        raise ProblemError(
            f"{where}: 'distribution' must be a frozen scipy.stats distribution (e.g. "
            "scipy.stats.norm(70, 10)) or a table with a name and its parameters "
            f"(got {shorten(value)})."
        )
    dist_name = spec.pop("name")
    obj, params = _dist_params(dist_name, where)
    unknown = sorted(set(spec) - set(params))
    if unknown:
        raise ProblemError(
            f"{where}: distribution {shorten(dist_name)} has no parameter {', '.join(map(shorten, unknown))}; "
            f"its parameters are {', '.join(params)}."
        )
    missing = [p for p in params if p not in ("loc", "scale") and p not in spec]
    if missing:
        raise ProblemError(
            f"{where}: distribution {shorten(dist_name)} needs the shape parameter(s) "
            f"{', '.join(missing)} (parameters: {', '.join(params)})."
        )
    out = {"name": dist_name}
    for p in params:
        if p in spec:
            out[p] = _number(spec[p], where, f"distribution.{p}")
    frozen = obj(**{k: v for k, v in out.items() if k != "name"})
    with np.errstate(all="ignore"):
        q = frozen.ppf([0.25, 0.5, 0.75])
    if not np.all(np.isfinite(q)):
        raise ProblemError(
            f"{where}: the parameters of distribution {shorten(dist_name)} are invalid "
            f"({ {k: v for k, v in out.items() if k != 'name'} }); e.g. scale must be positive."
        )
    return out


def _check_one_kind(inp, where: str) -> None:
    """Raise unless exactly one of ``levels``, ``bounds`` and ``distribution`` of ``inp`` is given."""
    given = [k for k in ("levels", "bounds", "distribution") if getattr(inp, k) is not None]
    if len(given) != 1:
        raise ProblemError(
            f"{where}: give exactly one of 'levels', 'bounds' or 'distribution' "
            f"(got {', '.join(given) if given else 'none'}); e.g. bounds = [160.0, 190.0]."
        )


def _check_levels(lv, num, where: str) -> tuple[float, ...]:
    """The levels of an input as a tuple of distinct finite floats (no ``num`` alongside)."""
    if isinstance(lv, (str, bytes)) or not isinstance(lv, (Sequence, np.ndarray)):
        raise ProblemError(f"{where}: 'levels' must be a list of numbers (got {shorten(lv)}).")
    lv = tuple(_number(v, where, "levels") for v in lv)
    if not lv:
        raise ProblemError(f"{where}: 'levels' is empty; give at least one value.")
    if len(set(lv)) != len(lv):
        raise ProblemError(f"{where}: 'levels' has repeated values {list(lv)}; list each once.")
    if num is not None:
        raise ProblemError(
            f"{where}: 'num' applies to bounds or a distribution; with 'levels' the grid "
            "uses the levels as given. Remove 'num'."
        )
    return lv


def _check_bounds(b, where: str) -> tuple[float, float]:
    """The bounds of an input as ``(lower, upper)`` finite floats with lower < upper."""
    if isinstance(b, (str, bytes)) or not isinstance(b, (Sequence, np.ndarray)) or len(b) != 2:
        raise ProblemError(
            f"{where}: 'bounds' must be [lower, upper], two numbers (got {shorten(b)})."
        )
    lo, hi = (_number(v, where, "bounds") for v in b)
    if not lo < hi:
        raise ProblemError(
            f"{where}: lower bound must be less than the upper bound (got [{shorten(lo)}, {shorten(hi)}]); "
            "write bounds = [lower, upper], or use levels = [value] for a fixed value."
        )
    return lo, hi


def _check_num(num, where: str) -> int:
    """The number of grid levels of an input, a positive ``int``."""
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 1:
        raise ProblemError(f"{where}: 'num' must be a positive integer (got {shorten(num)}).")
    return int(num)


def _check_baseline(baseline, bounds, where: str) -> float:
    """The baseline of an input, a finite float within ``bounds`` (when given)."""
    base = _number(baseline, where, "baseline")
    if bounds is not None and not bounds[0] <= base <= bounds[1]:
        raise ProblemError(f"{where}: baseline {shorten(base)} lies outside bounds {list(bounds)}.")
    return base


@dataclass(frozen=True)
class Input:
    """One input of a sweep: its name, unit and exactly one of levels, bounds or distribution.

    Parameters
    ----------
    name : str
        Keyword under which the values are passed to the swept function; a Python identifier, with
        the unit as a suffix where the quantity is physical (``step_rate_spm``).
    unit : str, optional
        Unit, for labels and provenance (``"steps/min"``, ``"kg"``, ``"1"``).
    levels : sequence of float, optional
        Discrete values: the grid axis; in random designs each level is equally likely.
    bounds : (float, float), optional
        Lower and upper bound (lower < upper); sampled uniformly.
    distribution : frozen scipy.stats distribution or mapping, optional
        E.g. ``scipy.stats.norm(70, 10)`` or ``{"name": "norm", "loc": 70, "scale": 10}``; sampled
        through its percent-point function (ppf).
    baseline : float, optional
        The value held when other inputs vary (tornado). Default: the median of the levels, the
        midpoint of the bounds or the median of the distribution.
    num : int, optional
        Number of grid levels for bounds (evenly spaced, ends included) or a distribution (at the
        quantiles ``(i + 0.5) / num``).
    description : str, optional
        Free text.

    Examples
    --------
    >>> Input("step_rate_spm", unit="steps/min", levels=[160, 170, 180]).kind
    'levels'
    >>> Input("x1", bounds=(-3.14, 3.14)).baseline_value
    0.0
    """

    name: str
    unit: str = ""
    levels: tuple | None = None
    bounds: tuple | None = None
    distribution: Any = None
    baseline: float | None = None
    num: int | None = None
    description: str = ""
    _where: str = field(default="", repr=False, compare=False)

    def __post_init__(self):
        where = self._where or f"Input {self.name!r}"
        _identifier(self.name, where, "input")
        if not isinstance(self.unit, str):
            raise ProblemError(f"{where}: 'unit' must be a string (got {shorten(self.unit)}).")
        if not isinstance(self.description, str):
            raise ProblemError(f"{where}: 'description' must be a string.")
        _check_one_kind(self, where)
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen dataclass)
        if self.levels is not None:
            set_("levels", _check_levels(self.levels, self.num, where))
        if self.bounds is not None:
            set_("bounds", _check_bounds(self.bounds, where))
        if self.distribution is not None:
            set_("distribution", _distribution_spec(self.distribution, where))
        if self.num is not None:
            set_("num", _check_num(self.num, where))
        if self.baseline is not None:
            set_("baseline", _check_baseline(self.baseline, self.bounds, where))

    @property
    def kind(self) -> str:
        """``"levels"``, ``"bounds"`` or ``"distribution"``."""
        for k in ("levels", "bounds", "distribution"):
            if getattr(self, k) is not None:
                return k
        raise AssertionError  # pragma: no cover

    @functools.cached_property
    def frozen(self):
        """The frozen scipy.stats distribution (only for ``kind == "distribution"``).

        Made once per input and kept (freezing a scipy distribution builds a new distribution
        object, docstrings included: ~0.25 ms, once per input and chunk before issue 15).
        """
        import scipy.stats

        spec = dict(self.distribution)
        return getattr(scipy.stats, spec.pop("name"))(**spec)

    @property
    def baseline_value(self) -> float:
        """The given baseline, else the median level, bounds midpoint or distribution median."""
        if self.baseline is not None:
            return self.baseline
        if self.kind == "levels":
            return float(np.median(self.levels))
        if self.kind == "bounds":
            return 0.5 * (self.bounds[0] + self.bounds[1])
        return float(self.frozen.ppf(0.5))

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map points ``u`` of the unit interval to values of this input (1-D float array)."""
        u = np.asarray(u, dtype=np.float64)
        if self.kind == "bounds":
            lo, hi = self.bounds
            return lo + u * (hi - lo)
        if self.kind == "levels":
            lv = np.asarray(self.levels)
            idx = np.minimum((u * len(lv)).astype(np.int64), len(lv) - 1)
            return lv[idx]
        return np.asarray(self.frozen.ppf(u), dtype=np.float64)

    def grid_levels(self, num: int | None = None) -> tuple[float, ...]:
        """Levels of this input on a grid: its levels, or ``num`` points over bounds/distribution."""
        if self.kind == "levels":
            return self.levels
        num = self.num if self.num is not None else num
        if num is None:
            raise ProblemError(
                f"Input {self.name!r} has {self.kind} but no number of grid levels; give num = 5 "
                f"for this input (Input(..., num=5) or [inputs.{self.name}] num = 5), num = 5 in "
                "[design], or grid_design(problem, num=5)."
            )
        if self.kind == "bounds":
            return tuple(float(v) for v in np.linspace(*self.bounds, num))
        q = (np.arange(num) + 0.5) / num
        return tuple(float(v) for v in self.frozen.ppf(q))

    def resolved(self) -> dict:
        """JSON-ready description with every default explicit."""
        out = {"name": self.name, "unit": self.unit, "kind": self.kind}
        if self.kind == "levels":
            out["levels"] = list(self.levels)
        elif self.kind == "bounds":
            out["bounds"] = list(self.bounds)
        else:
            out["distribution"] = dict(self.distribution)
        out["baseline"] = self.baseline_value
        if self.num is not None:
            out["num"] = self.num
        if self.description:
            out["description"] = self.description
        return out


def _check_inputs(inputs, where: str) -> tuple:
    """The inputs of a problem as a non-empty tuple of :class:`Input` with distinct names."""
    if isinstance(inputs, Mapping):
        inputs = [_input_from_mapping(k, v, where) for k, v in inputs.items()]
    if isinstance(inputs, Input) or not isinstance(inputs, (Sequence, tuple)):
        raise ProblemError(f"{where}: 'inputs' must be a list of Input (got {shorten(inputs)}).")
    inputs = tuple(inputs)
    if not inputs:
        raise ProblemError(f"{where}: no inputs; a sweep needs at least one input to vary.")
    for inp in inputs:
        if not isinstance(inp, Input):
            raise ProblemError(f"{where}: every input must be an Input (got {shorten(inp)}).")
    names = [i.name for i in inputs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ProblemError(f"{where}: input name(s) {dup} given more than once.")
    return inputs


def _check_constants(constants, names, where: str) -> dict[str, float]:
    """The constants of a problem as ``{identifier: finite float}``, none of them a swept input."""
    if not isinstance(constants, Mapping):
        raise ProblemError(f"{where}: 'constants' must be a table of name = number.")
    consts = {}
    for k, v in constants.items():
        _identifier(k, f"{where} [constants]", "constant")
        if k in names:
            raise ProblemError(
                f"{where} [constants]: {shorten(k)} is also a swept input; keep it in one place."
            )
        if isinstance(v, str | bool):
            raise ProblemError(
                f"{where} [constants]: '{k}' must be a number (got {toml_value(v)}); a model "
                'setting given as text or true/false (e.g. samples = "all", frontal = false) '
                "belongs in [model_options]."
            )
        consts[k] = _number(v, f"{where} [constants]", k)
    return consts


def _check_outputs(outs, where: str) -> dict[str, str] | None:
    """The outputs of a problem as a non-empty ``{identifier: unit}``, or None (keep every one)."""
    if outs is None:
        return None
    if isinstance(outs, str):
        raise ProblemError(f"{where}: 'outputs' must be a list of names (got {shorten(outs)}).")
    if isinstance(outs, Mapping):
        items = list(outs.items())
    elif isinstance(outs, Sequence):
        items = [(o, "") for o in outs]
    else:
        raise ProblemError(f"{where}: 'outputs' must be a list of names or name = unit.")
    resolved = {}
    for k, unit in items:
        _identifier(k, f"{where} [outputs]", "output")
        if not isinstance(unit, str):
            raise ProblemError(f"{where} [outputs]: unit of {shorten(k)} must be a string.")
        resolved[k] = unit
    if not resolved:
        raise ProblemError(f"{where}: 'outputs' is empty; omit it to keep every output.")
    return resolved


@dataclass(frozen=True)
class Problem:
    """What to sweep: the inputs, the constants passed alongside, the outputs kept, a default design.

    Parameters
    ----------
    inputs : sequence of Input or mapping
        The swept inputs, in order (the order fixes the grid axes and the design columns). A mapping
        ``{name: {"bounds": [...], "unit": ...}}`` is accepted too.
    constants : mapping of str to float, optional
        Values passed unchanged to the function with every chunk (e.g. ``body_mass_kg=70``).
    outputs : sequence of str or mapping of str to str, optional
        Output names to keep, or ``{name: unit}``. Default: every output the function returns.
    name, description : str, optional
        For labels and provenance.
    model : str, optional
        Name of a registered model function (:data:`pfsim.models.MODELS`) that the problem is
        meant for; ``pfsim sweep`` evaluates it. Python callers may pass any function to
        :func:`run_sweep` instead.
    model_options : mapping of str to str, number or bool, optional
        Keywords fixed for the model (e.g. ``{"area_fit": "salsich2003"}``): settings that are not
        numbers to sweep. Recorded in the resolved problem.
    design : mapping, optional
        Default design: ``{"method": "grid" | "lhs" | "sobol" | "saltelli", "n": int, "seed": int,
        "num": int}``; for ``"saltelli"`` (Sobol' indices, ``pfsim analyze``) ``n`` counts base samples.

    Examples
    --------
    >>> p = Problem(
    ...     [Input("x1", bounds=(-np.pi, np.pi)), Input("x2", levels=[0.0, 1.0])],
    ...     constants={"a": 7.0},
    ...     outputs={"y": "1"},
    ... )
    >>> p.names
    ('x1', 'x2')
    >>> len(p.sha256)
    64
    """

    inputs: tuple
    constants: Mapping = field(default_factory=dict)
    outputs: Mapping | None = None
    name: str = "sweep"
    description: str = ""
    design: Mapping | None = None
    model: str | None = None
    model_options: Mapping | None = None
    source: str = field(default="", compare=False)

    def __post_init__(self):
        where = self.source or "Problem"
        inputs = _check_inputs(self.inputs, where)
        object.__setattr__(self, "inputs", inputs)
        names = [i.name for i in inputs]
        object.__setattr__(self, "constants", _check_constants(self.constants, names, where))
        object.__setattr__(self, "outputs", _check_outputs(self.outputs, where))

        for key in ("name", "description"):
            if not isinstance(getattr(self, key), str):
                raise ProblemError(f"{where}: '{key}' must be a string.")
        _check_name(self.name, where)
        if self.model is not None and (not isinstance(self.model, str) or not self.model):
            raise ProblemError(
                f"{where}: 'model' must be the name of a model, a string such as \"stance\" "
                f"(got {shorten(self.model)}); see pfsim.models.MODELS."
            )
        if self.model_options is not None:
            object.__setattr__(
                self,
                "model_options",
                _check_options(self.model_options, f"{where} [model_options]"),
            )

        if self.design is not None:
            object.__setattr__(self, "design", _check_design(self.design, f"{where} [design]"))

    # -- accessors -------------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """Input names, in order."""
        return tuple(i.name for i in self.inputs)

    @property
    def units(self) -> dict[str, str]:
        """Units of inputs and declared outputs, by name."""
        out = {i.name: i.unit for i in self.inputs}
        out.update(self.outputs or {})
        return out

    def __getitem__(self, name: str) -> Input:
        for i in self.inputs:
            if i.name == name:
                return i
        raise KeyError(f"no input {shorten(name)}; inputs are {', '.join(self.names)}.")

    def resolved(self) -> dict:
        """JSON-ready problem with every default explicit (what :attr:`sha256` hashes).

        ``model`` and ``model_options`` appear only when given, so the hash of a problem without
        them is the same as before they existed.
        """
        out = {
            "name": self.name,
            "description": self.description,
            "inputs": [i.resolved() for i in self.inputs],
            "constants": dict(self.constants),
            "outputs": None if self.outputs is None else dict(self.outputs),
            "design": None if self.design is None else dict(self.design),
        }
        if self.model is not None:
            out["model"] = self.model
        if self.model_options:
            out["model_options"] = dict(self.model_options)
        return out

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`resolved`: stable across runs and machines."""
        return sha256_of(self.resolved())

    # -- files -----------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping, source: str = "problem") -> Problem:
        """Build a problem from the nested mapping a TOML file parses to; errors name ``source``."""
        if not isinstance(data, Mapping):
            raise ProblemError(
                f"{source}: the problem must be a table (got {type(data).__name__})."
            )
        unknown = sorted(set(data) - set(_TOP_KEYS))
        if unknown:
            raise ProblemError(
                f"{source}: unknown key(s) {', '.join(map(shorten, unknown))} at top level; "
                f"allowed keys are {', '.join(_TOP_KEYS)}."
            )
        if "inputs" not in data:
            raise ProblemError(
                f"{source}: no [inputs.<name>] table; add one per swept input, e.g.\n"
                '  [inputs.step_rate_spm]\n  unit = "steps/min"\n  bounds = [150.0, 190.0]'
            )
        inputs = data["inputs"]
        if not isinstance(inputs, Mapping):
            raise ProblemError(
                f"{source}: 'inputs' must be tables [inputs.<name>] (got {type(inputs).__name__})."
            )
        parsed = [
            _input_from_mapping(k, v, f"{source}: [inputs.{k if len(k) <= 60 else shorten(k)}]")
            for k, v in inputs.items()
        ]
        for key in ("constants",):
            if key in data and not isinstance(data[key], Mapping):
                raise ProblemError(f"{source}: '{key}' must be a table [{key}] of name = number.")
        if "model_options" in data and not isinstance(data["model_options"], Mapping):
            raise ProblemError(
                f"{source}: 'model_options' must be a table [model_options] of name = value."
            )
        return cls(
            inputs=tuple(parsed),
            constants=data.get("constants", {}),
            outputs=data.get("outputs"),
            name=data.get("name", "sweep"),
            description=data.get("description", ""),
            design=data.get("design"),
            model=data.get("model"),
            model_options=data.get("model_options"),
            source=source,
        )

    @classmethod
    def from_toml(cls, path) -> Problem:
        """Read a problem from a TOML file, or the bundled problem of that name.

        ``path`` is a file's path or the name of a bundled problem (:mod:`pfsim.examples`:
        ``cadence_grid``, ``joint_facets``, ``runner_profile_sobol``; ``pfsim examples`` lists them).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> text = '''
        ... name = "demo"
        ... [inputs.x1]
        ... unit = "rad"
        ... bounds = [-3.0, 3.0]
        ... '''
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "p.toml"
        >>> _ = f.write_text(text)
        >>> Problem.from_toml(f).names
        ('x1',)
        >>> Problem.from_toml("cadence_grid").model
        'stance'
        """
        path = Path(resolve_example("problems", path))
        data = read_toml(path, what="problem file", error=ProblemError)
        return cls.from_dict(data, source=str(path))

    def to_toml(self) -> str:
        """The problem as TOML text that :meth:`from_toml` reads back to an equal problem."""
        lines = [f"name = {toml_value(self.name)}"]
        if self.description:
            lines.append(f"description = {toml_value(self.description)}")
        if self.model is not None:
            lines.append(f"model = {toml_value(self.model)}")
        if self.model_options:
            lines += ["", "[model_options]"] + [
                f"{k} = {toml_value(v)}" for k, v in self.model_options.items()
            ]
        if self.outputs is not None:
            lines += ["", "[outputs]"] + [f"{k} = {toml_value(v)}" for k, v in self.outputs.items()]
        if self.design is not None:
            lines += ["", "[design]"] + [f"{k} = {toml_value(v)}" for k, v in self.design.items()]
        if self.constants:
            lines += ["", "[constants]"]
            lines += [f"{k} = {toml_value(v)}" for k, v in self.constants.items()]
        for inp in self.inputs:
            lines += ["", f"[inputs.{inp.name}]"]
            if inp.unit:
                lines.append(f"unit = {toml_value(inp.unit)}")
            for key in ("levels", "bounds", "baseline", "num", "description"):
                v = getattr(inp, key)
                if v is not None and v != "":
                    lines.append(f"{key} = {toml_value(v)}")
            if inp.distribution is not None:
                lines.append(f"distribution = {toml_value(inp.distribution)}")
        return "\n".join(lines) + "\n"

    def write_toml(self, path) -> Path:
        """Write :meth:`to_toml` atomically to ``path``."""
        return atomic_write_text(path, self.to_toml())


def _input_from_mapping(name, spec, where: str) -> Input:
    if isinstance(spec, Input):
        return spec
    if not isinstance(spec, Mapping):
        raise ProblemError(
            f"{where}: an input must be a table with keys among {', '.join(_INPUT_KEYS)} "
            f"(got {shorten(spec)})."
        )
    unknown = sorted(set(spec) - set(_INPUT_KEYS))
    if unknown:
        raise ProblemError(
            f"{where}: unknown key(s) {', '.join(map(shorten, unknown))}; allowed keys are "
            f"{', '.join(_INPUT_KEYS)}."
        )
    return Input(name=name, _where=where, **spec)


def _check_options(options, where: str) -> dict:
    if not isinstance(options, Mapping):
        raise ProblemError(
            f"{where}: must be a table of name = value (text, number or true/false)."
        )
    out = {}
    for k, v in options.items():
        _identifier(k, where, "option")
        if isinstance(v, (bool, str)):
            out[k] = v
        elif isinstance(v, (int, np.integer)):
            out[k] = int(v)
        elif _is_number(v):
            out[k] = _number(v, where, k)
        else:
            raise ProblemError(
                f"{where}: {shorten(k)} must be text, a number or true/false (got {shorten(v)}); arrays to vary "
                "belong in [inputs.<name>]."
            )
    return out


def _check_design(design, where: str) -> dict:
    if not isinstance(design, Mapping):
        raise ProblemError(f"{where}: must be a table with keys among {', '.join(_DESIGN_KEYS)}.")
    unknown = sorted(set(design) - set(_DESIGN_KEYS))
    if unknown:
        raise ProblemError(
            f"{where}: unknown key(s) {', '.join(map(shorten, unknown))}; allowed keys are "
            f"{', '.join(_DESIGN_KEYS)}."
        )
    out = {}
    method = design.get("method")
    if method is not None:
        if method not in DESIGN_METHODS:
            raise ProblemError(
                f"{where}: method {shorten(method)} is not known; allowed values are "
                f"{', '.join(map(repr, DESIGN_METHODS))}."
            )
        out["method"] = method
    for key in ("n", "seed", "num"):
        if key in design:
            v = design[key]
            low = 0 if key == "seed" else 1
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
                kind = "a non-negative" if key == "seed" else "a positive"
                raise ProblemError(f"{where}: '{key}' must be {kind} integer (got {shorten(v)}).")
            out[key] = int(v)
    return out
