"""Run tables in files: CSV and TSV (optionally gzipped) and Parquet, with errors that name the
file and say what is wrong with it instead of a parser's traceback."""

from __future__ import annotations

import csv
import gzip
import os
import zlib

import pandas as pd

__all__ = ["RunFileError", "read_file"]

SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".parquet", ".pq")


class RunFileError(ValueError):
    """A file that is not the run table its name says: the message names the file and what
    is wrong with it."""


def read_file(path: str) -> pd.DataFrame:
    """The table in a CSV/TSV (optionally gzipped) or Parquet file."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"no run table at {path!r}")
    lower = path.lower()
    if not lower.endswith(SUFFIXES):
        raise RunFileError(f"cannot read {path!r}: expected a file ending in {', '.join(SUFFIXES)}")
    if os.path.isdir(path):
        raise RunFileError(f"cannot read {path!r}: it is a directory, not a file")
    if lower.endswith((".parquet", ".pq")):
        return _read_parquet(path)
    return _read_text_table(path, "\t" if ".tsv" in lower else _delimiter(path))


DELIMITERS = (",", ";", "\t", "|")


def _delimiter(path: str) -> str:
    """What separates a CSV file's fields: a comma, unless its header splits into more fields
    at a semicolon, tab or bar (as spreadsheets write CSV where the comma is the decimal
    mark). Read off the header alone, quotes respected; a comma when in doubt."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError, EOFError, zlib.error):
        return ","  # (the reader says what is wrong with the file)
    fields = {sep: len(next(csv.reader([header], delimiter=sep), [])) for sep in DELIMITERS}
    best = max(DELIMITERS, key=lambda sep: fields[sep])  # (ties: the first, the comma)
    return best if fields[best] > fields[","] else ","


def _read_parquet(path: str) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except ImportError as error:
        raise ImportError(
            f"reading {path!r} needs a Parquet engine: pip install pyarrow"
        ) from error
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise RunFileError(f"cannot read {path!r} as Parquet: {_first_line(error)}") from None


def _read_text_table(path: str, sep: str) -> pd.DataFrame:
    kind = "TSV" if sep == "\t" else "CSV"
    try:
        # a semicolon's CSV (a spreadsheet's where the comma is the decimal mark) writes 0,5
        return pd.read_csv(path, sep=sep, decimal="," if sep == ";" else ".")
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserError as error:
        raise RunFileError(
            f"cannot read {path!r} as {kind}: {_first_line(error)} (a row with more fields "
            "than the header, or an unclosed quote)"
        ) from None
    except UnicodeDecodeError as error:
        bad = error.object[error.start : error.start + 1].hex()
        raise RunFileError(
            f"cannot read {path!r}: it is not UTF-8 text (byte 0x{bad} at position "
            f"{error.start}); save it as UTF-8, or read it with pandas.read_csv(path, "
            "encoding='latin-1') and pass the frame"
        ) from None
    except (gzip.BadGzipFile, zlib.error, EOFError) as error:
        raise RunFileError(
            f"cannot read {path!r}: its name ends in .gz but it is not gzip-compressed "
            f"({_first_line(error)}); rename it without .gz if it is plain {kind}"
        ) from None
    except csv.Error as error:
        raise RunFileError(f"cannot read {path!r} as {kind}: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
