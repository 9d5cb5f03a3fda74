"""Run tables from each tracker, read by the real library where it installs here.

Optuna, MLflow (a local file store in a temp dir) and polars are the real thing. W&B and Ray
Tune need a server or a cluster, so their readers get frames and objects of the exact shape
their docs give.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import UnknownColumnError, load_runs, read_source
from tests.sweeps import make_sweep


def truth_runs(n=300, seed=0):
    """The shared sweep's columns where only ``lr`` and ``optimizer`` matter, and an irrelevant
    ``depth``: lr, optimizer, depth, loss."""
    runs = make_sweep(n, seed)
    depth = np.random.default_rng(seed).integers(1, 9, n)
    return runs["lr"].to_numpy(), runs["optimizer"].to_numpy(), depth, runs["val_loss"].to_numpy()


def top_two(table):
    return set(table["parameter"][:2])


# --- pandas, polars and other dataframes ---------------------------------------------------


def test_pandas_frame_with_dict_and_list_values_is_flattened():
    lr, optimizer, depth, loss = truth_runs(200)
    frame = pd.DataFrame(
        {
            "lr": lr,
            "model": [
                {"optimizer": o, "depth": int(d)} for o, d in zip(optimizer, depth, strict=True)
            ],
            "layers": [[64, 64] if d > 4 else [32] for d in depth],
            "val_loss": loss,
        }
    )
    loaded = load_runs(frame)
    assert loaded.columns.params == ["lr", "model.optimizer", "model.depth", "layers"]
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.loc["layers", "kind"] == "categorical"
    assert {v["value"] for v in table.loc["layers", "values"]} == {"[64, 64]", "[32]"}
    assert set(table.index[:2]) == {"lr", "model.optimizer"}


def test_polars_frame_with_struct_list_and_null_columns():
    pl = pytest.importorskip("polars")
    lr, optimizer, depth, loss = truth_runs()
    frame = pl.DataFrame(
        {
            "lr": lr,
            "model": [
                {"optimizer": o, "depth": int(d)} for o, d in zip(optimizer, depth, strict=True)
            ],
            "layers": [[1, 2] if d > 4 else [3] for d in depth],
            "dropout": [None if i % 3 == 0 else 0.1 for i in range(len(lr))],
            "val_loss": loss,
        }
    )
    table = importance_table(frame, "val_loss")
    assert list(table["parameter"])[:2] == ["lr", "model.optimizer"]
    kinds = table.set_index("parameter")["kind"]
    assert kinds["layers"] == "categorical" and kinds["model.depth"] == "numeric"

    lazy = ImportancePanel(frame.lazy()).wait()
    assert lazy.metric == "val_loss"
    assert lazy.parameters == ["lr", "model.optimizer", "model.depth", "layers", "dropout"]
    assert lazy.status == "ready"


def test_arrow_table_and_interchange_protocol_objects():
    pa = pytest.importorskip("pyarrow")
    lr, optimizer, _, loss = truth_runs(150)
    frame = pd.DataFrame({"lr": lr, "optimizer": optimizer, "val_loss": loss})
    arrow = pa.Table.from_pandas(frame)
    assert top_two(importance_table(arrow, "val_loss")) == {"lr", "optimizer"}

    class Interchange:  # anything with __dataframe__ and nothing else we know
        def __dataframe__(self, nan_as_null=False, allow_copy=True):
            return frame.__dataframe__(nan_as_null=nan_as_null, allow_copy=allow_copy)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        got = read_source(Interchange()).frame
    pd.testing.assert_frame_equal(got, frame, check_dtype=False)


def test_csv_and_parquet_paths(tmp_path):
    lr, optimizer, _, loss = truth_runs(150)
    frame = pd.DataFrame({"lr": lr, "optimizer": optimizer, "val_loss": loss})
    frame.to_csv(tmp_path / "runs.csv", index=False)
    assert top_two(importance_table(tmp_path / "runs.csv", "val_loss")) == {"lr", "optimizer"}
    pytest.importorskip("pyarrow")
    frame.to_parquet(tmp_path / "runs.parquet")
    assert top_two(importance_table(str(tmp_path / "runs.parquet"), "val_loss")) == {
        "lr",
        "optimizer",
    }


def test_list_of_nested_dicts_and_a_generator_of_them():
    lr, optimizer, depth, loss = truth_runs(150)
    runs = [
        {"optim": {"lr": a, "name": o}, "model": {"depth": int(d)}, "val_loss": y}
        for a, o, d, y in zip(lr, optimizer, depth, loss, strict=True)
    ]
    assert load_runs(runs).columns.params == ["optim.lr", "optim.name", "model.depth"]
    table = importance_table((r for r in runs), "val_loss")
    assert top_two(table) == {"optim.lr", "optim.name"}


# --- Optuna --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def study():
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    rng = np.random.default_rng(0)

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-5, 1, log=True)
        optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd"])
        depth = trial.suggest_int("depth", 1, 8)
        trial.set_user_attr("gpu", "a100")
        if trial.number % 10 == 3:
            raise optuna.TrialPruned()
        if trial.number % 10 == 7:
            raise RuntimeError("diverged")
        accuracy = 1 - (np.log10(lr) + 2.5) ** 2 / 10 - 0.3 * (optimizer == "sgd")
        return accuracy + 0.0 * depth + rng.normal(0, 0.02)

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=0))
    study.optimize(objective, n_trials=150, catch=(RuntimeError,))
    return study


def test_optuna_study_is_read_directly(study):
    loaded = load_runs(study)
    assert loaded.columns.params == ["depth", "lr", "optimizer"]
    assert loaded.columns.metrics == ["value"]
    assert "user_attrs_gpu" in loaded.columns.metadata and "number" in loaded.columns.metadata
    assert loaded.goals == {"value": "maximize"}
    assert len(loaded.frame) == 120  # 15 pruned and 15 failed trials left out
    assert loaded.notes == ("30 of 150 trials left out: not COMPLETE (15 PRUNED, 15 FAIL).",)

    table = importance_table(study, "value")
    assert list(table["parameter"])[:2] == ["lr", "optimizer"]
    assert table.attrs["goal"] == "maximize" and table.attrs["n_runs"] == 120

    panel = ImportancePanel(study).wait()
    assert (panel.metric, panel.goal, panel.n_runs) == ("value", "maximize", 120)
    assert panel.parameters == ["depth", "lr", "optimizer"]
    assert [row["parameter"] for row in panel.rows][:2] == ["lr", "optimizer"]


def test_optuna_names_given_by_the_user_are_the_shown_names(study):
    panel = ImportancePanel(study, params=["lr", "depth"]).wait()
    assert panel.parameters == ["lr", "depth"]
    table = importance_table(study, "value", params=["lr"])
    assert list(table["parameter"]) == ["lr"]
    with pytest.raises(UnknownColumnError, match="the source's 'params_lr' is called 'lr'"):
        importance_table(study, "value", params=["params_lr"])


def test_optuna_trials_dataframe_and_its_csv(study, tmp_path):
    frame = study.trials_dataframe()
    loaded = load_runs(frame)
    assert loaded.columns.params == ["depth", "lr", "optimizer"]
    assert loaded.columns.metrics == ["value"]
    assert len(loaded.frame) == 120
    # the frame does not carry the study's direction: whatever goal it gets is a guess (the
    # values lean the wrong way here: the two optimizers' accuracies make two heaps)
    assert "value" in loaded.guessed_goals
    assert list(importance_table(frame, "value")["parameter"])[:2] == ["lr", "optimizer"]

    multi = load_runs(study.trials_dataframe(multi_index=True))
    assert multi.columns.params == ["depth", "lr", "optimizer"]

    frame.to_csv(tmp_path / "trials.csv", index=False)
    from_csv = load_runs(tmp_path / "trials.csv")
    assert from_csv.columns.params == ["depth", "lr", "optimizer"]
    assert "datetime_start" in from_csv.columns.metadata
    assert len(from_csv.frame) == 120


def test_optuna_multi_objective_with_named_metrics():
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    rng = np.random.default_rng(1)

    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        y = trial.suggest_float("y", 0, 1)
        return x + rng.normal(0, 0.01), y + rng.normal(0, 0.01)

    study = optuna.create_study(
        directions=["minimize", "maximize"], sampler=optuna.samplers.RandomSampler(seed=1)
    )
    study.optimize(objective, n_trials=60)
    unnamed = load_runs(study)
    assert unnamed.columns.metrics == ["values_0", "values_1"]
    assert unnamed.goals == {"values_0": "minimize", "values_1": "maximize"}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # set_metric_names is experimental
        study.set_metric_names(["latency", "accuracy"])
    loaded = load_runs(study)
    assert loaded.columns.metrics == ["latency", "accuracy"]
    assert loaded.goals == {"latency": "minimize", "accuracy": "maximize"}
    table = importance_table(study, "accuracy")
    assert table.attrs["goal"] == "maximize"
    assert table.iloc[0]["parameter"] == "y"
    assert importance_table(study, "latency").attrs["goal"] == "minimize"

    unnamed_panel = ImportancePanel(study, metric="latency")
    assert unnamed_panel.goal == "minimize"
    unnamed_panel.metric = "accuracy"
    assert unnamed_panel.goal == "maximize"  # each objective keeps the study's direction


def test_optuna_study_without_trials_is_a_calm_empty_panel():
    optuna = pytest.importorskip("optuna")
    panel = ImportancePanel(optuna.create_study(direction="maximize")).wait()
    assert (panel.metric, panel.goal, panel.n_runs) == ("value", "maximize", 0)
    assert panel.status == "empty"


# --- MLflow --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mlflow_runs(tmp_path_factory):
    mlflow = pytest.importorskip("mlflow")
    store = tmp_path_factory.mktemp("mlruns")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 asks to opt in
        mlflow.set_tracking_uri(store.as_uri())
        mlflow.set_experiment("sweep")
        lr, optimizer, depth, loss = truth_runs(60, seed=3)
        for i, (a, o, d, y) in enumerate(zip(lr, optimizer, depth, loss, strict=True)):
            with mlflow.start_run():
                mlflow.log_params(
                    {
                        "lr": float(a),
                        "optimizer": o,
                        "model.depth": int(d),
                        "use_bn": bool(i % 2),
                        "dropout": None if i % 4 == 0 else 0.1 * (i % 3),
                        "layers": [64, 64] if i % 2 else [32],
                    }
                )
                mlflow.log_metrics({"val_loss": float(y), "train.loss": float(y) / 2})
                mlflow.set_tag("team", "vision")
        frame = mlflow.search_runs(experiment_names=["sweep"])
        mlflow.set_tracking_uri(None)
    return frame


def test_mlflow_search_runs_frame(mlflow_runs):
    assert "params.model.depth" in mlflow_runs.columns  # what MLflow itself gives
    loaded = load_runs(mlflow_runs)
    assert set(loaded.columns.params) == {
        "lr",
        "optimizer",
        "model.depth",
        "use_bn",
        "dropout",
        "layers",
    }
    assert set(loaded.columns.metrics) == {"val_loss", "train.loss"}
    assert "tags.team" in loaded.columns.metadata and "run_id" in loaded.columns.metadata
    frame = loaded.frame
    assert pd.api.types.is_numeric_dtype(frame["lr"])
    assert pd.api.types.is_numeric_dtype(frame["model.depth"])
    assert set(frame["use_bn"]) == {True, False}
    assert frame["dropout"].isna().sum() == 15  # logged None

    table = importance_table(mlflow_runs, "val_loss").set_index("parameter")
    assert table.loc["use_bn", "kind"] == "boolean"
    assert table.loc["model.depth", "kind"] == "numeric"
    assert table.loc["layers", "kind"] == "categorical"
    assert set(table.index[:2]) == {"lr", "optimizer"}

    panel = ImportancePanel(mlflow_runs).wait()
    assert panel.metric == "val_loss" and panel.goal == "minimize"
    assert set(panel.metrics) == {"val_loss", "train.loss"}


def test_mlflow_names_given_by_the_user_are_the_shown_names(mlflow_runs):
    table = importance_table(mlflow_runs, "train.loss", params=["lr", "model.depth"])
    assert set(table["parameter"]) == {"lr", "model.depth"}
    with pytest.raises(UnknownColumnError, match="'metrics.val_loss' is called 'val_loss'"):
        importance_table(mlflow_runs, "metrics.val_loss")


def test_mlflow_text_params_of_the_exact_shape():
    frame = pd.DataFrame(
        {
            "run_id": ["a", "b", "c", "d"],
            "status": ["FINISHED"] * 4,
            "metrics.accuracy": [0.9, 0.8, 0.7, 0.6],
            "params.lr": ["0.1", "1e-05", "None", "0.3"],
            "params.flag": ["True", "False", "True", "None"],
            "params.act": ["relu", "None", "tanh", "relu"],
            "params.metrics.x": ["1", "2", "3", "4"],  # a key that itself has a dot
            "tags.mlflow.runName": ["r1", "r2", "r3", "r4"],
        }
    )
    loaded = load_runs(frame, metric="accuracy", params=["lr", "flag", "act", "metrics.x"])
    assert loaded.frame["lr"].tolist()[:2] == [0.1, 1e-05] and np.isnan(loaded.frame["lr"][2])
    assert loaded.frame["flag"].tolist()[:3] == [True, False, True]
    assert pd.isna(loaded.frame["flag"][3])
    assert loaded.frame["act"].isna().tolist() == [False, True, False, False]
    assert set(loaded.frame["act"].dropna()) == {"relu", "tanh"}
    assert loaded.frame["metrics.x"].tolist() == [1, 2, 3, 4]


# --- Ray Tune ------------------------------------------------------------------------------


def ray_frame(n=200):
    """``ResultGrid.get_dataframe()``: last results, Ray's own columns, config under config/."""
    lr, optimizer, depth, loss = truth_runs(n, seed=4)
    return pd.DataFrame(
        {
            "loss": loss,
            "accuracy": 1 - loss / 5,
            "timestamp": np.arange(n) + 1_700_000_000,
            "checkpoint_dir_name": [None] * n,
            "done": True,
            "training_iteration": 10,
            "trial_id": [f"{i:05d}_{i:05x}" for i in range(n)],
            "date": [f"2024-05-01_12-00-{i % 60:02d}" for i in range(n)],
            "time_this_iter_s": np.random.default_rng(0).uniform(0.1, 0.2, n),
            "time_total_s": np.random.default_rng(1).uniform(1, 2, n),
            "pid": 4242,
            "hostname": "node-1",
            "node_ip": "127.0.0.1",
            "time_since_restore": np.random.default_rng(1).uniform(1, 2, n),
            "iterations_since_restore": 10,
            "config/lr": lr,
            "config/model/optimizer": optimizer,
            "config/model/depth": depth,
            "config/layers": [[64, 64] if d > 4 else [32] for d in depth],
            "logdir": [f"trial_{i}" for i in range(n)],
        }
    )


