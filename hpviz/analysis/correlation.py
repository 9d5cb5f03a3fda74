"""Correlation of a parameter with the metric: Pearson's r on the parameter's scale,
Spearman's rank correlation on request, each with a 90% interval, and per-value statistics of a
categorical parameter.

**Interval.** Fisher's z: ``atanh(r) ± 1.645·se`` mapped back with ``tanh``, where
``se = 1/√(n−3)`` for Pearson's r (and for the per-value r of a categorical, a point-biserial
Pearson r) and ``√(1.06/(n−3))`` for Spearman's ρ (Fieller, Hartley and Pearson, 1957); ``n``
is the number of runs the r is computed over. Undefined (NaN) with fewer than 4 runs.

A categorical's per-value intervals hold *together*: with ``k`` values listed, each is a
``1 − 0.10/k`` interval (Bonferroni), so that with no effect at all, some value shows a
direction in at most one sweep in ten. Each at 90% on its own, a categorical of 20 values
showed one in 9 of 10 sweeps of pure noise.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from scipy.stats import norm

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.encoding import Encoded

__all__ = [
    "CORRELATIONS",
    "MAX_LISTED_VALUES",
    "OTHERS_LABEL",
    "check_correlation",
    "correlate",
    "correlation_interval",
    "pearson",
    "value_stats",
]

CORRELATIONS = ("pearson", "spearman")
MAX_LISTED_VALUES = 20
"""Most values of a categorical listed with their statistics (the most frequent); the rest are
summed up in one ``(others)`` entry."""
OTHERS_LABEL = "(others)"


def check_correlation(method: str) -> str:
    """``method`` if it is one of :data:`CORRELATIONS`, else a ValueError naming them."""
    if method not in CORRELATIONS:
        raise ValueError(f"correlation must be one of {', '.join(CORRELATIONS)}, not {method!r}")
    return method


def correlate(encoded: Encoded, y: np.ndarray, method: str) -> tuple[float, float, float]:
    """Pearson's r on the parameter's scale, or Spearman's rank correlation, with its 90%
    interval: ``(r, low, high)``."""
    x = encoded.numeric
    if x is None:
        return np.nan, np.nan, np.nan
    ok = ~np.isnan(x)
    if method == "spearman":
        ranks = np.full(len(x), np.nan)
        ranks[ok] = pd.Series(x[ok]).rank(method="average").to_numpy()
        y_ranks = np.full(len(y), np.nan)
        y_ranks[ok] = pd.Series(y[ok]).rank(method="average").to_numpy()
        r = pearson(ranks, y_ranks)
    else:
        r = pearson(x, y)
    return (r, *correlation_interval(r, int(ok.sum()), spearman=method == "spearman"))


def correlation_interval(
    r: float, n: int, *, spearman: bool = False, together: int = 1
) -> tuple[float, float]:
    """The 90% interval of a correlation ``r`` over ``n`` runs, by Fisher's z (see the module);
    with ``together=k``, one of ``k`` intervals that hold together with 90% (each at
    ``1 − 0.10/k``)."""
    if n < 4 or not np.isfinite(r):
        return np.nan, np.nan
    if abs(r) >= 1.0:
        return float(r), float(r)
    se = np.sqrt((1.06 if spearman else 1.0) / (n - 3))
    z = np.arctanh(r)
    width = _z(max(together, 1)) * se  # 1.645 · se alone: a 90% interval
    return float(np.tanh(z - width)), float(np.tanh(z + width))


@functools.lru_cache(maxsize=256)
def _z(together: int) -> float:
    """The normal quantile of a two-sided 90% interval, one of ``together`` (Bonferroni)."""
    return float(norm.ppf(1 - 0.05 / together))


def pearson(x: np.ndarray | None, y: np.ndarray) -> float:
    """Pearson's r over the runs where ``x`` is present; NaN when undefined. Both sides are
    centred, then scaled to at most 1 in magnitude, so the sums of squares neither overflow nor
    underflow whatever the units."""
    if x is None:
        return np.nan
    ok = ~np.isnan(x)
    if ok.sum() < 3:
        return np.nan
    xc = _unit(x[ok] - x[ok].mean())
    yc = _unit(y[ok] - y[ok].mean())
    if xc is None or yc is None:
        return np.nan
    denominator = np.sqrt((xc @ xc) * (yc @ yc))
    if denominator == 0 or not np.isfinite(denominator):
        return np.nan
    return float(np.clip((xc @ yc) / denominator, -1.0, 1.0))


def _unit(centred: np.ndarray) -> np.ndarray | None:
    largest = np.abs(centred).max()
    if not np.isfinite(largest):
        return None
    return centred / largest if largest > 0 else centred


def value_stats(
    encoded: Encoded,
    y: np.ndarray,
    metric: np.ndarray,
    *,
    active: np.ndarray | None = None,
    should_stop: ShouldStop = None,
) -> list[dict]:
    """Per-value count, mean metric and correlation (with an interval; the values' intervals
    hold together with 90%, see the module) of a categorical
    parameter: the :data:`MAX_LISTED_VALUES` most frequent values (ties in order of first
    appearance), then one ``(others)`` entry for the rest, with ``others`` the number of values
    it sums up. ``y`` is the target correlations are computed on, ``metric`` the metric itself
    (for the means); ``active`` restricts everything to those runs (a conditional parameter).

    Linear in the runs: the labels are grouped once, and each value's r is the point-biserial
    form of Pearson's r, ``(ȳ_v − ȳ)/σ_y · √(p/(1−p))`` with ``p`` the value's share of runs."""
    if encoded.labels is None:
        return []
    check_stop(should_stop)
    labels = encoded.labels.to_numpy(dtype=object)
    if active is not None:
        labels, y, metric = labels[active], y[active], metric[active]
    n = len(labels)
    if n == 0:
        return []
    codes, uniques = pd.factorize(labels, use_na_sentinel=False)
    counts = np.bincount(codes, minlength=len(uniques))
    centred = y - y.mean()
    sd = np.sqrt(np.mean(centred**2))
    sums = np.bincount(codes, weights=centred, minlength=len(uniques))
    order = np.argsort(-counts, kind="stable")
    listed, rest = order[:MAX_LISTED_VALUES], order[MAX_LISTED_VALUES:]
    largest = np.abs(metric).max()
    unit = largest if largest > 0 and np.isfinite(largest) else 1.0
    totals = np.bincount(codes, weights=metric / unit, minlength=len(uniques))  # no overflow
    entries = len(listed) + bool(len(rest))
    together = entries if entries > 2 else 1  # two values are one comparison
    stats = [
        _value_entry(
            uniques[i], int(counts[i]), sums[i], sd, n, totals[i] / counts[i] * unit, together
        )
        for i in listed
    ]
    if len(rest):
        count = int(counts[rest].sum())
        mean = totals[rest].sum() / count * unit
        entry = _value_entry(OTHERS_LABEL, count, sums[rest].sum(), sd, n, mean, together)
        entry["others"] = len(rest)
        stats.append(entry)
    return stats


def _value_entry(
    value: str, count: int, centred_sum: float, sd: float, n: int, mean: float, together: int
):
    """One value's statistics; ``centred_sum`` is the sum of the target minus its mean over the
    value's runs; its interval is one of ``together`` that hold together."""
    p = count / n
    if n < 3 or sd == 0 or p in (0.0, 1.0):
        r = np.nan
    else:
        r = float(np.clip(centred_sum / count / sd * np.sqrt(p / (1 - p)), -1.0, 1.0))
    low, high = correlation_interval(r, n, together=together)
    return {
        "value": value,
        "count": count,
        "mean": float(mean),
        "correlation": r,
        "correlation_low": low,
        "correlation_high": high,
    }
