"""Runs that change under a panel, without a panel: append's join, the roles again under the
panel's arguments and the user's choices, what the panel keeps of what it showed
(hpviz.ingest.live), and the check of a choice (hpviz.ingest.choices.check_choice)."""

import pandas as pd
import pytest

from hpviz.ingest import RunColumns, Source, UnknownColumnError, read_source
from hpviz.ingest.choices import check_choice
from hpviz.ingest.live import RoleArguments, carry_over, join_runs, resolve_again
from tests.sweeps import make_sweep

PLAIN = RoleArguments()


def with_step(n=120, seed=1):
    frame = make_sweep(n, seed=seed)
    frame["trainer/global_step"] = (frame["val_loss"].rank() * 10).astype(int)
    return frame


def role(loaded, column):
    return loaded.columns.roles[column][0]


def appended(previous, frame, **shown):
    """``frame`` joined after ``previous`` as a panel showing the defaults would join it."""
    shown = {"params": [], "metrics": [], "goals": {}, "notes": [], **shown}
    return join_runs(previous, read_source(frame), **shown)


# --- append's join --------------------------------------------------------------------------


def test_appended_runs_follow_the_previous_ones_and_a_new_column_is_missing_before():
    extra = make_sweep(30, seed=3).assign(dropout=0.1)
    joined = appended(make_sweep(100), extra)
    assert len(joined.frame) == 130
    assert list(joined.frame.index) == list(range(130))
    assert joined.frame["dropout"].isna().sum() == 100
    assert joined.frame["dropout"].iloc[100:].eq(0.1).all()
    assert joined.columns is None  # a plain table declares no roles: they are decided again


def test_the_previous_notes_and_goals_stay_and_the_new_sources_are_added_once():
    source = Source(make_sweep(10, seed=2), notes=("3 runs crashed.", "new note"))
    source = Source(source.frame, goals={"val_acc": "maximize"}, notes=source.notes)
    joined = join_runs(
        make_sweep(20),
        source,
        params=[],
        metrics=[],
        goals={"val_loss": "minimize", "val_acc": "minimize"},
        notes=["3 runs crashed."],
    )
    assert joined.notes == ("3 runs crashed.", "new note")
    assert joined.goals == {"val_loss": "minimize", "val_acc": "maximize"}


def test_a_source_that_declares_roles_keeps_the_previous_ones_and_adds_its_own():
    declared = RunColumns(params=["lr", "dropout"], metrics=["value"], metadata=[])
    source = Source(make_sweep(10).rename(columns={"val_loss": "value"}), declared)
    joined = join_runs(
        make_sweep(20),
        source,
        params=["lr", "optimizer"],
        metrics=["val_loss"],
        goals={},
        notes=[],
    )
    assert joined.columns.params == ["lr", "optimizer", "dropout"]
    assert joined.columns.metrics == ["val_loss", "value"]


# --- the roles again: the panel's arguments -------------------------------------------------


def test_the_panels_metric_stays_and_new_runs_without_any_metric_are_refused():
    loaded = resolve_again(read_source(make_sweep(50)), PLAIN, metric="val_acc")
    assert loaded.metric == "val_acc"
    no_metric = make_sweep(50).drop(columns=["val_loss", "val_acc"])
    with pytest.raises(ValueError, match=r"no metric to show \(the panel showed 'val_loss'\)"):
        resolve_again(read_source(no_metric), PLAIN, metric="val_loss")


def test_a_metric_the_new_runs_lack_is_not_an_error_when_they_have_another():
    loaded = resolve_again(
        read_source(make_sweep(50).drop(columns=["val_acc"])), PLAIN, metric="val_acc"
    )
    assert loaded.columns.metrics == ["val_loss"]  # the panel falls back to it


def test_the_constructors_arguments_apply_to_the_columns_the_new_runs_have():
    arguments = RoleArguments(params=("lr", "noise_a"), ignore=("run_name", "gone"))
    frame = make_sweep(60).drop(columns=["noise_a"])
    loaded = resolve_again(read_source(frame), arguments, metric="val_loss")
    assert loaded.columns.params == ["lr"]  # noise_a left with the runs: no error
    assert role(loaded, "run_name") == "ignored"
    assert role(loaded, "batch_size") == "ignored"  # not in params=


# --- the roles again: the user's choices ----------------------------------------------------


