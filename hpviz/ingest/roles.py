"""Give every column of a run table its role, with the reason in words.

A column is a **parameter** (a setting), a **constant** (a setting with one value in every run:
listed, never fitted), a **metric** (a result worth explaining), an **outcome** (something the run
produced that is not: counters, the epoch reached, timers), **metadata** (names, states, times),
an **identifier** (a distinct name, path or id per run), an **index** (a row number a saved
frame kept), **empty** (no run has a value) or **ignored** (the user said so).

Every signal is used, strongest first: the user's ``params=``/``metrics=``/``ignore=``; the
roles the source declares (an Optuna study's params and objective, MLflow's ``params.`` and
``metrics.``, Ray Tune's ``config/``, W&B's config and summary) and the layout's own columns; the
name (:mod:`hpviz.ingest.names`); and the data (one value in every run, a different text per run,
a column missing exactly where the run logged no result). A column's role depends on its name,
its values and the *set* of other columns, never on its position, with one exception: the
MLflow UI's CSV marks nothing but its order (params, then metrics, each sorted by name), so its
reader reads that order (:mod:`hpviz.ingest.trackers.mlflow`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from hpviz.ingest.evidence import revise
from hpviz.ingest.names import (
    goal_is_certain,
    guess_goal,
    is_config_path,
    is_index_name,
    is_logged_path,
    looks_like_metadata,
    looks_like_metric,
    metric_split,
    names_a_quality,
    outcome_reason,
    qualifiers,
    summary_statistic,
    tokens,
)
from hpviz.ingest.types import RunColumns, UnknownColumnError
from hpviz.ingest.values import numbers_with_words

__all__ = [
    "check_names_argument",
    "column_roles_of",
    "default_metric",
    "goal_is_certain",
    "guess_goal",
    "is_number_column",
    "looks_like_metadata",
    "looks_like_metric",
    "pick_metric",
    "produced_by_runs",
    "split_columns",
]

_PARAM_ROLES = ("parameter", "constant")
_ID_WORDS = {
    "id",
    "uuid",
    "hash",
    "name",
    "dir",
    "path",
    "file",
    "filename",
    "checkpoint",
    "ckpt",
    "output",
    "log",
    "logdir",
    "url",
    "commit",
    "run",
    "folder",
}
_ID_VALUE = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a UUID
    r"|(?=[0-9a-z]*[0-9])[0-9a-z]{8,40}"  # a hash or a W&B/MLflow run id
    r")$",
    re.IGNORECASE,
)


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


def _is_boolean(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return True
    if isinstance(series.dtype, np.dtype) and series.dtype != object:
        return False  # numbers, times: a NumPy type of their own, not booleans
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def _is_timestamp(series: pd.Series) -> bool:
    """A datetime or duration column whose values rarely repeat (start times, run
    durations): it describes runs. A datetime many runs share (a data cut-off) is a setting."""
    if not (
        pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series)
    ):
        return False
    present = series.dropna()
    return len(present) < 4 or present.nunique() > len(present) / 2


# Python's text for an object carries where it sat in memory (``<function f at 0x7f…>``):
# the same function or class in every run, at a different address in each process.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+(?=>)")


def _labels(series: pd.Series) -> pd.Series:
    """Each present value as text, memory addresses left out, so that one setting written
    by different processes reads as one value."""
    present = series.dropna()
    if not (pd.api.types.is_object_dtype(present) or pd.api.types.is_string_dtype(present)):
        return present  # numbers, booleans, datetimes: each value is its own label
    text = present.map(lambda v: v if isinstance(v, str) else repr(v))
    if not text.str.contains(" at 0x", regex=False).any():
        return text
    return text.str.replace(_ADDRESS, "", regex=True)


def _distinct(series: pd.Series) -> int:
    return _labels(series).nunique() + int(series.isna().any())


def _identifier_reason(name: str, series: pd.Series) -> str:
    """Why a text column is a distinct name, path or id per run ('' if it is not)."""
    if is_number_column(series) or _is_boolean(series):
        return ""
    present = series.dropna()
    if not any(isinstance(v, (str, bytes)) for v in present):
        return ""  # lists, datetimes …: values, not labels
    mixed = [v for v in present if not isinstance(v, (int, float, np.number))]
    if mixed and pd.to_numeric(pd.Series(mixed), errors="coerce").notna().all():
        return ""  # numbers, some written as text
    if numbers_with_words(series) is not None:
        return ""  # numbers with a few words (gamma="scale"): a setting with special values
    labels = _labels(series)
    n = len(labels)
    if n < 2 or labels.nunique() < n:
        if n >= 10 and labels.nunique() >= 0.9 * n:
            return f"{labels.nunique()} different values in {n} runs: nearly one per run"
        return ""
    text = labels.astype(str)
    if text.str.contains(r"[/\\]").mean() > 0.5:
        return f"a different path in each of the {n} runs"
    if text.str.match(_ID_VALUE).all():
        return f"a different id in each of the {n} runs"
    stems = text.str.replace(r"\d+", "#", regex=True)
    first = str(text.iat[0])
    if n >= 3 and stems.nunique() == 1 and str(stems.iat[0]) != first:
        return f"a different numbered name in each of the {n} runs ({first!r} …)"
    if n >= 3 and set(tokens(name)) & _ID_WORDS:
        return f"a different {name} in each of the {n} runs"
    if n >= 10:
        return f"a different value in each of the {n} runs"
    return ""


def _is_constant(series: pd.Series) -> bool:
    if len(series) < 2:
        return False
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iufb":
        values = series.to_numpy()  # plain numbers: compared at once, no labels needed
        return bool(values[0] == values[0] and (values == values[0]).all())
    return bool(series.notna().all() and _labels(series).nunique() == 1)


def produced_by_runs(frame: pd.DataFrame, known: RunColumns | None = None) -> set[str]:
    """Columns missing in exactly the runs that have no result at all (and only there): the
    run wrote them with its results, so they are outcomes (a W&B export's summary values of
    crashed runs are all empty, their config is not). Empty when every run has a result."""
    if known is not None or frame.empty:
        return set()
    metrics = [
        c
        for c in frame.columns
        if is_number_column(frame[c]) and looks_like_metric(c) and not is_config_path(c)
    ]
    if not metrics:
        return set()
    silent = frame[metrics].isna().all(axis=1).to_numpy()
    if not silent.any() or silent.all():
        return set()
    candidates = {
        c
        for c in frame.columns
        if c not in metrics
        and is_number_column(frame[c])
        and not is_config_path(c)
        and np.array_equal(frame[c].isna().to_numpy(), silent)
    }
    # The signal is the contrast: the silent runs kept their settings and lost their results.
    # A run that failed before it logged anything has neither, and then the columns missing
    # with the results are as likely settings (an MLflow run FAILED before ``log_params``).
    setup = [
        c
        for c in frame.columns
        if c not in candidates
        and c not in metrics
        and not looks_like_metadata(c)
        and not is_index_name(c)
    ]
    if not frame.loc[silent, setup].notna().any().any():
        return set()
    return candidates


def _automatic_role(
    name: str,
    series: pd.Series,
    *,
    declared: str | None,
    hint: tuple[str, str] | None,
    produced: Collection[str],
    layout: str,
) -> tuple[str, str]:
    """The role of one column and why, from the source's word, the name and the data."""
    if hint is not None:
        return hint
    if is_index_name(name) and (name.startswith("Unnamed") or _is_row_number(series)):
        return "index", "a row number kept when the table was saved, not a setting or a result"
    numeric = is_number_column(series) or not series.notna().any()
    outcome = outcome_reason(name)
    if declared == "metric":
        if len(series) and not series.notna().any():
            return "empty", "no analysed run has a value"
        if not numeric:
            return "metadata", f"reported as a result ({layout}), but text"
        if outcome:
            return "outcome", outcome
        return "metric", f"reported as a result ({layout})"
    if declared == "parameter":
        return _setting_role(name, series, f"a setting ({layout})")
    if declared == "metadata":
        return "metadata", f"bookkeeping ({layout})"

    if looks_like_metadata(name):
        return "metadata", "bookkeeping: named like an id, state, time or user"
    if _is_timestamp(series):
        return "metadata", "a time that differs from run to run: when it ran, not how"
    if is_config_path(name):
        return _setting_role(name, series, "a path into a nested config")
    if outcome:
        return "outcome", outcome
    if name in produced:
        return "outcome", "missing in exactly the runs that logged no result: the run wrote it"
    if numeric and looks_like_metric(name) and (goal_is_certain(name) or not _is_boolean(series)):
        return "metric", "a number named like a result"
    if is_logged_path(name):
        return "outcome", f"logged by the run under {name.split('/')[0]}/, not a setting"
    if numeric and _is_result_family(name):
        return "outcome", "a best, final or summary value: what the run reached"
    return _setting_role(name, series, "neither a result nor bookkeeping")


