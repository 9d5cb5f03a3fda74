"""The random forest behind importance: its size, its importances, their intervals and the
noise floor (see :mod:`hpviz.analysis.table` for what each means)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial

import joblib
import numpy as np
from sklearn.ensemble import RandomForestRegressor
from sklearn.tree import DecisionTreeRegressor
from sklearn.utils import check_random_state

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.encoding import Encoded

__all__ = [
    "MAX_TREES",
    "MIN_TREES",
    "across_range",
    "forest_importance",
    "forest_size",
    "grow",
    "n_shuffled",
    "on_every_core",
    "oob_predictions",
    "oob_r2",
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
ONE_JOB_CELLS = 5_000  # a tree's runs × columns up to this: grown on one thread (see regressor)


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


class _Forest(RandomForestRegressor):
    """scikit-learn's random forest, its trees made without cloning a template tree.

    A forest clones its template for every tree and sets each one's seed by walking its
    parameters: about 0.4 ms a tree, more than growing a tree of 50 runs takes. The trees
    made here have the same parameters and draw the same seeds from the forest's generator,
    so the forest is the same one."""

    def _make_estimator(self, append=True, random_state=None):
        params = {name: getattr(self, name) for name in self.estimator_params}
        if random_state is not None:
            params["random_state"] = check_random_state(random_state).randint(
                np.iinfo(np.int32).max
            )
        tree = DecisionTreeRegressor(**params)
        if append:
            self.estimators_.append(tree)
        return tree


class _DirectForest:
    """The trees :class:`_Forest` grows with ``warm_start``, grown directly: on this thread,
    or (``threads`` > 1) on a pool of that many threads kept for the session.

    scikit-learn's own bookkeeping per tree (checking the input again, wrapping each tree in a
    joblib call, drawing its bootstrap sample through the checks of a public API) takes
    longer than growing a small tree: at 50 runs, half the forest's time; for big trees its
    thread pool, made afresh for every fit, and its batches cost 10–40 ms a fit at 10 000
    runs. This grows the same trees (the same seeds drawn from the same generator, the same
    bootstrap samples, scikit-learn's own tree-growing code, which lets other threads run;
    ``test_forest`` checks that the importances are the same) on the checked input, once per
    call to :meth:`fit`."""

    def __init__(self, rows: int, n_runs: int, seed: int, threads: int = 1):
        self.n_estimators = 0
        self.estimators_: list[DecisionTreeRegressor] = []
        self.estimators_samples_: list[np.ndarray] = []
        self._rows = min(n_runs, rows)
        self._seed = seed
        self._threads = threads
        self._seeds = np.random.RandomState(seed)  # scikit-learn's per-tree seeds, in order
        self._draws = np.random.RandomState(seed)  # each tree's bootstrap sample in turn

    def fit(self, X: np.ndarray, y: np.ndarray) -> _DirectForest:
        seeds = self._seeds
        seeds.seed(self._seed)  # (re-seeding a generator: 1 µs; making one: 90 µs)
        seeds.randint(np.iinfo(np.int32).max, size=len(self.estimators_))  # (those used)
        inputs = np.asarray(X, dtype=np.float32)
        target = np.ascontiguousarray(np.asarray(y, dtype=np.float64).reshape(-1, 1))
        template = DecisionTreeRegressor(max_features=1.0)
        missing = template._compute_missing_values_in_feature_mask(inputs)
        n = len(inputs)
        planned: list[
            tuple[int, np.ndarray]
        ] = []  # (seed, bootstrap sample) of each tree to grow, in scikit-learn's order
        while len(self.estimators_) + len(planned) < self.n_estimators:
            tree_seed = seeds.randint(np.iinfo(np.int32).max)
            self._draws.seed(tree_seed)
            planned.append((tree_seed, self._draws.randint(0, n, self._rows, dtype=np.int32)))

        def grown(plan: tuple[int, np.ndarray]) -> DecisionTreeRegressor:
            tree_seed, in_bag = plan
            draws = _thread_draws()  # the tree draws from its seed afresh, as scikit-learn's
            draws.seed(tree_seed)
            tree = DecisionTreeRegressor(max_features=1.0, random_state=draws)
            tree._fit(
                inputs,
                target,
                sample_weight=np.bincount(in_bag, minlength=n).astype(np.float64),
                check_input=False,
                missing_values_in_feature_mask=missing,
            )
            return tree

        if self._threads > 1 and len(planned) > 1:
            trees = list(_tree_pool(self._threads).map(grown, planned))
        else:
            trees = [grown(plan) for plan in planned]
        self.estimators_ += trees
        self.estimators_samples_ += [in_bag for _, in_bag in planned]
        return self


_per_thread = threading.local()


def _thread_draws() -> np.random.RandomState:
    """A generator for the trees grown on this thread, re-seeded for each (making one costs
    90 µs, more than growing a tree of 50 runs; re-seeding one 1 µs)."""
    draws = getattr(_per_thread, "draws", None)
    if draws is None:
        draws = _per_thread.draws = np.random.RandomState()
    return draws


@cache
def _tree_pool(threads: int) -> ThreadPoolExecutor:
    """The threads big trees grow on, made once (idle threads cost nothing)."""
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hpviz-trees")


def regressor(
    trees: int, rows: int, n_runs: int, seed: int, columns: int = ONE_JOB_CELLS, **options
) -> RandomForestRegressor:
    """The forest every fit of the analysis grows: ``trees`` trees, each on a bootstrap sample
    of ``rows`` of the ``n_runs`` runs (of all of them where ``rows`` is all), every parameter
    a candidate at each split, fitted through joblib: where ``joblib.parallel_config`` sends
    it (Dask, Ray …), else on every core, except where a tree's runs × ``columns`` are at most
    :data:`ONE_JOB_CELLS`: such trees take a millisecond each, less than handing them to other
    cores costs, so they grow on this thread; ``options`` go to scikit-learn (``warm_start``,
    ``oob_score``). Without a joblib configuration the analysis grows the same trees itself
    (:func:`_direct`)."""
    return _Forest(
        n_estimators=trees,
        max_samples=rows if rows < n_runs else None,
        max_features=1.0,
        random_state=seed,
        n_jobs=-1 if _every_core(rows, n_runs, columns) or _joblib_configured() else 1,
        **options,
    )


def on_every_core(encoded: list[Encoded], n_runs: int) -> bool:
    """Whether :func:`forest_importance` grows its trees on every core (or where joblib was
    configured to send them) for these parameters and runs, rather than on the calling
    thread."""
    _, rows = forest_size(n_runs)
    copied = sorted(encoded, key=lambda e: -e.n_values)[: n_shuffled(len(encoded))]
    columns = sum(e.matrix.shape[1] for e in [*encoded, *copied] if e.matrix is not None)
    return _every_core(rows, n_runs, columns) or _joblib_configured()


def _every_core(rows: int, n_runs: int, columns: int) -> bool:
    """Whether trees on ``rows`` of ``n_runs`` runs and ``columns`` columns are big enough to
    grow on every core (see :data:`ONE_JOB_CELLS`)."""
    return min(rows, n_runs) * columns > ONE_JOB_CELLS


def _direct(
    rows: int, n_runs: int, seed: int, columns: int
) -> RandomForestRegressor | _DirectForest:
    """An empty forest (add trees with ``n_estimators``, then ``fit``) as :func:`regressor`
    makes it with ``warm_start``: through joblib where a ``joblib.parallel_config`` is in
    force, else grown directly (:class:`_DirectForest`), on every core where the trees are
    big (:func:`_every_core`), on this thread where they are small."""
    if _joblib_configured():
        return regressor(0, rows, n_runs, seed, columns, warm_start=True)
    threads = joblib.cpu_count() if _every_core(rows, n_runs, columns) else 1
    return _DirectForest(rows, n_runs, seed, threads)


def grow(
    trees: int, rows: int, X: np.ndarray, y: np.ndarray, seed: int
) -> RandomForestRegressor | _DirectForest:
    """A forest of ``trees`` trees on ``X`` and ``y`` as :func:`regressor` makes it (see
    :func:`_direct`)."""
    forest = _direct(rows, len(y), seed, X.shape[1])
    forest.n_estimators = trees
    return forest.fit(X, y)


def oob_predictions(
    forest: RandomForestRegressor | _DirectForest, X: np.ndarray, n: int
) -> np.ndarray:
    """Each run predicted by the trees that did not see it (NaN for a run every tree saw)."""
    inputs = np.ascontiguousarray(X, dtype=np.float32)
    total, count = np.zeros(n), np.zeros(n)
    for tree, in_bag in zip(forest.estimators_, forest.estimators_samples_, strict=True):
        out = np.ones(n, dtype=bool)
        out[in_bag] = False
        total[out] += _predict(tree, inputs)[out]
        count[out] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def oob_r2(predicted: np.ndarray, y: np.ndarray) -> float:
    """R² of the out-of-bag ``predicted`` values (:func:`oob_predictions`) of ``y``, over
    the runs they predict: scikit-learn's ``oob_score_``."""
    seen = ~np.isnan(predicted)
    if seen.sum() < 2:
        return float("nan")
    residual = ((y[seen] - predicted[seen]) ** 2).sum()
    spread = ((y[seen] - y[seen].mean()) ** 2).sum()
    return float(1 - residual / spread) if spread > 0 else float("nan")


