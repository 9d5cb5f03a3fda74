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
from scipy.special import kolmogorov
from scipy.stats import kruskal, kstwo, spearmanr

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.correlation import pearson
from hpviz.analysis.encoding import Encoded
from hpviz.analysis.forest import forest_size, grow, oob_predictions, oob_r2, stack
from hpviz.ingest.evidence import full_grid

__all__ = ["MIN_DEPENDENCE", "borrowed", "designed_order", "drifted", "moves_with", "sorted_by"]

MIN_DEPENDENCE = 0.5
MAX_RUNS = 3_000
BLOCK_CELLS = 1_000_000  # correlations computed at a time (8 MB): memory linear in parameters
DRIFT_P = 1e-3  # a parameter's first and last thirds differ this surely: the sampler adapted
MIN_DRIFT_RUNS = 30  # fewer runs than this: thirds too small to tell
MAX_DRIFT_RUNS = 500  # runs compared per third, at most (evenly spaced through it)
SORTED = 0.99  # rank correlation of the metric with the row order: sorted by the metric
SORTED_BY_SETTING = 0.95  # … of a parameter (ties lower it): a table sorted by that parameter
CHECK_TREES = 30  # the check's forests on every run grow this many trees
MAX_CHECKED = 8  # parameters above the floor checked by leaving them out, most important first
EXPLAINS_P = 0.1  # a parameter left out explains the residuals even this weakly: not borrowed


