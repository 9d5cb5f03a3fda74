// A row's extras (js/src/rowextras.js): uncertain correlations, glyphs, sparkline, facts.
import assert from "node:assert/strict";
import { test } from "node:test";

import { correlationClass, correlationGlyph, correlationUncertain } from "../../js/src/geometry.js";
import { rowFacts, sparkline } from "../../js/src/rowextras.js";

const row = (extra) => ({
  parameter: "p",
  kind: "numeric",
  importance: 0.2,
  correlation: 0.3,
  useful: true,
  values: [],
  ...extra,
});

test("a correlation whose interval contains 0 is uncertain, and its glyph says so", () => {
  assert.equal(correlationUncertain(row({ correlation_low: -0.1, correlation_high: 0.5 })), true);
  assert.equal(correlationUncertain(row({ correlation_low: 0.1, correlation_high: 0.5 })), false);
  assert.equal(correlationUncertain(row({})), true); // no interval (too few runs): not established
  assert.equal(correlationUncertain(row({ correlation: null })), false); // nothing drawn
  assert.equal(correlationGlyph(-0.36, "minimize", true), "≈");
  assert.equal(correlationGlyph(-0.36, "minimize", false), "✓"); // lower loss: helps
  assert.equal(correlationGlyph(-0.36, "maximize", false), "✗");
  assert.equal(correlationGlyph(0, "maximize", false), "≈");
  assert.equal(correlationGlyph(null, "maximize", false), "");
});

test("one value of a categorical follows the same rule as a numeric row", () => {
  const unsure = {
    value: "adam",
    count: 4,
    mean: 1,
    correlation: -0.4,
    correlation_low: -0.8,
    correlation_high: 0.2,
  };
  const sure = {
    value: "sgd",
    count: 60,
    mean: 2,
    correlation: 0.7,
    correlation_low: 0.55,
    correlation_high: 0.8,
  };
  assert.equal(correlationUncertain(unsure), true);
  assert.equal(
    correlationClass(unsure.correlation, "minimize", correlationUncertain(unsure)),
    "hpviz-neutral",
  );
  assert.equal(correlationGlyph(unsure.correlation, "minimize", correlationUncertain(unsure)), "≈");
  assert.equal(correlationUncertain(sure), false);
  assert.equal(
    correlationClass(sure.correlation, "minimize", correlationUncertain(sure)),
    "hpviz-bad",
  );
  assert.equal(correlationGlyph(sure.correlation, "minimize", false), "✗");
  assert.equal(correlationGlyph(sure.correlation, "maximize", false), "✓");
  assert.equal(
    correlationUncertain({ ...sure, correlation_low: null, correlation_high: null }),
    true,
  );
});

test("the sparkline runs through the profile, better up, the best range shaded", () => {
  const profile = [
    { x: 1e-4, y: 2 },
    { x: 1e-3, y: 0.5 },
    { x: 1e-2, y: 1.5 },
  ];
  const spark = sparkline(
    profile,
    { log: true, goal: "minimize", bestLow: 5e-4, bestHigh: 2e-3 },
    64,
    16,
  );
  assert.ok(spark);
  assert.equal(spark.path, "M1.5,14.5L32.0,1.5L62.5,10.2");
  assert.ok(spark.band && spark.band.x > 1.5 && spark.band.x + spark.band.width < 62.5);
  assert.equal(sparkline([{ x: 1, y: 1 }], { log: false, goal: "minimize" }), null);
  assert.equal(sparkline(profile, { log: false, goal: "maximize" })?.band, null);
});

test("rowFacts: shape, best range, condition and dependence in words", () => {
  const facts = rowFacts(
    row({
      shape: "best in the middle",
      best_low: 0.001,
      best_high: 0.01,
      parent: "n_layers",
      active_fraction: 0.4,
      active_when: "n_layers ≥ 4",
      moves_with: "learning_rate",
    }),
  );
  assert.deepEqual(facts, {
    shape: "best in the middle",
    best: "best 0.001 to 0.01",
    active: "active in 40% of runs (n_layers ≥ 4)",
    moves: "moves together with learning_rate",
  });
  assert.deepEqual(rowFacts(row({})), { shape: "", best: "", active: "", moves: "" });
});

test("one y scale for every sparkline: a seed's noise stays a ripple beside a real effect", async () => {
  const { profileRange } = await import("../../js/src/rowextras.js");
  const strong = [
    { x: 1, y: 0.2 },
    { x: 2, y: 0.9 },
    { x: 3, y: 0.4 },
  ];
  const seed = [
    { x: 1, y: 0.5 },
    { x: 2, y: 0.52 },
    { x: 3, y: 0.49 },
  ];
  const range = profileRange([{ profile: strong }, { profile: seed }, { profile: [] }]);
  assert.deepEqual(range, [0.2, 0.9]);
  const ys = (/** @type {string} */ path) =>
    [...path.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
  const shared = sparkline(seed, { log: false, goal: "minimize", yRange: range }, 64, 16);
  const own = sparkline(seed, { log: false, goal: "minimize" }, 64, 16);
  assert.ok(shared && own);
  const span = (/** @type {number[]} */ v) => Math.max(...v) - Math.min(...v);
  assert.ok(span(ys(shared.path)) < 1.5, shared.path); // a ripple on the shared scale …
  assert.ok(span(ys(own.path)) > 12, own.path); // … where its own scale made it a trend
  assert.equal(profileRange([{ profile: [{ x: 1, y: 1 }] }]), null);
});

test("the shape tag's title says which way is better on the line", async () => {
  const { shapeTitle } = await import("../../js/src/rowextras.js");
  const text = shapeTitle(
    row({ parameter: "lr", shape: "higher is better" }),
    "val_loss",
    "minimize",
    "best 0.01 to 0.1",
  );
  assert.match(text, /better \(lower\) val_loss drawn up/);
  assert.match(text, /best runs sit at 0\.01 to 0\.1/);
  assert.match(
    shapeTitle(row({ shape: "no clear shape" }), "acc", "maximize", ""),
    /better \(higher\) acc drawn up.*no clear shape/,
  );
});

test("rangeEnd keeps two significant digits at any magnitude", async () => {
  const { rangeEnd } = await import("../../js/src/rowextras.js");
  assert.equal(rangeEnd(0.000321), "0.00032");
  assert.equal(rangeEnd(128), "130");
  assert.equal(rangeEnd(-0.5), "\u22120.5");
});
