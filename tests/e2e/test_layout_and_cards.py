"""Issue 14 in a browser: scales that stay put, shared correlation axis, header cells, hover
cards by keyboard, long names, narrow and wide layouts, the dialog, empty states, the CSV.

These run on the static export (``panel.to_html()``, opened from disk): the same bundle and
the same parts as in JupyterLab, without a kernel, so each width is a page of its own.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from hpviz import ImportancePanel

pytestmark = pytest.mark.browser

LONG = [
    "model.decoder.layers.5.cross_attention.dropout",
    "model.decoder.layers.5.cross_attention.heads",
    "model.encoder.layers.0.attention.q_proj.lr",
    "model.encoder.layers.0.attention.k_proj.lr",
    "optimizer.name",
]


@pytest.fixture(scope="module")
def digits(digits_panel, tmp_path_factory) -> Path:
    return digits_panel.to_html(tmp_path_factory.mktemp("polish") / "digits.html")


def row_of(panel: ImportancePanel, name: str) -> dict:
    return next(row for row in panel.rows if row["parameter"] == name)


def shown(value: float, digits: int) -> str:
    """A number as the panel writes it (a minus sign, not a hyphen)."""
    return f"{value:.{digits}f}".replace("-", "\u2212")


@pytest.fixture(scope="module")
def long_names(tmp_path_factory) -> Path:
    rng = np.random.default_rng(3)
    n = 120
    frame = pd.DataFrame({name: rng.normal(size=n) for name in LONG[:-1]})
    frame["optimizer.name"] = rng.choice(["adam", "sgd", "rmsprop"], n)
    frame["val_loss"] = (
        frame[LONG[0]] * 2 + (frame["optimizer.name"] == "sgd") + rng.normal(0, 0.3, n)
    )
    panel = ImportancePanel(frame, metric="val_loss")
    return panel.to_html(tmp_path_factory.mktemp("polish") / "long.html")


def box(locator) -> dict:
    return locator.evaluate("el => el.getBoundingClientRect().toJSON()")


def bar_widths(page) -> dict[str, float]:
    return page.locator(".hpviz-row").evaluate_all(
        "rows => Object.fromEntries(rows.map(r => [r.dataset.parameter,"
        " r.querySelector('.hpviz-bar').getBoundingClientRect().width]))"
    )


# --- 1, 2: the importance axis -------------------------------------------------------------


def test_search_never_rescales_the_bars_and_the_floor_stays(open_page, digits):
    page = open_page(digits)
    before = bar_widths(page)
    floor = page.locator('.hpviz-row[data-parameter="seed"] .hpviz-floor')
    floor_x = box(floor)["x"]
    page.locator(".hpviz-search").fill("s")  # seed, batch_size, hidden_units, epochs …
    expect(page.locator('.hpviz-row[data-parameter="learning_rate"]')).to_have_count(0)
    after = bar_widths(page)
    assert after and all(abs(after[name] - before[name]) < 0.5 for name in after), (before, after)
    assert abs(box(floor)["x"] - floor_x) < 0.5
    expect(floor).to_be_visible()
    expect(page.locator(".hpviz-legend-item", has_text="noise floor")).to_be_visible()
    # with the top rows hidden too, the largest shown bar is not stretched to the track's end
    track = box(page.locator('.hpviz-row[data-parameter="seed"] .hpviz-track'))
    assert after["seed"] < 0.5 * track["width"]


def test_intervals_are_not_cut_at_the_tracks_end(open_page, digits):
    page = open_page(digits)
    rows = page.locator(".hpviz-row").evaluate_all(
        """rows => rows.map(r => {
          const t = r.querySelector('.hpviz-track').getBoundingClientRect();
          const w = r.querySelector('.hpviz-whisker');
          const b = w.getBoundingClientRect();
          return {name: r.dataset.parameter, hidden: w.hidden, left: b.left - t.left,
                  right: b.right - t.left, width: t.width};
        })"""
    )
    state = page.evaluate("window.hpvizModel.get('rows')")
    high = {row["parameter"]: row["importance_high"] for row in state}
    low = {row["parameter"]: row["importance_low"] for row in state}
    scale = max(max(high.values()), max(r["importance"] for r in state))
    for row in rows:
        assert not row["hidden"], row
        assert abs(row["right"] - high[row["name"]] / scale * row["width"]) < 1.0, row
        assert abs(row["left"] - low[row["name"]] / scale * row["width"]) < 1.0, row
        assert row["right"] <= row["width"] + 0.5, row


# --- 3: one correlation axis ----------------------------------------------------------------

AXES = """() => Array.from(document.querySelectorAll('.hpviz-ctrack')).filter(t => t.offsetWidth)
  .map(t => {
    const b = t.getBoundingClientRect();
    return {zero: b.left + b.width / 2, width: b.width,
            mini: t.classList.contains('hpviz-ctrack-mini')};
  })"""


@pytest.mark.parametrize("width", [400, 520, 1100, 1600])
def test_one_correlation_axis_for_numbers_and_values(open_page, digits, width):
    page = open_page(digits, width)
    axes = page.evaluate(AXES)
    assert any(a["mini"] for a in axes) and any(not a["mini"] for a in axes)
    zero, span = axes[0]["zero"], axes[0]["width"]
    for axis in axes:
        assert abs(axis["zero"] - zero) < 0.6 and abs(axis["width"] - span) < 0.6, axes
    assert span >= 40, f"tracks too short to read at {width}px: {span}"


def test_categoricals_sort_by_their_strongest_value(open_page, digits):
    page = open_page(digits)
    page.locator("th.hpviz-th-correlation").click()
    names = page.locator(".hpviz-row").evaluate_all("rs => rs.map(r => r.dataset.parameter)")
    # every row by its strength |r|: activation's strongest value (−0.20) between epochs'
    # −0.22 and batch_size's +0.19
    assert names.index("epochs") < names.index("activation") < names.index("batch_size")
    assert names.index("solver") < names.index("seed")


# --- 4: header cells ----------------------------------------------------------------------


def test_the_whole_header_cell_sorts_and_is_named_by_its_label(open_page, digits):
    page = open_page(digits)
    th = page.locator("th.hpviz-th-correlation")
    assert th.evaluate("el => getComputedStyle(el).cursor") == "pointer"
    cell = box(th)
    page.mouse.click(cell["x"] + cell["width"] - 6, cell["y"] + cell["height"] / 2)  # far right
    expect(th).to_have_attribute("aria-sort", "descending")
    page.locator("th.hpviz-th-importance").click()
    expect(page.locator("th.hpviz-th-importance")).to_have_attribute("aria-sort", "descending")
    page.locator("th.hpviz-th-importance .hpviz-info").click()  # the ⓘ explains, never sorts
    expect(page.locator("th.hpviz-th-importance")).to_have_attribute("aria-sort", "descending")
    for label in ("Parameter", "Importance", "Correlation"):
        expect(page.get_by_role("columnheader", name=label, exact=True)).to_have_count(1)
    button = page.get_by_role("button", name="Importance", exact=True)
    expect(button).to_have_accessible_description(re.compile("^Random-forest impurity importance"))


# --- 5: hover cards -------------------------------------------------------------------------

ACTIVE_CARD = "() => { const a = document.activeElement; return a && a.dataset.card || null; }"


def test_keyboard_reaches_every_hover_card(open_page, digits, digits_panel):
    page = open_page(digits)
    card = page.locator(".hpviz-card")
    page.locator(".hpviz-search").focus()
    seen: dict[str, str] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        kind = page.evaluate(ACTIVE_CARD)
        if kind and kind not in seen and kind != "name":
            expect(card).to_be_visible()
            seen[kind] = card.inner_text()
        if {"help:importance", "help:correlation", "imp", "corr"} <= set(seen):
            break
    assert {"help:importance", "help:correlation", "imp", "corr"} <= set(seen), seen
    assert "Random-forest impurity importance" in seen["help:importance"]
    assert "strongest value" in seen["help:correlation"]
    assert re.search(r"90% interval .*noise floor", seen["imp"], re.DOTALL), seen["imp"]
    assert re.search(r"over 300 runs.*(good|bad) \(lower is better\)", seen["corr"], re.DOTALL), (
        seen
    )
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    # the categorical's card lists every value, and is reached the same way
    page.locator('.hpviz-row[data-parameter="solver"] .hpviz-values').focus()
    for value in row_of(digits_panel, "solver")["values"]:
        expect(card).to_contain_text(f"{value['value']}: r {shown(value['correlation'], 2)}")
    # no plain title tooltips left for these
    assert (
        page.locator(
            ".hpviz-imp[title], .hpviz-corr[title], .hpviz-value[title], th [title]"
        ).count()
        == 0
    )


def test_hover_and_tap_show_the_cards(open_page, digits, digits_panel):
    page = open_page(digits)
    card = page.locator(".hpviz-card")
    page.locator('.hpviz-row[data-parameter="learning_rate"] .hpviz-imp').hover()
    lr = row_of(digits_panel, "learning_rate")
    expect(card).to_contain_text(f"learning_rate: importance {shown(lr['importance'], 3)}")
    low, high = shown(lr["importance_low"], 3), shown(lr["importance_high"], 3)
    expect(card).to_contain_text(f"90% interval from {low} to {high}")
    page.locator("th.hpviz-th-importance .hpviz-info").hover()
    expect(card).to_contain_text("Random-forest impurity importance")
    page.mouse.move(5, 5)
    expect(card).to_be_hidden()
    # a tap (touch) shows the card and does not open the drill-down
    page.locator('.hpviz-row[data-parameter="seed"] .hpviz-corr').dispatch_event(
        "pointerdown", {"pointerType": "touch", "bubbles": True}
    )
    expect(card).to_contain_text("seed: correlation")
    # data are text: a card never parses markup
    assert page.locator(".hpviz-card *").evaluate_all(
        "els => els.every(e => e.className.startsWith('hpviz-card'))"
    )


# --- 6: long names ----------------------------------------------------------------------------


def test_long_names_are_cut_in_the_middle(open_page, long_names):
    page = open_page(long_names, 700)
    name = LONG[0]
    button = page.locator(f'.hpviz-row[data-parameter="{name}"] .hpviz-name')
    tail = button.locator(".hpviz-name-tail")
    expect(tail).to_have_text("cross_attention.dropout")
    assert tail.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the end is cut"
    assert button.locator(".hpviz-name-head").evaluate("el => el.scrollWidth > el.clientWidth")
    expect(button).to_have_attribute("aria-label", f"Plot {name} against val_loss")
    button.hover()
    expect(page.locator(".hpviz-card")).to_have_text(name)
    # in the dialog too
    page.locator(".hpviz-manage").click()
    item = page.locator(".hpviz-manager .hpviz-check-name").filter(has_text="q_proj.lr")
    expect(item.locator(".hpviz-name-tail")).to_have_text("0.attention.q_proj.lr")
    expect(page.get_by_role("checkbox", name=LONG[2], exact=True)).to_be_visible()


# --- 7: narrow and wide ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [400, 520])
def test_narrow_outputs(open_page, digits, width):
    page = open_page(digits, width)
    for button in (".hpviz-manage", ".hpviz-wand", ".hpviz-download"):
        assert box(page.locator(button))["width"] <= 32, f"{button} keeps its text at {width}px"
    assert box(page.locator(".hpviz-search"))["width"] >= 200
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    expect(page.locator(".hpviz-kind").first).to_be_hidden()  # tags go before names
    names = page.locator(".hpviz-name").evaluate_all(
        "els => els.map(e => e.scrollWidth <= e.clientWidth + 1)"
    )
    assert all(names), "a name is cut while tags took the room"
    # the drill-down is laid out at its width: its text keeps its size
    page.locator('.hpviz-row[data-parameter="solver"] .hpviz-name').click()
    text = page.locator(".hpviz-drill svg text").first
    expect(text).to_be_visible()
    assert text.evaluate("el => el.getBoundingClientRect().height") >= 10


def test_very_narrow_output_keeps_the_names(open_page, digits):
    page = open_page(digits, 170)
    shown = page.locator(".hpviz-name").evaluate_all(
        "els => els.map(e => e.scrollWidth <= e.clientWidth + 1 || e.clientWidth >= 80)"
    )
    assert shown and all(shown), "names vanish at 170 px"
    assert box(page.locator(".hpviz-search"))["width"] >= 80


def test_wide_output_uses_the_room(open_page, digits):
    page = open_page(digits, 1600)
    assert box(page.locator(".hpviz"))["width"] > 1400
    track = page.locator('.hpviz-row[data-parameter="seed"] .hpviz-ctrack')
    assert box(track)["width"] >= 250


# --- 9: states ------------------------------------------------------------------------------


def test_dialog_counts_orders_and_stays_inside(open_page, digits, digits_panel):
    page = open_page(digits, 520)
    page.locator(".hpviz-manage").click()
    dialog = page.locator(".hpviz-manager")
    expect(dialog.get_by_role("heading", name="Visible (8)")).to_be_visible()
    first = dialog.locator(".hpviz-manager-visible .hpviz-manager-item").first
    expect(first).to_contain_text("learning_rate")
    lr = row_of(digits_panel, "learning_rate")
    expect(first.locator(".hpviz-check-imp")).to_have_text(shown(lr["importance"], 3))
    dialog.get_by_label("Order of the lists").select_option("name")
    expect(first).to_contain_text("activation")
    dialog.locator(".hpviz-manager-search").fill("_")
    expect(dialog.get_by_role("heading", name=re.compile(r"^Visible \(\d of 8\)$"))).to_be_visible()
    panel, inner = box(page.locator(".hpviz")), box(dialog)
    assert inner["y"] + inner["height"] <= panel["y"] + panel["height"] + 0.5
    assert inner["x"] >= panel["x"] and inner["x"] + inner["width"] <= panel["x"] + panel["width"]


def test_empty_states_offer_their_action(open_page, digits):
    page = open_page(digits)
    page.locator(".hpviz-search").fill("nothing-like-this")
    empty = page.locator(".hpviz-empty")
    expect(empty).to_contain_text("No parameter matches")
    empty.get_by_role("button", name="Clear search").click()
    expect(page.locator(".hpviz-row")).to_have_count(8)
    expect(page.locator(".hpviz-search")).to_have_value("")
    page.evaluate("window.hpvizModel.set('hidden', window.hpvizModel.get('parameters'))")
    empty.get_by_role("button", name="Show all").click()
    expect(page.locator(".hpviz-row")).to_have_count(8)


def test_run_count_never_says_zero_while_computing(open_page, digits):
    page = open_page(digits)
    page.evaluate(
        "() => { const m = window.hpvizModel; m.set('n_runs', 0); m.set('status', 'computing'); }"
    )
    expect(page.locator(".hpviz-runs")).to_be_hidden()
    page.evaluate(
        "() => { const m = window.hpvizModel; m.set('n_runs', 300); m.set('status', 'ready'); }"
    )
    expect(page.locator(".hpviz-runs")).to_have_text("300 runs")


# --- 10: the CSV ----------------------------------------------------------------------------


def test_csv_stands_on_its_own(open_page, digits):
    page = open_page(digits)
    with page.expect_download() as info:
        page.locator(".hpviz-download").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))
    assert len(rows) == 8
    lr = next(row for row in rows if row["parameter"] == "learning_rate")
    assert lr["scale"] == "log" and lr["kind"] == "numeric"
    assert float(lr["importance_low"]) <= float(lr["importance"]) <= float(lr["importance_high"])
    assert {(r["metric"], r["goal"], r["n_runs"]) for r in rows} == {
        ("val_loss", "minimize", "300")
    }
    assert all(float(r["noise_floor"]) > 0 for r in rows)
    assert not page.errors, page.errors


# --- 8: the drill-down ----------------------------------------------------------------------


def test_drilldown_shows_the_data(open_page, digits):
    page = open_page(digits, 1100, 520)  # a short window: the plot opens below the table
    page.locator('.hpviz-row[data-parameter="batch_size"] .hpviz-name').click()
    region = page.locator(".hpviz-drill")
    plot = region.locator("svg.hpviz-plot")
    # few distinct values: strips and boxes at the values, explained by the legend
    expect(plot).to_have_attribute("data-xlayout", "strips")
    assert plot.locator(".hpviz-box").count() >= 3
    expect(region.locator(".hpviz-drill-legend")).to_contain_text(
        "thin line: median; thick line: mean"
    )
    # opened in view
    top = box(region)["y"]
    assert top < 520, f"the plot opened off screen (top {top})"
    # drawn at its width, 1:1
    assert abs(float(plot.get_attribute("width")) - box(plot)["width"]) < 1
    # hover a point: its run
    point = plot.locator(".hpviz-dots circle").first
    point.hover(force=True)
    card = page.locator(".hpviz-card")
    expect(card).to_contain_text(re.compile(r"^batch_size \d+"))
    expect(card).to_contain_text(re.compile(r"run run-\d{3}"))  # the demo's run_id
    expect(card).to_contain_text("val_loss")
    # log and rank y axes
    y = region.get_by_label("Y axis")
    y.select_option("rank")
    expect(region.locator("svg.hpviz-plot")).to_have_attribute("data-yscale", "rank")
    y.select_option("log")
    expect(region.locator("svg.hpviz-plot")).to_have_attribute("data-yscale", "log")
    assert not page.errors, page.errors


# --- 11: the quickstart ---------------------------------------------------------------------


def test_quickstart_run_top_to_bottom_keeps_the_first_panel(lab):
    import shutil

    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "quickstart.ipynb"
    shutil.copy(notebook, lab.server.root / "quickstart.ipynb")
    lab.open("quickstart.ipynb")
    lab.run_all()
    panels = lab.notebook.locator("div.hpviz")
    expect(panels).to_have_count(2, timeout=60_000)
    first, second = panels.nth(0), panels.nth(1)
    expect(first.locator(".hpviz-select")).to_have_value("val_loss")
    expect(second.locator(".hpviz-select")).to_have_value("val_acc", timeout=60_000)
    expect(first).to_have_attribute("data-status", "ready", timeout=60_000)
    expect(first.locator(".hpviz-row")).to_have_count(8)  # what the text above it says
    assert lab.python_json("[panel.metric, panel.hidden]") == ["val_loss", []]
