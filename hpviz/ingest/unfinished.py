"""Runs that did not finish: found by the source's state column, left out unless asked for.

W&B writes ``State`` (finished, crashed, failed, killed, running …), MLflow ``status``
(FINISHED, FAILED, KILLED, RUNNING, SCHEDULED), Optuna ``state`` (COMPLETE, PRUNED, FAIL,
RUNNING, WAITING), Ray Tune a ``status`` (TERMINATED, ERROR …) or, for RLlib only, ``done``
(see :mod:`hpviz.ingest.trackers.ray` for why ``done`` alone says it only there). A
crashed run's metrics are those of wherever it stopped, so by default only finished runs are
analysed; ``unfinished="include"`` analyses them all. Either way the notes say how many.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from hpviz.ingest.names import WORDS
from hpviz.ingest.types import UNFINISHED

__all__ = [
    "FINISHED_STATES",
    "check_unfinished",
    "find_status",
    "finished_by_done",
    "leave_out_unfinished",
]

_STATE_NAMES = ("state", "status", "runstate", "runstatus", "trial_state", "trial_status")
FINISHED_STATES = WORDS["state: finished"]
"""States of a run that ended normally, in any tracker (compared without case)."""
_OTHER_STATES = WORDS["state: not finished"]


def check_unfinished(unfinished: str) -> str:
    if unfinished not in UNFINISHED:
        raise ValueError(
            f"unfinished must be {' or '.join(map(repr, UNFINISHED))}, not {unfinished!r}"
        )
    return unfinished


def _state(value: object) -> str:
    """``TrialState.COMPLETE`` → ``COMPLETE``; other values as their text."""
    return str(value).rsplit(".", 1)[-1].strip()


def find_status(frame: pd.DataFrame, declared: str | None) -> str | None:
    """The column saying whether each run finished: the one the source declares, else a
    ``state``/``status`` column (any case) whose every value is a known run state."""
    if declared is not None and declared in frame.columns:
        return declared
    for name in frame.columns:
        if re.sub(r"\W", "", name.lower()) not in _STATE_NAMES:
            continue
        present = frame[name].dropna()
        states = {_state(v).lower() for v in present}
        if states and states <= FINISHED_STATES | _OTHER_STATES:
            return name
    return None


def finished_by_done(series: pd.Series) -> pd.Series:
    """A ``done`` column as booleans: only ``False`` (or its text) is not done."""
    values = series.map(lambda v: v if isinstance(v, bool) else str(v).lower() != "false")
    return values.fillna(True).astype(bool)


def _finished(frame: pd.DataFrame, column: str) -> tuple[pd.Series, str]:
    """Which runs finished, and the word the source uses for it (``FINISHED``, ``COMPLETE``,
    ``done`` …). A run without a state counts as finished: nothing says otherwise."""
    series = frame[column]
    if pd.api.types.is_bool_dtype(series) or column == "done":
        return finished_by_done(series), "done"
    states = series.map(lambda v: None if pd.isna(v) else _state(v))
    finished = states.isna() | states.str.lower().isin(FINISHED_STATES)
    words = states[finished & states.notna()]
    word = str(words.mode().iat[0]) if len(words) else "finished"
    return finished, word


def _complete(
    frame: pd.DataFrame, finished: pd.Series, progress: Sequence[str], results: Sequence[str]
) -> tuple[pd.Series, str]:
    """The runs not marked finished that nonetheless got as far as the finished ones: a step
    or epoch column (``progress``) at the final value most finished runs share, and a value in
    each of the ``results`` the finished runs all have. Returns them and the column that
    shows it (``""`` when none)."""
    done = finished.to_numpy()
    kept = pd.Series(False, index=frame.index)
    if done.all() or not done.any():
        return kept, ""
    logged = [r for r in results if frame.loc[done, r].notna().all()]
    if not logged:
        return kept, ""
    has_results = frame[logged].notna().all(axis=1)
    for name in progress:
        steps = pd.to_numeric(frame[name], errors="coerce")
        reached = steps[done]
        if reached.isna().any() or reached.empty:
            continue
        end = reached.max()
        if (reached == end).mean() < 0.5:
            continue  # the finished runs stopped wherever they stopped: no common end
        complete = ~finished & has_results & (steps >= end)
        if complete.any():
            return complete, name
    return kept, ""


def leave_out_unfinished(
    frame: pd.DataFrame,
    column: str | None,
    unfinished: str,
    runs_word: str = "runs",
    *,
    keep_all_if_none_finished: bool = True,
    progress: Sequence[str] = (),
    results: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str], str]:
    """``frame`` without the runs that did not finish (with ``unfinished="exclude"``), the
    notes saying so, and a short account of what was left out for error messages.

    If no run finished at all (a sweep still running everywhere), every run is kept and the
    note says that instead, unless ``keep_all_if_none_finished`` is False (Optuna: only a
    COMPLETE trial has a value). A run whose state says it did not finish but that logged its
    results (``results``) up to the final step or epoch of the finished runs (``progress``:
    the step and epoch columns) is kept, and a note says how many and why.
    """
    check_unfinished(unfinished)
    if column is None or frame.empty:
        return frame, [], ""
    finished, word = _finished(frame, column)
    notes = []
    if unfinished == "exclude":
        complete, shown_by = _complete(frame, finished, progress, results)
        if shown_by:
            n = int(complete.sum())
            states = frame.loc[complete.to_numpy(), column].map(_state).value_counts()
            how = ", ".join(f"{k} {state}" for state, k in states.items())
            notes.append(
                f"{n} {runs_word} not marked {word} ({how}) kept: they logged their results "
                f"up to the final {shown_by} of the {word} {runs_word}, so they ran to the end."
            )
            finished = finished | complete
    n_left = int((~finished).sum())
    if n_left == 0:
        return frame, notes, ""
    if word == "done":
        detail = f"{n_left} with done=False: errored or still running"
    else:
        counts = frame.loc[~finished.to_numpy(), column].map(_state).value_counts()
        detail = ", ".join(f"{n} {state}" for state, n in counts.items())
    total = len(frame)
    if unfinished == "include":
        note = (
            f"{n_left} of {total} {runs_word} did not finish ({detail}); kept "
            "(unfinished='include'): those with a value of the metric are analysed."
        )
        return frame, [note], ""
    if n_left == total and keep_all_if_none_finished:
        note = f"None of the {total} {runs_word} has finished ({detail}): all are analysed."
        return frame, [note], ""
    note = f"{n_left} of {total} {runs_word} left out: not {word} ({detail})."
    kept = frame[finished.to_numpy()].reset_index(drop=True)
    return kept, [note, *notes], f"{n_left} {runs_word} left out: not {word}"
