"""Read a run table from wherever it comes from: one small reader per source.

:func:`read_source` looks at what it is handed (by type, module name and column names, never
by importing an optional library up front) and calls one of the readers below. Each reader
returns a :class:`~hpviz.ingest.types.Source` whose frame

* has one row per run, a fresh 0..n-1 index and unique string column names;
* names columns the way the user wrote them: Optuna's ``params_lr``, MLflow's ``params.lr``
  and Ray Tune's ``config/lr`` all become ``lr``; nested configs become dotted names
  (``{"model": {"depth": 4}}`` → ``model.depth``); a renamed column that would clash with
  another keeps the source's name;
* holds lists and tuples as Python lists (shown as their text); dict values are flattened.

Where the source says which columns are parameters and which are metrics, the reader says
so in ``columns`` (else ``None``: :func:`~hpviz.ingest.roles.split_columns` guesses from names), and
``goals`` holds the direction of each metric the source declares (an Optuna study's).

Sources: pandas, polars and anything narwhals, the dataframe interchange protocol or the
Arrow stream protocol can hand over; a list of dicts or a dict of columns; a CSV or Parquet
path; an Optuna ``Study`` or its ``trials_dataframe()``; an MLflow ``search_runs()`` frame; a
Ray Tune ``ResultGrid.get_dataframe()``; W&B runs (``wandb.Api().runs(...)``) or the frame of
``config``/``summary`` dicts their docs build from them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import RunColumns, Source

__all__ = [
    "from_frame",
    "from_mlflow_frame",
    "from_optuna_frame",
    "from_optuna_study",
    "from_ray_frame",
    "from_records",
    "from_wandb_frame",
    "from_wandb_runs",
    "read_file",
    "read_source",
]

ACCEPTED = (
    "a pandas DataFrame (or a polars or other dataframe), a list of dicts, a dict of columns, "
    "a path to a .csv or .parquet file, an Optuna Study, or W&B runs"
)


def read_source(runs: object) -> Source:
    """The run table in ``runs``, whatever its source (see the module's docstring)."""
    if isinstance(runs, pd.DataFrame):
        return from_frame(runs)
    if isinstance(runs, (str, os.PathLike)):
        return from_frame(read_file(os.fspath(runs)))
    module = type(runs).__module__ or ""
    if module.startswith("optuna") and hasattr(runs, "trials_dataframe"):
        return from_optuna_study(runs)
    if module.startswith("wandb") and isinstance(runs, Iterable):
        return from_wandb_runs(runs)
    frame = _foreign_frame(runs, module)
    if frame is not None:
        return from_frame(frame)
    if isinstance(runs, Mapping):
        return from_frame(_mapping_frame(runs))
    if isinstance(runs, Iterable) and not isinstance(runs, (bytes, pd.Series, np.ndarray)):
        items = list(runs)
        if all(isinstance(item, Mapping) for item in items):
            return from_records(items)
        if all(_is_wandb_run(item) for item in items):
            return from_wandb_runs(items)
        odd = next(item for item in items if not isinstance(item, Mapping))
        raise TypeError(
            f"runs must be {ACCEPTED}; got a {type(runs).__name__} holding a "
            f"{type(odd).__name__} ({_short(odd)})"
        )
    raise TypeError(f"runs must be {ACCEPTED}; got {type(runs).__name__}")


# --- files, foreign frames, plain Python ---------------------------------------------------


def read_file(path: str) -> pd.DataFrame:
    """The table in a CSV/TSV (optionally gzipped) or Parquet file."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"no run table at {path!r}")
    lower = path.lower()
    if lower.endswith((".parquet", ".pq")):
        try:
            return pd.read_parquet(path)
        except ImportError as error:
            raise ImportError(
                f"reading {path!r} needs a Parquet engine: pip install pyarrow"
            ) from error
    if lower.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        sep = "\t" if ".tsv" in lower else ","
        try:
            return pd.read_csv(path, sep=sep)
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
    raise ValueError(f"cannot read {path!r}: expected a .csv, .tsv or .parquet file")


def _foreign_frame(runs: object, module: str) -> pd.DataFrame | None:
    """A pandas copy of a polars (or other) dataframe; None if ``runs`` is not one."""
    if module.startswith(("polars", "narwhals")):
        if hasattr(runs, "collect") and not hasattr(runs, "to_dict"):  # a LazyFrame
            runs = runs.collect()
        if hasattr(runs, "columns"):  # not a Series
            return _to_pandas(runs)
    if isinstance(runs, (Mapping, list, tuple, str, bytes)):
        return None
    try:
        import narwhals as nw
    except ImportError:
        nw = None
    if nw is not None:
        native = nw.from_native(runs, eager_only=True, pass_through=True)
        if native is not runs:
            return _to_pandas(native)
    if hasattr(runs, "__dataframe__"):
        return pd.api.interchange.from_dataframe(runs, allow_copy=True)
    if hasattr(runs, "__arrow_c_stream__"):
        try:
            import pyarrow as pa
        except ImportError as error:
            raise ImportError(
                f"reading a {type(runs).__name__} needs pyarrow: pip install pyarrow"
            ) from error
        try:
            return pa.table(runs).to_pandas()
        except (TypeError, ValueError):  # a stream of something else than a table
            return None
    return None


def _to_pandas(frame) -> pd.DataFrame:
    """``frame.to_pandas()``, or a copy through Python lists when that needs pyarrow."""
    try:
        return frame.to_pandas()
    except (ImportError, ModuleNotFoundError):
        return pd.DataFrame(frame.to_dict(as_series=False))


def _mapping_frame(runs: Mapping) -> pd.DataFrame:
    """A dict of columns (lists, or ``{row: value}`` dicts as ``DataFrame.to_dict()`` gives),
    or else a single run's dict."""
    columns = list(runs.values())
    if columns and all(
        isinstance(v, (list, tuple, np.ndarray, pd.Series, pd.Index)) for v in columns
    ):
        return pd.DataFrame(dict(runs))
    if columns and all(
        isinstance(v, Mapping) and v and all(isinstance(k, (int, np.integer)) for k in v)
        for v in columns
    ):
        return pd.DataFrame(dict(runs))
    return pd.json_normalize([dict(runs)], sep=".") if runs else pd.DataFrame()


def from_records(records: Sequence[Mapping]) -> Source:
    """A list of dicts, one per run; nested dicts become dotted columns."""
    if not records:
        return Source(pd.DataFrame(), None)
    return from_frame(pd.json_normalize([dict(r) for r in records], sep="."))


# --- pandas frames: which tracker made it? -------------------------------------------------


def from_frame(frame: pd.DataFrame) -> Source:
    """A pandas frame: a tracker's export (recognised by its column names) or a plain table."""
    frame = _tidy(frame)
    names = [str(c) for c in frame.columns]
    if _is_optuna_frame(names):
        return from_optuna_frame(frame)
    if any(n.startswith(("params.", "metrics.")) for n in names):
        return from_mlflow_frame(frame)
    if any(n.startswith("config/") for n in names) and _RAY_AUTO.intersection(names):
        return from_ray_frame(frame)
    if _is_wandb_frame(frame):
        return from_wandb_frame(frame)
    flat, _ = _flatten_values(frame)
    return Source(flat, None)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per run with index 0..n-1 (a named index becomes a column), string names."""
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        named = any(name is not None for name in frame.index.names)
        clash = any(str(name) in map(str, frame.columns) for name in frame.index.names)
        frame = frame.reset_index(drop=not named or clash)
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.copy(deep=False)
        top = {str(t) for t in frame.columns.get_level_values(0)}
        sep = "_" if "params" in top and top & {"number", "value", "values", "state"} else "."
        frame.columns = [
            sep.join(str(part) for part in column if str(part) != "") for column in frame.columns
        ]
    return _unique_names(frame)


def _unique_names(frame: pd.DataFrame) -> pd.DataFrame:
    """String column names, each unique (a repeated name gets a ``.1``, ``.2`` … suffix)."""
    names = [str(c) for c in frame.columns]
    seen: set[str] = set(names)
    counts: Counter[str] = Counter()
    unique = []
    for name in names:
        counts[name] += 1
        if counts[name] == 1:
            unique.append(name)
            continue
        suffix = counts[name] - 1
        while f"{name}.{suffix}" in seen:
            suffix += 1
        unique.append(f"{name}.{suffix}")
        seen.add(unique[-1])
    if unique == list(frame.columns):
        return frame
    frame = frame.copy(deep=False)
    frame.columns = unique
    return frame


# --- Optuna ----------------------------------------------------------------------------------


def _is_optuna_frame(names: Sequence[str]) -> bool:
    has_params = any(n.startswith("params_") for n in names)
    has_value = any(n == "value" or n.startswith(("values_", "value_")) for n in names)
    return has_params and (has_value or "state" in names or "number" in names)


def from_optuna_study(study) -> Source:
    """An Optuna ``Study``: its trials, with the study's directions as the metrics' goals."""
    frame = study.trials_dataframe()
    directions = [
        {"MINIMIZE": "minimize", "MAXIMIZE": "maximize"}.get(getattr(d, "name", ""))
        for d in study.directions
    ]
    if "number" not in frame.columns:  # a study without trials: keep its objectives
        names = getattr(study, "metric_names", None)
        if len(directions) == 1:
            objectives = [f"value_{names[0]}" if names else "value"]
        else:
            objectives = [f"values_{n}" for n in (names or range(len(directions)))]
        frame = pd.DataFrame({c: pd.Series(dtype=float) for c in ["number", *objectives]})
    return from_optuna_frame(frame, directions)


def from_optuna_frame(frame: pd.DataFrame, directions: Sequence[str | None] = ()) -> Source:
    """``study.trials_dataframe()``: COMPLETE trials; ``params_<p>`` shown as ``p``.

    The metrics are ``value`` or ``values_<i>``; objectives named with ``set_metric_names``
    (``value_<name>``, ``values_<name>``) are shown by their names. Numbers, datetimes,
    ``state``, ``user_attrs_*`` and ``system_attrs_*`` are run metadata. ``directions`` (one
    per objective, as the study lists them) give the metrics' goals.
    """
    frame = _tidy(frame)
    notes = []
    if "state" in frame.columns:
        states = frame["state"].map(lambda s: str(s).rsplit(".", 1)[-1].upper())
        complete = (states == "COMPLETE").to_numpy()
        if not complete.all():
            left = states[~complete].value_counts()
            detail = ", ".join(f"{n} {state}" for state, n in left.items())
            total = int((~complete).sum())
            notes.append(f"{total} of {len(frame)} trials left out: not COMPLETE ({detail}).")
            frame = frame[complete].reset_index(drop=True)

    wanted, params, objectives = {}, [], []
    for name in frame.columns:
        if name.startswith("params_"):
            wanted[name] = name[len("params_") :]
            params.append(name)
        elif name == "value" or name.startswith(("values_", "value_")):
            label = name.split("_", 1)[1] if "_" in name else name
            if name != "value" and not label.isdigit():
                wanted[name] = label
            objectives.append(name)
    frame, renamed = _rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    metrics = [renamed.get(m, m) for m in objectives]
    goals = (
        {m: d for m, d in zip(metrics, directions) if d} if len(directions) == len(metrics) else {}
    )
    return _table(frame, params, metrics, goals=goals, renamed=renamed, notes=notes)


# --- MLflow ----------------------------------------------------------------------------------


def from_mlflow_frame(frame: pd.DataFrame) -> Source:
    """``mlflow.search_runs()``: ``params.<k>`` and ``metrics.<k>`` shown as ``<k>``.

    MLflow stores parameters as text: numbers become numbers, ``"True"``/``"False"``
    booleans and ``"None"`` a missing value. ``tags.*`` and the run's own columns (id,
    status, times, artifact URI …) are run metadata. Keys may contain dots: only the first
    one separates the prefix.
    """
    frame = _tidy(frame)
    wanted, params, metrics = {}, [], []
    for name in frame.columns:
        prefix, _, key = name.partition(".")
        if prefix == "params" and key:
            wanted[name] = key
            params.append(name)
        elif prefix == "metrics" and key:
            wanted[name] = key
            metrics.append(name)
    if params:
        frame = frame.copy(deep=False)
        for name in params:
            frame[name] = _parse_text(frame[name])
    frame, renamed = _rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    metrics = [renamed.get(m, m) for m in metrics]
    return _table(frame, params, metrics, renamed=renamed)


_NONE_TEXT = {"None"}
_BOOL_TEXT = {"true": True, "false": False}


def _parse_text(series: pd.Series) -> pd.Series:
    """Values logged as text back to numbers, booleans and missing values where all fit."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return series
    values = series.astype(object).map(
        lambda v: None if (isinstance(v, str) and v.strip() in _NONE_TEXT) else v
    )
    present = values.dropna()
    if present.empty:
        return pd.Series(np.nan, index=series.index, dtype=float)
    if not all(isinstance(v, str) for v in present):
        return values
    stripped = present.map(str.strip)
    if stripped.str.lower().isin(list(_BOOL_TEXT)).all():
        return values.map(
            lambda v: _BOOL_TEXT[v.strip().lower()] if isinstance(v, str) else None
        ).astype(object)
    numbers = pd.to_numeric(stripped, errors="coerce")
    if numbers.notna().all():
        return pd.to_numeric(values.map(lambda v: v.strip() if isinstance(v, str) else v))
    return values


