/**
 * Daily, weekly and monthly reports: one statement gives the period, its days and classes, its
 * sessions, the student's goals and the previous period, all in the student's own days.
 */

import type { ActivityCounts } from '../core/learning-activities';
import type { Queryable } from '../platform/data-api';
import { typed } from '../platform/sql-values';
import type { PeriodKind } from '../vocabulary';
import {
  ACTIVITY_COUNTS,
  CLASS_JSON,
  SAME_POINT_END,
  SUMMARY,
  type Summary,
  summaryOf,
  WEEK_LABEL,
} from './facts';
import { GOAL_FROM, GOAL_VIEW, type GoalRow, PREFS } from './goals';

export interface ReportDay extends Summary {
  date: string;
}

export interface ReportClass extends Summary {
  class_id: number | null;
  class_name: string | null;
}

export interface ReportSession {
  session_id: number;
  class_id: number | null;
  class_name: string | null;
  session_type: string;
  focus_mode: boolean;
  start_time: string;
  end_time: string | null;
  duration_minutes: number;
  /** The part of the session inside the report's period. */
  minutes_in_period: number;
  mood_rating: number | null;
  productivity_rating: number | null;
  /** Ended by the closer after being left running; its minutes are the credited ones. */
  auto_closed: boolean;
}

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

const LABEL = `CASE :kind WHEN 'daily' THEN to_char(%d, 'YYYY-MM-DD')
                        WHEN 'weekly' THEN ${WEEK_LABEL('%d', 'prefs.week_start')}
                        ELSE to_char(%d, 'YYYY-MM') END`;
const label = (firstDay: string) => LABEL.replaceAll('%d', firstDay);

const REPORT_SQL = `
WITH ${PREFS},
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
  SELECT g::date AS day, ${SUMMARY}
  FROM cur CROSS JOIN generate_series(cur.first_day, cur.last_day, interval '1 day') AS g
  LEFT JOIN facts f ON f.day = g::date
  GROUP BY g
),
classes_in AS (
  SELECT class_key, ${SUMMARY} FROM facts, cur
  WHERE day BETWEEN cur.first_day AND cur.last_day GROUP BY class_key
),
sessions_in AS (
  SELECT s, session_studied_between(s, bounds.a, bounds.b) / 60 AS minutes_in_period
  FROM study_sessions s, bounds
  WHERE s.user_id = :user_id AND s.end_time IS NOT NULL
    AND s.start_time < bounds.b AND s.end_time > bounds.a
  ORDER BY s.start_time, s.id
  LIMIT ${REPORT_SESSION_LIMIT}
),
streak_days AS (
  SELECT f.day FROM prefs, cur, facts f WHERE f.day <= least(cur.last_day, prefs.today)
  GROUP BY f.day HAVING sum(f.studied_seconds / 60) >= streak_day_minimum_minutes()
),
head AS (
  SELECT ${label('cur.first_day')} AS period,
       to_char(cur.first_day, 'YYYY-MM-DD') AS period_start, to_char(cur.last_day, 'YYYY-MM-DD') AS period_end,
       ${label('prev.first_day')} AS previous_period,
       to_char(prev.first_day, 'YYYY-MM-DD') AS previous_start, to_char(prev.last_day, 'YYYY-MM-DD') AS previous_end,
       to_char(prefs.today, 'YYYY-MM-DD') AS today, prefs.tz AS timezone, prefs.week_start,
       ${summaryOf('facts', 'day BETWEEN cur.first_day AND cur.last_day')} AS summary,
       ${summaryOf('facts', 'day BETWEEN prev.first_day AND prev.last_day')} AS previous,
       ${summaryOf('facts', `day BETWEEN prev.first_day AND ${SAME_POINT_END('prev.first_day', 'prev.last_day', 'cur.first_day', 'cur.last_day', 'prefs.today')}`)} AS previous_to_date,
       (SELECT jsonb_agg(jsonb_build_object('date', to_char(day, 'YYYY-MM-DD')) || to_jsonb(days) - 'day'
                         ORDER BY day) FROM days) AS days,
       coalesce((SELECT jsonb_agg(to_char(day, 'YYYY-MM-DD') ORDER BY day) FROM streak_days), '[]') AS streak_days,
       ${ACTIVITY_COUNTS('cur.first_day', 'cur.last_day', 'prefs')} AS activity_counts
  FROM prefs, cur, prev
)
SELECT 'head' AS part, to_jsonb(head) AS item, 0 AS n FROM head
UNION ALL
SELECT 'class', ${CLASS_JSON('c.class_key')} || to_jsonb(c) - 'class_key',
       row_number() OVER (ORDER BY c.minutes DESC, c.class_key)
FROM classes_in c
UNION ALL
SELECT 'session', jsonb_build_object(
         'session_id', (x.s).id, 'session_type', (x.s).session_type,
         'focus_mode', (x.s).focus_mode, 'start_time', api_time((x.s).start_time),
         'end_time', api_time((x.s).end_time), 'duration_minutes', (x.s).duration_seconds / 60,
         'minutes_in_period', x.minutes_in_period, 'mood_rating', (x.s).mood_rating,
         'productivity_rating', (x.s).productivity_rating, 'auto_closed', (x.s).auto_closed)
         || ${CLASS_JSON('coalesce((x.s).class_id, 0)')},
       row_number() OVER (ORDER BY (x.s).start_time, (x.s).id)
FROM sessions_in x
UNION ALL
-- Reports show no goal descriptions, so a goal's row stays small.
SELECT 'goal', to_jsonb(goal) || '{"goal_description": null}'::jsonb, goal.goal_id
FROM (SELECT ${GOAL_VIEW} ${GOAL_FROM('study_goals')}
      WHERE g.user_id = :user_id AND g.status = 'active'
      ORDER BY g.id LIMIT ${REPORT_GOAL_LIMIT}) goal
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
    { user_id: userId, kind, anchor: typed.date(anchor ?? null) },
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
