"""The Python↔JS contract (``hpviz/contract.py``) holds on every side that writes it down.

Each shape is written in ``hpviz/contract.py`` and again, as JSDoc for ``tsc``, in
``js/src/types.js``; ``js/src/index.js`` redraws on the names in ``WATCHED``; the widget
declares its synced traits; the analysis makes the rows; ``js/src/csv.js`` writes the CSV. These
tests parse the JavaScript and compare it, and the values a real panel sends, with the contract:
a trait, a row field or a message added on one side only fails here.
"""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import anywidget
import numpy as np
import pandas as pd
import pytest

from hpviz import ImportancePanel, contract
from hpviz.analysis import SORT_KEYS, analyse
from hpviz.analysis.interactions import INTERACTION_COLUMNS
from hpviz.analysis.table import TABLE_COLUMNS
from hpviz.ingest import GOALS, ROLES

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js" / "src"


# --- reading the JavaScript -----------------------------------------------------------------


def _braced(text: str, start: int) -> tuple[str, int]:
    """The text inside the braces opening at ``start`` (nested braces kept), and the index
    after the closing one."""
    assert text[start] == "{", text[start : start + 40]
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise AssertionError(f"unbalanced braces from {text[start : start + 40]!r}")


def _jsdoc_types(source: str) -> tuple[dict[str, dict[str, tuple[str, bool]]], dict[str, str]]:
    """The ``@typedef {object}`` shapes of ``source`` (name → property → (type, optional)) and
    its other typedefs (name → type)."""
    comments = re.findall(r"/\*\*(.*?)\*/", source, re.DOTALL)
    text = "\n".join(
        re.sub(r"^\s*\* ?", "", line) for block in comments for line in block.splitlines()
    )
    objects: dict[str, dict[str, tuple[str, bool]]] = {}
    aliases: dict[str, str] = {}
    current: dict[str, tuple[str, bool]] | None = None
    for match in re.finditer(r"@(typedef|property) ", text):
        kind_type, end = _braced(text, match.end())
        name = re.match(r"\s*(\[?[\w$]+\]?)", text[end:]).group(1)
        if match.group(1) == "typedef":
            if kind_type == "object":
                current = objects[name] = {}
            else:
                current = None
                aliases[name] = kind_type
        else:
            assert current is not None, f"@property {name} outside an object typedef"
            optional = name.startswith("[")
            current[name.strip("[]")] = (kind_type, optional)
    return objects, aliases


def _js_array(path: Path, name: str) -> list[str]:
    """The strings of the array literal ``const <name> = [ … ];`` in ``path``."""
    match = re.search(rf"const {name} = \[(.*?)\];", path.read_text("utf-8"), re.DOTALL)
    assert match, f"no `const {name} = [...]` in {path.name}"
    return re.findall(r'"([^"]*)"', match.group(1))


OBJECTS, ALIASES = _jsdoc_types((JS / "types.js").read_text("utf-8"))


_NAMES_OR_LITERALS = r'\s*("[^"]*"|\w+)(\s*\|\s*("[^"]*"|\w+))*\s*'


def _members(js_type: str) -> set[str]:
    """The members of a JSDoc union; an alias of a union of string literals or of shapes (Kind,
    NoteMessage …) spelled out."""
    members, depth, start = [], 0, 0
    for i, char in enumerate(js_type):
        depth += {"(": 1, "{": 1, "<": 1, ")": -1, "}": -1, ">": -1}.get(char, 0)
        if char == "|" and depth == 0:
            members.append(js_type[start:i])
            start = i + 1
    members.append(js_type[start:])
    out: set[str] = set()
    for member in (re.sub(r"\s+", " ", m).strip() for m in members):
        alias = ALIASES.get(member)
        if alias is not None and re.fullmatch(_NAMES_OR_LITERALS, alias):
            out |= _members(alias)
        else:
            out.add(member)
    return out


def _as_js(annotation: Any) -> set[str]:
    """A Python annotation of the contract written as the members of a JSDoc union."""
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is str:
        return {"string"}
    if annotation in (int, float):
        return {"number"}
    if annotation is bool:
        return {"boolean"}
    if annotation is type(None):
        return {"null"}
    if annotation is Any:
        return {"unknown"}
    if origin is Literal:
        return {json.dumps(arg) for arg in args}
    if origin in (Union, types.UnionType):
        return set().union(*(_as_js(arg) for arg in args))
    if origin is list:
        inner = sorted(_as_js(args[0]))
        return {f"({' | '.join(inner)})[]" if len(inner) > 1 else f"{inner[0]}[]"}
    if origin is dict:
        (value,) = _as_js(args[1])
        return {f"Record<string, {value}>"}
    if typing.is_typeddict(annotation):
        return {annotation.__name__}
    raise AssertionError(f"no JSDoc spelling for {annotation!r}")


def _shapes() -> dict[str, type]:
    """The contract's public shapes that the view reads (ipywidgets' own state message aside)."""
    return {
        name: value
        for name, value in vars(contract).items()
        if typing.is_typeddict(value)
        and not name.startswith("_")
        and value.__annotations__  # EmptyDict: `{}`, an alias in types.js
        and name != "StateUpdate"
    }


