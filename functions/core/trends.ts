/**
 * Trend of a series of period values from an ordinary least-squares line.
 *
 * Only periods with a value count (a period without tests has no test average; a period without
 * study has 0 minutes, which is a value). `trend_percentage` is how much the fitted line rises or
 * falls across the window, relative to the series mean: slope × (last x − first x) ÷ mean × 100.
 * Within ±5 % the trend is stable; fewer than 3 values, or a series that is all zero, is
 * insufficient data. Every metric here is better when higher.
 */

import { roundHalfAwayFromZero } from './rounding';

export type TrendDirection = 'improving' | 'declining' | 'stable' | 'insufficient_data';

export const MIN_TREND_VALUES = 3;
export const STABLE_BAND_PERCENT = 5;

export interface Trend {
  overall_trend: TrendDirection;
  trend_percentage: number | null;
  /** Change of the fitted line per period, in the metric's unit. */
  slope: number | null;
}

/** Slope of the least-squares line through (x, y); 0 when all x are equal. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

/** The trend of `values` in period order; null entries are periods without a value. */
export function trendOf(values: readonly (number | null)[]): Trend {
  const points = values.flatMap((y, x) => (y === null ? [] : [{ x, y }]));
  const mean = points.reduce((s, p) => s + p.y, 0) / (points.length || 1);
  if (points.length < MIN_TREND_VALUES || mean <= 0) {
    return { overall_trend: 'insufficient_data', trend_percentage: null, slope: null };
  }
  const slope = leastSquaresSlope(points);
  const span = (points.at(-1)?.x ?? 0) - (points[0]?.x ?? 0);
  const percentage = roundHalfAwayFromZero(((slope * span) / mean) * 100, 1);
  const overall_trend =
    percentage >= STABLE_BAND_PERCENT
      ? 'improving'
      : percentage <= -STABLE_BAND_PERCENT
        ? 'declining'
        : 'stable';
  return { overall_trend, trend_percentage: percentage, slope: roundHalfAwayFromZero(slope, 3) };
}
