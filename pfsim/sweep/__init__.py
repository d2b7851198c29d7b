"""The sweep engine: designs, chunked evaluation, results and sensitivity, for any vectorised function.

It knows nothing of knees (``DESIGN.md``): a *problem* names the inputs of a function and their levels,
bounds or distributions; a *design* lists the scenarios (grid, Latin hypercube, Sobol'); :func:`run_sweep`
calls the function chunk by chunk (optionally on an executor, with checkpoints) and returns a
:class:`SweepResult`; :func:`sobol_analysis` and :func:`tornado_analysis` rank the inputs.

Sample, evaluate, analyse. :func:`sobol_analysis` does all three; to split them (e.g. run the model
on a cluster or with ``pfsim sweep``, analyse later), draw :func:`saltelli_design`, run it with
:func:`run_sweep` (``csv_path=`` to save it), read it back with :meth:`SweepResult.read` and get the
same indices with :func:`sobol_indices_from` (``pfsim analyze OUT.csv`` from the shell).

Memory. A :class:`SweepResult` held in memory costs n × outputs × 8 bytes, plus n × inputs × 8 bytes
once its inputs are asked for or written (``to_csv``): 10⁶ scenarios × 27 columns ≈ 216 MB, 10⁸ ≈ 22 GB.
For sweeps that size, stream instead: ``run_sweep(..., csv_path="out.csv")`` (what ``pfsim sweep --out``
does) writes each chunk to the CSV in design order as soon as the chunks before it are written, and
keeps only the chunks in flight (at most ``max_in_flight``), whatever n; the result then reads its
outputs back from the file if asked. The bytes are the same as ``to_csv`` of an in-memory result.

Files and resume. CSV and provenance sidecar are each written to a temporary file and renamed into
place, one right after the other; the sidecar records the CSV's SHA-256, so a pair that does not match
(a kill between the two renames) is detectable, and temporary files a killed write left are removed by
the next successful write. ``checkpoint_dir=`` saves each finished chunk; a rerun with the same design,
seed, chunk size, function, outputs and pfsim version loads them instead of recomputing. ``pfsim sweep``
checkpoints by default into ``<out>/.checkpoints/<name>/`` and removes that folder after a successful
write (``--checkpoint-dir DIR`` to choose and keep the folder, ``--no-checkpoint`` to turn it off).

Examples
--------
>>> import numpy as np
>>> from pfsim.sweep import Input, Problem, grid_design, run_sweep
>>> def stress(force_N, area_mm2):
...     return {"stress_MPa": force_N / area_mm2}
>>> p = Problem(
...     [Input("force_N", unit="N", levels=[1000, 2000]), Input("area_mm2", unit="mm2", levels=[200, 400])],
...     outputs={"stress_MPa": "MPa"},
... )
>>> run_sweep(stress, grid_design(p))["stress_MPa"]
array([ 5. ,  2.5, 10. ,  5. ])
"""

from .design import (
    Design,
    design_from_arrays,
    grid_design,
    lhs_design,
    make_design,
    oat_design,
    resolve_seed,
    saltelli_design,
    sobol_design,
)
from .engine import (
    DEFAULT_CHUNK_SIZE,
    CheckpointWarning,
    SweepError,
    SweepInterrupted,
    SweepInUseError,
    process_pool,
    run_sweep,
)
from .problem import COMMON_DISTRIBUTIONS, DESIGN_METHODS, Input, Problem, ProblemError
from .result import SweepResult, Table
from .sensitivity import sobol_analysis, sobol_indices_from, tornado_analysis

__all__ = [
    "COMMON_DISTRIBUTIONS",
    "CheckpointWarning",
    "DEFAULT_CHUNK_SIZE",
    "DESIGN_METHODS",
    "Design",
    "Input",
    "Problem",
    "ProblemError",
    "SweepError",
    "SweepInUseError",
    "SweepInterrupted",
    "SweepResult",
    "Table",
    "design_from_arrays",
    "grid_design",
    "lhs_design",
    "make_design",
    "oat_design",
    "process_pool",
    "resolve_seed",
    "run_sweep",
    "saltelli_design",
    "sobol_analysis",
    "sobol_indices_from",
    "sobol_design",
    "tornado_analysis",
]


def __getattr__(name):
    # Deprecated aliases: the figures moved to pfsim.plotting (the engine knows no matplotlib).
    if name in ("plot_sobol", "plot_tornado"):
        import importlib

        from .._checks import warn

        warn(
            f"pfsim.sweep.{name} moved to pfsim.plotting.{name}; the old name will be removed",
            DeprecationWarning,
        )
        return getattr(importlib.import_module("pfsim.plotting"), name)
    raise AttributeError(f"module 'pfsim.sweep' has no attribute {name!r}")
