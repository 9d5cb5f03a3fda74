"""Runs that change under a panel: append's join, and every column's role again, under the
arguments the panel was made with and the user's choices (``update``, ``append``, ``set_role``).

Plain functions over :class:`~hpviz.ingest.types.Source` and
:class:`~hpviz.ingest.types.RunTable`, no widget: the panel calls them on the caller's thread,
so runs it cannot show raise there before anything changes, and hands only the result over to
the kernel's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from hpviz.ingest.choices import with_user_roles
from hpviz.ingest.load import resolve
from hpviz.ingest.roles import default_metric
from hpviz.ingest.types import RunColumns, RunTable, Source

__all__ = ["Carried", "RoleArguments", "carry_over", "join_runs", "resolve_again"]


@dataclass(frozen=True)
class RoleArguments:
    """What a panel was made with that decides roles (``params=``, ``metrics=``, ``ignore=``,
    ``unfinished=``); it holds for every later run table too, for the columns it has."""

    params: tuple[str, ...] | None = None
    metrics: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unfinished: str = "exclude"


def join_runs(
    previous: pd.DataFrame,
    source: Source,
    *,
    params: Sequence[str],
    metrics: Sequence[str],
    goals: Mapping[str, str],
    notes: Sequence[str],
) -> Source:
    """``source``'s runs after the ``previous`` ones (append), as one source.

    Columns only one side has are missing in the other side's runs. When ``source`` declares
    roles (an Optuna study), the previous ``params`` and ``metrics`` keep theirs and the
    source's new ones join them; a plain table declares none, so every column's role is
    decided again from the joined runs. The goals and notes are the previous ``goals`` and
    ``notes``, the source's added (its goals win, its notes are not repeated).
    """
    known = None
    if source.columns is not None:
        known = RunColumns(
            params=union(params, source.columns.params),
            metrics=union(metrics, source.columns.metrics),
            metadata=[],
        )
    return Source(
        pd.concat([previous, source.frame], ignore_index=True, sort=False),
        known,
        goals={**goals, **source.goals},
        renamed=source.renamed,
        notes=tuple(union(notes, source.notes)),
    )


def resolve_again(
    source: Source,
    arguments: RoleArguments,
    *,
    metric: str,
    choices: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> RunTable:
    """Every column of ``source`` with its role, for a panel that shows ``metric``.

    ``arguments`` (the panel's ``params=``/``metrics=``/``ignore=``) apply to the columns
    ``source`` has and are silently narrowed to them; then the user's ``choices`` (column →
    one of :data:`~hpviz.ingest.choices.USER_ROLES`, see
    :func:`~hpviz.ingest.choices.with_user_roles`) override them. A choice for a column
    ``source`` does not have is left unused (it applies again when runs with that column
    come back). ``metric`` stays the metric when ``source`` has it. Raises ``ValueError``
    when ``source`` has no metric at all.

    ``previous`` (column → role) are the roles the panel gave the runs before these: runs
    without any result yet (a trial that has just started, appended with part of its config; a
    run that crashed before it logged anything) never change them (see
    :func:`_results_decide`).
    """
    present = set(source.frame.columns)

    def resolve_with(
        source: Source,
        *,
        made: Sequence[str] = (),
        dropped: Sequence[str] = (),
        params: Sequence[str] | None = None,
        metrics: Sequence[str] | None = None,
    ) -> RunTable:
        return _resolve_arguments(
            source, arguments, metric, present, made, dropped, params, previous or {}, metrics
        )

    used = {c: r for c, r in (choices or {}).items() if c in present}
    if used:
        return with_user_roles(source, used, resolve_with)
    return resolve_with(source)


def _resolve_arguments(
    source: Source,
    arguments: RoleArguments,
    metric: str,
    present: set,
    made: Sequence[str],
    dropped: Sequence[str],
    params: Sequence[str] | None,
    previous: Mapping[str, str],
    as_metrics: Sequence[str] | None = None,
) -> RunTable:
    """:func:`resolve` with ``arguments`` narrowed to the ``present`` columns; ``made`` and
    ``dropped`` are the user's parameters and left-out columns, ``params`` a list of
    parameters to use instead of the arguments'."""
    if params is None and arguments.params is not None:
        params = [p for p in arguments.params if p in present and p not in dropped]
    metrics = (
        None
        if arguments.metrics is None
        else [m for m in arguments.metrics if m in present and m not in {*made, *dropped}]
    )
    if as_metrics is not None:  # the user made a column a metric: the whole list, given
        metrics = [m for m in as_metrics if m in present]
    kept_ignored = [c for c in arguments.ignore or () if c in present and c not in made]
    ignore = union(kept_ignored, dropped) or None

    def resolve_here(source: Source) -> RunTable:
        return resolve(
            source,
            metric=metric if metric in present else None,
            params=params,
            metrics=metrics,
            ignore=ignore,
            unfinished=arguments.unfinished,
        )

    loaded = _results_decide(source, resolve_here(source), resolve_here, previous)
    if metric not in loaded.columns.metrics and not loaded.columns.metrics:
        raise ValueError(
            f"the new runs have no metric to show (the panel showed {metric!r}); "
            f"columns: {', '.join(map(str, loaded.frame.columns))}"
        )
    return loaded


