"""A notebook saved with widget state shows the panel when reopened, without running a cell.

The notebook is executed in a script, as the README says (``jupyter nbconvert --execute --to
notebook --ExecutePreprocessor.store_widget_state=True``), into the server's root dir, trusted
with ``jupyter trust`` against the server's own data dir, then opened in JupyterLab. Nothing is
run: the kernel that JupyterLab starts never defines ``panel``.

What JupyterLab's widget manager (``@jupyter-widgets/jupyterlab-manager``) does, and these tests
pin down (README, "Saved notebooks"):

* it renders saved widget state only in a *trusted* notebook: an untrusted one shows the
  output's plain-text form instead (a notebook executed by nbconvert is not trusted until
  ``jupyter trust``);
* JupyterLab itself saves the state when *Settings → Save Widget State Automatically* is on
  (and the notebook it saves is trusted by the same server);
* it loads saved state only once the notebook has a kernel (any kernel, nothing run): it is
  keyed by the kernel's id, so a notebook opened with *No Kernel* shows "Loading widget..."
  until one is started (jupyter-widgets/ipywidgets#3773). A kernel shut down afterwards does
  not take the panel away.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import nbformat
import pytest
from playwright.sync_api import expect

from hpviz.analysis.table import NOT_LISTED_KINDS

from .test_panel_lab import SHOW_PANEL as SHOW_LIVE
from .test_panel_lab import SWEEP, XSS

pytestmark = pytest.mark.browser

READY = 60_000  # ms

# ``panel.wait()`` ends the cell only once the analysis is in the panel: nbconvert saves the
# widget state as of the end of each cell, and the forest is fitted in the background.
SHOW_PANEL = 'panel = ImportancePanel(df, metric="val_loss", params=PARAMS)\npanel.wait()'


def _env(server) -> dict[str, str]:
    """The server's isolated Jupyter dirs (its notary's secret lives in its data dir)."""
    base = server.root.parent
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }


def _jupyter(server, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", *args],
        cwd=server.root,
        env=_env(server),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"jupyter {' '.join(args)} failed:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def executed(jupyter_server) -> str:
    """A notebook that displays the panel, executed once with nbconvert (its text): the tests
    save copies of it under their own names."""
    server = jupyter_server
    name = "executed_panel"
    source = server.root / f"{name}-source.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(SWEEP), nbformat.v4.new_code_cell(SHOW_PANEL)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(notebook, source)
    _jupyter(
        server,
        "nbconvert",
        "--execute",
        "--to",
        "notebook",
        "--ExecutePreprocessor.store_widget_state=True",
        "--output",
        name,
        source.name,
    )
    source.unlink()
    path = server.root / f"{name}.ipynb"
    text = path.read_text()
    path.unlink()
    return text


def saved_notebook(server, executed: str, name: str, trust=True, kernelspec=True) -> dict:
    """The executed notebook saved as ``<name>.ipynb`` in the server's root dir, trusted
    (``jupyter trust``) unless told not to. Returns the panel's saved state."""
    path = server.root / f"{name}.ipynb"
    notebook = nbformat.reads(executed, as_version=4)
    # a copy of its own: trusting one copy must not trust another (the notary keys by content)
    notebook.metadata["title"] = name
    if not kernelspec:  # JupyterLab then asks which kernel to start (and offers No Kernel)
        del notebook.metadata["kernelspec"]
        del notebook.metadata["language_info"]
    nbformat.write(notebook, path)
    if trust:
        _jupyter(server, "trust", path.name)
    saved = json.loads(path.read_text())
    models = saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    panels = [m["state"] for m in models.values() if "rows" in m["state"]]
    assert len(panels) == 1, f"expected one saved panel, found {len(panels)}"
    return panels[0]


def expect_panel(output, state: dict):
    """The panel in ``output``, rendered from ``state``: its rows, run count, status."""
    root = output.locator("div.hpviz")
    expect(root).to_have_attribute("data-status", "ready", timeout=READY)
    rows = root.locator("tbody tr[data-parameter]")
    names = [row["parameter"] for row in state["rows"] if row["kind"] not in NOT_LISTED_KINDS]
    expect(rows).to_have_count(len(names))
    shown = rows.evaluate_all("rows => rows.map(r => r.getAttribute('data-parameter'))")
    assert sorted(shown) == sorted(names)
    assert shown[0] == "lr", shown  # the saved analysis: lr matters most
    expect(root.locator(".hpviz-runs")).to_have_text("400 runs")
    # a name is data, not markup: the saved XSS parameter shows as text
    expect(root.locator(".hpviz-name").filter(has_text=XSS)).to_have_count(1)
    return root


