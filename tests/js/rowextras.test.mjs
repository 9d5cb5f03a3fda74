// A row's extras (js/src/rowextras.js): uncertain correlations, glyphs, sparkline, facts.
import assert from "node:assert/strict";
import { test } from "node:test";

import { correlationClass, correlationGlyph, correlationUncertain } from "../../js/src/geometry.js";
import { rowFacts, sparkline } from "../../js/src/rowextras.js";

const row = (extra) => ({ parameter: "p", kind: "numeric", importance: 0.2, correlation: 0.3, useful: true, values: [], ...extra });

test("a correlation whose interval contains 0 is uncertain, and its glyph says so", () => {
  assert.equal(correlationUncertain(row({ correlation_low: -0.1, correlation_high: 0.5 })), true);
  assert.equal(correlationUncertain(row({ correlation_low: 0.1, correlation_high: 0.5 })), false);
  assert.equal(correlationUncertain(row({})), true); // no interval (too few runs): not established
  assert.equal(correlationUncertain(row({ correlation: null })), false); // nothing drawn
  assert.equal(correlationGlyph(-0.36, "minimize", true), "≈");
  assert.equal(correlationGlyph(-0.36, "minimize", false), "▲"); // lower loss: helps
  assert.equal(correlationGlyph(-0.36, "maximize", false), "▼");
  assert.equal(correlationGlyph(0, "maximize", false), "≈");
  assert.equal(correlationGlyph(null, "maximize", false), "");
});

test("one value of a categorical follows the same rule as a numeric row", () => {
  const unsure = { value: "adam", count: 4, mean: 1, correlation: -0.4, correlation_low: -0.8, correlation_high: 0.2 };
  const sure = { value: "sgd", count: 60, mean: 2, correlation: 0.7, correlation_low: 0.55, correlation_high: 0.8 };
  assert.equal(correlationUncertain(unsure), true);
  assert.equal(correlationClass(unsure.correlation, "minimize", correlationUncertain(unsure)), "hpviz-neutral");
  assert.equal(correlationGlyph(unsure.correlation, "minimize", correlationUncertain(unsure)), "≈");
  assert.equal(correlationUncertain(sure), false);
  assert.equal(correlationClass(sure.correlation, "minimize", correlationUncertain(sure)), "hpviz-bad");
  assert.equal(correlationGlyph(sure.correlation, "minimize", false), "▼");
  assert.equal(correlationGlyph(sure.correlation, "maximize", false), "▲");
  assert.equal(correlationUncertain({ ...sure, correlation_low: null, correlation_high: null }), true);
});

test("the sparkline runs through the profile, better up, the best range shaded", () => {
  const profile = [
    { x: 1e-4, y: 2 },
    { x: 1e-3, y: 0.5 },
    { x: 1e-2, y: 1.5 },
  ];
  const spark = sparkline(profile, { log: true, goal: "minimize", bestLow: 5e-4, bestHigh: 2e-3 }, 64, 16);
  assert.ok(spark);
  assert.equal(spark.path, "M1.5,14.5L32.0,1.5L62.5,10.2");
  assert.ok(spark.band && spark.band.x > 1.5 && spark.band.x + spark.band.width < 62.5);
  assert.equal(sparkline([{ x: 1, y: 1 }], { log: false, goal: "minimize" }), null);
  assert.equal(sparkline(profile, { log: false, goal: "maximize" })?.band, null);
});

test("rowFacts: shape, best range, condition and dependence in words", () => {
  const facts = rowFacts(
    row({ shape: "peaked", best_low: 0.001, best_high: 0.01, parent: "n_layers", active_fraction: 0.4, active_when: "n_layers ≥ 4", moves_with: "learning_rate" }),
  );
  assert.deepEqual(facts, {
    shape: "peaked",
    best: "best 0.001–0.01",
    active: "active in 40% of runs (n_layers ≥ 4)",
    moves: "moves together with learning_rate",
  });
  assert.deepEqual(rowFacts(row({})), { shape: "", best: "", active: "", moves: "" });
});

test("rangeEnd keeps two significant digits at any magnitude", async () => {
  const { rangeEnd } = await import("../../js/src/rowextras.js");
  assert.equal(rangeEnd(0.000321), "0.00032");
  assert.equal(rangeEnd(128), "130");
  assert.equal(rangeEnd(-0.5), "\u22120.5");
});
