"""The analysis runner: a panel's requests for an analysis, their cache, and where a finished
one is delivered.

A panel asks for the analysis of a :class:`Key` (metric, visible parameters, runs version).
The fit runs on the panel's worker (:class:`~hpviz.background.BackgroundCache`); a finished one
is delivered on the kernel's thread (:class:`~hpviz.background.KernelThread`), where the panel
sets its traits. No widget here: the panel passes in how to compute and how to display.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass

from hpviz.background import BackgroundCache, KernelThread, new_worker, superseded

__all__ = ["AnalysisRunner", "Key"]


@dataclass(frozen=True)
class Key:
    """What an analysis is of: the metric, the visible parameters (in order) and the version
    of the runs (bumped by each update/append/set_role the panel switches to)."""

    metric: str
    params: tuple[str, ...]
    version: int


class AnalysisRunner:
    """Requests, cache and delivery of a panel's analyses.

    ``compute(key, should_stop)`` fits (on the worker); ``current()`` is the key the panel
    shows now; ``display(key, future)`` puts a finished request on screen (called on the
    kernel's thread only); ``computing()`` says a fit is under way; ``after_handover()`` runs
    on the kernel's thread after a hand-over that published anything (marimo is told there):
    the panel counts what it publishes in :attr:`published`.
    """

    def __init__(
        self,
        compute: Callable[[Hashable, Callable[[], bool]], object],
        *,
        current: Callable[[], Key],
        display: Callable[[Key, Future], None],
        computing: Callable[[], None],
        after_handover: Callable[[], None] = lambda: None,
    ) -> None:
        self.home = KernelThread()  # traits, observers and messages belong to this thread
        self.worker = new_worker()
        self._compute = compute
        self._current = current
        self._display = display
        self._computing = computing
        self._after_handover = after_handover
        self.cache: BackgroundCache = BackgroundCache(compute, self.worker)
        self.published = 0  # trait publications so far: did a hand-over show anything?
        self.closed = False

    # --- requests ------------------------------------------------------------------------

    def request(self, key: Key) -> Future:
        """A future for ``key``'s analysis (done at once when cached)."""
        return self.cache.request(key)

    def get(self, key: Key, timeout: float | None = None):
        """``key``'s analysis, waiting for it on the calling thread."""
        return self.cache.get(key, timeout)

    def new_runs(self) -> None:
        """The runs changed: drop every fit and result (their data is gone)."""
        self.cache.close()
        self.cache = BackgroundCache(self._compute, self.worker)

    def refresh(self) -> None:
        """Ask for the current key's analysis; display it now if cached, else when ready."""
        if self.closed:
            return
        self.home.remember_context()
        key = self._current()
        self.cache.supersede(key)
        future = self.cache.request(key)
        if future.done():
            self.deliver(key, future)
            return
        self._computing()
        future.add_done_callback(lambda done: self.on_home(self.deliver, key, done))

    def settle(self, timeout: float | None = None, check_open: Callable[[], None] = lambda: None):
        """The finished request of the current key, waiting for it (and for a newer key if
        the panel changes meanwhile), delivered first where this thread may deliver it."""
        check_open()
        if self.may_deliver_here():
            self.home.run_pending()  # hand-overs the loop has not run yet run here, in order
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            key = self._current()
            future = self.cache.request(key)
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                future.exception(left)  # raises TimeoutError after ``timeout`` seconds
            except CancelledError:
                check_open()
                continue  # superseded by another thread's change: wait for the newest
            if key != self._current() or superseded(future):
                continue
            if self.may_deliver_here():
                self.deliver(key, future)
            return future

    def may_deliver_here(self) -> bool:
        """On the kernel's thread, or in a script (no event loop to hand over to)."""
        return self.home.here() or self.home.loop is None

    # --- delivery --------------------------------------------------------------------------

    def deliver(self, key: Key, future: Future) -> None:
        """Display a finished request (on the kernel's thread) unless the panel moved on."""
        if self.closed or superseded(future) or key != self._current():
            return
        self._display(key, future)

    def on_home(self, function: Callable[..., None], *args: object) -> None:
        """Run ``function(*args)`` on the kernel's thread (at once when called there, else
        handed over: :meth:`KernelThread.call`), then ``after_handover``."""

        def run() -> None:
            published = self.published
            function(*args)
            if self.published != published:
                self._after_handover()

        self.home.call(run)

    def close(self) -> None:
        self.closed = True
        self.home.close()
        self.cache.close()
        self.worker.shutdown(wait=False, cancel_futures=True)
