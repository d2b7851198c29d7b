"""Sensitivity: Sobol' indices (scipy.stats.sobol_indices) with bootstrap intervals, and a tornado.

Both evaluate the function through :func:`run_sweep`, so they chunk, run on any executor and resume
from checkpoints like any sweep. :func:`sobol_indices_from` is the analysis step alone: the indices
of a Saltelli sweep already run (in memory, or saved and read back with :meth:`SweepResult.read`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .design import oat_design, saltelli_design
from .engine import DEFAULT_CHUNK_SIZE, run_sweep
from .problem import Problem
from .result import SweepResult, Table

__all__ = ["sobol_analysis", "sobol_indices_from", "tornado_analysis"]


@contextlib.contextmanager
def _seeded_global_random_state(seed: int):
    """Seed numpy's global RandomState for the block, then restore it.

    ``SobolResult.bootstrap`` draws its resamples from the global RandomState (it takes no ``rng``);
    seeding it from the recorded seed makes the confidence intervals reproducible. Not thread-safe.
    """
    state = np.random.get_state()  # noqa: NPY002 (scipy draws from the global state)
    np.random.seed(int(np.random.SeedSequence(seed).generate_state(1)[0]))  # noqa: NPY002
    try:
        yield
    finally:
        np.random.set_state(state)  # noqa: NPY002


def _output_units(problem: Problem, names) -> dict[str, str]:
    declared = problem.outputs or {}
    return {k: declared.get(k, "") for k in names}


def sobol_analysis(
    func: Callable,
    problem: Problem,
    *,
    n: int = 1024,
    outputs: Sequence[str] | None = None,
    confidence_level: float | None = 0.95,
    n_resamples: int = 999,
    rng=None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    executor=None,
    progress: bool = False,
    checkpoint_dir=None,
) -> Table:
    """First-order and total Sobol' indices of each output to each input, with bootstrap intervals.

    The function is evaluated at the ``n * (d + 2)`` scenarios of :func:`saltelli_design`; the
    indices are computed by :func:`scipy.stats.sobol_indices` (Saltelli et al. 2010 estimator) from
    those evaluations, and their confidence intervals by its BCa bootstrap. It is the three steps
    sample (:func:`saltelli_design`), evaluate (:func:`run_sweep`) and analyse
    (:func:`sobol_indices_from`); run them apart to save the evaluations (``csv_path=``) and analyse
    later (:meth:`SweepResult.read`, ``pfsim analyze OUT.csv``), with the same table.

    Parameters
    ----------
    func : callable
        Vectorised function, as for :func:`run_sweep`.
    problem : Problem
        Inputs with bounds (uniform), a distribution, or levels (equally likely).
    n : int
        Base sample size, a power of two. The error of the indices falls roughly as 1/sqrt(n);
        1024-8192 is usual. The BCa bootstrap costs O(n²) (jackknife): about 0.3 s at n = 2048 and
        9 s at n = 8192 for one output and three inputs.
    outputs : sequence of str, optional
        Outputs to analyse (default: the problem's, else all).
    confidence_level : float or None
        Level of the bootstrap intervals; None skips the bootstrap (interval columns are NaN).
    n_resamples : int
        Bootstrap resamples.
    rng : None, int or numpy.random.Generator
        Seed of the Sobol' sample and of the bootstrap (recorded in ``meta``).
    chunk_size, executor, progress, checkpoint_dir
        As for :func:`run_sweep`.

    Returns
    -------
    Table
        One row per (output, input): ``first_order``, ``first_order_low``, ``first_order_high``,
        ``total_order``, ``total_order_low``, ``total_order_high``; ``meta`` records the seed, sample
        sizes and design hash; ``.sweep`` is the underlying :class:`SweepResult`.

    Raises
    ------
    ValueError
        When an output is NaN or infinite at some scenario (Sobol' indices need finite outputs).

    References
    ----------
    Sobol' IM (2001). Global sensitivity indices for nonlinear mathematical models and their Monte
    Carlo estimates. Mathematics and Computers in Simulation 55:271-280.
    doi:10.1016/S0378-4754(00)00270-6

    Saltelli A et al. (2010). Computer Physics Communications 181:259-270.
    doi:10.1016/j.cpc.2009.09.018

    Examples
    --------
    >>> from pfsim.sweep.functions import ishigami, ishigami_problem
    >>> t = sobol_analysis(ishigami, ishigami_problem(), n=256, confidence_level=None, rng=1)
    >>> t["input"], t["total_order"].round(1)  # analytic: 0.558, 0.442, 0.244
    (['x1', 'x2', 'x3'], array([0.6, 0.4, 0.2]))
    """
    design = saltelli_design(problem, n, rng)
    res = run_sweep(
        func,
        design,
        outputs=outputs,
        chunk_size=chunk_size,
        executor=executor,
        progress=progress,
        checkpoint_dir=checkpoint_dir,
    )
    return sobol_indices_from(res, confidence_level=confidence_level, n_resamples=n_resamples)


def _saltelli_outputs(result, output) -> list[str]:
    """The outputs to analyse; refuses a result that is not of a Saltelli design."""
    design = result.design
    if design.method != "saltelli":
        raise ValueError(
            f"this sweep is a {design.method!r} design, and Sobol' indices need a Saltelli design "
            "(matrices A, B and each AB_i); run the sweep again with [design] method = "
            '"saltelli" and n = 1024 base samples in the problem file (in Python: '
            "saltelli_design(problem, n))."
        )
    names = list(result.outputs)
    if output is None:
        return names
    wanted = [output] if isinstance(output, str) else list(output)
    unknown = [k for k in wanted if k not in names]
    if unknown or not wanted:
        raise ValueError(
            f"output={unknown[0] if unknown else wanted!r} is not an output of this sweep; its "
            f"outputs are {', '.join(names)}."
        )
    return wanted


def sobol_indices_from(
    result: SweepResult,
    output: str | Sequence[str] | None = None,
    *,
    confidence_level: float | None = 0.95,
    n_resamples: int = 999,
) -> Table:
    """Sobol' indices from a finished Saltelli sweep: the analysis step, without running the model.

    Sample (:func:`saltelli_design`), evaluate (:func:`run_sweep`, e.g. streamed to CSV, or
    ``pfsim sweep`` with ``[design] method = "saltelli"``), then analyse here, in the same or a
    later session (:meth:`SweepResult.read`). :func:`sobol_analysis` is these three steps, so on
    the same problem, ``n`` and seed both give the same table, bit for bit (the bootstrap is
    seeded from the design's seed). ``pfsim analyze OUT.csv`` prints it.

    Parameters
    ----------
    result : SweepResult
        A sweep of a :func:`saltelli_design` (``n * (d + 2)`` rows: A, B, then each AB_i).
    output : str or sequence of str, optional
        Output(s) to analyse (default: every output of the sweep).
    confidence_level : float or None
        Level of the BCa bootstrap intervals; None skips the bootstrap (interval columns NaN).
    n_resamples : int
        Bootstrap resamples.

    Returns
    -------
    Table
        As :func:`sobol_analysis`; ``.sweep`` is ``result``.

    Raises
    ------
    ValueError
        When the sweep is not of a Saltelli design, names no such output, or an output is NaN or
        infinite at some scenario.

    Examples
    --------
    >>> from pfsim.sweep import run_sweep, saltelli_design
    >>> from pfsim.sweep.functions import ishigami, ishigami_problem
    >>> res = run_sweep(ishigami, saltelli_design(ishigami_problem(), 256, rng=1))
    >>> sobol_indices_from(res, confidence_level=None)["total_order"].round(1)
    array([0.6, 0.4, 0.2])
    """
    from scipy.stats import sobol_indices

    names = _saltelli_outputs(result, output)
    design = result.design
    problem, n = design.problem, design.n_base
    d = len(problem.inputs)
    for k in names:
        bad = ~np.isfinite(result.outputs[k])
        if bad.any():
            raise ValueError(
                f"output {k!r} is NaN or infinite at {int(bad.sum())} of {result.n} scenarios; "
                "Sobol' indices need finite outputs. Narrow the inputs to the model's validity "
                "range (bounds or distribution), or analyse a different output."
            )
    f = np.stack([result.outputs[k].astype(np.float64).reshape(d + 2, n) for k in names], axis=1)
    # f: (d + 2, s, n) -> A (s, n), B (s, n), AB (d, s, n), as scipy.stats.sobol_indices expects.
    s = len(names)
    sob = sobol_indices(func={"f_A": f[0], "f_B": f[1], "f_AB": f[2:]}, n=n)
    first = np.reshape(sob.first_order, (s, d))
    total = np.reshape(sob.total_order, (s, d))
    nan = np.full((s, d), np.nan)
    first_lo = first_hi = total_lo = total_hi = nan
    if confidence_level is not None and n_resamples > 0:
        with _seeded_global_random_state(design.seed), np.errstate(all="ignore"):
            boot = sob.bootstrap(confidence_level=confidence_level, n_resamples=n_resamples)
        first_lo = np.reshape(boot.first_order.confidence_interval.low, (s, d))
        first_hi = np.reshape(boot.first_order.confidence_interval.high, (s, d))
        total_lo = np.reshape(boot.total_order.confidence_interval.low, (s, d))
        total_hi = np.reshape(boot.total_order.confidence_interval.high, (s, d))

    units = {i.name: i.unit for i in problem.inputs}
    rows_out = [o for o in names for _ in problem.inputs]
    rows_in = [i.name for _ in names for i in problem.inputs]
    table = Table(
        {
            "output": rows_out,
            "input": rows_in,
            "unit": [units[i] for i in rows_in],
            "first_order": first.ravel(),
            "first_order_low": first_lo.ravel(),
            "first_order_high": first_hi.ravel(),
            "total_order": total.ravel(),
            "total_order_low": total_lo.ravel(),
            "total_order_high": total_hi.ravel(),
        },
        title=f"Sobol' indices: {problem.name}",
        meta={
            "analysis": "sobol",
            "estimator": "saltelli_2010 via scipy.stats.sobol_indices; BCa bootstrap",
            "n_base": n,
            "evaluations": result.n,
            "confidence_level": confidence_level,
            "n_resamples": n_resamples if confidence_level is not None else 0,
            "seed": design.seed,
            "design_sha256": design.sha256,
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "function": result.func,
            "output_units": _output_units(problem, names),
        },
        units={k: "1" for k in ("first_order", "total_order")},
    )
    table.sweep = result
    return table


def tornado_analysis(
    func: Callable,
    problem: Problem,
    *,
    baseline: Mapping | None = None,
    quantiles: tuple = (0.05, 0.95),
    outputs: Sequence[str] | None = None,
    executor=None,
) -> Table:
    """One-at-a-time sensitivity: each output with each input at its low and high value.

    Every other input stays at its baseline (:attr:`Input.baseline_value`, or ``baseline``).
    Low/high are the extreme levels, the bounds, or the ``quantiles`` of a distribution.

    Returns
    -------
    Table
        One row per (output, input), largest ``swing`` (``|output_at_high - output_at_low|``)
        first within each output; columns ``baseline_value``, ``low_value``, ``high_value``,
        ``output_baseline``, ``output_at_low``, ``output_at_high``, ``swing``.

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem
    >>> p = Problem([Input("a", bounds=(0, 1)), Input("b", bounds=(0, 10))])
    >>> t = tornado_analysis(lambda a, b: {"y": a + b}, p)
    >>> t["input"], t["swing"]
    (['b', 'a'], array([10.,  1.]))
    """
    design = oat_design(problem, baseline, quantiles)
    res = run_sweep(func, design, outputs=outputs, executor=executor)
    names = list(res.outputs)
    cols = {
        k: []
        for k in (
            "output",
            "input",
            "unit",
            "baseline_value",
            "low_value",
            "high_value",
            "output_baseline",
            "output_at_low",
            "output_at_high",
            "swing",
        )
    }
    for o in names:
        y = res.outputs[o].astype(np.float64)
        rows = []
        for i, inp in enumerate(problem.inputs):
            lo, hi = y[1 + 2 * i], y[2 + 2 * i]
            rows.append(
                (
                    o,
                    inp.name,
                    inp.unit,
                    design.baseline[inp.name],
                    design.low[inp.name],
                    design.high[inp.name],
                    y[0],
                    lo,
                    hi,
                    abs(hi - lo),
                )
            )
        rows.sort(key=lambda r: -r[-1] if np.isfinite(r[-1]) else np.inf)
        for r in rows:
            for k, v in zip(cols, r, strict=True):
                cols[k].append(v)
    table = Table(
        {
            k: (v if k in ("output", "input", "unit") else np.asarray(v, float))
            for k, v in cols.items()
        },
        title=f"One-at-a-time sensitivity: {problem.name}",
        meta={
            "analysis": "tornado",
            "quantiles": list(quantiles),
            "design_sha256": design.sha256,
            "problem": problem.resolved(),
            "problem_sha256": problem.sha256,
            "function": res.func,
            "output_units": _output_units(problem, names),
        },
    )
    table.sweep = res
    return table
