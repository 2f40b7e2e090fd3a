/**
 * Daily, weekly and monthly reports: one statement gives the period, its days and classes, its
 * sessions, the student's goals and the previous period, all in the student's own days.
 */

import type { ReportAnswer } from '../contracts/report-answers';
import type { ActivityCounts } from '../core/learning-activities';
import type { Queryable } from '../platform/data-api';
import { typed } from '../platform/sql-values';
import type { PeriodKind } from '../vocabulary';
import type { Summary } from './facts';
import { GOAL_FROM, GOAL_VIEW, type GoalRow } from './goals';

export interface ReportDay extends Summary {
  date: string;
}

export interface ReportClass extends Summary {
  class_id: number | null;
  class_name: string | null;
}

/** A session as the report answers it (its minutes inside the period, whether auto-closed). */
export type ReportSession = ReportAnswer['sessions'][number];

export interface ReportRow {
  period: string;
  period_start: string;
  period_end: string;
  previous_period: string;
  previous_start: string;
  previous_end: string;
  today: string;
  timezone: string;
  week_start: string;
  summary: Summary;
  previous: Summary;
  previous_to_date: Summary;
  days: ReportDay[];
  classes: ReportClass[];
  sessions: ReportSession[];
  goals: GoalRow[];
  /** Days with the streak minimum of study in the year up to the period's end. */
  streak_days: string[];
  /** Learning activities logged in the period, per type. */
  activity_counts: ActivityCounts;
}

/** At most this many sessions are listed in a report (a month of heavy use fits). */
export const REPORT_SESSION_LIMIT = 500;
/** At most this many active goals are shown in a report (the oldest first). */
export const REPORT_GOAL_LIMIT = 100;

