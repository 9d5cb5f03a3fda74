"""How long does the panel take to re-render, in a real browser, with 500 parameters?

Builds a panel on a synthetic sweep (2 000 runs, 500 parameters: numeric, log-scaled and
categorical), writes it with ``panel.to_html`` to a temporary file, opens that file in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright; no network) and times, inside
the page with ``performance.now()``, what happens after each of these actions:

* **sort**: a click on a column header button (cycling Correlation, Parameter, Importance, so
  every click changes the order of all 500 rows);
* **search, narrow / clear**: the search box's value set and an ``input`` event dispatched,
  from empty to ``7`` (500 → 95 rows) and back (95 → 500 rows);
* **hide / show one, model**: ``model.set("hidden", …)`` (what Python, or the wand, does);
* **hide / show one, dialog**: a click on a parameter's checkbox in the open *Parameters*
  dialog (a click on the checkbox element, so the ``change`` event fires);
* **scroll**: the table's ``scrollTop`` moved 300 px down (a flick of the wheel), or anywhere
  in the table (the scroll bar dragged): the widget renders the rows newly in view in the next
  animation frame, so only the time to after that frame is measured, and the rows rendered are
  checked to cover the view;

and, first, a **baseline**: one word of text outside the panel changed, timed the same way, so
the floor of the **next frame** column (waiting for the frame, painting, committing) is known.

The widget redraws in one microtask queued by the model's change event (``queueMicrotask``
in ``render``), so the DOM shows the new state when that microtask has run. Each action is
timed to three points, all from the moment just before the action:

* ``script``: the end of the synchronous re-render, i.e. the event handler, ``model.set`` and
  the redraw microtask (awaited with ``await Promise.resolve()``, which runs after it);
* ``+ style/layout``: after that, ``document.body.offsetHeight`` forces style recalculation
  and layout of what changed (the table renders only the rows near its scrolled view, as in
  the real page);
* ``next frame``: after that, a ``requestAnimationFrame`` callback and then a message posted
  from it (a task that runs after that frame's rendering update: style, layout, paint, and
  the commit to the compositor; not rasterisation or display). This includes waiting for the
  frame to begin, 0–16.7 ms at 60 Hz, so it is the time until the page has painted the new
  state, which is what a user sees, give or take one display refresh.

Between two actions the page idles for two frames. Each action is repeated ``--repeat``
times (default 30) after 5 unmeasured warm-up runs; the table gives the median and the 95th
percentile (nearest rank: the 29th of 30 sorted values). Every action's result is checked in
the DOM (the header's ``aria-sort``; the number of rows the table reports in
``aria-rowcount``; after a sort, fewer than 100 rows in the page and they are the first ones of
the new order, as ``panel.table`` sorts them in Python; after a scroll, rows covering the
view; the row hidden or back).

It then times ``ImportancePanel(...)`` in Python on 100 000 runs × 50 parameters: the time
until the constructor returns (the fit runs on a worker thread), and until ``.wait()``
returns (the fit done), each from the start of the constructor; median of ``--python-repeat``
(default 5) fresh panels.

    python benchmarks/bench_browser.py                 # about a minute on 2 cores
    python benchmarks/bench_browser.py --repeat 50 --python-repeat 3

Needs ``playwright`` (the Python package; no browser download: it drives
``/usr/bin/chromium``, ``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hpviz import ImportancePanel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_importance import make_sweep  # the same synthetic sweep as there

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
WARMUP = 5


def make_wide_sweep(n_runs: int = 2_000, n_params: int = 500, seed: int = 0) -> pd.DataFrame:
    """A sweep with ``n_params`` parameters: every fifth categorical (3 to 9 values, so some
    list "+N more"), every tenth from 3 on log-uniform over four decades, the rest uniform on
    [0, 1); a metric that depends on a handful of them, plus noise."""
    rng = np.random.default_rng(seed)
    columns: dict[str, np.ndarray] = {}
    for i in range(n_params):
        if i % 5 == 4:
            columns[f"cat_{i:03d}"] = rng.choice([f"v{j}" for j in range(3 + i % 7)], n_runs)
        elif i % 10 == 3:
            columns[f"lr_{i:03d}"] = 10 ** rng.uniform(-5, -1, n_runs)
        else:
            columns[f"param_{i:03d}"] = rng.uniform(size=n_runs)
    frame = pd.DataFrame(columns)
    frame["val_loss"] = (
        3 * frame["param_000"] ** 2
        + 2 * np.sin(6 * frame["param_001"])
        + 0.3 * np.log10(frame["lr_003"])
        + (frame["cat_004"] == "v1")
        + 4 * frame["param_005"] * frame["param_006"]
        + rng.normal(0, 0.3, n_runs)
    )
    return frame


# In-page harness. `measure(act, check)` times one action to the three points described in the
# module's docstring and then checks the DOM; `settle()` lets two frames pass.
_HARNESS = r"""
() => {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const afterFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      })
    );
  const root = document.querySelector("#hpviz-export .hpviz");
  const tbody = root.querySelector("tbody");
  window.__bench = {
    root,
    tbody,
    model: window.hpvizModel,
    settle: async () => { await nextFrame(); await nextFrame(); },
    table: root.querySelector("table"),
    rowNames: () => window.hpvizModel.get("rows").map((row) => row.parameter),
    // rows shown (the table renders only those near the view: see aria-rowcount)
    shown() { return Number(this.table.getAttribute("aria-rowcount")) - 1; },
    rendered() { return this.tbody.querySelectorAll("tr[data-parameter]").length; },
    // null if the rendered rows cover the table's view below its header, else how much they do
    covered() {
      const wrap = this.table.parentElement;
      const view = wrap.getBoundingClientRect();
      const top = view.top + this.table.tHead.getBoundingClientRect().height;
      const bottom = view.top + wrap.clientHeight;
      let covered = 0;
      for (const tr of this.tbody.querySelectorAll("tr[data-parameter]")) {
        const r = tr.getBoundingClientRect();
        covered += Math.max(0, Math.min(r.bottom, bottom) - Math.max(r.top, top));
      }
      return covered >= bottom - top - 1 ? null : `rows cover ${covered} of ${bottom - top} px`;
    },
    count: 0,
    // Act from a task (as a click does), at a phase of the frame that differs from one
    // action to the next (0 to 16 ms after a frame's start, golden-ratio spread).
    async start() {
      await this.settle();
      const phase = ((this.count++ * 0.6180339887) % 1) * 16;
      await new Promise((resolve) => setTimeout(resolve, phase));
    },
    async measure(act, check) {
      await this.start();
      const t0 = performance.now();
      act();
      await Promise.resolve();  // the redraw microtask, queued by act, has run before this
      const t1 = performance.now();
      void document.body.offsetHeight;  // forced style and layout
      const t2 = performance.now();
      const t3 = await afterFrame();
      const problem = check();
      if (problem) throw new Error(problem);
      return [t1 - t0, t2 - t0, t3 - t0];
    },
    // A scroll is handled in the next frame (the widget re-places its rows in an animation
    // frame callback): only the time to after that frame means anything.
    async measureScroll(act, check) {
      await this.start();
      const t0 = performance.now();
      act();
      const t3 = await afterFrame();
      const problem = check();
      if (problem) throw new Error(problem);
      return [null, null, t3 - t0];
    },
  };
}
"""

# The scenarios: `async (reps) => [[script, layout, frame], ...]` (or two such lists), warm-up
# included (the first WARMUP results are dropped in Python). Each leaves the page as it found
# it: sorted by importance (descending), no search, nothing hidden, the dialog closed.
_SORT = r"""
async ([reps, orders]) => {
  const b = window.__bench;
  const keys = ["correlation", "parameter", "importance"];
  const out = [];
  for (let i = 0; i < reps; i++) {
    const key = keys[i % keys.length];
    const button = b.root.querySelector(`button.hpviz-sort[data-sort="${key}"]`);
    out.push(await b.measure(() => button.click(), () => {
      const th = button.closest("th");
      if (th.getAttribute("aria-sort") === "none") return `${key}: aria-sort not set`;
      if (b.shown() !== 500) return `${key}: ${b.shown()} rows`;
      // the rows in the page: the first ones of the new order (Python's), each at its place
      const rows = Array.from(b.tbody.querySelectorAll("tr[data-parameter]"));
      if (rows.length === 0 || rows.length > 100) return `${key}: ${rows.length} rows in the DOM`;
      for (const [i, tr] of rows.entries()) {
        const index = Number(tr.getAttribute("aria-rowindex"));
        if (index !== i + 2 || tr.getAttribute("data-parameter") !== orders[key][i]) {
          return `${key}: row ${i + 1} is ${tr.getAttribute("data-parameter")} at ${index}`;
        }
      }
      if (b.model.get("sort_by") !== key) return `${key}: sort_by ${b.model.get("sort_by")}`;
      return null;
    }));
  }
  b.model.set("sort_by", "importance");
  b.model.set("descending", true);
  await b.settle();
  return out;
}
"""

# The floor: a frame that changes one word of text outside the panel, measured the same way.
_BASELINE = r"""
async (reps) => {
  const b = window.__bench;
  const text = document.body.appendChild(document.createElement("span"));
  const out = [];
  for (let i = 0; i < reps; i++) {
    out.push(await b.measure(() => { text.textContent = String(i); }, () => null));
  }
  text.remove();
  await b.settle();
  return out;
}
"""

_SEARCH = r"""
async (reps) => {
  const b = window.__bench;
  const input = b.root.querySelector("input.hpviz-search");
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const expected = (text) =>
    b.model.get("parameters").filter((n) => n.toLowerCase().includes(text)).length;
  const narrow = [];
  const clear = [];
  for (let i = 0; i < reps; i++) {
    narrow.push(await b.measure(() => type("7"), () => {
      const n = b.shown();
      return n === expected("7") ? null : `narrow: ${n} rows, expected ${expected("7")}`;
    }));
    clear.push(await b.measure(() => type(""), () => {
      const n = b.shown();
      return n === 500 ? null : `clear: ${n} rows`;
    }));
  }
  return [narrow, clear];
}
"""

_SCROLL = r"""
async (reps) => {
  const b = window.__bench;
  const wrap = b.table.parentElement;
  const end = () => wrap.scrollHeight - wrap.clientHeight;
  const step = [];
  const jump = [];
  for (let i = 0; i < reps; i++) {
    // a flick of the wheel: 300 px further down (the top again past the end)
    step.push(await b.measureScroll(() => {
      wrap.scrollTop = wrap.scrollTop + 300 > end() ? 0 : wrap.scrollTop + 300;
    }, () => b.covered()));
    // the scroll bar dragged far: anywhere in the table
    jump.push(await b.measureScroll(() => {
      wrap.scrollTop = ((i * 0.6180339887) % 1) * end();
    }, () => b.covered()));
  }
  wrap.scrollTop = 0;
  await b.settle();
  return [step, jump];
}
"""

_HIDE_MODEL = r"""
async (reps) => {
  const b = window.__bench;
  const names = b.rowNames();
  const hide = [];
  const show = [];
  for (let i = 0; i < reps; i++) {
    const name = names[(i * 37) % names.length];  // on screen and off screen
    hide.push(await b.measure(() => b.model.set("hidden", [name]), () =>
      b.shown() === 499 && !b.tbody.querySelector(`tr[data-parameter="${name}"]`)
        ? null : `hide ${name}: still shown`));
    show.push(await b.measure(() => b.model.set("hidden", []), () =>
      b.shown() === 500 ? null : `show ${name}: not back`));
  }
  return [hide, show];
}
"""

_HIDE_DIALOG = r"""
async (reps) => {
  const b = window.__bench;
  b.root.querySelector("button.hpviz-manage").click();
  await b.settle();
  const manager = b.root.querySelector(".hpviz-manager");
  if (!manager) throw new Error("the Parameters dialog did not open");
  const box = (which, name) =>
    manager.querySelector(`.hpviz-manager-${which} input[data-parameter="${name}"]`);
  const names = b.rowNames();
  const hide = [];
  const show = [];
  for (let i = 0; i < reps; i++) {
    const name = names[(i * 37) % names.length];
    hide.push(await b.measure(() => box("visible", name).click(), () =>
      b.shown() === 499 && box("hidden", name)
        ? null : `dialog hide ${name}: ${b.shown()} rows`));
    show.push(await b.measure(() => box("hidden", name).click(), () =>
      b.shown() === 500 && box("visible", name)
        ? null : `dialog show ${name}: ${b.shown()} rows`));
  }
  manager.querySelector(".hpviz-btn-primary").click();  // Close
  await b.settle();
  return [hide, show];
}
"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def browser_timings(
    html: Path, repeat: int, orders: dict[str, list[str]]
) -> tuple[dict[str, list[list[float]]], float]:
    """{scenario: [[script, layout, frame] per measured action]} and the page's load time (s);
    ``orders``: the parameters in the order each sort key shows them (Python's, to check)."""
    from playwright.sync_api import sync_playwright

    reps = WARMUP + repeat
    results: dict[str, list[list[float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            start = time.perf_counter()
            page.goto(html.as_uri())
            page.wait_for_function(
                "document.querySelector('#hpviz-export table')"
                "?.getAttribute('aria-rowcount') === '501'",
                timeout=60_000,
            )
            load = time.perf_counter() - start
            page.evaluate(_HARNESS)
            page.evaluate("window.__bench.settle()")

            results["baseline: one word changed, outside the panel"] = page.evaluate(
                _BASELINE, reps
            )
            results["sort (header click)"] = page.evaluate(_SORT, [reps, orders])
            narrow, clear = page.evaluate(_SEARCH, reps)
            results["search, narrow (500 → 95 rows)"] = narrow
            results["search, clear (95 → 500 rows)"] = clear
            step, jump = page.evaluate(_SCROLL, reps)
            results["scroll 300 px (wheel)"] = step
            results["scroll anywhere (scroll bar)"] = jump
            hide, show = page.evaluate(_HIDE_MODEL, reps)
            results["hide one (model)"] = hide
            results["show one (model)"] = show
            hide, show = page.evaluate(_HIDE_DIALOG, reps)
            results["hide one (dialog checkbox)"] = hide
            results["show one (dialog checkbox)"] = show
            if errors:
                raise RuntimeError(f"errors in the page: {errors}")
        finally:
            browser.close()
    return {name: values[WARMUP:] for name, values in results.items()}, load


def timing_table(timings: dict[str, list[list[float | None]]]) -> list[str]:
    """The browser timings as the lines of a Markdown table: median and p95 of each column."""
    lines = [
        "| action | script: median | p95 | + style/layout: median | p95 "
        "| next frame: median | p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rows in timings.items():
        cells = []
        for column in range(3):
            values = [row[column] for row in rows]
            if None in values:  # a scroll: only the next frame is measured
                cells += ["–", "–"]
                continue
            cells += [f"{statistics.median(values):.1f}", f"{percentile(values, 95):.1f}"]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def python_timings(repeat: int) -> tuple[list[float], list[float]]:
    """Seconds until ``ImportancePanel(...)`` returns and until ``.wait()`` returns (both from
    the constructor's start), on 100 000 runs × 50 parameters, one fresh panel each."""
    frame = make_sweep(100_000, 50)
    construct, ready = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        panel = ImportancePanel(frame, metric="val_loss")
        construct.append(time.perf_counter() - start)
        panel.wait()
        ready.append(time.perf_counter() - start)
        if panel.status != "ready":
            raise RuntimeError(f"panel status {panel.status!r}: {panel.message}")
        panel.close()
    return construct, ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="measured actions per scenario")
    parser.add_argument("--python-repeat", type=int, default=5, help="panels at 100 000 × 50")
    args = parser.parse_args()

    start = time.perf_counter()
    panel = ImportancePanel(make_wide_sweep(), metric="val_loss").wait()
    fit = time.perf_counter() - start
    if len(panel.rows) != 500:
        raise RuntimeError(f"{len(panel.rows)} rows, expected 500")
    # The order each header click gives (Python sorts exactly as the front end does).
    orders = {}
    for key, descending in (("correlation", True), ("parameter", False), ("importance", True)):
        panel.sort_by, panel.descending = key, descending
        orders[key] = [str(name) for name in panel.table["parameter"]]
    with tempfile.TemporaryDirectory(prefix="hpviz-bench-") as directory:
        html = panel.to_html(Path(directory) / "panel.html")
        size = html.stat().st_size
        panel.close()
        del panel
        timings, load = browser_timings(html, args.repeat, orders)

    print(f"Re-render with 500 parameters (2,000 runs), ms over {args.repeat} actions each:")
    print()
    print("\n".join(timing_table(timings)))
    print()
    print(
        f"(Panel fitted in {fit:.1f} s; export {size / 1e6:.1f} MB, drill-downs included; "
        f"page loaded and first render in {load:.2f} s.)"
    )

    construct, ready = python_timings(args.python_repeat)
    print()
    print(
        "`ImportancePanel(...)` on 100,000 runs × 50 parameters, "
        f"s over {args.python_repeat} panels:"
    )
    print()
    print("| until | median | min | max |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in (("the constructor returns", construct), ("`.wait()` returns", ready)):
        print(
            f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |"
        )


if __name__ == "__main__":
    main()
