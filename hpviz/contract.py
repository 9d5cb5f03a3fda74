"""The contract between the panel's Python side and its front end (internal): every shape that
crosses, written once.

* :class:`State` names every synced trait of :class:`~hpviz.widget.ImportancePanel` with the
  shape of its value (:data:`SYNCED_TRAITS` are its keys): the rows (:class:`Row`, one per
  parameter, the columns of :func:`hpviz.importance_table`, with a categorical's
  :class:`ValueStat` list), the drill-down (:class:`DrillView`), the wand's choice
  (:class:`WandChoice`), the columns' roles (:class:`ColumnRole`), the notes' buttons
  (:class:`NoteAction`), the pairs (:class:`PairRow`, :class:`PairsInfo`, :class:`PairView`).
* :data:`ViewMessage`: every message the view sends Python, each with a literal ``type``
  (the panel dispatches them in one place, keyed on it: ``ImportancePanel._on_message``).
  Python sends the view no message of its own: only trait state, as ipywidgets' ``update``
  (:class:`StateUpdate`; sent directly while the kernel's thread is busy, see
  :mod:`hpviz.runner`).
* :data:`EMPTY_TEXTS`: the sentences shown in the table's place when it has no row; Python's
  messages use them and the view receives them (the ``empty_texts`` trait), so each is written
  here only.

``js/src/types.js`` holds the same shapes as JSDoc types (checked by ``tsc``), and
``js/src/index.js`` redraws on every name of :data:`SYNCED_TRAITS`;
``tests/widget/test_contract.py`` holds both, the widget's synced traits and the analysis'
columns to this module.

Typed for Python 3.10: a shape's optional keys are in a ``total=False`` subclass of its
required ones.
"""

from typing import Any, Literal, TypedDict, get_args

__all__ = [
    "CSV_CONTEXT",
    "CSV_LEFT_OUT",
    "EMPTY_TEXTS",
    "MESSAGE_TYPES",
    "SYNCED_TRAITS",
    "ColumnRole",
    "DrillView",
    "NoteAction",
    "PairRow",
    "PairView",
    "PairsInfo",
    "Ranking",
    "Row",
    "State",
    "StateUpdate",
    "ValueStat",
    "ViewMessage",
    "WandChoice",
    "read_message",
]

Kind = Literal["numeric", "boolean", "categorical", "constant", "identifier", "empty"]
SortKey = Literal["importance", "correlation", "parameter"]
Goal = Literal["minimize", "maximize"]
Status = Literal["ready", "computing", "empty", "error"]
Target = Literal["raw", "rank", "log", "symlog"]
Role = Literal[
    "parameter",
    "constant",
    "derived",
    "metric",
    "outcome",
    "metadata",
    "identifier",
    "index",
    "empty",
    "ignored",
]


class EmptyDict(TypedDict):
    """``{}``: what a trait holding one shape holds while there is none (no drill-down open …)."""


# --- the rows ------------------------------------------------------------------------------


class _ValueStat(TypedDict):
    value: str
    count: int
    """Runs with this value."""
    mean: float | None
    """Mean metric over those runs."""
    correlation: float | None
    """r of "parameter == value" with the metric."""
    correlation_low: float | None
    correlation_high: float | None
    """Its 90 % interval."""


class ValueStat(_ValueStat, total=False):
    """One value of a categorical parameter (the last may sum up the rarer ones)."""

    others: int
    """Only on the entry that sums up the values not listed: how many it sums up."""


class ProfilePoint(TypedDict):
    x: float
    y: float


class Row(TypedDict):
    """One parameter of the analysis: the columns of :func:`hpviz.importance_table`, in order
    (``TABLE_COLUMNS``), as the ``rows`` trait sends them (missing numbers as None)."""

    parameter: str
    importance: float
    """0..1, summing to 1 over the fitted rows (or all 0)."""
    importance_low: float
    importance_high: float
    """Its 90 % interval."""
    correlation: float | None
    """-1..1; None for categorical, constant, identifier."""
    correlation_low: float | None
    correlation_high: float | None
    correlation_key: float | None
    """What the row sorts by in the correlation column: |r|, or a categorical's largest |r|
    over its values (computed once, in Python; the view sorts by it)."""
    scale: Literal["log", "linear", ""]
    kind: Kind
    useful: bool
    """Above the noise floor."""
    values: list[ValueStat]
    """Non-empty only for categorical parameters."""
    shape: str
    """increasing, decreasing, peaked, flat ("" when not numeric)."""
    best_low: float | None
    best_high: float | None
    """Where the best runs sit, in the parameter's units."""
    profile: list[ProfilePoint]
    """Binned median metric across the range."""
    parent: str
    """The parameter it is conditional on ("" when none)."""
    active_fraction: float | None
    active_when: str
    """When it is active, in words ("n_layers ≥ 4")."""
    moves_with: str
    """A parameter it was drawn together with ("" when none)."""


