/**
 * Report deliveries (migration 006): which emails are due, claiming them for sending, and what
 * became of each. Every step is one set-based statement; a delivery is unique per student, kind
 * and period, so recording twice never sends twice.
 */
import type { EmailKind } from '../core/unsubscribe-token';
import type { Queryable } from '../platform/data-api';
import { typed } from '../platform/sql-values';

// The report of local day D is due from `report_hour` o'clock on D + 1 (the first time the
// student's clock shows that hour, as days start: docs/rules.md); the weekly report on the first
// day of the next week at that hour. A day or week without study is recorded as skipped when the
// student asked to skip empty periods. Students who take no daily report but have goal reminders
// on get a reminder delivery each day, which the sender drops when no such goal is behind
// schedule.
const RECORD_DUE_SQL = `
WITH clocks AS (
  SELECT p.user_id, p.email, p.daily_report, p.weekly_report, p.skip_empty, p.week_start,
         p.timezone AS tz, p.day_starts_at_hour AS day_start_hour,
         local_day_of(CAST(:at AS timestamptz), p.timezone, p.day_starts_at_hour) AS today,
         CAST(:at AS timestamptz) >= local_clock_reaches(
           local_day_of(CAST(:at AS timestamptz), p.timezone, p.day_starts_at_hour)
             + make_interval(hours => p.report_hour), p.timezone) AS past_hour
  FROM user_preferences p
  WHERE p.email IS NOT NULL
), due AS (
  SELECT user_id, email, tz, day_start_hour, skip_empty, 'daily' AS kind, today - 1 AS first_day,
         today - 1 AS last_day
  FROM clocks WHERE daily_report AND past_hour
  UNION ALL
  SELECT c.user_id, c.email, c.tz, c.day_start_hour, c.skip_empty, 'weekly', c.today - 7, c.today - 1
  FROM clocks c, period_bounds('weekly', c.today, c.week_start) w
  WHERE c.weekly_report AND c.past_hour AND w.first_day = c.today
  UNION ALL
  SELECT c.user_id, c.email, c.tz, c.day_start_hour, false, 'reminder', c.today, c.today
  FROM clocks c
  WHERE NOT c.daily_report AND c.past_hour
    AND EXISTS (SELECT 1 FROM study_goals g
                WHERE g.user_id = c.user_id AND g.status = 'active' AND g.reminder_enabled)
), fresh AS (
  SELECT d.* FROM due d
  WHERE NOT EXISTS (SELECT 1 FROM report_deliveries r
                    WHERE r.user_id = d.user_id AND r.kind = d.kind AND r.period_start = d.first_day)
), judged AS (
  -- Whether the period had study, from the snapshots the builder has just brought up to date.
  -- A student whose snapshots do not reach past the period yet waits for the next run.
  SELECT f.*, EXISTS (SELECT 1 FROM analytics_snapshots x
                      WHERE x.user_id = f.user_id AND x.day BETWEEN f.first_day AND f.last_day
                        AND (x.studied_seconds > 0 OR x.sessions > 0 OR x.tests_taken > 0)) AS studied
  FROM fresh f
  LEFT JOIN analytics_snapshot_state st ON st.user_id = f.user_id
  WHERE f.kind = 'reminder'
     OR (st.through_day > f.last_day AND st.tz = f.tz AND st.day_start_hour = f.day_start_hour)
     OR (st.user_id IS NULL AND NOT EXISTS (SELECT 1 FROM study_sessions s WHERE s.user_id = f.user_id))
), recorded AS (
  INSERT INTO report_deliveries (user_id, kind, period_start, email, status)
  SELECT j.user_id, j.kind, j.first_day, j.email,
         CASE WHEN j.skip_empty AND NOT j.studied THEN 'skipped' ELSE 'pending' END
  FROM judged j
  ON CONFLICT (user_id, kind, period_start) DO NOTHING
  RETURNING status
)
SELECT count(*) FILTER (WHERE status = 'pending')::integer AS pending,
       count(*) FILTER (WHERE status = 'skipped')::integer AS skipped,
       -- Earlier deliveries due again (a failed send's backoff ended, a sender's lease lapsed):
       -- the hourly build starts the sender for them too.
       (SELECT count(*)::integer FROM report_deliveries r
        WHERE r.status IN ('pending', 'sending', 'failed') AND r.next_attempt_at <= now()) AS due_again
FROM recorded`;

/** Records the emails due at `at` (now, unless a run names its clock). */
export async function recordDueDeliveries(db: Queryable, at: Date = new Date()) {
  const { rows } = await db.query<{ pending: number; skipped: number; due_again: number }>(
    RECORD_DUE_SQL,
    { at: typed.timestamp(at) },
  );
  return rows[0] ?? { pending: 0, skipped: 0, due_again: 0 };
}

const NEXT_DUE_SQL = `
SELECT extract(epoch FROM min(next_attempt_at) - now())::float8 AS seconds
FROM report_deliveries WHERE status IN ('pending', 'sending', 'failed')`;

