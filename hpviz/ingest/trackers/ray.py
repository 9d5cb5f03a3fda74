"""Ray Tune and RLlib: ``ResultGrid.get_dataframe()`` (and ``ExperimentAnalysis`` frames),
saved or not with ``to_csv()``.

The reported results come first, then Ray's own columns (``done, training_iteration, trial_id,
date, timestamp, time_this_iter_s, time_total_s, pid, hostname, node_ip, time_since_restore,
iterations_since_restore``), the config under ``config/`` (nested as ``config/a/b``) and
``logdir``. RLlib adds hundreds of counters and statistics (``num_env_steps_sampled``,
``info/learner/…``, ``sampler_perf/…``, ``timers/…``): outcomes of the run, not results to
explain, while ``episode_reward_mean``/``_max``/``_min`` are its metrics. ``done`` is False for a
trial that errored or had not finished.
"""

from __future__ import annotations

import pandas as pd

from hpviz.ingest.frames import rename, source_of, tidy
from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import Source

__all__ = ["RAY_AUTO", "from_ray_frame", "is_ray_frame"]

# The columns Ray Tune fills in itself (ray.tune.result), all run metadata.
RAY_AUTO = {
    "training_iteration",
    "time_total_s",
    "time_this_iter_s",
    "time_since_restore",
    "timesteps_total",
    "timesteps_since_restore",
    "timesteps_this_iter",
    "episodes_total",
    "episodes_this_iter",
    "iterations_since_restore",
    "timestamp",
    "date",
    "done",
    "should_checkpoint",
    "checkpoint_dir_name",
    "trial_id",
    "experiment_id",
    "experiment_tag",
    "trainable_name",
    "hostname",
    "node_ip",
    "pid",
    "logdir",
    "path",
}


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
    return source_of(
        frame,
        params,
        metrics,
        renamed=renamed,
        hints={c: h for c, h in hints.items() if c in frame.columns},
        status="done" if "done" in frame.columns else None,
        layout="Ray Tune results",
        runs_word="trials",
    )
