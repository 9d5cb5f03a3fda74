"""The panel's Interactions (issue 21): computed after the importance table and never in its
way, cancelled like a fit, bounded, and carried by the Python API and the HTML export."""

from __future__ import annotations

import json
import re
import threading

import numpy as np
import pandas as pd
import pytest

import hpviz.widget
from hpviz import ImportancePanel, interaction_table
from hpviz.ingest import UnknownColumnError


def product_sweep(n: int, seed: int = 0) -> pd.DataFrame:
    """``val_loss = lr_effect(lr)·batch + dropout/2``: ``lr`` (log-scaled) and ``batch`` work
    together; ``<b>width``, a name with markup, carries nothing."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-5, -1, n),
            "batch": rng.uniform(size=n),
            "dropout": rng.uniform(size=n),
            "<b>width": rng.uniform(size=n),
        }
    )
    frame["val_loss"] = (np.log10(frame["lr"]) + 5) / 4 * frame["batch"] + frame["dropout"] / 2
    frame["val_loss"] += rng.normal(0, 0.03, n)
    return frame


def test_the_panels_pairs_are_the_interaction_table():
    frame = product_sweep(300)
    panel = ImportancePanel(frame, metric="val_loss")
    pairs = panel.interactions
    expected = interaction_table(frame, "val_loss")
    pd.testing.assert_frame_equal(pairs, expected)
    assert pairs.attrs["noise_floor"] == expected.attrs["noise_floor"]
    assert {pairs.iloc[0]["parameter_a"], pairs.iloc[0]["parameter_b"]} == {"lr", "batch"}
    # shown on the traits, for the front end
    assert panel.pairs_info["status"] == "ready"
    assert panel.pairs[0]["parameter_a"] == pairs.iloc[0]["parameter_a"]
    assert panel.pairs[0]["useful"] is True
    assert panel.pairs_info["noise_floor"] == pytest.approx(expected.attrs["noise_floor"])


def test_hidden_parameters_leave_the_pairs():
    panel = ImportancePanel(product_sweep(300), metric="val_loss", hidden=["batch"])
    names = set(panel.interactions["parameter_a"]) | set(panel.interactions["parameter_b"])
    assert "batch" not in names and "lr" in names


def test_the_synced_pairs_do_not_grow_with_the_runs():
    sizes = []
    for n in (3_000, 60_000):
        panel = ImportancePanel(product_sweep(n), metric="val_loss")
        panel.interactions  # noqa: B018 — waits for the pairs and shows them
        panel.pair = ["lr", "batch"]
        synced = {name: getattr(panel, name) for name in ("pairs", "pairs_info", "pair_view")}
        sizes.append(len(json.dumps(synced)))
        assert len(panel.pair_view["cells"]) <= 144
        panel.close()
    assert sizes[1] < sizes[0] * 1.5, sizes


def test_the_importance_table_never_waits_for_its_pairs_and_a_new_fit_cancels_them(monkeypatch):
    """The pairs run on the worker after the table is shown; switching the metric while they
    run asks them to stop (between pairs), and the new table comes first."""
    started, release = threading.Event(), threading.Event()
    stopped = []
    real = hpviz.widget.find_interactions

    def slow(frame, analysis, *, seed, should_stop):
        if analysis.metric == "val_loss":
            started.set()
            release.wait(30)
            stopped.append(should_stop())
        return real(frame, analysis, seed=seed, should_stop=should_stop)

    monkeypatch.setattr(hpviz.widget, "find_interactions", slow)
    frame = product_sweep(300)
    frame["val_acc"] = 1 - frame["val_loss"]
    panel = ImportancePanel(frame, metric="val_loss", metrics=["val_loss", "val_acc"])
    panel.wait(timeout=30)
    assert panel.status == "ready" and panel.rows  # shown while its pairs are held up
    assert panel.pairs_info["status"] == "computing" and panel.pairs == []
    assert started.wait(30)  # the pairs run on the worker now
    panel.metric = "val_acc"
    release.set()
    panel.wait(timeout=30)
    assert panel.metric == "val_acc" and panel.status == "ready"
    assert stopped == [True]  # the held-up pairs were told to stop
    found = panel.interactions
    assert found.attrs["metric"] == "val_acc"
    assert panel.pairs_info["status"] == "ready"


def test_a_pair_opens_its_heatmap_and_closes_when_a_parameter_is_hidden():
    frame = product_sweep(300)
    panel = ImportancePanel(frame, metric="val_loss")
    panel.wait()
    panel.pair = ["lr", "batch"]
    view = panel.pair_view
    assert view["parameters"] == ["lr", "batch"]
    assert view["x"]["scale"] == "log" and view["y"]["kind"] == "numeric"
    best_cell = view["best_cell"]
    cell = next(c for c in view["cells"] if (c["i"], c["j"]) == (best_cell["i"], best_cell["j"]))
    big_enough = [c for c in view["cells"] if c["count"] >= 3]
    assert cell["median"] == min(c["median"] for c in big_enough)  # minimised: lowest
    assert view["best"]["metric"] == frame["val_loss"].min()
    panel.goal = "maximize"
    assert panel.pair_view["best"]["metric"] == frame["val_loss"].max()
    panel.hide("batch")
    assert panel.pair == [] and panel.pair_view == {}


def test_a_bad_pair_says_what_was_wrong():
    panel = ImportancePanel(product_sweep(100), metric="val_loss")
    with pytest.raises(ValueError, match="two different parameters"):
        panel.pair = ["lr"]
    with pytest.raises(ValueError, match="two different parameters"):
        panel.pair = ["lr", "lr"]
    with pytest.raises(UnknownColumnError, match="lrr"):
        panel.pair = ["lr", "lrr"]
    with pytest.raises(UnknownColumnError, match="lrr"):
        panel.plot("lr", "lrr")
    with pytest.raises(ValueError, match="two different parameters"):
        panel.plot("lr", "lr")
    assert panel.pair == []


def test_plot_of_two_parameters_is_a_heatmap_with_markup_kept_as_text():
    frame = product_sweep(300)
    panel = ImportancePanel(frame, metric="val_loss")
    figure = panel.plot("lr", "<b>width")
    heatmap = figure.data[0]
    assert heatmap.type == "heatmap"
    assert "&lt;b&gt;width" in figure.layout.yaxis.title.text
    assert "<b>" not in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "lr (log scale)"
    # log-scaled lr: its cells sit on log10 of the bins' edges, ticked in lr's units
    assert heatmap.x[0] == pytest.approx(np.log10(frame["lr"].min()))
    counts = np.array(heatmap.customdata, dtype=float)
    assert counts.sum() == 300  # every run in some cell
    assert any(shape.type == "rect" for shape in figure.layout.shapes)  # the best cell
    assert figure.data[1].marker.symbol == "star"  # the best run


def test_the_export_carries_the_pairs_and_their_heatmaps(tmp_path):
    panel = ImportancePanel(product_sweep(300), metric="val_loss")
    text = panel.to_html(tmp_path / "panel.html").read_text("utf-8")
    match = re.search(
        r'<script type="application/json" id="hpviz-state">(.*?)</script>', text, re.DOTALL
    )
    state = json.loads(match.group(1))
    frame = panel.interactions
    assert [p["parameter_a"] for p in state["pairs"]] == list(frame["parameter_a"])
    assert state["pairs_info"]["status"] == "ready"
    assert len(state["_pair_views"]) == len(frame)
    key = json.dumps(
        [frame.iloc[0]["parameter_a"], frame.iloc[0]["parameter_b"]],
        separators=(",", ":"),
        ensure_ascii=False,
    )  # as the page's JSON.stringify
    assert state["_pair_views"][key]["cells"]
    assert "<b>width" not in text  # names with markup stay escaped JSON
