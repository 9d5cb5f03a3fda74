"""Browser test harness: a real JupyterLab driven by Playwright on Debian's Chromium.

* ``jupyter_server`` (session): ``python -m jupyter lab`` on 127.0.0.1, a free port, a random
  token, a temporary root dir and isolated config/data/settings/workspace dirs, with the news
  feed, the update check and the PyPI extension manager turned off (no network calls).
* ``browser`` (session): headless ``/usr/bin/chromium``. Missing chromium FAILS the tests,
  unless ``HPVIZ_SKIP_BROWSER=1`` (then they are skipped).
* ``lab`` (per test, on one page for the session): ``lab.open_notebook(name, cells)`` writes an
  .ipynb with nbformat, opens it in JupyterLab and waits for its kernel to be idle;
  ``lab.run_cell(code)`` appends a cell and runs it through the notebook's run command (outputs
  render in the cell, so widgets are real); ``lab.run_python(code)`` executes code in the same
  kernel, out of band, and returns its stdout. Opening a notebook and starting a kernel costs
  seconds, so tests share one: ``open_notebook(name)`` without cells, after the first, keeps
  the open notebook and its kernel, deleted to a blank state (no cells, every widget
  closed, the namespace reset); ``fresh=True`` (or cells, or ``lab.open``) opens a new one.
  Kernels not kept are shut down when the test ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SERVER_START_TIMEOUT = 90  # s, until /api/status answers
KERNEL_TIMEOUT = 60_000  # ms, kernel start and idle
LAB_TIMEOUT = 60_000  # ms, JupyterLab's page load
RUN_TIMEOUT = 120_000  # ms, one cell
EXECUTE_TIMEOUT = 60_000  # ms, one run_python


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_settings(settings_dir: Path) -> None:
    """User settings for a quiet, deterministic lab: light theme, no news, no update check."""
    overrides = {
        "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {
            "theme": "JupyterLab Light",
            "adaptive-theme": False,
        },
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for rel, value in overrides.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@dataclass
class JupyterServer:
    url: str  # http://127.0.0.1:<port>
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str, body: object = None) -> object:
        """Call the server's REST API (token auth); returns the decoded JSON, or None."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _start_server(base: Path, app: str = "lab") -> JupyterServer:
    """``python -m jupyter <app>`` (``lab``, or ``notebook`` for Notebook 7), isolated."""
    root = base / "root"
    for sub in ("root", "config", "data", "runtime", "settings", "workspaces"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    _write_settings(base / "settings")
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    last_error = ""
    for _attempt in range(3):  # another process may grab the free port before the server does
        port = _free_port()
        log = base / f"jupyter-{port}.log"
        command = [
            sys.executable,
            "-m",
            "jupyter",
            app,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={base / 'settings'}",
            f"--LabApp.workspaces_dir={base / 'workspaces'}",
            "--LanguageServerManager.autodetect=False",
        ]
        if app == "notebook":  # Notebook 7 reads the same settings under its own class
            command += [
                "--JupyterNotebookApp.expose_app_in_browser=True",
                f"--JupyterNotebookApp.user_settings_dir={base / 'settings'}",
                f"--JupyterNotebookApp.workspaces_dir={base / 'workspaces'}",
            ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers, CI
            command.append("--allow-root")
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command,
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: teardown can end its kernels
            )
        server = JupyterServer(f"http://127.0.0.1:{port}", token, root, process, log)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                server.api("GET", "/api/status")
                return server
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        last_error = server.log_tail()
        _stop_server(server)
        if "already in use" not in last_error and "Address already" not in last_error:
            break
    raise RuntimeError(f"jupyter {app} did not start; last log lines:\n{last_error}")


def _stop_server(server: JupyterServer) -> None:
    process = server.process
    if process.poll() is None:
        process.terminate()  # SIGTERM: the server shuts its kernels down and exits
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    # Anything left in the server's own process group (a stuck kernel) is killed.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory) -> Iterator[JupyterServer]:
    server = _start_server(tmp_path_factory.mktemp("jupyter"))
    try:
        yield server
    finally:
        _stop_server(server)


@pytest.fixture(scope="session")
def notebook_server(tmp_path_factory) -> Iterator[JupyterServer]:
    """Like ``jupyter_server``, but Notebook 7 (``python -m jupyter notebook``): notebooks open
    at ``/notebooks/<name>.ipynb``."""
    server = _start_server(tmp_path_factory.mktemp("notebook7"), app="notebook")
    try:
        yield server
    finally:
        _stop_server(server)


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "('apt-get install chromium'). Set HPVIZ_SKIP_BROWSER=1 to skip them instead."
        )
        if os.environ.get("HPVIZ_SKIP_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Helpers installed in every page before JupyterLab's own scripts run. They find the notebook
# by its path rather than trusting whichever tab is current.
_PAGE_HELPERS = r"""
window.__e2e = {
  withTimeout(promise, ms, what) {  // page.evaluate itself never times out
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(what + ' took more than ' + ms + ' ms')), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  },
  notebook(path) {  // the open notebook at path; with no path, the current notebook
    const app = window.jupyterapp;
    if (!app) return null;
    if (path == null) {
      const current = app.shell.currentWidget;
      return current && current.sessionContext && current.content && current.content.model
        ? current : null;
    }
    for (const widget of app.shell.widgets('main')) {
      if (widget.context && widget.context.path === path && widget.content
          && widget.content.model) return widget;
    }
    return null;
  },
  reset(path) {  // a blank notebook again: no cells (their outputs and views disposed)
    const panel = this.notebook(path);
    if (!panel) return false;
    const shared = panel.content.model.sharedModel;
    shared.transact(() => shared.deleteCellRange(0, shared.cells.length));
    return true;
  },
  kernelIdle(path) {
    const panel = this.notebook(path);
    const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!(kernel && panel.sessionContext.isReady && kernel.status === 'idle'
              && kernel.connectionStatus === 'connected');
  },
  async runCell(path, source, ms) {
    const app = window.jupyterapp;
    const panel = this.notebook(path);
    if (!panel) throw new Error('notebook ' + path + ' is not open');
    app.shell.activateById(panel.id);
    const notebook = panel.content;
    const shared = notebook.model.sharedModel;
    const index = shared.cells.length;
    shared.insertCell(index, {cell_type: 'code', source});
    notebook.activeCellIndex = index;
    notebook.deselectAll();
    const cell = notebook.widgets[index];
    const ran = await this.withTimeout(
      app.commands.execute('notebook:run-cell'), ms, 'running a cell');
    const outputs = cell.model.outputs.toJSON();
    return {index, ran, outputs, executionCount: cell.model.executionCount};
  },
  startCell(path, source, ms) {  // runCell without waiting for it: finishCell() does
    this.done = false;
    this.started = this.runCell(path, source, ms).then(
      (result) => ({result}), (error) => ({error: String(error)}))
      .finally(() => { this.done = true; });
  },
  async runAll(path, ms) {
    const app = window.jupyterapp;
    const panel = this.notebook(path);
    if (!panel) throw new Error('notebook ' + path + ' is not open');
    app.shell.activateById(panel.id);
    const ran = await this.withTimeout(
      app.commands.execute('notebook:run-all-cells'), ms, 'running all cells');
    return {ran, cells: panel.content.widgets.map((cell) => cell.model.type === 'code'
      ? {source: cell.model.sharedModel.getSource(), outputs: cell.model.outputs.toJSON()}
      : {source: cell.model.sharedModel.getSource(), outputs: []})};
  },
  execute(path, code, ms) {
    const panel = this.notebook(path);
    if (!panel) throw new Error('no notebook ' + (path || '(current)') + ' is open');
    const kernel = panel.sessionContext.session.kernel;
    const stdout = [], stderr = [];
    let error = null;
    const future = kernel.requestExecute({code, silent: false, store_history: false,
                                          allow_stdin: false, stop_on_error: true});
    future.onIOPub = (msg) => {
      const t = msg.header.msg_type;
      if (t === 'stream') (msg.content.name === 'stdout' ? stdout : stderr).push(msg.content.text);
      else if (t === 'error') error = msg.content;
    };
    return this.withTimeout(future.done, ms, 'executing code').then((reply) => ({
      stdout: stdout.join(''), stderr: stderr.join(''),
      status: reply.content.status, error: error || (reply.content.status === 'error'
        ? {ename: reply.content.ename, evalue: reply.content.evalue,
           traceback: reply.content.traceback} : null),
    }));
  },
};
"""


VIEWPORT = {"width": 1280, "height": 900}

# A kept kernel made blank for the next test: every widget closed (the panels' comms, so their
# views and work end), the user namespace reset; imported modules stay (the time saved).
_BLANK_KERNEL = """
from ipywidgets import Widget as __W
__W.close_all()
get_ipython().run_line_magic("reset", "-f")
"""


class KernelError(AssertionError):
    """Code run in the notebook's kernel raised."""


def _error_text(error: dict) -> str:
    import re

    traceback = "\n".join(error.get("traceback") or [])
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", traceback)  # ANSI colours
    return f"{error.get('ename')}: {error.get('evalue')}\n{traceback}"


class Lab:
    """One browser page on the shared JupyterLab, and the notebook it has open."""

    KernelError = KernelError  # for tests: ``pytest.raises(lab.KernelError)``

    def __init__(self, page, server: JupyterServer):
        self.page = page
        self.server = server
        self.path: str | None = None
        self.notebook = None  # locator of the open notebook's panel
        self.console: list[str] = []  # console messages and uncaught errors of the page
        self.external_requests: list[str] = []  # requests leaving 127.0.0.1 (should be none)
        self.kept: str | None = None  # the notebook whose kernel the next test may reuse
        self.hold = False  # set by a module fixture whose panel stays for its module's tests

    def url(self, path: str) -> str:
        return f"{self.server.url}{path}{'&' if '?' in path else '?'}token={self.server.token}"

    def open_notebook(self, name: str, cells: Iterable[str] = (), fresh: bool = False) -> None:
        """Write ``<name>.ipynb`` (code cells ``cells``, not run), open it, wait for an idle
        kernel.

        Without cells and ``fresh``, the notebook a previous test left open is
        reused instead, blank (no cells, its widgets closed, its namespace reset): its kernel
        has imported everything already."""
        cells = list(cells)
        reuse = not fresh and not cells
        if reuse and self.kept and self._blank(self.kept):
            self.path = self.kept
            return
        path = name if name.endswith(".ipynb") else f"{name}.ipynb"
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
        }
        notebook.metadata["language_info"] = {"name": "python"}
        nbformat.write(notebook, self.server.root / path)
        self.open(path)
        if reuse:
            self.kept = path

    def _blank(self, path: str) -> bool:
        """Make the kept notebook blank for the next test; False if it cannot be."""
        try:
            if not self.page.evaluate("path => window.__e2e.reset(path)", path):
                return False
            self.path = path
            self.wait_kernel_idle(timeout=10_000)
            run_python(self.page, _BLANK_KERNEL, path)
            self.page.set_viewport_size(VIEWPORT)
            self.page.evaluate("document.activeElement && document.activeElement.blur()")
        except Exception:  # noqa: BLE001 — a broken page or kernel: open a new notebook
            self.drop_kept()
            return False
        return True

    def drop_kept(self) -> None:
        """Shut the kept notebook's kernel down; the next notebook is a new one."""
        kept, self.kept = self.kept, None
        if kept:
            self.shutdown_kernel(kept)

    def open(self, path: str, wait_kernel: bool = True) -> None:
        """Open the notebook ``path`` (relative to the root dir) as it is on disk, running
        nothing; with ``wait_kernel``, wait until its kernel is idle."""
        from playwright.sync_api import expect

        if self.kept and path != self.kept:
            self.drop_kept()  # the page leaves it
        self.path = path
        # ?reset: start from an empty workspace, not with the previous tests' tabs restored.
        self.page.goto(self.url(f"/lab/tree/{path}?reset"), wait_until="domcontentloaded")
        self.page.wait_for_function(
            "path => !!(window.__e2e && window.__e2e.notebook(path))",
            arg=path,
            timeout=LAB_TIMEOUT,
        )
        panel_id = self.page.evaluate("path => window.__e2e.notebook(path).id", path)
        self.notebook = self.page.locator(f'[id="{panel_id}"]')
        if wait_kernel:
            self.wait_kernel_idle()
        expect(self.notebook.locator(".jp-Notebook")).to_be_visible(timeout=LAB_TIMEOUT)

    def wait_kernel_idle(self, timeout: float = KERNEL_TIMEOUT) -> None:
        self.page.wait_for_function(
            "path => window.__e2e.kernelIdle(path)", arg=self.path, timeout=timeout
        )

    def run_cell(self, source: str) -> CellOutput:
        """Append a code cell and run it with the notebook's ``run-cell`` command; raises
        :class:`KernelError` if it raised. Returns a locator-holder for its output area."""
        self.wait_kernel_idle()
        result = self.page.evaluate(
            "([path, source, ms]) => window.__e2e.runCell(path, source, ms)",
            [self.path, source, RUN_TIMEOUT],
        )
        for output in result["outputs"]:
            if output.get("output_type") == "error":
                raise KernelError(f"cell raised:\n{source}\n{_error_text(output)}")
        return CellOutput(self.cell(result["index"]), result)

    def start_cell(self, source: str) -> None:
        """Append a code cell and start running it, returning at once (the kernel is busy
        until :meth:`finish_cell`)."""
        self.wait_kernel_idle()
        self.page.evaluate(
            "([path, source, ms]) => window.__e2e.startCell(path, source, ms)",
            [self.path, source, RUN_TIMEOUT],
        )

    def cell_running(self) -> bool:
        """Whether the cell :meth:`start_cell` started is still running."""
        return not self.page.evaluate("() => window.__e2e.done")

    def finish_cell(self) -> CellOutput:
        """Wait for the cell :meth:`start_cell` started; raises :class:`KernelError` if it
        raised."""
        outcome = self.page.evaluate("() => window.__e2e.started")
        if "error" in outcome:
            raise KernelError(f"running the cell failed: {outcome['error']}")
        result = outcome["result"]
        for output in result["outputs"]:
            if output.get("output_type") == "error":
                raise KernelError(f"cell raised:\n{_error_text(output)}")
        return CellOutput(self.cell(result["index"]), result)

    def run_all(self) -> None:
        """Run every cell of the notebook with its ``run-all-cells`` command; raises
        :class:`KernelError` if one raised."""
        self.wait_kernel_idle()
        result = self.page.evaluate(
            "([path, ms]) => window.__e2e.runAll(path, ms)", [self.path, RUN_TIMEOUT]
        )
        for cell in result["cells"]:
            for output in cell["outputs"]:
                if output.get("output_type") == "error":
                    raise KernelError(f"cell raised:\n{cell['source']}\n{_error_text(output)}")

    def cell(self, index: int):
        """Locator of the notebook's cell ``index`` (negative counts from the end)."""
        cells = self.notebook.locator(".jp-Notebook .jp-Cell")
        return cells.last if index == -1 else cells.nth(index)

    def run_python(self, code: str) -> str:
        """Execute ``code`` in this notebook's kernel (not in a cell); its stdout."""
        return run_python(self.page, code, self.path)

    def python_json(self, expression: str) -> object:
        """The value of a JSON-serialisable Python expression, evaluated in the kernel."""
        out = self.run_python(f"import json as __j; print(__j.dumps({expression}))")
        return json.loads(out.strip().splitlines()[-1])

    def wait_for_python(
        self,
        expression: str,
        predicate: Callable[[object], bool],
        timeout: float = 30.0,
        message: str = "",
    ) -> object:
        """Poll a Python expression (JSON value) until ``predicate(value)``; the value.

        Front-end changes reach the kernel asynchronously, and the analysis may become
        asynchronous: wait for the state rather than assume it."""
        deadline = time.monotonic() + timeout
        value = None
        while True:
            value = self.python_json(expression)
            if predicate(value):
                return value
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{message or 'kernel state not reached'}: {expression} = {value!r} "
                    f"after {timeout:.0f} s"
                )
            time.sleep(0.1)

    def shutdown_kernel(self, path: str | None = None) -> None:
        """End the kernel session of the notebook ``path`` (default: the open one)."""
        path = path or self.path
        if not path:
            return
        # Best effort: the server's teardown ends any kernel left over anyway.
        with contextlib.suppress(OSError, ValueError):
            for session in self.server.api("GET", "/api/sessions") or []:
                if session.get("path") == path:
                    self.server.api("DELETE", f"/api/sessions/{session['id']}")

    def end_test(self) -> None:
        """After a test: a kept notebook's widgets are closed (their work stops) and it stays
        for the next test; any other notebook's kernel is shut down. While ``hold`` is set, the
        notebook stays as it is."""
        if self.hold:
            return
        if self.path and self.path == self.kept:
            with contextlib.suppress(Exception):
                self.page.evaluate("path => window.__e2e.reset(path)", self.path)
                run_python(self.page, _BLANK_KERNEL, self.path)
                return
            self.drop_kept()
        else:
            self.shutdown_kernel()
        self.path = None


