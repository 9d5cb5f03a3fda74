"""Regenerate the README's pictures: the panel on the bundled digits sweep in a real JupyterLab.

    .venv/bin/python scripts/make_screenshots.py            # all of them, into docs/
    .venv/bin/python scripts/make_screenshots.py --out /tmp  # elsewhere

Writes ``docs/screenshot.png`` (about 900 px wide, Lab Light: the README's first picture),
``docs/screenshot-light.png`` and ``docs/screenshot-dark.png`` (1 180 px window, Lab Light and
Dark) and ``docs/screenshot-narrow-light.png`` / ``-dark.png`` (the panel 460 px wide). It uses
the browser tests' harness (``tests/e2e/conftest.py``: an isolated JupyterLab on 127.0.0.1 and
Debian's /usr/bin/chromium), so it needs the ``test`` extras; no test writes these files.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402 (importable once ROOT is on the path)
    _PAGE_HELPERS,
    CHROMIUM,
    CHROMIUM_ARGS,
    Lab,
    _start_server,
    _stop_server,
)

PANEL = """
from hpviz import ImportancePanel
from hpviz.datasets import load_digits_sweep
panel = ImportancePanel(load_digits_sweep(), metric="val_loss")
panel
"""
READY = 120_000  # ms


def fit_width(page, element, width: int) -> None:
    """Resize the viewport until ``element`` is about ``width`` px wide (the notebook reflows)."""
    for _ in range(6):
        current = element.evaluate(
            "el => new Promise(done => requestAnimationFrame(() => requestAnimationFrame("
            "() => done(el.getBoundingClientRect().width))))"
        )
        delta = width - round(current)
        if abs(delta) <= 2:
            return
        viewport = page.viewport_size
        page.set_viewport_size({"width": viewport["width"] + delta, "height": viewport["height"]})


def set_theme(page, theme: str) -> None:
    page.evaluate(
        "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
    )
    light = "true" if "Light" in theme else "false"
    page.wait_for_function(
        "light => document.body.dataset.jpThemeLight === light", arg=light, timeout=30_000
    )
    page.wait_for_timeout(300)  # the theme's stylesheet applied


def still(page, root) -> None:
    """No hover, no focus ring, fonts loaded, the panel in view."""
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("() => document.fonts.ready")
    root.scroll_into_view_if_needed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where to write them")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory() as base:
        server = _start_server(Path(base))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 1600})
                context.add_init_script(_PAGE_HELPERS)
                page = context.new_page()
                page.set_default_timeout(60_000)
                lab = Lab(page, server)
                try:
                    lab.open_notebook("screenshots")
                    cell = lab.run_cell(PANEL)
                    root = cell.output.locator("div.hpviz")
                    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
                    page.evaluate(
                        "() => { const app = window.jupyterapp;"
                        " if (!app.shell.leftCollapsed) app.shell.collapseLeft(); }"
                    )
                    fit_width(page, root, 900)
                    still(page, root)
                    root.screenshot(path=str(out / "screenshot.png"), animations="disabled")
                    page.set_viewport_size({"width": 1180, "height": 1600})
                    try:
                        for theme, name in (
                            ("JupyterLab Light", "light"),
                            ("JupyterLab Dark", "dark"),
                        ):
                            set_theme(page, theme)
                            still(page, root)
                            shot = out / f"screenshot-{name}.png"
                            root.screenshot(path=str(shot), animations="disabled")
                            # narrow, the window tall enough for the whole (taller) panel
                            page.set_viewport_size({"width": 1180, "height": 1800})
                            root.evaluate("el => { el.style.width = '460px'; }")
                            page.wait_for_timeout(200)
                            still(page, root)
                            shot = out / f"screenshot-narrow-{name}.png"
                            root.screenshot(path=str(shot), animations="disabled")
                            root.evaluate("el => { el.style.width = ''; }")
                            page.set_viewport_size({"width": 1180, "height": 1600})
                    finally:
                        with contextlib.suppress(Exception):  # a server setting: put it back
                            set_theme(page, "JupyterLab Light")
                finally:
                    lab.shutdown_kernel()
                    context.close()
                    browser.close()
        finally:
            _stop_server(server)
    for name in ("", "-light", "-dark", "-narrow-light", "-narrow-dark"):
        print(out / f"screenshot{name}.png")


if __name__ == "__main__":
    main()