# --- the JavaScript against the contract ------------------------------------------------------


def test_the_widget_syncs_exactly_the_contracts_traits():
    ours = set(ImportancePanel.class_trait_names(sync=True)) - set(
        anywidget.AnyWidget.class_trait_names(sync=True)
    )
    assert sorted(ours) == sorted(contract.SYNCED_TRAITS)


def test_the_view_redraws_on_every_synced_trait():
    watched = _js_array(JS / "index.js", "WATCHED")
    assert len(watched) == len(set(watched)), "a name twice in WATCHED"
    assert sorted(watched) == sorted(contract.SYNCED_TRAITS)


@pytest.mark.parametrize("name", sorted(_shapes()))
def test_types_js_has_the_contracts_shape(name):
    shape = _shapes()[name]
    assert name in OBJECTS, f"js/src/types.js has no `@typedef {{object}} {name}`"
    js = OBJECTS[name]
    python = {
        key: (_as_js(annotation), key in shape.__optional_keys__)
        for key, annotation in shape.__annotations__.items()
    }
    assert sorted(js) == sorted(python), f"{name}: fields differ"
    for key, (members, optional) in python.items():
        js_type, js_optional = js[key]
        assert _members(js_type) == members, f"{name}.{key}: {js_type} in types.js"
        assert js_optional == optional, f"{name}.{key}: optional on one side only"


def test_types_js_has_every_message_and_the_unions():
    for union in ("ViewMessage", "NoteMessage"):
        python = {shape.__name__ for shape in get_args(getattr(contract, union))}
        assert _members(ALIASES[union]) == python, union
    assert set(contract.MESSAGE_TYPES) == {
        "auto_select",
        "undo_auto_select",
        "set_role",
        "set_unfinished",
        "set_target",
    }


def test_every_message_the_view_sends_is_in_the_contract():
    """The messages the parts send (`send({type: "…"})`) are the contract's; tsc checks their
    fields against types.js."""
    sent = set()
    for path in JS.rglob("*.js"):
        sent |= set(re.findall(r'send\(\{\s*type:\s*"(\w+)"', path.read_text("utf-8")))
    assert sent, "no send({type: …}) found in js/src"
    assert sent <= set(contract.MESSAGE_TYPES)


def test_the_contracts_literals_are_the_analysis_constants():
    assert get_args(contract.SortKey) == SORT_KEYS
    assert get_args(contract.Goal) == GOALS
    assert get_args(contract.Role) == ROLES
    assert tuple(ImportancePanel.class_traits()["status"].values) == get_args(contract.Status)


def test_the_csv_writes_every_row_field_or_says_why_not():
    csv = _js_array(JS / "csv.js", "CSV_COLUMNS")
    fields = list(contract.Row.__annotations__)
    assert set(csv) - set(fields) == set(contract.CSV_CONTEXT)
    assert set(fields) - set(csv) == set(contract.CSV_LEFT_OUT)


def test_no_empty_state_sentence_is_written_in_the_front_end():
    """The sentences reach the view as the `empty_texts` trait, not as copies in js/src."""
    source = "\n".join(path.read_text("utf-8") for path in JS.rglob("*.js"))
    for key, text in contract.EMPTY_TEXTS.items():
        fixed = max(re.split(r"\{\w+\}", text), key=len).strip()
        assert fixed not in source, f"{key!r} is written in js/src too"


# --- what a real panel sends ---------------------------------------------------------------


def _sweep(n: int = 120, seed: int = 3) -> pd.DataFrame:
    """A W&B-like export: a run name and state (some crashed), a log-scaled ``lr``, a
    categorical ``optimizer`` with a conditional ``momentum`` (sgd only), ``activation`` with
    more values than the panel lists, a constant, two metrics."""
    rng = np.random.default_rng(seed)
    lr = 10 ** rng.uniform(-5, -1, n)
    optimizer = rng.choice(["adam", "sgd", "rmsprop"], n)
    momentum = np.where(optimizer == "sgd", rng.uniform(0.5, 0.99, n), np.nan)
    slow = np.where(optimizer == "sgd", 1 - np.nan_to_num(momentum), 0.0)
    loss = (np.log10(lr) + 3) ** 2 / 4 + slow + rng.normal(0, 0.1, n)
    return pd.DataFrame(
        {
            "Name": [f"run-{i}" for i in range(n)],
            "State": np.where(np.arange(n) % 15 == 14, "crashed", "finished"),
            "lr": lr,
            "optimizer": optimizer,
            "momentum": momentum,
            "activation": rng.choice([f"act{i:02d}" for i in range(26)], n),
            "batch_size": rng.choice([16, 32, 64], n),
            "warmup": 100,
            "val_loss": loss,
            "val_acc": 1 - loss / 5,
        }
    )