def run_python(page, code: str, path: str | None = None) -> str:
    """Execute ``code`` in the kernel of the notebook at ``path`` (default: the current one)
    of a JupyterLab page and return its stdout; raises :class:`KernelError` if it raised.

    It goes through ``window.jupyterapp`` (``expose_app_in_browser``): the notebook's own
    kernel connection, ``requestExecute``, stream messages collected from ``onIOPub``. Messages
    from the page to the kernel keep their order, so a widget change the page sent before is
    already applied when this code runs (an analysis the widget runs in the background may not
    be finished: poll with :meth:`Lab.wait_for_python`)."""
    result = page.evaluate(
        "([path, code, ms]) => window.__e2e.execute(path, code, ms)", [path, code, EXECUTE_TIMEOUT]
    )
    if result["error"]:
        raise KernelError(f"kernel raised running:\n{code}\n{_error_text(result['error'])}")
    return result["stdout"]


@dataclass
class CellOutput:
    cell: object  # Playwright locator of the cell
    result: dict

    @property
    def output(self):
        return self.cell.locator(".jp-OutputArea")


def _new_lab(browser, server: JupyterServer, cls=None):
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    context.add_init_script(_PAGE_HELPERS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    lab = (cls or Lab)(page, server)
    page.on("console", lambda m: lab.console.append(f"[{m.type}] {m.text}"))
    page.on("pageerror", lambda e: lab.console.append(f"[pageerror] {e}"))
    local = urllib.parse.urlsplit(server.url).netloc

    def on_request(request):
        parts = urllib.parse.urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
            lab.external_requests.append(request.url)

    page.on("request", on_request)
    return context, lab


@pytest.fixture(scope="session")
def shared_lab(browser, jupyter_server) -> Iterator[Lab]:
    """One JupyterLab page for the session; ``lab`` hands it to each test."""
    context, lab = _new_lab(browser, jupyter_server)
    try:
        yield lab
    finally:
        lab.drop_kept()
        lab.shutdown_kernel()
        context.close()


@pytest.fixture
def lab(shared_lab, jupyter_server, request) -> Iterator[Lab]:
    lab = shared_lab
    lab.console.clear()
    lab.external_requests.clear()
    try:
        yield lab
    finally:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            artifacts = Path(os.environ.get("HPVIZ_E2E_ARTIFACTS", jupyter_server.root.parent))
            artifacts.mkdir(parents=True, exist_ok=True)
            shot = artifacts / f"{request.node.name}.png"
            with contextlib.suppress(Exception):  # a crashed page cannot be pictured
                lab.page.screenshot(path=str(shot), full_page=True)
                print(f"\nscreenshot of the failing page: {shot}")
            errors = [line for line in lab.console if "error" in line[:12].lower()]
            if errors:
                print("browser console errors:\n" + "\n".join(errors[-20:]))
            if not lab.hold:
                lab.drop_kept()  # a failed test's notebook is not handed on
        lab.end_test()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def digits_panel():
    """The bundled digits sweep's panel, analysed (tests read it; none changes it)."""
    from hpviz import ImportancePanel
    from hpviz.datasets import load_digits_sweep

    return ImportancePanel(load_digits_sweep(), metric="val_loss").wait()


@pytest.fixture
def open_page(browser):
    """Opens a page the panel saved (``to_html``) in a fresh browser context: its path, the
    viewport's width and height, ``theme="dark"`` for a dark host's marker (VS Code's, which
    the panel follows); waits for the rows and the fonts. ``page.errors`` collects the page's
    uncaught errors."""
    contexts = []

    def open_(path: Path, width: int = 1100, height: int = 900, *, theme: str = "light"):
        from playwright.sync_api import expect

        context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(path.as_uri())
        if theme == "dark":
            page.evaluate("document.body.classList.add('vscode-dark')")
        expect(page.locator(".hpviz-row").first).to_be_visible()
        page.evaluate("() => document.fonts.ready")
        return page

    yield open_
    for context in contexts:
        context.close()
