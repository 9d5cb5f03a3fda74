"""The widget's traits and methods, without a browser."""

import json
import threading
import time

import numpy as np
import pytest
import traitlets

import hpviz.widget
from hpviz import ImportancePanel, importance_table
from hpviz.ingest import UnknownColumnError
from tests.sweeps import make_sweep


@pytest.fixture
def panel(sweep):
    return ImportancePanel(sweep, metric="val_loss").wait()


def test_panel_lists_metrics_and_parameters(panel, sweep):
    assert panel.metrics == ["val_loss", "val_acc"]
    assert panel.parameters == ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const"]
    assert panel.n_runs == len(sweep)
    assert panel.status == "ready"


def test_default_metric_is_a_validation_metric(sweep):
    assert ImportancePanel(sweep).metric == "val_loss"


def test_table_matches_importance_table(panel, sweep):
    """The same rows, but the panel lists no constant (nor identifier): "const" is left out."""
    everything = importance_table(sweep, "val_loss")
    assert "const" in set(everything["parameter"])
    expected = everything[everything["kind"] != "constant"]
    got = panel.table
    assert "const" not in set(got["parameter"])
    assert list(got.columns) == list(expected.columns)
    assert list(got["parameter"]) == list(expected["parameter"])
    np.testing.assert_allclose(got["importance"], expected["importance"])


def test_sorting_reorders_the_table(panel):
    panel.sort_by = "parameter"
    panel.descending = False
    names = list(panel.table["parameter"])
    assert names == sorted(names, key=str.lower)
    panel.sort_by = "correlation"
    panel.descending = True

    # every row by its strength |r|, a categorical by its strongest value's; rows with no
    # correlation at all go last
    def strength(r, values):
        if not np.isnan(r):
            return abs(r)
        found = [abs(v["correlation"]) for v in values if not np.isnan(v["correlation"])]
        return max(found, default=None)

    keys = [
        strength(r, values)
        for r, values in zip(panel.table["correlation"], panel.table["values"], strict=True)
    ]
    present = [k for k in keys if k is not None]
    assert present == sorted(present, reverse=True)
    assert all(k is None for k in keys[len(present) :])
    assert "optimizer" in list(panel.table["parameter"])[: len(present)]


def test_search_filters_the_table(panel):
    panel.search = "NOISE"
    assert set(panel.table["parameter"]) == {"noise_a", "noise_b"}


def test_hidden_parameters_leave_table_and_model_and_survive_a_metric_change(panel):
    panel.hide("optimizer", "noise_a")
    assert panel.hidden == ["optimizer", "noise_a"]
    assert "optimizer" not in set(panel.table["parameter"])
    assert {row["parameter"] for row in panel.wait().rows} == {
        "lr",
        "batch_size",
        "noise_b",
        "const",
    }
    assert panel.table["importance"].sum() == pytest.approx(1.0)
    panel.metric = "val_acc"
    assert panel.hidden == ["optimizer", "noise_a"]
    assert "optimizer" not in set(panel.table["parameter"])
    panel.show("optimizer")
    assert panel.hidden == ["noise_a"]
    assert "optimizer" in set(panel.table["parameter"])


def test_goal_follows_the_metric_unless_set(sweep):
    panel = ImportancePanel(sweep, metric="val_loss")
    assert panel.goal == "minimize"
    panel.metric = "val_acc"
    assert panel.goal == "maximize"
    panel.goal = "minimize"
    panel.metric = "val_loss"
    panel.metric = "val_acc"
    assert panel.goal == "minimize"
    assert ImportancePanel(sweep, metric="val_acc", goal="minimize").goal == "minimize"


def test_wrong_metric_is_rejected_with_the_list_and_nothing_is_lost(panel):
    panel.hide("noise_a")
    with pytest.raises(
        UnknownColumnError, match="metric 'val_los' not found; available: val_loss, val_acc"
    ):
        panel.metric = "val_los"
    assert panel.metric == "val_loss"
    assert panel.hidden == ["noise_a"]
    with pytest.raises(UnknownColumnError, match="'lrr' not found; available: lr, batch_size"):
        ImportancePanel(make_sweep(50), metric="val_loss", hidden=["lrr"])
    with pytest.raises(UnknownColumnError):
        ImportancePanel(make_sweep(50), metric="loss")


def test_wrong_hidden_name_is_rejected_and_state_kept(panel):
    panel.hide("noise_a")
    with pytest.raises(UnknownColumnError, match="parameter 'nope' not found"):
        panel.hidden = ["noise_a", "nope"]
    with pytest.raises(UnknownColumnError):
        panel.hide("nope")
    assert panel.hidden == ["noise_a"]


def test_bad_sort_key_is_rejected(panel):
    with pytest.raises(traitlets.TraitError):
        panel.sort_by = "size"


def test_unknown_keyword_is_rejected(sweep):
    with pytest.raises(TypeError, match="metrc"):
        ImportancePanel(sweep, metrc="val_loss")


