"""Example run tables bundled with hpviz, to try the widget without a sweep of your own."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

__all__ = ["diverged_sweep", "load_digits_sweep", "synthetic_sweep"]

_DIGITS_SWEEP = "digits_mlp_sweep.csv"


def load_digits_sweep() -> pd.DataFrame:
    """A real random search: 300 one-hidden-layer MLPs trained on handwritten digits.

    Each row is one run of scikit-learn's ``MLPClassifier`` on scikit-learn's bundled 8x8
    digits (``sklearn.datasets.load_digits``: 1797 images, 10 classes), with one fixed
    stratified 70/30 train/validation split and inputs standardised on the training part.
    The eight hyperparameters were drawn independently at random for every run, and every run
    trains for exactly ``epochs`` passes (no early stopping).

    Columns
    -------
    run_id : str
        ``"run-000"`` … ``"run-299"`` (run metadata, not a parameter).
    learning_rate : float
        ``learning_rate_init``, log-uniform in [1e-4, 1].
    weight_decay : float
        L2 penalty ``alpha``, log-uniform in [1e-6, 1e-1].
    batch_size : int
        One of 16, 32, 64, 128, 256.
    hidden_units : int
        Width of the single hidden layer: one of 8, 16, 32, 64, 128, 256.
    activation : str
        ``"relu"``, ``"tanh"`` or ``"logistic"``.
    solver : str
        ``"adam"`` or ``"sgd"`` (scikit-learn's defaults: SGD with Nesterov momentum 0.9).
    epochs : int
        ``max_iter``, uniform in 5 … 60.
    seed : int
        The MLP's ``random_state`` (weight init and batch order), uniform in 0 … 10000. A
        parameter that should *not* matter: a useful sanity check for any importance method.
    val_loss : float
        Log loss on the validation set (probabilities clipped to [1e-15, 1 - 1e-15]); lower is
        better. Heavy-tailed: a few unstable runs (SGD with a large learning rate, little
        weight decay) are confidently wrong and reach losses around 10.
    val_acc : float
        Accuracy on the validation set (540 images); higher is better.
    train_loss : float
        Log loss on the training set, without the L2 penalty.
    fit_time_s : float
        Wall-clock seconds the fit took (single-threaded BLAS). A measurement of the run, not
        a setting: leave it out of the parameters (``params=[...]`` or hide it) when asking
        what matters for a metric, since it is itself driven by them.

    A run whose weights overflow to inf/NaN would keep empty (NaN) metrics, as a real sweep
    logs a diverged run; the bundled sweep happens to have none.

    How it was made
    ---------------
    ``python scripts/make_demo_sweep.py`` in the hpviz repository (fixed seed, 300 runs, about
    a minute or two on 2 cores with scikit-learn 1.9). Rerunning it reproduces every column
    except ``fit_time_s``.

    Returns
    -------
    pandas.DataFrame
        One row per run, in ``run_id`` order. A fresh copy on every call.

    Examples
    --------
    >>> from hpviz.datasets import load_digits_sweep
    >>> runs = load_digits_sweep()
    >>> runs.shape
    (300, 13)
    """
    source = resources.files("hpviz") / "data" / _DIGITS_SWEEP
    with source.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def synthetic_sweep(
    n_runs: int, n_params: int, *, noise: float = 0.3, seed: int = 0
) -> pd.DataFrame:
    """A sweep whose truth is known, of any size: for benchmarks, tests and trying things out.

    ``n_params`` parameters ``p00``, ``p01`` … drawn uniformly on [0, 1); only the first six
    matter (``n_params`` must be at least 6)::

        val_loss = 3·p00² + 2·sin(6·p01) + 4·p02·p03 + p04 + 0.5·[p05 > 0.5] + N(0, noise²)

    a curve, a wave, an interaction, a line and a step. The other parameters carry nothing.
    """
    if n_params < 6:
        raise ValueError(f"n_params must be at least 6 (six parameters matter), not {n_params}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(n_runs, n_params))
    y = (
        3 * x[:, 0] ** 2
        + 2 * np.sin(6 * x[:, 1])
        + 4 * x[:, 2] * x[:, 3]
        + x[:, 4]
        + 0.5 * (x[:, 5] > 0.5)
        + rng.normal(0, noise, n_runs)
    )
    frame = pd.DataFrame(x, columns=[f"p{i:02d}" for i in range(n_params)])
    frame["val_loss"] = y
    return frame


def diverged_sweep(n_runs: int, *, n_diverged: int = 1, seed: int = 0) -> pd.DataFrame:
    """A sweep where a few runs diverged: only ``lr`` (log-uniform, optimum 10**-2.5) and
    ``optimizer`` matter; ``noise_a`` and ``batch_size`` do not::

        val_loss = (log10(lr) + 2.5)² / 3 + [optimizer = sgd] + N(0, 0.1²)

    except in ``n_diverged`` runs, picked at random, whose ``val_loss`` is 40–60 (about 50
    times the median), as a run that blew up logs it. ``diverged`` is 1 in those runs, 0
    elsewhere (drop it before analysing).
    """
    rng = np.random.default_rng(seed)
    lr = 10 ** rng.uniform(-5, 0, n_runs)
    optimizer = rng.choice(["adam", "sgd"], n_runs)
    frame = pd.DataFrame(
        {
            "lr": lr,
            "optimizer": optimizer,
            "noise_a": rng.uniform(size=n_runs),
            "batch_size": rng.choice([16, 32, 64, 128], n_runs),
        }
    )
    loss = (np.log10(lr) + 2.5) ** 2 / 3 + 1.0 * (optimizer == "sgd")
    loss = loss + rng.normal(0, 0.1, n_runs)
    diverged = rng.choice(n_runs, size=n_diverged, replace=False)
    loss[diverged] = rng.uniform(40, 60, n_diverged)
    frame["val_loss"] = loss
    frame["diverged"] = np.isin(np.arange(n_runs), diverged).astype(int)
    return frame


def lr_objective(trial) -> float:
    """An Optuna objective whose truth is known, for studies in tests and benchmarks: only
    ``lr`` matters (log-uniform, optimum 10**-2.5) and ``dropout`` a little; ``data_seed`` and
    ``wd`` do not::

        value = (log10(lr) + 2.5)² + 0.3 · dropout + N(0, 0.1²)

    The noise is seeded by the trial's number, so a study with a seeded sampler repeats."""
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    trial.suggest_int("data_seed", 0, 1000)
    trial.suggest_float("wd", 0, 1)
    dropout = trial.suggest_float("dropout", 0, 0.5)
    noise = np.random.default_rng(trial.number).normal(0, 0.1)
    return float((np.log10(lr) + 2.5) ** 2 + 0.3 * dropout + noise)
