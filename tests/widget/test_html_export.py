"""ImportancePanel.to_html: one self-contained file, state inlined, safely escaped."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel
from hpviz.analysis import useful_parameters
from hpviz.export import script_json, standalone_html
from tests.sweeps import make_sweep

XSS = "</script><script>window.__xss=1</script><!--"


@pytest.fixture
def exported(tmp_path):
    frame = make_sweep(120)
    frame[XSS] = frame["noise_a"]
    params = ["lr", "batch_size", "optimizer", "noise_a", "const", XSS]
    panel = ImportancePanel(frame, metric="val_loss", params=params).wait()
    panel.hide("const")
    panel.sort_by, panel.descending = "parameter", False
    path = panel.to_html(tmp_path / "panel.html")
    return panel, path.read_text("utf-8")


def state_of(text):
    match = re.search(
        r'<script type="application/json" id="hpviz-state">(.*?)</script>', text, re.DOTALL
    )
    assert match, "no inlined state"
    return json.loads(match.group(1))


def test_the_file_is_self_contained(exported):
    _, text = exported
    assert text.startswith("<!DOCTYPE html>")
    # no external scripts, styles, imports or fetches
    assert not re.search(r"<script[^>]*\bsrc=", text, re.IGNORECASE)
    assert not re.search(r"<link\b", text, re.IGNORECASE)
    # (a JSDoc type such as {import("@anywidget/types").Render} is a comment, not an import)
    assert not re.search(r"""(?<!\{)\bimport\s*(\(|["'])|\bfrom\s+["']""", text)
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", text, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?https?:""", text, re.IGNORECASE)
    assert "fetch(" not in text
    # the front end and its styles are inlined
    assert "function render(" in text  # the bundle; anywidget takes render from its default
    assert ".hpviz {" in text
    assert text.count('<script type="module">') == 1


def test_the_state_is_inlined(exported):
    panel, text = exported
    state = state_of(text)
    assert state["metric"] == "val_loss"
    assert state["metrics"] == ["val_loss"]
    assert state["hidden"] == []
    assert state["sort_by"] == "parameter" and state["descending"] is False
    assert state["parameters"] == [row["parameter"] for row in panel.rows]
    assert "const" not in state["parameters"]
    assert state["rows"] == json.loads(json.dumps(panel.rows))
    assert state["n_runs"] == 120
    assert "Static export" in state["message"] and "1 hidden" in state["message"]


def test_names_cannot_break_out_of_the_script(exported):
    _, text = exported
    # The only </script> tags are the two that close the state and the module.
    assert text.lower().count("</script") == 2
    assert "<!--" not in text
    assert XSS in state_of(text)["parameters"]


def test_script_json_escapes_markup_and_drops_nan():
    text = script_json({"a": "</script><!--&", "b": float("nan"), "c": ["\u2028"]})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--&", "b": None, "c": ["\u2028"]}


def test_the_module_text_is_escaped():
    html = standalone_html(
        {}, 'const s = "</SCRIPT>"; // <!-- x', "a::after{content:'</style>'}", "t<"
    )
    assert "</SCRIPT>" not in html and "<!--" not in html and "</style>'" not in html
    assert "<title>t&lt;</title>" in html


def test_export_of_many_parameters_stays_small(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.uniform(size=(3000, 120)), columns=[f"p{i}" for i in range(120)])
    frame["val_loss"] = frame["p0"] + rng.normal(0, 0.1, 3000)
    panel = ImportancePanel(frame, metric="val_loss")
    path = panel.to_html(tmp_path / "panel.html")
    assert path.stat().st_size < 6_000_000  # every row's drill-down, fewer points each
    assert '"p119"' in path.read_text("utf-8")


def test_export_of_a_thousand_parameters_is_bounded(tmp_path):
    from hpviz.export import EXPORT_DRILLDOWNS

    rng = np.random.default_rng(1)
    names = [f"p{i}" for i in range(1000)]
    frame = pd.DataFrame(rng.normal(size=(150, 1000)), columns=names)
    frame["val_loss"] = frame["p0"] + frame["p1"] + rng.normal(0, 0.1, 150)
    panel = ImportancePanel(frame, metric="val_loss")
    path = panel.to_html(tmp_path / "panel.html")
    assert path.stat().st_size < 5_000_000
    state = state_of(path.read_text("utf-8"))
    assert len(state["rows"]) == 1000
    plotted = [v for v in state["_drilldowns"].values() if v["kind"] != "none"]
    assert len(plotted) == EXPORT_DRILLDOWNS
    assert state["_drilldowns"]["p0"]["kind"] == "numeric"  # the most important are plotted
    least = state["rows"][-1]["parameter"]
    assert "in the notebook" in state["_drilldowns"][least]["message"]


def test_the_exported_wand_is_the_panels_rule(tmp_path):
    panel = ImportancePanel(make_sweep(300), metric="val_loss")
    path = panel.to_html(tmp_path / "panel.html")
    state = state_of(path.read_text("utf-8"))
    assert state["wand"] == useful_parameters(panel._current())
    flat = make_sweep(60).assign(val_loss=1.0)  # all importances 0: every varying parameter
    panel = ImportancePanel(flat, metric="val_loss")
    state = state_of(panel.to_html(tmp_path / "flat.html").read_text("utf-8"))
    assert state["wand"] == useful_parameters(panel._current())
    assert set(state["wand"]) == {"lr", "batch_size", "optimizer", "noise_a", "noise_b"}
