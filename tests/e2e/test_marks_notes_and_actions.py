"""Issue 20 in a browser: what a newcomer reads at first sight says what it means.

Most checks run on the static export (``panel.to_html()``, the same bundle and parts as in
JupyterLab, no kernel), in light and dark (VS Code's dark marker on the page) and at 1 100 and
480 px; the note buttons, the wand's refit and the roles that go back need Python, so they run
in JupyterLab (Light and Dark). One test per point of the issue:

1. direction marks (✓/✗/≈, r's own sign kept) and one sort rule by |r| for every row;
2. shape labels that agree with their sparklines, one y scale;
3. notes: one line each, details on demand, information as information;
4. each note's action as a button (Include these runs, Use raw values) answered by Python;
5. the wand's notice true to the rows drawn;
6. the Parameters dialog: Show all / Hide all by their lists, one scroll area, the search's
   placeholder whole at 480 px, a role that goes back to "metric";
7. constants and identifiers out of the table (counted, listed), middle-cut values, help on the
   (i) only, legend items never broken;
8. cards in words ("from … to …"), no "stands out" when the interval reaches below the floor,
   the wand an inline SVG;
9. an Optuna study's own distributions (a uniform dropout has no "log" tag);
10. the CSV download carrying the shape, best range and target.
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
from hpviz.analysis import sort_table

from .test_panel_lab import READY, PanelView, eventually

pytestmark = pytest.mark.browser

WIDTHS = (1100, 480)
THEMES = ("light", "dark")
SHAPES = {"best in the middle", "higher is better", "lower is better", "no clear shape"}
PATHS = [f"/gpfs/data/fs{i}/imagenet/train_{k}" for i, k in ((1, "a"), (1, "b"), (2, "a"))]


@pytest.fixture(scope="module")
def digits(digits_panel, tmp_path_factory) -> Path:
    return digits_panel.to_html(tmp_path_factory.mktemp("read") / "digits.html")


@pytest.fixture(scope="module")
def cluttered(tmp_path_factory) -> Path:
    """A sweep with constants, an identifier and long path values that differ at the end."""
    rng = np.random.default_rng(5)
    n = 160
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-4, -1, n),
            "data_path": rng.choice(PATHS, n),
            "width": rng.uniform(0, 1, n),
            "const_a": 1,
            "const_b": "same",
            "run_tag": [f"tag-{i:04d}-x" for i in range(n)],
        }
    )
    frame["val_loss"] = (
        (np.log10(frame["lr"]) + 2.5) ** 2
        + 0.6 * (frame["data_path"] == PATHS[1])
        + rng.normal(0, 0.1, n)
    )
    panel = ImportancePanel(frame, metric="val_loss", params=list(frame.columns[:-1])).wait()
    return panel.to_html(tmp_path_factory.mktemp("read") / "cluttered.html")


def box(locator) -> dict:
    return locator.bounding_box()


def line_height(locator) -> float:
    return locator.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 18")


# --- 1. direction marks and one sort rule ------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_marks_say_helps_or_hurts_and_every_row_sorts_by_strength(
    open_page, digits, digits_panel, theme
):
    page = open_page(digits, theme=theme)
    glyphs = page.locator(".hpviz-num[data-glyph]").evaluate_all(
        "els => els.map(e => [e.dataset.glyph, e.textContent])"
    )
    assert glyphs and {g for g, _ in glyphs} <= {"✓", "✗", "≈", ""}, glyphs
    assert not any(g in "▲▼" for g, _ in glyphs if g)
    # r keeps its own sign beside a mark that says what it means for the goal: epochs' r is
    # negative and lowers val_loss (good): "✓ −0.22", never a mark read as its sign
    epochs = page.locator('.hpviz-row[data-parameter="epochs"] .hpviz-corr .hpviz-num')
    assert epochs.get_attribute("data-glyph") == "✓"
    expect(epochs).to_have_text(re.compile("^\u2212"))
    legend = page.locator(".hpviz-legend")
    expect(legend).to_contain_text("✓ helps")
    expect(legend).to_contain_text("✗ hurts")
    # one rule for every row: the strength |r|, numeric and categorical alike
    page.locator("th.hpviz-th-correlation .hpviz-sort").click()
    names = page.locator(".hpviz-row").evaluate_all("rs => rs.map(r => r.dataset.parameter)")
    expected = list(sort_table(digits_panel.table, "correlation", True)["parameter"])
    assert names == expected
    assert names.index("epochs") < names.index("activation") < names.index("batch_size")
    page.locator("th.hpviz-th-correlation .hpviz-sort").click()
    names = page.locator(".hpviz-row").evaluate_all("rs => rs.map(r => r.dataset.parameter)")
    assert names == list(sort_table(digits_panel.table, "correlation", False)["parameter"])
    assert not page.errors, page.errors


# --- 2. shapes that agree with their drawing -------------------------------------------------

SPARK = """tr => {
  const path = tr.querySelector('.hpviz-spark-line');
  if (!path) return null;
  const ys = [...path.getAttribute('d').matchAll(/[ML][\\d.]+,([\\d.]+)/g)].map(m => +m[1]);
  return {tag: tr.querySelector('.hpviz-shape')?.textContent || '', ys};
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_shapes_say_what_the_sparkline_draws_on_one_scale(open_page, digits, theme):
    page = open_page(digits, theme=theme)
    lines = {
        name: page.locator(f'.hpviz-row[data-parameter="{name}"]').evaluate(SPARK)
        for name in ("learning_rate", "epochs", "batch_size", "seed")
    }
    assert all(line and line["tag"] in SHAPES for line in lines.values()), lines
    assert "flat" not in page.locator(".hpviz-table").inner_text()
    # better is drawn up (small y): a "best in the middle" line is highest inside the range,
    # a "higher is better" one ends higher than it starts, a "lower is better" one lower
    lr = lines["learning_rate"]
    assert lr["tag"] == "best in the middle"
    assert 0 < lr["ys"].index(min(lr["ys"])) < len(lr["ys"]) - 1, lr
    assert lines["epochs"]["tag"] == "higher is better"
    assert lines["epochs"]["ys"][-1] < lines["epochs"]["ys"][0], lines["epochs"]
    assert lines["batch_size"]["tag"] == "lower is better"  # r = +0.19, established
    assert lines["batch_size"]["ys"][-1] > lines["batch_size"]["ys"][0]
    # one y scale: the seed's noise is a ripple beside learning rate's effect
    span = {name: max(line["ys"]) - min(line["ys"]) for name, line in lines.items()}
    assert span["seed"] < span["learning_rate"] / 3, span
    # the tag's title says which way is better on the line
    title = page.locator('.hpviz-row[data-parameter="epochs"] .hpviz-shape').get_attribute("title")
    assert "better (lower) val_loss drawn up" in title


# --- 3. notes: one line each, details on demand, information as information ------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_notes_are_a_line_each_with_details_on_demand(open_page, digits, width, theme):
    page = open_page(digits, width=width, theme=theme)
    notes = page.locator(".hpviz-notices .hpviz-note")
    expect(notes.first).to_be_visible()
    expect(page.locator(".hpviz-warnings")).to_be_hidden()  # nothing here puts numbers in doubt
    text = page.locator(".hpviz-notices-box").inner_text()
    assert "target=" not in text and "Warning" not in text
    ranks = notes.filter(has_text="Fitted on the ranks of val_loss")
    expect(ranks).to_have_count(1)
    details = ranks.locator(".hpviz-note-details")
    expect(details).to_be_hidden()
    # one line at 1 100 px (two at most at 480), the details not counted
    head = ranks.locator(".hpviz-note-head")
    lines = box(head)["height"] / line_height(head)
    assert lines <= (1.3 if width > 600 else 2.3), lines
    toggle = ranks.get_by_role("button", name="Details")
    toggle.click()
    expect(details).to_be_visible()
    expect(details).to_contain_text("42× the median")
    expect(ranks.get_by_role("button", name="Less")).to_have_attribute("aria-expanded", "true")
    # a static export has no Python: no action button
    expect(page.locator(".hpviz-note-action")).to_have_count(0)


# --- 4. the action each note calls for, answered by Python (JupyterLab) ----------------------

CRASHED = """
import numpy as np, pandas as pd
from hpviz import ImportancePanel
rng = np.random.default_rng(1)
n = 40
df = pd.DataFrame({
    "Name": [f"run-{i}" for i in range(n)],
    "State": ["finished"] * 34 + ["crashed"] * 4 + ["failed"] * 2,
    "lr": 10 ** rng.uniform(-4, -1, n),
    "batch_size": rng.choice([16, 32, 64], n),
})
df["val_loss"] = (np.log10(df["lr"]) + 2.5) ** 2 + rng.normal(0, 0.05, n)
panel = ImportancePanel(df, metric="val_loss")
panel
"""

DIGITS = """
from hpviz import ImportancePanel
from hpviz.datasets import load_digits_sweep
panel = ImportancePanel(load_digits_sweep(), metric="val_loss")
panel
"""


def _show(lab, name: str, code: str) -> PanelView:
    lab.open_notebook(name)
    cell = lab.run_cell(code)
    view = PanelView(lab, cell.output.locator("div.hpviz"))
    expect(view.root).to_be_visible(timeout=READY)
    view.expect_ready()
    return view


def _set_theme(lab, theme: str) -> None:
    lab.page.evaluate(
        "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
    )
    light = "true" if "Light" in theme else "false"
    lab.page.wait_for_function(
        "light => document.body.dataset.jpThemeLight === light", arg=light, timeout=30_000
    )


def test_include_these_runs_brings_the_unfinished_runs_back(lab):
    view = _show(lab, "include_runs", CRASHED)
    note = view.root.locator(".hpviz-note").filter(has_text="6 of 40 runs left out")
    expect(note).to_have_count(1)
    expect(view.root.locator("span.hpviz-runs")).to_have_text(re.compile(r"^34 runs"))
    note.get_by_role("button", name="Include these runs").click()
    view.wait_kernel("panel.n_runs", lambda n: n == 40)
    expect(view.root.locator("span.hpviz-runs")).to_have_text(re.compile(r"^40 runs"))
    back = view.root.locator(".hpviz-note").filter(has_text="did not finish")
    expect(back.get_by_role("button", name="Leave them out")).to_be_visible()


def test_use_raw_values_refits_on_the_values_in_light_and_dark(lab):
    view = _show(lab, "raw_values", DIGITS)
    try:
        for theme in ("JupyterLab Dark", "JupyterLab Light"):
            _set_theme(lab, theme)
            note = view.root.locator(".hpviz-note").filter(has_text="Fitted on the ranks")
            button = note.get_by_role("button", name="Use raw values")
            expect(button).to_be_visible()
            fg, bg = button.evaluate(
                "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
            )
            assert fg != bg
    finally:
        _set_theme(lab, "JupyterLab Light")
    button.click()
    view.wait_kernel("panel.fitted_on", lambda target: target == "raw")
    expect(view.root.locator(".hpviz-note").filter(has_text="Fitted on the ranks")).to_have_count(0)


# --- 5. the wand's notice says what is drawn ---------------------------------------------


def test_the_wand_notice_matches_the_rows_after_the_refit(lab):
    view = _show(lab, "wand_refit", DIGITS)
    view.root.locator("button.hpviz-wand").click()
    view.wait_kernel("bool(panel.wand_choice)", lambda on: on)
    view.expect_ready()
    notice = view.root.locator(".hpviz-wand-notice")
    expect(notice).to_be_visible()
    expect(notice.locator("svg.hpviz-wand-icon")).to_have_count(1)
    text = eventually(notice.inner_text, lambda t: "Showing the wand's choice" in t, "notice")
    # the refit on the parameters kept has reached the kernel's traits and the page
    shown = sorted(view.shown())
    view.wait_kernel("sorted(r['parameter'] for r in panel.rows)", lambda v: v == shown)
    text = notice.inner_text()
    weak = view.root.locator("tr.hpviz-row-weak").evaluate_all(
        "rs => rs.map(r => r.dataset.parameter)"
    )
    useful = view.kernel("[r['parameter'] for r in panel.rows if not r['useful']]")
    assert sorted(weak) == sorted(useful)
    if weak:  # a parameter fell below the floor in the refit: said, never "above" for it
        assert not re.search(r"the \d+ parameters above the noise floor", text), text
        assert weak[0] in text or "none of these" in text or "no parameter clears" in text
    else:
        n = view.rows.count()
        assert f"the {n} parameters above the noise floor" in text or "the one parameter" in text


@pytest.mark.parametrize("theme", THEMES)
def test_the_wand_fallback_never_claims_the_noise_floor(open_page, tmp_path, theme):
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({f"p{i}": rng.uniform(size=12) for i in range(4)})
    frame["val_loss"] = rng.normal(size=12)
    panel = ImportancePanel(frame, metric="val_loss").wait()
    assert not any(row["useful"] for row in panel.rows)  # the premise: nothing clears it
    page = open_page(panel.to_html(tmp_path / "noise.html"), theme=theme)
    page.locator("button.hpviz-wand").click()
    notice = page.locator(".hpviz-wand-notice")
    expect(notice).to_contain_text("no parameter clears the noise floor, so it kept the most")
    expect(notice).not_to_contain_text("the parameters above the noise floor")
    assert "✨" not in page.locator(".hpviz").inner_text()
    expect(page.locator("button.hpviz-wand svg")).to_have_count(1)


# --- 6. the Parameters dialog --------------------------------------------------------------

SCROLLERS = """el => [...el.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return /(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
}).map(e => e.className)"""

PLACEHOLDER_FITS = """input => {
  const s = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return [ctx.measureText(input.placeholder).width, room];
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_the_dialog_acts_by_its_lists_in_one_scroll_area(open_page, cluttered, width, theme):
    page = open_page(cluttered, width=width, theme=theme, height=700)
    page.locator(".hpviz-manage").click()
    dialog = page.locator(".hpviz-manager")
    expect(dialog).to_be_visible()
    hidden = dialog.locator(".hpviz-manager-hidden")
    visible = dialog.locator(".hpviz-manager-visible")
    expect(hidden.get_by_role("button", name="Show all")).to_have_count(1)
    expect(visible.get_by_role("button", name="Hide all")).to_have_count(1)
    # each sits on its list's heading line
    for section, name in ((hidden, "Show all"), (visible, "Hide all")):
        heading = box(section.locator(".hpviz-manager-heading"))
        button = box(section.get_by_role("button", name=name))
        assert (
            abs((heading["y"] + heading["height"] / 2) - (button["y"] + button["height"] / 2)) < 8
        )
    # the search's placeholder is whole
    text, room = dialog.locator(".hpviz-manager-search").evaluate(PLACEHOLDER_FITS)
    assert text <= room, (text, room)
    # constants and the identifier are counted and listed apart, not among the checkboxes
    aside = dialog.locator(".hpviz-manager-aside")
    expect(aside).to_contain_text("Constants and identifiers (3)")
    for name in ("const_a", "const_b", "run_tag"):
        expect(aside.locator(f'[data-parameter="{name}"]')).to_have_count(1)
        expect(dialog.locator(f'input[data-parameter="{name}"]')).to_have_count(0)
    expect(visible.locator(".hpviz-manager-heading")).to_have_text("Visible (3)")
    # Hide all hides the visible list, Show all brings it back
    visible.get_by_role("button", name="Hide all").click()
    expect(hidden.locator(".hpviz-manager-heading")).to_have_text("Hidden (3)")
    hidden.get_by_role("button", name="Show all").click()
    expect(visible.locator(".hpviz-manager-heading")).to_have_text("Visible (3)")
    # one scroll area: only the dialog's body scrolls (the lists and roles grow inside it)
    scrollers = dialog.evaluate(SCROLLERS)
    assert all("hpviz-manager-body" in c for c in scrollers), scrollers
    body = dialog.locator(".hpviz-manager-body")
    for part in (".hpviz-manager-list", ".hpviz-roles-list"):
        overflow = dialog.locator(part).first.evaluate("e => getComputedStyle(e).overflowY")
        assert overflow == "visible", (part, overflow)
    assert body.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert not page.errors, page.errors


def test_one_scroll_area_holds_hundreds_of_parameters(open_page, tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({f"p{i:03d}": rng.uniform(size=150) for i in range(120)})
    frame["val_loss"] = frame["p000"] + rng.normal(0, 0.1, 150)
    page = open_page(ImportancePanel(frame, metric="val_loss").wait().to_html(tmp_path / "w.html"))
    page.locator(".hpviz-manage").click()
    dialog = page.locator(".hpviz-manager")
    expect(dialog.locator(".hpviz-manager-visible .hpviz-manager-item")).to_have_count(120)
    assert dialog.evaluate(SCROLLERS) == ["hpviz-manager-body"]  # one, and it scrolls
    # Close stays in view below it, whatever the lists' length
    close = box(dialog.get_by_role("button", name="Close"))
    assert close["y"] + close["height"] <= page.viewport_size["height"]


ROLES = """
import numpy as np, pandas as pd
from hpviz import ImportancePanel
rng = np.random.default_rng(0)
n = 80
df = pd.DataFrame({"lr": 10 ** rng.uniform(-4, -1, n), "depth": rng.integers(1, 8, n)})
df["val_loss"] = (np.log10(df["lr"]) + 2.5) ** 2 + rng.normal(0, 0.05, n)
df["val_acc"] = 1 - df["val_loss"] / 5
panel = ImportancePanel(df, metric="val_loss")
panel
"""


def test_a_role_changed_goes_back_to_metric(lab):
    view = _show(lab, "roles_back", ROLES)
    view.root.locator(".hpviz-manage").click()
    item = view.root.locator('.hpviz-role-item[data-column="val_acc"]')
    expect(item.locator(".hpviz-role-chip")).to_have_text("metric")
    item.get_by_role("button", name="Use val_acc as a parameter").click()
    view.wait_kernel("'val_acc' in panel.parameters", lambda yes: yes)
    expect(item.locator(".hpviz-role-chip")).to_have_text("parameter")
    back = item.get_by_role("button", name="Give val_acc back its role: metric")
    expect(back).to_have_text("Back to metric")
    back.click()
    view.wait_kernel("'val_acc' in panel.metrics and 'val_acc' not in panel.parameters", bool)
    expect(item.locator(".hpviz-role-chip")).to_have_text("metric")
    expect(item.get_by_role("button", name="Use val_acc as a parameter")).to_be_visible()


# --- 7. clutter and counts, middle-cut values, help on the (i), the legend --------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_no_clutter_counts_agree_values_cut_in_the_middle(open_page, cluttered, width, theme):
    page = open_page(cluttered, width=width, theme=theme)
    names = page.locator(".hpviz-row").evaluate_all("rs => rs.map(r => r.dataset.parameter)")
    assert sorted(names) == ["data_path", "lr", "width"]
    expect(page.locator(".hpviz-summary")).to_have_text(
        "3 of 3 shown · 3 constants or identifiers not listed"
    )
    # the path values differ at their end: each keeps its end visible, so all three differ
    labels = page.locator('.hpviz-row[data-parameter="data_path"] .hpviz-value-label')
    expect(labels).to_have_count(3)
    seen = labels.evaluate_all(
        "ls => ls.map(l => { const t = l.querySelector('.hpviz-name-tail');"
        " return [l.title, t.textContent, t.scrollWidth <= t.clientWidth + 1]; })"
    )
    assert sorted(title for title, _, _ in seen) == sorted(PATHS)
    assert all(whole for _, _, whole in seen), seen
    assert all(title.endswith(tail) for title, tail, _ in seen), seen
    assert len({tail for _, tail, _ in seen}) == 3 or all(len(t) >= 6 for _, t, _ in seen)
    # the legend never breaks inside an item
    for item in page.locator(".hpviz-legend-item").all():
        if item.is_visible():
            assert box(item)["height"] < 1.6 * line_height(item), item.inner_text()


def test_help_is_on_the_info_icon_only(open_page, digits):
    page = open_page(digits)
    page.clock.install()  # the page's timers run when the test says: no card is still to come
    card = page.locator(".hpviz-card")
    page.locator("th.hpviz-th-importance .hpviz-sort-label").hover()
    page.clock.run_for(2000)  # longer than the card's delay
    expect(card).to_have_count(0)
    page.locator("th.hpviz-th-importance .hpviz-sort").click()  # sorts, no card over it
    page.clock.run_for(2000)
    expect(card).to_have_count(0)
    info = page.get_by_role("button", name="About Importance")
    info.hover()
    page.clock.run_for(2000)
    expect(card).to_contain_text("Random-forest impurity importance")
    aria = page.locator("th.hpviz-th-importance").get_attribute("aria-sort")
    info.click()  # explains, does not sort
    assert page.locator("th.hpviz-th-importance").get_attribute("aria-sort") == aria


# --- 8. cards in words ----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_cards_read_from_to_and_stand_out_only_clear_of_the_floor(
    open_page, digits, digits_panel, theme
):
    page = open_page(digits, theme=theme)
    card = page.locator(".hpviz-card")
    page.locator('.hpviz-row[data-parameter="epochs"] .hpviz-corr').hover()
    expect(card).to_contain_text(re.compile(r"90% interval from \u22120\.\d\d to \u2212?0\.\d\d"))
    expect(card).not_to_contain_text(re.compile(r"\d\u2013\u2212"))
    floor = digits_panel.noise_floor
    for row in digits_panel.rows:
        page.locator(f'.hpviz-row[data-parameter="{row["parameter"]}"] .hpviz-imp').hover()
        expect(card).to_contain_text(f"{row['parameter']}: importance")
        said = card.inner_text()
        assert "90% interval from" in said
        straddles = row["importance_low"] <= floor
        assert ("stands out from noise" in said) == (row["useful"] and not straddles), said


# --- 9. the study's own distributions ---------------------------------------------------------


def test_an_optuna_studys_uniform_dropout_has_no_log_tag(open_page, tmp_path):
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
        dropout = trial.suggest_float("dropout", 0.0, 0.5)
        return (np.log10(lr) + 3) ** 2 + dropout

    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=3))
    study.optimize(objective, n_trials=60)
    page = open_page(ImportancePanel(study).wait().to_html(tmp_path / "study.html"))
    expect(page.locator('.hpviz-row[data-parameter="lr"] .hpviz-log')).to_have_count(1)
    expect(page.locator('.hpviz-row[data-parameter="dropout"] .hpviz-log')).to_have_count(0)


# --- 10. the CSV --------------------------------------------------------------------------


def test_the_csv_carries_shape_best_range_and_target(open_page, digits, digits_panel):
    page = open_page(digits)
    with page.expect_download() as info:
        page.locator(".hpviz-download").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))
    shown = page.locator(".hpviz-row").evaluate_all("rs => rs.map(r => r.dataset.parameter)")
    assert [row["parameter"] for row in rows] == shown
    by_name = {row["parameter"]: row for row in rows}
    lr = by_name["learning_rate"]
    assert lr["shape"] == "best in the middle"
    table = digits_panel.table.set_index("parameter")
    assert float(lr["best_low"]) == pytest.approx(table.loc["learning_rate", "best_low"])
    assert float(lr["best_high"]) == pytest.approx(table.loc["learning_rate", "best_high"])
    assert {row["target"] for row in rows} == {"rank"}
    tags = page.locator(".hpviz-row").evaluate_all(
        "rs => Object.fromEntries(rs.map(r => [r.dataset.parameter,"
        " r.querySelector('.hpviz-shape')?.textContent || '']))"
    )
    assert {name: row["shape"] for name, row in by_name.items()} == tags
