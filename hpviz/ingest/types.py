"""The types every stage shares: a run table, its columns' roles, and the error for a wrong name.

A leaf module: it imports nothing from hpviz, so readers, role rules and the analysis can all
depend on it without depending on each other.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "GOALS",
    "ROLES",
    "UNFINISHED",
    "RunColumns",
    "RunTable",
    "Source",
    "UnknownColumnError",
]

GOALS = ("minimize", "maximize")

ROLES = (
    "parameter",  # a setting of the run: analysed
    "constant",  # a setting with one value in every run: listed, never fitted
    "derived",  # computed from other settings (or a copy of one): shown, never fitted
    "metric",  # a result the panel can explain (offered in the metric selector)
    "outcome",  # something the run produced that is not worth explaining (counters, steps)
    "metadata",  # bookkeeping: names, states, times, users, tags
    "identifier",  # a distinct name, path or id per run
    "index",  # a row number a saved frame kept (``Unnamed: 0``)
    "empty",  # no analysed run has a value
    "ignored",  # left out by the user (``ignore=``, or not in ``params=``/``metrics=``)
)
"""Every role a column can have; :func:`hpviz.ingest.column_roles` gives each column one."""

UNFINISHED = ("exclude", "include")
"""What to do with runs that did not finish: leave them out (the default) or analyse them."""


class UnknownColumnError(KeyError, ValueError):
    """A metric or parameter name that is not in the run table.

    The message names the wrong value and lists the valid ones (the likely ones first, then
    ``others``), with a close match if there is one. It is both a ``KeyError`` (a name lookup
    failed) and a ``ValueError`` (a bad argument), so either ``except`` works.
    """

    def __init__(
        self,
        what: str,
        name: object,
        available: Iterable[object],
        others: Iterable[object] = (),
        renamed: Mapping[str, str] | None = None,
    ):
        names = [str(a) for a in available]
        extra = [str(o) for o in others if str(o) not in names]
        self.what, self.name, self.available = what, name, names
        message = f"{what} {name!r} not found; available: {_listing(names)}"
        if extra:
            message += f"; other columns: {_listing(extra)}"
        hint = _did_you_mean(name, [*names, *extra], renamed or {})
        if hint:
            message += f"; {hint}"
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


def _listing(names: Sequence[str], limit: int = 40) -> str:
    if not names:
        return "(none)"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} … and {len(names) - limit} more"


def _did_you_mean(name: object, valid: Sequence[str], renamed: Mapping[str, str]) -> str:
    text = str(name)
    if text in renamed:
        return f"the source's {text!r} is called {renamed[text]!r} here"
    if text in valid:  # a non-string name: columns are named by text
        return f"column names are text: did you mean {text!r}?"
    folded = {v.lower(): v for v in valid}
    close = folded.get(text.lower()) or next(
        iter(difflib.get_close_matches(text, valid, n=1, cutoff=0.75)), None
    )
    return f"did you mean {close!r}?" if close else ""


@dataclass(frozen=True)
class RunColumns:
    """Which columns of a run table are parameters, metrics and run metadata."""

    params: list[str]
    metrics: list[str]
    metadata: list[str]
    roles: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    """Every column's role (one of :data:`ROLES`) and the reason for it, in words; the
    parameters are the ``parameter`` and ``constant`` columns, the metrics the ``metric`` ones,
    the metadata all the others."""


@dataclass(frozen=True)
class Source:
    """What a reader of :mod:`hpviz.ingest.sources` made of its input: the frame, and the
    roles of its columns when the source itself says them (``None`` when it does not)."""

    frame: pd.DataFrame
    columns: RunColumns | None = None
    """The roles the source declares (an Optuna study's params and objectives, MLflow's
    ``params.``/``metrics.``); None for a plain table, whose roles are then guessed."""
    goals: Mapping[str, str] = field(default_factory=dict)
    """The direction the source declares for each metric it knows (metric → goal)."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Columns shown under another name than the source's (``params_lr`` → ``lr``)."""
    notes: tuple[str, ...] = ()
    """What reading the source left out (e.g. an Optuna study's pruned trials)."""
    hints: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Roles the source's layout gives some columns, with the reason (a W&B export's ``State``
    is metadata, a Ray Tune counter an outcome); the rest are decided from names and data."""
    status: str | None = None
    """The column that says whether a run finished (W&B's ``State``, MLflow's ``status``,
    Optuna's ``state``, Ray Tune's ``done``); None when the source has none."""
    layout: str = "table"
    """What the source was recognised as (``"W&B UI export"``, ``"Optuna trials"`` …)."""
    runs_word: str = "runs"
    """What the source calls its rows (Optuna: ``"trials"``), for the notes."""
    objectives: tuple[str, ...] = ()
    """The metrics the source optimised (an Optuna study's ``value``): the default metric."""
    scales: Mapping[str, str] = field(default_factory=dict)
    """The scale the source says each parameter was searched on (``"log"`` or ``"linear"``:
    an Optuna study's distributions), by the name shown; the others' are read off their
    values."""


@dataclass(frozen=True)
class RunTable:
    """A run table ready for analysis: the frame and the role of every column."""

    frame: pd.DataFrame
    columns: RunColumns
    goals: Mapping[str, str] = field(default_factory=dict)
    """The direction the source declares for each metric it knows (metric → goal)."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Columns shown under another name than the source's (``params_lr`` → ``lr``)."""
    notes: tuple[str, ...] = ()
    """What reading the source left out (e.g. an Optuna study's pruned trials)."""
    metric: str | None = None
    """The metric a person would most likely look at first (see
    :func:`hpviz.ingest.roles.pick_metric`); None when there is no metric."""
    guessed_goals: frozenset[str] = frozenset()
    """The metrics whose goal neither the source nor the name makes certain (``value``,
    ``score``): their direction is a guess the panel should say."""
    layout: str = "table"
    """What the source was recognised as (``"W&B UI export"``, ``"Optuna trials"`` …)."""
    actions: tuple[dict, ...] = ()
    """What a note calls for, as a button: ``{"note", "label", "message"}`` (e.g. *Include
    these runs* beside the note on unfinished runs left out)."""
    scales: Mapping[str, str] = field(default_factory=dict)
    """The scale the source declares for some parameters (see :attr:`Source.scales`)."""

    @property
    def roles(self) -> pd.DataFrame:
        """One row per column of the source: ``column``, ``role`` (see :data:`ROLES`) and
        ``reason``, in the source's column order."""
        return roles_frame(self.columns.roles)


def roles_frame(roles: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """The roles as a frame with the columns ``column``, ``role`` and ``reason``."""
    return pd.DataFrame(
        [(name, role, reason) for name, (role, reason) in roles.items()],
        columns=["column", "role", "reason"],
    )
