"""ImportancePanel in marimo, the other notebook where anywidgets run, driven in Chromium.

The notebook shows ``mo.ui.anywidget(panel)`` and, in a downstream cell, what
``w.value`` says. marimo runs that cell again when the page writes to the panel (the metric
selector); the fit's result and the wand's choice are made in Python between cell runs, and a
cell reading ``w.value`` sees them only if marimo is told (``_rerun_marimo_readers`` in
``hpviz/widget.py``). The test switches the metric in the panel, clicks the wand, and waits
for the downstream cell to show the finished state.
"""

from __future__ import annotations

import contextlib
import os
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .marimo_server import MarimoServer, start_marimo, stop_marimo

pytestmark = pytest.mark.browser

READY = 60_000  # ms: the page, the front end, and a fit of the 300-run digits sweep
SETTLE = 30_000  # ms: a fit of one metric, and marimo running the downstream cell again

# (a) the panel, (b) the panel as a marimo UI element, (c) a cell reading its value. The
# output of (c) is one line, "downstream status=… metric=… hidden=a,b … parameters=N .",
# built from pieces so that the cell's source never reads like its output.
NOTEBOOK = """\
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from hpviz import ImportancePanel
    from hpviz.datasets import load_digits_sweep

    panel = ImportancePanel(load_digits_sweep())
    return mo, panel


@app.cell
def _(mo, panel):
    w = mo.ui.anywidget(panel)
    w
    return (w,)


@app.cell
def _(mo, w):
    _state = w.value
    mo.plain_text(
        "downstream"
        + f" status={_state['status']} metric={_state['metric']}"
        + f" hidden={','.join(_state['hidden'])}"
        + f" parameters={len(_state['parameters'])} ."
    )
    return


if __name__ == "__main__":
    app.run()
"""

DOWNSTREAM = re.compile(r"downstream status=(\S+) metric=(\S+) hidden=(\S*) parameters=(\d+) \.")


@dataclass
class MarimoPage:
    page: object  # Playwright page on the marimo editor
    server: MarimoServer
    console: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    @property
    def panel(self):
        return self.page.locator("div.hpviz")

    @property
    def downstream(self):
        return self.page.locator("pre").filter(has_text=DOWNSTREAM)

    def expect_downstream(self, pattern: str, what: str) -> dict:
        """Wait until the downstream cell's line matches ``pattern``; its fields."""
        expect(self.downstream, f"the downstream cell never showed {what}").to_have_text(
            re.compile(pattern), timeout=SETTLE
        )
        status, metric, hidden, parameters = DOWNSTREAM.search(
            self.downstream.inner_text()
        ).groups()
        return {
            "status": status,
            "metric": metric,
            "hidden": hidden.split(",") if hidden else [],
            "parameters": int(parameters),
        }


@pytest.fixture
def marimo_page(browser, tmp_path, request) -> Iterator[MarimoPage]:
    """``marimo edit`` on the notebook above (its cells run when it opens), opened in a fresh
    browser page; the server and its kernel are stopped at the end, also after a failure,
    which leaves a full-page screenshot and the server's log tail."""
    notebook = tmp_path / "notebooks" / "panel_in_marimo.py"
    notebook.parent.mkdir()
    notebook.write_text(NOTEBOOK)
    server = start_marimo(notebook, tmp_path / "marimo")
    context = None
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        page = context.new_page()
        page.set_default_timeout(30_000)
        marimo = MarimoPage(page, server)
        page.on("console", lambda m: marimo.console.append(f"[{m.type}] {m.text}"))
        page.on("pageerror", lambda e: marimo.console.append(f"[pageerror] {e}"))
        local = urllib.parse.urlsplit(server.url).netloc

        def on_request(req):
            parts = urllib.parse.urlsplit(req.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
                marimo.external_requests.append(req.url)

        page.on("request", on_request)
        page.goto(server.url)
        yield marimo
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            artifacts = Path(os.environ.get("HPVIZ_E2E_ARTIFACTS", tmp_path))
            artifacts.mkdir(parents=True, exist_ok=True)
            shot = artifacts / f"{request.node.name}.png"
            with contextlib.suppress(Exception):  # a crashed page cannot be pictured
                page.screenshot(path=str(shot), full_page=True)
                print(f"\nscreenshot of the failing page: {shot}")
            errors = [line for line in marimo.console if "error" in line[:12].lower()]
            if errors:
                print("browser console errors:\n" + "\n".join(errors[-20:]))
            print(f"marimo's log:\n{server.log_tail()}")
    finally:
        if context is not None:
            context.close()
        stop_marimo(server)


def test_downstream_cell_sees_the_finished_state(marimo_page):
    panel = marimo_page.panel

    # The panel renders, and the first fit reaches the cell reading w.value.
    expect(panel, "the panel did not render in marimo").to_have_attribute(
        "data-status", "ready", timeout=READY
    )
    expect(panel.locator(".hpviz-row").first).to_be_visible()
    select = panel.locator("select.hpviz-select")
    first = select.input_value()
    state = marimo_page.expect_downstream(
        rf"status=ready metric={re.escape(first)} hidden= ", f"the first fit of {first}"
    )
    assert state["parameters"] == panel.locator(".hpviz-row").count() > 1

    # Another metric, chosen in the panel: marimo runs the downstream cell when the page writes
    # the metric; the fit finishes later, and the cell must see it.
    options = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    metric = next(option for option in options if option != first)
    select.select_option(metric)
    marimo_page.expect_downstream(
        rf"status=ready metric={re.escape(metric)} hidden= ",
        f"status ready for {metric} (it said computing before the fit finished)",
    )
    expect(panel).to_have_attribute("data-status", "ready")

    # The wand: its choice is made in Python, then the visible parameters are fitted.
    panel.locator("button.hpviz-wand").click()
    state = marimo_page.expect_downstream(
        rf"status=ready metric={re.escape(metric)} hidden=\S+ ",
        f"the wand's choice, fitted (status ready, {metric}, parameters hidden)",
    )
    expect(panel).to_have_attribute("data-status", "ready")
    names = panel.locator(".hpviz-row .hpviz-name")
    expect(names).to_have_count(state["parameters"] - len(state["hidden"]))
    shown = set(names.all_inner_texts())
    assert shown and not shown & set(state["hidden"]), (shown, state["hidden"])
    assert not marimo_page.external_requests, (
        f"the page called out: {marimo_page.external_requests}"
    )
