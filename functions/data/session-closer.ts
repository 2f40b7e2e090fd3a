import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';

// Ends every session open for longer than the cap, at the cap: studied time counts only up to
// then, a running pause is closed there, and each gets its `Study Session Ended` event in the
// same statement. The uuid is drawn per row in the subquery, so each event has its own id.
const CLOSE_SQL = `
WITH closed AS (
  UPDATE study_sessions s
  SET end_time = s.start_time + make_interval(secs => :max_seconds),
      status = 'completed',
      auto_closed = true,
      duration_seconds = session_studied_seconds_until(s, s.start_time + make_interval(secs => :max_seconds))
  WHERE s.end_time IS NULL AND s.start_time <= now() - make_interval(secs => :max_seconds)
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
  maxSessionSeconds: number,
): Promise<OutboxEvent[]> {
  const { rows } = await db.query<{ events: OutboxEvent[] }>(CLOSE_SQL, {
    max_seconds: maxSessionSeconds,
  });
  return rows[0]?.events ?? [];
}