/** Seconds until the next unsent delivery is due (negative: overdue); null when none waits. */
export async function secondsUntilNextDelivery(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ seconds: number | null }>(NEXT_DUE_SQL);
  return rows[0]?.seconds ?? null;
}

export interface ClaimedDelivery {
  id: number;
  user_id: string;
  kind: EmailKind;
  period_start: string;
  email: string;
  attempts: number;
  /** The address hard-bounced or complained: the delivery is recorded skipped, not sent. */
  suppressed: boolean;
}

// A claim is a lease: if the sender dies before recording the outcome, the delivery is due
// again when the lease ends. SKIP LOCKED lets several senders share the queue. A delivery to a
// suppressed address (data/email-suppressions.ts) is settled as skipped in the same statement:
// this is the one place every email passes, so nothing reaches an address after its feedback.
const CLAIM_SQL = `
WITH due AS (
  SELECT r.id, s.reason AS suppressed_by
  FROM report_deliveries r
  LEFT JOIN email_suppressions s ON s.email = lower(r.email)
  WHERE r.status IN ('pending', 'sending', 'failed') AND r.next_attempt_at <= now()
  ORDER BY r.next_attempt_at, r.id
  LIMIT :limit
  FOR UPDATE OF r SKIP LOCKED)
UPDATE report_deliveries d
SET status = CASE WHEN due.suppressed_by IS NULL THEN 'sending' ELSE 'skipped' END,
    attempts = d.attempts + CASE WHEN due.suppressed_by IS NULL THEN 1 ELSE 0 END,
    last_error = CASE WHEN due.suppressed_by IS NULL THEN d.last_error
                      ELSE 'suppressed: ' || due.suppressed_by END,
    next_attempt_at = now() + make_interval(secs => CAST(:lease_seconds AS integer))
FROM due
WHERE d.id = due.id
RETURNING d.id, d.user_id, d.kind, to_char(d.period_start, 'YYYY-MM-DD') AS period_start, d.email,
          d.attempts, due.suppressed_by IS NOT NULL AS suppressed`;

export async function claimDeliveries(db: Queryable, limit: number, leaseSeconds: number) {
  const { rows } = await db.query<ClaimedDelivery>(CLAIM_SQL, {
    limit,
    lease_seconds: leaseSeconds,
  });
  return rows;
}

const MARK_SENT_SQL = `
UPDATE report_deliveries SET status = 'sent', sent_at = now(), message_id = :message_id,
  last_error = NULL
WHERE id = :id`;

export const markSent = (db: Queryable, id: number, messageId: string) =>
  db.query(MARK_SENT_SQL, { id, message_id: messageId });

const MARK_SKIPPED_SQL = `UPDATE report_deliveries SET status = 'skipped' WHERE id = :id`;

export const markSkipped = (db: Queryable, id: number) => db.query(MARK_SKIPPED_SQL, { id });

// Exponential backoff from one minute, doubling, at most six hours apart; after `max_attempts`
// the delivery is abandoned and stays recorded with its last error.
const MARK_FAILED_SQL = `
UPDATE report_deliveries
SET status = CASE WHEN attempts >= :max_attempts THEN 'abandoned' ELSE 'failed' END,
    last_error = left(:error, 1000),
    next_attempt_at = now() + least(interval '6 hours', interval '1 minute' * power(2, attempts - 1))
WHERE id = :id
RETURNING status`;

export async function markFailed(db: Queryable, id: number, error: string, maxAttempts: number) {
  const { rows } = await db.query<{ status: string }>(MARK_FAILED_SQL, {
    id,
    error,
    max_attempts: maxAttempts,
  });
  return rows[0]?.status;
}

// Turning an email off also drops what is queued of it. Reminders are per goal, so stopping
// them turns off every active goal's reminder.
const UNSUBSCRIBE_SQL = `
WITH prefs AS (
  UPDATE user_preferences
  SET daily_report = CASE WHEN :kind = 'daily' THEN false ELSE daily_report END,
      weekly_report = CASE WHEN :kind = 'weekly' THEN false ELSE weekly_report END,
      updated_at = now()
  WHERE user_id = :user_id AND :kind IN ('daily', 'weekly')
  RETURNING 1
), goals AS (
  UPDATE study_goals SET reminder_enabled = false, updated_at = now()
  WHERE user_id = :user_id AND :kind = 'reminder' AND reminder_enabled
  RETURNING 1
), queued AS (
  UPDATE report_deliveries SET status = 'skipped', last_error = 'unsubscribed'
  WHERE user_id = :user_id AND kind = :kind AND status IN ('pending', 'failed')
  RETURNING 1
)
SELECT (SELECT count(*) FROM queued)::integer AS dropped`;

export async function unsubscribe(db: Queryable, userId: string, kind: EmailKind) {
  const { rows } = await db.query<{ dropped: number }>(UNSUBSCRIBE_SQL, { user_id: userId, kind });
  return rows[0]?.dropped ?? 0;
}
