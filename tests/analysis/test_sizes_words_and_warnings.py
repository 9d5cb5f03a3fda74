"""Numbers you can trust at every size (issue 19), the analysis side: small sweeps, numbers with a
few words, adaptive samplers, memory, unfinished runs and warnings."""

from __future__ import annotations

import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ks_2samp
from sklearn.ensemble import RandomForestRegressor

from hpviz import ImportancePanel, importance_table
from hpviz.analysis.dependence import ks_pvalues, moves_with
from hpviz.analysis.drilldown import drilldown
from hpviz.analysis.encoding import encode
from hpviz.analysis.forest import _DirectForest
from hpviz.analysis.space import suggest_space
from hpviz.datasets import diverged_sweep, synthetic_sweep
from hpviz.ingest import column_roles

FIXTURES = Path(__file__).parents[1] / "fixtures"


# --- small sweeps -------------------------------------------------------------------------


def _normal_sweep(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-4, -1, n),
            "wd": rng.uniform(size=n),
            "val_loss": rng.normal(1.68, 0.3, n),
        }
    )


def test_eight_normal_runs_are_rarely_called_diverged():
    switched = 0
    for seed in range(100):
        table = importance_table(_normal_sweep(8, seed), "val_loss")
        if table.attrs["target"] == "rank":
            switched += 1
        else:
            assert not any("median" in note for note in table.attrs["notes"])
    assert switched <= 5  # was 35 in 100


@pytest.mark.parametrize("n", [3, 4, 5, 6, 10, 15, 20])
def test_small_normal_metrics_stay_raw_at_every_size(n):
    from hpviz.analysis.target import prepare_target

    rng = np.random.default_rng(n)
    used = [prepare_target(rng.normal(1.68, 0.3, n), "auto", "m").used for _ in range(400)]
    assert used.count("rank") <= 0.05 * len(used)


def test_a_diverged_run_among_a_few_is_still_seen():
    for seed in range(5):
        table = importance_table(diverged_sweep(8, seed=seed).drop(columns="diverged"), "val_loss")
        assert table.attrs["target"] == "rank", seed
        assert "Fitted on the ranks of val_loss" in " ".join(table.attrs["notes"])


def test_three_runs_say_their_importances_mean_nothing():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2], "value": [1.37, 1.68, 2.1]})
    for metric_values in ([1.37, 1.68, 2.1], [2.1, 1.37, 1.68]):
        table = importance_table(frame.assign(value=metric_values), "value")
        assert (table["importance"] == 0).all() and not table["useful"].any()
        assert table.attrs["reason"].startswith("Only 3 runs have a value for value: too few")
        assert table.attrs["target"] == "raw"  # and no run called diverged
    panel = ImportancePanel(frame, metric="value").wait()
    assert panel.status == "empty" and "too few for importances to mean anything" in panel.message
    five = importance_table(_normal_sweep(5, 0), "val_loss")
    assert five.attrs["reason"] == "" and five["importance"].sum() == pytest.approx(1.0)


# --- numbers with a few words --------------------------------------------------------------


def _svm_sweep(share: float, n: int = 300, seed: int = 0) -> pd.DataFrame:
    """gamma log-uniform with a share of runs at gamma="scale"; only C and gamma matter."""
    rng = np.random.default_rng(seed)
    C = 10 ** rng.uniform(-2, 2, n)
    gamma = 10 ** rng.uniform(-4, 0, n)
    loss = 0.5 * np.log10(C) + (np.log10(gamma) + 2) ** 2 + rng.normal(0, 0.3, n)
    words = rng.uniform(size=n) < share
    loss[words] = 0.5 * np.log10(C[words]) + 0.2 + rng.normal(0, 0.3, words.sum())
    gamma = gamma.astype(object)
    gamma[words] = "scale"
    return pd.DataFrame(
        {"C": C, "gamma": gamma, "seed": rng.integers(0, 1000, n), "val_loss": loss}
    )


