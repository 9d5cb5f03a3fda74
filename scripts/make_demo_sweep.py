"""Produce hpviz's bundled demo sweep, ``hpviz/data/digits_mlp_sweep.csv``.

What it is
    A real random search over eight hyperparameters of scikit-learn's ``MLPClassifier`` (one
    hidden layer) on scikit-learn's bundled 8x8 handwritten digits (``load_digits()``: 1797
    images, 10 classes, no download). The digits are split once, stratified, 70 % train /
    30 % validation (``random_state=0``); inputs are standardised with a ``StandardScaler``
    fitted on the training part. Each run samples

    ================  ===========================================  ==========================
    column            distribution                                 MLPClassifier argument
    ================  ===========================================  ==========================
    learning_rate     log-uniform 1e-4 … 1                         ``learning_rate_init``
    weight_decay      log-uniform 1e-6 … 1e-1                      ``alpha`` (L2 penalty)
    batch_size        one of 16, 32, 64, 128, 256                  ``batch_size``
    hidden_units      one of 8, 16, 32, 64, 128, 256               ``hidden_layer_sizes=(n,)``
    activation        one of relu, tanh, logistic                  ``activation``
    solver            one of adam, sgd                             ``solver``
    epochs            integer uniform 5 … 60                       ``max_iter``
    seed              integer uniform 0 … 10000                    ``random_state``
    ================  ===========================================  ==========================

    Every run trains for exactly ``epochs`` passes over the training data (no early stopping,
    ``n_iter_no_change`` larger than any ``epochs``), so ``epochs`` really is a budget. ``seed``
    only changes the weight initialisation and the batch order: it is there as a parameter that
    should *not* matter.

    Recorded per run: ``run_id`` ("run-000" …), the eight parameters, and the metrics
    ``val_loss`` (log loss on the validation set, probabilities clipped to [1e-15, 1 - 1e-15]),
    ``val_acc`` (validation accuracy), ``train_loss`` (log loss on the training set, without the
    L2 penalty) and ``fit_time_s`` (wall-clock seconds of ``fit``, single-threaded BLAS).
    A run whose weights blow up to inf/NaN (scikit-learn then refuses the model) is kept with
    empty metrics, as a real sweep logs a diverged run.

    Everything except ``fit_time_s`` is reproducible: the configurations come from one
    ``numpy.random.default_rng(SEED)`` drawn up front, independent of ``--jobs``.

How to rerun it (from the repository root; about 1-2 minutes on 2 cores)::

    python scripts/make_demo_sweep.py                  # 300 runs, 2 jobs -> the bundled CSV
    python scripts/make_demo_sweep.py --runs 50 --jobs 4 --out /tmp/small.csv

Needs only scikit-learn, pandas, numpy and joblib (all hpviz dependencies or theirs).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

SEED = 20240607  # seeds the sampling of the configurations
SPLIT_SEED = 0  # seeds the train/validation split
VAL_FRACTION = 0.3
EPS = 1e-15  # probability clip, so log loss stays finite

LEARNING_RATE = (1e-4, 1.0)  # log-uniform
WEIGHT_DECAY = (1e-6, 1e-1)  # log-uniform
BATCH_SIZES = (16, 32, 64, 128, 256)
HIDDEN_UNITS = (8, 16, 32, 64, 128, 256)
ACTIVATIONS = ("relu", "tanh", "logistic")
SOLVERS = ("adam", "sgd")
EPOCHS = (5, 60)  # inclusive
SEEDS = (0, 10_000)  # inclusive

PARAMS = [
    "learning_rate",
    "weight_decay",
    "batch_size",
    "hidden_units",
    "activation",
    "solver",
    "epochs",
    "seed",
]
METRICS = ["val_loss", "val_acc", "train_loss", "fit_time_s"]

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "hpviz" / "data" / "digits_mlp_sweep.csv"


def sig(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (NaN stays NaN)."""
    if x is None or not math.isfinite(x):
        return float("nan")
    return float(f"{x:.{digits}g}")


