"""From whatever the user handed over to a run table whose every column has a role."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from hpviz.ingest.evidence import goals_from_values, leaning_goals
from hpviz.ingest.names import looks_like_metric, names_progress
from hpviz.ingest.roles import (
    guessed_goals,
    is_number_column,
    pick_metric,
    produced_by_runs,
    split_columns,
)
from hpviz.ingest.sources import read_source
from hpviz.ingest.summaries import leave_out_summaries
from hpviz.ingest.types import RunColumns, RunTable, Source
from hpviz.ingest.unfinished import check_unfinished, find_status, leave_out_unfinished

__all__ = ["column_roles", "load_runs", "resolve"]


def load_runs(
    runs: object,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    unfinished: str = "exclude",
) -> RunTable:
    """Read ``runs`` and give every column its role (see :func:`column_roles`).

    ``runs`` is anything :func:`hpviz.ingest.sources.read_source` reads. The roles the source
    gives (an Optuna study's parameters and objectives, MLflow's ``params.``/``metrics.``, …)
    are defaults; ``metric``, ``params`` and ``metrics`` override them and use the names shown
    (``"lr"`` for Optuna's ``params_lr``); ``ignore`` leaves columns out. Runs that did not
    finish (a W&B run that crashed, an MLflow run that FAILED, a pruned Optuna trial, a Ray
    Tune trial whose status is ERROR, an RLlib trial with ``done=False``) are left out, and the
    notes say so, unless ``unfinished="include"``.
    """
    return resolve(
        read_source(runs),
        metric=metric,
        params=params,
        metrics=metrics,
        ignore=ignore,
        unfinished=unfinished,
    )


def column_roles(runs: object, **options) -> pd.DataFrame:
    """Every column of ``runs`` with its role and the reason, as a frame with the columns
    ``column``, ``role`` and ``reason`` (roles: see :data:`hpviz.ingest.types.ROLES`).

    Takes what :func:`load_runs` takes (``params=``, ``metrics=``, ``ignore=``,
    ``unfinished=``), so a script can check what the panel will treat as a parameter before
    showing it, and fix what was guessed wrong."""
    return load_runs(runs, **options).roles


def resolve(
    source: Source,
    *,
    metric: str | None = None,
    params: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    known: RunColumns | None = None,
    unfinished: str = "exclude",
) -> RunTable:
    """Give every column of ``source`` its role (see :func:`load_runs`); ``known`` stands in
    for the roles the source declares when the caller knows better (runs appended to a panel
    keep the roles the panel already gave)."""
    if source.frame.shape[1] == 0:
        raise ValueError("the run table is empty: it has no runs and no columns")
    check_unfinished(unfinished)
    known = known if known is not None else source.columns
    produced = produced_by_runs(source.frame, known)  # before any run is left out
    status = find_status(source.frame, source.status)
    numbers = [c for c in source.frame.columns if is_number_column(source.frame[c])]
    frame, notes, left_out = leave_out_unfinished(
        source.frame,
        status,
        unfinished,
        source.runs_word,
        keep_all_if_none_finished=source.layout != "Optuna trials",
        progress=[c for c in numbers if names_progress(c)],
        results=[
            c
            for c in numbers
            if (known is not None and c in known.metrics)
            or (known is None and looks_like_metric(c))
        ],
    )
    frame, summaries = leave_out_summaries(frame, numbers, source.runs_word)
    notes += summaries
    hints = dict(source.hints)
    if status is not None and status not in hints:
        hints[status] = ("metadata", "whether the run finished")
    columns = split_columns(
        frame,
        metric=metric,
        params=params,
        metrics=metrics,
        ignore=ignore,
        known=known,
        renamed=source.renamed,
        hints=hints,
        produced=produced,
        layout=source.layout,
        left_out=left_out,
    )
    tracked = status is not None or source.layout == "Optuna trials"
    if frame.empty and tracked:  # nothing finished yet: say so first (an empty study …)
        notes.insert(0, f"No finished {source.runs_word} yet.")
    actions = []  # (an unfinished Optuna trial has no value: nothing to bring back)
    if notes and unfinished == "exclude" and left_out and source.layout != "Optuna trials":
        actions.append(
            {
                "note": notes[-1],
                "label": "Include these runs",
                "message": {"type": "set_unfinished", "unfinished": "include"},
            }
        )
    elif notes and unfinished == "include" and "did not finish" in notes[0]:
        actions.append(
            {
                "note": notes[0],
                "label": "Leave them out",
                "message": {"type": "set_unfinished", "unfinished": "exclude"},
            }
        )
    chosen = metric
    if chosen is None:
        declared = [*source.objectives, *source.goals]
        chosen, note = pick_metric(frame, columns.metrics, declared)
        notes.append(note)
    shown, goal_notes = goals_from_values(
        frame,
        [m for m in columns.metrics if m not in source.goals],
        settings=columns.params,
        adaptive=[m for m in source.objectives if m not in source.goals],
        order="number" if source.layout == "Optuna trials" else None,
    )
    goals = {**shown, **source.goals}
    notes += [n for m, n in zip(shown, goal_notes, strict=True) if m == chosen]
    # an objective whose goal nothing shows: a guess from where its values pile up, marked
    leaning, leaning_notes = leaning_goals(
        frame, [m for m in source.objectives if m in columns.metrics and m not in goals]
    )
    guessed = guessed_goals(columns.metrics, goals) | frozenset(leaning)
    goals = {**leaning, **goals}
    notes += [n for m, n in zip(leaning, leaning_notes, strict=True) if m == chosen]
    return RunTable(
        frame,
        columns,
        goals=goals,
        renamed=source.renamed,
        notes=tuple(dict.fromkeys(n for n in (*source.notes, *notes) if n)),
        metric=chosen,
        guessed_goals=guessed,
        layout=source.layout,
        actions=tuple(actions),
        scales=dict(source.scales),
    )