@pytest.mark.parametrize("share", [0.05, 0.25])
def test_a_number_column_with_a_few_words_keeps_its_importance(share):
    frame = _svm_sweep(share)
    roles = column_roles(frame).set_index("column")["role"]
    assert roles["gamma"] == "parameter"  # was an identifier at 5 %
    table = importance_table(frame, "val_loss").set_index("parameter")
    assert table.index[0] == "gamma"
    assert table.loc["gamma", "kind"] == "numeric" and table.loc["gamma", "scale"] == "log"
    assert table.loc["gamma", "importance"] > 0.6 and table.loc["gamma", "useful"]
    assert table.loc["gamma", "shape"] == "best in the middle"
    assert 1e-3 < table.loc["gamma", "best_low"] < 1e-2 < table.loc["gamma", "best_high"] < 0.1
    assert not table.loc["seed", "useful"]


def test_the_words_get_a_strip_of_their_own_in_the_drilldown_and_the_space():
    frame = _svm_sweep(0.1, n=120)
    frame.loc[frame.index[:3], "gamma"] = "auto"
    view = drilldown(frame, "val_loss", "gamma")
    assert view["kind"] == "numeric" and view["scale"] == "log"
    special = {c["value"]: c for c in view["special"]}
    assert set(special) == {"auto", "scale"} and special["auto"]["count"] == 3
    assert view["n_runs"] + sum(c["count"] for c in view["special"]) == len(frame)
    assert all(isinstance(x, float) for x in view["x"])
    words = frame["gamma"].map(lambda v: isinstance(v, str))
    scale = frame.loc[frame["gamma"] == "scale", "val_loss"]
    assert special["scale"]["mean"] == pytest.approx(scale.mean())
    best_word = frame.assign(val_loss=np.where(words, -100.0, frame["val_loss"]))
    assert drilldown(best_word, "val_loss", "gamma")["best"]["x"] in {"auto", "scale"}
    space = suggest_space(best_word, "val_loss", ["gamma"], top=0.05)["parameters"]["gamma"]
    assert space == {"values": ["scale"]} or set(space["values"]) <= {"scale", "auto"}
    numbers_best = suggest_space(frame, "val_loss", ["gamma"], top=0.1)["parameters"]["gamma"]
    assert numbers_best["distribution"] == "log_uniform_values"


def test_many_words_among_numbers_stay_a_categorical():
    rng = np.random.default_rng(0)
    values = rng.choice([*(f"w{i}" for i in range(12)), 0.1, 0.2, 0.3], 200).astype(object)
    frame = pd.DataFrame({"p": values, "val_loss": rng.normal(size=200)})
    assert encode("p", frame["p"]).kind == "categorical"


def test_appending_runs_with_a_word_keeps_the_parameter():
    rng = np.random.default_rng(0)
    n = 60
    frame = pd.DataFrame({"lr": 10 ** rng.uniform(-4, -1, n), "wd": rng.uniform(size=n)})
    frame["val_loss"] = (np.log10(frame["lr"]) + 2.5) ** 2 + rng.normal(0, 0.1, n)
    panel = ImportancePanel(frame, metric="val_loss").wait()
    more = pd.DataFrame({"lr": ["high"] * 10, "wd": rng.uniform(size=10), "val_loss": 3.0})
    panel.append(more).wait()
    rows = {row["parameter"]: row for row in panel.rows}
    assert "lr" in panel.parameters and rows["lr"]["kind"] == "numeric"
    assert rows["lr"]["importance"] > 0.8 and rows["lr"]["useful"]
    assert panel.n_runs == 70


# --- adaptive samplers ----------------------------------------------------------------------


def test_a_small_real_effect_under_tpe_is_not_taken_for_a_borrowed_one():
    table = importance_table(FIXTURES / "optuna_tpe_x1_study.csv", "value").set_index("parameter")
    assert table.index[0] == "lr"
    assert table.loc["x1", "useful"]  # was "borrowed" from lr
    assert "x1" not in table.attrs["borrowed"]
    assert table.loc["x2", "importance"] < table.loc["x1", "importance"]


