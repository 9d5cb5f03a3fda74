"""Read a run table from wherever it comes from: one small reader per source.

:func:`read_source` looks at what it is handed (by type, module name and column names, never
by importing an optional library up front) and calls one of the readers of
:mod:`hpviz.ingest.trackers`, or reads it as a plain table. Each reader returns a
:class:`~hpviz.ingest.types.Source` whose frame

* has one row per run, a fresh 0..n-1 index and unique string column names;
* names columns the way the user wrote them: Optuna's ``params_lr``, MLflow's ``params.lr``
  and Ray Tune's ``config/lr`` all become ``lr``; nested configs become dotted names
  (``{"model": {"depth": 4}}`` → ``model.depth``); a renamed column that would clash with
  another keeps the source's name;
* holds numbers written as text as numbers (:mod:`hpviz.ingest.values`), lists and tuples as
  Python lists (shown as their text); dict values are flattened.

Where the source says which columns are parameters and which are metrics, the reader says
so in ``columns`` (else ``None``: :mod:`hpviz.ingest.roles` reads names and values), ``hints``
gives the roles of the layout's own columns (a W&B or MLflow UI export's run columns),
``status`` the column that says whether a run finished, and ``goals`` the direction of each
metric the source declares (an Optuna study's).

Sources: pandas, polars and anything narwhals, the dataframe interchange protocol or the
Arrow stream protocol can hand over; a list of dicts or a dict of columns; a CSV or Parquet
path; an Optuna ``Study`` or its ``trials_dataframe()``; scikit-learn's ``cv_results_``; an
MLflow ``search_runs()`` frame or its UI's CSV; a Ray Tune ``ResultGrid.get_dataframe()``; W&B
runs (``wandb.Api().runs(...)``), the frames people build from them, or the W&B UI's CSV export.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from hpviz.ingest.files import read_file
from hpviz.ingest.frames import flatten_dict, flatten_values, short, tidy
from hpviz.ingest.trackers.mlflow import from_mlflow_frame, from_mlflow_ui, is_mlflow_ui
from hpviz.ingest.trackers.optuna import from_optuna_frame, from_optuna_study, is_optuna_frame
from hpviz.ingest.trackers.ray import from_ray_frame, is_ray_frame
from hpviz.ingest.trackers.sklearn import from_sklearn_cv, is_sklearn_cv
from hpviz.ingest.trackers.wandb import (
    from_wandb_frame,
    from_wandb_prefixed,
    from_wandb_runs,
    from_wandb_ui,
    is_wandb_frame,
    is_wandb_prefixed,
    is_wandb_run,
    is_wandb_ui,
)
from hpviz.ingest.types import Source

__all__ = ["from_frame", "from_records", "read_file", "read_source"]

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
        if all(is_wandb_run(item) for item in items):
            return from_wandb_runs(items)
        odd = next(item for item in items if not isinstance(item, Mapping))
        raise TypeError(
            f"runs must be {ACCEPTED}; got a {type(runs).__name__} holding a "
            f"{type(odd).__name__} ({short(odd)})"
        )
    raise TypeError(f"runs must be {ACCEPTED}; got {type(runs).__name__}")


# --- foreign frames, plain Python ----------------------------------------------------------


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
        pass
    else:
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
        lengths = {str(k): len(v) for k, v in runs.items()}
        if len(set(lengths.values())) > 1:
            detail = ", ".join(f"{k}: {n}" for k, n in list(lengths.items())[:20])
            raise ValueError(
                "a dict of columns needs one value per run in every column, but the columns "
                f"have different lengths ({detail})"
            )
        return _frame_of_python(dict(runs))[0]
    if columns and all(
        isinstance(v, Mapping) and v and all(isinstance(k, (int, np.integer)) for k in v)
        for v in columns
    ):
        return _frame_of_python(dict(runs))[0]
    return pd.json_normalize([dict(runs)], sep=".") if runs else pd.DataFrame()


def _frame_of_python(
    data: dict[Any, Any] | list[dict[str, Any]],
) -> tuple[pd.DataFrame, list[str]]:
    """``pd.DataFrame(data)``; text holding lone surrogates (which no encoding can write, so
    pandas' Arrow strings refuse it) is shown with ``\\udXXX`` escapes instead, with a note."""
    try:
        return pd.DataFrame(data), []
    except UnicodeEncodeError:
        pass
    frame = pd.DataFrame(_escape_surrogates(data))
    return frame, ["Some names or values held lone surrogates: shown as \\udXXX escapes."]


@overload
def _escape_surrogates(value: Mapping[Any, Any]) -> dict[Any, Any]: ...
@overload
def _escape_surrogates(value: list[Any] | tuple[Any, ...]) -> list[Any]: ...
@overload
def _escape_surrogates(
    value: Mapping[Any, Any] | list[Any] | tuple[Any, ...],
) -> dict[Any, Any] | list[Any]: ...
@overload
def _escape_surrogates(value: object) -> object: ...


def _escape_surrogates(value: object) -> object:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, Mapping):
        return {_escape_surrogates(k): _escape_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape_surrogates(v) for v in value]
    return value


def from_records(records: Sequence[Mapping]) -> Source:
    """A list of dicts, one per run; nested dicts become dotted columns. A key that is also
    a nested path (``{"model.depth": 1, "model": {"depth": 2}}``) keeps both values: the
    nested one under a ``.1`` name, as a DataFrame would, and a note says so."""
    if not records:
        return Source(pd.DataFrame(), None)
    rows, clashes = [], {}
    for record in records:
        row: dict = {}
        for key, value in record.items():
            for name, inner in flatten_dict({str(key): value}).items():
                target, suffix = name, 0
                while target in row:
                    suffix += 1
                    target = f"{name}.{suffix}"
                if target != name:
                    clashes[name] = target
                row[target] = inner
        rows.append(row)
    frame, escaped = _frame_of_python(rows)
    source = from_frame(frame)
    if not clashes and not escaped:
        return source
    notes = [*escaped] + [
        f"{name!r} is both a key and a nested path in the runs: the second value is shown "
        f"as {target!r}."
        for name, target in clashes.items()
    ]
    return Source(
        source.frame,
        source.columns,
        goals=source.goals,
        renamed=source.renamed,
        notes=(*source.notes, *notes),
        hints=source.hints,
        status=source.status,
        layout=source.layout,
        runs_word=source.runs_word,
        objectives=source.objectives,
    )


def from_frame(frame: pd.DataFrame) -> Source:
    """A pandas frame: a tracker's export (recognised by its column names) or a plain table."""
    frame = tidy(frame)
    names = [str(c) for c in frame.columns]
    if is_optuna_frame(names):
        return from_optuna_frame(frame)
    if is_sklearn_cv(names):
        return from_sklearn_cv(frame)
    if is_wandb_prefixed(names):
        return from_wandb_prefixed(frame)
    if any(n.startswith(("params.", "metrics.")) for n in names):
        return from_mlflow_frame(frame)
    if is_ray_frame(names):
        return from_ray_frame(frame)
    if is_wandb_frame(frame):
        return from_wandb_frame(frame)
    if is_mlflow_ui(names):
        return from_mlflow_ui(frame)
    if is_wandb_ui(frame):
        return from_wandb_ui(frame)
    flat, _ = flatten_values(frame)
    return Source(flat, None)
