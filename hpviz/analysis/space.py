"""A search space for the next sweep, narrowed to where the best runs of this one lie.

Pure pandas / NumPy. :func:`suggest_space` returns a plain dict in the shape of a W&B sweep
configuration, which Optuna or Ray Tune users can read just as easily:

```python
{"method": "random",
 "metric": {"name": "val_loss", "goal": "minimize"},
 "parameters": {"lr": {"distribution": "log_uniform_values", "min": 1e-3, "max": 1e-2},
                "optimizer": {"values": ["adam"]}}}
```

The best runs are the top ``top`` fraction by the goal (at least :data:`MIN_BEST` runs). Per
parameter, from those runs:

* numeric, log-scaled (:func:`hpviz.analysis.is_log_scale` over all runs):
  ``log_uniform_values`` between their smallest and largest value;
* numeric with at most :data:`MAX_DISCRETE` distinct values in the sweep (batch sizes, depths):
  ``values``, those the best runs used;
* other integers: ``int_uniform``; other numbers: ``uniform``, between their extremes;
* categorical and boolean: ``values``, those the best runs used, most frequent first;
* constant: ``value``. Identifiers are left out;
* numbers with a few words (``gamma="scale"``): as numbers, from the best runs' numbers, and
  ``special_values``, the words the best runs used (only ``values``, the words, when the best
  runs all used words).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import (
    as_numeric,
    check_columns,
    check_goal,
    encode,
    is_log_scale,
    target_values,
)
from hpviz.ingest.values import MISSING_TEXT

__all__ = ["MAX_DISCRETE", "MIN_BEST", "suggest_space"]

MAX_DISCRETE = 10
"""A numeric parameter with at most this many distinct values is suggested as a list."""

MIN_BEST = 5
"""The fewest runs that count as "the best runs" (all runs if there are fewer)."""


def suggest_space(
    frame: pd.DataFrame,
    metric: str,
    params: Sequence[str],
    *,
    goal: str | None = None,
    top: float = 0.2,
) -> dict:
    """A sweep configuration over ``params`` narrowed to where the best runs lie.

    ``top`` is the fraction of runs (by ``metric`` and ``goal``) that count as the best;
    runs whose metric is missing or infinite are ignored. Returns a plain dict
    (``method``, ``metric``, ``parameters``) in the W&B sweep-config shape; every number is a
    plain Python ``int`` or ``float``.
    """
    if not 0 < top <= 1:
        raise ValueError(f"top must be a fraction in (0, 1], not {top!r}")
    check_columns(frame, metric, params)
    goal = check_goal(goal, metric)
    target, _ = target_values(frame[metric], metric)
    if len(target) == 0:
        raise ValueError(f"no run has a finite value of {metric}: nothing to narrow to")
    n_best = min(len(target), max(MIN_BEST, int(np.ceil(top * len(target)))))
    ordered = target.sort_values(ascending=goal == "minimize", kind="stable")
    best = ordered.index[:n_best]

    space: dict[str, dict] = {}
    for name in params:
        series = frame.loc[target.index, name]
        entry = _parameter_space(series, frame.loc[best, name], encode(name, series).kind)
        if entry is not None:
            space[name] = entry
    return {"method": "random", "metric": {"name": metric, "goal": goal}, "parameters": space}


def _parameter_space(everything: pd.Series, best: pd.Series, kind: str) -> dict | None:
    if kind == "identifier":
        return None
    if kind == "constant":
        present = everything.dropna()
        return {"value": _plain(present.iloc[0]) if len(present) else None}
    if kind == "numeric":
        values = as_numeric(everything, words=True)
        if values is None:  # (a numeric parameter's values always read as numbers)
            return None
        words = _words(everything, values)
        chosen = values[everything.index.get_indexer(best.index)]  # (the best runs' numbers)
        best_words = [w for w in _words(best, chosen) if w in words]
        values = values[np.isfinite(values)]
        chosen = chosen[np.isfinite(chosen)]
        if chosen.size == 0 and best_words:  # the best runs all used words
            return {"values": best_words}
        if chosen.size == 0:  # the best runs never set it: keep the whole range
            chosen = values
        entry = _numeric_space(values, chosen)
        if best_words:
            entry["special_values"] = best_words
        return entry
    # categorical, boolean: the values the best runs used, most frequent first (missing last)
    counts = best.map(lambda v: v if _hashable(v) else str(v)).value_counts(dropna=True)
    if counts.empty:  # the best runs never set it: keep every value
        counts = everything.map(lambda v: v if _hashable(v) else str(v)).value_counts()
    return {"values": [_plain(v) for v in counts.index]}


def _words(series: pd.Series, numbers: np.ndarray) -> list[str]:
    """The words among numbers (``gamma="scale"``): present values that are not numbers, most
    frequent first."""
    words = series[np.isnan(numbers) & series.notna().to_numpy()]
    words = words[words.map(lambda v: isinstance(v, str) and v.strip() not in MISSING_TEXT)]
    return [str(w).strip() for w in words.map(str.strip).value_counts().index]


def _numeric_space(values: np.ndarray, chosen: np.ndarray) -> dict:
    integers = bool(np.all(values == np.round(values)))
    distinct = np.unique(values)
    if distinct.size <= MAX_DISCRETE:
        picked = np.unique(chosen)
        return {"values": [_number(v, integers) for v in picked]}
    low, high = _number(chosen.min(), integers), _number(chosen.max(), integers)
    if is_log_scale(values):
        return {"distribution": "log_uniform_values", "min": low, "max": high}
    if integers:
        return {"distribution": "int_uniform", "min": low, "max": high}
    return {"distribution": "uniform", "min": low, "max": high}


def _number(value: float, integer: bool) -> int | float:
    return round(value) if integer else float(value)


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it holds."""
    return value.item() if isinstance(value, np.generic) else value


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
