import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';

// Ends every session open for longer than the cap at its last sign of life (start, last
// activity, pause or resume) plus the grace, never past the cap: studied time counts only up to
// then, a running pause is closed there, and each gets its `Study Session Ended` event in the
// same statement, with the credited duration. The uuid is drawn per row in the subquery, so each
// event has its own id. A session ended meanwhile by its student is left alone.
const CLOSE_SQL = `
WITH due AS (
  SELECT s.id, least(
           s.start_time + make_interval(secs => :max_seconds),
           greatest(s.start_time,
                    (SELECT max(a.created_at) FROM session_activities a WHERE a.session_id = s.id),
                    (SELECT max(coalesce(p.resumed_at, p.paused_at)) FROM session_pauses p
                     WHERE p.session_id = s.id))
           + make_interval(secs => :grace_seconds)) AS credited_end
  FROM study_sessions s
  WHERE s.end_time IS NULL AND s.start_time <= now() - make_interval(secs => :max_seconds)
), closed AS (
  UPDATE study_sessions s
  SET end_time = due.credited_end,
      status = 'completed',
      auto_closed = true,
      duration_seconds = session_studied_seconds_until(s, due.credited_end)
  FROM due
  WHERE s.id = due.id AND s.end_time IS NULL
  RETURNING s.*
), closed_pauses AS (
  UPDATE session_pauses p SET resumed_at = greatest(p.paused_at, c.end_time)
  FROM closed c WHERE p.session_id = c.id AND p.resumed_at IS NULL
), events AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT x.id, 'Study Session Ended', session_ended_detail(x.session, x.id)
  FROM (SELECT gen_random_uuid() AS id, ROW(c.*)::study_sessions AS session FROM closed c) x
  RETURNING id, detail_type, detail
)
SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)),
                '[]'::jsonb) AS events
FROM events`;

/** Returns the events of the sessions it closed, for publishing. */
export async function closeAbandonedSessions(
  db: Queryable,
  limits: { maxSessionSeconds: number; graceSeconds: number },
): Promise<OutboxEvent[]> {
  const { rows } = await db.query<{ events: OutboxEvent[] }>(CLOSE_SQL, {
    max_seconds: limits.maxSessionSeconds,
    grace_seconds: limits.graceSeconds,
  });
  return rows[0]?.events ?? [];
}
