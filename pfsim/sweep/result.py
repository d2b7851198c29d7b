"""Sweep results: named input and output arrays, CSV with a provenance sidecar, pandas and xarray."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..io import public_mode

__all__ = ["SweepResult", "Table"]

_LABELLED = 'pip install "pfsim[labelled]"'


def _need(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{what} needs {module}, an optional extra of pfsim: {_LABELLED} (or pip install {module})."
        ) from None


def _format_column(a) -> list[str]:
    """Text of each value: floats as ``repr`` (shortest round-trip form, as pfsim.io.write_csv)."""
    if isinstance(a, np.ndarray):
        if a.dtype.kind == "f":
            return [repr(v) for v in a.astype(np.float64).tolist()]
        if a.dtype.kind in "iub":
            return [str(v) for v in a.tolist()]
    out = []
    for v in a:
        s = str(v)
        if any(c in s for c in ',"\n\r'):
            s = '"' + s.replace('"', '""') + '"'
        out.append(s)
    return out


def _write_csv_streaming(path, columns: Mapping, block: int = 65536) -> str:
    """Write columns as CSV atomically (temp file + fsync + rename), block by block; return sha256."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(columns)
    n = len(next(iter(columns.values()))) if names else 0
    h = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            header = (",".join(names) + "\n").encode("utf-8")
            fh.write(header)
            h.update(header)
            for s in range(0, n, block):
                cols = [_format_column(columns[k][s : s + block]) for k in names]
                text = "\n".join(map(",".join, zip(*cols, strict=True))) + "\n"
                data = text.encode("utf-8")
                fh.write(data)
                h.update(data)
            fh.flush()
            os.fsync(fh.fileno())
        public_mode(tmp)  # mkstemp makes the file private (0600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return h.hexdigest()


def _sidecar_path(path) -> Path:
    return Path(path).with_suffix(".json")


def _write_sidecar(csv_path, prov: dict) -> Path:
    from ..io import atomic_write_text

    return atomic_write_text(
        _sidecar_path(csv_path), json.dumps(prov, indent=2, sort_keys=True) + "\n"
    )


class SweepResult:
    """Inputs and outputs of a sweep, by name, with the design that produced them.

    Attributes
    ----------
    design : Design
    inputs : dict of str to ndarray
        Swept inputs, one value per scenario (regenerated from the design on first access).
    outputs : dict of str to ndarray
    seed : int or None
    units : dict of str to str

    Examples
    --------
    >>> from pfsim.sweep import Input, Problem, grid_design, run_sweep
    >>> p = Problem([Input("a_m", levels=[1, 2]), Input("b_m", levels=[3, 4])], outputs={"area_m2": "m²"})
    >>> res = run_sweep(lambda a_m, b_m: {"area_m2": a_m * b_m}, grid_design(p))
    >>> res["area_m2"], res.names
    (array([3., 4., 6., 8.]), ('a_m', 'b_m', 'area_m2'))
    """

    def __init__(self, design, outputs: Mapping, func: str = "", chunk_size: int | None = None):
        self.design = design
        self.outputs = dict(outputs)
        self.func = func
        self.chunk_size = chunk_size
        self._inputs = None

    @property
    def inputs(self) -> dict[str, np.ndarray]:
        if self._inputs is None:
            self._inputs = self.design.inputs()
        return self._inputs

    @property
    def seed(self):
        return self.design.seed

    @property
    def n(self) -> int:
        return self.design.n

    @property
    def names(self) -> tuple[str, ...]:
        """Input names then output names: the CSV columns."""
        return tuple(self.design.names) + tuple(self.outputs)

    @property
    def units(self) -> dict[str, str]:
        return {k: v for k, v in self.design.units.items() if k in self.names}

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.outputs:
            return self.outputs[name]
        if name in self.design.names:
            return self.inputs[name]
        raise KeyError(f"no input or output {name!r}; names are {', '.join(self.names)}.")

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        return (
            f"<SweepResult {self.design.method} n={self.n} inputs={list(self.design.names)} "
            f"outputs={list(self.outputs)}>"
        )

    def to_dict(self) -> dict[str, np.ndarray]:
        """Inputs then outputs as one dict of 1-D arrays."""
        return {**self.inputs, **self.outputs}

    def provenance(self, extra: Mapping | None = None) -> dict:
        """Provenance record (:func:`pfsim.io.provenance`): versions, resolved problem, hashes, seed."""
        from ..io import provenance

        problem = self.design.problem
        info = {
            "sweep": {
                "problem": None if problem is None else problem.resolved(),
                "problem_sha256": None if problem is None else problem.sha256,
                "design": {k: v for k, v in self.design.resolved().items() if k != "problem"},
                "design_sha256": self.design.sha256,
                "seed": self.seed,
                "function": self.func,
                "n": self.n,
                "inputs": list(self.design.names),
                "outputs": list(self.outputs),
                "units": self.units,
            }
        }
        if extra:
            info.update(extra)
        return provenance(info)

    def to_csv(self, path, extra: Mapping | None = None) -> Path:
        """Write inputs and outputs as CSV (atomically), with provenance in ``<path stem>.json``.

        Floats are written in shortest round-trip form, so the same sweep gives byte-identical files
        and reading the file back gives the same numbers bit for bit. The sidecar records the
        SHA-256 of the CSV, and ``extra`` (JSON-ready entries, e.g. the model and output units).

        Returns
        -------
        pathlib.Path
            The CSV path; the sidecar is ``path.with_suffix(".json")``.
        """
        path = Path(path)
        digest = _write_csv_streaming(path, self.to_dict())
        prov = self.provenance(
            {**(extra or {}), "csv": {"file": path.name, "sha256": digest, "rows": self.n}}
        )
        _write_sidecar(path, prov)
        return path

    def to_pandas(self):
        """A pandas DataFrame, one column per input and output; provenance in ``df.attrs``."""
        pd = _need("pandas", "SweepResult.to_pandas()")
        df = pd.DataFrame(self.to_dict())
        df.attrs["pfsim_provenance"] = self.provenance()
        df.attrs["units"] = self.units
        return df

    def to_xarray(self):
        """An xarray Dataset: a grid becomes one dimension per input; samples a ``scenario`` dim.

        Units are in each variable's ``units`` attribute and the provenance (JSON text) in the
        dataset's ``pfsim_provenance`` attribute, so it survives ``to_netcdf``.
        """
        xr = _need("xarray", "SweepResult.to_xarray()")
        units = self.units
        prov = self.provenance()
        attrs = {
            "pfsim_provenance": json.dumps(prov, sort_keys=True),
            "design_sha256": self.design.sha256,
            "seed": -1 if self.seed is None else self.seed,
            **{f"constant_{k}": v for k, v in self.design.constants.items()},
        }
        if self.design.method == "grid":
            dims = tuple(self.design.names)
            coords = {
                k: (k, lv, {"units": units.get(k, "")})
                for k, lv in zip(dims, self.design.levels, strict=True)
            }
            data = {
                k: (dims, v.reshape(self.design.shape), {"units": units.get(k, "")})
                for k, v in self.outputs.items()
            }
        else:
            coords = {"scenario": np.arange(self.n)}
            coords.update(
                {k: ("scenario", v, {"units": units.get(k, "")}) for k, v in self.inputs.items()}
            )
            data = {
                k: ("scenario", v, {"units": units.get(k, "")}) for k, v in self.outputs.items()
            }
        return xr.Dataset(data, coords=coords, attrs=attrs)


