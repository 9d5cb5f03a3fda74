// What the hover cards say, and long names cut in the middle: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cardText,
  correlationCard,
  directionText,
  importanceCard,
  strengthWord,
  valueLine,
} from "../../js/src/cards.js";
import { splitName } from "../../js/src/format.js";

const lr = {
  parameter: "lr",
  kind: /** @type {const} */ ("numeric"),
  importance: 0.528,
  importance_low: 0.198,
  importance_high: 0.86,
  correlation: -0.62,
  useful: true,
  values: [],
  scale: /** @type {const} */ ("log"),
};

test("the importance card gives the interval and the place against the noise floor", () => {
  const card = importanceCard(lr, 0.05);
  assert.equal(card.title, "lr: importance 0.528");
  assert.equal(card.lines[0], "90% interval from 0.198 to 0.860 (spread over the forest's trees).");
  assert.match(card.lines[1], /^Above the noise floor \(0\.050\), its whole interval too/);
  const weak = importanceCard(
    { ...lr, importance: 0.01, importance_low: 0, importance_high: 0.03, useful: false },
    0.05,
  );
  assert.match(weak.lines[1], /^Below the noise floor \(0\.050\): indistinguishable from noise/);
  assert.equal(importanceCard({ ...lr, importance_low: undefined }, null).lines.length, 0);
});

test("an importance whose interval straddles the floor never 'stands out'", () => {
  const straddle = importanceCard(
    { ...lr, importance: 0.07, importance_low: 0.03, importance_high: 0.12, useful: true },
    0.05,
  );
  assert.equal(
    straddle.lines[0],
    "90% interval from 0.030 to 0.120 (spread over the forest's trees).",
  );
  assert.doesNotMatch(straddle.lines[1], /stands out/);
  assert.match(straddle.lines[1], /interval reaches below it: it may not stand out from noise/);
});

test("the correlation card: run count, interval, the direction in words for the goal", () => {
  const card = correlationCard(
    { ...lr, correlation_low: -0.7, correlation_high: -0.5 },
    { metric: "val_loss", goal: "minimize", nRuns: 300 },
  );
  assert.equal(card.title, "lr: correlation −0.62");
  assert.equal(card.lines[0], "Moderate linear relation over 300 runs, on log10(lr).");
  assert.equal(card.lines[1], "90% interval from −0.70 to −0.50.");
  assert.equal(card.lines[2], "Higher lr goes with lower val_loss: good (lower is better).");
  const unsure = correlationCard(
    { ...lr, correlation_low: -0.9, correlation_high: 0.1 },
    { metric: "val_loss", goal: "minimize", nRuns: 12 },
  );
  assert.equal(
    unsure.lines[1],
    "90% interval from −0.90 to 0.10, which contains 0: the direction is not established.",
  );
  // a direction that is not established is not called good or bad
  assert.equal(
    unsure.lines[2],
    "In these runs, higher lr went with lower val_loss; that could be chance.",
  );
  const few = correlationCard(lr, { metric: "val_loss", goal: "minimize", nRuns: 3 });
  assert.equal(few.lines[1], "Too few runs for an interval: the direction is not established.");
  assert.doesNotMatch(few.lines[2], /good|bad/);
  assert.equal(
    directionText("lr", 0.4, "val_acc", "maximize"),
    "Higher lr goes with higher val_acc: good (higher is better).",
  );
  assert.equal(
    directionText("lr", 0.4, "val_loss", "minimize"),
    "Higher lr goes with higher val_loss: bad (lower is better).",
  );
  assert.equal(strengthWord(-0.75), "strong");
  assert.equal(strengthWord(0.05), "almost no");
});

test("a categorical's card lists every value, strongest first", () => {
  const row = {
    parameter: "solver",
    kind: /** @type {const} */ ("categorical"),
    importance: 0.2,
    correlation: null,
    useful: true,
    values: [
      {
        value: "adam",
        count: 100,
        mean: 0.2,
        correlation: -0.1,
        correlation_low: -0.21,
        correlation_high: 0.02,
      },
      {
        value: "sgd",
        count: 98,
        mean: 1.4123,
        correlation: 0.61,
        correlation_low: 0.53,
        correlation_high: 0.68,
      },
    ],
  };
  const card = correlationCard(row, { metric: "val_loss", goal: "minimize", nRuns: 198 });
  assert.equal(card.title, "solver: correlation per value");
  assert.equal(
    card.lines[1],
    "sgd: r 0.61 (90% interval from 0.53 to 0.68) · 98 runs · mean val_loss 1.412 · higher val_loss than the others (bad)",
  );
  assert.equal(card.lines[2], valueLine(row.values[0], "val_loss", "minimize"));
  // an interval containing 0 says so, and no good or bad
  assert.equal(
    card.lines[2],
    "adam: r −0.10 (90% interval from −0.21 to 0.02, which contains 0) · 100 runs · mean val_loss 0.2 · the direction is not established",
  );
  const few = {
    value: "rmsprop",
    count: 2,
    mean: 0.5,
    correlation: 0.9,
    correlation_low: null,
    correlation_high: null,
  };
  assert.equal(
    valueLine(few, "val_loss", "minimize"),
    "rmsprop: r 0.90 · 2 runs · mean val_loss 0.5 · too few runs for an interval: the direction is not established",
  );
  assert.match(
    cardText(card),
    /^solver: correlation per value\. "solver = value" against val_loss, over 198 runs: sgd/,
  );
});

test("long dotted names keep their end", () => {
  assert.deepEqual(splitName("lr"), ["", "lr"]);
  assert.deepEqual(splitName("model.decoder.layers.5.cross_attention.dropout"), [
    "model.decoder.layers.5.",
    "cross_attention.dropout",
  ]);
  assert.deepEqual(splitName("model.encoder.layers.0.attention.q_proj"), [
    "model.encoder.layers.",
    "0.attention.q_proj",
  ]);
  assert.deepEqual(splitName("averyveryverylongname"), ["averyveryvery", "longname"]);
  for (const name of ["a.b.c.d.e.f.g.h", "x/y/z_long_name_here", "config/optimizer/lr"]) {
    assert.equal(splitName(name).join(""), name);
  }
});

// (items of the same issue: the dialog's counts and order, empty states' actions)
import { listHeading, managerLists } from "../../js/src/manager.js";
import { emptyAction } from "../../js/src/table.js";

test("the dialog counts what it lists and the whole, and orders by importance", () => {
  assert.equal(listHeading("Visible", 8, 8, false), "Visible (8)");
  assert.equal(listHeading("Visible", 2, 8, true), "Visible (2 of 8)");
  const importance = new Map([
    ["lr", 0.6],
    ["seed", 0.05],
    ["batch", 0.3],
  ]);
  const lists = managerLists(["seed", "batch", "lr", "zeta"], ["zeta"], "", {
    order: "importance",
    importance,
  });
  assert.deepEqual(lists.visible, ["lr", "batch", "seed"]);
  assert.deepEqual(managerLists(["b", "A", "c"], [], "", { order: "name" }).visible, [
    "A",
    "b",
    "c",
  ]);
});

test("empty states offer their action", () => {
  const base = { status: "ready", nRows: 5, nShown: 0, nParameters: 7, nHidden: 2 };
  assert.equal(emptyAction(base), "clear-search");
  assert.equal(emptyAction({ ...base, nShown: 5 }), null);
  assert.equal(emptyAction({ ...base, status: "empty", nRows: 0, nHidden: 7 }), "show-all");
  assert.equal(emptyAction({ ...base, status: "error" }), null);
});