def _check(value: Any, annotation: Any, where: str) -> None:
    """``value`` has the shape ``annotation`` (a contract annotation), field by field."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        errors = []
        for arg in args:
            try:
                _check(value, arg, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: {value!r} is none of {annotation}: {errors}")
    if typing.is_typeddict(annotation):
        assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
        keys = set(value)
        assert annotation.__required_keys__ <= keys, (
            f"{where}: missing {sorted(annotation.__required_keys__ - keys)}"
        )
        extra = keys - set(annotation.__annotations__)
        assert not extra, f"{where}: {sorted(extra)} not in {annotation.__name__}"
        for key in keys:
            _check(value[key], annotation.__annotations__[key], f"{where}.{key}")
        return
    if origin is Literal:
        assert value in args, f"{where}: {value!r} not one of {args}"
    elif origin is list:
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for i, item in enumerate(value):
            _check(item, args[0], f"{where}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
        for key, item in value.items():
            _check(item, args[1], f"{where}[{key!r}]")
    elif annotation is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
    elif annotation is type(None):
        assert value is None, f"{where}: {value!r} is not None"
    elif annotation is not Any:
        assert isinstance(value, annotation), f"{where}: {value!r} is not {annotation.__name__}"


def _check_state(panel: ImportancePanel, where: str) -> None:
    state = {name: getattr(panel, name) for name in contract.SYNCED_TRAITS}
    _check(state, contract.State, where)


def test_a_panels_traits_have_the_contracts_shapes_through_a_session():
    runs = _sweep()
    panel = ImportancePanel(runs, "val_loss", unfinished="exclude").wait()
    try:
        _check_state(panel, "first analysis")
        rows = {row["parameter"]: row for row in panel.rows}
        assert list(rows["lr"]) == list(contract.Row.__annotations__)  # every field, in order
        assert rows["lr"]["scale"] == "log"
        assert rows["momentum"]["parent"] == "optimizer"
        others = rows["activation"]["values"][-1]
        n_values = runs.loc[runs["State"] == "finished", "activation"].nunique()
        assert others["others"] == n_values - 20  # 20 listed: one entry sums up the rest
        assert panel.note_actions, "the crashed runs' note offers a button"
        assert all(contract.read_message(a["message"]) for a in panel.note_actions)

        panel.selected = "optimizer"  # a drill-down
        assert not panel.interactions.empty  # the pairs, computed and shown
        _check_state(panel, "drill-down and pairs open")
        assert panel.drilldown["kind"] == "categorical" and panel.pairs
        panel.pair = [panel.pairs[0]["parameter_a"], panel.pairs[0]["parameter_b"]]
        _check_state(panel, "a pair open")
        assert panel.pair_view["cells"]

        panel.auto_select()
        panel.append(_sweep(30, seed=4))
        panel.wait()
        _check_state(panel, "after the wand and an append")
        assert panel.wand_choice and panel.ranking

        panel.hide(*panel.parameters)
        panel.wait()
        _check_state(panel, "everything hidden")
        assert panel.message == contract.EMPTY_TEXTS["all_hidden"].format(n=len(panel.parameters))
    finally:
        panel.close()


def test_a_failed_drilldown_still_has_the_drilldowns_shape(monkeypatch):
    panel = ImportancePanel(_sweep(), "val_loss").wait()
    try:

        def broken(*args, **kwargs):
            raise ValueError("no luck")

        monkeypatch.setattr("hpviz.display.drilldown", broken)
        panel.selected = "lr"
        _check(panel.drilldown, contract.DrillView, "drilldown")
        assert panel.drilldown["message"] == "Could not plot lr: ValueError: no luck"
    finally:
        panel.close()


def test_the_analysis_columns_are_the_rows_fields():
    frame = _sweep()
    result = analyse(frame, "val_loss", ["lr", "optimizer", "momentum", "activation"])
    assert list(result.table.columns) == TABLE_COLUMNS == list(contract.Row.__annotations__)
    assert INTERACTION_COLUMNS == list(contract.PairRow.__annotations__)


# --- the messages, dispatched in one place -----------------------------------------------------


def test_every_message_type_has_a_handler():
    panel = ImportancePanel(_sweep(), "val_loss")
    try:
        assert set(panel._handlers) == set(contract.MESSAGE_TYPES)
    finally:
        panel.close()


@pytest.mark.parametrize(
    "content",
    [
        None,
        "auto_select",
        {"type": "no_such_message"},
        {"type": "set_role", "column": "lr"},  # no role
        {"type": "set_role", "column": 3, "role": "ignored"},  # not text
        {"type": "set_target", "target": None},
    ],
)
def test_a_message_not_in_the_contract_is_ignored(content):
    panel = ImportancePanel(_sweep(), "val_loss").wait()
    try:
        before = (list(panel.notes), list(panel.parameters), list(panel.hidden))
        panel._on_message(panel, content, [])
        panel.wait()
        assert (list(panel.notes), list(panel.parameters), list(panel.hidden)) == before
    finally:
        panel.close()


def test_a_failed_click_is_said_in_the_panel():
    panel = ImportancePanel(_sweep(), "val_loss").wait()
    try:
        panel._on_message(panel, {"type": "set_target", "target": "sideways"}, [])
        assert panel.notes[-1].startswith("Could not refit: ")
        assert "sideways" in panel.notes[-1]
    finally:
        panel.close()
