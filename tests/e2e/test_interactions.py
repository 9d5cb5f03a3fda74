"""Which parameters work together (issue 21), in a real JupyterLab and in the static export:
the Interactions list (bars, floor, pale within noise), keyboard access, the two-parameter
heatmap, and ``to_html`` carrying the pairs.

A sweep whose truth is known: ``val_loss`` depends on ``lr`` (log-uniform over four decades)
times ``batch`` (the learning rate matters more with a large batch), plus ``dropout / 2``;
``wd`` carries nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READY = 60_000  # ms: first render loads the front end and fits the forest

DATA = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(0)
n = 600
df = pd.DataFrame({
    "lr": 10 ** rng.uniform(-5, -1, n),
    "batch": rng.choice([16, 32, 64, 128, 256], n),
    "dropout": rng.uniform(0, 0.5, n),
    "wd": rng.uniform(size=n),
})
df["val_loss"] = ((np.log10(df.lr) + 5) / 4 * np.log2(df.batch) / 8 + df.dropout / 2
                  + rng.normal(0, 0.03, n))
"""
SWEEP = (
    DATA
    + """
panel = ImportancePanel(df, metric="val_loss")
panel
"""
)


def pair_key(a: str, b: str) -> str:
    return json.dumps([a, b], separators=(",", ":"), ensure_ascii=False)  # JSON.stringify's


