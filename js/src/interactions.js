// The Interactions section under the table: which parameters work together. One button per
// pair (strongest first) with its strength as a bar, its 90% interval as a whisker and the
// noise floor as a dashed line across the bars; a pair within noise is drawn pale. A click
// (or Enter, Space: they are buttons) opens the pair's two-parameter drill-down (`pair`), a
// second one closes it. The strengths come from Python (`pairs`, `pairs_info`); the helpers
// are pure (tested in Node).

import { createScope, h } from "./dom.js";
import { plural } from "./format.js";
import { barFraction, floorFraction, whiskerGeometry } from "./geometry.js";

/** @import { PairRow, Traits } from "./types.js" */
/** @import { Card } from "./cards.js" */

/**
 * The strength axis, 0 to this value: the largest strength or interval end, and the floor, so
 * every whisker and the floor line fit; 1 when nothing is positive.
 * @param {readonly PairRow[]} pairs
 * @param {number | null | undefined} floor
 */
export function pairScale(pairs, floor) {
  let max = 0;
  for (const value of [...pairs.flatMap((p) => [p.strength, p.strength_high]), floor]) {
    if (typeof value === "number" && Number.isFinite(value) && value > max) max = value;
  }
  return max > 0 ? Math.min(1, max) : 1;
}

/**
 * A strength as a share of the metric's variation: "8.6%", "0.4%", "0%".
 * @param {number | null | undefined} value
 */
