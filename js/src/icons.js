// Icons drawn as inline SVG (no emoji: where no emoji font is installed, "✨" shows as an empty
// box). They take the text colour (currentColor) and are hidden from assistive technology:
// the control they sit in has its own name.

const SVG = "http://www.w3.org/2000/svg";

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
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", className);
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "15");
  svg.setAttribute("height", "15");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const [d, paint] of WAND_PATHS) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    if (paint === "stroke") {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2.1");
      path.setAttribute("stroke-linecap", "round");
    } else {
      path.setAttribute("fill", "currentColor");
    }
    svg.append(path);
  }
  return svg;
}
