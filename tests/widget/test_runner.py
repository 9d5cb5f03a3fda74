"""The analysis runner's delivery rules (hpviz.runner.AnalysisRunner), without a panel: what
is delivered where, and when."""

import asyncio
import threading
import time

from hpviz.runner import AnalysisRunner, Key

from .test_threads import in_kernel, until


class Panel:
    """Stands in for the widget: a current key, and what was displayed or sent, on which
    thread. ``gates[version]``, when set, holds that version's fit until opened."""

    def __init__(self, send=True):
        self.key = Key("loss", ("lr",), 0)
        self.displayed = []  # (result, updating, thread)
        self.sent = []  # (result, updating, thread)
        self.resynced = []
        self.computing = []
        self.gates = {}
        self.runner = AnalysisRunner(
            self.compute,
            current=lambda: self.key,
            display=self.display,
            computing=self.computing.append,
            send_view=self.send if send else None,
            resync=self.resynced.append,
        )

    def compute(self, key, should_stop):
        gate = self.gates.get(key.version)
        if gate is not None:
            gate.wait(30)
        return Result(f"{key.metric}@{key.version}")

    def display(self, key, future, updating):
        self.runner.published += 1
        self.displayed.append((future.result().name, updating, threading.current_thread().name))

    def send(self, key, result, updating):
        self.sent.append((result.name, updating, threading.current_thread().name))
        return {"rows", "n_runs"}

    def values(self, where):
        return [entry[0] for entry in getattr(self, where)]


class Result:
    """An analysis as the runner records it in its history."""

    def __init__(self, name):
        import pandas as pd

        self.name = name
        self.n_runs = 10 * (1 + int(name.split("@")[1]))
        self.table = pd.DataFrame({"parameter": ["lr"], "importance": [1.0], "useful": [True]})


def test_a_finished_fit_is_delivered_on_the_kernels_thread_by_its_loop():
    async def cell():
        panel = Panel()
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the delivery")
        await asyncio.sleep(panel.runner.busy_after + 0.1)  # the loop was free: nothing sent
        return panel, threading.current_thread().name

    panel, kernel = in_kernel(cell)
    assert panel.displayed == [("loss@0", False, kernel)]
    assert panel.computing == [False] and panel.sent == []


def test_a_cached_analysis_is_delivered_at_once_without_computing():
    async def cell():
        panel = Panel()
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the first delivery")
        panel.key = Key("acc", ("lr",), 0)
        panel.runner.refresh()
        await until(lambda: len(panel.displayed) == 2, what="the second delivery")
        panel.key = Key("loss", ("lr",), 0)
        panel.runner.refresh()  # cached: displayed within the call
        return panel

    panel = in_kernel(cell)
    assert panel.values("displayed") == ["loss@0", "acc@0", "loss@0"]
    assert panel.computing == [False, False]  # another metric: nothing of it on screen to keep


def test_another_metric_stops_the_fit_and_its_result_is_never_delivered():
    async def cell():
        panel = Panel()
        panel.gates[0] = threading.Event()
        panel.runner.refresh()  # loss@0, held at its gate
        panel.key = Key("acc", ("lr",), 0)
        panel.runner.refresh()
        panel.gates[0].set()
        await until(lambda: panel.displayed, what="the delivery")
        await asyncio.sleep(0.3)  # the loop stays free for a late delivery
        return panel

    panel = in_kernel(cell)
    assert panel.values("displayed") == ["acc@0"]