class Table:
    """A small table of named, equal-length columns (sensitivity indices, tornado swings).

    Columns are numpy arrays (numbers) or lists (text). ``repr`` prints an aligned table;
    :meth:`to_csv` writes CSV plus a provenance sidecar; :meth:`to_pandas` gives a DataFrame.

    Examples
    --------
    >>> t = Table({"input": ["x", "y"], "value": np.array([1.0, 0.5])}, title="demo")
    >>> t["value"], len(t)
    (array([1. , 0.5]), 2)
    >>> t.select(input="y")["value"]
    array([0.5])
    """

    def __init__(self, columns: Mapping, title: str = "", meta: Mapping | None = None, units=None):
        cols = {}
        for k, v in columns.items():
            if isinstance(v, np.ndarray):
                cols[k] = v
            elif len(v) and all(isinstance(x, str) for x in v):
                cols[k] = list(v)
            else:
                cols[k] = np.asarray(v, dtype=np.float64)
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise ValueError(f"Table columns differ in length ({sorted(lengths)}).")
        self.columns = cols
        self.title = title
        self.meta = dict(meta or {})
        self.units = dict(units or {})
        self.sweep = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name):
        try:
            return self.columns[name]
        except KeyError:
            raise KeyError(f"no column {name!r}; columns are {', '.join(self.columns)}.") from None

    def rows(self) -> list[dict]:
        """The rows as dicts (Python scalars)."""
        return [
            {
                k: (v[i].item() if isinstance(v, np.ndarray) else v[i])
                for k, v in self.columns.items()
            }
            for i in range(len(self))
        ]

    def select(self, **equal) -> Table:
        """Rows whose columns equal the given values, e.g. ``table.select(output="y")``."""
        keep = [i for i, r in enumerate(self.rows()) if all(r[k] == v for k, v in equal.items())]
        cols = {
            k: (v[keep] if isinstance(v, np.ndarray) else [v[i] for i in keep])
            for k, v in self.columns.items()
        }
        t = Table(cols, self.title, self.meta, self.units)
        t.sweep = self.sweep
        return t

    def to_dict(self) -> dict:
        return dict(self.columns)

    def to_csv(self, path) -> Path:
        """Write the table as CSV (atomically) with provenance (``meta``) in ``<path stem>.json``."""
        from ..io import provenance

        path = Path(path)
        digest = _write_csv_streaming(path, self.columns)
        _write_sidecar(
            path,
            provenance(
                {
                    "table": self.title,
                    **self.meta,
                    "units": self.units,
                    "csv": {"file": path.name, "sha256": digest, "rows": len(self)},
                }
            ),
        )
        return path

    def to_pandas(self):
        """A pandas DataFrame of the columns; ``meta`` in ``df.attrs``."""
        pd = _need("pandas", "Table.to_pandas()")
        df = pd.DataFrame(self.columns)
        df.attrs.update(self.meta)
        return df

    def __repr__(self) -> str:
        def fmt(v):
            if isinstance(v, float):
                return f"{v:.4g}"
            return str(v)

        rows = [[fmt(r[k]) for k in self.columns] for r in self.rows()]
        head = list(self.columns)
        numeric = [isinstance(self.columns[h], np.ndarray) for h in head]
        widths = [max([len(h)] + [len(r[j]) for r in rows]) for j, h in enumerate(head)]
        lines = [self.title] if self.title else []
        lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        for r in rows:
            cells = zip(r, widths, numeric, strict=True)
            lines.append("  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in cells))
        return "\n".join(lines)


def _as_list(x) -> list:
    if isinstance(x, str) or not isinstance(x, Sequence):
        return [x]
    return list(x)
