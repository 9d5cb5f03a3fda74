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

import threading
from collections.abc import Mapping, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from math import factorial

import numpy as np
import pandas as pd

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.conditional import Condition, find_conditions, impute
from hpviz.analysis.correlation import check_correlation, correlate, value_stats
from hpviz.analysis.dependence import borrowed, designed_order, drifted, moves_with, sorted_by
from hpviz.analysis.encoding import (
    check_columns,
    check_goal,
    encode,
    scale_of,
    target_values,
)
from hpviz.analysis.forest import forest_importance, on_every_core, stack
from hpviz.analysis.leakage import leaks
from hpviz.analysis.shape import effect_shape
from hpviz.analysis.target import check_target, prepare_target
from hpviz.ingest.load import load_runs
from hpviz.ingest.types import RunTable

__all__ = [
    "NOT_LISTED_KINDS",
    "SORT_KEYS",
    "TABLE_COLUMNS",
    "Analysis",
    "analyse",
    "importance_table",
    "listed_rows",
    "sort_table",
    "table_attrs",
    "useful_parameters",
    "wand_choice",
]

SORT_KEYS = ("importance", "correlation", "parameter")
MIN_RUNS = 5  # fewer runs than this: no importances (see analyse)
NOT_LISTED_KINDS = ("constant", "identifier")
"""Kinds of parameter the panel's table does not list (its Parameters dialog does): a constant
cannot matter, an identifier is left out of the model."""
ROUGH_RUNS = 30  # fewer runs than this, or …
ROUGH_RUNS_PER_PARAMETER = 10  # … fewer than this many per fitted parameter: rough
TABLE_COLUMNS = [
    "parameter",
    "importance",
    "importance_low",
    "importance_high",
    "correlation",
    "correlation_low",
    "correlation_high",
    "correlation_key",
    "scale",
    "kind",
    "useful",
    "values",
    "shape",
    "best_low",
    "best_high",
    "profile",
    "parent",
    "active_fraction",
    "active_when",
    "moves_with",
]


