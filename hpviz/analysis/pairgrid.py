"""Two parameters against the metric: the data of the panel's two-parameter drill-down, a
heatmap of the median metric over a binned grid.

Pure pandas / NumPy. :func:`pair_grid` returns a plain, JSON-safe dict that the front end draws
as SVG and :func:`hpviz.plots.pair_figure` draws with plotly, so both show the same view:

* a **numeric** parameter is cut into equal bins along its axis: on log10 where it is
  log-scaled (see :func:`hpviz.analysis.is_log_scale`), so the picture reads as the axis does;
  with at most :data:`MAX_BANDS` distinct values, each value is a band of its own;
* a **categorical** or boolean parameter is one band per value (the :data:`MAX_BANDS` most
  frequent ones; missing is a value);
* each cell holds its runs' count and median metric; the best cell (by the goal, among cells
  with at least :data:`MIN_CELL_RUNS` runs where there are such) and the best run are marked.

Its size is bounded by the grid (at most :data:`MAX_BANDS` × :data:`MAX_BANDS` cells), never by
the number of runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hpviz.analysis.drilldown import _display_order
from hpviz.analysis.encoding import (
    as_numeric,
    category_label,
    check_columns,
    check_goal,
    encode,
    is_log_scale,
    target_values,
)

__all__ = ["MAX_BANDS", "MIN_CELL_RUNS", "pair_grid"]

MAX_BANDS = 12
"""Most bins (or category bands) along either axis."""

MIN_CELL_RUNS = 3
"""A cell needs this many runs to be the best cell (where any cell has as many)."""

RUNS_PER_CELL = 4  # bins along an axis: about this many runs per cell, from 3 to MAX_BANDS


def pair_grid(frame: pd.DataFrame, metric: str, a: str, b: str, *, goal: str | None = None) -> dict:
    """The runs of ``frame`` binned by ``a`` (x) and ``b`` (y), with the median ``metric`` per
    cell.

    Returns a dict with ``parameters`` (``[a, b]``), ``metric``, ``goal``, ``x`` and ``y``
    (each axis: ``parameter``, ``kind`` ``"numeric"`` or ``"category"``, ``scale`` ``"log"``,
    ``"linear"`` or ``""``, and ``edges``, the bins' boundaries of a numeric axis, or
    ``labels``, its bands: a category's values, or a numeric parameter's few values), ``cells``
    (per non-empty cell: ``i`` (x band), ``j`` (y band), ``count``, ``median``), ``best_cell``
    (``{"i", "j"}`` or None), ``best`` (the best run: ``x``, ``y``, ``metric``, ``i``, ``j``,
    or None), ``n_runs`` (runs in the grid) and ``message`` (why there is nothing to draw, or
    a note on runs left out).
    """
    check_columns(frame, metric, [a, b])
    goal = check_goal(goal, metric)
    view: dict = {
        "parameters": [a, b],
        "metric": metric,
        "goal": goal,
        "x": {"parameter": a, "kind": "none"},
        "y": {"parameter": b, "kind": "none"},
        "cells": [],
        "best_cell": None,
        "best": None,
        "n_runs": 0,
        "message": "",
    }
    if a == b:
        view["message"] = "A pair needs two different parameters."
        return view
    values, _ = target_values(frame[metric], metric)
    if values.empty:
        view["message"] = f"No runs have a value for {metric}."
        return view
    kept = values.index
    axes = []
    for name in (a, b):
        series = frame.loc[kept, name]
        kind = encode(name, series).kind
        if kind == "identifier":
            view["message"] = (
                f"{name} is an identifier (a different value for nearly every run): "
                "there is nothing to plot."
            )
            return view
        axes.append(_axis(name, series, kind, len(kept)))
    (x_axis, x_codes, x_values), (y_axis, y_codes, y_values) = axes
    inside = (x_codes >= 0) & (y_codes >= 0)
    left_out = int((~inside).sum())
    y = values.to_numpy(dtype=float)[inside]
    view.update(x=x_axis, y=y_axis, n_runs=int(inside.sum()))
    if left_out:
        view["message"] = (
            f"{left_out} run{'s' if left_out != 1 else ''} without a value of {a} or {b} "
            "(or with a rarer category) not shown."
        )
    if not inside.any():
        view["message"] = f"No run has values of both {a} and {b}."
        return view
    xi, yj = x_codes[inside], y_codes[inside]
    cell = xi * len(_bands(y_axis)) + yj
    frame_cells = pd.DataFrame({"cell": cell, "metric": y})
    grouped = frame_cells.groupby("cell")["metric"]
    counts, medians = grouped.size(), grouped.median()
    width = len(_bands(y_axis))
    view["cells"] = [
        {
            "i": int(c // width),
            "j": int(c % width),
            "count": int(counts[c]),
            "median": float(medians[c]),
        }
        for c in counts.index
    ]
    eligible = [c for c in view["cells"] if c["count"] >= MIN_CELL_RUNS] or view["cells"]
    pick = max if goal == "maximize" else min
    best_cell = pick(eligible, key=lambda c: c["median"])
    view["best_cell"] = {"i": best_cell["i"], "j": best_cell["j"]}
    best = int(np.argmax(y) if goal == "maximize" else np.argmin(y))
    view["best"] = {
        "x": _plain(x_values[inside][best]),
        "y": _plain(y_values[inside][best]),
        "metric": float(y[best]),
        "i": int(xi[best]),
        "j": int(yj[best]),
    }
    return view


def _bands(axis: dict) -> list:
    return axis["labels"] if "labels" in axis else axis["edges"][:-1]


def _axis(name: str, series: pd.Series, kind: str, n: int) -> tuple[dict, np.ndarray, np.ndarray]:
    """An axis of the grid: its description, each run's band (-1: not drawn) and each run's
    value as shown (a number, or a category's label)."""
    numeric = as_numeric(series) if kind in ("numeric", "constant") else None
    if numeric is not None and kind == "numeric":
        numeric[~np.isfinite(numeric)] = np.nan
        present = ~np.isnan(numeric)
        distinct = np.unique(numeric[present])
        log = bool(is_log_scale(numeric))
        shown = numeric.astype(object)
        shown[~present] = None
        codes = np.full(len(numeric), -1)
        if len(distinct) <= MAX_BANDS:
            codes[present] = np.searchsorted(distinct, numeric[present])
            labels = [_number(v) for v in distinct]
            axis = {
                "parameter": name,
                "kind": "category",
                "scale": "log" if log else "linear",
                "labels": labels,
                "values": [float(v) for v in distinct],
            }
            return axis, codes, shown
        bins = int(np.clip(round(np.sqrt(n / RUNS_PER_CELL)), 3, MAX_BANDS))
        where = np.log10(numeric[present]) if log else numeric[present]
        low, high = float(where.min()), float(where.max())
        edges = np.linspace(low, high, bins + 1)
        codes[present] = np.clip(np.searchsorted(edges, where, side="right") - 1, 0, bins - 1)
        edges = 10**edges if log else edges
        edges[0], edges[-1] = distinct[0], distinct[-1]  # exact ends, not rounded by 10**log10
        axis = {
            "parameter": name,
            "kind": "numeric",
            "scale": "log" if log else "linear",
            "edges": [float(v) for v in edges],
        }
        return axis, codes, shown
    categories = series.map(category_label)
    counts = categories.value_counts(sort=True)
    kept = _display_order([str(v) for v in counts.index[:MAX_BANDS]])
    position = {value: i for i, value in enumerate(kept)}
    codes = categories.map(lambda v: position.get(v, -1)).to_numpy(dtype=int)
    axis = {"parameter": name, "kind": "category", "scale": "", "labels": kept}
    return axis, codes, categories.to_numpy(dtype=object)


def _plain(value: object) -> object:
    """A value for JSON: a float, or a category's label."""
    return float(value) if isinstance(value, (float, np.floating, int, np.integer)) else str(value)


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"
