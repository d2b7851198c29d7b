"""The ``pfsim load`` sub-command: weekly patellofemoral dose, capacity and overload index.

``pfsim load history.csv --runner runner.toml [--json] [--out FILE.csv] [--<assumption> X]
[--dose-stress mean|lateral_facet] [--capacity-reference self|reference_runner]
[--dose-model fatigue|stress_time]``; the history and the
runner may be bundled examples' names (``pfsim load jump40_hills --runner load_driven``).

``--dose-stress lateral_facet --capacity-reference reference_runner`` lets the runner profile's
frontal contributors reach the overload index (:func:`pfsim.training.weekly_load`); the defaults
(``mean``, ``self``) keep the issue's model, in which every profile has index 1 at its habitual week.

:func:`register` adds it to the ``pfsim`` argparse sub-parsers (``pfsim.cli.build_parser`` calls it);
each option's ``dest`` is the :func:`pfsim.training.weekly_load` or
:class:`pfsim.runner.Assumptions` argument it sets.
Bad input raises ``ValueError`` naming the file, the column or key, and what is allowed
(``pfsim.cli.main`` prints it, exit status 2); nothing is written then.

``--json`` prints one object of column-wise lists, one entry per week (:meth:`pfsim.training.LoadResult.as_json`)::

    {"week": [1, 2, ...], "distance_km": [...], "dose_MPa_s": [...], "capacity_MPa_s": [...],
     "overload_index": [...], "cumulative_dose_MPa_s": [...], "steady_state_overload_index": 1.0,
     "dose_stress": "mean", "capacity_reference": "self", "dose_model": "fatigue",
     "assumptions": {...}, "runner": "...",
     "history": "..."}
"""

from __future__ import annotations

from dataclasses import fields

from ._common import number, path_arg, print_json, print_table

__all__ = ["register", "cmd_load"]

#: The columns of the text table.
TABLE_COLUMNS = ("week", "distance_km", "dose_MPa_s", "capacity_MPa_s", "overload_index")


def _assumptions(args):
    from ..runner import Assumptions

    given = {}
    for f in fields(Assumptions):
        v = getattr(args, f.name, None)
        if v is not None:
            given[f.name] = v
    try:
        return Assumptions(**given)
    except ValueError as exc:
        name = next((n for n in given if f"Assumptions.{n} " in str(exc)), None)
        flag = f"{args.flag_table[name]}: " if name else ""
        raise ValueError(f"{flag}{exc}") from None


def cmd_load(args) -> int:
    """``pfsim load``: weekly dose, adapting capacity and overload index of a running history."""
    from ..runner import load_runner
    from ..training import read_history, weekly_load

    assumptions = _assumptions(args)
    runner = load_runner(args.runner)
    history = read_history(args.history)
    res = weekly_load(
        history,
        runner,
        assumptions=assumptions,
        dose_stress=args.dose_stress,
        capacity_reference=args.capacity_reference,
        dose_model=args.dose_model,
    )
    payload = res.as_json()
    payload["runner"] = runner.name
    payload["history"] = str(args.history)
    if args.out:
        res.to_csv(
            args.out,
            runner=runner,
            runner_file=args.runner,
            history=args.history,
        )
    if args.json:
        print_json(payload)
        return 0
    print(f"pfsim load: {args.history} for runner {runner.name!r} ({args.runner})")
    print(
        "  overload index = week's dose / capacity brought into the week (1 = steady load); "
        f"capacity time constant {assumptions.capacity_time_constant_days:g} d"
    )
    model = (
        f"fatigue damage (σ_peak/σ_ref)^{assumptions.dose_stress_exponent:g} per cycle"
        if args.dose_model == "fatigue"
        else "stress–time integral"
    )
    print(
        f"  dose: {model} of the {args.dose_stress} stress; capacity adapted to: "
        + (
            "the runner's own dose"
            if args.capacity_reference == "self"
            else "the healthy reference runner's dose (same training)"
        )
    )
    rows = [{c: payload[c][i] for c in TABLE_COLUMNS} for i in range(len(payload["week"]))]
    print_table(rows, TABLE_COLUMNS, width=14, indent="  ")
    if args.out:
        print(f"wrote {args.out}")
    return 0


def register(subparsers) -> None:
    """Add the ``load`` sub-command to ``pfsim``'s argparse sub-parsers."""
    from ..runner import Assumptions
    from ..training import CAPACITY_REFERENCES, DOSE_MODELS, DOSE_STRESSES

    p = subparsers.add_parser(
        "load",
        help="weekly patellofemoral stress dose, adapting capacity and overload index",
        description=(
            "Reads a running history (CSV: week or date, distance_km, speed_m_s or pace_min_km or "
            "pace M:SS, optional hill_share and speed_work_share) and a runner profile (TOML), and "
            "prints the weekly stress dose of one knee [MPa·s], the adapted capacity and their "
            "ratio, the overload index (1 = steady load). See pfsim.training."
        ),
    )
    p.add_argument(
        "history",
        type=path_arg,
        help="running history: a CSV file or a bundled history's name (pfsim examples)",
    )
    p.add_argument(
        "--runner",
        type=path_arg,
        required=True,
        metavar="NAME|FILE.toml",
        help="runner profile: a TOML file or a bundled profile's name (pfsim examples)",
    )
    p.add_argument("--json", action="store_true", help="print JSON (column-wise lists per week)")
    p.add_argument(
        "--out", type=path_arg, metavar="FILE.csv", help="also write the weekly table as CSV"
    )
    p.add_argument(
        "--dose-stress",
        choices=DOSE_STRESSES,
        default="mean",
        help="stress the dose integrates: mean contact stress (default) or the lateral facet "
        "stress (raised by the frontal contributors)",
    )
    p.add_argument(
        "--dose-model",
        choices=DOSE_MODELS,
        default="fatigue",
        help="how stress becomes dose: fatigue (default; Σ (σ_peak/σ_ref)^m per loading cycle, m = "
        "--dose-stress-exponent, Edwards 2018) or stress_time (the stress-time integral)",
    )
    p.add_argument(
        "--capacity-reference",
        choices=CAPACITY_REFERENCES,
        default="self",
        help="capacity adapted to the runner's own dose (default) or to the healthy reference "
        "runner's dose under the same training (an assumption; see pfsim.training)",
    )
    for f in fields(Assumptions):
        lo, hi = f.metadata["range"]
        p.add_argument(
            f"--{f.name.replace('_', '-')}",
            dest=f.name,
            type=number(example=f"{f.default:g}"),  # finite; the range is Assumptions' check
            metavar="X",
            help=f"assumption: {f.metadata['doc']} (default {f.default:g}, range {lo:g}-{hi:g})",
        )
    p.set_defaults(func=cmd_load)
