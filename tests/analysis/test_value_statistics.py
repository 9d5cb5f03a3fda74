"""Per-value statistics and correlation intervals: linear, bounded, honest about uncertainty."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.analysis.correlation import MAX_LISTED_VALUES, OTHERS_LABEL, correlation_interval
from hpviz.analysis.drilldown import drilldown


def high_cardinality(n_runs: int, n_values: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "tag": [f"v{i}" for i in rng.integers(0, n_values, n_runs)],
            "lr": rng.uniform(size=n_runs),
        }
    )
    frame["val_loss"] = frame["lr"] + rng.normal(0, 0.1, n_runs)
    return frame


def test_many_values_are_listed_as_the_top_ones_and_others():
    frame = high_cardinality(20_000, 8_700)
    table = importance_table(frame, "val_loss").set_index("parameter")
    values = table.loc["tag", "values"]
    assert len(values) == MAX_LISTED_VALUES + 1
    others = values[-1]
    assert others["value"] == OTHERS_LABEL
    assert others["others"] == frame["tag"].nunique() - MAX_LISTED_VALUES
    assert sum(v["count"] for v in values) == len(frame)
    counts = [v["count"] for v in values[:-1]]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == frame["tag"].value_counts().iloc[0]


def test_the_synced_rows_stay_small_with_many_values():
    panel = ImportancePanel(high_cardinality(20_000, 8_700), metric="val_loss").wait()
    assert len(json.dumps(panel.rows)) < 20_000


def test_per_value_statistics_match_the_direct_computation():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"opt": rng.choice(["adam", "sgd", "rmsprop"], 300)})
    frame["val_loss"] = (frame["opt"] == "sgd") + rng.normal(0, 0.5, 300)
    values = importance_table(frame, "val_loss").iloc[0]["values"]
    for entry in values:
        mask = (frame["opt"] == entry["value"]).astype(float)
        assert entry["count"] == mask.sum()
        assert entry["mean"] == pytest.approx(frame.loc[mask == 1, "val_loss"].mean())
        assert entry["correlation"] == pytest.approx(np.corrcoef(mask, frame["val_loss"])[0, 1])
        assert entry["correlation_low"] < entry["correlation"] < entry["correlation_high"]


def test_categories_that_differ_by_a_trailing_nul_stay_apart():
    rng = np.random.default_rng(0)
    labels = [["a", "a\0", "b"][i] for i in rng.integers(0, 3, 120)]
    frame = pd.DataFrame({"opt": pd.Series(labels, dtype=object), "lr": rng.uniform(size=120)})
    frame["val_loss"] = frame["lr"] + (frame["opt"] == "a\0")
    expected = frame["opt"].value_counts().to_dict()
    values = importance_table(frame, "val_loss").set_index("parameter").loc["opt", "values"]
    assert {v["value"]: v["count"] for v in values} == expected
    view = drilldown(frame, "val_loss", "opt")
    assert {c["value"]: c["count"] for c in view["categories"]} == expected
    means = {c["value"]: c["mean"] for c in view["categories"]}
    assert means["a\0"] > means["a"] + 0.5


def test_timestamps_in_an_object_column_are_numeric_everywhere():
    n = 60
    rng = np.random.default_rng(1)
    when = pd.Series([pd.Timestamp("2024-01-01") + pd.Timedelta(hours=i) for i in range(n)])
    frame = pd.DataFrame({"when": when.astype(object), "lr": rng.uniform(size=n)})
    frame["val_loss"] = frame["lr"] + rng.normal(0, 0.1, n)
    panel = ImportancePanel(frame, metric="val_loss", params=["when", "lr"]).wait()
    panel.parallel_coordinates()
    space = panel.suggest_space()
    assert set(space["parameters"]) == {"when", "lr"}


def test_fisher_interval():
    low, high = correlation_interval(0.5, 103)
    z = np.arctanh(0.5)
    assert low == pytest.approx(np.tanh(z - 1.6448536 / 10))
    assert high == pytest.approx(np.tanh(z + 1.6448536 / 10))
    assert np.isnan(correlation_interval(0.5, 3)[0])
    assert correlation_interval(1.0, 50) == (1.0, 1.0)


def test_noise_over_many_runs_and_few_runs_each_get_an_honest_interval():
    rng = np.random.default_rng(7)
    many = pd.DataFrame({"x": rng.uniform(size=300)})
    many["val_loss"] = rng.normal(size=300)
    few = pd.DataFrame({"x": rng.uniform(size=12)})
    few["val_loss"] = rng.normal(size=12)
    for frame in (many, few):
        row = importance_table(frame, "val_loss").iloc[0]
        assert row["correlation_low"] < 0 < row["correlation_high"]
    width = {
        len(frame): importance_table(frame, "val_loss").iloc[0][
            ["correlation_low", "correlation_high"]
        ]
        for frame in (many, few)
    }
    assert np.ptp(width[12]) > 3 * np.ptp(width[300])


def test_the_correlation_key_of_a_categorical_is_its_strongest_value():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"opt": rng.choice(["adam", "sgd", "rmsprop"], 400)})
    frame["val_loss"] = 2.0 * (frame["opt"] == "rmsprop") + rng.normal(0, 0.3, 400)
    row = importance_table(frame, "val_loss").iloc[0]
    strongest = max(row["values"], key=lambda v: abs(v["correlation"]))
    assert strongest["value"] == "rmsprop"
    assert row["correlation_key"] == pytest.approx(abs(strongest["correlation"]))


def _some_value_has_a_direction(values: list[dict]) -> bool:
    return any(v["correlation_low"] > 0 or v["correlation_high"] < 0 for v in values)


def test_a_noise_categorical_rarely_shows_a_direction_however_many_values_it_has():
    from hpviz.analysis.correlation import value_stats
    from hpviz.analysis.encoding import encode

    for n_runs, n_values in ((12, 3), (300, 20)):
        shown = 0
        for seed in range(100):
            rng = np.random.default_rng(seed)
            labels = pd.Series(rng.choice([f"v{i}" for i in range(n_values)], n_runs))
            y = rng.normal(size=n_runs)
            shown += _some_value_has_a_direction(value_stats(encode("opt", labels), y, y))
        # the values' intervals hold together with 90%: about 10 of 100 (each alone: ~90 at 20)
        assert shown <= 20, (n_runs, n_values, shown)


def test_a_real_per_value_effect_still_shows_its_direction():
    rng = np.random.default_rng(1)
    names = [f"v{i}" for i in range(20)]
    frame = pd.DataFrame({"opt": rng.choice(names, 600)})
    frame["val_loss"] = (frame["opt"] == "v3") + rng.normal(0, 0.5, 600)
    values = {v["value"]: v for v in importance_table(frame, "val_loss").iloc[0]["values"]}
    assert values["v3"]["correlation_low"] > 0  # v3 raises the loss, for sure
