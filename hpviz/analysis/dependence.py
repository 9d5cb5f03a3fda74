"""Parameters that move together: samplers such as TPE draw a parameter near the values that
did well, so as a study converges an irrelevant parameter drifts together with a relevant one
and takes part of its importance; shuffled copies, which break that link, do not model it.

**Rule.** Between every two numeric or boolean parameters (on log10 where ``scale`` is log),
Spearman's rank correlation over the runs (missing values at the middle rank; above
:data:`MAX_RUNS` runs, a fixed sample of that many). A parameter *moves with* the other
parameter of its strongest such correlation when ``|ρ| ≥ max(0.5, 4/√n)``: far beyond what
independent draws give (``|ρ|`` about ``1/√n``), so a random or grid search is never flagged.
Its importance and the other's may then be shared between them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import Encoded

__all__ = ["MIN_DEPENDENCE", "moves_with"]

MIN_DEPENDENCE = 0.5
MAX_RUNS = 10_000


def moves_with(encoded: list[Encoded], seed: int = 0) -> list[str]:
    """Per parameter, the name of the parameter it moves with, or ``""``."""
    found = [""] * len(encoded)
    columns = [i for i, e in enumerate(encoded) if e.numeric is not None]
    if len(columns) < 2:
        return found
    values = np.column_stack([encoded[i].numeric for i in columns])
    n = len(values)
    if n > MAX_RUNS:
        values = values[np.random.default_rng(seed).choice(n, MAX_RUNS, replace=False)]
        n = MAX_RUNS
    if n < 4:
        return found
    ranks = pd.DataFrame(values).rank().to_numpy()
    ranks = ranks - np.nanmean(ranks, axis=0)
    ranks[np.isnan(ranks)] = 0.0
    norms = np.sqrt((ranks**2).sum(axis=0))
    norms[norms == 0] = np.inf
    rho = (ranks.T @ ranks) / np.outer(norms, norms)
    np.fill_diagonal(rho, 0.0)
    threshold = max(MIN_DEPENDENCE, 4 / np.sqrt(n))
    for j, i in enumerate(columns):
        strongest = int(np.argmax(np.abs(rho[j])))
        if abs(rho[j, strongest]) >= threshold:
            found[i] = encoded[columns[strongest]].name
    return found
