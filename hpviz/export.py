"""A panel as one self-contained HTML file: the front end, its styles and its state, inlined.

The page needs no kernel and no network. It loads the very module the widget uses
(``hpviz/static/widget.js``) as an inline ``<script type="module">``; its ``mountStandalone``
renders the panel over an in-page model holding the state as JSON, so sorting, searching,
hiding and the CSV download work as in the notebook. What needs Python does not: hiding a
parameter removes its row but does not refit the forest (the importances stay those of the
exported analysis), and the wand hides the rows below the exported analysis' noise floor.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping

__all__ = ["script_json", "standalone_html"]

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)

# The front end's bundle exports `mountStandalone` for this page (js/src/standalone.js): it
# reads the state below and renders the panel over an in-page model. This call runs in the
# same module script, after the bundle's code, so the name is the bundle's own.
_BOOT = 'mountStandalone("hpviz-state", document.getElementById("hpviz-export"));'


def _finite(value: object) -> object:
    """``value`` with NaN and infinities (not JSON) replaced by None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` (escaped as
    ``\\u003c`` …, which JSON.parse reads back), NaN as null, and no U+2028/U+2029."""
    text = json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)
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
