import type { Queryable } from '../platform/data-api';

// Idempotency keys only need to outlive client retries (a day is generous), and sent events
// only matter for a week of troubleshooting; unsent events are never touched.
const PURGE_SQL = `
WITH keys AS (
  DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => CAST(:key_hours AS integer))
  RETURNING 1
), events AS (
  DELETE FROM outbox WHERE sent_at < now() - make_interval(days => CAST(:sent_event_days AS integer))
  RETURNING 1
)
SELECT (SELECT count(*) FROM keys)::integer AS idempotency_keys,
       (SELECT count(*) FROM events)::integer AS sent_events`;

export async function purgeExpiredRecords(
  db: Queryable,
  retention: { keyHours: number; sentEventDays: number },
): Promise<{ idempotency_keys: number; sent_events: number }> {
  const { rows } = await db.query<{ idempotency_keys: number; sent_events: number }>(PURGE_SQL, {
    key_hours: retention.keyHours,
    sent_event_days: retention.sentEventDays,
  });
  return rows[0] ?? { idempotency_keys: 0, sent_events: 0 };
}
