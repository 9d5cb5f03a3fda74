"""Optuna studies whose truth is known, run by the TPE sampler: for ``bench_tpe.py``.

Four objectives, each with parameters that matter (``RELEVANT``, the first the one that matters
most: ``TOP``) and parameters that do not. ``study(name, seed)`` runs one with Optuna's default
TPE sampler (seeded), ``TRIALS`` trials; the noise of a trial is seeded by its number, so a
seed gives the same study every time.
"""

from __future__ import annotations

import math

import numpy as np

TRIALS = 300


def _noise(trial, sd: float) -> float:
    return float(np.random.default_rng(trial.number).normal(0, sd))


def lr_x1(trial) -> float:
    """The issue's study: lr matters most, x1 a little (linear), x2 and seed not at all."""
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    x1 = trial.suggest_float("x1", 0, 1)
    trial.suggest_float("x2", 0, 1)
    trial.suggest_int("seed", 0, 1000)
    return 10 * (math.log10(lr) + 3) ** 2 + 2 * x1 + _noise(trial, 1.0)


def layers(trial) -> float:
    """A conditional study: n_layers matters most, lr too; the width of each layer (asked only
    for the layers there are) and dropout do not."""
    n_layers = trial.suggest_int("n_layers", 1, 4)
    for i in range(1, n_layers + 1):
        trial.suggest_int(f"units_{i}", 16, 512, log=True)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    trial.suggest_float("dropout", 0, 0.5)
    return 2 * (n_layers - 3) ** 2 + 0.5 * (math.log10(lr) + 2.5) ** 2 + _noise(trial, 0.3)


def optimizer(trial) -> float:
    """A categorical study: the optimizer matters most, weight decay too; momentum and the
    batch size do not."""
    name = trial.suggest_categorical("optimizer", ["adam", "sgd", "rmsprop"])
    wd = trial.suggest_float("wd", 1e-6, 1e-1, log=True)
    trial.suggest_float("momentum", 0.0, 0.99)
    trial.suggest_categorical("batch_size", [16, 32, 64, 128, 256])
    offset = {"adam": 0.0, "sgd": 3.0, "rmsprop": 1.5}[name]
    return offset + 0.3 * (math.log10(wd) + 4) ** 2 + _noise(trial, 0.3)


def bowl(trial) -> float:
    """Two interacting parameters, x mattering most, y too; z1, z2 and z3 not at all."""
    x = trial.suggest_float("x", -5, 5)
    y = trial.suggest_float("y", -5, 5)
    for name in ("z1", "z2", "z3"):
        trial.suggest_float(name, -5, 5)
    return (x - 1) ** 2 + 0.3 * (y + 2) ** 2 + 0.1 * x * y + _noise(trial, 1.0)


OBJECTIVES = {"lr_x1": lr_x1, "layers": layers, "optimizer": optimizer, "bowl": bowl}
RELEVANT = {
    "lr_x1": ["lr", "x1"],
    "layers": ["n_layers", "lr"],
    "optimizer": ["optimizer", "wd"],
    "bowl": ["x", "y"],
}
TOP = {name: relevant[0] for name, relevant in RELEVANT.items()}


def study(name: str, seed: int, trials: int = TRIALS):
    """One TPE study of objective ``name``, sampler seed ``seed``."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    found = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    found.optimize(OBJECTIVES[name], n_trials=trials)
    return found
