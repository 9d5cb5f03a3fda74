"""The random forest behind importance: its size, its importances, their intervals and the
noise floor (see :mod:`hpviz.analysis.table` for what each means)."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import RandomForestRegressor

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.encoding import Encoded

__all__ = [
    "MAX_TREES",
    "MIN_TREES",
    "forest_importance",
    "forest_size",
    "n_shuffled",
    "regressor",
    "stack",
]

INTERVAL = (5.0, 95.0)  # percentiles of the per-tree importances: a 90% interval
ROWS_PER_TREE = 3_000  # each tree's bootstrap sample: every run up to this many, then capped
TREE_ROWS = 30_000  # the forest's budget, trees × rows per tree (see forest_size)
MIN_TREES, MAX_TREES = 10, 64
N_SHUFFLED = 6  # shuffled copies in the forest, for the noise floor …
COPIES_PER = 10  # … or one per this many parameters, where that is more
STABLE_L1 = 0.02  # trees are added until the importances are expected to wobble less
ROUND = 10  # trees grown at a time, each round with freshly shuffled copies


def n_shuffled(n_params: int) -> int:
    """How many parameters enter the forest as shuffled copies: :data:`N_SHUFFLED`, or one in
    :data:`COPIES_PER` parameters where that is more (never more than there are)."""
    return min(n_params, max(N_SHUFFLED, -(-n_params // COPIES_PER)))


def forest_size(n_runs: int) -> tuple[int, int]:
    """How many trees the forest grows for ``n_runs`` runs, and how many runs each tree sees.

    Every run, up to :data:`ROWS_PER_TREE`; beyond that a fresh bootstrap sample of that many
    per tree. The trees share a budget of :data:`TREE_ROWS` rows (within :data:`MIN_TREES` …
    :data:`MAX_TREES`): small sweeps get many trees, big ones fewer, bigger trees. At a given
    cost, bigger trees agree better with a forest fitted on every run than more, smaller ones.
    """
    rows = max(1, min(n_runs, ROWS_PER_TREE))
    return int(np.clip(TREE_ROWS // rows, MIN_TREES, MAX_TREES)), rows


def regressor(trees: int, rows: int, n_runs: int, seed: int, **options) -> RandomForestRegressor:
    """The forest every fit of the analysis grows: ``trees`` trees, each on a bootstrap sample
    of ``rows`` of the ``n_runs`` runs (of all of them where ``rows`` is all), every parameter
    a candidate at each split, fitted through joblib (so ``joblib.parallel_config`` sends it
    to Dask, Ray …); ``options`` go to scikit-learn (``warm_start``, ``oob_score``)."""
    return RandomForestRegressor(
        n_estimators=trees,
        max_samples=rows if rows < n_runs else None,
        max_features=1.0,
        random_state=seed,
        n_jobs=-1,
        **options,
    )


def stack(blocks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The forest's input, the ``blocks`` side by side, and for each of its columns the index
    of the block it came from (to sum a parameter's columns' importances back to one)."""
    group_of = np.concatenate(
        [np.full(block.shape[1], index) for index, block in enumerate(blocks)]
    )
    return np.hstack(blocks), group_of


def forest_importance(
    encoded: list[Encoded], y: np.ndarray, seed: int, should_stop: ShouldStop = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Per-parameter importances (summing to 1, or all 0), their intervals and the noise floor.

    The parameters with the most distinct values (the ones an impurity importance favours
    most when they carry nothing) also enter the forest as copies whose rows are shuffled:
    :func:`n_shuffled` of them, more with more parameters, since the floor must stand for the
    luckiest of all the irrelevant parameters, and in each tree the luckiest of many shuffled
    copies is as lucky as the luckiest of as many real ones.
    The forest grows :data:`ROUND` trees at a time, with the copies shuffled afresh for each
    round, so the floor does not hang on one lucky shuffle. Importances of a parameter's
    columns are summed back to one number; the shuffled copies' importances give the noise
    floor. Every tree is fitted on a bootstrap resample of the runs, so the 5th–95th
    percentiles of a parameter's importance over the trees (scaled like the importance,
    clipped to 0..1 and always containing it) are its interval. ``should_stop`` is asked
    before each round; when it returns true, :class:`~hpviz.analysis.Cancelled` is raised.
    """
    rng = np.random.default_rng(seed)
    n = len(y)
    k = len(encoded)
    most_values = sorted(encoded, key=lambda e: -e.n_values)  # stable: ties in given order
    copied = [e.matrix for e in most_values[: n_shuffled(k)]]
    blocks = [e.matrix for e in encoded] + copied
    X, group_of = stack(blocks)
    real_columns = group_of < k

    planned, rows = forest_size(n)
    forest = regressor(0, rows, n, seed, warm_start=True)  # each round adds trees
    while True:
        check_stop(should_stop)
        X[:, ~real_columns] = np.hstack([matrix[rng.permutation(n)] for matrix in copied])
        forest.n_estimators = min(forest.n_estimators + ROUND, planned)
        forest.fit(X, y)
        if forest.n_estimators < planned:
            continue
        per_tree = np.array([tree.feature_importances_ for tree in forest.estimators_])
        grouped = np.zeros((per_tree.shape[0], len(blocks)))
        np.add.at(grouped.T, group_of, per_tree.T)
        real, shuffled = grouped[:, :k], grouped[:, k:]
        total = real.mean(axis=0).sum()
        if total <= 0 or planned >= MAX_TREES or _wobble(real / total) <= STABLE_L1:
            break
        planned = min(planned + ROUND, MAX_TREES)  # a noisy metric: grow more trees

    if total <= 0:
        return np.zeros(k), np.zeros(k), np.zeros(k), 0.0
    mean_real = real.mean(axis=0)
    floor = shuffled.max(axis=1).mean()
    importance = mean_real / total
    low, high = np.percentile(real / total, INTERVAL, axis=0)
    low = np.clip(np.minimum(low, importance), 0.0, 1.0)
    high = np.clip(np.maximum(high, importance), 0.0, 1.0)
    return importance, low, high, floor / total


def _wobble(per_tree: np.ndarray) -> float:
    """How far (L1) the mean of these per-tree importances is expected to be from the mean of
    infinitely many such trees: the sum of the standard errors, times E|Z| = √(2/π)."""
    standard_errors = per_tree.std(axis=0, ddof=1) / np.sqrt(len(per_tree))
    return float(np.sqrt(2 / np.pi) * standard_errors.sum())
