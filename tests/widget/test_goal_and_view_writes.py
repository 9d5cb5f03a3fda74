"""Numbers you can trust at every size (issue 19), the panel side: the goal everywhere, one goal
per metric, a view that cannot corrupt state, the wand with nothing to fit, roles back to metric,
and the table's attrs."""

from __future__ import annotations

import json

import numpy as np
import optuna
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import UnknownColumnError
from hpviz.widget import InvalidColumn

optuna.logging.set_verbosity(optuna.logging.WARNING)


@pytest.fixture(scope="module")
def maximised():
    """direction="maximize", objective -(x - 8)²: the best runs are at x ≈ 8, the worst at 0."""
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: -((t.suggest_float("x", 0, 10) - 8) ** 2) + 0 * t.suggest_float("y", 0, 1),
        n_trials=200,
    )
    return study


def _best_range(table: pd.DataFrame, name: str = "x") -> tuple[float, float]:
    row = table.set_index("parameter").loc[name]
    return row["best_low"], row["best_high"]


def test_the_goal_reaches_shape_and_best_range(maximised):
    expected = _best_range(importance_table(maximised, "value"))
    assert 7 < expected[0] < 8 < expected[1] < 9
    panel = ImportancePanel(maximised).wait()
    assert panel.goal == "maximize"
    assert _best_range(panel.table) == pytest.approx(expected)
    row = next(r for r in panel.rows if r["parameter"] == "x")
    assert 7 < row["best_low"] < 8 < row["best_high"] < 9  # what the row and sparkline show
    panel.goal = "minimize"  # the chip: the best runs are now the far ones
    panel.wait()
    _, high = _best_range(panel.table)
    assert high < 2
    assert panel.table.attrs["goal"] == "minimize"
    assert panel.drilldown == {} or panel.drilldown["goal"] == "minimize"
    panel.selected = "x"
    assert panel.drilldown["best"]["x"] < 1
    panel.goal = "maximize"
    assert panel.drilldown["best"]["x"] == pytest.approx(8, abs=0.3)


def test_the_export_carries_the_goals_best_range(maximised, tmp_path):
    panel = ImportancePanel(maximised, goal="minimize").wait()
    text = panel.to_html(tmp_path / "panel.html").read_text("utf-8")
    row = next(r for r in panel.rows if r["parameter"] == "x")
    assert row["best_high"] < 2
    assert json.dumps(row["best_high"]) in text


def _two_metrics(n: int = 80, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return pd.DataFrame(
        {
            "x": x,
            "noise": rng.uniform(size=n),
            "score": -((x - 8) ** 2) + rng.normal(0, 0.1, n),  # higher is better: x near 8
            "val_loss": (x - 2) ** 2 + rng.normal(0, 0.1, n),  # lower is better: x near 2
        }
    )


def test_a_goal_belongs_to_its_metric():
    frame = _two_metrics()
    panel = ImportancePanel(frame, metric="score", goal="maximize").wait()
    assert _best_range(panel.table)[0] > 6
    panel.metric = "val_loss"
    panel.wait()
    assert panel.goal == "minimize"
    low, high = _best_range(panel.table)
    assert 1 < low and high < 3
    panel.selected = "x"
    assert panel.drilldown["goal"] == "minimize"
    assert panel.drilldown["best"]["y"] == pytest.approx(frame["val_loss"].min())
    space = panel.suggest_space()["parameters"]["x"]
    assert space["max"] < 4  # narrowed to the lowest losses, not the highest
    panel.goal = "maximize"  # the chip, for val_loss only
    panel.metric = "score"
    assert panel.goal == "maximize"
    panel.metric = "val_loss"
    assert panel.goal == "maximize"  # kept what was chosen for it
    panel.close()


def _update(panel: ImportancePanel, state: dict) -> None:
    """What ipywidgets does with an ``update`` message from the view."""
    panel._handle_msg(
        {
            "content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
            "buffers": [],
        }
    )


class _Sent(list):
    def __call__(self, key=None):
        self.append(key)


@pytest.fixture
def panel():
    rng = np.random.default_rng(0)
    n = 60
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-4, -1, n),
            "wd": rng.uniform(size=n),
            "depth": rng.integers(1, 8, n),
            "val_loss": rng.normal(size=n),
            "val_acc": rng.uniform(size=n),
        }
    )
    made = ImportancePanel(frame, metric="val_loss").wait()
    yield made
    made.close()


