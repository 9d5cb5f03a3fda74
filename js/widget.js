// hpviz front end: which hyperparameters matter for a metric, and which way they push it.
//
// One plain ES module with no imports, loaded by anywidget from a blob URL. `render` draws the
// panel and keeps it in sync with the model; everything that does not need the DOM (sorting,
// filtering, number formatting, bar geometry, colours, texts) is a pure exported function so
// that Node can import this file and test it (`node --test tests/js/`). Nothing at the top
// level touches `document` or `window`.
//
// Data (parameter names, metric names, category values, messages) only ever reaches the page
// through `textContent` and attributes, never through innerHTML.

/**
 * @typedef {"numeric" | "boolean" | "categorical" | "constant" | "identifier"} Kind
 * @typedef {"importance" | "correlation" | "parameter"} SortKey
 * @typedef {"minimize" | "maximize"} Goal
 * @typedef {"ready" | "computing" | "empty" | "error"} Status
 *
 * @typedef {object} ValueStat  One value of a categorical parameter.
 * @property {string} value
 * @property {number} count         Runs with this value.
 * @property {number | null} mean   Mean metric over those runs.
 * @property {number | null} correlation  Pearson's r of "parameter == value" with the metric.
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
 * @property {DrillCategory[]} [categories]
 * @property {{x: number | string, y: number} | null} [best]
 * @property {string} [message]
 */

// --- constants -------------------------------------------------------------------------------

/** @type {SortKey[]} */
export const SORT_KEYS = ["importance", "correlation", "parameter"];

/** @type {{key: SortKey, label: string, info: string}[]} */
export const COLUMNS = [
  { key: "parameter", label: "Parameter", info: "" },
  {
    key: "importance",
    label: "Importance",
    info:
      "Random-forest impurity importance: how much each parameter helps a forest predict the " +
      "metric from the parameters. The importances of the shown parameters sum to 1; hidden " +
      "parameters are left out of the model. The dashed line is the noise floor.",
  },
  {
    key: "correlation",
    label: "Correlation",
    info:
      "Linear (Pearson) correlation between the parameter and the metric, from -1 to 1, on " +
      "log10 of parameters searched on a log scale (marked log). Green " +
      "means raising the parameter moves the metric in the good direction for the goal, red " +
      "the bad one. Categorical parameters show one correlation per value (the run has that " +
      "value vs. not). Correlation is association, not causation.",
  },
];

export const WAND_TITLE =
  "Automatically show the most useful parameters: those whose importance is above the noise " +
  "floor (what shuffled copies of the parameters reach in the same forest). Constants and " +
  "identifiers are hidden.";

/** How many values of a categorical parameter the correlation cell lists. */
export const MAX_VALUES = 4;
/** Up to this many shown rows are all rendered; beyond, only those near the view (rowWindow). */
export const ALL_ROWS = 60;
const OVERSCAN = 400; // px of rows rendered above and below the visible part of the table
const FIRST_VIEW = 600; // px assumed visible before the table has been laid out
const ROW_HEIGHT = 29; // px, a row's height before any has been measured

const MINUS = "\u2212";
const DASH = "\u2013";

// --- pure helpers: ordering and filtering ------------------------------------------------------

/**
 * Compare two strings by Unicode code points, like Python's `<` on `str` (JavaScript's `<`
 * compares UTF-16 code units, which orders astral characters before U+E000..U+FFFF).
 * @param {string} a
 * @param {string} b
 * @returns {number} negative, 0 or positive
 */
