/**
 * Performance analytics: overview, trends and comparisons, each one statement over the
 * student's daily facts (see facts.ts).
 */

import type { ActivityCounts } from '../core/learning-activities';
import { type Queryable, queryOne } from '../platform/data-api';
import type { PeriodKind } from '../vocabulary';
import type { Summary } from './facts';

export type OverviewPeriod = PeriodKind | 'all_time';

/** The first and last day of a period, as YYYY-MM-DD. */
export interface PeriodSpan {
  period_start: string;
  period_end: string;
}

export interface OverviewRow extends PeriodSpan {
  today: string;
  timezone: string;
  elapsed_days: number;
  current: Summary;
  previous: Summary | null;
  /** The previous period up to the same point as today is into the current one. */
  previous_to_date: Summary | null;
  previous_start: string | null;
  previous_end: string | null;
  /** The average test score of each day of the period with tests, in day order, for the trend. */
  test_scores: number[];
  /**
   * Every run of consecutive days with the streak minimum of study in the student's history:
   * [first day, days], for streaks. Runs, not days, keep the row small however long the history.
   */
  study_runs: [string, number][];
  /** Learning activities logged in the period, per type. */
  activity_counts: ActivityCounts;
}

// All of the student's history is read once (closed days are a row per day and class): the
// streak needs it, and the periods are slices of it. History runs from the first session or
// award to the last: an award keeps the day it was made on, which after a change of time zone
// can lie before the first session's day (or after today), and all-time points are the ledger's.
const OVERVIEW_SQL = `
WITH c AS (SELECT * FROM user_clock(:user_id)),
span AS (
  SELECT c.*,
         coalesce(least((SELECT local_day_of(min(s.start_time), c.tz, c.day_start_hour)
                         FROM study_sessions s WHERE s.user_id = :user_id),
                        (SELECT min(l.award_day) FROM points_ledger l WHERE l.user_id = :user_id)),
                  c.today) AS history_first,
         greatest(c.today, (SELECT max(l.award_day) FROM points_ledger l WHERE l.user_id = :user_id)) AS history_last,
         cur.first_day AS cur_first, cur.last_day AS cur_last,
         prev.first_day AS prev_first, prev.last_day AS prev_last
  FROM c,
  LATERAL period_bounds(CASE :period WHEN 'all_time' THEN 'daily' ELSE :period END, c.today, c.week_start) cur,
  LATERAL period_bounds(CASE :period WHEN 'all_time' THEN 'daily' ELSE :period END, cur.first_day - 1, c.week_start) prev
), bounds AS (
  SELECT span.*,
         CASE :period WHEN 'all_time' THEN least(history_first, today) ELSE cur_first END AS first_day,
         CASE :period WHEN 'all_time' THEN history_last ELSE cur_last END AS last_day,
         :period <> 'all_time' AS has_previous
  FROM span
), facts AS (
  SELECT f.* FROM bounds,
  LATERAL user_daily_facts(:user_id, least(bounds.history_first, bounds.prev_first, bounds.first_day), bounds.last_day) f
), scoped AS (
  SELECT * FROM facts WHERE CAST(:class_id AS bigint) IS NULL OR class_key = CAST(:class_id AS bigint)
)
SELECT to_char(b.first_day, 'YYYY-MM-DD') AS period_start, to_char(b.last_day, 'YYYY-MM-DD') AS period_end,
       to_char(b.today, 'YYYY-MM-DD') AS today, b.tz AS timezone,
       (least(b.last_day, b.today) - b.first_day + 1)::integer AS elapsed_days,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM scoped f
        WHERE f.day BETWEEN b.first_day AND b.last_day) AS current,
       CASE WHEN b.has_previous THEN
         (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM scoped f
          WHERE f.day BETWEEN b.prev_first AND b.prev_last) END AS previous,
       CASE WHEN b.has_previous THEN
         (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM scoped f
          WHERE f.day BETWEEN b.prev_first
                          AND same_point_end(b.prev_first, b.prev_last, b.first_day, b.last_day, b.today))
       END AS previous_to_date,
       CASE WHEN b.has_previous THEN to_char(b.prev_first, 'YYYY-MM-DD') END AS previous_start,
       CASE WHEN b.has_previous THEN to_char(b.prev_last, 'YYYY-MM-DD') END AS previous_end,
       coalesce((SELECT jsonb_agg(score ORDER BY day)
                 FROM (SELECT day, round(100.0 * sum(test_correct) / sum(test_items), 2) AS score
                       FROM scoped WHERE day BETWEEN b.first_day AND b.last_day
                       GROUP BY day HAVING sum(test_items) > 0) t), '[]') AS test_scores,
       coalesce((SELECT jsonb_agg(jsonb_build_array(to_char(r.first_day, 'YYYY-MM-DD'), r.days) ORDER BY r.first_day)
                 FROM (SELECT min(day) AS first_day, count(*)::integer AS days
                       FROM (SELECT day, day - (row_number() OVER (ORDER BY day))::integer AS run
                             FROM (SELECT day FROM facts GROUP BY day
                                   HAVING sum(studied_seconds / 60) >= streak_day_minimum_minutes()) q) d
                       GROUP BY run) r), '[]') AS study_runs,
       activity_counts(:user_id, b.first_day, least(b.last_day, b.today), b.tz, b.day_start_hour,
                       CAST(:class_id AS bigint)) AS activity_counts
FROM bounds b`;

