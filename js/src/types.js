// The shapes of the data the panel draws and the messages it sends, as JSDoc types for
// `tsc --noEmit -p jsconfig.json`: the same shapes as hpviz/contract.py, where they are written
// first (tests/widget/test_contract.py holds the two together). Nothing here runs; the modules
// pull the types in with `@import`.

/**
 * @typedef {"numeric" | "boolean" | "categorical" | "constant" | "identifier" | "empty"} Kind
 * @typedef {"importance" | "correlation" | "parameter"} SortKey
 * @typedef {"minimize" | "maximize"} Goal
 * @typedef {"ready" | "computing" | "empty" | "error"} Status
 * @typedef {"raw" | "rank" | "log" | "symlog"} Target
 * @typedef {"parameter" | "constant" | "derived" | "metric" | "outcome" | "metadata" | "identifier" | "index" | "empty" | "ignored"} Role
 * @typedef {Record<string, never>} EmptyDict  `{}`: a trait holding one shape while there is none.
 *
 * @typedef {object} ValueStat  One value of a categorical parameter (the last may sum up the rarer ones).
 * @property {string} value
 * @property {number} count         Runs with this value.
 * @property {number | null} mean   Mean metric over those runs.
 * @property {number | null} correlation  r of "parameter == value" with the metric.
 * @property {number | null} correlation_low   Lower end of its 90% interval.
 * @property {number | null} correlation_high  Upper end of its 90% interval.
 * @property {number} [others]      Only on the entry summing up the values not listed: how many.
 *
 * @typedef {object} ProfilePoint
 * @property {number} x
 * @property {number} y
 *
 * @typedef {object} Row  One parameter, as the Python side sends it (the columns of importance_table).
 * @property {string} parameter
 * @property {number} importance     0..1, summing to 1 over the fitted rows (or all 0).
 * @property {number} importance_low   Lower end of the importance's 90% interval.
 * @property {number} importance_high  Upper end of the importance's 90% interval.
 * @property {number | null} correlation  -1..1; null for categorical, constant, identifier.
 * @property {number | null} correlation_low   Lower end of the correlation's 90% interval.
 * @property {number | null} correlation_high  Upper end of the correlation's 90% interval.
 * @property {number | null} correlation_key   What the row sorts by in the correlation column (Python computes it).
 * @property {"log" | "linear" | ""} scale  "log" when correlated on log10 of the parameter.
 * @property {Kind} kind
 * @property {boolean} useful        Above the noise floor.
 * @property {ValueStat[]} values    Non-empty only for categorical parameters.
 * @property {string} shape          increasing, decreasing, peaked, flat ("" when not numeric).
 * @property {number | null} best_low   Where the best runs sit: low end (parameter's units).
 * @property {number | null} best_high  Where the best runs sit: high end.
 * @property {ProfilePoint[]} profile  Binned median metric across the range.
 * @property {string} parent         The parameter it is conditional on ("" when none).
 * @property {number | null} active_fraction  Share of runs where it is active.
 * @property {string} active_when    When it is active, in words ("n_layers ≥ 4").
 * @property {string} moves_with     A parameter it was drawn together with ("" when none).
 *
 * @typedef {object} DrillCategory  One value of a categorical parameter (or one word of a numeric one) in the drill-down.
 * @property {string} value
 * @property {number} count
 * @property {number} mean
 * @property {number} min
 * @property {number} q1
 * @property {number} median
 * @property {number} q3
 * @property {number} max
 * @property {number[]} y           The metric of its runs among the points sent.
 * @property {string[]} [runs]      Those runs' names, when the runs have a name column.
 *
 * @typedef {object} BestRun
 * @property {number | string} x
 * @property {number} y
 *
 * @typedef {object} DrillView  The drill-down of one parameter (hpviz/analysis/drilldown.py).
 * @property {string} parameter
 * @property {string} metric
 * @property {Goal} goal
 * @property {"numeric" | "categorical" | "none"} kind
 * @property {"log" | "linear"} scale
 * @property {number} n_runs
 * @property {number} n_shown
 * @property {number[]} x
 * @property {number[]} y
 * @property {DrillCategory[]} categories
 * @property {BestRun | null} best
 * @property {string} message
 * @property {string[]} [runs]      The points' run names, when the runs have a name column.
 * @property {DrillCategory[]} [special]  numbers with a few words: one strip per word
 *
 * @typedef {object} PairRow  One pair of parameters (hpviz/analysis/interactions.py).
 * @property {string} parameter_a
 * @property {string} parameter_b
 * @property {number} strength       0..1: the share of the metric's variation beyond each alone.
 * @property {number} strength_low   Lower end of its 90% interval.
 * @property {number} strength_high  Upper end of its 90% interval.
 * @property {boolean} useful        Above the noise floor.
 * @property {number} n_runs         Runs it was measured over.
 *
 * @typedef {object} PairsInfo
 * @property {"computing" | "ready" | "empty" | "error"} status
 * @property {number | null} noise_floor
 * @property {string[]} notes
 * @property {string} message
 *
 * @typedef {object} PairAxis  One axis of a pair's heatmap (hpviz/analysis/pairgrid.py).
 * @property {string} parameter
 * @property {"numeric" | "category" | "none"} kind
 * @property {"log" | "linear" | ""} [scale]
 * @property {number[]} [edges]    A numeric axis: its bins' boundaries.
 * @property {string[]} [labels]   A banded axis: its bands' labels.
 * @property {number[]} [values]   A banded axis of numbers: its bands' values.
 *
 * @typedef {object} PairCell
 * @property {number} i            Band along x.
 * @property {number} j            Band along y.
 * @property {number} count
 * @property {number} median
 *
 * @typedef {object} PairCellIndex
 * @property {number} i
 * @property {number} j
 *
 * @typedef {object} PairBest
 * @property {number | string} x
 * @property {number | string} y
 * @property {number} metric
 * @property {number} i
 * @property {number} j
 *
 * @typedef {object} PairView  Two parameters against the metric (a pair that could not be plotted has only the first four).
 * @property {string[]} parameters
 * @property {string} metric
 * @property {PairCell[]} cells
 * @property {string} message
 * @property {Goal} [goal]
 * @property {PairAxis} [x]
 * @property {PairAxis} [y]
 * @property {PairCellIndex | null} [best_cell]
 * @property {PairBest | null} [best]
 * @property {number} [n_runs]
 *
 * @typedef {object} ColumnRole  One column of the runs (hpviz.ingest.ROLES).
 * @property {string} column
 * @property {Role} role
 * @property {string} reason        Why, in words.
 *
 * @typedef {object} WandChoice  The wand's choice in force.
 * @property {string} metric
 * @property {string[]} hidden
 * @property {string[]} before      What was hidden before the wand: Undo brings it back.
 *
 * @typedef {object} Ranking  Whether the ranking has settled.
 * @property {"stable" | "moving"} state
 * @property {number} runs
 * @property {number} refreshes
 * @property {string[]} top
 * @property {Record<string, number>} moves
 * @property {number} n_runs
 *
 * @typedef {object} AutoSelect  The wand clicked: Python fits on every parameter and applies its choice.
 * @property {"auto_select"} type
 *
 * @typedef {object} UndoAutoSelect  The wand's Undo.
 * @property {"undo_auto_select"} type
 *
 * @typedef {object} SetRole  A role chosen in the Parameters dialog, or a note's "Leave out".
 * @property {"set_role"} type
 * @property {string} column
 * @property {string} role
 *
 * @typedef {object} SetUnfinished  A note's "Include these runs".
 * @property {"set_unfinished"} type
 * @property {string} unfinished
 *
 * @typedef {object} SetTarget  A note's "Use raw values".
 * @property {"set_target"} type
 * @property {string} target
 *
 * @typedef {SetRole | SetUnfinished | SetTarget} NoteMessage  What a note's button sends.
 * @typedef {AutoSelect | UndoAutoSelect | SetRole | SetUnfinished | SetTarget} ViewMessage  Every message the view sends Python.
 * @typedef {(message: ViewMessage) => void} Send  How a part sends Python a message.
 *
 * @typedef {object} NoteAction  A button beside a note.
 * @property {string} note          the exact text of the note it belongs to
 * @property {string} label         the button's text
 * @property {NoteMessage} message  what the button sends
 *
 * @typedef {object} EmptyTexts  What shows in the table's place ({n}: parameters hidden, {search}: the search text).
 * @property {string} no_parameters
 * @property {string} all_hidden
 * @property {string} no_match
 * @property {string} empty
 * @property {string} error
 *
 * @typedef {object} State  The synced traits.
 * @property {string} metric
 * @property {string[]} metrics
 * @property {Goal} goal
 * @property {string[]} parameters
 * @property {string[]} hidden
 * @property {SortKey} sort_by
 * @property {boolean} descending
 * @property {string} search
 * @property {number} n_runs
 * @property {number} n_excluded
 * @property {Row[]} rows
 * @property {number | null} noise_floor
 * @property {Status} status
 * @property {string} message
 * @property {string[]} notes       The notes on the shown analysis, one each (`message` joined).
 * @property {string[]} warnings    Those of the notes that qualify the numbers (shown as warnings).
 * @property {Target | ""} fitted_on  What the shown analysis was fitted on.
 * @property {NoteAction[]} note_actions  The buttons the notes call for.
 * @property {EmptyTexts} empty_texts  The empty states' sentences (hpviz/contract.py).
 * @property {string} selected      The parameter whose drill-down plot is open ("" for none).
 * @property {ColumnRole[]} roles  Every column of the runs with its role and why.
 * @property {boolean} goal_guessed  Whether `goal` is a guess (nobody said it).
 * @property {WandChoice | EmptyDict} wand_choice  The wand's choice in force.
 * @property {DrillView | EmptyDict} drilldown  The open drill-down's data, computed by Python.
 * @property {boolean} updating     A newer analysis is computing; the one shown stays.
 * @property {number} n_runs_newest  Runs with a value of the metric in the newest runs.
 * @property {Ranking | EmptyDict} ranking  Whether the ranking has settled.
 * @property {PairRow[]} pairs      The strongest pairs of the most important parameters.
 * @property {PairsInfo | EmptyDict} pairs_info  Their status, noise floor and notes.
 * @property {string[]} pair        The pair whose heatmap is open ([] for none).
 * @property {PairView | EmptyDict} pair_view  That heatmap's data, computed by Python.
 */

/**
 * What the panel uses of anywidget's model; the static export's page has a stand-in for it
 * (standalone.js).
 * @typedef {Pick<import("@anywidget/types").AnyModel<State>, "get" | "set" | "on" | "off" | "save_changes" | "send">} PanelModel
 */

/**
 * The model as the panel's parts see it: read a trait, or write some and send them.
 * @typedef {object} Traits
 * @property {<K extends keyof State>(name: K) => State[K]} get
 * @property {(values: Partial<State>) => void} save
 */

export {};
