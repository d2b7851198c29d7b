"""Local Sphinx extension: generated LaTeX as math, CLI help text, and the top-level API table.

``.. pfsim-tex:: pfsim/derivations/frontal.tex`` (path from the repository root) reads a file written
by ``python -m pfsim.derivations.<module>`` and emits each ``\\begin{align} ... \\end{align}`` block
as display math (MathJax renders the ``align`` environment as it is); each ``% N. title`` comment
line before a block becomes a rubric, so the page follows the derivation's own sections. The file
is read at build time: the page never goes stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"\\begin\{align\}.*?\\end\{align\}", re.S)


class PfsimTex(Directive):
    """Render a generated ``.tex`` file: its comment headings as rubrics, its blocks as math."""

    required_arguments = 1
    has_content = False

    def run(self):
        path = ROOT / self.arguments[0]
        env = self.state.document.settings.env
        env.note_dependency(str(path))
        text = path.read_text(encoding="utf-8")
        out = []
        pos = 0
        for m in _BLOCK.finditer(text):
            for line in text[pos : m.start()].splitlines():
                line = line.strip()
                if not line.startswith("%"):
                    continue
                comment = line.lstrip("% ").strip()
                if comment.startswith("GENERATED"):
                    para = nodes.paragraph()
                    para += nodes.emphasis(
                        text=comment.replace("-- do not edit by hand.", "").strip()
                    )
                    out.append(para)
                elif comment:
                    out.append(nodes.rubric(text=comment))
            latex = m.group(0).replace("\\\\\n\\end{align}", "\n\\end{align}")
            out.append(
                nodes.math_block(latex, latex, nowrap=True, number=None, docname=env.docname)
            )
            pos = m.end()
        return out


class PfsimCli(Directive):
    """``.. pfsim-cli::``: a section per registered command with its ``--help`` text.

    The commands are read from the parser (:func:`pfsim.cli.main.build_parser`) at build time, so a
    new command appears here without editing the page.
    """

    has_content = False

    def run(self):
        import argparse
        import os

        from docutils.statemachine import StringList
        from sphinx.util.nodes import nested_parse_with_titles

        from pfsim.cli.main import build_parser

        old = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "76"
        try:
            parser = build_parser()
            texts = [("pfsim", parser.format_help())]
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            texts += [(f"pfsim {name}", p.format_help()) for name, p in sub.choices.items()]
        finally:
            if old is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = old
        lines = []
        for title, text in texts:
            lines += [title, "-" * len(title), "", ".. code-block:: text", ""]
            lines += ["   " + line if line.strip() else "" for line in text.splitlines()]
            lines.append("")
        node = nodes.section()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, source="pfsim-cli"), node)
        return node.children


#: The modules of the API reference, in layer order (each has a page api/<module>.rst).
API_MODULES = (
    "pfsim.joint",
    "pfsim.gait",
    "pfsim.runner",
    "pfsim.training",
    "pfsim.sweep",
    "pfsim.models",
    "pfsim.assess",
    "pfsim.plotting",
    "pfsim.studies",
    "pfsim.io",
)


def write_top_level_page(app) -> None:
    """Write ``api/pfsim.rst``: each name of ``pfsim.__all__`` linked to where it is documented."""
    import importlib

    import pfsim

    homes = {}
    for modname in API_MODULES:
        mod = importlib.import_module(modname)
        for name in getattr(mod, "__all__", ()):
            homes.setdefault(name, modname)
    linked, own = [], []
    for name in sorted(pfsim.__all__, key=str.lower):
        if name == "__version__":
            continue
        (linked if name in homes else own).append(name)
    lines = [
        "``pfsim`` (top level)",
        "=====================",
        "",
        ".. module:: pfsim",
        "",
        "``import pfsim`` gives the names most scripts need; each is documented in the module it",
        "comes from (this page is written by ``docs/_ext/pfsim_docs.py`` from ``pfsim.__all__``).",
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 40 60",
        "",
        "   * - name",
        "     - documented in",
    ]
    for name in linked:
        lines += [
            f"   * - :py:obj:`pfsim.{name} <{homes[name]}.{name}>`",
            f"     - :py:mod:`{homes[name]}`",
        ]
    lines.append("")
    for name in own:
        obj = getattr(pfsim, name)
        kind = (
            "autoexception"
            if isinstance(obj, type) and issubclass(obj, BaseException)
            else "autodata"
        )
        if kind == "autodata" and (callable(obj) and not isinstance(obj, type)):
            kind = "autofunction"
        elif kind == "autodata" and isinstance(obj, type):
            kind = "autoclass"
        lines += [f".. {kind}:: {name}", ""]
    target = Path(app.srcdir) / "api" / "pfsim.rst"
    text = "\n".join(lines)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    """Register the directive and the page writer."""
    app.add_directive("pfsim-tex", PfsimTex)
    app.add_directive("pfsim-cli", PfsimCli)
    app.connect("builder-inited", write_top_level_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
