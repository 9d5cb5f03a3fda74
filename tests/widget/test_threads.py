"""The thread model: fits on a worker, everything a user sees on the kernel's thread.

A notebook's kernel runs an asyncio event loop on its main thread; these tests make one with
``asyncio.run`` and build the panel inside it, as a cell would. Each test is bounded in time:
a deadlock fails it instead of hanging the suite.
"""

import asyncio
import gc
import threading
import time
import weakref

import numpy as np
import optuna
import pandas as pd
import pytest

from hpviz import ImportancePanel
from hpviz.background import BackgroundCache
from tests.sweeps import make_sweep

optuna.logging.set_verbosity(optuna.logging.WARNING)


def in_kernel(coroutine_function, timeout=90):
    """Run ``coroutine_function()`` as a kernel would run a cell: on a thread with a running
    event loop. Fails (instead of hanging) when it does not finish within ``timeout``."""
    outcome = {}

    def kernel():
        try:
            outcome["value"] = asyncio.run(coroutine_function())
        except BaseException as error:  # noqa: BLE001 — re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=kernel, name="kernel", daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the kernel thread is stuck after {timeout} s (a deadlock)"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


async def until(check, timeout=60.0, what="condition"):
    """Let the loop run (as an idle kernel does) until ``check()`` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached after {timeout} s")
        await asyncio.sleep(0.01)


def test_wand_clicked_with_an_observer_reading_the_table_does_not_deadlock():
    """The wand's result used to be applied on the worker: an observer reading ``table``
    there waited for the worker itself, and every panel of the kernel froze."""

    async def cell():
        panel = ImportancePanel(make_sweep(200), metric="val_loss", hidden=["noise_a"])
        seen = []
        panel.observe(lambda change: seen.append(list(panel.table["parameter"])), names="hidden")
        panel._handle_custom_msg({"type": "auto_select"}, [])  # the front end's wand click
        await until(lambda: seen, what="the wand's choice")
        other = ImportancePanel(make_sweep(60, seed=3), metric="val_loss")
        other.wait(timeout=30)  # the worker is not stuck: another panel still computes
        return panel, seen

    panel, seen = in_kernel(cell)
    assert set(panel.hidden) == {"batch_size", "noise_a", "noise_b", "const"}
    assert seen[-1] == ["lr", "optimizer"]


def test_traits_and_observers_change_only_on_the_kernels_thread():
    async def cell():
        kernel = threading.current_thread()
        panel = ImportancePanel(make_sweep(300), metric="val_loss")
        threads = set()
        panel.observe(lambda change: threads.add(threading.current_thread()))
        panel.metric = "val_acc"
        await until(lambda: panel.status == "ready" and panel.rows, what="a finished fit")
        panel._handle_custom_msg({"type": "auto_select"}, [])
        await until(lambda: panel.hidden, what="the wand's choice")
        # A live source on another thread: read there, shown here.
        writer = threading.Thread(target=lambda: panel.append(make_sweep(50, seed=5)))
        writer.start()
        await until(lambda: not writer.is_alive() and panel.n_runs == 350, what="the append")
        await until(lambda: panel.status == "ready", what="the refit")
        return kernel, threads

    kernel, threads = in_kernel(cell)
    assert threads == {kernel}


def test_a_result_arriving_later_is_shown_without_anyone_waiting():
    async def cell():
        panel = ImportancePanel(make_sweep(300), metric="val_loss")
        assert panel.status == "computing"
        await until(lambda: panel.status == "ready", what="the panel to show its result")
        return panel.rows

    rows = in_kernel(cell)
    assert rows[0]["parameter"] == "lr"


def test_a_slow_panel_does_not_hold_up_another():
    gate = threading.Event()
    slow = ImportancePanel(make_sweep(100), metric="val_loss").wait()

    def stuck(key, should_stop):
        gate.wait(60)
        raise RuntimeError("released")

    slow._runner.cache = BackgroundCache(stuck, slow._runner.worker)
    slow.metric = "val_acc"  # a fit that will not finish while the gate is shut
    try:
        quick = ImportancePanel(make_sweep(80, seed=2), metric="val_loss")
        assert quick.wait(timeout=30).status == "ready"
    finally:
        gate.set()
    slow.close()


def test_wait_and_to_html_wait_for_the_newest_request_while_another_thread_appends(tmp_path):
    panel = ImportancePanel(make_sweep(100), metric="val_loss").wait()
    stop = threading.Event()
    errors = []

    def appender():
        seed = 10
        while not stop.is_set():
            try:
                panel.append(make_sweep(5, seed=seed))
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            seed += 1
            time.sleep(0.005)

    thread = threading.Thread(target=appender)
    thread.start()
    try:
        for i in range(12):  # three exports and nine waits, each behind newer appends
            if i % 4 == 0:
                panel.to_html(tmp_path / f"panel-{i}.html")
            else:
                panel.wait(timeout=60)
            assert panel.status == "ready"
    finally:
        stop.set()
        thread.join(30)
    assert errors == []
    final = panel.wait().table.set_index("parameter")["importance"]
    fresh = ImportancePanel(panel._frame, metric="val_loss").table.set_index("parameter")
    pd.testing.assert_series_equal(final, fresh["importance"])


def test_a_closed_panel_is_freed_with_its_runs():
    panel = ImportancePanel(make_sweep(2000), metric="val_loss").wait()
    panel.metric = "val_acc"  # a fit under way while it closes
    ref = weakref.ref(panel)
    frame_ref = weakref.ref(panel._frame)
    panel.close()
    del panel
    deadline = time.monotonic() + 30
    while (ref() is not None or frame_ref() is not None) and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.05)
    assert ref() is None, "the closed panel is still referenced"
    assert frame_ref() is None, "the closed panel's runs are still referenced"


def test_a_closed_panel_says_so():
    panel = ImportancePanel(make_sweep(100), metric="val_loss").wait()
    panel.close()
    with pytest.raises(RuntimeError, match="closed"):
        panel.wait()
    with pytest.raises(RuntimeError, match="closed"):
        panel.append(make_sweep(5))


def test_repr_stays_one_line_whatever_the_names():
    rng = np.random.default_rng(0)
    names = ["evil\nname", "\x1b[31mred\x1b[0m", "right\u202eto left", "tab\there"]
    frame = pd.DataFrame({name: rng.normal(size=60) for name in names})
    frame["val_loss"] = frame[names[0]] + frame[names[1]] + frame[names[2]]
    text = repr(ImportancePanel(frame, metric="val_loss").wait())
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text and "\t" not in text
    assert "\\n" in text and "\\x1b" in text and "\\u202e" in text
    assert text.startswith("ImportancePanel(val_loss, 60 runs: ")


def test_soak_live_study_while_the_user_works():
    """A live multi-objective Optuna study appends from its own thread while the user switches
    metrics, hides, uses the wand and reads the table from an observer: no deadlock, no
    exception, and the final table is the one a fresh panel computes."""

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-5, 1, log=True)
        depth = trial.suggest_int("depth", 1, 8)
        kind = trial.suggest_categorical("kind", ["a", "b", "c"])
        noise = trial.suggest_float("noise", 0, 1)
        loss = (np.log10(lr) + 2.5) ** 2 + 0.3 * depth + (kind == "b") + 0.01 * noise
        return loss, -loss + 0.1 * depth

    async def cell():
        study = optuna.create_study(
            directions=["minimize", "maximize"], sampler=optuna.samplers.RandomSampler(seed=0)
        )
        study.optimize(objective, n_trials=20)
        panel = ImportancePanel(study)
        panel.refresh_interval = 0.05
        seen = []
        panel.observe(lambda change: seen.append(len(panel.table)), names="hidden")
        errors = []

        def run_study():
            try:
                study.optimize(objective, n_trials=120, callbacks=[panel.optuna_callback])
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        worker = threading.Thread(target=run_study)
        worker.start()
        metrics = list(panel.metrics)
        step = 0
        while worker.is_alive() or step < 12:
            step += 1
            if step % 4 == 0:
                panel.metric = metrics[step % len(metrics)]
            elif step % 4 == 1:
                panel.hide("noise")
            elif step % 4 == 2:
                panel._handle_custom_msg({"type": "auto_select"}, [])
            else:
                panel.show(*panel.hidden)
                panel.wait(timeout=60)
            await asyncio.sleep(0.02)
        worker.join()
        await until(lambda: panel.n_runs == 140 and panel.status == "ready", what="last trial")
        return study, panel, seen, errors

    study, panel, seen, errors = in_kernel(cell, timeout=240)
    assert errors == [] and seen
    assert panel.status == "ready"
    final = panel.table.set_index("parameter")["importance"]
    fresh = ImportancePanel(study, metric=panel.metric, hidden=panel.hidden).table
    pd.testing.assert_series_equal(final, fresh.set_index("parameter")["importance"])


def test_an_older_update_from_another_thread_never_replaces_a_newer_one():
    panel = ImportancePanel(make_sweep(100), metric="val_loss").wait()
    other = threading.Thread(target=lambda: panel.update(make_sweep(50, seed=1)))
    other.start()
    other.join()  # read on that thread; kept for the panel's thread (a script has no loop)
    panel.update(make_sweep(80, seed=2))  # newer, made on the panel's thread
    assert panel.wait().n_runs == 80
    assert panel.wait().n_runs == 80


def test_a_running_fit_is_asked_to_stop_when_superseded():
    from concurrent.futures import CancelledError

    from hpviz.background import new_worker

    started, stopped = threading.Event(), threading.Event()

    def compute(key, should_stop):
        if key == "slow":
            started.set()
            while not should_stop():  # as the forest checks between rounds of trees
                time.sleep(0.01)
            stopped.set()
            raise RuntimeError("stopped")
        return key.upper()

    cache = BackgroundCache(compute, new_worker())
    slow = cache.request("slow")
    assert started.wait(10)
    cache.supersede("quick")
    assert cache.get("quick", timeout=10) == "QUICK"  # not queued behind the slow one
    assert stopped.is_set()
    with pytest.raises(CancelledError):
        slow.result(10)
    again = cache.request("slow")
    assert again is not slow  # asked again later: computed afresh
    cache.close()  # … and stopped again, so the worker is free when the tests end
    with pytest.raises(CancelledError):
        again.result(10)


def test_a_busy_kernel_thread_with_appends_from_another_runs_no_observer_elsewhere():
    """A cell that keeps the kernel's thread busy while a study's threads append: the
    analyses of the new runs start at once, observers still run on the kernel's thread only,
    and once it is free the traits show every run."""

    async def cell():
        kernel = threading.current_thread()
        panel = ImportancePanel(make_sweep(100), metric="val_loss")
        await until(lambda: panel.status == "ready", what="the first analysis")
        threads = set()
        panel.observe(lambda change: threads.add(threading.current_thread()))
        seeds = iter(range(20, 30))

        def writer():
            for seed in seeds:
                panel.append(make_sweep(20, seed=seed))
                time.sleep(0.05)

        other = threading.Thread(target=writer)
        other.start()
        deadline = time.monotonic() + 60
        while other.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)  # noqa: ASYNC251 — the cell keeps the kernel's thread busy
        computed_while_busy = [
            key.version for key in list(panel._runner.cache._done) if key.version > 0
        ]
        await until(lambda: panel.n_runs == 300 and not panel.updating, what="every run")
        return kernel, threads, computed_while_busy, panel

    kernel, threads, computed, panel = in_kernel(cell)
    assert threads == {kernel}
    assert computed, "no analysis of the new runs started while the kernel's thread was busy"
    assert panel.status == "ready" and len(panel.history) >= 2
