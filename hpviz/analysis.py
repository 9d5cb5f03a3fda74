"""Which parameters matter for a metric, and which way they push it.

Pure pandas / NumPy / scikit-learn: nothing here knows about widgets.

* **Importance** — a random forest regressor with the parameters as inputs and the metric as
  target; its impurity (mean decrease in squared error) importances. Categorical parameters are
  one-hot encoded and their columns' importances summed back to one number per parameter;
  booleans are 0/1; missing numeric values are left to the forest's own missing-value handling,
  missing categories are a category of their own. Runs whose metric is missing or infinite are
  left out.
* **Size** — every tree sees every run up to :data:`ROWS_PER_TREE` runs, and a fresh bootstrap
  sample of that many beyond; the trees share a fixed budget of rows (:func:`forest_size`), so
  a sweep of a million runs costs what one of ten thousand does. Trees are then added while
  the importances still wobble from tree to tree (a noisy metric), up to :data:`MAX_TREES`.
* **Noise floor** — the :data:`N_SHUFFLED` parameters with the most distinct values (the ones
  an impurity importance favours most when they carry nothing) also enter the same forest as
  shuffled copies, which by construction carry no information. The floor is the mean over the
  trees of the largest importance any shuffled copy gets in that tree. A parameter above it is
  *useful*; that is what the magic wand shows.
* **Interval** — each tree of the forest is fitted on a bootstrap resample of the runs, so the
  spread of a parameter's importance over the trees is a bootstrap spread: its 5th and 95th
  percentiles (on the same scale as the importance) are ``importance_low``/``importance_high``.
* **Correlation** — Pearson's r between each numeric or boolean parameter and the metric, on
  log10 of the parameter when it was searched on a log scale (all values positive, spanning two
  or more decades: ``scale="log"``); or Spearman's rank correlation on request. A categorical
  parameter has no single r; it gets one per value instead (the indicator "parameter == value"
  against the metric), with the value's count and mean metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

from hpviz.runs import GOALS, UnknownColumnError, guess_goal, load_runs

__all__ = [
    "CORRELATIONS",
    "SORT_KEYS",
    "TABLE_COLUMNS",
    "Analysis",
    "analyse",
    "forest_size",
    "importance_table",
    "is_log_scale",
    "sort_table",
    "useful_parameters",
]

SORT_KEYS = ("importance", "correlation", "parameter")
TABLE_COLUMNS = [
    "parameter",
    "importance",
    "importance_low",
    "importance_high",
    "correlation",
    "scale",
    "kind",
    "useful",
    "values",
]
CORRELATIONS = ("pearson", "spearman")
INTERVAL = (5.0, 95.0)  # percentiles of the per-tree importances: a 90% interval
LOG_MIN_DECADES = 2.0  # a positive parameter spanning this many decades is log-scaled …
LOG_MAX_MEDIAN = 0.75  # … if its median log10 is at most this far up its log range
MISSING_LABEL = "(missing)"

ROWS_PER_TREE = 3_000  # each tree's bootstrap sample: every run up to this many, then capped
TREE_ROWS = 30_000  # the forest's budget, trees × rows per tree (see forest_size)
MIN_TREES, MAX_TREES = 10, 64
N_SHUFFLED = 6  # shuffled copies in the forest, for the noise floor
STABLE_L1 = 0.02  # trees are added until the importances are expected to wobble less
ROUND = 10  # trees grown at a time, each round with freshly shuffled copies
MAX_CATEGORIES = 32  # further values of a categorical share one "(other)" column
IDENTIFIER_MIN_UNIQUE = 10  # fewer distinct values than this is never an identifier


@dataclass
class Analysis:
    """What :func:`analyse` found for one metric and one set of parameters."""

    metric: str
    goal: str
    table: pd.DataFrame
    """One row per parameter, columns :data:`TABLE_COLUMNS`, sorted by importance."""
    n_runs: int
    """Runs with a finite metric value, the ones analysed."""
    n_excluded: int
    """Runs left out because their metric is missing, NaN or infinite."""
    noise_floor: float | None = None
    """Importance reached by shuffled copies of the parameters (None when nothing was fitted)."""
    reason: str = ""
    """Why importances are all 0 (empty when they are not): shown as the panel's empty state."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling the user that do not stop the analysis."""


