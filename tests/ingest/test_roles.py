"""Column roles read as a careful person would: names, the source's split and the data; the
default metric; the user's word; numeric text in every source; identifiers at any size."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import column_roles, load_runs, pick_metric
from hpviz.ingest.trackers.mlflow import is_mlflow_ui

FIXTURES = Path(__file__).parents[1] / "fixtures"


def roles_of(runs, **options) -> dict[str, str]:
    table = column_roles(runs, **options)
    return dict(zip(table["column"], table["role"], strict=True))


# --- a column's role does not depend on where it stands -------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.csv"))),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_columns_role_does_not_depend_on_the_column_order(name, seed):
    frame = pd.read_csv(FIXTURES / name)
    order = np.random.default_rng(seed).permutation(frame.shape[1])
    shuffled = frame.iloc[:, order]
    if is_mlflow_ui(frame.columns):
        # the one layout whose order is a mark (its params and metrics each sorted): out of
        # the UI's order it is read by names and values, whatever the order
        assert roles_of(shuffled) == roles_of(frame.iloc[:, ::-1])
    else:
        assert roles_of(shuffled) == roles_of(frame)


def _both(values):
    """Each of ``values`` at least once, in a random order (so no column is constant)."""
    return lambda rng, n: rng.permutation(np.resize(np.asarray(values), n))


NAMED_COLUMNS = {
    "lr": lambda rng, n: 10 ** rng.uniform(-5, -1, n),
    "train.lr.init_value": lambda rng, n: 10 ** rng.uniform(-5, -1, n),
    "trainer.mixed_precision": _both([True, False]),
    "env.is_global_time": _both([True, False]),
    "viewer.distance": _both([2.0, 4.0]),
    "optimizer": _both(["adam", "sgd"]),
    "output_dir": lambda rng, n: [f"/runs/{i}/out" for i in range(n)],
    "epoch": lambda rng, n: rng.integers(1, 50, n),
    "trainer/global_step": lambda rng, n: rng.integers(100, 5000, n),
    "fold/convergence_epoch": lambda rng, n: rng.integers(1, 50, n),
    "best_epoch": lambda rng, n: rng.integers(1, 50, n),
    "Episode_Reward/joint_limit": lambda rng, n: rng.normal(size=n),
    "grad_l1_diff": lambda rng, n: rng.uniform(size=n),
    "weight_magnitude": lambda rng, n: rng.uniform(size=n),
    "RMSPE": lambda rng, n: rng.uniform(size=n),
    "MSE_train": lambda rng, n: rng.uniform(size=n),
    "val_loss": lambda rng, n: rng.uniform(size=n),
    "Unnamed: 0": lambda rng, n: np.arange(n),
    "Created": lambda rng, n: [f"2024-01-01T00:00:{i:02d}" for i in range(n)],
    "max_memory_mb": _both([8000, 16000]),
    "quant_model_mb": lambda rng, n: rng.uniform(1, 3, n),
    "Loss/learning_rate": lambda rng, n: rng.uniform(size=n),
    "train/samples_per_second": lambda rng, n: rng.uniform(100, 200, n),
    "num_batches_seen": lambda rng, n: rng.integers(1000, 9000, n),
    "max_tokens_seen": _both([10**6, 10**7]),
    "mlflow.source.name": _both(["file:///src#main", "file:///src#register"]),
    "sensitivity": lambda rng, n: rng.uniform(0.8, 1, n),
    "val_correct": lambda rng, n: rng.integers(700, 830, n),
    "train_samples_used": lambda rng, n: rng.integers(300, 3400, n),
    "env_runners/sampler_perf/mean_env_wait_ms": lambda rng, n: rng.uniform(50, 90, n),
    "env_runners/num_episodes": lambda rng, n: rng.integers(20, 40, n),
    "num_params": lambda rng, n: rng.integers(10**5, 10**6, n),
}
EXPECTED_ROLES = {
    "lr": "parameter",
    "train.lr.init_value": "parameter",  # a config path, whatever its last word
    "trainer.mixed_precision": "parameter",
    "env.is_global_time": "parameter",
    "viewer.distance": "parameter",
    "optimizer": "parameter",
    "output_dir": "identifier",
    "epoch": "outcome",
    "trainer/global_step": "outcome",
    "fold/convergence_epoch": "outcome",
    "best_epoch": "outcome",
    "Episode_Reward/joint_limit": "metric",
    "grad_l1_diff": "metric",
    "weight_magnitude": "metric",
    "RMSPE": "metric",
    "MSE_train": "metric",
    "val_loss": "metric",
    "Unnamed: 0": "index",
    "Created": "metadata",
    "max_memory_mb": "parameter",  # a cap set before the run
    "quant_model_mb": "outcome",  # a size the run measured
    "Loss/learning_rate": "outcome",  # a schedule's current value
    "train/samples_per_second": "outcome",
    "num_batches_seen": "outcome",  # a count the run reached
    "max_tokens_seen": "parameter",  # a cap on it
    "mlflow.source.name": "metadata",  # MLflow's own tag, though dotted like a config path
    "sensitivity": "metric",  # of a diagnostic test, as a W&B summary had it
    "val_correct": "outcome",  # how many validation samples it got right: a count
    "train_samples_used": "outcome",
    "env_runners/sampler_perf/mean_env_wait_ms": "outcome",  # RLlib's timing, nested
    "env_runners/num_episodes": "outcome",
    "num_params": "outcome",  # the size of the model the settings built
}


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.sampled_from(sorted(NAMED_COLUMNS)), min_size=1, unique=True),
    n=st.integers(5, 40),
    seed=st.integers(0, 1000),
    data=st.data(),
)
def test_each_kind_of_name_gets_its_role_in_any_company_and_order(names, n, seed, data):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({name: NAMED_COLUMNS[name](rng, n) for name in names})
    order = data.draw(st.permutations(names))
    got = roles_of(frame[order])
    assert got == {name: EXPECTED_ROLES[name] for name in names}


def test_a_random_search_over_a_few_choices_is_not_taken_for_a_grid():
    """Four two-way choices drawn per run meet most of their 16 combinations in 20 runs, as a
    grid would: by chance, so a learning rate drawn per run beside them stays a setting."""
    rng = np.random.default_rng(0)
    n = 20

    def both(values):
        return rng.permutation(np.resize(np.asarray(values, dtype=object), n))

    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-5, -1, n),
            "optimizer": both(["adam", "sgd"]),
            "amp": both([True, False]),
            "warmup": both([0, 500]),
            "scheduler": both(["cosine", "step"]),
        }
    )
    frame["val_loss"] = (np.log10(frame["lr"]) + 3) ** 2 + rng.normal(0, 0.5, n)
    assert len(frame.drop(columns=["lr", "val_loss"]).drop_duplicates()) >= 13  # 80 % of 16
    assert roles_of(frame)["lr"] == "parameter"
    assert importance_table(frame, "val_loss")["parameter"].iat[0] == "lr"


def test_a_setting_drawn_per_run_is_not_a_result_for_differing_among_chance_repeats():
    """24 runs over three two-way choices share their 8 combinations as any draw would; a
    learning rate drawn per run differs between them, as a setting drawn per run does. (This
    draw is clumpier than the evenly-spread check allows, as 1 draw in about 1000 is.)"""
    rng = np.random.default_rng(1694)
    n = 24
    lr = 10 ** rng.uniform(-5, -1, n)

    def both(values):
        return rng.permutation(np.resize(np.asarray(values, dtype=object), n))

    frame = pd.DataFrame(
        {
            "lr": lr,
            "optimizer": both(["adam", "sgd"]),
            "amp": both([True, False]),
            "warmup": both([0, 500]),
        }
    )
    frame["val_loss"] = (np.log10(frame["lr"]) + 3) ** 2 + rng.normal(0, 0.5, n)
    assert roles_of(frame)["lr"] == "parameter"
    assert importance_table(frame, "val_loss")["parameter"].iat[0] == "lr"


# --- the default metric --------------------------------------------------------------------


def test_default_metric_is_the_one_a_person_would_pick():
    rng = np.random.default_rng(0)
    n = 30
    tests = {f"test_precision-camera{i}": rng.uniform(size=n) for i in range(40)}
    frame = pd.DataFrame({**tests, "val_acc": rng.uniform(size=n), "val_loss": rng.uniform(size=n)})
    metric, note = pick_metric(frame, list(frame.columns))
    assert metric == "val_acc"
    assert note.startswith("Showing val_acc, one of 2 validation metrics (val_acc, val_loss)")

    rllib = pd.DataFrame(
        {name: rng.uniform(size=n) for name in ["episode_reward_max", "episode_reward_mean"]}
    )
    assert pick_metric(rllib, list(rllib.columns))[0] == "episode_reward_mean"

    order = pd.DataFrame({name: rng.uniform(size=n) for name in ["train_loss", "test_loss"]})
    assert pick_metric(order, list(order.columns))[0] == "test_loss"

    # a headline metric before one of a class or a part, wherever it stands
    names = ["val_precision_fraud", "val_recall_fraud", "val_roc_auc", "val_f1_fraud"]
    per_class = pd.DataFrame({name: rng.uniform(size=n) for name in names})
    metric, note = pick_metric(per_class, names)
    assert metric == "val_roc_auc"
    assert note.startswith("Showing val_roc_auc, one of 4 validation metrics")


def test_booleans_and_constants_are_never_the_default_metric():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "val_success": rng.integers(0, 2, 20).astype(bool),
            "val_acc": 0.5,
            "train_loss": rng.uniform(size=20),
        }
    )
    assert pick_metric(frame, list(frame.columns))[0] == "train_loss"
    panel = ImportancePanel(frame.assign(lr=rng.uniform(size=20))).wait()
    assert panel.metric == "train_loss" and panel.status == "ready"


def test_optunas_objective_is_the_default_even_among_named_metrics():
    frame = pd.DataFrame(
        {
            "number": range(6),
            "value": [0.1, 0.3, 0.2, 0.5, 0.4, 0.6],
            "params_lr": [0.1, 0.01, 0.001, 0.1, 0.01, 0.001],
            "user_attrs_val_loss": [1, 2, 3, 4, 5, 6],
            "state": "COMPLETE",
        }
    )
    assert load_runs(frame).metric == "value"


# --- the user's word ----------------------------------------------------------------------


def test_params_metrics_and_ignore_must_be_lists_of_names():
    frame = pd.DataFrame({"lr": [0.1, 0.2, 0.3], "val_loss": [1.0, 2.0, 3.0]})
    with pytest.raises(TypeError, match=r"params must be a list of column names, not a string"):
        importance_table(frame, "val_loss", params="lr")
    with pytest.raises(TypeError, match=r"params=\['lr'\]"):
        load_runs(frame, params="lr")
    with pytest.raises(TypeError, match="params must be a list of column names, not a dict"):
        importance_table(frame, "val_loss", params={})
    with pytest.raises(TypeError, match="ignore must be a list of column names, not a string"):
        ImportancePanel(frame, ignore="lr")
    with pytest.raises(KeyError, match="column to ignore 'l' not found; available: lr"):
        load_runs(frame, ignore=["l"])


def test_a_parameter_seen_only_in_left_out_trials_is_empty_not_constant():
    path = FIXTURES / "optuna_trials.csv"
    table = importance_table(path, "value")
    assert "x2" not in set(table["parameter"])
    assert (table["kind"] != "constant").all() or "x2" not in set(table["parameter"])
    with pytest.raises(ValueError) as caught:
        importance_table(path, "value", params=["lr", "x2"])
    message = str(caught.value)
    assert message.startswith("parameter 'x2' has no value in any of the 10 analysed runs")
    assert "4 trials left out: not COMPLETE" in message
    assert "lr, n_layers, n_units_l0, n_units_l1, optimizer" in message
    included = importance_table(path, "value", params=["lr", "x2"], unfinished="include")
    assert set(included["parameter"]) == {"lr", "x2"}


def test_a_role_set_by_the_user_survives_update_and_append():
    rng = np.random.default_rng(3)

    def runs(n, start=0):
        frame = pd.DataFrame(
            {
                "lr": rng.uniform(size=n),
                "seed": np.arange(start, start + n),
                "epoch": rng.integers(1, 9, n),
                "val_loss": rng.uniform(size=n),
            }
        )
        return frame

    panel = ImportancePanel(runs(30), ignore=["seed"], params=["lr", "epoch"]).wait()
    assert panel.parameters == ["lr", "epoch"]
    assert panel.columns.set_index("column").loc["seed", "role"] == "ignored"
    panel.append(runs(10, 30)).wait()
    assert panel.parameters == ["lr", "epoch"] and panel.n_runs == 40
    panel.update(runs(20)).wait()
    roles = panel.columns.set_index("column")["role"]
    assert roles["seed"] == "ignored" and roles["epoch"] == "parameter"
    assert panel.parameters == ["lr", "epoch"]


# --- identifiers at any size --------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 8, 5000])
def test_a_distinct_path_name_or_id_per_run_is_an_identifier_at_any_size(n):
    rng = np.random.default_rng(n)
    frame = pd.DataFrame(
        {
            "lr": rng.uniform(size=n),
            "output_dir": [f"/scratch/sweep/run-{i}/out" for i in range(n)],
            "ckpt": [f"model-{i}.pt" for i in range(n)],
            "config_hash": [f"{h:012x}" for h in rng.integers(2**40, 2**47, n)],
            "optimizer": rng.choice(
                ["adam", "sgd", "rmsprop", "adagrad", "lion"], n, replace=n > 5
            ),
        }
    )
    frame["val_loss"] = frame["lr"] + rng.normal(0, 0.1, n)
    roles = roles_of(frame)
    assert roles["output_dir"] == roles["ckpt"] == roles["config_hash"] == "identifier"
    assert roles["optimizer"] == "parameter"  # five optimizers in five runs: still a setting
    assert set(load_runs(frame).columns.params) == {"lr", "optimizer"}


# --- numeric text, whatever the source ------------------------------------------------------


def test_numeric_text_is_typed_in_pandas_polars_csv_and_records(tmp_path):
    pl = pytest.importorskip("polars")
    path = FIXTURES / "wandb_ui_export.csv"
    as_text = pl.read_csv(path, infer_schema_length=0)  # every column text, as some reads give
    loaded = load_runs(as_text)
    assert roles_of(as_text) == roles_of(path)
    assert pd.api.types.is_numeric_dtype(loaded.frame["val/loss"])
    assert pd.api.types.is_integer_dtype(loaded.frame["batch_size"])
    from_pandas = load_runs(path).frame
    assert loaded.frame["model.dropout"].isna().sum() == from_pandas["model.dropout"].isna().sum()
    assert loaded.frame["model.dropout"].isna().sum() > 0  # "" is a missing value
    assert set(loaded.frame["trainer.mixed_precision"]) == {True, False}

    records = [
        {"lr": "0.1", "f1": "", "val_loss": "0.5"},
        {"lr": "0.2", "f1": "0.7", "val_loss": "0.4"},
    ]
    frame = load_runs(records).frame
    assert frame["lr"].tolist() == [0.1, 0.2] and np.isnan(frame["f1"][0])
    assert roles_of(records) == {"lr": "parameter", "f1": "metric", "val_loss": "metric"}
    columns = {"lr": ["0.1", "0.2", "0.3"], "val_loss": ["1", "-", "3"]}
    assert load_runs(columns).frame["val_loss"].isna().tolist() == [False, True, False]


# --- lost data and clear errors (issue 11) ------------------------------------------------


def test_a_flat_key_and_a_nested_path_of_the_same_name_keep_both_values():
    runs = [{"model.depth": 1, "model": {"depth": 2}, "val_loss": 0.1}] * 2
    loaded = load_runs(runs)
    assert loaded.frame[["model.depth", "model.depth.1"]].iloc[0].tolist() == [1, 2]
    assert any("'model.depth' is both a key and a nested path" in n for n in loaded.notes)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("broken.csv", b'lr,val_loss\n0.1,0.5\n0.2,0.4,9,9\n"x', "as CSV: "),
        ("latin.csv", "lr,opt\n0.1,caf\xe9\n".encode("latin-1"), "it is not UTF-8 text (byte 0xe9"),
        ("plain.csv.gz", b"lr,val_loss\n0.1,0.5\n", "it is not gzip-compressed"),
        ("fake.parquet", b"lr,val_loss\n0.1,0.5\n", "as Parquet: "),
    ],
)
def test_a_broken_file_is_named_with_what_is_wrong(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError) as caught:
        importance_table(path, "val_loss")
    assert str(caught.value).startswith(f"cannot read {str(path)!r}")
    assert expected in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_directory_named_like_a_csv_and_a_dict_of_unequal_columns(tmp_path):
    (tmp_path / "runs.csv").mkdir()
    with pytest.raises(ValueError, match="runs.csv': it is a directory, not a file"):
        load_runs(tmp_path / "runs.csv")
    with pytest.raises(ValueError, match=r"different lengths \(lr: 3, val_loss: 2\)"):
        load_runs({"lr": [0.1, 0.2, 0.3], "val_loss": [1.0, 2.0]})


def test_lone_surrogates_in_names_and_values_do_not_break_the_table():
    rng = np.random.default_rng(6)
    runs = [
        {"lr\ud800": float(x), "opt": ["a\udc00", "b"][i % 2], "val_loss": float(x)}
        for i, x in enumerate(rng.uniform(size=30))
    ]
    table = importance_table(runs, "val_loss")
    assert set(table["parameter"]) == {"lr\\ud800", "opt"}
    assert any("lone surrogates" in note for note in table.attrs["notes"])
    panel = ImportancePanel(runs).wait()
    assert panel.status == "ready" and panel.rows[0]["parameter"] == "lr\\ud800"


def test_a_grid_among_some_random_choices_does_not_make_a_drawn_lr_a_result():
    # found by the property test above (CI profile): two of the random two-way choices met a
    # cell per run by chance once the others were left out; only a column that follows from
    # one of the grid's settings may be left out when looking for the grid
    names = [
        "val_loss", "optimizer", "Created", "Episode_Reward/joint_limit", "env.is_global_time",
        "trainer.mixed_precision", "Loss/learning_rate", "num_batches_seen", "quant_model_mb",
        "max_memory_mb", "MSE_train", "best_epoch", "lr", "max_tokens_seen",
    ]  # fmt: skip
    rng = np.random.default_rng(16)
    frame = pd.DataFrame({name: NAMED_COLUMNS[name](rng, 16) for name in names})
    assert roles_of(frame) == {name: EXPECTED_ROLES[name] for name in names}
