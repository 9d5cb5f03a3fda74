"""Roles changed by the user: ``panel.set_role`` and the Parameters dialog's message."""

import pytest

from hpviz import ImportancePanel
from hpviz.ingest import UnknownColumnError
from tests.sweeps import make_sweep


def sweep_with_step(n=120, seed=1):
    frame = make_sweep(n, seed=seed)
    frame["trainer/global_step"] = (frame["val_loss"].rank() * 10).astype(int)
    return frame


@pytest.fixture
def panel():
    return ImportancePanel(sweep_with_step(), metric="val_loss").wait()


def roles(panel):
    return panel.columns.set_index("column")


def test_an_outcome_made_a_parameter_is_fitted_and_says_it_was_the_users_choice(panel):
    assert roles(panel).loc["trainer/global_step", "role"] == "outcome"
    assert "trainer/global_step" not in panel.parameters
    panel.set_role("trainer/global_step", "parameter")
    panel.wait()
    assert "trainer/global_step" in panel.parameters
    row = panel.table.set_index("parameter").loc["trainer/global_step"]
    assert row["importance"] > 0.1  # it is the metric's rank: the forest leans on it
    role, reason = roles(panel).loc["trainer/global_step", ["role", "reason"]]
    assert role == "parameter"
    assert reason.startswith("your choice (was outcome: ")


def test_a_parameter_left_out_leaves_the_model_and_can_come_back(panel):
    panel.hide("noise_a")
    panel.selected = "lr"
    panel.set_role("lr", "ignored")
    panel.wait()
    assert "lr" not in panel.parameters and "lr" not in set(panel.table["parameter"])
    assert panel.selected == ""  # its plot closed
    assert roles(panel).loc["lr", "role"] == "ignored"
    assert panel.hidden == ["noise_a"]
    panel.set_role("lr", "parameter")
    panel.wait()
    assert "lr" in set(panel.table["parameter"])
    assert roles(panel).loc["lr", "reason"] == "neither a result nor bookkeeping"


def test_the_users_roles_survive_update_and_append(panel):
    panel.set_role("trainer/global_step", "parameter")
    panel.set_role("noise_b", "ignored")
    panel.update(sweep_with_step(150, seed=2)).wait()
    assert "trainer/global_step" in panel.parameters and "noise_b" not in panel.parameters
    panel.append(sweep_with_step(30, seed=3)).wait()
    assert panel.n_runs == 180
    assert "trainer/global_step" in set(panel.table["parameter"])
    assert roles(panel).loc["noise_b", "role"] == "ignored"


def test_a_choice_overrides_the_constructors_arguments():
    panel = ImportancePanel(
        sweep_with_step(), metric="val_loss", params=["lr", "noise_a"], ignore=["run_name"]
    ).wait()
    panel.set_role("run_name", "parameter")
    panel.set_role("noise_a", "ignored")
    panel.wait()
    assert panel.parameters == ["lr", "run_name"]


def test_wrong_names_and_roles_are_clear_errors(panel):
    with pytest.raises(UnknownColumnError, match=r"column 'lr_' not found; available: lr, "):
        panel.set_role("lr_", "parameter")
    with pytest.raises(ValueError, match="metric being explained"):
        panel.set_role("val_loss", "parameter")
    with pytest.raises(
        ValueError, match="role must be one of 'parameter', 'ignored', 'metric', 'auto'"
    ):
        panel.set_role("lr", "outcome")
    assert "trainer/global_step" not in panel.parameters  # nothing changed


def test_the_dialogs_message_sets_a_role_and_a_bad_one_is_said_in_the_panel(panel):
    panel._on_message(panel, {"type": "set_role", "column": "val_acc", "role": "parameter"}, [])
    panel.wait()
    assert "val_acc" in panel.parameters and "val_acc" not in panel.metrics
    panel._on_message(panel, {"type": "set_role", "column": "nope", "role": "parameter"}, [])
    assert panel.message.startswith("Could not change nope: column 'nope' not found")


def test_the_wand_remembers_the_hidden_set_before_it_and_its_metric(panel):
    panel.hide("batch_size")
    shown = panel.auto_select()
    assert panel.wand_choice["metric"] == "val_loss"
    assert panel.wand_choice["before"] == ["batch_size"]
    assert panel.wand_choice["hidden"] == [p for p in panel.parameters if p not in shown]
    panel.metric = "val_acc"  # the choice stays, made for val_loss
    assert panel.wand_choice["metric"] == "val_loss"
    panel.auto_select()  # applied again: still back to the set before the first wand
    assert panel.wand_choice["metric"] == "val_acc"
    assert panel.wand_choice["before"] == ["batch_size"]
    assert panel.undo_auto_select() == ["batch_size"]
    assert panel.hidden == ["batch_size"] and panel.wand_choice == {}
    with pytest.raises(ValueError, match="nothing to undo"):
        panel.undo_auto_select()


def test_hiding_otherwise_ends_the_wands_choice_and_the_panels_messages_drive_it(panel):
    panel.auto_select()
    panel.show(*panel.hidden)
    assert panel.wand_choice == {}
    panel._on_message(panel, {"type": "auto_select"}, [])
    panel.wait()
    assert panel.wand_choice["before"] == []
    panel._on_message(panel, {"type": "undo_auto_select"}, [])
    assert panel.hidden == [] and panel.wand_choice == {}


def test_a_role_for_a_column_an_update_removes_is_kept_quietly_until_it_comes_back(panel):
    panel.set_role("noise_a", "ignored")
    panel.update(sweep_with_step(100, seed=2).drop(columns=["noise_a"])).wait()
    assert panel.status == "ready" and "noise_a" not in panel.parameters
    assert "noise_a" not in panel.message
    panel.append(sweep_with_step(40, seed=3)).wait()  # the column is back, with the choice
    assert "noise_a" not in panel.parameters
    assert roles(panel).loc["noise_a", "role"] == "ignored"