def stack(blocks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The forest's input, the ``blocks`` side by side, and for each of its columns the index
    of the block it came from (to sum a parameter's columns' importances back to one)."""
    group_of = np.concatenate(
        [np.full(block.shape[1], index) for index, block in enumerate(blocks)]
    )
    return np.hstack(blocks), group_of


def forest_importance(
    encoded: list[Encoded],
    y: np.ndarray,
    seed: int,
    should_stop: ShouldStop = None,
    *,
    permutation: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, np.ndarray]:
    """Per-parameter importances (summing to 1, or all 0), their intervals, the noise floor,
    and which parameters stand out from it.

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

    ``permutation=True`` (the runs of an adaptive sampler, see :func:`oob_permutation`)
    measures each parameter, and each shuffled copy, by how much worse each tree predicts the
    runs it did not see when a number's values are drawn across its range (other parameters'
    shuffled among the runs), instead of by the impurity its splits remove; the floor is the
    luckiest copy's mean. A parameter then stands out when it is above that floor, or above
    the same floor measured with every parameter shuffled among the runs (where an adaptive
    sampler concentrated them, a small effect such as ``2·x1`` beside a large one shows
    there, not across the range).
    """
    rng = np.random.default_rng(seed)
    n = len(y)
    k = len(encoded)
    most_values = sorted(encoded, key=lambda e: -e.n_values)  # stable: ties in given order
    copied = [e.fitted for e in most_values[: n_shuffled(k)]]
    blocks = [e.fitted for e in encoded] + copied
    X, group_of = stack(blocks)
    real_columns = group_of < k

    planned, rows = forest_size(n)
    forest = _direct(rows, n, seed, X.shape[1])  # rounds add trees
    shuffles = []  # the copies' values each round's trees were grown on
    while True:
        check_stop(should_stop)
        X[:, ~real_columns] = np.hstack([matrix[rng.permutation(n)] for matrix in copied])
        grown = len(getattr(forest, "estimators_", ()))
        forest.n_estimators = min(forest.n_estimators + ROUND, planned)
        forest.fit(X, y)
        shuffles += (
            [X[:, ~real_columns].copy()] * (forest.n_estimators - grown) if permutation else []
        )
        if forest.n_estimators < planned:
            continue
        if permutation:
            draws = across_range(blocks, [*encoded, *most_values[: n_shuffled(k)]], rng)
            per_tree, among = oob_permutation(
                forest, X, y, group_of, shuffles, ~real_columns, rng, draws
            )
        else:
            per_tree = np.array([tree.feature_importances_ for tree in forest.estimators_])
        grouped = np.zeros((per_tree.shape[0], len(blocks)))
        np.add.at(grouped.T, group_of, per_tree.T)
        real, shuffled = grouped[:, :k], grouped[:, k:]
        total = np.maximum(real.mean(axis=0), 0).sum()
        if total <= 0 or planned >= MAX_TREES or _wobble(real / total) <= STABLE_L1:
            break
        planned = min(planned + ROUND, MAX_TREES)  # a noisy metric: grow more trees

    nothing = np.zeros(k), np.zeros(k), np.zeros(k), 0.0, np.zeros(k, dtype=bool)
    if total <= 0:
        return nothing
    mean_real = real.mean(axis=0)
    floor = shuffled.max(axis=1).mean()
    stands_out = mean_real > floor
    if permutation:  # signed per tree: a parameter's mean is 0 when it carries nothing …
        mean_real = np.maximum(mean_real, 0.0)
        total = mean_real.sum()
        if total <= 0:
            return nothing
        floor = max(shuffled.mean(axis=0).max(), 0.0)  # … and the luckiest copy's is the floor
        grouped_among = np.zeros((among.shape[0], len(blocks)))
        np.add.at(grouped_among.T, group_of, among.T)
        means = grouped_among.mean(axis=0)
        # a parameter stands out across the searched range, or where the runs are, by more
        # than its trees' wobble: the lower bound of its mean's one-sided 95% interval
        stands_out = (_lower_bound(real) > floor) | (
            _lower_bound(grouped_among[:, :k]) > max(means[k:].max(), 0.0)
        )
    importance = mean_real / total
    low, high = np.percentile(real / total, INTERVAL, axis=0)
    low = np.clip(np.minimum(low, importance), 0.0, 1.0)
    high = np.clip(np.maximum(high, importance), 0.0, 1.0)
    return importance, low, high, floor / total, stands_out


OOB_ROWS = 1_000  # runs a tree is scored on, at most, in oob_permutation


def oob_permutation(
    forest: RandomForestRegressor,
    X: np.ndarray,
    y: np.ndarray,
    group_of: np.ndarray,
    shuffles: list[np.ndarray],
    copy_columns: np.ndarray,
    rng: np.random.Generator,
    draws: dict[int, Callable[[int], np.ndarray]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per tree and input column, how much the tree's squared error on the runs it did not
    see (out of bag; at most :data:`OOB_ROWS` of them) grows when that column's group (a
    parameter's columns, see :func:`stack`) is shuffled among those runs, or for a number
    with ``draws`` (:func:`across_range`), replaced by values drawn across its range (below
    0 where it shrinks: by chance, for a parameter that carries nothing); and the same with
    every group shuffled among the runs.

    An impurity importance also credits splits that only fit noise, and those go to the
    parameters with the most distinct values: under an adaptive sampler, whose later runs
    differ mostly by noise, they took a third of the importance. A split that fits noise does
    not predict unseen runs, so here it earns nothing. ``shuffles[t]`` holds the shuffled
    copies' values tree ``t`` was grown on."""
    n = len(y)
    draws = draws or {}
    result = np.zeros((len(forest.estimators_), X.shape[1]))
    among = np.zeros_like(result)  # shuffled among the runs, for every group
    first_of = {g: int(np.flatnonzero(group_of == g)[0]) for g in np.unique(group_of)}
    for t, (tree, in_bag) in enumerate(
        zip(forest.estimators_, forest.estimators_samples_, strict=True)
    ):
        out = np.ones(n, dtype=bool)
        out[in_bag] = False
        rows = np.flatnonzero(out)
        if len(rows) < 2:
            continue
        if len(rows) > OOB_ROWS:
            rows = rng.choice(rows, OOB_ROWS, replace=False)
        seen = X[rows].astype(np.float32)
        seen[:, copy_columns] = shuffles[t][rows]
        order = rng.permutation(len(rows))
        variants = [seen]  # as seen, then with each group changed: one prediction for all
        for g in first_of:
            columns = group_of == g
            shuffled = seen.copy()
            shuffled[:, columns] = seen[order][:, columns]
            variants.append(shuffled)
            if g in draws:  # a number: also drawn across its whole range
                spread = seen.copy()
                spread[:, columns] = draws[g](len(rows))[:, None]
                variants.append(spread)
        predicted = _predict(tree, np.vstack(variants)).reshape(len(variants), -1)
        errors = (predicted - y[rows]) ** 2
        worse = errors.mean(axis=1)[1:] - errors.mean(axis=1)[0]
        at = 0
        for g, column in first_of.items():
            among[t, column] = worse[at]
            result[t, column] = worse[at + 1] if g in draws else worse[at]
            at += 2 if g in draws else 1
    return result, among


