"""The shape of a numeric parameter's effect, where its best runs sit, and a sparkline.

For each numeric parameter, over the runs where it is present (on log10 where ``scale`` is
``log``):

* **Bins.** One bin per distinct value when there are at most :data:`MAX_BINS`; else
  equal-count bins, ``runs // 10`` of them, between 3 and :data:`MAX_BINS`.
* **Shape**, said by what is better for the goal (the sparkline draws better up, so the label
  and the drawing agree). The metric's ranks (oriented so that lower is better for the goal)
  are compared across the bins by a Kruskal–Wallis test. When p < :data:`FLAT_P`:
  ``best in the middle`` when the best bin (lowest mean rank) is an inner one and both end
  bins are worse than it by at least :data:`PEAK_MARGIN` of the spread between the best and
  worst bins' mean ranks (the best values lie inside the range); otherwise ``higher is
  better`` or ``lower is better``, by the sign of the rank correlation between the bins' order
  and their goodness. When the bins do not differ that clearly, a steady trend still counts:
  Spearman's test of the runs' goodness against the parameter (p < :data:`FLAT_P`), or the
  parameter's correlation with the metric when its 90% interval excludes 0 (``direction``),
  gives ``higher is better`` or ``lower is better``: a parameter with an established
  correlation is never said to have no shape. Else ``no clear shape`` — not "flat": a test
  that finds nothing in a few dozen runs has not shown that nothing is there.
* **Best range** (``best_low``, ``best_high``): the 10th and 90th percentiles of the parameter
  over the best runs — the best 10% by the goal, at least :data:`MIN_BEST` — in the parameter's
  units; NaN when there is ``no clear shape`` (the best runs sit anywhere).
* **Profile**: per bin, the bin's median parameter value ``x`` and median metric ``y`` (at most
  :data:`MAX_BINS` points): the data of a sparkline.

Above :data:`MAX_RUNS` runs, a fixed sample of that many (the same seed, the same sample).
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.special import chdtrc, stdtr
from scipy.stats import rankdata

from hpviz.analysis.correlation import pearson
from hpviz.analysis.target import safe_median

__all__ = ["FLAT_P", "MAX_BINS", "NO_SHAPE", "SHAPES", "effect_shape"]

MAX_BINS = 8
FLAT_P = 0.01
PEAK_MARGIN = 0.25
BEST_FRACTION = 0.1
MIN_BEST = 5
MAX_RUNS = 3_000
BEST_INSIDE, HIGHER, LOWER, NO_SHAPE = (
    "best in the middle",
    "higher is better",
    "lower is better",
    "no clear shape",
)
SHAPES = (BEST_INSIDE, HIGHER, LOWER, NO_SHAPE)
"""The shapes a numeric parameter's effect can have ("" for other parameters)."""


def effect_shape(
    values: np.ndarray | None,
    log: bool,
    metric: np.ndarray,
    goal: str,
    seed: int = 0,
    direction: int = 0,
) -> dict:
    """``shape``, ``best_low``, ``best_high`` and ``profile`` of one numeric parameter
    (``values`` in its own units, NaN where missing); empty fields for anything else.
    ``direction`` is the sign of the parameter's correlation with the metric when its 90%
    interval excludes 0, else 0."""
    empty = {"shape": "", "best_low": np.nan, "best_high": np.nan, "profile": []}
    if values is None:
        return empty
    present = ~np.isnan(values)
    x, y = values[present], metric[present]
    if len(x) > MAX_RUNS:
        chosen = _sample(len(x), seed)
        x, y = x[chosen], y[chosen]
    if len(x) < 3 or x.min() == x.max():  # (no NaN here: fewer than 2 distinct values)
        return empty
    axis = np.log10(x) if log else x
    order, bins = _bins(axis)
    if len(bins) < 2:
        return empty
    ranks, correction = _ranked(np.ascontiguousarray(y, dtype=float).tobytes())
    badness = ranks if goal == "minimize" else len(y) + 1 - ranks
    profile = _profile(x, y, bins)
    scores = np.array([badness[b].mean() for b in bins])
    if _kruskal_wallis(badness, bins, correction, scores) < FLAT_P:
        best = int(np.argmin(scores))
        spread = scores.max() - scores.min()
        inner = 0 < best < len(scores) - 1
        if inner and min(scores[0], scores[-1]) - scores[best] >= PEAK_MARGIN * spread:
            shape = BEST_INSIDE
        else:  # the goodness' trend over the bins, by rank correlation
            trend = pearson(np.arange(len(bins), dtype=float), rankdata(scores))  # (ties: NaN)
            shape = LOWER if trend > 0 else HIGHER
    else:
        rho, p = _spearman_of_ranks(_ranks_in(axis, order), badness)
        if p < FLAT_P:
            shape = LOWER if rho > 0 else HIGHER
        elif direction:  # an established correlation: higher metric is worse when minimised
            worse_when_higher = (direction > 0) == (goal == "minimize")
            shape = LOWER if worse_when_higher else HIGHER
        else:
            return {**empty, "shape": NO_SHAPE, "profile": profile}

    n_best = min(len(y), max(MIN_BEST, int(np.ceil(BEST_FRACTION * len(y)))))
    top = np.argsort(badness, kind="stable")[:n_best]
    with np.errstate(over="ignore", invalid="ignore"):  # values near ±1.8e308
        low, high = np.percentile(axis[top], [10, 90])
    if log:
        low, high = 10.0**low, 10.0**high
    return {"shape": shape, "best_low": float(low), "best_high": float(high), "profile": profile}


