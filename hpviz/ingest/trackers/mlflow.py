"""MLflow: ``mlflow.search_runs()`` (and its ``to_csv()``) and the UI's "Download CSV".

``search_runs`` marks every column: ``run_id, experiment_id, status, artifact_uri, start_time,
end_time``, ``metrics.<k>`` (numbers), ``params.<k>`` (always text), ``tags.<k>``. The UI's CSV
starts with ``Start Time, Duration, Run ID, Name, Source Type, Source Name, User, Status`` and
then lists params, metrics and tags under their plain names, unmarked: their roles are read
from names and values.
"""

from __future__ import annotations

import pandas as pd

from hpviz.ingest.frames import rename, source_of, tidy, ui_export
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
    says whether a run finished; the params, metrics and tags that follow are unmarked."""
    return ui_export(frame, UI_COLUMNS, "Status", "MLflow UI export")