# --- Ray Tune --------------------------------------------------------------------------------

# The columns Ray Tune fills in itself (ray.tune.result), all run metadata.
_RAY_AUTO = {
    "training_iteration",
    "time_total_s",
    "time_this_iter_s",
    "time_since_restore",
    "timesteps_total",
    "timesteps_since_restore",
    "timesteps_this_iter",
    "episodes_total",
    "episodes_this_iter",
    "iterations_since_restore",
    "timestamp",
    "date",
    "done",
    "should_checkpoint",
    "checkpoint_dir_name",
    "trial_id",
    "experiment_id",
    "experiment_tag",
    "trainable_name",
    "hostname",
    "node_ip",
    "pid",
    "logdir",
}


def from_ray_frame(frame: pd.DataFrame) -> Source:
    """``ResultGrid.get_dataframe()``: ``config/<p>`` shown as ``p`` (``config/a/b`` as
    ``a.b``); the other numeric columns, except Ray's own, are the reported metrics."""
    frame = _tidy(frame)
    wanted, params, metrics = {}, [], []
    for name in frame.columns:
        if name.startswith("config/"):
            wanted[name] = name[len("config/") :].replace("/", ".")
            params.append(name)
        elif name not in _RAY_AUTO and is_number_column(frame[name]):
            metrics.append(name)
    frame, renamed = _rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    return _table(frame, params, metrics, renamed=renamed)