def _results_decide(
    source: Source,
    loaded: RunTable,
    resolve_here: Callable[[Source], RunTable],
    previous: Mapping[str, str],
) -> RunTable:
    """``loaded`` again, where runs without any result changed a column's ``previous`` role.

    A run without any result yet (a trial that has just started, appended with part of its
    config; a run that crashed before it logged anything) alone makes the settings it lacks
    look written with the results (outcomes). A column whose role the runs with a result
    still give as before keeps it. (A W&B export whose crashed runs showed its outcomes from
    the start keeps those: that role came from all the runs before too.)
    """
    metrics = [m for m in loaded.columns.metrics if m in source.frame.columns]
    if not metrics:
        return loaded
    has_result = source.frame[metrics].notna().any(axis=1)
    if has_result.all() or not has_result.any():
        return loaded
    with_results = resolve_here(replace(source, frame=source.frame[has_result]))
    decided = with_results.columns.roles
    hints = {
        column: decided[column]
        for column, (role, _) in loaded.columns.roles.items()
        if column in decided and decided[column][0] == previous.get(column) != role
    }
    if not hints:
        return loaded
    return resolve_here(replace(source, hints={**source.hints, **hints}))


@dataclass(frozen=True)
class Carried:
    """What a panel shows once it switches to new runs (see :func:`carry_over`)."""

    params: list[str]
    metrics: list[str]
    hidden: list[str]
    metric: str
    notes: list[str]
    """The new runs' notes, then why the metric changed if it did."""


def carry_over(
    loaded: RunTable,
    *,
    params: Sequence[str],
    metrics: Sequence[str],
    hidden: Sequence[str],
    metric: str,
) -> Carried:
    """What a panel that shows ``params``, ``metrics`` (``hidden`` hidden) and ``metric``
    keeps when it switches to the ``loaded`` runs.

    The parameters and metrics still in the runs keep their order and the new ones follow
    (new parameters shown); hidden parameters no longer in the runs leave ``hidden``. The
    metric stays if the runs still have it, else the default metric of the new ones takes
    its place and a note says so.
    """
    columns = loaded.columns
    new_params = union([p for p in params if p in columns.params], columns.params)
    new_metrics = union([m for m in metrics if m in columns.metrics], columns.metrics)
    notes = list(loaded.notes)
    if metric not in new_metrics:
        fallback = default_metric(new_metrics)
        if fallback is None:
            raise ValueError(f"the new runs have no metric to show (the panel showed {metric!r})")
        notes.append(f"{metric} is no longer in the runs: showing {fallback} instead.")
        metric = fallback
    return Carried(
        params=new_params,
        metrics=new_metrics,
        hidden=[h for h in hidden if h in new_params],
        metric=metric,
        notes=notes,
    )


def union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """``first`` then the names of ``second`` not in it, without duplicates."""
    return list(dict.fromkeys([*first, *second]))
