// A live sweep's header texts (js/src/live.js), in Node.
import assert from "node:assert/strict";
import { test } from "node:test";

import { moveText, progressText, rankingText } from "../../js/src/live.js";

const base = { status: "ready", updating: false, nRuns: 180, newest: 250, nParams: 20, seconds: 0 };

test("a newer analysis under way keeps the shown one, saying how many runs it covers", () => {
  assert.equal(progressText({ ...base, updating: true }), "updating… 180 of 250 runs analysed");
  assert.equal(
    progressText({ ...base, updating: true, nRuns: 1200, newest: 1500 }),
    "updating… 1,200 of 1,500 runs analysed",
  );
  assert.equal(progressText({ ...base, updating: true, newest: 180 }), "updating…");
  assert.equal(progressText(base), "");
});

test("the first analysis says what it computes and for how long", () => {
  const first = { ...base, status: "computing", nRuns: 0, newest: 1000 };
  assert.equal(progressText(first), "Computing… 1,000 runs × 20 parameters");
  assert.equal(
    progressText({ ...first, seconds: 3.7 }),
    "Computing… 1,000 runs × 20 parameters · 3 s",
  );
  assert.equal(progressText({ ...first, newest: 0 }), "Computing…");
});

test("the ranking is stable over the runs its top order held, or still moving", () => {
  assert.equal(rankingText({}), null);
  assert.equal(rankingText(undefined), null);
  const stable = rankingText({
    state: "stable",
    runs: 120,
    refreshes: 4,
    top: ["lr", "optimizer"],
  });
  assert.equal(stable?.text, "Ranking stable over the last 120 runs");
  assert.match(stable?.title ?? "", /lr, optimizer.*4 refreshes/);
  assert.equal(
    rankingText({ state: "moving", runs: 0, top: ["lr"] })?.text,
    "Ranking still moving",
  );
});

test("a row that rose or fell says by how many places", () => {
  assert.equal(moveText(2), "↑2");
  assert.equal(moveText(-1), "↓1");
  assert.equal(moveText(0), "");
  assert.equal(moveText(undefined), "");
});
