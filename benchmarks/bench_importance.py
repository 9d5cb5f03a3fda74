"""How fast is hpviz's importance, and how close to the forest everyone knows?

Prints a Markdown table: for each sweep size, the wall time of

* hpviz (``importance_table``: its forest, noise floor, correlations, everything),
* the plain forest: ``RandomForestRegressor(n_estimators=100, n_jobs=-1)``,
* Optuna's mean-decrease-impurity evaluator (64 trees) and PED-ANOVA evaluator,

each measured side by side in one run (median of ``--repeat`` runs), and each one's agreement
with the plain forest: the L1 distance between importance vectors (0 = identical, 2 = disjoint).
It also prints the size of the widget's synced state at 1 000 and 100 000 runs, and, with
``--noise``, how the agreement at 10 000 × 50 holds up as the metric gets noisier, next to the
distance between two plain forests that differ only in their seed.

    python benchmarks/bench_importance.py              # 1 000 × 20 and 10 000 × 50
    python benchmarks/bench_importance.py --noise      # adds the noise table (a few minutes)
    python benchmarks/bench_importance.py --full       # both, and 100 000 × 50 (minutes more)
    python benchmarks/bench_importance.py --honest     # only the floor, cardinality, TPE tables
    python benchmarks/bench_importance.py --tpe        # only the TPE table

Optuna is optional (``pip install optuna``); without it those columns are blank.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from functools import partial

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

from hpviz import ImportancePanel, importance_table
from hpviz.datasets import lr_objective
from hpviz.datasets import synthetic_sweep as make_sweep  # six relevant parameters, the rest noise


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def plain_forest(frame: pd.DataFrame, params: list[str], seed: int = 0) -> np.ndarray:
    forest = RandomForestRegressor(n_estimators=100, n_jobs=-1, random_state=seed)
    forest.fit(frame[params].to_numpy(), frame["val_loss"].to_numpy())
    return forest.feature_importances_


def hpviz_importance(frame: pd.DataFrame, params: list[str]) -> np.ndarray:
    table = importance_table(frame, "val_loss", params=params).set_index("parameter")
    return table.loc[params, "importance"].to_numpy()


def optuna_study(frame: pd.DataFrame, params: list[str]):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    distribution = optuna.distributions.FloatDistribution(0.0, 1.0)
    study = optuna.create_study()
    study.add_trials(
        [
            optuna.trial.create_trial(
                params=dict(zip(params, row[:-1], strict=True)),
                distributions=dict.fromkeys(params, distribution),
                value=row[-1],
            )
            for row in frame[[*params, "val_loss"]].itertuples(index=False)
        ]
    )
    return study


def optuna_importance(study, params: list[str], evaluator) -> np.ndarray:
    import optuna

    found = optuna.importance.get_param_importances(study, evaluator=evaluator, normalize=True)
    return np.array([found.get(p, 0.0) for p in params])


def state_size(n_runs: int) -> int:
    """Bytes of synced state, without the front-end module and stylesheet themselves."""
    panel = ImportancePanel(make_sweep(n_runs, 20), metric="val_loss").wait()
    state = {k: v for k, v in panel.get_state().items() if k not in ("_esm", "_css")}
    return len(json.dumps(state, default=str))


def noise_table(repeat: int) -> None:
    """Agreement with the plain forest at 10 000 × 50 as the metric's noise grows."""
    print()
    print(
        "| noise sd (signal sd ≈ 2) | hpviz: time | × plain | L1 to plain | plain, other seed: L1 |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for noise in (0.1, 0.3, 1.0, 3.0):
        frame = make_sweep(10_000, 50, noise=noise)
        params = [c for c in frame.columns if c != "val_loss"]
        plain_time, reference = timed(partial(plain_forest, frame, params), 1)
        other = plain_forest(frame, params, seed=1)
        hp_time, hp = timed(partial(hpviz_importance, frame, params), repeat)
        print(
            f"| {noise} | {hp_time:.3f} | {hp_time / plain_time:.1%} | "
            f"{np.abs(hp - reference).sum():.3f} | {np.abs(other - reference).sum():.3f} |"
        )


def floor_table() -> None:
    """How many of the six relevant and of the irrelevant parameters clear the noise floor,
    summed over five seeds (sweep and forest seed alike)."""
    print()
    print(
        "| runs × params | relevant above the floor (of 30) "
        "| irrelevant above the floor | time (s) |"
    )
    print("| --- | ---: | ---: | ---: |")
    relevant = {f"p{i:02d}" for i in range(6)}
    for n_runs, n_params in [
        (100, 20),
        (300, 20),
        (1_000, 20),
        (300, 50),
        (200, 20),
        (200, 200),
        (200, 2_000),
    ]:
        hits = noise = 0
        start = time.perf_counter()
        for seed in range(5):
            frame = make_sweep(n_runs, n_params, seed=seed)
            table = importance_table(frame, "val_loss", seed=seed)
            useful = set(table.loc[table["useful"], "parameter"])
            hits += len(useful & relevant)
            noise += len(useful - relevant)
        seconds = (time.perf_counter() - start) / 5
        print(f"| {n_runs:,} × {n_params:,} | {hits} | {noise} | {seconds:.2f} |")


def cardinality_table() -> None:
    """A categorical with many distinct values: time of importance_table, synced rows' size."""
    print()
    print("| runs | distinct values | importance_table (s) | synced rows (bytes) |")
    print("| ---: | ---: | ---: | ---: |")
    for n_runs, n_values in [(20_000, 8_700), (40_000, 10_000), (200_000, 100_000)]:
        rng = np.random.default_rng(0)
        frame = pd.DataFrame(
            {
                "tag": [f"v{i}" for i in rng.integers(0, n_values, n_runs)],
                "lr": rng.uniform(size=n_runs),
            }
        )
        frame["val_loss"] = frame["lr"] + rng.normal(0, 0.1, n_runs)
        seconds, _ = timed(partial(importance_table, frame, "val_loss"), 1)
        panel = ImportancePanel(frame, metric="val_loss").wait()
        distinct = frame["tag"].nunique()
        print(f"| {n_runs:,} | {distinct:,} | {seconds:.2f} | {len(json.dumps(panel.rows)):,} |")


def tpe_table(n_studies: int = 10) -> None:
    """Optuna TPE studies where only lr matters (and dropout a little): how often the
    irrelevant data_seed and wd, and the weakly relevant dropout, count as useful with the
    shuffled copies' floor alone and after the leave-one-out check of an adaptive sampler."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)

    print()
    print(
        "| sampler | trials | irrelevant: above the floor | useful | dropout: above the floor "
        "| useful | lr useful | time per study (s) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    samplers = {"TPE": optuna.samplers.TPESampler, "random": optuna.samplers.RandomSampler}
    for label, sampler in samplers.items():
        for n_trials in (100, 200, 400):
            counts = np.zeros(5, dtype=int)
            seconds = 0.0
            for seed in range(n_studies):
                study = optuna.create_study(sampler=sampler(seed=seed))
                study.optimize(lr_objective, n_trials=n_trials)
                start = time.perf_counter()
                table = importance_table(study, "value")
                seconds += time.perf_counter() - start
                above = table["importance"] > table.attrs["noise_floor"]
                table = table.assign(above=above).set_index("parameter")
                for name in ("data_seed", "wd"):
                    counts[:2] += table.loc[name, ["above", "useful"]].to_numpy(dtype=int)
                counts[2:4] += table.loc["dropout", ["above", "useful"]].to_numpy(dtype=int)
                counts[4] += bool(table.loc["lr", "useful"])
            irrelevant, dropout = 2 * n_studies, n_studies
            print(
                f"| {label} | {n_trials} | {counts[0]} of {irrelevant} | {counts[1]} of "
                f"{irrelevant} | {counts[2]} of {dropout} | {counts[3]} of {dropout} | "
                f"{counts[4]} of {dropout} | {seconds / n_studies:.2f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add 100 000 × 50 and --noise (slow)")
    parser.add_argument("--noise", action="store_true", help="agreement as the noise grows")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--honest", action="store_true", help="only floor, cardinality, TPE")
    parser.add_argument("--tpe", action="store_true", help="only the TPE table")
    args = parser.parse_args()
    if args.tpe:
        tpe_table()
        return
    if args.honest:
        floor_table()
        cardinality_table()
        tpe_table()
        return

    sizes = [(1_000, 20), (10_000, 50)] + ([(100_000, 50)] if args.full else [])
    try:
        import optuna

        evaluators = {
            "Optuna MDI": lambda: optuna.importance.MeanDecreaseImpurityImportanceEvaluator(seed=0),
            "Optuna PED-ANOVA": lambda: optuna.importance.PedAnovaImportanceEvaluator(),
        }
    except ImportError:
        evaluators = {}

    print("| runs × params | method | time (s) | × plain forest | L1 to plain forest |")
    print("| --- | --- | ---: | ---: | ---: |")
    for n_runs, n_params in sizes:
        frame = make_sweep(n_runs, n_params)
        params = [c for c in frame.columns if c != "val_loss"]
        plain_time, reference = timed(partial(plain_forest, frame, params), args.repeat)
        rows = [("plain forest (100 trees)", plain_time, reference)]
        hp_time, hp = timed(partial(hpviz_importance, frame, params), args.repeat)
        rows.append(("hpviz", hp_time, hp))
        if evaluators:
            study = optuna_study(frame, params)
            for name, make in evaluators.items():
                seconds, found = timed(partial(optuna_importance, study, params, make()), 1)
                rows.append((name, seconds, found))
        for name, seconds, found in rows:
            distance = float(np.abs(found / max(found.sum(), 1e-12) - reference).sum())
            print(
                f"| {n_runs:,} × {n_params} | {name} | {seconds:.3f} | "
                f"{seconds / plain_time:.1%} | {distance:.3f} |"
            )

    print()
    print("| runs (20 parameters) | synced state (bytes) |")
    print("| ---: | ---: |")
    for n_runs in (1_000, 100_000):
        print(f"| {n_runs:,} | {state_size(n_runs):,} |")
    if args.noise or args.full:
        noise_table(args.repeat)


if __name__ == "__main__":
    main()
