// The CSV download's pure helpers, in Node: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CSV_COLUMNS, csvCell, csvFileName, rowsToCsv } from "../../js/src/csv.js";

test("cells that a spreadsheet would run as formulas get a leading quote", () => {
  for (const text of ["=1+1", "+A1", "-cmd", "@SUM(A1)", "\tx", "\rx"]) {
    assert.ok(csvCell(text).replace(/^"/, "").startsWith(`'${text[0]}`), text);
  }
  assert.equal(csvCell("lr"), "lr");
  assert.equal(csvCell("a-b"), "a-b");
});

test("numbers stay numbers, missing values are empty", () => {
  assert.equal(csvCell(-0.25), "-0.25");
  assert.equal(csvCell(0), "0");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(Number.NaN), "");
});

test("commas, quotes and line breaks are quoted", () => {
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell("=a,b"), '"\'=a,b"');
});

test("rowsToCsv writes the shown rows in order, with a header", () => {
  const context = {
    metric: "val_loss",
    goal: "minimize",
    nRuns: 300,
    noiseFloor: 0.05,
    target: "rank",
  };
  const csv = rowsToCsv(
    [
      {
        parameter: "lr",
        kind: "numeric",
        scale: "log",
        importance: 0.7,
        importance_low: 0.5,
        importance_high: 0.9,
        correlation: -0.5,
        useful: true,
        values: [],
        shape: "best in the middle",
        best_low: 0.001,
        best_high: 0.01,
        parent: "n_layers",
        active_fraction: 0.5,
        active_when: "n_layers ≥ 2",
        moves_with: "",
      },
      {
        parameter: "=HYPERLINK(x)",
        kind: "categorical",
        importance: 0.3,
        correlation: null,
        useful: false,
        values: [
          { value: "adam", count: 3, mean: 1, correlation: 0.2 },
          { value: "sgd", count: 3, mean: 2, correlation: null },
        ],
      },
    ],
    context,
  );
  const lines = csv.split("\r\n");
  assert.equal(lines[0], CSV_COLUMNS.join(","));
  assert.equal(
    lines[0],
    "parameter,kind,scale,importance,importance_low,importance_high,correlation,correlation_low,correlation_high,useful,values,shape,best_low,best_high,active,moves_with,metric,goal,target,n_runs,noise_floor",
  );
  assert.equal(
    lines[1],
    "lr,numeric,log,0.7,0.5,0.9,-0.5,,,true,,best in the middle,0.001,0.01,active in 50% of runs (n_layers ≥ 2),,val_loss,minimize,rank,300,0.05",
  );
  assert.equal(
    lines[2],
    "'=HYPERLINK(x),categorical,,0.3,,,,,,false,adam=0.2; sgd=,,,,,,val_loss,minimize,rank,300,0.05",
  );
  assert.equal(lines[3], "");
  assert.equal(lines.length, 4);
});

test("the file name is safe", () => {
  assert.equal(csvFileName("val_loss"), "hpviz-val_loss.csv");
  assert.equal(csvFileName("../a b/c"), "hpviz-.._a_b_c.csv");
  assert.equal(csvFileName(""), "hpviz-table.csv");
});
