/**
 * Adjusting a session's points after it was corrected or deleted, by compensating ledger
 * entries: the award stays as it was written, and entries of type `study_session_adjustment`
 * bring what the session holds to what it earns now, on the day it now ends on, within that
 * day's cap. One statement per settlement:
 *
 * - `claim` bumps the session's adjustment count only if it is still what this statement's
 *   snapshot read, so what it read of the ledger is current: two settlements of one session
 *   (a redelivered event, two corrections in a row) never both apply what they read; the one
 *   that loses runs again and finds nothing left to do.
 * - the day the session now ends on is settled through its points_daily row (locked by the
 *   upsert, like an award), so the daily cap holds against concurrent awards; what the session
 *   holds on other days is given back to those days.
 * - each entry is announced by `Study Points Adjusted`, written to the outbox in the same
 *   statement, and the analytics of its day are reopened.
 */
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';
import { reopenAnalyticsCtes } from './snapshots';

// The Study Session Changed row that brought this here is marked published in the same statement
// (its arrival proves it), so its writer never spends a call on it; see data/points.ts.
const ADJUST_SQL = `
WITH delivered AS (
  UPDATE outbox SET sent_at = now()
  WHERE id = CAST(:event_id AS uuid) AND sent_at IS NULL AND detail_type = 'Study Session Changed'
    AND detail->>'session_id' = CAST(:session_id AS text)
), awarded AS (
  SELECT EXISTS (SELECT 1 FROM points_ledger l
                 WHERE l.reference_type = 'study_session' AND l.reference_id = :reference_id
                   AND l.user_id = :user_id) AS yes
), seen AS (
  SELECT coalesce((SELECT adjustments FROM session_points_state
                   WHERE session_id = :session_id AND user_id = :user_id), 0) AS n
), claim AS (
  INSERT INTO session_points_state AS sp (session_id, user_id, adjustments)
  SELECT :session_id, :user_id, seen.n + 1 FROM seen, awarded WHERE awarded.yes
  ON CONFLICT (session_id) DO UPDATE SET adjustments = sp.adjustments + 1
  WHERE sp.adjustments = excluded.adjustments - 1 AND sp.user_id = excluded.user_id
  RETURNING adjustments
), held AS (
  SELECT l.award_day, sum(l.points)::integer AS points FROM points_ledger l
  WHERE l.session_id = :session_id AND l.user_id = :user_id
  GROUP BY l.award_day
), target AS (
  SELECT local_day_of(CAST(:ended_at AS timestamp) AT TIME ZONE 'UTC', clock.tz, clock.day_start_hour) AS day,
         least(CAST(:points AS integer), CAST(:daily_cap AS integer)) AS capped,
         coalesce((SELECT h.points FROM held h
                   WHERE h.award_day = local_day_of(CAST(:ended_at AS timestamp) AT TIME ZONE 'UTC',
                                                    clock.tz, clock.day_start_hour)), 0) AS held_here
  FROM user_clock(:user_id) clock
  WHERE CAST(:ended_at AS timestamp) IS NOT NULL
), counted AS (
  -- New row: nothing was held that day. Existing row: the session's share is what the cap
  -- leaves of the others' total; last_granted carries held_here in, and the change out.
  INSERT INTO points_daily AS d (user_id, award_day, total, last_granted, reference_ids)
  SELECT :user_id, t.day, t.capped, t.capped - t.held_here, ARRAY[CAST(:reference_id AS text)]
  FROM target t, claim
  ON CONFLICT (user_id, award_day) DO UPDATE
  SET total = greatest(0, d.total - (:capped_points - excluded.last_granted)
                          + greatest(0, least(:capped_points,
                                              :daily_cap - (d.total - (:capped_points - excluded.last_granted))))),
      last_granted = greatest(0, least(:capped_points,
                                       :daily_cap - (d.total - (:capped_points - excluded.last_granted))))
                     - (:capped_points - excluded.last_granted),
      reference_ids = CASE WHEN CAST(:reference_id AS text) = ANY (d.reference_ids) THEN d.reference_ids
                           ELSE d.reference_ids || CAST(:reference_id AS text) END
  RETURNING d.award_day, d.last_granted AS delta
), released AS (
  UPDATE points_daily d SET total = greatest(0, d.total - h.points)
  FROM held h, claim
  WHERE d.user_id = :user_id AND d.award_day = h.award_day AND h.points <> 0
    AND h.award_day IS DISTINCT FROM (SELECT day FROM target)
  RETURNING d.award_day, -h.points AS delta
), entries AS (
  INSERT INTO points_ledger (user_id, reference_type, reference_id, points, reason, breakdown,
                             award_day, session_id)
  SELECT :user_id, 'study_session_adjustment',
         concat_ws(':', :reference_id, claim.adjustments, to_char(x.award_day, 'YYYY-MM-DD')),
         x.delta, :reason,
         CAST(:breakdown AS jsonb) || jsonb_build_object('before_daily_cap', CAST(:points AS integer)),
         x.award_day, :session_id
  FROM claim, (SELECT award_day, delta FROM counted UNION ALL SELECT award_day, delta FROM released) x
  WHERE x.delta <> 0
  -- Points taken back first, then those given: the ledger reads in that order.
  ORDER BY x.delta > 0, x.award_day
  RETURNING *
), ${reopenAnalyticsCtes('SELECT award_day FROM entries')},
events AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT x.event_id, 'Study Points Adjusted', jsonb_build_object(
           'version', 1, 'event_id', x.event_id, 'user_id', x.user_id, 'points', x.points,
           'reason', x.reason, 'reference_type', x.reference_type, 'reference_id', x.reference_id,
           'adjusts', jsonb_build_object('reference_type', 'study_session',
                                         'reference_id', x.session_id::text),
           'session_id', x.session_id, 'award_day', to_char(x.award_day, 'YYYY-MM-DD'),
           'adjusted_at', api_time(x.awarded_at), 'breakdown', x.breakdown)
  FROM (SELECT gen_random_uuid() AS event_id, e.* FROM entries e) x
  RETURNING id, detail_type, detail
)
SELECT (SELECT yes FROM awarded) AS awarded,
       EXISTS (SELECT 1 FROM claim) AS claimed,
       (SELECT coalesce(sum(points), 0)::integer FROM entries) AS adjusted,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'detail_type', detail_type,
                                                     'detail', detail)), '[]'::jsonb)
        FROM events) AS events`;

