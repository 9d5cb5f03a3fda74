"""What reading each column's role from its values costs, against the whole analysis.

    python benchmarks/bench_evidence.py             # 10 000 runs × 50 columns, best of 3
    python benchmarks/bench_evidence.py --repeat 5

Two tables of 10 000 runs and 50 columns, under names that say nothing (``q00`` …):

* **random search** (``hpviz.datasets.synthetic_sweep``): 50 settings drawn uniformly, one
  metric; every column a candidate for every rule;
* **grid with repeats**: 40 settings taking 2–6 values each, a metric, a second score, the
  metric's rank, a count, and columns derived from pairs of settings: the derived-column and
  replicate rules do the most work here.

For each it prints the time of the evidence (:func:`hpviz.ingest.evidence.revise` and
:func:`~hpviz.ingest.evidence.goals_from_values`, as :func:`hpviz.ingest.load_runs` calls them),
of every column's role (:func:`hpviz.ingest.roles.column_roles_of`: names and simple facts of
the values, then the evidence; and the goals) and of ``importance_table`` (everything the panel
shows, the evidence included), and the shares. The issue's target: at most 5 % for the
evidence.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from hpviz import importance_table
from hpviz.datasets import synthetic_sweep
from hpviz.ingest import evidence
from hpviz.ingest import roles as roles_module
from hpviz.ingest.roles import column_roles_of
from hpviz.ingest.sources import read_source


def grid_table(n: int = 10_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    settings = {f"q{i:02d}": rng.choice(np.arange(2, 2 + (i % 5) + 2), n) for i in range(40)}
    frame = pd.DataFrame(settings)
    metric = (
        np.log(frame["q00"]) + 0.5 * frame["q01"] + 0.3 * frame["q02"] * frame["q03"]
    ) + rng.normal(0, 0.3, n)
    frame["q40"] = metric
    frame["q41"] = np.exp(metric / 3) + rng.normal(0, 0.01, n)  # a second score
    frame["q42"] = metric.rank(method="first").astype(int)  # its rank
    frame["q43"] = np.round(1000 * metric + rng.normal(0, 5, n)).astype(int)  # a count
    for j, (a, b) in enumerate([(4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15)]):
        frame[f"q{44 + j}"] = frame[f"q{a:02d}"] * 10 + frame[f"q{b:02d}"] ** 2  # derived
    return frame


def random_table(n: int = 10_000) -> pd.DataFrame:
    frame = synthetic_sweep(n, 49)
    frame.columns = [f"q{i:02d}" for i in range(50)]
    return frame


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    print(
        "| table (10,000 runs × 50 columns) | evidence (s) | all roles (s) "
        "| importance_table (s) | evidence share | roles share |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, frame, metric in (
        ("random search", random_table(), "q49"),
        ("grid with repeats", grid_table(), "q40"),
    ):
        source = read_source(frame)
        loaded_roles = {}

        def evidence_only(source=source, metric=metric, loaded_roles=loaded_roles):
            # the real evidence call as load_runs makes it, timed on its own; and every
            # column's role (names, simple facts of the values, then the evidence)
            spent = []
            original = roles_module.revise

            def timed(*args, **kwargs):
                start = time.perf_counter()
                result = original(*args, **kwargs)
                spent.append(time.perf_counter() - start)
                return result

            roles_module.revise = timed
            begun = time.perf_counter()
            try:
                roles = column_roles_of(source.frame, metrics=[metric])
            finally:
                roles_module.revise = original
            all_roles = time.perf_counter() - begun
            metrics = [c for c, r in roles.items() if r[0] == "metric"]
            start = time.perf_counter()
            evidence.goals_from_values(source.frame, metrics)
            goals = time.perf_counter() - start
            loaded_roles.update(roles)
            return spent[0] + goals, all_roles + goals

        times = [evidence_only() for _ in range(repeat)]
        took, roles_took = min(t[0] for t in times), min(t[1] for t in times)
        whole = _best(lambda frame=frame, metric=metric: importance_table(frame, metric), repeat)
        print(
            f"| {name} | {took:.3f} | {roles_took:.3f} | {whole:.3f} | {took / whole:.1%} "
            f"| {roles_took / whole:.1%} |"
        )
        counts = pd.Series([r[0] for r in loaded_roles.values()]).value_counts().to_dict()
        print(f"|   roles: {counts} | | | | | |")


if __name__ == "__main__":
    main()
