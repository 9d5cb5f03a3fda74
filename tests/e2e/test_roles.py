"""Column roles, the goal and the notes in JupyterLab: the Parameters dialog lists the columns
that are not parameters with the reason and makes one a parameter (Python refits), the goal
chip says a guessed goal and flips it, and runs left out are said one note per line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_panel_lab import READY, assert_page_clean, eventually, show_panel

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# val_loss rises with the step counter the runs reached: an outcome, never a parameter unless
# the user says so; ``score`` has no certain direction.
SWEEP = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(0)
n = 200
df = pd.DataFrame({
    "lr": 10 ** rng.uniform(-4, -1, n),
    "batch_size": rng.choice([16, 32, 64], n),
    "noise": rng.uniform(size=n),
    "trainer/global_step": rng.integers(100, 10_000, n),
})
df["val_loss"] = df["trainer/global_step"] / 10_000 + rng.normal(0, 0.02, n)
df["score"] = -df["val_loss"]
"""


def test_dialog_shows_a_non_parameter_with_its_reason_and_making_it_a_parameter_refits(lab):
    view = show_panel(
        lab, "roles_dialog", SWEEP, 'panel = ImportancePanel(df, metric="val_loss")\npanel'
    )
    page, root = view.page, view.root
    assert "trainer/global_step" not in view.shown()
    root.locator("button").filter(has_text=re.compile(r"^\s*Parameters\b")).click()
    dialog = page.locator('div[role="dialog"][aria-label="Manage parameters"]')
    expect(dialog).to_be_visible()
    roles = dialog.locator("section.hpviz-roles")
    expect(roles.get_by_role("heading")).to_have_text(
        re.compile(r"Column roles: 3 analysed, 3 not")
    )
    item = roles.locator('li[data-column="trainer/global_step"]')
    expect(item.locator(".hpviz-role-chip")).to_have_text("outcome")
    reason = view.kernel("panel.columns.set_index('column').loc['trainer/global_step', 'reason']")
    expect(item.locator(".hpviz-role-reason")).to_have_text(reason)
    expect(roles.locator('li[data-column="val_loss"] .hpviz-role-chip')).to_have_text(
        "metric shown"
    )
    expect(roles.locator('li[data-column="val_loss"] button:visible')).to_have_count(0)

    dialog.locator('input[type="search"]').fill("step")
    eventually(
        lambda: roles.locator("li").evaluate_all("ls => ls.map(l => l.dataset.column)"),
        lambda got: got == ["trainer/global_step"],
        "roles matching 'step'",
    )
    item.get_by_role("button", name="Use trainer/global_step as a parameter").click()
    row = view.row("trainer/global_step")
    expect(row).to_be_visible(timeout=READY)
    view.expect_ready()
    importance = view.kernel(
        "float(panel.table.set_index('parameter').loc['trainer/global_step', 'importance'])"
    )
    assert importance > 0.5  # the metric follows it: the forest leans on it
    expect(item.locator(".hpviz-role-chip")).to_have_text("parameter")
    expect(item.locator(".hpviz-role-reason")).to_have_text(
        re.compile(r"^your choice \(was outcome: ")
    )
    # the change goes back: the column's button now gives it back its own role
    button = item.get_by_role("button", name="Give trainer/global_step back its role: outcome")
    expect(button).to_have_text("Back to outcome")
    expect(button).to_be_focused()  # focus stayed on the column's button

    button.click()
    expect(row).to_have_count(0, timeout=READY)
    view.wait_kernel("'trainer/global_step' in panel.parameters", lambda got: got is False)
    expect(item.locator(".hpviz-role-chip")).to_have_text("outcome")
    assert_page_clean(lab)


def test_the_goal_chip_says_a_guess_and_flips_the_goal_by_keyboard(lab):
    view = show_panel(
        lab, "roles_goal", SWEEP, 'panel = ImportancePanel(df, metric="score")\npanel'
    )
    chip = view.root.locator("button.hpviz-goal")
    assert view.kernel("[panel.goal, panel.goal_guessed]") == ["maximize", True]
    expect(chip).to_have_text("higher is better (a guess)")
    expect(chip).to_have_attribute(
        "aria-label", "Goal: higher is better for score, a guess. Switch to lower is better"
    )
    chip.focus()
    view.page.keyboard.press("Enter")
    view.wait_kernel("[panel.goal, panel.goal_guessed]", lambda got: got == ["minimize", False])
    expect(chip).to_have_text("lower is better")
    expect(chip).to_have_attribute("aria-label", re.compile(r"Switch to higher is better$"))
    view.page.keyboard.press("Space")
    view.wait_kernel("panel.goal", lambda got: got == "maximize")
    assert_page_clean(lab)


def test_runs_left_out_and_the_metric_picked_are_said_one_note_per_line(lab):
    path = FIXTURES / "wandb_ui_export.csv"
    view = show_panel(
        lab,
        "roles_notes",
        f"from hpviz import ImportancePanel\npanel = ImportancePanel({str(path)!r})\npanel",
    )
    notes = view.root.locator("ul.hpviz-notices li")
    expect(notes.first.locator(".hpviz-note-line")).to_have_text(
        "3 of 12 runs left out: not finished (2 crashed, 1 running)."
    )
    expect(notes.first.get_by_role("button", name="Include these runs")).to_be_visible()
    expect(
        notes.filter(has_text=re.compile(r"^Showing val/acc, one of 2 validation metrics"))
    ).to_have_count(1)
    assert notes.count() == len(view.kernel("panel.notes"))
    assert_page_clean(lab)


def test_a_metric_passed_as_a_parameter_is_used_as_a_metric_again_from_the_dialog(lab):
    # val_acc is a metric by its name; params= makes it a parameter, so the selector lacks it
    view = show_panel(
        lab,
        "roles_as_metric",
        SWEEP,
        'df["val_acc"] = 1 - df["val_loss"]\n'
        'panel = ImportancePanel(df, metric="val_loss", params=["lr", "batch_size", "val_acc"])\n'
        "panel",
    )
    page, root = view.page, view.root
    select = root.get_by_role("combobox", name="Metric")
    options = "s => [...s.options].map(o => o.value)"
    assert "val_acc" not in select.evaluate(options)
    assert "val_acc" in view.shown()
    root.locator("button").filter(has_text=re.compile(r"^\s*Parameters\b")).click()
    dialog = page.locator('div[role="dialog"][aria-label="Manage parameters"]')
    item = dialog.locator('section.hpviz-roles li[data-column="val_acc"]')
    expect(item.locator(".hpviz-role-chip")).to_have_text("parameter")
    expect(dialog.locator('li[data-column="val_loss"] button:visible')).to_have_count(0)

    use = item.get_by_role("button", name="Use val_acc as a metric (the metric selector offers it)")
    expect(use).to_have_text("Use as metric")
    use.click()
    view.wait_kernel(
        "['val_acc' in panel.metrics, 'val_acc' in panel.parameters]",
        lambda got: got == [True, False],
    )
    expect(item.locator(".hpviz-role-chip")).to_have_text("metric")
    expect(view.row("val_acc")).to_have_count(0, timeout=READY)
    # the metric selector offers it again, and choosing it explains it
    eventually(lambda: select.evaluate(options), lambda got: "val_acc" in got, "val_acc offered")
    select.select_option("val_acc")
    view.wait_kernel("panel.metric", lambda got: got == "val_acc")
    view.expect_ready()
    assert view.kernel("panel.table.attrs['metric']") == "val_acc"
    assert_page_clean(lab)
