"""What hpviz hands over grows with the parameters, never with the runs: figure and export sizes.

    python benchmarks/bench_sizes.py            # 1 000 000 runs, 2 000 parameters (~2 minutes)
    python benchmarks/bench_sizes.py --quick    # 100 000 runs, 500 parameters

Prints the JSON size of ``parallel_coordinates()`` and ``plot()`` on a sweep of many runs, and
of ``to_html()`` on a sweep of many parameters.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hpviz import ImportancePanel


def many_runs(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "lr": 10 ** rng.uniform(-5, 0, n),
            "optimizer": rng.choice(["adam", "sgd", "rmsprop"], n),
            "depth": rng.integers(1, 9, n),
            "dropout": rng.uniform(0, 0.5, n),
        }
    )
    frame["val_loss"] = (
        (np.log10(frame["lr"]) + 2.5) ** 2 + (frame["optimizer"] == "sgd") + rng.normal(0, 0.1, n)
    )
    return frame


def many_parameters(k: int, n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(n, k)), columns=[f"p{i}" for i in range(k)])
    frame["val_loss"] = frame["p0"] + frame["p1"] + rng.normal(0, 0.1, n)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    runs, params = (100_000, 500) if quick else (1_000_000, 2_000)

    panel = ImportancePanel(many_runs(runs), metric="val_loss").wait()
    for name, make in (
        ("parallel_coordinates()", panel.parallel_coordinates),
        ("plot('lr')", lambda: panel.plot("lr")),
        ("plot('optimizer')", lambda: panel.plot("optimizer")),
    ):
        start = time.perf_counter()
        size = len(make().to_json())
        took = time.perf_counter() - start
        print(f"{runs:>9,} runs  {name:<24} {size / 1e6:6.2f} MB  {took:5.2f} s")

    wide = ImportancePanel(many_parameters(params), metric="val_loss").wait()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path = wide.to_html(Path(folder) / "panel.html")
        took = time.perf_counter() - start
        size = path.stat().st_size
    print(f"{params:>9,} params to_html()               {size / 1e6:6.2f} MB  {took:5.2f} s")


if __name__ == "__main__":
    main()
