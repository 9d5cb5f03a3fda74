"""The panel by keyboard only, in JupyterLab: Tab, Shift+Tab, Enter, Space and Escape.

Focus enters the panel once, programmatically (as Tab from the notebook would land there); from
then on every action is a key press, and the kernel's ``panel`` is read back to check it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_panel_lab import panel  # noqa: F401  (the fixture: the sweep's panel in a notebook)

pytestmark = pytest.mark.browser

ACTIVE = """root => {
  const a = document.activeElement;
  if (!a || !root.contains(a)) return null;
  const style = getComputedStyle(a);
  return {
    tag: a.tagName.toLowerCase(),
    cls: a.className || '',
    sort: a.dataset.sort || null,
    parameter: a.dataset.parameter || null,
    row: a.closest('tr[data-parameter]')?.getAttribute('data-parameter') ?? null,
    label: a.getAttribute('aria-label'),
    expanded: a.getAttribute('aria-expanded'),
    text: (a.textContent || '').trim(),
    inDialog: !!a.closest('[role=dialog]'),
    focusVisible: a.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    ring: style.boxShadow !== 'none',
  };
}"""


def active(view):
    return view.root.evaluate(ACTIVE)


def tab_to(view, check, what: str, shift: bool = False, limit: int = 60):
    """Press Tab (or Shift+Tab) until the focused element in the panel passes ``check``."""
    seen = []
    for _ in range(limit):
        view.page.keyboard.press("Shift+Tab" if shift else "Tab")
        now = active(view)
        seen.append(now and (now["cls"], now["text"][:20]))
        if now and check(now):
            return now
    raise AssertionError(f"{what} not reached by keyboard; focus went through {seen}")


def assert_focus_visible(state):
    assert state["focusVisible"], state
    assert state["outline"] or state["ring"], f"no visible focus indicator on {state}"


def test_walk_the_panel_by_keyboard(panel):  # noqa: F811
    view, page = panel, panel.page
    view.root.locator(".hpviz-select").focus()  # the way in; everything after is keys

    # headers: focusable, Enter and Space sort, aria-sort follows
    state = tab_to(view, lambda a: a["sort"] == "correlation", "the Correlation header")
    assert_focus_visible(state)
    page.keyboard.press("Enter")
    view.wait_kernel("[panel.sort_by, panel.descending]", lambda v: v == ["correlation", True])
    expect(view.header("Correlation")).to_have_attribute("aria-sort", "descending")
    expect(view.header("Importance")).to_have_attribute("aria-sort", "none")
    page.keyboard.press("Space")
    view.wait_kernel("[panel.sort_by, panel.descending]", lambda v: v == ["correlation", False])
    expect(view.header("Correlation")).to_have_attribute("aria-sort", "ascending")
    state = tab_to(view, lambda a: a["sort"] == "parameter", "the Parameter header", shift=True)
    page.keyboard.press("Enter")
    view.wait_kernel("panel.sort_by", lambda v: v == "parameter")
    expect(view.header("Parameter")).to_have_attribute("aria-sort", "ascending")

    # the manager: opens with Enter, focus inside, Tab is trapped, Space toggles, Escape closes
    state = tab_to(view, lambda a: "hpviz-manage" in a["cls"], "the Parameters button", shift=True)
    assert_focus_visible(state)
    page.keyboard.press("Enter")
    dialog = view.root.locator("[role=dialog]")
    expect(dialog).to_be_visible()
    assert active(view)["inDialog"], "focus did not move into the dialog"
    n_focusable = dialog.locator("input, button").count()
    for _ in range(n_focusable + 3):  # all the way round and further: focus stays inside
        page.keyboard.press("Tab")
        assert (active(view) or {}).get("inDialog"), "Tab left the modal dialog"
    for _ in range(n_focusable + 3):
        page.keyboard.press("Shift+Tab")
        assert (active(view) or {}).get("inDialog"), "Shift+Tab left the modal dialog"
    state = tab_to(view, lambda a: a["parameter"] == "noise_a", "the noise_a checkbox")
    assert_focus_visible(state)
    page.keyboard.press("Space")
    view.wait_kernel("panel.hidden", lambda v: v == ["noise_a"])
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    state = active(view)
    assert state and "hpviz-manage" in state["cls"], f"focus not back on Parameters: {state}"

    # the wand: reachable and operable
    state = tab_to(view, lambda a: "hpviz-wand" in a["cls"], "the wand")
    assert_focus_visible(state)
    page.keyboard.press("Enter")
    hidden = view.wait_kernel(
        "panel.hidden", lambda v: "noise_b" in v and "lr" not in v, "the wand did not run"
    )
    assert "optimizer" not in hidden
    expect(view.root).to_have_attribute("data-status", "ready", timeout=60_000)
    assert sorted(view.shown()) == sorted(
        p for p in view.kernel("panel.parameters") if p not in hidden
    )


def test_drilldown_by_keyboard(panel):  # noqa: F811
    """Each row's name is a disclosure button: Enter or Space opens and closes its plot, the
    plot's Close button (or Escape in the plot) closes it and gives focus back to the row."""
    view, page = panel, panel.page
    root = view.root
    view.root.locator(".hpviz-select").focus()

    state = tab_to(view, lambda a: a["row"] == "lr" and a["tag"] == "button", "the lr row")
    assert_focus_visible(state)
    assert state["label"] == "Plot lr against val_loss", state
    assert state["expanded"] == "false", state
    lr = view.row("lr").get_by_role("button", name="Plot lr against val_loss")

    # Enter opens, Space closes again (focus stays on the row's control)
    page.keyboard.press("Enter")
    view.wait_kernel("panel.selected", lambda v: v == "lr", "Enter did not open the plot")
    region = root.get_by_role("region", name="lr against val_loss")
    expect(region.locator("svg")).to_have_attribute("data-xscale", "log")
    expect(lr).to_have_attribute("aria-expanded", "true")
    expect(lr).to_have_attribute("aria-controls", region.evaluate("r => r.id"))
    assert active(view)["row"] == "lr"
    page.keyboard.press("Space")
    view.wait_kernel("panel.selected", lambda v: v == "", "Space did not close the plot")
    expect(root.locator("section.hpviz-drill")).to_have_count(0)
    expect(lr).to_have_attribute("aria-expanded", "false")

    # another row: Tab on, Space opens it; Tab reaches the plot's Close; Enter closes
    order = view.shown()
    backwards = order.index("optimizer") < order.index("lr")
    tab_to(view, lambda a: a["row"] == "optimizer", "the optimizer row", shift=backwards)
    page.keyboard.press("Space")
    view.wait_kernel("panel.selected", lambda v: v == "optimizer")
    expect(root.get_by_role("region", name="optimizer against val_loss")).to_be_visible()
    state = tab_to(view, lambda a: "hpviz-drill-close" in a["cls"], "the plot's Close button")
    assert_focus_visible(state)
    assert state["label"] == "Close the plot of optimizer", state
    page.keyboard.press("Enter")
    view.wait_kernel("panel.selected", lambda v: v == "", "Close did not close the plot")
    expect(root.locator("section.hpviz-drill")).to_have_count(0)
    state = active(view)
    assert state and state["row"] == "optimizer" and state["tag"] == "button", (
        f"focus not back on the optimizer row: {state}"
    )
    assert state["expanded"] == "false", state

    # Escape in the plot closes it too, focus back on the row
    page.keyboard.press("Enter")
    view.wait_kernel("panel.selected", lambda v: v == "optimizer")
    tab_to(view, lambda a: "hpviz-drill-close" in a["cls"], "the plot's Close button")
    page.keyboard.press("Escape")
    view.wait_kernel("panel.selected", lambda v: v == "", "Escape did not close the plot")
    expect(root.locator("section.hpviz-drill")).to_have_count(0)
    state = active(view)
    assert state and state["row"] == "optimizer", f"focus not back on the row: {state}"