def _profile(x: np.ndarray, y: np.ndarray, bins: list[np.ndarray]) -> list[dict]:
    """Each bin's median parameter value and median metric. A bin lists its runs in the
    parameter's order (:func:`_bins`), so its median value is read off the middle."""
    with np.errstate(over="ignore", invalid="ignore"):
        points = [
            ((x[b[(len(b) - 1) // 2]] + x[b[len(b) // 2]]) / 2, np.median(y[b])) for b in bins
        ]
    return [
        {
            "x": float(px) if np.isfinite(px) else safe_median(x[b]),
            "y": float(py) if np.isfinite(py) else safe_median(y[b]),
        }
        for (px, py), b in zip(points, bins, strict=True)
    ]


@functools.lru_cache(maxsize=8)
def _sample(n: int, seed: int) -> np.ndarray:
    """The fixed sample of :data:`MAX_RUNS` of ``n`` runs (the same for every parameter
    present in all of them: drawn once)."""
    chosen = np.random.default_rng(seed).choice(n, MAX_RUNS, replace=False)
    chosen.flags.writeable = False  # shared between calls
    return chosen


def _ranks_in(axis: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``scipy.stats.rankdata(axis)`` (ties averaged) from ``order``, a stable argsort of
    ``axis`` (:func:`_bins` has sorted it already): the same numbers, without sorting again."""
    ordered = axis[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    counts = np.diff(starts, append=len(axis))
    ranks = np.empty(len(axis))
    ranks[order] = np.repeat(starts + (counts + 1) / 2, counts)
    return ranks


@functools.lru_cache(maxsize=8)
def _ranked(metric: bytes) -> tuple[np.ndarray, float]:
    """The metric's ranks (ties averaged) and the Kruskal–Wallis correction for its ties:
    computed once for all the parameters that see the same runs (keyed by the values)."""
    ranks = rankdata(np.frombuffer(metric))
    ranks.flags.writeable = False  # shared between calls
    n = len(ranks)
    _, tied = np.unique(ranks, return_counts=True)
    return ranks, float(1.0 - np.sum(tied**3 - tied) / (n**3 - n))


def _spearman(axis: np.ndarray, ranks: np.ndarray) -> tuple[float, float]:
    """Spearman's rho between the parameter and ``ranks`` (already ranks, ties averaged) and
    its two-sided p-value by the t approximation (what ``scipy.stats.spearmanr`` does, without
    ranking the metric again); (0, 1) when either side is constant."""
    return _spearman_of_ranks(rankdata(axis), ranks)


def _spearman_of_ranks(axis_ranks: np.ndarray, ranks: np.ndarray) -> tuple[float, float]:
    """:func:`_spearman` of the parameter's ranks ``axis_ranks`` (ties averaged)."""
    n = len(ranks)
    x = axis_ranks - (n + 1) / 2
    y = ranks - (n + 1) / 2
    denominator = np.sqrt(np.dot(x, x) * np.dot(y, y))
    if n < 3 or denominator == 0:
        return 0.0, 1.0
    rho = float(np.clip(np.dot(x, y) / denominator, -1.0, 1.0))
    if abs(rho) == 1.0:
        return rho, 0.0
    statistic = rho * np.sqrt((n - 2) / (1 - rho**2))
    return rho, float(2 * stdtr(n - 2, -abs(statistic)))  # (scipy.stats.t.sf, without its checks)


def _kruskal_wallis(
    ranks: np.ndarray, bins: list[np.ndarray], correction: float, means: np.ndarray | None = None
) -> float:
    """The p-value of the Kruskal–Wallis H test of ``ranks`` (ties averaged) across ``bins``,
    with ``correction`` for ties (see :func:`_ranked`); 1 when every value is tied. ``means``:
    each bin's mean rank, where computed already."""
    n = len(ranks)
    counts = np.array([len(b) for b in bins])
    if means is None:
        means = np.array([ranks[b].mean() for b in bins])
    h = 12.0 / (n * (n + 1)) * np.sum(counts * (means - (n + 1) / 2) ** 2)
    if correction <= 0:
        return 1.0
    return float(chdtrc(len(bins) - 1, h / correction))  # (scipy.stats.chi2.sf, unchecked)


def _bins(axis: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The runs in the order of the parameter (a stable argsort), and the indices of the runs
    in each bin, in that order."""
    order = np.argsort(axis, kind="stable")
    starts = np.flatnonzero(np.diff(axis[order])) + 1  # where a new value begins
    if starts.size + 1 <= MAX_BINS:  # one bin per value
        return order, np.split(order, starts)
    n_bins = int(np.clip(len(axis) // 10, 3, MAX_BINS))
    return order, [chunk for chunk in np.array_split(order, n_bins) if chunk.size]
