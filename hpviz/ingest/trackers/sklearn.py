"""scikit-learn: a search's ``cv_results_`` (``GridSearchCV``, ``RandomizedSearchCV``,
``HalvingGridSearchCV`` …) as a DataFrame, or that frame saved as CSV.

``param_<p>`` (one column per searched parameter) is shown as ``p``, as Optuna's ``params_<p>``
is; everything else (``params``, ``mean_test_<score>``, ``std_…``, ``rank_…``, ``split<k>_…``,
the fit and score times) keeps its name and gets its role as any table's column does
(:mod:`hpviz.ingest.roles`, which knows scikit-learn's scores are greater-is-better).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from hpviz.ingest.frames import flatten_values, rename
from hpviz.ingest.types import Source

__all__ = ["from_sklearn_cv", "is_sklearn_cv"]


def is_sklearn_cv(names: Sequence[str]) -> bool:
    """A ``cv_results_`` frame: ``param_*`` columns and a ``mean_test_*`` (or ``rank_test_*``)."""
    has_params = any(n.startswith("param_") for n in names)
    has_scores = any(n.startswith(("mean_test_", "rank_test_")) for n in names)
    return has_params and has_scores


def from_sklearn_cv(frame: pd.DataFrame) -> Source:
    """``cv_results_`` with ``param_<p>`` shown as ``p`` (a name that would clash keeps its
    prefix); the roles are read off names and values, as for a plain table."""
    wanted = {n: n[len("param_") :] for n in map(str, frame.columns) if n.startswith("param_")}
    frame, renamed = rename(frame, wanted)
    flat, _ = flatten_values(frame)
    return Source(flat, None, renamed=renamed)