# --- the drill-downs -----------------------------------------------------------------------


class _DrillCategory(TypedDict):
    value: str
    count: int
    mean: float
    min: float
    q1: float
    median: float
    q3: float
    max: float
    y: list[float]
    """The metric of its runs among the points sent."""


class DrillCategory(_DrillCategory, total=False):
    """One value of a categorical parameter (or one word of a numeric one) in the drill-down."""

    runs: list[str]
    """Those runs' names, when the runs have a name column."""


class BestRun(TypedDict):
    x: float | str
    y: float


class _DrillView(TypedDict):
    parameter: str
    metric: str
    goal: Goal
    kind: Literal["numeric", "categorical", "none"]
    scale: Literal["log", "linear"]
    n_runs: int
    n_shown: int
    x: list[float]
    y: list[float]
    categories: list[DrillCategory]
    best: BestRun | None
    message: str


class DrillView(_DrillView, total=False):
    """The open parameter against the metric (:func:`hpviz.analysis.drilldown.drilldown`); the
    ``drilldown`` trait is ``{}`` while none is open."""

    runs: list[str]
    """The points' run names, when the runs have a name column."""
    special: list[DrillCategory]
    """Numbers with a few words: one strip per word."""


class _PairAxis(TypedDict):
    parameter: str
    kind: Literal["numeric", "category", "none"]


class PairAxis(_PairAxis, total=False):
    """One axis of a pair's heatmap (:mod:`hpviz.analysis.pairgrid`)."""

    scale: Literal["log", "linear", ""]
    edges: list[float]
    labels: list[str]
    values: list[float]


class PairCell(TypedDict):
    i: int
    j: int
    count: int
    median: float


class PairCellIndex(TypedDict):
    i: int
    j: int


class PairBest(TypedDict):
    x: float | str
    y: float | str
    metric: float
    i: int
    j: int


class _PairView(TypedDict):
    parameters: list[str]
    metric: str
    cells: list[PairCell]
    message: str


class PairView(_PairView, total=False):
    """Two parameters against the metric, a heatmap of the median metric; ``{}`` while no pair
    is open. A pair that could not be plotted has only the required keys."""

    goal: Goal
    x: PairAxis
    y: PairAxis
    best_cell: PairCellIndex | None
    best: PairBest | None
    n_runs: int


class PairRow(TypedDict):
    """One pair of parameters (:data:`hpviz.analysis.interactions.INTERACTION_COLUMNS`)."""

    parameter_a: str
    parameter_b: str
    strength: float
    """0..1: the share of the metric's variation beyond each alone."""
    strength_low: float
    strength_high: float
    useful: bool
    n_runs: int


class PairsInfo(TypedDict):
    status: Literal["computing", "ready", "empty", "error"]
    noise_floor: float | None
    notes: list[str]
    message: str


# --- the rest of the state -----------------------------------------------------------------


class ColumnRole(TypedDict):
    """One column of the runs, its role (:data:`hpviz.ingest.ROLES`) and why, in words."""

    column: str
    role: Role
    reason: str


class WandChoice(TypedDict):
    """The wand's choice in force (the ``wand_choice`` trait is ``{}`` when none is)."""

    metric: str
    hidden: list[str]
    before: list[str]
    """What was hidden before the wand: Undo brings it back."""


class Ranking(TypedDict):
    """Whether the ranking has settled (``{}`` before a second set of runs is shown)."""

    state: Literal["stable", "moving"]
    runs: int
    refreshes: int
    top: list[str]
    moves: dict[str, int]
    n_runs: int


# --- messages ------------------------------------------------------------------------------


class AutoSelect(TypedDict):
    """The wand clicked: Python fits on every parameter and applies its choice."""

    type: Literal["auto_select"]


class UndoAutoSelect(TypedDict):
    """The wand's Undo."""

    type: Literal["undo_auto_select"]


