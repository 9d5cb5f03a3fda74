"""The live-runs controller: a panel's runs as ``update``, ``append``, ``set_role`` and the Optuna
callback change them.

New runs are read, joined and given their roles on the caller's thread (raising there, before
anything changes: :mod:`hpviz.ingest.live` does the joining and the roles), numbered, and kept
as *prepared*; the panel *switches* to them on the kernel's thread. Updates prepared on other
threads may arrive there after later ones: an older one is skipped (each one's runs hold those
of the updates before it), and a switch goes to the newest runs. The Optuna callback is throttled
(:class:`~hpviz.background.Throttle`). The trait values that show a live sweep
(:func:`live_traits`, :func:`computing_traits`, :func:`view_traits`: what is sent to the view
while the kernel's thread is busy) are made here too. No widget here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from hpviz.analysis import Analysis
from hpviz.analysis.history import History
from hpviz.background import Throttle
from hpviz.display import analysis_traits, finite_count
from hpviz.ingest import RunTable, Source
from hpviz.ingest.live import Carried, RoleArguments, carry_over, join_runs, resolve_again
from hpviz.runner import Key

__all__ = [
    "CurrentColumns",
    "LiveRuns",
    "Prepared",
    "computing_traits",
    "live_traits",
    "view_traits",
]


@dataclass(frozen=True)
class CurrentColumns:
    """What the panel shows of its runs' columns (read on the caller's thread)."""

    params: Sequence[str]
    metrics: Sequence[str]
    hidden: Sequence[str]
    metric: str


@dataclass(frozen=True)
class Prepared:
    """New runs with their roles, ready to switch to: the ``number``-th update prepared, and
    what the panel would keep of its columns for them (as it showed them when prepared)."""

    loaded: RunTable
    number: int
    kept: Carried

    @property
    def visible(self) -> tuple[str, ...]:
        hidden = set(self.kept.hidden)
        return tuple(p for p in self.kept.params if p not in hidden)


class LiveRuns:
    """The runs a panel shows and the ones it is about to show.

    ``frame``, ``version``, ``goals``, ``notes`` and ``guessed_goals`` are those of the runs the
    panel shows (changed by :meth:`switch` on the kernel's thread); :meth:`prepare` makes the
    next ones from any thread, and :attr:`latest` is the newest of them. The version of a set of
    runs is the number of the update that made it (0: the constructor's). ``on_study`` is called
    (throttled, see :meth:`study_changed`)
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
        self._next_roles = _roles(loaded)  # … and their roles
        self._prepared = 0  # updates prepared so far …
        self._switched = 0  # … and the latest of them the panel has switched to
        self._switch_queued = False  # a switch is waiting for the kernel's thread
        self.lock = threading.RLock()  # one prepare at a time
        self.latest: Prepared | None = None  # the newest prepared, switched to or not
        # version → runs, for the versions shown or prepared since
        self._frames: dict[int, pd.DataFrame] = {0: loaded.frame}
        self._study: object = None
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
            loaded = resolve_again(
                source,
                self.arguments,
                metric=current.metric,
                choices=choices,
                previous=self._next_roles,
            )
            self._next_source, self._next_frame, self.choices = source, loaded.frame, choices
            self._next_roles = _roles(loaded)
            self._prepared += 1
            self.latest = Prepared(loaded, self._prepared, _carry(loaded, current))
            # the runs shown and the newest: a fit of others is dropped or has its runs already
            self._frames = {v: f for v, f in self._frames.items() if v == self._switched}
            self._frames[self._prepared] = loaded.frame
            return self.latest

    def queue_switch(self) -> bool:
        """Whether a switch should be handed to the kernel's thread: none is waiting there
        yet (the one waiting switches to the newest runs, whichever they are then)."""
        with self.lock:
            queued, self._switch_queued = self._switch_queued, True
            return not queued

    @property
    def next_source(self) -> Source:
        """The runs of the latest update, prepared or shown (before roles)."""
        return self._next_source

    # --- the kernel's thread --------------------------------------------------------------

    def frame_of(self, version: int) -> pd.DataFrame | None:
        """The runs of ``version``; None once newer runs are shown."""
        return self._frames.get(version)

    def switch(self, current: CurrentColumns) -> tuple[Prepared, Carried] | None:
        """Make the newest prepared runs the runs shown (each update holds the runs of those
        before it); they and what the panel keeps of ``current`` for them; None (nothing
        changes) when they are shown already."""
        with self.lock:
            self._switch_queued = False
            prepared = self.latest
            if prepared is None or prepared.number <= self._switched:
                return None
            self._switched = prepared.number
            self._frames = {v: f for v, f in self._frames.items() if v >= prepared.number}
        loaded = prepared.loaded
        kept = _carry(loaded, current)
        self.frame = loaded.frame
        self.version = prepared.number
        self.goals = dict(loaded.goals)
        self.notes = kept.notes
        self.actions = list(loaded.actions)
        self.scales = dict(loaded.scales)
        self.guessed_goals = loaded.guessed_goals
        return prepared, kept

    # --- the Optuna callback ----------------------------------------------------------------

    def study_changed(self, study: object, interval: float) -> None:
        """A trial of ``study`` finished: refresh from it at most once every ``interval``
        seconds, and once more after the last call (on a timer)."""
        self._study = study
        self.throttle.interval = interval
        self.throttle()

    def _study_refresh(self) -> None:
        self._on_study(self._study)

    def newest_count(self, metric: str) -> int:
        """Runs with a finite value of ``metric`` in the newest runs (prepared or shown)."""
        latest = self.latest
        return finite_count(self.frame if latest is None else latest.loaded.frame, metric)

    def close(self) -> None:
        self.throttle.cancel()


def live_traits(runs: LiveRuns, history: History, key: Key, updating: bool) -> dict:
    """The traits shown with ``key``'s analysis about the sweep: whether newer runs are being
    analysed, how many runs have the metric in the newest ones, whether the ranking settled."""
    return {
        "updating": updating,
        "n_runs_newest": runs.newest_count(key.metric),
        "ranking": history.ranking(key.metric, key.version),
    }


def computing_traits(runs: LiveRuns, metric: str, keep: bool) -> dict:
    """The traits while a fit is under way: the analysis on screen stays, marked updating
    (``keep``), or the panel says it is computing."""
    newest = runs.newest_count(metric)
    if keep:
        return {"updating": True, "n_runs_newest": newest}
    return {"status": "computing", "updating": False, "n_runs_newest": newest}


def view_traits(
    runs: LiveRuns,
    history: History,
    key: Key,
    analysis: Analysis,
    updating: bool,
    parameters: Sequence[str],
) -> dict:
    """The traits that would show ``key``'s analysis, for the view while the kernel's thread
    is busy: with the columns of the newest runs when ``key`` is of runs the traits have not
    switched to yet (``parameters`` are the traits')."""
    values: dict = {}
    prepared = runs.latest
    notes, actions = runs.notes, runs.actions
    if prepared is not None and prepared.number == key.version > runs.version:
        kept = prepared.kept  # runs the traits have not switched to yet
        parameters, notes = kept.params, kept.notes
        actions = list(prepared.loaded.actions)
        values = {
            "parameters": kept.params,
            "metrics": kept.metrics,
            "metric": kept.metric,
            "hidden": kept.hidden,
            "roles": prepared.loaded.roles.to_dict("records"),
        }
    values.update(analysis_traits(analysis, parameters, notes, actions))
    values.update(live_traits(runs, history, key, updating))
    return values


def _carry(loaded: RunTable, current: CurrentColumns) -> Carried:
    """What the panel keeps of ``current`` (its columns, hidden list, metric) for ``loaded``."""
    return carry_over(
        loaded,
        params=current.params,
        metrics=current.metrics,
        hidden=current.hidden,
        metric=current.metric,
    )


def _roles(loaded: RunTable) -> dict[str, str]:
    return {column: role for column, (role, _) in loaded.columns.roles.items()}