def importance_table(
    runs: object,
    metric: str,
    *,
    params: Sequence[str] | None = None,
    goal: str | None = None,
    seed: int = 0,
    correlation: str = "pearson",
) -> pd.DataFrame:
    """One row per parameter: how much it matters for ``metric`` and which way it pushes it.

    Parameters
    ----------
    runs
        A table of runs, one row per run (a pandas DataFrame, a list of dicts, a CSV path …).
    metric
        The column to explain.
    params
        The parameter columns to analyse; by default every column that is neither a metric
        nor run metadata (ids, names, states, timestamps).
    goal
        ``"minimize"`` or ``"maximize"``; guessed from the metric's name by default. It only
        matters for reading correlations (which direction is good).
    seed
        Seed of the forest and of the shuffled copies: the same seed gives the same table.
    correlation
        ``"pearson"`` (default): linear correlation, on log10 of the parameter where it is
        log-scaled (``scale == "log"``); ``"spearman"``: rank correlation (any scale).

    Returns
    -------
    pandas.DataFrame
        Columns ``parameter``, ``importance`` (≥ 0, summing to 1, or all 0 when the metric
        carries no information), ``importance_low``/``importance_high`` (a 90% interval: the
        5th and 95th percentiles of the importance over the forest's bootstrap-fitted trees),
        ``correlation`` (-1..1, NaN for categorical parameters), ``scale`` (``"log"`` for a
        positive numeric parameter spanning two or more decades, ``"linear"`` for other
        numeric and boolean ones, ``""`` otherwise), ``kind`` (numeric, boolean, categorical,
        constant or identifier), ``useful`` (above the noise floor) and ``values`` (per-value correlations of a categorical parameter), sorted
        by importance, highest first. ``table.attrs`` holds ``metric``, ``goal``, ``n_runs``,
        ``n_excluded``, ``noise_floor``, ``reason`` and ``notes`` (runs or trials left out …).
    """
    loaded = load_runs(runs, metric=metric, params=params)
    result = analyse(
        loaded.frame,
        metric,
        loaded.columns.params,
        goal=goal or loaded.goals.get(metric),
        seed=seed,
        correlation=correlation,
    )
    table = result.table.copy()
    table.attrs.update(
        metric=result.metric,
        goal=result.goal,
        n_runs=result.n_runs,
        n_excluded=result.n_excluded,
        noise_floor=result.noise_floor,
        reason=result.reason,
        notes=[*loaded.notes, *result.notes],
    )
    return table


