/**
 * The service's own metrics, named once for the functions that emit them (platform/metrics) and
 * the alarms and dashboard that read them (infra/). Pure data, so infra can import it.
 */

/** CloudWatch namespace of every metric below. */
export const METRICS_NAMESPACE = 'StudyAnalytics';

/** Things that happened, counted (`Count`). */
export const COUNT_METRICS = [
  'SessionsStarted',
  'SessionsEnded',
  'SessionsAdded',
  'SessionsCorrected',
  'SessionsDeleted',
  'PointsAwarded',
  /** Points given (positive) or taken back (negative) after a session was corrected or deleted. */
  'PointsAdjusted',
  'MilestonesReached',
  'EmailsSent',
  'EmailsFailed',
  'EmailsAbandoned',
  'OutboxPublished',
  'StudentsErased',
  /** An event whose facts the database does not bear out (no such session, not ended, not theirs). */
  'EventsRejected',
] as const;

/** Ages and durations, in seconds. */
export const SECONDS_METRICS = ['OutboxBacklogAge'] as const;

export type CountMetric = (typeof COUNT_METRICS)[number];
export type SecondsMetric = (typeof SECONDS_METRICS)[number];
export type MetricName = CountMetric | SecondsMetric;
