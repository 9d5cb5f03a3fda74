"""Which parameters work together (issue 21): the interaction table is honest on sweeps whose
truth is known, finds a real sweep's well-known interaction, and says when it is rough."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpviz import importance_table, interaction_table
from hpviz.analysis.interactions import INTERACTION_COLUMNS, MIN_USEFUL
from hpviz.ingest import UnknownColumnError

SHAPES = {
    "square": lambda x: 3 * x**2,
    "wave": lambda x: 2 * np.sin(6 * x),
    "line": lambda x: x,
    "step": lambda x: 0.5 * (x > 0.5),
}


def additive_sweep(n: int, seed: int) -> pd.DataFrame:
    """A random search whose metric is a sum of one effect per parameter (no pair interacts),
    in the shapes real parameters have: a log-scaled learning rate, a categorical optimizer, a
    batch size of few values, a curve, a wave, a step, and noise."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-5, -1, n),
            "optimizer": rng.choice(["adam", "sgd", "rmsprop"], n),
            "batch_size": rng.choice([16, 32, 64, 128], n),
        }
    )
    loss = (np.log10(frame["lr"]) + 3) ** 2 / 4
    loss += frame["optimizer"].map({"adam": 0.0, "sgd": 0.6, "rmsprop": 0.3})
    loss += np.log2(frame["batch_size"]) / 10
    for name, shape in SHAPES.items():
        frame[name] = rng.uniform(size=n)
        loss += shape(frame[name])
    frame["unused"] = rng.uniform(size=n)
    frame["val_loss"] = loss + rng.normal(0, 0.3, n)
    return frame


def product_sweep(n: int, seed: int, noise: float = 0.05) -> pd.DataFrame:
    """``val_loss = c·d + a/2`` (plus noise), with two irrelevant parameters."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.uniform(size=(n, 5)), columns=["a", "b", "c", "d", "e"])
    frame["val_loss"] = frame["c"] * frame["d"] + frame["a"] / 2 + rng.normal(0, noise, n)
    return frame


def test_the_table_has_its_columns_and_attrs():
    table = interaction_table(product_sweep(300, 0), "val_loss", top=4)
    assert list(table.columns) == INTERACTION_COLUMNS
    assert len(table) == 6  # every pair of the 4 most important
    assert (table["strength"].diff().dropna() <= 0).all()  # strongest first
    assert (table["strength_low"] <= table["strength"]).all()
    assert (table["strength"] <= table["strength_high"]).all()
    assert ((table["strength"] >= 0) & (table["strength_high"] <= 1)).all()
    assert table.attrs["metric"] == "val_loss" and table.attrs["goal"] == "minimize"
    assert table.attrs["n_runs"] == 300
    assert 0 <= table.attrs["noise_floor"] < table["strength"].iloc[0]
    assert table.attrs["notes"] == [] and table.attrs["rough"] == ""
    # the pairs are among the most important parameters, the more important one first
    importance = importance_table(product_sweep(300, 0), "val_loss").set_index("parameter")
    top4 = set(importance.index[:4])
    assert set(table["parameter_a"]) | set(table["parameter_b"]) == top4
    for a, b in zip(table["parameter_a"], table["parameter_b"], strict=True):
        assert importance.loc[a, "importance"] >= importance.loc[b, "importance"]


@pytest.mark.parametrize("seed", range(5))
def test_a_product_comes_first_and_is_useful(seed):
    table = interaction_table(product_sweep(200, seed), "val_loss")
    first = table.iloc[0]
    assert {first["parameter_a"], first["parameter_b"]} == {"c", "d"}
    assert first["useful"]
    # c·d's interaction is Var(c)·Var(d) = 1/144 of a variance of about 0.07: some 9%
    assert 0.04 < first["strength"] < 0.14
    assert first["strength_low"] > table.attrs["noise_floor"] * 0.5
    assert table["useful"].sum() == 1


def test_no_pair_is_useful_on_additive_objectives_in_nine_sweeps_of_ten():
    """The false-positive rate: 20 sweeps of 8 parameters (up to 28 pairs each) where nothing
    interacts; some pair may clear the floor by chance in about 1 sweep of 40."""
    flagged = []
    for seed in range(20):
        table = interaction_table(additive_sweep(300, seed), "val_loss")
        assert len(table) >= 21  # (a parameter with no importance at all is not paired)
        if table["useful"].any():
            flagged.append((seed, table[table["useful"]].iloc[0].to_dict()))
    assert len(flagged) <= 2, flagged


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(40, 400),
    seed=st.integers(0, 2**16),
    noise=st.sampled_from([0.01, 0.3, 1.0]),
    scale=st.sampled_from([1e-3, 1.0, 1e4]),
)
def test_strengths_are_shares_and_an_additive_metric_has_none_that_matters(n, seed, noise, scale):
    """Whatever the size, noise and unit, strengths are shares of the metric's variation
    (0…1, inside their interval), and on an additive metric no pair explains much."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.uniform(size=(n, 4)), columns=["a", "b", "c", "d"])
    frame["score"] = scale * (frame["a"] + frame["b"] ** 2 + rng.normal(0, noise, n))
    table = interaction_table(frame, "score", goal="maximize")
    assert ((table["strength_low"] <= table["strength"]) & (table["strength"] <= 1)).all()
    assert (table["strength"] <= table["strength_high"]).all()
    assert table["strength"].max() < 0.15  # (a bias correction leaves noise of a few %)


