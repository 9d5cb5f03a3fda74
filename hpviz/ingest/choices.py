"""The user's word on single columns, given in the panel (or ``panel.set_role``): make a column a
parameter, or leave one out, over whatever the automatic roles and the panel's arguments said."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping

import pandas as pd

from hpviz.ingest.types import RunTable, Source, UnknownColumnError

__all__ = ["USER_ROLES", "check_choice", "with_choice", "with_user_roles"]

USER_ROLES = ("parameter", "ignored", "metric", "auto")
"""The roles a user can give one column: analysed as a parameter, left out, a metric (one of
those the panel can explain: a metric made a parameter can become one again), or ``auto``: back
to the role the panel gave it (the user's earlier choice for it forgotten)."""


def with_choice(choices: Mapping[str, str], column: str, role: str) -> dict[str, str]:
    """The user's choices after giving ``column`` the ``role`` (``auto`` forgets the column's)."""
    updated = {c: r for c, r in choices.items() if c != column}
    if role != "auto":
        updated[column] = role
    return updated


def check_choice(
    column: str,
    role: str,
    columns: Collection[object],
    *,
    metric: str,
    values: pd.Series | None = None,
) -> None:
    """Raise unless the user can give ``column`` (one of ``columns``) the ``role``.

    ``ValueError`` for a role not in :data:`USER_ROLES`;
    :class:`~hpviz.ingest.types.UnknownColumnError` (listing ``columns``) for a name that is
    not one of them; ``ValueError`` for the ``metric`` being explained (pick another first),
    and for making a column without a number (its ``values``) a metric.
    """
    if role not in USER_ROLES:
        raise ValueError(f"role must be one of {', '.join(map(repr, USER_ROLES))}, not {role!r}")
    if column not in columns:
        raise UnknownColumnError("column", column, list(map(str, columns)))
    if column == metric:
        if role == "metric":
            return  # it is one
        raise ValueError(f"{column!r} is the metric being explained: pick another metric first")
    if role == "metric" and values is not None:
        numbers = pd.to_numeric(values, errors="coerce")
        if not numbers.notna().any():
            raise ValueError(f"{column!r} has no numeric values: it cannot be a metric")


def with_user_roles(
    source: Source,
    choices: Mapping[str, str],
    resolve_with: Callable[..., RunTable],
) -> RunTable:
    """``source`` resolved with ``choices`` (column → one of :data:`USER_ROLES`) on top.

    ``resolve_with(source, made=…, dropped=…, params=…)`` resolves under the caller's own
    arguments (and ``metrics=…`` where a column is made a metric); called with the source alone it
    gives the roles without the choices. Every
    column chosen says so in its reason, with the role it had before (``columns`` shows why
    the guess differed).
    """
    made = [c for c, r in choices.items() if r == "parameter"]
    dropped = [c for c, r in choices.items() if r == "ignored"]
    as_metric = [c for c, r in choices.items() if r == "metric"]
    before = resolve_with(source)
    params = metrics = None
    if made or as_metric:  # the automatic parameters, the user's on top (a whole list)
        kept = [p for p in before.columns.params if p not in {*dropped, *as_metric}]
        params = list(dict.fromkeys([*kept, *made]))
    if as_metric:  # the same for the metrics
        kept = [m for m in before.columns.metrics if m not in {*dropped, *made}]
        metrics = list(dict.fromkeys([*kept, *as_metric]))
        after = resolve_with(source, made=made, dropped=dropped, params=params, metrics=metrics)
    else:
        after = resolve_with(source, made=made, dropped=dropped, params=params)
    roles = dict(after.columns.roles)
    for column in choices:
        was_role, was_reason = before.columns.roles[column]
        role = roles[column][0]
        if role != was_role:
            roles[column] = (role, f"your choice (was {was_role}: {was_reason})")
    columns = dataclasses.replace(after.columns, roles=roles)
    return dataclasses.replace(after, columns=columns)
