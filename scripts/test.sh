#!/usr/bin/env bash
# Install what the whole test suite needs, then run it: unit and property tests, the front end's
# pure helpers (node --test), its types (tsc) and bundle (esbuild: tests/js/test_bundle.py fails when
# hpviz/static is stale), the browser tests (JupyterLab driven by Playwright on Debian's
# Chromium) and the code checks (tests/test_checks.py: ruff, ruff format, mypy, biome).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${need_apt[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "the tests need ${need_apt[*]}: run 'sudo apt-get install ${need_apt[*]}' first" >&2
    exit 1
  fi
fi

# The front end's dev tools (esbuild, typescript), exactly as package-lock.json pins them; again
# whenever the lock file is newer than what node_modules was installed from.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
exec .venv/bin/python -m pytest "$@"
