"""A row that sums up the other runs (an "Avg" row under a results table) is not a run."""

import io

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hpviz import ImportancePanel, importance_table
from hpviz.ingest import load_runs
from hpviz.ingest.summaries import leave_out_summaries

# a results table as people write them by hand: one row per experiment, a padded number or
# two, the confusion counts left blank in the closing "Avg" row (the column means, 3 decimals)
WRITTEN = """source,target,acc,precision,recall,F1,auc,TN,TP,rate,lr
a-1.0,a-1.1,0.812 ,0.633 ,0.660 ,0.646 ,0.771 ,220,60,0.45,0.001
a-1.1,a-1.2,0.771 ,0.507 ,0.651 ,0.570 ,0.810 ,460,110,0.5,0.001
b-1.2,b-1.4,0.680 ,0.290 ,0.624 ,0.396 ,0.718 ,480,90,0.5,0.001
b-1.4,b-1.6,0.736 ,0.338 ,0.318 ,0.328 ,0.566 ,610,58,0.6,0.001
c-3.2,c-4.0,0.765 ,0.514 ,0.670 ,0.582 ,0.764 ,170,44,0.55,0.001
c-4.0,c-4.1,0.790 ,0.535 ,0.725 ,0.616 ,0.830 ,175,50,0.35,0.001
d-2.0,d-2.2,0.620 ,0.800 ,0.512 ,0.624 ,0.681 ,70,73,0.6,0.001
d-2.2,d-2.4,0.639 ,0.786 ,0.560 ,0.654 ,0.683 ,95,112,0.55,0.001
e-1.5,e-2.5,0.727 ,0.723 ,0.930 ,0.814 ,0.677 ,44,230,0.35,0.001
e-2.5,e-3.0,0.748 ,0.741 ,0.935 ,0.827 ,0.725 ,66,260,0.35,0.001
f-1.4,f-1.5,0.553 ,0.733 ,0.511 ,0.602 ,0.607 ,45,70,0.45,0.001
f-1.5,f-1.6,0.655 ,0.495 ,0.804 ,0.613 ,0.714 ,88,64,0.55,0.001
Avg,,0.708 ,0.591 ,0.658 ,0.606 ,0.712 ,,,0.483 ,0.001
"""


def written(tmp_path) -> str:
    path = tmp_path / "results.csv"
    path.write_text(WRITTEN)
    return str(path)


def test_a_closing_average_row_is_left_out_with_a_note(tmp_path):
    runs = load_runs(written(tmp_path))
    assert len(runs.frame) == 12
    assert "Avg" not in set(runs.frame["source"])
    (note,) = [n for n in runs.notes if "summary" in n]
    assert note.startswith("Row 13 (Avg) left out: ")
    assert "the mean of the other runs" in note
    table = importance_table(written(tmp_path), "acc")
    assert table.attrs["n_runs"] == 12
    assert note in table.attrs["notes"]


def test_the_panel_says_so_and_counts_only_the_runs(tmp_path):
    panel = ImportancePanel(written(tmp_path), metric="acc").wait()
    assert panel.n_runs == 12
    assert any("(Avg) left out" in note for note in panel.notes)


def test_a_total_row_at_the_top_and_a_median_row_are_summaries_too():
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(
        {
            "lr": rng.choice([1e-4, 1e-3, 1e-2], 10),
            "epochs": rng.choice([10, 20, 40], 10),
            "seconds": np.round(rng.uniform(50, 500, 10), 1),
            "loss": np.round(rng.uniform(0.1, 0.9, 10), 3),
            "val_acc": np.round(rng.uniform(0.6, 0.95, 10), 3),
        }
    )
    total = frame.sum().to_frame().T  # settings summed too, as a spreadsheet's total row does
    median = frame.median().round(3).to_frame().T
    rows = pd.concat([total, frame, median], ignore_index=True)
    kept, notes = leave_out_summaries(rows, list(rows.columns))
    pd.testing.assert_frame_equal(kept, frame.astype(kept.dtypes), check_dtype=False)
    assert [n.split(":")[0] for n in notes] == ["Row 1 left out", "Row 12 left out"]
    assert "the sum of the other runs" in notes[0] and "the median" in notes[1]


def test_a_run_near_the_mean_in_some_columns_stays():
    frame = pd.read_csv(io.StringIO(WRITTEN)).iloc[:-1]
    means = frame.mean(numeric_only=True).round(3)
    near = means.copy()
    near["auc"] = round(means["auc"] + 0.05, 3)  # one column away from the mean: a real run
    rows = pd.concat([frame, near.to_frame().T], ignore_index=True)
    kept, notes = leave_out_summaries(rows, list(means.index))
    assert len(kept) == len(rows) and notes == []


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(6, 40),
    decimals=st.lists(st.integers(0, 3), min_size=3, max_size=7),
    seed=st.integers(0, 2**32 - 1),
)
def test_runs_of_independent_settings_are_never_summaries(n, decimals, seed):
    # coarse values (whole numbers, one decimal) put many runs near any mean or median
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {f"c{j}": np.round(rng.uniform(0, 5, n), d) for j, d in enumerate(decimals)}
    )
    kept, notes = leave_out_summaries(frame, list(frame.columns))
    assert notes == [] and len(kept) == n