def test_a_tpe_study_gets_little_importance_for_what_carries_nothing():
    table = importance_table(FIXTURES / "optuna_tpe_study.csv", "value").set_index("parameter")
    assert table.index[0] == "lr" and table.loc["lr", "useful"]
    assert table.loc[["data_seed", "wd"], "importance"].sum() < 0.1
    assert not table.loc[["data_seed", "wd"], "useful"].any()


def test_a_random_search_keeps_impurity_importances():
    # the permutation importances are for runs that drifted: a random search never does
    frame = synthetic_sweep(300, 20, seed=3)
    table = importance_table(frame, "val_loss", seed=3)
    assert table.attrs["borrowed"] == ""
    assert (table["importance"] > 0).all()  # impurity: every parameter gets some


@settings(max_examples=40, deadline=None)
@given(
    st.integers(10, 60),
    st.integers(10, 60),
    st.integers(1, 4),
    st.booleans(),
    st.integers(0, 2**31 - 1),
)
def test_the_drift_tests_p_values_are_scipys(m, n, k, ties, seed):
    rng = np.random.default_rng(seed)
    draw = (
        (lambda *s: rng.integers(0, 6, s).astype(float))
        if ties
        else (lambda *s: rng.normal(size=s))
    )
    first, last = draw(m, k), draw(n, k) + rng.uniform(0, 1)
    first[rng.uniform(size=first.shape) < 0.1] = np.nan
    last[rng.uniform(size=last.shape) < 0.1] = np.nan
    expected = ks_2samp(first, last, axis=0, method="asymp", nan_policy="omit").pvalue
    np.testing.assert_allclose(ks_pvalues(first, last), expected, rtol=1e-6, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.integers(5, 300), st.integers(1, 8), st.integers(0, 1000), st.booleans())
@pytest.mark.parametrize("threads", [1, 2])
def test_forests_grown_directly_are_scikit_learns(threads, n, k, seed, missing):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, k))
    y = X[:, 0] + rng.normal(size=n)
    if missing:
        X[rng.uniform(size=X.shape) < 0.1] = np.nan
    ours = _DirectForest(n, n, seed, threads)
    theirs = RandomForestRegressor(0, max_features=1.0, random_state=seed, warm_start=True)
    for _ in range(2):
        ours.n_estimators += 10
        theirs.n_estimators += 10
        ours.fit(X, y)
        theirs.fit(X, y)
    for a, b in zip(ours.estimators_, theirs.estimators_, strict=True):
        np.testing.assert_array_equal(a.feature_importances_, b.feature_importances_)


# --- memory ------------------------------------------------------------------------------


