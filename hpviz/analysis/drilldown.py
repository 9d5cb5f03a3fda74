"""One parameter against the metric, run by run: the data of the panel's drill-down plot.

Pure pandas / NumPy. :func:`drilldown` returns a plain, JSON-safe dict that the front end draws
as SVG and :func:`hpviz.plots.drilldown_figure` draws with plotly, so both show the same view:

* a **numeric** parameter is a scatter of (value, metric), on a log axis where the parameter
  is log-scaled (see :func:`hpviz.analysis.is_log_scale`);
* a **categorical**, boolean or constant parameter is one strip per value, with the value's
  count, mean, quartiles and extremes over *all* runs;
* an **identifier** (a different label for nearly every run) has nothing to plot.

The points sent are bounded: at most ``max_points`` runs, a deterministic subsample (the same
seed gives the same points) that always includes the best run, so the synced state does not
grow with the number of runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import (
    as_numeric,
    category_label,
    check_columns,
    check_goal,
    encode,
    target_values,
)

__all__ = ["MAX_PLOTTED_VALUES", "MAX_POINTS", "drilldown", "unplotted"]

MAX_POINTS = 2000
"""Most runs a drill-down sends to the browser."""

MAX_PLOTTED_VALUES = 30
"""Most values of a categorical parameter drawn (the most frequent ones)."""


def drilldown(
    frame: pd.DataFrame,
    metric: str,
    param: str,
    *,
    goal: str | None = None,
    max_points: int | None = MAX_POINTS,
    seed: int = 0,
    run_names: str | None = None,
    scale: str | None = None,
) -> dict:
    """The runs of ``frame`` as (``param``, ``metric``) pairs, ready to plot.

    ``run_names`` is a column naming each run (its id or name): each point then carries its
    run's name (``runs``, and ``runs`` per category), for the plot's hover card.

    Returns a dict with ``parameter``, ``metric``, ``goal``, ``kind`` (``"numeric"``,
    ``"categorical"`` or ``"none"``), ``scale`` (``"log"``/``"linear"``), ``n_runs`` (runs with
    a finite metric and a value of the parameter), ``n_shown`` (points included), ``x`` and
    ``y`` (numeric: the points), ``special`` (numeric with a few words, such as
    ``gamma="scale"``: one strip per word, as ``categories`` gives them), ``categories``
    (categorical: per value ``value``, ``count``,
    ``mean``, ``min``, ``q1``, ``median``, ``q3``, ``max`` over all runs and ``y``, the metric
    of its runs among the points), ``best`` (``{"x", "y"}`` of the best run for the goal, or
    None) and ``message`` (why there is nothing to plot, or a note). ``max_points=None`` keeps
    every run.
    """
    check_columns(frame, metric, [param])
    goal = check_goal(goal, metric)
    target, _ = target_values(frame[metric], metric)
    series = frame.loc[target.index, param]
    y = target.to_numpy(dtype=float)
    names = None
    if run_names is not None and run_names in frame.columns and run_names != param:
        names = frame.loc[target.index, run_names].map(category_label).to_numpy(dtype=object)
    encoded = encode(param, series, scale)
    kind = encoded.kind
    view = unplotted(param, metric, goal)
    if len(y) == 0:
        view["message"] = f"No runs have a value for {metric}."
        return view
    if kind == "identifier":
        view["message"] = (
            f"{param} is an identifier (a different value for nearly every run): "
            "there is nothing to plot."
        )
        return view

    numeric = as_numeric(series, words=True) if kind == "numeric" else None
    if numeric is not None:
        numeric[~np.isfinite(numeric)] = np.nan
        present = ~np.isnan(numeric)
        if encoded.words is not None:  # numbers with a few words: each word a strip of its own
            worded = np.array([w is not None for w in encoded.words], dtype=bool)
            word_y = y[worded]
            budget = None if max_points is None else max(1, max_points // 4)
            chosen_words = _subsample(len(word_y), 0, budget, seed)
            in_points = np.zeros(len(word_y), dtype=bool)
            in_points[chosen_words] = True
            word_names = None if names is None else names[worded]
            view["special"] = _strips(encoded.words[worded], word_y, in_points, word_names)[0]
            if len(word_y) and (not present.any() or _better(word_y, y[present], goal)):
                at = _best(word_y, goal)
                view["best"] = {"x": str(encoded.words[worded][at]), "y": float(word_y[at])}
        x, y = numeric[present], y[present]
        if len(y) == 0:
            view["message"] = f"No run has a value of {param}."
            return view
        best = _best(y, goal)
        chosen = _subsample(len(y), best, max_points, seed)
        view.update(
            kind="numeric",
            scale="log" if encoded.log else "linear",
            n_runs=len(y),
            n_shown=len(chosen),
            x=[float(v) for v in x[chosen]],
            y=[float(v) for v in y[chosen]],
            best=view["best"] or {"x": float(x[best]), "y": float(y[best])},
        )
        if names is not None:
            view["runs"] = [str(v) for v in names[present][chosen]]
        special = view.get("special", [])
        missing = int((~present).sum()) - sum(c["count"] for c in special)
        if missing:
            view["message"] = f"{missing} runs without a value of {param} are not shown."
        return view

    labels = series.map(category_label).to_numpy(dtype=object)
    best = _best(y, goal)
    chosen = _subsample(len(y), best, max_points, seed)
    in_points = np.zeros(len(y), dtype=bool)
    in_points[chosen] = True
    categories, n_values = _strips(labels, y, in_points, names)
    view.update(
        kind="categorical",
        n_runs=len(y),
        n_shown=sum(len(c["y"]) for c in categories),
        categories=categories,
        best={"x": str(labels[best]), "y": float(y[best])},
    )
    if n_values > MAX_PLOTTED_VALUES:
        view["message"] = (
            f"The {MAX_PLOTTED_VALUES} most frequent of {n_values} values of {param} are shown."
        )
    return view


def unplotted(param: str, metric: str, goal: str, message: str = "") -> dict:
    """A drill-down with nothing to plot, ``message`` saying why (the shape of every one)."""
    return {
        "parameter": param,
        "metric": metric,
        "goal": goal,
        "kind": "none",
        "scale": "linear",
        "n_runs": 0,
        "n_shown": 0,
        "x": [],
        "y": [],
        "categories": [],
        "best": None,
        "message": message,
    }


def _strips(
    labels: np.ndarray, y: np.ndarray, in_points: np.ndarray, names: np.ndarray | None
) -> tuple[list[dict], int]:
    """One strip per value of ``labels`` (the :data:`MAX_PLOTTED_VALUES` most frequent, in
    reading order): its count, mean, quartiles and extremes over all its runs, and the metric
    of those of its runs among the points (``in_points``); and how many values there are."""
    # grouped by pandas, which tells "a" from "a\0" (NumPy's comparison with a str drops it)
    codes, uniques = pd.factorize(labels, use_na_sentinel=False)
    counts = pd.Series(np.bincount(codes), index=uniques).sort_values(
        ascending=False, kind="stable"
    )
    code_of = {value: code for code, value in enumerate(uniques)}
    values = _display_order(list(counts.index[:MAX_PLOTTED_VALUES]))
    categories = []
    for value in values:
        mask = codes == code_of[value]
        ys = y[mask]
        q1, median, q3 = np.percentile(ys, [25, 50, 75])
        categories.append(
            {
                "value": str(value),
                "count": int(mask.sum()),
                "mean": float(ys.mean()),
                "min": float(ys.min()),
                "q1": float(q1),
                "median": float(median),
                "q3": float(q3),
                "max": float(ys.max()),
                "y": [float(v) for v in y[mask & in_points]],
                **({} if names is None else {"runs": [str(v) for v in names[mask & in_points]]}),
            }
        )
    return categories, len(counts)


def _better(candidates: np.ndarray, others: np.ndarray, goal: str) -> bool:
    """Whether the best of ``candidates`` beats the best of ``others`` for the goal."""
    if goal == "maximize":
        return bool(candidates.max() > others.max())
    return bool(candidates.min() < others.min())


def _best(y: np.ndarray, goal: str) -> int:
    """Index of the best run: the lowest metric when minimising, the highest when maximising
    (the first such run on ties)."""
    return int(np.argmax(y) if goal == "maximize" else np.argmin(y))


def _subsample(n: int, keep: int, max_points: int | None, seed: int) -> np.ndarray:
    """Sorted indices of at most ``max_points`` of ``n`` runs, always including ``keep``;
    the same seed picks the same runs."""
    if max_points is None or n <= max_points:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    others = np.delete(np.arange(n), keep)
    picked = rng.choice(others, size=max(max_points - 1, 0), replace=False)
    return np.sort(np.append(picked, keep))


def _display_order(values: list[str]) -> list[str]:
    """Category labels in reading order: by number when every label is one (16, 32, 128),
    else by case-folded text; the missing label last."""
    missing = [v for v in values if v == "(missing)"]
    rest = [v for v in values if v != "(missing)"]
    as_numbers = pd.to_numeric(pd.Series(rest, dtype=object), errors="coerce")
    if len(rest) and as_numbers.notna().all():
        rest = [v for _, v in sorted(zip(as_numbers, rest, strict=True))]
    else:
        rest = sorted(rest, key=lambda v: (v.lower(), v))
    return rest + missing
