"""Live sweeps: update(), append() and the Optuna callback, without a browser."""

import itertools
import threading
import time

import optuna
import pandas as pd
import pytest

from hpviz import ImportancePanel
from tests.sweeps import make_sweep


def wait_until(check, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached after {timeout} s")
        time.sleep(0.02)


@pytest.fixture
def panel():
    return ImportancePanel(make_sweep(100, seed=1), metric="val_loss").wait()


def test_update_replaces_the_runs_and_keeps_hidden_sort_search_and_metric(panel):
    panel.hide("noise_a")
    panel.sort_by, panel.descending, panel.search = "parameter", False, "o"
    panel.metric = "val_acc"
    panel.update(make_sweep(300, seed=2)).wait()
    assert panel.n_runs == 300
    assert panel.hidden == ["noise_a"]
    assert (panel.sort_by, panel.descending, panel.search) == ("parameter", False, "o")
    assert panel.metric == "val_acc" and panel.goal == "maximize"
    assert panel.status == "ready"
    assert "noise_a" not in [row["parameter"] for row in panel.rows]


def test_append_adds_runs_and_new_parameters_and_metrics(panel):
    panel.hide("batch_size")
    extra = make_sweep(50, seed=3)
    extra["dropout"] = 0.1
    extra["test_f1"] = 0.5
    panel.append(extra).wait()
    assert panel.n_runs == 150
    assert panel.parameters[-1] == "dropout"
    assert panel.parameters[:-1] == ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const"]
    assert panel.metrics == ["val_loss", "val_acc", "test_f1"]
    assert panel.hidden == ["batch_size"]
    assert "dropout" in set(panel.table["parameter"])  # new parameters arrive visible


def test_results_for_old_data_never_show_for_new_data(panel):
    before = panel.table.set_index("parameter")["importance"].to_dict()
    panel.update(make_sweep(100, seed=9)).wait()  # same columns, same metric, other numbers
    after = panel.table.set_index("parameter")["importance"].to_dict()
    assert before != after
    panel.update(make_sweep(100, seed=1)).wait()
    again = panel.table.set_index("parameter")["importance"].to_dict()
    assert again == pytest.approx(before)


def test_a_metric_that_disappears_falls_back_with_a_message(panel):
    panel.metric = "val_acc"
    panel.wait()
    panel.update(make_sweep(80, seed=4).drop(columns=["val_acc"])).wait()
    assert panel.metric == "val_loss"
    assert panel.metrics == ["val_loss"]
    assert panel.status == "ready"
    assert "val_acc is no longer in the runs" in panel.message


def test_hidden_parameters_that_disappear_leave_hidden(panel):
    panel.hide("noise_a", "noise_b")
    panel.update(make_sweep(80).drop(columns=["noise_a"])).wait()
    assert panel.hidden == ["noise_b"]
    assert "noise_a" not in panel.parameters


def test_update_with_no_metric_raises_and_changes_nothing(panel):
    frame = make_sweep(50).drop(columns=["val_loss", "val_acc"])
    with pytest.raises(ValueError, match="no metric"):
        panel.update(frame)
    assert panel.n_runs == 100 and panel.metrics == ["val_loss", "val_acc"]


def test_update_during_a_running_fit_shows_the_new_data():
    panel = ImportancePanel(make_sweep(2000, seed=5), metric="val_loss")  # fit under way
    panel.update(make_sweep(60, seed=6)).wait()
    assert panel.n_runs == 60
    time.sleep(0.5)  # a late result for the old data must not overwrite it
    panel.wait()
    assert panel.n_runs == 60


def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd"])
    trial.suggest_int("noise", 0, 100)
    return (lr - 1e-3) ** 2 * 100 + (optimizer == "sgd")


def test_optuna_callback_keeps_the_panel_current_throttled(monkeypatch):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(0))
    study.optimize(objective, n_trials=5)
    panel = ImportancePanel(study).wait()
    assert panel.n_runs == 5 and panel.metric == "value"
    panel.hide("noise")
    panel.refresh_interval = 0.3

    refreshes = []
    original = panel.update
    monkeypatch.setattr(
        panel, "update", lambda runs: refreshes.append(time.monotonic()) or original(runs)
    )

    start = time.monotonic()
    study.optimize(objective, n_trials=200, callbacks=[panel.optuna_callback])
    elapsed = time.monotonic() - start
    during = list(refreshes)
    # the trailing refresh brings the last trial, without another call to the callback: on
    # its timer, or at once when wait() asks (a script reads the panel right after the study)
    assert panel.wait().n_runs == 205
    assert panel.hidden == ["noise"]
    assert panel.status == "ready"
    # throttled: at most one refresh per interval while the study ran (plus the first)
    assert len(during) <= elapsed / 0.3 + 2, (len(during), elapsed)
    assert len(refreshes) < 200
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert all(gap >= 0.29 for gap in gaps), gaps


def test_optuna_callback_never_raises_into_the_study(monkeypatch):
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(0))
    study.optimize(objective, n_trials=3)
    panel = ImportancePanel(study).wait()

    def broken(runs):
        raise RuntimeError("storage went away")

    monkeypatch.setattr(panel, "update", broken)
    study.optimize(objective, n_trials=2, callbacks=[panel.optuna_callback])
    wait_until(lambda: panel.status == "error", what="error shown")
    assert "storage went away" in panel.message


