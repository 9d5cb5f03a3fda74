"""Rows that sum up the others (an "Avg" row under a table of results): not runs.

A table written by hand often ends with the mean of its runs, or starts with a total. Fitted as
a run, such a row is a run with average settings and an average metric: one more point where
there was none. A row is a summary when, in every column of numbers it has (at least
:data:`MIN_COLUMNS` of those that vary), its value is the mean, the median or the sum of the
other runs' values, to the precision it is written with (``0.700`` matches 0.6997), and when
that is beyond chance: no more than :data:`MAX_CHANCE` of real runs would lie that close to
those values in every one of those columns (the share of the other runs within that precision,
per column, multiplied; at least one run in ``n + 1`` per column). Only the first
:data:`HEAD` and the last :data:`TAIL` rows are asked, where such rows are written, and only in
tables of at most :data:`MAX_ROWS` rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

__all__ = ["leave_out_summaries"]

MIN_RUNS = 6  # runs in the table before a row can be told to sum up the others
MIN_COLUMNS = 3  # columns of numbers that vary, present in the row, all matching
MAX_CHANCE = 1e-3
HEAD, TAIL = 2, 3
MAX_ROWS = 1_000  # a table written by hand is shorter than this: longer ones are not asked
MOST = 2  # summary rows at most (a total and a mean, a mean and a median …)


def leave_out_summaries(
    frame: pd.DataFrame, numbers: Sequence[str], runs_word: str = "runs"
) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` without the rows that sum up the other runs (see the module), and a note for
    each, saying which row it was and what it matched."""
    n = len(frame)
    if not MIN_RUNS <= n <= MAX_ROWS or len(numbers) < MIN_COLUMNS:
        return frame, []
    # (sums of values near ±1.8e308 overflow, a column never set has no mean: no summary)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = _summaries(_Table(np.column_stack([_floats(frame[c]) for c in numbers])), n)
    if not found:
        return frame, []
    labels = frame.select_dtypes(exclude="number")
    notes = []
    for row, how in sorted(found.items()):
        label = next((str(v).strip() for v in labels.iloc[row] if _text(v)), "")
        named = f"Row {row + 1}" + (f" ({label})" if label else "")
        notes.append(
            f"{named} left out: in every column of numbers it has, it is the {how} of the other "
            f"{runs_word}, a summary rather than a run."
        )
    kept = np.ones(n, dtype=bool)
    kept[list(found)] = False
    return frame[kept].reset_index(drop=True), notes


def _summaries(table: _Table, n: int) -> dict[int, str]:
    """The most end rows (up to :data:`MOST`) that each sum up all the rest (a total row and a
    mean row are each one only without the other), with what each is."""
    ends = list(dict.fromkeys([*range(min(HEAD, n)), *range(max(n - TAIL, 0), n)]))
    for rows in (chosen for size in range(MOST, 0, -1) for chosen in combinations(ends, size)):
        hows = []
        for row in rows:
            if not (how := table.summary(row, rows)):
                break
            hows.append(how)
        else:
            return dict(zip(rows, hows, strict=True))
    return {}


class _Table:
    """The table's numbers, with what every check needs read once: each column's sum and
    count of values (the others' mean and sum are the table's less the rows left out) and
    its sorted values (the others' median lies among the few values around the middle)."""

    def __init__(self, values: np.ndarray):
        self.values = values
        seen = np.isfinite(values)
        self.seen = seen
        self.sums = np.where(seen, values, 0.0).sum(axis=0)
        self.counts = seen.sum(axis=0)
        self.ordered = np.sort(values, axis=0)  # (NaN last)
        self.varies = np.nanmax(values, axis=0) > np.nanmin(values, axis=0)

    def summary(self, row: int, left_out: tuple[int, ...]) -> str:
        """Which statistic of the runs but ``left_out`` row ``row`` is, beyond chance (``""``
        if none)."""
        written = self.values[row]
        present = np.isfinite(written) & self.varies
        if present.sum() < MIN_COLUMNS:
            return ""
        written = written[present]
        tolerance = np.array([_half_unit(v) for v in written]) + 1e-9 * np.abs(written)
        out = self.values[list(left_out)][:, present]
        sums = self.sums[present] - np.where(np.isfinite(out), out, 0.0).sum(axis=0)
        counts = self.counts[present] - np.isfinite(out).sum(axis=0)
        if (counts < 1).any():
            return ""

        def others() -> np.ndarray:
            return np.delete(self.values[:, present], list(left_out), axis=0)

        def close(target: np.ndarray) -> bool:
            return bool((np.abs(written - target) <= tolerance).all())

        # (the chance is the same whichever statistic matched)
        for how, target in (("mean", sums / counts), ("sum", sums)):
            if close(target):
                return how if _beyond_chance(others(), written, tolerance) else ""
        if self._near_middle(present, written, tolerance, counts):
            rest = others()
            if close(np.nanmedian(rest, axis=0)):
                return "median" if _beyond_chance(rest, written, tolerance) else ""
        return ""

    def _near_middle(self, present, written, tolerance, counts) -> bool:
        """Whether ``written`` lies among the values around each column's middle (where the
        median of the runs but a few is): a cheap check before the median itself."""
        ordered = self.ordered[:, present]
        middle = counts // 2
        low = ordered[np.maximum(middle - MOST - 1, 0), np.arange(len(middle))]
        high = ordered[
            np.minimum(middle + MOST + 1, self.counts[present] - 1), np.arange(len(middle))
        ]
        return bool(((written >= low - tolerance) & (written <= high + tolerance)).all())


def _beyond_chance(others: np.ndarray, written: np.ndarray, tolerance: np.ndarray) -> bool:
    """Whether so few of the ``others`` lie that close to ``written`` in every column (the
    share per column, at least one in ``n + 1``, multiplied) that no run would by chance."""
    seen = np.isfinite(others)
    near = (np.abs(others - written) <= tolerance) & seen
    shares = np.maximum(near.sum(axis=0), 1) / (seen.sum(axis=0) + 1)
    return float(np.prod(shares)) <= MAX_CHANCE


def _floats(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _half_unit(value: float) -> float:
    """Half a unit in the last decimal ``value`` is written with (its shortest form)."""
    text = np.format_float_positional(value, unique=True, trim="-")
    decimals = len(text.partition(".")[2])
    return 0.5 * 10.0**-decimals


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
