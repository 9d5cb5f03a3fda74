// The table's order and the search, exactly as the Python side's `sort_table` and search
// filter them (tests/js/test_node_and_sort_parity.py runs both on the same rows). Pure: no DOM.

import { isNumber } from "./format.js";

/** @import { SortKey } from "./types.js" */

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

/**
 * The rows in display order, exactly as the Python side's `sort_table` orders them.
 *
 * `importance` and `correlation` sort by value: correlation by the row's `correlation_key`,
 * which Python computes (its strength |r| whatever the sign; a categorical parameter's
 * strongest value's |r|), so one rule holds on both sides; rows whose value is null or NaN go
 * last whatever the direction; ties by name. `parameter` sorts by case-folded name then name,
 * and `descending` reverses it. Returns a new array.
 * @template {{parameter: string, importance?: number | null, correlation_key?: number | null}} R
 * @param {readonly R[]} rows
 * @param {string} sortBy
 * @param {boolean} descending
 * @returns {R[]}
 */
export function sortRows(rows, sortBy, descending) {
  const byName = rows
    .slice()
    .sort((a, b) => compareNames(String(a.parameter), String(b.parameter)));
  if (sortBy === "parameter") {
    if (descending) byName.reverse();
    return byName;
  }
  const byCorrelation = sortBy === "correlation";
  /** @type {{value: number, row: R}[]} */ const present = [];
  /** @type {R[]} */ const missing = [];
  for (const row of byName) {
    const value = byCorrelation ? row.correlation_key : row.importance;
    if (isNumber(value)) present.push({ value, row });
    else missing.push(row);
  }
  const sign = descending ? -1 : 1;
  // Array.prototype.sort is stable: rows with equal values stay in name order.
  present.sort((a, b) => (a.value < b.value ? -sign : a.value > b.value ? sign : 0));
  return present.map((entry) => entry.row).concat(missing);
}

// Python's str.strip() whitespace (str.isspace), which differs a little from String#trim.
const PY_SPACE =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
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
 * The kinds of parameter the table does not list (the Parameters dialog counts and lists them):
 * a constant cannot matter, an identifier is left out of the model.
 */
export const NOT_LISTED_KINDS = new Set(["constant", "identifier"]);

/**
 * The rows the table lists: those whose parameter name contains the search text
 * (case-insensitive, stripped), without constants and identifiers (NOT_LISTED_KINDS).
 * Returns a new array in the same order (Python's `listed_rows` agrees).
 * @template {{parameter: string, kind?: string}} R
 * @param {readonly R[]} rows
 * @param {string | null | undefined} search
 * @returns {R[]}
 */
export function filterRows(rows, search) {
  const needle = searchNeedle(search);
  return rows.filter(
    (row) =>
      !NOT_LISTED_KINDS.has(String(row.kind)) &&
      (needle === "" || String(row.parameter).toLowerCase().includes(needle)),
  );
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
