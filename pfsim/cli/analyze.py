"""The ``pfsim analyze`` sub-command: Sobol' indices of a saved Saltelli sweep.

``pfsim analyze OUT.csv [--output NAME] [--confidence-level X] [--n-resamples N] [--json]``

Reads a sweep saved by ``pfsim sweep`` (a problem with ``[design] method = "saltelli"``) or by
``run_sweep(..., csv_path=)`` back with :meth:`pfsim.sweep.SweepResult.read` (the CSV and its JSON
sidecar, checked against each other) and prints the first-order and total Sobol' indices of each
output to each input, with BCa bootstrap intervals (:func:`pfsim.sweep.sobol_indices_from`: the
same numbers as :func:`pfsim.sweep.sobol_analysis` on the same problem, ``n`` and seed). The model
is not run again.

:func:`register` adds it to the ``pfsim`` argparse sub-parsers; each option's ``dest`` is the
:func:`pfsim.sweep.sobol_indices_from` argument it sets. A sweep that is not a Saltelli design, a
missing sidecar or an edited CSV ends with one line naming the fix (exit status 2).

``--json`` prints one object: ``csv``, ``problem``, ``design``, ``n_base``, ``evaluations``,
``seed``, ``confidence_level``, ``n_resamples``, ``output_units`` and ``indices``, a list of rows
``{"output", "input", "unit", "first_order", "first_order_low", "first_order_high",
"total_order", "total_order_low", "total_order_high"}`` (NaN as null).
"""

from __future__ import annotations

from ._common import fmt, jsonable, number, path_arg, print_json

__all__ = ["register", "cmd_analyze"]

#: Meta entries of the indices table that ``--json`` prints.
META_KEYS = ("n_base", "evaluations", "seed", "confidence_level", "n_resamples", "output_units")


def _interval(row: dict, key: str) -> str:
    lo, hi = row[f"{key}_low"], row[f"{key}_high"]
    return f"[{fmt(jsonable(lo))}, {fmt(jsonable(hi))}]"


def _print_text(table, csv_path) -> None:
    m = table.meta
    ci = (
        f"{100 * m['confidence_level']:g} % BCa intervals, {m['n_resamples']} resamples"
        if m["n_resamples"]
        else "no intervals (--n-resamples 0)"
    )
    print(
        f"pfsim analyze: Sobol' indices of {table.sweep.design.problem.name!r} from {csv_path} "
        f"(saltelli, n = {m['n_base']} base samples, {m['evaluations']:,} scenarios, seed "
        f"{m['seed']}; {ci})"
    )
    rows = table.rows()
    width = max(len("input"), *(len(r["input"]) for r in rows))
    span = max(len("interval"), *(len(_interval(r, "first_order")) for r in rows))
    for output in dict.fromkeys(table["output"]):
        unit = m["output_units"].get(output) or ""
        print(f"{output}" + (f" [{unit}]" if unit else ""))
        print(
            f"  {'input'.ljust(width)}  {'first order':>11}  {'interval'.ljust(span)}  "
            f"{'total':>8}  interval"
        )
        for r in (r for r in rows if r["output"] == output):
            print(
                f"  {r['input'].ljust(width)}  {fmt(r['first_order']):>11}  "
                f"{_interval(r, 'first_order').ljust(span)}  {fmt(r['total_order']):>8}  "
                f"{_interval(r, 'total_order')}"
            )


def cmd_analyze(args) -> int:
    """``pfsim analyze``: Sobol' indices of a saved Saltelli sweep, without running the model."""
    from ..sweep import SweepResult, sobol_indices_from

    res = SweepResult.read(args.sweep)
    table = sobol_indices_from(
        res,
        args.output,
        confidence_level=args.confidence_level,
        n_resamples=args.n_resamples,
    )
    if args.json:
        payload = {
            "csv": str(args.sweep),
            "problem": res.design.problem.name,
            "design": res.design.method,
            **{k: table.meta[k] for k in META_KEYS},
            "indices": [{k: jsonable(v) for k, v in r.items()} for r in table.rows()],
        }
        print_json(payload)
        return 0
    _print_text(table, args.sweep)
    return 0


def register(subparsers) -> None:
    """Add ``analyze`` to the ``pfsim`` sub-parsers."""
    p = subparsers.add_parser(
        "analyze",
        help="Sobol' indices of a saved Saltelli sweep (pfsim sweep's CSV), without rerunning it",
        description=(
            "Read a sweep CSV and its JSON sidecar (written by pfsim sweep for a problem with "
            '[design] method = "saltelli" and n = base samples) and print the first-order and '
            "total Sobol' indices of each output to each input with BCa bootstrap intervals: the "
            "numbers pfsim.sweep.sobol_analysis gives on the same problem, n and seed. The model "
            "is not run again; the CSV is checked against its sidecar (hash, columns, inputs)."
        ),
    )
    p.add_argument("sweep", type=path_arg, help="the sweep's CSV (its .json sidecar next to it)")
    p.add_argument(
        "--output",
        dest="output",
        metavar="NAME",
        default=None,
        help="analyse this output only (default: every output of the sweep)",
    )
    p.add_argument(
        "--confidence-level",
        dest="confidence_level",
        type=number(lo=0.5, hi=0.999, example="0.95"),
        default=0.95,
        metavar="X",
        help="level of the bootstrap intervals (default 0.95)",
    )
    p.add_argument(
        "--n-resamples",
        dest="n_resamples",
        type=number(lo=0, integer=True, example="999"),
        default=999,
        metavar="N",
        help="bootstrap resamples (default 999; 0: no intervals). The bootstrap costs O(n²) time",
    )
    p.add_argument("--json", action="store_true", help="print JSON (one row per output and input)")
    p.set_defaults(func=cmd_analyze)