def _is_result_family(name: str) -> bool:
    folded = name.strip().lower()
    return folded.startswith(("best_", "final_", "last_")) or re.split(r"[/.]", folded)[0] in {
        "summary",
        "fold",
        "folds",
    }


def _is_row_number(series: pd.Series) -> bool:
    values = pd.to_numeric(series, errors="coerce")
    return bool(
        values.notna().all() and (values % 1 == 0).all() and values.is_unique and len(values) > 0
    )


def _setting_role(name: str, series: pd.Series, why: str) -> tuple[str, str]:
    if len(series) and not series.notna().any():
        return "empty", "no analysed run has a value"
    reason = _identifier_reason(name, series)
    if reason:
        return "identifier", reason
    if _is_constant(series):
        value = _labels(series).iat[0]
        return "constant", f"{why}, with one value in every run ({_short(value)})"
    return "parameter", why


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "..."


def column_roles_of(
    frame: pd.DataFrame,
    *,
    known: RunColumns | None = None,
    hints: Mapping[str, tuple[str, str]] | None = None,
    produced: Collection[str] = (),
    layout: str = "table",
    metrics: Sequence[str] = (),
) -> dict[str, tuple[str, str]]:
    """Every column's automatic role and reason (before the user's choices): first from the
    source's word, the layout, the name and simple facts of the values, then weighed against
    what the values show (:func:`hpviz.ingest.evidence.revise`; ``metrics``: metrics the user
    chose, tracked as well)."""
    declared: dict[str, str] = {}
    if known is not None:
        declared = {c: "metadata" for c in known.metadata}
        declared.update({c: "parameter" for c in known.params})
        declared.update({c: "metric" for c in known.metrics})
    hints = hints or {}
    roles = {
        name: _automatic_role(
            name,
            frame[name],
            declared=declared.get(name, "metadata" if known is not None else None),
            hint=hints.get(name),
            produced=produced,
            layout=layout,
        )
        for name in frame.columns
    }
    numeric = {
        name: is_number_column(frame[name]) and not _is_boolean(frame[name])
        for name in frame.columns
    }
    said = set(hints) | (set(known.params) if known is not None else set())
    return revise(
        frame,
        roles,
        numeric=numeric,
        open_columns=[c for c in frame.columns if c not in hints and known is None],
        copyable=[c for c in frame.columns if c not in said],
        metrics=[m for m in metrics if m in roles],
        config_paths=[c for c in frame.columns if c not in hints and is_config_path(c)],
    )


