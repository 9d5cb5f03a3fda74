"""Values that arrive as text, typed back: numbers, booleans and missing values.

Trackers and file formats write numbers as text (MLflow keeps every parameter as a string; a W&B
export read with polars leaves a column with an empty cell as text; a CSV built from records may
quote numbers). Every reader passes its frame through :func:`type_text_columns`, so a column of
numeric text is a numeric column whatever the source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "MAX_WORDS",
    "MISSING_TEXT",
    "NumbersWithWords",
    "numbers_with_words",
    "parse_text",
    "type_text_columns",
]

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


MAX_WORDS = 8
"""Most distinct words a column of numbers may hold and still be numbers (``"scale"``,
``"auto"``, ``"sqrt"``): more, and it is a categorical."""
MIN_NUMBER_SHARE = 0.5  # at least half the present values are numbers …
MIN_DISTINCT_NUMBERS = 3  # … with at least this many distinct ones (fewer: a categorical)


@dataclass
class NumbersWithWords:
    """A column of numbers in which a few values are words: scikit-learn's ``gamma="scale"``
    beside floats, ``max_features="sqrt"``, a learning rate logged as ``"high"``."""

    numbers: np.ndarray
    """Float per run: the number, NaN where the run has a word or no value."""
    words: np.ndarray
    """Per run: the word (text), or None where it has a number or no value."""


def numbers_with_words(series: pd.Series) -> NumbersWithWords | None:
    """``series`` as numbers with a few special words, or None when it is not one.

    It is one when its present values are numbers (or numeric text, not booleans) and words,
    at least one of each, with at most :data:`MAX_WORDS` distinct words, numbers for at least
    half the present values and at least 3 distinct numbers. (A column of only numbers is
    numeric; one of a few values is as well read as a categorical.)"""
    if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
        return None
    if isinstance(series.dtype, pd.CategoricalDtype):
        return None
    present = pd.notna(series).to_numpy()
    if not present.any():
        return None
    values = pd.Series(series.astype(object).to_numpy()[present])
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred not in ("string", "mixed", "mixed-integer", "mixed-integer-float"):
        return None  # numbers only, booleans, bytes, datetimes …
    if inferred == "string":
        kinds = pd.Series(1, index=values.index)
    else:
        kinds = values.map(lambda v: 1 if isinstance(v, str) else 2 if _is_number(v) else 0)
        if (kinds == 0).any():
            return None  # booleans, lists, datetimes …: not this
    texts = values[kinds == 1]
    codes, distinct = pd.factorize(texts.to_numpy(dtype=object))  # each text read once
    stripped = [text.strip() for text in distinct]
    number_of = np.full(len(distinct), np.nan)
    is_word = np.zeros(len(distinct), dtype=bool)
    for k, text in enumerate(stripped):
        if text in MISSING_TEXT:
            continue
        try:
            number_of[k] = float(text)
        except ValueError:
            is_word[k] = True
            if is_word.sum() > MAX_WORDS:
                return None  # a categorical stops here, quickly
    n_words = int(is_word[codes].sum()) if len(codes) else 0
    n_numbers = int((kinds == 2).sum()) + int((~np.isnan(number_of[codes])).sum())
    if n_words == 0 or n_numbers == 0 or n_numbers < MIN_NUMBER_SHARE * (n_numbers + n_words):
        return None
    at = np.flatnonzero(present)
    numbers = np.full(len(series), np.nan)
    plain = values[kinds == 2]
    numbers[at[plain.index]] = plain.to_numpy(dtype=float)
    numbers[at[texts.index]] = number_of[codes]
    words = np.full(len(series), None, dtype=object)
    word_of = np.array(
        [t if w else None for t, w in zip(stripped, is_word, strict=True)], dtype=object
    )
    words[at[texts.index]] = word_of[codes]
    if np.unique(numbers[np.isfinite(numbers)]).size < MIN_DISTINCT_NUMBERS:
        return None
    return NumbersWithWords(numbers, words)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )
