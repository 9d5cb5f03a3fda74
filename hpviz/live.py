"""The live-runs controller: a panel's runs as ``update``, ``append``, ``set_role`` and the Optuna
callback change them.

New runs are read, joined and given their roles on the caller's thread (raising there, before
anything changes: :mod:`hpviz.ingest.live` does the joining and the roles), numbered, and kept
as *prepared*; the panel *switches* to them on the kernel's thread. Updates prepared on other
threads may arrive there after later ones: an older one is skipped (each one's runs hold those
of the updates before it). The Optuna callback is throttled (:class:`~hpviz.background.Throttle`).
No widget here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from hpviz.background import Throttle
from hpviz.ingest import RunTable, Source
from hpviz.ingest.live import Carried, RoleArguments, carry_over, join_runs, resolve_again

__all__ = ["CurrentColumns", "LiveRuns", "Prepared"]


@dataclass(frozen=True)
class CurrentColumns:
    """What the panel shows of its runs' columns (read on the caller's thread)."""

    params: Sequence[str]
    metrics: Sequence[str]
    hidden: Sequence[str]
    metric: str


@dataclass(frozen=True)
class Prepared:
    """New runs with their roles, ready to switch to: the ``number``-th update prepared."""

    loaded: RunTable
    number: int


class LiveRuns:
    """The runs a panel shows and the ones it is about to show.

    ``frame``, ``version``, ``goals``, ``notes`` and ``guessed_goals`` are those of the runs the
    panel shows (changed by :meth:`switch` on the kernel's thread); :meth:`prepare` makes the
    next ones from any thread. ``on_study`` is called (throttled, see :meth:`study_changed`)
    with the study the Optuna callback saw last.
    """

    def __init__(
        self,
        loaded: RunTable,
        source: Source,
        arguments: RoleArguments,
        *,
        on_study: Callable[[object], None],
        refresh_interval: float,
    ) -> None:
        self.frame: pd.DataFrame = loaded.frame
        self.version = 0  # bumped by each switch; part of every analysis key
        self.goals: dict[str, str] = dict(loaded.goals)
        self.notes: list[str] = list(loaded.notes)
        self.actions: list[dict] = list(loaded.actions)  # the buttons the notes call for
        self.scales: dict[str, str] = dict(loaded.scales)  # as the source declares them
        self.guessed_goals = loaded.guessed_goals
        self.arguments = arguments  # they hold for the runs of update()/append() too
        self.choices: dict[str, str] = {}  # set_role's: column → parameter/ignored
        self._next_frame = loaded.frame  # the runs once every update prepared so far is shown
        self._next_source = source  # … before roles: set_role re-reads it
        self._prepared = 0  # updates prepared so far …
        self._switched = 0  # … and the latest of them the panel has switched to
        self.lock = threading.RLock()  # one prepare at a time
        self._study = None
        self._on_study = on_study
        self.throttle = Throttle(self._study_refresh, refresh_interval)

    # --- the caller's thread --------------------------------------------------------------

    def prepare(
        self,
        source: Source,
        *,
        append: bool,
        current: CurrentColumns,
        choices: Mapping[str, str] | None = None,
    ) -> Prepared:
        """``source`` (after the runs prepared so far when ``append``) with its roles under the
        panel's arguments and the user's choices (``choices`` replaces them when given),
        raising before anything changes; kept as the next runs to switch to."""
        with self.lock:
            if append:
                source = join_runs(
                    self._next_frame,
                    source,
                    params=current.params,
                    metrics=current.metrics,
                    goals=self.goals,
                    notes=self.notes,
                )
            choices = dict(self.choices if choices is None else choices)
            loaded = resolve_again(source, self.arguments, metric=current.metric, choices=choices)
            self._next_source, self._next_frame, self.choices = source, loaded.frame, choices
            self._prepared += 1
            return Prepared(loaded, self._prepared)

    @property
    def next_source(self) -> Source:
        """The runs of the latest update, prepared or shown (before roles)."""
        return self._next_source

    # --- the kernel's thread --------------------------------------------------------------

    def switch(self, prepared: Prepared, current: CurrentColumns) -> Carried | None:
        """Make ``prepared`` the runs shown, and what the panel keeps of ``current`` for them;
        None (nothing changes) when a later update was switched to already."""
        if prepared.number <= self._switched:
            return None
        self._switched = prepared.number
        loaded = prepared.loaded
        kept = carry_over(
            loaded,
            params=current.params,
            metrics=current.metrics,
            hidden=current.hidden,
            metric=current.metric,
        )
        self.frame = loaded.frame
        self.version += 1
        self.goals = dict(loaded.goals)
        self.notes = kept.notes
        self.actions = list(loaded.actions)
        self.scales = dict(loaded.scales)
        self.guessed_goals = loaded.guessed_goals
        return kept

    # --- the Optuna callback ----------------------------------------------------------------

    def study_changed(self, study: object, interval: float) -> None:
        """A trial of ``study`` finished: refresh from it at most once every ``interval``
        seconds, and once more after the last call (on a timer)."""
        self._study = study
        self.throttle.interval = interval
        self.throttle()

    def _study_refresh(self) -> None:
        self._on_study(self._study)

    def close(self) -> None:
        self.throttle.cancel()
