"""Designs: the scenarios of a sweep, generated chunk by chunk so that memory stays bounded.

A :class:`Design` knows, for each row index ``r`` in ``[0, n)``, the value of every input. Grid and
Sobol' designs compute any block of rows on demand (index arithmetic; ``Sobol.fast_forward``); a
Latin hypercube is drawn whole by :class:`scipy.stats.qmc.LatinHypercube` (``n x d`` floats, so use
Sobol' beyond ~10⁸ values). Row ``r`` never depends on the chunk it is evaluated in, which is what makes
results independent of chunk size and executor.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np

from .._checks import PfsimWarning, warn
from ..io import sha256_of
from ._memory import check_memory
from .problem import Problem, ProblemError

__all__ = [
    "MAX_SCENARIOS",
    "Design",
    "design_from_arrays",
    "grid_design",
    "lhs_design",
    "make_design",
    "oat_design",
    "resolve_seed",
    "saltelli_design",
    "sobol_design",
]

#: The largest design a sweep runs: row numbers stay exact as float64 and as int64 indices. A
#: larger grid (a product of levels that overflows) is refused when it is built, before any work.
MAX_SCENARIOS = 2**53


def resolve_seed(rng) -> int:
    """An integer seed from ``rng`` (None, int or :class:`numpy.random.Generator`), for the record.

    ``None`` draws fresh OS entropy, so the run is random yet reproducible from the recorded seed; a
    Generator gives one draw from it.

    Examples
    --------
    >>> resolve_seed(42)
    42
    """
    if rng is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return int(rng)
    raise ValueError(
        f"rng must be None, a non-negative int seed or a numpy.random.Generator (got {rng!r})."
    )


class Design:
    """Scenarios of a sweep: ``n`` rows, one value per input per row, plus the problem's constants.

    Build one with :func:`grid_design`, :func:`lhs_design`, :func:`sobol_design`,
    :func:`saltelli_design`, :func:`oat_design`, :func:`design_from_arrays` or :func:`make_design`.

    Attributes
    ----------
    problem : Problem or None
    method : str
        ``"grid"``, ``"lhs"``, ``"sobol"``, ``"saltelli"``, ``"oat"`` or ``"arrays"``.
    n : int
        Number of scenarios (rows).
    seed : int or None
        The seed the design was drawn with (None for deterministic designs).
    names : tuple of str
        Input names, in column order.
    """

    method = "abstract"

    def __init__(self, problem: Problem | None, n: int, seed: int | None = None):
        self.problem = problem
        self.n = int(n)
        if self.n > MAX_SCENARIOS:
            raise ValueError(
                f"the {self.method} design has {self.n:.3g} scenarios, more than a sweep can index "
                f"(at most 2**53 = {MAX_SCENARIOS:.3g}); use fewer levels (num) or inputs, or a "
                "random design (lhs_design, sobol_design) with a smaller n."
            )
        self.seed = seed
        self.names = problem.names if problem is not None else ()

    # -- to be provided by subclasses ------------------------------------------------------------
    def _rows(self, start: int, stop: int) -> dict[str, np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def _params(self) -> dict:
        return {}

    # -- public ----------------------------------------------------------------------------------
    @property
    def constants(self) -> dict[str, float]:
        """Constants passed with every chunk."""
        return dict(self.problem.constants) if self.problem is not None else {}

    @property
    def units(self) -> dict[str, str]:
        """Units by input (and declared output) name."""
        return self.problem.units if self.problem is not None else {}

    def chunk(self, start: int, stop: int, constants: bool = True) -> dict[str, np.ndarray]:
        """Inputs of rows ``start`` to ``stop - 1`` as 1-D float arrays (constants as full arrays).

        Examples
        --------
        >>> from pfsim.sweep import Input, Problem, grid_design
        >>> d = grid_design(Problem([Input("a", levels=[1, 2]), Input("b", levels=[10, 20, 30])]))
        >>> d.chunk(0, 4)["b"]
        array([10., 20., 30., 10.])
        """
        if not 0 <= start <= stop <= self.n:
            raise ValueError(
                f"rows must satisfy 0 <= start <= stop <= {self.n} (got {start}, {stop})."
            )
        out = self._rows(start, stop)
        if constants:
            for k, v in self.constants.items():
                out[k] = np.full(stop - start, v)
        return out

    def inputs(self) -> dict[str, np.ndarray]:
        """Every row of every swept input (``n`` values each)."""
        return self.chunk(0, self.n, constants=False)

    def resolved(self) -> dict:
        """JSON-ready record of the design: problem, method, size, seed and method parameters."""
        return {
            "problem": None if self.problem is None else self.problem.resolved(),
            "method": self.method,
            "n": self.n,
            "seed": self.seed,
            **self._params(),
        }

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`resolved`."""
        return sha256_of(self.resolved())

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        seed = f", seed={self.seed}" if self.seed is not None else ""
        return f"<{type(self).__name__} {self.method} n={self.n} inputs={list(self.names)}{seed}>"


