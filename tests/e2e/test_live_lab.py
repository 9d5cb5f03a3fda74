"""A live sweep in a real JupyterLab: the panel keeps up while the kernel runs the cell.

The panel is displayed in one cell; the next cell runs a study with the Optuna callback
(``n_jobs=1`` and ``n_jobs=2``) or appends runs in a loop, keeping the kernel busy for several
seconds. While it runs, the page is sampled every 100 ms (the kernel cannot be asked: it is
busy): the run count shown must grow at least twice and "Computing…" never replaces rows
already shown for more than a second. After the cell, the panel shows every run, the view and
Python's traits agree, and the header says whether the ranking settled, as Python does.
"""

from __future__ import annotations

import itertools
import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READY = 60_000  # ms: the first render loads the front end and fits the forest

# lr and the optimizer matter, noise_a and noise_b do not; each trial takes 40 ms.
SETUP = """
import time
import numpy as np
import optuna
import pandas as pd
from hpviz import ImportancePanel

optuna.logging.set_verbosity(optuna.logging.WARNING)

def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd"])
    trial.suggest_float("noise_a", 0, 1)
    trial.suggest_int("noise_b", 0, 100)
    time.sleep(0.04)
    return (np.log10(lr) + 2.5) ** 2 + 1.0 * (optimizer == "sgd")

study = optuna.create_study(sampler=optuna.samplers.RandomSampler(0))
study.optimize(objective, n_trials=10)
panel = ImportancePanel(study)
panel
"""

BATCHES = """
rng = np.random.default_rng(1)

def batch(n):
    lr = 10 ** rng.uniform(-5, 0, n)
    optimizer = rng.choice(["adam", "sgd"], n)
    return pd.DataFrame({
        "lr": lr, "optimizer": optimizer,
        "noise_a": rng.uniform(size=n), "noise_b": rng.integers(0, 100, n),
        "value": (np.log10(lr) + 2.5) ** 2 + 1.0 * (optimizer == "sgd") + rng.normal(0, .05, n),
    })
"""

# What the page shows, sampled in one evaluate: the run count, rows, status and progress.
SAMPLE = """() => {
  const root = document.querySelector('.jp-OutputArea .hpviz');
  if (!root) return null;
  const runs = root.querySelector('.hpviz-runs');
  const progress = root.querySelector('.hpviz-live .hpviz-status');
  return {
    runs: runs && !runs.hidden ? runs.textContent : '',
    rows: root.querySelectorAll('tr.hpviz-row').length,
    status: root.getAttribute('data-status'),
    progress: progress && !progress.hidden ? progress.textContent : '',
    running: !window.__e2e.done,
  };
}"""


def run_count(text: str) -> int | None:
    match = re.match(r"([\d,]+) runs?\b", text or "")
    return int(match.group(1).replace(",", "")) if match else None


def watch_while_running(lab, timeout: float = 120.0) -> list[tuple[float, dict]]:
    """Sample the panel every 100 ms until the started cell ends."""
    samples = []
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        sample = lab.page.evaluate(SAMPLE)
        if sample is not None:
            samples.append((time.monotonic() - start, sample))
            if not sample["running"]:
                return samples
        lab.page.wait_for_timeout(100)  # the sampling period, not a wait for a state
    raise AssertionError(f"the cell did not end within {timeout} s")


def check_live(samples: list[tuple[float, dict]]) -> list[int]:
    """The run counts shown while the cell ran; fails if they grew fewer than twice, or if
    "Computing…" replaced rows already shown for more than a second."""
    during = [(t, s) for t, s in samples if s["running"]]
    counts = [run_count(s["runs"]) for _, s in during]
    seen = [c for c in counts if c is not None]
    growth = sum(1 for a, b in itertools.pairwise(seen) if b > a)
    assert growth >= 2, f"the run count grew {growth} times while the cell ran: {seen}"
    shown_rows, blank_since, longest = False, None, 0.0
    for t, s in during:
        blank = s["rows"] == 0 and s["status"] == "computing"
        shown_rows = shown_rows or s["rows"] > 0
        if blank and shown_rows:
            blank_since = t if blank_since is None else blank_since
            longest = max(longest, t - blank_since)
        else:
            blank_since = None
    assert longest <= 1.0, f'"Computing…" without rows for {longest:.1f} s once rows were shown'
    print(f"\nrun counts shown while the cell ran: {sorted(set(seen))}")  # (with -s)
    return seen