def test_the_interactions_list_and_its_heatmap_in_lab(lab, request):
    lab.open_notebook(re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name))
    cell = lab.run_cell(SWEEP)
    root = cell.output.locator("div.hpviz")
    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
    section = root.get_by_role("region", name="Interactions: which parameters work together")
    expect(section).to_have_attribute("data-status", "ready", timeout=READY)

    # the list is the kernel's pairs, strongest first, with the floor; within noise is pale
    pairs = lab.python_json(
        "panel.interactions[['parameter_a', 'parameter_b', 'useful']].to_dict('records')"
    )
    buttons = section.locator("button.hpviz-pair")
    expect(buttons).to_have_count(len(pairs))
    first = pairs[0]
    assert {first["parameter_a"], first["parameter_b"]} == {"lr", "batch"} and first["useful"]
    expect(buttons.nth(0)).to_have_attribute(
        "data-pair", pair_key(first["parameter_a"], first["parameter_b"])
    )
    expect(buttons.nth(0)).not_to_have_class(re.compile("hpviz-pair-noise"))
    noise = [i for i, p in enumerate(pairs) if not p["useful"]]
    assert noise
    for i in noise:
        expect(buttons.nth(i)).to_have_class(re.compile("hpviz-pair-noise"))
        expect(buttons.nth(i)).to_have_attribute("aria-label", re.compile("within noise"))
    expect(section.locator(".hpviz-pair-floor")).to_have_count(len(pairs))
    widths = buttons.locator(".hpviz-pair-bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    assert widths == sorted(widths, reverse=True) and widths[0] > 3 * widths[1]
    expect(section).to_contain_text("noise floor")

    # a click opens the pair's heatmap: lr on a log axis, batch's five values as bands
    buttons.nth(0).click()
    a, b = first["parameter_a"], first["parameter_b"]
    region = root.get_by_role("region", name=f"{a} × {b} against val_loss")
    expect(region).to_be_visible()
    lab.wait_for_python("panel.pair", lambda v: v == [a, b], message="pair not set")
    svg = region.locator("svg.hpviz-heatmap")
    lr_axis = "x" if a == "lr" else "y"
    expect(svg).to_have_attribute(f"data-{lr_axis}scale", "log")
    expect(svg).to_have_attribute(f"data-{'y' if lr_axis == 'x' else 'x'}scale", "category")
    expect(
        svg.locator(f".hpviz-axis-{lr_axis} text").filter(has_text="lr (log scale)")
    ).to_have_count(1)
    view = lab.python_json("panel.pair_view")
    expect(svg.locator(".hpviz-cells rect")).to_have_count(len(view["cells"]))
    expect(svg.locator("rect.hpviz-best-cell")).to_have_count(1)
    expect(svg.locator("circle.hpviz-best")).to_have_count(1)
    for value in ("16", "32", "64", "128", "256"):
        expect(
            svg.locator(".hpviz-axis text").filter(has_text=re.compile(f"^{value}$"))
        ).to_have_count(1)
    # the best run is the kernel's (lowest loss); the note names it
    best = lab.python_json("float(df.val_loss.min())")
    assert view["best"]["metric"] == best
    expect(region).to_contain_text("best cell:")
    # a cell's count and median on hover
    best_cell = view["best_cell"]
    cell_data = next(
        c for c in view["cells"] if (c["i"], c["j"]) == (best_cell["i"], best_cell["j"])
    )
    svg.locator(f'.hpviz-cells rect[data-i="{best_cell["i"]}"][data-j="{best_cell["j"]}"]').hover()
    card = root.locator(".hpviz-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text(f"{cell_data['count']} run")
    expect(card).to_contain_text("median val_loss")

    # Close: the region leaves, and Python knows; Python opens one too
    region.get_by_role("button", name=f"Close the heatmap of {a} × {b}").click()
    expect(root.locator("section.hpviz-pairmap")).to_have_count(0)
    lab.wait_for_python("panel.pair", lambda v: v == [], message="pair not cleared")
    lab.run_python('panel.pair = ["dropout", "wd"]')
    expect(
        root.get_by_role("region", name="dropout × wd against val_loss").locator("svg")
    ).to_have_attribute("data-xscale", "linear")
    errors = [line for line in lab.console if line.startswith("[pageerror]")]
    assert not errors, "uncaught errors in the page:\n" + "\n".join(errors)
    assert not lab.external_requests


def test_the_interactions_by_keyboard(lab, request):
    lab.open_notebook(re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name))
    cell = lab.run_cell(SWEEP)
    root = cell.output.locator("div.hpviz")
    section = root.locator("section.hpviz-pairs")
    expect(section).to_have_attribute("data-status", "ready", timeout=READY)
    first = section.locator("button.hpviz-pair").first
    # Tab reaches the pairs: from the last control before them, Tab goes on to the first pair
    first.focus()
    first.press("Shift+Tab")
    root.page.keyboard.press("Tab")
    expect(first).to_be_focused()
    expect(root.locator(".hpviz-card")).to_be_visible()  # its card shows on focus
    root.page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-pressed", "true")
    region = root.locator("section.hpviz-pairmap")
    expect(region.locator("svg.hpviz-heatmap")).to_be_visible()
    pair = lab.wait_for_python("panel.pair", lambda v: len(v) == 2, message="pair not set")
    # into the region (its Close button), Escape closes it and gives focus back to the pair
    region.get_by_role("button", name=re.compile("Close the heatmap")).focus()
    root.page.keyboard.press("Escape")
    expect(region).to_have_count(0)
    expect(first).to_be_focused()
    lab.wait_for_python("panel.pair", lambda v: v == [], message="pair not cleared")
    # Space on the second pair opens it; Space again closes it
    second = section.locator("button.hpviz-pair").nth(1)
    second.focus()
    root.page.keyboard.press("Space")
    expect(second).to_have_attribute("aria-pressed", "true")
    lab.wait_for_python("panel.pair", lambda v: len(v) == 2 and v != pair, message="no pair")
    root.page.keyboard.press("Space")
    expect(second).to_have_attribute("aria-pressed", "false")
    lab.wait_for_python("panel.pair", lambda v: v == [], message="pair not cleared")


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    namespace: dict = {}
    exec(DATA, namespace)  # the same sweep, without a kernel; and a name with markup
    df = namespace["df"]
    df["<img src=x onerror=window.__xss=1>"] = df["wd"][::-1].to_numpy()
    panel = namespace["ImportancePanel"](df, metric="val_loss")
    return panel.to_html(tmp_path_factory.mktemp("export") / "pairs.html")


def test_the_export_carries_the_pairs_and_their_heatmaps(browser, export_file):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(export_file.as_uri())
        section = page.locator("section.hpviz-pairs")
        buttons = section.locator("button.hpviz-pair")
        expect(buttons.first).to_have_attribute("data-pair", re.compile(r"lr|batch"))
        state = page.evaluate("JSON.parse(document.getElementById('hpviz-state').textContent)")
        expect(buttons).to_have_count(len(state["pairs"]))
        buttons.first.click()
        region = page.locator("section.hpviz-pairmap")
        expect(region.locator("svg.hpviz-heatmap .hpviz-cells rect").first).to_be_visible()
        expect(region.locator("rect.hpviz-best-cell")).to_have_count(1)
        region.get_by_role("button", name=re.compile("Close the heatmap")).click()
        expect(region).to_have_count(0)
        # every listed pair opens its heatmap, computed at export time
        for i in range(len(state["pairs"])):
            buttons.nth(i).click()
            expect(page.locator("section.hpviz-pairmap svg.hpviz-heatmap")).to_be_visible()
        assert page.evaluate("window.__xss") is None
        assert not errors, errors
        assert all(url.startswith("file:") for url in requests), requests
    finally:
        context.close()
