/**
 * Addresses that hard-bounced or complained (migration 011). Mail to them stops: the report
 * sender skips their deliveries when it claims them (data/deliveries.ts).
 */

import type { Queryable } from '../platform/data-api';
import { typed } from '../platform/sql-values';
import type { SuppressionReason } from '../vocabulary';

// Feedback counts only for an address this service sent that very message to, so an event about
// someone else's mail (or a made-up one) changes nothing. A redelivered event, or a second
// bounce, keeps the first record.
const RECORD_SQL = `
WITH ours AS (
  SELECT 1 FROM report_deliveries
  WHERE message_id = :message_id AND lower(email) = :email
  LIMIT 1
), recorded AS (
  INSERT INTO email_suppressions (email, reason, since, message_id, feedback_id)
  SELECT :email, :reason, CAST(:since AS timestamptz), :message_id, :feedback_id
  WHERE EXISTS (SELECT 1 FROM ours)
  ON CONFLICT (email) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM ours) AS ours, EXISTS (SELECT 1 FROM recorded) AS recorded`;

export interface Suppression {
  /** Lower-cased. */
  email: string;
  reason: SuppressionReason;
  since: Date;
  messageId: string;
  feedbackId: string;
}

/** `ours`: the message went to this address; `recorded`: it was not suppressed before. */
export async function recordSuppression(
  db: Queryable,
  s: Suppression,
): Promise<{ ours: boolean; recorded: boolean }> {
  const { rows } = await db.query<{ ours: boolean; recorded: boolean }>(RECORD_SQL, {
    email: s.email,
    reason: s.reason,
    since: typed.timestamp(s.since),
    message_id: s.messageId,
    feedback_id: s.feedbackId,
  });
  return rows[0] ?? { ours: false, recorded: false };
}