def moves_with(encoded: list[Encoded], seed: int = 0) -> list[str]:
    """Per parameter, the name of the parameter it moves with, or ``""``."""
    found = [""] * len(encoded)
    numeric = [(i, e.numeric) for i, e in enumerate(encoded) if e.numeric is not None]
    if len(numeric) < 2:
        return found
    columns = [i for i, _ in numeric]
    values = np.column_stack([v for _, v in numeric])
    n = len(values)
    if n > MAX_RUNS:
        values = values[np.random.default_rng(seed).choice(n, MAX_RUNS, replace=False)]
        n = MAX_RUNS
    if n < 4:
        return found
    ranks = pd.DataFrame(values).rank().to_numpy(dtype=float, copy=True)
    present = ~np.isnan(ranks)
    ranks[~present] = 0.0
    ranks -= ranks.sum(axis=0) / np.maximum(present.sum(axis=0), 1)  # (no warning when empty)
    ranks[~present] = 0.0  # missing values at the middle rank
    norms = np.sqrt((ranks**2).sum(axis=0))
    norms[norms == 0] = np.inf
    ranks /= norms  # unit columns: their dot products are the correlations
    threshold = max(MIN_DEPENDENCE, 4 / np.sqrt(n))
    k = len(columns)
    block = max(1, BLOCK_CELLS // k)  # rows of the k × k correlations held at a time
    for start in range(0, k, block):
        rho = ranks[:, start : start + block].T @ ranks
        rows = np.arange(rho.shape[0])
        rho[rows, start + rows] = 0.0  # a parameter does not move with itself
        strongest = np.argmax(np.abs(rho), axis=1)
        for j in np.flatnonzero(np.abs(rho[rows, strongest]) >= threshold):
            found[columns[start + j]] = encoded[columns[strongest[j]]].name
    return found


def sorted_by(y: np.ndarray) -> bool:
    """Whether the runs are listed in the order of ``y`` (a table sorted by the metric, rank
    correlation with the row order of at least :data:`SORTED`): their drift then says nothing
    about the sampler, and a sorted table of a random search would drift in every parameter
    that matters."""
    if len(y) < MIN_DRIFT_RUNS:
        return False
    rho = pearson(np.arange(len(y), dtype=float), pd.Series(y).rank().to_numpy())  # (ties: NaN)
    return bool(abs(rho) >= SORTED)


def designed_order(encoded: list[Encoded]) -> bool:
    """Whether the runs' order comes from a design rather than a sampler: the parameters form
    a complete (or nearly complete) grid (:func:`hpviz.ingest.evidence.full_grid`), or the
    table is sorted by one of them (rank correlation with the row order of at least
    :data:`SORTED_BY_SETTING`). A grid walked in order, or saved sorted, drifts in every parameter
    without
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
        step = max(1, len(e.raw) // (3 * MAX_DRIFT_RUNS))  # evenly spaced rows: a sorted
        values = pd.Series(e.raw[::step])  # table stays sorted in them, and ranks cost less
        present = values.notna().to_numpy()
        if present.sum() < MIN_DRIFT_RUNS or values.nunique() < 2:
            continue
        order = np.arange(len(values))[present]
        rho = pearson(order.astype(float), values[present].rank().to_numpy())
        if abs(rho) >= SORTED_BY_SETTING:
            return True
    return False


def drifted(encoded: list[Encoded], y: np.ndarray | None = None, metric: str = "") -> str:
    """The first numeric or boolean parameter whose values in the last third of the rows differ
    from those in the first sixth (at least 10 rows), in where they lie or in how far they
    spread around the last third's median (two two-sample Kolmogorov–Smirnov tests, ``p <``
    :data:`DRIFT_P` divided by the number of tests, so that among thousands of parameters none
    drifts by chance), else ``metric`` when ``y``, the metric, does (a sampler that adapts
    finds better runs as it goes), or ``""``: whether the runs come from a sampler that
    adapted as it went. An adaptive sampler (TPE) starts with a few random trials and then
    concentrates, so its first sixth is spread where its last third is not.
    """
    tested = [
        (e.name, e.numeric)
        for e in encoded
        if e.numeric is not None and e.matrix is not None and len(e.numeric) >= MIN_DRIFT_RUNS
    ]
    if y is not None and len(y) >= MIN_DRIFT_RUNS:
        tested.append((metric, np.asarray(y, dtype=float)))
    if not tested:
        return ""
    n = len(tested[0][1])
    third, early = n // 3, max(n // 6, MIN_DRIFT_RUNS // 3)
    step = max(1, third // MAX_DRIFT_RUNS)  # every step-th run of each part compared
    first = np.column_stack([numeric[:early:step] for _, numeric in tested])
    last = np.column_stack([numeric[n - third :: step] for _, numeric in tested])
    enough = np.minimum((~np.isnan(first)).sum(axis=0), (~np.isnan(last)).sum(axis=0))
    enough = np.flatnonzero(enough >= MIN_DRIFT_RUNS // 3)  # (scipy warns on fewer)
    if not enough.size:
        return ""
    first, last = first[:, enough], last[:, enough]
    centre = np.nanmedian(last, axis=0)
    threshold = DRIFT_P / (2 * len(tested))
    p = ks_pvalues(  # where the values lie, and how far they spread: both tests at once
        np.hstack([first, np.abs(first - centre)]),
        np.hstack([last, np.abs(last - centre)]),
        threshold,
    )
    drifting = np.minimum(*np.split(p, 2)) < threshold
    return tested[enough[int(np.argmax(drifting))]][0] if drifting.any() else ""


def _explains(encoded: Encoded, residual: np.ndarray) -> bool:
    """Whether ``encoded`` explains what a forest without it left unexplained: its values
    and the residuals of the runs that forest did not see go together (Spearman's rank
    correlation for a number, Kruskal–Wallis across the values of a category, ``p <``
    :data:`EXPLAINS_P`). A parameter that only rode along with another one does not: the
    other one explains those runs already. One with an effect of its own does, however small
    the forest's gain from it (``x1`` in ``10·(log10 lr + 3)² + 2·x1``, which a forest of 300
    runs predicts as well without)."""
    seen = ~np.isnan(residual)
    if encoded.numeric is not None:
        ok = seen & ~np.isnan(encoded.numeric)
        if ok.sum() < 4 or np.ptp(encoded.numeric[ok]) == 0 or np.ptp(residual[ok]) == 0:
            return False
        return bool(spearmanr(encoded.numeric[ok], residual[ok]).pvalue < EXPLAINS_P)
    if encoded.labels is None:
        return False
    labels = encoded.labels.to_numpy(dtype=object)[seen]
    groups = [residual[seen][labels == value] for value in pd.unique(labels)]
    groups = [g for g in groups if len(g) >= 2]
    if len(groups) < 2 or np.ptp(residual[seen]) == 0:
        return False
    return bool(kruskal(*groups).pvalue < EXPLAINS_P)


def ks_pvalues(first: np.ndarray, last: np.ndarray, threshold: float = 1.0) -> np.ndarray:
    """Per column, the p-value of the two-sided two-sample Kolmogorov–Smirnov test of
    ``first`` against ``last`` (NaN left out): what ``scipy.stats.ks_2samp(first, last, axis=0,
    method="asymp", nan_policy="omit")`` gives, without its cost per column (5 ms for a
    dozen columns of 10 runs, 6 s for 4 000 of 500). The statistic of every column at once
    from one sort; the p-value from the Kolmogorov distribution (``scipy.special.kolmogorov``),
    and, where that is within a hundredfold of ``threshold``, from scipy's exact
    distribution of the statistic (``scipy.stats.kstwo``), as scipy's own test does."""
    m = len(first)
    both = np.vstack([first, last])
    order = np.argsort(both, axis=0, kind="stable")  # NaN last
    values = np.take_along_axis(both, order, axis=0)
    valid = ~np.isnan(values)
    in_first = (order < m) & valid
    n_first, n_last = in_first.sum(axis=0), (valid & ~in_first).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.abs(
            np.cumsum(in_first, axis=0) / n_first - np.cumsum(valid & ~in_first, axis=0) / n_last
        )
    last_of_ties = valid & np.vstack([values[1:] != values[:-1], np.ones((1, both.shape[1]), bool)])
    d = np.where(last_of_ties, gap, 0.0).max(axis=0, initial=0.0)
    en = n_first * n_last / np.maximum(n_first + n_last, 1)
    p = kolmogorov(np.sqrt(en) * d)
    close = (p < 100 * threshold) & (en > 0)
    p[close] = kstwo.sf(d[close], np.round(en[close]))
    p[en == 0] = 1.0
    return p


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
    when it is left out. The forests are sized as the importance forest is (but
    :data:`CHECK_TREES` trees where each sees every run: enough to predict each run from the
    trees that did not see it, and half the cost of the 64 that small tables get for their
    importances) and share their seed, so they differ only by the column. A parameter that
    explains what the forest without it leaves unexplained (:func:`_explains`) is never
    borrowed."""
    fitted = [e for e in encoded if e.matrix is not None]
    if len(fitted) < 2:
        return {}
    trees, rows = forest_size(len(y))
    if rows == len(y):  # every tree a bootstrap of all runs: enough trees that each run is
        trees = CHECK_TREES  # out of bag in some (1 in 10⁶ is not, at 30), and no more

    def fit(kept: list[Encoded]) -> tuple[float, dict[str, float], np.ndarray]:
        check_stop(should_stop)
        X, group_of = stack([e.fitted for e in kept])
        forest = grow(trees, rows, X, y, seed)
        per_tree = np.mean([tree.feature_importances_ for tree in forest.estimators_], axis=0)
        importances = np.bincount(group_of, weights=per_tree)
        predicted = oob_predictions(forest, X, len(y))
        named = {e.name: float(v) for e, v in zip(kept, importances, strict=True)}
        return oob_r2(predicted, y), named, predicted

    full_score, full_importance, _ = fit(fitted)
    found = {}
    by_name = {e.name: e for e in fitted}
    for name in candidates[:MAX_CHECKED]:
        kept = [e for e in fitted if e.name != name]
        if len(kept) == len(fitted):
            continue
        score, importance, predicted = fit(kept)
        if score >= full_score and not _explains(by_name[name], y - predicted):
            gains = {other: importance[other] - full_importance[other] for other in importance}
            found[name] = max(gains, key=lambda other: gains[other])
    return found
