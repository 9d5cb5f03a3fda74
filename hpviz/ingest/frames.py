"""The shapes every reader brings its frame into, and the helpers they share.

A reader's frame has one row per run, a fresh 0..n-1 index and unique string column names; dict
values are flattened to dotted columns and arrays, tuples and sets are lists. :func:`source_of`
wraps a frame with the roles its source declares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from hpviz.ingest.types import RunColumns, Source
from hpviz.ingest.values import type_text_columns

__all__ = [
    "all_mappings",
    "as_dict",
    "flatten_dict",
    "flatten_values",
    "plain",
    "rename",
    "short",
    "source_of",
    "tidy",
    "trimmed",
    "ui_export",
    "unique_names",
]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per run with index 0..n-1 (a named index becomes a column), string names, and
    numeric text typed (:func:`hpviz.ingest.values.type_text_columns`)."""
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        named = any(name is not None for name in frame.index.names)
        clash = any(str(name) in map(str, frame.columns) for name in frame.index.names)
        frame = frame.reset_index(drop=not named or clash)
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.copy(deep=False)
        top = {str(t) for t in frame.columns.get_level_values(0)}
        sep = "_" if "params" in top and top & {"number", "value", "values", "state"} else "."
        frame.columns = [
            sep.join(str(part) for part in column if str(part) != "") for column in frame.columns
        ]
    return type_text_columns(unique_names(trimmed(frame)))


def trimmed(frame: pd.DataFrame) -> pd.DataFrame:
    """Names and text values without the spaces around them (a table written space-padded,
    ``" value      "``, reads as ``value``); a copy if anything changed. A name that would
    clash with another once trimmed keeps its spaces."""
    names = [c.strip() if isinstance(c, str) else c for c in frame.columns]
    clash = len(set(map(str, names))) < len(names)
    padded = {}
    for i in range(frame.shape[1]):
        series = frame.iloc[:, i]
        if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        if isinstance(series.dtype, pd.CategoricalDtype):
            continue
        values = series.astype(object)
        texts = values.map(lambda v: isinstance(v, str) and v != v.strip())
        if texts.any():
            padded[i] = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    if not padded and (clash or names == list(frame.columns)):
        return frame
    frame = frame.copy(deep=False)
    for i, series in padded.items():
        frame.isetitem(i, series.to_numpy(dtype=object))  # (the frame's own index)
    if not clash:
        frame.columns = names
    return frame


def unique_names(frame: pd.DataFrame) -> pd.DataFrame:
    """String column names, each unique (a repeated name gets a ``.1``, ``.2`` … suffix)."""
    names = [str(c) for c in frame.columns]
    seen: set[str] = set(names)
    counts: Counter[str] = Counter()
    unique = []
    for name in names:
        counts[name] += 1
        if counts[name] == 1:
            unique.append(name)
            continue
        suffix = counts[name] - 1
        while f"{name}.{suffix}" in seen:
            suffix += 1
        unique.append(f"{name}.{suffix}")
        seen.add(unique[-1])
    if unique == list(frame.columns):
        return frame
    frame = frame.copy(deep=False)
    frame.columns = unique
    return frame


def source_of(
    frame: pd.DataFrame,
    params: Sequence[str],
    metrics: Sequence[str],
    *,
    goals: Mapping[str, str] | None = None,
    renamed: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    hints: Mapping[str, tuple[str, str]] | None = None,
    **fields,
) -> Source:
    """A Source with known roles: ``params`` and ``metrics``, everything else metadata, and
    ``hints`` (column → role and reason) for the columns whose role the layout says. Dict
    values are flattened first, and the roles follow the new columns. ``fields`` are the
    other fields of :class:`~hpviz.ingest.types.Source` (``status``, ``layout`` …)."""
    frame, expanded = flatten_values(frame)

    def follow(names: Iterable[str]) -> list[str]:
        return [new for name in names for new in expanded.get(name, [name])]

    param_names, metric_names = follow(params), follow(metrics)
    role = set(param_names) | set(metric_names)
    metadata = [c for c in frame.columns if c not in role]
    hints = {new: hint for name, hint in (hints or {}).items() for new in follow([name])}
    return Source(
        frame,
        RunColumns(params=param_names, metrics=metric_names, metadata=metadata),
        goals=dict(goals or {}),
        renamed=dict(renamed or {}),
        notes=tuple(notes),
        hints=hints,
        **fields,
    )


