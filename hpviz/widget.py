"""The ImportancePanel widget: its synced traits and its public API.

The front end (``hpviz/static/widget.js``, built from ``js/src``) draws whatever these traits
say and writes back what the user does, so every click is scriptable from Python and every
Python change shows in the panel. The work lives elsewhere: :mod:`hpviz.live` keeps the runs
as ``update``/``append``/``set_role`` change them, :mod:`hpviz.runner` requests analyses on the
panel's worker and delivers them on the kernel's thread, :mod:`hpviz.pairs` finds the pairs
after it, :mod:`hpviz.analysis` computes them. Here a delivered analysis is *displayed*: its
rows, counts and notes set on the traits. The shape of every trait's value and of every message
the view sends is in :mod:`hpviz.contract`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, get_args

import anywidget
import pandas as pd
import traitlets

from hpviz.analysis import SORT_KEYS, Analysis, analyse, sort_table, useful_parameters
from hpviz.analysis.correlation import check_correlation
from hpviz.analysis.drilldown import drilldown
from hpviz.analysis.encoding import check_goal
from hpviz.analysis.interactions import interactions as find_interactions
from hpviz.analysis.interactions import pairs_frame
from hpviz.analysis.table import listed_rows, table_attrs
from hpviz.analysis.target import check_target
from hpviz.background import superseded
from hpviz.contract import EMPTY_TEXTS, Status, read_message
from hpviz.display import analysis_traits, drilldown_view
from hpviz.export import export_state, standalone_html
from hpviz.hosts import rerun_marimo_readers
from hpviz.ingest import (
    GOALS,
    Source,
    UnknownColumnError,
    guess_goal,
    read_source,
    resolve,
)
from hpviz.ingest.choices import check_choice, with_choice
from hpviz.ingest.live import RoleArguments
from hpviz.ingest.roles import run_name_column
from hpviz.ingest.unfinished import check_unfinished
from hpviz.live import (
    CurrentColumns,
    LiveRuns,
    Prepared,
    computing_traits,
    live_traits,
    view_traits,
)
from hpviz.pairs import PairsRunner, pair_view, pairs_traits
from hpviz.runner import AnalysisRunner, Key, send_state

__all__ = ["ImportancePanel", "InvalidColumn"]


class InvalidColumn(traitlets.TraitError, UnknownColumnError):
    """A trait set to a metric or parameter that is not in the runs (``panel.metric =
    "gone"``, or the same from the view): an :class:`~hpviz.ingest.UnknownColumnError` for
    Python code, and a ``TraitError``, the one error on which ipywidgets rolls back a value
    the view sent."""


# The front end: the committed bundle built from js/src (npm run build), read once. The panel
# syncs it as text (a path would make anywidget watch the file, holding every panel alive) and
# to_html inlines the same text.
_STATIC = Path(__file__).parent / "static"
_WIDGET_JS = (_STATIC / "widget.js").read_text("utf-8")
_WIDGET_CSS = (_STATIC / "widget.css").read_text("utf-8")


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
    correlation
        ``"pearson"`` (default): linear correlation, on log10 of parameters searched on a log
        scale; ``"spearman"``: rank correlation.
    ignore
        Columns to leave out altogether (neither parameters nor metrics).
    unfinished
        ``"exclude"`` (default): runs that did not finish (W&B crashed/killed/running, MLflow
        FAILED/KILLED/RUNNING, Optuna non-COMPLETE, Ray Tune trials with ``done`` False) are
        left out and ``message`` says how many; ``"include"``: they are analysed too.
    target
        What importance and correlation are fitted on (see :func:`hpviz.importance_table`):
        ``"auto"`` (default: ranks when a few runs dominate the metric, its symlog when the
        settings lead to them), ``"raw"``, ``"rank"``, ``"log"`` or ``"symlog"``.
    """

    _esm = _WIDGET_JS
    _css = _WIDGET_CSS

    metric = traitlets.Unicode("").tag(sync=True)
    """The metric being explained. Setting it (here or in the header's selector) recomputes."""

    metrics = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    """The candidate metrics offered by the selector (read-only)."""

    goal = traitlets.Enum(GOALS, default_value="minimize").tag(sync=True)
    """Whether the metric is minimised or maximised: decides which correlation is good (green),
    where the best runs are (each row's best range and sparkline, the drill-down's best run,
    :meth:`suggest_space`, :meth:`to_html`). The source's direction or a guess from the
    metric's name unless set; a goal set (argument or chip) belongs to its metric: each metric
    keeps its own."""

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

    status = traitlets.Enum(get_args(Status), default_value="computing", read_only=True).tag(
        sync=True
    )
    """``"ready"``; ``"computing"``; ``"empty"`` (nothing to show, ``message`` says why);
    ``"error"`` (the analysis failed, ``message`` says how)."""

    message = traitlets.Unicode("", read_only=True).tag(sync=True)
    """Why the panel is empty, or a note about the current analysis (runs left out …)."""

    notes = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    """The notes about the shown analysis, one each (runs left out and why, which metric was
    picked among several, how rough the numbers are …); ``message`` is them joined. The panel
    shows one per line."""

    warnings = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    """Those of ``notes`` that put the numbers in doubt (too few runs, nothing stands out from
    noise, importance borrowed from another parameter): the panel shows them as warnings."""

    fitted_on = traitlets.Unicode("", read_only=True).tag(sync=True)
    """What the shown analysis fitted importance and correlation on: ``"raw"`` (the metric's
    values), ``"rank"`` (its ranks), ``"log"`` or ``"symlog"`` (see the ``target``
    argument)."""

    note_actions = traitlets.List(traitlets.Dict(), read_only=True).tag(sync=True)
    """What the notes call for, one button each beside its note: ``{"note": <the note's
    text>, "label": <the button's text>, "message": <what the button sends>}``, e.g. *Include
    these runs* (``{"type": "set_unfinished", "unfinished": "include"}``), *Use raw values*
    (``{"type": "set_target", "target": "raw"}``), *Leave out* (``{"type": "set_role",
    "column": …, "role": "ignored"}``)."""

    empty_texts = traitlets.Dict(dict(EMPTY_TEXTS), read_only=True).tag(sync=True)
    """The sentences the panel shows in the table's place when it has no row (no parameter,
    all hidden, no match for the search …; :data:`hpviz.contract.EMPTY_TEXTS`): written once,
    in Python, for both sides (read-only)."""

    selected = traitlets.Unicode("").tag(sync=True)
    """The parameter whose drill-down plot (the parameter against the metric) is open; ``""``
    when none is. Clicking a row in the panel sets it, clicking it again or closing the plot
    clears it. Default: ``""``."""

    # --- column roles (ingest) ---
    roles = traitlets.List(traitlets.Dict(), read_only=True).tag(sync=True)
    """Every column of the runs with its role and why: ``{"column", "role", "reason"}``, role
    one of :data:`hpviz.ingest.ROLES` (parameter, constant, metric, outcome, metadata,
    identifier, index, empty, ignored). :attr:`columns` gives the same as a DataFrame."""

    goal_guessed = traitlets.Bool(False, read_only=True).tag(sync=True)
    """True when ``goal`` is a guess: nobody set it, the source does not say it, and the
    metric's name does not make it certain (``value``, ``score``, ``objective``)."""

    wand_choice = traitlets.Dict(read_only=True).tag(sync=True)
    """The magic wand's choice while it is in force: ``{"metric", "hidden", "before"}``, the
    metric it was made for, the ``hidden`` list it set and the one before the wand
    (:meth:`undo_auto_select` brings that back). Empty when the wand was not used, or
    ``hidden`` changed since."""

    drilldown = traitlets.Dict(read_only=True).tag(sync=True)
    """The open drill-down's data (see :func:`hpviz.analysis.drilldown.drilldown`): at most
    :data:`hpviz.drilldown.MAX_POINTS` runs, always including the best one, so its size does
    not grow with the number of runs. Empty when ``selected`` is ``""``."""

    # --- live sweeps (update, append, optuna_callback) ---
    updating = traitlets.Bool(False, read_only=True).tag(sync=True)
    """True while the analysis shown is of fewer runs than the panel has (new runs arrived and
    their analysis is computing): the panel keeps it on screen, marked "updating…"."""

    n_runs_newest = traitlets.Int(0, read_only=True).tag(sync=True)
    """Runs with a finite value of the metric in the newest runs; more than ``n_runs`` while
    ``updating`` ("180 of 250 runs analysed")."""

    ranking = traitlets.Dict(read_only=True).tag(sync=True)
    """Whether the ranking has settled, once a second set of runs was shown (else empty):
    ``{"state": "stable" | "moving", "runs", "refreshes", "top", "moves", "n_runs"}``. "stable"
    when the top parameters kept their order over the last refreshes covering ``runs`` runs, at
    least a fifth of them; ``moves`` is how many places each parameter rose (negative: fell) at
    the last refresh. :attr:`history` has the numbers."""

    # --- which parameters work together (hpviz.pairs) ---
    pairs = traitlets.List(traitlets.Dict(), read_only=True).tag(sync=True)
    """The strongest pairs among the most important visible parameters, one dict per pair
    (the rows of :attr:`interactions`), computed after the importance table; at most 28, so
    its size never grows with the runs."""

    pairs_info = traitlets.Dict(read_only=True).tag(sync=True)
    """What the front end says about :attr:`pairs`: ``{"status", "noise_floor", "notes",
    "message"}``, status ``"computing"``, ``"ready"``, ``"empty"`` (``message`` says why) or
    ``"error"``."""

    pair = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """The two parameters whose drill-down (a heatmap of the median metric over both) is open,
    or ``[]`` when none is. Clicking a pair in the panel's Interactions sets it, Close clears
    it. Default: ``[]``."""

    pair_view = traitlets.Dict(read_only=True).tag(sync=True)
    """The open pair's heatmap data (see :func:`hpviz.analysis.pairgrid.pair_grid`): at most
    12 × 12 cells, whatever the number of runs. Empty when ``pair`` is ``[]``."""

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
        correlation: str = "pearson",
        ignore: Sequence[str] | None = None,
        unfinished: str = "exclude",
        target: str = "auto",
    ) -> None:
        check_correlation(correlation)
        check_target(target)
        source = read_source(runs)
        loaded = resolve(
            source,
            metric=metric,
            params=params,
            metrics=metrics,
            ignore=ignore,
            unfinished=unfinished,
        )
        frame, columns = loaded.frame, loaded.columns
        if metric is None:
            metric = loaded.metric
        if metric is None:
            numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
            raise ValueError(
                "no metric found: pass metric=<column> (numeric columns: "
                f"{', '.join(numeric) or '(none)'})"
            )
        if goal is not None:
            check_goal(goal, metric)
        hidden = list(hidden)
        _check_names(hidden, columns.params)

        arguments = RoleArguments(
            params=None if params is None else tuple(params),
            metrics=None if metrics is None else tuple(metrics),
            ignore=None if ignore is None else tuple(ignore),
            unfinished=unfinished,
        )
        self._runs = LiveRuns(
            loaded,
            source,
            arguments,
            on_study=self._study_refresh,
            refresh_interval=self.refresh_interval,
        )
        self._seed = seed
        self._correlation = correlation
        self._target = target
        self._goals: dict[str, str] = {} if goal is None else {metric: goal}
        """The goal chosen for each metric (the argument for the first, the chip for any):
        a goal belongs to its metric."""
        self._setting_goal = False
        self._role_failure = ""  # the note of the last click that failed (set_role, a button)
        self._runner = AnalysisRunner(
            self._analyse,
            current=self._key,
            display=self._display,
            computing=lambda keep: self._publish(**computing_traits(self._runs, self.metric, keep)),
            send_view=lambda key, analysis, updating: send_state(
                self,
                view_traits(
                    self._runs, self._runner.history, key, analysis, updating, self.parameters
                ),
            ),
            resync=lambda names: self.send_state(sorted(names)),
            after_handover=lambda: rerun_marimo_readers(self),
        )
        self._pairs: PairsRunner[Key] = PairsRunner(
            lambda key, analysis, should_stop: find_interactions(
                self._frame, analysis, seed=self._seed, should_stop=should_stop
            ),
            self._runner.worker,
            current=self._key,
            publish=self._publish,
            on_home=self._runner.on_home,
        )
        self._delivering = threading.RLock()  # one display at a time (a script may use threads)
        self._started = False
        self._closed = False
        super().__init__()
        self.set_trait("metrics", columns.metrics)
        self.set_trait("parameters", columns.params)
        self.set_trait("roles", loaded.roles.to_dict("records"))
        with self.hold_trait_notifications():
            self.metric = metric
            self.hidden = hidden
            self.goal = goal or self._goal_for(metric)
            self._mark_goal_guessed()
        self._started = True
        self.on_msg(self._on_message)
        self._refresh()

    # --- the Python API --------------------------------------------------------------------

    @property
    def columns(self) -> pd.DataFrame:
        """Every column of the runs with its ``role`` and the ``reason`` for it (see
        :attr:`roles`); pass ``params=``, ``metrics=`` or ``ignore=`` to change them."""
        return pd.DataFrame(list(self.roles), columns=["column", "role", "reason"])

    @property
    def table(self) -> pd.DataFrame:
        """The visible rows in display order (search, sort and hidden applied; constants and
        identifiers, which cannot explain the metric, left out as the panel leaves them out),
        as a frame with the columns of :func:`hpviz.importance_table`, and its ``attrs``
        (metric, goal, runs, noise floor, notes …)."""
        result = self._current()
        table = listed_rows(result.table)  # constants and ids: in the dialog only
        needle = self.search.strip().lower()
        if needle:  # str.lower, as the front end folds case (pandas' Arrow strings differ)
            table = table[[needle in str(name).lower() for name in table["parameter"]]]
        table = sort_table(table, self.sort_by, self.descending)
        table.attrs.update(
            table_attrs(
                result, self._runs.notes, goal_guessed=self.goal_guessed, actions=self._runs.actions
            )
        )
        return table

    def hide(self, *names: str) -> None:
        """Hide these parameters (they leave the table and the model)."""
        _check_names(names, self.parameters)
        self.hidden = [*self.hidden, *(n for n in names if n not in self.hidden)]

    def show(self, *names: str) -> None:
        """Show these hidden parameters again."""
        _check_names(names, self.parameters)
        self.hidden = [n for n in self.hidden if n not in names]

    def set_role(self, column: str, role: str) -> None:
        """Make ``column`` a parameter (``role="parameter"``), leave it out of the analysis
        (``role="ignored"``), make it a metric the selector offers (``role="metric"``: a metric
        made a parameter becomes one again), or give it back the role the panel gave it
        (``role="auto"``), as the Parameters dialog does; the panel refits.

        The choice overrides the automatic role and ``params=``/``metrics=``/``ignore=``, and
        survives :meth:`update`/:meth:`append`; :attr:`columns` shows it with the role the
        column had before. Raises :class:`~hpviz.ingest.UnknownColumnError` (listing the
        columns) for a name that is not a column, ``ValueError`` for the metric being
        explained or a column without values.
        """
        self._check_open()
        with self._runs.lock:
            source = self._runs.next_source  # the runs of the latest update, shown or not
            values = source.frame[column] if column in source.frame.columns else None
            check_choice(column, role, source.frame.columns, metric=self.metric, values=values)
            choices = with_choice(self._runs.choices, column, role)
            prepared = self._runs.prepare(
                source, append=False, current=self._current_columns(), choices=choices
            )
        self._switch_later(prepared)

    def refit(self, *, unfinished: str | None = None, target: str | None = None) -> None:
        """Analyse the same runs again with another ``unfinished`` (``"include"`` brings back
        the runs that did not finish) or ``target`` (``"raw"`` fits on the metric's values), as
        the buttons beside the notes do. Raises ``ValueError`` for a value not accepted by the
        constructor."""
        self._check_open()
        if target is not None:
            check_target(target)
        if unfinished is not None:
            check_unfinished(unfinished)
        with self._runs.lock:
            if target is not None:
                self._target = target
            if unfinished is not None:
                self._runs.arguments = dataclasses.replace(
                    self._runs.arguments, unfinished=unfinished
                )
            prepared = self._runs.prepare(
                self._runs.next_source, append=False, current=self._current_columns()
            )
        self._switch_later(prepared)

    def auto_select(self) -> list[str]:
        """The magic wand: show only the parameters whose importance is above the noise floor.

        The noise floor is the importance that shuffled copies of the parameters reach in the
        same forest, fitted on all parameters. Constants and identifiers are hidden. If no
        parameter clears the floor, the most important one is kept, so the table never empties
        while any parameter carries signal. Returns the names shown, most important first.
        """
        self._check_open()
        full = self._runner.get(
            Key(self.metric, tuple(self.parameters), self._runs.version, self.goal)
        )
        visible = useful_parameters(full)
        self._apply_wand(visible)
        return visible

    def undo_auto_select(self) -> list[str]:
        """Undo the wand: hide again exactly what was hidden before it chose (before its
        first choice, if it was applied again for another metric). Returns the hidden list.
        Raises ``ValueError`` when no choice of the wand is in force (see
        :attr:`wand_choice`)."""
        if not self.wand_choice:
            raise ValueError("the wand's choice is not in force: nothing to undo")
        before = [p for p in self.wand_choice["before"] if p in self.parameters]
        self.set_trait("wand_choice", {})
        self.hidden = before
        return before

    def _apply_wand(self, visible: Sequence[str]) -> None:
        """Show only ``visible``, remembering the hidden list to go back to."""
        hidden = [p for p in self.parameters if p not in visible]
        before = self.wand_choice.get("before", list(self.hidden))
        self.set_trait("wand_choice", {"metric": self.metric, "hidden": hidden, "before": before})
        self.hidden = hidden

    # --- looking closer, figures and the next sweep ----------------------------------------

    def plot(self, param: str | None = None, other: str | None = None):
        """The drill-down of ``param`` (default: the open one, ``selected``) as a plotly
        figure: every run's value of it against the metric, a log x axis where the parameter
        is log-scaled, one box of runs with its mean and count per value of a categorical
        parameter, and the best run as a star.

        ``plot(a, b)``: the two-parameter drill-down of the pair, as the panel's
        Interactions draw it: a heatmap of the median metric per cell of a binned grid (log
        axes where a parameter is log-scaled, categories as bands), coloured by the goal,
        with the best cell and the best run marked."""
        from hpviz.plots import MAX_FIGURE_RUNS, drilldown_figure, pair_figure

        if other is not None:
            names = [param or "", other]
            _check_names(names, self.parameters)
            if names[0] == names[1]:
                raise ValueError(f"plot(a, b) needs two different parameters, not {other!r} twice")
            return pair_figure(pair_view(self._frame, self.metric, names, self.goal))
        param = param or self.selected
        if not param:
            raise ValueError("no parameter given and no drill-down open: plot(<parameter>)")
        _check_names([param], self.parameters)
        view = drilldown(
            self._frame,
            self.metric,
            param,
            goal=self.goal,
            max_points=MAX_FIGURE_RUNS,
            scale=self._runs.scales.get(param),
        )
        return drilldown_figure(view)

    @property
    def interactions(self) -> pd.DataFrame:
        """Which visible parameters work together: the pairs among the 8 most important, with
        their strength (the share of the metric's variation a pair explains beyond the two
        parameters' separate effects), its interval and ``useful`` (above the noise floor), as
        :func:`hpviz.interaction_table` returns them. Waits for them (they are computed after
        the importance table)."""
        future = self._settle()
        key, analysis = self._key(), future.result()
        found = self._pairs.get(key, analysis)
        if self._runner.may_deliver_here() and key == self._key():
            self._publish(**pairs_traits(found))  # (a script has no loop to hand them over)
        return pairs_frame(found, analysis)

    def figure(self):
        """A plotly figure of the visible parameters, in the table's order: importance with
        its 90% interval and the noise floor, and correlation coloured by the goal (grey where
        its 90% interval contains 0, as the panel draws it)."""
        from hpviz.plots import importance_figure

        table = self.table
        return importance_figure(
            table, metric=self.metric, goal=self.goal, noise_floor=self._current().noise_floor
        )

    def parallel_coordinates(self):
        """A plotly parallel coordinates figure of the visible parameters (table order) and
        the metric, lines coloured by the metric: log axes where a parameter is log-scaled,
        categories as labelled axes; constants and identifiers left out."""
        from hpviz.plots import parallel_coordinates

        table = self.table
        kinds = dict(zip(table["parameter"], table["kind"], strict=True))
        return parallel_coordinates(
            self._frame, self.metric, list(table["parameter"]), kinds=kinds, goal=self.goal
        )

    def suggest_space(self, top: float = 0.2) -> dict:
        """A search space for the next sweep over the visible parameters, narrowed to where
        the best ``top`` fraction of runs (by the metric and goal) lie, as a plain dict in the
        W&B sweep-config shape (``{"method", "metric", "parameters"}``); see
        :func:`hpviz.space.suggest_space`."""
        from hpviz.analysis.space import suggest_space

        hidden = set(self.hidden)
        params = [p for p in self.parameters if p not in hidden]
        return suggest_space(self._frame, self.metric, params, goal=self.goal, top=top)

    def to_html(self, path: str | os.PathLike) -> Path:
        """Write the panel as one self-contained HTML file and return its path.

        The file shows the same interactive table (sort, search, hide, the categorical values,
        the CSV download, the interactions and their two-parameter drill-downs) in any browser,
        with no kernel and no network: the front end, its
        styles and the current analysis are inlined. It holds the analysis of the current
        metric and visible parameters; without Python, hiding a parameter there removes its row
        but does not refit the forest, and the wand applies the choice this panel's wand makes
        of this analysis. Parameters hidden now are left out of the file.
        """
        self.wait()
        synced = {
            name: getattr(self, name)
            for name in self.trait_names(sync=True)
            if not name.startswith("_") and name not in ("layout", "tabbable", "tooltip")
        }
        analysis = self._current()
        found = self._pairs.get(self._key(), analysis)
        synced.update(pairs_traits(found), pair=[], pair_view={})
        state = export_state(
            synced,
            frame=self._frame,
            hidden_now=[p for p in self.parameters if p in set(self.hidden)],
            wand=useful_parameters(self._current()),
            seed=self._seed,
            run_names=run_name_column(self.roles),
        )
        title = f"hpviz: parameter importance for {self.metric}"
        text = standalone_html(
            state,
            _WIDGET_JS,
            _WIDGET_CSS,
            title,
        )
        target = Path(path)
        target.write_text(text, encoding="utf-8")
        return target

    # --- live sweeps ------------------------------------------------------------------------

    refresh_interval: float = 1.0
    """Seconds between two refreshes by :meth:`optuna_callback` (default 1). Trials that finish
    in between are shown together by one trailing refresh, so the last trial always shows
    (:meth:`wait`, ``table`` and :meth:`to_html` make it at once). The panel keeps up while the
    kernel's thread is busy running the study's cell (see :mod:`hpviz.runner`)."""

    def update(self, runs: object) -> ImportancePanel:
        """Replace the runs with ``runs`` (anything the constructor takes) and recompute.

        Hidden parameters, the sort, the search, the goal and the metric survive. New
        parameters (shown) and new metrics join the lists; hidden parameters that are no longer
        in the runs are dropped from ``hidden``. If the metric is no longer in the runs, the
        panel falls back to the default metric and says so in ``message``. Returns the panel.

        Safe from any thread: the runs are read and checked on the calling thread (errors are
        raised there); the panel switches to them on the kernel's thread.
        """
        self._swap_in(read_source(runs), append=False)
        return self

    def append(self, runs: object) -> ImportancePanel:
        """Add the runs in ``runs`` (anything the constructor takes) to the panel's runs and
        recompute; otherwise like :meth:`update`. Returns the panel."""
        self._swap_in(read_source(runs), append=True)
        return self

    def optuna_callback(self, study: object, trial: object) -> None:
        """Keep the panel current while an Optuna study runs:
        ``study.optimize(objective, callbacks=[panel.optuna_callback])``.

        Refreshes from the whole study (:meth:`update`) at most once every
        :attr:`refresh_interval` seconds; trials finishing in between are picked up by one
        trailing refresh on a timer, so the final state always arrives. It never raises into
        the study: a failure shows in the panel's ``message`` instead.
        """
        self._runs.study_changed(study, self.refresh_interval)

    @property
    def history(self) -> pd.DataFrame:
        """The analyses shown for the current metric, one row each: runs analysed (the index)
        → importance of each parameter (missing where it was hidden or not in the runs yet).
        A live sweep adds a row per refresh; nothing is fitted for it."""
        return self._runner.history.frame(self.metric)

    def plot_history(self):
        """Importance against runs analysed for the current metric, one line per parameter
        (a plotly figure of :attr:`history`): when the ranking settled during the sweep."""
        from hpviz.plots import history_figure

        return history_figure(self.history, metric=self.metric)

    def _study_refresh(self, study: object) -> None:
        try:
            self.update(study)
        except Exception as error:  # noqa: BLE001 — never into the study's loop
            message = f"Could not update from the study: {type(error).__name__}: {error}"
            self._runner.on_home(functools.partial(self._publish, status="error", message=message))

    def _swap_in(self, source: Source, *, append: bool) -> None:
        """Check new runs against the panel now (raising here if they cannot be shown), then
        switch to them on the kernel's thread."""
        self._check_open()
        if self._runner.home.here():
            self._runner.home.run_pending()  # first show what is ready (a cell may be busy)
        prepared = self._runs.prepare(source, append=append, current=self._current_columns())
        self._switch_later(prepared)

    def _switch_later(self, prepared: Prepared) -> None:
        """Switch to the newest runs on the kernel's thread (one hand-over waiting at most);
        from another thread, start the analysis of ``prepared`` now (the kernel's thread may
        be busy for a while)."""
        if self._runner.home.here():
            self._switch_runs()
            return
        if self._runs.queue_switch():
            self._runner.on_home(self._switch_runs)
        if self._started:
            metric = prepared.kept.metric
            self._runner.want(
                Key(metric, prepared.visible, prepared.number, self._goal_for(metric))
            )

    def _current_columns(self) -> CurrentColumns:
        return CurrentColumns(self.parameters, self.metrics, self.hidden, self.metric)

    def _switch_runs(self) -> None:
        """Switch the panel to the newest runs (on the kernel's thread), keeping what it can
        of what it shows (:meth:`LiveRuns.switch`), and refresh once."""
        if self._closed:
            return
        with self._delivering:
            switched = self._runs.switch(self._current_columns())
            if switched is None:
                return  # these runs (or later ones) are shown already
            prepared, kept = switched
            self._started = False  # one refresh at the end, not one per trait
            try:
                self._pairs.new_runs()
                with self.hold_sync():
                    self.set_trait("parameters", kept.params)
                    self.hidden = kept.hidden
                    self.set_trait("metrics", kept.metrics)
                    self.metric = kept.metric
                    self._setting_goal = True
                    try:
                        self.goal = self._goal_for(kept.metric)
                    finally:
                        self._setting_goal = False
                    self.set_trait("roles", prepared.loaded.roles.to_dict("records"))
                    self._mark_goal_guessed()
            finally:
                self._started = True
        self._refresh()

    # --- trait checks and reactions --------------------------------------------------------

    # Validators raise a TraitError (an UnknownColumnError too, for Python callers): from the
    # view, ipywidgets rolls a value back only on a TraitError, and keeps anything else.

    @traitlets.validate("metric")
    def _valid_metric(self, proposal):
        value = proposal["value"]
        if value not in self.metrics:
            raise InvalidColumn("metric", value, self.metrics)
        return value

    @traitlets.validate("hidden")
    def _valid_hidden(self, proposal):
        names = list(dict.fromkeys(proposal["value"]))
        _check_names(names, self.parameters, error=InvalidColumn)
        return names

    @traitlets.observe("metric")
    def _metric_changed(self, change) -> None:
        if self._started:
            self._setting_goal = True
            try:
                self.goal = self._goal_for(change["new"])
            finally:
                self._setting_goal = False
        self._mark_goal_guessed()
        self._refresh()

    def _goal_for(self, metric: str) -> str:
        """The goal chosen for ``metric`` (argument or chip), else the direction the source
        declares (an Optuna study's), else a guess from its name."""
        return self._goals.get(metric) or self._runs.goals.get(metric) or guess_goal(metric)

    @traitlets.observe("goal")
    def _goal_changed(self, change) -> None:
        if self._started and not self._setting_goal:
            self._goals[self.metric] = change["new"]  # chosen for this metric only
            self._mark_goal_guessed()
        self._refresh()  # shapes, best ranges and the drill-down follow the goal

    def _mark_goal_guessed(self) -> None:
        """``goal_guessed``: no one set the goal and the source and name leave it open."""
        guessed = self.metric not in self._goals and self.metric in self._runs.guessed_goals
        if guessed != self.goal_guessed:
            self.set_trait("goal_guessed", guessed)

    @traitlets.observe("hidden")
    def _hidden_changed(self, change) -> None:
        if self.wand_choice and list(change["new"]) != self.wand_choice["hidden"]:
            self.set_trait("wand_choice", {})  # the user chose otherwise: no longer the wand's
        self._refresh()

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        value = proposal["value"]
        if value:
            _check_names([value], self.parameters, error=InvalidColumn)
        return value

    @traitlets.observe("selected")
    def _selected_changed(self, change) -> None:
        if self._started:
            self._update_drilldown()
            self._update_pair_view()

    @traitlets.validate("pair")
    def _valid_pair(self, proposal):
        names = list(proposal["value"])
        if names and (len(names) != 2 or names[0] == names[1]):
            raise ValueError(f"pair must be two different parameters or [], not {names!r}")
        _check_names(names, self.parameters)
        return names

    @traitlets.observe("pair")
    def _pair_changed(self, change) -> None:
        if self._started:
            self._update_pair_view()

    def _update_pair_view(self) -> None:
        """Recompute the open pair's heatmap (fast: no forest), or close it when one of its
        parameters was hidden or has left the runs."""
        if any(name in self.hidden or name not in self.parameters for name in self.pair):
            self.pair = []  # observed: comes back here with no pair open
            return
        view = pair_view(self._frame, self.metric, list(self.pair), self.goal)
        if view != self.pair_view:
            self.set_trait("pair_view", view)

    def _update_drilldown(self) -> None:
        """Recompute the open drill-down (no forest: fast), or close it when its parameter
        was hidden or has left the runs."""
        selected = self.selected
        if selected and (selected in self.hidden or selected not in self.parameters):
            self.selected = ""  # observed: comes back here with nothing selected
            return
        view = {}
        if selected:
            view = drilldown_view(
                self._frame,
                self.metric,
                selected,
                goal=self.goal,
                seed=self._seed,
                run_names=run_name_column(self.roles),
                scale=self._runs.scales.get(selected),
            )
        if view != self.drilldown:
            self.set_trait("drilldown", view)

    def __repr__(self) -> str:
        """One line of plain text, for where the panel cannot render (nbconvert's HTML,
        GitHub, a terminal): the metric, the run count and the top parameters. It never waits
        for a fit in progress; names from the data are shown with control and direction
        characters escaped, so the line stays one line and reads left to right."""
        if self.status == "ready" and self.rows:
            top = sorted(self.rows, key=lambda row: -row["importance"])
            detail = ", ".join(f"{row['parameter']} {row['importance']:.2f}" for row in top[:3])
            detail += ", …" if len(top) > 3 else ""
        else:
            detail = self.message or f"{self.status}…"
        return _one_line(f"ImportancePanel({self.metric}, {self.n_runs} runs: {detail})")

    def wait(self, timeout: float | None = None) -> ImportancePanel:
        """Block until the analysis of the current metric and visible set is computed, and
        (on the panel's own thread, or in a script) shown.

        It includes every run handed to :meth:`update`, :meth:`append` or
        :meth:`optuna_callback` before the call (the callback's trailing refresh is made at
        once). Trait changes recompute on the panel's worker; call this in a script before
        reading ``rows``, ``status`` or ``message``. (``table``, ``to_html`` and
        ``auto_select`` wait by themselves.) If the panel changes meanwhile (another thread appends
        runs, switches
        the metric), it waits for the newest analysis. From another thread of a notebook it
        returns once the analysis is computed; the kernel's thread shows it when it is free.
        Raises TimeoutError after ``timeout`` seconds.
        """
        self._settle(timeout)
        return self

    def close(self) -> None:
        """Close the panel: its view leaves the notebook, its fits stop, and nothing keeps it
        (or its runs) in memory any more."""
        self._closed = True
        if hasattr(self, "_runner"):  # (a panel whose constructor raised has none)
            self._runs.close()
            self._pairs.close()
            self._runner.close()
        super().close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this panel was closed; make a new ImportancePanel")

    def set_state(self, sync_data) -> None:
        """Apply what the view sent (ipywidgets calls this for the view's ``update``
        messages). Read-only traits (``parameters``, ``n_runs``, ``rows``, ``status`` …) are
        Python's to set: the view's values for them are ignored. A value a validator rejects
        (a parameter that an ``update`` removed meanwhile) is rolled back by ipywidgets; either
        way the view is sent the panel's values again, so it shows what Python holds."""
        traits = self.traits()
        writable = {
            name: value
            for name, value in sync_data.items()
            if name in traits and not traits[name].read_only
        }
        refused = [name for name in sync_data if name in traits and name not in writable]
        try:
            super().set_state(writable)
        except traitlets.TraitError:
            refused += list(writable)  # rolled back: the view must show the old values again
        if refused:
            self.send_state(sorted(set(refused)))

    def _on_message(self, widget, content, buffers) -> None:
        """Handle a message from the view (:data:`hpviz.contract.ViewMessage`, dispatched on
        its ``type``; one this panel does not know is ignored). A click that fails says so in
        the panel, never raising into the kernel."""
        message = read_message(content)
        if message is None:
            return
        handle, failure = self._handlers[message["type"]]
        try:
            handle(message)
        except Exception as error:  # noqa: BLE001 — said in the panel, not raised in the kernel
            self._note_failure(failure.format(**message, error=error))

    @property
    def _handlers(self) -> dict[str, tuple[Callable[[Any], object], str]]:
        """Each message's handler and what the panel says when it fails."""
        return {
            "auto_select": (
                lambda m: self._auto_select_in_background(),
                "The wand failed: {error}",
            ),
            "undo_auto_select": (
                lambda m: self.wand_choice and self.undo_auto_select(),
                "Could not undo the wand: {error}",
            ),
            "set_role": (
                lambda m: self.set_role(m["column"], m["role"]),
                "Could not change {column}: {error}",
            ),
            "set_unfinished": (
                lambda m: self.refit(unfinished=m["unfinished"]),
                "Could not refit: {error}",
            ),
            "set_target": (lambda m: self.refit(target=m["target"]), "Could not refit: {error}"),
        }

    def _note_failure(self, text: str) -> None:
        """Say in the panel that a click failed: one such note at a time (the latest replaces
        the one before, so repeated failures never pile up)."""
        kept = [note for note in self.notes if note != self._role_failure]
        self._role_failure = text
        self._publish(message=text, notes=[*kept, text])

    # --- computing: requests on the worker, results shown on the kernel's thread -----------

    @property
    def _frame(self) -> pd.DataFrame:
        """The runs shown (every run, before the metric's missing values are left out)."""
        return self._runs.frame

    def _key(self) -> Key:
        hidden = set(self.hidden)
        visible = tuple(p for p in self.parameters if p not in hidden)
        # no result for older runs, or for the other goal, matches
        return Key(self.metric, visible, self._runs.version, self.goal)

    def _analyse(self, key: Key, should_stop: Callable[[], bool]) -> Analysis:
        frame = self._runs.frame_of(key.version)
        if frame is None:
            raise RuntimeError(f"the runs of version {key.version} were replaced")
        return analyse(
            frame,
            key.metric,
            list(key.params),
            goal=key.goal or None,
            seed=self._seed,
            correlation=self._correlation,
            target=self._target,
            scales=self._runs.scales,
            should_stop=should_stop,  # a superseded fit stops between rounds of trees
        )

    def _current(self, timeout: float | None = None) -> Analysis:
        """The analysis of the current key (raising what the analysis raised)."""
        return self._settle(timeout).result()

    def _settle(self, timeout: float | None = None) -> Future:
        self._check_open()
        self._runs.throttle.flush()  # the Optuna callback's trailing refresh, now
        return self._runner.settle(timeout, check_open=self._check_open)

    def _refresh(self) -> None:
        """Ask for the current analysis: displayed now if cached, else when it is ready."""
        if not self._started or self._closed:
            return
        self._update_drilldown()
        self._update_pair_view()
        self._pairs.supersede(self._key())  # a fit never waits for an older key's pairs
        self._runner.refresh()

    def _display(self, key: Key, future: Future, updating: bool) -> None:
        """Put a finished analysis on the traits (on the kernel's thread): its rows, counts
        and notes, or the error it raised; ``updating`` when newer runs are being analysed."""
        error = future.exception()
        if error is not None:
            self._publish(
                status="error",
                message=f"Could not analyse {key.metric}: {type(error).__name__}: {error}",
                updating=False,
            )
            return
        with self._delivering:
            result = future.result()
            notes, actions = self._runs.notes, self._runs.actions
            values = analysis_traits(result, self.parameters, notes, actions)
            history = self._runner.history
            self._publish(**values, **live_traits(self._runs, history, key, updating))
            if key == self._key():  # the pairs of what is current, never of a stale analysis
                if values["status"] == "ready":
                    self._pairs.show(key, result)
                else:
                    self._publish(**pairs_traits(None, status="empty", message=values["message"]))

    def _auto_select_in_background(self) -> None:
        """The wand, clicked in the panel: fit on all parameters without blocking the kernel,
        and apply the choice on the kernel's thread."""
        key = Key(self.metric, tuple(self.parameters), self._runs.version, self.goal)
        future = self._runner.request(key)

        def apply(done: Future) -> None:
            if self._closed:
                return
            if superseded(done) or done.exception() is not None or key.metric != self.metric:
                self._refresh()  # superseded or failed: show the current state again
                return
            if key.version != self._runs.version:
                return  # new runs arrived meanwhile; their refresh is under way
            hidden = list(self.hidden)
            self._apply_wand(useful_parameters(done.result()))
            if self.hidden == hidden:
                self._refresh()  # the same choice: nothing refits, the analysis shown stays

        if future.done():
            apply(future)
            return
        self._publish(**computing_traits(self._runs, self.metric, keep=bool(self.rows)))
        future.add_done_callback(lambda done: self._runner.on_home(apply, done))

    def _publish(self, **values) -> None:
        """Set these traits together (one message to the view)."""
        self._runner.published += 1
        with self.hold_sync():
            for name, value in values.items():
                self.set_trait(name, value)


def _one_line(text: str) -> str:
    """``text`` with line breaks, control and formatting characters (ANSI escapes, RTL
    overrides) written as escapes."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char)[0] == "C"
        else char
        for char in text
    )


def _check_names(
    names: Iterable[str], available: Sequence[str], error: type = UnknownColumnError
) -> None:
    for name in names:
        if name not in available:
            raise error("parameter", name, available)
