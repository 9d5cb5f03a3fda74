#!/usr/bin/env bash
# Install hpviz and JupyterLab into .venv and open the quickstart notebook, which shows the panel
# on a real sweep bundled with the package (no account, no network). Extra arguments go to
# `jupyter lab`, e.g. `bash scripts/demo.sh --no-browser --port 8888`.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[demo]"
root_flag=()
[ "$(id -u)" -eq 0 ] && root_flag=(--allow-root)  # Jupyter refuses root without it
exec .venv/bin/jupyter lab "${root_flag[@]}" "$@" notebooks/quickstart.ipynb
