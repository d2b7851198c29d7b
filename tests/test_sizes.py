"""Size limits that keep every module and function readable (issue 10): no function or method over
150 lines, no module over 900 lines. Generated code (``joint/_generated_*.py``) is exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "pfsim"
MAX_FUNCTION_LINES = 150
MAX_MODULE_LINES = 900


def oversized(root: Path) -> list[str]:
    """Every function over MAX_FUNCTION_LINES and module over MAX_MODULE_LINES under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name.startswith("_generated"):
            continue
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        if n > MAX_MODULE_LINES:
            found.append(f"module {path.relative_to(root.parent)}: {n} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    where = f"{path.relative_to(root.parent)}:{node.lineno}"
                    found.append(f"function {where} {node.name}: {length} lines")
    return found


def test_no_function_or_module_is_over_the_limits():
    assert PACKAGE_ROOT.is_dir()
    assert oversized(PACKAGE_ROOT) == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("def f():\n" + "    x = 1\n" * 150, "function"),
        ("x = 1\n" * 901, "module"),
    ],
)
def test_the_check_finds_an_oversized_function_or_module(tmp_path, text, match):
    (tmp_path / "pfsim").mkdir()
    (tmp_path / "pfsim" / "m.py").write_text(text)
    assert any(line.startswith(match) for line in oversized(tmp_path / "pfsim"))