def test_ray_tune_result_grid_frame():
    frame = ray_frame()
    loaded = load_runs(frame)
    assert loaded.columns.params == ["lr", "model.optimizer", "model.depth", "layers"]
    assert loaded.columns.metrics == ["loss", "accuracy"]
    for auto in ("training_iteration", "time_total_s", "trial_id", "hostname", "pid"):
        assert auto in loaded.columns.metadata

    panel = ImportancePanel(frame).wait()
    assert panel.metric == "loss" and panel.goal == "minimize"
    assert {row["parameter"] for row in panel.rows[:2]} == {"lr", "model.optimizer"}
    table = importance_table(frame, "accuracy", params=["lr", "model.depth"])
    assert list(table["parameter"]) == ["lr", "model.depth"]
    assert table.attrs["goal"] == "maximize"


# --- Weights & Biases ----------------------------------------------------------------------


class Summary:
    """Like ``wandb.apis.public`` HTTPSummary: a mapping whose plain dict is ``_json_dict``."""

    def __init__(self, values):
        self._json_dict = values

    def __getitem__(self, key):
        return self._json_dict[key]

    def keys(self):
        return self._json_dict.keys()


class Run:
    """The parts of ``wandb.apis.public.Run`` hpviz reads."""

    def __init__(self, name, config, summary):
        self.name, self.config, self.summary = name, config, Summary(summary)


