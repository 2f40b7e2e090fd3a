/** Trend series as the API answers them: one metric's value and sample size per period. */

import { trendOf } from '../core/trends';
import type { TrendBucket } from '../data/analytics';
import type { PeriodKind } from '../vocabulary';

export type TrendMetric =
  | 'study_time'
  | 'test_average'
  | 'flashcard_accuracy'
  | 'sessions'
  | 'focus_minutes';

/** A period's value of the metric (null: nothing to average) and how many things it is over. */
const METRICS: Record<
  TrendMetric,
  (b: TrendBucket) => { value: number | null; sample_size: number }
> = {
  study_time: (b) => ({ value: b.minutes, sample_size: b.sessions }),
  test_average: (b) => ({ value: b.average_test_score, sample_size: b.tests_taken }),
  flashcard_accuracy: (b) => ({ value: b.flashcard_accuracy, sample_size: b.flashcards_reviewed }),
  sessions: (b) => ({ value: b.sessions, sample_size: b.sessions }),
  focus_minutes: (b) => ({ value: b.focus_minutes, sample_size: b.sessions }),
};

const UNITS: Record<TrendMetric, string> = {
  study_time: 'minutes',
  test_average: 'percent',
  flashcard_accuracy: 'percent',
  sessions: 'sessions',
  focus_minutes: 'minutes',
};

/**
 * The series of the last periods, oldest first, zeros included. The trend is fitted on complete
 * periods only: the current one is still filling up and would read as a decline.
 */
export function trendsOf(buckets: readonly TrendBucket[], metric: TrendMetric, period: PeriodKind) {
  const data_points = buckets.map((b) => ({
    period_start: b.period_start,
    period_end: b.period_end,
    complete: b.complete,
    ...METRICS[metric](b),
    // Study time splits into classes (they add up to the value); the other metrics do not.
    ...(metric === 'study_time' ? { by_class: b.by_class } : {}),
  }));
  const trend = trendOf(data_points.filter((p) => p.complete).map((p) => p.value));
  return { metric_type: metric, period, unit: UNITS[metric], data_points, ...trend };
}
