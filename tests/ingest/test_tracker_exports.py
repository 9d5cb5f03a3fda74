"""Real trackers' export layouts: every column's role, the runs left out, the default metric and
whether the goal is a guess. The files in ``tests/fixtures`` are written by
``tests/fixtures/write_fixtures.py`` in each tracker's exact layout."""

from pathlib import Path

import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import UnknownColumnError, column_roles, load_runs

FIXTURES = Path(__file__).parents[1] / "fixtures"

W = "metadata"  # shorthands for the tables below
P, C, M, OUT, ID, X, E = (
    "parameter",
    "constant",
    "metric",
    "outcome",
    "identifier",
    "index",
    "empty",
)
# Ray Tune's own columns in every results frame (ray.tune.result), all bookkeeping.
RAY_OWN = [
    "done",
    "training_iteration",
    "trial_id",
    "time_this_iter_s",
    "time_total_s",
    "pid",
    "hostname",
    "node_ip",
    "time_since_restore",
    "iterations_since_restore",
    "logdir",
]

EXPECTED = {
    "wandb_ui_export.csv": {
        "roles": {
            **dict.fromkeys(
                ["Name", "State", "Notes", "User", "Tags", "Created", "Runtime", "Sweep"], W
            ),
            **dict.fromkeys(["batch_size", "epochs", "lr", "model.depth", "model.dropout"], P),
            **dict.fromkeys(["optimizer", "trainer.mixed_precision"], P),
            # the same values as lr in every run: a copy, shown but not fitted (fitting both
            # split lr's importance in two)
            "train.lr.init_value": "derived",
            "viewer.distance": C,
            "output_dir": ID,
            "seed": P,
            **dict.fromkeys(["best_epoch", "epoch", "lr-Adam", "trainer/global_step"], OUT),
            **dict.fromkeys(["test/acc", "train/loss", "val/acc", "val/loss"], M),
        },
        "layout": "W&B UI export",
        "runs": 9,
        "note": "3 of 12 runs left out: not finished (2 crashed, 1 running).",
        "metric": "val/acc",
        "guessed": set(),
    },
    "wandb_api_runs.csv": {
        "roles": {
            "Unnamed: 0": X,
            "Unnamed: 0.1": X,
            **dict.fromkeys(["lr", "batch_size", "weight_decay", "optimizer", "n_layers"], P),
            **dict.fromkeys(["n_units_l0", "n_units_l1"], P),
            **dict.fromkeys(["_step", "_runtime", "_timestamp", "_wandb", "name", "state"], W),
            "epoch": OUT,
            **dict.fromkeys(["val_loss", "val_accuracy", "train_loss", "best_val_accuracy"], M),
        },
        "layout": "table",
        "runs": 10,
        "note": "2 of 12 runs left out: not finished (1 failed, 1 killed).",
        "metric": "val_loss",
        "guessed": set(),
    },
    "wandb_docs_frame.csv": {
        "roles": {
            "Unnamed: 0": X,
            "lr": P,
            "model.depth": P,
            "model.act": C,
            "val/acc": M,
            "val/loss": M,
            "epoch": OUT,
            "name": W,
        },
        "layout": "W&B runs",
        "runs": 12,
        "note": None,
        "metric": "val/acc",
        "guessed": set(),
    },
    "mlflow_ui.csv": {
        "roles": {
            **dict.fromkeys(
                ["Start Time", "Duration", "Run ID", "Name", "Source Type", "Source Name"], W
            ),
            **dict.fromkeys(["User", "Status"], W),
            **dict.fromkeys(["alpha", "l1_ratio", "max_iter", "solver"], P),
            **dict.fromkeys(["MSE_train", "RMSPE", "mae", "r2", "rmse"], M),
            "team": W,  # a tag: text after the first drop in the sorted names
        },
        "layout": "MLflow UI export",
        "runs": 10,
        "note": "2 of 12 runs left out: not FINISHED (1 FAILED, 1 RUNNING).",
        "metric": "RMSPE",
        "guessed": set(),
    },
    "mlflow_ui_sorted.csv": {
        "roles": {
            **dict.fromkeys(
                ["Start Time", "Duration", "Run ID", "Name", "Source Type", "Source Name"], W
            ),
            **dict.fromkeys(["User", "Status"], W),
            **dict.fromkeys(["C", "class_weight", "gamma", "kernel"], P),
            # after the first drop in the sorted names: a metric, whatever its name says
            **dict.fromkeys(["coverage", "f1", "precision"], M),
            # after the second drop: tags, even one that differs between runs
            **dict.fromkeys(["dataset_version", "team"], W),
        },
        "layout": "MLflow UI export",
        "runs": 11,
        "note": "1 of 12 runs left out: not FINISHED (1 FAILED).",
        "metric": "f1",
        "guessed": {"coverage"},
    },
    "mlflow_search_runs.csv": {
        "roles": {
            "Unnamed: 0": X,
            **dict.fromkeys(
                ["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time"], W
            ),
            "val_loss": M,
            "train_loss": M,
            "best_epoch": OUT,
            **dict.fromkeys(["lr", "batch_size", "optimizer", "use_amp"], P),
            "output_dir": ID,
            **dict.fromkeys(
                [
                    "tags.mlflow.runName",
                    "tags.mlflow.user",
                    "tags.mlflow.source.name",
                    "tags.mlflow.source.type",
                ],
                W,
            ),
        },
        "layout": "MLflow runs",
        "runs": 9,
        "note": "3 of 12 runs left out: not FINISHED (2 FAILED, 1 KILLED).",
        "metric": "val_loss",
        "guessed": set(),
    },
    "mlflow_ui_failed_early.csv": {
        "roles": {
            **dict.fromkeys(
                ["Start Time", "Duration", "Run ID", "Name", "Source Type", "Source Name"], W
            ),
            **dict.fromkeys(["User", "Status"], W),
            # missing exactly where the metrics are, in runs that FAILED before logging
            # anything: settings all the same (they were outcomes before)
            **dict.fromkeys(["learning_rate", "max_depth", "n_estimators"], P),
            **dict.fromkeys(
                ["val_f1_fraud", "val_precision_fraud", "val_recall_fraud", "val_roc_auc"], M
            ),
        },
        "layout": "MLflow UI export",
        "runs": 10,
        "note": "2 of 12 runs left out: not FINISHED (2 FAILED).",
        "metric": "val_roc_auc",  # the headline metric, not the first per-class one
        "guessed": set(),
    },
    "mlflow_runs_flat.csv": {
        "roles": {
            **dict.fromkeys(
                ["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time"], W
            ),
            **dict.fromkeys(["val_precision_fraud", "val_roc_auc"], M),
            "train_duration_seconds": M,  # a measured cost
            **dict.fromkeys(["learning_rate", "max_depth", "subsample"], P),
            **dict.fromkeys(
                [
                    "mlflow.user",
                    "mlflow.source.name",
                    "mlflow.source.type",
                    "mlflow.source.git.commit",
                    "mlflow.runName",
                ],
                W,
            ),
        },
        "layout": "table",
        "runs": 10,
        "note": "2 of 12 runs left out: not FINISHED (2 FAILED).",
        "metric": "val_roc_auc",
        "guessed": set(),
    },
    "optuna_trials.csv": {
        "roles": {
            "Unnamed: 0": X,
            **dict.fromkeys(["number", "datetime_start", "datetime_complete", "duration"], W),
            "value": M,
            **dict.fromkeys(["lr", "n_layers", "n_units_l0", "n_units_l1", "optimizer"], P),
            "x2": E,  # suggested only in pruned trials
            **dict.fromkeys(["system_attrs_completed_rung_0", "user_attrs_gpu", "state"], W),
        },
        "layout": "Optuna trials",
        "runs": 10,
        "note": "4 of 14 trials left out: not COMPLETE (3 PRUNED, 1 FAIL).",
        "metric": "value",
        "guessed": {"value"},  # the CSV does not keep the study's direction
    },
    "ray_rllib.csv": {
        "roles": {
            "Unnamed: 0": X,
            **dict.fromkeys(
                [
                    "episode_reward_max",
                    "episode_reward_min",
                    "episode_reward_mean",
                    "episode_len_mean",
                ],
                M,
            ),
            **dict.fromkeys(
                [
                    "num_healthy_workers",
                    "num_agent_steps_sampled",
                    "num_agent_steps_trained",
                    "num_env_steps_sampled",
                    "num_env_steps_trained",
                    "agent_timesteps_total",
                    "info/learner/default_policy/learner_stats/cur_lr",
                    "info/learner/default_policy/learner_stats/total_loss",
                    "info/learner/default_policy/learner_stats/entropy",
                    "sampler_perf/mean_env_wait_ms",
                    "timers/training_iteration_time_ms",
                    "perf/cpu_util_percent",
                ],
                OUT,
            ),
            **dict.fromkeys(
                [*RAY_OWN, "episodes_this_iter", "timesteps_total", "date", "timestamp"], W
            ),
            **dict.fromkeys(["lr", "gamma", "train_batch_size", "model.fcnet_hiddens"], P),
            "env": C,
        },
        "layout": "Ray Tune results",
        "runs": 10,
        "note": "2 of 12 trials left out: not done (2 with done=False: errored or still running).",
        "metric": "episode_reward_mean",
        "guessed": {"episode_len_mean"},
    },
    "ray_tune_asha.csv": {
        "roles": {
            "Unnamed: 0": X,
            **dict.fromkeys(["val_loss", "val_accuracy"], M),
            "num_params": OUT,  # the size of the model the settings built
            "error_message": E,  # the trainable's own, never filled
            **dict.fromkeys([*RAY_OWN, "timestamp", "checkpoint_dir_name", "date"], W),
            **dict.fromkeys(["lr", "batch_size", "model.layers", "optimizer"], P),
            "collate_fn": C,  # one function, at a different address in each trial's process
        },
        "layout": "Ray Tune results",
        "runs": 12,  # done=False is no sign of an unfinished trial here (see test below)
        "note": "8 of 12 trials read done=False. Ray writes that for a trial that errored or "
        "was cut off, but also for one whose function returned normally (only a scheduler's or "
        "a stopper's stop is written as done=True): all are analysed.",
        "metric": "val_loss",
        "guessed": set(),
    },
    "ray_rllib_env_runners.csv": {
        "roles": {
            **dict.fromkeys(
                [
                    "env_runners/episode_reward_max",
                    "env_runners/episode_reward_min",
                    "env_runners/episode_reward_mean",
                    "env_runners/episode_len_mean",
                    "env_runners/episode_return_mean",
                ],
                M,
            ),
            **dict.fromkeys(
                [
                    "num_env_steps_sampled_lifetime",
                    "num_agent_steps_sampled_lifetime",
                    "env_runners/sampler_perf/mean_env_wait_ms",
                    "env_runners/num_faulty_episodes",
                    "env_runners/connector_metrics/ObsPreprocessorConnector_ms",
                    "env_runners/num_episodes",
                    "env_runners/episodes_this_iter",
                    "info/learner/default_policy/learner_stats/cur_kl_coeff",
                    "info/learner/default_policy/learner_stats/total_loss",
                    "info/learner/default_policy/num_grad_updates_lifetime",
                    "timers/training_iteration_time_ms",
                    "counters/num_env_steps_sampled",
                    "perf/cpu_util_percent",
                ],
                OUT,
            ),
            **dict.fromkeys(
                [*RAY_OWN, "env_runners/hist_stats/episode_reward", "date", "timestamp"], W
            ),
            **dict.fromkeys(["gamma", "lr", "train_batch_size", "model.fcnet_hiddens"], P),
            # one value in every trial; the function at a different address in each process
            **dict.fromkeys(
                ["_fake_gpus", "env", "policy_mapping_fn", "callbacks", "simple_optimizer"], C
            ),
            "seed": E,
        },
        "layout": "Ray Tune results",
        "runs": 10,
        "note": "2 of 12 trials left out: not done (2 with done=False: errored or still running).",
        "metric": "env_runners/episode_reward_mean",
        "guessed": {"env_runners/episode_len_mean"},
    },
    "tensorboard_hparams.csv": {
        "roles": {
            **dict.fromkeys(["num_units", "dropout", "optimizer", "lr", "batch_norm"], P),
            **dict.fromkeys(
                [
                    "train/epoch_loss",
                    "validation/epoch_accuracy",
                    "validation/epoch_loss",
                    "hp_metric",
                ],
                M,
            ),
        },
        "layout": "table",
        "runs": 12,
        "note": None,
        "metric": "validation/epoch_accuracy",
        # hp_metric equals validation/epoch_accuracy in every run (the Keras callback logs
        # it so): its goal is that accuracy's, no longer a guess
        "guessed": set(),
    },
    "sklearn_cv_results.csv": {
        "roles": {
            "Unnamed: 0": X,
            **dict.fromkeys(["C", "gamma", "kernel"], P),  # param_ dropped, as Optuna's params_
            "params": ID,  # the dict of the three, as text: one per run
            **dict.fromkeys(
                ["mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time"], M
            ),
            **{
                f"{kind}_test_{scorer}": M
                for scorer in ("neg_log_loss", "accuracy", "roc_auc")
                for kind in ("split0", "split1", "split2", "mean", "std", "rank")
            },
        },
        "layout": "table",
        "runs": 24,
        "note": None,
        "metric": "mean_test_accuracy",
        "guessed": {"std_test_accuracy", "std_test_roc_auc"},  # a spread: no direction
    },
    "optuna_padded.csv": {
        "roles": {
            **dict.fromkeys(["number", "datetime_start", "duration", "state"], W),
            "value": M,
            **dict.fromkeys(["lr", "depth", "booster"], P),
            "user_attrs_f1": M,  # a copy of value
            "user_attrs_lr": "derived",  # a copy of lr: shown, not fitted
            "user_attrs_mae": M,  # logged beside the objective: offered as a metric
        },
        "layout": "Optuna trials",
        "runs": 40,
        "note": "value is taken as to maximize: it equals user_attrs_f1 in every run.",
        "metric": "value",
        "guessed": set(),
    },
    "grid_summary.csv": {
        "roles": {
            **dict.fromkeys(["w_bits", "a_bits", "lr", "seed"], P),
            **dict.fromkeys(["val_acc", "val_loss", "rank"], M),
            **dict.fromkeys(["compression", "avg_bits"], "derived"),
        },
        "layout": "table",
        "runs": 36,
        "note": None,
        "metric": "val_acc",
        "guessed": {"rank"},
    },
    "wandb_ui_crashed.csv": {
        "roles": {
            **dict.fromkeys(
                ["Name", "State", "Notes", "User", "Tags", "Created", "Runtime", "Sweep"], W
            ),
            "_step": W,
            **dict.fromkeys(["lr", "batch_size", "dropout"], P),
            "epoch": OUT,
            **dict.fromkeys(["train/loss", "val/acc", "val/loss"], M),
        },
        "layout": "W&B UI export",
        "runs": 18,
        "note": (
            "14 runs not marked finished (14 crashed) kept: they logged their results up to "
            "the final _step of the finished runs, so they ran to the end."
        ),
        "metric": "val/acc",
        "guessed": set(),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_column_of_each_export_gets_its_role(name):
    expected = EXPECTED[name]
    loaded = load_runs(FIXTURES / name)
    roles = dict(zip(loaded.roles["column"], loaded.roles["role"], strict=True))
    assert roles == expected["roles"]
    assert all(loaded.roles["reason"].str.len() > 0)
    assert loaded.layout == expected["layout"]
    assert len(loaded.frame) == expected["runs"]
    if expected["note"]:
        assert expected["note"] in loaded.notes
    assert loaded.metric == expected["metric"]
    assert set(loaded.guessed_goals) & set(loaded.columns.metrics) == expected["guessed"]
    # the partition follows the roles
    assert set(loaded.columns.params) == {c for c, r in roles.items() if r in (P, C)}
    assert set(loaded.columns.metrics) == {c for c, r in roles.items() if r == M}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_index_bookkeeping_or_outcome_column_is_ranked(name):
    loaded = load_runs(FIXTURES / name)
    table = importance_table(FIXTURES / name, loaded.metric)
    roles = dict(zip(loaded.roles["column"], loaded.roles["role"], strict=True))
    assert {roles[p] for p in table["parameter"]} <= {P, C}
    assert len(table) == sum(r in (P, C) for r in roles.values())


def test_unfinished_runs_can_be_included_and_the_notes_say_so():
    path = FIXTURES / "wandb_ui_export.csv"
    included = load_runs(path, unfinished="include")
    assert len(included.frame) == 12
    assert (
        "3 of 12 runs did not finish (2 crashed, 1 running); kept (unfinished='include'): "
        "those with a value of the metric are analysed." in included.notes
    )
    table = importance_table(path, "val/loss", unfinished="include")
    assert table.attrs["n_runs"] == 10  # the two crashed runs have no val/loss
    with pytest.raises(ValueError, match="unfinished must be 'exclude' or 'include', not 'all'"):
        load_runs(path, unfinished="all")


def test_a_sweep_where_no_run_finished_keeps_them_all_and_says_so():
    frame = pd.read_csv(FIXTURES / "mlflow_ui.csv").assign(Status="RUNNING")
    loaded = load_runs(frame)
    assert len(loaded.frame) == 12
    assert loaded.notes[0] == "None of the 12 runs has finished (12 RUNNING): all are analysed."


def test_the_panel_shows_the_roles_and_says_the_guessed_goal_and_the_runs_left_out():
    panel = ImportancePanel(FIXTURES / "optuna_trials.csv").wait()
    assert panel.metric == "value" and panel.goal_guessed
    assert "4 of 14 trials left out: not COMPLETE (3 PRUNED, 1 FAIL)." in panel.message
    assert list(panel.columns.columns) == ["column", "role", "reason"]
    assert panel.columns.set_index("column").loc["x2", "role"] == "empty"
    assert "x2" not in panel.parameters
    panel.goal = "maximize"  # the user says it: no longer a guess
    assert not panel.goal_guessed
    assert importance_table(FIXTURES / "optuna_trials.csv", "value").attrs["goal_guessed"]
    given = importance_table(FIXTURES / "optuna_trials.csv", "value", goal="maximize")
    assert not given.attrs["goal_guessed"]


def test_column_roles_for_scripts_takes_the_users_word():
    path = FIXTURES / "wandb_ui_export.csv"
    roles = column_roles(path, ignore=["seed"], params=["lr", "optimizer", "epoch"])
    by_name = roles.set_index("column")
    assert by_name.loc["seed", "role"] == "ignored"
    assert by_name.loc["epoch", "role"] == "parameter"  # the user's word beats the guess
    assert "else: a count the run reached" in by_name.loc["epoch", "reason"]
    assert by_name.loc["batch_size", "role"] == "ignored"
    assert by_name.loc["val/loss", "role"] == "metric"


def test_ray_trials_stopped_early_or_ended_normally_are_all_analysed():
    """Ray logs done=True when a scheduler (here ASHA) stops a trial, and leaves done=False on
    a function trainable that returned normally: neither is an unfinished trial. The trials that
    ran to the end, the best ones, stay in the analysis."""
    path = FIXTURES / "ray_tune_asha.csv"
    frame = pd.read_csv(path)
    loaded = load_runs(path)
    assert len(loaded.frame) == len(frame)
    best = frame.loc[frame["val_accuracy"].idxmax()]
    assert not best["done"] and best["trial_id"] in set(loaded.frame["trial_id"])
    assert importance_table(path, "val_accuracy").attrs["n_runs"] == len(frame)


def test_a_ray_status_column_decides_which_trials_errored():
    frame = pd.read_csv(FIXTURES / "ray_tune_asha.csv")
    frame["trial_status"] = ["ERROR" if i in (2, 7) else "TERMINATED" for i in range(len(frame))]
    loaded = load_runs(frame)
    assert len(loaded.frame) == len(frame) - 2
    assert "2 of 12 trials left out: not TERMINATED (2 ERROR)." in loaded.notes
    assert len(load_runs(frame, unfinished="include").frame) == len(frame)


def test_rllib_trials_with_done_false_errored_and_are_left_out():
    """An RLlib algorithm never ends on its own: a trial Ray did not stop did not finish."""
    path = FIXTURES / "ray_rllib_env_runners.csv"
    frame = pd.read_csv(path)
    loaded = load_runs(path)
    assert set(loaded.frame["trial_id"]) == set(frame.loc[frame["done"], "trial_id"])
    assert len(load_runs(path, unfinished="include").frame) == len(frame)


def test_the_mlflow_ui_order_is_read_only_as_the_ui_writes_it():
    """Params, then metrics, each sorted: a drop in the names ends the params. Re-saved in
    another order, the file is read by names and values alone: ``coverage`` is then only
    something the runs wrote (missing where the failed run logged nothing), not a metric, and
    the tag that differs between runs is taken for a setting."""
    frame = pd.read_csv(FIXTURES / "mlflow_ui_sorted.csv")
    assert column_roles(frame).set_index("column").loc["coverage", "role"] == M
    resaved = frame[[*frame.columns[8:], *frame.columns[:8]]]
    roles = column_roles(resaved).set_index("column")["role"]
    assert roles["coverage"] == OUT and roles["dataset_version"] == P
    assert roles["f1"] == M


# --- the layouts of issue 23: what each one needs read right -------------------------------


def test_scikit_learn_scores_are_all_maximised_and_the_rank_never_ranks():
    path = FIXTURES / "sklearn_cv_results.csv"
    table = importance_table(path, "mean_test_neg_log_loss")
    assert table.attrs["goal"] == "maximize" and not table.attrs["goal_guessed"]
    assert set(table["parameter"]) == {"C", "gamma", "kernel"}  # param_ dropped
    assert importance_table(path, "rank_test_accuracy").attrs["goal"] == "minimize"


def test_a_space_padded_optuna_csv_reads_as_optuna_and_takes_the_name_the_user_types():
    path = FIXTURES / "optuna_padded.csv"
    table = importance_table(path, "value")
    assert table.attrs["goal"] == "maximize" and not table.attrs["goal_guessed"]
    assert set(table["parameter"]) == {"lr", "depth", "booster"}  # user_attrs_lr not split off
    assert table["parameter"].iat[0] == "lr"
    with pytest.raises(UnknownColumnError, match=r"available: value, user_attrs_f1, "):
        importance_table(path, "valeu")


def test_a_hand_made_grid_summarys_rank_and_derived_columns_are_not_fitted():
    path = FIXTURES / "grid_summary.csv"
    table = importance_table(path, "val_acc")
    assert set(table["parameter"]) == {"w_bits", "a_bits", "lr", "seed"}
    assert table["parameter"].iat[0] == "w_bits"
    roles = column_roles(path).set_index("column")["reason"]
    assert roles["compression"].startswith("a function of a_bits and w_bits")
    assert roles["rank"].startswith("tracks val_acc (Spearman ρ = -1.00")


def test_crashed_runs_that_logged_to_the_last_step_are_kept_unless_asked_otherwise():
    path = FIXTURES / "wandb_ui_crashed.csv"
    assert len(load_runs(path).frame) == 18
    assert len(load_runs(path, unfinished="include").frame) == 20
    assert importance_table(path, "val/loss").attrs["n_runs"] == 18
