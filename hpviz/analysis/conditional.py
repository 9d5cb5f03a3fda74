"""Conditional parameters: those that exist only when another parameter takes certain values.

Optuna's ``n_layers`` / ``n_units_l{i}`` (``n_units_l3`` is suggested only when
``n_layers ≥ 4``), or a nested config that exists only for one optimizer. Fitted as they come,
the child's *missingness* carries its parent's effect and steals its importance.

**Rule.** A parameter that is missing in some runs and present in others is *conditional on*
a parent when its presence is a function of the parent's value: among the runs with any one
value of the parent (missing counts as a value) it is present in all or in none, and some
values make it present and some absent. The parent is present wherever the child is, and is
not missing in exactly the same runs (two columns missing together explain nothing about
each other). A parent has at most :data:`MAX_PARENT_VALUES`
distinct values and at least :data:`MIN_RUNS_PER_VALUE` runs per value on average (else, with
few runs, any missingness would be "a function" of a many-valued column). Among several such
parents, one that is never missing itself comes first, then the one with fewest values, then
the first in the table's order.

**What changes.** For the forest, the child's inactive runs get values drawn at random from its
active runs, so whether it is present tells the forest nothing: the effect of being active
belongs to the parent, and the child keeps only its effect among the runs where it is active.
Its correlation, per-value statistics and shape are computed over those runs alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hpviz.analysis.encoding import as_numeric, category_label

__all__ = ["MAX_PARENT_VALUES", "MIN_RUNS_PER_VALUE", "Condition", "find_conditions", "impute"]

MAX_PARENT_VALUES = 32
MIN_RUNS_PER_VALUE = 5
MAX_LISTED = 5  # values named in "active when", the rest as "…"


@dataclass
class Condition:
    """When a conditional parameter is active."""

    parent: str
    active: np.ndarray
    """Per run: whether the child is present (active)."""
    active_when: str
    """The parent's values that make it active, in words (``"n_layers ≥ 4"``)."""

    @property
    def active_fraction(self) -> float:
        """The share of runs where it is active (NaN for a parameter that is not conditional)."""
        return float(self.active.mean()) if len(self.active) else float("nan")


def find_conditions(frame: pd.DataFrame, params: Sequence[str]) -> dict[str, Condition]:
    """The conditional parameters among ``params`` (the runs of ``frame`` already restricted
    to the analysed ones), each with its parent."""
    n = len(frame)
    if n == 0:
        return {}
    present = {name: frame[name].notna().to_numpy() for name in params}
    children = [name for name in params if 0 < present[name].sum() < n]
    if not children:
        return {}
    parents = {}
    for name in params:
        codes, uniques = pd.factorize(frame[name].map(_key), use_na_sentinel=False)
        if 2 <= len(uniques) <= MAX_PARENT_VALUES and n >= MIN_RUNS_PER_VALUE * len(uniques):
            parents[name] = (codes, np.bincount(codes))
    order = {name: i for i, name in enumerate(params)}
    ranked = sorted(parents, key=lambda p: (not present[p].all(), len(parents[p][1]), order[p]))
    found: dict[str, Condition] = {}
    by_pattern: dict[bytes, tuple[str, np.ndarray] | None] = {}
    for child in children:
        active = present[child]
        key = active.tobytes()
        if key not in by_pattern:
            eligible = [  # present wherever the child is, and not missing just as it is
                p
                for p in ranked
                if present[p][active].all() and not np.array_equal(present[p], active)
            ]
            by_pattern[key] = _parent_of(active, eligible, parents)
        pattern = by_pattern[key]
        if pattern is not None:
            parent, active_codes = pattern
            codes = parents[parent][0]
            found[child] = Condition(
                parent, active, _active_when(frame[parent], codes, active_codes)
            )
    return found


def impute(series: pd.Series, active: np.ndarray, seed: int) -> pd.Series:
    """``series`` with its inactive runs given values drawn at random from its active runs."""
    rng = np.random.default_rng(seed)
    filled = series.copy()
    donors = series[active].to_numpy(dtype=object if series.dtype == object else None)
    inactive = np.flatnonzero(~active)
    filled.iloc[inactive] = donors[rng.integers(0, len(donors), len(inactive))]
    return filled


def _parent_of(
    present: np.ndarray, ranked: list[str], parents: dict
) -> tuple[str, np.ndarray] | None:
    for parent in ranked:
        codes, counts = parents[parent]
        active_counts = np.bincount(codes, weights=present, minlength=len(counts))
        if not np.all((active_counts == 0) | (active_counts == counts)):
            continue
        active_codes = np.flatnonzero(active_counts > 0)
        if 0 < len(active_codes) < len(counts):
            return parent, active_codes
    return None


def _active_when(parent: pd.Series, codes: np.ndarray, active_codes: np.ndarray) -> str:
    name = str(parent.name)
    first = {code: i for i, code in reversed(list(enumerate(codes)))}
    values = [parent.iloc[first[c]] for c in range(codes.max() + 1)]
    active = [values[c] for c in active_codes]
    inactive = [values[c] for c in range(len(values)) if c not in set(active_codes.tolist())]
    numbers = as_numeric(pd.Series(values, dtype=object))
    if numbers is not None and not np.isnan(numbers).any():
        on = numbers[active_codes]
        off = np.delete(numbers, active_codes)
        if on.min() > off.max():
            return f"{name} ≥ {_text(on.min())}"
        if on.max() < off.min():
            return f"{name} ≤ {_text(on.max())}"
    shown = [_text(v) for v in active]
    if len(shown) == 1:
        return f"{name} = {shown[0]}" if shown[0] != "(missing)" else f"{name} is missing"
    if len(shown) > len(inactive) and len(inactive) == 1:
        return f"{name} ≠ {_text(inactive[0])}"
    listed = ", ".join(shown[:MAX_LISTED]) + (", …" if len(shown) > MAX_LISTED else "")
    return f"{name} ∈ {{{listed}}}"


def _text(value: object) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return category_label(value)


def _key(value: object) -> object:
    """A hashable stand-in for a value (lists and dicts by their text)."""
    try:
        hash(value)
    except TypeError:
        return category_label(value)
    return value
