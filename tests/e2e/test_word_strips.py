"""Issue 19 in a browser: a number column with a few words draws each word as a strip of its own
right of the numbers in the drill-down (the static export, opened from disk)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from hpviz import ImportancePanel

pytestmark = pytest.mark.browser


def test_the_words_among_numbers_get_their_own_strips(browser, tmp_path):
    rng = np.random.default_rng(0)
    n = 200
    gamma = (10 ** rng.uniform(-4, 0, n)).astype(object)
    gamma[:20] = "scale"
    gamma[20:26] = "auto"
    frame = pd.DataFrame({"gamma": gamma, "C": 10 ** rng.uniform(-2, 2, n)})
    numbers = pd.to_numeric(frame["gamma"], errors="coerce").fillna(1e-2).astype(float)
    frame["val_loss"] = (np.log10(numbers) + 2) ** 2 + rng.normal(0, 0.3, n)
    path = ImportancePanel(frame, metric="val_loss").to_html(tmp_path / "panel.html")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.locator('.hpviz-row[data-parameter="gamma"] .hpviz-name').click()
        plot = page.locator(".hpviz-drill svg.hpviz-plot")
        expect(plot).to_have_attribute("data-xscale", "log")
        expect(plot).to_have_attribute("data-special", "2")
        words = plot.locator(".hpviz-special text:not(.hpviz-cat-stats)")
        expect(words).to_contain_text(["auto", "scale"])  # (each with its title inside)
        expect(plot.locator(".hpviz-special .hpviz-cat-stats")).to_have_text(["n=6", "n=20"])
        assert plot.locator(".hpviz-box").count() >= 2
        # the strips sit right of every numeric point
        right_of_numbers = page.evaluate(
            """() => {
              const svg = document.querySelector('.hpviz-drill svg.hpviz-plot');
              const axis = svg.querySelector('.hpviz-special line');
              const start = Number(axis.getAttribute('x1'));
              const dots = [...svg.querySelectorAll('.hpviz-dots circle')];
              return dots.filter((d) => Number(d.getAttribute('cx')) < start).length;
            }"""
        )
        assert right_of_numbers == n - 26
        assert not errors, errors
    finally:
        context.close()
