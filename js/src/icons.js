// Icons drawn as inline SVG (no emoji: where no emoji font is installed, "✨" shows as an empty
// box). They take the text colour (currentColor) and are hidden from assistive technology:
// the control they sit in has its own name.

import { svg } from "./dom.js";

/** The magic wand: a stick and three sparkles, 16 × 16. */
const WAND_PATHS = [
  ["M2.2 14.3l7.6-7.6", "stroke"],
  ["M11.6.6l.9 2.2 2.2.9-2.2.9-.9 2.2-.9-2.2-2.2-.9 2.2-.9z", "fill"],
  ["M5.2 1.2l.5 1.2 1.2.5-1.2.5-.5 1.2-.5-1.2-1.2-.5 1.2-.5z", "fill"],
  ["M13.4 8.4l.5 1.2 1.2.5-1.2.5-.5 1.2-.5-1.2-1.2-.5 1.2-.5z", "fill"],
];

/**
 * A new wand icon (an `<svg>` with class `hpviz-wand-icon`).
 * @param {string} [className]
 * @returns {SVGSVGElement}
 */
export function wandIcon(className = "hpviz-wand-icon") {
  const icon = svg("svg", {
    class: className,
    viewBox: "0 0 16 16",
    width: 15,
    height: 15,
    "aria-hidden": "true",
    focusable: "false",
  });
  for (const [d, paint] of WAND_PATHS) {
    icon.append(
      svg(
        "path",
        paint === "stroke"
          ? {
              d,
              fill: "none",
              stroke: "currentColor",
              "stroke-width": 2.1,
              "stroke-linecap": "round",
            }
          : { d, fill: "currentColor" },
      ),
    );
  }
  return icon;
}
