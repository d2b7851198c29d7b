"""The ``pfsim sweep`` sub-command.

:func:`register` adds it to the ``pfsim`` argparse sub-parsers (``pfsim.cli.build_parser`` calls
it); each option's ``dest`` is the :func:`pfsim.models.run_problem` argument it sets. The handler takes ``args`` and returns an exit code; bad input raises ``ValueError`` with a
message naming the file, the key and the fix (``pfsim.cli.main`` prints it, exit status 2).

- ``pfsim sweep problem.toml|NAME [--out DIR] [--workers N] [--chunk-size N] [--seed S] [--json]
  [--checkpoint-dir D | --no-checkpoint] [--progress] [--scheduler ADDRESS|local]``: evaluate the problem's named model
  (``model = "stance"``, :mod:`pfsim.models`) over its design and write ``DIR/<name>.csv``
  with its provenance ``DIR/<name>.json``. The CSV is streamed in design order while the sweep
  runs (memory: the chunks in flight). Finished chunks go to ``DIR/.checkpoints/<name>/`` unless
  ``--checkpoint-dir`` or ``--no-checkpoint`` says otherwise; a killed run, rerun with the same
  arguments, resumes from them; the default folder is removed after a successful write.
  ``--scheduler`` runs the chunks on a dask.distributed cluster (``pfsim[distributed]``) instead of
  a process pool: a running scheduler's address, or ``local`` for ``--workers`` processes here.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ._common import fmt, number, path_arg, print_block, print_json

__all__ = ["CHECKPOINTS", "register", "cmd_sweep"]

#: Folder under ``--out`` where ``pfsim sweep`` keeps finished chunks by default (one sub-folder
#: per problem), removed once the CSV and its sidecar are written.
CHECKPOINTS = ".checkpoints"


def _range_text(s: dict) -> str:
    """``lo … hi`` of one output (``nan`` where none is finite), with its count of NaN rows."""
    lo, hi = (None if s[k] is None else float(s[k]) for k in ("min", "max"))
    return f"{fmt(lo)} … {fmt(hi)}" + (f"  ({s['nan']} NaN)" if s["nan"] else "")


def _run(args, problem, out_dir: Path, ckpt, default_ckpt: Path):
    """:func:`pfsim.models.run_problem` for ``cmd_sweep``: (result, CSV path), or a ValueError.

    On failure the folders this run created and left empty (``--out``, its ``.checkpoints``) are
    removed again: a refused sweep writes nothing. After success the default checkpoint folder is
    gone (``keep_checkpoint=False``) and its ``.checkpoints`` parent too, when empty.
    """
    from ..models import run_problem
    from ..sweep import SweepError

    created = [d for d in (out_dir, out_dir / CHECKPOINTS, default_ckpt) if not d.exists()]
    try:
        res, csv_path = run_problem(
            problem,
            out_dir,
            model=args.model,
            workers=args.workers,
            chunk_size=args.chunk_size,
            rng=args.rng,
            checkpoint_dir=ckpt,
            keep_checkpoint=ckpt != default_ckpt,
            progress=args.progress,
            scheduler=args.scheduler,
        )
    except BaseException as exc:
        for d in reversed(created):  # the folders this run made and left empty
            try:
                d.rmdir()
            except OSError:
                pass
        if not isinstance(exc, SweepError):
            raise
        text = str(exc)
        if ckpt is None and text.endswith("pass checkpoint_dir=DIR."):  # given no_checkpoint
            text = text[:-1] + " instead of no_checkpoint=True."
        raise ValueError(text) from None  # printed in this command's flags (cli_text)
    if ckpt == default_ckpt:
        try:
            ckpt.parent.rmdir()  # DIR/.checkpoints, unless another problem's sweep is in it
        except OSError:
            pass
    return res, csv_path


def cmd_sweep(args) -> int:
    """``pfsim sweep``: run a TOML problem through its model; write CSV + provenance JSON."""
    from ..examples import is_name
    from ..models import output_stem
    from ..sweep import Problem

    path = Path(args.problem)
    if not path.exists() and not is_name(args.problem):
        raise ValueError(
            f"problem file {str(path)!r} does not exist; give the path of a TOML problem or the "
            "name of a bundled one (pfsim examples lists them, e.g. cadence_grid)."
        )
    if args.progress:
        try:
            import tqdm  # noqa: F401
        except ImportError:
            raise ValueError(
                '--progress needs tqdm, which is not installed: pip install "pfsim[progress]" '
                "(or run without --progress)."
            ) from None
    out_dir = Path(args.out_dir) if args.out_dir else Path("pfsim-sweep")
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(
            f"--out {str(out_dir)!r} is a file; --out must be a folder (it receives the CSV, its "
            "provenance JSON and the checkpoints). Give a folder name."
        )
    problem = Problem.from_toml(path)
    default_ckpt = out_dir / CHECKPOINTS / output_stem(problem)
    if args.no_checkpoint:
        ckpt = None
    else:
        ckpt = Path(args.checkpoint_dir) if args.checkpoint_dir else default_ckpt
    t0 = time.perf_counter()
    res, csv_path = _run(args, problem, out_dir, ckpt, default_ckpt)
    elapsed = time.perf_counter() - t0
    prov_path = csv_path.with_suffix(".json")
    summary = res.output_summary()  # computed while the CSV was streamed: no re-read
    if args.json:
        payload = {
            "csv": str(csv_path),
            "provenance": str(prov_path),
            "model": json.loads(prov_path.read_text())["model"]["name"],
            "scenarios": res.n,
            "design": res.design.method,
            "seed": res.seed,
            "inputs": list(res.design.names),
            "outputs": summary,
            "elapsed_s": round(elapsed, 3),
        }
        print_json(payload)
        return 0
    seed = "" if res.seed is None else f", seed {res.seed}"
    print(
        f"pfsim sweep: {res.n:,} scenarios ({res.design.method}{seed}) over "
        f"{', '.join(res.design.names)} in {elapsed:.2f} s"
    )
    print(f"  {csv_path}\n  {prov_path}")
    print_block({k: _range_text(s) for k, s in summary.items()})
    return 0


def register(subparsers) -> None:
    """Add ``sweep`` to the ``pfsim`` sub-parsers."""
    from ..models import MODELS

    sw = subparsers.add_parser(
        "sweep",
        help="run a TOML sweep problem through a pfsim model; write CSV + provenance",
        description=(
            "Evaluate the model a TOML problem names (model = "
            + ", ".join(f'"{k}"' for k in MODELS)
            + ") over its design (grid, lhs or sobol), chunk by chunk, and write <name>.csv and "
            "<name>.json (provenance: versions, command line, git commit, time, resolved problem "
            "and its hash, seed, column units, CSV hash). The "
            "same problem and seed give a byte-identical CSV whatever --workers and --chunk-size. "
            f"Finished chunks are saved in OUT/{CHECKPOINTS}/<name>/ as the sweep runs, so "
            "rerunning a killed sweep with the same arguments resumes it without recomputing them; "
            "that folder is removed once the CSV and JSON are written. The CSV is written while "
            "the sweep runs, in design order, so memory holds only the chunks in flight, not the "
            "n x (inputs + outputs) x 8 bytes of the whole result."
        ),
    )
    sw.add_argument(
        "problem",
        type=path_arg,
        help="TOML problem file, or a bundled problem's name (pfsim examples lists them)",
    )
    sw.add_argument(
        "--out",
        dest="out_dir",
        type=path_arg,
        metavar="DIR",
        help="output folder (default: ./pfsim-sweep)",
    )
    sw.add_argument(
        "--workers",
        type=number(lo=1, integer=True, example="4"),
        default=1,
        metavar="N",
        help="worker processes (default 1: this process)",
    )
    sw.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help=(
            'run the chunks on a dask.distributed cluster (pip install "pfsim[distributed]"): a '
            "scheduler's address (tcp://127.0.0.1:8786), or 'local' to start --workers worker "
            "processes here; same CSV as without"
        ),
    )
    sw.add_argument(
        "--chunk-size",
        type=number(lo=1, integer=True, example="4096"),
        default=None,
        metavar="N",
        help="scenarios per model call (default: the model's, e.g. 4096 for stance)",
    )
    sw.add_argument(
        "--seed",
        dest="rng",
        type=number(lo=0, integer=True, example="42"),
        default=None,
        metavar="S",
        help="seed of a random design when the problem's [design] gives none",
    )
    sw.add_argument(
        "--model", choices=list(MODELS), default=None, help="override the problem's model"
    )
    ck = sw.add_mutually_exclusive_group()
    ck.add_argument(
        "--checkpoint-dir",
        type=path_arg,
        metavar="DIR",
        default=None,
        help=(
            "keep finished chunks here, and keep them after success (default: "
            f"OUT/{CHECKPOINTS}/<name>, removed once the CSV and JSON are written)"
        ),
    )
    ck.add_argument(
        "--no-checkpoint",
        action="store_true",
        help="do not save finished chunks (a killed sweep then starts again from scratch)",
    )
    sw.add_argument("--progress", action="store_true", help="progress bar (needs tqdm)")
    sw.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    sw.set_defaults(func=cmd_sweep)
