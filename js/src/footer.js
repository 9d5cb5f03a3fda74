// Under the table: how many parameters are shown and hidden, and the legend of its colours.

import { h } from "./dom.js";

/** @import { TableFacts } from "./table.js" */

/**
 * The summary under the table: "9 of 12 shown · 3 hidden · 5 constants or identifiers not listed".
 * The counts are of the parameters that vary (those a fit uses, the notes count), constants
 * and identifiers apart.
 * @param {number} nShown
 * @param {number} nParameters
 * @param {number} nHidden
 * @param {number} [nAside=0]
 */
export function summaryText(nShown, nParameters, nHidden, nAside = 0) {
  let text = `${nShown} of ${nParameters} shown`;
  if (nHidden > 0) text += ` · ${nHidden} hidden`;
  if (nAside > 0)
    text += ` · ${nAside} ${nAside === 1 ? "constant or identifier" : "constants or identifiers"} not listed`;
  return text;
}

/** The footer of one panel; `draw` takes what the table just drew. */
export function createFooter() {
  const el = h("div", "hpviz-footer");
  const summary = h("span", "hpviz-summary");
  const legend = h("span", "hpviz-legend");
  legend.setAttribute("aria-hidden", "true");
  const legendItems = [
    [
      "hpviz-swatch hpviz-good",
      "✓ helps",
      "Green correlation (✓), of a parameter or of one value: moving the parameter this way (or to that value) improves the metric; the number keeps r's own sign",
    ],
    [
      "hpviz-swatch hpviz-bad",
      "✗ hurts",
      "Red correlation (✗), of a parameter or of one value: moving the parameter this way (or to that value) worsens the metric; the number keeps r's own sign",
    ],
    [
      "hpviz-swatch hpviz-neutral",
      "≈ could be 0",
      "Grey correlation (≈), of a parameter or of one value: its 90% interval contains 0 (or too few runs for one), so its direction is not established",
    ],
    [
      "hpviz-swatch hpviz-swatch-pale",
      "pale: within noise",
      "A pale row: its importance does not clear the noise floor",
    ],
    [
      "hpviz-swatch hpviz-swatch-floor",
      "noise floor",
      "Dashed line: the importance shuffled copies of the parameters reach",
    ],
  ];
  /** @type {HTMLSpanElement[]} */
  const legendEls = [];
  for (const [cls, text, tip] of legendItems) {
    const item = h("span", "hpviz-legend-item");
    item.title = tip;
    item.append(h("span", cls), h("span", "", text));
    legend.append(item);
    legendEls.push(item);
  }
  const floorLegend = legendEls[4];
  el.append(summary, legend);

  /** @param {TableFacts} facts */
  function draw({ nShown, nParameters, nHidden, nAside, footer, floor }) {
    summary.textContent = summaryText(nShown, nParameters, nHidden, nAside);
    summary.title =
      nAside > 0
        ? "Constants and identifiers cannot explain the metric: the Parameters dialog lists them."
        : "";
    el.hidden = !footer;
    legend.hidden = nShown === 0;
    floorLegend.hidden = !floor;
  }

  return { el, draw };
}
