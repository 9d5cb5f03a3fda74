"""The shape of each numeric parameter's effect, where the best runs sit, and the sparkline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpviz import importance_table
from hpviz.analysis.shape import MAX_BINS
from hpviz.datasets import load_digits_sweep


def shaped_sweep(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """``lr`` U-shaped on a log scale (optimum 10**-2.5), ``depth`` increasing the loss,
    ``width`` decreasing it, ``noise`` without effect, ``momentum`` best at 0.75 on a linear
    scale."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-5, 0, n),
            "depth": rng.integers(1, 9, n),
            "width": rng.uniform(0, 1, n),
            "noise": rng.uniform(0, 1, n),
            "momentum": rng.uniform(0.5, 1.0, n),
        }
    )
    frame["val_loss"] = (
        (np.log10(frame["lr"]) + 2.5) ** 2 / 2
        + 0.3 * frame["depth"]
        - 2.0 * frame["width"]
        + 20 * (frame["momentum"] - 0.75) ** 2
        + rng.normal(0, 0.2, n)
    )
    return frame


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shapes_are_recognised_and_the_best_range_holds_the_optimum(seed):
    table = importance_table(shaped_sweep(seed=seed), "val_loss").set_index("parameter")
    assert table.loc["lr", "shape"] == "best in the middle"
    assert table.loc["lr", "best_low"] <= 10**-2.5 <= table.loc["lr", "best_high"]
    assert table.loc["momentum", "shape"] == "best in the middle"
    assert table.loc["momentum", "best_low"] <= 0.75 <= table.loc["momentum", "best_high"]
    assert table.loc["depth", "shape"] == "lower is better"  # deeper raises the loss
    assert table.loc["depth", "best_low"] == 1  # the best runs are shallow
    assert table.loc["width", "shape"] == "higher is better"
    assert table.loc["width", "best_high"] > 0.8
    assert table.loc["noise", "shape"] == "no clear shape"
    assert np.isnan(table.loc["noise", "best_low"])


def test_the_shape_says_what_is_better_whichever_the_goal():
    """val_acc = −val_loss, maximised: the same runs are best, so every shape and best range
    is the same as for val_loss minimised (the label speaks of goodness, as the sparkline
    draws it, not of the metric's direction)."""
    frame = shaped_sweep()
    loss = importance_table(frame, "val_loss").set_index("parameter")
    frame["val_acc"] = -frame.pop("val_loss")
    acc = importance_table(frame, "val_acc").set_index("parameter")
    assert acc.loc["depth", "shape"] == "lower is better"  # the best runs are still shallow
    assert acc.loc["depth", "best_low"] == 1
    assert acc.loc["lr", "shape"] == "best in the middle"
    assert list(acc["shape"].sort_index()) == list(loss["shape"].sort_index())


def test_an_established_correlation_is_never_no_shape():
    """A few dozen runs where the loss falls steadily with ``width`` but also swings with
    other parameters: the bins' test may not separate them, yet the correlation is
    established, so the shape follows it; a parameter without effect has no clear shape."""
    found = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        n = 40
        frame = pd.DataFrame(
            {
                "width": rng.uniform(0, 1, n),
                "other": rng.uniform(0, 1, n),
                "seed": rng.uniform(0, 1, n),
            }
        )
        frame["val_loss"] = -0.8 * frame["width"] + 2.0 * frame["other"] + rng.normal(0, 0.3, n)
        table = importance_table(frame, "val_loss").set_index("parameter")
        width = table.loc["width"]
        if width["correlation_high"] < 0:
            found += 1
            assert width["shape"] == "higher is better", seed
            assert width["best_high"] > width["best_low"]
        if table.loc["seed", "correlation_low"] <= 0 <= table.loc["seed", "correlation_high"]:
            assert table.loc["seed", "shape"] in (
                "no clear shape",
                "higher is better",
                "lower is better",
            )
    assert found >= 6  # the premise: most of these sweeps establish width's correlation


def test_the_profile_is_a_small_series_in_the_parameters_units():
    table = importance_table(shaped_sweep(5_000), "val_loss").set_index("parameter")
    profile = table.loc["lr", "profile"]
    assert 3 <= len(profile) <= MAX_BINS
    xs = [point["x"] for point in profile]
    assert xs == sorted(xs) and 1e-5 <= xs[0] and xs[-1] <= 1
    depth = table.loc["depth", "profile"]
    assert [point["x"] for point in depth] == list(range(1, 9))  # one bin per value
    assert depth[0]["y"] < depth[-1]["y"]


def test_categoricals_have_no_shape():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"opt": rng.choice(["a", "b"], 100)})
    frame["val_loss"] = (frame["opt"] == "a") + rng.normal(0, 0.1, 100)
    row = importance_table(frame, "val_loss").iloc[0]
    assert row["shape"] == "" and row["profile"] == [] and np.isnan(row["best_low"])


def test_the_demos_learning_rate_reads_as_best_in_the_middle_with_its_best_range():
    table = importance_table(load_digits_sweep(), "val_loss").set_index("parameter")
    lr = table.loc["learning_rate"]
    assert lr["shape"] == "best in the middle"
    assert 1e-3 < lr["best_low"] < 1e-2 and 1e-2 < lr["best_high"] < 0.5
    assert lr["useful"]


def test_the_trend_test_is_spearmans():
    """The shape's trend test gives what scipy's spearmanr gives (it only skips re-ranking the
    metric), ties included, and no shape at all for a constant metric."""
    from scipy.stats import rankdata, spearmanr

    from hpviz.analysis.shape import _spearman

    rng = np.random.default_rng(4)
    for n in (12, 40, 500):
        x = rng.integers(0, 6, n).astype(float)  # ties in the parameter
        y = np.round(rng.normal(size=n) + 0.1 * x, 1)  # ties in the metric
        rho, p = _spearman(x, rankdata(y))
        expected = spearmanr(x, y)
        assert rho == pytest.approx(expected.statistic) and p == pytest.approx(expected.pvalue)
    assert _spearman(np.arange(10.0), np.full(10, 5.5)) == (0.0, 1.0)
