"""What the forest and the correlations are fitted on: the metric, made robust and scaled.

* **Scale.** The target is always centred and scaled before anything is fitted on it
  (:func:`standardise`): the forest's squared error, its impurity cut-off and Pearson's sums of
  squares then see the same numbers whatever the metric's unit, offset or magnitude, so the
  importance table is invariant to affine changes of the metric (``a·metric + b``, ``a ≠ 0``).
* **Heavy tails.** A few runs far beyond the bulk (a diverged run at ``val_loss`` 52 against a
  median of 0.008) dominate a squared error: they decide which parameter wins. The metric is
  *heavy-tailed* when (a) the 1% of runs farthest from the median metric (at least one run)
  carry more than half of the squared deviation from the median — the quantity the forest's
  squared error splits — each of them farther from the median than 10 times the median
  distance (the MAD; among a handful of runs the farthest always carries half, so without
  this a normal metric was "diverged" in 35 of 100 sweeps of 8 runs and in every one of 3) —
  or (b) the runs farther from the median than 10 times the median
  distance (the MAD) are at most 5% of the runs and carry more than 90% of it (a few runs
  diverged together). On a normal metric the farthest 1% carry about 5%, on an exponential
  one about 15%; the bundled demo's three worst runs carry 52%. Then ``target="auto"`` (the
  default) fits importance and correlation on the metric's ranks, which no single run can
  dominate and which keep the order of the runs (what "better" means); ``"raw"`` keeps the
  values, ``"rank"`` always uses ranks, ``"log"`` uses log10 of a positive metric.
* **Far, but where the settings lead.** Not every far run blew up. An adaptive sampler (TPE)
  spends most trials near the optimum and a few early ones on a bowl's walls (a learning rate
  100× too small), whose metric is far from the median only because the settings put it
  there. Ranks would make those walls as steep as any step among the good runs, and a small
  effect among the many good runs could then rank above the parameter that made the walls.
  So before choosing ranks, ``auto`` asks whether the settings predict the far runs: a small
  forest, each far run predicted by the trees that did not see it. Where those predictions
  reach at least a third (:data:`LEAD`) of the far runs' distance from the median (summed as
  squares, as the forest's error does) — the far side of a bowl reads 0.5–0.8 there, runs that
  diverged at random 0–0.2, the bundled demo's diverged runs 0.1 — the metric is fitted on its
  ``"symlog"``: each run's distance from the median, in median distances, through
  ``log(1 + d)`` and signed. The order of the runs is kept, as with ranks, and the walls stay
  the farthest runs without drowning the rest. Drawn in, a wall run or two still weigh enough
  to make a parameter that only helps isolate them look useful, so there
  :func:`~hpviz.analysis.table.analyse` also asks the runs' ranks whether each effect is real
  (``useful`` needs both, and the check for borrowed importance is made on the ranks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

import numpy as np
import pandas as pd

from hpviz.analysis.forest import grow, oob_predictions
from hpviz.contract import Target as _Used

__all__ = ["TARGETS", "Target", "check_target", "prepare_target"]

TARGETS = ("auto", *get_args(_Used))  # what a fit can be made on, and "auto" to choose
MIN_RUNS = 5  # fewer runs than this are never heavy-tailed
FEW = 0.01  # (a) the farthest 1% of the runs (at least one) …
DOMINATE = 0.5  # … carry more than half of the squared deviation from the median; or
FAR_ALONE = 20.0  # (a) … each farther from the median than 20 median distances (MAD); or
FAR = 10.0  # (b) the runs farther from the median than 10 median distances (MAD) …
FAR_SHARE = 0.05  # … are at most 5% of the runs …
ALMOST_ALL = 0.9  # … and carry more than 90% of it
LEAD = 1 / 3  # the settings predict this share of the far runs' distance: a bowl's far side
LEAD_TREES, LEAD_ROWS = 20, 1_000  # the forest that asks (each tree on at most these runs)


@dataclass
class Target:
    """The metric as the forest and the correlations see it."""

    values: np.ndarray
    """Centred and scaled (mean 0, standard deviation 1), or all 0 for a constant metric."""
    used: str
    """``"raw"``, ``"rank"``, ``"log"`` or ``"symlog"``: the transform applied before
    scaling."""
    note: str = ""
    """Why ``auto`` chose ranks or the symlog, in words (empty otherwise): a short first
    sentence, then the details."""


def check_target(target: str) -> str:
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, not {target!r}")
    return target


def prepare_target(
    y: np.ndarray,
    target: str,
    metric: str,
    settings: Callable[[], np.ndarray] | None = None,
    seed: int = 0,
) -> Target:
    """``y`` (finite floats) transformed as ``target`` asks, then :func:`standardise`\\ d.
    ``settings`` gives the forest's input for these runs (asked for only where runs lie far
    out): ``auto`` then tells far runs the settings lead to from runs that blew up (see the
    module); without it far runs mean ranks."""
    check_target(target)
    if target == "log":
        if len(y) and (y <= 0).any():
            raise ValueError(
                f"target='log' needs a positive metric; {metric} has values ≤ 0 "
                f"(the smallest is {_fmt(y.min())})"
            )
        return Target(standardise(np.log10(y)), "log")
    if target == "rank":
        return Target(standardise(_ranks(y)), "rank")
    if target == "symlog":
        return Target(standardise(_symlog(y)), "symlog")
    far = far_out(y) if target == "auto" else np.array([], dtype=int)
    if far.size == 0:
        return Target(standardise(y), "raw")
    if settings is not None and settings_lead(y, far, settings(), seed):
        return Target(standardise(_symlog(y)), "symlog", _note(y, far, metric, walls=True))
    return Target(standardise(_ranks(y)), "rank", _note(y, far, metric))


def settings_lead(y: np.ndarray, far: np.ndarray, settings: np.ndarray, seed: int = 0) -> bool:
    """Whether the ``settings`` predict the ``far`` runs (:func:`far_out`): out of bag, a small
    forest's predictions reach :data:`LEAD` of their distance from the median, summed as
    squares. A run every tree saw counts as predicted at the median."""
    scaled = standardise(y)  # (an affine change: the same share, and no overflow)
    forest = grow(LEAD_TREES, min(len(y), LEAD_ROWS), settings, scaled, seed)
    middle = safe_median(scaled)
    predicted = np.nan_to_num(oob_predictions(forest, settings, len(y))[far] - middle)
    distance = scaled[far] - middle
    return float(predicted @ distance) >= LEAD * float(distance @ distance)


def far_out(y: np.ndarray) -> np.ndarray:
    """Indices of the runs that make the metric heavy-tailed (see the module), farthest
    first; none when it is not."""
    none = np.array([], dtype=int)
    if len(y) < MIN_RUNS:  # a handful of runs: nothing to tell a diverged run by
        return none
    distance = np.abs(_centred(y))
    largest = distance.max()
    if largest == 0:
        return none
    squares = (distance / largest) ** 2
    total = squares.sum()
    order = np.argsort(-distance, kind="stable")
    spread = _spread(distance)
    few = order[: max(1, int(FEW * len(y)))]
    if squares[few].sum() > DOMINATE * total:  # (a) a handful carries most of it …
        carrying = np.searchsorted(np.cumsum(squares[few]), DOMINATE * total, side="right") + 1
        if (distance[few[:carrying]] > FAR_ALONE * spread).all():  # … and each is far out
            return few[:carrying]
    far = order[: int(np.sum(distance > FAR * spread))] if spread > 0 else none
    if 0 < far.size <= FAR_SHARE * len(y) and squares[far].sum() > ALMOST_ALL * total:
        return far  # (b) a few runs, far out, carry nearly all of it
    return none


def standardise(y: np.ndarray) -> np.ndarray:
    """``y`` centred and scaled to standard deviation 1 without overflow or underflow: first
    centred on its median (exact for close values: a spread of 1e-9 on an offset of 1e8
    survives), then divided by its largest deviation, then centred and scaled. A constant
    ``y`` gives zeros."""
    y = np.asarray(y, dtype=float)
    if len(y) == 0:
        return y.copy()
    centred = _centred(y)
    largest = np.abs(centred).max()
    if largest == 0:
        return np.zeros_like(y)
    scaled = centred / largest
    scaled = scaled - scaled.mean()
    sd = scaled.std()
    return scaled / sd if sd > 0 else np.zeros_like(y)


def safe_median(values: np.ndarray) -> float:
    """The median, also of values near ±1.8e308 (where the mean of the middle two overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        middle = np.median(values)
        if not np.isfinite(middle):
            middle = np.median(values / 2) * 2
    return float(middle)


def _centred(y: np.ndarray) -> np.ndarray:
    middle = safe_median(y)
    with np.errstate(over="ignore", invalid="ignore"):
        centred = y - middle
    if not np.isfinite(centred).all():  # a span past ±1.8e308: halve first
        centred = y / 2 - middle / 2
    return centred


def _ranks(y: np.ndarray) -> np.ndarray:
    return pd.Series(y).rank(method="average").to_numpy(dtype=float)


def _symlog(y: np.ndarray) -> np.ndarray:
    """Each run's signed distance from the median, in median distances (their mean where most
    runs share the median), through ``log(1 + d)``."""
    centred = _centred(y)
    distance = np.abs(centred)
    return np.sign(centred) * np.log1p(distance / (_spread(distance) or 1.0))


def _spread(distance: np.ndarray) -> float:
    """The runs' typical distance from the median: its median (the MAD), or where most runs
    share one value, their mean distance."""
    return safe_median(distance) or float(np.mean(distance))


def _note(y: np.ndarray, far: np.ndarray, metric: str, walls: bool = False) -> str:
    median = safe_median(y)
    values = y[far]
    runs = f"{len(far)} run" + ("s" if len(far) > 1 else "")
    if len(far) == 1:
        shown = _fmt(values[0])
    else:
        shown = f"{_fmt(values.min())} to {_fmt(values.max())}"
    how_far = f"the median is {_fmt(median)}"
    if median != 0 and (np.sign(values) == np.sign(median)).all():
        with np.errstate(over="ignore"):
            ratio = np.abs(values).max() / abs(median)
        if 10 <= ratio < np.inf:
            how_far = f"{_times(ratio)} the median {_fmt(median)}"
    lie = "lies" if len(far) == 1 else "lie"
    if walls:
        return (
            f"Fitted on {metric} drawn in: {runs} {lie} far beyond the rest, where the "
            f"settings lead. {'Its' if len(far) == 1 else 'Their'} {metric}, {shown} "
            f"({how_far}), is predicted by the settings (the far side of the best region, "
            "not runs that blew up), but would decide a fit on the values alone: each run "
            "counts by the logarithm of its distance from the median, so these stay the "
            "farthest runs without drowning the rest."
        )
    return (
        f"Fitted on the ranks of {metric}: {runs} {lie} far beyond the rest. "
        f"{'Its' if len(far) == 1 else 'Their'} {metric}, {shown} ({how_far}), would decide a "
        "fit on the values alone, so importance and correlation use the runs' order instead."
    )


def _times(ratio: float) -> str:
    rounded = float(f"{ratio:.2g}")
    return f"{rounded:,.0f}×".replace(",", " ")


def _fmt(value: float) -> str:
    return f"{value:.3g}"
