"""scikit-learn: a search's ``cv_results_`` (``GridSearchCV``, ``RandomizedSearchCV``,
``HalvingGridSearchCV`` …) as a DataFrame, or that frame saved as CSV.

``param_<p>`` (one column per searched parameter, shown as ``p``, as Optuna's ``params_<p>``
is), ``params`` (each candidate's dict), ``mean_test_<score>``/``std_test_<score>``/
``rank_test_<score>``, ``split<k>_test_<score>``, the same for ``train`` when
``return_train_score``, and ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``,
``std_score_time``. The metrics are the mean scores; scikit-learn's scores are greater-is-better
(a loss is a ``neg_`` score), so their goal is to maximise. The default metric is the first
``mean_test_<score>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from hpviz.ingest.frames import rename, source_of
from hpviz.ingest.types import Source

__all__ = ["from_sklearn_cv", "is_sklearn_cv"]

LAYOUT = "scikit-learn cv_results_"
_MEAN = re.compile(r"^mean_(test|train)_.+")
_OTHER = re.compile(
    r"^(std_(test|train)_|rank_test_|split\d+_(test|train)_).+|^(mean|std)_(fit|score)_time$"
)


def is_sklearn_cv(names: Sequence[str]) -> bool:
    """A ``cv_results_`` frame: ``param_*`` columns and a ``mean_test_*`` (or ``rank_test_*``)."""
    has_params = any(n.startswith("param_") for n in names)
    has_scores = any(n.startswith(("mean_test_", "rank_test_")) for n in names)
    return has_params and has_scores


def from_sklearn_cv(frame: pd.DataFrame) -> Source:
    """``cv_results_``: ``param_<p>`` shown as ``p``; the mean scores as metrics (maximised);
    the other scores, ranks and times as outcomes; ``params`` as metadata."""
    wanted, params, metrics, hints = {}, [], [], {}
    for name in map(str, frame.columns):
        if name.startswith("param_"):
            wanted[name] = name[len("param_") :]
            params.append(name)
        elif _MEAN.match(name):
            metrics.append(name)
        elif _OTHER.match(name):
            hints[name] = ("outcome", "a score, rank or time of scikit-learn's search")
        elif name == "params":
            hints[name] = ("metadata", "each candidate's parameters, also in the param_ columns")
    frame, renamed = rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    tests = [m for m in metrics if m.startswith("mean_test_")]
    return source_of(
        frame,
        params,
        metrics,
        goals={m: "maximize" for m in metrics},
        renamed=renamed,
        hints={c: h for c, h in hints.items() if c in frame.columns},
        layout=LAYOUT,
        runs_word="candidates",
        objectives=tuple(tests[:1]),
    )
