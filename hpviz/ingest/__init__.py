"""Ingest: read a table of runs from wherever it comes from and give each column its role.

:mod:`~hpviz.ingest.sources` reads (one small reader per tracker, in
:mod:`~hpviz.ingest.trackers`), :mod:`~hpviz.ingest.roles` decides what each column is (from the
source's word, :mod:`~hpviz.ingest.names` and the values), :mod:`~hpviz.ingest.unfinished` leaves
out runs that did not finish and :mod:`~hpviz.ingest.summaries` rows that sum up the others,
:mod:`~hpviz.ingest.load` joins them, and :mod:`~hpviz.ingest.types` holds the types they share.
:mod:`~hpviz.ingest.choices` puts the user's word on single columns over the automatic roles,
and :mod:`~hpviz.ingest.live` gives runs that change under a panel (update, append, set_role)
their roles again, under the panel's arguments and the user's choices.
"""

from hpviz.ingest.choices import USER_ROLES, with_user_roles
from hpviz.ingest.files import RunFileError
from hpviz.ingest.load import column_roles, load_runs, resolve
from hpviz.ingest.roles import default_metric, guess_goal, pick_metric, split_columns
from hpviz.ingest.sources import read_source
from hpviz.ingest.types import (
    GOALS,
    ROLES,
    UNFINISHED,
    RunColumns,
    RunTable,
    Source,
    UnknownColumnError,
)

__all__ = [
    "GOALS",
    "ROLES",
    "UNFINISHED",
    "USER_ROLES",
    "RunColumns",
    "RunFileError",
    "RunTable",
    "Source",
    "UnknownColumnError",
    "column_roles",
    "default_metric",
    "guess_goal",
    "load_runs",
    "pick_metric",
    "read_source",
    "resolve",
    "split_columns",
    "with_user_roles",
]
