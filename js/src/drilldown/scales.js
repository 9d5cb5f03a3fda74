// The drill-down's axes: domains, linear and log scales, round ticks, and the strip plot's
// jitter. Pure: no DOM.

/**
 * The axis range for values: their extent padded by 5% on each side (in log10 for a log
 * axis), or a unit around a single value. Non-finite values (and non-positive ones on a log
 * axis) are ignored; [0, 1] (log: [1, 10]) when nothing is left.
 * @param {readonly number[]} values
 * @param {boolean} [log=false]
 * @returns {[number, number]}
 */
export function paddedDomain(values, log = false) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (typeof value !== "number" || !Number.isFinite(value) || (log && value <= 0)) continue;
    const v = log ? Math.log10(value) : value;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return log ? [1, 10] : [0, 1];
  if (lo === hi) {
    const pad = log ? 0.5 : Math.abs(lo) * 0.1 || 0.5;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

/**
 * A function from a value in `domain` to a coordinate in `range`, linear or logarithmic.
 * @param {[number, number]} domain
 * @param {[number, number]} range
 * @param {boolean} [log=false]
 * @returns {(value: number) => number}
 */
export function makeScale(domain, range, log = false) {
  const f = log ? Math.log10 : (/** @type {number} */ v) => v;
  const d0 = f(domain[0]);
  const span = f(domain[1]) - d0 || 1;
  const [r0, r1] = range;
  return (value) => r0 + ((f(value) - d0) / span) * (r1 - r0);
}

/**
 * About `count` round tick values (1, 2 or 5 × a power of ten apart) inside [min, max].
 * @param {number} min
 * @param {number} max
 * @param {number} [count=5]
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  const ticks = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/**
 * Tick values of a log axis over [min, max] (both > 0): the powers of ten inside it (every
 * other one, or fewer, when there are more than 8); when fewer than two fit, round values
 * as on a linear axis.
 * @param {number} min
 * @param {number} max
 * @returns {number[]}
 */
export function logTicks(min, max) {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  const first = Math.ceil(Math.log10(min) - 1e-9);
  const last = Math.floor(Math.log10(max) + 1e-9);
  if (last - first < 1) return niceTicks(min, max, 4);
  const every = Math.ceil((last - first + 1) / 8);
  const ticks = [];
  for (let k = first; k <= last; k += every) ticks.push(Number((10 ** k).toPrecision(12)));
  return ticks;
}

/**
 * A deterministic horizontal offset in [-1, 1) for the i-th point of a strip, spread evenly
 * (golden-ratio sequence), so the same data always draws the same picture.
 * @param {number} i
 */
export function jitter(i) {
  const x = (i * 0.6180339887498949) % 1;
  return 2 * x - 1;
}