export function strengthText(value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return "0%";
  const pct = value * 100;
  return `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * A pair's name: "lr × batch_size".
 * @param {{parameter_a: string, parameter_b: string}} pair
 */
export function pairName(pair) {
  return `${pair.parameter_a} × ${pair.parameter_b}`;
}

/**
 * What the section says under its heading: computing, why there are no pairs, or how to read
 * the bars (and its notes: rough, nothing stands out).
 * @param {{status?: string, message?: string, notes?: string[], noise_floor?: number | null}} info
 * @param {number} count  the pairs listed
 */
export function pairsNote(info, count) {
  if (info.status === "computing") return "Computing which parameters work together…";
  if (info.status === "error") return String(info.message || "Could not find the pairs.");
  if (!count) return String(info.message || "No pairs to show.");
  const notes = (info.notes || []).join(" ");
  const read =
    "The share of the metric's variation each pair explains beyond its two parameters' separate effects; pale: within noise. Click a pair for its heatmap.";
  return notes ? `${notes} ${read}` : read;
}

/**
 * The section, built once; `draw` brings it up to date with the traits.
 * @param {Traits & {uid: string}} options
 */
export function createInteractions({ get, save, uid }) {
  const scope = createScope();
  const el = h("section", "hpviz-pairs");
  el.id = `${uid}-pairs`;
  el.setAttribute("role", "region");
  const title = h("div", "hpviz-pairs-title", "Interactions: which parameters work together");
  title.id = `${uid}-pairs-title`;
  el.setAttribute("aria-labelledby", title.id);
  const note = h("div", "hpviz-pairs-note");
  note.setAttribute("aria-live", "polite");
  const list = h("ol", "hpviz-pairs-list");
  const legend = h("div", "hpviz-pairs-legend");
  el.append(title, note, list, legend);
  /** @type {Map<HTMLButtonElement, PairRow>} */
  const rowOf = new Map();
  let drawnKey = "";

  scope.listen(list, "click", (event) => {
    const button =
      event.target instanceof Element ? event.target.closest("button.hpviz-pair") : null;
    if (!(button instanceof HTMLButtonElement)) return;
    const row = rowOf.get(button);
    if (!row) return;
    const open = get("pair") || [];
    const same = open.length === 2 && open[0] === row.parameter_a && open[1] === row.parameter_b;
    save({ pair: same ? [] : [row.parameter_a, row.parameter_b] });
  });

  function draw() {
    const info = get("pairs_info") || {};
    const pairs = get("pairs") || [];
    const open = get("pair") || [];
    el.hidden = String(get("status") || "") !== "ready" && !pairs.length;
    note.textContent = pairsNote(info, pairs.length);
    el.dataset.status = String(info.status || "");
    const key = JSON.stringify([pairs, info.noise_floor]);
    if (key !== drawnKey) {
      drawnKey = key;
      rowOf.clear();
      const max = pairScale(pairs, info.noise_floor);
      const floor = floorFraction(info.noise_floor, max);
      list.replaceChildren(...pairs.map((row) => item(row, max, floor)));
      legend.textContent = pairs.length
        ? `Bar: strength, with its 90% interval; dashed line: the noise floor (${strengthText(info.noise_floor)}), the strength pairs with one parameter shuffled reach.`
        : "";
    }
    for (const [button, row] of rowOf) {
      const isOpen =
        open.length === 2 && open[0] === row.parameter_a && open[1] === row.parameter_b;
      button.setAttribute("aria-pressed", String(isOpen));
    }
  }

  /**
   * @param {PairRow} row
   * @param {number} max
   * @param {number | null} floor
   */
  function item(row, max, floor) {
    const li = h("li", "hpviz-pairs-item");
    const button = h("button", `hpviz-pair${row.useful ? "" : " hpviz-pair-noise"}`);
    button.type = "button";
    button.dataset.card = "pair";
    button.dataset.pair = JSON.stringify([row.parameter_a, row.parameter_b]);
    const name = h("span", "hpviz-pair-name", pairName(row));
    const track = h("span", "hpviz-pair-track");
    const bar = h("span", "hpviz-pair-bar");
    bar.style.width = `${(barFraction(row.strength, max) * 100).toFixed(2)}%`;
    track.append(bar);
    const whisker = whiskerGeometry(row.strength_low, row.strength_high, max);
    if (whisker) {
      const w = h("span", "hpviz-pair-whisker");
      w.style.left = `${(whisker.left * 100).toFixed(2)}%`;
      w.style.width = `${(whisker.width * 100).toFixed(2)}%`;
      track.append(w);
    }
    if (floor !== null) {
      const line = h("span", "hpviz-pair-floor");
      line.style.left = `${(floor * 100).toFixed(2)}%`;
      track.append(line);
    }
    const value = h("span", "hpviz-pair-value", strengthText(row.strength));
    button.append(name, track, value);
    button.setAttribute(
      "aria-label",
      `${pairName(row)}: strength ${strengthText(row.strength)}${row.useful ? "" : ", within noise"}. Open its heatmap`,
    );
    rowOf.set(button, row);
    li.append(button);
    return li;
  }

  /**
   * What a pair's hover card says.
   * @param {HTMLElement | SVGElement} trigger
   * @returns {Card | null}
   */
  function cardFor(trigger) {
    if (trigger.dataset.card !== "pair" || !(trigger instanceof HTMLButtonElement)) return null;
    const row = rowOf.get(trigger);
    if (!row) return null;
    const floor = get("pairs_info")?.noise_floor;
    return {
      title: pairName(row),
      lines: [
        `Strength ${strengthText(row.strength)} (90% interval ${strengthText(row.strength_low)}–${strengthText(row.strength_high)}): the share of ${String(get("metric") ?? "")}'s variation the pair explains beyond each parameter alone.`,
        row.useful
          ? `Above the noise floor (${strengthText(floor)}).`
          : `Within noise: pairs with one parameter shuffled reach ${strengthText(floor)}.`,
        `Measured over ${plural(row.n_runs)}.`,
      ],
    };
  }

  /**
   * Focus the button of `pair` (when its heatmap closes, focus goes back to it).
   * @param {string[]} pair
   */
  function focusPair(pair) {
    for (const [button, row] of rowOf) {
      if (row.parameter_a === pair[0] && row.parameter_b === pair[1]) button.focus();
    }
  }

  return { el, draw, cardFor, focusPair, dispose: scope.dispose };
}
