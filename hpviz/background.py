"""Analyses computed off the kernel's main thread, cached, newest request first.

The panel asks for an analysis whenever its metric or visible set changes. The forest fit
can take a while on a large sweep, and the notebook must not freeze meanwhile, so fits run on
one worker thread (scikit-learn releases the GIL while it builds trees). A request that is
still queued when a newer one arrives is cancelled; a result that arrives for a request the
user has already moved on from is simply not shown (the caller checks). Finished analyses are
kept, so going back to a metric or visible set already seen is instant.

The worker fits where the notebook said joblib should: a ``joblib.parallel_config`` (Dask,
Ray, a number of jobs …) in force where the cache was created applies to every fit it runs.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import joblib

__all__ = ["BackgroundCache", "Throttle"]

T = TypeVar("T")

# One worker for every panel in the kernel: the forest already uses both cores.
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hpviz")


class BackgroundCache(Generic[T]):
    """Compute ``compute(key)`` on the worker thread, at most once per key, keeping results.

    ``request(key)`` returns a future (already done when the key is cached); ``get(key)``
    blocks for the result; ``supersede(key)`` cancels queued requests for other keys.
    """

    def __init__(self, compute: Callable[[Hashable], T], size: int = 64) -> None:
        self._compute = compute
        self._joblib = _joblib_config()
        self._size = size
        self._done: OrderedDict[Hashable, T] = OrderedDict()
        self._running: dict[Hashable, Future] = {}
        self._lock = threading.RLock()

    def request(self, key: Hashable) -> Future:
        """A future for ``key``'s result, started on the worker if not cached or under way."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                future: Future = Future()
                future.set_result(self._done[key])
                return future
            future = self._running.get(key)
            if future is None:
                future = _WORKER.submit(self._run, key)
                self._running[key] = future
            return future

    def get(self, key: Hashable) -> T:
        """``key``'s result, computing it if needed (blocks the calling thread)."""
        while True:
            try:
                return self.request(key).result()
            except CancelledError:  # superseded while we waited: ask again
                continue

    def supersede(self, key: Hashable) -> None:
        """Cancel every queued (not yet started) request for a key other than ``key``."""
        with self._lock:
            for other, future in list(self._running.items()):
                if other != key and future.cancel():
                    del self._running[other]

    def _run(self, key: Hashable) -> T:
        try:
            with _joblib_context(self._joblib):
                result = self._compute(key)
        except BaseException:
            with self._lock:
                self._running.pop(key, None)
            raise
        with self._lock:
            self._done[key] = result
            if len(self._done) > self._size:
                self._done.popitem(last=False)
            self._running.pop(key, None)
        return result


class Throttle:
    """Call ``action`` at most once every ``interval`` seconds, and always once more after the
    last :meth:`__call__`: calls in between are folded into one trailing call on a timer, so
    the latest state always arrives (a live study's last trial shows).

    ``action`` runs on the calling thread when it may run at once, else on the timer's thread.
    """

    def __init__(self, action: Callable[[], None], interval: float) -> None:
        self._action = action
        self.interval = interval
        self._lock = threading.Lock()
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
        self._action()

    def _trailing(self) -> None:
        with self._lock:
            self._timer = None
            self._last = time.monotonic()
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
