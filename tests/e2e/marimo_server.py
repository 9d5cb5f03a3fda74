"""A marimo editor for the browser tests: ``marimo edit`` on one notebook file, isolated.

``start_marimo(notebook, base)`` serves ``notebook`` with ``python -m marimo edit --headless
--no-token`` on 127.0.0.1 and a free port, from a process group of its own, with marimo's
config, cache and state dirs under ``base`` (your own marimo config is not read), no update
check and no sandbox prompt; it returns once ``/health`` answers. ``stop_marimo`` ends the
server and its kernel (it is safe to call twice, and after a failed start).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .conftest import _free_port, _stop_server

START_TIMEOUT = 90  # s, until /health answers

# User config: cells run when the notebook opens, nothing is formatted or saved behind the
# test's back, no AI or copilot features, a light theme.
_CONFIG = """\
[runtime]
auto_instantiate = true
on_cell_change = "autorun"
watcher_on_save = "lazy"

[save]
autosave = "off"
format_on_save = false

[completion]
copilot = false
activate_on_typing = false

[display]
theme = "light"

[package_management]
manager = "pip"
"""


@dataclass
class MarimoServer:
    url: str  # http://127.0.0.1:<port>
    notebook: Path
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_marimo(notebook: Path, base: Path) -> MarimoServer:
    """``marimo edit`` on ``notebook`` (see the module); raises with the log if it won't start."""
    for sub in ("config/marimo", "cache", "state", "home"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    (base / "config" / "marimo" / "marimo.toml").write_text(_CONFIG)
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(base / "config"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "XDG_STATE_HOME": str(base / "state"),
        "HOME": str(base / "home"),
        "PYTHONUNBUFFERED": "1",
    }
    last_error = ""
    for _attempt in range(3):  # another process may grab the free port before marimo does
        port = _free_port()
        log = base / f"marimo-{port}.log"
        command = [
            *(sys.executable, "-m", "marimo", "edit", str(notebook)),
            *("--headless", "--no-token", "--host", "127.0.0.1", "--port", str(port)),
            *("--skip-update-check", "--no-sandbox"),
        ]
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command,
                cwd=notebook.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the stop ends its kernel too
            )
        server = MarimoServer(f"http://127.0.0.1:{port}", notebook, process, log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"{server.url}/health", timeout=5):
                    return server
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        last_error = server.log_tail()
        stop_marimo(server)
        if "already in use" not in last_error and "Address already" not in last_error:
            break
    raise RuntimeError(f"marimo edit did not start; last log lines:\n{last_error}")


def stop_marimo(server: MarimoServer) -> None:
    """SIGTERM, then SIGKILL to whatever is left of its process group (its kernel)."""
    _stop_server(server)  # only reads ``server.process``
