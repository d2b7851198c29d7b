"""The ``pfsim assess`` sub-command: which contributors drive a runner's stress, which change helps most.

``pfsim assess PROFILE [--history CSV] [--reference PROFILE] [--outcome NAME ...] [--draws N]
[--seed S] [--json] [--out DIR] [--threshold X] [--target-km KM] [--dose-stress S]
[--capacity-reference R]``; PROFILE, the history and the reference may be bundled examples' names
(``pfsim assess load_driven --history jump40_hills``). See :func:`pfsim.assess.assess`.

A readable report by default. ``--json`` prints one object::

    {"runner", "reference", "primary_outcome",
     "outcomes": {NAME: {"runner", "reference", "excess", "contributions": {GROUP: value},
                         "intervals": {GROUP: {"median", "low", "high"}}}},
     "interventions": [{"name", "rank", "p_best", "evidence", "input_change",
                        "changes": {OUTCOME: {"nominal", "median", "low", "high"}}}, ...],
     "plan": [{"week", "distance_km", "overload_index"}, ...], "plan_interventions", "plan_target_km",
     "plan_reached", "threshold", "draws", "seed", "interval_percentiles", "dose_stress",
     "capacity_reference"}

``--out DIR`` writes ``report.md`` (figures linked), ``attribution.png``, ``interventions.png``,
``plan.png`` (with a history), the CSV tables ``contributions.csv``, ``interventions.csv``,
``plan.csv`` (each with its JSON sidecar: units, inputs, provenance) and ``assessment.json``; all
into a temporary folder next to DIR, renamed into place at the end (nothing is written on bad
input or when anything fails). DIR must not exist or be empty.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from pathlib import Path

from ._common import number, path_arg, print_json

__all__ = ["register", "cmd_assess"]


def _check_out(out) -> Path:
    """The ``--out`` folder, checked before the assessment runs (nothing is written on bad input).

    It must not exist or be an empty folder; the nearest existing folder above it must be a folder
    one may write in (a file on the way, a read-only place or a missing drive is refused here, with
    ``--out`` named, rather than after the assessment as an operating-system error).
    """
    path = Path(out)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ValueError(
            f"--out {out}: exists and is not an empty folder; give a new folder name (pfsim assess "
            "writes a whole report folder)."
        )
    above = path.absolute().parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise ValueError(
            f"--out {out}: {above} is a file, not a folder; give a folder name in a folder."
        )
    if not os.access(above, os.W_OK | os.X_OK):
        raise ValueError(
            f"--out {out}: the folder {above} is not writable; give a folder name in a place you "
            "may write to."
        )
    return path


def _missing_parents(path: Path) -> list[Path]:
    """The folders above ``path`` that do not exist yet, outermost first."""
    missing = []
    above = path.absolute().parent
    while not above.exists() and above != above.parent:
        missing.append(above)
        above = above.parent
    return missing[::-1]


def _write(a, out: Path, args) -> None:
    """Write the report folder; on any failure nothing stays (folders made for it included)."""
    made = _missing_parents(out)
    tmp = None
    try:
        for folder in made:
            folder.mkdir()
        tmp = Path(
            tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.absolute().parent)
        )
        _write_files(a, tmp, args)
        if out.exists():
            out.rmdir()  # empty (checked before the assessment)
        os.replace(tmp, out)
        os.chmod(out, 0o777 & ~_umask())
    except BaseException as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                break
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise ValueError(
                f"--out {out}: could not write the report there ({reason}); give a folder name in "
                "a place you may write to."
            ) from None
        raise


def _write_files(a, tmp: Path, args) -> None:
    import json

    from ..assess.report import markdown_report, tables
    from ..io import atomic_write_text, write_table
    from ..io.provenance import git_commit, provenance, recorded_command
    from ..plotting import assessment_figures, save_figure

    inputs = {
        "runner_file": str(args.runner),
        "runner": a.runner.to_dict(),
        "reference": a.reference.to_dict(),
        "history": None if args.history is None else str(args.history),
        "draws": a.n_draws,
        "seed": a.seed,
        "threshold": a.threshold,
        "dose_stress": a.dose_stress,
        "capacity_reference": a.capacity_reference,
    }
    inputs = {k: v for k, v in inputs.items() if v is not None}
    for name, cols in tables(a).items():
        write_table(tmp / f"{name}.csv", cols, inputs=inputs, units={"p_best": "1"})
    figs = {}
    for name, fig in assessment_figures(a).items():
        save_figure(fig, tmp / f"{name}.png")
        figs[name] = f"{name}.png"
    atomic_write_text(tmp / "assessment.json", json.dumps(a.to_json(), indent=1) + "\n")
    prov = provenance(
        {
            "command": shlex.join(recorded_command() or ["pfsim", "assess"]),
            "git_commit": git_commit(),
            **{k: v for k, v in inputs.items() if k not in ("runner", "reference")},
        }
    )
    atomic_write_text(tmp / "report.md", markdown_report(a, figs, prov))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cmd_assess(args) -> int:
    """``pfsim assess``: attribution, interventions, uncertainty and plan of one runner."""
    from ..assess import assess
    from ..assess.report import text_report

    out = _check_out(args.out) if args.out else None
    a = assess(
        args.runner,
        history=args.history,
        reference=args.reference,
        outcomes=args.outcomes,
        draws=args.draws,
        rng=args.rng,
        threshold=args.threshold,
        target_km=args.target_km,
        dose_stress=args.dose_stress,
        capacity_reference=args.capacity_reference,
    )
    if out is not None:
        _write(a, out, args)
    if args.json:
        print_json(a.to_json())
        return 0
    print(text_report(a), end="")
    if out is not None:
        print(f"wrote {out}/report.md and its figures and tables")
    return 0


def register(subparsers) -> None:
    """Add the ``assess`` sub-command to ``pfsim``'s argparse sub-parsers."""
    from ..assess import DEFAULT_DRAWS, OUTCOMES, OVERLOAD_THRESHOLD
    from ..training import CAPACITY_REFERENCES, DOSE_STRESSES

    p = subparsers.add_parser(
        "assess",
        help="individual assessment: contributors' shares, ranked interventions, plan",
        description=(
            "Attributes the runner's excess stress (and, with a history, overload) over a "
            "reference runner to seven contributor groups (exact Shapley values), ranks the "
            "interventions of a cited catalogue by their predicted change, with intervals over "
            "the model's assumptions, and plans the weekly distances. See pfsim.assess."
        ),
    )
    p.add_argument(
        "runner",
        metavar="PROFILE",
        type=path_arg,
        help="runner profile: a TOML file or a bundled profile's name (pfsim examples)",
    )
    p.add_argument(
        "--history", type=path_arg, metavar="CSV", help="running history (CSV or bundled name)"
    )
    p.add_argument(
        "--reference",
        type=path_arg,
        metavar="PROFILE",
        help="reference runner (default: the healthy runner of the same body, speed and training)",
    )
    p.add_argument(
        "--outcome",
        dest="outcomes",
        action="append",
        choices=OUTCOMES,
        metavar="NAME",
        help=f"outcome to assess (repeat; the first is primary): {', '.join(OUTCOMES)}",
    )
    p.add_argument(
        "--draws",
        type=number(0, 4096, integer=True, example=str(DEFAULT_DRAWS)),
        default=DEFAULT_DRAWS,
        help=f"assumption draws for the intervals (default {DEFAULT_DRAWS}; 0 = none)",
    )
    p.add_argument(
        "--seed",
        dest="rng",
        type=number(0, 2**63 - 1, integer=True, example="1"),
        help="seed of the draws (default: fresh)",
    )
    p.add_argument(
        "--threshold",
        type=number(0.5, 5.0, example=f"{OVERLOAD_THRESHOLD:g}"),
        default=OVERLOAD_THRESHOLD,
        help=f"overload-index threshold of the plan and of load management (default {OVERLOAD_THRESHOLD:g})",
    )
    p.add_argument(
        "--target-km",
        dest="target_km",
        type=number(0.1, 250.0, example="40"),
        help="weekly distance the plan builds up to [km] (default: the history's largest week)",
    )
    p.add_argument(
        "--dose-stress",
        choices=DOSE_STRESSES,
        default="lateral_facet",
        help="stress the overload index's dose integrates (with --history): the lateral facet "
        "stress (default) or the mean contact stress",
    )
    p.add_argument(
        "--capacity-reference",
        choices=CAPACITY_REFERENCES,
        default="self",
        help="overload index (with --history): capacity adapted to the runner's own dose "
        "(default, the acute:chronic form) or to the healthy reference runner's dose under the "
        "same training (an assumption without a source; see pfsim.training)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--out", type=path_arg, metavar="DIR", help="write report.md, figures and CSV tables to DIR"
    )
    p.set_defaults(func=cmd_assess)