def check_names_argument(what: str, names: object) -> list[str] | None:
    """``params=``/``metrics=``/``ignore=`` as a list, or a clear error for a string (read
    letter by letter otherwise), a dict, or anything that is not a collection of names."""
    if names is None:
        return None
    if isinstance(names, str):
        raise TypeError(f"{what} must be a list of column names, not a string: {what}=[{names!r}]")
    if isinstance(names, Mapping) or not isinstance(names, Iterable):
        raise TypeError(
            f"{what} must be a list of column names, not a {type(names).__name__} ({names!r})"
        )
    return list(names)


def split_columns(
    frame: pd.DataFrame,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    known: RunColumns | None = None,
    renamed: Mapping[str, str] | None = None,
    hints: Mapping[str, tuple[str, str]] | None = None,
    produced: Collection[str] = (),
    layout: str = "table",
    left_out: str = "",
) -> RunColumns:
    """Sort the columns of ``frame`` into parameters, metrics and metadata, each with its role.

    ``known`` holds the roles the source declares, ``hints`` the roles its layout gives some
    columns, ``produced`` the columns it wrote with its results (:func:`produced_by_runs`).
    The user's word overrides all of it: ``metrics`` replaces the metrics (``metric`` always
    counts as one), ``params`` is the list of parameters, ``ignore`` leaves columns out.

    Raises :class:`UnknownColumnError` for a name that is not a column (its message lists the
    valid names; ``renamed``: the source's names of renamed columns, for a hint), and
    ``ValueError`` for a parameter no analysed run has a value of (``left_out`` says which
    runs were left out, for the message).
    """
    params = check_names_argument("params", params)
    metrics = check_names_argument("metrics", metrics)
    ignore = check_names_argument("ignore", ignore) or []
    columns = list(frame.columns)
    roles = column_roles_of(
        frame,
        known=known,
        hints=hints,
        produced=produced,
        layout=layout,
        metrics=[*([metric] if metric else []), *(metrics or [])],
    )
    auto_params = [c for c in columns if roles[c][0] in _PARAM_ROLES]
    chosen_metrics = _checked_choices(
        frame,
        roles,
        metric=metric,
        params=params,
        metrics=metrics,
        ignore=ignore,
        renamed=renamed,
        left_out=left_out,
    )

    final = dict(roles)
    for name in columns:
        role = roles[name][0]
        if metrics is not None and role == "metric" and name not in chosen_metrics:
            final[name] = ("ignored", "a result, but not in metrics=")
        if params is not None and role in _PARAM_ROLES and name not in params:
            final[name] = ("ignored", "a setting, but not in params=")
    for name in chosen_metrics:
        if roles[name][0] != "metric":
            said = "the chosen metric" if name == metric else "in metrics="
            final[name] = ("metric", f"{said} (else: {roles[name][1]})")
    if params is not None:
        chosen_params = list(dict.fromkeys(params))
        chosen_metrics = [m for m in chosen_metrics if m not in chosen_params]
        for name in chosen_params:
            if roles[name][0] not in _PARAM_ROLES:
                final[name] = ("parameter", f"in params= (else: {roles[name][1]})")
    else:
        chosen_params = [c for c in auto_params if c not in chosen_metrics]
    for name in ignore:
        final[name] = ("ignored", "in ignore=")
    chosen_params = [p for p in chosen_params if p not in ignore]
    chosen_metrics = [m for m in chosen_metrics if m not in ignore]
    taken = set(chosen_params) | set(chosen_metrics)
    return RunColumns(
        params=chosen_params,
        metrics=chosen_metrics,
        metadata=[c for c in columns if c not in taken],
        roles=final,
    )


