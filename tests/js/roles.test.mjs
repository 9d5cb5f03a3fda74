// Column roles, the goal chip and the notes: their pure helpers, in Node.
import assert from "node:assert/strict";
import { test } from "node:test";

import { flippedGoal, goalChip, goalText } from "../../js/src/goal.js";
import { shownNotes, splitNotes } from "../../js/src/notices.js";
import { roleAction, roleEntries, roleLabel } from "../../js/src/roles.js";

const ROLES = [
  { column: "Unnamed: 0", role: "index", reason: "a row number kept when the table was saved" },
  { column: "lr", role: "parameter", reason: "neither a result nor bookkeeping" },
  { column: "Runtime", role: "metadata", reason: "the W&B UI export's record of the run" },
  { column: "const", role: "constant", reason: "one value in every run" },
  { column: "val_loss", role: "metric", reason: "a number named like a result" },
  { column: "x2", role: "empty", reason: "no analysed run has a value" },
];

test("roleEntries lists the columns not analysed first, then the parameters, each in order", () => {
  const { entries, nOthers, nParameters } = roleEntries(ROLES, "");
  assert.deepEqual(
    entries.map((e) => e.column),
    ["Unnamed: 0", "Runtime", "val_loss", "x2", "lr", "const"],
  );
  assert.equal(nOthers, 4);
  assert.equal(nParameters, 2);
  assert.equal(entries.find((e) => e.column === "const")?.analysed, true);
});

test("roleEntries filters by the dialog's search but counts every column", () => {
  const { entries, nOthers, nParameters } = roleEntries(ROLES, " RUN ");
  assert.deepEqual(
    entries.map((e) => e.column),
    ["Runtime"],
  );
  assert.deepEqual([nOthers, nParameters], [4, 2]);
});

test("roleAction: use a column as a parameter, leave a parameter out, nothing for the metric or an empty column", () => {
  const byName = Object.fromEntries(roleEntries(ROLES, "").entries.map((e) => [e.column, e]));
  assert.deepEqual(roleAction(byName.Runtime, "val_loss"), {
    role: "parameter",
    text: "Use as parameter",
    label: "Use Runtime as a parameter",
  });
  assert.equal(roleAction(byName.lr, "val_loss")?.role, "ignored");
  assert.equal(roleAction(byName.lr, "val_loss")?.label, "Leave lr out of the analysis");
  assert.equal(roleAction(byName.val_loss, "val_loss"), null);
  assert.equal(roleAction(byName.val_loss, "val_acc")?.role, "parameter");
  assert.equal(roleAction(byName.x2, "val_loss"), null);
  assert.equal(roleLabel("metric", true), "metric shown");
  assert.equal(roleLabel("outcome", false), "outcome");
});

test("roleAction: a role the user changed goes back, to metric too", () => {
  const made = {
    column: "val_acc",
    role: "parameter",
    reason: "your choice (was metric: a number named like a result)",
    analysed: true,
  };
  assert.deepEqual(roleAction(made, "val_loss"), {
    role: "auto",
    text: "Back to metric",
    label: "Give val_acc back its role: metric",
  });
  const dropped = {
    column: "lr",
    role: "ignored",
    reason: "your choice (was parameter: neither a result nor bookkeeping)",
    analysed: false,
  };
  assert.equal(roleAction(dropped, "val_loss")?.text, "Back to parameter");
});

test("the goal chip says what a click does, and says a guess", () => {
  assert.equal(flippedGoal("minimize"), "maximize");
  assert.equal(flippedGoal("maximize"), "minimize");
  assert.equal(goalText("maximize"), "higher is better");
  const sure = goalChip("minimize", "val_loss", false);
  assert.equal(sure.text, "lower is better");
  assert.equal(sure.label, "Goal: lower is better for val_loss. Switch to higher is better");
  const guess = goalChip("minimize", "value", true);
  assert.equal(guess.text, "lower is better (a guess)");
  assert.equal(guess.label, "Goal: lower is better for value, a guess. Switch to higher is better");
  assert.match(guess.title, /a guess from its name/);
});

test("shownNotes: a finished analysis' notes, trimmed, without blanks or repeats", () => {
  assert.deepEqual(
    shownNotes("ready", [" 3 of 12 runs left out. ", "", "Only 9 runs.", "Only 9 runs."]),
    ["3 of 12 runs left out.", "Only 9 runs."],
  );
  assert.deepEqual(shownNotes("computing", ["3 of 12 runs left out."]), []);
});

test("splitNotes: the warnings once, as warnings; the other notes plain", () => {
  const notes = ["3 of 12 runs left out.", "Only 9 runs: rough.", "No parameter stands out."];
  const warnings = ["Only 9 runs: rough.", " No parameter stands out. "];
  assert.deepEqual(splitNotes("ready", notes, warnings), {
    plain: ["3 of 12 runs left out."],
    warnings: ["Only 9 runs: rough.", "No parameter stands out."],
  });
  assert.deepEqual(splitNotes("computing", notes, warnings), { plain: [], warnings: [] });
});
