// The wand's choice and its metric (js/src/wand.js), in Node.
import assert from "node:assert/strict";
import { test } from "node:test";

import { wandState, wandText } from "../../js/src/wand.js";

const choice = { metric: "val_loss", hidden: ["seed", "batch"], before: [] };

test("the wand's choice is in force while hidden is what it set", () => {
  assert.deepEqual(wandState(choice, ["seed", "batch"], "val_loss"), {
    inForce: true,
    madeFor: "val_loss",
    otherMetric: false,
  });
  assert.equal(wandState(choice, ["seed"], "val_loss").inForce, false);
  assert.equal(wandState({}, [], "val_loss").inForce, false);
  assert.equal(wandState(undefined, [], "val_loss").inForce, false);
});

test("after a metric switch it says the choice was made for the other metric", () => {
  const state = wandState(choice, ["seed", "batch"], "val_acc");
  assert.equal(state.otherMetric, true);
  assert.equal(
    wandText(state, "val_acc"),
    "The wand chose these parameters for val_loss, not for val_acc.",
  );
  assert.equal(
    wandText(wandState(choice, ["seed", "batch"], "val_loss"), "val_loss"),
    "Showing the wand's choice for val_loss.",
  );
  assert.equal(wandText(wandState(choice, [], "val_loss"), "val_loss"), "");
});

test("the notice says what the rows drawn are: never 'above the noise floor' for one below it", () => {
  const state = wandState(choice, ["seed", "batch"], "val_loss");
  const rows = [
    { parameter: "lr", useful: true },
    { parameter: "depth", useful: true },
  ];
  assert.equal(
    wandText(state, "val_loss", rows),
    "Showing the wand's choice for val_loss: the 2 parameters above the noise floor.",
  );
  const refit = [...rows, { parameter: "momentum", useful: false }];
  const text = wandText(state, "val_loss", refit);
  assert.equal(
    text,
    "Showing the wand's choice for val_loss: 2 of these 3 parameters are above the noise floor; refitted without the others, momentum falls below it.",
  );
  const fallback = wandText(state, "val_loss", [{ parameter: "lr", useful: false }]);
  assert.equal(
    fallback,
    "Showing the wand's choice for val_loss: no parameter clears the noise floor, so it kept the most important one.",
  );
  for (const said of [text, fallback])
    assert.doesNotMatch(said, /: the \d* ?parameters? above the noise floor/);
  assert.equal(wandText(state, "val_loss", null), "Showing the wand's choice for val_loss.");
});

test("a note shows its first sentence; the rest is details on demand", async () => {
  const { noteParts, actionsFor } = await import("../../js/src/notices.js");
  const target =
    "Fitted on the ranks of val_loss: 3 runs lie far beyond the rest. Their val_loss, 6.97 to 12 (42× the median 0.287), would decide a fit on the values alone.";
  assert.deepEqual(noteParts(target), {
    line: "Fitted on the ranks of val_loss: 3 runs lie far beyond the rest.",
    details:
      "Their val_loss, 6.97 to 12 (42× the median 0.287), would decide a fit on the values alone.",
  });
  const one = "3 of 12 runs left out: not finished (2 crashed, 1 running).";
  assert.deepEqual(noteParts(one), { line: one, details: "" });
  // a number's decimal point is not a sentence's end
  assert.equal(noteParts("Noise floor 0.054. Below it.").line, "Noise floor 0.054.");
  const actions = [
    {
      note: one,
      label: "Include these runs",
      message: { type: "set_unfinished", unfinished: "include" },
    },
    { note: "other", label: "Use raw values", message: { type: "set_target", target: "raw" } },
    { note: one, label: "broken" },
  ];
  assert.deepEqual(
    actionsFor(one, /** @type {any} */ (actions)).map((a) => a.label),
    ["Include these runs"],
  );
  assert.deepEqual(actionsFor(one, undefined), []);
});