export function compareCodePoints(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Move surrogates (U+D800..U+DFFF) above U+E000..U+FFFF so the units order like the
      // code points they encode.
      if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
      if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * Order of parameter names: case-folded name first, then the name itself (Python's
 * `key=(name.lower(), name)`).
 * @param {string} a
 * @param {string} b
 */
export function compareNames(a, b) {
  return compareCodePoints(a.toLowerCase(), b.toLowerCase()) || compareCodePoints(a, b);
}

/** @param {unknown} value */
function isNumber(value) {
  return typeof value === "number" && !Number.isNaN(value);
}

/**
 * The rows in display order, exactly as the Python side's `sort_table` orders them.
 *
 * `importance` and `correlation` sort by value (correlation by its signed value); rows whose
 * value is null or NaN go last whatever the direction; ties by name. `parameter` sorts by
 * case-folded name then name, and `descending` reverses it. Returns a new array.
 * @template {{parameter: string, importance?: number | null, correlation?: number | null}} R
 * @param {readonly R[]} rows
 * @param {string} sortBy
 * @param {boolean} descending
 * @returns {R[]}
 */
export function sortRows(rows, sortBy, descending) {
  const byName = rows.slice().sort((a, b) => compareNames(String(a.parameter), String(b.parameter)));
  if (sortBy === "parameter") {
    if (descending) byName.reverse();
    return byName;
  }
  const key = sortBy === "correlation" ? "correlation" : "importance";
  /** @type {R[]} */ const present = [];
  /** @type {R[]} */ const missing = [];
  for (const row of byName) (isNumber(row[key]) ? present : missing).push(row);
  const sign = descending ? -1 : 1;
  // Array.prototype.sort is stable: rows with equal values stay in name order.
  present.sort((a, b) => {
    const x = /** @type {number} */ (a[key]);
    const y = /** @type {number} */ (b[key]);
    return x < y ? -sign : x > y ? sign : 0;
  });
  return present.concat(missing);
}

// Python's str.strip() whitespace (str.isspace), which differs a little from String#trim.
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

/**
 * Text without the leading and trailing whitespace Python's `str.strip()` removes.
 * @param {string | null | undefined} text
 */
export function pyStrip(text) {
  return String(text ?? "").replace(PY_STRIP, "");
}

/**
 * The search text as the filter uses it: stripped like Python's `str.strip()`, lower-cased.
 * @param {string | null | undefined} search
 */
export function searchNeedle(search) {
  return pyStrip(search).toLowerCase();
}

/**
 * Does `name` match the search box text? Case-insensitive substring; empty search matches all.
 * @param {string} name
 * @param {string | null | undefined} search
 */
export function matchesSearch(name, search) {
  const needle = searchNeedle(search);
  return needle === "" || String(name).toLowerCase().includes(needle);
}

/**
 * The rows whose parameter name contains the search text (case-insensitive, stripped).
 * Returns a new array in the same order.
 * @template {{parameter: string}} R
 * @param {readonly R[]} rows
 * @param {string | null | undefined} search
 * @returns {R[]}
 */
export function filterRows(rows, search) {
  const needle = searchNeedle(search);
  if (needle === "") return rows.slice();
  return rows.filter((row) => String(row.parameter).toLowerCase().includes(needle));
}

/**
 * The sort after a click on a column header: the current column flips direction; another
 * column becomes the sort, largest first for numbers and A to Z for names.
 * @param {string} sortBy
 * @param {boolean} descending
 * @param {SortKey} column
 * @returns {{sort_by: SortKey, descending: boolean}}
 */
export function sortAfterClick(sortBy, descending, column) {
  if (column === sortBy) return { sort_by: column, descending: !descending };
  return { sort_by: column, descending: column !== "parameter" };
}

/**
 * The `aria-sort` of a column header.
 * @param {SortKey} column
 * @param {string} sortBy
 * @param {boolean} descending
 * @returns {"ascending" | "descending" | "none"}
 */
export function ariaSortFor(column, sortBy, descending) {
  if (column !== sortBy) return "none";
  return descending ? "descending" : "ascending";
}

// --- pure helpers: numbers and geometry ----------------------------------------------------------

/**
 * A number with a fixed number of decimals and a true minus sign; "–" when missing.
 * Never "−0.00": values that round to zero have no sign.
 * @param {number | null | undefined} value
 * @param {number} [digits=3]
 */
export function formatNumber(value, digits = 3) {
  if (typeof value !== "number" || !Number.isFinite(value)) return DASH;
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

/**
 * A metric value (a mean) in about four significant digits: 0.5321, 12.35, 1234, 1.2e-5.
 * @param {number | null | undefined} value
 */
export function formatMetric(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return DASH;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  let text;
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    text = value.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e");
  } else if (magnitude >= 1000) {
    text = String(Math.round(value));
  } else {
    text = String(Number(value.toPrecision(4)));
  }
  return text.replace(/^-/, MINUS);
}

/**
 * "300 runs", "1 run", "1,200 runs".
 * @param {number} n
 * @param {string} [word="run"]
 */
export function plural(n, word = "run") {
  const count = Number.isFinite(n) ? n : 0;
  return `${groupThousands(count)} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * An integer with thousands separators: 1200 → "1,200" (Number#toLocaleString is slow).
 * @param {number} n
 */
export function groupThousands(n) {
  const text = String(n);
  return Math.abs(n) < 1000 || !Number.isInteger(n) ? text : text.replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * The run count next to the metric selector: "300 runs", or
 * "300 runs · 12 left out (no finite val_loss)".
 * @param {number} nRuns
 * @param {number} nExcluded
 * @param {string} metric
 */
export function runsText(nRuns, nExcluded, metric) {
  let text = plural(nRuns || 0);
  if (nExcluded > 0) text += ` · ${groupThousands(nExcluded)} left out (no finite ${metric})`;
  return text;
}

/**
 * The largest importance among rows (0 when none is positive).
 * @param {readonly {importance?: number | null}[]} rows
 */
export function maxImportance(rows) {
  let max = 0;
  for (const row of rows) {
    const v = row.importance;
    if (typeof v === "number" && v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

/**
 * Width of an importance bar as a fraction 0..1 of its track: importance / max importance
 * over the shown rows; 0 when the max is 0 or the value is missing.
 * @param {number | null | undefined} importance
 * @param {number} max
 */
export function barFraction(importance, max) {
  if (!(max > 0) || !Number.isFinite(max)) return 0;
  if (typeof importance !== "number" || !Number.isFinite(importance) || importance <= 0) return 0;
  return Math.min(1, importance / max);
}

/**
 * Where the noise floor line goes on the importance scale (a fraction 0..1 of the track, same
 * scale as the bars), or null when there is no floor or it lies beyond the largest bar.
 * @param {number | null | undefined} noiseFloor
 * @param {number} max
 */
export function floorFraction(noiseFloor, max) {
  if (typeof noiseFloor !== "number" || !Number.isFinite(noiseFloor) || noiseFloor < 0) return null;
  if (!(max > 0) || !Number.isFinite(max) || noiseFloor > max) return null;
  return noiseFloor / max;
}

/**
 * Geometry of a diverging correlation bar, in percent of its track: it starts at the centre
 * (50%) and is |r| × 50% wide, to the right for positive r and to the left for negative r.
 * Null when r is missing.
 * @param {number | null | undefined} r
 * @returns {{side: "positive" | "negative", width: number, left: number} | null}
 */
export function correlationGeometry(r) {
  if (typeof r !== "number" || !Number.isFinite(r)) return null;
  const width = Math.min(1, Math.abs(r)) * 50;
  return r < 0 ? { side: "negative", width, left: 50 - width } : { side: "positive", width, left: 50 };
}

/**
 * Whether a correlation is good news for the goal: lowering a minimised metric (r < 0) or
 * raising a maximised one (r > 0). Exactly 0 (or missing) is neutral.
 * @param {number | null | undefined} r
 * @param {string} goal
 * @returns {"good" | "bad" | "neutral"}
 */
export function correlationTone(r, goal) {
  if (typeof r !== "number" || !Number.isFinite(r) || r === 0) return "neutral";
  const good = goal === "maximize" ? r > 0 : r < 0;
  return good ? "good" : "bad";
}

/**
 * CSS class of a correlation bar: "hpviz-good", "hpviz-bad" or "hpviz-neutral".
 * @param {number | null | undefined} r
 * @param {string} goal
 */
export function correlationClass(r, goal) {
  return `hpviz-${correlationTone(r, goal)}`;
}

/**
 * The small tag after a parameter's name: "categorical", "constant", "id", or "" for
 * numeric and boolean parameters.
 * @param {string} kind
 */
export function kindLabel(kind) {
  if (kind === "categorical") return "categorical";
  if (kind === "constant") return "constant";
  if (kind === "identifier") return "id";
  return "";
}

/** @param {string} kind */
export function kindTitle(kind) {
  if (kind === "categorical") return "Categorical: one correlation per value";
  if (kind === "constant") return "Constant: the same value in every run, so it cannot matter";
  if (kind === "identifier") return "Identifier: a different value in (almost) every run, left out of the model";
  return "";
}

/**
 * The values of a categorical parameter that its correlation cell lists: the `limit`
 * strongest by |correlation| (missing last, then by count), and those left over.
 * @param {readonly ValueStat[]} values
 * @param {number} [limit=MAX_VALUES]
 * @returns {{shown: ValueStat[], rest: ValueStat[]}}
 */
export function topValues(values, limit = MAX_VALUES) {
  const strength = (/** @type {ValueStat} */ v) =>
    typeof v.correlation === "number" && Number.isFinite(v.correlation) ? Math.abs(v.correlation) : -1;
  const ordered = (values || []).slice().sort((a, b) => strength(b) - strength(a) || (b.count || 0) - (a.count || 0));
  return { shown: ordered.slice(0, limit), rest: ordered.slice(limit) };
}

/**
 * Tooltip of one value of a categorical parameter.
 * @param {ValueStat} v
 * @param {string} metric
 */
export function valueTitle(v, metric) {
  return (
    `${v.value}: correlation ${formatNumber(v.correlation, 2)} · ${plural(v.count)}` +
    ` · mean ${metric} ${formatMetric(v.mean)}`
  );
}

/**
 * Tooltip of the noise floor line.
 * @param {number} noiseFloor
 */
export function floorTitle(noiseFloor) {
  return (
    `Noise floor ${formatNumber(noiseFloor, 3)}: the importance that shuffled copies of the ` +
    "parameters (which carry no information) reach in the same forest. Bars that stop short of " +
    "this line are indistinguishable from noise."
  );
}

// --- pure helpers: texts and the parameter manager ----------------------------------------------

/**
 * What the empty state says, or null when the table has rows to show.
 * @param {object} s
 * @param {string} s.status
 * @param {string} s.message
 * @param {number} s.nRows        Visible rows (before the search filter).
 * @param {number} s.nShown       Rows left after the search filter.
 * @param {string} s.search
 * @param {number} s.nParameters  All candidate parameters.
 * @returns {string | null}
 */
export function emptyText({ status, message, nRows, nShown, search, nParameters }) {
  const msg = (message || "").trim();
  if (status === "error") return msg || "Something went wrong while analysing the runs.";
  if (status === "empty") return msg || "Nothing to show.";
  if (status === "computing" && nRows === 0) return null;
  if (nRows === 0) {
    if (msg) return msg;
    if (nParameters === 0) return "This run table has no parameter columns.";
    return `All ${nParameters} parameters are hidden — use the wand or Parameters to show some.`;
  }
  if (nShown === 0) return `No parameter matches \u201c${pyStrip(search)}\u201d.`;
  return null;
}

/**
 * The summary under the table: "9 of 12 shown · 3 hidden".
 * @param {number} nShown
 * @param {number} nParameters
 * @param {number} nHidden
 */
export function summaryText(nShown, nParameters, nHidden) {
  let text = `${nShown} of ${nParameters} shown`;
  if (nHidden > 0) text += ` · ${nHidden} hidden`;
  return text;
}

/**
 * The two lists of the parameter manager, in the parameters' own order, filtered by the
 * manager's search; the counts are totals (not filtered).
 * @param {readonly string[]} parameters
 * @param {readonly string[]} hidden
 * @param {string} search
 */
export function managerLists(parameters, hidden, search) {
  const hiddenSet = new Set(hidden);
  /** @type {string[]} */ const hiddenItems = [];
  /** @type {string[]} */ const visibleItems = [];
  let nHidden = 0;
  for (const name of parameters) {
    const isHidden = hiddenSet.has(name);
    if (isHidden) nHidden++;
    if (!matchesSearch(name, search)) continue;
    (isHidden ? hiddenItems : visibleItems).push(name);
  }
  return { hidden: hiddenItems, visible: visibleItems, nHidden, nVisible: parameters.length - nHidden };
}

/**
 * The `hidden` list after showing (`visible` true) or hiding some parameters: in the
 * parameters' order, without duplicates or names that are not parameters.
 * @param {readonly string[]} parameters
 * @param {readonly string[]} hidden
 * @param {Iterable<string>} names
 * @param {boolean} visible
 * @returns {string[]}
 */
export function withVisibility(parameters, hidden, names, visible) {
  const hiddenSet = new Set(hidden);
  for (const name of names) {
    if (visible) hiddenSet.delete(name);
    else hiddenSet.add(name);
  }
  return parameters.filter((name) => hiddenSet.has(name));
}

/**
 * "lower is better" / "higher is better".
 * @param {string} goal
 */
export function goalText(goal) {
  return goal === "maximize" ? "higher is better" : "lower is better";
}

// --- pure helpers: the CSV download -------------------------------------------------------------

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; text that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading '.
 * Numbers are written as numbers (JavaScript's own text of a number is never a formula).
 * @param {string | number | boolean | null | undefined} value
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV's columns, in order. */
export const CSV_COLUMNS = ["parameter", "kind", "importance", "correlation", "useful", "values"];

/**
 * The rows shown, in display order, as CSV text (CRLF line ends). `values` lists a categorical
 * parameter's values as `value=correlation` pairs separated by "; ".
 * @param {readonly Row[]} rows
 * @returns {string}
 */
export function rowsToCsv(rows) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const values = (row.values || [])
      .map((v) => `${v.value}=${isNumber(v.correlation) ? v.correlation : ""}`)
      .join("; ");
    lines.push(
      [row.parameter, row.kind, row.importance, row.correlation, row.useful ? "true" : "false", values]
        .map(csvCell)
        .join(",")
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The download's file name: `hpviz-<metric>.csv`, with characters file systems dislike
 * replaced by "_".
 * @param {string} metric
 */
export function csvFileName(metric) {
  const safe = String(metric || "table").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  return `hpviz-${safe || "table"}.csv`;
}

// --- pure helpers: importance intervals and the drill-down plot ---------------------------------

/**
 * Where an importance interval's whisker goes on the bar's track, as fractions 0..1 of it (the
 * bars' scale: importance / largest shown importance, clipped to the track); null when the
 * interval is missing or the scale is 0.
 * @param {number | null | undefined} low
 * @param {number | null | undefined} high
 * @param {number} max
 * @returns {{left: number, width: number} | null}
 */
export function whiskerGeometry(low, high, max) {
  if (!(max > 0) || !Number.isFinite(max)) return null;
  if (typeof low !== "number" || typeof high !== "number") return null;
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return null;
  const left = Math.min(1, Math.max(0, low / max));
  const right = Math.min(1, Math.max(0, high / max));
  return { left, width: right - left };
}

/**
 * Tooltip of an importance: "importance 0.412 · 90% interval 0.300–0.550 (spread over the
 * forest's trees)".
 * @param {number | null | undefined} importance
 * @param {number | null | undefined} low
 * @param {number | null | undefined} high
 */
export function importanceTitle(importance, low, high) {
  let text = `importance ${formatNumber(importance, 3)}`;
  if (isNumber(low) && isNumber(high)) {
    text += ` · 90% interval ${formatNumber(low, 3)}${DASH}${formatNumber(high, 3)} (spread over the forest's trees)`;
  }
  return text;
}

/**
 * The axis range for values: their extent padded by 5% on each side (in log10 for a log
 * axis), or a unit around a single value. Non-finite values (and non-positive ones on a log
 * axis) are ignored; [0, 1] (log: [1, 10]) when nothing is left.
 * @param {readonly number[]} values
 * @param {boolean} [log=false]
 * @returns {[number, number]}
 */
export function paddedDomain(values, log = false) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (typeof value !== "number" || !Number.isFinite(value) || (log && value <= 0)) continue;
    const v = log ? Math.log10(value) : value;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return log ? [1, 10] : [0, 1];
  if (lo === hi) {
    const pad = log ? 0.5 : Math.abs(lo) * 0.1 || 0.5;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

/**
 * A function from a value in `domain` to a coordinate in `range`, linear or logarithmic.
 * @param {[number, number]} domain
 * @param {[number, number]} range
 * @param {boolean} [log=false]
 * @returns {(value: number) => number}
 */
export function makeScale(domain, range, log = false) {
  const f = log ? Math.log10 : (/** @type {number} */ v) => v;
  const d0 = f(domain[0]);
  const span = f(domain[1]) - d0 || 1;
  const [r0, r1] = range;
  return (value) => r0 + ((f(value) - d0) / span) * (r1 - r0);
}

/**
 * About `count` round tick values (1, 2 or 5 × a power of ten apart) inside [min, max].
 * @param {number} min
 * @param {number} max
 * @param {number} [count=5]
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  const ticks = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/**
 * Tick values of a log axis over [min, max] (both > 0): the powers of ten inside it (every
 * other one, or fewer, when there are more than 8); when fewer than two fit, round values
 * as on a linear axis.
 * @param {number} min
 * @param {number} max
 * @returns {number[]}
 */
export function logTicks(min, max) {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  const first = Math.ceil(Math.log10(min) - 1e-9);
  const last = Math.floor(Math.log10(max) + 1e-9);
  if (last - first < 1) return niceTicks(min, max, 4);
  const every = Math.ceil((last - first + 1) / 8);
  const ticks = [];
  for (let k = first; k <= last; k += every) ticks.push(Number((10 ** k).toPrecision(12)));
  return ticks;
}

/**
 * A tick's label: powers of ten on a log axis as 1e-3 … 1e3 shortened ("0.01", "100", "1e-5"),
 * other values in about four significant digits.
 * @param {number} value
 */
export function formatTick(value) {
  return formatMetric(value);
}

/**
 * A deterministic horizontal offset in [-1, 1) for the i-th point of a strip, spread evenly
 * (golden-ratio sequence), so the same data always draws the same picture.
 * @param {number} i
 */
export function jitter(i) {
  const x = (i * 0.6180339887498949) % 1;
  return 2 * x - 1;
}

/**
 * The drill-down's heading: "lr against val_loss".
 * @param {{parameter?: string, metric?: string}} view
 */
export function drillTitle(view) {
  return `${view.parameter ?? ""} against ${view.metric ?? ""}`;
}

/**
 * The accessible name of a row's control, which opens its drill-down: "Plot lr against
 * val_loss" (it contains the name shown, as WCAG's "label in name" asks).
 * @param {string} parameter
 * @param {string} metric
 */
export function plotLabel(parameter, metric) {
  return `Plot ${parameter} against ${metric}`;
}

/**
 * The note under the drill-down's heading: "400 runs · log scale · ◯ best run: lr 0.003162,
 * val_loss 0.01234", or "2,000 of 5,000 runs shown (a sample) …".
 * @param {{kind?: string, scale?: string, n_runs?: number, n_shown?: number, parameter?: string,
 *   metric?: string, best?: {x: number | string, y: number} | null}} view
 */
export function drillNote(view) {
  const nRuns = Number(view.n_runs) || 0;
  const nShown = Number(view.n_shown) || 0;
  const parts = [nShown < nRuns ? `${groupThousands(nShown)} of ${plural(nRuns)} shown (a sample)` : plural(nRuns)];
  if (view.kind === "numeric" && view.scale === "log") parts.push("log scale");
  if (view.best) {
    const x = typeof view.best.x === "number" ? formatMetric(view.best.x) : String(view.best.x);
    parts.push(`best run: ${view.parameter} ${x}, ${view.metric} ${formatMetric(view.best.y)}`);
  }
  return parts.join(" · ");
}

// --- rendering ---------------------------------------------------------------------------------

let instances = 0;

/**
 * The rows to render of a long table: those within `overscan` pixels of the visible band
 * [top, bottom], given the rows' cumulative offsets (`offsets[i]` is where row i starts,
 * `offsets[n]` the table's height). Returns the half-open range [start, end).
 * @param {ArrayLike<number>} offsets  length n + 1, non-decreasing, offsets[0] = 0
 * @param {number} top     visible band, in the same pixels (may be negative)
 * @param {number} bottom
 * @param {number} overscan
 * @returns {{start: number, end: number}}
 */
export function rowWindow(offsets, top, bottom, overscan) {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  /** the first row ending after y */
  const firstEndingAfter = (/** @type {number} */ y) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] > y) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const start = Math.min(firstEndingAfter(top - overscan), n - 1);
  const end = Math.max(start + 1, Math.min(n, firstEndingAfter(bottom + overscan) + 1));
  return { start, end };
}