export async function overview(
  db: Queryable,
  userId: string,
  period: OverviewPeriod,
  classId: number | undefined,
): Promise<OverviewRow> {
  return queryOne<OverviewRow>(
    db,
    OVERVIEW_SQL,
    {
      user_id: userId,
      period,
      class_id: classId ?? null,
    },
    'The overview query',
  );
}

export interface TrendBucket extends Summary, PeriodSpan {
  complete: boolean;
  /** The period's study minutes per class (null: study without a class), most first. */
  by_class: { class_id: number | null; minutes: number }[];
}

// The last `points` periods up to the current one. Each day's facts are keyed by the period
// they fall in, so grouping is a hash join however many periods there are.
const TRENDS_SQL = `
WITH c AS (SELECT * FROM user_clock(:user_id)),
cur AS (SELECT pb.* FROM c, period_bounds(:period, c.today, c.week_start) pb),
buckets AS (
  SELECT pb.first_day, pb.last_day, pb.last_day < c.today AS complete
  FROM c, cur, generate_series(0, CAST(:points AS integer) - 1) AS i,
  LATERAL period_bounds(:period, CASE :period
      WHEN 'daily' THEN cur.first_day - i
      WHEN 'weekly' THEN cur.first_day - 7 * i
      ELSE (cur.first_day - make_interval(months => i))::date END, c.week_start) pb
), facts AS (
  -- period_first_day is a plain SQL expression the planner inlines; period_bounds (a record)
  -- would be called for every day.
  SELECT period_first_day(:period, f.day, c.week_start) AS bucket, f
  FROM c, (SELECT min(first_day) AS a, max(last_day) AS z FROM buckets) r,
  LATERAL user_daily_facts(:user_id, r.a, r.z) f
), sums AS (
  SELECT bucket, (summarize(f)).* FROM facts GROUP BY bucket
), class_minutes AS (
  SELECT bucket, (f).class_key, (summarize(f)).minutes FROM facts GROUP BY bucket, (f).class_key
), by_class AS (
  SELECT bucket, jsonb_agg(jsonb_build_object('class_id', nullif(class_key, 0), 'minutes', minutes)
                           ORDER BY minutes DESC, class_key) AS classes
  FROM class_minutes WHERE minutes > 0 GROUP BY bucket
)
SELECT to_char(b.first_day, 'YYYY-MM-DD') AS period_start, to_char(b.last_day, 'YYYY-MM-DD') AS period_end,
       b.complete, coalesce(s.minutes, 0) AS minutes, coalesce(s.focus_minutes, 0) AS focus_minutes,
       coalesce(s.sessions, 0) AS sessions, coalesce(s.points, 0) AS points,
       coalesce(s.tests_taken, 0) AS tests_taken, s.average_test_score,
       coalesce(s.flashcards_reviewed, 0) AS flashcards_reviewed, s.flashcard_accuracy,
       coalesce(s.assignments_completed, 0) AS assignments_completed, s.average_mood,
       s.average_productivity, coalesce(s.rated_sessions, 0) AS rated_sessions,
       coalesce(bc.classes, '[]') AS by_class
FROM buckets b LEFT JOIN sums s ON s.bucket = b.first_day
LEFT JOIN by_class bc ON bc.bucket = b.first_day
ORDER BY b.first_day`;

export async function trendBuckets(
  db: Queryable,
  userId: string,
  period: PeriodKind,
  points: number,
): Promise<TrendBucket[]> {
  const { rows } = await db.query<TrendBucket>(TRENDS_SQL, { user_id: userId, period, points });
  return rows;
}

export interface ClassComparisonRow extends PeriodSpan {
  classes: ({ class_id: number | null; class_name: string | null; rank: number } & Summary)[];
}

