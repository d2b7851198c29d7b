"""The layer table of DESIGN.md, checked from the code's imports (AST).

Each layer imports only the layers below it, never a sibling of its own rank, and never a higher one,
whether at module level or inside a function. Third-party rules: matplotlib only under
``pfsim.plotting``, argparse only under ``pfsim.cli``, sympy only under ``pfsim.derivations``, and the
optional extras (pandas, xarray, dask, tqdm) only inside functions. The import graph of pfsim's
modules has no cycles.

The checker is a function of a source tree, so the tests below also run it on small synthetic trees
with a known violation: it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "pfsim"

#: DESIGN.md's layout, bottom to top. A module belongs to the longest entry that prefixes its name.
#: Entries of one rank are siblings: neither may import the other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("pfsim._version", "pfsim.constants"),
    ("pfsim._checks",),
    ("pfsim._results",),
    ("pfsim.io",),
    ("pfsim.examples",),  # bundled data and its loader: every reader above may take a name
    ("pfsim.joint", "pfsim.sweep"),  # the engine knows no knees
    ("pfsim.gait",),
    ("pfsim.runner",),
    ("pfsim.training",),
    ("pfsim.models",),
    ("pfsim.assess",),
    ("pfsim.plotting",),
    ("pfsim.studies",),
    ("pfsim.cli",),
    ("pfsim", "pfsim.__main__"),  # the public names
    ("pfsim.derivations",),  # sympy -> joint/_generated_*.py; never imported by the package
)

#: (importer unit, imported unit): the only imports that may reach up, and only by
#: ``importlib.import_module`` (never a static ``import``), each with a test:
#: - deprecated aliases, for one release, each with a DeprecationWarning;
#: - late-bound .plot() dispatch, like pandas' plotting backend (``LabelledResult.plot``).
LATE_BINDINGS = {("pfsim.sweep", "pfsim.plotting"), ("pfsim._results", "pfsim.plotting")}

#: Third-party modules and the units allowed to import them (None: only inside functions).
THIRD_PARTY = {
    "matplotlib": ("pfsim.plotting",),
    "argparse": ("pfsim.cli",),
    "sympy": ("pfsim.derivations",),
}
OPTIONAL_EXTRAS = ("pandas", "xarray", "dask", "tqdm", "numba")


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> tuple[str, int]:
    """(layer entry, rank) of a pfsim module: the longest entry of LAYERS that prefixes it."""
    best = ("", -1)
    for rank, entries in enumerate(LAYERS):
        for entry in entries:
            if (module == entry or module.startswith(entry + ".")) and len(entry) > len(best[0]):
                best = (entry, rank)
    if best[1] < 0:
        raise AssertionError(f"{module} is in no layer of LAYERS: add it to the table (DESIGN.md)")
    return best


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, root: Path, modules: set[str]):
    """Yield (imported module, line, in_function, via_import_module) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, in_function, False
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    yield (sub if sub in modules else target), child.lineno, in_function, False
            elif (
                isinstance(child, ast.Call)
                and getattr(child.func, "attr", getattr(child.func, "id", "")) == "import_module"
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                yield child.args[0].value, child.lineno, in_function, True
            yield from visit(child, inner)

    yield from visit(tree, False)


def check_tree(root: Path) -> list[str]:
    """Every violation of the layer table, the third-party rules and acyclicity under ``root``."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    modules = set(files)
    problems, edges = [], {m: set() for m in modules}
    for me, path in files.items():
        my_unit, my_rank = unit_of(me)
        where = f"{path.relative_to(root.parent)}"
        for target, line, in_function, dynamic in imports_of(path, root, modules):
            top = target.split(".")[0]
            if top != "pfsim":
                allowed = THIRD_PARTY.get(top)
                if allowed is not None and not any(
                    my_unit == a or my_unit.startswith(a + ".") for a in allowed
                ):
                    problems.append(f"{where}:{line}: imports {top}, allowed only in {allowed}")
                if top in OPTIONAL_EXTRAS and not in_function:
                    problems.append(
                        f"{where}:{line}: imports the optional {top} at module level "
                        "(import it inside the function that needs it)"
                    )
                continue
            unit, rank = unit_of(target)
            if dynamic and (my_unit, unit) in LATE_BINDINGS:
                continue  # bound when called, not at import: neither a violation nor a cycle
            if target in modules:
                edges[me].add(target)
            if unit == my_unit:
                continue
            if rank > my_rank:
                problems.append(f"{where}:{line}: {me} (layer {my_unit}) imports {target} (higher)")
            elif rank == my_rank:
                problems.append(f"{where}:{line}: {me} imports its sibling layer {target}")
            elif unit == "pfsim.derivations":
                problems.append(f"{where}:{line}: {me} imports the derivations")
    problems.extend(_cycles(edges))
    return problems


def _cycles(edges: dict[str, set[str]]) -> list[str]:
    """One message per import cycle (Tarjan's strongly connected components)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append("import cycle: " + " <-> ".join(sorted(comp)))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


# --------------------------------------------------------------------------------------------------
def test_the_package_follows_the_layer_table():
    problems = check_tree(PACKAGE_ROOT)
    assert not problems, "layer violations:\n" + "\n".join(problems)


def test_every_package_module_has_a_layer():
    for path in PACKAGE_ROOT.rglob("*.py"):
        unit_of(module_name(path, PACKAGE_ROOT))


def _tree(tmp_path, files: dict[str, str]) -> Path:
    root = tmp_path / "pfsim"
    for name, text in {"__init__.py": "", **files}.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


CLEAN = {
    "sweep/__init__.py": "from .engine import run\n",
    "sweep/engine.py": "from .._version import v\nfrom ..io import w\n",
    "io/__init__.py": "import os\n",
    "_version.py": "v = 1\n",
    "joint/__init__.py": "import numpy\n",
    "plotting/__init__.py": "import matplotlib\n",
    "models.py": "from .sweep import engine\nfrom .joint import x\n",
}


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ({"sweep/engine.py": "from ..joint import x\n"}, "sibling layer pfsim.joint"),
        ({"sweep/engine.py": "def f():\n    from .. import models\n"}, "(higher)"),
        ({"io/__init__.py": "from ..models import m\n"}, "(higher)"),
        ({"joint/__init__.py": "import matplotlib.pyplot\n"}, "imports matplotlib"),
        ({"models.py": "import argparse\n"}, "imports argparse"),
        ({"joint/__init__.py": "import pandas\n"}, "optional pandas at module level"),
        (
            {"joint/a.py": "from . import b\n", "joint/b.py": "def f():\n    from . import a\n"},
            "cycle",
        ),
        ({"sweep/x.py": "import importlib\nimportlib.import_module('pfsim.models')\n"}, "(higher)"),
        ({"joint/__init__.py": "def f():\n    from ..derivations import d\n"}, "(higher)"),
    ],
)
def test_the_checker_finds_each_kind_of_violation(tmp_path, extra, match):
    assert check_tree(_tree(tmp_path, CLEAN)) == []
    problems = check_tree(_tree(tmp_path, {**CLEAN, **extra}))
    assert any(match in p for p in problems), problems


