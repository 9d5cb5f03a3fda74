"""Correlation of a parameter with the metric: Pearson's r on the parameter's scale,
Spearman's rank correlation on request, and per-value statistics of a categorical parameter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import Encoded

__all__ = ["CORRELATIONS", "check_correlation", "correlate", "pearson", "value_stats"]

CORRELATIONS = ("pearson", "spearman")


def check_correlation(method: str) -> str:
    """``method`` if it is one of :data:`CORRELATIONS`, else a ValueError naming them."""
    if method not in CORRELATIONS:
        raise ValueError(f"correlation must be one of {', '.join(CORRELATIONS)}, not {method!r}")
    return method


def correlate(encoded: Encoded, y: np.ndarray, method: str) -> float:
    """Pearson's r on the parameter's scale, or Spearman's rank correlation."""
    if method == "spearman" and encoded.numeric is not None:
        x = encoded.numeric
        ok = ~np.isnan(x)
        ranks = np.full(len(x), np.nan)
        ranks[ok] = pd.Series(x[ok]).rank(method="average").to_numpy()
        y_ranks = np.full(len(y), np.nan)
        y_ranks[ok] = pd.Series(y[ok]).rank(method="average").to_numpy()
        return pearson(ranks, y_ranks)
    return pearson(encoded.numeric, y)


def pearson(x: np.ndarray | None, y: np.ndarray) -> float:
    """Pearson's r over the runs where ``x`` is present; NaN when undefined."""
    if x is None:
        return np.nan
    ok = ~np.isnan(x)
    if ok.sum() < 3:
        return np.nan
    xc = x[ok] - x[ok].mean()
    yc = y[ok] - y[ok].mean()
    denominator = np.sqrt((xc @ xc) * (yc @ yc))
    if denominator == 0 or not np.isfinite(denominator):
        return np.nan
    return float(np.clip((xc @ yc) / denominator, -1.0, 1.0))


def value_stats(encoded: Encoded, y: np.ndarray) -> list[dict]:
    """Per-value count, mean metric and correlation of a categorical parameter."""
    if encoded.labels is None:
        return []
    labels = encoded.labels.to_numpy()
    stats = []
    for value, count in encoded.labels.value_counts(sort=True).items():
        mask = labels == value
        stats.append(
            {
                "value": value,
                "count": int(count),
                "mean": float(y[mask].mean()),
                "correlation": pearson(mask.astype(float), y),
            }
        )
    return stats