def ui_export(
    frame: pd.DataFrame,
    run_columns: Sequence[str],
    status: str,
    layout: str,
    hints: Mapping[str, tuple[str, str]] | None = None,
) -> Source:
    """A tracker UI's CSV export: its own run columns are bookkeeping (``run_columns``, those
    present), ``status`` says whether a run finished, and the columns after them are unmarked,
    so their roles are read from names and values, except those ``hints`` gives."""
    frame = tidy(frame)
    hints = {
        **(hints or {}),
        **{
            name: ("metadata", f"the {layout}'s record of the run")
            for name in run_columns
            if name in frame.columns
        },
    }
    return Source(
        frame,
        None,
        hints=hints,
        status=status if status in frame.columns else None,
        layout=layout,
    )


def rename(frame: pd.DataFrame, wanted: Mapping[str, str]):
    """Rename columns as ``wanted`` says, except where names would clash: those keep theirs.
    Returns the frame and the renames made (source name → shown name)."""
    final = {c: wanted.get(c, c) for c in frame.columns}
    while True:
        counts = Counter(final.values())
        clashes = [c for c, new in final.items() if new != c and counts[new] > 1]
        if not clashes:
            break
        for c in clashes:
            final[c] = c
    renamed = {c: new for c, new in final.items() if new != c}
    if renamed:
        frame = frame.rename(columns=renamed)
    return frame, renamed


def flatten_values(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Dict values flattened to dotted columns (``model`` → ``model.depth``); arrays, tuples
    and sets as lists. Returns the frame and, per flattened column, its new columns."""
    pieces: list[tuple[str, pd.Series | pd.DataFrame]] = []
    changed = False
    for name in frame.columns:
        series = frame[name]
        if series.dtype != object:
            pieces.append((name, series))
            continue
        present = series.dropna()
        if len(present) and all(isinstance(v, Mapping) for v in present):
            flat = pd.json_normalize(
                [plain(v) if isinstance(v, Mapping) else {} for v in series], sep="."
            )
            if flat.shape[1]:
                flat.index = frame.index
                flat.columns = [f"{name}.{c}" for c in flat.columns]
                flat, _ = flatten_values(flat)
                pieces.append((name, flat))
                changed = True
                continue
        if any(isinstance(v, (np.ndarray, tuple, set, frozenset)) for v in present):
            series = series.map(plain)
            changed = True
        pieces.append((name, series))
    if not changed:
        return frame, {}
    flat = pd.concat([piece for _, piece in pieces], axis=1)
    flat = unique_names(flat)  # a flattened name may clash with an existing column
    expanded, i = {}, 0
    for name, piece in pieces:
        width = piece.shape[1] if isinstance(piece, pd.DataFrame) else 1
        if isinstance(piece, pd.DataFrame) or flat.columns[i] != name:
            expanded[name] = list(flat.columns[i : i + width])
        i += width
    return flat, expanded


@overload
def plain(value: Mapping[Any, Any]) -> dict[Any, Any]: ...
@overload
def plain(value: object) -> object: ...


def plain(value: object) -> object:
    """Arrays, tuples and sets as lists, recursively into dicts and lists."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def flatten_dict(value: Mapping, prefix: str = "") -> dict:
    """``{"model": {"depth": 4}}`` → ``{"model.depth": 4}``; an empty dict stays a value."""
    flat = {}
    for key, inner in value.items():
        name = f"{prefix}{key}"
        if isinstance(inner, Mapping) and inner:
            flat.update(flatten_dict(inner, name + "."))
        else:
            flat[name] = plain(inner)
    return flat


def as_dict(value: object) -> dict:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "items"):
        return dict(value.items())
    raise TypeError(f"expected a dict of config or summary values, got {type(value).__name__}")


def all_mappings(series: pd.Series) -> bool:
    if series.dtype != object:
        return False
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, Mapping) for v in present)


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
