"""Read a table of runs and tell its parameters from its metrics and its run metadata.

Everything downstream works on a plain pandas frame with one row per run. This module
turns what the user handed us into that frame and decides, column by column, what it is:

* a **metric**: numeric, and named like one (``val_loss``, ``accuracy``, ``reward`` …);
* **run metadata**: ids, names, states, timestamps, durations, internal ``_keys``;
* a **parameter**: everything else.

It also guesses whether a metric is minimised or maximised from its name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "UnknownColumnError",
    "RunColumns",
    "RunTable",
    "load_runs",
    "read_runs",
    "split_columns",
    "guess_goal",
    "default_metric",
]

GOALS = ("minimize", "maximize")

# Name tokens (split on anything that is not a letter or digit) that make a numeric column
# a metric, and the direction each one is usually optimised in.
_MINIMIZE_TOKENS = {
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
    "date",
}


class UnknownColumnError(KeyError, ValueError):
    """A metric or parameter name that is not in the run table.

    The message names the wrong value and lists the valid ones. It is both a ``KeyError``
    (a name lookup failed) and a ``ValueError`` (a bad argument), so either ``except`` works.
    """

    def __init__(self, what: str, name: object, available: Iterable[object]):
        names = [str(a) for a in available]
        listing = ", ".join(names) if names else "(none)"
        self.what, self.name, self.available = what, name, names
        super().__init__(f"{what} {name!r} not found; available: {listing}")

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class RunColumns:
    """Which columns of a run table are parameters, metrics and run metadata."""

    params: list[str]
    metrics: list[str]
    metadata: list[str]


@dataclass(frozen=True)
class RunTable:
    """A run table ready for analysis: the frame and the role of each of its columns."""

    frame: pd.DataFrame
    columns: RunColumns
    goal: str | None = None
    """The direction the source itself declares (an Optuna study's), if any."""


def load_runs(
    runs: object,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
) -> RunTable:
    """Read ``runs`` (see :func:`read_runs`) and sort its columns (see :func:`split_columns`)."""
    frame = read_runs(runs)
    return RunTable(frame, split_columns(frame, metric=metric, params=params, metrics=metrics))


def read_runs(runs: object) -> pd.DataFrame:
    """Return ``runs`` as a pandas frame, one row per run, with string column names.

    Accepts a pandas DataFrame, a list (or other sequence) of dicts, a mapping of columns,
    or the path of a CSV or Parquet file. Nested dicts are flattened to dotted names
    (``{"model": {"depth": 4}}`` → ``model.depth``).
    """
    if isinstance(runs, pd.DataFrame):
        frame = runs
    elif isinstance(runs, (str, os.PathLike)):
        frame = _read_path(os.fspath(runs))
    elif isinstance(runs, Mapping):
        frame = pd.DataFrame(runs)
    elif isinstance(runs, Sequence) and all(isinstance(r, Mapping) for r in runs):
        frame = pd.json_normalize(list(runs), sep=".") if runs else pd.DataFrame()
    else:
        raise TypeError(
            "runs must be a pandas DataFrame, a list of dicts, a dict of columns, or a path "
            f"to a .csv or .parquet file; got {type(runs).__name__}"
        )
    return _clean_columns(frame)


def _read_path(path: str) -> pd.DataFrame:
    if not os.path.exists(path):
        raise FileNotFoundError(f"no run table at {path!r}")
    lower = path.lower()
    if lower.endswith((".parquet", ".pq")):
        return pd.read_parquet(path)
    if lower.endswith((".csv", ".csv.gz", ".tsv")):
        return pd.read_csv(path, sep="\t" if lower.endswith(".tsv") else ",")
    raise ValueError(f"cannot read {path!r}: expected a .csv, .tsv or .parquet file")


def _clean_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """String column names, each unique (a repeated name gets a ``.1``, ``.2`` … suffix)."""
    names = [str(c) for c in frame.columns]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            unique.append(candidate)
            seen[candidate] = 0
        else:
            seen[name] = 0
            unique.append(name)
    if unique == list(frame.columns):
        return frame
    frame = frame.copy(deep=False)
    frame.columns = unique
    return frame


def _tokens(name: str) -> set[str]:
    return {t for t in re.split(r"[^a-z0-9]+", name.lower()) if t}


def _leaf(name: str) -> str:
    return re.split(r"[./]", name)[-1].lower()


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)


def looks_like_metric(name: str) -> bool:
    """Whether a column name reads like a result (``val_loss``) rather than a setting."""
    tokens = _tokens(name)
    if tokens & _SETTING_TOKENS:
        return False
    return bool(tokens & (_MINIMIZE_TOKENS | _MAXIMIZE_TOKENS))


def looks_like_metadata(name: str) -> bool:
    """Whether a column name reads like run bookkeeping (ids, states, times)."""
    leaf = _leaf(name)
    return name.startswith("_") or leaf.startswith("_") or leaf in _METADATA_NAMES


def split_columns(
    frame: pd.DataFrame,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
) -> RunColumns:
    """Sort the columns of ``frame`` into parameters, metrics and metadata.

    ``metrics`` (if given) is the list of metric columns; otherwise numeric columns named
    like metrics are. ``metric`` always counts as a metric. ``params`` (if given) is the
    list of parameters; otherwise every column that is neither a metric nor metadata.
    Datetime columns are metadata unless listed in ``params``.

    Raises :class:`UnknownColumnError` for a name that is not a column.
    """
    columns = list(frame.columns)
    for name in [*(metrics or []), *(params or [])]:
        if name not in frame.columns:
            raise UnknownColumnError("column", name, columns)

    if metrics is None:
        found = [c for c in columns if _is_numeric(frame[c]) and looks_like_metric(c)]
    else:
        found = list(dict.fromkeys(metrics))
    if metric is not None:
        if metric not in frame.columns:
            raise UnknownColumnError("metric", metric, found or columns)
        if metric not in found:
            found.append(metric)

    if params is None:
        chosen = [
            c
            for c in columns
            if c not in found
            and not looks_like_metadata(c)
            and not pd.api.types.is_datetime64_any_dtype(frame[c])
            and not pd.api.types.is_timedelta64_dtype(frame[c])
        ]
    else:
        chosen = list(dict.fromkeys(params))
        clash = [p for p in chosen if p == metric]
        if clash:
            raise ValueError(f"{metric!r} cannot be both the metric and a parameter")
        found = [m for m in found if m not in chosen]
    metadata = [c for c in columns if c not in found and c not in chosen]
    return RunColumns(params=chosen, metrics=found, metadata=metadata)


def guess_goal(metric: str) -> str:
    """``"minimize"`` or ``"maximize"``, from the metric's name; ``"minimize"`` if unsure."""
    tokens = _tokens(metric)
    if tokens & _MINIMIZE_TOKENS:
        return "minimize"
    if tokens & _MAXIMIZE_TOKENS - {"value", "objective", "metric"}:
        return "maximize"
    return "minimize"


def default_metric(metrics: Sequence[str]) -> str | None:
    """The metric a user most likely wants first: a validation/test one if there is one."""
    if not metrics:
        return None
    for prefix in ("val", "valid", "validation", "eval", "test"):
        for name in metrics:
            if prefix in _tokens(name) or _leaf(name).startswith(prefix + "_"):
                return name
    return metrics[0]
