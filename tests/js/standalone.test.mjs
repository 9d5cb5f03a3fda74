// The static export's in-page model (js/src/standalone.js), in Node: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createStandaloneModel } from "../../js/src/standalone.js";

/** An exported state: three rows, `lr` above the noise floor. */
const exported = (extra = {}) => ({
  parameters: ["lr", "seed", "batch"],
  hidden: [],
  rows: [
    { parameter: "lr", importance: 0.7, useful: true },
    { parameter: "seed", importance: 0.2, useful: false },
    { parameter: "batch", importance: 0.1, useful: false },
  ],
  selected: "",
  drilldown: {},
  _drilldowns: { lr: { parameter: "lr", kind: "numeric" } },
  ...extra,
});

test("get, set and change events, once per real change", () => {
  const model = createStandaloneModel(exported());
  let calls = 0;
  const onChange = () => calls++;
  model.on("change:hidden", onChange);
  model.set("hidden", ["seed"]);
  model.set("hidden", ["seed"]); // the same value: no event
  assert.deepEqual(model.get("hidden"), ["seed"]);
  assert.equal(calls, 1);
  model.off("change:hidden", onChange);
  model.set("hidden", []);
  assert.equal(calls, 1);
});

test("a row selected shows the drill-down computed at export time", () => {
  const model = createStandaloneModel(exported());
  model.set("selected", "lr");
  assert.deepEqual(model.get("drilldown"), { parameter: "lr", kind: "numeric" });
  model.set("selected", "seed"); // none exported for it
  assert.deepEqual(model.get("drilldown"), {});
});

test("the wand shows what Python's wand chose at export time, and hides the rest", () => {
  const model = createStandaloneModel(exported({ wand: ["seed", "batch"] }));
  model.send({ type: "auto_select" });
  assert.deepEqual(model.get("hidden"), ["lr"]); // Python's choice, not the rows' `useful`
  model.send({ type: "something else" });
  assert.deepEqual(model.get("hidden"), ["lr"]);
});

test("the wand's choice is remembered with what was hidden before it, and Undo brings that back", () => {
  const model = createStandaloneModel(
    exported({ wand: ["lr"], hidden: ["batch"], metric: "val_loss" }),
  );
  model.send({ type: "auto_select" });
  assert.deepEqual(model.get("hidden"), ["seed", "batch"]);
  assert.deepEqual(model.get("wand_choice"), {
    metric: "val_loss",
    hidden: ["seed", "batch"],
    before: ["batch"],
  });
  model.send({ type: "undo_auto_select" });
  assert.deepEqual(model.get("hidden"), ["batch"]);
  assert.deepEqual(model.get("wand_choice"), {});
  model.send({ type: "auto_select" });
  model.set("hidden", []); // hidden otherwise: the wand's choice is no longer in force
  assert.deepEqual(model.get("wand_choice"), {});
});
