"""ImportancePanel in a real JupyterLab: what the user sees and clicks, and the kernel's view of it.

Each test gets a blank notebook (on the harness's kept kernel), builds the tests' synthetic
sweep whose truth is known (only ``lr`` and ``optimizer`` matter for ``val_loss``), displays
the panel in a cell output by running the cell through the notebook's run command, then acts in
the page and reads the ``panel`` object back from the kernel.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.sweeps import SWEEP_IMPORT

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="window.__xss=1">'

# The sweep, built in the kernel: the tests' shared sweep (tests/sweeps.py), 400 runs of a
# random search where val_loss depends on lr (log scale, optimum at 10**-2.5) and on the
# optimizer; everything else is irrelevant; and a parameter named like an HTML attack.
# ``params`` is explicit: hpviz would otherwise treat ``run_name`` (and the dotted XSS name)
# as run metadata, and these tests want both as parameters.
SWEEP = f"""
{SWEEP_IMPORT}
import numpy as np
from hpviz import ImportancePanel

XSS = {XSS!r}
df = make_sweep(400)
df.insert(7, XSS, np.random.default_rng(2).normal(size=len(df)).round(3))
PARAMS = [c for c in df.columns if c not in ("val_loss", "val_acc")]
"""
PARAMS = ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const", "run_name", XSS]
# the table lists neither the constant nor the identifier (the Parameters dialog lists them)
LISTED = [p for p in PARAMS if p not in ("const", "run_name")]
SHOW_PANEL = 'panel = ImportancePanel(df, metric="val_loss", params=PARAMS)\npanel'

READY = 60_000  # ms: first render includes loading the front end and fitting the forest


def by_name(names):
    """The panel's parameter order: case-folded name, then name."""
    return sorted(names, key=lambda name: (name.lower(), name))


def eventually(
    get: Callable[[], object], check: Callable[[object], bool], what: str, timeout: float = 15.0
):
    """Poll ``get()`` until ``check(value)``; fail with the last value after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {value!r} after {timeout:.0f} s")
        time.sleep(0.05)


class PanelView:
    """The displayed panel (locators inside its cell output) and the kernel's ``panel``."""

    def __init__(self, lab, root):
        self.lab = lab
        self.page = lab.page
        self.root = root
        self.table = root.locator("table.hpviz-table")
        self.rows = self.table.locator("tbody tr[data-parameter]")

    def row(self, name: str):
        """The row of a parameter with a plain name (no quotes or backslashes)."""
        return self.table.locator(f'tbody tr[data-parameter="{name}"]')

    def header(self, label: str):
        return self.table.locator("thead th").filter(has_text=re.compile(rf"^\s*{label}\b"))

    def shown(self) -> list[str]:
        """``data-parameter`` of the table's rows, top to bottom."""
        return self.rows.evaluate_all("rows => rows.map(r => r.getAttribute('data-parameter'))")

    def expect_shown(self, expected: list[str], timeout: float = 15.0) -> list[str]:
        return eventually(
            self.shown,
            lambda got: got == list(expected),
            f"rows shown, expected {list(expected)!r}",
            timeout,
        )

    def kernel(self, expression: str):
        return self.lab.python_json(expression)

    def kernel_table(self) -> list[str]:
        return self.kernel("list(panel.table['parameter'])")

    def wait_kernel(self, expression: str, check: Callable[[object], bool], message: str = ""):
        return self.lab.wait_for_python(expression, check, timeout=30, message=message)

    def expect_ready(self):
        expect(self.root).to_have_attribute("data-status", "ready", timeout=READY)


def _notebook_name(request) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)


@pytest.fixture
def panel(lab, request) -> PanelView:
    yield show_panel(lab, _notebook_name(request), SWEEP, SHOW_PANEL)
    assert_page_clean(lab)


def show_panel(lab, notebook: str, *cells: str) -> PanelView:
    """Run ``cells`` in a new notebook; the last one displays a panel: it, once ready."""
    lab.open_notebook(notebook)
    for source in cells:
        cell = lab.run_cell(source)
    view = PanelView(lab, cell.output.locator("div.hpviz"))
    expect(view.root).to_be_visible(timeout=READY)
    view.expect_ready()
    return view


def assert_page_clean(lab) -> None:
    """No uncaught error in the page, and no request to anywhere but the Jupyter server."""
    errors = [line for line in lab.console if line.startswith("[pageerror]")]
    assert not errors, "uncaught errors in the page:\n" + "\n".join(errors)
    assert not lab.external_requests, f"the page called out: {lab.external_requests}"


# --- 1. rendering ----------------------------------------------------------------------------