def sample_configs(n: int, seed: int = SEED) -> list[dict]:
    """``n`` random-search configurations, drawn in a fixed order from one generator."""
    rng = np.random.default_rng(seed)

    def log_uniform(lo: float, hi: float) -> float:
        return float(10 ** rng.uniform(math.log10(lo), math.log10(hi)))

    configs = []
    for i in range(n):
        configs.append(
            {
                "run_id": f"run-{i:03d}",
                "learning_rate": sig(log_uniform(*LEARNING_RATE)),
                "weight_decay": sig(log_uniform(*WEIGHT_DECAY)),
                "batch_size": int(rng.choice(BATCH_SIZES)),
                "hidden_units": int(rng.choice(HIDDEN_UNITS)),
                "activation": str(rng.choice(ACTIVATIONS)),
                "solver": str(rng.choice(SOLVERS)),
                "epochs": int(rng.integers(EPOCHS[0], EPOCHS[1] + 1)),
                "seed": int(rng.integers(SEEDS[0], SEEDS[1] + 1)),
            }
        )
    return configs


def load_split():
    """The fixed stratified split of the digits, standardised on the training part."""
    X, y = load_digits(return_X_y=True)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=VAL_FRACTION, stratify=y, random_state=SPLIT_SEED
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val), y_train, y_val


def _log_loss(model: MLPClassifier, X: np.ndarray, y: np.ndarray) -> float:
    proba = model.predict_proba(X)
    if not np.isfinite(proba).all():
        return float("nan")
    proba = np.clip(proba, EPS, 1 - EPS)
    proba /= proba.sum(axis=1, keepdims=True)
    return float(log_loss(y, proba, labels=model.classes_))


def run_one(config: dict, data) -> dict:
    """Train one configuration and return its row: the config plus the metrics."""
    X_train, X_val, y_train, y_val = data
    model = MLPClassifier(
        hidden_layer_sizes=(config["hidden_units"],),
        activation=config["activation"],
        solver=config["solver"],
        learning_rate_init=config["learning_rate"],
        alpha=config["weight_decay"],
        batch_size=config["batch_size"],
        max_iter=config["epochs"],
        early_stopping=False,
        n_iter_no_change=EPOCHS[1] + 1,  # never stop before max_iter
        random_state=config["seed"],
    )
    row = dict(config)
    # One BLAS thread per worker: the jobs are the parallelism (and multi-threaded BLAS on
    # these tiny matrices is much slower, not faster).
    with threadpool_limits(limits=1), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow while diverging
        start = time.perf_counter()
        try:
            model.fit(X_train, y_train)
            fitted = True
        except ValueError as err:  # "Solver produced non-finite parameter weights"
            if "non-finite" not in str(err):
                raise
            fitted = False
        row["fit_time_s"] = round(time.perf_counter() - start, 3)
        if fitted:
            row["val_loss"] = sig(_log_loss(model, X_val, y_val))
            row["val_acc"] = sig(accuracy_score(y_val, model.predict(X_val)))
            row["train_loss"] = sig(_log_loss(model, X_train, y_train))
        else:
            row["val_loss"] = row["val_acc"] = row["train_loss"] = float("nan")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="number of runs (default 300)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the search itself")
    args = parser.parse_args(argv)

    print(
        f"digits MLP random search: {args.runs} runs on {args.jobs} jobs "
        f"(scikit-learn {sklearn.__version__}, numpy {np.__version__})",
        flush=True,
    )
    data = load_split()
    configs = sample_configs(args.runs, args.seed)
    started = time.perf_counter()
    rows = []
    results = Parallel(n_jobs=args.jobs, return_as="generator_unordered")(
        delayed(run_one)(config, data) for config in configs
    )
    for done, row in enumerate(results, 1):
        rows.append(row)
        print(
            f"[{done:>{len(str(args.runs))}}/{args.runs}] {row['run_id']} "
            f"{row['solver']:<4} {row['activation']:<8} lr={row['learning_rate']:<9.3g} "
            f"epochs={row['epochs']:<2} val_loss={row['val_loss']:.4f} "
            f"val_acc={row['val_acc']:.4f} ({row['fit_time_s']:.2f}s, "
            f"{time.perf_counter() - started:.0f}s elapsed)",
            flush=True,
        )

    frame = pd.DataFrame(rows).sort_values("run_id")[["run_id", *PARAMS, *METRICS]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False, float_format="%.6g", lineterminator="\n")
    diverged = int(frame["val_loss"].isna().sum())
    print(
        f"wrote {len(frame)} runs to {args.out} in {time.perf_counter() - started:.0f}s"
        + (f" ({diverged} diverged, metrics left empty)" if diverged else ""),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