const CLASS_COMPARISON_SQL = `
WITH c AS (SELECT * FROM user_clock(:user_id)),
cur AS (SELECT pb.* FROM c, period_bounds(:period, c.today, c.week_start) pb),
per_class AS (
  SELECT f.class_key, (summarize(f)).*
  FROM cur, LATERAL user_daily_facts(:user_id, cur.first_day, cur.last_day) f
  GROUP BY f.class_key
)
SELECT to_char(cur.first_day, 'YYYY-MM-DD') AS period_start, to_char(cur.last_day, 'YYYY-MM-DD') AS period_end,
       coalesce((SELECT jsonb_agg(class_json(p.class_key) || to_jsonb(p) - 'class_key'
                                  || jsonb_build_object('rank', p.rank) ORDER BY p.rank, p.class_key)
                 FROM (SELECT per_class.*, rank() OVER (ORDER BY minutes DESC) AS rank
                       FROM per_class) p), '[]') AS classes
FROM cur`;

export async function classComparison(db: Queryable, userId: string, period: PeriodKind) {
  return queryOne<ClassComparisonRow>(
    db,
    CLASS_COMPARISON_SQL,
    {
      user_id: userId,
      period,
    },
    'The class comparison',
  );
}

export interface PeriodComparisonRow {
  current: Summary & PeriodSpan;
  previous: Summary & PeriodSpan;
  previous_to_date: Summary & { period_end: string };
}

const PERIOD_COMPARISON_SQL = `
WITH c AS (SELECT * FROM user_clock(:user_id)),
cur AS (SELECT pb.* FROM c, period_bounds(:period, c.today, c.week_start) pb),
prev AS (SELECT pb.* FROM c, cur, period_bounds(:period, cur.first_day - 1, c.week_start) pb),
facts AS (SELECT f.* FROM cur, prev, LATERAL user_daily_facts(:user_id, prev.first_day, cur.last_day) f)
SELECT (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN cur.first_day AND cur.last_day)
         || jsonb_build_object('period_start', to_char(cur.first_day, 'YYYY-MM-DD'),
                               'period_end', to_char(cur.last_day, 'YYYY-MM-DD')) AS current,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN prev.first_day AND prev.last_day)
         || jsonb_build_object('period_start', to_char(prev.first_day, 'YYYY-MM-DD'),
                               'period_end', to_char(prev.last_day, 'YYYY-MM-DD')) AS previous,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN prev.first_day AND same_point.end_day)
         || jsonb_build_object('period_end', to_char(same_point.end_day, 'YYYY-MM-DD')) AS previous_to_date
FROM c, cur, prev,
LATERAL (SELECT same_point_end(prev.first_day, prev.last_day, cur.first_day, cur.last_day, c.today)
         AS end_day) same_point`;

export async function periodComparison(db: Queryable, userId: string, period: PeriodKind) {
  return queryOne<PeriodComparisonRow>(
    db,
    PERIOD_COMPARISON_SQL,
    {
      user_id: userId,
      period,
    },
    'The period comparison',
  );
}

export interface PeerComparisonRow extends PeriodSpan {
  minutes: number;
  cohort_size: number;
  below: number;
  equal: number;
}

// The last complete week or month, so every student's period is over in their own zone. Only
// counts of the cohort leave the database: no other student's figures. Each count is an
// index-only range of analytics_rollups_cohort (kind, period_start, minutes), so the answer reads
// a few index pages, never the cohort's rows (a count over a join read every one of them).
const PEER_COMPARISON_SQL = `
WITH c AS (SELECT * FROM user_clock(:user_id)),
cur AS (SELECT pb.* FROM c, period_bounds(:period, c.today, c.week_start) pb),
last AS (SELECT pb.* FROM c, cur, period_bounds(:period, cur.first_day - 1, c.week_start) pb),
mine AS (
  SELECT coalesce(sum(f.studied_seconds / 60), 0)::integer AS minutes
  FROM last, LATERAL user_daily_facts(:user_id, last.first_day, last.last_day) f
)
SELECT to_char(last.first_day, 'YYYY-MM-DD') AS period_start,
       to_char(last.last_day, 'YYYY-MM-DD') AS period_end, mine.minutes,
       (SELECT count(*) FROM analytics_rollups r
        WHERE r.kind = :period AND r.period_start = last.first_day)::integer AS cohort_size,
       (SELECT count(*) FROM analytics_rollups r
        WHERE r.kind = :period AND r.period_start = last.first_day
          AND r.minutes < mine.minutes)::integer AS below,
       (SELECT count(*) FROM analytics_rollups r
        WHERE r.kind = :period AND r.period_start = last.first_day
          AND r.minutes = mine.minutes)::integer AS equal
FROM last CROSS JOIN mine`;

export async function peerComparison(db: Queryable, userId: string, period: 'weekly' | 'monthly') {
  return queryOne<PeerComparisonRow>(
    db,
    PEER_COMPARISON_SQL,
    {
      user_id: userId,
      period,
    },
    'The peer comparison',
  );
}
