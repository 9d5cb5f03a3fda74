"""Property-based tests over random small run tables: whatever the columns hold, the analysis
answers without an unexpected exception, with importances ≥ 0 summing to 1 (or all 0) and
correlations within [-1, 1]."""

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpviz import ImportancePanel, importance_table

FLOATS = st.floats(allow_nan=True, allow_infinity=True)
# Any finite metric value: the target is centred and scaled before the forest sees it.
METRIC_FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [np.nan, np.inf, -np.inf]
)
WORDS = st.sampled_from(["adam", "sgd", "<b>x</b>", "a & b", "", "None", "1", "2.5", "ü"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), FLOATS, WORDS, st.text(max_size=3)
)

COLUMN_VALUES = {
    "float": FLOATS,
    "int": st.integers(-(2**40), 2**40),
    "bool": st.booleans(),
    "word": WORDS,
    "mixed": SCALARS,
    "list": st.lists(st.integers(0, 3), max_size=3),
    "dict": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 2) | WORDS, max_size=2),
    "datetime": st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    "none": st.none(),
}


@st.composite
def run_tables(draw):
    """A frame of 0–25 runs: a few parameter columns of random kinds, with holes, and a
    metric ``val_loss`` of floats (NaN and ±inf included) or booleans."""
    n = draw(st.integers(0, 25))
    frame = {}
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(sorted(COLUMN_VALUES)))
        values = COLUMN_VALUES[kind]
        if draw(st.booleans()):
            values = values | st.none()
        if draw(st.booleans()):  # few distinct values, as sweeps have
            pool = draw(st.lists(values, min_size=1, max_size=3))
            values = st.sampled_from(pool)
        frame[f"p{i}"] = draw(st.lists(values, min_size=n, max_size=n))
    metric = draw(st.sampled_from([METRIC_FLOATS, st.booleans(), METRIC_FLOATS | st.none()]))
    frame["val_loss"] = draw(st.lists(metric, min_size=n, max_size=n))
    return pd.DataFrame(frame)


def check_numbers(table):
    importance = table["importance"].to_numpy(dtype=float)
    assert (importance >= 0).all()
    total = importance.sum()
    assert math.isclose(total, 1.0, rel_tol=1e-9) or total == 0.0
    correlations = [*table["correlation"]]
    correlations += [v["correlation"] for values in table["values"] for v in values]
    for r in correlations:
        assert r is None or np.isnan(r) or -1.0 <= r <= 1.0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run_tables())
def test_importance_table_on_random_tables(frame):
    table = importance_table(frame, "val_loss")
    check_numbers(table)
    assert table.attrs["n_runs"] + table.attrs["n_excluded"] == len(frame)
    assert list(table["importance"]) == sorted(table["importance"], reverse=True)
    if table.attrs["reason"]:
        assert (table["importance"] == 0).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run_tables())
def test_panel_on_random_tables(frame):
    panel = ImportancePanel(frame, metric="val_loss").wait()
    assert panel.status in ("ready", "empty"), panel.message
    assert panel.n_runs + panel.n_excluded == len(frame)
    json.dumps(panel.rows, allow_nan=False)  # what the browser receives is strict JSON
    rows = pd.DataFrame(panel.rows, columns=["importance", "correlation", "values"])
    check_numbers(rows.fillna(np.nan))
