"""The ImportancePanel widget: synced traits and the glue from them to :mod:`hpviz.analysis`.

The front end (``js/widget.js``) draws whatever these traits say and writes back what the user
does, so every click is scriptable from Python and every Python change shows in the panel.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from hpviz.analysis import (
    SORT_KEYS,
    Analysis,
    analyse,
    sort_table,
    useful_parameters,
)
from hpviz.background import BackgroundCache
from hpviz.runs import GOALS, UnknownColumnError, default_metric, guess_goal, load_runs

__all__ = ["ImportancePanel"]


def _static(name: str) -> Path:
    """The front-end file: packaged beside the code in a wheel, in ``js/`` in a checkout."""
    packaged = Path(__file__).parent / "static" / name
    return packaged if packaged.exists() else Path(__file__).parent.parent / "js" / name


class ImportancePanel(anywidget.AnyWidget):
    """Which parameters of a sweep matter for a metric, and which way they push it.

    ``ImportancePanel(runs, metric="val_loss")`` shows one row per parameter with its
    random-forest importance and its correlation with the metric. Sort by clicking a column,
    switch metric in the header, hide and show parameters with *Parameters*, or let the magic
    wand show the ones above the noise floor. All of it is also scriptable from here.

    Parameters
    ----------
    runs
        The table of runs, one row per run: a pandas or polars DataFrame (or anything narwhals
        or the dataframe interchange protocol reads), a list of dicts (nested configs become
        dotted names), a path to a CSV or Parquet file, an Optuna ``Study`` or its
        ``trials_dataframe()``, an MLflow ``search_runs()`` frame, a Ray Tune
        ``get_dataframe()`` frame, or W&B runs (``wandb.Api().runs(...)``, or the exported
        frame of ``config``/``summary`` dicts). Source prefixes are dropped from the names
        (``params_lr`` → ``lr``).
    metric
        The metric to explain; by default a validation metric if there is one.
    params
        The parameter columns; by default every column that is neither a metric nor run
        metadata (ids, names, states, timestamps).
    hidden
        Parameters to start hidden (left out of the table and of the model).
    goal
        ``"minimize"`` or ``"maximize"``; by default the source's (an Optuna study's
        direction), else guessed from each metric's name.
    metrics
        The candidate metrics for the selector; by default the numeric columns named like
        metrics (loss, acc, f1, reward, …).
    seed
        Seed of the forest: the same seed gives the same numbers.
    """

    _esm = _static("widget.js")
    _css = _static("widget.css")

    metric = traitlets.Unicode("").tag(sync=True)
    """The metric being explained. Setting it (here or in the header's selector) recomputes."""

    metrics = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    """The candidate metrics offered by the selector (read-only)."""

    goal = traitlets.Enum(GOALS, default_value="minimize").tag(sync=True)
    """Whether the metric is minimised or maximised: decides which correlation is good (green).
    Guessed from the metric's name unless set."""

    parameters = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    """Every candidate parameter, in the run table's column order (read-only)."""

    hidden = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """Parameters hidden from the table and left out of the model. Default: none."""

    sort_by = traitlets.Enum(SORT_KEYS, default_value="importance").tag(sync=True)
    """The column the table is sorted by: ``"importance"``, ``"correlation"`` or
    ``"parameter"``. Default: importance."""

    descending = traitlets.Bool(True).tag(sync=True)
    """Sort direction. Default: True (largest first)."""

    search = traitlets.Unicode("").tag(sync=True)
    """Text of the search box: only parameters whose name contains it (any case) are shown."""

    n_runs = traitlets.Int(0, read_only=True).tag(sync=True)
    """Runs analysed for the current metric: those with a finite value of it."""

    n_excluded = traitlets.Int(0, read_only=True).tag(sync=True)
    """Runs left out because their value of the metric is missing, NaN or infinite."""

    rows = traitlets.List(traitlets.Dict(), read_only=True).tag(sync=True)
    """The analysis of the visible parameters, one dict per parameter, for the front end.
    Its size grows with the number of parameters, never with the number of runs."""

    noise_floor = traitlets.Float(None, allow_none=True, read_only=True).tag(sync=True)
    """The importance that shuffled copies of the parameters reach; None if nothing was
    fitted. Parameters above it are the ones the magic wand shows."""

    status = traitlets.Enum(
        ("ready", "computing", "empty", "error"), default_value="computing", read_only=True
    ).tag(sync=True)
    """``"ready"``; ``"computing"``; ``"empty"`` (nothing to show, ``message`` says why);
    ``"error"`` (the analysis failed, ``message`` says how)."""

    message = traitlets.Unicode("", read_only=True).tag(sync=True)
    """Why the panel is empty, or a note about the current analysis (runs left out …)."""

    def __init__(
        self,
        runs: object,
        metric: str | None = None,
        *,
        params: Sequence[str] | None = None,
        hidden: Iterable[str] = (),
        goal: str | None = None,
        metrics: Sequence[str] | None = None,
        seed: int = 0,
    ) -> None:
        loaded = load_runs(runs, metric=metric, params=params, metrics=metrics)
        frame, columns = loaded.frame, loaded.columns
        if metric is None:
            metric = default_metric(columns.metrics)
        if metric is None:
            numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
            raise ValueError(
                "no metric found: pass metric=<column> (numeric columns: "
                f"{', '.join(numeric) or '(none)'})"
            )
        if goal is not None and goal not in GOALS:
            raise ValueError(f"goal must be 'minimize' or 'maximize', not {goal!r}")
        hidden = list(hidden)
        _check_names(hidden, columns.params)

        self._frame = frame
        self._seed = seed
        self._goal_fixed = goal is not None
        self._source_goals = dict(loaded.goals)
        self._source_notes = list(loaded.notes)
        self._setting_goal = False
        self._analyses: BackgroundCache[Analysis] = BackgroundCache(self._analyse)
        self._delivering = threading.RLock()
        self._started = False
        super().__init__()
        self.set_trait("metrics", columns.metrics)
        self.set_trait("parameters", columns.params)
        with self.hold_trait_notifications():
            self.metric = metric
            self.hidden = hidden
            self.goal = goal or self._goal_for(metric)
        self._started = True
        self.on_msg(self._on_message)
        self._refresh()

    # --- the Python API --------------------------------------------------------------------

    @property
    def table(self) -> pd.DataFrame:
        """The visible rows in display order (search, sort and hidden applied), as a frame with
        the columns of :func:`hpviz.importance_table`."""
        table = self._current().table
        needle = self.search.strip().lower()
        if needle:  # str.lower, as the front end folds case (pandas' Arrow strings differ)
            table = table[[needle in str(name).lower() for name in table["parameter"]]]
        return sort_table(table, self.sort_by, self.descending)

    def hide(self, *names: str) -> None:
        """Hide these parameters (they leave the table and the model)."""
        _check_names(names, self.parameters)
        self.hidden = [*self.hidden, *(n for n in names if n not in self.hidden)]

    def show(self, *names: str) -> None:
        """Show these hidden parameters again."""
        _check_names(names, self.parameters)
        self.hidden = [n for n in self.hidden if n not in names]

    def auto_select(self) -> list[str]:
        """The magic wand: show only the parameters whose importance is above the noise floor.

        The noise floor is the importance that shuffled copies of the parameters reach in the
        same forest, fitted on all parameters. Constants and identifiers are hidden. If no
        parameter clears the floor, the most important one is kept, so the table never empties
        while any parameter carries signal. Returns the names shown, most important first.
        """
        full = self._analyses.get((self.metric, tuple(self.parameters)))
        visible = useful_parameters(full)
        self.hidden = [p for p in self.parameters if p not in visible]
        return visible

    # --- trait checks and reactions --------------------------------------------------------

    @traitlets.validate("metric")
    def _valid_metric(self, proposal):
        value = proposal["value"]
        if value not in self.metrics:
            raise UnknownColumnError("metric", value, self.metrics)
        return value

    @traitlets.validate("hidden")
    def _valid_hidden(self, proposal):
        names = list(dict.fromkeys(proposal["value"]))
        _check_names(names, self.parameters)
        return names

    @traitlets.observe("metric")
    def _metric_changed(self, change) -> None:
        if self._started and not self._goal_fixed:
            self._setting_goal = True
            try:
                self.goal = self._goal_for(change["new"])
            finally:
                self._setting_goal = False
        self._refresh()

    def _goal_for(self, metric: str) -> str:
        """The direction the source declares for ``metric`` (an Optuna study's), else a guess
        from its name."""
        return self._source_goals.get(metric) or guess_goal(metric)

    @traitlets.observe("goal")
    def _goal_changed(self, change) -> None:
        if self._started and not self._setting_goal:
            self._goal_fixed = True

    @traitlets.observe("hidden")
    def _hidden_changed(self, change) -> None:
        self._refresh()

    def _on_message(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "auto_select":
            self._auto_select_in_background()

    # --- computing -------------------------------------------------------------------------

    def wait(self, timeout: float | None = None) -> ImportancePanel:
        """Block until the panel shows the analysis of the current metric and visible set.

        Trait changes recompute on a worker thread; call this in a script before reading
        ``rows``, ``status`` or ``message``. (``table`` and ``auto_select`` wait by themselves.)
        """
        key = self._key()
        future = self._analyses.request(key)
        future.exception(timeout)  # raises TimeoutError after ``timeout`` seconds
        self._deliver(key, future)
        return self

    def _key(self) -> tuple[str, tuple[str, ...]]:
        hidden = set(self.hidden)
        return self.metric, tuple(p for p in self.parameters if p not in hidden)

    def _analyse(self, key: tuple[str, tuple[str, ...]]) -> Analysis:
        metric, params = key
        return analyse(self._frame, metric, list(params), seed=self._seed)

    def _current(self) -> Analysis:
        return self._analyses.get(self._key())

    def _refresh(self) -> None:
        """Ask for the current analysis; show it now if cached, else when it is ready."""
        if not self._started:
            return
        key = self._key()
        self._analyses.supersede(key)
        future = self._analyses.request(key)
        if future.done():
            self._deliver(key, future)
            return
        self._publish(status="computing")
        future.add_done_callback(lambda done: self._deliver(key, done))

    def _deliver(self, key, future) -> None:
        """Show a finished analysis, unless the user has moved on to another request."""
        if future.cancelled():
            return
        with self._delivering:
            if key != self._key():
                return
            error = future.exception()
            if error is not None:
                self._publish(
                    status="error",
                    message=f"Could not analyse {key[0]}: {type(error).__name__}: {error}",
                )
                return
            self._show(future.result())

    def _show(self, result: Analysis) -> None:
        visible = result.table
        if not self.parameters:
            status, message = "empty", "This run table has no parameter columns."
        elif visible.empty:
            n = len(self.parameters)
            status = "empty"
            message = f"All {n} parameters are hidden — use the wand or Parameters to show some."
        elif result.reason:
            status, message = "empty", result.reason
        else:
            status, message = "ready", " ".join([*self._source_notes, *result.notes])
        self._publish(
            status=status,
            message=message,
            rows=_rows_for_js(visible),
            noise_floor=result.noise_floor,
            n_runs=result.n_runs,
            n_excluded=result.n_excluded,
        )

    def _auto_select_in_background(self) -> None:
        """The wand, clicked in the panel: fit on all parameters without blocking the kernel."""
        metric = self.metric
        future = self._analyses.request((metric, tuple(self.parameters)))
        if not future.done():
            self._publish(status="computing")

        def apply(done: Future) -> None:
            if done.cancelled() or done.exception() is not None or metric != self.metric:
                self._refresh()  # superseded or failed: show the current state again
                return
            visible = useful_parameters(done.result())
            self.hidden = [p for p in self.parameters if p not in visible]

        future.add_done_callback(apply)

    def _publish(self, **values) -> None:
        with self.hold_sync():
            for name, value in values.items():
                self.set_trait(name, value)


def _check_names(names: Iterable[str], available: Sequence[str]) -> None:
    for name in names:
        if name not in available:
            raise UnknownColumnError("parameter", name, available)


def _number(value: object) -> float | None:
    """A JSON-safe number: NaN and infinities become None."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _rows_for_js(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "parameter": row.parameter,
            "kind": row.kind,
            "importance": _number(row.importance) or 0.0,
            "correlation": _number(row.correlation),
            "useful": bool(row.useful),
            "values": [
                {
                    "value": v["value"],
                    "count": v["count"],
                    "mean": _number(v["mean"]),
                    "correlation": _number(v["correlation"]),
                }
                for v in row.values
            ],
        }
        for row in table.itertuples(index=False)
    ]
