// Building and updating the panel's elements: text only ever goes in as textContent, never as
// markup. Nothing here runs at import time, so Node can import the modules that use it.

/**
 * An element with a class and its text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An SVG element with attributes and its text.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A plot's y axis title: `text` turned upright along the left edge, centred at `cy`.
 * @param {number} cy
 * @param {string} text
 */
export function yAxisTitle(cy, text) {
  return svg(
    "text",
    {
      class: "hpviz-axis-title",
      x: 12,
      y: cy,
      "text-anchor": "middle",
      transform: `rotate(-90 12 ${cy})`,
    },
    text,
  );
}

/**
 * `node`, checked to be a `type`: an element found by its place in a template's clone, or an
 * event's target.
 * @template {Element} T
 * @param {unknown} node
 * @param {{new (): T, prototype: T}} type
 * @returns {T}
 */
export function as(node, type) {
  if (node instanceof type) return node;
  throw new TypeError(`hpviz: expected a ${type.name}, found ${String(node)}`);
}

/**
 * A search box: `label` is both its placeholder and its accessible name.
 * @param {string} className
 * @param {string} label
 */
export function searchInput(className, label) {
  const input = h("input", `hpviz-input ${className}`);
  input.type = "search";
  input.placeholder = label;
  input.setAttribute("aria-label", label);
  input.autocomplete = "off";
  input.spellcheck = false;
  return input;
}

/**
 * Make `parent`'s children exactly `nodes`, in order, moving as few as possible. When the
 * children kept keep their order (a search narrowed or widened, a row hidden or shown), only
 * the difference is removed or inserted and the browser keeps the layout of the rest;
 * otherwise (a new order) the children are replaced in one go. Returns whether anything moved.
 * @param {Element} parent
 * @param {Element[]} nodes
 */
export function syncChildren(parent, nodes) {
  const current = parent.children;
  let same = current.length === nodes.length;
  for (let i = 0; same && i < nodes.length; i++) same = current[i] === nodes[i];
  if (same) return false;
  /** @type {Map<Element, number>} */
  const position = new Map();
  Array.from(current).forEach((child, i) => {
    position.set(child, i);
  });
  let last = -1;
  let kept = 0;
  let ordered = true;
  for (const node of nodes) {
    const at = position.get(node);
    if (at === undefined) continue;
    kept++;
    if (at < last) {
      ordered = false;
      break;
    }
    last = at;
  }
  if (ordered && kept > 0) {
    const wanted = new Set(nodes);
    for (const child of position.keys()) if (!wanted.has(child)) child.remove();
    let cursor = parent.firstElementChild;
    for (const node of nodes) {
      if (cursor === node) cursor = cursor.nextElementSibling;
      else parent.insertBefore(node, cursor);
    }
  } else {
    parent.replaceChildren(...nodes);
  }
  return true;
}

/**
 * The event listeners and other things a part must undo when the panel goes away.
 * @returns {{listen: (target: EventTarget, type: string, listener: EventListener, options?: boolean | AddEventListenerOptions) => void, defer: (undo: () => void) => void, dispose: () => void}}
 */
export function createScope() {
  /** @type {Array<() => void>} */
  const undos = [];
  return {
    listen(target, type, listener, options) {
      target.addEventListener(type, listener, options);
      undos.push(() => target.removeEventListener(type, listener, options));
    },
    defer(undo) {
      undos.push(undo);
    },
    dispose() {
      for (const undo of undos.splice(0)) undo();
    },
  };
}
