"""The ``pfsim examples`` sub-command: the bundled runner profiles, histories and sweep problems.

- ``pfsim examples [--json]``: list them (kind, name, one-line description).
- ``pfsim examples NAME``: print the example's file.
- ``pfsim examples NAME --copy DIR``: write a copy into ``DIR`` (atomically, never over an existing
  file) to edit, then pass its path where the name went.

Every command that reads a profile, a history or a problem takes these names
(``pfsim run --runner hip_driven``, ``pfsim load jump40_hills --runner load_driven``,
``pfsim sweep cadence_grid``); see :mod:`pfsim.examples`.
"""

from __future__ import annotations

import sys

from ._common import path_arg, print_json

__all__ = ["register", "cmd_examples"]


def _list(as_json: bool) -> int:
    from .. import examples

    rows = examples.catalogue()
    if as_json:
        print_json([{"kind": k, "name": n, "description": d} for k, n, d in rows])
        return 0
    width = max(len(n) for _, n, _ in rows)
    for kind, (_, _, reader) in examples.KINDS.items():
        print(f"{kind} (read by {reader}):")
        for k, name, text in rows:
            if k == kind:
                print(f"  {name.ljust(width)}  {text}")
    print("pfsim examples NAME prints one; pfsim examples NAME --copy DIR writes a copy to edit.")
    return 0


def cmd_examples(args) -> int:
    """``pfsim examples [NAME] [--copy DIR]``: list, print or copy the bundled examples."""
    from .. import examples

    if args.name is None:
        if args.folder is not None:
            raise ValueError("--copy needs the example's NAME: pfsim examples NAME --copy DIR.")
        return _list(args.json)
    kind = examples.find(args.name, strict=True)
    if args.folder is not None:
        target = examples.copy(args.name, args.folder)
        if args.json:
            print_json({"kind": kind, "name": args.name, "file": str(target)})
        else:
            print(f"pfsim examples: wrote {target} (pass this path where the name went)")
        return 0
    text = examples.path(kind, args.name).read_text(encoding="utf-8")
    if args.json:
        print_json({"kind": kind, "name": args.name, "text": text})
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers) -> None:
    """Add ``examples`` to ``pfsim``'s argparse sub-parsers."""
    p = subparsers.add_parser(
        "examples",
        help="list the bundled runner profiles, histories and sweep problems; print or copy one",
        description=(
            "The examples that ship with pfsim: runner profiles (pfsim run --runner NAME), "
            "training histories (pfsim load NAME --runner NAME) and sweep problems (pfsim sweep "
            "NAME). Without NAME: list them. With NAME: print its file, or write a copy with "
            "--copy DIR to edit (an existing file is never overwritten)."
        ),
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="an example's name (omit to list)")
    p.add_argument(
        "--copy",
        dest="folder",
        type=path_arg,
        metavar="DIR",
        help="write a copy of NAME into the folder DIR (created if missing)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_examples)
