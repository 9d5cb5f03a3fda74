"""Where the panel's work runs: fits on a worker thread, everything a user sees on the kernel's.

The thread model, in one place:

* **Fits run on the panel's own worker thread** (:class:`BackgroundCache`), so the notebook
  never freezes and a slow panel never holds up another one. Finished analyses are cached, so
  going back to a metric or visible set already seen is instant. A newer request supersedes the
  others: a queued one is cancelled, a running one is asked to stop (the analysis checks between
  rounds of trees) and ends as cancelled.
* **Results are published on the kernel's thread** (:class:`KernelThread`): trait changes, the
  observers they call (the panel's and the user's) and the comm messages they send never run
  on the worker. In a notebook the kernel runs an asyncio event loop on its main thread, and a
  finished fit is handed to it; in a script (no loop) the result is published by the next
  ``wait()``/``table``. Nothing here ever waits for the kernel's thread from another thread, so
  no call can deadlock, whichever thread makes it.
* :class:`Throttle` folds a burst of calls (a live Optuna study) into at most one per interval
  plus one trailing call.

The worker fits where the notebook said joblib should: a ``joblib.parallel_config`` (Dask,
Ray, a number of jobs …) in force where the cache was created applies to every fit it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import joblib

__all__ = ["BackgroundCache", "KernelThread", "Throttle", "new_worker", "superseded"]

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def superseded(future: Future) -> bool:
    """Whether ``future`` was dropped for a newer request (cancelled, queued or running)."""
    if future.cancelled():
        return True
    return future.done() and isinstance(future.exception(), CancelledError)


@dataclass
class _Job:
    future: Future
    stop: threading.Event = field(default_factory=threading.Event)


class BackgroundCache(Generic[K, T]):
    """Compute ``compute(key, should_stop)`` on a worker thread, at most once per key, and
    keep the results.

    ``request(key)`` returns a future (already done when the key is cached); ``get(key)``
    blocks for the result; ``supersede(key)`` drops every other key's request: a queued one is
    cancelled, a running one is asked to stop through ``should_stop()`` and, if it stops (by
    raising anything while asked to), its future ends with :class:`CancelledError`.
    ``executor`` is the worker (one thread per panel); ``close()`` drops everything.
    """

    def __init__(
        self,
        compute: Callable[[K, Callable[[], bool]], T],
        executor: ThreadPoolExecutor,
        size: int = 64,
    ) -> None:
        self._compute = compute
        self._executor = executor
        self._joblib = _joblib_config()
        self._size = size
        self._done: OrderedDict[K, T] = OrderedDict()
        self._jobs: dict[K, _Job] = {}
        self._lock = threading.RLock()
        self._closed = False

    def request(self, key: K) -> Future:
        """A future for ``key``'s result, started on the worker if not cached or under way."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                future: Future = Future()
                future.set_result(self._done[key])
                return future
            job = self._jobs.get(key)
            if job is None or job.stop.is_set():
                job = _Job(Future())
                if self._closed:
                    job.future.cancel()
                    return job.future
                self._jobs[key] = job
                self._executor.submit(self._run, key, job)
            return job.future

    def get(self, key: K, timeout: float | None = None) -> T:
        """``key``'s result, computing it if needed (blocks the calling thread). A request
        superseded while we wait is asked for again; ``timeout`` raises TimeoutError."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._closed:
                raise CancelledError("the panel was closed")
            future = self.request(key)
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return future.result(left)
            except CancelledError:
                continue

    def supersede(
        self, key: K, keep: Callable[[K, bool], bool] = lambda other, running: False
    ) -> None:
        """Drop the request of every key other than ``key`` (see the class), except those
        ``keep(other, running)`` accepts (``running``: its fit has started)."""
        self._drop(lambda other, running: other == key or keep(other, running))

    def _drop(self, kept: Callable[[K, bool], bool]) -> None:
        """Drop the request of every key but those ``kept(key, running)`` accepts."""
        with self._lock:
            kept_jobs = {
                other: job for other, job in self._jobs.items() if kept(other, job.future.running())
            }
            dropped = [job for other, job in self._jobs.items() if other not in kept_jobs]
            self._jobs = kept_jobs
        for job in dropped:  # outside the lock: cancelling runs the futures' callbacks
            job.stop.set()
            job.future.cancel()  # works while queued; a running job sees ``stop``

    def close(self) -> None:
        """Drop every request and result; later requests come back cancelled."""
        with self._lock:
            self._closed = True
            self._done.clear()
        self._drop(lambda other, running: False)

    def _run(self, key: K, job: _Job) -> None:
        if not job.future.set_running_or_notify_cancel():
            return  # cancelled while queued
        try:
            with _joblib_context(self._joblib):
                result = self._compute(key, job.stop.is_set)
        except BaseException as error:  # noqa: BLE001 — handed to whoever waits
            self._forget(key, job)
            stopped = CancelledError(f"superseded: {key!r}") if job.stop.is_set() else None
            job.future.set_exception(stopped or error)
            return
        with self._lock:
            if not job.stop.is_set():
                self._done[key] = result
                if len(self._done) > self._size:
                    self._done.popitem(last=False)
        self._forget(key, job)
        job.future.set_result(result)

    def _forget(self, key: K, job: _Job) -> None:
        with self._lock:
            if self._jobs.get(key) is job:
                del self._jobs[key]


def new_worker() -> ThreadPoolExecutor:
    """A panel's own worker: one thread, so its fits queue behind each other but never behind
    another panel's. (The forest already uses every core through joblib.)"""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="hpviz")


