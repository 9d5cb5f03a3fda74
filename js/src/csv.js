// The CSV download: the rows shown, in display order, as a file no spreadsheet runs formulas
// from. `rowsToCsv` and its helpers are pure; `downloadCsv` hands the file to the browser.

import { h } from "./dom.js";
import { isNumber } from "./format.js";
import { rowFacts } from "./rowextras.js";

/** @import { Row } from "./types.js" */

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; text that a spreadsheet would
 * run as a formula (starting with =, +, -, an at sign, tab or carriage return) gets a leading '.
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

/**
 * What the file says of the whole analysis, on every line so that it stands on its own (and
 * stays one plain table for a spreadsheet or pandas).
 * @typedef {object} CsvContext
 * @property {string} metric
 * @property {string} goal
 * @property {number} nRuns
 * @property {number | null} noiseFloor
 * @property {string} [target]  what importance and correlation were fitted on: raw, rank, log, symlog
 */

/** The CSV's columns, in order. */
export const CSV_COLUMNS = [
  "parameter",
  "kind",
  "scale",
  "importance",
  "importance_low",
  "importance_high",
  "correlation",
  "correlation_low",
  "correlation_high",
  "useful",
  "values",
  "shape",
  "best_low",
  "best_high",
  "active",
  "moves_with",
  "metric",
  "goal",
  "target",
  "n_runs",
  "noise_floor",
];

/**
 * The rows shown, in display order, as CSV text (CRLF line ends). `values` lists a categorical
 * parameter's values as `value=correlation` pairs separated by "; ". Every column the table
 * shows is there: the importance's 90% interval, the scale the correlation was computed on,
 * the shape and where the best runs sit, when a conditional parameter is active, what it
 * moves with; and the metric, goal, what the fit was made on (`target`: raw, rank, log or symlog), run
 * count and noise floor, so the file reads without the panel.
 * @param {readonly Row[]} rows
 * @param {CsvContext} [context]
 * @returns {string}
 */
export function rowsToCsv(
  rows,
  context = { metric: "", goal: "", nRuns: 0, noiseFloor: null, target: "" },
) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const values = (row.values || [])
      .map((v) => `${v.value}=${isNumber(v.correlation) ? v.correlation : ""}`)
      .join("; ");
    lines.push(
      [
        row.parameter,
        row.kind,
        row.scale || "",
        row.importance,
        row.importance_low,
        row.importance_high,
        row.correlation,
        row.correlation_low,
        row.correlation_high,
        row.useful ? "true" : "false",
        values,
        row.shape || "",
        row.best_low,
        row.best_high,
        rowFacts(row).active,
        row.moves_with || "",
        context.metric,
        context.goal,
        context.target || "",
        context.nRuns,
        context.noiseFloor,
      ]
        .map(csvCell)
        .join(","),
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
  const safe = String(metric || "table")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 80);
  return `hpviz-${safe || "table"}.csv`;
}

/**
 * Save `rows` as `hpviz-<metric>.csv`: a hidden link to the file, clicked inside `parent` (the
 * panel, so the click stays in the page that the user clicked in).
 * @param {readonly Row[]} rows
 * @param {CsvContext} context
 * @param {HTMLElement} parent
 */
export function downloadCsv(rows, context, parent) {
  const blob = new Blob([rowsToCsv(rows, context)], { type: "text/csv;charset=utf-8" });
  const link = h("a");
  link.href = URL.createObjectURL(blob);
  link.download = csvFileName(context.metric);
  link.hidden = true;
  parent.append(link);
  link.click();
  link.remove();
  // The browser reads the file after the click returns: free it a little later.
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