class _GridDesign(Design):
    method = "grid"

    def __init__(self, problem: Problem, levels: list[tuple[float, ...]]):
        self.levels = [np.asarray(lv, dtype=np.float64) for lv in levels]
        self.shape = tuple(len(lv) for lv in levels)
        super().__init__(problem, math.prod(self.shape))

    def _rows(self, start, stop):
        idx = np.unravel_index(np.arange(start, stop), self.shape)
        return {n: lv[i] for n, lv, i in zip(self.names, self.levels, idx, strict=True)}

    def _params(self):
        return {"levels": {n: lv.tolist() for n, lv in zip(self.names, self.levels, strict=True)}}


class _UnitSampleDesign(Design):
    """Points of the unit hypercube mapped through each input (bounds, levels or ppf)."""

    def _unit(self, start, stop) -> np.ndarray:  # (stop - start, d)
        raise NotImplementedError  # pragma: no cover

    def _rows(self, start, stop):
        u = self._unit(start, stop)
        return {inp.name: inp.from_unit(u[:, j]) for j, inp in enumerate(self.problem.inputs)}


class _LHSDesign(_UnitSampleDesign):
    method = "lhs"

    def __init__(self, problem, n, seed):
        from scipy.stats import qmc

        super().__init__(problem, n, seed)
        d = len(problem.inputs)
        check_memory(
            3 * n * d * 8,  # the unit sample and the draw's temporaries
            f"a Latin hypercube of n={n:,} scenarios x {d} inputs (drawn whole)",
            "use a smaller n, or sobol_design (drawn chunk by chunk)",
        )
        self._u = qmc.LatinHypercube(d=d, rng=np.random.default_rng(seed)).random(n)

    def _unit(self, start, stop):
        return self._u[start:stop]


def _sobol_engine(d: int, seed: int, bits: int):
    from scipy.stats import qmc

    return qmc.Sobol(d=d, scramble=True, bits=bits, rng=np.random.default_rng(seed))


def _draw(engine, m: int) -> np.ndarray:
    with warnings.catch_warnings():
        # The balance warning concerns the whole sample; sobol_design checks n once.
        warnings.simplefilter("ignore", UserWarning)
        return engine.random(m)


def _skip(engine, k: int, block: int = 1 << 20) -> None:
    """Advance ``engine`` by ``k`` points (``fast_forward``; by drawing in blocks where it fails)."""
    if not k:
        return
    try:
        engine.fast_forward(k)
    except ValueError:
        # scipy 1.17: fast_forward raises a dtype error for bits=64; drawing is equivalent.
        while k:
            m = min(k, block)
            _draw(engine, m)
            k -= m


def _sobol_unit(d: int, seed: int, start: int, stop: int, bits: int = 30) -> np.ndarray:
    """Rows ``start:stop`` of the scrambled Sobol' sequence of dimension ``d`` drawn with ``seed``."""
    engine = _sobol_engine(d, seed, bits)
    _skip(engine, start)
    return _draw(engine, stop - start)


class _SobolDesign(_UnitSampleDesign):
    method = "sobol"

    def __init__(self, problem, n, seed):
        super().__init__(problem, n, seed)
        # 30 bits (scipy's default) serve 2**30 points and fast-forward; beyond, 64 bits.
        self.bits = 30 if n <= 2**30 else 64
        self._engine, self._pos = None, -1

    def _unit(self, start, stop):
        # Chunks are usually asked for in order: keep the engine where the last chunk ended.
        if self._engine is None or start != self._pos:
            self._engine = _sobol_engine(len(self.names), self.seed, self.bits)
            _skip(self._engine, start)
        u = _draw(self._engine, stop - start)
        self._pos = stop
        return u

    def _params(self):
        return {"bits": self.bits}