def test_appended_runs_with_a_new_column_keep_the_users_role_for_an_old_one():
    choices = {"trainer/global_step": "parameter", "noise_b": "ignored"}
    first = resolve_again(read_source(with_step()), PLAIN, metric="val_loss", choices=choices)
    assert "trainer/global_step" in first.columns.params
    extra = with_step(30, seed=3).assign(dropout=[0.1, 0.2, 0.3] * 10)
    joined = appended(
        first.frame, extra, params=first.columns.params, metrics=first.columns.metrics
    )
    loaded = resolve_again(joined, PLAIN, metric="val_loss", choices=choices)
    assert len(loaded.frame) == 150
    assert {"trainer/global_step", "dropout"} <= set(loaded.columns.params)
    assert role(loaded, "noise_b") == "ignored"
    reason = loaded.columns.roles["trainer/global_step"][1]
    assert reason.startswith("your choice (was outcome: ")


def test_a_choice_overrides_the_constructors_arguments():
    arguments = RoleArguments(params=("lr", "noise_a"), ignore=("run_name",))
    choices = {"run_name": "parameter", "noise_a": "ignored"}
    loaded = resolve_again(read_source(with_step()), arguments, metric="val_loss", choices=choices)
    assert loaded.columns.params == ["lr", "run_name"]


def test_a_choice_for_a_column_the_new_runs_lack_is_left_unused_until_it_comes_back():
    choices = {"noise_a": "ignored", "trainer/global_step": "parameter"}
    without = with_step().drop(columns=["noise_a"])
    loaded = resolve_again(read_source(without), PLAIN, metric="val_loss", choices=choices)
    assert "noise_a" not in loaded.columns.roles  # no error, nothing said about it
    assert "trainer/global_step" in loaded.columns.params
    back = resolve_again(read_source(with_step()), PLAIN, metric="val_loss", choices=choices)
    assert role(back, "noise_a") == "ignored"


def test_the_choices_are_not_changed():
    choices = {"noise_a": "ignored", "gone": "parameter"}
    resolve_again(read_source(make_sweep(40)), PLAIN, metric="val_loss", choices=choices)
    assert choices == {"noise_a": "ignored", "gone": "parameter"}


def test_the_previous_runs_are_not_changed_by_a_join():
    previous = make_sweep(20)
    copy = previous.copy()
    appended(previous, make_sweep(5, seed=1).assign(dropout=0.5))
    pd.testing.assert_frame_equal(previous, copy)


# --- what the panel keeps of what it showed -------------------------------------------------


def test_the_order_shown_stays_and_new_parameters_and_metrics_follow():
    frame = make_sweep(50).assign(dropout=[0.1, 0.2] * 25, test_f1=0.5)
    reordered = frame.iloc[:, ::-1]  # the new runs' own column order does not count
    loaded = resolve_again(read_source(reordered), PLAIN, metric="val_loss")
    assert loaded.columns.params[0] == "dropout"
    shown = ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const"]
    kept = carry_over(
        loaded, params=shown, metrics=["val_loss", "val_acc"], hidden=["lr"], metric="val_acc"
    )
    assert kept.params == [*shown, "dropout"]
    assert kept.metrics == ["val_loss", "val_acc", "test_f1"]
    assert (kept.hidden, kept.metric) == (["lr"], "val_acc")
    assert kept.notes == list(loaded.notes)


def test_a_metric_that_left_falls_back_with_a_note_and_hidden_parameters_that_left_go():
    frame = make_sweep(50).drop(columns=["val_acc", "noise_a"])
    loaded = resolve_again(read_source(frame), PLAIN, metric="val_acc")
    kept = carry_over(
        loaded,
        params=["lr", "noise_a", "noise_b"],
        metrics=["val_loss", "val_acc"],
        hidden=["noise_b", "noise_a"],
        metric="val_acc",
    )
    assert kept.metric == "val_loss" and kept.metrics == ["val_loss"]
    assert kept.notes[-1] == "val_acc is no longer in the runs: showing val_loss instead."
    assert kept.hidden == ["noise_b"]
    assert "noise_a" not in kept.params


# --- the user's choice, checked before anything changes -------------------------------------


def test_a_choice_is_checked_with_clear_errors():
    columns = with_step().columns
    check_choice("trainer/global_step", "parameter", columns, metric="val_loss")
    check_choice("lr", "ignored", columns, metric="val_loss")
    check_choice("lr", "metric", columns, metric="val_loss")  # any numeric column can be one
    check_choice("lr", "auto", columns, metric="val_loss")  # back to the panel's role
    with pytest.raises(
        ValueError,
        match=r"role must be one of 'parameter', 'ignored', 'metric', 'auto', not 'outcome'",
    ):
        check_choice("lr", "outcome", columns, metric="val_loss")
    with pytest.raises(UnknownColumnError, match=r"column 'lr_' not found; available: lr, ") as e:
        check_choice("lr_", "parameter", columns, metric="val_loss")
    assert "did you mean 'lr'?" in str(e.value)
    with pytest.raises(ValueError, match=r"'val_loss' is the metric being explained"):
        check_choice("val_loss", "ignored", columns, metric="val_loss")
