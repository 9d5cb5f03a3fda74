"""Every importance comes with an interval: wide with few runs, narrow with many."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table


def sweep(n: int, seed: int = 0) -> pd.DataFrame:
    """``lr`` (log scale, optimum 10**-2.5) and a little ``optimizer`` matter; noise does not."""
    rng = np.random.default_rng(seed)
    lr = 10 ** rng.uniform(-5, 0, n)
    optimizer = rng.choice(["adam", "sgd"], n)
    frame = pd.DataFrame(
        {
            "lr": lr,
            "optimizer": optimizer,
            "noise": rng.uniform(size=n),
            "batch_size": rng.choice([16, 32, 64, 128], n),
        }
    )
    frame["val_loss"] = (
        (np.log10(lr) + 2.5) ** 2 + 0.5 * (optimizer == "sgd") + rng.normal(0, 0.3, n)
    )
    return frame


def test_interval_contains_importance_and_stays_in_0_1():
    table = importance_table(sweep(200), "val_loss")
    low, imp, high = (
        table[c].to_numpy() for c in ("importance_low", "importance", "importance_high")
    )
    assert (low >= 0).all() and (high <= 1).all()
    assert (low <= imp).all() and (imp <= high).all()
    assert table["importance"].sum() == pytest.approx(1.0)


def test_interval_is_wide_with_30_runs_and_narrow_with_1000():
    few = importance_table(sweep(30), "val_loss").set_index("parameter")
    many = importance_table(sweep(1000), "val_loss").set_index("parameter")
    width_few = few["importance_high"] - few["importance_low"]
    width_many = many["importance_high"] - many["importance_low"]
    # the parameter that matters: a wide range with 30 runs, a narrow one with 1000
    assert width_few["lr"] > 0.2
    assert width_many["lr"] < 0.05
    assert width_few["lr"] > 5 * width_many["lr"]
    # with 1000 runs the interval of lr lies far above the noise parameter's
    assert many.loc["lr", "importance_low"] > many.loc["noise", "importance_high"]


def test_intervals_are_deterministic_per_seed():
    a = importance_table(sweep(100), "val_loss", seed=3)
    b = importance_table(sweep(100), "val_loss", seed=3)
    pd.testing.assert_frame_equal(a.drop(columns="values"), b.drop(columns="values"))


def test_constant_and_unfitted_parameters_have_a_zero_interval():
    frame = sweep(60)
    frame["const"] = 1
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.loc["const", ["importance_low", "importance_high"]].tolist() == [0.0, 0.0]


def test_panel_sends_intervals_and_scale_to_the_front_end():
    panel = ImportancePanel(sweep(120), metric="val_loss").wait()
    rows = {row["parameter"]: row for row in panel.rows}
    lr = rows["lr"]
    assert lr["importance_low"] <= lr["importance"] <= lr["importance_high"]
    assert lr["scale"] == "log" and rows["noise"]["scale"] == "linear"
    assert rows["optimizer"]["scale"] == ""
    assert {"importance_low", "importance_high", "scale"} <= set(panel.table.columns)
