"""suggest_space: the next sweep's search space, narrowed to where the best runs lie."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel
from hpviz.analysis.space import suggest_space

OPTIMUM_LR = 10**-2.5
OPTIMUM_DROPOUT = 0.1


def known_optimum(n=500, seed=0):
    """val_loss is smallest at lr = 10**-2.5, dropout = 0.1 and with adam."""
    rng = np.random.default_rng(seed)
    lr = 10 ** rng.uniform(-5, 0, n)
    dropout = rng.uniform(0, 0.5, n)
    optimizer = rng.choice(["adam", "sgd", "rmsprop"], n)
    frame = pd.DataFrame(
        {
            "lr": lr,
            "dropout": dropout,
            "optimizer": optimizer,
            "batch_size": rng.choice([16, 32, 64, 128], n),
            "layers": rng.integers(1, 40, n),
            "run_name": [f"run-{i}" for i in range(n)],
        }
    )
    frame["val_loss"] = (
        (np.log10(lr) + 2.5) ** 2
        + 20 * (dropout - OPTIMUM_DROPOUT) ** 2
        + 1.5 * (optimizer != "adam")
        + rng.normal(0, 0.05, n)
    )
    return frame


PARAMS = ["lr", "dropout", "optimizer", "batch_size", "layers", "run_name"]


def test_suggested_ranges_contain_the_optimum_and_are_narrower():
    frame = known_optimum()
    space = suggest_space(frame, "val_loss", PARAMS, goal="minimize")
    assert space["metric"] == {"name": "val_loss", "goal": "minimize"}
    p = space["parameters"]

    lr = p["lr"]
    assert lr["distribution"] == "log_uniform_values"
    assert lr["min"] <= OPTIMUM_LR <= lr["max"]
    original_decades = np.log10(frame["lr"].max() / frame["lr"].min())
    assert np.log10(lr["max"] / lr["min"]) < original_decades - 1  # a decade or more narrower
    tighter = suggest_space(frame, "val_loss", ["lr"], top=0.05)["parameters"]["lr"]
    assert lr["min"] <= tighter["min"] <= OPTIMUM_LR <= tighter["max"] <= lr["max"]
    assert tighter["max"] / tighter["min"] < lr["max"] / lr["min"]

    dropout = p["dropout"]
    assert dropout["distribution"] == "uniform"
    assert dropout["min"] <= OPTIMUM_DROPOUT <= dropout["max"]
    assert dropout["max"] - dropout["min"] < (frame["dropout"].max() - frame["dropout"].min())

    assert p["optimizer"]["values"][0] == "adam"  # the best runs' most frequent value first
    assert suggest_space(frame, "val_loss", ["optimizer"], top=0.1)["parameters"] == {
        "optimizer": {"values": ["adam"]}  # the top 10% all use adam
    }
    assert set(p["batch_size"]["values"]) <= {16, 32, 64, 128}  # few values: a list
    assert p["layers"]["distribution"] == "int_uniform"
    assert isinstance(p["layers"]["min"], int)
    assert "run_name" not in p  # an identifier has no range


def test_maximising_narrows_to_the_highest_runs():
    frame = known_optimum()
    frame["val_acc"] = -frame["val_loss"]
    space = suggest_space(frame, "val_acc", ["lr"], goal="maximize")
    lr = space["parameters"]["lr"]
    assert lr["min"] <= OPTIMUM_LR <= lr["max"]
    assert space["metric"]["goal"] == "maximize"


def test_space_is_plain_json():
    space = suggest_space(known_optimum(100), "val_loss", PARAMS)
    assert json.loads(json.dumps(space)) == space


def test_panel_suggests_over_visible_parameters_only():
    panel = ImportancePanel(known_optimum(200), metric="val_loss", params=PARAMS)
    panel.hide("dropout")
    space = panel.suggest_space(top=0.1)
    assert "dropout" not in space["parameters"]
    assert space["parameters"]["optimizer"]["values"][0] == "adam"  # most frequent first


def test_bad_top_is_refused():
    with pytest.raises(ValueError, match="top"):
        suggest_space(known_optimum(50), "val_loss", ["lr"], top=0)
