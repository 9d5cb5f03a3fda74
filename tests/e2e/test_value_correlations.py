"""Honest numbers for a categorical parameter's values, in JupyterLab, as a user sees them:
each value's correlation follows the numeric rows' rule. On a 12-run sweep whose metric is
noise, every value's 90% interval contains 0: its bar is neutral grey and its number reads ≈.
On 300 runs where the optimizer matters, the values whose interval excludes 0 are green or red
with ✓ (helps) or ✗ (hurts), and the one in between stays neutral with ≈. The correlation card
gives each value's interval and says which directions are not established. What is expected is
read from the kernel's ``panel.rows``, not hard-coded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_panel_lab import assert_page_clean, show_panel

pytestmark = pytest.mark.browser

# 12 runs, four of each optimizer, a metric that is pure noise.
NOISE = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(4)
n = 12
df = pd.DataFrame({
    "lr": 10 ** rng.uniform(-4, -1, n),
    "optimizer": np.repeat(["adam", "sgd", "rmsprop"], 4),
})
df["val_loss"] = rng.normal(1.0, 0.1, n)
panel = ImportancePanel(df, metric="val_loss")
panel
"""

# 300 runs: sgd raises the loss, adam lowers it, rmsprop sits in between (no effect of its own).
STRONG = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(0)
n = 300
optimizer = rng.choice(["adam", "rmsprop", "sgd"], n)
df = pd.DataFrame({"lr": 10 ** rng.uniform(-4, -1, n), "optimizer": optimizer})
effect = 0.5 * (optimizer == "sgd") - 0.5 * (optimizer == "adam")
df["val_loss"] = 1.0 + effect + rng.normal(0, 0.2, n)
panel = ImportancePanel(df, metric="val_loss")
panel
"""

VALUES = "next(r['values'] for r in panel.rows if r['parameter'] == 'optimizer')"


def shown(value: float, digits: int = 2) -> str:
    """A number as the panel writes it (a minus sign, not a hyphen; no sign on zero)."""
    text = f"{abs(value):.{digits}f}"
    return f"\u2212{text}" if value < 0 and re.search(r"[1-9]", text) else text


def contains_zero(value: dict) -> bool:
    return value["correlation_low"] <= 0 <= value["correlation_high"]


def expected_glyph(value: dict, goal: str) -> str:
    """What the panel's legend promises for a value: ≈ when its interval contains 0, else ✓
    when it moves the metric the good way for the goal, ✗ when the bad way."""
    r = value["correlation"]
    if contains_zero(value) or r == 0:
        return "≈"
    return "✓" if (r > 0) == (goal == "maximize") else "✗"


def drawn_values(view) -> dict[str, dict]:
    """Each listed value of the optimizer's row: its bar's tone, its glyph, its number."""
    items = view.row("optimizer").locator("li.hpviz-value")
    return {
        item["label"]: item
        for item in items.evaluate_all(
            """els => els.map(li => {
              const bar = li.querySelector('.hpviz-corr-bar');
              const num = li.querySelector('.hpviz-num');
              return {
                label: li.querySelector('.hpviz-value-label').textContent,
                tone: (bar.className.match(/hpviz-(good|bad|neutral)/) || [])[1] || '',
                glyph: num.dataset.glyph || '',
                drawn: getComputedStyle(num, '::before').content,
                number: num.textContent,
              };
            })"""
        )
    }


def check_values(view, values: list[dict], goal: str) -> None:
    """The row draws every value as the rule says, and the card says the same in words."""
    items = view.row("optimizer").locator("li.hpviz-value")
    expect(items).to_have_count(len(values))
    drawn = drawn_values(view)
    assert sorted(drawn) == sorted(v["value"] for v in values), drawn
    for value in values:
        item = drawn[value["value"]]
        glyph = expected_glyph(value, goal)
        tone = {"≈": "neutral", "✓": "good", "✗": "bad"}[glyph]
        assert item["number"] == shown(value["correlation"]), (value, item)
        assert (item["tone"], item["glyph"]) == (tone, glyph), (value, item)
        assert item["drawn"].startswith(f'"{glyph}'), item  # the glyph is on screen

    card = view.lab.page.locator(".hpviz-card")
    view.row("optimizer").locator(".hpviz-values").focus()
    expect(card).to_be_visible()
    for value in values:
        interval = f"90% interval from {shown(value['correlation_low'])} to "
        line = card.locator(".hpviz-card-line").filter(has_text=f"{value['value']}: r ")
        expect(line).to_have_count(1)
        expect(line).to_contain_text(interval + shown(value["correlation_high"]))
        if contains_zero(value):
            expect(line).to_contain_text("which contains 0")
            expect(line).to_contain_text("the direction is not established")
            expect(line).not_to_contain_text(re.compile(r"\((good|bad)\)"))
        else:
            expect(line).to_contain_text(re.compile(r"than the others \((good|bad)\)"))
    view.lab.page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_values_of_a_12_run_noise_sweep_are_neutral_with_approx(lab):
    view = show_panel(lab, "honest_values_noise", NOISE)
    values = view.kernel(VALUES)
    assert len(values) == 3 and all(contains_zero(v) for v in values), values  # the premise
    check_values(view, values, view.kernel("panel.goal"))
    assert {item["glyph"] for item in drawn_values(view).values()} == {"≈"}
    # the legend explains grey and ≈
    legend = view.root.locator(".hpviz-legend")
    expect(legend).to_contain_text("≈ could be 0")
    assert_page_clean(lab)


def test_values_with_a_strong_effect_on_300_runs_say_which_way(lab):
    view = show_panel(lab, "honest_values_strong", STRONG)
    values = view.kernel(VALUES)
    goal = view.kernel("panel.goal")
    glyphs = sorted(expected_glyph(v, goal) for v in values)
    assert glyphs == ["≈", "✓", "✗"], values  # the premise: one of each
    check_values(view, values, goal)

    # the other goal turns ✓ into ✗ and back; ≈ stays
    other = "maximize" if goal == "minimize" else "minimize"
    view.lab.run_python(f"panel.goal = {other!r}")
    view.wait_kernel("[panel.goal, panel.status]", lambda got: got == [other, "ready"])
    flipped = {v["value"]: expected_glyph(v, other) for v in view.kernel(VALUES)}
    assert sorted(flipped.values()) == glyphs, flipped
    items = view.row("optimizer").locator("li.hpviz-value")
    expect(items.locator(".hpviz-num")).to_have_count(3)
    for value, glyph in flipped.items():
        num = items.filter(has=view.lab.page.locator(".hpviz-value-label", has_text=value))
        expect(num.locator(".hpviz-num")).to_have_attribute("data-glyph", glyph)
    assert_page_clean(lab)
