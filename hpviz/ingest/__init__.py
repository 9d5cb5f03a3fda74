"""Ingest: read a table of runs from wherever it comes from and give each column its role.

:mod:`~hpviz.ingest.sources` reads (one small reader per tracker), :mod:`~hpviz.ingest.roles`
decides what each column is, :mod:`~hpviz.ingest.load` joins the two, and
:mod:`~hpviz.ingest.types` holds the types they share.
"""

from hpviz.ingest.load import load_runs, resolve
from hpviz.ingest.roles import default_metric, guess_goal, split_columns
from hpviz.ingest.sources import read_source
from hpviz.ingest.types import GOALS, RunColumns, RunTable, Source, UnknownColumnError

__all__ = [
    "GOALS",
    "RunColumns",
    "RunTable",
    "Source",
    "UnknownColumnError",
    "default_metric",
    "guess_goal",
    "load_runs",
    "read_source",
    "resolve",
    "split_columns",
]