def analyse(
    frame: pd.DataFrame,
    metric: str,
    params: Sequence[str],
    *,
    goal: str | None = None,
    seed: int = 0,
    correlation: str = "pearson",
) -> Analysis:
    """Importance (with its interval), correlation and noise floor of ``params`` for
    ``metric`` in ``frame``. ``correlation`` is ``"pearson"`` (on the detected scale) or
    ``"spearman"``."""
    if correlation not in CORRELATIONS:
        raise ValueError(
            f"correlation must be one of {', '.join(CORRELATIONS)}, not {correlation!r}"
        )
    _check_columns(frame, metric, params)
    goal = _check_goal(goal, metric)

    target, n_excluded = _target(frame[metric], metric)
    kept = target.index
    n_runs = len(kept)
    encoded = [_encode(name, frame.loc[kept, name]) for name in params]
    y = target.to_numpy(dtype=float)

    table = pd.DataFrame(
        {
            "parameter": [e.name for e in encoded],
            "importance": 0.0,
            "importance_low": 0.0,
            "importance_high": 0.0,
            "correlation": [_correlation(e, y, correlation) for e in encoded],
            "scale": [_scale(e) for e in encoded],
            "kind": [e.kind for e in encoded],
            "useful": False,
            "values": [_value_stats(e, y) for e in encoded],
        },
        columns=TABLE_COLUMNS,
    )
    analysis = Analysis(metric, goal, table, n_runs, n_excluded)

    fitted = [e for e in encoded if e.matrix is not None]
    if n_runs == 0:
        analysis.reason = f"No runs have a value for {metric}."
    elif n_runs == 1:
        analysis.reason = f"Only 1 run has a value for {metric}; importance needs at least 2."
    elif np.ptp(y) == 0:
        analysis.reason = (
            f"{metric} is constant ({_fmt(y[0])}) across all {n_runs} runs, "
            "so no parameter can explain it."
        )
    elif not params:
        analysis.reason = "There are no parameters to analyse."
    elif not fitted:
        analysis.reason = (
            "No parameter can be analysed: each one is constant across these runs "
            "or an identifier (a different label for nearly every run)."
        )
    else:
        importance, low, high, floor = _forest_importance(fitted, y, seed)
        names = [e.name for e in fitted]
        for column, values in (
            ("importance", importance),
            ("importance_low", low),
            ("importance_high", high),
        ):
            by_name = dict(zip(names, values))
            table[column] = [by_name.get(name, 0.0) for name in table["parameter"]]
        table["useful"] = table["importance"] > floor
        analysis.noise_floor = float(floor)
        if n_runs < 10:
            analysis.notes.append(f"Only {n_runs} runs: importances and correlations are rough.")
    analysis.table = sort_table(table, "importance", descending=True)
    return analysis


def sort_table(table: pd.DataFrame, by: str = "importance", descending: bool = True):
    """Rows in display order: the panel's sort, exactly (the front end sorts the same way).

    Importance and correlation sort by value, with missing values last whatever the
    direction; ties and the parameter column sort by case-folded name, then name.
    """
    if by not in SORT_KEYS:
        raise ValueError(f"cannot sort by {by!r}; choose one of {', '.join(SORT_KEYS)}")
    names = table["parameter"].astype(str)
    order = sorted(range(len(table)), key=lambda i: (names.iat[i].lower(), names.iat[i]))
    if by == "parameter":
        if descending:
            order.reverse()
    else:
        values = table[by].to_numpy(dtype=float)
        present = [i for i in order if not np.isnan(values[i])]
        missing = [i for i in order if np.isnan(values[i])]
        sign = -1.0 if descending else 1.0
        present.sort(key=lambda i: sign * values[i])  # stable: name order within ties
        order = present + missing
    return table.iloc[order].reset_index(drop=True)


def useful_parameters(analysis: Analysis) -> list[str]:
    """The parameters the magic wand shows, most important first.

    Those above the noise floor. If none is, but some parameter has any importance at all,
    the single most important one (so the wand never empties the table while any parameter
    carries signal). If the metric carries no information, every parameter that varies.
    Constants and identifiers are never shown.
    """
    table = analysis.table
    candidates = table[~table["kind"].isin(["constant", "identifier"])]
    chosen = candidates[candidates["useful"]]
    if chosen.empty and (candidates["importance"] > 0).any():
        chosen = candidates.nlargest(1, "importance")
    elif chosen.empty:
        chosen = candidates
    return list(chosen["parameter"])


# --- internals -----------------------------------------------------------------------------


@dataclass
class _Encoded:
    """One parameter, ready for the forest and for correlation."""

    name: str
    kind: str
    matrix: np.ndarray | None  # forest input columns (n_runs × k), None when not fitted
    numeric: np.ndarray | None = None  # values for Pearson's r (numeric and boolean only)
    labels: pd.Series | None = None  # category labels (categorical only)
    log: bool = False  # searched on a log scale: correlated on log10 of the raw values
    n_values: int = 0  # distinct values the forest sees (missing counts as one)