// One statement: the period's head (summaries, days, streak days, activities), then one row per
// class, session and goal. The SQL helpers are in migrations 022 and 023.
const REPORT_SQL = `
WITH prefs AS (SELECT * FROM user_clock(:user_id)),
cur AS (SELECT pb.* FROM prefs, period_bounds(:kind, coalesce(CAST(:anchor AS date), prefs.today), prefs.week_start) pb),
prev AS (SELECT pb.* FROM prefs, cur, period_bounds(:kind, cur.first_day - 1, prefs.week_start) pb),
bounds AS (
  SELECT local_day_start(cur.first_day, prefs.tz, prefs.day_start_hour) AS a,
         local_day_start(cur.last_day + 1, prefs.tz, prefs.day_start_hour) AS b
  FROM prefs, cur
),
-- One read of the year up to the period's end: the period, the previous one and the streak.
facts AS (
  SELECT f.* FROM prefs, cur, prev,
  LATERAL user_daily_facts(:user_id, least(prev.first_day, least(cur.last_day, prefs.today) - 366),
                           cur.last_day) f
),
days AS (
  SELECT g::date AS day, summarize(f::analytics_snapshots) FILTER (WHERE f.day IS NOT NULL) AS summary
  FROM cur CROSS JOIN generate_series(cur.first_day, cur.last_day, interval '1 day') AS g
  LEFT JOIN facts f ON f.day = g::date
  GROUP BY g
),
classes_in AS (
  SELECT f.class_key, summarize(f::analytics_snapshots) AS summary
  FROM facts f, cur WHERE f.day BETWEEN cur.first_day AND cur.last_day GROUP BY f.class_key
),
sessions_in AS (
  SELECT s, session_studied_between(s, bounds.a, bounds.b) / 60 AS minutes_in_period
  FROM study_sessions s, bounds
  WHERE s.user_id = :user_id AND s.end_time IS NOT NULL
    AND s.start_time < bounds.b AND s.end_time > bounds.a
  ORDER BY s.start_time, s.id
  LIMIT :session_limit
),
streak_days AS (
  SELECT f.day FROM prefs, cur, facts f WHERE f.day <= least(cur.last_day, prefs.today)
  GROUP BY f.day HAVING sum(f.studied_seconds / 60) >= streak_day_minimum_minutes()
),
head AS (
  SELECT period_label(:kind, cur.first_day, prefs.week_start) AS period,
       to_char(cur.first_day, 'YYYY-MM-DD') AS period_start, to_char(cur.last_day, 'YYYY-MM-DD') AS period_end,
       period_label(:kind, prev.first_day, prefs.week_start) AS previous_period,
       to_char(prev.first_day, 'YYYY-MM-DD') AS previous_start, to_char(prev.last_day, 'YYYY-MM-DD') AS previous_end,
       to_char(prefs.today, 'YYYY-MM-DD') AS today, prefs.tz AS timezone, prefs.week_start,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN cur.first_day AND cur.last_day) AS summary,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN prev.first_day AND prev.last_day) AS previous,
       (SELECT to_jsonb(summarize(f::analytics_snapshots)) FROM facts f
        WHERE f.day BETWEEN prev.first_day
                        AND same_point_end(prev.first_day, prev.last_day, cur.first_day, cur.last_day, prefs.today)
       ) AS previous_to_date,
       (SELECT jsonb_agg(jsonb_build_object('date', to_char(day, 'YYYY-MM-DD')) || to_jsonb(summary)
                         ORDER BY day) FROM days) AS days,
       coalesce((SELECT jsonb_agg(to_char(day, 'YYYY-MM-DD') ORDER BY day) FROM streak_days), '[]') AS streak_days,
       activity_counts(:user_id, cur.first_day, cur.last_day, prefs.tz, prefs.day_start_hour, NULL) AS activity_counts
  FROM prefs, cur, prev
)
SELECT 'head' AS part, to_jsonb(head) AS item, 0 AS n FROM head
UNION ALL
SELECT 'class', class_json(c.class_key) || to_jsonb(c.summary),
       row_number() OVER (ORDER BY (c.summary).minutes DESC, c.class_key)
FROM classes_in c
UNION ALL
SELECT 'session', jsonb_build_object(
         'session_id', (x.s).id, 'session_type', (x.s).session_type,
         'focus_mode', (x.s).focus_mode, 'start_time', api_time((x.s).start_time),
         'end_time', api_time((x.s).end_time), 'duration_minutes', (x.s).duration_seconds / 60,
         'minutes_in_period', x.minutes_in_period, 'mood_rating', (x.s).mood_rating,
         'productivity_rating', (x.s).productivity_rating, 'auto_closed', (x.s).auto_closed)
         || class_json(coalesce((x.s).class_id, 0)),
       row_number() OVER (ORDER BY (x.s).start_time, (x.s).id)
FROM sessions_in x
UNION ALL
-- Reports show no goal descriptions, so a goal's row stays small. The goal columns are the ones
-- every goal statement answers with (GOAL_VIEW and GOAL_FROM in ./goals).
SELECT 'goal', to_jsonb(goal) || '{"goal_description": null}'::jsonb, goal.goal_id
FROM (SELECT ${GOAL_VIEW} ${GOAL_FROM('study_goals')}
      WHERE g.user_id = :user_id AND g.status = 'active'
      ORDER BY g.id LIMIT :goal_limit) goal
ORDER BY part, n`;

/** The report of the `kind` period containing local day `anchor` (default: the current one). */
export async function report(
  db: Queryable,
  userId: string,
  kind: PeriodKind,
  anchor: string | undefined,
): Promise<ReportRow> {
  const { rows } = await db.query<{ part: 'head' | 'class' | 'session' | 'goal'; item: unknown }>(
    REPORT_SQL,
    {
      user_id: userId,
      kind,
      anchor: typed.date(anchor ?? null),
      session_limit: REPORT_SESSION_LIMIT,
      goal_limit: REPORT_GOAL_LIMIT,
    },
  );
  // One row per listed item: the lists grow by rows, each far below the Data API's 64 KB.
  const head = rows.find((r) => r.part === 'head')?.item as Omit<
    ReportRow,
    'classes' | 'sessions' | 'goals'
  >;
  if (!head) throw new Error('The report query returned no head row');
  const items = <T>(part: string) => rows.filter((r) => r.part === part).map((r) => r.item as T);
  return {
    ...head,
    classes: items<ReportClass>('class'),
    sessions: items<ReportSession>('session'),
    goals: items<GoalRow>('goal'),
  };
}