def test_the_checker_allows_the_listed_deprecated_shim_only(tmp_path):
    shim = "def __getattr__(n):\n    import importlib\n    return importlib.import_module('pfsim.plotting')\n"
    assert check_tree(_tree(tmp_path, {**CLEAN, "sweep/__init__.py": shim})) == []
    static = "from ..plotting import plot\n"
    assert check_tree(_tree(tmp_path, {**CLEAN, "sweep/engine.py": static}))


LATE_PLOT = (
    "import importlib\n\nclass R:\n    def plot(self, ax=None):\n"
    "        return importlib.import_module('pfsim.plotting').plot_result(self, ax=ax)\n"
)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (None, None),  # the late-bound .plot() dispatch is allowed
        ("def plot(self):\n    from .plotting import plot_result\n", "(higher)"),
        ("from .plotting import plot_result\n", "(higher)"),
        ("import pfsim.plotting\n", "(higher)"),
        (LATE_PLOT.replace("pfsim.plotting", "pfsim.models"), "(higher)"),  # only the listed pair
    ],
)
def test_results_reach_plotting_only_by_late_binding(tmp_path, text, match):
    problems = check_tree(_tree(tmp_path, {**CLEAN, "_results.py": text or LATE_PLOT}))
    if match is None:
        assert problems == []
    else:
        assert any(match in p and "pfsim._results" in p for p in problems), problems
