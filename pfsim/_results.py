"""One way out of every result: ``to_dict()``, ``to_pandas()``, ``to_xarray()``.

A pfsim result is a frozen dataclass of named arrays (``DESIGN.md``). :class:`LabelledResult` gives
each of them the same three conversions; pandas and xarray are optional extras
(``pip install "pfsim[labelled]"``) imported only inside the two methods that need them.

The arrays of a result share a *main* shape (the broadcast shape of a joint call, or ``(...,
n_samples)`` for a stance); an array whose shape is a leading part of it (a per-scenario value of a
stance) is repeated along the trailing axes. Names carry their unit (``contact_stress_MPa``), and the
unit is also written to the variable's ``units`` attribute in xarray (:func:`unit_of`). Strings,
numbers and other settings of the result become attributes (``DataFrame.attrs``, ``Dataset.attrs``).
"""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np

__all__ = ["LabelledResult", "deprecated_alias", "unit_of"]

#: Name suffix -> unit, longest first (DESIGN.md: names carry units at the public boundary).
_UNIT_SUFFIXES = (
    ("_MPa_s_km", "MPa·s/km"),
    ("_MPa_s", "MPa·s"),
    ("_Nm_kg", "N·m/kg"),
    ("_N_mm", "N/mm"),
    ("_m_s", "m/s"),
    ("_mm2", "mm²"),
    ("_MPa", "MPa"),
    ("_deg", "deg"),
    ("_spm", "steps/min"),
    ("_rel", "1"),
    ("_bw", "body weights"),
    ("_Nm", "N·m"),
    ("_mm", "mm"),
    ("_km", "km"),
    ("_kg", "kg"),
    ("_N", "N"),
    ("_m", "m"),
    ("_s", "s"),
)


def unit_of(name: str) -> str:
    """The unit a pfsim name carries in its suffix, or ``""`` for a dimensionless or unknown one.

    Examples
    --------
    >>> unit_of("contact_stress_MPa"), unit_of("speed_m_s"), unit_of("overload_index")
    ('MPa', 'm/s', '')
    """
    for suffix, unit in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


def deprecated_alias(owner: str, old: str, new: str) -> None:
    """Warn (``DeprecationWarning``, at the caller's line) that ``owner.old`` is now ``owner.new``."""
    from ._checks import warn

    warn(
        f"{owner}.{old} is deprecated and will be removed in a future release; use "
        f"{owner}.{new} (one way out of every pfsim result: to_dict(), to_pandas(), to_xarray()).",
        DeprecationWarning,
    )


def _import_optional(module: str):
    try:
        return __import__(module)
    except ImportError:
        raise ImportError(
            f"{module} is needed for this conversion but is not installed; install the labelled "
            'extra: pip install "pfsim[labelled]" (or use to_dict(), which needs only numpy).'
        ) from None


