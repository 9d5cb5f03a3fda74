// The panel's first line: "Parameter importance with respect to [metric ▾]", the goal (a
// button that flips it: goal.js), the run count, and the live state (live.js): a spinner
// with the progress while Python computes, "updating…", whether the ranking has settled.

import { createScope, h } from "./dom.js";
import { groupThousands, plural } from "./format.js";
import { createGoalChip } from "./goal.js";
import { createLive } from "./live.js";

export { goalText } from "./goal.js";

/** @import { Traits } from "./types.js" */

/**
 * The run count next to the metric selector: "300 runs", or
 * "300 runs · 12 left out (no finite val_loss)".
 * @param {number} nRuns
 * @param {number} nExcluded
 * @param {string} metric
 */
export function runsText(nRuns, nExcluded, metric) {
  let text = plural(nRuns || 0);
  if (nExcluded > 0) text += ` · ${groupThousands(nExcluded)} left out (no finite ${metric})`;
  return text;
}

/**
 * The header; picking another metric in it saves `metric`. `rowsInPage` gives the table's rows
 * in the page (live.js marks those that moved).
 * @param {Traits & {rowsInPage: () => Iterable<[string, HTMLElement]>}} props
 */
export function createHeader({ get, save, rowsInPage }) {
  const scope = createScope();
  const el = h("div", "hpviz-header");
  const title = h("span", "hpviz-title", "Parameter importance with respect to");
  const select = h("select", "hpviz-select");
  select.setAttribute("aria-label", "Metric");
  const goal = createGoalChip({ get, save });
  const runs = h("span", "hpviz-runs");
  const live = createLive({ get, save, rowsInPage });
  el.append(title, select, goal.el, runs, live.el);

  scope.listen(select, "change", () => {
    if (select.value !== get("metric")) save({ metric: select.value });
  });

  let metricsKey = "";
  function draw() {
    live.draw();

    const metric = String(get("metric") ?? "");
    const metrics = get("metrics") || [];
    const options = metrics.includes(metric) || !metric ? metrics : [metric, ...metrics];
    const key = JSON.stringify(options);
    if (key !== metricsKey) {
      metricsKey = key;
      const fragment = document.createDocumentFragment();
      for (const name of options) {
        const option = h("option", "", name);
        option.value = name;
        fragment.append(option);
      }
      select.replaceChildren(fragment);
    }
    if (select.value !== metric) select.value = metric;
    goal.draw(metric);
    // No "0 runs" while the first analysis is under way: the count shows once it is known.
    const nRuns = Number(get("n_runs")) || 0;
    runs.hidden = nRuns === 0 && get("status") === "computing";
    runs.textContent = runsText(nRuns, Number(get("n_excluded")) || 0, metric);
  }

  return {
    el,
    draw,
    dispose() {
      goal.dispose();
      live.dispose();
      scope.dispose();
    },
  };
}
