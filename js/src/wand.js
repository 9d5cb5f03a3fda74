// The wand's choice and the metric it was made for: while the wand's choice is in force (Python's
// `wand_choice`), the wand button says so and a line above the table offers to undo it (the
// hidden list from before the wand comes back); after a switch to another metric, it says the
// choice was made for the other metric and offers to apply the wand again for this one.

import { createScope, h } from "./dom.js";
import { wandIcon } from "./icons.js";

/** @import { Send, State, Traits } from "./types.js" */

/**
 * Whether the wand's choice is in force, and for which metric it was made.
 * @param {State["wand_choice"] | undefined} choice
 * @param {readonly string[]} hidden
 * @param {string} metric
 * @returns {{inForce: boolean, madeFor: string, otherMetric: boolean}}
 */
export function wandState(choice, hidden, metric) {
  const chosen = choice && Array.isArray(choice.hidden) ? choice.hidden : null;
  const inForce =
    chosen !== null &&
    chosen.length === hidden.length &&
    chosen.every((name, i) => name === hidden[i]);
  const madeFor = inForce && choice ? String(choice.metric ?? "") : "";
  return { inForce, madeFor, otherMetric: inForce && madeFor !== metric };
}

/**
 * What the line above the table says, true to the rows drawn: "above the noise floor" only
 * when every parameter shown is above it in the fit shown (a refit on fewer parameters moves
 * the floor, and the wand's fallback keeps one parameter when none clears it).
 * @param {{inForce: boolean, madeFor: string, otherMetric: boolean}} state
 * @param {string} metric
 * @param {readonly {parameter: string, useful?: boolean}[] | null} [shown]  the rows shown
 *   (null: not known yet, e.g. while the refit runs)
 */
export function wandText(state, metric, shown = null) {
  if (!state.inForce) return "";
  if (state.otherMetric) {
    return `The wand chose these parameters for ${state.madeFor}, not for ${metric}.`;
  }
  const lead = `Showing the wand's choice for ${metric}`;
  if (!shown || shown.length === 0) return `${lead}.`;
  const below = shown.filter((row) => !row.useful).map((row) => String(row.parameter));
  const n = shown.length;
  if (below.length === 0) {
    return n === 1
      ? `${lead}: the one parameter above the noise floor.`
      : `${lead}: the ${n} parameters above the noise floor.`;
  }
  if (below.length === n) {
    return n === 1
      ? `${lead}: no parameter clears the noise floor, so it kept the most important one.`
      : `${lead}: none of these ${n} parameters clears the noise floor.`;
  }
  const names =
    below.length <= 3
      ? below.join(", ")
      : `${below.slice(0, 3).join(", ")} and ${below.length - 3} more`;
  return `${lead}: ${n - below.length} of these ${n} parameters are above the noise floor; refitted without the others, ${names} ${below.length === 1 ? "falls" : "fall"} below it.`;
}

/**
 * The wand's line of one panel; `button` is the toolbar's wand.
 * @param {Traits & {send: Send, button: HTMLElement}} options
 */
export function createWandNotice({ get, send, button }) {
  const scope = createScope();
  const el = h("div", "hpviz-wand-notice");
  el.hidden = true;
  const text = h("span", "hpviz-wand-text");
  const reapply = h("button", "hpviz-btn hpviz-wand-reapply");
  reapply.type = "button";
  const undo = h("button", "hpviz-btn hpviz-wand-undo", "Undo");
  undo.type = "button";
  undo.setAttribute("aria-label", "Undo the wand: show the parameters shown before it");
  el.append(wandIcon("hpviz-wand-icon hpviz-wand-notice-icon"), text, reapply, undo);
  scope.listen(reapply, "click", () => send({ type: "auto_select" }));
  scope.listen(undo, "click", () => send({ type: "undo_auto_select" }));

  function draw() {
    const metric = String(get("metric") ?? "");
    const hidden = get("hidden") || [];
    const state = wandState(get("wand_choice"), hidden, metric);
    el.hidden = !state.inForce;
    const hiddenSet = new Set(hidden);
    const ready = get("status") === "ready";
    const shown = ready ? (get("rows") || []).filter((row) => !hiddenSet.has(row.parameter)) : null;
    text.textContent = wandText(state, metric, shown);
    reapply.hidden = !state.otherMetric;
    reapply.textContent = `Apply the wand for ${metric}`;
    button.classList.toggle("hpviz-wand-on", state.inForce);
    button.dataset.wandFor = state.madeFor;
  }

  return { el, draw, dispose: scope.dispose };
}
