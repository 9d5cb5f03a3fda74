"""Hosts other than JupyterLab Light: Notebook 7, VS Code's and Colab's theme markers, Lab Dark.

* Notebook 7 (the ``notebook`` package) serves the panel at ``/notebooks/<name>.ipynb``; it is
  driven with the same harness as JupyterLab (``notebook_server`` in ``conftest.py``).
* VS Code and Colab cannot run here; what the panel reads from them are theme markers on the
  page (``body.vscode-dark`` / ``data-vscode-theme-kind``, ``html[theme=dark]``) and, in VS Code,
  a white widget background. The static export is loaded in a plain page with those markers set
  and every piece of text is checked for WCAG contrast >= 4.5 against what is really behind it.
* JupyterLab Light and Dark are checked the same way (the README's pictures of them are made
  by ``scripts/make_screenshots.py``, not by a test).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hpviz import ImportancePanel
from tests.sweeps import make_sweep

from .conftest import _PAGE_HELPERS, Lab
from .test_panel_lab import LISTED, READY, SHOW_PANEL, SWEEP, PanelView

pytestmark = pytest.mark.browser

MIN_CONTRAST = 4.5

# Every visible piece of text in the panel, its colour composited over what is behind it
# (backgrounds of all ancestors, down to the white canvas), and the WCAG contrast ratio.
CONTRAST = r"""root => {
  const parse = (c) => {
    let m = /^rgba?\(([^)]*)\)/.exec(c);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = /^color\(srgb ([^)]*)\)/.exec(c);
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(parseFloat);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    throw new Error('unparsed colour ' + c);
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const behind = (el) => {
    const chain = [];
    for (let n = el; n; n = n.parentElement) chain.push(getComputedStyle(n).backgroundColor);
    let color = [255, 255, 255, 1];
    for (const c of chain.reverse()) color = over(parse(c), color);
    return color;
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('.hpviz-sr-only, option, [aria-hidden=true]')) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const isField = el.matches('select, input[type=search]') && (el.value || el.placeholder);
    if (!own && !isField) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!rect.width || !rect.height || style.visibility === 'hidden') continue;
    let opacity = 1;
    for (let n = el; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    const bg = behind(el);
    const placeholder = el.matches('input') && !el.value;
    const fg = parse(placeholder ? getComputedStyle(el, '::placeholder').color : style.color);
    const text = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const [a, b] = [lum(text), lum(bg)].sort((x, y) => y - x);
    out.push({
      text: (el.value || el.placeholder || el.textContent).trim().slice(0, 30),
      cls: String(el.className),
      ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100,
      color: style.color,
      bg: bg.map(Math.round).join(','),
    });
  }
  return out;
}"""


SETTLED = """root => new Promise((done, fail) => {
  const start = performance.now();
  const tick = () => {  // the dimming while computing fades out: wait for full opacity
    const dimmed = Array.from(root.querySelectorAll('.hpviz-table-wrap')).some(
      (el) => getComputedStyle(el).opacity !== '1');
    if (!dimmed) done(true);
    else if (performance.now() - start > 5000) fail(new Error('the panel stays dimmed'));
    else requestAnimationFrame(tick);
  };
  tick();
})"""


def check_contrast(root, where: str, at_least: int = 20) -> list[dict]:
    root.evaluate(SETTLED)
    items = root.evaluate(CONTRAST)
    assert len(items) >= at_least, f"{where}: too little text found ({items})"
    low = [item for item in items if item["ratio"] < MIN_CONTRAST]
    assert not low, f"{where}: text below {MIN_CONTRAST}:1 contrast: {low}"
    return items


# --- VS Code and Colab theme markers, on the static export ---------------------------------


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    panel = ImportancePanel(make_sweep(200), metric="val_loss")
    panel.hide("noise_b")
    return panel.to_html(tmp_path_factory.mktemp("hosts") / "panel.html")


# (html attributes, body classes, body attributes, panel background expected dark?)
HOSTS = {
    "vscode-light": ({}, "vscode-light", {"data-vscode-theme-kind": "vscode-light"}, False),
    "vscode-dark": ({}, "vscode-dark", {"data-vscode-theme-kind": "vscode-dark"}, True),
    "vscode-dark-kind-only": ({}, "", {"data-vscode-theme-kind": "vscode-dark"}, True),
    "vscode-high-contrast": (
        {},
        "vscode-high-contrast",
        {"data-vscode-theme-kind": "vscode-high-contrast"},
        True,
    ),
    "colab-light": ({"theme": "light"}, "", {}, False),
    "colab-dark": ({"theme": "dark"}, "", {}, True),
}

SET_MARKERS = """([htmlAttrs, bodyClass, bodyAttrs]) => {
  for (const [k, v] of Object.entries(htmlAttrs)) document.documentElement.setAttribute(k, v);
  if (bodyClass) document.body.classList.add(bodyClass);
  for (const [k, v] of Object.entries(bodyAttrs)) document.body.setAttribute(k, v);
  // VS Code paints widget outputs white unless told otherwise; so does a plain page.
  const output = document.getElementById('hpviz-export');
  output.classList.add('cell-output-ipywidget-background');
  output.style.background = 'white';
}"""


@pytest.mark.parametrize("host", list(HOSTS))
def test_theme_markers_give_readable_text(browser, export_file, host):
    html_attrs, body_class, body_attrs, dark = HOSTS[host]
    # a dark OS setting must not matter: only the host's marker decides
    context = browser.new_context(color_scheme="light" if dark else "dark")
    try:
        page = context.new_page()
        page.goto(export_file.as_uri())
        root = page.locator(".hpviz")
        expect(page.locator(".hpviz-row")).to_have_count(4)  # (the constant is not listed)
        page.evaluate(SET_MARKERS, [html_attrs, body_class, body_attrs])
        background = root.evaluate("el => getComputedStyle(el).backgroundColor")
        channels = [float(v) for v in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert (sum(channels) / 3 < 100) == dark, f"{host}: panel background {background}"
        check_contrast(root, host)
        # the dialog too
        if root.count():
            page.locator(".hpviz-manage").click()
            check_contrast(page.locator(".hpviz-manager"), f"{host} dialog", at_least=8)
    finally:
        context.close()


# --- JupyterLab Light and Dark ---------------------------------------------------------------


def _set_lab_theme(lab, theme: str) -> None:
    lab.page.evaluate(
        "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
    )
    light = "true" if "Light" in theme else "false"
    lab.page.wait_for_function(THEME_APPLIED, arg=light, timeout=30_000)


# The theme is applied when its stylesheet is: the body says light or dark, JupyterLab's text
# colour is dark on light or light on dark, and no transition is still running.
THEME_APPLIED = """light => {
  if (document.body.dataset.jpThemeLight !== light) return false;
  const probe = document.createElement('div');
  probe.style.color = 'var(--jp-ui-font-color0)';
  document.body.append(probe);
  const [r, g, b] = getComputedStyle(probe).color.match(/[\\d.]+/g).map(Number);
  probe.remove();
  const darkText = r + g + b < 384;
  return darkText === (light === 'true')
    && document.getAnimations().every((a) => a.playState !== 'running');
}"""


def next_frames(page) -> None:
    """Wait until the page has drawn twice: resize observers have run and laid the panel out."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


