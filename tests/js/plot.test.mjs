// The drill-down plot's and the importance whisker's pure helpers, in Node: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { drillNote, drillTitle } from "../../js/src/drilldown/plot.js";
import {
  jitter,
  logTicks,
  makeScale,
  niceTicks,
  paddedDomain,
} from "../../js/src/drilldown/scales.js";
import { whiskerGeometry } from "../../js/src/geometry.js";
import { plotLabel } from "../../js/src/rows.js";

test("whiskerGeometry places the interval on the bars' scale, clipped to the track", () => {
  assert.deepEqual(whiskerGeometry(0.2, 0.4, 0.8), { left: 0.25, width: 0.25 });
  assert.deepEqual(whiskerGeometry(0.5, 1.2, 0.8), { left: 0.625, width: 0.375 });
  assert.equal(whiskerGeometry(0.1, 0.2, 0), null);
  assert.equal(whiskerGeometry(null, 0.2, 1), null);
  assert.equal(whiskerGeometry(0.3, 0.2, 1), null);
});

test("a log scale puts each decade at the same distance", () => {
  const scale = makeScale([1e-5, 1], [0, 500], true);
  assert.equal(scale(1e-5), 0);
  assert.equal(scale(1), 500);
  assert.ok(Math.abs(scale(1e-3) - scale(1e-4) - 100) < 1e-9);
  assert.ok(Math.abs(scale(1e-2) - scale(1e-3) - 100) < 1e-9);
  const linear = makeScale([0, 10], [100, 0]);
  assert.equal(linear(5), 50);
});

test("paddedDomain pads in log space for a log axis and copes with one value", () => {
  const [lo, hi] = paddedDomain([1e-4, 1e-2], true);
  assert.ok(Math.abs(Math.log10(lo) + 4.1) < 1e-9 && Math.abs(Math.log10(hi) + 1.9) < 1e-9);
  assert.deepEqual(paddedDomain([0, 10]), [-0.5, 10.5]);
  assert.deepEqual(paddedDomain([2]), [1.8, 2.2]);
  assert.deepEqual(paddedDomain([]), [0, 1]);
  assert.deepEqual(paddedDomain([-1, 0], true), [1, 10]); // nothing positive: a default
});

test("logTicks gives the powers of ten, niceTicks round steps", () => {
  assert.deepEqual(logTicks(5e-6, 2), [1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
  assert.deepEqual(logTicks(1e-12, 1), [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 0.01, 1]);
  assert.deepEqual(logTicks(2, 8), [2, 4, 6, 8]); // less than a decade: linear steps
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-0.05, 0.32, 4), [0, 0.1, 0.2, 0.3]);
});

test("jitter is deterministic and stays within [-1, 1)", () => {
  const values = Array.from({ length: 500 }, (_, i) => jitter(i));
  assert.deepEqual(
    values,
    Array.from({ length: 500 }, (_, i) => jitter(i)),
  );
  assert.ok(values.every((v) => v >= -1 && v < 1));
  assert.ok(Math.min(...values) < -0.9 && Math.max(...values) > 0.9);
});

test("drill texts", () => {
  assert.equal(drillTitle({ parameter: "lr", metric: "val_loss" }), "lr against val_loss");
  assert.equal(
    drillNote({
      kind: "numeric",
      scale: "log",
      n_runs: 5000,
      n_shown: 2000,
      parameter: "lr",
      metric: "val_loss",
      best: { x: 0.00316, y: 0.1234 },
    }),
    "2,000 of 5,000 runs shown (a sample) · log scale · best run: lr 0.00316, val_loss 0.1234",
  );
  assert.equal(
    drillNote({
      kind: "categorical",
      n_runs: 3,
      n_shown: 3,
      parameter: "opt",
      metric: "m",
      best: { x: "adam", y: 1 },
    }),
    "3 runs · best run: opt adam, m 1",
  );
});

test("plotLabel names a row's control by what it opens, containing the name shown", () => {
  assert.equal(plotLabel("lr", "val_loss"), "Plot lr against val_loss");
  assert.equal(plotLabel("<img src=x>", "acc"), "Plot <img src=x> against acc");
});

import { autoYScale, boxStats, fewValues, rankOf } from "../../js/src/drilldown/yaxis.js";

test("a heavy-tailed metric gets a log y axis by default", () => {
  assert.equal(autoYScale([0.1, 0.12, 0.11, 0.13, 0.1, 25]), "log");
  assert.equal(autoYScale([0.1, 0.2, 0.3, 0.4, 0.5]), "linear");
  assert.equal(autoYScale([-1, 0.2, 30]), "linear");
});

test("ranks, box statistics, few distinct values", () => {
  const rank = rankOf([3, 1, 2, 2]);
  assert.equal(rank(1), 0);
  assert.equal(rank(2), 0.5);
  assert.equal(rank(3), 1);
  assert.deepEqual(boxStats([1, 2, 3, 4, 5]), { min: 1, q1: 2, median: 3, q3: 4, max: 5, mean: 3 });
  assert.equal(boxStats([]), null);
  assert.deepEqual(fewValues([16, 32, 16, 64, 32, 64, 256, 256]), [16, 32, 64, 256]);
  assert.equal(fewValues([1, 2, 3, 4]), null); // one run a value: a scatter
  assert.equal(fewValues(Array.from({ length: 40 }, (_, i) => i % 10)), null); // too many values
});
