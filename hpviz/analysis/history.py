"""Has the ranking settled? The importances of the analyses a live panel showed, one entry per
set of runs, and what they say: which parameters moved at the last refresh, and whether the top
parameters' order has held over enough of the runs.

Plain Python and pandas, no widget: the panel records what it showed anyway (no extra fit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["TOP", "Entry", "History", "ranking_order"]

TOP = 3
"""At most this many top parameters must keep their order for the ranking to count as stable:
those above the noise floor (the most important one when none is)."""

SETTLED_SHARE = 0.2
"""… over refreshes covering at least this share of the runs."""


@dataclass(frozen=True)
class Entry:
    """One shown analysis: its metric, the runs version it analysed, how many runs, each
    visible parameter's importance, and those above the noise floor."""

    metric: str
    version: int
    n_runs: int
    importance: Mapping[str, float] = field(default_factory=dict)
    useful: frozenset[str] = frozenset()

    def top(self) -> list[str]:
        """The top parameters whose order must hold (see :data:`TOP`)."""
        order = ranking_order(self.importance)
        return [p for p in order if p in self.useful][:TOP] or order[:1]


def ranking_order(importance: Mapping[str, float], among: Sequence[str] | None = None) -> list[str]:
    """The parameters by importance, largest first (ties by name), only those ``among``."""
    names = [p for p in importance if among is None or p in among]
    return sorted(names, key=lambda p: (-(importance[p] or 0.0), str(p)))


class History:
    """The entries of the analyses shown, per metric, in the order of their runs (not
    thread-safe: the runner holds its lock)."""

    def __init__(self) -> None:
        self._entries: dict[str, list[Entry]] = {}

    def add(self, entry: Entry) -> bool:
        """Record ``entry``; the analysis of runs already recorded for its metric replaces
        theirs (a parameter hidden or shown), one of older runs than the last is ignored.
        Whether it was recorded."""
        entries = self._entries.setdefault(entry.metric, [])
        if entries and entry.version < entries[-1].version:
            return False
        if entries and entry.version == entries[-1].version:
            entries[-1] = entry
        else:
            entries.append(entry)
        return True

    def entries(self, metric: str) -> list[Entry]:
        return list(self._entries.get(metric, ()))

    def ranking(self, metric: str, version: int | None = None) -> dict:
        """What the panel says about the ranking after the entry of ``version`` (default: the
        last): ``{"state": "stable" | "moving", "runs", "refreshes", "top", "moves", "n_runs"}``,
        or ``{}`` before a second set of runs was shown.

        ``moves`` is how many places each parameter rose (negative: fell) since the previous
        entry; "stable" when the top parameters (:data:`TOP`) kept their order over the last
        refreshes and these cover at least :data:`SETTLED_SHARE` of the runs (``runs`` of
        them, over ``refreshes`` refreshes)."""
        entries = self.entries(metric)
        if version is not None:
            entries = [e for e in entries if e.version <= version]
        if len(entries) < 2:
            return {}
        latest, previous = entries[-1], entries[-2]
        among = list(latest.importance)
        top = latest.top()
        start = len(entries) - 1
        while start > 0 and ranking_order(entries[start - 1].importance, among)[: len(top)] == top:
            start -= 1
        covered = latest.n_runs - entries[start].n_runs
        stable = (
            start < len(entries) - 1 and covered > 0 and covered >= SETTLED_SHARE * latest.n_runs
        )
        old = ranking_order(previous.importance, among)
        new = ranking_order(latest.importance, [p for p in among if p in previous.importance])
        moves = {p: old.index(p) - new.index(p) for p in new if old.index(p) != new.index(p)}
        return {
            "state": "stable" if stable else "moving",
            "runs": int(covered),
            "refreshes": len(entries) - 1 - start,
            "top": top,
            "moves": moves,
            "n_runs": int(latest.n_runs),
        }

    def frame(self, metric: str) -> pd.DataFrame:
        """Runs analysed → importance per parameter, one row per entry of ``metric`` (missing
        where a parameter was not shown)."""
        entries = self.entries(metric)
        columns = list(dict.fromkeys(p for e in entries for p in e.importance))
        frame = pd.DataFrame(
            [[e.importance.get(p, float("nan")) for p in columns] for e in entries],
            index=pd.Index([e.n_runs for e in entries], name="runs"),
            columns=pd.Index(columns, name="parameter"),
            dtype=float,
        )
        return frame