def test_invalid_writes_from_the_view_are_rolled_back(panel, monkeypatch):
    sent = _Sent()
    monkeypatch.setattr(panel, "send_state", sent)
    _update(panel, {"hidden": ["gone"]})
    assert panel.hidden == []
    _update(panel, {"metric": "gone"})
    assert panel.metric == "val_loss"
    _update(panel, {"selected": "gone"})
    assert panel.selected == ""
    assert [sorted(k) for k in sent] == [["hidden"], ["metric"], ["selected"]]  # view corrected
    panel.hide("lr")  # later calls work
    assert panel.hidden == ["lr"]
    _update(panel, {"hidden": ["wd"], "sort_by": "parameter"})  # valid writes still apply
    assert panel.hidden == ["wd"] and panel.sort_by == "parameter"


def test_read_only_traits_ignore_the_view(panel, monkeypatch):
    sent = _Sent()
    monkeypatch.setattr(panel, "send_state", sent)
    rows, parameters = panel.rows, panel.parameters
    _update(panel, {"n_runs": 10**9, "rows": [], "parameters": ["x"], "status": "error"})
    assert panel.n_runs == 60 and panel.rows == rows and panel.parameters == parameters
    assert panel.status == "ready"
    assert "1000000000" not in repr(panel)
    assert sorted(sent[-1]) == ["n_runs", "parameters", "rows", "status"]


def test_python_callers_still_get_an_unknown_column_error(panel):
    with pytest.raises(UnknownColumnError, match="metric 'gone' not found"):
        panel.metric = "gone"
    with pytest.raises(InvalidColumn):
        panel.hidden = ["gone"]
    assert panel.metric == "val_loss" and panel.hidden == []


def test_failing_set_role_messages_add_one_note(panel):
    before = list(panel.notes)
    for _ in range(300):
        panel._on_message(panel, {"type": "set_role", "column": "nope", "role": "parameter"}, [])
    failures = [n for n in panel.notes if n.startswith("Could not change")]
    assert len(failures) == 1 and panel.notes[: len(before)] == before
    panel._on_message(panel, {"type": "set_role", "column": "lr", "role": "bogus"}, [])
    assert [n for n in panel.notes if n.startswith("Could not change")] == [
        "Could not change lr: role must be one of "
        "'parameter', 'ignored', 'metric', 'auto', not 'bogus'"
    ]


def test_a_metric_made_a_parameter_can_be_a_metric_again(panel):
    panel.set_role("val_acc", "parameter")
    panel.wait()
    assert "val_acc" in panel.parameters and "val_acc" not in panel.metrics
    panel.set_role("val_acc", "metric")
    panel.wait()
    assert "val_acc" in panel.metrics and "val_acc" not in panel.parameters
    panel.metric = "val_acc"
    panel.wait()
    assert panel.status == "ready" and panel.goal == "maximize"
    assert panel.columns.set_index("column").loc["val_acc", "role"] == "metric"


def test_text_cannot_be_made_a_metric():
    frame = pd.DataFrame(
        {"lr": [0.1, 0.2, 0.3, 0.4], "tag": list("abcd"), "val_loss": [1, 2, 3, 4]}
    )
    made = ImportancePanel(frame, metric="val_loss").wait()
    with pytest.raises(ValueError, match="'tag' has no numeric values: it cannot be a metric"):
        made.set_role("tag", "metric")


def test_the_wand_with_nothing_to_fit_hides_only_constants_and_identifiers():
    n = 20
    frame = pd.DataFrame(
        {
            "lr": np.linspace(0.01, 0.1, n),
            "optimizer": ["adam", "sgd"] * (n // 2),
            "fixed": 3,
            "run_name": [f"run-{i}" for i in range(n)],
            "val_loss": np.nan,
        }
    )
    panel = ImportancePanel(
        frame, metric="val_loss", params=["lr", "optimizer", "fixed", "run_name"]
    )
    shown = panel.auto_select()
    assert set(shown) == {"lr", "optimizer"}
    assert set(panel.hidden) == {"fixed", "run_name"}
    one = ImportancePanel(frame.iloc[:1], metric="val_loss", params=["lr", "optimizer"])
    assert one.auto_select() == ["lr", "optimizer"] and one.hidden == []
    more = frame.assign(val_loss=np.linspace(1, 2, n) + frame["lr"])
    one.append(more.iloc[1:]).wait()  # the runs that come are shown
    assert one.hidden == [] and {r["parameter"] for r in one.rows} == {"lr", "optimizer"}


def test_the_panels_table_attrs_are_importance_tables(panel):
    expected = importance_table(panel._frame, "val_loss", params=list(panel.parameters)).attrs
    attrs = panel.table.attrs
    for key in ("metric", "goal", "n_runs", "n_excluded", "noise_floor", "target", "reason"):
        assert attrs[key] == expected[key], key
    assert attrs["notes"][-len(expected["notes"]) :] == expected["notes"] or not expected["notes"]
    assert set(attrs) == set(expected)
