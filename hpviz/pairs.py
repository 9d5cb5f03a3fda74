"""The panel's pairs: which parameters work together (:mod:`hpviz.analysis.interactions`),
computed on the panel's worker after the importance table, and the two-parameter drill-down.

No widget here. The importance table is displayed first and never waits for its pairs: they
are requested once it is on screen, queue on the same worker, are cached per analysis (metric,
visible parameters, runs) and are cancelled like a fit (between pairs) when the panel moves
on, so a new fit waits for one pair at most.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Generic, TypeVar

import pandas as pd

from hpviz.analysis import Analysis
from hpviz.analysis.interactions import Interactions
from hpviz.analysis.pairgrid import pair_grid
from hpviz.background import BackgroundCache, superseded
from hpviz.jsonsafe import json_safe

__all__ = ["PairsRunner", "pair_view", "pairs_traits"]

K = TypeVar("K", bound=Hashable)


class PairsRunner(Generic[K]):
    """Requests, cache, cancellation and delivery of a panel's interaction tables.

    ``compute(key, analysis, should_stop)`` finds the pairs of ``analysis`` (on ``worker``,
    the panel's own). ``request(key, analysis)`` returns a future (done when cached);
    ``supersede(key)`` drops every other key's request, as the analysis runner does.
    :meth:`show` asks for them and sets them on the panel's traits: ``publish(**values)``
    sets traits, ``on_home(function, *args)`` runs a function on the kernel's thread and
    ``current()`` is the key the traits show (pairs of any other are dropped).
    """

    def __init__(
        self,
        compute: Callable[[K, Analysis, Callable[[], bool]], Interactions],
        worker: ThreadPoolExecutor,
        *,
        current: Callable[[], object] = lambda: None,
        publish: Callable[..., None] = lambda **values: None,
        on_home: Callable[..., None] = lambda function, *args: function(*args),
    ) -> None:
        self._compute = compute
        self._worker = worker
        self._current = current
        self._publish = publish
        self._on_home = on_home
        self._lock = threading.Lock()
        self._analyses: dict[K, Analysis] = {}  # waiting for their pairs
        self._closed = False
        self._cache: BackgroundCache[K, Interactions] = BackgroundCache(self._run, worker, size=16)

    def request(self, key: K, analysis: Analysis) -> Future:
        with self._lock:
            self._analyses[key] = analysis
        return self._cache.request(key)

    def get(self, key: K, analysis: Analysis, timeout: float | None = None) -> Interactions:
        """The pairs of ``key``, waiting for them on the calling thread (asked for again if
        superseded meanwhile); TimeoutError after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            future = self.request(key, analysis)
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return future.result(left)
            except CancelledError:
                if self._closed:
                    raise
                continue

    def show(self, key: K, analysis: Analysis) -> None:
        """Ask for the pairs of the analysis just displayed (after it: it never waits for
        them); show them now if cached, else on the kernel's thread when they are ready."""
        future = self.request(key, analysis)
        if not future.done():
            self._publish(**pairs_traits(None, status="computing"))
            future.add_done_callback(lambda done: self._on_home(self._deliver, key, done))
            return
        self._deliver(key, future)

    def _deliver(self, key: K, future: Future) -> None:
        if self._closed or superseded(future) or key != self._current():
            return
        error = future.exception()
        if error is not None:
            text = f"Could not find the pairs: {type(error).__name__}: {error}"
            self._publish(**pairs_traits(None, status="error", message=text))
            return
        self._publish(**pairs_traits(future.result()))

    def supersede(self, key: K) -> None:
        with self._lock:
            self._analyses = {k: v for k, v in self._analyses.items() if k == key}
        self._cache.supersede(key)

    def new_runs(self) -> None:
        """The runs changed: drop every request and result."""
        self._cache.close()
        with self._lock:
            self._analyses.clear()
        self._cache = BackgroundCache(self._run, self._worker, size=16)

    def close(self) -> None:
        self._closed = True
        self._cache.close()
        with self._lock:
            self._analyses.clear()

    def _run(self, key: K, should_stop: Callable[[], bool]) -> Interactions:
        with self._lock:
            analysis = self._analyses.pop(key)
        return self._compute(key, analysis, should_stop)


def pairs_traits(found: Interactions | None, *, status: str = "ready", message: str = "") -> dict:
    """The traits that show ``found``: ``pairs`` (its rows) and ``pairs_info``."""
    if found is None:
        return {
            "pairs": [],
            "pairs_info": {"status": status, "noise_floor": None, "notes": [], "message": message},
        }
    rows = json_safe(found.table.to_dict("records"))
    for row in rows:
        row["useful"] = bool(row["useful"])
    info = {
        "status": "ready" if rows else "empty",
        "noise_floor": found.floor,
        "notes": list(found.notes),
        "message": found.reason,
    }
    return {"pairs": rows, "pairs_info": json_safe(info)}


def pair_view(frame: pd.DataFrame, metric: str, pair: list[str], goal: str) -> dict:
    """The open pair's drill-down data (see :func:`hpviz.analysis.pairgrid.pair_grid`), an
    empty dict when no pair is open; a failure is said in its ``message``, never raised."""
    if len(pair) != 2:
        return {}
    try:
        return json_safe(pair_grid(frame, metric, pair[0], pair[1], goal=goal))
    except Exception as error:  # noqa: BLE001 — shown in the plot's place
        return {
            "parameters": list(pair),
            "metric": metric,
            "cells": [],
            "message": f"Could not plot {pair[0]} × {pair[1]}: {type(error).__name__}: {error}",
        }