def test_optuna_callback_with_trials_in_threads():
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(1))
    study.optimize(objective, n_trials=3)
    before = threading.active_count()  # earlier tests' panels may still hold idle workers
    panel = ImportancePanel(study).wait()
    panel.refresh_interval = 0.1
    study.optimize(objective, n_trials=40, n_jobs=4, callbacks=[panel.optuna_callback])
    wait_until(lambda: panel.wait().n_runs == 43, what="all trials shown")
    # the panel's worker and timers, never a thread per trial (40 trials)
    assert threading.active_count() - before < 10


# --- script semantics: wait(), table and to_html include every run handed in before ---------


def test_wait_right_after_a_study_with_the_callback_includes_every_trial(tmp_path):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(2))
    study.optimize(objective, n_trials=3)
    panel = ImportancePanel(study).wait()
    study.optimize(objective, n_trials=150, callbacks=[panel.optuna_callback])
    # no sleep, no polling: the trailing refresh (on a 1 s timer) is flushed by wait()
    assert panel.wait().n_runs == 153
    assert panel.status == "ready" and not panel.updating
    fresh = ImportancePanel(study).table.set_index("parameter")["importance"]
    pd.testing.assert_series_equal(panel.table.set_index("parameter")["importance"], fresh)


def test_table_and_to_html_right_after_the_study_include_every_trial(tmp_path):
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(3))
    study.optimize(objective, n_trials=3)
    panel = ImportancePanel(study).wait()
    study.optimize(objective, n_trials=60, callbacks=[panel.optuna_callback])
    assert panel.table["parameter"].tolist()  # reading the table flushes too
    assert panel.n_runs == 63
    other = ImportancePanel(study).wait()
    study.optimize(objective, n_trials=20, callbacks=[other.optuna_callback])
    page = other.to_html(tmp_path / "panel.html").read_text("utf-8")
    assert '"n_runs": 83' in page or '"n_runs":83' in page


# --- partial runs ---------------------------------------------------------------------------


def roles_of(panel):
    return dict(zip(panel.columns["column"], panel.columns["role"], strict=True))


def test_a_trial_appended_as_it_starts_changes_no_other_columns_role(panel):
    before, params = roles_of(panel), list(panel.parameters)
    panel.append([{"lr": 0.01, "optimizer": "adam"}]).wait()  # part of its config, no metric
    assert roles_of(panel) == before
    assert panel.parameters == params
    assert panel.n_runs == 100 and panel.n_excluded == 1
    finished = make_sweep(1, seed=7)
    panel.append(finished).wait()
    assert roles_of(panel) == before and panel.n_runs == 101


def test_one_crashed_run_without_a_setting_changes_no_roles(panel):
    before = roles_of(panel)
    crashed = make_sweep(1, seed=5).drop(columns=["batch_size", "val_loss", "val_acc"])
    panel.append(crashed).wait()
    assert roles_of(panel) == before
    assert "batch_size" in {row["parameter"] for row in panel.rows}


def test_a_wandb_exports_outcome_found_from_its_crashed_runs_stays_one_after_an_update():
    from pathlib import Path

    export = pd.read_csv(Path(__file__).parents[1] / "fixtures" / "wandb_ui_export.csv")
    panel = ImportancePanel(export).wait()
    assert roles_of(panel)["lr-Adam"] == "outcome"
    panel.update(export).wait()
    assert roles_of(panel)["lr-Adam"] == "outcome"


# --- history: what the panel showed, no extra fit -------------------------------------------


def test_history_has_one_row_per_shown_analysis_and_costs_no_fit(monkeypatch):
    import hpviz.widget

    fits = []
    original = hpviz.widget.analyse
    monkeypatch.setattr(
        hpviz.widget, "analyse", lambda *a, **k: fits.append(len(a[0])) or original(*a, **k)
    )
    panel = ImportancePanel(make_sweep(60, seed=1), metric="val_loss").wait()
    shown = [panel.table.set_index("parameter")["importance"]]
    for seed in (2, 3, 4):
        panel.append(make_sweep(40, seed=seed)).wait()
        shown.append(panel.table.set_index("parameter")["importance"])
    history = panel.history
    assert list(history.index) == [60, 100, 140, 180]
    assert fits == [60, 100, 140, 180]  # one fit per shown analysis, none for the history
    for (_, row), table in zip(history.iterrows(), shown, strict=True):
        pd.testing.assert_series_equal(row[table.index], table, check_names=False)
    figure = panel.plot_history()
    assert {trace.name for trace in figure.data} == set(panel.parameters)
    assert list(figure.data[0].x) == [60, 100, 140, 180]
    assert figure.data[0].name == "lr"  # the legend in the last row's order
    panel.metric = "val_acc"
    assert panel.wait().history.index.tolist() == [180]  # per metric


def test_the_ranking_says_stable_once_the_top_held_over_a_fifth_of_the_runs():
    panel = ImportancePanel(make_sweep(100, seed=1), metric="val_loss").wait()
    assert panel.ranking == {}  # one set of runs: nothing to compare yet
    for seed in (2, 3):
        panel.append(make_sweep(50, seed=seed)).wait()
    ranking = panel.ranking
    assert ranking["top"] == ["lr", "optimizer"]
    assert ranking["state"] == "stable" and ranking["runs"] == 100 and ranking["n_runs"] == 200
