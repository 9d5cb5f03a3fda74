"""Which parameters work together: the strength of each pair's interaction, beyond their
separate effects.

Pure pandas / NumPy, run after the importance table (whose ranking picks the pairs).

* **Strength** — the second-order functional-ANOVA term of the pair on a binned grid, as a share
  of the metric's variation. Each parameter's runs are cut into a few bins (quantiles of a
  number, a categorical's most frequent values, missing as a bin of its own); over the grid of
  the two parameters' bins, the additive model ``mean + row effect + column effect`` is fitted
  to the metric (weighted by the runs in each cell); what the cells' means differ from it by is
  the interaction. Its sum of squares, minus what noise alone puts there (the interaction's
  degrees of freedom times the within-cell mean square, as an adjusted R² does), over the
  metric's total sum of squares, is the strength: 0.2 means the pair explains a fifth of the
  metric's variation that neither explains alone. The metric is the one the importance forest
  was fitted on (its ranks when a few runs would dominate it), so a diverged run cannot make a
  pair look strong. Cheap: one pass over the runs per pair, no forest.
* **Interval** — a 90% interval from a parametric bootstrap of the cells' means (each drawn
  around its mean with the within-cell variance over its count), as for importance a spread,
  not a test.
* **Noise floor** — pairs involving shuffled copies: each pair is measured again with one of
  its two parameters' runs shuffled (which breaks any interaction and keeps the bins), in
  :data:`NULL_ROUNDS` rounds, both ways. The floor is the strongest of these null pairs. With
  ``2 · NULL_ROUNDS`` null pairs per real one, a sweep where nothing interacts has some pair
  above the floor about once in ``2 · NULL_ROUNDS + 1`` sweeps. Both sides are measured on
  what the binned parameters' separate effects leave of the metric (the additive fit's
  residual), so a shuffled pair sees the same noise as the real one. A pair above the floor
  that explains at least :data:`MIN_USEFUL` of the metric's variation is *useful* (among
  100 000 runs, a pair explaining 0.05% clears the floor, and is worth nobody's time).
* **Conditional parameters** — a pair with a conditional child is measured over the runs where
  the child (or both children) is active.
* **Size** — beyond :data:`MAX_RUNS` runs, a fixed sample of that many (the same seed, the same
  sample): a grid of at most 6 × 6 cells is as precise from it.

It misleads where parameters were drawn together (an adaptive sampler such as TPE): the cells
then mix the two parameters' separate effects, and a pair can look strong that is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from hpviz.analysis.cancel import ShouldStop, check_stop
from hpviz.analysis.encoding import as_numeric, category_label, target_values
from hpviz.analysis.table import Analysis, analyse_runs
from hpviz.analysis.target import prepare_target

__all__ = [
    "INTERACTION_COLUMNS",
    "NULL_ROUNDS",
    "Interactions",
    "pairs_frame",
    "interaction_table",
    "interactions",
]

INTERACTION_COLUMNS = [
    "parameter_a",
    "parameter_b",
    "strength",
    "strength_low",
    "strength_high",
    "useful",
    "n_runs",
]
TOP = 8  # pairs among the most important parameters, this many by default
MIN_USEFUL = 0.01  # a useful pair explains at least this share of the metric's variation
NULL_ROUNDS = 20  # shuffles per real pair and per side: 40 null pairs for each real one
MAX_BINS = 6  # bins per parameter at most …
RUNS_PER_CELL = 10  # … and at least this many runs per cell of a pair's grid, on average
MIN_PAIR_RUNS = 8  # fewer runs than this where a pair is active: not measured
ROUGH_PAIR_RUNS = 200  # fewer runs than this: the pairs are rough
MAX_RUNS = 20_000  # beyond this many runs, a fixed sample of them (as precise, and bounded)
BOOTSTRAP = 200
INTERVAL = (5.0, 95.0)
BACKFIT = 25  # rounds of the additive fit on a grid (converges in a few on a random search)


class Interactions:
    """What :func:`interactions` found: the table and what the panel says about it."""

    def __init__(
        self, table: pd.DataFrame, floor: float | None, notes: list[str], rough: str, reason: str
    ) -> None:
        self.table = table
        """One row per pair, columns :data:`INTERACTION_COLUMNS`, strongest first."""
        self.floor = floor
        """The strength the null pairs reach (None when nothing was measured)."""
        self.notes = notes
        """Things worth saying about the pairs (rough, nothing stands out, …)."""
        self.rough = rough
        """Why the strengths are rough (too few runs), or empty."""
        self.reason = reason
        """Why there are no pairs (fewer than two parameters carry importance …), or empty."""


def interaction_table(
    runs: object,
    metric: str,
    *,
    top: int = TOP,
    params: Sequence[str] | None = None,
    goal: str | None = None,
    seed: int = 0,
    correlation: str = "pearson",
    ignore: Sequence[str] | None = None,
    unfinished: str = "exclude",
    target: str = "auto",
) -> pd.DataFrame:
    """One row per pair among the ``top`` most important parameters: how strongly they work
    together for ``metric``, beyond their separate effects.

    Takes the keywords of :func:`hpviz.importance_table` (the same runs, metric, parameters and
    target) and ``top``, the number of most important parameters paired (every pair among
    them: ``top · (top - 1) / 2`` rows at most).

    Returns
    -------
    pandas.DataFrame
        One row per pair, strongest first, with the columns :data:`INTERACTION_COLUMNS`:
        ``parameter_a`` (the more important of the two) and ``parameter_b``; ``strength`` (≥ 0:
        the share of the metric's variation the pair explains beyond the two parameters'
        separate effects, see :mod:`hpviz.analysis.interactions`) and its 90% interval
        ``strength_low``/``strength_high``; ``useful`` (above the noise floor of pairs with a
        shuffled parameter); ``n_runs`` (the runs it was measured over: those where a
        conditional parameter is active). ``table.attrs`` holds ``metric``, ``goal``,
        ``n_runs``, ``noise_floor``, ``target``, ``rough`` and ``reason`` (empty when there is
        nothing to say) and ``notes``.
    """
    loaded, analysis = analyse_runs(
        runs,
        metric,
        params=params,
        goal=goal,
        seed=seed,
        correlation=correlation,
        ignore=ignore,
        unfinished=unfinished,
        target=target,
    )
    return pairs_frame(interactions(loaded.frame, analysis, top=top, seed=seed), analysis)


def pairs_frame(found: Interactions, analysis: Analysis) -> pd.DataFrame:
    """The pairs ``found`` for ``analysis`` as :func:`interaction_table` returns them: the
    columns :data:`INTERACTION_COLUMNS` and the ``attrs`` it documents."""
    table = found.table.copy()[INTERACTION_COLUMNS]
    table.attrs.update(
        metric=analysis.metric,
        goal=analysis.goal,
        n_runs=analysis.n_runs,
        noise_floor=found.floor,
        target=analysis.target,
        rough=found.rough,
        reason=found.reason,
        notes=list(found.notes),
    )
    return table


def interactions(
    frame: pd.DataFrame,
    analysis: Analysis,
    *,
    top: int = TOP,
    seed: int = 0,
    should_stop: ShouldStop = None,
) -> Interactions:
    """The pairs among the ``top`` most important parameters of ``analysis`` (the importance
    table of ``frame``), their strengths, intervals and noise floor. ``should_stop`` is asked
    between pairs; when it returns true, :class:`~hpviz.analysis.Cancelled` is raised."""
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 2:
        raise ValueError(f"top must be an integer of at least 2 (pairs need two), not {top!r}")
    empty = pd.DataFrame({c: [] for c in INTERACTION_COLUMNS}, columns=INTERACTION_COLUMNS)
    empty = empty.astype({"strength": float, "strength_low": float, "strength_high": float})
    empty = empty.astype({"useful": bool, "n_runs": int})
    table = analysis.table
    if analysis.reason:
        return Interactions(empty, None, [], "", analysis.reason)
    candidates = table[~table["kind"].isin(["constant", "identifier"]) & (table["importance"] > 0)]
    chosen = list(candidates.sort_values("importance", ascending=False, kind="stable")["parameter"])
    chosen = chosen[:top]
    if len(chosen) < 2:
        reason = "Pairs need two parameters with some importance; " + (
            f"only {chosen[0]} has any." if chosen else "none has any."
        )
        return Interactions(empty, None, [], "", reason)

    values, _ = target_values(frame[analysis.metric], analysis.metric)
    fitted_on = prepare_target(values.to_numpy(dtype=float), analysis.target, analysis.metric)
    y = fitted_on.values
    rng = np.random.default_rng(seed)
    kept = values.index
    if len(y) > MAX_RUNS:
        sample = np.sort(rng.choice(len(y), MAX_RUNS, replace=False))
        kept, y = kept[sample], y[sample]
    n = len(y)
    conditional = dict(zip(table["parameter"], table["parent"], strict=True))
    kinds = dict(zip(table["parameter"], table["kind"], strict=True))
    active = {
        name: frame.loc[kept, name].notna().to_numpy() if conditional.get(name) else None
        for name in chosen
    }
    columns = {name: frame.loc[kept, name] for name in chosen}
    bins = _bins_for(n)
    everywhere = {name: _codes(columns[name], kinds[name], bins) for name in chosen}
    residual = _additive_residual(list(everywhere.values()), y)
    total_everywhere = _sum_of_squares(y)
    shuffles = [rng.permutation(n) for _ in range(NULL_ROUNDS)]  # shared by the pairs

    rows, nulls, real_stats = [], [], []
    for a, b in combinations(chosen, 2):
        check_stop(should_stop)
        if active[a] is None and active[b] is None:  # every run: the shared bins and shuffles
            count, ys, total = n, residual, total_everywhere
            codes_a, codes_b, orders = everywhere[a], everywhere[b], shuffles
        else:  # a conditional child: the runs where it (or both) is active, binned afresh
            runs = np.ones(n, dtype=bool)
            for name in (a, b):
                if active[name] is not None:
                    runs &= active[name]
            count = int(runs.sum())
            if count < MIN_PAIR_RUNS:
                continue
            ys, total = residual[runs], _sum_of_squares(y[runs])
            codes_a = _codes(columns[a][runs], kinds[a], _bins_for(count))
            codes_b = _codes(columns[b][runs], kinds[b], _bins_for(count))
            orders = [rng.permutation(count) for _ in range(NULL_ROUNDS)]
        stats = _pair_stats(codes_a, codes_b, ys, total)
        if stats is None:
            continue
        rows.append((a, b, count))
        real_stats.append(stats)
        for order in orders:
            for shuffled_a, shuffled_b in ((codes_a[order], codes_b), (codes_a, codes_b[order])):
                null = _pair_stats(shuffled_a, shuffled_b, ys, total)
                if null is not None:
                    nulls.append(null)
    if not rows:
        reason = "No pair of the most important parameters is active together in enough runs."
        return Interactions(empty, None, [], "", reason)

    check_stop(should_stop)
    strength, low, high = _strengths(real_stats, rng, interval=True)
    null_strength = _strengths(nulls, rng, interval=False)[0] if nulls else np.zeros(1)
    floor = float(max(0.0, null_strength.max()))
    found = pd.DataFrame(
        {
            "parameter_a": [r[0] for r in rows],
            "parameter_b": [r[1] for r in rows],
            "strength": strength,
            "strength_low": low,
            "strength_high": high,
            "useful": (strength > floor) & (strength >= MIN_USEFUL),
            "n_runs": [r[2] for r in rows],
        },
        columns=INTERACTION_COLUMNS,
    )
    found = found.sort_values("strength", ascending=False, kind="stable").reset_index(drop=True)

    notes = []
    rough = ""
    if n < ROUGH_PAIR_RUNS:
        rough = (
            f"Only {n} runs: the pairs' strengths are rough (a pair's grid has few runs per "
            f"cell; at least {ROUGH_PAIR_RUNS} runs make them firmer)."
        )
        notes.append(rough)
    if not found["useful"].any():
        notes.append(
            "No pair stands out from noise: pairs with one parameter's runs shuffled reach "
            "strengths as high as any real pair."
        )
    return Interactions(found, floor, notes, rough, "")


def _bins_for(n_runs: int) -> int:
    """Bins per parameter for a pair over ``n_runs`` runs: about :data:`RUNS_PER_CELL` runs per
    cell of the grid, between 2 and :data:`MAX_BINS`."""
    return int(np.clip(np.floor(np.sqrt(n_runs / RUNS_PER_CELL)), 2, MAX_BINS))


def _codes(series: pd.Series, kind: str, bins: int) -> np.ndarray:
    """Each run's bin (0 … k-1): a number's quantile bin (each of its values a bin where it has
    at most ``bins``), a categorical's ``bins - 1`` most frequent values and the rest together,
    a boolean's two values; missing values a bin of their own."""
    numeric = as_numeric(series) if kind in ("numeric", "boolean") else None
    if numeric is None:
        labels = series.map(category_label)
        counts = labels.value_counts(sort=True)
        kept = counts.index[: bins - 1] if len(counts) > bins else counts.index
        labels = labels.where(labels.isin(kept), "\0other")
        return pd.factorize(labels, sort=True)[0]
    codes = np.full(len(numeric), -1)
    present = np.isfinite(numeric)
    values = numeric[present]
    distinct = np.unique(values)
    if len(distinct) <= bins:
        codes[present] = np.searchsorted(distinct, values)
    elif len(values):
        ranks = pd.Series(values).rank(method="average").to_numpy()
        codes[present] = np.minimum((ranks - 0.5) * bins // len(values), bins - 1).astype(int)
    codes[~present] = codes.max() + 1  # missing: a bin of its own
    return pd.factorize(codes, sort=True)[0]


def _additive_residual(codes: list[np.ndarray], y: np.ndarray) -> np.ndarray:
    """``y`` less its additive fit on the binned parameters (``codes``, backfitted): what no
    parameter explains alone. A pair's interaction is measured on it, so the other
    parameters' effects (and the pair's own separate effects) add no noise to its cells, and
    a pair with one side shuffled sees the same noise as the real pair."""
    residual = y - y.mean()
    effects = [np.zeros(int(c.max()) + 1) for c in codes]
    counts = [np.maximum(np.bincount(c), 1) for c in codes]
    for _ in range(BACKFIT // 5):
        for i, c in enumerate(codes):
            residual += effects[i][c]
            effects[i] = np.bincount(c, weights=residual) / counts[i]
            residual -= effects[i][c]
    return residual


def _sum_of_squares(y: np.ndarray) -> float:
    return float(((y - y.mean()) ** 2).sum()) if len(y) else 0.0


def _pair_stats(
    codes_a: np.ndarray, codes_b: np.ndarray, y: np.ndarray, total: float
) -> tuple | None:
    """A pair's grid over the runs of ``y`` (the additive residual): per cell its count and
    sum, with the within-cell sum of squares and ``total``, the metric's own sum of squares
    over these runs; None when either parameter has one bin only."""
    ka, kb = int(codes_a.max()) + 1, int(codes_b.max()) + 1
    if ka < 2 or kb < 2:
        return None
    cell = codes_a * kb + codes_b
    counts = np.bincount(cell, minlength=ka * kb).astype(float).reshape(ka, kb)
    sums = np.bincount(cell, weights=y, minlength=ka * kb).reshape(ka, kb)
    squares = float(y @ y)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = squares - np.nansum(np.where(counts > 0, sums**2 / counts, 0.0))
    return counts, sums, max(within, 0.0), total


def _strengths(stats: list[tuple], rng: np.random.Generator, *, interval: bool):
    """Each grid's strength (see the module), and with ``interval`` its 90% interval from
    :data:`BOOTSTRAP` parametric draws of the cells' means."""
    size_a = max(s[0].shape[0] for s in stats)
    size_b = max(s[0].shape[1] for s in stats)
    counts = np.zeros((len(stats), size_a, size_b))
    means = np.zeros_like(counts)
    for i, (c, s, _, _) in enumerate(stats):
        counts[i, : c.shape[0], : c.shape[1]] = c
        with np.errstate(invalid="ignore", divide="ignore"):
            means[i, : c.shape[0], : c.shape[1]] = np.where(c > 0, s / np.maximum(c, 1), 0.0)
    within = np.array([s[2] for s in stats])
    total = np.array([s[3] for s in stats])
    n = counts.sum(axis=(1, 2))
    filled = counts > 0
    cells = filled.sum(axis=(1, 2))
    df = cells - filled.any(axis=2).sum(axis=1) - filled.any(axis=1).sum(axis=1) + 1
    df = np.maximum(df, 0)
    mean_square = within / np.maximum(n - cells, 1)
    noise = df * mean_square
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(total > 0, 1 / total, 0.0)
    strength = (_interaction_ss(counts, means) - noise) * scale
    if not interval:
        return strength, None, None
    draws = rng.standard_normal((BOOTSTRAP, *means.shape))
    spread = np.sqrt(mean_square[:, None, None] / np.maximum(counts, 1))
    drawn = means[None] + draws * spread[None]
    replicated = _interaction_ss(
        np.broadcast_to(counts, drawn.shape).reshape(-1, size_a, size_b),
        drawn.reshape(-1, size_a, size_b),
    ).reshape(BOOTSTRAP, len(stats))
    replicated = (replicated - 2 * noise[None]) * scale[None]
    shown = np.clip(strength, 0.0, 1.0)
    low, high = np.percentile(replicated, INTERVAL, axis=0)
    low = np.clip(np.minimum(low, shown), 0.0, 1.0)
    high = np.clip(np.maximum(high, shown), 0.0, 1.0)
    return shown, low, high


def _interaction_ss(counts: np.ndarray, means: np.ndarray) -> np.ndarray:
    """Per grid (first axis), the weighted sum of squares of the cells' means around the
    additive fit ``mean + row + column`` (weights: the cells' counts; backfitted)."""
    weight = counts
    n = weight.sum(axis=(1, 2))
    grand = (weight * means).sum(axis=(1, 2)) / np.maximum(n, 1)
    centred = means - grand[:, None, None]
    row_weight = np.maximum(weight.sum(axis=2), 1e-300)
    column_weight = np.maximum(weight.sum(axis=1), 1e-300)
    rows = np.zeros(weight.shape[:2])
    columns = np.zeros((weight.shape[0], weight.shape[2]))
    for _ in range(BACKFIT):
        rows = (weight * (centred - columns[:, None, :])).sum(axis=2) / row_weight
        columns = (weight * (centred - rows[:, :, None])).sum(axis=1) / column_weight
    residual = centred - rows[:, :, None] - columns[:, None, :]
    return (weight * residual**2).sum(axis=(1, 2))