export interface AdjustmentOutcome {
  /** False while the session's award has not been made (its event is still on its way). */
  awarded: boolean;
  /** False when another settlement of the session got in first: run again. */
  claimed: boolean;
  /** Net points given (positive) or taken back (negative). */
  adjusted: number;
  events: OutboxEvent[];
}

export async function adjustSessionPoints(
  db: Queryable,
  adjustment: {
    userId: string;
    sessionId: number;
    /** The Study Session Changed event being settled. */
    eventId: string;
    /** The session's stored end, or null when it was deleted (it then earns nothing). */
    endedAt: Date | null;
    /** What the session earns now, before the daily cap. */
    points: number;
    reason: 'study_session_corrected' | 'study_session_deleted';
    breakdown: Record<string, unknown>;
    dailyCap: number;
  },
): Promise<AdjustmentOutcome> {
  const { rows } = await db.query<AdjustmentOutcome>(ADJUST_SQL, {
    user_id: adjustment.userId,
    session_id: adjustment.sessionId,
    event_id: typed.uuid(adjustment.eventId),
    reference_id: String(adjustment.sessionId),
    ended_at: typed.timestamp(adjustment.endedAt),
    points: adjustment.points,
    capped_points: Math.min(adjustment.points, adjustment.dailyCap),
    daily_cap: adjustment.dailyCap,
    reason: adjustment.reason,
    breakdown: typed.json(adjustment.breakdown),
  });
  const row = rows[0];
  if (!row) throw new Error('The adjustment statement returned no row');
  return row;
}
