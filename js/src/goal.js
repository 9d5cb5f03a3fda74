// The goal chip in the header: "↓ lower is better", a button that flips the goal (the `goal`
// trait, maximize ↔ minimize). When nobody said the goal (the source does not give it and the
// metric's name leaves it open: `value`, `score`), it says so: "lower is better? (a guess)".

import { createScope, h } from "./dom.js";

/** @import { Goal, Traits } from "./types.js" */

/**
 * "lower is better" / "higher is better".
 * @param {string} goal
 */
export function goalText(goal) {
  return goal === "maximize" ? "higher is better" : "lower is better";
}

/**
 * The other goal.
 * @param {string} goal
 * @returns {Goal}
 */
export function flippedGoal(goal) {
  return goal === "maximize" ? "minimize" : "maximize";
}

/**
 * The chip's text, its accessible name (what a click does) and its tooltip.
 * @param {string} goal
 * @param {string} metric
 * @param {boolean} guessed
 */
export function goalChip(goal, metric, guessed) {
  const now = goalText(goal);
  const other = goalText(flippedGoal(goal));
  const said = guessed ? `${now} for ${metric}, a guess` : `${now} for ${metric}`;
  return {
    text: guessed ? `${now} (a guess)` : now,
    label: `Goal: ${said}. Switch to ${other}`,
    title: guessed
      ? `Nobody said whether ${metric} should go up or down, so "${now}" is a guess from its name. ` +
        `It decides the colours and the best run. Click to switch to ${other}.`
      : `Goal: ${goal === "maximize" ? "maximize" : "minimize"} ${metric}. Click to switch to ${other}.`,
  };
}

/**
 * The chip; a click (or Enter, Space: it is a button) saves the other goal.
 * @param {Traits} traits
 */
export function createGoalChip({ get, save }) {
  const scope = createScope();
  const el = h("button", "hpviz-goal");
  el.type = "button";
  scope.listen(el, "click", () => save({ goal: flippedGoal(String(get("goal"))) }));

  /** @param {string} metric */
  function draw(metric) {
    const goal = String(get("goal") || "minimize");
    const guessed = Boolean(get("goal_guessed"));
    const chip = goalChip(goal, metric, guessed);
    el.textContent = chip.text;
    el.setAttribute("aria-label", chip.label);
    el.title = chip.title;
    el.dataset.goal = goal === "maximize" ? "maximize" : "minimize";
    el.classList.toggle("hpviz-goal-guessed", guessed);
  }

  return { el, draw, dispose: scope.dispose };
}