class _SaltelliDesign(Design):
    """Rows ``[A; B; AB_1; ...; AB_d]`` of Saltelli et al. (2010), as scipy.stats.sobol_indices."""

    method = "saltelli"

    def __init__(self, problem, n_base, seed):
        d = len(problem.inputs)
        super().__init__(problem, n_base * (d + 2), seed)
        self.n_base = n_base
        check_memory(
            2 * n_base * 2 * d * 8,  # the base sample and its draw
            f"a Saltelli design of n={n_base:,} base samples x {2 * d} columns (drawn whole)",
            "use a smaller n",
        )
        # (n_base, 2d): A | B, drawn as scipy.stats.sobol_indices does (bits=64)
        self._base = _sobol_unit(2 * d, seed, 0, n_base, bits=64)

    def _rows(self, start, stop):
        d, nb = len(self.names), self.n_base
        r = np.arange(start, stop)
        block, j = np.divmod(r, nb)
        out = {}
        for i, inp in enumerate(self.problem.inputs):
            # column i from B in block 1 (matrix B) and in block 2 + i (AB_i), from A elsewhere
            from_b = (block == 1) | (block == 2 + i)
            u = np.where(from_b, self._base[j, d + i], self._base[j, i])
            out[inp.name] = inp.from_unit(u)
        return out

    def _params(self):
        return {"n_base": self.n_base}


class _OATDesign(Design):
    """Baseline, then each input at its low and high value with the others at baseline."""

    method = "oat"

    def __init__(self, problem, baseline, low, high, quantiles):
        d = len(problem.inputs)
        super().__init__(problem, 1 + 2 * d)
        self.baseline, self.low, self.high = baseline, low, high
        self.quantiles = quantiles
        table = np.tile(np.array([baseline[n] for n in self.names]), (self.n, 1))
        for i, name in enumerate(self.names):
            table[1 + 2 * i, i] = low[name]
            table[2 + 2 * i, i] = high[name]
        self._table = table

    def _rows(self, start, stop):
        return {n: self._table[start:stop, i].copy() for i, n in enumerate(self.names)}

    def _params(self):
        return {
            "baseline": self.baseline,
            "low": self.low,
            "high": self.high,
            "quantiles": list(self.quantiles),
        }


class _ArrayDesign(Design):
    method = "arrays"

    def __init__(self, arrays: dict[str, np.ndarray], problem, units):
        n = len(next(iter(arrays.values())))
        super().__init__(problem, n)
        self.names = tuple(arrays)
        self._arrays = arrays
        self._units = dict(units or {})

    @property
    def units(self):
        out = super().units
        out.update(self._units)
        return out

    def _rows(self, start, stop):
        return {k: v[start:stop].copy() for k, v in self._arrays.items()}

    def _params(self):
        import hashlib

        h = hashlib.sha256()
        for k, v in self._arrays.items():
            h.update(k.encode())
            h.update(np.ascontiguousarray(v).tobytes())
        return {"names": list(self.names), "units": self._units, "arrays_sha256": h.hexdigest()}


# -- constructors ---------------------------------------------------------------------------------
def _check_problem(problem, fn: str) -> Problem:
    if not isinstance(problem, Problem):
        raise TypeError(
            f"{fn} needs a pfsim.sweep.Problem (got {type(problem).__name__}); build one with "
            "Problem([Input(...), ...]) or Problem.from_toml(path)."
        )
    return problem


