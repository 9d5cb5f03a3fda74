"""What a live refresh costs: new runs handed to a panel, analysed, and shown.

A panel shows 950 runs × 20 parameters of ``hpviz.datasets.synthetic_sweep``; 50 more are
appended (``panel.append``) and the panel waits for them, the refresh of 1 000 runs × 20
parameters a live sweep makes. Each part is timed where it runs:

* **caller**: ``append`` on the calling thread (the join, every column's role again, what the
  panel keeps), as the Optuna callback or a training loop pays it;
* **worker**: the fit of the 1 000 runs on the panel's worker (``analyse``: forest, noise
  floor, intervals, correlations), the worker time the target is about (≤ 0.3 s), as wall
  time and as the CPU time the process spent meanwhile (the forest uses every core; CPU time
  moves less than wall time when other processes share the cores);
* **display**: setting the traits from the analysis on the kernel's thread (rows, counts, the
  history entry and the ranking);
* **view message**: building the state message the worker's side sends the view while the
  kernel's thread is busy (the same traits, serialised), and its size.

It also reads an Optuna study of 1 000 trials × 20 parameters the way the callback does
(``panel.update(study)``, caller), and checks that the history adds no fit: the number of
fits equals the number of analyses shown.

    python benchmarks/bench_live.py              # median of 5
    python benchmarks/bench_live.py --repeat 9
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

import hpviz.widget
from hpviz import ImportancePanel
from hpviz.datasets import synthetic_sweep

FITS: list[tuple[int, float, float]] = []  # (runs, wall s, CPU s) of every fit a panel made


def _timed_analyse(frame, *args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    try:
        return _analyse(frame, *args, **kwargs)
    finally:
        FITS.append((len(frame), time.perf_counter() - start, time.process_time() - cpu))


_analyse, hpviz.widget.analyse = hpviz.widget.analyse, _timed_analyse


def instrument(panel: ImportancePanel, times: dict[str, list[float]]) -> None:
    """Time the panel's display (kernel's thread) as it runs."""
    display = panel._display

    def timed_display(key, future, updating):
        start = time.perf_counter()
        display(key, future, updating)
        times["display"].append(time.perf_counter() - start)

    panel._runner._display = timed_display


def view_message(panel: ImportancePanel) -> tuple[float, int]:
    """Seconds to build the state the view is sent while the kernel is busy, and its bytes."""
    from hpviz.live import view_traits

    key, analysis = panel._key(), panel._current()
    start = time.perf_counter()
    values = view_traits(panel._runs, panel._runner.history, key, analysis, False, panel.parameters)
    state = {
        name: panel.trait_metadata(name, "to_json", panel._trait_to_json)(value, panel)
        for name, value in values.items()
    }
    text = json.dumps(state)
    return time.perf_counter() - start, len(text.encode())


def append_refresh(repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        "caller": [],
        "worker": [],
        "cpu": [],
        "display": [],
        "message": [],
    }
    sizes = []
    for i in range(repeat):
        sweep = synthetic_sweep(1_000, 20, seed=i)
        panel = ImportancePanel(sweep.iloc[:950], metric="val_loss")
        instrument(panel, times)
        panel.wait()
        del times["display"][-1:]  # the first analysis'
        FITS.clear()
        start = time.perf_counter()
        panel.append(sweep.iloc[950:])
        times["caller"].append(time.perf_counter() - start)
        panel.wait()
        times["worker"].extend(wall for runs, wall, _ in FITS if runs == 1_000)
        times["cpu"].extend(cpu for runs, _, cpu in FITS if runs == 1_000)
        assert panel.n_runs == 1_000 and len(panel.history) == 2
        seconds, size = view_message(panel)
        times["message"].append(seconds)
        sizes.append(size)
        panel.close()
    times["bytes"] = sizes
    return times


def study_refresh(repeat: int) -> list[float]:
    """``update(study)`` of 1 000 trials × 20 parameters, as the callback makes it."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(0))
    names = [f"p{i:02d}" for i in range(20)]

    def objective(trial):
        x = [trial.suggest_float(name, 0, 1) for name in names]
        return 3 * x[0] ** 2 + 2 * np.sin(6 * x[1]) + 4 * x[2] * x[3] + x[4]

    study.optimize(objective, n_trials=1_000)
    panel = ImportancePanel(study).wait()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        panel.update(study)
        times.append(time.perf_counter() - start)
        panel.wait()
    panel.close()
    return times


def fits_per_shown_analysis() -> tuple[int, int]:
    """Fits made and analyses shown over ten appends of 100 runs (one wait() each)."""
    sweep = synthetic_sweep(1_100, 20, seed=7)
    FITS.clear()
    panel = ImportancePanel(sweep.iloc[:100], metric="val_loss").wait()
    for start in range(100, 1_100, 100):
        panel.append(sweep.iloc[start : start + 100]).wait()
    shown = len(panel.history)
    panel.close()
    return len(FITS), shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    times = append_refresh(args.repeat)
    study = study_refresh(args.repeat)
    fits, shown = fits_per_shown_analysis()

    def row(what: str, values: list[float]) -> str:
        ms = [1000 * v for v in values]
        return f"| {what} | {statistics.median(ms):.0f} | {min(ms):.0f} | {max(ms):.0f} |"

    print(f"A live refresh of 1,000 runs × 20 parameters (median of {args.repeat}):\n")
    print("| part (thread) | median (ms) | min | max |")
    print("| --- | ---: | ---: | ---: |")
    print(row("`append` of 50 runs (caller)", times["caller"]))
    print(row("fit of the 1,000 runs (worker, wall)", times["worker"]))
    print(row("… its CPU time, all threads of the process", times["cpu"]))
    print(row("display: traits, history, ranking (kernel)", times["display"]))
    print(row("state message for the view (worker side)", times["message"]))
    print(row("`update(study)`, 1,000 trials (caller)", study))
    print(
        f"\nView message: {statistics.median(times['bytes']):,.0f} bytes. "
        f"Ten appends of 100 runs: {fits} fits for {shown} analyses shown."
    )


if __name__ == "__main__":
    main()
