"""What the panel's traits say about an analysis: the rows the front end draws, the status, the
counts and the notes. Plain functions, no widget: the panel sets these values on its traits, and
the same values can be sent to the view directly (see :mod:`hpviz.runner`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from hpviz.analysis import Analysis
from hpviz.analysis.drilldown import drilldown, unplotted
from hpviz.analysis.table import listed_rows
from hpviz.contract import EMPTY_TEXTS, ValueStat
from hpviz.jsonsafe import json_safe

__all__ = ["analysis_traits", "drilldown_view", "finite_count", "rows_for_js"]


def analysis_traits(
    result: Analysis,
    parameters: Sequence[str],
    notes: Sequence[str],
    actions: Sequence[dict] = (),
) -> dict:
    """The traits that display ``result``: status, message, notes, warnings, the buttons the
    notes call for, rows and counts. ``parameters`` are the panel's, ``notes`` and ``actions``
    those of its runs (shown before the analysis')."""
    visible = result.table
    if (
        result.n_runs == 0
        and result.n_excluded == 0
        and any(n.startswith("No finished") for n in notes)
    ):
        status, message = "empty", " ".join(notes)  # no run at all yet: the runs' notes say why
    elif not parameters:
        status, message = "empty", EMPTY_TEXTS["no_parameters"]
    elif listed_rows(visible).empty and len(visible) < len(parameters):
        # every parameter the table lists is hidden (constants and identifiers are never listed)
        status = "empty"
        n_hidden = len(parameters) - len(visible)
        message = EMPTY_TEXTS["all_hidden"].format(n=n_hidden)
    elif result.reason:
        status, message = "empty", result.reason
    else:
        status, message = "ready", " ".join([*notes, *result.notes])
    shown = [*notes, *result.notes] if status == "ready" else []
    return {
        "status": status,
        "message": message,
        "notes": shown,
        "warnings": result.warnings if status == "ready" else [],
        "note_actions": [a for a in [*actions, *result.actions] if a["note"] in shown],
        "fitted_on": result.target,
        "rows": rows_for_js(visible),
        "noise_floor": result.noise_floor,
        "n_runs": result.n_runs,
        "n_excluded": result.n_excluded,
    }


# what a categorical's value sends (hpviz.contract.ValueStat; "others" only on the entry that
# sums up the values not listed)
_VALUE_KEYS = tuple(ValueStat.__annotations__)


def rows_for_js(table: pd.DataFrame) -> list[dict]:
    """The table's rows as the front end reads them: plain JSON, missing numbers as None
    (an importance as 0)."""
    rows = json_safe(table.to_dict("records"))
    for row in rows:
        for name in ("importance", "importance_low", "importance_high"):
            row[name] = row[name] or 0.0
        row["useful"] = bool(row["useful"])
        row["values"] = [
            {key: value.get(key) for key in _VALUE_KEYS if key in value} for value in row["values"]
        ]
    return rows


def drilldown_view(
    frame: pd.DataFrame,
    metric: str,
    param: str,
    *,
    goal: str,
    seed: int,
    run_names: str | None,
    scale: str | None,
) -> dict:
    """The ``drilldown`` trait of ``param`` (:func:`hpviz.analysis.drilldown.drilldown`); a
    failure is said in its ``message``, in the same shape, never raised into a trait."""
    try:
        return drilldown(
            frame, metric, param, goal=goal, seed=seed, run_names=run_names, scale=scale
        )
    except Exception as error:  # noqa: BLE001 — shown in the plot's place
        text = f"Could not plot {param}: {type(error).__name__}: {error}"
        return unplotted(param, metric, goal, text)


def finite_count(frame: pd.DataFrame, metric: str) -> int:
    """Runs with a finite value of ``metric`` in ``frame`` (0 when it has no such column)."""
    if metric not in frame.columns:
        return 0
    values = pd.to_numeric(frame[metric], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return int(np.isfinite(values).sum())