def _checked_choices(
    frame: pd.DataFrame,
    roles: Mapping[str, tuple[str, str]],
    *,
    metric: str | None,
    params: Sequence[str] | None,
    metrics: Sequence[str] | None,
    ignore: Sequence[str],
    renamed: Mapping[str, str] | None,
    left_out: str,
) -> list[str]:
    """The metrics the user's ``metric`` and ``metrics`` choose (all the guessed ones when
    ``metrics`` is not given), once :func:`split_columns`' choices are checked against the
    columns: :class:`UnknownColumnError` or ``ValueError`` for one that cannot hold."""
    columns = list(frame.columns)
    auto_metrics = [c for c in columns if roles[c][0] == "metric"]
    auto_params = [c for c in columns if roles[c][0] in _PARAM_ROLES]
    for name in ignore:
        if name not in roles:
            raise UnknownColumnError("column to ignore", name, columns, (), renamed)
    for name in metrics or []:
        if name not in roles:
            raise UnknownColumnError("metric", name, auto_metrics, columns, renamed)
    chosen_metrics = auto_metrics if metrics is None else list(dict.fromkeys(metrics))
    if metric is not None:
        if metric not in roles:
            raise UnknownColumnError("metric", metric, chosen_metrics, columns, renamed)
        if metric not in chosen_metrics:
            chosen_metrics = [*chosen_metrics, metric]
    if params is not None:
        for name in params:
            if name not in roles:
                available = [c for c in auto_params if c not in chosen_metrics]
                raise UnknownColumnError("parameter", name, available, columns, renamed)
            if roles[name][0] == "empty":
                raise ValueError(
                    f"parameter {name!r} has no value in any of the {len(frame)} analysed runs"
                    + (f" ({left_out})" if left_out else "")
                    + "; parameters with values: "
                    + (", ".join(c for c in auto_params if c not in chosen_metrics) or "(none)")
                )
        if metric is not None and metric in params:
            raise ValueError(f"{metric!r} cannot be both the metric and a parameter")
    both = set(ignore) & (set(params or ()) | ({metric} if metric else set()))
    if both:
        raise ValueError(f"{', '.join(map(repr, sorted(both)))} cannot be both used and ignored")
    return chosen_metrics