/**
 * What a long table's scroll box shows of its rows, in the rows' pixels (0: the first row's
 * top), the header included (it scrolls with them, or sticks over them). The scroll position is
 * taken as the browser will leave it: when the rows just got fewer (a search, a hide), a view
 * past their new end is pulled back, which the browser reports only a frame later.
 * @param {number} scrollTop  the scroll box's, as last seen
 * @param {number} viewport   the scroll box's height
 * @param {number} head       the header's height
 * @param {number} height     all the rows' height
 * @returns {{top: number, bottom: number}}
 */
export function visibleBand(scrollTop, viewport, head, height) {
  const top = Math.min(scrollTop, Math.max(0, head + height - viewport)) - head;
  return { top, bottom: top + viewport };
}

/**
 * Make `parent`'s children exactly `nodes`, in order, moving as few as possible. When the
 * children kept keep their order (a search narrowed or widened, a row hidden or shown), only
 * the difference is removed or inserted and the browser keeps the layout of the rest;
 * otherwise (a new order) the children are replaced in one go. Returns whether anything moved.
 * @param {Element} parent
 * @param {Element[]} nodes
 */
function syncChildren(parent, nodes) {
  const current = parent.children;
  let same = current.length === nodes.length;
  for (let i = 0; same && i < nodes.length; i++) same = current[i] === nodes[i];
  if (same) return false;
  /** @type {Map<Element, number>} */
  const position = new Map();
  Array.from(current).forEach((child, i) => position.set(child, i));
  let last = -1;
  let kept = 0;
  let ordered = true;
  for (const node of nodes) {
    const at = position.get(node);
    if (at === undefined) continue;
    kept++;
    if (at < last) {
      ordered = false;
      break;
    }
    last = at;
  }
  if (ordered && kept > 0) {
    const wanted = new Set(nodes);
    for (const child of position.keys()) if (!wanted.has(child)) child.remove();
    let cursor = parent.firstElementChild;
    for (const node of nodes) {
      if (cursor === node) cursor = cursor.nextElementSibling;
      else parent.insertBefore(node, cursor);
    }
  } else {
    parent.replaceChildren(...nodes);
  }
  return true;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A search box: `label` is both its placeholder and its accessible name.
 * @param {string} className
 * @param {string} label
 */
function searchInput(className, label) {
  const input = h("input", `hpviz-input ${className}`);
  input.type = "search";
  input.placeholder = label;
  input.setAttribute("aria-label", label);
  input.autocomplete = "off";
  input.spellcheck = false;
  return input;
}

/** @type {(keyof State)[]} */
const WATCHED = [
  "rows",
  "hidden",
  "sort_by",
  "descending",
  "search",
  "metric",
  "metrics",
  "status",
  "message",
  "n_runs",
  "n_excluded",
  "goal",
  "noise_floor",
  "parameters",
  "selected",
  "drilldown",
];

/** @type {import("@anywidget/types").Render<State>} */
export function render({ model, el }) {
  const uid = `hpviz-${++instances}-${Math.random().toString(36).slice(2, 8)}`;
  /** @type {Array<() => void>} */
  const disposers = [];
  let disposed = false;

  /** @template {keyof State} K @param {K} name @returns {State[K]} */
  const get = (name) => model.get(name);
  /** @param {Partial<State>} values */
  const save = (values) => {
    for (const [name, value] of Object.entries(values)) model.set(/** @type {keyof State} */ (name), value);
    model.save_changes();
  };
  /**
   * @param {EventTarget} target
   * @param {string} type
   * @param {EventListener} listener
   * @param {boolean | AddEventListenerOptions} [options]
   */
  const listen = (target, type, listener, options) => {
    target.addEventListener(type, listener, options);
    disposers.push(() => target.removeEventListener(type, listener, options));
  };

  // --- the frame, built once ---
  const root = h("div", "hpviz");
  // Keys pressed inside the panel are the panel's: JupyterLab's command-mode shortcuts
  // (Enter, A, B, D D …) would otherwise fire when a button or checkbox here has focus.
  root.setAttribute("data-lm-suppress-shortcuts", "true");

  const header = h("div", "hpviz-header");
  const title = h("span", "hpviz-title", "Parameter importance with respect to");
  const select = h("select", "hpviz-select");
  select.setAttribute("aria-label", "Metric");
  const goal = h("span", "hpviz-goal");
  const runs = h("span", "hpviz-runs");
  const statusEl = h("span", "hpviz-status", "Computing…");
  header.append(title, select, goal, runs);

  const toolbar = h("div", "hpviz-toolbar");
  const searchWrap = h("div", "hpviz-search-wrap");
  const search = searchInput("hpviz-search", "Search parameters");
  searchWrap.append(search);
  const manageButton = h("button", "hpviz-btn hpviz-manage", "Parameters");
  manageButton.type = "button";
  manageButton.setAttribute("aria-haspopup", "dialog");
  manageButton.setAttribute("aria-expanded", "false");
  manageButton.setAttribute("aria-controls", `${uid}-manager`);
  const wand = h("button", "hpviz-btn hpviz-wand");
  wand.type = "button";
  wand.setAttribute("aria-label", "Automatically show the most useful parameters");
  wand.title = WAND_TITLE;
  const wandIcon = h("span", "hpviz-wand-icon", "✨");
  wandIcon.setAttribute("aria-hidden", "true");
  wand.append(wandIcon);
  const download = h("button", "hpviz-btn hpviz-download", "Download CSV");
  download.type = "button";
  download.title = "Download the rows shown (search, sort and hidden applied) as a CSV file";
  toolbar.append(searchWrap, manageButton, wand, download);
  /** @type {Row[]} the rows the table shows, in order (for the CSV) */
  let shownRows = [];

  const banner = h("div", "hpviz-message");

  const tableWrap = h("div", "hpviz-table-wrap");
  const table = h("table", "hpviz-table");
  const colgroup = h("colgroup");
  for (const name of ["parameter", "importance", "correlation"]) colgroup.append(h("col", `hpviz-col-${name}`));
  const thead = h("thead");
  const headRow = h("tr");
  /** @type {Map<SortKey, {th: HTMLTableCellElement, arrow: HTMLSpanElement}>} */
  const headers = new Map();
  for (const column of COLUMNS) {
    const th = h("th", `hpviz-th hpviz-th-${column.key}`);
    th.scope = "col";
    const button = h("button", "hpviz-sort");
    button.type = "button";
    button.dataset.sort = column.key;
    const label = h("span", "hpviz-sort-label", column.label);
    const arrow = h("span", "hpviz-arrow");
    arrow.setAttribute("aria-hidden", "true");
    button.append(label, arrow);
    const inner = h("div", "hpviz-th-inner");
    inner.append(button);
    th.append(inner);
    if (column.info) {
      const info = h("span", "hpviz-info", "ⓘ");
      info.title = column.info;
      info.setAttribute("aria-hidden", "true");
      const description = h("span", "hpviz-sr-only", column.info);
      description.id = `${uid}-info-${column.key}`;
      button.setAttribute("aria-describedby", description.id);
      inner.append(info, description);
    }
    listen(button, "click", () => {
      save(sortAfterClick(get("sort_by"), Boolean(get("descending")), column.key));
    });
    headers.set(column.key, { th, arrow });
    headRow.append(th);
  }
  headRow.setAttribute("aria-rowindex", "1");
  thead.append(headRow);
  const tbody = h("tbody", "hpviz-no-floor");
  table.append(colgroup, thead, tbody);
  const empty = h("div", "hpviz-empty");
  empty.setAttribute("role", "status");
  tableWrap.append(table);

  const footer = h("div", "hpviz-footer");
  const summary = h("span", "hpviz-summary");
  const legend = h("span", "hpviz-legend");
  legend.setAttribute("aria-hidden", "true");
  const legendItems = [
    ["hpviz-swatch hpviz-good", "helps", "Green correlation: moving the parameter this way improves the metric"],
    ["hpviz-swatch hpviz-bad", "hurts", "Red correlation: moving the parameter this way worsens the metric"],
    ["hpviz-swatch hpviz-swatch-floor", "noise floor", "Dashed line: the importance shuffled copies of the parameters reach"],
  ];
  /** @type {HTMLSpanElement[]} */
  const legendEls = [];
  for (const [cls, text, tip] of legendItems) {
    const item = h("span", "hpviz-legend-item");
    item.title = tip;
    item.append(h("span", cls), h("span", "", text));
    legend.append(item);
    legendEls.push(item);
  }
  const floorLegend = legendEls[2];
  footer.append(summary, legend);

  root.append(header, toolbar, tableWrap, footer);
  el.append(root);

  // --- the parameter manager, built once, attached while open ---
  const manager = h("div", "hpviz-manager");
  manager.id = `${uid}-manager`;
  manager.setAttribute("role", "dialog");
  manager.setAttribute("aria-modal", "true");
  manager.setAttribute("aria-label", "Manage parameters");
  // A click on something in it that takes no focus (a heading, the gaps) focuses the dialog
  // itself, so focus (and Escape) stays with it instead of going to the notebook.
  manager.tabIndex = -1;
  const managerSearch = searchInput("hpviz-manager-search", "Search in parameters");
  const columnsEl = h("div", "hpviz-manager-columns");
  /** @param {"hidden" | "visible"} which */
  const makeList = (which) => {
    const section = h("section", `hpviz-manager-col hpviz-manager-${which}`);
    const heading = h("div", "hpviz-manager-heading");
    heading.setAttribute("role", "heading");
    heading.setAttribute("aria-level", "3");
    heading.id = `${uid}-${which}-heading`;
    const list = h("ul", "hpviz-manager-list");
    list.setAttribute("aria-labelledby", heading.id);
    const none = h("div", "hpviz-manager-none");
    section.append(heading, list, none);
    return { section, heading, list, none };
  };
  const hiddenList = makeList("hidden");
  const visibleList = makeList("visible");
  columnsEl.append(hiddenList.section, visibleList.section);
  const actions = h("div", "hpviz-manager-actions");
  const showAll = h("button", "hpviz-btn", "Show all");
  showAll.type = "button";
  const hideAll = h("button", "hpviz-btn", "Hide all");
  hideAll.type = "button";
  const closeButton = h("button", "hpviz-btn hpviz-btn-primary", "Close");
  closeButton.type = "button";
  actions.append(showAll, hideAll, h("span", "hpviz-spacer"), closeButton);
  manager.append(managerSearch, columnsEl, actions);
  let managerOpen = false;

  // --- drawing ---

  let metricsKey = "";
  function drawHeader() {
    const metric = String(get("metric") ?? "");
    const metrics = get("metrics") || [];
    const options = metrics.includes(metric) || !metric ? metrics : [metric, ...metrics];
    const key = JSON.stringify(options);
    if (key !== metricsKey) {
      metricsKey = key;
      const fragment = document.createDocumentFragment();
      for (const name of options) {
        const option = h("option", "", name);
        option.value = name;
        fragment.append(option);
      }
      select.replaceChildren(fragment);
    }
    if (select.value !== metric) select.value = metric;
    const goalValue = get("goal");
    goal.textContent = goalText(goalValue);
    goal.dataset.goal = goalValue === "maximize" ? "maximize" : "minimize";
    goal.title = `Goal: ${goalValue === "maximize" ? "maximize" : "minimize"} ${metric}`;
    runs.textContent = runsText(Number(get("n_runs")) || 0, Number(get("n_excluded")) || 0, metric);
  }

  /** @param {number} n */
  const percent = (n) => `${Math.round(n * 1000) / 1000}%`;

  // One row element per parameter, kept across redraws. It is stamped from constant templates
  // (cloneNode is much cheaper than building each element), filled with the row's data, and
  // refilled in place when Python sends new numbers for the same parameter (a parameter
  // hidden or shown, another metric): the browser keeps the element and its layout. Only a
  // change of shape (kind, number of values listed) builds a new one. Re-sorting, searching,
  // a new scale (the largest shown importance), noise floor or goal touch only what they change.
  /**
   * @typedef {object} ValueView  One value of a categorical parameter in its cell.
   * @property {HTMLLIElement} item
   * @property {HTMLSpanElement} label
   * @property {HTMLDivElement} bar
   * @property {HTMLSpanElement} num
   *
   * @typedef {object} RowView
   * @property {string} shape    what the elements were built for (see rowShape)
   * @property {HTMLTableRowElement} tr
   * @property {HTMLButtonElement} button  the name: the control that opens the drill-down
   * @property {boolean} expanded  whether its drill-down is open (aria-expanded, data-selected)
   * @property {HTMLDivElement} imp      importance cell's content (tooltip)
   * @property {HTMLDivElement} bar      the importance bar
   * @property {HTMLSpanElement} impNum
   * @property {HTMLDivElement} floor    this row's piece of the noise floor line
   * @property {HTMLDivElement | null} corr     a single correlation (numeric, boolean)
   * @property {HTMLDivElement | null} corrBar
   * @property {HTMLSpanElement | null} corrNum
   * @property {HTMLUListElement | null} list   per-value correlations (categorical)
   * @property {ValueView[]} values
   * @property {HTMLLIElement | null} more
   * @property {{el: HTMLDivElement, r: number | null}[]} tones  correlation bars to colour
   * @property {Row | null} row  the data shown
   * @property {string} metric   the metric the tooltips name
   * @property {number} max      the scale the bar is drawn on
   * @property {string} floorTip
   * @property {string} goal
   * @property {boolean} weak
   * @property {number} height   as last measured (NaN before)
   */
  /** @type {Map<string, RowView>} */
  const views = new Map();

  // A long table renders only the rows in and near the scrolled view, between two spacer rows
  // as tall as the rows they stand for: sorting, searching or hiding among hundreds of
  // parameters then lays out a few dozen rows, not all of them. Heights are measured once a
  // row has been on screen; rows never shown are guessed from rows of the same shape.
  /** @type {Map<string, number>} shape → height of the last row of that shape measured */
  const shapeHeights = new Map();
  /** @type {Float64Array | null} where each shown row starts (see rowWindow); null: redo */
  let offsets = null;
  let viewportHeight = 0; // the table's scroll box, from a ResizeObserver (0: not laid out yet)
  let headHeight = 0;
  let scrollTop = 0;
  const spacer = () => {
    const tr = /** @type {HTMLTableRowElement} */ (h("tr", "hpviz-spacer"));
    tr.setAttribute("aria-hidden", "true");
    const td = /** @type {HTMLTableCellElement} */ (h("td"));
    td.colSpan = 3;
    tr.append(td);
    return { tr, td };
  };
  /** @type {{tr: HTMLTableRowElement, td: HTMLTableCellElement}[]} used in order, made as needed */
  const spacers = [];

  const templates = (() => {
    const tr = h("tr", "hpviz-row");
    const nameCell = h("td", "hpviz-td-name");
    const param = h("div", "hpviz-param");
    // The name is the row's control: a disclosure button that opens the parameter's drill-down
    // (Enter, Space or a click; a click elsewhere on the row does the same).
    const nameButton = h("button", "hpviz-name");
    nameButton.type = "button";
    nameButton.setAttribute("aria-expanded", "false");
    param.append(nameButton);
    nameCell.append(param);
    const impCell = h("td", "hpviz-td-importance");
    const imp = h("div", "hpviz-imp");
    const track = h("div", "hpviz-track");
    track.append(h("div", "hpviz-bar"), h("div", "hpviz-whisker"));
    imp.append(track, h("span", "hpviz-num"));
    impCell.append(imp, h("div", "hpviz-floor"));
    tr.append(nameCell, impCell, h("td", "hpviz-td-correlation"));

    const corr = h("div", "hpviz-corr");
    const ctrack = h("div", "hpviz-ctrack");
    ctrack.append(h("div", "hpviz-corr-bar"));
    corr.append(ctrack, h("span", "hpviz-num"));

    const value = h("li", "hpviz-value");
    const mini = h("div", "hpviz-ctrack hpviz-ctrack-mini");
    mini.append(h("div", "hpviz-corr-bar"));
    value.append(h("span", "hpviz-value-label"), mini, h("span", "hpviz-num"));

    const none = h("span", "hpviz-null", DASH);
    none.title = "No correlation: the parameter is constant, an identifier or categorical, or has too few values";
    return { tr, corr, value, none, kind: h("span", "hpviz-kind") };
  })();

  /**
   * What a row's elements depend on: its kind and what its correlation cell lists.
   * @param {Row} row
   */
  function rowShape(row) {
    const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values.length : 0;
    const log = row.scale === "log" ? "|log" : "";
    if (values > 0) return `${row.kind}|${Math.min(values, MAX_VALUES)}${values > MAX_VALUES ? "+" : ""}${log}`;
    return `${row.kind}|${isNumber(row.correlation) ? "r" : "-"}${log}`;
  }

  /**
   * Place a diverging correlation bar for r (hidden when r is missing).
   * @param {HTMLDivElement} bar
   * @param {number | null} r
   */
  function placeCorrelation(bar, r) {
    const geometry = correlationGeometry(r);
    if (geometry) {
      bar.style.cssText = `left:${percent(geometry.left)};width:${percent(geometry.width)}`;
      bar.hidden = false;
    } else {
      bar.hidden = true;
    }
  }

  /**
   * The elements of a parameter's row, for rows of this shape; fillRow puts the data in.
   * @param {Row} row
   * @param {string} shape
   * @returns {RowView}
   */
  function buildRow(row, shape) {
    const name = String(row.parameter);
    const tr = /** @type {HTMLTableRowElement} */ (templates.tr.cloneNode(true));
    tr.setAttribute("data-parameter", name);
    tr.setAttribute("data-kind", String(row.kind));
    const nameCell = /** @type {HTMLTableCellElement} */ (tr.firstChild);
    const impCell = /** @type {HTMLTableCellElement} */ (nameCell.nextSibling);
    const corrCell = /** @type {HTMLTableCellElement} */ (tr.lastChild);

    // (1) name and kind
    const param = /** @type {HTMLDivElement} */ (nameCell.firstChild);
    const nameEl = /** @type {HTMLButtonElement} */ (param.firstChild);
    nameEl.textContent = name;
    nameEl.title = name;
    const tag = kindLabel(row.kind);
    if (tag) {
      const tagEl = /** @type {HTMLSpanElement} */ (templates.kind.cloneNode(false));
      tagEl.textContent = tag;
      tagEl.title = kindTitle(row.kind);
      param.append(tagEl);
    }
    if (row.scale === "log") {
      const logEl = /** @type {HTMLSpanElement} */ (templates.kind.cloneNode(false));
      logEl.className = "hpviz-kind hpviz-log";
      logEl.textContent = "log";
      logEl.title = `Searched on a log scale (positive, spanning two or more decades): its correlation is computed on log10(${name})`;
      param.append(logEl);
    }

    // (2) importance
    const imp = /** @type {HTMLDivElement} */ (impCell.firstChild);
    const bar = /** @type {HTMLDivElement} */ (/** @type {HTMLElement} */ (imp.firstChild).firstChild);

    /** @type {RowView} */
    const view = {
      shape,
      tr,
      button: nameEl,
      expanded: false,
      imp,
      bar,
      impNum: /** @type {HTMLSpanElement} */ (imp.lastChild),
      floor: /** @type {HTMLDivElement} */ (impCell.lastChild),
      corr: null,
      corrBar: null,
      corrNum: null,
      list: null,
      values: [],
      more: null,
      tones: [],
      row: null,
      metric: "",
      max: NaN,
      floorTip: "",
      goal: "",
      weak: false,
      height: NaN,
    };

    // (3) correlation: one diverging bar, or one per value for a categorical parameter
    const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values : [];
    if (values.length > 0) {
      const list = h("ul", "hpviz-values");
      const n = Math.min(values.length, MAX_VALUES);
      for (let i = 0; i < n; i++) {
        const item = /** @type {HTMLLIElement} */ (templates.value.cloneNode(true));
        const label = /** @type {HTMLSpanElement} */ (item.firstChild);
        const track = /** @type {HTMLDivElement} */ (label.nextSibling);
        view.values.push({
          item,
          label,
          bar: /** @type {HTMLDivElement} */ (track.firstChild),
          num: /** @type {HTMLSpanElement} */ (item.lastChild),
        });
        list.append(item);
      }
      if (values.length > MAX_VALUES) {
        view.more = h("li", "hpviz-more");
        list.append(view.more);
      }
      view.list = list;
      corrCell.append(list);
    } else if (isNumber(row.correlation)) {
      const corr = /** @type {HTMLDivElement} */ (templates.corr.cloneNode(true));
      view.corr = corr;
      view.corrBar = /** @type {HTMLDivElement} */ (/** @type {HTMLElement} */ (corr.firstChild).firstChild);
      view.corrNum = /** @type {HTMLSpanElement} */ (corr.lastChild);
      corrCell.append(corr);
    } else {
      corrCell.append(templates.none.cloneNode(true));
    }
    return view;
  }

  /**
   * Put a row's data (numbers, tooltips, value labels) into elements of its shape.
   * @param {RowView} view
   * @param {Row} row
   * @param {string} metric
   */
  function fillRow(view, row, metric) {
    view.button.setAttribute("aria-label", plotLabel(String(row.parameter), metric));
    view.row = row;
    view.metric = metric;
    view.max = NaN; // the bar's width and the bars' colours are redone by updateRow
    view.goal = "";
    const importance = formatNumber(row.importance, 3);
    const impTitle = importanceTitle(row.importance, row.importance_low, row.importance_high);
    view.imp.title = impTitle;
    view.bar.title = impTitle;
    view.impNum.textContent = importance;

    /** @type {{el: HTMLDivElement, r: number | null}[]} */
    const tones = [];
    if (view.list) {
      const { shown, rest } = topValues(row.values);
      view.values.forEach((slot, i) => {
        const v = shown[i];
        const r = isNumber(v.correlation) ? /** @type {number} */ (v.correlation) : null;
        slot.item.title = valueTitle(v, metric);
        slot.label.textContent = String(v.value);
        placeCorrelation(slot.bar, r);
        slot.num.textContent = formatNumber(r, 2);
        tones.push({ el: slot.bar, r });
      });
      if (view.more) {
        view.more.textContent = `+${rest.length} more`;
        view.more.title = rest.map((v) => valueTitle(v, metric)).join("\n");
      }
    } else if (view.corr && view.corrBar && view.corrNum) {
      const r = /** @type {number} */ (row.correlation);
      view.corr.title = `correlation ${formatNumber(r, 2)}`;
      view.corrBar.title = view.corr.title;
      placeCorrelation(view.corrBar, r);
      view.corrNum.textContent = formatNumber(r, 2);
      tones.push({ el: view.corrBar, r });
    }
    view.tones = tones;
  }

  /**
   * Bring a row up to date with the scale, the noise floor and the goal. (The floor's place
   * comes from a variable on the table body, set once for all rows.)
   * @param {RowView} view
   * @param {Row} row
   * @param {{max: number, floorTip: string, goal: string}} ctx
   */
  function updateRow(view, row, ctx) {
    if (view.max !== ctx.max) {
      view.max = ctx.max;
      view.bar.style.width = percent(barFraction(row.importance, ctx.max) * 100);
      const whisker = /** @type {HTMLDivElement | null} */ (view.bar.nextSibling);
      if (whisker) {
        const geometry = whiskerGeometry(row.importance_low, row.importance_high, ctx.max);
        whisker.hidden = geometry === null || geometry.width <= 0;
        if (geometry) whisker.style.cssText = `left:${percent(geometry.left * 100)};width:${percent(geometry.width * 100)}`;
      }
    }
    if (view.floorTip !== ctx.floorTip) {
      view.floorTip = ctx.floorTip;
      view.floor.title = ctx.floorTip;
    }
    if (view.goal !== ctx.goal) {
      view.goal = ctx.goal;
      for (const { el, r } of view.tones) el.className = `hpviz-corr-bar ${correlationClass(r, ctx.goal)}`;
    }
    const weak = !row.useful;
    if (view.weak !== weak) {
      view.weak = weak;
      view.tr.className = weak ? "hpviz-row hpviz-row-weak" : "hpviz-row";
    }
  }

  /** @type {{ctx: {max: number, floorTip: string, goal: string}, metric: string}} */
  let placing = { ctx: { max: NaN, floorTip: "", goal: "minimize" }, metric: "" };

  /**
   * Cumulative offsets of the shown rows: measured heights, else the height last measured for
   * a row of the same shape, else a guess.
   * @param {Row[]} rows
   */
  function rowOffsets(rows) {
    const result = new Float64Array(rows.length + 1);
    rows.forEach((row, i) => {
      const view = views.get(String(row.parameter));
      const shape = rowShape(row);
      let height = view && view.shape === shape ? view.height : NaN;
      if (!(height > 0)) height = shapeHeights.get(shape) ?? guessHeight(row);
      result[i + 1] = result[i] + height;
    });
    return result;
  }

  /** @param {Row} row */
  function guessHeight(row) {
    const values = row.kind === "categorical" && Array.isArray(row.values) ? row.values.length : 0;
    const lines = Math.min(values, MAX_VALUES) + (values > MAX_VALUES ? 1 : 0);
    return Math.max(ROW_HEIGHT, lines * 17 + 13);
  }

  /**
   * On-screen pixels per CSS pixel of the table: 1, unless the page scales it (a slide show
   * shrinking the notebook, say), when rows measured on screen are scaled too but scrolling
   * and the spacers are not.
   */
  function layoutScale() {
    const css = tbody.offsetHeight;
    const scale = css > 0 ? tbody.getBoundingClientRect().height / css : 1;
    return scale > 0 && Math.abs(scale - 1) > 0.01 ? scale : 1;
  }

  // A row measured once changes height only when the page around it does (a font arriving
  // late, another font size): then every height measured is stale, and is measured again as
  // rows are shown.
  const rowSizes = new ResizeObserver((entries) => {
    if (disposed) return;
    const scale = layoutScale();
    for (const entry of entries) {
      const tr = entry.target;
      const view = views.get(tr.getAttribute("data-parameter") ?? "");
      if (!view || view.tr !== tr || !tr.isConnected || !(view.height > 0)) continue;
      const height = tr.getBoundingClientRect().height / scale;
      if (height > 0 && Math.abs(height - view.height) > 0.01) {
        for (const other of views.values()) other.height = NaN;
        measureSoon();
        return;
      }
    }
  });
  disposers.push(() => rowSizes.disconnect());

  /** Put the shown rows near the view (all of them for a short table) into the table body. */
  function placeRows() {
    const shown = shownRows;
    const { ctx, metric } = placing;
    let start = 0;
    let end = shown.length;
    let kept = -1; // a row outside [start, end) rendered all the same: it holds the focus
    if (shown.length > ALL_ROWS) {
      if (offsets === null || offsets.length !== shown.length + 1) offsets = rowOffsets(shown);
      const viewport = viewportHeight > 0 ? viewportHeight : FIRST_VIEW;
      const { top, bottom } = visibleBand(scrollTop, viewport, headHeight, offsets[shown.length]);
      ({ start, end } = rowWindow(offsets, top, bottom, OVERSCAN));
      // A row whose control has the focus stays, or the focus would drop to the page.
      const active = document.activeElement;
      const focusedRow = active && active !== tbody && tbody.contains(active) ? active.closest("tr") : null;
      const name = focusedRow ? focusedRow.getAttribute("data-parameter") : null;
      if (name !== null) {
        const index = shown.findIndex((row) => String(row.parameter) === name);
        if (index >= 0 && (index < start || index >= end)) kept = index;
      }
    }
    const indices = [];
    for (let i = start; i < end; i++) indices.push(i);
    if (kept >= 0) indices.splice(kept < start ? 0 : indices.length, 0, kept);

    /** @type {HTMLTableRowElement[]} */
    const trs = [];
    let nSpacers = 0;
    /** @param {number} height */
    const addSpacer = (height) => {
      if (nSpacers === spacers.length) spacers.push(spacer());
      const { tr, td } = spacers[nSpacers++];
      td.style.height = `${height}px`;
      trs.push(/** @type {HTMLTableRowElement} */ (tr));
    };
    let unmeasured = false;
    let next = 0; // the first row not yet rendered or stood in for
    for (const i of indices) {
      if (i > next && offsets) addSpacer(offsets[i] - offsets[next]);
      next = i + 1;
      const row = shown[i];
      const name = String(row.parameter);
      const shape = rowShape(row);
      let view = views.get(name);
      if (view === undefined || view.shape !== shape) {
        if (view) rowSizes.unobserve(view.tr);
        view = buildRow(row, shape);
        views.set(name, view);
        rowSizes.observe(view.tr);
      }
      if (view.row !== row || view.metric !== metric) fillRow(view, row, metric);
      updateRow(view, row, ctx);
      const index = String(i + 2); // the header is row 1
      if (view.tr.getAttribute("aria-rowindex") !== index) view.tr.setAttribute("aria-rowindex", index);
      unmeasured ||= !(view.height > 0);
      trs.push(view.tr);
    }
    if (next < shown.length && offsets) addSpacer(offsets[shown.length] - offsets[next]);
    table.setAttribute("aria-rowcount", String(shown.length + 1));
    // Moving a row drops the focus of a control inside it: give it back afterwards.
    const active = document.activeElement;
    const focused = active && active !== tbody && tbody.contains(active) ? /** @type {HTMLElement} */ (active) : null;
    if (syncChildren(tbody, trs) && focused && focused.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }

    if (unmeasured && shown.length > ALL_ROWS) measureSoon();
  }

  let measuring = false;
  /**
   * Measure newly rendered rows in the next animation frame, before it is drawn (the layout
   * this forces is the one the frame needs anyway); re-place the rows if the heights guessed
   * for them were off.
   */
  function measureSoon() {
    if (measuring) return;
    measuring = true;
    requestAnimationFrame(() => {
      measuring = false;
      if (disposed) return;
      let changed = false;
      const scale = layoutScale();
      for (const child of tbody.children) {
        const name = child.getAttribute("data-parameter");
        const view = name === null ? undefined : views.get(name);
        if (!view || view.height > 0) continue;
        const height = child.getBoundingClientRect().height / scale;
        if (!(height > 0)) continue;
        const guessed = shapeHeights.get(view.shape) ?? guessHeight(view.row);
        view.height = height;
        shapeHeights.set(view.shape, height);
        changed ||= Math.abs(height - guessed) > 0.01;
      }
      if (changed) {
        offsets = null;
        placeRows();
      }
    });
  }

  let scrolling = false;
  listen(
    tableWrap,
    "scroll",
    () => {
      if (scrolling) return;
      scrolling = true;
      requestAnimationFrame(() => {
        scrolling = false;
        if (disposed) return;
        scrollTop = tableWrap.scrollTop;
        if (shownRows.length > ALL_ROWS) placeRows();
      });
    },
    { passive: true }
  );
  const resized = new ResizeObserver(() => {
    if (disposed) return;
    viewportHeight = tableWrap.clientHeight;
    headHeight = thead.offsetHeight;
    scrollTop = tableWrap.scrollTop;
    if (shownRows.length > ALL_ROWS) placeRows();
  });
  resized.observe(tableWrap);
  resized.observe(thead);
  disposers.push(() => resized.disconnect());

  function drawTable() {
    const status = String(get("status") || "ready");
    const message = String(get("message") || "");
    const parameters = get("parameters") || [];
    const hidden = new Set(get("hidden") || []);
    // Rows of parameters hidden a moment ago leave at once, before Python recomputes.
    const visibleRows = (get("rows") || []).filter((row) => !hidden.has(row.parameter));
    const searchText = String(get("search") ?? "");
    const showRows = status !== "empty" && status !== "error";
    const shown = showRows
      ? sortRows(filterRows(visibleRows, searchText), get("sort_by"), Boolean(get("descending")))
      : [];
    shownRows = shown;

    // header sort state
    const sortBy = get("sort_by");
    const descending = Boolean(get("descending"));
    for (const [key, { th, arrow }] of headers) {
      const state = ariaSortFor(key, sortBy, descending);
      th.setAttribute("aria-sort", state);
      arrow.textContent = state === "descending" ? "↓" : state === "ascending" ? "↑" : "";
    }

    // body
    const max = maxImportance(shown);
    const floorValue = get("noise_floor");
    const floor = floorFraction(floorValue, max);
    const metric = String(get("metric") ?? "");
    const ctx = {
      max,
      floorTip: floor === null ? "" : floorTitle(/** @type {number} */ (floorValue)),
      goal: String(get("goal") || "minimize"),
    };
    const floorText = floor === null ? "" : String(floor);
    if (floorText !== tbody.style.getPropertyValue("--hpviz-x")) {
      if (floor === null) tbody.style.removeProperty("--hpviz-x");
      else tbody.style.setProperty("--hpviz-x", floorText);
      tbody.classList.toggle("hpviz-no-floor", floor === null);
    }
    placing = { ctx, metric };
    offsets = null;
    placeRows();

    // empty state, banner, summary
    const emptyMessage = emptyText({
      status,
      message,
      nRows: showRows ? visibleRows.length : 0,
      nShown: shown.length,
      search: searchText,
      nParameters: parameters.length,
    });
    if (emptyMessage !== null) {
      empty.textContent = emptyMessage;
      if (empty.parentNode !== tableWrap) tableWrap.append(empty);
    } else if (empty.parentNode) {
      empty.remove();
    }
    const bannerText = status === "ready" && emptyMessage !== message.trim() ? message.trim() : "";
    if (bannerText) {
      banner.textContent = bannerText;
      if (banner.parentNode !== root) root.insertBefore(banner, tableWrap);
    } else if (banner.parentNode) {
      banner.remove();
    }
    const nHidden = parameters.filter((name) => hidden.has(name)).length;
    summary.textContent = summaryText(shown.length, parameters.length, nHidden);
    footer.hidden = !showRows || parameters.length === 0 || (status === "computing" && shown.length === 0);
    legend.hidden = shown.length === 0;
    floorLegend.hidden = floor === null;
  }

  function drawStatus() {
    const status = String(get("status") || "ready");
    root.setAttribute("data-status", status);
    if (status === "computing") {
      if (statusEl.parentNode !== header) header.append(statusEl);
      tableWrap.setAttribute("aria-busy", "true");
    } else {
      statusEl.remove();
      tableWrap.removeAttribute("aria-busy");
    }
  }

  function drawSearch() {
    const value = String(get("search") ?? "");
    if (search.value !== value) search.value = value;
  }

  /**
   * @param {{list: HTMLUListElement, none: HTMLDivElement, heading: HTMLDivElement}} target
   * @param {string[]} names
   * @param {boolean} visible
   * @param {string} headingText
   * @param {string} noneText
   */
  function drawList(target, names, visible, headingText, noneText) {
    target.heading.textContent = headingText;
    const items = names.map((name) => {
      let item = managerItems.get(name);
      if (item === undefined) {
        const li = h("li", "hpviz-manager-item");
        const label = h("label", "hpviz-check");
        const box = h("input", "hpviz-checkbox");
        box.type = "checkbox";
        box.dataset.parameter = name;
        box.setAttribute("aria-label", name);
        const text = h("span", "hpviz-check-name", name);
        text.title = name;
        label.append(box, text);
        li.append(label);
        item = { li, box };
        managerItems.set(name, item);
      }
      if (item.box.checked !== visible) item.box.checked = visible;
      return item.li;
    });
    syncChildren(target.list, items);
    target.none.textContent = names.length === 0 ? noneText : "";
    target.none.hidden = names.length > 0;
  }

  /** @type {Map<string, {li: HTMLLIElement, box: HTMLInputElement}>} one entry per parameter, kept */
  const managerItems = new Map();
  let managerKey = "";
  /** @param {boolean} [force=false] redraw even if parameters, hidden and search are unchanged */
  function drawManager(force = false) {
    if (!managerOpen) return;
    const key = JSON.stringify([get("parameters"), get("hidden"), managerSearch.value]);
    if (!force && key === managerKey) return;
    managerKey = key;
    // Keep focus on the parameter whose checkbox had it, wherever it moved.
    const active = document.activeElement;
    const focused =
      active instanceof HTMLInputElement && active.type === "checkbox" && manager.contains(active)
        ? active.dataset.parameter
        : undefined;
    const parameters = get("parameters") || [];
    const known = new Set(parameters);
    for (const name of managerItems.keys()) if (!known.has(name)) managerItems.delete(name);
    const lists = managerLists(parameters, get("hidden") || [], managerSearch.value);
    const searching = searchNeedle(managerSearch.value) !== "";
    drawList(hiddenList, lists.hidden, false, `Hidden (${lists.nHidden})`, searching && lists.nHidden ? "No match" : "None");
    drawList(visibleList, lists.visible, true, `Visible (${lists.nVisible})`, searching && lists.nVisible ? "No match" : "None");
    // (Never disabled: a click with nothing to do is harmless, a dead button is puzzling.)
    showAll.title = searching ? `Show the ${lists.hidden.length} matching hidden parameters` : "Show every parameter";
    hideAll.title = searching ? `Hide the ${lists.visible.length} matching visible parameters` : "Hide every parameter";
    const box = focused === undefined ? undefined : managerItems.get(focused)?.box;
    if (box && box.isConnected && document.activeElement !== box) box.focus();
  }

  function placeManager() {
    const top = toolbar.offsetTop + toolbar.offsetHeight + 4;
    manager.style.top = `${top}px`;
    root.style.minHeight = "";
    const needed = top + manager.offsetHeight + 12;
    if (needed > root.offsetHeight) root.style.minHeight = `${needed}px`;
  }

  function openManager() {
    if (managerOpen) return;
    managerOpen = true;
    managerSearch.value = "";
    root.append(manager);
    root.classList.add("hpviz-manager-open");
    manageButton.setAttribute("aria-expanded", "true");
    drawManager(true);
    placeManager();
    document.addEventListener("pointerdown", onOutside, true);
    document.addEventListener("keydown", onDocumentKey, true);
    managerSearch.focus();
  }

  /** @param {boolean} [restoreFocus=true] */
  function closeManager(restoreFocus = true) {
    if (!managerOpen) return;
    managerOpen = false;
    document.removeEventListener("pointerdown", onOutside, true);
    document.removeEventListener("keydown", onDocumentKey, true);
    manager.remove();
    root.classList.remove("hpviz-manager-open");
    root.style.minHeight = "";
    manageButton.setAttribute("aria-expanded", "false");
    if (restoreFocus) manageButton.focus({ preventScroll: true });
  }
  disposers.push(() => {
    document.removeEventListener("pointerdown", onOutside, true);
    document.removeEventListener("keydown", onDocumentKey, true);
  });

  /**
   * Escape closes the (modal) dialog wherever focus went; keys are left alone otherwise.
   * @param {KeyboardEvent} event
   */
  function onDocumentKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const inside = event.composedPath().includes(root);
    if (inside) {
      event.preventDefault();
      event.stopPropagation();
    }
    closeManager(inside || document.activeElement === document.body);
  }

  /** @param {Event} event */
  function onOutside(event) {
    const path = event.composedPath();
    if (path.includes(manager) || path.includes(manageButton)) return;
    closeManager(true);
  }

  // --- the drill-down: one parameter against the metric, drawn as SVG, open below the table ---

  const SVG_NS = "http://www.w3.org/2000/svg";
  /**
   * @param {string} tag
   * @param {Record<string, string | number>} [attrs]
   * @param {string} [text]
   * @returns {SVGElement}
   */
  const s = (tag, attrs = {}, text) => {
    const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const drill = h("section", "hpviz-drill");
  drill.id = `${uid}-drill`;
  drill.setAttribute("role", "region");
  const drillHead = h("div", "hpviz-drill-head");
  const drillTitleEl = h("span", "hpviz-drill-title");
  drillTitleEl.id = `${uid}-drill-title`;
  drill.setAttribute("aria-labelledby", drillTitleEl.id);
  const drillNoteEl = h("span", "hpviz-drill-note");
  const drillClose = h("button", "hpviz-btn hpviz-drill-close", "Close");
  drillClose.type = "button";
  drillHead.append(drillTitleEl, drillNoteEl, drillClose);
  const drillBody = h("div", "hpviz-drill-body");
  drill.append(drillHead, drillBody);
  /** @type {unknown} */
  let drawnDrill = null;
  let drawnSelected = "";

  const PLOT = { width: 640, height: 250, left: 58, right: 14, top: 10, bottom: 46 };

  /**
   * An axis: its line, ticks with labels, and a title.
   * @param {SVGElement} svg
   * @param {"x" | "y"} which
   * @param {number[]} ticks
   * @param {(v: number) => number} scale
   * @param {string} label
   */
  function drawAxis(svg, which, ticks, scale, label) {
    const { width, height, left, right, top, bottom } = PLOT;
    const g = s("g", { class: `hpviz-axis hpviz-axis-${which}` });
    if (which === "x") {
      const y0 = height - bottom;
      g.append(s("line", { x1: left, x2: width - right, y1: y0, y2: y0 }));
      for (const t of ticks) {
        const x = scale(t);
        g.append(s("line", { x1: x, x2: x, y1: y0, y2: y0 + 4 }));
        g.append(s("text", { x, y: y0 + 15, "text-anchor": "middle" }, formatTick(t)));
      }
      g.append(s("text", { class: "hpviz-axis-title", x: (left + width - right) / 2, y: height - 6, "text-anchor": "middle" }, label));
    } else {
      g.append(s("line", { x1: left, x2: left, y1: top, y2: height - bottom }));
      for (const t of ticks) {
        const y = scale(t);
        g.append(s("line", { class: "hpviz-grid", x1: left, x2: width - right, y1: y, y2: y }));
        g.append(s("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, formatTick(t)));
      }
      const cy = (top + height - bottom) / 2;
      g.append(s("text", { class: "hpviz-axis-title", x: 12, y: cy, "text-anchor": "middle", transform: `rotate(-90 12 ${cy})` }, label));
    }
    svg.append(g);
  }

  /**
   * The SVG of a drill-down view: a scatter (log x axis when the parameter is log-scaled) or
   * one strip, box and mean per value; the best run ringed.
   * @param {DrillView} view
   * @returns {SVGElement}
   */
  function plotSvg(view) {
    const { width, height, left, right, top, bottom } = PLOT;
    const svg = s("svg", { class: "hpviz-plot", viewBox: `0 0 ${width} ${height}`, role: "img" });
    svg.setAttribute("aria-label", `${drillTitle(view)}: ${drillNote(view)}`);
    const metric = String(view.metric ?? "");
    const param = String(view.parameter ?? "");
    const categories = view.categories || [];
    const ys = view.kind === "numeric" ? view.y || [] : categories.flatMap((c) => [c.min, c.max, ...c.y]);
    const yDomain = paddedDomain(ys);
    const yScale = makeScale(yDomain, [height - bottom, top]);
    drawAxis(svg, "y", niceTicks(yDomain[0], yDomain[1], 5), yScale, metric);
    const dots = s("g", { class: "hpviz-dots" });
    svg.append(dots);
    /** @type {[number, number] | null} */
    let bestAt = null;
    if (view.kind === "numeric") {
      const log = view.scale === "log";
      svg.setAttribute("data-xscale", log ? "log" : "linear");
      const xs = view.x || [];
      const xDomain = paddedDomain(xs, log);
      const xScale = makeScale(xDomain, [left, width - right], log);
      const ticks = log ? logTicks(xDomain[0], xDomain[1]) : niceTicks(xDomain[0], xDomain[1], 6);
      drawAxis(svg, "x", ticks, xScale, log ? `${param} (log scale)` : param);
      for (let i = 0; i < xs.length; i++) {
        dots.append(s("circle", { cx: xScale(xs[i]).toFixed(1), cy: yScale(ys[i]).toFixed(1), r: 2.6 }));
      }
      if (view.best && typeof view.best.x === "number") bestAt = [xScale(view.best.x), yScale(view.best.y)];
    } else {
      svg.setAttribute("data-xscale", "category");
      const n = Math.max(1, categories.length);
      const band = (width - left - right) / n;
      const axis = s("g", { class: "hpviz-axis hpviz-axis-x" });
      axis.append(s("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
      const summaries = s("g", { class: "hpviz-boxes" });
      categories.forEach((c, k) => {
        const cx = left + band * (k + 0.5);
        const half = Math.min(40, band * 0.32);
        const box = s("g", { class: "hpviz-box" });
        box.append(
          s("line", { class: "hpviz-whisk", x1: cx, x2: cx, y1: yScale(c.min), y2: yScale(c.max) }),
          s("rect", { x: cx - half, width: 2 * half, y: yScale(c.q3), height: Math.max(1, yScale(c.q1) - yScale(c.q3)) }),
          s("line", { class: "hpviz-median", x1: cx - half, x2: cx + half, y1: yScale(c.median), y2: yScale(c.median) }),
          s("line", { class: "hpviz-mean", x1: cx - half - 4, x2: cx + half + 4, y1: yScale(c.mean), y2: yScale(c.mean) })
        );
        box.append(s("title", {}, `${c.value}: ${plural(c.count)} · mean ${metric} ${formatMetric(c.mean)} · median ${formatMetric(c.median)}`));
        summaries.append(box);
        c.y.forEach((y, i) => {
          dots.append(s("circle", { cx: (cx + jitter(i) * half * 0.9).toFixed(1), cy: yScale(y).toFixed(1), r: 2.4 }));
        });
        const label = c.value.length > 16 ? `${c.value.slice(0, 15)}…` : c.value;
        const text = s("text", { x: cx, y: height - bottom + 15, "text-anchor": "middle" }, label);
        text.append(s("title", {}, c.value));
        axis.append(text, s("text", { class: "hpviz-cat-stats", x: cx, y: height - bottom + 29, "text-anchor": "middle" }, `n=${c.count} · mean ${formatMetric(c.mean)}`));
        if (view.best && view.best.x === c.value) bestAt = [cx, yScale(view.best.y)];
      });
      svg.insertBefore(summaries, dots);
      svg.append(axis);
    }
    if (bestAt) {
      const best = s("circle", { class: "hpviz-best", cx: bestAt[0].toFixed(1), cy: bestAt[1].toFixed(1), r: 6 });
      best.append(s("title", {}, drillNote({ ...view, n_runs: 0, n_shown: 0 }).replace(/^0 runs · /, "")));
      svg.append(best);
    }
    return svg;
  }

  function drawDrill() {
    const selected = String(get("selected") || "");
    const view = /** @type {DrillView} */ (get("drilldown") || {});
    for (const [name, rowView] of views) {
      const expanded = name === selected;
      if (rowView.expanded === expanded) continue;
      rowView.expanded = expanded;
      rowView.button.setAttribute("aria-expanded", String(expanded));
      if (expanded) {
        rowView.tr.setAttribute("data-selected", "true");
        rowView.button.setAttribute("aria-controls", drill.id);
      } else {
        rowView.tr.removeAttribute("data-selected");
        rowView.button.removeAttribute("aria-controls");
      }
    }
    if (!selected) {
      if (drill.parentNode) {
        // Closing (Close, Escape, the row again, or Python) with focus in the plot gives focus
        // back to the control that opened it, or to the table when that row is not shown.
        const hadFocus = drill.contains(document.activeElement);
        drill.remove();
        if (hadFocus) focusRowControl(drawnSelected);
      }
      drawnDrill = null;
      drawnSelected = "";
      return;
    }
    if (!drill.parentNode) {
      if (footer.parentNode === root) root.insertBefore(drill, footer);
      else root.append(drill);
    }
    if (view === drawnDrill && selected === drawnSelected) return;
    drawnDrill = view;
    drawnSelected = selected;
    drillClose.setAttribute("aria-label", `Close the plot of ${selected}`);
    if (view.parameter !== selected) {
      drillTitleEl.textContent = `${selected} against ${String(get("metric") ?? "")}`;
      drillNoteEl.textContent = "Computing…";
      drillBody.replaceChildren();
      return;
    }
    drillTitleEl.textContent = drillTitle(view);
    if (view.kind === "none") {
      drillNoteEl.textContent = "";
      drillBody.replaceChildren(h("div", "hpviz-drill-empty", String(view.message || "Nothing to plot.")));
      return;
    }
    drillNoteEl.textContent = drillNote(view);
    const parts = [plotSvg(view)];
    if (view.message) parts.push(h("div", "hpviz-drill-message", String(view.message)));
    drillBody.replaceChildren(...parts);
  }

  /**
   * Focus the control of a parameter's row, or (when that row is not shown) the first column
   * header, so focus never falls out of the panel.
   * @param {string} name
   */
  function focusRowControl(name) {
    let view = views.get(name);
    const index = shownRows.findIndex((row) => String(row.parameter) === name);
    if (index >= 0 && !(view && view.tr.parentNode === tbody) && offsets) {
      // not rendered (scrolled far away): scroll it into view, render it, then focus it
      tableWrap.scrollTop = Math.max(0, offsets[index] + headHeight - viewportHeight / 3);
      scrollTop = tableWrap.scrollTop;
      placeRows();
      view = views.get(name);
    }
    if (view && view.tr.parentNode === tbody) view.button.focus();
    else /** @type {HTMLElement | null} */ (headRow.querySelector("button"))?.focus({ preventScroll: true });
  }

  // --- reacting to the user ---

  const onSearch = () => {
    if (search.value !== String(get("search") ?? "")) save({ search: search.value });
  };
  listen(search, "input", onSearch);
  listen(search, "search", onSearch);
  listen(select, "change", () => {
    if (select.value !== get("metric")) save({ metric: select.value });
  });
  listen(manageButton, "click", () => (managerOpen ? closeManager(true) : openManager()));
  listen(wand, "click", () => model.send({ type: "auto_select" }));
  listen(tbody, "click", (event) => {
    const target = /** @type {Element | null} */ (event.target);
    const tr = target && target.closest ? target.closest("tr[data-parameter]") : null;
    if (!tr) return;
    const name = tr.getAttribute("data-parameter") || "";
    save({ selected: get("selected") === name ? "" : name });
  });
  listen(drillClose, "click", () => save({ selected: "" }));
  // Escape in the plot closes it too (focus goes back to the row, see drawDrill).
  listen(drill, "keydown", (event) => {
    const key = /** @type {KeyboardEvent} */ (event);
    if (key.key !== "Escape" || key.defaultPrevented) return;
    key.preventDefault();
    key.stopPropagation();
    save({ selected: "" });
  });
  listen(download, "click", () => {
    const blob = new Blob([rowsToCsv(shownRows)], { type: "text/csv;charset=utf-8" });
    const link = h("a");
    link.href = URL.createObjectURL(blob);
    link.download = csvFileName(String(get("metric") ?? ""));
    link.hidden = true;
    root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  listen(managerSearch, "input", () => drawManager());
  listen(manager, "change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
    const name = box.dataset.parameter;
    if (name === undefined) return;
    save({ hidden: withVisibility(get("parameters") || [], get("hidden") || [], [name], box.checked) });
  });
  /** @param {boolean} visible */
  const setMatching = (visible) => {
    const parameters = get("parameters") || [];
    const names = parameters.filter((name) => matchesSearch(name, managerSearch.value));
    save({ hidden: withVisibility(parameters, get("hidden") || [], names, visible) });
  };
  listen(showAll, "click", () => setMatching(true));
  listen(hideAll, "click", () => setMatching(false));
  listen(closeButton, "click", () => closeManager(true));
  listen(manager, "keydown", (event) => {
    const key = /** @type {KeyboardEvent} */ (event);
    if (key.key === "Tab") {
      // aria-modal: keep Tab inside the dialog.
      const focusable = /** @type {HTMLElement[]} */ (
        Array.from(manager.querySelectorAll("input, button")).filter(
          (node) => !(/** @type {HTMLButtonElement} */ (node).disabled)
        )
      );
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (key.shiftKey && (document.activeElement === first || document.activeElement === manager)) {
        key.preventDefault();
        last.focus();
      } else if (!key.shiftKey && document.activeElement === last) {
        key.preventDefault();
        first.focus();
      }
    }
  });

  // --- reacting to the model: every change redraws once, in a microtask ---

  let scheduled = false;
  function redraw() {
    scheduled = false;
    if (disposed) return;
    drawStatus();
    drawHeader();
    drawSearch();
    drawTable();
    drawManager();
    drawDrill();
  }
  const schedule = () => {
    if (scheduled || disposed) return;
    scheduled = true;
    queueMicrotask(redraw);
  };
  for (const name of WATCHED) {
    model.on(`change:${name}`, schedule);
    disposers.push(() => model.off(`change:${name}`, schedule));
  }
  redraw();

  return () => {
    disposed = true;
    closeManager(false);
    for (const dispose of disposers.splice(0)) dispose();
    root.remove();
  };
}

export default { render };