# --- Weights & Biases ------------------------------------------------------------------------


def _is_wandb_run(item: object) -> bool:
    return hasattr(item, "config") and hasattr(item, "summary")


def _is_wandb_frame(frame: pd.DataFrame) -> bool:
    return any(
        name in frame.columns and _all_mappings(frame[name]) for name in ("config", "summary")
    )


def from_wandb_runs(runs: Iterable) -> Source:
    """W&B runs (``wandb.Api().runs(path)``): ``run.config`` keys are the parameters, numeric
    ``run.summary`` keys the metrics, ``run.name`` metadata; ``_``-keys are W&B's own."""
    rows = []
    for run in runs:
        summary = run.summary
        summary = getattr(summary, "_json_dict", None) or summary
        extra = {"name": getattr(run, "name", None)}
        rows.append((_as_dict(run.config), _as_dict(summary), extra))
    return _wandb_table(rows)


def from_wandb_frame(frame: pd.DataFrame) -> Source:
    """The frame W&B's docs build from runs: ``config`` and ``summary`` columns holding dicts
    (plus ``name`` and whatever else, kept as metadata)."""
    frame = _tidy(frame)
    others = [c for c in frame.columns if c not in ("config", "summary")]
    rows = []
    for i in range(len(frame)):
        config = frame["config"].iat[i] if "config" in frame.columns else None
        summary = frame["summary"].iat[i] if "summary" in frame.columns else None
        extra = {c: frame[c].iat[i] for c in others}
        rows.append((_as_dict(config), _as_dict(summary), extra))
    return _wandb_table(rows, others)


