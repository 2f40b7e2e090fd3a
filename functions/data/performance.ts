import { HeatmapAnswer } from '../contracts/performance-answers';
import type * as z from '../contracts/zod';
import { type Queryable, queryOne } from '../platform/data-api';

export type Heatmap = z.output<typeof HeatmapAnswer>;

// Read from the student's daily facts (snapshots for closed days), like reports: a day's
// minutes are the same number in both, and `sessions` counts the sessions started that day, so
// a year's days add up to its totals.
const HEATMAP_SQL = `
WITH bounds AS (
  SELECT c.*, make_date(coalesce(CAST(:year AS integer), extract(year FROM c.today)::integer), 1, 1) AS first_day
  FROM user_clock(:user_id) c
), span AS (
  SELECT b.*, (b.first_day + interval '1 year')::date - 1 AS last_day FROM bounds b
), per_day AS (
  SELECT f.day, sum(f.studied_seconds / 60) AS minutes, sum(f.sessions) AS sessions
  FROM span, LATERAL user_daily_facts(:user_id, span.first_day, span.last_day) f
  GROUP BY f.day
), calendar AS (
  SELECT g::date AS day, coalesce(p.minutes, 0)::integer AS minutes, coalesce(p.sessions, 0)::integer AS sessions
  FROM span CROSS JOIN generate_series(span.first_day, span.last_day, interval '1 day') AS g
  LEFT JOIN per_day p ON p.day = g::date
)
SELECT extract(year FROM span.first_day)::integer AS year, span.tz AS timezone,
       span.day_start_hour AS day_starts_at_hour,
       (SELECT coalesce(sum(minutes), 0)::integer FROM calendar) AS total_minutes,
       (SELECT count(*)::integer FROM calendar WHERE minutes > 0) AS active_days,
       (SELECT coalesce(max(minutes), 0)::integer FROM calendar) AS max_minutes,
       (SELECT jsonb_agg(jsonb_build_object('date', to_char(day, 'YYYY-MM-DD'), 'minutes', minutes,
                                            'sessions', sessions) ORDER BY day) FROM calendar) AS days
FROM span`;

export async function heatmap(
  db: Queryable,
  userId: string,
  year: number | undefined,
): Promise<Heatmap> {
  return queryOne(
    db,
    HEATMAP_SQL,
    { user_id: userId, year: year ?? null },
    'The heatmap query',
    HeatmapAnswer,
  );
}
