"""From whatever the user handed over to a run table whose every column has a role."""

from __future__ import annotations

from collections.abc import Sequence

from hpviz.ingest.roles import split_columns
from hpviz.ingest.sources import read_source
from hpviz.ingest.types import RunColumns, RunTable, Source

__all__ = ["load_runs", "resolve"]


def load_runs(
    runs: object,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
) -> RunTable:
    """Read ``runs`` and sort its columns into parameters, metrics and metadata.

    ``runs`` is anything :func:`hpviz.ingest.sources.read_source` reads. The roles the source
    gives (an Optuna study's parameters and objectives, MLflow's ``params.``/``metrics.``, …)
    are defaults; ``metric``, ``params`` and ``metrics`` override them and use the names shown
    (``"lr"`` for Optuna's ``params_lr``). Without roles from the source, columns are sorted
    by :func:`hpviz.ingest.roles.split_columns`.
    """
    return resolve(read_source(runs), metric=metric, params=params, metrics=metrics)


def resolve(
    source: Source,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    known: RunColumns | None = None,
) -> RunTable:
    """Give every column of ``source`` its role (see :func:`load_runs`); ``known`` stands in
    for the roles the source declares when the caller knows better (runs appended to a panel
    keep the roles the panel already gave)."""
    if source.frame.shape[1] == 0:
        raise ValueError("the run table is empty: it has no runs and no columns")
    columns = split_columns(
        source.frame,
        metric=metric,
        params=params,
        metrics=metrics,
        known=known if known is not None else source.columns,
        renamed=source.renamed,
    )
    return RunTable(
        source.frame, columns, goals=source.goals, renamed=source.renamed, notes=source.notes
    )
