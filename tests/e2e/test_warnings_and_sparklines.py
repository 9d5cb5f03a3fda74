"""Honest numbers in JupyterLab, as a user sees them: the notes that put the numbers in doubt
(rough, nothing stands out) are warning banners, a fit on ranks a plain note, readable in Lab
Light and Dark; the demo's learning rate shows a sparkline with its best range and reads "best
in the middle"; on a 12-run
sweep with no signal every correlation is drawn neutral with a direction glyph; an Optuna-style
conditional parameter says where it is active and its parent outranks it."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import expect

from .test_hosts import _set_lab_theme, check_contrast
from .test_panel_lab import assert_page_clean, show_panel

pytestmark = pytest.mark.browser

WARNINGS = "ul.hpviz-warnings li.hpviz-warning"

DIGITS = """
from hpviz import ImportancePanel
from hpviz.datasets import load_digits_sweep
panel = ImportancePanel(load_digits_sweep(), metric="val_loss")
panel
"""

# 12 runs, three parameters, a metric that is pure noise.
NOISE = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(3)
n = 12
df = pd.DataFrame({
    "lr": 10 ** rng.uniform(-4, -1, n),
    "dropout": rng.uniform(0, 0.5, n),
    "width": rng.uniform(16, 256, n),
})
df["val_loss"] = rng.normal(1.0, 0.1, n)
panel = ImportancePanel(df, metric="val_loss")
panel
"""

# Optuna's tutorial pattern: n_layers in 1..4, n_units_l{i} only for i < n_layers; the loss
# drops 9x from 4 layers on, the units barely matter.
CONDITIONAL = """
import numpy as np
import pandas as pd
from hpviz import ImportancePanel

rng = np.random.default_rng(0)
n = 200
layers = rng.integers(1, 5, n)
df = pd.DataFrame({"n_layers": layers, "lr": 10 ** rng.uniform(-4, -2, n)})
for i in range(4):
    df[f"n_units_l{i}"] = np.where(i < layers, rng.integers(4, 129, n), np.nan)
df["val_loss"] = np.where(layers >= 4, 0.1, 0.9) + rng.normal(0, 0.02, n)
panel = ImportancePanel(df, metric="val_loss")
panel
"""

CHILDREN = [f"n_units_l{i}" for i in range(1, 4)]


def test_demo_notes_its_ranks_and_learning_rate_shows_its_peak(lab):
    view = show_panel(lab, "honest_demo", DIGITS)
    root = view.root
    # fitting on ranks is a sensible default: a plain note (issue 20), said once, no warning
    note = root.locator("ul.hpviz-message li").filter(has_text="ranks")
    expect(note).to_have_count(1)
    expect(note).to_be_visible()
    expect(note.locator(".hpviz-note-line")).to_have_text(
        "Fitted on the ranks of val_loss: 3 runs lie far beyond the rest."
    )
    expect(root.locator(WARNINGS).filter(has_text="ranks")).to_have_count(0)
    assert not any("ranks" in text for text in view.kernel("panel.warnings"))

    row = view.row("learning_rate")
    expect(row).to_be_visible()
    line = row.locator("svg.hpviz-spark path.hpviz-spark-line")
    expect(line).to_have_attribute("d", re.compile(r"^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$"))
    assert len(re.findall(r"[ML]", line.get_attribute("d"))) >= 3
    band = row.locator("svg.hpviz-spark rect.hpviz-spark-best")
    expect(band).to_be_visible()
    assert float(band.get_attribute("width")) > 0
    expect(row.locator(".hpviz-shape")).to_have_text("best in the middle")
    expect(row.locator(".hpviz-extra-note")).to_contain_text(re.compile(r"best \S+ to \S+"))

    lab.page.evaluate("document.activeElement && document.activeElement.blur()")
    banners = root.locator("ul.hpviz-message.hpviz-notices")
    try:
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            _set_lab_theme(lab, theme)
            check_contrast(banners, f"notes in {theme}", at_least=2)
    finally:
        with contextlib.suppress(Exception):  # the theme is a server setting: put it back
            _set_lab_theme(lab, "JupyterLab Light")
    assert_page_clean(lab)


def test_no_signal_in_12_runs_warns_and_draws_correlations_neutral(lab):
    view = show_panel(lab, "honest_noise", NOISE)
    root = view.root
    warnings = root.locator(WARNINGS)
    expect(
        warnings.filter(has_text=re.compile(r"^Warning: Rough numbers: only 12 runs"))
    ).to_have_count(1)
    expect(warnings.filter(has_text="No parameter stands out from noise")).to_have_count(1)
    expect(warnings.locator("strong.hpviz-warning-label")).to_have_text(["Warning:"] * 2)

    view.expect_shown(view.kernel_table())
    bars = view.rows.locator(".hpviz-corr .hpviz-corr-bar")
    expect(bars).to_have_count(3)
    for i in range(3):
        expect(bars.nth(i)).to_have_class(re.compile(r"\bhpviz-neutral\b"))
        expect(bars.nth(i)).not_to_have_class(re.compile(r"\bhpviz-(good|bad)\b"))
    glyphs = view.rows.locator(".hpviz-corr .hpviz-num")
    expect(glyphs).to_have_count(3)
    assert glyphs.evaluate_all("els => els.map(e => e.dataset.glyph)") == ["≈"] * 3
    drawn = glyphs.evaluate_all("els => els.map(e => getComputedStyle(e, '::before').content)")
    assert all(content.startswith('"≈') for content in drawn), drawn
    assert_page_clean(lab)


def test_conditional_child_says_where_it_is_active_and_parent_outranks_it(lab):
    view = show_panel(lab, "honest_conditional", CONDITIONAL)
    shown = view.expect_shown(view.kernel_table())
    for child in CHILDREN:
        assert shown.index("n_layers") < shown.index(child), shown
    note = view.row("n_units_l3").locator(".hpviz-extra-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(re.compile(r"active in \d+% of runs \(n_layers ≥ 4\)"))
    expect(view.row("n_units_l1").locator(".hpviz-extra-note")).to_contain_text(
        re.compile(r"active in \d+% of runs \(n_layers ≥ 2\)")
    )
    expect(view.row("n_layers").locator(".hpviz-extra-note")).not_to_contain_text("active in")
    assert_page_clean(lab)
