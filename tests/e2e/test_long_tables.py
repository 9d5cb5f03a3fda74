"""A panel with hundreds of parameters, in a real JupyterLab: only the rows near the view are in
the page, yet scrolling, sorting, searching and hiding show the right rows in the right order."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_panel_lab import (
    PanelView,
    assert_page_clean,
    by_name,
    eventually,
    show_panel,
)

pytestmark = pytest.mark.browser

N_PARAMS = 300
SHOW_WIDE = f"""
from hpviz import ImportancePanel
from hpviz.datasets import synthetic_sweep
panel = ImportancePanel(synthetic_sweep(400, {N_PARAMS}), metric="val_loss")
panel
"""


@pytest.fixture(scope="module")
def wide_panel(shared_lab) -> PanelView:
    """The panel, shown once for the module (its fit takes seconds); ``wide`` resets it."""
    view = show_panel(shared_lab, "long_table", SHOW_WIDE)
    shared_lab.hold = True
    try:
        yield view
    finally:
        shared_lab.hold = False
        shared_lab.end_test()


# Back to the panel as first shown: every parameter, by importance, nothing searched or open.
RESET = """
panel.selected = ""
panel.hidden = []
panel.search = ""
panel.sort_by = "importance"
panel.descending = True
"""


@pytest.fixture
def wide(lab, wide_panel) -> PanelView:
    view = wide_panel
    view.page.keyboard.press("Escape")  # a dialog left open closes
    expect(view.root.locator(".hpviz-manager")).to_have_count(0)
    lab.run_python(RESET)
    scroll_table(view, "top")
    view.page.evaluate("document.activeElement && document.activeElement.blur()")
    expect(view.table).to_have_attribute("aria-rowcount", str(N_PARAMS + 1))
    expect(view.root.locator("section.hpviz-drill")).to_have_count(0)
    expect(view.root.locator("input.hpviz-search")).to_have_value("")
    view.expect_ready()
    yield view
    assert_page_clean(lab)


def row_count(view: PanelView) -> int:
    """How many rows the table says it has (the header row not counted)."""
    return int(view.table.get_attribute("aria-rowcount")) - 1


def rendered(view: PanelView) -> list[tuple[str, int]]:
    """(parameter, aria-rowindex) of the rows in the page, top to bottom."""
    return [
        (name, int(index))
        for name, index in view.rows.evaluate_all(
            "rows => rows.map(r => "
            "[r.getAttribute('data-parameter'), r.getAttribute('aria-rowindex')])"
        )
    ]


def expect_slice_of(view: PanelView, order: list[str], where: str) -> list[tuple[str, int]]:
    """The rendered rows are a short run of ``order``, each at its place in it; returns them."""

    def ok(rows):
        return (
            0 < len(rows) < 100
            and all(order[index - 2] == name for name, index in rows)
            and [index for _, index in rows] == list(range(rows[0][1], rows[0][1] + len(rows)))
        )

    return eventually(lambda: rendered(view), ok, f"rows rendered {where}")


def scroll_table(view: PanelView, to: str) -> None:
    view.root.locator(".hpviz-table-wrap").evaluate(
        f"el => {{ el.scrollTop = {'el.scrollHeight' if to == 'bottom' else '0'}; }}"
    )


def test_only_rows_near_the_view_are_in_the_page_and_they_follow_scroll_and_sort(wide):
    order = wide.kernel_table()
    assert len(order) == N_PARAMS
    assert row_count(wide) == N_PARAMS
    top = expect_slice_of(wide, order, "at the top")
    assert top[0] == (order[0], 2)
    expect(wide.root.locator(".hpviz-summary")).to_have_text(f"{N_PARAMS} of {N_PARAMS} shown")

    scroll_table(wide, "bottom")
    eventually(
        lambda: rendered(wide)[-1:], lambda last: last == [(order[-1], N_PARAMS + 1)], "last row"
    )
    expect_slice_of(wide, order, "scrolled to the bottom")
    expect(wide.row(order[-1])).to_be_visible()

    # sorted by name while scrolled down: the bottom of the new order is what is in view
    wide.header("Parameter").locator("button").click()
    names = by_name(order)
    eventually(
        lambda: rendered(wide)[-1:],
        lambda last: last == [(names[-1], N_PARAMS + 1)],
        "last row by name",
    )
    expect_slice_of(wide, names, "sorted by name")
    scroll_table(wide, "top")
    eventually(
        lambda: rendered(wide)[:1], lambda first: first == [(names[0], 2)], "first row by name"
    )


def test_search_and_hide_count_every_row_not_only_those_rendered(wide):
    order = wide.kernel_table()
    search = wide.root.locator("input.hpviz-search")
    search.fill("p1")
    matching = [name for name in order if "p1" in name]
    eventually(lambda: row_count(wide), lambda n: n == len(matching), "rows matching p1")
    expect_slice_of(wide, matching, "searching p1")
    search.fill("")
    eventually(lambda: row_count(wide), lambda n: n == N_PARAMS, "rows after clearing the search")

    # hidden from Python: the last parameter, which is not rendered at the top
    last = order[-1]
    assert last not in dict(rendered(wide))
    wide.lab.run_python(f"panel.hidden = [{last!r}]")
    eventually(lambda: row_count(wide), lambda n: n == N_PARAMS - 1, "rows after hiding one")
    scroll_table(wide, "bottom")
    eventually(
        lambda: rendered(wide)[-1:], lambda rows: rows == [(order[-2], N_PARAMS)], "new last row"
    )


def test_a_focused_row_stays_in_the_page_while_scrolled_away(wide):
    order = wide.kernel_table()
    wide.row(order[0]).locator("button.hpviz-name").focus()
    scroll_table(wide, "bottom")
    expect(wide.row(order[-1])).to_be_visible()
    rows = rendered(wide)
    assert len(rows) < 100
    assert rows[0] == (order[0], 2)  # kept, alone, above a spacer
    assert all(order[index - 2] == name for name, index in rows)
    focused = wide.page.evaluate(
        "() => document.activeElement?.closest('tr')?.getAttribute('data-parameter')"
    )
    assert focused == order[0]


# The search typed in, then, before the browser draws its next frame (the redraw has run, the
# layout is forced): how much of the table's view below the header the rendered rows cover.
_TYPE_AND_COVER = """async (wrap, text) => {
  const input = wrap.closest('.hpviz').querySelector('input.hpviz-search');
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await Promise.resolve();  // the redraw, queued by the model's change event, has run
  const view = wrap.getBoundingClientRect();
  const top = view.top + wrap.querySelector('thead').getBoundingClientRect().height;
  let covered = 0;
  for (const tr of wrap.querySelectorAll('tbody tr[data-parameter]')) {
    const r = tr.getBoundingClientRect();
    covered += Math.max(0, Math.min(r.bottom, view.top + wrap.clientHeight) - Math.max(r.top, top));
  }
  return [covered, view.top + wrap.clientHeight - top];
}"""


def test_rows_fill_the_view_at_once_when_a_search_changes_them_while_scrolled(wide):
    """Narrowing the search while scrolled to the bottom pulls the view back to the new end,
    and widening it again puts back hundreds of rows: the first frame after either already
    has rows all over the view (no blank table until the next scroll event)."""
    order = wide.kernel_table()
    wrap = wide.root.locator(".hpviz-table-wrap")
    for text, n in (("p1", sum("p1" in name for name in order)), ("", N_PARAMS)):
        scroll_table(wide, "bottom")
        eventually(
            lambda: rendered(wide)[-1:],
            lambda rows: rows and rows[0][1] == row_count(wide) + 1,
            "the last row rendered",
        )
        covered, view = wrap.evaluate(_TYPE_AND_COVER, text)
        assert row_count(wide) == n
        assert covered >= view - 1, f"search {text!r}: rows cover {covered} of {view} px"


def test_closing_a_plot_gives_focus_back_to_its_row_even_scrolled_out_of_the_page(wide):
    order = wide.kernel_table()
    first = order[0]
    wide.row(first).locator("button.hpviz-name").click()
    wide.wait_kernel("panel.selected", lambda v: v == first, "the plot did not open")
    close = wide.root.locator("button.hpviz-drill-close")
    close.focus()
    scroll_table(wide, "bottom")
    eventually(lambda: dict(rendered(wide)), lambda rows: first not in rows, "first row gone")

    wide.page.keyboard.press("Escape")  # in the plot: closes it, focus back to its row
    wide.wait_kernel("panel.selected", lambda v: v == "", "Escape did not close the plot")
    focused = wide.page.evaluate(
        "() => document.activeElement?.closest('tr')?.getAttribute('data-parameter')"
    )
    assert focused == first
    expect(wide.row(first)).to_be_in_viewport()
    expect_slice_of(wide, order, "around the row focused again")


# In the Parameters dialog: the entries of a list, top to bottom; whether they are the elements
# marked before (moved, not rebuilt); the focused checkbox (name, checked, in the Hidden list).
_ENTRIES = "ul => [...ul.querySelectorAll('input')].map(box => box.dataset.parameter)"
_MARKED = "ul => [...ul.children].every(li => li.__hpvizTest)"
_FOCUSED = """() => {
  const box = document.activeElement;
  return [box.dataset.parameter, box.checked, !!box.closest('.hpviz-manager-hidden')];
}"""


def test_a_checkbox_toggled_in_the_parameters_dialog_moves_alone_and_keeps_the_focus(wide):
    """With hundreds of parameters, Space on a checkbox moves that one entry to the other list:
    the focus stays on it, the list keeps its scroll position and its other entries (the same
    elements, not rebuilt: rebuilding 300 entries per click was most of a click's cost)."""
    wide.root.locator("button.hpviz-manage").click()
    dialog = wide.root.locator("[role=dialog]")
    expect(dialog).to_be_visible()
    visible = dialog.locator(".hpviz-manager-visible .hpviz-manager-list")
    hidden = dialog.locator(".hpviz-manager-hidden .hpviz-manager-list")
    expect(visible.locator("li")).to_have_count(N_PARAMS)
    # the dialog is laid out whole (its roles section below the lists) before anything is measured
    expect(dialog.locator(".hpviz-roles-heading")).to_contain_text("Column roles")
    names = visible.evaluate(_ENTRIES)
    visible.evaluate("ul => { for (const li of ul.children) li.__hpvizTest = true; }")
    # the dialog has one scroll area, around the lists and the roles
    body = dialog.locator(".hpviz-manager-body")
    body.evaluate("el => { el.scrollTop = 2000; }")
    # an entry in the middle of the scroll area's view, so focusing it has no reason to scroll
    name = visible.evaluate(
        """ul => {
          const view = ul.closest('.hpviz-manager-body').getBoundingClientRect();
          return [...ul.children]
            .find(li => li.getBoundingClientRect().top >= view.top + view.height / 3)
            .querySelector('input').dataset.parameter;
        }"""
    )
    # focused as a click would (a test's focus() may scroll it to the view's edge first)
    visible.evaluate(
        "(ul, name) => ul.querySelector(`input[data-parameter='${name}']`)"
        ".focus({preventScroll: true})",
        name,
    )
    scrolled = body.evaluate("el => el.scrollTop")
    assert scrolled > 1000  # well down the list

    wide.page.keyboard.press("Space")
    wide.wait_kernel("panel.hidden", lambda v: v == [name], "Space did not hide it")
    assert wide.page.evaluate(_FOCUSED) == [name, False, True]
    assert hidden.evaluate(_ENTRIES) == [name]
    assert visible.evaluate(_ENTRIES) == [other for other in names if other != name]
    assert visible.evaluate(_MARKED)
    assert body.evaluate("el => el.scrollTop") == scrolled
    eventually(lambda: row_count(wide), lambda n: n == N_PARAMS - 1, "rows with one hidden")

    wide.page.keyboard.press("Space")
    wide.wait_kernel("panel.hidden", lambda v: v == [], "Space did not show it again")
    assert wide.page.evaluate(_FOCUSED) == [name, True, False]
    assert hidden.evaluate(_ENTRIES) == []
    assert visible.evaluate(_ENTRIES) == names
    assert visible.evaluate(_MARKED)
    eventually(lambda: row_count(wide), lambda n: n == N_PARAMS, "rows with none hidden")