def test_saved_notebook_shows_the_panel_without_running_it(lab, jupyter_server, executed):
    state = saved_notebook(jupyter_server, executed, "saved_panel")
    assert state["status"] == "ready" and state["n_runs"] == 400, "the analysis was not saved"

    lab.open("saved_panel.ipynb")  # JupyterLab starts a kernel; no cell is run
    assert lab.python_json("'panel' in globals() or 'df' in globals()") is False
    root = expect_panel(lab.cell(-1).locator(".jp-OutputArea"), state)
    assert lab.page.evaluate("() => window.__xss") is None

    # what needs no kernel works in the page: sorting by name, searching
    rows = root.locator("tbody tr[data-parameter]")
    names = "rows => rows.map(r => r.getAttribute('data-parameter'))"
    root.locator('.hpviz-sort[data-sort="parameter"]').click()
    expect(root.locator('th[aria-sort="ascending"]')).to_contain_text("Parameter")
    shown = rows.evaluate_all(names)
    assert shown == sorted(shown, key=lambda name: (name.lower(), name))
    root.locator("input.hpviz-search").fill("noise")
    expect(rows).to_have_count(2)
    assert rows.evaluate_all(names) == ["noise_a", "noise_b"]
    root.locator("input.hpviz-search").fill("")

    # and the panel stays when the kernel goes
    lab.shutdown_kernel()
    lab.page.wait_for_function(
        "path => !window.__e2e.notebook(path).sessionContext.session", arg=lab.path
    )
    listed = [row for row in state["rows"] if row["kind"] not in NOT_LISTED_KINDS]
    expect(root.locator("tbody tr[data-parameter]")).to_have_count(len(listed))
    errors = [line for line in lab.console if line.startswith("[pageerror]")]
    assert not errors, "uncaught errors in the page:\n" + "\n".join(errors)
    assert not lab.external_requests, lab.external_requests


def test_saved_state_needs_a_kernel_and_trust(lab, jupyter_server, executed):
    """Opened with No Kernel, the saved panel waits for a kernel; untrusted, it is text."""
    state = saved_notebook(jupyter_server, executed, "saved_no_kernel", kernelspec=False)
    lab.open("saved_no_kernel.ipynb", wait_kernel=False)
    dialog = lab.page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Select Kernel")
    dialog.get_by_role("button", name="No Kernel").click()
    expect(dialog).to_have_count(0)
    output = lab.cell(-1).locator(".jp-OutputArea")
    expect(output).to_contain_text("Loading widget")
    lab.page.wait_for_timeout(2000)  # time enough to restore, if it could
    expect(output.locator("div.hpviz")).to_have_count(0)
    assert (
        lab.page.evaluate("path => window.__e2e.notebook(path).sessionContext.session", lab.path)
        is None
    ), "a kernel was started"

    # a kernel, and still nothing run: the saved panel appears
    lab.page.evaluate(
        "path => window.__e2e.notebook(path).sessionContext.changeKernel({name: 'python3'})",
        lab.path,
    )
    lab.wait_kernel_idle()
    expect_panel(output, state)
    assert lab.python_json("'panel' in globals()") is False

    # untrusted (not signed by this server's notary): the plain-text form
    saved_notebook(jupyter_server, executed, "saved_untrusted", trust=False)
    lab.open("saved_untrusted.ipynb")
    output = lab.cell(-1).locator(".jp-OutputArea")
    expect(output).to_contain_text("ImportancePanel")
    expect(output.locator("div.hpviz")).to_have_count(0)


SAVE_STATE = "@jupyter-widgets/jupyterlab-manager:saveWidgetState"


def test_state_saved_by_jupyterlab(lab, jupyter_server):
    """Save Widget State Automatically on, save, kernel gone, reopen: the panel is there."""
    page = lab.page
    lab.open_notebook("lab_saved", fresh=True)
    lab.run_cell(SWEEP)
    output = lab.run_cell(SHOW_LIVE).output
    expect(output.locator("div.hpviz")).to_have_attribute("data-status", "ready", timeout=READY)
    toggled = "id => window.jupyterapp.commands.isToggled(id)"
    toggle = "id => window.jupyterapp.commands.execute(id)"
    path = jupyter_server.root / "lab_saved.ipynb"
    assert page.evaluate(toggled, SAVE_STATE) is False
    try:
        page.evaluate(toggle, SAVE_STATE)
        page.wait_for_function(toggled, arg=SAVE_STATE)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        deadline = time.monotonic() + 30
        while "widgets" not in json.loads(path.read_text())["metadata"]:
            assert time.monotonic() < deadline, "the notebook was not saved with widget state"
            time.sleep(0.2)
    finally:
        if page.evaluate(toggled, SAVE_STATE):  # the server's settings outlive this test
            page.evaluate(toggle, SAVE_STATE)
            page.wait_for_function(f"id => !({toggled})(id)", arg=SAVE_STATE)
    metadata = json.loads(path.read_text())["metadata"]
    models = metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    states = [m["state"] for m in models.values() if "rows" in m.get("state", {})]
    assert len(states) == 1 and states[0]["status"] == "ready", "the panel's state was not saved"

    lab.shutdown_kernel()
    lab.open("lab_saved.ipynb")  # a new kernel; nothing run
    assert lab.python_json("'panel' in globals()") is False
    expect_panel(lab.cell(-1).locator(".jp-OutputArea"), states[0])
