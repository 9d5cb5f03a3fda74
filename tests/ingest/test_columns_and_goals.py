"""Telling parameters from metrics and metadata, and guessing goals."""

import pandas as pd
import pytest

from hpviz.ingest import (
    UnknownColumnError,
    default_metric,
    guess_goal,
    read_source,
    split_columns,
)


def test_split_finds_metrics_parameters_and_metadata():
    frame = pd.DataFrame(
        {
            "run_id": ["a", "b"],
            "lr": [0.1, 0.01],
            "loss_weight": [1.0, 2.0],
            "optimizer": ["adam", "sgd"],
            "val_loss": [0.3, 0.2],
            "train_acc": [0.9, 0.8],
            "_runtime": [10, 11],
            "created_at": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        }
    )
    columns = split_columns(frame)
    assert columns.metrics == ["val_loss", "train_acc"]
    assert columns.params == ["lr", "loss_weight", "optimizer"]
    assert set(columns.metadata) == {"run_id", "_runtime", "created_at"}


def test_an_explicit_metric_is_a_metric_even_if_not_named_like_one():
    frame = pd.DataFrame({"lr": [1, 2], "speed": [3.0, 4.0]})
    columns = split_columns(frame, metric="speed")
    assert columns.metrics == ["speed"] and columns.params == ["lr"]


def test_unknown_metric_lists_the_metrics():
    frame = pd.DataFrame({"lr": [1, 2], "val_loss": [3.0, 4.0]})
    with pytest.raises(
        UnknownColumnError, match=r"metric 'val_los' not found; available: val_loss"
    ):
        split_columns(frame, metric="val_los")


def test_a_metric_cannot_also_be_a_parameter():
    frame = pd.DataFrame({"lr": [1, 2], "val_loss": [3.0, 4.0]})
    with pytest.raises(ValueError, match="both the metric and a parameter"):
        split_columns(frame, metric="val_loss", params=["lr", "val_loss"])


@pytest.mark.parametrize(
    "name, goal",
    [
        ("val_loss", "minimize"),
        ("test/error_rate", "minimize"),
        ("eval.perplexity", "minimize"),
        ("val_acc", "maximize"),
        ("f1_macro", "maximize"),
        ("episode_reward_mean", "maximize"),
        ("value", "minimize"),
        ("something", "minimize"),
    ],
)
def test_goal_from_name(name, goal):
    assert guess_goal(name) == goal


def test_default_metric_prefers_validation():
    assert default_metric(["train_loss", "val_loss", "val_acc"]) == "val_loss"
    assert default_metric(["train_loss", "eval/accuracy"]) == "eval/accuracy"
    assert default_metric(["train_loss"]) == "train_loss"
    assert default_metric([]) is None


def test_read_source_gives_unique_string_column_names():
    frame = pd.DataFrame([[1, 2, 3]], columns=[0, "a", "a"])
    assert list(read_source(frame).frame.columns) == ["0", "a", "a.1"]


def test_read_source_rejects_what_it_cannot_read():
    with pytest.raises(TypeError, match="runs must be a pandas DataFrame.*got int"):
        read_source(42)
    with pytest.raises(FileNotFoundError, match="no run table at"):
        read_source("/nonexistent/runs.csv")


def test_read_source_reads_csv(tmp_path):
    path = tmp_path / "runs.csv"
    pd.DataFrame({"lr": [0.1, 0.2], "val_loss": [1.0, 2.0]}).to_csv(path, index=False)
    assert list(read_source(path).frame.columns) == ["lr", "val_loss"]


def test_default_metric_prefers_names_that_read_like_metrics():
    # W&B summaries and Ray results also hold counters such as epoch
    assert default_metric(["epoch", "train_loss", "val_samples"]) == "train_loss"
    assert default_metric(["epoch", "val_samples"]) == "val_samples"


def test_nested_setting_names_are_parameters_not_metadata():
    frame = pd.DataFrame(
        {
            "optimizer.name": ["adam", "sgd"],
            "data.path": ["a", "b"],
            "name": ["run-1", "run-2"],
            "tags.run_id": ["x", "y"],
            "val_loss": [0.1, 0.2],
        }
    )
    columns = split_columns(frame)
    assert columns.params == ["optimizer.name", "data.path"]
    assert columns.metadata == ["name", "tags.run_id"]


def test_read_source_reads_every_dict_layout():
    frame = pd.DataFrame({"lr": [0.1, 0.2], "val_loss": [1.0, 2.0]})
    for layout in ("dict", "list", "records"):
        pd.testing.assert_frame_equal(read_source(frame.to_dict(layout)).frame, frame)
    single = read_source({"lr": 0.1, "model": {"depth": 4}, "val_loss": 1.0}).frame
    assert single.to_dict("records") == [{"lr": 0.1, "model.depth": 4, "val_loss": 1.0}]
