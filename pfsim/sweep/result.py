"""Sweep results: named input and output arrays, CSV with a provenance sidecar, pandas and xarray."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..io import TableWriter, parse_column, table_record, write_table
from ..io import provenance as _provenance
from ._lock import output_lock

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


#: The streaming CSV + sidecar writer of pfsim.io (the engine streams a sweep's rows through it).
_CsvWriter = TableWriter


class _Summary:
    """Running min and max of the finite values and count of non-finite ones, per output."""

    def __init__(self):
        self.stats: dict[str, dict] = {}

    def update(self, data: Mapping) -> None:
        for k, v in data.items():
            a = np.asarray(v, dtype=np.float64)
            finite = np.isfinite(a)
            st = self.stats.setdefault(k, {"min": None, "max": None, "nan": 0})
            st["nan"] += int(a.size - np.count_nonzero(finite))
            if finite.any():
                lo, hi = float(a[finite].min()), float(a[finite].max())
                st["min"] = lo if st["min"] is None else min(st["min"], lo)
                st["max"] = hi if st["max"] is None else max(st["max"], hi)


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

    def __init__(
        self,
        design,
        outputs: Mapping | None,
        func: str = "",
        chunk_size: int | None = None,
        *,
        csv_path=None,
        output_dtypes: Mapping | None = None,
        summary: Mapping | None = None,
        checkpoint_dir=None,
    ):
        self.design = design
        self._outputs = None if outputs is None else dict(outputs)
        if outputs is None and csv_path is None:
            raise ValueError("SweepResult needs the outputs, or the CSV they were streamed to.")
        self._dtypes = dict(output_dtypes or {})
        self._output_names = list(self._dtypes) if outputs is None else list(self._outputs)
        self.func = func
        self.chunk_size = chunk_size
        self.csv_path = None if csv_path is None else Path(csv_path)
        self.checkpoint_dir = None if checkpoint_dir is None else Path(checkpoint_dir)
        self._summary = None if summary is None else dict(summary)
        self._inputs = None

    @property
    def outputs(self) -> dict[str, np.ndarray]:
        """Output arrays by name.

        A sweep streamed to CSV reads them back from it on first access, each with the dtype the
        model returned: floats bit for bit (written in round-trip form),
        integers exactly, booleans from their ``0.0``/``1.0`` (:func:`pfsim.io.parse_column`).
        """
        if self._outputs is None:
            self._outputs = self._read_outputs()
        return self._outputs

    def _read_outputs(self) -> dict[str, np.ndarray]:
        names = self._output_names
        if not names:
            return {}
        first = len(self.design.names)
        cols = list(range(first, first + len(names)))
        with open(self.csv_path, encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split(",")
        if header[first:] != names:
            raise ValueError(
                f"{self.csv_path} no longer holds this sweep's outputs (its columns are "
                f"{', '.join(header)}); rerun the sweep."
            )
        dtypes = [np.dtype(self._dtypes.get(k, "float64")) for k in names]
        # all floats: parsed by numpy directly; else as text, each column by parse_column, the
        # inverse of the format_column that wrote it (booleans as 0.0/1.0, integers exactly)
        as_text = any(dt.kind != "f" for dt in dtypes)
        try:
            table = np.loadtxt(
                self.csv_path,
                delimiter=",",
                skiprows=1,
                usecols=cols,
                dtype=str if as_text else np.float64,
                ndmin=2,
            )
        except ValueError as exc:  # a truncated or edited file: numpy names neither file nor fix
            raise ValueError(
                f"{self.csv_path} cannot be read back as this sweep's outputs ({exc}); the file was "
                "cut short or edited: rerun the sweep."
            ) from None
        if len(table) != self.n:
            raise ValueError(
                f"{self.csv_path} holds {len(table)} rows, not the sweep's {self.n}; the file was "
                "cut short or edited: rerun the sweep."
            )
        return {
            k: parse_column(table[:, j], dt, name=f"{self.csv_path} column {k!r}")
            for j, (k, dt) in enumerate(zip(names, dtypes, strict=True))
        }

    def output_summary(self) -> dict[str, dict]:
        """Per output: ``min`` and ``max`` of the finite values and the ``nan`` count.

        ``min`` and ``max`` are None when no value is finite; ``nan`` counts the non-finite values.
        Computed while streaming when the sweep was streamed to CSV.
        """
        if self._summary is None:
            acc = _Summary()
            acc.update(self.outputs)
            self._summary = acc.stats
        return {k: dict(v) for k, v in self._summary.items()}

    @property
    def inputs(self) -> dict[str, np.ndarray]:
        """Every row of every swept input, by name (``n`` values each, in the inputs' units)."""
        if self._inputs is None:
            self._inputs = self.design.inputs()
        return self._inputs

    @property
    def seed(self):
        """The seed the design was drawn with (an int; None for deterministic designs)."""
        return self.design.seed

    @property
    def n(self) -> int:
        """Number of scenarios (rows)."""
        return self.design.n

    @property
    def names(self) -> tuple[str, ...]:
        """Input names then output names: the CSV columns."""
        return tuple(self.design.names) + tuple(self._output_names)

    @property
    def units(self) -> dict[str, str]:
        """Units of the inputs and declared outputs, by name (only columns of this result)."""
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
            f"outputs={self._output_names}>"
        )

    def to_dict(self) -> dict[str, np.ndarray]:
        """Inputs then outputs as one dict of 1-D arrays."""
        return {**self.inputs, **self.outputs}

    def provenance(self, extra: Mapping | None = None) -> dict:
        """Provenance record (:func:`pfsim.io.provenance`): versions, resolved problem, hashes, seed."""
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
                "outputs": list(self._output_names),
                "output_dtypes": self._output_dtype_names(),
                "units": self.units,
            }
        }
        if extra:
            info.update(extra)
        return _provenance(info)

    def _output_dtype_names(self) -> dict[str, str]:
        if self._outputs is not None:
            return {k: np.asarray(v).dtype.name for k, v in self._outputs.items()}
        return {k: np.dtype(self._dtypes.get(k, "float64")).name for k in self._output_names}

    @classmethod
    def read(cls, csv_path) -> SweepResult:
        """A sweep saved as CSV (:meth:`to_csv`, ``run_sweep(csv_path=)``, ``pfsim sweep``), again.

        The JSON sidecar next to the CSV gives the problem, the design's method, size and seed, and
        the outputs' names and dtypes; the design is drawn again from it and checked against the
        sidecar's design hash and, bit for bit, against the CSV's input columns; the CSV is checked
        against the SHA-256 the sidecar records. Outputs are read on first access, as for a
        streamed sweep (floats bit for bit). Reading costs one pass over the file for the hash
        and one for the inputs (n × inputs × 8 bytes held).

        Parameters
        ----------
        csv_path : path
            The CSV; its sidecar is ``csv_path.with_suffix(".json")``.

        Returns
        -------
        SweepResult

        Raises
        ------
        ValueError
            Naming the file and the fix: no sidecar, a CSV that is not the one the sidecar
            describes (edited, cut short, other columns), or a design that cannot be drawn again
            identically (another pfsim or scipy version).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from pfsim.sweep import Input, Problem, sobol_design, run_sweep
        >>> p = Problem([Input("x", bounds=(0, 1))])
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
        >>> res = run_sweep(lambda x: {"y": 2 * x}, sobol_design(p, 8, rng=1), csv_path=out)
        >>> back = SweepResult.read(out)
        >>> back.design.sha256 == res.design.sha256, bool((back["y"] == res["y"]).all())
        (True, True)
        """
        from ._read import read_sweep

        return read_sweep(csv_path, cls)

    def to_csv(self, path, extra: Mapping | None = None) -> Path:
        """Write inputs and outputs as CSV (atomically), with provenance in ``<path stem>.json``.

        Floats are written in shortest round-trip form, so the same sweep gives byte-identical files
        and reading the file back gives the same numbers bit for bit. The sidecar
        (:func:`pfsim.io.table_record`) records :meth:`provenance` (under ``sweep``), ``extra``
        (JSON-ready entries, e.g. the model and output units), the command line, git commit and
        time, the unit of every column and the SHA-256 of the CSV.

        Returns
        -------
        pathlib.Path
            The CSV path; the sidecar is ``path.with_suffix(".json")``.
        """
        path = Path(path)
        with output_lock(path):  # a sweep streaming to the same file would lose its temporary file
            write_table(path, self.to_dict(), units=self.units, extra=self.provenance(extra))
        return path

    def _sidecar(self, path: Path, extra: Mapping | None):
        def build(digest: str, rows: int) -> dict:
            info = self.provenance(extra)
            return table_record(path, digest, rows, self.names, units=self.units, extra=info)

        return build

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
        """Column names, in order."""
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
        """The columns by name (a new dict of the same arrays or lists; not copies)."""
        return dict(self.columns)

    def to_csv(self, path) -> Path:
        """Write the table as a plain CSV (atomically) and its sidecar ``<path stem>.json``.

        The sidecar (:func:`pfsim.io.table_record`) records the title and ``meta`` under
        ``inputs``, the unit of every column (:attr:`units`, else from the column's name), the
        versions, command line, git commit and time, and the CSV's SHA-256.
        """
        return write_table(
            path, self.columns, inputs={"table": self.title, **self.meta}, units=self.units
        )

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
