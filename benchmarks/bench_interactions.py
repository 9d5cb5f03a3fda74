"""How much do the pairs cost next to the importance table, and how do they compare with
fANOVA's pairwise importances?

Prints Markdown tables. For each sweep size (``hpviz.datasets.synthetic_sweep``: six relevant
parameters, ``p02·p03`` the one interaction, the rest noise), the wall time (median of
``--repeat``) of

* ``importance_table`` (what the panel shows first),
* ``interactions`` on that analysis (what the panel adds after it, on the worker),
and each one's strongest pair with its strength. With ``--fanova``, on smaller sweeps (200 and
500 runs × 20: it takes minutes), fANOVA's second-order terms (``V(p_j, p_k) - V(p_j) -
V(p_k)``, over the total variance) of the same 28 pairs of the 8 most important parameters, from
Optuna's fANOVA trees (64 trees, as ``FanovaImportanceEvaluator``; Optuna exposes only
first-order importances, so this uses its internal ``_Fanova``), one run each, beside hpviz's
pairs: time, the pair each puts first, and where each ranks the true one (p02 × p03).

    python benchmarks/bench_interactions.py                 # 1 000 × 20 and 10 000 × 50
    python benchmarks/bench_interactions.py --null          # adds the false-positive table
    python benchmarks/bench_interactions.py --fanova        # adds the fANOVA table (minutes)

Optuna is optional; without it the fANOVA rows are left out.
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from itertools import combinations

import numpy as np
from bench_importance import timed  # (run from benchmarks/: its neighbour)

from hpviz import importance_table, interaction_table
from hpviz.analysis import analyse
from hpviz.analysis.interactions import interactions
from hpviz.datasets import synthetic_sweep


def fanova_pairs(frame, params: list[str], top: list[str]):
    """fANOVA's second-order share of each pair of ``top`` (Optuna's trees), strongest first."""
    from optuna.importance._fanova._fanova import _Fanova

    x = frame[params].to_numpy(dtype=float)
    y = frame["val_loss"].to_numpy(dtype=float)
    spaces = np.column_stack([x.min(axis=0), x.max(axis=0)])
    fanova = _Fanova(n_trees=64, max_depth=64, min_samples_split=2, min_samples_leaf=1, seed=0)
    fanova.fit(x, y, spaces, [np.array([i]) for i in range(len(params))])
    index = {name: i for i, name in enumerate(params)}
    trees = [t for t in fanova._trees if t.variance > 0]  # noqa: SLF001 — no public pair API
    singles = {
        name: np.array([t.get_marginal_variance(np.array([index[name]])) for t in trees])
        for name in top
    }
    total = np.array([t.variance for t in trees])
    found = []
    for a, b in combinations(top, 2):
        joint = np.array([t.get_marginal_variance(np.array([index[a], index[b]])) for t in trees])
        found.append((a, b, float(np.mean((joint - singles[a] - singles[b]) / total))))
    return sorted(found, key=lambda pair: -pair[2])


def speed(sizes, repeat: int) -> None:
    print("| runs × params | method | time (s) | × importance table | strongest pair | strength |")
    print("| --- | --- | ---: | ---: | --- | ---: |")
    for n, k in sizes:
        frame = synthetic_sweep(n, k, seed=0)
        params = [c for c in frame.columns if c != "val_loss"]
        base, _ = timed(partial(importance_table, frame, "val_loss"), repeat)
        analysis = analyse(frame, "val_loss", params)
        cost, found = timed(partial(interactions, frame, analysis), repeat)
        first = found.table.iloc[0]
        label = f"{n:,} × {k}"
        print(f"| {label} | importance table | {base:.3f} | 100% | | |")
        print(
            f"| {label} | hpviz pairs (after the table) | {cost:.3f} | {cost / base:.0%} | "
            f"{first['parameter_a']} × {first['parameter_b']} | {first['strength']:.3f} |"
        )


def against_fanova(sizes) -> None:
    print("\n| runs × params | method | time (s) | first pair | its strength | rank of p02 × p03 |")
    print("| --- | --- | ---: | --- | ---: | ---: |")
    truth = {"p02", "p03"}
    for n, k in sizes:
        frame = synthetic_sweep(n, k, seed=0)
        params = [c for c in frame.columns if c != "val_loss"]
        analysis = analyse(frame, "val_loss", params)
        cost, found = timed(partial(interactions, frame, analysis), 1)
        ours = list(
            zip(
                found.table["parameter_a"],
                found.table["parameter_b"],
                found.table["strength"],
                strict=True,
            )
        )
        top = list(analysis.table["parameter"][:8])
        start = time.perf_counter()
        theirs = fanova_pairs(frame, params, top)
        took = time.perf_counter() - start
        for method, pairs, seconds in (
            ("hpviz pairs", ours, cost),
            ("fANOVA pairs (Optuna's trees)", theirs, took),
        ):
            rank = next(i + 1 for i, (a, b, _) in enumerate(pairs) if {a, b} == truth)
            a, b, share = pairs[0]
            print(f"| {n:,} × {k} | {method} | {seconds:.2f} | {a} × {b} | {share:.3f} | {rank} |")


def null_rate(sweeps: int) -> None:
    """How often some pair is called useful where nothing interacts (the sweep without its
    p02·p03 term), and how often p02 × p03 is found first and useful where it is there."""
    print("\n| runs | additive sweeps with a useful pair | product found first and useful |")
    print("| ---: | ---: | ---: |")
    for n in (100, 300, 1000):
        false = found = 0
        for seed in range(sweeps):
            frame = synthetic_sweep(n, 10, seed=seed)
            x = frame[["p02", "p03"]].to_numpy()
            additive = frame.assign(
                val_loss=frame["val_loss"] - 4 * x[:, 0] * x[:, 1] + 2 * x[:, 0] + 2 * x[:, 1]
            )
            false += bool(interaction_table(additive, "val_loss")["useful"].any())
            table = interaction_table(frame, "val_loss")
            first = table.iloc[0]
            found += {first["parameter_a"], first["parameter_b"]} == {"p02", "p03"} and bool(
                first["useful"]
            )
        print(f"| {n:,} | {false} of {sweeps} | {found} of {sweeps} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fanova", action="store_true", help="add the fANOVA table")
    parser.add_argument("--null", action="store_true", help="add the false-positive table")
    parser.add_argument("--sweeps", type=int, default=20)
    args = parser.parse_args()
    speed([(1_000, 20), (10_000, 50)], args.repeat)
    if args.null:
        null_rate(args.sweeps)
    if args.fanova:
        against_fanova([(200, 20), (500, 20)])


if __name__ == "__main__":
    main()
