/** Comparisons as the API answers them. */

import { periodChange } from '../core/periods';
import { percentOf, roundHalfAwayFromZero } from '../core/rounding';
import type { ClassComparisonRow, PeerComparisonRow, PeriodComparisonRow } from '../data/analytics';
import type { PeriodKind } from '../vocabulary';

/** Below this many students in a period, no percentile is given: too few to hide in. */
export const MINIMUM_PEER_COHORT = 20;

export function byClass(row: ClassComparisonRow, period: PeriodKind) {
  return {
    compare_by: 'class' as const,
    period,
    period_start: row.period_start,
    period_end: row.period_end,
    classes: row.classes.map((c) => ({
      class_id: c.class_id,
      class_name: c.class_name,
      minutes: c.minutes,
      sessions: c.sessions,
      average_test_score: c.average_test_score,
      points: c.points,
      rank: c.rank,
    })),
  };
}

const periodFigures = (s: PeriodComparisonRow['current']) => ({
  period_start: s.period_start,
  period_end: s.period_end,
  minutes: s.minutes,
  sessions: s.sessions,
  points: s.points,
  tests_taken: s.tests_taken,
  average_test_score: s.average_test_score,
  focus_minutes: s.focus_minutes,
});

export function byPeriod(row: PeriodComparisonRow, period: PeriodKind) {
  return {
    compare_by: 'period' as const,
    period,
    current: periodFigures(row.current),
    previous: periodFigures(row.previous),
    /** Against the previous period up to the same day: an open week against the same weekdays. */
    previous_to_date: {
      period_end: row.previous_to_date.period_end,
      minutes: row.previous_to_date.minutes,
      sessions: row.previous_to_date.sessions,
      points: row.previous_to_date.points,
    },
    // The current period is still open: compared with the previous one up to the same day.
    change: {
      ...periodChange({
        current: row.current,
        previous: row.previous,
        previousToDate: row.previous_to_date,
        closed: false,
      }),
      average_test_score_points:
        row.current.average_test_score !== null && row.previous.average_test_score !== null
          ? roundHalfAwayFromZero(
              row.current.average_test_score - row.previous.average_test_score,
              2,
            )
          : null,
    },
  };
}

/**
 * Percentile rank of the student's minutes among the students who studied in the last complete
 * period: the share below plus half the share equal, so the middle student is at 50.
 */
export function byPeers(row: PeerComparisonRow, period: 'weekly' | 'monthly') {
  const enough = row.cohort_size >= MINIMUM_PEER_COHORT;
  return {
    compare_by: 'peers' as const,
    period,
    period_start: row.period_start,
    period_end: row.period_end,
    minutes: row.minutes,
    cohort_size: row.cohort_size,
    minimum_cohort: MINIMUM_PEER_COHORT,
    percentile: enough ? percentOf(row.below + row.equal / 2, row.cohort_size) : null,
    ...(enough ? {} : { reason: 'Too few students studied in this period to compare.' }),
  };
}