def across_range(
    blocks: list[np.ndarray], encoded: list[Encoded], rng: np.random.Generator
) -> dict[int, Callable[[int], np.ndarray]]:
    """For each block (the forest's input of one parameter, or of a shuffled copy: its
    ``encoded``) that is one column of numbers, a function drawing that many values evenly
    across the range its runs span: log-uniform where the parameter is log-scaled, uniform
    otherwise (a column of ranks, see :func:`~hpviz.analysis.encoding.encode`, uniform).

    An adaptive sampler concentrates its runs where the metric is good, so shuffling a
    parameter among them asks what it matters *there*: in ``10·(log10 lr + 3)² + 2·x1``,
    once TPE has found the best ``lr``, hardly at all, and ``x1`` came first. Drawn across the
    searched range, as fANOVA integrates over it, ``lr`` is what matters most."""
    found: dict[int, Callable[[int], np.ndarray]] = {}
    for g, (block, e) in enumerate(zip(blocks, encoded, strict=True)):
        if block.shape[1] != 1 or e.kind != "numeric":
            continue
        present = block[:, 0][~np.isnan(block[:, 0])]
        if present.size < 2 or present.min() == present.max():
            continue
        if e.log and (present > 0).all():
            low, high = np.log10(present.min()), np.log10(present.max())
            found[g] = partial(_uniform, rng, low, high, log=True)
        else:
            low, high = present.min(), present.max()
            found[g] = partial(_uniform, rng, low, high, log=False)
    return found


