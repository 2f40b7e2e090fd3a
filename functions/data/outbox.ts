/**
 * The outbox: events are inserted by the statement that makes the change; these statements
 * record what publishing achieved and hand the rest to the relay.
 */
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent, PublishResult } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';

// Failed events are retried with exponential backoff capped at an hour, forever: an event is
// never dropped, and `attempts`/`last_error` show what is stuck.
const RECORD_SQL = `
WITH results AS (
  SELECT r.id::uuid AS id, r.error
  FROM jsonb_to_recordset(CAST(:results AS jsonb)) AS r(id text, error text)
)
UPDATE outbox o
SET attempts = o.attempts + 1,
    sent_at = CASE WHEN r.error IS NULL THEN now() END,
    last_error = r.error,
    next_attempt_at = CASE WHEN r.error IS NULL THEN o.next_attempt_at
                           ELSE now() + make_interval(secs => least(3600, :retry_base_seconds * power(2, o.attempts))) END
FROM results r
WHERE o.id = r.id AND o.sent_at IS NULL`;

export async function recordPublishResults(
  db: Queryable,
  results: readonly PublishResult[],
  retryBaseSeconds: number,
): Promise<void> {
  if (results.length === 0) return;
  await db.query(RECORD_SQL, {
    results: typed.json(results),
    retry_base_seconds: retryBaseSeconds,
  });
}

const MARK_RECEIVED_SQL = `
UPDATE outbox SET sent_at = now()
WHERE id = CAST(:event_id AS uuid) AND detail_type = :detail_type AND sent_at IS NULL`;

/** Records that an event arrived on the bus (so it was published); repeats change nothing. */
export async function markReceived(
  db: Queryable,
  eventId: string,
  detailType: string,
): Promise<void> {
  await db.query(MARK_RECEIVED_SQL, { event_id: typed.uuid(eventId), detail_type: detailType });
}

// The lease (next_attempt_at moved ahead) keeps overlapping relay runs from sending the same
// event; SKIP LOCKED lets them share the backlog instead of queueing on it.
const CLAIM_SQL = `
UPDATE outbox o SET next_attempt_at = now() + interval '2 minutes'
FROM (
  SELECT id FROM outbox
  WHERE sent_at IS NULL AND next_attempt_at <= now()
  ORDER BY created_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
) due
WHERE o.id = due.id
RETURNING o.id, o.detail_type, o.detail`;

export async function claimDueEvents(db: Queryable, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await db.query<{
    id: string;
    detail_type: string;
    detail: Record<string, unknown>;
  }>(CLAIM_SQL, { limit });
  return rows;
}

const BACKLOG_SQL = `
SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age_seconds,
       extract(epoch FROM min(next_attempt_at) FILTER (WHERE attempts > 0) - now())::float8
         AS next_retry_seconds
FROM outbox WHERE sent_at IS NULL`;

export interface Backlog {
  /** How long the oldest unpublished event has waited, in seconds (0 when none waits). */
  ageSeconds: number;
  /** When the next failed publication is due again, in seconds from now; null when none. */
  nextRetrySeconds: number | null;
}

/** What the outbox still holds after a relay run. */
export async function outboxBacklog(db: Queryable): Promise<Backlog> {
  const { rows } = await db.query<{ age_seconds: number; next_retry_seconds: number | null }>(
    BACKLOG_SQL,
  );
  return {
    ageSeconds: rows[0]?.age_seconds ?? 0,
    nextRetrySeconds: rows[0]?.next_retry_seconds ?? null,
  };
}
