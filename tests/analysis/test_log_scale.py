"""Log-scaled parameters are recognised and correlated on log10; Spearman on request."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.analysis import is_log_scale


@pytest.mark.parametrize("n", [30, 1000])
def test_log_detection_on_typical_search_spaces(n):
    rng = np.random.default_rng(n)
    assert is_log_scale(10 ** rng.uniform(-5, -1, n))  # log-uniform learning rate
    assert is_log_scale(rng.choice([1e-4, 1e-3, 1e-2, 1e-1], n))  # a log grid
    assert not is_log_scale(rng.uniform(0, 1, n))  # uniform dropout: spans decades, but linear
    assert not is_log_scale(rng.integers(10, 1001, n))  # n_estimators searched linearly
    assert not is_log_scale(rng.choice([16, 32, 64, 128], n))  # less than two decades
    assert not is_log_scale(rng.normal(size=n))  # negative values
    assert not is_log_scale(np.r_[10 ** rng.uniform(-5, -1, n), 0.0])  # a zero


def test_log_detection_ignores_missing_values():
    values = np.r_[10 ** np.linspace(-5, -1, 20), np.nan]
    assert is_log_scale(values)


def log_sweep(n=300, seed=0):
    """The metric falls linearly in log10(C): a strong effect on the log scale that raw
    Pearson, dominated by the few largest C, sees as much weaker."""
    rng = np.random.default_rng(seed)
    C = 10 ** rng.uniform(-3, 3, n)
    frame = pd.DataFrame({"C": C, "dropout": rng.uniform(0, 0.5, n)})
    frame["val_loss"] = -np.log10(C) + rng.normal(0, 0.5, n)
    return frame


def test_log_parameter_is_correlated_on_log10_and_marked():
    frame = log_sweep()
    table = importance_table(frame, "val_loss").set_index("parameter")
    raw = np.corrcoef(frame["C"], frame["val_loss"])[0, 1]
    on_log = np.corrcoef(np.log10(frame["C"]), frame["val_loss"])[0, 1]
    assert table.loc["C", "scale"] == "log"
    assert table.loc["dropout", "scale"] == "linear"
    assert table.loc["C", "correlation"] == pytest.approx(on_log)
    # the two answers differ in strength: strong on the log scale, weak on the raw one
    assert on_log < -0.9
    assert abs(raw) < abs(on_log) - 0.25
    assert abs(table.loc["C", "correlation"] - raw) > 0.25


def test_spearman_option():
    frame = log_sweep()
    spearman = importance_table(frame, "val_loss", correlation="spearman").set_index("parameter")
    expected = frame["C"].rank().corr(frame["val_loss"].rank())
    assert spearman.loc["C", "correlation"] == pytest.approx(expected)
    assert spearman.loc["C", "correlation"] < -0.9
    # the forest does not care which correlation is asked for
    pearson = importance_table(frame, "val_loss").set_index("parameter")
    assert spearman["importance"].to_dict() == pytest.approx(pearson["importance"].to_dict())


def test_unknown_correlation_method_is_refused_by_name():
    with pytest.raises(ValueError, match="pearson, spearman"):
        importance_table(log_sweep(50), "val_loss", correlation="kendall")
    with pytest.raises(ValueError, match="kendall"):
        ImportancePanel(log_sweep(50), metric="val_loss", correlation="kendall")


def test_panel_passes_the_option_on():
    frame = log_sweep(120)
    panel = ImportancePanel(frame, metric="val_loss", correlation="spearman")
    got = panel.table.set_index("parameter").loc["C", "correlation"]
    assert got == pytest.approx(frame["C"].rank().corr(frame["val_loss"].rank()))
