"""The repository's checks, run by the test command so that CI enforces them.

- ruff's rules over the Python (``[tool.ruff]`` in pyproject.toml: pycodestyle, pyflakes,
  isort, bugbear, pyupgrade, mccabe) and its formatter;
- mypy over ``hpviz/`` (``[tool.mypy]``, for Python 3.10 and up; pandas-stubs for pandas, which
  needs Python 3.11 to run);
- biome over the front end (``biome.jsonc``: js/src, tests/js and scripts/*.mjs, lint and
  format; the bundle in hpviz/static is checked by tests/js/test_bundle.py instead).

The tools are the test extra's (``pip install -e ".[test]"``) and package.json's (``npm ci``);
``scripts/test.sh`` installs both. A failure shows the tool's own report and the command that
fixes what can be fixed automatically.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIOME = ROOT / "node_modules" / ".bin" / "biome"


def _passes(args: list[str], fix: str) -> None:
    """Run ``args`` in the repository; fail with its output and ``fix`` unless it exits 0."""
    result = subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    if result.returncode != 0:
        report = (result.stdout + result.stderr).strip()
        shown = " ".join(Path(a).name if a in (sys.executable, str(BIOME)) else a for a in args)
        pytest.fail(f"`{shown}` found problems (exit {result.returncode}). {fix}\n\n{report}")


def test_ruff_finds_nothing():
    _passes(
        [sys.executable, "-m", "ruff", "check", "."],
        "Fix them by hand, or with `ruff check --fix .` where ruff offers a safe fix.",
    )


def test_ruff_format_changes_nothing():
    _passes(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        "Run `ruff format .` and commit the result.",
    )


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="pandas-stubs 3 needs Python 3.11: the type check runs there"
)
def test_mypy_finds_no_type_errors_in_hpviz():
    _passes(
        [sys.executable, "-m", "mypy"],
        "Give the code the types it has; `# type: ignore[code]` only with a comment saying why.",
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH (biome needs it)")
def test_biome_finds_nothing_in_the_front_end():
    assert BIOME.exists(), f"{BIOME} is missing: run `npm ci` (scripts/test.sh does)"
    _passes(
        [str(BIOME), "ci", "--error-on-warnings", "--colors=off"],
        "Run `npx biome check --write` (format, imports and safe fixes), fix the rest by hand, "
        "then `npm run build` and commit hpviz/static with js/src.",
    )
