// Numbers as the panel writes them: fixed decimals with a true minus sign, metric values in
// about four significant digits, counts with thousands separators. Pure: no DOM.

/** A true minus sign: "−0.5" reads better than "-0.5" and has the width of a digit. */
export const MINUS = "\u2212";
/** What a missing number shows. */
export const DASH = "\u2013";

/**
 * Whether `value` is a number other than NaN (the Python side sends NaN as null, but a number
 * computed here may still be one).
 * @param {unknown} value
 * @returns {value is number}
 */
export function isNumber(value) {
  return typeof value === "number" && !Number.isNaN(value);
}

/**
 * A number with a fixed number of decimals and a true minus sign; "–" when missing.
 * Never "−0.00": values that round to zero have no sign.
 * @param {number | null | undefined} value
 * @param {number} [digits=3]
 */
export function formatNumber(value, digits = 3) {
  if (typeof value !== "number" || !Number.isFinite(value)) return DASH;
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

/**
 * A metric value (a mean) in about four significant digits: 0.5321, 12.35, 1234, 1.2e-5.
 * @param {number | null | undefined} value
 */
export function formatMetric(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return DASH;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  let text;
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    text = value
      .toExponential(2)
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  } else if (magnitude >= 1000) {
    text = String(Math.round(value));
  } else {
    text = String(Number(value.toPrecision(4)));
  }
  return text.replace(/^-/, MINUS);
}

/**
 * "300 runs", "1 run", "1,200 runs".
 * @param {number} n
 * @param {string} [word="run"]
 */
export function plural(n, word = "run") {
  const count = Number.isFinite(n) ? n : 0;
  return `${groupThousands(count)} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * An integer with thousands separators: 1200 → "1,200" (Number#toLocaleString is slow).
 * @param {number} n
 */
export function groupThousands(n) {
  const text = String(n);
  return Math.abs(n) < 1000 || !Number.isInteger(n) ? text : text.replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * A long dotted name split where it is cut in the middle: `[head, tail]`, the tail being the
 * last parts of the name (after a "." or "/", up to about 24 characters, or the last 8
 * characters of a name without parts), which stays whole while the head gives way to "…".
 * `["", name]` when the name is short or has nothing to keep.
 * @param {string} name
 * @returns {[string, string]}
 */
export function splitName(name) {
  const text = String(name);
  if (text.length <= 12) return ["", text];
  const parts = text.split(/(?<=[./])/);
  if (parts.length < 2) return [text.slice(0, -8), text.slice(-8)];
  let tail = parts[parts.length - 1];
  for (let i = parts.length - 2; i > 0 && tail.length + parts[i].length <= 24; i--)
    tail = parts[i] + tail;
  return [text.slice(0, text.length - tail.length), tail];
}

/**
 * A category value split where it is cut in the middle, like a name (splitName) but keeping
 * less of the end, since a value's column is narrow: `[head, tail]`, the tail being the last
 * part after a "/" or "." (up to about 16 characters), or the last 6 characters. A long path
 * such as "/gpfs/data/fs1/set_a" reads "/gpfs/da…/set_a", so values that differ at the end
 * stay apart. `["", value]` when short.
 * @param {string} value
 * @returns {[string, string]}
 */
export function splitValue(value) {
  const text = String(value);
  if (text.length <= 10) return ["", text];
  const parts = text.split(/(?<=[./_-])/);
  let tail = parts[parts.length - 1];
  if (parts.length < 2 || tail.length > 16 || tail.length < 3) tail = text.slice(-6);
  return [text.slice(0, text.length - tail.length), tail];
}