class Runs:
    """Like ``wandb.Api().runs(path)``: a lazy iterable of runs."""

    __module__ = "wandb.apis.public.runs"

    def __init__(self, runs):
        self._runs = runs

    def __iter__(self):
        return iter(self._runs)


def wandb_runs(n=200):
    lr, optimizer, depth, loss = truth_runs(n, seed=5)
    runs = []
    for i, (a, o, d, y) in enumerate(zip(lr, optimizer, depth, loss, strict=True)):
        config = {
            "learning_rate": a,
            "optimizer": {"name": o, "momentum": 0.9},
            "epochs": 10,
            "layers": [64, 64] if d > 4 else [32],
            "_wandb": {"cli_version": "0.17.0"},
        }
        summary = {
            "val_loss": y,
            "val/acc": 1 - y / 5,
            "epochs": 10,
            "best_model": "model.pt",
            "_runtime": 120 + i,
            "_step": 99,
            "_timestamp": 1.7e9 + i,
            "_wandb": {"runtime": 120},
            "examples": {"_type": "table-file", "path": "media/table.json"},
        }
        runs.append(Run(f"run-{i}", config, summary))
    return runs


def check_wandb(loaded):
    assert loaded.columns.params == [
        "learning_rate",
        "optimizer.name",
        "optimizer.momentum",
        "epochs",
        "layers",
    ]
    assert loaded.columns.metrics == ["val_loss", "val/acc", "summary.epochs"]
    assert "name" in loaded.columns.metadata and "best_model" in loaded.columns.metadata
    assert not any(c.startswith("_") for c in loaded.frame.columns)
    assert "examples" not in loaded.frame.columns


