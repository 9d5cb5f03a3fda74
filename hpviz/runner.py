"""The analysis runner: a panel's requests for an analysis, their cache, and where a finished
one is delivered.

A panel asks for the analysis of a :class:`Key` (metric, visible parameters, runs version).
The fit runs on the panel's worker (:class:`~hpviz.background.BackgroundCache`). The delivery
rules:

* **Traits on the kernel's thread only.** A finished analysis is handed to the kernel's thread
  (its event loop, or the panel's next call made there: ``append``, the Optuna callback,
  ``wait``), which sets the traits; user observers run there and nowhere else.
* **The view while the kernel's thread is busy.** When that hand-over has not run
  :attr:`AnalysisRunner.busy_after` seconds after the fit ended (a cell is running a study or
  a training loop), the analysis is sent to the view directly as a state message (the panel's
  ``send_view``), with no trait set and no observer fired; the traits catch up when the kernel's
  thread is free, and the names sent are sent again from the traits then, so view and traits
  agree once it is idle.
* **Stale but labelled.** New runs (a higher version, same metric and parameters) do not stop
  the fit under way: it finishes and is shown as "updating" while the newest one is computed,
  so a sweep that adds runs faster than the forest fits still refreshes once per fit. Nothing
  older than what is on screen is ever shown. Another metric or parameter set stops it.
* Every shown analysis is recorded in :attr:`AnalysisRunner.history` (no extra fit).

No widget here: the panel passes in how to compute, what its current key is, and how to
display (traits) or send (view); :func:`send_state` is how a widget's view is sent trait values
without setting them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from typing import Generic, TypeGuard, TypeVar

from hpviz.analysis.history import Entry, History
from hpviz.background import BackgroundCache, KernelThread, new_worker, superseded

__all__ = ["AnalysisRunner", "Key", "send_state"]

A = TypeVar("A")  # what compute makes of a key: the panel's Analysis


@dataclass(frozen=True)
class Key:
    """What an analysis is of: the metric, the visible parameters (in order), the version
    of the runs (the number of the update, append or set_role that made them; 0 at first) and
    the goal (shapes and best ranges depend on it; ``""``: the metric's own)."""

    metric: str
    params: tuple[str, ...]
    version: int
    goal: str = ""

    def same_view(self, other: Key | None) -> TypeGuard[Key]:
        """Same metric, parameters and goal (perhaps other runs)."""
        return other is not None and (self.metric, self.params, self.goal) == (
            other.metric,
            other.params,
            other.goal,
        )


class AnalysisRunner(Generic[A]):
    """Requests, cache and delivery of a panel's analyses (see the module).

    ``compute(key, should_stop)`` fits (on the worker); ``current()`` is the key of the traits;
    ``display(key, future, updating)`` sets the traits from a finished request (kernel's thread
    only); ``computing(keep)`` says a fit is under way (``keep``: an analysis of this metric is
    on screen and stays); ``send_view(key, analysis, updating)`` sends the view that analysis
    from any thread and returns the names of the traits it sent (None if it could not);
    ``after_handover()`` runs on the kernel's thread after a hand-over that published anything
    (the panel counts its publications in :attr:`published`).
    """

    busy_after = 0.25
    """Seconds after a fit ends without the kernel's thread taking it: then the view is sent it."""

    def __init__(
        self,
        compute: Callable[[Key, Callable[[], bool]], A],
        *,
        current: Callable[[], Key],
        display: Callable[[Key, Future, bool], None],
        computing: Callable[[bool], None],
        send_view: Callable[[Key, A, bool], set[str] | None] | None = None,
        resync: Callable[[set[str]], None] = lambda names: None,
        after_handover: Callable[[], None] = lambda: None,
    ) -> None:
        self.home = KernelThread()  # traits, observers and messages belong to this thread
        self.worker = new_worker()
        self.cache: BackgroundCache[Key, A] = BackgroundCache(compute, self.worker)
        self.history = History()
        self._current = current
        self._display = display
        self._computing = computing
        self._send_view = send_view
        self._resync = resync
        self._after_handover = after_handover
        self.lock = threading.RLock()  # one delivery at a time, to the traits or the view
        self._book = threading.Lock()  # wanted and _waited (held for a moment, never waits)
        self.wanted: Key | None = None  # the newest key asked for
        self.displayed: Key | None = None  # the key whose analysis the traits show
        self.viewed: Key | None = None  # … and the view (the same, or newer when sent directly)
        self._ahead: set[str] = set()  # traits the view was sent that the traits lag behind
        self._waited: Counter[Key] = Counter()  # keys settle() waits for: never dropped by want
        self.published = 0  # trait publications so far: did a hand-over show anything?
        self.closed = False

    # --- requests ------------------------------------------------------------------------

    def want(self, key: Key) -> Future:
        """Ask for ``key``'s analysis, to be delivered when it is ready (from any thread).

        Requests of other keys are dropped, except fits of the same metric and parameters on
        older runs already under way (they finish, to show while this one computes) and
        requests for newer runs."""
        with self._book:
            if not key.same_view(self.wanted) or key.version >= self.wanted.version:
                self.wanted = key

        def keep(other: Key, running: bool) -> bool:
            if other in self._waited:
                return True  # someone waits for it (settle)
            return key.same_view(other) and (other.version > key.version or running)

        self.cache.supersede(key, keep)
        future = self.cache.request(key)
        if not future.done():
            future.add_done_callback(lambda done: self._finished(key, done))
        return future

    def request(self, key: Key) -> Future:
        """A future for ``key``'s analysis (done at once when cached), delivered nowhere."""
        return self.cache.request(key)

    def get(self, key: Key, timeout: float | None = None):
        """``key``'s analysis, waiting for it on the calling thread."""
        return self.cache.get(key, timeout)

    def refresh(self) -> None:
        """Ask for the traits' key: displayed now if cached, else when ready (kernel's thread)."""
        if self.closed:
            return
        self.home.remember_context()
        key = self._current()
        future = self.want(key)
        if future.done():
            self.deliver(key, future)
            return
        shown = self.viewed or self.displayed
        self._computing(shown is not None and shown.metric == key.metric)

    def settle(self, timeout: float | None = None, check_open: Callable[[], None] = lambda: None):
        """The finished request of the current key, waiting for it (and for a newer key if
        the panel changes meanwhile), delivered first where this thread may deliver it."""
        check_open()
        if self.may_deliver_here():
            self.home.run_pending()  # hand-overs the loop has not run yet run here, in order
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            key = self._current()
            with self._book:
                self._waited[key] += 1
            try:
                future = self.cache.request(key)
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                future.exception(left)  # raises TimeoutError after ``timeout`` seconds
            except CancelledError:
                check_open()
                continue  # superseded by another thread's change: wait for the newest
            finally:
                with self._book:
                    self._waited[key] -= 1
                    if not self._waited[key]:
                        del self._waited[key]
            if key != self._current() or superseded(future):
                continue
            if self.may_deliver_here():
                self.deliver(key, future)
            return future

    def may_deliver_here(self) -> bool:
        """On the kernel's thread, or in a script (no event loop to hand over to)."""
        return self.home.here() or self.home.loop is None

    def behind(self, key: Key) -> bool:
        """Whether newer runs than ``key``'s are asked for (the analysis is "updating")."""
        wanted = self.wanted
        return key.same_view(wanted) and wanted.version > key.version

    # --- delivery --------------------------------------------------------------------------

    def _finished(self, key: Key, future: Future) -> None:
        """A fit ended (on the worker): hand it to the kernel's thread, and to the view if
        that thread has not taken it a moment later."""
        if self.closed or superseded(future):
            return
        self.on_home(self.deliver, key, future)
        if self._send_view is not None and self.home.loop is not None:
            timer = threading.Timer(self.busy_after, self._deliver_to_view, (key, future))
            timer.daemon = True
            timer.start()

    def deliver(self, key: Key, future: Future) -> None:
        """Set the traits from a finished request (kernel's thread), unless the panel moved
        on: the current key's, or an older one of the same view newer than what is shown."""
        if self.closed or superseded(future):
            return
        current = self._current()
        if key != current:
            error = future.exception()
            stale = key.same_view(current) and key.version < current.version
            if error is not None or not stale:
                return
        if key != self.viewed and not _newer(key, self.viewed):
            return  # the view shows newer runs' analysis already: the traits catch up with it
        with self.lock:
            if future.exception() is None:
                self._record(key, future.result())
            self._display(key, future, self.behind(key) or key != current)
            self.displayed = key
            if _newer(key, self.viewed):
                self.viewed = key
            ahead, self._ahead = self._ahead, set()
        if ahead:
            self._resync(ahead)

    def _deliver_to_view(self, key: Key, future: Future) -> None:
        """Send the view ``key``'s analysis if the kernel's thread has not shown it (or newer)."""
        if self.closed or future.exception() is not None or self._send_view is None:
            return
        if not self.lock.acquire(blocking=False):
            return  # the kernel's thread is delivering right now
        try:
            wanted = self.wanted
            if not key.same_view(wanted) or key.version > wanted.version:
                return
            if not _newer(key, self.viewed) or key == self.displayed:
                return
            result = future.result()
            self._record(key, result)
            sent = self.home.in_context(self._send_view, key, result, key != wanted)
            if sent:
                self.viewed = key
                self._ahead |= set(sent)
        finally:
            self.lock.release()

    def _record(self, key: Key, analysis) -> None:
        table = analysis.table
        if table is None or "importance" not in getattr(table, "columns", ()):
            return
        importance = dict(zip(table["parameter"], table["importance"].astype(float), strict=True))
        useful = frozenset(table.loc[table["useful"].astype(bool), "parameter"])
        entry = Entry(key.metric, key.version, int(analysis.n_runs), importance, useful)
        self.history.add(entry)

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


def send_state(widget, values: dict) -> set[str] | None:
    """Send ``widget``'s view these trait values as one state message, setting no trait (the
    kernel's thread is busy). Only where the kernel's messages may be sent from any thread
    (ipykernel's comms); returns the names sent, None when it could not send them."""
    if not type(getattr(widget, "comm", None)).__module__.startswith("ipykernel"):
        return None
    state = {
        name: widget.trait_metadata(name, "to_json", widget._trait_to_json)(value, widget)
        for name, value in values.items()
    }
    widget._send({"method": "update", "state": state, "buffer_paths": []})
    return set(values)


def _newer(key: Key, shown: Key | None) -> bool:
    """Whether ``key`` would be news on a screen showing ``shown``'s analysis."""
    return not key.same_view(shown) or key.version > shown.version
