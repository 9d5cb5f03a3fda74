"""The synthetic sweep whose truth is known, shared by every test that needs one: the unit tests
(``make_sweep``, and the ``sweep`` fixture in ``conftest.py``) and the browser tests' kernels
(``SWEEP_IMPORT`` puts this module on the kernel's path).

It is ``hpviz.datasets.diverged_sweep`` without a diverged run, so the tests use the sweep the
docs and benchmarks use, with the columns a real sweep also has: another irrelevant parameter,
a constant, a run name and a second metric.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hpviz.datasets import diverged_sweep

ROOT = Path(__file__).resolve().parents[1]

# Code for a notebook's kernel (whose working dir is elsewhere): ``make_sweep`` importable.
SWEEP_IMPORT = (
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom tests.sweeps import make_sweep\n"
)


def make_sweep(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A random search where only ``lr`` (log scale, optimum 10**-2.5) and ``optimizer`` matter::

        val_loss = (log10(lr) + 2.5)² / 3 + [optimizer = sgd] + N(0, 0.1²)

    ``batch_size``, ``noise_a`` and ``noise_b`` are irrelevant, ``const`` never varies,
    ``run_name`` is a unique label per run and ``val_acc`` follows ``val_loss`` (higher is
    better).
    """
    frame = diverged_sweep(n, n_diverged=0, seed=seed).drop(columns="diverged")
    rng = np.random.default_rng([seed, 1])
    frame["noise_b"] = rng.uniform(size=n)
    frame["const"] = 1
    frame["run_name"] = [f"run-{i:04d}" for i in range(n)]
    frame["val_acc"] = 1 - frame["val_loss"] / 10 + rng.normal(0, 0.01, n)
    columns = ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const", "run_name"]
    return frame[[*columns, "val_loss", "val_acc"]]
