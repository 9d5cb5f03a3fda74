"""What issue 20 asks the Python side to say right: the study's own distributions, an empty
study, scikit-learn's ``param_`` prefix, notes in plain words with the action each calls for,
and the buttons' messages answered by the panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, importance_table
from hpviz.datasets import load_digits_sweep
from hpviz.ingest import UnknownColumnError, load_runs

optuna = pytest.importorskip("optuna")
optuna.logging.set_verbosity(optuna.logging.WARNING)


def _study(n_trials: int, seed: int = 0):
    def objective(trial):
        lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
        dropout = trial.suggest_float("dropout", 0.0, 0.5)  # uniform: not log
        trial.suggest_int("layers", 1, 8)
        return (np.log10(lr) + 3) ** 2 + dropout

    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(objective, n_trials=n_trials)
    return study


def test_the_studys_distributions_decide_the_scale():
    """A dropout drawn uniformly from 0–0.5 spans decades by its smallest draws, and the values
    alone would call it log; the study says log=False, and so does the table."""
    study = _study(60, seed=3)
    dropout = study.trials_dataframe()["params_dropout"]
    from hpviz.analysis.encoding import is_log_scale

    table = importance_table(study, "value").set_index("parameter")
    assert table.loc["lr", "scale"] == "log"
    assert table.loc["dropout", "scale"] == "linear"
    assert table.loc["layers", "scale"] == "linear"
    # the premise: without the study, its values look log-scaled
    if is_log_scale(dropout.to_numpy()):
        frame = importance_table(study.trials_dataframe(), "value").set_index("parameter")
        assert frame.loc["dropout", "scale"] == "log"


def test_an_empty_study_says_no_finished_trials_yet():
    study = optuna.create_study()
    panel = ImportancePanel(study)
    panel.wait()
    assert panel.status == "empty"
    assert panel.message.startswith("No finished trials yet.")
    assert "no parameter columns" not in panel.message
    panel.close()


def test_scikit_learns_param_prefix_is_dropped_like_optunas():
    rng = np.random.default_rng(0)
    n = 40
    frame = pd.DataFrame(
        {
            "mean_fit_time": rng.uniform(0, 1, n),
            "std_fit_time": rng.uniform(0, 0.1, n),
            "param_C": rng.choice([0.1, 1.0, 10.0, 100.0], n),
            "param_kernel": rng.choice(["linear", "rbf"], n),
            "params": [f"{{'C': {c}}}" for c in range(n)],
            "split0_test_score": rng.uniform(0.5, 1, n),
            "mean_test_score": rng.uniform(0.5, 1, n),
            "std_test_score": rng.uniform(0, 0.1, n),
            "rank_test_score": rng.permutation(n) + 1,
        }
    )
    loaded = load_runs(frame)
    assert set(loaded.columns.params) == {"C", "kernel"}
    assert loaded.metric == "mean_test_score"
    assert importance_table(frame, "mean_test_score").attrs["goal"] == "maximize"
    assert "rank_test_score" not in loaded.columns.params
    with pytest.raises(UnknownColumnError, match="'param_C' is called 'C' here"):
        importance_table(frame, "mean_test_score", params=["param_C"])


def test_notes_are_one_short_line_then_details_without_api_jargon():
    table = importance_table(load_digits_sweep(), "val_loss")
    for note in table.attrs["notes"]:
        line = note.split(". ")[0]
        assert len(line.split()) <= 16, note
        assert "target=" not in note and "unfinished=" not in note, note
    few = pd.DataFrame(
        {"a": np.arange(12.0), "b": np.arange(12.0) % 3, "val_loss": np.arange(12.0)}
    )
    rough = importance_table(few, "val_loss").attrs["rough"]
    assert rough.startswith("Rough numbers: only 12 runs for 2 parameters. ")


def test_each_action_names_its_note_exactly():
    table = importance_table(load_digits_sweep(), "val_loss")
    (action,) = table.attrs["actions"]
    assert action["note"] in table.attrs["notes"]
    assert action["label"] == "Use raw values"


def _wandb_like(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "Name": [f"run-{i}" for i in range(n)],
            "State": ["finished"] * (n - 6) + ["crashed"] * 4 + ["failed"] * 2,
            "lr": 10 ** rng.uniform(-4, -1, n),
            "batch_size": rng.choice([16, 32, 64], n),
        }
    )
    frame["val_loss"] = (np.log10(frame["lr"]) + 2.5) ** 2 + rng.normal(0, 0.05, n)
    return frame


def test_the_unfinished_note_offers_to_include_them_and_the_panel_does():
    panel = ImportancePanel(_wandb_like(), metric="val_loss")
    panel.wait()
    assert panel.n_runs == 34
    (action,) = [a for a in panel.note_actions if a["label"] == "Include these runs"]
    assert action["note"] in panel.notes and "6 of 40 runs left out" in action["note"]
    panel._on_message(panel, action["message"], [])  # the button's message, as the view sends it
    panel.wait()
    assert panel.n_runs == 40
    (back,) = [a for a in panel.note_actions if a["label"] == "Leave them out"]
    assert "did not finish" in back["note"]
    panel.close()


def test_use_raw_values_refits_on_the_values():
    panel = ImportancePanel(load_digits_sweep(), metric="val_loss")
    panel.wait()
    (action,) = panel.note_actions
    assert action["message"] == {"type": "set_target", "target": "raw"}
    ranked = panel.table.set_index("parameter")["importance"]
    panel._on_message(panel, action["message"], [])
    panel.wait()
    assert not any("ranks" in note for note in panel.notes)
    assert panel.note_actions == []
    raw = panel.table.set_index("parameter")["importance"]
    assert (raw - ranked).abs().max() > 0.01  # a different fit
    with pytest.raises(ValueError, match="target must be one of"):
        panel.refit(target="cubic")
    panel.close()


def test_a_role_goes_back_to_metric():
    frame = _wandb_like().assign(val_acc=lambda f: 1 - f["val_loss"])
    panel = ImportancePanel(frame, metric="val_loss")
    panel.set_role("val_acc", "parameter")
    panel.wait()
    roles = {r["column"]: r for r in panel.roles}
    assert roles["val_acc"]["role"] == "parameter"
    assert roles["val_acc"]["reason"].startswith("your choice (was metric")
    panel._on_message(panel, {"type": "set_role", "column": "val_acc", "role": "auto"}, [])
    panel.wait()
    roles = {r["column"]: r for r in panel.roles}
    assert roles["val_acc"]["role"] == "metric"
    assert "val_acc" in panel.metrics and "val_acc" not in panel.parameters
    panel.close()


def test_the_csv_carries_every_column_the_table_shows():
    """js/src/csv.js's rowsToCsv on the rows the panel sends, read back with pandas: the shape,
    the best range and what the fit was made on are there, equal to the panel's."""
    import io
    import json
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH")
    panel = ImportancePanel(load_digits_sweep(), metric="val_loss")
    panel.wait()
    csv_js = Path(__file__).resolve().parents[2] / "js" / "src" / "csv.js"
    script = (
        "const { rowsToCsv } = await import(process.argv[1]);"
        "let input = ''; for await (const c of process.stdin) input += c;"
        "const { rows, context } = JSON.parse(input);"
        "process.stdout.write(rowsToCsv(rows, context));"
    )
    context = {"metric": panel.metric, "goal": panel.goal, "nRuns": panel.n_runs,
               "noiseFloor": panel.noise_floor, "target": panel.fitted_on}  # fmt: skip
    done = subprocess.run(
        [node, "--input-type=module", "-e", script, csv_js.as_uri()],
        input=json.dumps({"rows": panel.rows, "context": context}),
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    csv = pd.read_csv(io.StringIO(done.stdout)).set_index("parameter")
    assert {"shape", "best_low", "best_high", "target", "active", "moves_with"} <= set(csv.columns)
    assert set(csv["target"]) == {"rank"} and panel.fitted_on == "rank"
    table = panel.table.set_index("parameter")
    lr = "learning_rate"
    assert csv.loc[lr, "shape"] == table.loc[lr, "shape"] == "best in the middle"
    assert csv.loc[lr, "best_low"] == pytest.approx(table.loc[lr, "best_low"])
    assert csv.loc[lr, "best_high"] == pytest.approx(table.loc[lr, "best_high"])
    panel.close()