_UNHASHABLE = (list, tuple, set, dict)


def _check_columns(frame: pd.DataFrame, metric: str, params: Sequence[str]) -> None:
    """Raise :class:`UnknownColumnError` for a metric or parameter that is not a column."""
    if metric not in frame.columns:
        raise UnknownColumnError("metric", metric, frame.columns)
    for name in params:
        if name not in frame.columns:
            raise UnknownColumnError("parameter", name, frame.columns)


def _check_goal(goal: str | None, metric: str) -> str:
    if goal is None:
        return guess_goal(metric)
    if goal not in GOALS:
        raise ValueError(f"goal must be 'minimize' or 'maximize', not {goal!r}")
    return goal


def _target(series: pd.Series, metric: str) -> tuple[pd.Series, int]:
    """The metric as floats over the runs where it is finite, and how many runs were dropped."""
    if pd.api.types.is_bool_dtype(series) or series.dtype == object:
        values = series.map(lambda v: float(v) if isinstance(v, (bool, np.bool_)) else v)
        numeric = pd.to_numeric(values, errors="coerce")
    else:
        numeric = pd.to_numeric(series, errors="coerce")
    if numeric.notna().sum() == 0 and series.notna().any():
        raise TypeError(
            f"metric {metric!r} has no numeric values (e.g. {series.dropna().iloc[0]!r}); "
            "choose a numeric column"
        )
    numeric = numeric.astype(float)
    finite = numeric[np.isfinite(numeric.to_numpy())]
    return finite, len(series) - len(finite)


def _encode(name: str, series: pd.Series) -> _Encoded:
    """Decide what kind of parameter ``series`` is and encode it for the forest."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if series.dtype == object:  # lists, dicts and sets are values too: compare their text
        series = series.map(lambda v: _label(v) if isinstance(v, (*_UNHASHABLE, np.ndarray)) else v)
    n_values = series.nunique(dropna=False) if len(series) else 0
    if n_values <= 1:
        return _Encoded(name, "constant", None)

    if pd.api.types.is_bool_dtype(series) or _all_bool(series):
        values = series.map(_bool_or_nan).astype(float).to_numpy()
        return _Encoded(name, "boolean", values[:, None], numeric=values, n_values=n_values)

    numeric = _as_numeric(series)
    if numeric is not None:
        numeric[~np.isfinite(numeric)] = np.nan
        if np.unique(numeric[~np.isnan(numeric)]).size <= 1 and not np.isnan(numeric).any():
            return _Encoded(name, "constant", None)
        # The trees work in float32, where values past ±3.4e38 overflow and close values
        # merge; splits only use the order, so such a column enters as dense ranks instead.
        # Pearson's r ignores scale: values enter it scaled to at most 1 in magnitude, so
        # their sums of squares neither overflow nor underflow.
        present = numeric[~np.isnan(numeric)]
        inputs = numeric
        with np.errstate(over="ignore"):
            as_float32 = present.astype(np.float32)
        if (
            not np.isfinite(as_float32).all()
            or np.unique(as_float32).size < np.unique(present).size
        ):
            inputs = numeric.copy()
            inputs[~np.isnan(numeric)] = np.unique(present, return_inverse=True)[1]
        log = is_log_scale(numeric)
        if log:
            numeric = np.log10(numeric)  # (NaN stays NaN; every present value is positive)
            present = numeric[~np.isnan(numeric)]
        largest = np.abs(present).max()
        if largest > 0:
            numeric = numeric / largest
        return _Encoded(
            name, "numeric", inputs[:, None], numeric=numeric, log=log, n_values=n_values
        )

    labels = series.map(_label)
    n_unique = labels.nunique()
    if n_unique >= IDENTIFIER_MIN_UNIQUE and n_unique >= 0.9 * len(labels):
        return _Encoded(name, "identifier", None)
    top = labels.value_counts(sort=True).index[:MAX_CATEGORIES]
    capped = labels.where(labels.isin(top), "(other)")
    dummies = pd.get_dummies(capped).to_numpy(dtype=float)
    return _Encoded(name, "categorical", dummies, labels=labels, n_values=dummies.shape[1])


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
    if np.unique(present).size < 3:
        return False
    logs = np.log10(present)
    low, high = logs.min(), logs.max()
    if high - low < LOG_MIN_DECADES:
        return False
    return bool((np.median(logs) - low) / (high - low) <= LOG_MAX_MEDIAN)


def _scale(encoded: _Encoded) -> str:
    if encoded.kind == "numeric":
        return "log" if encoded.log else "linear"
    return "linear" if encoded.kind == "boolean" else ""


def _correlation(encoded: _Encoded, y: np.ndarray, method: str) -> float:
    """Pearson's r on the parameter's scale, or Spearman's rank correlation."""
    if method == "spearman" and encoded.numeric is not None:
        x = encoded.numeric
        ok = ~np.isnan(x)
        ranks = np.full(len(x), np.nan)
        ranks[ok] = pd.Series(x[ok]).rank(method="average").to_numpy()
        y_ranks = np.full(len(y), np.nan)
        y_ranks[ok] = pd.Series(y[ok]).rank(method="average").to_numpy()
        return _pearson(ranks, y_ranks)
    return _pearson(encoded.numeric, y)