def _wandb_table(rows: list[tuple[dict, dict, dict]], extra_names: Sequence[str] = ("name",)):
    configs = [_flatten_dict(_wandb_config(c)) for c, _, _ in rows]
    summaries = [
        _flatten_dict(
            {
                k: v
                for k, v in s.items()
                if not str(k).startswith("_") and not (isinstance(v, Mapping) and "_type" in v)
            }
        )
        for _, s, _ in rows
    ]
    param_keys = list(dict.fromkeys(k for c in configs for k in c))
    summary_keys = list(dict.fromkeys(k for s in summaries for k in s))
    taken = set(param_keys)
    summary_names = {k: (f"summary.{k}" if k in taken else k) for k in summary_keys}
    taken |= set(summary_names.values())
    extra_names = {k: (f"run.{k}" if k in taken else k) for k in extra_names}

    columns: dict[str, list] = {}
    for key in param_keys:
        columns[key] = [c.get(key) for c in configs]
    for key, name in summary_names.items():
        columns[name] = [s.get(key) for s in summaries]
    for key, name in extra_names.items():
        columns[name] = [e.get(key) for _, _, e in rows]
    frame = _unique_names(pd.DataFrame(columns, index=pd.RangeIndex(len(rows))))
    metrics = [n for n in summary_names.values() if is_number_column(frame[n])]
    return _table(frame, param_keys, metrics)


