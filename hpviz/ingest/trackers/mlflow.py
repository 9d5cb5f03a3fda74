"""MLflow: ``mlflow.search_runs()`` (and its ``to_csv()``) and the UI's "Download CSV".

``search_runs`` marks every column: ``run_id, experiment_id, status, artifact_uri, start_time,
end_time``, ``metrics.<k>`` (numbers), ``params.<k>`` (always text), ``tags.<k>``.

The UI's CSV (``runInfosToCsv`` in the UI's ``ExperimentViewUtil``) starts with ``Start Time,
Duration, Run ID, Name, Source Type, Source Name, User, Status``, then the params, then the
metrics, then the visible tags, all under their plain names. The param keys and the metric keys
are each sorted (``Array.from(keys).sort()``: by UTF-16 code unit, so capitals first); the tags
come in the order the runs have them. So the names after the run columns climb, drop where the
metrics (or the tags) start, climb again. A drop is certain evidence: every column after the
first drop is a metric or a tag, never a param, and every column after a second drop is a tag.
No drop does not say where the params end (``lr`` then ``rmse`` climbs on), so the columns
before the first drop are read from names and values. The order is trusted only when the run
columns that are there stand first, in the UI's order (a table re-saved in another order is
read by names and values alone).
"""

from __future__ import annotations

import pandas as pd

from hpviz.ingest.frames import rename, source_of, tidy, ui_export
from hpviz.ingest.names import looks_like_metadata, outcome_reason
from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import Source

__all__ = ["UI_COLUMNS", "from_mlflow_frame", "from_mlflow_ui", "is_mlflow_ui"]

UI_COLUMNS = (
    "Start Time",
    "Duration",
    "Run ID",
    "Name",
    "Source Type",
    "Source Name",
    "User",
    "Status",
)


def from_mlflow_frame(frame: pd.DataFrame) -> Source:
    """``mlflow.search_runs()``: ``params.<k>`` and ``metrics.<k>`` shown as ``<k>``.

    Parameters logged as text are typed back (numbers, ``"True"``/``"False"``, ``"None"`` as
    missing). ``tags.*`` and the run's own columns (id, status, times, artifact URI …) are run
    metadata; only FINISHED runs count as finished. Keys may contain dots: only the first one
    separates the prefix.
    """
    frame = tidy(frame)
    wanted, params, metrics = {}, [], []
    for name in frame.columns:
        prefix, _, key = name.partition(".")
        if prefix == "params" and key:
            wanted[name] = key
            params.append(name)
        elif prefix == "metrics" and key:
            wanted[name] = key
            metrics.append(name)
    frame, renamed = rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    metrics = [renamed.get(m, m) for m in metrics]
    return source_of(
        frame,
        params,
        metrics,
        renamed=renamed,
        status="status" if "status" in frame.columns else None,
        layout="MLflow runs",
    )


def is_mlflow_ui(names) -> bool:
    """The UI's CSV: at least five of its eight first columns (the user may hide some)."""
    return len(set(UI_COLUMNS) & set(names)) >= 5 and "Run ID" in names


def from_mlflow_ui(frame: pd.DataFrame) -> Source:
    """The MLflow UI's "Download CSV": its eight run columns are bookkeeping, ``Status``
    says whether a run finished; the params, metrics and tags that follow are unmarked, and
    their sorted order says which of them cannot be params (see the module's docstring)."""
    frame = tidy(frame)
    return ui_export(frame, UI_COLUMNS, "Status", "MLflow UI export", _hints_from_order(frame))


def _ui_order(name: str) -> bytes:
    """JavaScript's default sort key: the UTF-16 code units."""
    return name.encode("utf-16-be")


def _hints_from_order(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Roles the column order makes certain: after the first drop in sort order a metric or
    a tag, after the second a tag."""
    names = [str(c) for c in frame.columns]
    present = [c for c in UI_COLUMNS if c in names]
    if names[: len(present)] != present:
        return {}
    rest = names[len(present) :]
    drops = [i for i in range(1, len(rest)) if _ui_order(rest[i]) < _ui_order(rest[i - 1])]
    if not drops:
        return {}
    hints = {}
    where = "the MLflow UI export lists params, then metrics, each sorted by name, then tags"
    for i, name in enumerate(rest[drops[0] :], start=drops[0]):
        series = frame[name]
        if not series.notna().any() or looks_like_metadata(name):
            continue  # empty, or bookkeeping by its name: the usual rules say so
        if len(drops) > 1 and i >= drops[1]:
            hints[name] = ("metadata", f"a tag: it follows the metrics ({where})")
        elif not is_number_column(series):
            hints[name] = ("metadata", f"a tag: text after the params ({where})")
        elif reason := outcome_reason(name):
            hints[name] = ("outcome", reason)
        else:
            hints[name] = ("metric", f"a metric: a number after the params ({where})")
    return hints
