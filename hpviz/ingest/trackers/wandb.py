"""Weights & Biases: runs from the public API, the frames and CSVs people build from them, and
the UI's "Export CSV" of a runs table.

* ``wandb.Api().runs(path)``: ``run.config`` (nested dicts; ``_`` keys are W&B's own) holds the
  settings, ``run.summary`` the results (with ``_runtime, _step, _timestamp``), ``run.state``
  whether the run finished.
* The frame their docs build: ``summary``, ``config`` and ``name`` columns holding dicts; saved
  with ``to_csv()`` the dicts become their Python text (read back here), with an index column.
* A frame of ``config.<k>`` and ``summary.<k>`` columns (``pd.json_normalize`` of the two).
* The UI's export: every field quoted, ``Name, State, Notes, User, Tags, Created, Runtime,
  Sweep`` (any may have been hidden) and then the config keys (dotted when nested) and the
  summary keys, unmarked; a missing value is ``""``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from hpviz.ingest.frames import (
    all_mappings,
    as_dict,
    flatten_dict,
    plain,
    rename,
    source_of,
    tidy,
    ui_export,
    unique_names,
)
from hpviz.ingest.names import WORDS
from hpviz.ingest.roles import is_number_column
from hpviz.ingest.types import Source

__all__ = [
    "UI_COLUMNS",
    "from_wandb_frame",
    "from_wandb_prefixed",
    "from_wandb_runs",
    "from_wandb_ui",
    "is_wandb_frame",
    "is_wandb_prefixed",
    "is_wandb_run",
    "is_wandb_ui",
]

UI_COLUMNS = ("Name", "State", "Notes", "User", "Tags", "Created", "Runtime", "Sweep")
# Further run columns the UI's runs table can show (and so export).
_UI_EXTRA = ("ID", "Group", "Job Type", "Updated", "End Time", "Hostname", "Description")
_STATES = WORDS["state: finished"] | WORDS["state: not finished"]


def is_wandb_run(item: object) -> bool:
    return hasattr(item, "config") and hasattr(item, "summary")


def is_wandb_ui(frame: pd.DataFrame) -> bool:
    """The UI's export: four or more of its run columns, ``State`` holding W&B states."""
    names = set(frame.columns)
    if len(names & set(UI_COLUMNS)) < 4:
        return False
    if "State" not in names:
        return True
    states = {str(s).lower() for s in frame["State"].dropna()}
    return states <= _STATES


def from_wandb_ui(frame: pd.DataFrame) -> Source:
    """The UI's "Export CSV": its run columns are bookkeeping and ``State`` says whether a
    run finished; the config and summary keys after them are unmarked, so their roles are read
    from names (a dotted key is a config path) and values."""
    return ui_export(frame, (*UI_COLUMNS, *_UI_EXTRA), "State", "W&B UI export")


def is_wandb_frame(frame: pd.DataFrame) -> bool:
    """A frame whose ``config`` or ``summary`` column holds dicts (or their Python text)."""
    return any(
        name in frame.columns and (all_mappings(frame[name]) or _all_dict_text(frame[name]))
        for name in ("config", "summary")
    )


def is_wandb_prefixed(names: Sequence[str]) -> bool:
    return any(n.startswith("config.") for n in names) and any(
        n.startswith("summary.") for n in names
    )


def from_wandb_runs(runs: Iterable) -> Source:
    """W&B runs (``wandb.Api().runs(path)``): ``run.config`` keys are the parameters, numeric
    ``run.summary`` keys the metrics, ``run.name`` and ``run.state`` metadata; ``_``-keys are
    W&B's own."""
    rows = []
    for run in runs:
        summary = run.summary
        summary = getattr(summary, "_json_dict", None) or summary
        extra = {"name": getattr(run, "name", None)}
        if getattr(run, "state", None) is not None:
            extra["state"] = run.state
        rows.append((as_dict(run.config), as_dict(summary), extra))
    names = list(dict.fromkeys(k for _, _, e in rows for k in e))
    return _wandb_table(rows, names)


