"""Plotly figures and the drill-down data the panel sends to the browser."""

from __future__ import annotations

import numpy as np
import pytest

from hpviz import ImportancePanel
from hpviz.analysis.drilldown import MAX_POINTS, drilldown
from tests.sweeps import make_sweep


def sweep(n=400, seed=0):
    """The shared sweep: ``lr`` and ``optimizer`` matter; ``dropout`` (its ``noise_a``, on
    [0, 0.5)) does not; ``const`` and ``run_name`` are not parameters."""
    runs = make_sweep(n, seed).assign(dropout=lambda f: f["noise_a"] / 2)
    return runs[["lr", "optimizer", "dropout", "const", "run_name", "val_loss"]]


PARAMS = ["lr", "optimizer", "dropout", "const", "run_name"]


# --- the drill-down data ---------------------------------------------------------------------


def test_numeric_drilldown_is_bounded_deterministic_and_keeps_the_best_run():
    frame = sweep(5000)
    view = drilldown(frame, "val_loss", "lr", goal="minimize")
    best = frame.loc[frame["val_loss"].idxmin()]
    assert view["kind"] == "numeric" and view["scale"] == "log"
    assert view["n_runs"] == 5000
    assert len(view["x"]) == len(view["y"]) == view["n_shown"] == MAX_POINTS
    assert view["best"] == {"x": best["lr"], "y": best["val_loss"]}
    assert (best["lr"], best["val_loss"]) in zip(view["x"], view["y"], strict=True)
    assert drilldown(frame, "val_loss", "lr", goal="minimize") == view


def test_categorical_drilldown_has_per_value_stats_over_all_runs():
    frame = sweep(3000)
    view = drilldown(frame, "val_loss", "optimizer", goal="minimize")
    assert view["kind"] == "categorical"
    stats = {c["value"]: c for c in view["categories"]}
    for value in ("adam", "sgd"):
        runs = frame.loc[frame["optimizer"] == value, "val_loss"]
        assert stats[value]["count"] == len(runs)
        assert stats[value]["mean"] == pytest.approx(runs.mean())
        assert stats[value]["median"] == pytest.approx(runs.median())
    assert stats["sgd"]["mean"] - stats["adam"]["mean"] == pytest.approx(1.0, abs=0.1)  # its effect
    assert sum(len(c["y"]) for c in view["categories"]) == view["n_shown"] <= MAX_POINTS
    assert view["best"]["x"] == "adam"


def test_identifier_has_nothing_to_plot():
    view = drilldown(sweep(50), "val_loss", "run_name")
    assert view["kind"] == "none" and "identifier" in view["message"]


def test_panel_selected_drives_the_drilldown_trait():
    panel = ImportancePanel(sweep(3000), metric="val_loss", params=PARAMS).wait()
    assert panel.drilldown == {}
    panel.selected = "lr"
    assert panel.drilldown["parameter"] == "lr"
    assert len(panel.drilldown["x"]) <= MAX_POINTS
    panel.goal = "maximize"  # the best run follows the goal
    assert panel.drilldown["best"]["y"] == pytest.approx(panel._frame["val_loss"].max())
    panel.hide("lr")  # a hidden parameter's plot closes
    assert panel.selected == "" and panel.drilldown == {}
    with pytest.raises(KeyError, match="nope"):
        panel.selected = "nope"


# --- plotly figures ---------------------------------------------------------------------------


def test_plot_is_the_drilldown_as_plotly():
    panel = ImportancePanel(sweep(), metric="val_loss", params=PARAMS)
    figure = panel.plot("lr")
    assert figure.layout.xaxis.type == "log"
    runs = next(t for t in figure.data if t.name == "runs")
    assert len(runs.x) == 400  # every run, not the browser's sample
    best = next(t for t in figure.data if t.name == "best run")
    assert best.y[0] == pytest.approx(panel._frame["val_loss"].min())

    figure = panel.plot("optimizer")
    boxes = [t for t in figure.data if t.type == "box"]
    assert sorted(t.name for t in boxes) == ["adam", "sgd"]
    means = next(t for t in figure.data if t.name == "mean")
    assert list(means.text) == [f"n={(panel._frame['optimizer'] == v).sum()}" for v in means.x]
    assert panel.plot("dropout").layout.xaxis.type != "log"
    with pytest.raises(ValueError, match="no parameter"):
        panel.plot()


def test_figure_has_importance_with_intervals_and_correlation():
    panel = ImportancePanel(sweep(), metric="val_loss", params=PARAMS)
    panel.hide("dropout")
    figure = panel.figure()
    importance, correlation = figure.data[0], figure.data[1]
    table = panel.table
    assert list(importance.y) == [
        f"{p} (log)" if s == "log" else p
        for p, s in zip(table["parameter"], table["scale"], strict=True)
    ]
    assert list(importance.x) == pytest.approx(list(table["importance"]))
    upper = np.asarray(importance.error_x.array) + np.asarray(importance.x)
    assert upper == pytest.approx(table["importance_high"].to_numpy())
    assert len(correlation.x) == len(table)
    assert any(shape.line.dash == "dash" for shape in figure.layout.shapes)  # the noise floor