def _all_bool(series: pd.Series) -> bool:
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def _bool_or_nan(value: object) -> float:
    return float(value) if isinstance(value, (bool, np.bool_)) else np.nan


def _as_numeric(series: pd.Series) -> np.ndarray | None:
    """Float values if every present value is a number (or numeric text), else None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        epoch = pd.Timestamp(0, tz=series.dt.tz)
        seconds = (series - epoch).dt.total_seconds()
        return seconds.to_numpy(dtype=float, na_value=np.nan).copy()  # writable
    if pd.api.types.is_timedelta64_dtype(series):
        return series.dt.total_seconds().to_numpy(dtype=float, na_value=np.nan).copy()
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan).copy()
    present = series.dropna()
    if any(isinstance(v, (bool, np.bool_)) for v in present):
        return None
    converted = pd.to_numeric(present, errors="coerce")
    if converted.isna().any():
        return None
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float).copy()


def _label(value: object) -> str:
    """The text a category value is shown as (missing values get a label of their own)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return MISSING_LABEL
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple, set)):
        return "[" + ", ".join(_label(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_label(v)}" for k, v in value.items()) + "}"
    return str(value)


def _pearson(x: np.ndarray | None, y: np.ndarray) -> float:
    """Pearson's r over the runs where ``x`` is present; NaN when undefined."""
    if x is None:
        return np.nan
    ok = ~np.isnan(x)
    if ok.sum() < 3:
        return np.nan
    xc = x[ok] - x[ok].mean()
    yc = y[ok] - y[ok].mean()
    denominator = np.sqrt((xc @ xc) * (yc @ yc))
    if denominator == 0 or not np.isfinite(denominator):
        return np.nan
    return float(np.clip((xc @ yc) / denominator, -1.0, 1.0))


def _value_stats(encoded: _Encoded, y: np.ndarray) -> list[dict]:
    """Per-value count, mean metric and correlation of a categorical parameter."""
    if encoded.labels is None:
        return []
    labels = encoded.labels.to_numpy()
    stats = []
    for value, count in encoded.labels.value_counts(sort=True).items():
        mask = labels == value
        stats.append(
            {
                "value": value,
                "count": int(count),
                "mean": float(y[mask].mean()),
                "correlation": _pearson(mask.astype(float), y),
            }
        )
    return stats


