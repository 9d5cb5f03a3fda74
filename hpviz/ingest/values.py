"""Values that arrive as text, typed back: numbers, booleans and missing values.

Trackers and file formats write numbers as text (MLflow keeps every parameter as a string; a W&B
export read with polars leaves a column with an empty cell as text; a CSV built from records may
quote numbers). Every reader passes its frame through :func:`type_text_columns`, so a column of
numeric text is a numeric column whatever the source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["MISSING_TEXT", "parse_text", "type_text_columns"]

MISSING_TEXT = {"", "None", "null", "NULL", "NaN", "nan", "N/A", "n/a", "<NA>"}
"""Text that stands for no value: empty cells (W&B writes ``""``), ``None`` (MLflow logs a
Python None as ``"None"``), and what pandas' own CSV reader reads as missing."""
_MISSING_AMONG_NUMBERS = {"-", "?"}  # a dash in a column of numbers (W&B shows one)
_BOOL_TEXT = {"true": True, "false": False}


def _is_text_column(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def parse_text(series: pd.Series) -> pd.Series:
    """Text back to numbers, booleans and missing values, where every present value fits.

    Missing-value text (:data:`MISSING_TEXT`) becomes missing; then, if every other value is
    numeric text (a lone ``-`` counting as missing there) the column becomes numeric (whole
    numbers without a gap as integers), if every one is ``true``/``false`` (any case) boolean
    (as objects, so missing stays missing). Other text stays text.
    """
    if not _is_text_column(series) or isinstance(series.dtype, pd.CategoricalDtype):
        return series
    values = series.astype(object)
    present_mask = values.notna()
    if not present_mask.any():
        return series
    present = values[present_mask]
    if not all(isinstance(v, str) for v in present):
        return series  # numbers, lists … mixed with text: leave them to the analysis
    stripped = present.map(str.strip)
    blank = stripped.isin(MISSING_TEXT)
    filled = stripped[~blank]
    if filled.empty:
        return pd.Series(np.nan, index=series.index, dtype=float)
    dashes = filled.isin(_MISSING_AMONG_NUMBERS)
    if dashes.any() and pd.to_numeric(filled[~dashes], errors="coerce").notna().all():
        filled = filled[~dashes]
    lowered = filled.str.lower()
    if lowered.isin(list(_BOOL_TEXT)).all():
        typed = pd.Series(None, index=series.index, dtype=object)
        typed[filled.index] = [_BOOL_TEXT[v] for v in lowered]
        return typed
    numbers = pd.to_numeric(filled, errors="coerce")
    if numbers.notna().all():
        typed = pd.Series(np.nan, index=series.index, dtype=float)
        typed[filled.index] = numbers.to_numpy(dtype=float)
        whole = np.isfinite(typed).all() and (np.mod(typed, 1) == 0).all()
        if whole and np.abs(typed).max() < 2**53:
            return typed.astype("int64")
        return typed
    if blank.any():
        result = values.copy()
        result[blank[blank].index] = None
        return result
    return series


def type_text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each text column passed through :func:`parse_text` (a copy if any
    changed)."""
    typed = {}
    for name in frame.columns:
        series = frame[name]
        if _is_text_column(series):
            parsed = parse_text(series)
            if parsed is not series:
                typed[name] = parsed
    if not typed:
        return frame
    frame = frame.copy(deep=False)
    for name, series in typed.items():
        frame[name] = series
    return frame