def _check_n(n, fn: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{fn}: n must be a positive integer number of scenarios (got {n!r}).")
    return int(n)


def grid_design(problem: Problem, num: int | None = None) -> Design:
    """Full factorial grid: every combination of the inputs' levels, first input slowest.

    Parameters
    ----------
    problem : Problem
    num : int, optional
        Levels for inputs given by bounds or distribution that set no ``num`` of their own
        (default: the problem's ``[design] num``).

    Returns
    -------
    Design
        With ``shape`` (levels per input) and ``levels`` (list of arrays) attributes.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> p = Problem([Input("speed_m_s", levels=[3, 4]), Input("step_rate_spm", bounds=(160, 180))])
    >>> d = grid_design(p, num=3)
    >>> d.shape, d.n
    ((2, 3), 6)
    >>> d.inputs()["step_rate_spm"]
    array([160., 170., 180., 160., 170., 180.])
    """
    problem = _check_problem(problem, "grid_design")
    if num is None and problem.design:
        num = problem.design.get("num")
    return _GridDesign(problem, [inp.grid_levels(num) for inp in problem.inputs])


def lhs_design(problem: Problem, n: int, rng=None) -> Design:
    """Latin hypercube sample of ``n`` scenarios (:class:`scipy.stats.qmc.LatinHypercube`).

    Inputs with bounds are uniform between them, inputs with a distribution go through its ppf,
    inputs with levels take each level with equal probability.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> d = lhs_design(Problem([Input("x", bounds=(0, 10))]), n=5, rng=1)
    >>> sorted((d.inputs()["x"] // 2).tolist())  # one point in each fifth
    [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    problem = _check_problem(problem, "lhs_design")
    return _LHSDesign(problem, _check_n(n, "lhs_design"), resolve_seed(rng))


def sobol_design(problem: Problem, n: int, rng=None) -> Design:
    """Scrambled Sobol' sample of ``n`` scenarios (:class:`scipy.stats.qmc.Sobol`).

    ``n`` should be a power of two, which keeps the balance properties of the sequence; any other
    ``n`` works but warns once. Rows are generated per chunk (``fast_forward``), so ``n`` may exceed
    memory.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> d = sobol_design(Problem([Input("x", bounds=(0, 1)), Input("y", bounds=(5, 6))]), 8, rng=0)
    >>> d.n, d.chunk(0, 8)["y"].min() >= 5
    (8, np.True_)
    """
    problem = _check_problem(problem, "sobol_design")
    n = _check_n(n, "sobol_design")
    if n & (n - 1):
        warn(
            f"sobol_design: n = {n} is not a power of two; the Sobol' balance properties need "
            f"n = 2**k (e.g. {1 << (n - 1).bit_length()}).",
            PfsimWarning,
        )
    return _SobolDesign(problem, n, resolve_seed(rng))


def saltelli_design(problem: Problem, n: int, rng=None) -> Design:
    """The ``n * (d + 2)`` scenarios that Sobol' indices need: matrices A, B and each AB_i.

    A and B are the two halves of one scrambled Sobol' sample of dimension ``2 d`` (as in
    :func:`scipy.stats.sobol_indices`); AB_i is A with column i taken from B.
    ``n`` must be a power of two.

    References
    ----------
    Saltelli A, Annoni P, Azzini I, Campolongo F, Ratto M, Tarantola S (2010). Variance based
    sensitivity analysis of model output. Design and estimator for the total sensitivity index.
    Computer Physics Communications 181:259-270. doi:10.1016/j.cpc.2009.09.018

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> saltelli_design(Problem([Input("x", bounds=(0, 1)), Input("y", bounds=(0, 1))]), 64).n
    256
    """
    problem = _check_problem(problem, "saltelli_design")
    n = _check_n(n, "saltelli_design")
    if n & (n - 1):
        raise ValueError(
            f"saltelli_design: n must be a power of two for Sobol' indices (got {n}); "
            f"use n = {1 << (n - 1).bit_length()}."
        )
    return _SaltelliDesign(problem, n, resolve_seed(rng))


def oat_design(
    problem: Problem, baseline: Mapping | None = None, quantiles: tuple = (0.05, 0.95)
) -> Design:
    """One-at-a-time design: the baseline, then each input at its low and its high value.

    Low and high are the extreme levels, the bounds, or the ``quantiles`` of a distribution.
    Row 0 is the baseline; rows ``1 + 2 i`` and ``2 + 2 i`` vary input ``i``.

    Parameters
    ----------
    problem : Problem
    baseline : mapping of str to float, optional
        Overrides :attr:`Input.baseline_value` for the inputs it names.
    quantiles : (float, float)
        Low and high probability for inputs with a distribution.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> d = oat_design(Problem([Input("x", bounds=(0, 2)), Input("y", levels=[1, 5, 9])]))
    >>> d.inputs()["x"].tolist(), d.inputs()["y"].tolist()
    ([1.0, 0.0, 2.0, 1.0, 1.0], [5.0, 5.0, 5.0, 1.0, 9.0])
    """
    problem = _check_problem(problem, "oat_design")
    q = tuple(float(v) for v in quantiles)
    if len(q) != 2 or not 0 < q[0] < q[1] < 1:
        raise ValueError(
            f"quantiles must be (low, high) with 0 < low < high < 1 (got {quantiles!r})."
        )
    baseline = dict(baseline or {})
    unknown = sorted(set(baseline) - set(problem.names))
    if unknown:
        raise ValueError(
            f"baseline names unknown input(s) {unknown}; inputs are {list(problem.names)}."
        )
    base, low, high = {}, {}, {}
    for inp in problem.inputs:
        base[inp.name] = float(baseline.get(inp.name, inp.baseline_value))
        if inp.kind == "levels":
            low[inp.name], high[inp.name] = min(inp.levels), max(inp.levels)
        elif inp.kind == "bounds":
            low[inp.name], high[inp.name] = inp.bounds
        else:
            lo, hi = inp.frozen.ppf(q)
            low[inp.name], high[inp.name] = float(lo), float(hi)
    return _OATDesign(problem, base, low, high, q)


def design_from_arrays(
    arrays: Mapping, problem: Problem | None = None, units: Mapping | None = None
) -> Design:
    """A design from given input arrays (e.g. measured runner profiles), one row per index.

    Parameters
    ----------
    arrays : mapping of str to 1-D array
        Equal-length arrays, one per input.
    problem : Problem, optional
        Supplies constants, outputs and units; its inputs are not sampled.
    units : mapping of str to str, optional

    Examples
    --------
    >>> design_from_arrays({"x": [1.0, 2.0], "y": [3.0, 4.0]}).n
    2
    """
    if not isinstance(arrays, Mapping) or not arrays:
        raise ValueError("arrays must be a non-empty mapping of input name to 1-D array.")
    out = {}
    for k, v in arrays.items():
        if not isinstance(k, str) or not k.isidentifier():
            raise ValueError(f"input name {k!r} must be a Python identifier.")
        a = np.asarray(v, dtype=np.float64)
        if a.ndim != 1:
            raise ValueError(f"array {k!r} must be 1-D (got shape {a.shape}); use .ravel().")
        out[k] = a
    lengths = {k: len(v) for k, v in out.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"arrays must have equal lengths (got {lengths}).")
    return _ArrayDesign(out, problem, units)


def make_design(
    problem: Problem, method: str | None = None, n: int | None = None, rng=None
) -> Design:
    """The design a problem asks for: ``method``/``n``/``rng`` here, else its ``[design]`` table.

    With neither, a problem whose inputs all have levels gives a grid; otherwise the method must be
    named. For ``"saltelli"`` (:func:`saltelli_design`, what Sobol' indices need) ``n`` is the
    number of base samples, a power of two; the sweep then has ``n * (inputs + 2)`` scenarios.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> p = Problem([Input("x", bounds=(0, 1))], design={"method": "sobol", "n": 16, "seed": 3})
    >>> make_design(p)
    <_SobolDesign sobol n=16 inputs=['x'], seed=3>
    """
    problem = _check_problem(problem, "make_design")
    spec = dict(problem.design or {})
    method = method or spec.get("method")
    if method is None:
        if all(i.kind == "levels" for i in problem.inputs):
            method = "grid"
        else:
            raise ProblemError(
                f"{problem.source or 'Problem'}: which design? Give method='grid', 'lhs' or 'sobol' "
                '(or [design] method = "sobol" and n = 1024 in the problem file).'
            )
    if method == "grid":
        return grid_design(problem)
    fns = {"lhs": lhs_design, "sobol": sobol_design, "saltelli": saltelli_design}
    if method not in fns:
        raise ValueError(
            f"method {method!r} is not known; use 'grid', 'lhs', 'sobol' or 'saltelli'."
        )
    n = n if n is not None else spec.get("n")
    if n is None:
        what = "base samples" if method == "saltelli" else "scenarios"
        raise ProblemError(
            f"{problem.source or 'Problem'}: a {method} design needs a number of {what}; give "
            "n=1024 (or n = 1024 in [design])."
        )
    if rng is None:
        rng = spec.get("seed")
    return fns[method](problem, n, rng)


def _rebuild_design(record: Mapping, problem: Problem | None, arrays: Mapping | None) -> Design:
    """The design a :meth:`Design.resolved` record describes (what :meth:`SweepResult.read` needs).

    Random designs are drawn again from the recorded seed; a grid takes the recorded levels, a
    one-at-a-time design its baseline, low and high values; an ``arrays`` design takes ``arrays``
    (the CSV's input columns). The caller checks the rebuilt design's :attr:`Design.sha256`.
    """
    method, n, seed = record.get("method"), record.get("n"), record.get("seed")
    if method == "arrays":
        return _ArrayDesign(dict(arrays), problem, record.get("units"))
    if problem is None:
        raise ValueError(f"a {method!r} design needs its problem, and the record has none.")
    if method == "grid":
        levels = record["levels"]
        return _GridDesign(problem, [tuple(levels[name]) for name in problem.names])
    if method == "oat":
        low, high = record["low"], record["high"]
        return _OATDesign(problem, record["baseline"], low, high, tuple(record["quantiles"]))
    if method == "lhs":
        return _LHSDesign(problem, n, seed)
    if method == "sobol":
        return _SobolDesign(problem, n, seed)
    if method == "saltelli":
        return _SaltelliDesign(problem, record["n_base"], seed)
    raise ValueError(f"design method {method!r} is not one pfsim writes.")
