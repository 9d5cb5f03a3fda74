"""The live-runs controller (hpviz.live.LiveRuns), without a panel: new runs prepared on the
caller's thread, switched to in order, the Optuna callback's throttle."""

import threading
import time

import pytest

from hpviz.ingest import read_source, resolve
from hpviz.ingest.live import RoleArguments
from hpviz.live import CurrentColumns, LiveRuns
from tests.sweeps import make_sweep


def controller(n=50, on_study=lambda study: None, interval=1.0):
    source = read_source(make_sweep(n))
    loaded = resolve(source, metric="val_loss")
    return LiveRuns(loaded, source, RoleArguments(), on_study=on_study, refresh_interval=interval)


def current(runs, hidden=()):
    params = ["lr", "batch_size", "optimizer", "noise_a", "noise_b", "const"]
    return CurrentColumns(params, ["val_loss", "val_acc"], list(hidden), "val_loss")


def test_appends_prepared_before_a_switch_follow_each_other():
    runs = controller(50)
    first = runs.prepare(read_source(make_sweep(10, seed=1)), append=True, current=current(runs))
    second = runs.prepare(read_source(make_sweep(5, seed=2)), append=True, current=current(runs))
    assert (len(first.loaded.frame), len(second.loaded.frame)) == (60, 65)
    assert len(runs.frame) == 50 and runs.version == 0  # nothing switched yet
    runs.switch(current(runs))
    assert len(runs.frame) == 65 and runs.version == second.number == 2


def test_one_switch_waits_for_the_kernels_thread_and_goes_to_the_newest_runs():
    runs = controller(50)
    assert runs.queue_switch()  # the first update hands a switch over …
    runs.prepare(read_source(make_sweep(10, seed=1)), append=True, current=current(runs))
    assert not runs.queue_switch()  # … the next ones do not while it waits
    runs.prepare(read_source(make_sweep(5, seed=2)), append=True, current=current(runs))
    assert runs.frame_of(1) is None  # only the runs shown and the newest are kept
    prepared, _ = runs.switch(current(runs))  # the kernel's thread was busy meanwhile
    assert prepared.number == 2 and len(runs.frame) == 65
    assert runs.frame_of(0) is None and len(runs.frame_of(2)) == 65
    assert runs.queue_switch()  # switched: the next update hands one over again


def test_a_switch_to_runs_shown_already_changes_nothing():
    runs = controller(50)
    runs.prepare(read_source(make_sweep(30, seed=1)), append=False, current=current(runs))
    runs.prepare(read_source(make_sweep(40, seed=2)), append=False, current=current(runs))
    assert runs.switch(current(runs)) is not None
    assert runs.switch(current(runs)) is None
    assert len(runs.frame) == 40 and runs.version == 2


def test_runs_without_the_metric_raise_before_anything_changes():
    runs = controller(50)
    bad = read_source(make_sweep(10).drop(columns=["val_loss", "val_acc"]))
    with pytest.raises(ValueError, match="no metric"):
        runs.prepare(bad, append=False, current=current(runs))
    again = runs.prepare(read_source(make_sweep(5, seed=3)), append=True, current=current(runs))
    assert len(again.loaded.frame) == 55  # appended to the 50 runs, not to the refused ones


def test_a_switch_keeps_hidden_parameters_still_there_and_notes_a_lost_metric():
    runs = controller(50)
    frame = make_sweep(20, seed=4).drop(columns=["noise_a"])
    runs.prepare(read_source(frame), append=False, current=current(runs))
    _, kept = runs.switch(current(runs, hidden=["noise_a", "noise_b"]))
    assert kept.hidden == ["noise_b"] and "noise_a" not in kept.params


def test_the_study_refresh_is_throttled_and_the_last_one_always_comes():
    seen = []
    done = threading.Event()

    def on_study(study):
        seen.append((study, time.monotonic()))
        if study == 19:
            done.set()

    runs = controller(on_study=on_study)
    for trial in range(20):
        runs.study_changed(trial, interval=0.2)
    assert done.wait(10), seen
    assert seen[0][0] == 0 and seen[-1][0] == 19
    assert len(seen) == 2  # the first at once, the other 19 folded into the trailing one
    assert seen[1][1] - seen[0][1] >= 0.19