def test_the_strength_does_not_depend_on_the_metrics_unit():
    frame = product_sweep(300, 3)
    scaled = frame.assign(val_loss=frame["val_loss"] * 1000 - 7)
    one = interaction_table(frame, "val_loss")
    other = interaction_table(scaled, "val_loss")
    np.testing.assert_allclose(one["strength"], other["strength"], atol=1e-9)


def test_a_categorical_times_a_learning_rate_is_found():
    """Which learning rate is best depends on the optimizer: adam wants 1e-3, sgd 1e-1."""
    rng = np.random.default_rng(5)
    n = 400
    optimizer = rng.choice(["adam", "sgd"], n)
    log_lr = rng.uniform(-5, 0, n)
    best = np.where(optimizer == "adam", -3.0, -1.0)
    frame = pd.DataFrame(
        {"lr": 10**log_lr, "optimizer": optimizer, "dropout": rng.uniform(0, 0.5, n)}
    )
    frame["val_loss"] = (log_lr - best) ** 2 / 4 + rng.normal(0, 0.1, n)
    table = interaction_table(frame, "val_loss")
    first = table.iloc[0]
    assert {first["parameter_a"], first["parameter_b"]} == {"lr", "optimizer"}
    assert first["useful"] and first["strength"] > 0.2
    assert not table.iloc[1:]["useful"].any()


def test_conditional_children_are_paired_over_the_runs_where_they_are_active():
    """``momentum`` exists only for sgd; with it, the best learning rate moves. The pair
    (lr, momentum) is measured over the sgd runs alone, and found there."""
    rng = np.random.default_rng(2)
    n = 600
    optimizer = rng.choice(["adam", "sgd"], n)
    sgd = optimizer == "sgd"
    momentum = np.where(sgd, rng.uniform(0, 0.99, n), np.nan)
    log_lr = rng.uniform(-4, -1, n)
    frame = pd.DataFrame({"optimizer": optimizer, "momentum": momentum, "lr": 10**log_lr})
    best = np.where(sgd, -1.5 - 2 * np.nan_to_num(momentum), -3.0)
    frame["val_loss"] = (log_lr - best) ** 2 / 2 + 0.3 * sgd + rng.normal(0, 0.05, n)
    table = interaction_table(frame, "val_loss")
    assert (
        importance_table(frame, "val_loss").set_index("parameter").loc["momentum", "parent"]
        == "optimizer"
    )
    pairs = {
        frozenset((a, b)): row
        for a, b, row in zip(
            table["parameter_a"], table["parameter_b"], table.to_dict("records"), strict=True
        )
    }
    with_momentum = pairs[frozenset(("lr", "momentum"))]
    assert with_momentum["n_runs"] == int(sgd.sum())
    assert with_momentum["useful"]
    assert pairs[frozenset(("lr", "optimizer"))]["n_runs"] == n