def test_wandb_runs_from_the_public_api():
    runs = Runs(wandb_runs())
    check_wandb(load_runs(runs))
    panel = ImportancePanel(Runs(wandb_runs())).wait()
    assert panel.metric == "val_loss"
    assert {row["parameter"] for row in panel.rows[:2]} == {"learning_rate", "optimizer.name"}
    check_wandb(load_runs(wandb_runs()))  # a plain list of runs, by duck typing


def test_wandb_export_frame_of_config_and_summary_dicts():
    runs = wandb_runs()
    frame = pd.DataFrame(
        {
            "summary": [r.summary._json_dict for r in runs],
            "config": [{k: v for k, v in r.config.items() if not k.startswith("_")} for r in runs],
            "name": [r.name for r in runs],
        }
    )
    check_wandb(load_runs(frame))
    table = importance_table(frame, "val/acc")
    assert table.attrs["goal"] == "maximize"
    assert top_two(table) == {"learning_rate", "optimizer.name"}


def test_csv_files_separated_by_semicolons_tabs_or_bars(tmp_path):
    rows = [("lr", "batch_size", "val_loss"), ("0.001", "32", "0.52"), ("0.01", "64", "0.41")]
    for sep in (";", "\t", "|"):
        path = tmp_path / f"runs{len(sep)}{ord(sep)}.csv"
        path.write_text("\n".join(sep.join(row) for row in rows) + "\n")
        frame = read_source(str(path)).frame
        assert list(frame.columns) == ["lr", "batch_size", "val_loss"], sep
        assert frame["val_loss"].tolist() == [0.52, 0.41]
    # a spreadsheet's CSV where the comma is the decimal mark
    (tmp_path / "decimal.csv").write_text("lr;val_loss;\n0,001;0,52;\n0,01;0,41;\n")
    frame = read_source(str(tmp_path / "decimal.csv")).frame
    assert frame["lr"].tolist() == [0.001, 0.01] and frame["val_loss"].tolist() == [0.52, 0.41]
    # a comma's CSV stays one, whatever its quoted values hold
    (tmp_path / "quoted.csv").write_text('lr,notes\n0.1,"a;b;c|d"\n0.2,"e;f"\n')
    frame = read_source(str(tmp_path / "quoted.csv")).frame
    assert list(frame.columns) == ["lr", "notes"] and frame["notes"][0] == "a;b;c|d"
