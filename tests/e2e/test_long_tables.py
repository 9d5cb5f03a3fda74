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


@pytest.fixture
def wide(lab) -> PanelView:
    yield show_panel(lab, "long_table", SHOW_WIDE)
    assert_page_clean(lab)


def row_count(view: PanelView) -> int:
    """How many rows the table says it has (the header row not counted)."""
    return int(view.table.get_attribute("aria-rowcount")) - 1


def rendered(view: PanelView) -> list[tuple[str, int]]:
    """(parameter, aria-rowindex) of the rows in the page, top to bottom."""
    return [
        (name, int(index))
        for name, index in view.rows.evaluate_all(
            "rows => rows.map(r => [r.getAttribute('data-parameter'), r.getAttribute('aria-rowindex')])"
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
