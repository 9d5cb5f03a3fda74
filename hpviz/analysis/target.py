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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["TARGETS", "Target", "check_target", "prepare_target"]

TARGETS = ("auto", "raw", "rank", "log")
MIN_RUNS = 5  # fewer runs than this are never heavy-tailed
FEW = 0.01  # (a) the farthest 1% of the runs (at least one) …
DOMINATE = 0.5  # … carry more than half of the squared deviation from the median; or
FAR_ALONE = 20.0  # (a) … each farther from the median than 20 median distances (MAD); or
FAR = 10.0  # (b) the runs farther from the median than 10 median distances (MAD) …
FAR_SHARE = 0.05  # … are at most 5% of the runs …
ALMOST_ALL = 0.9  # … and carry more than 90% of it


@dataclass
class Target:
    """The metric as the forest and the correlations see it."""

    values: np.ndarray
    """Centred and scaled (mean 0, standard deviation 1), or all 0 for a constant metric."""
    used: str
    """``"raw"``, ``"rank"`` or ``"log"``: the transform applied before scaling."""
    note: str = ""
    """Why ``auto`` chose ranks, in words (empty otherwise): a short first sentence, then the
    details."""


def check_target(target: str) -> str:
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, not {target!r}")
    return target


def prepare_target(y: np.ndarray, target: str, metric: str) -> Target:
    """``y`` (finite floats) transformed as ``target`` asks, then :func:`standardise`\\ d."""
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
    far = far_out(y) if target == "auto" else np.array([], dtype=int)
    if far.size == 0:
        return Target(standardise(y), "raw")
    return Target(standardise(_ranks(y)), "rank", _note(y, far, metric))


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
    spread = safe_median(distance)
    if spread == 0:  # most runs share one value: their mean distance instead
        spread = float(np.mean(distance))
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


def _note(y: np.ndarray, far: np.ndarray, metric: str) -> str:
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