class KernelThread:
    """The thread that owns a panel (the one that made it) and how to run code there.

    :meth:`call` runs a function on that thread: at once when called there; else it queues it
    and asks the thread's running asyncio event loop (a Jupyter kernel's, marimo's) to run the
    queue, with the context of the last call made there. The queue also runs at the panel's
    next blocking call there (``wait``, ``table``: :meth:`run_pending`), whichever comes
    first, so a script without a loop, or a loop that is not serving (one that another
    library runs in bursts), still gets its results. It never waits for the thread.
    """

    def __init__(self) -> None:
        self.thread = threading.current_thread()
        try:
            self.loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self.loop = None
        self._context = contextvars.copy_context()
        self._pending: deque[tuple[Callable[..., None], tuple]] = deque()
        self._lock = threading.Lock()
        self._closed = False

    def here(self) -> bool:
        """Whether the calling thread is the panel's."""
        return threading.current_thread() is self.thread

    def remember_context(self) -> None:
        """Keep the calling code's context (on the panel's thread) for later hand-overs, so
        what they print or display goes where that code's would."""
        if self.here():
            self._context = contextvars.copy_context()

    def in_context(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` on the calling thread, in the context of the last call made on
        the panel's thread (what it sends goes where that code's output would)."""
        return self._context.copy().run(function, *args)

    def call(self, function: Callable[..., None], *args: object) -> None:
        if self.here():
            function(*args)
            return
        with self._lock:
            if self._closed:
                return
            self._pending.append((function, args))
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self.run_pending, context=self._context.copy())

    def run_pending(self) -> None:
        """Run what :meth:`call` queued, in order (on the calling thread)."""
        while True:
            with self._lock:
                if not self._pending:
                    return
                function, args = self._pending.popleft()
            function(*args)

    def close(self) -> None:
        """Forget what is queued, and drop what is handed over from now on (the panel is
        closing: nothing may keep it alive)."""
        with self._lock:
            self._closed = True
            self._pending.clear()


class Throttle:
    """Call ``action`` at most once every ``interval`` seconds, and always once more after the
    last :meth:`__call__`: calls in between are folded into one trailing call on a timer, so
    the latest state always arrives (a live study's last trial shows). :meth:`flush` makes the
    trailing call at once.

    ``action`` runs on the calling thread when it may run at once, else on the timer's thread.
    """

    def __init__(self, action: Callable[[], None], interval: float) -> None:
        self._action = action
        self.interval = interval
        self._lock = threading.Lock()
        self._running = threading.RLock()  # held while ``action`` runs
        self._last = -math.inf  # time.monotonic() of the last call of action
        self._timer: threading.Timer | None = None

    def __call__(self) -> None:
        with self._lock:
            if self._timer is not None:
                return  # a trailing call is scheduled and will see this state
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                self._timer = threading.Timer(wait, self._trailing)
                self._timer.daemon = True
                self._timer.start()
                return
            self._last = time.monotonic()
        self._run()

    def flush(self) -> None:
        """Make the trailing call now if one is scheduled, and wait for a call under way on
        another thread: afterwards ``action`` has seen every call made before."""
        with self._lock:
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
                self._last = time.monotonic()
        if timer is not None:
            self._run()
        with self._running:  # (``action`` never waits for the thread that flushes)
            pass

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _trailing(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # flushed or cancelled meanwhile
            self._timer = None
            self._last = time.monotonic()
        self._run()

    def _run(self) -> None:
        with self._running:
            self._action()


def _joblib_config() -> dict[str, Any] | None:
    """The ``joblib.parallel_config`` in force in this thread, if any.

    joblib keeps it per thread and offers no public getter, so this reads the thread-local
    it is stored in (and gives up quietly should that ever move).
    """
    config = getattr(getattr(joblib.parallel, "_backend", None), "config", None)
    return dict(config) if isinstance(config, dict) else None


def _joblib_context(config: dict[str, Any] | None) -> contextlib.AbstractContextManager:
    """Re-enter a configuration captured by :func:`_joblib_config` on this thread."""
    if config is None:
        return contextlib.nullcontext()
    return joblib.parallel_config(**config)
