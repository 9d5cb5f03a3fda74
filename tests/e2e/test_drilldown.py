"""The drill-down in a real JupyterLab: click a row → its plot opens inside the panel.

A synthetic sweep whose truth is known: ``lr`` (log-uniform over five decades, optimum at
10**-2.5) and ``optimizer`` (sgd is worse) matter for ``val_loss``; ``dropout`` does not.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.sweeps import SWEEP_IMPORT

pytestmark = pytest.mark.browser

READY = 60_000  # ms: first render loads the front end and fits the forest

# The tests' shared sweep (tests/sweeps.py), 3 000 runs: lr and the optimizer matter, and
# ``dropout`` (its ``noise_a``, on [0, 0.5)) does not.
SWEEP = f"""
{SWEEP_IMPORT}
from hpviz import ImportancePanel

df = make_sweep(3000).assign(dropout=lambda f: f.noise_a / 2)
df = df[["lr", "optimizer", "dropout", "val_loss"]]
panel = ImportancePanel(df, metric="val_loss")
panel
"""


def test_click_row_opens_plot_with_log_axis_then_categories_then_closes(lab, request):
    lab.open_notebook(re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name))
    cell = lab.run_cell(SWEEP)
    root = cell.output.locator("div.hpviz")
    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
    table = root.locator("table.hpviz-table")

    # a numeric, log-scaled parameter: a scatter on a log x axis, the best run ringed
    table.locator('tbody tr[data-parameter="lr"]').click()
    region = root.get_by_role("region", name="lr against val_loss")
    expect(region).to_be_visible()
    svg = region.locator("svg")
    expect(svg).to_have_attribute("data-xscale", "log")
    expect(svg.locator(".hpviz-axis-x text").filter(has_text="lr (log scale)")).to_have_count(1)
    expect(svg.locator(".hpviz-axis-x text").filter(has_text=re.compile(r"^1e-5$"))).to_have_count(
        1
    )
    expect(svg.locator(".hpviz-dots circle")).to_have_count(2000)  # bounded: 2,000 of 3,000
    expect(svg.locator("circle.hpviz-best")).to_have_count(1)
    expect(region).to_contain_text("2,000 of 3,000 runs shown")
    assert lab.python_json("panel.selected") == "lr"
    # the best run's ring sits where the kernel says the best run is (the lowest loss)
    best_x = lab.python_json("float(df.loc[df.val_loss.idxmin(), 'lr'])")
    assert abs(best_x - 10**-2.5) < 10**-2.5 * 2  # near the optimum
    expect(table.locator('tbody tr[data-parameter="lr"]')).to_have_attribute(
        "data-selected", "true"
    )

    # a categorical parameter: one strip and box per value, with its count and mean
    table.locator('tbody tr[data-parameter="optimizer"]').click()
    region = root.get_by_role("region", name="optimizer against val_loss")
    expect(region).to_be_visible()
    svg = region.locator("svg")
    expect(svg).to_have_attribute("data-xscale", "category")
    expect(svg.locator(".hpviz-box")).to_have_count(2)
    counts = lab.python_json("df.optimizer.value_counts().to_dict()")
    for value in ("adam", "sgd"):
        expect(svg).to_contain_text(f"n={counts[value]}")
    expect(svg.locator("line.hpviz-mean")).to_have_count(2)
    expect(root.get_by_role("region", name="lr against val_loss")).to_have_count(0)

    # close it: the region leaves, and Python knows
    region.get_by_role("button", name="Close the plot of optimizer").click()
    expect(root.locator("section.hpviz-drill")).to_have_count(0)
    lab.wait_for_python("panel.selected", lambda v: v == "", message="selected not cleared")

    # and Python can open one too
    lab.run_python('panel.selected = "dropout"')
    region = root.get_by_role("region", name="dropout against val_loss")
    expect(region.locator("svg")).to_have_attribute("data-xscale", "linear")
    errors = [line for line in lab.console if line.startswith("[pageerror]")]
    assert not errors, "uncaught errors in the page:\n" + "\n".join(errors)
    assert not lab.external_requests