def _uniform(
    rng: np.random.Generator, low: float, high: float, size: int, *, log: bool
) -> np.ndarray:
    """``size`` draws uniform between ``low`` and ``high`` (their log10 with ``log``)."""
    drawn = rng.uniform(low, high, size)
    return 10**drawn if log else drawn


def _predict(tree: DecisionTreeRegressor, X: np.ndarray) -> np.ndarray:
    """A fitted tree's predictions of ``X`` (float32), straight from its ``tree_``: what
    ``tree.predict`` returns, without checking its input again (0.5 ms a call, 35 times the
    prediction itself for a hundred runs)."""
    return tree.tree_.predict(np.ascontiguousarray(X, dtype=np.float32))[:, 0]


def _joblib_configured() -> bool:
    """Whether a ``joblib.parallel_config`` is in force on this thread (it sends the trees to
    Dask, Ray …, however small): joblib keeps it in a thread-local and offers no getter."""
    config = getattr(getattr(joblib.parallel, "_backend", None), "config", None)
    if not isinstance(config, dict):
        return False  # (after a configuration has closed, its keys hold joblib's defaults)
    return any(type(value).__name__ != "_Sentinel" for value in config.values())


SURE_Z = 1.645  # one-sided 95%: a parameter of an adaptive sampler's runs stands out this surely


def _lower_bound(per_tree: np.ndarray) -> np.ndarray:
    """Per column, the mean of these per-tree importances less :data:`SURE_Z` standard errors
    of that mean (over the trees). Under an adaptive sampler a parameter that carries nothing
    rides along with the good runs, and its importance is as often a little above the
    luckiest shuffled copy's as below it; a real effect clears the copy by more than the
    trees disagree about it."""
    if len(per_tree) < 2:
        return per_tree.mean(axis=0)
    errors = per_tree.std(axis=0, ddof=1) / np.sqrt(len(per_tree))
    return per_tree.mean(axis=0) - SURE_Z * errors


def _wobble(per_tree: np.ndarray) -> float:
    """How far (L1) the mean of these per-tree importances is expected to be from the mean of
    infinitely many such trees: the sum of the standard errors, times E|Z| = √(2/π)."""
    standard_errors = per_tree.std(axis=0, ddof=1) / np.sqrt(len(per_tree))
    return float(np.sqrt(2 / np.pi) * standard_errors.sum())