DIGITS_PANEL = """
from hpviz import ImportancePanel
from hpviz.datasets import load_digits_sweep
panel = ImportancePanel(load_digits_sweep())
panel
"""


def test_lab_light_and_dark_contrast(lab):
    lab.open_notebook("themes")
    cell = lab.run_cell(DIGITS_PANEL)
    root = cell.output.locator("div.hpviz")
    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
    lab.page.set_viewport_size({"width": 1180, "height": 900})
    lab.page.evaluate("document.activeElement && document.activeElement.blur()")
    try:
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            _set_lab_theme(lab, theme)
            check_contrast(root, theme)
            # narrow, as beside another editor (the panel lays out by its own width)
            root.evaluate("el => { el.style.width = '460px'; }")
            next_frames(lab.page)
            check_contrast(root, f"{theme}, narrow")
            root.evaluate("el => { el.style.width = ''; }")
    finally:
        with contextlib.suppress(Exception):  # the theme is a server setting: put it back
            _set_lab_theme(lab, "JupyterLab Light")


# --- Notebook 7 ------------------------------------------------------------------------------


class Notebook7(Lab):
    """The harness's page helpers on Notebook 7: notebooks open at /notebooks/<path>."""

    def url(self, path: str) -> str:
        if path.startswith("/lab/tree/"):
            path = "/notebooks/" + path[len("/lab/tree/") :].split("?")[0]
        return super().url(path)


@pytest.fixture
def nb7(browser, notebook_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.add_init_script(_PAGE_HELPERS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    notebook = Notebook7(page, notebook_server)
    page.on("pageerror", lambda e: notebook.console.append(f"[pageerror] {e} {e.stack}"))
    try:
        yield notebook
    finally:
        notebook.shutdown_kernel()
        context.close()


def test_notebook7_renders_sorts_and_hides(nb7):
    nb7.open_notebook("nb7")
    nb7.run_cell(SWEEP)
    cell = nb7.run_cell(SHOW_PANEL)
    view = PanelView(nb7, cell.output.locator("div.hpviz"))
    view.expect_ready()
    assert sorted(view.shown()) == sorted(LISTED)
    assert view.shown()[0] == "lr"

    view.header("Parameter").locator("button.hpviz-sort").click()
    view.wait_kernel("panel.sort_by", lambda v: v == "parameter")
    expect(view.header("Parameter")).to_have_attribute("aria-sort", "ascending")
    view.expect_shown(sorted(LISTED, key=lambda n: (n.lower(), n)))

    view.root.locator(".hpviz-manage").click()
    view.root.locator('.hpviz-manager input[data-parameter="noise_a"]').uncheck()
    view.wait_kernel("panel.hidden", lambda v: v == ["noise_a"])
    nb7.page.keyboard.press("Escape")
    expect(view.row("noise_a")).to_have_count(0)
    view.expect_ready()  # (while computing, the table is dimmed on purpose)
    check_contrast(view.root, "Notebook 7")
    # Notebook 7 itself logs one error while reading a settings schema (from notebook_core,
    # not from the widget); errors from the panel's module (a blob: URL) must not occur.
    ours = [line for line in nb7.console if line.startswith("[pageerror]") and "blob:" in line]
    assert not ours, ours
