// The shapes of the data the panel draws, as JSDoc types for `tsc --noEmit -p jsconfig.json`.
// Nothing here runs; the modules pull the types in with `@import`.

/**
 * @typedef {"numeric" | "boolean" | "categorical" | "constant" | "identifier" | "empty"} Kind
 * @typedef {"importance" | "correlation" | "parameter"} SortKey
 * @typedef {"minimize" | "maximize"} Goal
 * @typedef {"ready" | "computing" | "empty" | "error"} Status
 *
 * @typedef {object} ValueStat  One value of a categorical parameter.
 * @property {string} value
 * @property {number} count         Runs with this value.
 * @property {number | null} mean   Mean metric over those runs.
 * @property {number | null} correlation  Pearson's r of "parameter == value" with the metric.
 * @property {number | null} [correlation_low]   Lower end of its 90% interval.
 * @property {number | null} [correlation_high]  Upper end of its 90% interval.
 *
 * @typedef {object} Row  One visible parameter, as the Python side sends it.
 * @property {string} parameter
 * @property {Kind} kind
 * @property {number} importance     0..1, summing to 1 over the rows (or all 0).
 * @property {number | null} correlation  -1..1; null for categorical, constant, identifier.
 * @property {boolean} useful        Above the noise floor.
 * @property {ValueStat[]} values    Non-empty only for categorical parameters.
 * @property {number} [importance_low]   Lower end of the importance's 90% interval.
 * @property {number} [importance_high]  Upper end of the importance's 90% interval.
 * @property {"log" | "linear" | ""} [scale]  "log" when correlated on log10 of the parameter.
 * @property {number | null} [correlation_low]   Lower end of the correlation's 90% interval.
 * @property {number | null} [correlation_high]  Upper end of the correlation's 90% interval.
 * @property {string} [shape]        increasing, decreasing, peaked, flat ("" when not numeric).
 * @property {number | null} [best_low]   Where the best runs sit: low end (parameter's units).
 * @property {number | null} [best_high]  Where the best runs sit: high end.
 * @property {{x: number, y: number}[]} [profile]  Binned median metric across the range.
 * @property {string} [parent]       The parameter it is conditional on ("" when none).
 * @property {number | null} [active_fraction]  Share of runs where it is active.
 * @property {string} [active_when]  When it is active, in words ("n_layers ≥ 4").
 * @property {string} [moves_with]   A parameter it was drawn together with ("" when none).
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
 * @property {string} selected      The parameter whose drill-down plot is open ("" for none).
 * @property {DrillView} drilldown  That plot's data, computed by Python (empty when closed).
 * @property {ColumnRole[]} roles  Every column of the runs with its role and why.
 * @property {boolean} goal_guessed  Whether `goal` is a guess (nobody said it).
 * @property {string[]} notes       The notes on the shown analysis, one each (`message` joined).
 * @property {string[]} [warnings]  Those of the notes that qualify the numbers (shown as warnings).
 * @property {{metric?: string, hidden?: string[], before?: string[]}} wand_choice  The wand's choice in force ({} when none).
 * @property {{note: string, label: string, message: {type: string} & Record<string, unknown>}[]} [note_actions]  The buttons the notes call for.
 * @property {string} [fitted_on]   What the shown analysis was fitted on: raw, rank or log.
 * @property {boolean} [updating]   A newer analysis is computing; the one shown stays.
 * @property {number} [n_runs_newest]  Runs with a value of the metric in the newest runs.
 * @property {{state?: string, runs?: number, refreshes?: number, top?: string[], moves?: Record<string, number>, n_runs?: number}} [ranking]  Whether the ranking has settled.
 * @property {PairRow[]} [pairs]    The strongest pairs of the most important parameters.
 * @property {PairsInfo} [pairs_info]  Their status, noise floor and notes.
 * @property {string[]} [pair]      The pair whose heatmap is open ([] for none).
 * @property {PairView} [pair_view] That heatmap's data, computed by Python ({} when closed).
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
 * @property {"computing" | "ready" | "empty" | "error"} [status]
 * @property {number | null} [noise_floor]
 * @property {string[]} [notes]
 * @property {string} [message]
 *
 * @typedef {object} PairAxis  One axis of a pair's heatmap (hpviz/analysis/pairgrid.py).
 * @property {string} parameter
 * @property {"numeric" | "category" | "none"} kind
 * @property {"log" | "linear" | ""} [scale]
 * @property {number[]} [edges]    A numeric axis: its bins' boundaries.
 * @property {string[]} [labels]   A banded axis: its bands' labels.
 *
 * @typedef {object} PairCell
 * @property {number} i            Band along x.
 * @property {number} j            Band along y.
 * @property {number} count
 * @property {number} median
 *
 * @typedef {object} PairView  Two parameters against the metric.
 * @property {string[]} [parameters]
 * @property {string} [metric]
 * @property {string} [goal]
 * @property {PairAxis} [x]
 * @property {PairAxis} [y]
 * @property {PairCell[]} [cells]
 * @property {{i: number, j: number} | null} [best_cell]
 * @property {{x: number | string, y: number | string, metric: number, i: number, j: number} | null} [best]
 * @property {number} [n_runs]
 * @property {string} [message]
 *
 * @typedef {object} ColumnRole  One column of the runs (hpviz.ingest.ROLES).
 * @property {string} column
 * @property {string} role          parameter, constant, metric, outcome, metadata, identifier, index, empty, ignored
 * @property {string} reason        Why, in words.
 *
 * @typedef {object} DrillCategory  One value of a categorical parameter in the drill-down.
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
 * @typedef {object} DrillView  The drill-down of one parameter (hpviz/drilldown.py).
 * @property {string} [parameter]
 * @property {string} [metric]
 * @property {"numeric" | "categorical" | "none"} [kind]
 * @property {"log" | "linear"} [scale]
 * @property {number} [n_runs]
 * @property {number} [n_shown]
 * @property {number[]} [x]
 * @property {number[]} [y]
 * @property {string[]} [runs]      The points' run names, when the runs have a name column.
 * @property {DrillCategory[]} [categories]
 * @property {DrillCategory[]} [special]  numbers with a few words: one strip per word
 * @property {{x: number | string, y: number} | null} [best]
 * @property {string} [message]
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