def test_no_metric_column_gives_a_clear_error():
    import pandas as pd

    frame = pd.DataFrame({"lr": [0.1, 0.2], "speed": [1.0, 2.0]})
    with pytest.raises(
        ValueError, match=r"no metric found: pass metric=<column> \(numeric columns: lr, speed\)"
    ):
        ImportancePanel(frame)


def test_wand_shows_the_parameters_that_matter(panel):
    panel.hide(*panel.parameters)
    assert panel.wait().status == "empty"
    assert "All 6 parameters are hidden" in panel.message
    shown = panel.auto_select()
    assert shown == ["lr", "optimizer"]
    assert set(panel.hidden) == {"batch_size", "noise_a", "noise_b", "const"}
    assert list(panel.table["parameter"]) == ["lr", "optimizer"]
    assert panel.wait().status == "ready"


def test_wand_message_from_the_front_end_runs_the_wand(panel):
    panel._handle_custom_msg({"type": "auto_select"}, [])
    deadline = time.monotonic() + 30
    while panel.hidden == [] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert set(panel.hidden) == {"batch_size", "noise_a", "noise_b", "const"}
    assert [row["parameter"] for row in panel.wait().rows] == ["lr", "optimizer"]


def test_panel_returns_before_the_forest_is_fitted_and_paints_when_ready(sweep):
    gate = threading.Event()
    original = hpviz.widget.analyse

    def slow(*args, **kwargs):
        gate.wait(30)
        return original(*args, **kwargs)

    hpviz.widget.analyse = slow
    try:
        panel = ImportancePanel(sweep, metric="val_loss")
        assert panel.status == "computing"
        assert panel.parameters  # the manager can list parameters already
        gate.set()
        assert panel.wait().status == "ready"
        assert panel.rows
    finally:
        hpviz.widget.analyse = original


def test_a_stale_result_never_overwrites_a_newer_one(sweep):
    gate = threading.Event()
    original = hpviz.widget.analyse

    def slow_for_val_loss(frame, metric, *args, **kwargs):
        if metric == "val_loss":
            gate.wait(30)
        return original(frame, metric, *args, **kwargs)

    hpviz.widget.analyse = slow_for_val_loss
    try:
        panel = ImportancePanel(sweep, metric="val_loss")  # its fit is held back
        panel.hide("noise_a")  # a newer request, queued behind it: superseded
        panel.metric = "val_acc"  # the newest
        gate.set()
        panel.wait()
        time.sleep(0.2)  # let any late callback run
        assert panel.metric == "val_acc"
        visible = [p for p in panel.parameters if p != "noise_a"]
        val_acc = importance_table(sweep, "val_acc", params=visible)
        shown = {row["parameter"]: row["importance"] for row in panel.rows}
        assert shown == pytest.approx(
            dict(zip(val_acc["parameter"], val_acc["importance"], strict=True))
        )
    finally:
        hpviz.widget.analyse = original


def test_constant_metric_is_an_explained_empty_state(sweep):
    panel = ImportancePanel(sweep.assign(val_acc=0.5), metric="val_acc").wait()
    assert panel.status == "empty"
    assert "val_acc is constant" in panel.message


def test_metric_without_values_is_an_explained_empty_state(sweep):
    sweep["val_acc"] = np.nan
    panel = ImportancePanel(sweep, metric="val_loss").wait()
    panel.metric = "val_acc"
    assert panel.wait().status == "empty"
    assert panel.message == "No runs have a value for val_acc."
    panel.metric = "val_loss"
    assert panel.status == "ready"  # cached: shown at once


def test_runs_left_out_are_counted(sweep):
    sweep.loc[:4, "val_loss"] = np.inf
    panel = ImportancePanel(sweep, metric="val_loss").wait()
    assert (panel.n_runs, panel.n_excluded) == (len(sweep) - 5, 5)


def test_state_is_strict_json(panel):
    state = {name: getattr(panel, name) for name in ("rows", "noise_floor", "metrics", "hidden")}
    json.dumps(state, allow_nan=False)


def test_synced_state_does_not_grow_with_runs():
    def size(n):
        panel = ImportancePanel(make_sweep(n), metric="val_loss").wait()
        return len(json.dumps(panel.get_state(), default=str))

    small, large = size(200), size(4000)
    assert large < small * 1.1


def test_revisiting_a_metric_uses_the_cache(panel, monkeypatch):
    calls = []
    original = hpviz.widget.analyse
    monkeypatch.setattr(
        hpviz.widget, "analyse", lambda *a, **k: calls.append(a[1]) or original(*a, **k)
    )
    panel.metric = "val_acc"
    panel.metric = "val_loss"
    panel.metric = "val_acc"
    panel.wait()
    assert calls == ["val_acc"]
    assert panel.status == "ready"


def test_plain_text_names_the_metric_runs_and_top_parameters(panel):
    text = repr(panel)
    assert text.startswith("ImportancePanel(val_loss, 400 runs: lr 0.")
    assert ", optimizer 0." in text and text.endswith(", …)")
    assert len(text) <= 110  # what ipywidgets keeps of it
