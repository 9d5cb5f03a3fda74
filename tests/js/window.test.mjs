// Which rows of a long table are rendered: `visibleBand` and `rowWindow` in Node (no DOM).
import assert from "node:assert/strict";
import { test } from "node:test";

import { rowWindow, visibleBand } from "../../js/src/virtual.js";

/** Offsets of rows with these heights. */
const offsetsOf = (heights) => {
  const offsets = [0];
  for (const h of heights) offsets.push(offsets[offsets.length - 1] + h);
  return offsets;
};

test("the rows crossing the visible band, and no others, without overscan", () => {
  const offsets = offsetsOf(Array(100).fill(30)); // rows at 0, 30, 60 …
  assert.deepEqual(rowWindow(offsets, 0, 90, 0), { start: 0, end: 4 }); // row 3 starts at 90
  assert.deepEqual(rowWindow(offsets, 95, 150, 0), { start: 3, end: 6 });
});

test("overscan adds rows on both sides, clamped to the table", () => {
  const offsets = offsetsOf(Array(100).fill(30));
  assert.deepEqual(rowWindow(offsets, 600, 900, 300), { start: 10, end: 41 });
  assert.deepEqual(rowWindow(offsets, 0, 300, 1000), { start: 0, end: 44 });
  assert.deepEqual(rowWindow(offsets, 2700, 3000, 300), { start: 80, end: 100 });
});

test("rows of different heights (categorical rows list their values)", () => {
  const offsets = offsetsOf([30, 80, 30, 80, 30]); // 0, 30, 110, 140, 220, 250
  assert.deepEqual(rowWindow(offsets, 100, 130, 0), { start: 1, end: 3 });
  assert.deepEqual(rowWindow(offsets, 230, 240, 0), { start: 4, end: 5 });
});

test("a band scrolled past either end still renders a row there", () => {
  const offsets = offsetsOf(Array(10).fill(30));
  assert.deepEqual(rowWindow(offsets, -500, -400, 0), { start: 0, end: 1 });
  assert.deepEqual(rowWindow(offsets, 5000, 5100, 0), { start: 9, end: 10 });
  assert.deepEqual(rowWindow([0], 0, 100, 50), { start: 0, end: 0 });
});

test("the band in view: the header's height above the rows, scrolled with them", () => {
  // 30 px of header, a 560 px box, 20 000 px of rows
  assert.deepEqual(visibleBand(0, 560, 30, 20000), { top: -30, bottom: 530 });
  assert.deepEqual(visibleBand(5000, 560, 30, 20000), { top: 4970, bottom: 5530 });
  assert.deepEqual(visibleBand(19470, 560, 30, 20000), { top: 19440, bottom: 20000 }); // the end
});

test("a view past the rows' end, once they got fewer, is pulled back as the browser will", () => {
  // scrolled to the end of 20 000 px of rows, then a search leaves 3 000 px of them
  assert.deepEqual(visibleBand(19470, 560, 30, 3000), { top: 2440, bottom: 3000 });
  const offsets = Array.from({ length: 101 }, (_, i) => i * 30); // 100 rows of 30 px
  const { top, bottom } = visibleBand(19470, 560, 30, 3000);
  assert.deepEqual(rowWindow(offsets, top, bottom, 0), { start: 81, end: 100 });
  // fewer rows than the box holds: at the top, whatever the scroll was
  assert.deepEqual(visibleBand(19470, 560, 30, 200), { top: -30, bottom: 530 });
});
