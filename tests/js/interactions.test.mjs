// The Interactions list and the pair heatmap's pure helpers (js/src/interactions.js,
// js/src/pairmap.js), and the static export's model opening a pair: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { pairName, pairScale, pairsNote, strengthText } from "../../js/src/interactions.js";
import { bandText, cellPlaces, goodness, pairNote, pairTitle } from "../../js/src/pairmap.js";
import { createStandaloneModel } from "../../js/src/standalone.js";

const pairs = [
  {
    parameter_a: "c",
    parameter_b: "d",
    strength: 0.09,
    strength_low: 0.07,
    strength_high: 0.11,
    useful: true,
    n_runs: 300,
  },
  {
    parameter_a: "a",
    parameter_b: "d",
    strength: 0.004,
    strength_low: 0,
    strength_high: 0.02,
    useful: false,
    n_runs: 300,
  },
];

test("the strength axis holds every interval end and the floor", () => {
  assert.equal(pairScale(pairs, 0.01), 0.11);
  assert.equal(pairScale(pairs, 0.3), 0.3);
  assert.equal(pairScale([], null), 1);
});

test("strengths read as shares of the metric's variation", () => {
  assert.equal(strengthText(0.0862), "8.6%");
  assert.equal(strengthText(0.25), "25%");
  assert.equal(strengthText(0), "0%");
  assert.equal(strengthText(null), "0%");
  assert.equal(pairName(pairs[0]), "c × d");
});

test("the section says when it computes, why it is empty, and its notes", () => {
  assert.match(pairsNote({ status: "computing" }, 0), /Computing/);
  assert.equal(
    pairsNote(
      {
        status: "empty",
        message: "Pairs need two parameters with some importance; only lr has any.",
      },
      0,
    ),
    "Pairs need two parameters with some importance; only lr has any.",
  );
  const note = pairsNote(
    { status: "ready", notes: ["Only 40 runs: the pairs' strengths are rough."] },
    2,
  );
  assert.match(
    note,
    /^Only 40 runs: the pairs' strengths are rough\. The share of the metric's variation/,
  );
});

const view = {
  parameters: ["lr", "optimizer"],
  metric: "val_loss",
  goal: "minimize",
  x: { parameter: "lr", kind: "numeric", scale: "log", edges: [1e-5, 1e-4, 1e-3, 1e-2] },
  y: { parameter: "optimizer", kind: "category", scale: "", labels: ["adam", "sgd"] },
  cells: [
    { i: 0, j: 0, count: 4, median: 0.5 },
    { i: 2, j: 1, count: 6, median: 0.1 },
  ],
  best_cell: { i: 2, j: 1 },
  best: { x: 0.005, y: "sgd", metric: 0.08, i: 2, j: 1 },
  n_runs: 10,
};

test("a log axis places its bins by decades, a category axis as equal bands", () => {
  const xs = cellPlaces(/** @type {any} */ (view.x), 0, 300);
  assert.deepEqual(
    xs.map((p) => Math.round(p.from)),
    [0, 100, 200],
  );
  assert.equal(Math.round(xs[2].to), 300);
  const ys = cellPlaces(/** @type {any} */ (view.y), 200, 0);
  assert.deepEqual(ys, [
    { from: 200, to: 100 },
    { from: 100, to: 0 },
  ]);
});

test("the colour follows the goal: the best median is the strongest", () => {
  assert.equal(goodness(0.1, 0.1, 0.5, "minimize"), 1);
  assert.equal(goodness(0.1, 0.1, 0.5, "maximize"), 0);
  assert.equal(goodness(0.3, 0.3, 0.3, "minimize"), 0.5);
});

test("the heading and note name the best cell and the best run", () => {
  assert.equal(pairTitle(view), "lr × optimizer against val_loss");
  assert.equal(bandText(view.x, 2), "0.001–0.01");
  assert.equal(
    pairNote(view),
    "10 runs · best cell: lr 0.001–0.01, optimizer sgd: median 0.1 (6 runs) · best run: val_loss 0.08",
  );
});

test("the export's model opens a listed pair's heatmap, and closes it", () => {
  const model = createStandaloneModel(
    /** @type {any} */ ({
      parameters: ["lr", "optimizer"],
      hidden: [],
      rows: [],
      pairs,
      pair: [],
      pair_view: {},
      _pair_views: { [JSON.stringify(["lr", "optimizer"])]: view },
    }),
  );
  model.set("pair", ["lr", "optimizer"]);
  assert.equal(model.get("pair_view"), view);
  model.set("pair", []);
  assert.deepEqual(model.get("pair_view"), {});
});
