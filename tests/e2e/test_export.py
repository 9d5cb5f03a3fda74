"""The static export in a browser: opened from disk, no kernel, no network, still interactive."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hpviz import ImportancePanel
from tests.sweeps import make_sweep

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    frame = make_sweep(200)
    frame[XSS] = frame["noise_a"]
    params = ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const", XSS]
    panel = ImportancePanel(frame, metric="val_loss", params=params)
    panel.hide("const")
    return panel.to_html(tmp_path_factory.mktemp("export") / "panel.html")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.errors, page.requests = errors, requests
    yield page
    context.close()


def names(page) -> list[str]:
    return page.locator(".hpviz-row").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-parameter'))"
    )


def test_export_opens_from_disk_and_sorts(page, export_file):
    page.goto(export_file.as_uri())
    expect(page.locator(".hpviz-row")).to_have_count(6)
    assert names(page)[0] == "lr"  # sorted by importance, lr matters most
    expect(page.locator(".hpviz-runs")).to_have_text("200 runs")
    expect(page.locator(".hpviz-message")).to_contain_text("Static export")

    page.locator('.hpviz-sort[data-sort="parameter"]').click()
    expected = sorted(names(page), key=lambda n: (n.lower(), n))
    expect(page.locator(".hpviz-th-parameter")).to_have_attribute("aria-sort", "ascending")
    assert names(page) == expected
    page.locator('.hpviz-sort[data-sort="parameter"]').click()
    assert names(page) == expected[::-1]

    page.locator(".hpviz-search").fill("noise")
    expect(page.locator(".hpviz-row")).to_have_count(2)
    page.locator(".hpviz-search").fill("")

    # hide a parameter through the manager: its row leaves, no refit (no kernel)
    page.locator(".hpviz-manage").click()
    page.locator('.hpviz-manager input[data-parameter="noise_b"]').uncheck()
    page.keyboard.press("Escape")
    expect(page.locator(".hpviz-row")).to_have_count(5)
    # the wand keeps the rows above the exported noise floor
    page.locator(".hpviz-wand").click()
    expect(page.locator('.hpviz-row[data-parameter="lr"]')).to_be_visible()
    assert "noise_a" not in names(page)

    # the XSS-named parameter is text, never markup
    assert page.evaluate("window.__xss") is None
    assert not page.errors, page.errors
    assert all(url.startswith(("file:", "data:", "blob:")) for url in page.requests), page.requests


def test_download_csv_holds_the_shown_rows(page, export_file):
    page.goto(export_file.as_uri())
    expect(page.locator(".hpviz-row")).to_have_count(6)
    page.locator(".hpviz-search").fill("o")  # rows whose name contains "o"
    shown = names(page)
    with page.expect_download() as info:
        page.locator(".hpviz-download").click()
    download = info.value
    assert download.suggested_filename == "hpviz-val_loss.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert [row["parameter"] for row in rows] == shown
    assert all(0 <= float(row["importance"]) <= 1 for row in rows)
