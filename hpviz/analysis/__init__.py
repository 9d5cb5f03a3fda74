"""Analyse: which parameters matter for a metric, and which way they push it.

Pure pandas / NumPy / scikit-learn, nothing about widgets. :mod:`~hpviz.analysis.encoding`
says what each parameter is, :mod:`~hpviz.analysis.forest` fits the importances and the noise
floor, :mod:`~hpviz.analysis.correlation` the correlations, :mod:`~hpviz.analysis.table`
assembles the table; :mod:`~hpviz.analysis.drilldown` (one parameter run by run) and
:mod:`~hpviz.analysis.space` (the next sweep's search space) build on the same encoding;
:mod:`~hpviz.analysis.interactions` (which pairs work together) and
:mod:`~hpviz.analysis.pairgrid` (two parameters against the metric) follow the table.
"""

from hpviz.analysis.cancel import Cancelled
from hpviz.analysis.correlation import CORRELATIONS
from hpviz.analysis.encoding import is_log_scale
from hpviz.analysis.forest import forest_size
from hpviz.analysis.interactions import INTERACTION_COLUMNS, interaction_table, interactions
from hpviz.analysis.table import (
    SORT_KEYS,
    TABLE_COLUMNS,
    Analysis,
    analyse,
    importance_table,
    sort_table,
    useful_parameters,
)
from hpviz.analysis.target import TARGETS

__all__ = [
    "CORRELATIONS",
    "INTERACTION_COLUMNS",
    "SORT_KEYS",
    "TABLE_COLUMNS",
    "TARGETS",
    "Analysis",
    "Cancelled",
    "analyse",
    "forest_size",
    "importance_table",
    "interaction_table",
    "interactions",
    "is_log_scale",
    "sort_table",
    "useful_parameters",
]
