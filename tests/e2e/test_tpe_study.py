"""A real TPE study in JupyterLab: the banner says which parameter rode along with the good
trials, its row says what it moves with, and the wand leaves it out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_panel_lab import assert_page_clean, show_panel
from .test_warnings_and_sparklines import WARNINGS

pytestmark = pytest.mark.browser

STUDY = Path(__file__).parent.parent / "fixtures" / "optuna_tpe_study.csv"


def test_a_tpe_study_says_which_parameter_borrowed_its_importance(lab):
    source = (
        "from hpviz import ImportancePanel\n"
        f"panel = ImportancePanel({str(STUDY)!r}, metric='value')\n"
        "panel"
    )
    view = show_panel(lab, "honest_tpe", source)
    root = view.root
    warning = root.locator(WARNINGS).filter(has_text="adaptive sampler")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text(re.compile(r"^Warning: .*data_seed.* not counted above"))
    expect(view.row("data_seed").locator(".hpviz-extra-note")).to_contain_text(
        "moves together with lr"
    )

    root.locator("button.hpviz-wand").click()
    view.wait_kernel("'data_seed' in panel.hidden", lambda hidden: hidden is True)
    visible = view.kernel("[p for p in panel.table['parameter'] if p not in panel.hidden]")
    shown = view.expect_shown(visible)
    assert "lr" in shown and "data_seed" not in shown, shown
    assert_page_clean(lab)