# --- the metric a person would pick --------------------------------------------------------

_SPLIT_ORDER = {"validation": 0, "test": 1, "": 2, "train": 3}
_STATISTIC_ORDER = {"mean": 0, "": 1, "spread": 2}


def _metric_rank(name: str, declared: Collection[str]) -> tuple:
    leaf = re.split(r"[/]", name)[-1]
    return (
        0 if name in declared else 1,
        0 if looks_like_metric(name) else 1,
        _SPLIT_ORDER[metric_split(name)],
        _STATISTIC_ORDER[summary_statistic(name)],
        0 if not _is_result_family(name) else 1,
        0 if goal_is_certain(name) else 1,  # a loss or an accuracy before an entropy
        0 if names_a_quality(leaf) else 1,  # val/loss before Loss/surrogate or Loss/value
    )


def pick_metric(
    frame: pd.DataFrame, metrics: Sequence[str], declared: Collection[str] = ()
) -> tuple[str | None, str]:
    """The metric a person would look at first, and a note when it was one of several
    plausible ones (else ``""``).

    Validation before test before train, a mean before a max or min, a plain value before a
    best/final one, the source's own objective (``declared``, an Optuna study's) first of all;
    never a boolean, a constant or an empty column while another metric varies. Ties go to
    the headline metric (``val_roc_auc`` before ``val_precision_fraud``: fewer words that name
    a class or a part, see :func:`hpviz.ingest.names.qualifiers`), then the shorter name, then
    the first column.
    """
    if not metrics:
        return None, ""
    usable = [
        m
        for m in metrics
        if m in frame.columns
        and not _is_boolean(frame[m])
        and pd.to_numeric(frame[m], errors="coerce").nunique() > 1
    ]
    pool = usable or list(metrics)
    ranks = {m: _metric_rank(m, declared) for m in pool}
    chosen = min(pool, key=lambda m: (ranks[m], qualifiers(m), len(tokens(m)), pool.index(m)))
    peers = [m for m in pool if ranks[m] == ranks[chosen]]
    if len(peers) < 2 or chosen in declared:
        return chosen, ""
    split = metric_split(chosen)
    kind = f"{split} metrics" if split else "metrics"
    listed = ", ".join(peers[:6]) + (" …" if len(peers) > 6 else "")
    return chosen, f"Showing {chosen}, one of {len(peers)} {kind} ({listed}): pick another above."


def default_metric(metrics: Sequence[str]) -> str | None:
    """The metric a user most likely wants first, from the names alone (see
    :func:`pick_metric`, which also reads the values)."""
    return pick_metric(pd.DataFrame(index=[0, 1]), list(metrics))[0] if metrics else None


def guessed_goals(metrics: Iterable[str], goals: Mapping[str, str]) -> frozenset[str]:
    """The metrics whose goal neither the source nor the name makes certain."""
    return frozenset(m for m in metrics if m not in goals and not goal_is_certain(m))


# Names of a column that names each run, most telling first (compared lower-cased, with spaces
# as underscores: W&B's "Name", MLflow's "Run ID", Optuna's "number").
_RUN_NAME_COLUMNS = ("name", "run_name", "display_name", "run", "run_id", "id", "trial_id")
_RUN_NAME_ROLES = ("metadata", "identifier")


def run_name_column(roles: Sequence[Mapping[str, str]]) -> str | None:
    """The column that names each run, from the columns' roles (``{"column", "role"}`` each):
    a metadata or identifier column named like a run's name or id; None when there is none."""
    named = {
        str(r["column"]).strip().lower().replace(" ", "_"): str(r["column"])
        for r in roles
        if r.get("role") in _RUN_NAME_ROLES
    }
    return next((named[name] for name in _RUN_NAME_COLUMNS if name in named), None)
