"""Honest numbers in JupyterLab: the wand's choice and the metric it was made for (the panel says
when the wand's choice is in force, that it was made for another metric after a switch, offers
to apply it again, and undoes it in one click)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_panel_lab import READY, assert_page_clean, show_panel
from .test_roles import SWEEP

pytestmark = pytest.mark.browser


def test_the_wand_says_its_metric_reapplies_and_undoes(lab):
    view = show_panel(
        lab, "wand_metric", SWEEP, 'panel = ImportancePanel(df, metric="val_loss")\npanel'
    )
    root = view.root
    view.kernel("panel.hide('batch_size') or 0")
    wand = root.locator("button.hpviz-wand")
    notice = root.locator(".hpviz-wand-notice")
    expect(notice).to_be_hidden()
    wand.click()
    view.wait_kernel("panel.wand_choice.get('metric')", lambda got: got == "val_loss")
    expect(notice).to_contain_text("Showing the wand's choice for val_loss")
    expect(wand).to_have_class(re.compile(r"\bhpviz-wand-on\b"))
    reapply = notice.get_by_role("button", name="Apply the wand for score")
    expect(reapply).to_be_hidden()

    root.locator("select.hpviz-select").first.select_option("score")
    expect(notice).to_contain_text("The wand chose these parameters for val_loss, not for score.")
    reapply.click()
    view.wait_kernel("panel.wand_choice.get('metric')", lambda got: got == "score")
    expect(notice).to_contain_text("Showing the wand's choice for score")
    view.expect_ready()

    notice.get_by_role("button", name=re.compile(r"^Undo the wand")).click()
    view.wait_kernel("[panel.hidden, panel.wand_choice]", lambda got: got == [["batch_size"], {}])
    expect(notice).to_be_hidden()
    expect(wand).not_to_have_class(re.compile(r"\bhpviz-wand-on\b"))
    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
    assert_page_clean(lab)
