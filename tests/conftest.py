"""Synthetic sweeps whose truth is known, shared by the unit tests."""

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run (Hypothesis' advice for CI), so a
# submission passes or fails on its own code, not on a lucky draw; locally they explore anew.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def make_sweep(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A random search where only ``lr`` (log scale, optimum 10**-2.5) and ``optimizer`` matter.

    ``batch_size``, ``noise_a`` and ``noise_b`` are irrelevant, ``const`` never varies and
    ``run_name`` is a unique label per run.
    """
    rng = np.random.default_rng(seed)
    lr = 10 ** rng.uniform(-5, 0, n)
    optimizer = rng.choice(["adam", "sgd"], n)
    frame = pd.DataFrame(
        {
            "lr": lr,
            "batch_size": rng.choice([16, 32, 64, 128], n),
            "optimizer": optimizer,
            "noise_a": rng.uniform(size=n),
            "noise_b": rng.uniform(size=n),
            "const": 1,
            "run_name": [f"run-{i:04d}" for i in range(n)],
        }
    )
    val_loss = (np.log10(lr) + 2.5) ** 2 / 3 + 1.0 * (optimizer == "sgd") + rng.normal(0, 0.1, n)
    frame["val_loss"] = val_loss
    frame["val_acc"] = 1 - val_loss / 10 + rng.normal(0, 0.01, n)
    return frame


@pytest.fixture
def sweep() -> pd.DataFrame:
    return make_sweep()
