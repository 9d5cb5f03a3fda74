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

from hpviz.analysis.correlation import check_correlation, correlate, value_stats
from hpviz.analysis.encoding import (
    check_columns,
    check_goal,
    encode,
    scale_of,
    target_values,
)
from hpviz.analysis.forest import forest_importance
from hpviz.ingest.load import load_runs

__all__ = [
    "SORT_KEYS",
    "TABLE_COLUMNS",
    "Analysis",
    "analyse",
    "importance_table",
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
    ignore: Sequence[str] | None = None,
    unfinished: str = "exclude",
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
    ignore
        Columns to leave out (neither parameters nor metrics).
    unfinished
        ``"exclude"`` (default) leaves out runs that did not finish (crashed, failed, killed,
        running, pruned; the notes say how many); ``"include"`` analyses them too.

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
        ``n_excluded``, ``noise_floor``, ``reason``, ``notes`` (runs or trials left out …) and
        ``goal_guessed`` (True when no one gave the goal and neither the source nor the metric's
        name makes it certain: ``value``, ``score``).
    """
    loaded = load_runs(runs, metric=metric, params=params, ignore=ignore, unfinished=unfinished)
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
        goal_guessed=goal is None and metric in loaded.guessed_goals,
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
    check_correlation(correlation)
    check_columns(frame, metric, params)
    goal = check_goal(goal, metric)

    target, n_excluded = target_values(frame[metric], metric)
    kept = target.index
    n_runs = len(kept)
    encoded = [encode(name, frame.loc[kept, name]) for name in params]
    y = target.to_numpy(dtype=float)

    table = pd.DataFrame(
        {
            "parameter": [e.name for e in encoded],
            "importance": 0.0,
            "importance_low": 0.0,
            "importance_high": 0.0,
            "correlation": [correlate(e, y, correlation) for e in encoded],
            "scale": [scale_of(e) for e in encoded],
            "kind": [e.kind for e in encoded],
            "useful": False,
            "values": [value_stats(e, y) for e in encoded],
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
        importance, low, high, floor = forest_importance(fitted, y, seed)
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
    direction; a categorical parameter (no single correlation) sorts by the largest |r| over
    its values; ties and the parameter column sort by case-folded name, then name.
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
        if by == "correlation" and "values" in table.columns:
            values = np.array([_correlation_key(r, v) for r, v in zip(values, table["values"])])
        present = [i for i in order if not np.isnan(values[i])]
        missing = [i for i in order if np.isnan(values[i])]
        sign = -1.0 if descending else 1.0
        present.sort(key=lambda i: sign * values[i])  # stable: name order within ties
        order = present + missing
    return table.iloc[order].reset_index(drop=True)


def _correlation_key(r: float, values: object) -> float:
    """A row's correlation, or a categorical's largest |r| over its values (NaN if none)."""
    if not np.isnan(r) or not isinstance(values, list):
        return r
    strengths = [abs(v["correlation"]) for v in values if _finite(v.get("correlation"))]
    return max(strengths) if strengths else float("nan")


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


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


def _fmt(value: float) -> str:
    return f"{value:.4g}"