def _wandb_config(config: Mapping) -> dict:
    """A run's config without W&B's ``_`` keys, each ``{"value": v, "desc": …}`` as ``v``."""
    clean = {}
    for key, value in config.items():
        if str(key).startswith("_"):
            continue
        if isinstance(value, Mapping) and "value" in value and set(value) <= {"value", "desc"}:
            value = value["value"]
        clean[str(key)] = value
    return clean


# --- shared helpers -------------------------------------------------------------------------


def _table(
    frame: pd.DataFrame,
    params: Sequence[str],
    metrics: Sequence[str],
    *,
    goals: Mapping[str, str] | None = None,
    renamed: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Source:
    """A Source with known roles: ``params`` and ``metrics``, everything else metadata.
    Dict values are flattened first, and the roles follow the new columns."""
    frame, expanded = _flatten_values(frame)

    def follow(names):
        return [new for name in names for new in expanded.get(name, [name])]

    params, metrics = follow(params), follow(metrics)
    role = set(params) | set(metrics)
    metadata = [c for c in frame.columns if c not in role]
    return Source(
        frame,
        RunColumns(params=params, metrics=metrics, metadata=metadata),
        goals=dict(goals or {}),
        renamed=dict(renamed or {}),
        notes=tuple(notes),
    )


def _rename(frame: pd.DataFrame, wanted: Mapping[str, str]):
    """Rename columns as ``wanted`` says, except where names would clash: those keep theirs.
    Returns the frame and the renames made (source name → shown name)."""
    final = {c: wanted.get(c, c) for c in frame.columns}
    while True:
        counts = Counter(final.values())
        clashes = [c for c, new in final.items() if new != c and counts[new] > 1]
        if not clashes:
            break
        for c in clashes:
            final[c] = c
    renamed = {c: new for c, new in final.items() if new != c}
    if renamed:
        frame = frame.rename(columns=renamed)
    return frame, renamed


def _flatten_values(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Dict values flattened to dotted columns (``model`` → ``model.depth``); arrays, tuples
    and sets as lists. Returns the frame and, per flattened column, its new columns."""
    pieces: list[tuple[str, pd.Series | pd.DataFrame]] = []
    changed = False
    for name in frame.columns:
        series = frame[name]
        if series.dtype != object:
            pieces.append((name, series))
            continue
        present = series.dropna()
        if len(present) and all(isinstance(v, Mapping) for v in present):
            flat = pd.json_normalize(
                [_plain(v) if isinstance(v, Mapping) else {} for v in series], sep="."
            )
            if flat.shape[1]:
                flat.index = frame.index
                flat.columns = [f"{name}.{c}" for c in flat.columns]
                flat, _ = _flatten_values(flat)
                pieces.append((name, flat))
                changed = True
                continue
        if any(isinstance(v, (np.ndarray, tuple, set, frozenset)) for v in present):
            series = series.map(_plain)
            changed = True
        pieces.append((name, series))
    if not changed:
        return frame, {}
    flat = pd.concat([piece for _, piece in pieces], axis=1)
    flat = _unique_names(flat)  # a flattened name may clash with an existing column
    expanded, i = {}, 0
    for name, piece in pieces:
        width = piece.shape[1] if isinstance(piece, pd.DataFrame) else 1
        if isinstance(piece, pd.DataFrame) or flat.columns[i] != name:
            expanded[name] = list(flat.columns[i : i + width])
        i += width
    return flat, expanded


def _plain(value: object) -> object:
    """Arrays, tuples and sets as lists, recursively into dicts and lists."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _flatten_dict(value: Mapping, prefix: str = "") -> dict:
    """``{"model": {"depth": 4}}`` → ``{"model.depth": 4}``; an empty dict stays a value."""
    flat = {}
    for key, inner in value.items():
        name = f"{prefix}{key}"
        if isinstance(inner, Mapping) and inner:
            flat.update(_flatten_dict(inner, name + "."))
        else:
            flat[name] = _plain(inner)
    return flat


def _as_dict(value: object) -> dict:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "items"):
        return dict(value.items())
    raise TypeError(f"expected a dict of config or summary values, got {type(value).__name__}")


def _all_mappings(series: pd.Series) -> bool:
    if series.dtype != object:
        return False
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, Mapping) for v in present)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