class LabelledResult:
    """Mixin for frozen dataclass results: ``to_dict()``, ``to_pandas()``, ``to_xarray()``.

    A subclass may set ``_DIMS`` (names of the main axes, last axis last, e.g. ``("sample",)``);
    the leading axes not named there are ``dim_0``, ``dim_1``, ... It may override
    :meth:`_labelled_items` to choose what is converted, and :meth:`_coords` to label the axes
    (pandas index levels and xarray coordinates).
    """

    _DIMS: tuple[str, ...] = ()

    def _labelled_items(self) -> dict:
        """Field name -> value for the fields that are set (not None), in field order."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None and not isinstance(value, LabelledResult):
                out[f.name] = value
        return out

    def _coords(self) -> dict:
        """Dimension name -> labels of its entries (e.g. outcome names); default none."""
        return {}

    def _arrays(self) -> dict:
        """Field name -> value for the numeric fields that are set (arrays; no strings, no settings)."""
        return {
            k: v
            for k, v in self._labelled_items().items()
            if isinstance(v, np.ndarray | np.generic | float | int) and not isinstance(v, bool)
        }

    def to_dict(self) -> dict:
        """Field name -> value (numpy arrays, floats, strings) for every field that is set.

        The arrays are the result's own (read them, do not write to them); nested results are left
        out (convert them with their own ``to_dict()``).
        """
        return dict(self._labelled_items())

    def _split(self):
        """(arrays, attributes, main shape): array fields apart from scalar settings."""
        arrays, attrs = {}, {}
        for name, value in self._labelled_items().items():
            if isinstance(value, np.ndarray) and value.ndim > 0:
                arrays[name] = value
            elif isinstance(value, np.ndarray | float | int | str | bool | np.generic):
                attrs[name] = value.item() if isinstance(value, np.ndarray | np.generic) else value
            elif dataclasses.is_dataclass(value):
                attrs[name] = repr(value)
        shape = max((a.shape for a in arrays.values()), key=len, default=())
        return arrays, attrs, shape

    def _dims_for(self, ndim: int) -> tuple[str, ...]:
        named = tuple(self._DIMS[-ndim:]) if ndim and self._DIMS else ()
        return tuple(f"dim_{i}" for i in range(ndim - len(named))) + named

    def to_xarray(self):
        """An ``xarray.Dataset``: one variable per array (with its ``units``), settings as attributes.

        Needs the ``labelled`` extra (xarray).
        """
        xr = _import_optional("xarray")
        arrays, attrs, shape = self._split()
        dims = self._dims_for(len(shape))
        data_vars = {}
        for name, arr in arrays.items():
            var_dims = dims[: arr.ndim]
            if arr.shape != shape[: arr.ndim]:
                var_dims = dims[len(shape) - arr.ndim :]
            data_vars[name] = xr.Variable(var_dims, arr, attrs={"units": unit_of(name)})
        ds = xr.Dataset(data_vars)
        coords = {d: list(v) for d, v in self._coords().items() if d in ds.dims}
        ds = ds.assign_coords(coords) if coords else ds
        ds.attrs.update({k: (str(v) if isinstance(v, bool) else v) for k, v in attrs.items()})
        ds.attrs["pfsim_result"] = type(self).__name__
        return ds

    def to_pandas(self):
        """A ``pandas.DataFrame``: a column per array, a row per element of the main shape.

        A one-dimensional result has a plain ``RangeIndex``; a multi-dimensional one a
        ``MultiIndex`` with one level per axis. Arrays over the leading axes only (a stance's
        per-scenario values) repeat along the others. Settings go to ``DataFrame.attrs``.
        Needs the ``labelled`` extra (pandas).
        """
        pd = _import_optional("pandas")
        arrays, attrs, shape = self._split()
        columns = {}
        for name, arr in arrays.items():
            if arr.shape != shape:
                lead = arr.shape == shape[: arr.ndim]
                arr = arr.reshape(arr.shape + (1,) * (len(shape) - arr.ndim)) if lead else arr
                arr = np.broadcast_to(arr, shape)
            columns[name] = arr.reshape(-1)
        dims = self._dims_for(len(shape))
        if len(shape) <= 1:
            index = pd.RangeIndex(shape[0] if shape else 1, name=dims[0] if dims else None)
            if dims and dims[0] in self._coords():
                index = pd.Index(list(self._coords()[dims[0]]), name=dims[0])
        else:
            labels = self._coords()
            levels = [list(labels.get(d, range(n))) for d, n in zip(dims, shape, strict=True)]
            index = pd.MultiIndex.from_product(levels, names=list(dims))
        df = pd.DataFrame(columns, index=index)
        df.attrs.update(attrs)
        df.attrs["pfsim_result"] = type(self).__name__
        return df

    def plot(self, ax=None, **kwargs):
        """The result's natural figure, drawn by :func:`pfsim.plotting.plot_result`.

        Bound late, like pandas' plotting backend: :mod:`pfsim.plotting` (above the results in the
        layer table) is imported only when this is called, and needs matplotlib. A result with no
        natural figure raises ``TypeError``.

        Returns
        -------
        matplotlib.axes.Axes, tuple of Axes or matplotlib.figure.Figure
            What the plotting function returns (see :func:`pfsim.plotting.plot_result`).
        """
        return importlib.import_module("pfsim.plotting").plot_result(self, ax=ax, **kwargs)