def forest_size(n_runs: int) -> tuple[int, int]:
    """How many trees the forest grows for ``n_runs`` runs, and how many runs each tree sees.

    Every run, up to :data:`ROWS_PER_TREE`; beyond that a fresh bootstrap sample of that many
    per tree. The trees share a budget of :data:`TREE_ROWS` rows (within :data:`MIN_TREES` …
    :data:`MAX_TREES`): small sweeps get many trees, big ones fewer, bigger trees. At a given
    cost, bigger trees agree better with a forest fitted on every run than more, smaller ones.
    """
    rows = max(1, min(n_runs, ROWS_PER_TREE))
    return int(np.clip(TREE_ROWS // rows, MIN_TREES, MAX_TREES)), rows


def _forest_importance(
    encoded: list[_Encoded], y: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Per-parameter importances (summing to 1, or all 0), their intervals and the noise floor.

    The parameters with the most distinct values (the ones an impurity importance favours
    most when they carry nothing) also enter the forest as copies whose rows are shuffled.
    The forest grows :data:`ROUND` trees at a time, with the copies shuffled afresh for each
    round, so the floor does not hang on one lucky shuffle. Importances of a parameter's
    columns are summed back to one number; the shuffled copies' importances give the noise
    floor. Every tree is fitted on a bootstrap resample of the runs, so the 5th–95th
    percentiles of a parameter's importance over the trees (scaled like the importance,
    clipped to 0..1 and always containing it) are its interval.
    """
    rng = np.random.default_rng(seed)
    n = len(y)
    k = len(encoded)
    most_values = sorted(encoded, key=lambda e: -e.n_values)  # stable: ties in given order
    copied = [e.matrix for e in most_values[:N_SHUFFLED]]
    blocks = [e.matrix for e in encoded] + copied
    group_of = np.concatenate(
        [np.full(block.shape[1], index) for index, block in enumerate(blocks)]
    )
    real_columns = group_of < k
    X = np.hstack(blocks)

    planned, rows = forest_size(n)
    forest = RandomForestRegressor(
        n_estimators=0,
        max_samples=rows if rows < n else None,  # big sweeps: a fresh sample for each tree
        max_features=1.0,
        random_state=seed,
        n_jobs=-1,  # through joblib: honours joblib.parallel_config (Dask, Ray …)
        warm_start=True,  # each round adds trees to the ones already grown
    )
    while True:
        X[:, ~real_columns] = np.hstack([matrix[rng.permutation(n)] for matrix in copied])
        forest.n_estimators = min(forest.n_estimators + ROUND, planned)
        forest.fit(X, y)
        if forest.n_estimators < planned:
            continue
        per_tree = np.array([tree.feature_importances_ for tree in forest.estimators_])
        grouped = np.zeros((per_tree.shape[0], len(blocks)))
        np.add.at(grouped.T, group_of, per_tree.T)
        real, shuffled = grouped[:, :k], grouped[:, k:]
        total = real.mean(axis=0).sum()
        if total <= 0 or planned >= MAX_TREES or _wobble(real / total) <= STABLE_L1:
            break
        planned = min(planned + ROUND, MAX_TREES)  # a noisy metric: grow more trees

    if total <= 0:
        return np.zeros(k), np.zeros(k), np.zeros(k), 0.0
    mean_real = real.mean(axis=0)
    floor = shuffled.max(axis=1).mean()
    importance = mean_real / total
    low, high = np.percentile(real / total, INTERVAL, axis=0)
    low = np.clip(np.minimum(low, importance), 0.0, 1.0)
    high = np.clip(np.maximum(high, importance), 0.0, 1.0)
    return importance, low, high, floor / total


def _wobble(per_tree: np.ndarray) -> float:
    """How far (L1) the mean of these per-tree importances is expected to be from the mean of
    infinitely many such trees: the sum of the standard errors, times E|Z| = √(2/π)."""
    standard_errors = per_tree.std(axis=0, ddof=1) / np.sqrt(len(per_tree))
    return float(np.sqrt(2 / np.pi) * standard_errors.sum())


def _fmt(value: float) -> str:
    return f"{value:.4g}"