_SHAPE_COLUMNS = ("shape", "best_low", "best_high", "profile")


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
    target: str = "raw"
    """What importance and correlation were fitted on: ``"raw"``, ``"rank"``, ``"log"`` or
    ``"symlog"``."""
    reason: str = ""
    """Why importances are all 0 (empty when they are not): shown as the panel's empty state."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling the user that do not stop the analysis: each a short first
    sentence (the line the panel shows), then its details."""
    rough: str = ""
    """Why the importances are rough (too few runs for the parameters), or empty."""
    nothing_stands_out: str = ""
    """Said when no parameter's importance clears the noise floor, else empty."""
    target_note: str = ""
    """Why the fit is on ranks rather than the metric's values (``auto``), else empty."""
    borrowed: str = ""
    """Which parameters an adaptive sampler made look useful, though the others carry their
    effect (see :func:`hpviz.analysis.dependence.borrowed`), or empty."""
    leakage: list[str] = field(default_factory=list)
    """One sentence per parameter that tracks the metric almost exactly (a result rather than
    a setting?), see :mod:`hpviz.analysis.leakage`."""
    actions: list[dict] = field(default_factory=list)
    """What notes call for, one click away: ``{"note": <the note's exact text>, "label":
    <button text>, "message": <what the button sends to Python>}`` (*Leave out* beside each
    leakage sentence and a borrowed importance, *Use raw values* beside a fit on ranks)."""

    @property
    def warnings(self) -> list[str]:
        """The notes that put the numbers in doubt (a parameter that tracks the metric, rough,
        borrowed, nothing stands out): the panel shows them as warnings. Fitting on ranks is a
        sensible default, said as a plain note."""
        texts = (*self.leakage, self.borrowed, self.rough)
        return [text for text in (*texts, self.nothing_stands_out) if text]


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
    target: str = "auto",
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
    target
        What importance and correlation are fitted on: ``"auto"`` (default) the metric's
        ranks when a few runs far beyond the bulk would dominate it, or its ``"symlog"`` when
        the settings predict those runs (see :mod:`hpviz.analysis.target`), else its values;
        ``"raw"`` its values; ``"rank"`` its ranks; ``"log"`` log10 of a positive metric;
        ``"symlog"`` the log of each run's distance from the median, signed. Always centred
        and scaled first, so the table does not depend on the metric's unit or offset.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, sorted by importance, highest first, with the columns
        :data:`TABLE_COLUMNS`: ``importance`` (≥ 0, summing to 1, or all 0 when the metric
        carries no information) and its 90% interval ``importance_low``/``importance_high``
        (the 5th and 95th percentiles over the forest's bootstrap-fitted trees);
        ``correlation`` (-1..1, NaN for categorical parameters) and its 90% interval
        ``correlation_low``/``correlation_high``; ``scale`` (``"log"`` for a positive numeric
        parameter spanning two or more decades, ``"linear"`` for other numeric and boolean
        ones, ``""`` otherwise); ``kind`` (numeric, boolean, categorical, constant,
        identifier, or empty: no analysed run has a value); ``useful`` (above the noise floor, and
        not borrowed: see
        :mod:`hpviz.analysis.dependence`); ``values`` (a categorical's per-value statistics);
        ``shape``, ``best_low``/``best_high`` and ``profile`` (see
        :mod:`hpviz.analysis.shape`); ``parent``, ``active_fraction`` and ``active_when`` (a
        conditional parameter, see :mod:`hpviz.analysis.conditional`); ``moves_with``.
        ``table.attrs`` holds ``metric``, ``goal``, ``goal_guessed`` (True when no one gave the
        goal and neither the source nor the metric's name makes it certain: ``value``,
        ``score``), ``n_runs``, ``n_excluded``, ``noise_floor``, ``target``, ``reason`` (why
        importances are all 0), ``wand`` (what the wand keeps, and why), the warnings
        ``rough``, ``nothing_stands_out`` and ``borrowed`` (empty when there is nothing to
        say), ``leakage`` (a sentence per parameter that tracks the metric almost exactly: a
        result rather than a setting?), ``notes`` (runs or trials left out, and the warnings'
        sentences) and ``actions`` (what a note calls for: ``{"note", "label", "message"}``,
        *Leave out* beside each leakage sentence).
    """
    loaded, result = analyse_runs(
        runs,
        metric,
        params=params,
        goal=goal,
        seed=seed,
        correlation=correlation,
        ignore=ignore,
        unfinished=unfinished,
        target=target,
    )
    table = result.table.copy()
    table.attrs.update(
        table_attrs(
            result,
            loaded.notes,
            goal_guessed=goal is None and metric in loaded.guessed_goals,
            actions=loaded.actions,
        )
    )
    return table


def analyse_runs(
    runs: object,
    metric: str,
    *,
    params: Sequence[str] | None,
    goal: str | None,
    seed: int,
    correlation: str,
    ignore: Sequence[str] | None,
    unfinished: str,
    target: str,
) -> tuple[RunTable, Analysis]:
    """The runs read as :func:`importance_table` reads them (roles, unfinished runs, the
    source's goals and scales) and their analysis: what it and
    :func:`~hpviz.analysis.interactions.interaction_table` start from."""
    loaded = load_runs(runs, metric=metric, params=params, ignore=ignore, unfinished=unfinished)
    result = analyse(
        loaded.frame,
        metric,
        loaded.columns.params,
        goal=goal or loaded.goals.get(metric),
        seed=seed,
        correlation=correlation,
        target=target,
        scales=loaded.scales,
    )
    return loaded, result


def table_attrs(
    result: Analysis,
    notes: Sequence[str] = (),
    *,
    goal_guessed: bool,
    actions: Sequence[dict] = (),
) -> dict:
    """What :func:`importance_table` puts in ``table.attrs`` about ``result``: ``notes`` and
    ``actions`` (those of the runs) come before the analysis' own."""
    return {
        "target": result.target,
        "rough": result.rough,
        "nothing_stands_out": result.nothing_stands_out,
        "borrowed": result.borrowed,
        "leakage": list(result.leakage),
        "actions": [*actions, *result.actions],
        "wand": wand_choice(result)[1],
        "metric": result.metric,
        "goal": result.goal,
        "n_runs": result.n_runs,
        "n_excluded": result.n_excluded,
        "noise_floor": result.noise_floor,
        "reason": result.reason,
        "notes": [*notes, *result.notes],
        "goal_guessed": goal_guessed,
    }


def analyse(
    frame: pd.DataFrame,
    metric: str,
    params: Sequence[str],
    *,
    goal: str | None = None,
    seed: int = 0,
    correlation: str = "pearson",
    target: str = "auto",
    should_stop: ShouldStop = None,
    scales: Mapping[str, str] | None = None,
) -> Analysis:
    """Importance (with its interval), correlation and noise floor of ``params`` for
    ``metric`` in ``frame``. ``correlation`` is ``"pearson"`` (on the detected scale) or
    ``"spearman"``; ``target`` as in :func:`importance_table`. ``should_stop``, when given, is
    asked between rounds of trees and between parameters; when it returns true,
    :class:`~hpviz.analysis.Cancelled` is raised (a newer request has superseded this one).
    ``scales`` gives the scale a source declares for some parameters (``"log"``/``"linear"``,
    an Optuna study's distributions); the others' are read off their values."""
    check_correlation(correlation)
    check_target(target)
    check_columns(frame, metric, params)
    goal = check_goal(goal, metric)

    values, n_excluded = target_values(frame[metric], metric)
    kept = values.index
    n_runs = len(kept)
    analysed = frame if kept.equals(frame.index) else frame.loc[kept]  # (once, not per column)
    encoded = []
    for name in params:
        check_stop(should_stop)
        encoded.append(encode(name, analysed[name], (scales or {}).get(name)))
    check_stop(should_stop)
    conditions = find_conditions(analysed, params)
    for e in encoded:  # the forest sees a child's inactive runs as drawn from its active ones
        if e.name in conditions and e.matrix is not None:
            filled = impute(analysed[e.name], conditions[e.name].active, seed)
            as_fitted = encode(e.name, filled, (scales or {}).get(e.name))
            e.matrix, e.n_values = as_fitted.matrix, as_fitted.n_values
    raw = values.to_numpy(dtype=float)
    fitted = [e for e in encoded if e.matrix is not None]
    fitted_on = prepare_target(
        raw,
        target,
        metric,
        (lambda: stack([e.fitted for e in fitted])[0]) if fitted else None,
        seed,
    )
    y = fitted_on.values
    # far runs drawn in (see prepare_target) still have the leverage to make a parameter that
    # only helps isolate them look useful: whether an effect is real is also asked of the
    # runs' order, where no run weighs more than another
    order = None
    if target == "auto" and fitted_on.used == "symlog":
        order = prepare_target(raw, "rank", metric).values

    def describe() -> tuple[np.ndarray, list, list[dict], list[str]]:
        """What each row says besides its importance: correlations, per-value statistics,
        shapes, and which parameter it moves with."""
        correlations = np.array([correlate(e, y, correlation) for e in encoded]).reshape(-1, 3)
        stats = [
            value_stats(e, y, raw, active=_active(conditions, e.name), should_stop=should_stop)
            for e in encoded
        ]
        shapes = []
        for e, (_, low, high) in zip(encoded, correlations, strict=True):
            check_stop(should_stop)
            direction = 1 if low > 0 else -1 if high < 0 else 0  # (NaN compares False: 0)
            shapes.append(effect_shape(e.raw, e.log, raw, goal, seed, direction))
        return correlations, stats, shapes, moves_with(encoded, seed)

    def fit() -> tuple[str, tuple]:
        adapted = drifted(fitted, y, metric)  # (cheap; the design checks only where drifted)
        if adapted and (sorted_by(y) or designed_order(fitted)):
            adapted = ""
        found = forest_importance(fitted, y, seed, should_stop, permutation=bool(adapted))
        if order is not None:  # it must stand out on the runs' order as well
            *_, on_order = forest_importance(
                fitted, order, seed, should_stop, permutation=bool(adapted)
            )
            found = (*found[:4], found[4] & on_order)
        return adapted, found

    reason = _no_fit(metric, params, fitted, raw, n_runs)
    fitted_already = None
    if not reason and on_every_core(fitted, n_runs):
        # the forest keeps every core busy in scikit-learn's compiled code, which lets other
        # Python threads run: the rows are described meanwhile (the same numbers either way)
        described = _describer().submit(describe)
        try:
            fitted_already = fit()
        finally:
            futures.wait([described])  # (its error, if any, once the forest's is raised)
        correlations, stats, shapes, moving = described.result()
    else:
        correlations, stats, shapes, moving = describe()
    table = pd.DataFrame(
        {
            "parameter": [e.name for e in encoded],
            "importance": 0.0,
            "importance_low": 0.0,
            "importance_high": 0.0,
            "correlation": correlations[:, 0],
            "correlation_low": correlations[:, 1],
            "correlation_high": correlations[:, 2],
            "correlation_key": [
                _correlation_key(r, values)
                for r, values in zip(correlations[:, 0], stats, strict=True)
            ],
            "scale": [scale_of(e) for e in encoded],
            "kind": _kinds(frame, params, encoded, n_runs),
            "useful": False,
            "values": stats,
            **{key: [shape[key] for shape in shapes] for key in _SHAPE_COLUMNS},
            "parent": [_condition(conditions, e.name).parent for e in encoded],
            "active_fraction": [_condition(conditions, e.name).active_fraction for e in encoded],
            "active_when": [_condition(conditions, e.name).active_when for e in encoded],
            "moves_with": moving,
        },
        columns=TABLE_COLUMNS,
    )
    analysis = Analysis(
        metric, goal, table, n_runs, n_excluded, target=fitted_on.used, target_note=fitted_on.note
    )
    if fitted_on.note:
        analysis.notes.append(fitted_on.note)
        analysis.actions.append(
            {
                "note": fitted_on.note,
                "label": "Use raw values",
                "message": {"type": "set_target", "target": "raw"},
            }
        )

    if reason:
        analysis.reason = reason
    else:
        adapted, (importance, low, high, floor, stands_out) = fitted_already or fit()
        names = [e.name for e in fitted]
        for column, per_name in (
            ("importance", importance),
            ("importance_low", low),
            ("importance_high", high),
        ):
            by_name = dict(zip(names, per_name, strict=True))
            table[column] = [by_name.get(name, 0.0) for name in table["parameter"]]
        out = dict(zip(names, stands_out, strict=True))
        table["useful"] = [bool(out.get(name, False)) for name in table["parameter"]]
        analysis.noise_floor = float(floor)
        for note, action in leaks(fitted, raw, table, metric):
            analysis.leakage.append(note)
            analysis.actions.append(action)
        analysis.borrowed, lent = _check_borrowed(
            table,
            fitted,
            y if order is None else order,
            seed,
            should_stop,
            adapted,
            analysis.noise_floor,
        )
        if analysis.borrowed:
            for name in lent:
                analysis.actions.append(
                    {
                        "note": analysis.borrowed,
                        "label": "Leave out" if len(lent) == 1 else f"Leave out {name}",
                        "message": {"type": "set_role", "column": name, "role": "ignored"},
                    }
                )
        analysis.rough = _rough(n_runs, len(fitted))
        if not table["useful"].any():
            analysis.nothing_stands_out = (
                "No parameter stands out from noise. Shuffled copies of the parameters, which "
                "carry no information, reach importances as high as any real one."
            )
        texts = (*analysis.leakage, analysis.borrowed, analysis.rough)
        analysis.notes += [text for text in (*texts, analysis.nothing_stands_out) if text]
    analysis.table = sort_table(table, "importance", descending=True)
    return analysis


def sort_table(table: pd.DataFrame, by: str = "importance", descending: bool = True):
    """Rows in display order: the panel's sort, exactly (the front end sorts the same way).

    Importance sorts by value, correlation by its strength |r| (whatever its sign: one rule
    for every row), with missing values last whatever the direction; a categorical parameter
    (no single correlation) sorts by the largest |r| over its values (the ``correlation_key``
    column, which the front end sorts by too; computed here for a table without it); ties and
    the parameter column sort by case-folded name, then name.
    """
    if by not in SORT_KEYS:
        raise ValueError(f"cannot sort by {by!r}; choose one of {', '.join(SORT_KEYS)}")
    names = [str(name) for name in table["parameter"]]
    order = sorted(range(len(table)), key=lambda i: (names[i].lower(), names[i]))
    if by == "parameter":
        if descending:
            order.reverse()
    else:
        values = table[by].to_numpy(dtype=float)
        if by == "correlation" and "correlation_key" in table.columns:
            values = table["correlation_key"].to_numpy(dtype=float)
        elif by == "correlation":
            stats = table["values"] if "values" in table.columns else [None] * len(table)
            values = np.array([_correlation_key(r, v) for r, v in zip(values, stats, strict=True)])
        present = [i for i in order if not np.isnan(values[i])]
        missing = [i for i in order if np.isnan(values[i])]
        sign = -1.0 if descending else 1.0
        present.sort(key=lambda i: sign * values[i])  # stable: name order within ties
        order = present + missing
    return table.iloc[order].reset_index(drop=True)


def listed_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the panel's table lists: without constants and identifiers
    (:data:`NOT_LISTED_KINDS`), as the front end's ``filterRows`` leaves them out."""
    return table[~table["kind"].isin(NOT_LISTED_KINDS)]


def _correlation_key(r: float, values: object) -> float:
    """What a row sorts by in the correlation column: the strength of its correlation, |r|,
    or a categorical's largest |r| over its values (NaN if none)."""
    if not np.isnan(r) or not isinstance(values, list):
        return abs(r)
    strengths = [abs(v["correlation"]) for v in values if _finite(v.get("correlation"))]
    return max(strengths) if strengths else float("nan")


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


def useful_parameters(analysis: Analysis) -> list[str]:
    """The parameters the magic wand shows, most important first (see :func:`wand_choice`)."""
    return wand_choice(analysis)[0]


def wand_choice(analysis: Analysis) -> tuple[list[str], str]:
    """The parameters the magic wand shows, most important first, and why, in words.

    Those above the noise floor. If none is, but some parameter has any importance at all,
    the single most important one (so the wand never empties the table while any parameter
    carries signal). If the metric carries no information, every parameter that varies (over
    all the runs, where fewer than two have a value of the metric). Constants and identifiers
    are never shown, except that with a single run every parameter is kept (nothing is known
    to be constant yet: a live sweep's first run).
    """
    table = analysis.table
    if analysis.n_runs + analysis.n_excluded < 2:  # one run: nothing is known to be constant
        return list(table["parameter"]), (
            "Nothing to fit yet (fewer than 2 runs): kept every parameter."
        )
    candidates = table[~table["kind"].isin(["constant", "identifier", "empty"])]
    chosen = candidates[candidates["useful"]]
    if not chosen.empty:
        n = len(chosen)
        reason = f"{n} parameter{'s' if n > 1 else ''} above the noise floor."
    elif (candidates["importance"] > 0).any():
        chosen = candidates.nlargest(1, "importance")
        reason = (
            "No parameter clears the noise floor: kept the most important one, "
            f"{chosen['parameter'].iloc[0]}, so the table is not empty."
        )
    else:
        chosen = candidates
        reason = "The metric carries no information here: kept every parameter that varies."
    return list(chosen["parameter"]), reason


def _check_borrowed(
    table: pd.DataFrame,
    fitted: list,
    y: np.ndarray,
    seed: int,
    should_stop: ShouldStop,
    adapted: str,
    floor: float = 0.0,
) -> tuple[str, list[str]]:
    """Where the sampler adapted, take the parameters whose importance the others carry out of
    the useful ones, give their importance to the parameter they move with (the one whose
    importance grows most without them), and mark it (in ``table``); say which, in words, and
    return them."""
    if not adapted:
        return "", []
    # the useful ones, and any whose bar is above the floor without clearing it surely (see
    # forest_importance): a bar the others carry goes to them either way
    above = table["useful"] | (table["importance"] > floor)
    useful = table[above].sort_values("importance", ascending=False)
    found = borrowed(fitted, y, list(useful["parameter"]), seed, should_stop)
    if not found:
        return "", []
    rows = table["parameter"].isin(found)
    table.loc[rows, "useful"] = False
    table.loc[rows, "moves_with"] = table.loc[rows, "parameter"].map(found)
    index = {name: i for i, name in enumerate(table["parameter"])}
    columns = ("importance", "importance_low", "importance_high")
    bars = {column: table[column].to_numpy(dtype=float, copy=True) for column in columns}
    for name, partner in found.items():  # its bar goes to the parameter that carries it
        lent = bars["importance"][index[name]]
        for column in columns:
            bars[column][index[partner]] = min(1.0, bars[column][index[partner]] + lent)
            bars[column][index[name]] = 0.0
    for column in columns:
        table[column] = bars[column]
    one = len(found) == 1
    partners = list(dict.fromkeys(found.values()))
    return (
        f"{_and(list(found))}: not counted above the noise floor; {'its' if one else 'their'} "
        f"importance is counted for {_and(partners)}. Without "
        f"{'it' if one else 'either' if len(found) == 2 else 'any of them'}, the forest predicts "
        "the runs it did not see as well. These runs drifted as an adaptive sampler's (such as "
        f"TPE's) do ({adapted} differs between the first and the last runs), and such a sampler "
        "moves parameters together."
    ), list(found)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _no_fit(metric: str, params: Sequence[str], fitted: list, raw: np.ndarray, n_runs: int) -> str:
    """Why no forest is fitted (too few runs, a constant metric, nothing to analyse), or ""."""
    if n_runs == 0:
        return f"No runs have a value for {metric}."
    if n_runs == 1:
        return f"Only 1 run has a value for {metric}; importance needs at least 2."
    if n_runs < MIN_RUNS:
        return (
            f"Only {n_runs} runs have a value for {metric}: too few for importances to mean "
            f"anything (with {n_runs} runs, a parameter that carries nothing puts them in "
            f"{metric}'s order by chance in 1 sweep in {factorial(n_runs) // 2}); they need at "
            f"least {MIN_RUNS}."
        )
    if raw.min() == raw.max():
        return (
            f"{metric} is constant ({_fmt(raw[0])}) across all {n_runs} runs, "
            "so no parameter can explain it."
        )
    if not params:
        return "There are no parameters to analyse."
    if not fitted:
        return (
            "No parameter can be analysed: each one is constant across these runs "
            "or an identifier (a different label for nearly every run)."
        )
    return ""


_DESCRIBER: list[ThreadPoolExecutor] = []
_DESCRIBER_LOCK = threading.Lock()


def _describer() -> ThreadPoolExecutor:
    """The threads that describe the rows while a forest is grown on every core (made once;
    a task never waits for another, so any number of analyses share them)."""
    with _DESCRIBER_LOCK:
        if not _DESCRIBER:
            _DESCRIBER.append(ThreadPoolExecutor(2, thread_name_prefix="hpviz-rows"))
        return _DESCRIBER[0]


def _kinds(frame: pd.DataFrame, params: Sequence[str], encoded: list, n_runs: int) -> list[str]:
    """Each parameter's kind over the analysed runs; over every run where fewer than two have
    a value of the metric (the start of a live sweep, a metric no run has logged yet): one
    run says nothing of which parameters vary, and the wand then hides only the constants and
    identifiers that all the runs show."""
    if n_runs >= 2:
        return [e.kind for e in encoded]
    return [encode(name, frame[name]).kind for name in params]


def _rough(n_runs: int, n_params: int) -> str:
    """Why importances from ``n_runs`` runs over ``n_params`` fitted parameters are rough:
    fewer than :data:`ROUGH_RUNS` runs, or fewer than :data:`ROUGH_RUNS_PER_PARAMETER` per
    parameter. Empty when they are not."""
    if n_runs >= max(ROUGH_RUNS, ROUGH_RUNS_PER_PARAMETER * n_params):
        return ""
    what = f"{n_runs} runs for {n_params} parameter{'s' if n_params != 1 else ''}"
    firm = max(ROUGH_RUNS, ROUGH_RUNS_PER_PARAMETER * n_params)
    return (
        f"Rough numbers: only {what}. Importances and correlations firm up from about {firm} "
        f"runs here (at least {ROUGH_RUNS}, and {ROUGH_RUNS_PER_PARAMETER} per parameter)."
    )


_UNCONDITIONAL = Condition("", np.array([]), "")


def _condition(conditions: dict[str, Condition], name: str) -> Condition:
    return conditions.get(name, _UNCONDITIONAL)


def _active(conditions: dict[str, Condition], name: str) -> np.ndarray | None:
    return conditions[name].active if name in conditions else None


def _fmt(value: float) -> str:
    return f"{value:.4g}"
