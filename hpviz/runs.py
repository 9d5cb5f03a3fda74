"""Read a table of runs and tell its parameters from its metrics and its run metadata.

Everything downstream works on a plain pandas frame with one row per run. :func:`load_runs`
turns what the user handed us into that frame (through the readers of :mod:`hpviz.sources`,
one per tracker) and decides, column by column, what it is. Where the source says (an Optuna
study, MLflow's ``params.``/``metrics.`` …) its word is taken; otherwise each column is

* a **metric**: numeric, and named like one (``val_loss``, ``accuracy``, ``reward`` …);
* **run metadata**: ids, names, states, timestamps, durations, internal ``_keys``;
* a **parameter**: everything else.

It also guesses whether a metric is minimised or maximised from its name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "RunColumns",
    "RunTable",
    "UnknownColumnError",
    "default_metric",
    "guess_goal",
    "load_runs",
    "read_runs",
    "split_columns",
]

GOALS = ("minimize", "maximize")

# Name tokens (split on anything that is not a letter or digit) that make a numeric column
# a metric, and the direction each one is usually optimised in.
_MINIMIZE_TOKENS = {
    "time",  # measured costs: fit_time_s, inference_time_ms (Ray's time_total_s is metadata)
    "seconds",
    "memory",
    "loss",
    "error",
    "err",
    "mse",
    "mae",
    "rmse",
    "msle",
    "mape",
    "nll",
    "perplexity",
    "ppl",
    "wer",
    "cer",
    "regret",
    "cost",
    "latency",
    "bpd",
    "bpc",
    "fid",
    "logloss",
    "distance",
}
_MAXIMIZE_TOKENS = {
    "acc",
    "accuracy",
    "f1",
    "auc",
    "auroc",
    "roc",
    "precision",
    "recall",
    "reward",
    "return",
    "score",
    "r2",
    "bleu",
    "rouge",
    "iou",
    "miou",
    "map",
    "ndcg",
    "mrr",
    "top1",
    "top5",
    "sharpe",
    "fitness",
    "likelihood",
    "elbo",
    "success",
    "dice",
    "psnr",
    "ssim",
    "kappa",
    "objective",
    "metric",
    "value",
}
# A column whose name carries one of these tokens is a setting, not a result, even if it also
# carries a metric token (``loss_weight``, ``score_threshold``, ``error_scale``).
_SETTING_TOKENS = {
    "limit",
    "budget",
    "warmup",
    "weight",
    "weights",
    "coef",
    "coefficient",
    "scale",
    "factor",
    "fn",
    "func",
    "function",
    "type",
    "kind",
    "threshold",
    "thresh",
    "clip",
    "smoothing",
    "patience",
    "lambda",
    "alpha",
    "beta",
    "temperature",
    "margin",
    "eps",
    "epsilon",
}
# Column names (compared case-insensitively, after the last "." or "/") that describe a run
# rather than configure it.
_METADATA_NAMES = {
    "id",
    "run_id",
    "runid",
    "run",
    "run_name",
    "name",
    "display_name",
    "trial_id",
    "trial",
    "number",
    "state",
    "status",
    "created_at",
    "start_time",
    "end_time",
    "datetime_start",
    "datetime_complete",
    "duration",
    "runtime",
    "time_total_s",
    "time_this_iter_s",
    "timestamp",
    "date",
    "hostname",
    "host",
    "node_ip",
    "pid",
    "experiment_id",
    "experiment_tag",
    "artifact_uri",
    "lifecycle_stage",
    "user",
    "user_id",
    "url",
    "path",
    "logdir",
    "tags",
    "notes",
    "group",
    "job_type",
    "sweep",
    "sweep_id",
    "step",
    "training_iteration",
    "iterations_since_restore",
    "time_since_restore",
    "done",
    "episodes_total",
    "timesteps_total",
    "checkpoint_dir_name",
    "should_checkpoint",
    "trainable_name",
    "timesteps_since_restore",
}


class UnknownColumnError(KeyError, ValueError):
    """A metric or parameter name that is not in the run table.

    The message names the wrong value and lists the valid ones (the likely ones first, then
    ``others``), with a close match if there is one. It is both a ``KeyError`` (a name lookup
    failed) and a ``ValueError`` (a bad argument), so either ``except`` works.
    """

    def __init__(
        self,
        what: str,
        name: object,
        available: Iterable[object],
        others: Iterable[object] = (),
        renamed: Mapping[str, str] | None = None,
    ):
        names = [str(a) for a in available]
        extra = [str(o) for o in others if str(o) not in names]
        self.what, self.name, self.available = what, name, names
        message = f"{what} {name!r} not found; available: {_listing(names)}"
        if extra:
            message += f"; other columns: {_listing(extra)}"
        hint = _did_you_mean(name, [*names, *extra], renamed or {})
        if hint:
            message += f"; {hint}"
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


def _listing(names: Sequence[str], limit: int = 40) -> str:
    if not names:
        return "(none)"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} … and {len(names) - limit} more"


def _did_you_mean(name: object, valid: Sequence[str], renamed: Mapping[str, str]) -> str:
    text = str(name)
    if text in renamed:
        return f"the source's {text!r} is called {renamed[text]!r} here"
    if text in valid:  # a non-string name: columns are named by text
        return f"column names are text: did you mean {text!r}?"
    folded = {v.lower(): v for v in valid}
    close = folded.get(text.lower()) or next(
        iter(difflib.get_close_matches(text, valid, n=1, cutoff=0.75)), None
    )
    return f"did you mean {close!r}?" if close else ""


@dataclass(frozen=True)
class RunColumns:
    """Which columns of a run table are parameters, metrics and run metadata."""

    params: list[str]
    metrics: list[str]
    metadata: list[str]


@dataclass(frozen=True)
class RunTable:
    """A run table ready for analysis: the frame and the role of each of its columns.

    The readers in :mod:`hpviz.sources` return one with ``columns=None`` when the source does
    not say which column is what; :func:`load_runs` always fills ``columns`` in.
    """

    frame: pd.DataFrame
    columns: RunColumns | None
    goal: str | None = None
    """The direction the source itself declares for the metric in use (an Optuna study's)."""
    goals: Mapping[str, str] = field(default_factory=dict)
    """The direction the source declares for each metric it knows (metric → goal)."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Columns shown under another name than the source's (``params_lr`` → ``lr``)."""
    notes: tuple[str, ...] = ()
    """What reading the source left out (e.g. an Optuna study's pruned trials)."""


def load_runs(
    runs: object,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
) -> RunTable:
    """Read ``runs`` and sort its columns into parameters, metrics and metadata.

    ``runs`` is anything :func:`hpviz.sources.read_source` reads. The roles the source gives
    (an Optuna study's parameters and objectives, MLflow's ``params.``/``metrics.``, …) are
    defaults; ``metric``, ``params`` and ``metrics`` override them and use the names shown
    (``"lr"`` for Optuna's ``params_lr``). Without roles from the source, columns are sorted
    by :func:`split_columns`.

    ``goal`` of the result is the source's direction for ``metric`` (or, when ``metric`` is
    not given, for the default metric if every metric the source knows shares it).
    """
    from hpviz.sources import read_source

    source = read_source(runs)
    if source.frame.shape[1] == 0:
        raise ValueError("the run table is empty: it has no runs and no columns")
    columns = split_columns(
        source.frame,
        metric=metric,
        params=params,
        metrics=metrics,
        known=source.columns,
        renamed=source.renamed,
    )
    goal = None
    chosen = metric if metric is not None else default_metric(columns.metrics)
    if chosen in source.goals and (metric is not None or len(set(source.goals.values())) == 1):
        goal = source.goals[chosen]
    return RunTable(
        source.frame,
        columns,
        goal,
        goals=source.goals,
        renamed=source.renamed,
        notes=source.notes,
    )


def read_runs(runs: object) -> pd.DataFrame:
    """Return ``runs`` as a pandas frame, one row per run, with unique string column names.

    Accepts whatever :func:`hpviz.sources.read_source` reads: pandas or polars frames, a list
    of dicts, a dict of columns, a CSV or Parquet path, an Optuna study, tracker exports.
    Nested dicts are flattened to dotted names (``{"model": {"depth": 4}}`` → ``model.depth``)
    and source prefixes dropped (``params_lr`` → ``lr``).
    """
    from hpviz.sources import read_source

    return read_source(runs).frame


def _tokens(name: str) -> set[str]:
    return {t for t in re.split(r"[^a-z0-9]+", name.lower()) if t}


def _leaf(name: str) -> str:
    return re.split(r"[./]", name)[-1].lower()


def is_number_column(series: pd.Series) -> bool:
    """Numeric or boolean, or an object column whose values all are (``True``/``None`` …)."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return True
    if series.dtype != object:
        return False
    present = series.dropna()
    return len(present) > 0 and all(
        isinstance(v, (int, float, bool, np.number, np.bool_)) for v in present
    )


def _is_numeric(series: pd.Series) -> bool:
    """A number column; a column without any value counts too (it could be either)."""
    return is_number_column(series) or not series.notna().any()


def _is_timestamp(series: pd.Series) -> bool:
    """A datetime or duration column that describes runs rather than configures them: one
    whose values rarely repeat (start times, run durations). A datetime that many runs share
    (a data cut-off date) is a parameter."""
    if not (
        pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series)
    ):
        return False
    present = series.dropna()
    return len(present) < 4 or present.nunique() > len(present) / 2


def looks_like_metric(name: str) -> bool:
    """Whether a column name reads like a result (``val_loss``) rather than a setting."""
    tokens = _tokens(name)
    if tokens & _SETTING_TOKENS:
        return False
    return bool(tokens & (_MINIMIZE_TOKENS | _MAXIMIZE_TOKENS))


# Bookkeeping names that, as the last part of a nested name, name a setting instead
# (``optimizer.name``, ``data.path``, ``model.id``): metadata only as a whole column name.
_GENERIC_METADATA_NAMES = {"id", "name", "run", "path", "url", "user", "group", "tags", "notes"}


def looks_like_metadata(name: str) -> bool:
    """Whether a column name reads like run bookkeeping (ids, states, times)."""
    leaf = _leaf(name)
    if name.startswith("_") or leaf.startswith("_") or name.lower() in _METADATA_NAMES:
        return True
    return leaf in _METADATA_NAMES and leaf not in _GENERIC_METADATA_NAMES


def split_columns(
    frame: pd.DataFrame,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    known: RunColumns | None = None,
    renamed: Mapping[str, str] | None = None,
) -> RunColumns:
    """Sort the columns of ``frame`` into parameters, metrics and metadata.

    ``known`` holds the roles the source gives, if it does; otherwise they are guessed:
    metrics are the numeric columns named like metrics, parameters every other column that
    is not run metadata (named like an id, state, time …; or a datetime whose values rarely
    repeat). ``metrics`` (if given) replaces the metrics; ``metric`` always counts as one.
    ``params`` (if given) is the list of parameters.

    Raises :class:`UnknownColumnError` for a name that is not a column; its message lists
    the valid names (``renamed``: the source's names of renamed columns, for a hint).
    """
    columns = list(frame.columns)
    if known is not None:
        default_metrics = list(known.metrics)
    else:
        default_metrics = [
            c
            for c in columns
            if _is_numeric(frame[c]) and looks_like_metric(c) and not looks_like_metadata(c)
        ]

    def default_params(exclude):
        if known is not None:
            return [c for c in known.params if c not in exclude]
        return [
            c
            for c in columns
            if c not in exclude
            and c not in default_metrics
            and not looks_like_metadata(c)
            and not _is_timestamp(frame[c])
        ]

    for name in metrics or []:
        if name not in frame.columns:
            raise UnknownColumnError("metric", name, default_metrics, columns, renamed)
    if metrics is None:
        found = default_metrics
    else:
        found = list(dict.fromkeys(metrics))
    if metric is not None:
        if metric not in frame.columns:
            raise UnknownColumnError("metric", metric, found, columns, renamed)
        if metric not in found:
            found = [*found, metric]
    for name in params or []:
        if name not in frame.columns:
            raise UnknownColumnError("parameter", name, default_params(found), columns, renamed)

    if params is None:
        chosen = default_params(found)
    else:
        chosen = list(dict.fromkeys(params))
        if metric in chosen:
            raise ValueError(f"{metric!r} cannot be both the metric and a parameter")
        found = [m for m in found if m not in chosen]
    metadata = [c for c in columns if c not in found and c not in chosen]
    return RunColumns(params=chosen, metrics=list(found), metadata=metadata)


def guess_goal(metric: str) -> str:
    """``"minimize"`` or ``"maximize"``, from the metric's name; ``"minimize"`` if unsure."""
    tokens = _tokens(metric)
    if tokens & _MINIMIZE_TOKENS:
        return "minimize"
    if tokens & _MAXIMIZE_TOKENS - {"value", "objective", "metric"}:
        return "maximize"
    return "minimize"


def _is_validation(name: str) -> bool:
    return any(
        prefix in _tokens(name) or _leaf(name).startswith(prefix + "_")
        for prefix in ("val", "valid", "validation", "eval", "test")
    )


def default_metric(metrics: Sequence[str]) -> str | None:
    """The metric a user most likely wants first: a validation/test metric named like one
    (``val_loss``), else any metric named like one, else any validation/test column, else
    the first."""
    if not metrics:
        return None
    for wanted in (
        lambda n: _is_validation(n) and looks_like_metric(n),
        looks_like_metric,
        _is_validation,
    ):
        for name in metrics:
            if wanted(name):
                return name
    return metrics[0]
