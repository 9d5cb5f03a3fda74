"""The leakage guard: a parameter that alone explains nearly all of the metric.

A column that is a result rather than a setting (a second score beside the metric, a rank
computed from it, a count the run produced) can reach the parameters however carefully the
roles are read: the source may declare it a setting, or the user may. It then takes nearly all
of the importance. The guard names each such parameter: one whose importance is near 1 with
``|r| ≥`` :data:`STRONG_R`, or whose values are a near-monotone function of the metric
(``|Spearman ρ| ≥`` :data:`MONOTONE`), when there are other parameters to compare it with. The
sentence goes to the notes and the warnings, and an action (*Leave out*) beside it, as the
note-actions contract has it: ``{"note", "label", "message"}``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hpviz.analysis.correlation import pearson
from hpviz.analysis.encoding import Encoded

__all__ = ["MONOTONE", "NEAR_ONE", "STRONG_R", "leaks"]

MONOTONE = 0.97
"""|Spearman ρ| with the metric from which a parameter is a near-monotone function of it."""
NEAR_ONE = 0.9
"""Importance from which a parameter explains nearly all of the metric …"""
STRONG_R = 0.95
"""… when its |r| is at least this."""
MIN_RUNS = 8
MAX_RUNS = 2000  # ρ read from at most this many runs, evenly spread


def leaks(
    encoded: list[Encoded], y: np.ndarray, table: pd.DataFrame, metric: str
) -> list[tuple[str, dict]]:
    """Each parameter that tracks ``metric`` almost exactly, as (sentence, action)."""
    fitted = [e for e in encoded if e.matrix is not None]
    if len(fitted) < 2 or len(y) < MIN_RUNS:
        return []
    importance = dict(zip(table["parameter"], table["importance"], strict=True))
    r = dict(zip(table["parameter"], table["correlation"], strict=True))
    found = []
    rows = None if len(y) <= MAX_RUNS else np.linspace(0, len(y) - 1, MAX_RUNS).astype(int)
    y = y if rows is None else y[rows]
    for e in fitted:
        if e.numeric is None or e.kind == "boolean":
            continue
        if abs(r.get(e.name, 0.0)) < 0.5 and importance.get(e.name, 0.0) < 0.5:
            continue  # neither strongly linear nor dominant: no near-monotone function either
        x = np.asarray(e.numeric, dtype=float)
        x = x if rows is None else x[rows]
        both = ~np.isnan(x) & np.isfinite(y)
        if both.sum() < MIN_RUNS or np.nanstd(x[both]) == 0:
            continue
        ranks = pd.Series(x[both]).rank().to_numpy()
        rho = pearson(ranks, pd.Series(y[both]).rank().to_numpy())  # (a constant metric: NaN)
        if np.isnan(rho):
            continue
        strong = importance.get(e.name, 0.0) >= NEAR_ONE and abs(r.get(e.name, 0.0)) >= STRONG_R
        if abs(rho) < MONOTONE and not strong:
            continue
        note = (
            f"{e.name} tracks {metric} almost exactly (ρ = {rho:.2f}): "
            "a result rather than a setting?"
        )
        action = {
            "note": note,
            "label": "Leave out",
            "message": {"type": "set_role", "column": e.name, "role": "ignored"},
        }
        found.append((note, action))
    return found
