"""The validation report's row merge: a partial run never drops rows it did not recompute."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "validation_conftest", Path(__file__).resolve().parents[1] / "validation" / "conftest.py"
)
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)
merge_rows = _conftest.merge_rows


def _row(study, case, status="pass"):
    return {"study": study, "case": case, "status": status}


EXISTING = [_row("a", "x"), _row("a", "y"), _row("a", "old name"), _row("b", "z")]


def test_a_full_study_replaces_its_rows_and_keeps_other_studies():
    rows = merge_rows([_row("a", "x", "fail")], EXISTING, partial=set())
    assert sorted((r["study"], r["case"], r["status"]) for r in rows) == [
        ("a", "x", "fail"),
        ("b", "z", "pass"),
    ]


def test_a_partly_run_study_keeps_the_cases_it_did_not_recompute():
    rows = merge_rows([_row("a", "x", "fail")], EXISTING, partial={"a"})
    assert sorted((r["study"], r["case"], r["status"]) for r in rows) == [
        ("a", "old name", "pass"),
        ("a", "x", "fail"),
        ("a", "y", "pass"),
        ("b", "z", "pass"),
    ]
