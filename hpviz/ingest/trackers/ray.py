"""Ray Tune and RLlib: ``ResultGrid.get_dataframe()`` (and ``ExperimentAnalysis`` frames),
saved or not with ``to_csv()``.

The reported results come first, then Ray's own columns (``done, training_iteration, trial_id,
date, timestamp, time_this_iter_s, time_total_s, pid, hostname, node_ip, time_since_restore,
iterations_since_restore``), the config under ``config/`` (nested as ``config/a/b``) and
``logdir``. RLlib adds hundreds of counters and statistics (``num_env_steps_sampled``,
``info/learner/…``, ``sampler_perf/…``, ``timers/…``, and since Ray 2.10 ``env_runners/…``):
outcomes of the run, not results to explain, while ``episode_reward_mean``/``_max``/``_min``
(``env_runners/episode_return_mean`` …) are its metrics.

Which trials finished. The frame has no status column: ``get_dataframe()`` is the last row
each trial logged (its ``result.json``/``progress.csv``) with the config added, and ``done`` is
what that row says. Ray's controller (``_process_trial_result`` in
``ray/tune/execution/tune_controller.py``, ``trial_runner.py`` before it) sets ``done=True``
on a result when a scheduler (ASHA, HyperBand, median stopping …), a stopper or a ``stop=``
criterion stops the trial, and that result is logged: an early-stopped trial reads
``done=True``. A function trainable that simply returns ends with a duplicate result that Ray
marks done but does not log (``if not is_duplicate``), so its last row keeps ``done=False``, as
does a trial that errored or was cut off when the experiment stopped (ray-project/ray issues
9351 and 12037). So:

* a ``status``/``trial_status`` column (``TERMINATED``, ``ERROR`` …), which people add from
  ``trial.status``, decides when there is one;
* in an RLlib frame (class trainables, which never end on their own) ``done=False`` means the
  trial errored or was still running: left out unless ``unfinished="include"``;
* otherwise ``done=False`` does not tell an errored trial from one that ended normally: every
  trial is analysed and a note says how many read ``done=False``.
"""

from __future__ import annotations

import pandas as pd

from hpviz.ingest.frames import rename, source_of, tidy
from hpviz.ingest.names import WORDS
from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import Source
from hpviz.ingest.unfinished import find_status, finished_by_done

__all__ = ["RAY_AUTO", "from_ray_frame", "is_ray_frame", "is_rllib_frame"]

# The columns Ray Tune fills in itself (ray.tune.result), all run metadata.
RAY_AUTO = WORDS["Ray Tune's own columns"]


# Columns only RLlib's algorithms (class trainables) log.
_RLLIB_PREFIXES = ("info/learner/", "env_runners/", "sampler_perf/", "timers/", "learners/")
_RLLIB_NAMES = {"num_env_steps_sampled", "num_agent_steps_sampled", "num_healthy_workers"}
_DONE_HINT = (
    "metadata",
    (
        "whether Ray marked the trial's last logged result done (True when a scheduler or a "
        "stopper ended it; False also when its function returned normally)"
    ),
)


def is_rllib_frame(names) -> bool:
    return any(n.startswith(_RLLIB_PREFIXES) or n in _RLLIB_NAMES for n in names)


def is_ray_frame(names) -> bool:
    return any(n.startswith("config/") for n in names) and bool(RAY_AUTO.intersection(names))


def from_ray_frame(frame: pd.DataFrame) -> Source:
    """``ResultGrid.get_dataframe()``: ``config/<p>`` shown as ``p`` (``config/a/b`` as
    ``a.b``); the other numeric columns, except Ray's own, are what the trials reported
    (metrics, or outcomes when they are counters)."""
    frame = tidy(frame)
    wanted, params, metrics = {}, [], []
    for name in frame.columns:
        if name.startswith("config/"):
            wanted[name] = name[len("config/") :].replace("/", ".")
            params.append(name)
        elif name not in RAY_AUTO and is_number_column(frame[name]):
            metrics.append(name)
    frame, renamed = rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    hints = {c: ("metadata", "Ray Tune's record of the trial") for c in RAY_AUTO}
    hints["done"] = _DONE_HINT
    status, notes = _status(frame)
    return source_of(
        frame,
        params,
        metrics,
        renamed=renamed,
        notes=notes,
        hints={c: h for c, h in hints.items() if c in frame.columns},
        status=status,
        layout="Ray Tune results",
        runs_word="trials",
    )


def _status(frame: pd.DataFrame) -> tuple[str | None, list[str]]:
    """The column that says which trials finished, and a note when ``done`` cannot say it
    (see the module's docstring for the rule and where it comes from)."""
    if "done" not in frame.columns or find_status(frame, None) is not None:
        return None, []  # no done column, or a status column that decides
    if is_rllib_frame(frame.columns):
        return "done", []
    not_done = int((~finished_by_done(frame["done"])).sum())
    if not not_done:
        return None, []
    note = (
        f"{not_done} of {len(frame)} trials read done=False. Ray writes that for a trial that "
        "errored or was cut off, but also for one whose function returned normally (only a "
        "scheduler's or a stopper's stop is written as done=True): all are analysed."
    )
    return None, [note]