def from_wandb_frame(frame: pd.DataFrame) -> Source:
    """The frame W&B's docs build from runs: ``config`` and ``summary`` columns holding dicts,
    or the Python text of dicts once saved as CSV (plus ``name`` and whatever else, kept as
    metadata)."""
    frame = tidy(frame)
    others = [c for c in frame.columns if c not in ("config", "summary")]
    parsed = {
        c: frame[c].map(_dict_of_text) if c in frame.columns else None
        for c in ("config", "summary")
    }
    rows = []
    for i in range(len(frame)):
        config = parsed["config"].iat[i] if parsed["config"] is not None else None
        summary = parsed["summary"].iat[i] if parsed["summary"] is not None else None
        extra = {c: frame[c].iat[i] for c in others}
        rows.append((as_dict(config), as_dict(summary), extra))
    return _wandb_table(rows, others)


def from_wandb_prefixed(frame: pd.DataFrame) -> Source:
    """A frame of ``config.<k>`` and ``summary.<k>`` columns, shown as ``<k>`` (a name in both
    keeps its prefix); the rest (``name``, ``state`` …) is metadata."""
    frame = tidy(frame)
    wanted, params, metrics = {}, [], []
    for name in frame.columns:
        prefix, _, key = name.partition(".")
        if prefix == "config" and key and not key.startswith("_"):
            wanted[name] = key
            params.append(name)
        elif prefix == "summary" and key and not key.startswith("_"):
            wanted[name] = key
            if is_number_column(frame[name]):
                metrics.append(name)
    frame, renamed = rename(frame, wanted)
    return source_of(
        frame,
        [renamed.get(p, p) for p in params],
        [renamed.get(m, m) for m in metrics],
        renamed=renamed,
        status="state" if "state" in frame.columns else None,
        layout="W&B runs",
    )


def _wandb_table(rows: list[tuple[dict, dict, dict]], extra_names: Sequence[str] = ("name",)):
    configs = [flatten_dict(_wandb_config(c)) for c, _, _ in rows]
    summaries = [
        flatten_dict(
            {
                k: v
                for k, v in s.items()
                if not str(k).startswith("_") and not (isinstance(v, Mapping) and "_type" in v)
            }
        )
        for _, s, _ in rows
    ]
    param_keys = list(dict.fromkeys(k for c in configs for k in c))
    summary_keys = list(dict.fromkeys(k for s in summaries for k in s))
    taken = set(param_keys)
    summary_names = {k: (f"summary.{k}" if k in taken else k) for k in summary_keys}
    taken |= set(summary_names.values())
    extra_columns = {k: (f"run.{k}" if k in taken else k) for k in extra_names}

    columns: dict[str, list] = {}
    for key in param_keys:
        columns[key] = [c.get(key) for c in configs]
    for key, name in summary_names.items():
        columns[name] = [s.get(key) for s in summaries]
    for key, name in extra_columns.items():
        columns[name] = [e.get(key) for _, _, e in rows]
    frame = tidy(unique_names(pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))))
    metrics = [n for n in summary_names.values() if is_number_column(frame[n])]
    state = extra_columns.get("state")
    return source_of(frame, param_keys, metrics, status=state, layout="W&B runs")


def _wandb_config(config: Mapping) -> dict:
    """A run's config without W&B's ``_`` keys, each ``{"value": v, "desc": …}`` as ``v``."""
    clean = {}
    for key, value in config.items():
        if str(key).startswith("_"):
            continue
        if isinstance(value, Mapping) and "value" in value and set(value) <= {"value", "desc"}:
            value = value["value"]
        clean[str(key)] = plain(value)
    return clean


# Python writes NaN and infinity as bare words, which literal_eval does not read.
_NON_FINITE = re.compile(r"(?<![\w'\"])(nan|inf|-inf|Infinity|-Infinity|NaN)(?![\w'\"])")
_LITERALS = {"nan": "None", "NaN": "None", "inf": "1e999", "Infinity": "1e999"}
_LITERALS.update({"-inf": "-1e999", "-Infinity": "-1e999"})


def _dict_of_text(value: object) -> object:
    """A dict written as its Python text (``"{'lr': 0.1}"``) back to the dict."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        text = _NON_FINITE.sub(lambda m: _LITERALS[m.group(0)], value)
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
        return parsed if isinstance(parsed, dict) else value
    return value


def _all_dict_text(series: pd.Series) -> bool:
    if not pd.api.types.is_string_dtype(series.dtype):
        return False
    present = series.dropna()
    return len(present) > 0 and all(isinstance(_dict_of_text(v), dict) for v in present)