class SetRole(TypedDict):
    """A role chosen in the Parameters dialog, or a note's *Leave out*."""

    type: Literal["set_role"]
    column: str
    role: str


class SetUnfinished(TypedDict):
    """A note's *Include these runs*."""

    type: Literal["set_unfinished"]
    unfinished: str


class SetTarget(TypedDict):
    """A note's *Use raw values*."""

    type: Literal["set_target"]
    target: str


NoteMessage = SetRole | SetUnfinished | SetTarget
"""What a note's button sends."""

ViewMessage = AutoSelect | UndoAutoSelect | SetRole | SetUnfinished | SetTarget
"""Every message the view sends Python."""

MESSAGE_TYPES: dict[str, Any] = {
    get_args(shape.__annotations__["type"])[0]: shape for shape in get_args(ViewMessage)
}
"""Each message's ``type`` → its shape."""


class NoteAction(TypedDict):
    """A button beside a note: the note's exact text, the button's, and what it sends."""

    note: str
    label: str
    message: NoteMessage


class StateUpdate(TypedDict):
    """ipywidgets' state message: the one kind Python sends the view."""

    method: Literal["update"]
    state: dict[str, Any]
    buffer_paths: list[Any]


def read_message(content: object) -> ViewMessage | None:
    """``content`` if it is one of :data:`ViewMessage` with every field a string, else None
    (a message this panel does not know is ignored)."""
    if not isinstance(content, dict):
        return None
    shape = MESSAGE_TYPES.get(content.get("type"))  # type: ignore[arg-type]
    if shape is None:
        return None
    if not all(isinstance(content.get(key), str) for key in shape.__required_keys__):
        return None
    return content  # type: ignore[return-value]


# --- empty states --------------------------------------------------------------------------


class EmptyTexts(TypedDict):
    no_parameters: str
    all_hidden: str
    no_match: str
    empty: str
    error: str


EMPTY_TEXTS: EmptyTexts = {
    "no_parameters": "This run table has no parameter columns.",
    "all_hidden": "All {n} parameters are hidden — use the wand or Parameters to show some.",
    "no_match": "No parameter matches \u201c{search}\u201d.",
    "empty": "Nothing to show.",
    "error": "Something went wrong while analysing the runs.",
}
"""What shows in the table's place: no parameter column, every parameter hidden (``{n}``: how
many), the search matching none (``{search}``: the search text, stripped), an empty status with
no message, an error with none."""


# --- the CSV download (js/src/csv.js) -----------------------------------------------------

CSV_CONTEXT = {
    "active": "when a conditional parameter is active (parent, active_fraction, active_when)",
    "metric": "the metric explained",
    "goal": "its goal",
    "target": "what the fit was made on (fitted_on)",
    "n_runs": "runs analysed",
    "noise_floor": "the noise floor",
}
"""The CSV's columns that are not fields of a :class:`Row`: on every line, so a file stands on
its own."""

CSV_LEFT_OUT = {
    "correlation_key": "a sort key, |correlation|: the file keeps the sign",
    "profile": "a plot's points",
    "parent": "in active",
    "active_fraction": "in active",
    "active_when": "in active",
}
"""The fields of a :class:`Row` the CSV leaves out, and why; every other field is a column."""


# --- the synced traits ---------------------------------------------------------------------


class State(TypedDict):
    """Every synced trait of the panel and its value (see the docstrings in
    :mod:`hpviz.widget`)."""

    metric: str
    metrics: list[str]
    goal: Goal
    parameters: list[str]
    hidden: list[str]
    sort_by: SortKey
    descending: bool
    search: str
    n_runs: int
    n_excluded: int
    rows: list[Row]
    noise_floor: float | None
    status: Status
    message: str
    notes: list[str]
    warnings: list[str]
    fitted_on: Target | Literal[""]
    note_actions: list[NoteAction]
    empty_texts: EmptyTexts
    selected: str
    roles: list[ColumnRole]
    goal_guessed: bool
    wand_choice: WandChoice | EmptyDict
    drilldown: DrillView | EmptyDict
    updating: bool
    n_runs_newest: int
    ranking: Ranking | EmptyDict
    pairs: list[PairRow]
    pairs_info: PairsInfo | EmptyDict
    pair: list[str]
    pair_view: PairView | EmptyDict


SYNCED_TRAITS: tuple[str, ...] = tuple(State.__annotations__)
"""The names of the panel's synced traits, in :class:`State`'s order."""
