/**
 * Writes generated sessions with one statement per chunk: sessions, their pauses, activities,
 * point awards and daily point totals, in a form the Data API takes (one JSON parameter).
 */
import type { DataApi } from '../../functions/platform/data-api';
import { typed } from '../../functions/platform/sql-values';
import type { SeedSession } from './generator';

// Sessions that would end in the future (a late evening in a zone behind UTC) are dropped.
// Generated sessions of a student never share a start time, which pairs the inserted rows with
// their input.
const INSERT_SQL = `
WITH input AS (
  SELECT r.*, CAST(r.local_start AS timestamp) AT TIME ZONE r.tz AS start_time
  FROM jsonb_to_recordset(CAST(:sessions AS jsonb)) AS r(
    user_id text, tz text, local_start text, minutes integer, pause_after integer,
    pause_minutes integer, class_id bigint, session_type text, focus boolean, location text,
    mood smallint, productivity smallint, activities jsonb, points integer, breakdown jsonb)
), placed AS (
  SELECT i.*, i.start_time + make_interval(mins => i.minutes + coalesce(i.pause_minutes, 0)) AS end_time
  FROM input i
), kept AS (SELECT * FROM placed WHERE end_time < now()),
sessions AS (
  INSERT INTO study_sessions (user_id, class_id, session_type, focus_mode, location, status,
    start_time, end_time, duration_seconds, mood_rating, productivity_rating, created_at)
  SELECT user_id, class_id, session_type, focus, location, 'completed', start_time, end_time,
         minutes * 60, mood, productivity, start_time
  FROM kept
  RETURNING id, user_id, start_time
), joined AS (
  SELECT s.id, k.* FROM sessions s JOIN kept k ON k.user_id = s.user_id AND k.start_time = s.start_time
), pauses AS (
  INSERT INTO session_pauses (session_id, paused_at, resumed_at)
  SELECT id, start_time + make_interval(mins => pause_after),
         start_time + make_interval(mins => pause_after + pause_minutes)
  FROM joined WHERE pause_minutes IS NOT NULL
  RETURNING 1
), activities AS (
  INSERT INTO session_activities (session_id, user_id, activity_type, items_completed,
    items_correct, duration_minutes, points_earned, created_at)
  SELECT j.id, j.user_id, a.type, a.completed, a.correct, a.minutes, a.points,
         j.start_time + make_interval(mins => a.at)
  FROM joined j, jsonb_to_recordset(j.activities) AS a(type text, at integer, completed integer,
                                                        correct integer, minutes numeric, points integer)
  RETURNING 1
), ledger AS (
  INSERT INTO points_ledger (user_id, reference_type, reference_id, points, reason, breakdown,
    award_day, awarded_at)
  SELECT user_id, 'study_session', id::text, points, 'Study session', breakdown,
         local_day_of(end_time, tz, 0), end_time
  FROM joined WHERE points > 0
  RETURNING user_id, award_day, points, reference_id
), daily AS (
  INSERT INTO points_daily AS d (user_id, award_day, total, last_granted, reference_ids)
  SELECT user_id, award_day, sum(points), 0, array_agg(reference_id) FROM ledger
  GROUP BY user_id, award_day
  ON CONFLICT (user_id, award_day) DO UPDATE
    SET total = d.total + excluded.total, reference_ids = d.reference_ids || excluded.reference_ids
  RETURNING 1
)
SELECT (SELECT count(*) FROM sessions)::integer AS sessions,
       (SELECT count(*) FROM activities)::integer AS activities,
       (SELECT count(*) FROM pauses)::integer AS pauses,
       (SELECT count(*) FROM daily)::integer AS point_days`;

export async function writeSessions(db: DataApi, sessions: readonly SeedSession[]) {
  if (sessions.length === 0) return { sessions: 0, activities: 0 };
  const { rows } = await db.query<{ sessions: number; activities: number }>(INSERT_SQL, {
    sessions: typed.json(sessions),
  });
  return rows[0] ?? { sessions: 0, activities: 0 };
}
