"""hpviz: which hyperparameters matter, and which way do they push your metric?

The package reads as its pipeline: :mod:`hpviz.ingest` (a table of runs from any tracker, each
column given its role) → :mod:`hpviz.analysis` (importance, correlation, noise floor; pure
pandas and scikit-learn) → :mod:`hpviz.widget` (the panel's traits and the glue to the
analysis, with :mod:`hpviz.background` and :mod:`hpviz.export`) → the view: the front end in
``hpviz/static`` (built from ``js/``) and the plotly figures of :mod:`hpviz.plots`.
"""

from hpviz.analysis import importance_table, interaction_table
from hpviz.ingest import column_roles, load_runs
from hpviz.widget import ImportancePanel

__all__ = ["ImportancePanel", "column_roles", "importance_table", "interaction_table", "load_runs"]
__version__ = "0.1.0"