def test_renders_header_runs_and_all_parameters_by_importance(panel):
    root, page = panel.root, panel.page
    assert panel.kernel("panel.parameters") == PARAMS

    expect(root).to_contain_text("Parameter importance with respect to")
    select = root.locator('select[aria-label="Metric"]')
    expect(select).to_have_value("val_loss")
    metrics = panel.kernel("panel.metrics")
    assert set(metrics) == {"val_loss", "val_acc"}
    assert select.locator("option").evaluate_all("os => os.map(o => o.value)") == metrics
    expect(root.locator("span.hpviz-runs")).to_have_text(re.compile(r"\b400 runs\b"))

    shown = panel.expect_shown(panel.kernel_table())
    assert sorted(shown) == sorted(LISTED)
    assert shown[0] == "lr"
    expect(panel.header("Importance")).to_have_attribute("aria-sort", "descending")
    expect(panel.header("Parameter")).to_have_attribute("aria-sort", "none")
    expect(panel.header("Correlation")).to_have_attribute("aria-sort", "none")
    for label in ("Parameter", "Importance", "Correlation"):
        expect(panel.header(label).locator("button.hpviz-sort")).to_have_count(1)

    # A parameter name is text, never markup.
    xss_row = panel.rows.filter(has_text=XSS)
    expect(xss_row).to_have_count(1)
    assert xss_row.get_attribute("data-parameter") == XSS
    expect(page.locator('img[src="x"]')).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"


# --- 2. sorting ------------------------------------------------------------------------------


def test_sorting_by_clicking_column_headers(panel):
    parameter, importance, correlation = (
        panel.header("Parameter"),
        panel.header("Importance"),
        panel.header("Correlation"),
    )

    parameter.locator("button.hpviz-sort").click()
    panel.expect_shown(by_name(LISTED))
    expect(parameter).to_have_attribute("aria-sort", "ascending")
    expect(importance).to_have_attribute("aria-sort", "none")
    panel.wait_kernel("[panel.sort_by, panel.descending]", lambda v: v == ["parameter", False])
    assert panel.kernel_table() == by_name(LISTED)

    parameter.locator("button.hpviz-sort").click()
    panel.expect_shown(by_name(LISTED)[::-1])
    expect(parameter).to_have_attribute("aria-sort", "descending")
    panel.wait_kernel("[panel.sort_by, panel.descending]", lambda v: v == ["parameter", True])

    correlation.locator("button.hpviz-sort").click()
    expect(correlation).to_have_attribute("aria-sort", "descending")
    expect(parameter).to_have_attribute("aria-sort", "none")
    panel.wait_kernel("[panel.sort_by, panel.descending]", lambda v: v == ["correlation", True])
    # every row by its strength |r|, a categorical by its strongest value's
    # (hpviz.analysis.table._correlation_key)
    table = panel.kernel(
        "[[p, None if k != k else k] for p, k in zip(panel.table['parameter'], "
        "[__import__('hpviz.analysis.table', fromlist=['x'])._correlation_key(c, v) "
        "for c, v in zip(panel.table['correlation'], panel.table['values'])])]"
    )
    panel.expect_shown([name for name, _ in table])
    values = [c for _, c in table if c is not None]
    assert values == sorted(values, reverse=True), table
    assert "optimizer" not in [name for name, c in table if c is None], table
    # the constant and the identifier (no r) are not listed at all
    assert not {"const", "run_name"} & {name for name, _ in table}, table


# --- 3. metric switch ------------------------------------------------------------------------


def test_metric_switch_keeps_hidden_parameters(panel):
    panel.lab.run_python('panel.hide("noise_a")')
    expect(panel.row("noise_a")).to_have_count(0)
    panel.expect_shown(panel.kernel_table())
    lr_before = panel.row("lr").inner_text()

    panel.root.locator('select[aria-label="Metric"]').select_option("val_acc")
    panel.wait_kernel("panel.metric", lambda v: v == "val_acc")
    expect(panel.root.locator('select[aria-label="Metric"]')).to_have_value("val_acc")
    panel.expect_ready()
    assert panel.kernel("panel.hidden") == ["noise_a"]
    expected = panel.kernel_table()
    assert "noise_a" not in expected and sorted(expected) == sorted(set(LISTED) - {"noise_a"})
    panel.expect_shown(expected)
    expect(panel.row("noise_a")).to_have_count(0)
    # val_acc falls as val_loss rises: lr's correlation changes sign, so its row re-rendered.
    eventually(
        lambda: panel.row("lr").inner_text(),
        lambda text: text != lr_before,
        "lr's row after switching to val_acc",
    )
    expect(panel.root.locator("span.hpviz-runs")).to_have_text(re.compile(r"\b400 runs\b"))


# --- 4. the parameter manager ----------------------------------------------------------------