def test_new_runs_let_the_fit_under_way_finish_and_show_it_as_updating():
    async def cell():
        panel = Panel()
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the first analysis")
        panel.gates[1] = threading.Event()
        panel.key = Key("loss", ("lr",), 1)  # new runs
        panel.runner.refresh()
        await until(
            lambda: panel.runner.cache.request(Key("loss", ("lr",), 1)).running(), what="fit 1"
        )
        panel.key = Key("loss", ("lr",), 2)  # newer runs while fit 1 runs
        panel.runner.refresh()
        panel.gates[1].set()
        await until(lambda: len(panel.displayed) == 3, what="both analyses")
        return panel

    panel = in_kernel(cell)
    assert [(value, updating) for value, updating, _ in panel.displayed] == [
        ("loss@0", False),
        ("loss@1", True),  # stale but labelled: newer runs are being analysed
        ("loss@2", False),
    ]
    assert panel.computing == [False, True, True]  # the analysis on screen stays
    assert list(panel.runner.history.frame("loss").index) == [10, 20, 30]


def test_nothing_older_than_what_is_on_screen_is_shown():
    async def cell():
        panel = Panel()
        panel.gates[1] = threading.Event()
        panel.runner.want(Key("loss", ("lr",), 1))  # from another thread, say: fit 1 held
        await until(
            lambda: panel.runner.cache.request(Key("loss", ("lr",), 1)).running(), what="fit 1"
        )
        panel.key = Key("loss", ("lr",), 2)
        panel.runner.refresh()
        panel.gates[1].set()
        await until(lambda: panel.values("displayed") == ["loss@1", "loss@2"], what="both")
        # a late hand-over of fit 1 (another thread's) must not step back
        panel.runner.deliver(Key("loss", ("lr",), 1), panel.runner.request(Key("loss", ("lr",), 1)))
        return panel

    panel = in_kernel(cell)
    assert panel.values("displayed") == ["loss@1", "loss@2"]


def test_while_the_kernels_thread_is_busy_the_view_is_sent_the_analysis_then_traits_catch_up():
    async def cell():
        panel = Panel()
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the first analysis")
        kernel = threading.current_thread().name
        panel.runner.want(Key("loss", ("lr",), 1))  # a callback on another thread: new runs
        deadline = time.monotonic() + 30
        while not panel.sent and time.monotonic() < deadline:
            time.sleep(0.02)  # noqa: ASYNC251 — the kernel is busy running a cell: no loop turns
        sent_while_busy, displayed_while_busy = list(panel.sent), list(panel.displayed)
        panel.key = Key("loss", ("lr",), 1)  # the traits switch to the new runs …
        await until(lambda: len(panel.displayed) == 2, what="the traits catching up")
        return panel, kernel, sent_while_busy, displayed_while_busy

    panel, kernel, sent, displayed = in_kernel(cell)
    assert [(value, updating) for value, updating, _ in sent] == [("loss@1", False)]
    assert sent[0][2] != kernel  # sent from another thread, no trait set there
    assert displayed == [("loss@0", False, kernel)]
    assert panel.displayed[-1] == ("loss@1", False, kernel)  # … and on the kernel's thread
    assert panel.resynced == [{"rows", "n_runs"}]  # the names sent, sent again from the traits


def test_without_a_way_to_send_the_view_only_the_kernels_thread_delivers():
    async def cell():
        panel = Panel(send=False)
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the delivery")
        return panel

    panel = in_kernel(cell)
    assert panel.sent == [] and panel.values("displayed") == ["loss@0"]


def test_in_a_script_the_result_is_delivered_by_settle_on_the_calling_thread():
    panel = Panel()
    panel.runner.refresh()
    future = panel.runner.settle(timeout=10)
    assert future.result().name == "loss@0"
    assert panel.displayed == [("loss@0", False, threading.current_thread().name)]
    assert panel.sent == []  # no event loop: no view to send to behind its back


def test_from_another_thread_of_a_notebook_settle_waits_but_leaves_display_to_the_kernel():
    async def cell():
        panel = Panel()
        results = []
        other = threading.Thread(target=lambda: results.append(panel.runner.settle(10).result()))
        other.start()
        await until(lambda: not other.is_alive(), what="the other thread")
        return panel, results

    panel, results = in_kernel(cell)
    assert [r.name for r in results] == ["loss@0"] and panel.displayed == []
