// The panel's hover cards: one card per panel (role "tooltip"), shown next to an element that
// has a `data-card` attribute when the pointer rests on it, when it gets the keyboard's focus,
// or when a finger taps it; it stays while its element is hovered or focused, and Escape, a tap
// elsewhere or leaving hides it (persistent and dismissible, WCAG 1.4.13; it lets the pointer
// through, so it never blocks a click on the row below it). What a card says comes
// from `contentFor` (cards.js builds the texts) and reaches the page only through textContent.

import { createScope, h } from "./dom.js";

/** @import { Card } from "./cards.js" */
/** @typedef {HTMLElement | SVGElement} Trigger  an element with a card (a plot's points are SVG) */

const SHOW_DELAY = 250; // ms the pointer rests before a card shows (none once one is shown)
const HIDE_DELAY = 120; // ms to move from the element onto the card

/**
 * The hover card of one panel, in `root` (which is positioned: the card is placed in it).
 * @param {{root: HTMLElement, uid: string, contentFor: (trigger: Trigger) => Card | null}} options
 */
export function createHovercard({ root, uid, contentFor }) {
  const scope = createScope();
  const card = h("div", "hpviz-card");
  card.id = `${uid}-card`;
  card.setAttribute("role", "tooltip");
  const title = h("div", "hpviz-card-title");
  const body = h("div", "hpviz-card-body");
  card.append(title, body);
  /** @type {Trigger | null} */
  let current = null;
  let timer = 0;
  let tapped = false; // the card was just opened by a tap: the tap's click does nothing else

  /** @param {EventTarget | null} target */
  const triggerOf = (target) => {
    const el = target instanceof Element ? target.closest("[data-card]") : null;
    return (el instanceof HTMLElement || el instanceof SVGElement) && root.contains(el) ? el : null;
  };

  /** @param {Trigger} trigger */
  function show(trigger) {
    clearTimeout(timer);
    const content = contentFor(trigger);
    if (!content) return hide();
    current = trigger;
    title.textContent = content.title;
    body.replaceChildren(...content.lines.map((line) => h("div", "hpviz-card-line", line)));
    if (card.parentNode !== root) root.append(card);
    card.hidden = false;
    place(trigger);
  }

  function hide() {
    clearTimeout(timer);
    current = null;
    card.hidden = true;
    card.remove();
  }

  /** Below the trigger (above it when there is no room below), inside the panel. */
  function place(/** @type {Trigger} */ trigger) {
    const box = root.getBoundingClientRect();
    const at = trigger.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const left = Math.max(4, Math.min(at.left - box.left, root.clientWidth - width - 4));
    let top = at.bottom - box.top + 6;
    if (top + height > root.clientHeight && at.top - box.top - height - 6 >= 0)
      top = at.top - box.top - height - 6;
    card.style.left = `${Math.round(left)}px`;
    card.style.top = `${Math.round(top)}px`;
  }

  /** @param {() => void} action @param {number} delay */
  const later = (action, delay) => {
    clearTimeout(timer);
    timer = window.setTimeout(action, delay);
  };

  scope.listen(root, "pointerover", (event) => {
    if (!(event instanceof PointerEvent) || event.pointerType === "touch") return;
    if (card.contains(/** @type {Node} */ (event.target))) return clearTimeout(timer);
    const trigger = triggerOf(event.target);
    if (trigger === current && trigger) return clearTimeout(timer);
    if (trigger) later(() => show(trigger), current ? 0 : SHOW_DELAY);
    else if (current && current !== document.activeElement) later(hide, HIDE_DELAY);
    else clearTimeout(timer);
  });
  scope.listen(root, "pointerleave", () => {
    if (current && current !== document.activeElement) later(hide, HIDE_DELAY);
    else clearTimeout(timer);
  });
  scope.listen(root, "focusin", (event) => {
    const trigger = triggerOf(event.target);
    if (trigger && trigger === event.target) show(trigger);
    else if (current) hide();
  });
  scope.listen(root, "focusout", (event) => {
    if (current && event.target === current) hide();
  });
  // A tap on an element with a card shows its card (and nothing else); a tap elsewhere hides it.
  scope.listen(root, "pointerdown", (event) => {
    if (!(event instanceof PointerEvent) || event.pointerType !== "touch") return;
    const trigger = triggerOf(event.target);
    tapped = Boolean(trigger && trigger !== current);
    if (trigger && trigger !== current) show(trigger);
    else if (!card.contains(/** @type {Node} */ (event.target))) hide();
  });
  scope.listen(
    root,
    "click",
    (event) => {
      if (!tapped) return;
      tapped = false;
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );
  // Escape hides the card first (the dialog or the plot it is over stay open).
  scope.listen(
    root,
    "keydown",
    (event) => {
      if (!(event instanceof KeyboardEvent) || event.key !== "Escape" || !current) return;
      event.preventDefault();
      event.stopPropagation();
      hide();
    },
    true,
  );

  return {
    el: card,
    hide,
    /** Redraw the card's text (the data under it changed) or hide it (its element is gone). */
    refresh() {
      if (!current) return;
      if (current.isConnected) show(current);
      else hide();
    },
    dispose() {
      hide();
      scope.dispose();
    },
  };
}
