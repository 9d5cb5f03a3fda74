"""Conditional parameters, few runs and no signal: the table says what it can and cannot tell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpviz import importance_table
from hpviz.analysis import analyse, useful_parameters
from hpviz.analysis.table import wand_choice


def optuna_layers(n: int = 150, seed: int = 0) -> pd.DataFrame:
    """Optuna's tutorial pattern: ``n_units_l{i}`` exists only for ``i < n_layers``; the
    objective drops 9× from 4 layers on, and ``lr`` matters a little."""
    rng = np.random.default_rng(seed)
    layers = rng.integers(1, 5, n)
    frame = pd.DataFrame({"n_layers": layers})
    for i in range(4):
        frame[f"n_units_l{i}"] = np.where(
            layers > i, np.round(10 ** rng.uniform(0.6, 2.1, n)), np.nan
        )
    frame["lr"] = 10 ** rng.uniform(-4, -1, n)
    frame["value"] = (
        np.where(layers >= 4, 0.1, 0.9)
        + 0.05 * (np.log10(frame["lr"]) + 2.5) ** 2
        + rng.normal(0, 0.03, n)
    )
    return frame


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_parent_outranks_its_conditional_children(seed):
    table = importance_table(optuna_layers(seed=seed), "value").set_index("parameter")
    children = [f"n_units_l{i}" for i in range(1, 4)]
    assert table.loc["n_layers", "importance"] > 0.8
    assert (table.loc[children, "importance"] < 0.05).all()
    assert table.loc["n_units_l3", "parent"] == "n_layers"
    assert table.loc["n_units_l3", "active_when"] == "n_layers ≥ 4"
    assert table.loc["n_units_l1", "active_when"] == "n_layers ≥ 2"
    frame = optuna_layers(seed=seed)
    assert table.loc["n_units_l3", "active_fraction"] == pytest.approx(
        (frame["n_layers"] >= 4).mean()
    )
    assert table.loc["n_units_l0", "parent"] == "" and np.isnan(
        table.loc["n_layers", "active_fraction"]
    )
    # the child's correlation is over the runs where it is active
    active = frame["n_units_l3"].notna()
    expected = np.corrcoef(np.log10(frame.loc[active, "n_units_l3"]), frame.loc[active, "value"])[
        0, 1
    ]
    if table.loc["n_units_l3", "scale"] == "linear":
        expected = np.corrcoef(frame.loc[active, "n_units_l3"], frame.loc[active, "value"])[0, 1]
    assert table.loc["n_units_l3", "correlation"] == pytest.approx(expected)


def test_a_nested_config_that_exists_for_one_optimizer():
    rng = np.random.default_rng(4)
    n = 300
    optimizer = rng.choice(["adam", "sgd"], n)
    sgd = optimizer == "sgd"
    frame = pd.DataFrame(
        {
            "optimizer": optimizer,
            "sgd.momentum": np.where(sgd, rng.uniform(0.5, 0.99, n), np.nan),
            "sgd.nesterov": pd.Series(
                np.where(sgd, rng.choice([True, False], n), None), dtype=object
            ),
            "adam.beta2": np.where(~sgd, rng.uniform(0.9, 0.999, n), np.nan),
        }
    )
    frame["val_loss"] = np.where(sgd, 1.0 - 0.5 * frame["sgd.momentum"].fillna(0), 0.2)
    frame["val_loss"] += rng.normal(0, 0.02, n)
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.loc["sgd.momentum", "parent"] == "optimizer"
    assert table.loc["sgd.momentum", "active_when"] == "optimizer = sgd"
    assert table.loc["sgd.nesterov", "parent"] == "optimizer"
    assert table.loc["adam.beta2", "active_when"] == "optimizer = adam"
    assert table.loc["optimizer", "importance"] > table.loc["adam.beta2", "importance"]
    assert table.loc["adam.beta2", "importance"] < 0.05


def test_random_holes_are_not_conditions(sweep):
    holey = sweep.copy()
    holey.loc[::3, "lr"] = np.nan
    holey.loc[::5, "optimizer"] = None
    table = importance_table(holey, "val_loss")
    assert (table["parent"] == "").all()


def no_signal(n: int = 12, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"p{i}": rng.uniform(size=n) for i in range(4)})
    frame["opt"] = rng.choice(["adam", "sgd"], n)
    frame["val_loss"] = rng.normal(size=n)
    return frame


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_twelve_runs_without_signal_say_so(seed):
    table = importance_table(no_signal(seed=seed), "val_loss")
    assert table.attrs["rough"].startswith("Rough numbers: only 12 runs for 5 parameters.")
    assert table.attrs["rough"] in table.attrs["notes"]
    # 90% intervals: about one in ten excludes 0 by chance
    numeric = table[table["kind"] == "numeric"]
    intervals = list(zip(numeric["correlation_low"], numeric["correlation_high"], strict=True))
    for values in table.loc[table["kind"] == "categorical", "values"]:
        intervals += [(v["correlation_low"], v["correlation_high"]) for v in values]
    assert sum(low < 0 < high for low, high in intervals) >= len(intervals) - 1
    assert all(high - low > 0.6 for low, high in intervals)  # and they are wide
    if not table["useful"].any():
        assert table.attrs["nothing_stands_out"].startswith("No parameter stands out")
        assert "kept the most important one" in table.attrs["wand"]


def test_nothing_stands_out_is_said_when_nothing_clears_the_floor():
    found = [
        analyse(no_signal(seed=seed), "val_loss", ["p0", "p1", "p2", "p3", "opt"])
        for seed in range(6)
    ]
    quiet = [result for result in found if not result.table["useful"].any()]
    assert quiet, "with no signal, some seed should leave every parameter below the floor"
    for result in quiet:
        assert result.nothing_stands_out
        names, reason = wand_choice(result)
        assert names == useful_parameters(result) and len(names) == 1
        assert names[0] in reason


def test_enough_runs_are_not_rough(sweep):
    table = importance_table(sweep, "val_loss")
    assert table.attrs["rough"] == "" and table.attrs["nothing_stands_out"] == ""
    assert table.attrs["wand"] == "2 parameters above the noise floor."


def test_parameters_drawn_together_are_flagged_and_independent_ones_are_not():
    rng = np.random.default_rng(0)
    n = 200
    lr = rng.uniform(-5, 0, n)
    frame = pd.DataFrame(
        {
            "lr": 10**lr,
            "warmup": -lr * 100 + rng.normal(0, 40, n),  # drifts with lr, as under TPE
            "dropout": rng.uniform(size=n),
        }
    )
    frame["val_loss"] = (lr + 2.5) ** 2 + rng.normal(0, 0.1, n)
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.loc["warmup", "moves_with"] == "lr"
    assert table.loc["lr", "moves_with"] == "warmup"
    assert table.loc["dropout", "moves_with"] == ""


def test_the_panel_passes_target_on_and_syncs_the_new_fields():
    from hpviz import ImportancePanel
    from hpviz.datasets import diverged_sweep

    frame = diverged_sweep(200, n_diverged=2).drop(columns="diverged")
    panel = ImportancePanel(frame, metric="val_loss", target="raw").wait()
    rows = {row["parameter"]: row for row in panel.rows}
    assert {"shape", "best_low", "best_high", "profile", "parent", "moves_with"} <= set(rows["lr"])
    assert {"correlation_low", "correlation_high", "correlation_key"} <= set(rows["lr"])
    ranked = ImportancePanel(frame, metric="val_loss").wait()
    assert "ranks" in ranked.message
    with pytest.raises(ValueError, match="target must be one of"):
        ImportancePanel(frame, metric="val_loss", target="median")
