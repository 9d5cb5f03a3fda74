"""Bad run tables: a clear message or a calm empty state, never a deep traceback, nothing lost.

Each test asserts what the user sees: the message, the counts, the kinds and the ranking,
through ``importance_table`` and through the panel's traits.
"""

import time

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import UnknownColumnError, load_runs


def sweep(n=120, seed=0):
    """``lr`` drives ``val_loss``; ``noise`` does not."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"lr": rng.uniform(0, 1, n), "noise": rng.uniform(0, 1, n)})
    frame["val_loss"] = 3 * frame["lr"] + rng.normal(0, 0.1, n)
    return frame


def panel_of(runs, **kwargs):
    return ImportancePanel(runs, **kwargs).wait()


# --- empty and tiny tables ------------------------------------------------------------------


def test_no_rows_is_a_calm_empty_state():
    frame = pd.DataFrame({"lr": [], "optimizer": [], "val_loss": []})
    table = importance_table(frame, "val_loss")
    assert list(table["importance"]) == [0.0, 0.0]
    assert table.attrs["reason"] == "No runs have a value for val_loss."
    panel = panel_of(frame)
    assert (panel.metric, panel.status, panel.n_runs) == ("val_loss", "empty", 0)
    assert panel.message == "No runs have a value for val_loss."


def test_no_columns_at_all_says_the_table_is_empty():
    for runs in ([], pd.DataFrame()):
        with pytest.raises(ValueError, match="the run table is empty: it has no runs"):
            ImportancePanel(runs)
        with pytest.raises(ValueError, match="the run table is empty"):
            importance_table(runs, "val_loss")


def test_one_run_is_a_calm_empty_state():
    panel = panel_of([{"lr": 0.1, "optimizer": "adam", "val_loss": 0.3}])
    assert (panel.status, panel.n_runs) == ("empty", 1)
    assert panel.message == "Only 1 run has a value for val_loss; importance needs at least 2."
    assert panel.parameters == ["lr", "optimizer"]
    single = panel_of({"lr": 0.1, "val_loss": 0.3})  # one run's dict, not a dict of columns
    assert (single.status, single.n_runs) == ("empty", 1)


def test_metric_all_nan_says_no_run_has_a_value():
    runs = [{"lr": i / 10, "val_loss": None} for i in range(8)]
    panel = panel_of(runs)
    assert (panel.metric, panel.status) == ("val_loss", "empty")
    assert panel.message == "No runs have a value for val_loss."
    assert (panel.n_runs, panel.n_excluded) == (0, 8)
    assert all(row["importance"] == 0 for row in panel.rows)


def test_constant_metric_gives_zero_importance_and_says_why():
    frame = sweep().assign(val_loss=0.25)
    table = importance_table(frame, "val_loss")
    assert (table["importance"] == 0).all()
    panel = panel_of(frame)
    assert panel.status == "empty"
    assert (
        panel.message
        == "val_loss is constant (0.25) across all 120 runs, so no parameter can explain it."
    )


def test_infinite_and_nan_metric_values_leave_those_runs_out_and_say_how_many():
    frame = sweep()
    frame.loc[:2, "val_loss"] = [np.inf, -np.inf, np.nan]
    table = importance_table(frame, "val_loss")
    assert (table.attrs["n_runs"], table.attrs["n_excluded"]) == (117, 3)
    assert table.iloc[0]["parameter"] == "lr"
    panel = panel_of(frame)
    assert (panel.status, panel.n_runs, panel.n_excluded) == ("ready", 117, 3)
    assert "left out" not in panel.message  # the run count in the header says it once


# --- awkward values ------------------------------------------------------------------------


def test_list_values_are_categories_and_dict_values_are_flattened():
    rng = np.random.default_rng(1)
    depth = rng.integers(1, 6, 150)
    frame = pd.DataFrame(
        {
            "model": [{"depth": int(d), "act": "relu"} for d in depth],
            "layers": [[64, 64] if i % 2 else (32,) for i in range(150)],
            "val_loss": depth + rng.normal(0, 0.1, 150),
        }
    )
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert list(table.index) == ["model.depth", "layers", "model.act"]
    assert table.loc["model.depth", "kind"] == "numeric"
    assert table.loc["model.act", "kind"] == "constant"
    assert table.loc["layers", "kind"] == "categorical"
    assert {v["value"] for v in table.loc["layers", "values"]} == {"[64, 64]", "[32]"}


def test_nan_in_a_parameter_keeps_the_run():
    frame = sweep()
    frame.loc[::4, "lr"] = np.nan
    frame["optimizer"] = ["adam", "sgd", None] * 40
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.attrs["n_runs"] == 120 and table.attrs["n_excluded"] == 0
    assert table.index[0] == "lr" and table.loc["lr", "kind"] == "numeric"
    counts = {v["value"]: v["count"] for v in table.loc["optimizer", "values"]}
    assert counts == {"adam": 40, "sgd": 40, "(missing)": 40}


def test_a_setting_left_empty_in_some_runs_beside_a_conditional_one():
    """A missing value among a setting's few values is a value of its own when the role
    evidence asks whether another setting depends on it (here lion only ran at 16)."""
    rng = np.random.default_rng(5)
    n = 30
    optimizers = np.array(["adam", "sgd", "lion", "adagrad", None], dtype=object)
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-4, -1, n),
            "optimizer": rng.permutation(np.resize(optimizers, n)),
            "batch_size": rng.choice([16, 48, 64], n),
        }
    )
    frame.loc[frame["optimizer"] == "lion", "batch_size"] = 16
    frame["val_loss"] = (np.log10(frame["lr"]) + 2.5) ** 2 + rng.normal(0, 0.2, n)
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert set(table.index) == {"lr", "optimizer", "batch_size"}
    assert table.index[0] == "lr"
    counts = {v["value"]: v["count"] for v in table.loc["optimizer", "values"]}
    assert counts["(missing)"] == 6


def test_mixed_type_columns():
    frame = sweep()
    n = len(frame)
    frame["mixed"] = [1, "auto", 2.5, None] * (n // 4)  # numbers and words: categories
    frame["numeric_text"] = [str(v) if i % 2 else v for i, v in enumerate(frame["lr"])]
    frame = frame.drop(columns="lr")
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.loc["mixed", "kind"] == "categorical"
    assert {v["value"] for v in table.loc["mixed", "values"]} == {"1", "auto", "2.5", "(missing)"}
    assert table.loc["numeric_text", "kind"] == "numeric"
    assert table.index[0] == "numeric_text"
    assert table.loc["numeric_text", "correlation"] > 0.9


def test_non_string_and_duplicate_column_names():
    frame = sweep()
    frame.columns = [0, "noise", "val_loss"]
    frame["noise2"] = frame["noise"]
    frame = frame.rename(columns={"noise2": "noise"})  # two columns called "noise"
    panel = panel_of(frame)
    # both names kept; the second column, the same values as the first, is a copy of it
    assert panel.parameters == ["0", "noise"]
    roles = {r["column"]: r["role"] for r in panel.roles}
    assert roles["noise.1"] == "derived"
    assert panel.rows[0]["parameter"] == "0"
    with pytest.raises(UnknownColumnError, match="column names are text: did you mean '0'"):
        importance_table(frame, "val_loss", params=[0])


def test_datetime_parameters():
    rng = np.random.default_rng(2)
    n = 90
    cutoff = rng.choice(pd.to_datetime(["2023-01-01", "2023-07-01", "2024-01-01"]), n)
    frame = pd.DataFrame(
        {
            "data_cutoff": cutoff,  # shared by many runs: a parameter
            "created_at": pd.date_range("2024-01-01", periods=n, freq="h", tz="UTC"),
            "lr": rng.uniform(size=n),
        }
    )
    frame["val_loss"] = (frame["data_cutoff"].dt.year - 2023) + rng.normal(0, 0.1, n)
    loaded = load_runs(frame)
    assert loaded.columns.params == ["data_cutoff", "lr"]
    assert loaded.columns.metadata == ["created_at"]  # a time per run: bookkeeping
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.index[0] == "data_cutoff" and table.loc["data_cutoff", "kind"] == "numeric"
    assert table.loc["data_cutoff", "correlation"] > 0.8
    chosen = importance_table(frame, "val_loss", params=["created_at", "lr"])
    assert set(chosen["kind"]) == {"numeric"}


def test_boolean_metric():
    rng = np.random.default_rng(3)
    lr = rng.uniform(size=200)
    frame = pd.DataFrame({"lr": lr, "noise": rng.uniform(size=200), "success": lr > 0.5})
    panel = panel_of(frame)
    assert (panel.metric, panel.goal, panel.status) == ("success", "maximize", "ready")
    assert panel.rows[0]["parameter"] == "lr" and panel.rows[0]["correlation"] > 0.7
    holes = frame.assign(success=[v if i % 10 else None for i, v in enumerate(frame.success)])
    table = importance_table(holes, "success")
    assert (table.attrs["n_runs"], table.attrs["n_excluded"]) == (180, 20)
    assert table.iloc[0]["parameter"] == "lr"


def test_text_metric_says_to_choose_a_numeric_column():
    frame = sweep().assign(optimizer=["adam", "sgd"] * 60)
    with pytest.raises(TypeError, match="metric 'optimizer' has no numeric values"):
        importance_table(frame, "optimizer")
    panel = panel_of(frame, metric="optimizer")
    assert panel.status == "error"
    assert "metric 'optimizer' has no numeric values" in panel.message


def test_parameter_values_too_large_for_the_forest():
    frame = sweep()
    frame["lr"] = frame["lr"] * 1e300  # beyond float32, which the trees use
    table = importance_table(frame, "val_loss")
    assert table.iloc[0]["parameter"] == "lr"
    assert table["importance"].sum() == pytest.approx(1.0)


def test_repeated_index_labels_keep_every_run():
    frame = sweep()
    frame.index = [i // 2 for i in range(len(frame))]
    table = importance_table(frame, "val_loss")
    assert table.attrs["n_runs"] == 120 and table.iloc[0]["parameter"] == "lr"


def test_unique_string_per_run_over_20000_runs_is_an_identifier():
    rng = np.random.default_rng(4)
    n = 20_000
    frame = pd.DataFrame(
        {
            "lr": rng.uniform(size=n),
            "config_hash": [f"{h:016x}" for h in rng.integers(0, 2**62, n)],
        }
    )
    frame["val_loss"] = frame["lr"] + rng.normal(0, 0.05, n)

    start = time.perf_counter()
    loaded = load_runs(frame)
    alone = importance_table(frame, "val_loss", params=["config_hash"])
    elapsed = time.perf_counter() - start
    assert loaded.columns.params == ["lr"]  # an identifier is not a parameter (issue 12)
    assert loaded.columns.roles["config_hash"][0] == "identifier"
    assert alone.iloc[0]["kind"] == "identifier" and alone.iloc[0]["importance"] == 0
    assert elapsed < 2.0, f"reading and classifying 20 000 runs took {elapsed:.2f} s"

    table = importance_table(frame, "val_loss")
    assert list(table["parameter"]) == ["lr"]
    assert table.iloc[0]["importance"] == pytest.approx(1.0)


def test_html_in_names_and_values_arrives_verbatim():
    rng = np.random.default_rng(5)
    name = '<img src=x onerror="alert(1)">'
    values = ["<script>alert('x')</script>", "a & b <i>"]
    frame = pd.DataFrame({name: rng.uniform(size=80), "opt": rng.choice(values, 80)})
    frame["val_loss"] = frame[name] + rng.normal(0, 0.05, 80)
    panel = panel_of(frame)
    assert panel.parameters == [name, "opt"]
    assert panel.rows[0]["parameter"] == name
    opt = next(row for row in panel.rows if row["parameter"] == "opt")
    assert {v["value"] for v in opt["values"]} == set(values)
    panel.search = "<IMG"
    assert list(panel.table["parameter"]) == [name]


# --- wrong names ---------------------------------------------------------------------------


def test_wrong_metric_lists_the_metrics_and_suggests_a_close_one():
    frame = sweep().assign(val_acc=0.5, run_id="x")
    with pytest.raises(UnknownColumnError) as caught:
        importance_table(frame, "val_los")
    message = str(caught.value)
    assert message.startswith("metric 'val_los' not found; available: val_loss, val_acc;")
    assert message.endswith("did you mean 'val_loss'?")
    with pytest.raises(UnknownColumnError, match="available: val_loss, val_acc"):
        ImportancePanel(frame, metric="Val_Loss")


def test_wrong_parameter_lists_the_parameters_first():
    frame = sweep().assign(run_id="x")
    with pytest.raises(UnknownColumnError) as caught:
        importance_table(frame, "val_loss", params=["learning_rate", "lr"])
    message = str(caught.value)
    assert message.startswith(
        "parameter 'learning_rate' not found; available: lr, noise; other columns: "
    )
    assert "run_id" in message
    with pytest.raises(UnknownColumnError, match="parameter 'LR' not found.*did you mean 'lr'"):
        ImportancePanel(frame, params=["LR"])


def test_a_parameter_without_a_finite_value_is_constant_not_an_error():
    # found by the property test: only inf and NaN, next to a constant metric
    frame = pd.DataFrame({"p0": [np.inf, np.nan], "val_loss": [0.0, 0.0]})
    table = importance_table(frame, "val_loss", params=["p0"])
    assert list(table["kind"]) == ["constant"]
    assert panel_of(frame, metric="val_loss", params=["p0"]).status == "empty"
