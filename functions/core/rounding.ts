/**
 * The one rounding rule for figures people read: halves round away from zero, so a change and
 * its opposite round alike (+138.75 → +138.8, −78.25 → −78.3), as PostgreSQL's numeric round()
 * rounds the figures SQL computes. Minutes are never rounded here: they are whole minutes per
 * day and class, summed (see docs/rules.md).
 */

/**
 * `value` to `places` decimals, halves away from zero. The scaled value is first read to 15
 * significant digits, so binary noise (2.675 × 100 = 267.49999999999997) does not decide.
 */
export function roundHalfAwayFromZero(value: number, places = 1): number {
  const scale = 10 ** places;
  const scaled = Number((Math.abs(value) * scale).toPrecision(15));
  const rounded = Math.round(scaled) / scale;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** `part` as a percentage of `whole`, rounded by the rule; null when `whole` is 0. */
export const percentOf = (part: number, whole: number, places = 1): number | null =>
  whole === 0 ? null : roundHalfAwayFromZero((part * 100) / whole, places);
