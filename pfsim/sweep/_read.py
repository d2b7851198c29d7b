"""A saved sweep read back: its CSV and JSON sidecar become a :class:`SweepResult` again.

What :meth:`SweepResult.read` does. The sidecar (written by :meth:`SweepResult.to_csv`, by
``run_sweep(..., csv_path=)`` and so by ``pfsim sweep``) records the resolved problem, the design's
method, size, seed and parameters, the output names and dtypes, and the CSV's SHA-256. The design is
rebuilt from that record and checked three ways: its hash against the recorded one, the CSV's hash
against the recorded one, and every input column of the CSV against the rebuilt design's rows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from .design import _rebuild_design
from .problem import Input, Problem

__all__ = ["read_sweep"]

_RERUN = "rerun the sweep (pfsim sweep, or run_sweep(..., csv_path=...)) to write a matching pair"


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sidecar(csv_path: Path) -> dict:
    """The ``sweep`` record of the JSON sidecar next to ``csv_path`` (and its ``csv`` entry)."""
    side = csv_path.with_suffix(".json")
    if not side.is_file():
        raise ValueError(
            f"{csv_path} has no sidecar {side.name} next to it; reading a sweep back needs the "
            "JSON written with the CSV (it records the problem, design and seed): copy it next to "
            f"the CSV, or {_RERUN}."
        )
    try:
        prov = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{side} is not valid JSON ({exc}); restore it, or {_RERUN}.") from None
    record = prov.get("sweep") if isinstance(prov, dict) else None
    if not isinstance(record, dict) or not isinstance(record.get("design"), dict):
        raise ValueError(
            f"{side} is not the sidecar of a sweep (it has no 'sweep' record with a design); give "
            "the CSV of a sweep (pfsim sweep's OUT/<name>.csv, or SweepResult.to_csv)."
        )
    return {**record, "_csv": prov.get("csv") or {}, "_versions": _versions(prov), "_path": side}


_VERSION_KEYS = ("pfsim_version", "numpy", "scipy")


def _versions(prov: dict) -> str:
    """What to do when the design drawn again differs: depends on whether the versions changed."""
    from ..io import provenance

    now = provenance()
    then = {k: prov.get(k) for k in _VERSION_KEYS}
    if all(then[k] == now[k] for k in _VERSION_KEYS):
        return f"the sidecar or the CSV was edited; {_RERUN}"
    text = ", ".join(f"{k} {v}" for k, v in then.items())
    return f"it was written with {text}: read it with those versions, or rerun the sweep with these"


def _problem(resolved) -> Problem | None:
    """The problem a :meth:`Problem.resolved` record describes (same resolved record, same hash)."""
    if resolved is None:
        return None
    inputs = []
    for spec in resolved["inputs"]:
        kind = spec["kind"]
        inputs.append(
            Input(
                name=spec["name"],
                unit=spec.get("unit", ""),
                baseline=spec.get("baseline"),
                num=spec.get("num"),
                description=spec.get("description", ""),
                **{kind: spec[kind]},
            )
        )
    return Problem(
        inputs=tuple(inputs),
        constants=resolved.get("constants") or {},
        outputs=resolved.get("outputs"),
        name=resolved.get("name", "sweep"),
        description=resolved.get("description", ""),
        design=resolved.get("design"),
        model=resolved.get("model"),
        model_options=resolved.get("model_options"),
    )


def _header(csv_path: Path) -> list[str]:
    with open(csv_path, encoding="utf-8") as fh:
        return fh.readline().rstrip("\n").split(",")


def _csv_inputs(csv_path: Path, names, n: int) -> dict[str, np.ndarray]:
    try:
        table = np.loadtxt(csv_path, delimiter=",", skiprows=1, usecols=range(len(names)), ndmin=2)
    except ValueError as exc:
        raise ValueError(
            f"{csv_path} cannot be read as this sweep's inputs ({exc}); the file was cut short or "
            f"edited: {_RERUN}."
        ) from None
    if len(table) != n:
        raise ValueError(
            f"{csv_path} holds {len(table)} rows, not the {n} its sidecar records; the file was cut "
            f"short or edited: {_RERUN}."
        )
    return {k: table[:, j].copy() for j, k in enumerate(names)}


def _check_inputs(csv_path: Path, csv_inputs, design, versions: str) -> None:
    """Every input column of the CSV equals the rebuilt design's, bit for bit."""
    rebuilt = design.inputs()
    for k, col in csv_inputs.items():
        diff = np.flatnonzero(col != rebuilt[k])
        if diff.size:
            r = int(diff[0])
            raise ValueError(
                f"{csv_path}: column {k!r} differs from the design its sidecar records at "
                f"{diff.size} of {design.n} rows (row {r + 1}: {float(col[r])!r} in the file, "
                f"{float(rebuilt[k][r])!r} drawn again); {versions}."
            )


def read_sweep(csv_path, result_class):
    """The :class:`SweepResult` of a sweep saved as ``csv_path`` and its sidecar (see the module)."""
    csv_path = Path(csv_path)
    if not csv_path.is_file():
        raise ValueError(f"sweep file {csv_path} does not exist; give the CSV a sweep wrote.")
    rec = _sidecar(csv_path)
    side, versions = rec["_path"], rec["_versions"]
    recorded_hash = rec["_csv"].get("sha256")
    if recorded_hash is not None and _file_sha256(csv_path) != recorded_hash:
        raise ValueError(
            f"{csv_path} is not the file its sidecar {side.name} describes (its SHA-256 differs): "
            f"the CSV was edited, or the two come from different runs; {_RERUN}."
        )
    problem = _problem(rec.get("problem"))
    if problem is not None and problem.sha256 != rec.get("problem_sha256", problem.sha256):
        raise ValueError(
            f"{side}: the problem it records does not match its problem_sha256 (edited?); {_RERUN}."
        )
    names = list(rec.get("inputs") or (problem.names if problem is not None else ()))
    outputs = list(rec.get("outputs") or [])
    header = _header(csv_path)
    if header != names + outputs:
        raise ValueError(
            f"{csv_path} has the columns {', '.join(header)}, not the inputs and outputs its "
            f"sidecar records ({', '.join(names + outputs)}); the CSV was edited: {_RERUN}."
        )
    n = rec["design"].get("n")
    csv_inputs = _csv_inputs(csv_path, names, n)
    try:
        design = _rebuild_design({**rec["design"], "n": n}, problem, csv_inputs)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{side}: its design record cannot be rebuilt ({exc}); {versions}."
        ) from None
    if design.sha256 != rec.get("design_sha256", design.sha256):
        raise ValueError(
            f"{side}: the design drawn again from its record has another hash than the one it "
            f"records; {versions}."
        )
    _check_inputs(csv_path, csv_inputs, design, versions)
    dtypes = rec.get("output_dtypes") or {}
    res = result_class(
        design,
        None,
        func=rec.get("function", ""),
        csv_path=csv_path,
        output_dtypes={k: np.dtype(dtypes.get(k, "float64")) for k in outputs},
    )
    res._inputs = csv_inputs
    return res
