"""Cooperative cancellation: long fits ask a callback, between rounds of work, whether to stop."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Cancelled", "ShouldStop", "check_stop"]

ShouldStop = Callable[[], bool] | None


class Cancelled(Exception):
    """Raised by :func:`hpviz.analysis.analyse` when its ``should_stop`` callback said stop:
    the caller no longer wants this result (a newer request superseded it)."""


def check_stop(should_stop: ShouldStop) -> None:
    """Raise :class:`Cancelled` if ``should_stop`` is given and returns true."""
    if should_stop is not None and should_stop():
        raise Cancelled("analysis cancelled: should_stop() returned true")
