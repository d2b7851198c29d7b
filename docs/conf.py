"""Sphinx configuration of the pfsim documentation (``bash docs/build.sh``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import pfsim  # noqa: E402

project = "pfsim"
author = "pfsim developers"
copyright = "pfsim developers, BSD-3-Clause"  # noqa: A001
release = pfsim.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "pfsim_docs",
]

# module docstrings list their references as numpydoc citations ([Name]) that the prose names
# without citing them: "not referenced" is not an error here
suppress_warnings = ["ref.citation"]

source_suffix = {".rst": "restructuredtext"}
exclude_patterns = ["_build", "gallery", "Thumbs.db", ".DS_Store"]
templates_path = []

# autodoc / numpydoc: the package's __all__ decides what is documented
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()

# MathJax from its CDN by default; PFSIM_DOCS_MATHJAX=file:///.../es5/tex-mml-chtml.js for a page
# read offline (e.g. from `npm pack mathjax@3`)
if os.environ.get("PFSIM_DOCS_MATHJAX"):
    mathjax_path = os.environ["PFSIM_DOCS_MATHJAX"]

# MyST only for the validation report (a GFM table)
myst_enable_extensions = []
myst_heading_anchors = 2

# sphinx-gallery: every script in gallery/ runs at build time and its figure is embedded
sphinx_gallery_conf = {
    "examples_dirs": ["gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "abort_on_example_error": True,
    "image_scrapers": ("matplotlib",),
}

html_theme = "pydata_sphinx_theme"
html_title = f"pfsim {release}"
html_static_path = ["_static"]
html_css_files = ["pfsim.css"]
html_theme_options = {
    "navigation_depth": 2,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "validation": [], "getting_started": []}
