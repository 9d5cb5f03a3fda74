"""The user's word on single columns, given in the panel (or ``panel.set_role``): make a column a
parameter, or leave one out, over whatever the automatic roles and the panel's arguments said."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from hpviz.ingest.types import RunTable, Source

__all__ = ["USER_ROLES", "with_user_roles"]

USER_ROLES = ("parameter", "ignored")
"""The roles a user can give one column: analysed as a parameter, or left out."""


def with_user_roles(
    source: Source,
    choices: Mapping[str, str],
    resolve_with: Callable[..., RunTable],
) -> RunTable:
    """``source`` resolved with ``choices`` (column → one of :data:`USER_ROLES`) on top.

    ``resolve_with(source, made=…, dropped=…, params=…)`` resolves under the caller's own
    arguments; called with the source alone it gives the roles without the choices. Every
    column chosen says so in its reason, with the role it had before (``columns`` shows why
    the guess differed).
    """
    made = [c for c, r in choices.items() if r == "parameter"]
    dropped = [c for c, r in choices.items() if r == "ignored"]
    before = resolve_with(source)
    params = None
    if made:  # the automatic parameters, the user's on top (resolve takes a whole list)
        kept = [p for p in before.columns.params if p not in dropped]
        params = list(dict.fromkeys([*kept, *made]))
    after = resolve_with(source, made=made, dropped=dropped, params=params)
    roles = dict(after.columns.roles)
    for column in choices:
        was_role, was_reason = before.columns.roles[column]
        role = roles[column][0]
        if role != was_role:
            roles[column] = (role, f"your choice (was {was_role}: {was_reason})")
    columns = dataclasses.replace(after.columns, roles=roles)
    return dataclasses.replace(after, columns=columns)
