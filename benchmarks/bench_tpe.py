"""Adaptive samplers and small studies: hpviz beside Optuna's own importance evaluators.

Prints three Markdown tables:

* **TPE studies with a known truth**: the four objectives of ``tpe_studies.py`` × 3 sampler
  seeds, 300 trials each. For hpviz (``importance_table``), Optuna's mean decrease in impurity,
  fANOVA and PED-ANOVA: the share of importance on the parameters that carry nothing, in how
  many studies the true top parameter comes first, and (hpviz) in how many every relevant
  parameter is ``useful``; the time per study.
* **The small end**: a 50-trial × 5-parameter random-search study, hpviz beside Optuna's
  evaluators, timed alternately in one run (median of ``--repeat``); a 300-trial TPE study
  (where the borrowed-importance check runs).
* **The large end** (``--large``): 10 000 runs × 50 parameters, hpviz against the plain forest,
  every run's ratio.

    python benchmarks/bench_tpe.py            # the TPE table and the small end (a few minutes)
    python benchmarks/bench_tpe.py --large    # and 10 000 × 50 (minutes more)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import tpe_studies

from hpviz import importance_table


def evaluators() -> dict:
    import optuna

    return {
        "Optuna MDI": optuna.importance.MeanDecreaseImpurityImportanceEvaluator(seed=0),
        "Optuna fANOVA": optuna.importance.FanovaImportanceEvaluator(seed=0),
        "Optuna PED-ANOVA": optuna.importance.PedAnovaImportanceEvaluator(),
    }


def importances(method: str, study) -> tuple[dict[str, float], dict[str, bool] | None, float]:
    import optuna

    start = time.perf_counter()
    if method == "hpviz":
        table = importance_table(study, "value").set_index("parameter")
        found = table["importance"].to_dict()
        useful = table["useful"].to_dict()
    else:
        found = optuna.importance.get_param_importances(
            study, evaluator=evaluators()[method], normalize=True
        )
        useful = None
    return found, useful, time.perf_counter() - start


def tpe_table() -> None:
    methods = ["hpviz", *evaluators()]
    totals = {m: [0.0, 0, 0, 0.0] for m in methods}
    rows = []
    for name in tpe_studies.OBJECTIVES:
        for seed in range(3):
            study = tpe_studies.study(name, seed)
            relevant = tpe_studies.RELEVANT[name]
            cells = []
            for method in methods:
                found, useful, seconds = importances(method, study)
                total = sum(found.values()) or 1.0
                irrelevant = sum(v for k, v in found.items() if k not in relevant) / total
                top = max(found, key=found.get) == tpe_studies.TOP[name]
                all_useful = useful is not None and all(useful.get(p, False) for p in relevant)
                totals[method][0] += irrelevant
                totals[method][1] += top
                totals[method][2] += all_useful
                totals[method][3] += seconds
                cells.append(f"{irrelevant:.2f}{'' if top else ' (top wrong)'}")
            rows.append(f"| {name} | {seed} | " + " | ".join(cells) + " |")
    n = len(rows)
    print("| objective | seed | " + " | ".join(f"{m}: irrelevant share" for m in methods) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in methods) + " |")
    print("\n".join(rows))
    print()
    print(
        "| method | irrelevant share (mean) | true top first | every relevant useful "
        "| time per study (s) |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for method, (irrelevant, top, useful, seconds) in totals.items():
        shown = f"{useful} of {n}" if method == "hpviz" else "–"
        print(f"| {method} | {irrelevant / n:.3f} | {top} of {n} | {shown} | {seconds / n:.3f} |")


def small_table(repeat: int) -> None:
    import optuna

    def objective(trial) -> float:
        x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(5)]
        noise = np.random.default_rng(trial.number).normal(0, 0.1)
        return 3 * x[0] ** 2 + x[1] + float(noise)

    small = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    small.optimize(objective, n_trials=50)
    tpe = [tpe_studies.study("lr_x1", seed) for seed in range(3)]
    methods = ["hpviz", "Optuna MDI", "Optuna PED-ANOVA"]
    times = {m: [] for m in methods}
    cpu = {m: [] for m in methods}
    for _ in range(repeat):  # alternately, so that load on the machine hits all alike
        for method in methods:
            start = time.process_time()
            times[method].append(importances(method, small)[2])
            cpu[method].append(time.process_time() - start)
    print("| study | method | median time (ms) | min | max | median CPU time (ms) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for method in methods:
        t = np.array(times[method]) * 1000
        print(
            f"| 50 trials × 5 (random) | {method} | {statistics.median(t):.1f} | "
            f"{t.min():.1f} | {t.max():.1f} | {statistics.median(cpu[method]) * 1000:.1f} |"
        )
    for seed, study in enumerate(tpe):
        t = np.array([importances("hpviz", study)[2] for _ in range(max(3, repeat // 4))]) * 1000
        print(
            f"| 300 trials (TPE, lr_x1, seed {seed}) | hpviz, borrowed check | "
            f"{statistics.median(t):.1f} | {t.min():.1f} | {t.max():.1f} | |"
        )


def large_table(repeat: int) -> None:
    from bench_importance import hpviz_importance, plain_forest

    from hpviz.datasets import synthetic_sweep

    frame = synthetic_sweep(10_000, 50)
    params = [c for c in frame.columns if c != "val_loss"]
    print("| run | plain forest (s) | hpviz (s) | hpviz / plain |")
    print("| ---: | ---: | ---: | ---: |")
    for run in range(repeat):
        start = time.perf_counter()
        plain_forest(frame, params)
        plain = time.perf_counter() - start
        start = time.perf_counter()
        hpviz_importance(frame, params)
        ours = time.perf_counter() - start
        print(f"| {run + 1} | {plain:.2f} | {ours:.3f} | {ours / plain:.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="timings of the small study")
    parser.add_argument("--large", action="store_true", help="also 10 000 × 50 (slow)")
    parser.add_argument("--only", choices=["tpe", "small", "large"], help="one table only")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # Optuna's experimental-feature warnings
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.only in (None, "tpe"):
        tpe_table()
        print()
    if args.only in (None, "small"):
        small_table(args.repeat)
        print()
    if args.large or args.only == "large":
        large_table(3)


if __name__ == "__main__":
    main()
