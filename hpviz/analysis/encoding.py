"""How the analysis sees a run table: the metric as a target, each parameter as one kind.

Shared by the importance table, the drill-down, the next-sweep space and the figures, so all of
them agree on what a parameter is:

* ``numeric`` — numbers (or numeric text, datetimes, durations); log-scaled where the values
  were most likely searched on a log scale (:func:`is_log_scale`). A few words among the
  numbers (``gamma="scale"``, see :func:`hpviz.ingest.values.numbers_with_words`) are special
  values: the forest sees the numbers (missing where a run has a word) beside one column per
  word, so the parameter keeps its importance; correlation, shape and best range are the
  numbers';
* ``boolean`` — True/False (missing allowed);
* ``categorical`` — anything else, one-hot encoded for the forest (the :data:`ONE_HOT_MAX` most
  frequent values, the rest as one ``(other)`` column); missing is a category of its own;
* ``constant`` — one value in every run; ``identifier`` — a different label for nearly every run;
  ``empty`` — no value in any of these runs (a parameter only the runs left out set: failed
  trials, which have no value of the metric). None of them enters the forest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hpviz.ingest.roles import guess_goal
from hpviz.ingest.types import GOALS, UnknownColumnError
from hpviz.ingest.values import numbers_with_words

__all__ = [
    "MISSING_LABEL",
    "ONE_HOT_MAX",
    "Encoded",
    "as_numeric",
    "category_label",
    "check_columns",
    "check_goal",
    "encode",
    "is_log_scale",
    "scale_of",
    "target_values",
]

LOG_MIN_DECADES = 2.0  # a positive parameter spanning this many decades is log-scaled …
LOG_MAX_MEDIAN = 0.75  # … if its median log10 is at most this far up its log range
MISSING_LABEL = "(missing)"
ONE_HOT_MAX = 32  # further values of a categorical share one "(other)" column
MERGED_MAX = 100  # more than one distinct value in this many merged in float32: use ranks
IDENTIFIER_MIN_UNIQUE = 10  # fewer distinct values than this is never an identifier


@dataclass
class Encoded:
    """One parameter, ready for the forest and for correlation."""

    name: str
    kind: str
    matrix: np.ndarray | None  # forest input columns (n_runs × k), None when not fitted
    numeric: np.ndarray | None = None  # values for Pearson's r (numeric and boolean only)
    labels: pd.Series | None = None  # category labels (categorical only)
    log: bool = False  # searched on a log scale: correlated on log10 of the raw values
    n_values: int = 0  # distinct values the forest sees (missing counts as one)
    raw: np.ndarray | None = None  # numeric only: the values in their own units (NaN missing)
    words: np.ndarray | None = None  # numbers with a few words: per run its word, or None

    @property
    def fitted(self) -> np.ndarray:
        """``matrix`` of a parameter the forest fits; ValueError for one it does not."""
        if self.matrix is None:
            raise ValueError(f"{self.name!r} ({self.kind}) is not fitted by the forest")
        return self.matrix


_UNHASHABLE = (list, tuple, set, dict)


def check_columns(frame: pd.DataFrame, metric: str, params: Sequence[str]) -> None:
    """Raise :class:`UnknownColumnError` for a metric or parameter that is not a column."""
    if metric not in frame.columns:
        raise UnknownColumnError("metric", metric, frame.columns)
    for name in params:
        if name not in frame.columns:
            raise UnknownColumnError("parameter", name, frame.columns)


def check_goal(goal: str | None, metric: str) -> str:
    if goal is None:
        return guess_goal(metric)
    if goal not in GOALS:
        raise ValueError(f"goal must be 'minimize' or 'maximize', not {goal!r}")
    return goal


def target_values(series: pd.Series, metric: str) -> tuple[pd.Series, int]:
    """The metric as floats over the runs where it is finite, and how many runs were dropped."""
    if pd.api.types.is_bool_dtype(series) or series.dtype == object:
        values = series.map(lambda v: float(v) if isinstance(v, (bool, np.bool_)) else v)
        numeric = pd.to_numeric(values, errors="coerce")
    else:
        numeric = pd.to_numeric(series, errors="coerce")
    if pd.api.types.is_complex_dtype(numeric) or (
        numeric.dtype == object and numeric.map(lambda v: isinstance(v, complex)).any()
    ):
        real = _real(numeric.to_numpy(dtype=complex, na_value=np.nan))
        if real is None:
            example = next(
                v for v in series if isinstance(v, (complex, np.complexfloating)) and v.imag
            )
            raise TypeError(
                f"metric {metric!r} has complex values (e.g. {example!r}), which have no order "
                "to rank runs by; choose a real-valued column"
            )
        numeric = pd.Series(real, index=series.index)
    if numeric.notna().sum() == 0 and series.notna().any():
        raise TypeError(
            f"metric {metric!r} has no numeric values (e.g. {series.dropna().iloc[0]!r}); "
            "choose a numeric column"
        )
    numeric = numeric.astype(float)
    finite = numeric[np.isfinite(numeric.to_numpy())]
    return finite, len(series) - len(finite)


def encode(name: str, series: pd.Series, scale: str | None = None) -> Encoded:
    """Decide what kind of parameter ``series`` is and encode it for the forest. ``scale``
    (``"log"`` or ``"linear"``) is the one the source declares it was searched on (an Optuna
    distribution's ``log``); without it, the scale is read off the values
    (:func:`is_log_scale`)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if series.dtype == object:  # lists, dicts and sets are values too: compare their text
        series = series.map(
            lambda v: category_label(v) if isinstance(v, (*_UNHASHABLE, np.ndarray)) else v
        )
    plain_numbers = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if len(series) and not series.notna().any():  # set only in runs left out (no metric)
        return Encoded(name, "empty", None)
    n_values = 0  # distinct values, missing counted as one: numbers count them below
    if not plain_numbers:
        n_values = series.nunique(dropna=False) if len(series) else 0
        if n_values <= 1:
            return Encoded(name, "constant", None)

    if pd.api.types.is_bool_dtype(series) or (series.dtype == object and _all_bool(series)):
        values = series.map(_bool_or_nan).astype(float).to_numpy()
        return Encoded(name, "boolean", values[:, None], numeric=values, n_values=n_values)

    numeric = as_numeric(series)
    mixed = numbers_with_words(series) if numeric is None else None
    if mixed is not None:
        numeric = mixed.numbers.copy()
    if numeric is not None:
        numeric[~np.isfinite(numeric)] = np.nan
        raw = numeric.copy()
        present = numeric[~np.isnan(numeric)]
        distinct = np.unique(present)  # sorted
        if distinct.size == 0 or (distinct.size <= 1 and present.size == numeric.size):
            return Encoded(name, "constant", None)  # (no finite value at all: nothing to say)
        if plain_numbers:
            n_values = distinct.size + int(present.size < numeric.size)
        # The trees work in float32, where values past ±3.4e38 overflow and close values
        # merge; splits only use the order, so such a column enters as dense ranks instead
        # (a few merged neighbours among thousands of values, as in any uniform draw, do not
        # matter: one in a hundred or more does).
        # Pearson's r ignores scale: values enter it scaled to at most 1 in magnitude, so
        # their sums of squares neither overflow nor underflow.
        inputs = numeric
        with np.errstate(over="ignore", invalid="ignore"):  # inf - inf: not merged, overflowed
            as_float32 = distinct.astype(np.float32)  # still sorted: merged values are equal
            merged = np.count_nonzero(np.diff(as_float32) == 0)
        if not np.isfinite(as_float32).all() or merged * MERGED_MAX > distinct.size:
            inputs = numeric.copy()
            inputs[~np.isnan(numeric)] = np.unique(present, return_inverse=True)[1]
        if scale == "log":  # declared: used when the values allow it (all positive)
            finite = numeric[~np.isnan(numeric)]
            log = bool(finite.size) and bool((finite > 0).all())
        elif scale == "linear":
            log = False
        else:
            log = is_log_scale(numeric)
        if log:
            numeric = np.log10(numeric)  # (NaN stays NaN; every present value is positive)
            present = numeric[~np.isnan(numeric)]
        largest = np.abs(present).max()
        if largest > 0:
            numeric = numeric / largest
        matrix = inputs[:, None]
        if mixed is not None:  # each word a column of its own beside the numbers (NaN there)
            labels = pd.Series(mixed.words, dtype=object)
            indicators = pd.get_dummies(labels).to_numpy(dtype=float)
            matrix = np.hstack([matrix, indicators])
            n_values = distinct.size + indicators.shape[1] + int(series.isna().any())
        return Encoded(
            name,
            "numeric",
            matrix,
            numeric=numeric,
            log=log,
            n_values=n_values,
            raw=raw,
            words=None if mixed is None else mixed.words,
        )

    labels = series.map(category_label)
    n_unique = labels.nunique()
    if n_unique >= IDENTIFIER_MIN_UNIQUE and n_unique >= 0.9 * len(labels):
        return Encoded(name, "identifier", None)
    top = labels.value_counts(sort=True).index[:ONE_HOT_MAX]
    capped = labels.where(labels.isin(top), "(other)")
    dummies = pd.get_dummies(capped).to_numpy(dtype=float)
    return Encoded(name, "categorical", dummies, labels=labels, n_values=dummies.shape[1])


def is_log_scale(values: object) -> bool:
    """Whether a numeric parameter was (most likely) searched on a log scale: every present
    value is positive and finite, there are at least 3 distinct values, the largest is at
    least 100 times the smallest (two decades or more), and the values are spread over the
    decades rather than crowded into the top one: the median of log10 lies at most 3/4 of the
    way up from the smallest to the largest log10. (A uniform search over 0..1 spans decades
    too, with its smallest values, but half its values lie above 0.5.)"""
    array = np.asarray(values, dtype=float)
    present = array[~np.isnan(array)]
    if present.size == 0 or not np.isfinite(present).all() or (present <= 0).any():
        return False
    logs = np.log10(present)
    low, high = logs.min(), logs.max()
    if high - low < LOG_MIN_DECADES:
        return False
    if not ((logs > low) & (logs < high)).any():
        return False  # two distinct values
    return bool((np.median(logs) - low) / (high - low) <= LOG_MAX_MEDIAN)


def scale_of(encoded: Encoded) -> str:
    if encoded.kind == "numeric":
        return "log" if encoded.log else "linear"
    return "linear" if encoded.kind == "boolean" else ""


def _all_bool(series: pd.Series) -> bool:
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def _bool_or_nan(value: object) -> float:
    return float(value) if isinstance(value, (bool, np.bool_)) else np.nan


def as_numeric(series: pd.Series, *, words: bool = False) -> np.ndarray | None:
    """Float values if every present value is a number (or numeric text, a datetime or a
    duration: seconds), else None. An object column holding datetimes reads as datetimes.
    ``words=True`` also reads numbers with a few words (see
    :func:`hpviz.ingest.values.numbers_with_words`): NaN where a run has a word."""
    if words:
        numbers = as_numeric(series)
        if numbers is None:
            mixed = numbers_with_words(series)
            numbers = None if mixed is None else mixed.numbers.copy()
        return numbers
    if series.dtype == object:
        series = series.infer_objects()
    if pd.api.types.is_datetime64_any_dtype(series):
        epoch = pd.Timestamp(0, tz=series.dt.tz)
        seconds = (series - epoch).dt.total_seconds()
        return seconds.to_numpy(dtype=float, na_value=np.nan).copy()  # writable
    if pd.api.types.is_timedelta64_dtype(series):
        return series.dt.total_seconds().to_numpy(dtype=float, na_value=np.nan).copy()
    if pd.api.types.is_complex_dtype(series):
        return _real(series.to_numpy(dtype=complex, na_value=np.nan))
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan).copy()
    present = series.dropna()
    if any(isinstance(v, (bool, np.bool_)) for v in present):
        return None
    converted = pd.to_numeric(present, errors="coerce")
    if converted.isna().any():
        return None
    if pd.api.types.is_complex_dtype(converted) or any(
        isinstance(v, (complex, np.complexfloating)) for v in present
    ):
        values = np.full(len(series), np.nan, dtype=complex)
        values[series.notna().to_numpy()] = converted.to_numpy(dtype=complex)
        return _real(values)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float).copy()


def _real(values: np.ndarray) -> np.ndarray | None:
    """Complex numbers as floats when none has an imaginary part, else None (they are then
    labels: no order of complex numbers says which is more)."""
    present = values[~np.isnan(values)]
    if (present.imag != 0).any():
        return None
    return values.real.copy()


def category_label(value: object) -> str:
    """The text a category value is shown as (missing values get a label of their own)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return MISSING_LABEL
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple, set)):
        return "[" + ", ".join(category_label(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {category_label(v)}" for k, v in value.items()) + "}"
    return str(value)
