"""Tell a run table's parameters from its metrics and its run metadata, column by column.

Where the source says (an Optuna study, MLflow's ``params.``/``metrics.`` …) its word is
taken (see :mod:`hpviz.ingest.sources`); otherwise each column is

* a **metric**: numeric, and named like one (``val_loss``, ``accuracy``, ``reward`` …);
* **run metadata**: ids, names, states, timestamps, durations, internal ``_keys``;
* a **parameter**: everything else.

It also guesses whether a metric is minimised or maximised from its name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from hpviz.ingest.types import RunColumns, UnknownColumnError

__all__ = [
    "default_metric",
    "guess_goal",
    "is_number_column",
    "looks_like_metadata",
    "looks_like_metric",
    "split_columns",
]

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