def test_few_runs_say_the_pairs_are_rough():
    table = interaction_table(product_sweep(40, 1), "val_loss")
    assert "rough" in table.attrs["rough"] and "40 runs" in table.attrs["rough"]
    assert table.attrs["rough"] in table.attrs["notes"]
    assert interaction_table(product_sweep(400, 1), "val_loss").attrs["rough"] == ""


def test_nothing_standing_out_is_said():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.uniform(size=(300, 4)), columns=list("abcd"))
    frame["val_loss"] = frame["a"] + rng.normal(0, 0.1, 300)
    table = interaction_table(frame, "val_loss")
    assert not table["useful"].any()
    assert any("No pair stands out" in note for note in table.attrs["notes"])


def test_a_pair_below_the_minimum_share_is_not_useful_however_many_runs():
    """Among 20 000 runs a tiny interaction clears the floor; it is not called useful."""
    rng = np.random.default_rng(0)
    n = 20_000
    frame = pd.DataFrame(rng.uniform(size=(n, 3)), columns=list("abc"))
    frame["val_loss"] = frame["a"] * 3 + frame["b"] + 0.25 * frame["b"] * frame["c"]
    frame["val_loss"] += rng.normal(0, 0.05, n)
    table = interaction_table(frame, "val_loss").set_index(["parameter_a", "parameter_b"])
    tiny = table.loc[("b", "c")]
    assert table.attrs["noise_floor"] < tiny["strength"] < MIN_USEFUL
    assert not tiny["useful"]


def test_bad_input_says_what_was_wrong():
    frame = product_sweep(100, 0)
    with pytest.raises(ValueError, match="top must be an integer of at least 2"):
        interaction_table(frame, "val_loss", top=1)
    with pytest.raises(UnknownColumnError, match="val_los"):
        interaction_table(frame, "val_los")
    constant = frame.assign(val_loss=1.0)
    table = interaction_table(constant, "val_loss")
    assert table.empty and list(table.columns) == INTERACTION_COLUMNS
    assert "constant" in table.attrs["reason"]
    a = np.arange(50.0)  # a setting (a metric equal to it would make it a result, a copy)
    one = pd.DataFrame({"a": a, "b": 1.0, "val_loss": (a - 24.5) ** 2})
    table = interaction_table(one, "val_loss")
    assert table.empty and "only a has any" in table.attrs["reason"]


def svm_sweep(n_configs: int = 160, seed: int = 0) -> pd.DataFrame:
    """A real random search: RBF SVMs on 300 of scikit-learn's bundled digits, 3-fold
    accuracy; ``C`` and ``gamma`` log-uniform, ``tol`` and ``data_seed`` along for the ride."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import cross_val_score
    from sklearn.svm import SVC

    x, y = load_digits(return_X_y=True)
    x, y = x[:300], y[:300]
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n_configs):
        config = {
            "C": 10 ** rng.uniform(-2, 3),
            "gamma": 10 ** rng.uniform(-5, 0),
            "tol": 10 ** rng.uniform(-4, -2),
            "data_seed": int(rng.integers(0, 1000)),
        }
        model = SVC(C=config["C"], gamma=config["gamma"], tol=config["tol"])
        rows.append({**config, "val_accuracy": cross_val_score(model, x, y, cv=3).mean()})
    return pd.DataFrame(rows)


def test_an_rbf_svms_c_and_gamma_work_together():
    """The well-known one: a small gamma needs a large C; a large gamma fails whatever C."""
    frame = svm_sweep()
    table = interaction_table(frame, "val_accuracy")
    first = table.iloc[0]
    assert {first["parameter_a"], first["parameter_b"]} == {"C", "gamma"}
    assert first["useful"]
    assert not table.iloc[1:]["useful"].any()  # tol and data_seed work with nothing
    assert table.attrs["goal"] == "maximize"