def test_figure_colours_correlations_as_the_panel_does():
    """Grey where the 90% interval contains 0 (or there is none), green/red only where the
    direction is established; the hover label gives the interval and the tone in words."""
    from hpviz.plots import BAD_COLOR, GOOD_COLOR, NEUTRAL_COLOR, correlation_tone

    assert correlation_tone(-0.5, -0.7, -0.3, "minimize") == "good"
    assert correlation_tone(-0.5, -0.7, -0.3, "maximize") == "bad"
    assert correlation_tone(0.3, -0.1, 0.6, "maximize") == "neutral"
    assert correlation_tone(0.9, np.nan, np.nan, "maximize") == "neutral"  # too few runs
    assert correlation_tone(np.nan, np.nan, np.nan, "minimize") == "neutral"

    frame = sweep()
    frame["val_loss"] = np.log10(frame["lr"]) + np.random.default_rng(1).normal(0, 1, len(frame))
    panel = ImportancePanel(frame, metric="val_loss", params=PARAMS)
    table = panel.table
    correlation = panel.figure().data[1]
    expected = {"good": GOOD_COLOR, "bad": BAD_COLOR, "neutral": NEUTRAL_COLOR}
    words = {"good": "✓ helps", "bad": "✗ hurts", "neutral": "≈ could be 0"}
    established = {}
    for row, colour, said in zip(
        table.itertuples(), correlation.marker.color, correlation.customdata, strict=True
    ):
        tone = correlation_tone(
            row.correlation, row.correlation_low, row.correlation_high, panel.goal
        )
        assert colour == expected[tone], row
        if np.isfinite(row.correlation_low):
            assert f"90% interval {row.correlation_low:.2f}–{row.correlation_high:.2f}" in said
            assert said.endswith(words[tone])
            established[row.parameter] = tone
        else:
            assert said == "no single correlation"  # categorical, constant, identifier
    # higher lr, higher loss: established and bad; dropout does nothing: could be either
    assert established == {"lr": "bad", "dropout": "neutral"}


def test_parallel_coordinates():
    panel = ImportancePanel(sweep(), metric="val_loss", params=PARAMS)
    figure = panel.parallel_coordinates()
    dims = {d.label: d for d in figure.data[0].dimensions}
    assert set(dims) == {"lr (log)", "optimizer", "dropout", "val_loss"}  # no const, no id
    assert list(dims["optimizer"].ticktext) == ["adam", "sgd"]
    assert np.nanmax(dims["lr (log)"].values) <= 0  # log10 of lr ≤ 1
    assert "1e-05" in list(dims["lr (log)"].ticktext)
    assert list(figure.data[0].line.color) == pytest.approx(list(panel._frame["val_loss"]))


# --- bounded sizes and names drawn as text ------------------------------------------------------


def test_figures_of_a_large_sweep_draw_a_sample_and_say_so():
    from hpviz.plots import MAX_FIGURE_RUNS

    frame = sweep(60_000, seed=4)
    panel = ImportancePanel(frame, metric="val_loss", params=PARAMS).wait()
    best = frame["val_loss"].min()
    lines = panel.parallel_coordinates()
    drawn = lines.data[0].dimensions[-1].values
    assert len(drawn) == MAX_FIGURE_RUNS
    assert best in set(drawn)  # the best runs are always drawn
    assert "20\u2009000 of 60\u2009000 runs drawn" in lines.layout.title.text
    scatter = panel.plot("lr")
    assert len(scatter.data[0].x) <= MAX_FIGURE_RUNS
    assert "of 60\u2009000 runs drawn" in scatter.layout.title.text
    small = ImportancePanel(sweep(300), metric="val_loss", params=PARAMS).wait()
    assert "drawn" not in small.parallel_coordinates().layout.title.text


HOSTILE = '<a href="https://evil.example">Click to fix</a>'


def test_names_from_the_data_are_text_in_every_figure():
    frame = sweep(200)
    frame = frame.rename(columns={"optimizer": HOSTILE, "lr": "%{x} <b>lr</b>"})
    frame[HOSTILE] = frame[HOSTILE].map({"adam": "<img src=x onerror=alert(1)>", "sgd": "sgd"})
    frame = frame.rename(columns={"val_loss": "<i>val_loss</i>"})
    panel = ImportancePanel(frame, metric="<i>val_loss</i>", params=[HOSTILE, "%{x} <b>lr</b>"])
    panel.wait()
    figures = [
        panel.figure(),
        panel.plot(HOSTILE),
        panel.plot("%{x} <b>lr</b>"),
        panel.parallel_coordinates(),
    ]
    for figure in figures:
        text = figure.to_json()
        for raw in ("<a href", "<img", "<b>", "<i>", "%{x} "):
            assert raw not in text, (raw, figure.layout.title.text)
    assert "&lt;a href" in figures[0].to_json()
    assert "&lt;i&gt;val_loss&lt;/i&gt;" in figures[3].layout.title.text


def test_each_drilldown_point_names_its_run():
    from hpviz.ingest.roles import run_name_column

    frame = sweep(3000)
    panel = ImportancePanel(frame, metric="val_loss", params=PARAMS[:3]).wait()
    assert run_name_column(panel.roles) == "run_name"
    panel.selected = "lr"
    view = panel.drilldown
    assert len(view["runs"]) == len(view["x"]) == MAX_POINTS
    by_name = frame.set_index("run_name")
    for name, x, y in list(zip(view["runs"], view["x"], view["y"], strict=True))[:50]:
        assert by_name.loc[name, "lr"] == pytest.approx(x) and by_name.loc[name, "val_loss"] == y
    panel.selected = "optimizer"
    for category in panel.drilldown["categories"]:
        assert len(category["runs"]) == len(category["y"])
        assert set(by_name.loc[category["runs"], "optimizer"]) == {category["value"]}
    assert "runs" not in drilldown(frame, "val_loss", "lr")  # no name column given