def check_after(lab, total: int) -> None:
    """After the cell: every run shown, nothing updating, and the view agrees with Python."""
    root = lab.page.locator(".jp-OutputArea .hpviz").first
    expect(root.locator(".hpviz-runs")).to_have_text(
        re.compile(rf"^{total:,} runs"), timeout=30_000
    )
    expect(root.locator(".hpviz-live .hpviz-status")).to_be_hidden(timeout=30_000)
    python = lab.wait_for_python(
        "dict(n=panel.n_runs, status=panel.status, updating=panel.updating,"
        " rows=[r['parameter'] for r in panel.rows], ranking=panel.ranking)",
        lambda v: v["n"] == total and v["status"] == "ready" and not v["updating"],
        message="Python's traits after the cell",
    )
    view = lab.page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-OutputArea tr.hpviz-row'))
                 .map((tr) => tr.getAttribute('data-parameter'))"""
    )
    assert sorted(view) == sorted(python["rows"])
    chip = root.locator(".hpviz-ranking")
    if python["ranking"]:
        expected = (
            f"Ranking stable over the last {python['ranking']['runs']:,} runs"
            if python["ranking"]["state"] == "stable"
            else "Ranking still moving"
        )
        expect(chip).to_have_text(expected)
    return python


def show_panel(lab, name: str) -> None:
    lab.open_notebook(name)
    cell = lab.run_cell(SETUP)
    expect(cell.output.locator(".hpviz-runs")).to_have_text("10 runs", timeout=READY)
    expect(cell.output.locator("tr.hpviz-row").first).to_be_visible()


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_study_with_the_callback_shows_while_it_runs(lab, n_jobs):
    show_panel(lab, f"live_study_{n_jobs}")
    lab.start_cell(
        f"study.optimize(objective, n_trials=150, n_jobs={n_jobs}, "
        "callbacks=[panel.optuna_callback])"
    )
    samples = watch_while_running(lab)
    lab.finish_cell()
    check_live(samples)
    python = check_after(lab, 160)
    # lr and the optimizer dominate from early on: the ranking has settled, and says so. (Under
    # TPE with two workers an irrelevant parameter now and then clears the floor in third place.)
    assert python["ranking"]["state"] == "stable", python["ranking"]
    assert python["ranking"]["top"][:2] == ["lr", "optimizer"], python["ranking"]
    history = lab.python_json("[len(panel.history), list(panel.history.index)[-1]]")
    assert history[0] >= 3 and history[1] == 160


def test_an_append_loop_shows_while_it_runs(lab):
    show_panel(lab, "live_append")
    lab.run_cell(BATCHES)
    lab.start_cell("for i in range(16):\n    panel.append(batch(5))\n    time.sleep(0.5)")
    samples = watch_while_running(lab)
    lab.finish_cell()
    seen = check_live(samples)
    assert seen[-1] < 90 or len(set(seen)) >= 3
    check_after(lab, 90)


@pytest.fixture
def live_page(browser, tmp_path):
    """A static export of a panel that saw three sets of runs, opened from disk; its
    ``window.hpvizModel`` stands in for the kernel."""
    from hpviz import ImportancePanel
    from tests.sweeps import make_sweep

    panel = ImportancePanel(make_sweep(300, seed=1), metric="val_loss").wait()
    for seed in (2, 3):
        panel.append(make_sweep(100, seed=seed)).wait()
    path = panel.to_html(tmp_path / "live.html")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    expect(page.locator(".hpviz-row").first).to_be_visible()
    yield page, panel
    context.close()


def test_the_header_says_progress_updating_and_the_ranking_and_rows_show_their_moves(live_page):
    page, panel = live_page
    ranking = page.locator(".hpviz-ranking")
    assert panel.ranking["state"] == "stable"
    expect(ranking).to_have_text(f"Ranking stable over the last {panel.ranking['runs']} runs")
    status = page.locator(".hpviz-live .hpviz-status")
    expect(status).to_be_hidden()

    # a newer analysis under way: the rows stay, labelled
    page.evaluate(
        "() => { const m = window.hpvizModel; "
        "m.set('n_runs_newest', 650); m.set('updating', true); }"
    )
    expect(status).to_have_text("updating… 500 of 650 runs analysed")
    expect(page.locator("tr.hpviz-row").first).to_be_visible()

    # the first analysis: what it computes, and for how long
    page.evaluate(
        "() => { const m = window.hpvizModel; m.set('updating', false); m.set('n_runs', 0);"
        " m.set('n_runs_newest', 1000); m.set('status', 'computing'); }"
    )
    expect(status).to_have_text(re.compile(r"^Computing… 1,000 runs × \d+ parameters"))
    expect(status).to_have_text(re.compile(r" · [1-9]\d* s$"), timeout=5_000)

    # a refresh that moved rows: each says so for a moment, then the mark goes
    page.evaluate(
        """() => { const m = window.hpvizModel; m.set('status', 'ready'); m.set('n_runs', 500);
          m.set('ranking', {state: 'moving', runs: 0, refreshes: 0, top: ['lr'],
                            moves: {noise_a: 2, batch_size: -1}, n_runs: 520}); }"""
    )
    expect(ranking).to_have_text("Ranking still moving")
    mark = page.locator('tr[data-parameter="noise_a"] .hpviz-move')
    expect(mark).to_have_text("↑2")
    expect(page.locator('tr[data-parameter="batch_size"] .hpviz-move')).to_have_text("↓1")
    expect(page.locator('tr[data-parameter="lr"] .hpviz-move')).to_have_count(0)
    expect(mark).to_have_count(0, timeout=8_000)