def test_parameter_manager_hides_and_shows(panel):
    page, root = panel.page, panel.root
    open_button = root.locator("button").filter(has_text=re.compile(r"^\s*Parameters\b"))
    dialog = page.locator('div[role="dialog"][aria-label="Manage parameters"]')
    expect(dialog).to_be_hidden()

    open_button.click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name=re.compile(r"^Hidden \(0\)"))).to_be_visible()
    expect(dialog.get_by_role("heading", name=re.compile(r"^Visible \(6\)"))).to_be_visible()
    # the constant and the identifier are listed apart, without a checkbox
    aside = dialog.locator(".hpviz-manager-aside")
    expect(aside.get_by_role("heading")).to_have_text("Constants and identifiers (2)")
    boxes = dialog.locator('input[type="checkbox"]')
    expect(boxes).to_have_count(len(LISTED))
    assert sorted(boxes.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")) == sorted(
        LISTED
    )
    for name in LISTED:  # the XSS name included: a label is text
        expect(dialog.get_by_role("checkbox", name=name, exact=True)).to_be_checked()

    search = dialog.locator('input[type="search"][aria-label="Search in parameters"]')
    search.fill("noise")
    visible_boxes = boxes.filter(visible=True)
    eventually(
        lambda: sorted(
            visible_boxes.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
        ),
        lambda got: got == ["noise_a", "noise_b"],
        "checkboxes matching 'noise'",
    )

    noise_b = dialog.locator('input[type="checkbox"][aria-label="noise_b"]')
    noise_b.click()
    expect(noise_b).not_to_be_checked()
    expect(panel.row("noise_b")).to_have_count(0)
    expect(panel.row("noise_a")).to_have_count(1)
    panel.wait_kernel("panel.hidden", lambda v: v == ["noise_b"])
    # (while searching: what is listed of the whole)
    expect(dialog.get_by_role("heading", name=re.compile(r"^Hidden \(1 of 1\)"))).to_be_visible()
    expect(dialog.get_by_role("heading", name=re.compile(r"^Visible \(1 of 5\)"))).to_be_visible()
    panel.expect_shown(panel.kernel_table())

    # Escape closes the dialog (focus is on the checkbox just clicked).
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    open_button.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close", exact=True).click()
    expect(dialog).to_be_hidden()

    # "Hide all" and "Show all" (no search in the dialog: every parameter).
    open_button.click()
    expect(dialog).to_be_visible()
    expect(boxes).to_have_count(len(LISTED))
    dialog.get_by_role("button", name="Hide all", exact=True).click()
    empty = root.locator(".hpviz-empty")
    expect(empty).to_be_visible()
    expect(empty).to_have_attribute("role", "status")
    expect(empty).to_contain_text(re.compile("hidden", re.IGNORECASE))
    expect(root).to_have_attribute("data-status", "empty")
    expect(panel.rows).to_have_count(0)
    panel.wait_kernel("sorted(panel.hidden)", lambda v: v == sorted(LISTED))
    expect(dialog.get_by_role("heading", name=re.compile(r"^Hidden \(6\)"))).to_be_visible()

    dialog.get_by_role("button", name="Show all", exact=True).click()
    panel.expect_ready()
    expect(empty).to_be_hidden()
    panel.wait_kernel("panel.hidden", lambda v: v == [])
    panel.expect_shown(panel.kernel_table())
    assert sorted(panel.shown()) == sorted(LISTED)
    expect(dialog.get_by_role("heading", name=re.compile(r"^Visible \(6\)"))).to_be_visible()

    # The dialog is still open and modal: Escape must close it, wherever "Show all" left focus.
    page.keyboard.press("Escape")
    focus = page.evaluate("() => document.activeElement && document.activeElement.tagName")
    expect(
        dialog, f"Escape after 'Show all' left the dialog open (focus on <{focus}>)"
    ).to_be_hidden()

    # …also after a click on something inside it that takes no focus (a heading).
    open_button.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("heading", name=re.compile(r"^Visible")).click()
    page.keyboard.press("Escape")
    focus = page.evaluate("() => document.activeElement && document.activeElement.className")
    expect(
        dialog, f"Escape after a click on a heading in the dialog left it open (focus: {focus!r})"
    ).to_be_hidden()


# --- 5. the magic wand -----------------------------------------------------------------------


def test_wand_shows_the_useful_parameters(panel):
    panel.lab.run_python("panel.hide(*panel.parameters)")
    expect(panel.root.locator(".hpviz-empty")).to_be_visible()
    expect(panel.rows).to_have_count(0)

    panel.root.locator('button[aria-label="Automatically show the most useful parameters"]').click()
    hidden = panel.wait_kernel(
        "panel.hidden",
        lambda v: "lr" not in v and "optimizer" not in v,
        "the wand should show lr and optimizer",
    )
    assert {"const", "run_name", "noise_a"} <= set(hidden), hidden
    panel.expect_ready()
    expected = panel.kernel_table()
    assert expected[:2] == ["lr", "optimizer"], expected
    panel.expect_shown(expected)


# --- 6. Python drives the page ---------------------------------------------------------------


def test_python_changes_show_in_the_page(panel):
    search = panel.root.locator('input[type="search"][aria-label="Search parameters"]')
    expect(search).to_have_value("")

    panel.lab.run_python('panel.sort_by = "parameter"\npanel.search = "noise"')
    expect(search).to_have_value("noise")
    expected = panel.kernel_table()
    assert expected == ["noise_b", "noise_a"]  # sort_by parameter, still descending
    panel.expect_shown(expected)
    expect(panel.header("Parameter")).to_have_attribute("aria-sort", "descending")

    # …and the search box writes back.
    search.fill("BATCH")
    panel.wait_kernel("panel.search", lambda v: v == "BATCH")
    panel.expect_shown(["batch_size"])
    search.fill("")
    panel.wait_kernel("panel.search", lambda v: v == "")
    panel.expect_shown(by_name(LISTED)[::-1])