def test_moves_with_needs_memory_linear_in_the_parameters():
    rng = np.random.default_rng(0)
    values = rng.uniform(size=(50, 5000))
    values[:, 1] = 2 * values[:, 0] + rng.normal(0, 0.01, 50)
    encoded = [encode(f"p{i}", pd.Series(values[:, i])) for i in range(values.shape[1])]
    tracemalloc.start()
    try:
        found = moves_with(encoded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found[:2] == ["p1", "p0"]
    assert peak < 300e6  # two 5 000 × 5 000 matrices took 625 MB


def test_moves_with_finds_what_the_dense_correlations_find():
    rng = np.random.default_rng(1)
    base = rng.uniform(size=(200, 6))
    base[:, 3] = base[:, 2] ** 3 + rng.normal(0, 0.01, 200)  # rank-correlated: moves with
    base[rng.uniform(size=base.shape) < 0.05] = np.nan
    encoded = [encode(f"p{i}", pd.Series(base[:, i])) for i in range(6)]
    assert moves_with(encoded) == ["", "", "p3", "p2", "", ""]


# --- unfinished runs ---------------------------------------------------------------------


def test_a_parameter_only_failed_trials_set_is_empty_not_constant():
    frame = pd.DataFrame(
        {
            "number": range(8),
            "params_lr": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
            "params_retry": [np.nan] * 6 + [1.0, 2.0],
            "value": [1.0, 1.5, 0.5, 2.0, 1.2, 0.7, np.nan, np.nan],
            "state": ["COMPLETE"] * 6 + ["FAIL", "FAIL"],
        }
    )
    table = importance_table(frame, "value", unfinished="include").set_index("parameter")
    assert table.loc["retry", "kind"] == "empty"
    assert table.attrs["n_runs"] == 6 and table.attrs["n_excluded"] == 2
    note = next(n for n in table.attrs["notes"] if "did not finish" in n)
    assert "and are analysed" not in note and "those with a value of the metric" in note


# --- warnings ----------------------------------------------------------------------------


def _hostile_frames():
    rng = np.random.default_rng(0)
    for n in (2, 3, 5, 8, 30, 60):
        frame = pd.DataFrame(
            {
                "lr": 10 ** rng.uniform(-5, 0, n),
                "x": rng.uniform(size=n),
                "opt": rng.choice(["a", "b"], n),
                "val_loss": rng.normal(size=n),
            }
        )
        yield frame
        mostly_missing = frame.copy()
        mostly_missing.loc[mostly_missing.index[: max(1, n * 2 // 3)], "x"] = np.nan
        yield mostly_missing
        yield frame.assign(big=rng.uniform(size=n) * 1e308)
        yield frame.assign(c=np.array([1 + 1j] * (n - 1) + [2 + 0j]))
        yield frame.assign(x=np.nan)
        ties = frame.copy()
        ties.loc[ties.index[: n // 2], "x"] = np.nan
        yield ties.assign(val_loss=ties["val_loss"].round(0))


def test_no_numpy_or_scipy_warning_reaches_the_user():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for frame in _hostile_frames():
            params = [c for c in frame.columns if c != "val_loss"]
            importance_table(frame, "val_loss")
            for param in params:
                drilldown(frame, "val_loss", param)
            suggest_space(frame, "val_loss", params)


def test_tied_values_in_the_order_checks_raise_no_warning():
    # a metric or a setting of one value in the checks that ask whether a table is sorted (a
    # random table in CI's property test found numpy's "invalid value" there)
    from hpviz.analysis.dependence import sorted_by

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not sorted_by(np.full(40, 0.5))
        assert sorted_by(np.arange(40.0))


def test_ordinary_appends_raise_no_warning():
    rng = np.random.default_rng(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = pd.DataFrame({"lr": rng.uniform(size=40), "x": rng.uniform(size=40)})
        panel = ImportancePanel(frame.assign(val_loss=rng.normal(size=40)), metric="val_loss")
        panel.wait()
        for _ in range(5):
            more = pd.DataFrame({"lr": rng.uniform(size=2), "x": np.nan, "val_loss": 1.0})
            panel.append(more).wait()
        panel.close()
    assert [str(w.message) for w in caught] == []


def test_complex_values_are_not_cast_to_real():
    frame = pd.DataFrame({"c": [1 + 1j, 2 + 0j, 1 + 1j, 3 - 1j], "val_loss": [1.0, 2.0, 1.5, 3.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert encode("c", frame["c"]).kind == "categorical"
        assert encode("c", pd.Series([1 + 0j, 2 + 0j, 3 + 0j])).kind == "numeric"
        with pytest.raises(TypeError, match="metric 'c' has complex values"):
            importance_table(frame, "c", params=["val_loss"])


def test_the_plotly_drilldown_draws_the_words_beside_the_numbers():
    from hpviz.plots import drilldown_figure

    frame = _svm_sweep(0.1, n=120)
    figure = drilldown_figure(drilldown(frame, "val_loss", "gamma"))
    boxes = [t for t in figure.data if t.type == "box"]
    assert [b.name for b in boxes] == ["gamma = scale"] and boxes[0].xaxis == "x2"
    assert figure.layout.xaxis.type == "log" and figure.layout.xaxis2.type == "category"
    assert len(boxes[0].y) == int((frame["gamma"] == "scale").sum())
