"""The analysis runner (hpviz.runner.AnalysisRunner) without a panel: where and when a finished
analysis is delivered."""

import asyncio
import threading

from test_threads import in_kernel, until

from hpviz.runner import AnalysisRunner, Key


class Panel:
    """Stands in for the widget: a current key, and what was displayed on which thread."""

    def __init__(self, gate=None):
        self.key = Key("loss", ("lr",), 0)
        self.displayed = []
        self.computing = 0
        self.handovers = 0
        self.gate = gate
        self.runner = AnalysisRunner(
            self.compute,
            current=lambda: self.key,
            display=self.display,
            computing=self.mark_computing,
            after_handover=self.after_handover,
        )

    def compute(self, key, should_stop):
        if self.gate is not None:
            self.gate.wait(30)
        return f"{key.metric}@{key.version}"

    def display(self, key, future):
        self.runner.published += 1
        self.displayed.append((future.result(), threading.current_thread().name))

    def mark_computing(self):
        self.computing += 1

    def after_handover(self):
        self.handovers += 1


def test_a_finished_fit_is_delivered_on_the_kernels_thread_by_its_loop():
    async def cell():
        panel = Panel()
        panel.runner.refresh()
        await until(lambda: panel.displayed, what="the delivery")
        return panel, threading.current_thread().name

    panel, kernel = in_kernel(cell)
    assert panel.displayed == [("loss@0", kernel)]
    assert panel.computing == 1 and panel.handovers == 1


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
    assert [value for value, _ in panel.displayed] == ["loss@0", "acc@0", "loss@0"]
    assert panel.computing == 2


def test_a_result_for_a_key_the_panel_left_is_never_delivered():
    async def cell():
        gate = threading.Event()
        panel = Panel(gate)
        panel.runner.refresh()  # loss@0, held at the gate
        panel.key = Key("loss", ("lr",), 1)  # new runs meanwhile
        panel.runner.refresh()
        gate.set()
        await until(lambda: panel.displayed, what="the delivery")
        await asyncio.sleep(0.2)  # the loop stays free for a late, stale delivery
        return panel

    panel = in_kernel(cell)
    assert [value for value, _ in panel.displayed] == ["loss@1"]


def test_in_a_script_the_result_is_delivered_by_settle_on_the_calling_thread():
    panel = Panel()
    panel.runner.refresh()
    future = panel.runner.settle(timeout=10)
    assert future.result() == "loss@0"
    assert panel.displayed == [("loss@0", threading.current_thread().name)]


def test_from_another_thread_of_a_notebook_settle_waits_but_leaves_display_to_the_kernel():
    async def cell():
        panel = Panel()
        results = []
        other = threading.Thread(target=lambda: results.append(panel.runner.settle(10).result()))
        other.start()
        await until(lambda: not other.is_alive(), what="the other thread")
        displayed_before_loop_ran = list(panel.displayed)
        return panel, results, displayed_before_loop_ran, threading.current_thread().name

    panel, results, before, kernel = in_kernel(cell)
    assert results == ["loss@0"] and before == []  # settle from that thread displays nothing
