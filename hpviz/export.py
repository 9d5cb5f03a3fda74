"""A panel as one self-contained HTML file: the front end, its styles and its state, inlined.

The page needs no kernel and no network. It loads the very module the widget uses
(``hpviz/static/widget.js``) as an inline ``<script type="module">``; its ``mountStandalone``
renders the panel over an in-page model holding the state as JSON, so sorting, searching,
hiding and the CSV download work as in the notebook. What needs Python does not: hiding a
parameter removes its row but does not refit the forest (the importances stay those of the
exported analysis), and the wand applies the choice the panel's wand made of the exported
analysis (shipped as ``wand``, so the page and the notebook follow one rule).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from hpviz.analysis.drilldown import MAX_POINTS, drilldown
from hpviz.analysis.pairgrid import pair_grid
from hpviz.jsonsafe import json_safe

__all__ = ["export_state", "script_json", "standalone_html"]

EXPORT_POINTS = 100_000  # drill-down points in a static export, over all its plots
EXPORT_DRILLDOWNS = 300  # rows (the most important) whose drill-down a static export carries

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)

# The front end's bundle exports `mountStandalone` for this page (js/src/standalone.js): it
# reads the state below and renders the panel over an in-page model. This call runs in the
# same module script, after the bundle's code, so the name is the bundle's own.
_BOOT = 'mountStandalone("hpviz-state", document.getElementById("hpviz-export"));'


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` (escaped as
    ``\\u003c`` …, which JSON.parse reads back), NaN as null, and no U+2028/U+2029."""
    text = json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def standalone_html(state: Mapping[str, object], js: str, css: str, title: str) -> str:
    """One HTML page showing the panel for ``state`` (the synced traits) with the front-end
    module ``js`` and stylesheet ``css`` inlined."""
    # "</script" or "<!--" in the module (in a string or comment) would end or confuse the
    # script element; "<\\/" means the same in JavaScript strings, regexes and comments.
    js = _SCRIPT_END.sub(r"<\\/\1", js).replace("<!--", "<\\!--")
    css = _STYLE_END.sub(r"<\\/\1", css)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hpviz">
<title>{html.escape(title)}</title>
<style>
body {{ margin: 16px; font-family: system-ui, sans-serif; }}
{css}
</style>
</head>
<body>
<div id="hpviz-export"></div>
<script type="application/json" id="hpviz-state">{script_json(dict(state))}</script>
<script type="module">
{js}
{_BOOT}
</script>
</body>
</html>
"""


def export_state(
    synced: Mapping[str, Any],
    *,
    frame: pd.DataFrame,
    hidden_now: Sequence[str],
    wand: Sequence[str],
    seed: int = 0,
    run_names: str | None = None,
) -> dict:
    """The state a static page starts from: the panel's synced traits ``synced`` narrowed to
    the exported analysis (its rows are the parameters; none hidden), the names the wand shows
    (computed by the panel, so the page applies the same rule) and every row's drill-down.

    The file stays a few MB at any size: the :data:`EXPORT_DRILLDOWNS` most important rows
    carry their drill-down, sharing :data:`EXPORT_POINTS` points; the others say that their
    plot is in the notebook.
    """
    rows = list(synced.get("rows") or [])
    names = [row["parameter"] for row in rows]
    metric, goal = str(synced["metric"]), str(synced["goal"])
    note = (
        f"Static export: the analysis of {len(names)} parameters"
        + (f" ({len(hidden_now)} hidden ones left out)" if hidden_now else "")
        + ". Hiding a parameter here removes its row without refitting the forest."
    )
    state = dict(synced)
    state.update(
        metrics=[metric],
        parameters=names,
        hidden=[],
        wand=[name for name in wand if name in set(names)],
        message=" ".join(filter(None, [str(synced.get("message", "")).strip(), note])),
        notes=[*(synced.get("notes") or []), note],  # shown one per line instead of message
        wand_choice={},  # the page starts with nothing hidden: no choice of the wand in force
    )
    ranked = [row["parameter"] for row in sorted(rows, key=lambda row: -row["importance"])]
    plotted = ranked[:EXPORT_DRILLDOWNS]
    points = max(50, min(MAX_POINTS, EXPORT_POINTS // max(len(plotted), 1)))
    try:
        drilldowns = {
            name: drilldown(
                frame, metric, name, goal=goal, max_points=points, seed=seed, run_names=run_names
            )
            for name in plotted
        }
    except Exception:  # noqa: BLE001 — the table alone is still worth exporting
        drilldowns = {}
    for name in ranked[EXPORT_DRILLDOWNS:]:
        drilldowns[name] = {
            "parameter": name,
            "kind": "none",
            "message": f"Only the {EXPORT_DRILLDOWNS} most important parameters carry their "
            f"plot in this file; {name}'s is in the notebook.",
        }
    state["_drilldowns"] = drilldowns
    # every listed pair's heatmap (at most 28 of 12 × 12 cells), keyed by the pair as the page's
    # JSON.stringify writes it
    views = {}
    for pair in synced.get("pairs") or []:
        names = [pair["parameter_a"], pair["parameter_b"]]
        try:
            key = json.dumps(names, separators=(",", ":"), ensure_ascii=False)
            views[key] = pair_grid(frame, metric, *names, goal=goal)
        except Exception:  # noqa: BLE001 — the list alone is still worth exporting
            continue
    state["_pair_views"] = views
    return json_safe(state)
