"""Parameters that move together: samplers such as TPE draw a parameter near the values that
did well, so as a study converges an irrelevant parameter drifts together with a relevant one
and takes part of its importance; shuffled copies, which break that link, do not model it.

**Rule.** Between every two numeric or boolean parameters (on log10 where ``scale`` is log),
Spearman's rank correlation over the runs (missing values at the middle rank; above
:data:`MAX_RUNS` runs, a fixed sample of that many). A parameter *moves with* the other
parameter of its strongest such correlation when ``|ρ| ≥ max(0.5, 4/√n)``: far beyond what
independent draws give (``|ρ|`` about ``1/√n``), so a random or grid search is never flagged.
Its importance and the other's may then be shared between them.

**Borrowed importance.** An adaptive sampler links parameters in ways no rank correlation
shows: Optuna's TPE draws every parameter of a new trial from around one earlier good trial, so
an irrelevant ``data_seed`` that happened to be high in the good early trials stays high in the
converged ones, and a tree separates the bad early trials by it in one split where the
learning rate needs two. Shuffled copies cannot model that. So where the sampler was adaptive
(:func:`drifted`: some parameter's values in the last third of the rows differ from those in
the first third, a two-sample Kolmogorov–Smirnov test at ``p < 0.001`` over the number of
parameters; trackers list runs in the order they ran, or its reverse; a random search never
drifts; a grid walked in order, or any table sorted by a parameter, drifts without a sampler
adapting, :func:`designed_order`, and like a table sorted by the metric, :func:`sorted_by`,
says nothing of its sampler and is not checked), every parameter above the
noise floor is checked by leaving it out (:func:`borrowed`): a forest without it that predicts
the runs it did not see (out-of-bag R²) at least as well as the forest with every parameter
shows that the others carry whatever it seemed to explain. Such a parameter is not counted
above the floor; it *moves with* the parameter whose importance grows most when it is left
out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.encoding import Encoded
from hpviz.analysis.forest import forest_size, regressor, stack
from hpviz.ingest.evidence import full_grid

__all__ = ["MIN_DEPENDENCE", "borrowed", "designed_order", "drifted", "moves_with", "sorted_by"]

MIN_DEPENDENCE = 0.5
MAX_RUNS = 3_000
DRIFT_P = 1e-3  # a parameter's first and last thirds differ this surely: the sampler adapted
MIN_DRIFT_RUNS = 30  # fewer runs than this: thirds too small to tell
MAX_DRIFT_RUNS = 500  # runs compared per third, at most (evenly spaced through it)
SORTED = 0.99  # rank correlation of the metric with the row order: sorted by the metric
SORTED_BY_SETTING = 0.95  # … of a parameter (ties lower it): a table sorted by that parameter
CHECK_TREES = 30  # the check's forests on every run grow at least this many trees
MAX_CHECKED = 8  # parameters above the floor checked by leaving them out, most important first


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


def sorted_by(y: np.ndarray) -> bool:
    """Whether the runs are listed in the order of ``y`` (a table sorted by the metric, rank
    correlation with the row order of at least :data:`SORTED`): their drift then says nothing
    about the sampler, and a sorted table of a random search would drift in every parameter
    that matters."""
    if len(y) < MIN_DRIFT_RUNS:
        return False
    rho = np.corrcoef(np.arange(len(y)), pd.Series(y).rank().to_numpy())[0, 1]
    return bool(abs(rho) >= SORTED)


def designed_order(encoded: list[Encoded]) -> bool:
    """Whether the runs' order comes from a design rather than a sampler: the parameters form
    a complete (or nearly complete) grid (:func:`hpviz.ingest.evidence.full_grid`), or the
    table is sorted by one of them (rank correlation with the row order of at least
    :data:`SORTED_BY_SETTING`). A grid walked in order, or saved sorted, drifts in every parameter without
    any sampler adapting."""
    columns = [
        pd.Series(e.raw if e.raw is not None else e.labels, name=e.name)
        for e in encoded
        if e.raw is not None or e.labels is not None
    ]
    if full_grid(columns):
        return True
    for e in encoded:
        if e.raw is None or len(e.raw) < MIN_DRIFT_RUNS:
            continue
        values = pd.Series(e.raw)
        present = values.notna().to_numpy()
        if present.sum() < MIN_DRIFT_RUNS or values.nunique() < 2:
            continue
        order = np.arange(len(values))[present]
        rho = np.corrcoef(order, values[present].rank().to_numpy())[0, 1]
        if abs(rho) >= SORTED_BY_SETTING:
            return True
    return False


def drifted(encoded: list[Encoded]) -> str:
    """The first numeric or boolean parameter whose values in the last third of the rows differ
    from those in the first third (two-sample Kolmogorov–Smirnov, ``p <`` :data:`DRIFT_P`
    divided by the number of parameters tested, so that among thousands of parameters none
    drifts by chance), or ``""``: whether the runs come from a sampler that adapted as it went.
    """
    tested = [
        e
        for e in encoded
        if e.numeric is not None and e.matrix is not None and len(e.numeric) >= MIN_DRIFT_RUNS
    ]
    if not tested:
        return ""
    values = np.column_stack([e.numeric for e in tested])
    third = len(values) // 3
    step = max(1, third // MAX_DRIFT_RUNS)  # every step-th run of each third
    first, last = values[:third:step], values[len(values) - third :: step]
    enough = np.minimum((~np.isnan(first)).sum(axis=0), (~np.isnan(last)).sum(axis=0))
    p = ks_2samp(first, last, axis=0, method="asymp", nan_policy="omit").pvalue
    drifting = (enough >= MIN_DRIFT_RUNS // 3) & (p < DRIFT_P / len(tested))
    return tested[int(np.argmax(drifting))].name if drifting.any() else ""


def borrowed(
    encoded: list[Encoded],
    y: np.ndarray,
    candidates: list[str],
    seed: int,
    should_stop: ShouldStop = None,
) -> dict[str, str]:
    """Of ``candidates`` (names of ``encoded``, most important first; at most
    :data:`MAX_CHECKED` are checked), those whose importance the other parameters take over:
    a forest without the parameter predicts the runs it did not see (out-of-bag R²) at least as
    well as one with every parameter. Each maps to the parameter whose importance grows most
    when it is left out. The forests are sized as the importance forest is (at least
    :data:`CHECK_TREES` trees where each sees every run) and share their seed, so they differ
    only by the column."""
    fitted = [e for e in encoded if e.matrix is not None]
    if len(fitted) < 2:
        return {}
    trees, rows = forest_size(len(y))
    if rows == len(y):  # every tree a bootstrap of all runs: enough trees that each run is
        trees = max(trees, CHECK_TREES)  # out of bag in some (1 in 10⁶ is not, at 30)

    def fit(kept: list[Encoded]) -> tuple[float, dict[str, float]]:
        check_stop(should_stop)
        X, group_of = stack([e.matrix for e in kept])
        forest = regressor(trees, rows, len(y), seed, oob_score=True).fit(X, y)
        importances = np.bincount(group_of, weights=forest.feature_importances_)
        return forest.oob_score_, {e.name: float(v) for e, v in zip(kept, importances)}

    full_score, full_importance = fit(fitted)
    found = {}
    for name in candidates[:MAX_CHECKED]:
        kept = [e for e in fitted if e.name != name]
        if len(kept) == len(fitted):
            continue
        score, importance = fit(kept)
        if score >= full_score:
            gains = {other: importance[other] - full_importance[other] for other in importance}
            found[name] = max(gains, key=lambda other: gains[other])
    return found
