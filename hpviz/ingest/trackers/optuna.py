"""Optuna: a ``Study``, its ``trials_dataframe()``, and that frame saved as CSV.

``number, value`` (or ``values_<i>``, or ``value_<name>``/``values_<name>`` after
``set_metric_names``), ``datetime_start, datetime_complete, duration``, ``params_<p>``,
``user_attrs_<k>``, ``system_attrs_<k>``, ``state``. The study knows its directions and each
parameter's distribution (``log=True`` or not: the scale the panel then uses, rather than one
guessed from the values); the frame and its CSV do not, so their goal is a guess the panel says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from hpviz.ingest.frames import rename, source_of, tidy
from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import Source

__all__ = ["from_optuna_frame", "from_optuna_study", "is_optuna_frame"]

LAYOUT = "Optuna trials"


def is_optuna_frame(names: Sequence[str]) -> bool:
    has_params = any(n.startswith("params_") for n in names)
    has_value = any(n == "value" or n.startswith(("values_", "value_")) for n in names)
    return has_params and (has_value or "state" in names or "number" in names)


def study_scales(study) -> dict[str, str]:
    """Each numeric parameter's scale as the study's distributions declare it: ``"log"`` for a
    ``FloatDistribution``/``IntDistribution`` with ``log=True`` (or the older
    ``LogUniformDistribution``), ``"linear"`` for the other numeric ones; categorical ones are
    left out. The last trial that drew a parameter decides."""
    scales: dict[str, str] = {}
    for trial in study.get_trials(deepcopy=False):
        for name, distribution in getattr(trial, "distributions", {}).items():
            kind = type(distribution).__name__
            if kind == "CategoricalDistribution" or not hasattr(distribution, "low"):
                continue
            log = bool(getattr(distribution, "log", False)) or kind.startswith("LogUniform")
            scales[name] = "log" if log else "linear"
    return scales


def from_optuna_study(study) -> Source:
    """An Optuna ``Study``: its trials, with the study's directions as the metrics' goals and
    its distributions' scales as the parameters'."""
    frame = study.trials_dataframe()
    directions = [
        {"MINIMIZE": "minimize", "MAXIMIZE": "maximize"}.get(getattr(d, "name", ""))
        for d in study.directions
    ]
    if "number" not in frame.columns:  # a study without trials: keep its objectives
        names = getattr(study, "metric_names", None)
        if len(directions) == 1:
            objectives = [f"value_{names[0]}" if names else "value"]
        else:
            objectives = [f"values_{n}" for n in (names or range(len(directions)))]
        frame = pd.DataFrame({c: pd.Series(dtype=float) for c in ["number", *objectives]})
    source = from_optuna_frame(frame, directions)
    scales = study_scales(study)
    return dataclasses.replace(
        source,
        scales={source.renamed.get(f"params_{n}", f"params_{n}"): s for n, s in scales.items()},
    )


def from_optuna_frame(frame: pd.DataFrame, directions: Sequence[str | None] = ()) -> Source:
    """``study.trials_dataframe()``: ``params_<p>`` shown as ``p``.

    The metrics are ``value`` or ``values_<i>``; objectives named with ``set_metric_names``
    (``value_<name>``, ``values_<name>``) are shown by their names. Numeric ``user_attrs_*``
    (what the objective logged beside its value: an MAE, an F1) are metrics too, offered but
    not the objective (one that copies a parameter is found to be a copy of it). Datetimes,
    ``state``, text ``user_attrs_*`` and ``system_attrs_*`` are run metadata; only COMPLETE trials
    count as finished. ``directions`` (one per objective, as the study lists them) give the
    metrics' goals.
    """
    frame = tidy(frame)
    wanted, params, objectives = {}, [], []
    for name in frame.columns:
        if name.startswith("params_"):
            wanted[name] = name[len("params_") :]
            params.append(name)
        elif name == "value" or name.startswith(("values_", "value_")):
            label = name.split("_", 1)[1] if "_" in name else name
            if name != "value" and not label.isdigit():
                wanted[name] = label
            objectives.append(name)
    frame, renamed = rename(frame, wanted)
    params = [renamed.get(p, p) for p in params]
    metrics = [renamed.get(m, m) for m in objectives]
    attrs = [c for c in frame.columns if c.startswith("user_attrs_") and is_number_column(frame[c])]
    goals = (
        {m: d for m, d in zip(metrics, directions, strict=True) if d}
        if len(directions) == len(metrics)
        else {}
    )
    return source_of(
        frame,
        params,
        [*metrics, *attrs],
        goals=goals,
        renamed=renamed,
        status="state" if "state" in frame.columns else None,
        layout=LAYOUT,
        runs_word="trials",
        objectives=tuple(metrics),
    )
