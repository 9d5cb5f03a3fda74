"""Adaptive samplers move parameters together: an irrelevant one that rode along with the good
trials is not counted as useful, and a random or grid search is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.analysis.dependence import drifted, sorted_by
from hpviz.analysis.encoding import encode
from hpviz.datasets import synthetic_sweep

TPE_STUDY = Path(__file__).parents[1] / "fixtures" / "optuna_tpe_study.csv"


@pytest.fixture(scope="module")
def tpe():
    return importance_table(TPE_STUDY, "value").set_index("parameter")


def test_a_parameter_that_rode_along_with_the_good_trials_is_not_useful(tpe):
    # leaving data_seed out costs the forest nothing, and lr carries what it seemed to
    # explain: its bar is counted for lr (issue 19: the bars are what people read)
    assert not tpe.loc["data_seed", "useful"]
    assert tpe.loc["data_seed", "importance"] == 0
    assert tpe.loc["data_seed", "moves_with"] == "lr"
    assert tpe.loc["lr", "useful"] and tpe.loc["lr", "importance"] == tpe["importance"].max()
    assert "data_seed" in tpe.attrs["borrowed"] and "lr" in tpe.attrs["borrowed"]


def test_the_panel_says_why_and_the_wand_leaves_it_out():
    panel = ImportancePanel(TPE_STUDY, metric="value").wait()
    assert any("data_seed" in text and "adaptive sampler" in text for text in panel.warnings)
    assert "data_seed" not in panel.auto_select()
    assert "lr" in panel.auto_select()
    row = next(row for row in panel.rows if row["parameter"] == "data_seed")
    assert row["moves_with"] == "lr"


def _not_checked(frame):
    table = importance_table(frame, "val_loss")
    assert table.attrs["borrowed"] == ""
    assert list(table["useful"]) == list(table["importance"] > table.attrs["noise_floor"])


@pytest.mark.parametrize("seed", range(3))
def test_a_random_search_is_not_checked(seed):
    frame = synthetic_sweep(300, 12, seed=seed)
    encoded = [encode(name, frame[name]) for name in frame.columns if name != "val_loss"]
    assert drifted(encoded) == ""
    _not_checked(frame)


@pytest.mark.parametrize("seed", range(3))
def test_runs_sorted_by_the_metric_are_not_taken_for_an_adaptive_sampler(seed):
    frame = synthetic_sweep(300, 12, seed=seed)
    ordered = frame.sort_values("val_loss")
    assert sorted_by(ordered["val_loss"].to_numpy())
    assert not sorted_by(frame["val_loss"].to_numpy())
    _not_checked(ordered)


@pytest.mark.parametrize("seed", range(3))
def test_runs_sorted_by_a_parameter_keep_every_parameter_that_matters(seed):
    frame = synthetic_sweep(300, 12, seed=seed)
    plain = importance_table(frame, "val_loss")
    ordered = frame.sort_values("p00")
    encoded = [encode(name, ordered[name]) for name in frame.columns if name != "val_loss"]
    assert drifted(encoded) == "p00"  # sorted runs drift: the check runs …
    table = importance_table(ordered, "val_loss")
    # … and takes out none of the relevant parameters (p00 … p05) that clear the floor
    relevant = {f"p{i:02d}" for i in range(6)}
    cleared = set(plain.loc[plain["useful"], "parameter"]) & relevant
    assert cleared <= set(table.loc[table["useful"], "parameter"])
