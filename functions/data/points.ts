/**
 * The points ledger. An award is one statement: the per-day counter row (locked by the upsert)
 * grants what the daily cap leaves and remembers which sessions it counted, so redelivered and
 * concurrent events are counted once; the ledger row and the `Study Points Awarded` event are
 * written from what the counter granted, in the same statement.
 */
import { type PointsAnswer, PointsAwardAnswer } from '../contracts/session-answers';
import * as z from '../contracts/zod';
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';

export interface LedgerEntry {
  user_id: string;
  reference_type: 'study_session' | 'study_session_adjustment';
  reference_id: string;
  points: number;
  reason: string;
  breakdown: Record<string, unknown>;
  award_day: string;
  awarded_at: string;
}

const LEDGER_JSON = `jsonb_build_object(
  'user_id', l.user_id, 'reference_type', l.reference_type, 'reference_id', l.reference_id,
  'points', l.points, 'reason', l.reason, 'breakdown', l.breakdown,
  'award_day', to_char(l.award_day, 'YYYY-MM-DD'), 'awarded_at', api_time(l.awarded_at))`;

/** The refusal of an event whose figures are not the stored session's (see `awardSessionPoints`). */
export const FACTS_DIFFER = 'session_facts_differ';

// The award is one statement: the stored session is checked against the figures the event
// carries (so an event anyone could put on the bus earns nothing the student did not study),
// the `Study Session Ended` row is marked published (its arrival here proves it), and the points
// are granted from those figures. A refusal says which check failed, never whose session it is.
const AWARD_SQL = `
WITH checked AS (
  SELECT CASE WHEN s.id IS NULL THEN 'no_such_session'
              WHEN s.user_id <> :user_id THEN 'session_of_another_user'
              WHEN s.end_time IS NULL THEN 'session_not_ended'
              WHEN api_time(s.end_time) <> :end_time
                OR s.duration_seconds / 60 <> :duration_minutes
                OR s.auto_closed <> :auto_closed
                OR (SELECT coalesce(sum(a.points_earned), 0) FROM session_activities a
                    WHERE a.session_id = s.id) <> :activity_points THEN '${FACTS_DIFFER}'
         END AS refusal
  FROM (SELECT 1) one LEFT JOIN study_sessions s ON s.id = :session_id
), paid_for AS (
  -- The session is read again, locked against deletion, in the statement that pays for it: an
  -- erasure (DELETE /me) that removed it after the event was written leaves nothing to award,
  -- and one that starts meanwhile waits for this award and then erases it too.
  SELECT id FROM study_sessions
  WHERE id = :session_id AND user_id = :user_id AND end_time IS NOT NULL
  FOR KEY SHARE
), delivered AS (
  UPDATE outbox SET sent_at = now()
  WHERE id = CAST(:event_id AS uuid) AND sent_at IS NULL AND detail_type = 'Study Session Ended'
    AND detail->>'session_id' = CAST(:session_id AS text)
), counted AS (
  INSERT INTO points_daily AS d (user_id, award_day, total, last_granted, reference_ids)
  SELECT :user_id,
         local_day_of(CAST(:ended_at AS timestamp) AT TIME ZONE 'UTC', clock.tz, clock.day_start_hour),
         least(:points, :daily_cap), least(:points, :daily_cap), ARRAY[CAST(:reference_id AS text)]
  FROM user_clock(:user_id) clock, checked, paid_for
  WHERE checked.refusal IS NULL
    -- A session is awarded once, also when a redelivery finds it moved to another day.
    AND NOT EXISTS (SELECT 1 FROM points_ledger l
                    WHERE l.reference_type = 'study_session' AND l.reference_id = :reference_id)
  ON CONFLICT (user_id, award_day) DO UPDATE
  SET total = least(:daily_cap, d.total + :points),
      last_granted = least(:daily_cap, d.total + :points) - d.total,
      reference_ids = d.reference_ids || CAST(:reference_id AS text)
  WHERE NOT (CAST(:reference_id AS text) = ANY (d.reference_ids))
  RETURNING award_day, last_granted
), reopened AS (
  -- An award made after its day was rolled up (the builder ran between the session's end and
  -- the award) reopens the student's snapshots from that day, so it is counted, not lost.
  UPDATE analytics_snapshot_state st SET through_day = c.award_day
  FROM counted c
  WHERE st.user_id = :user_id AND st.through_day > c.award_day AND c.last_granted > 0
), awarded AS (
  INSERT INTO points_ledger AS l (user_id, reference_type, reference_id, points, reason, breakdown, award_day, session_id)
  SELECT :user_id, 'study_session', :reference_id, c.last_granted, :reason,
         CAST(:breakdown AS jsonb) || jsonb_build_object(
           'before_daily_cap', CAST(:points AS integer),
           'daily_cap_applied', c.last_granted < :points),
         c.award_day, CAST(:reference_id AS bigint)
  FROM counted c
  ON CONFLICT (reference_type, reference_id) DO NOTHING
  RETURNING l.*
), event AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT e.id, 'Study Points Awarded',
         jsonb_build_object('version', 1, 'event_id', e.id) || (${LEDGER_JSON} - 'award_day')
  FROM awarded l, (SELECT gen_random_uuid() AS id) e
  RETURNING id, detail_type, detail
)
SELECT checked.refusal,
       CASE WHEN checked.refusal IS NULL THEN
         coalesce((SELECT ${LEDGER_JSON} FROM awarded l),
                  (SELECT ${LEDGER_JSON} FROM points_ledger l
                   WHERE l.reference_type = 'study_session' AND l.reference_id = :reference_id))
       END AS entry,
       (SELECT jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)
        FROM event) AS event
FROM checked`;

export interface AwardOutcome {
  /** Why nothing was awarded: the session is not this user's ended one, or its facts differ. */
  refusal: string | null;
  /**
   * The session's ledger entry: new, or the one an earlier delivery wrote; null while another
   * delivery is awarding it, or when the session is gone (erased).
   */
  entry: LedgerEntry | null;
  /** Set only when this call made the award. */
  event: OutboxEvent | null;
}

/** The facts of an ended session an award is computed from, as its event states them. */
export interface EndedSessionFacts {
  end_time: string;
  duration_minutes: number;
  auto_closed: boolean;
  activity_points: number;
}

/**
 * Awards `facts.points` for the user's ended session, provided the stored session still has
 * exactly the stated facts; `eventId` (the `Study Session Ended` event being consumed) is marked
 * published in the same statement, so the writer never spends a call on it.
 */
export async function awardSessionPoints(
  db: Queryable,
  award: {
    userId: string;
    sessionId: number;
    eventId: string | null;
    facts: EndedSessionFacts;
    points: number;
    reason: string;
    breakdown: Record<string, unknown>;
    dailyCap: number;
  },
): Promise<AwardOutcome> {
  const { rows } = await db.query<{
    refusal: string | null;
    entry: LedgerEntry | null;
    event: OutboxEvent | null;
  }>(AWARD_SQL, {
    user_id: award.userId,
    session_id: award.sessionId,
    reference_id: String(award.sessionId),
    event_id: typed.uuid(award.eventId),
    end_time: award.facts.end_time,
    duration_minutes: award.facts.duration_minutes,
    auto_closed: award.facts.auto_closed,
    activity_points: award.facts.activity_points,
    ended_at: typed.timestamp(new Date(award.facts.end_time)),
    points: award.points,
    daily_cap: award.dailyCap,
    reason: award.reason,
    breakdown: typed.json(award.breakdown),
  });
  const row = rows[0];
  return {
    refusal: row?.refusal ?? null,
    entry: row?.entry ?? null,
    event: row?.event ?? null,
  };
}

// The facts an award is computed from, read by the session's id and owner: only an ended
// session earns, and the reason for refusing says which check failed (never whose it is).
const ENDED_SESSION_SQL = `
SELECT CASE WHEN s.id IS NULL THEN 'no_such_session'
            WHEN s.user_id <> :user_id THEN 'session_of_another_user'
            WHEN s.end_time IS NULL THEN 'session_not_ended' END AS refusal,
       CASE WHEN s.user_id = :user_id AND s.end_time IS NOT NULL THEN jsonb_build_object(
         'end_time', api_time(s.end_time),
         'duration_minutes', s.duration_seconds / 60,
         'auto_closed', s.auto_closed,
         'activity_points', (SELECT coalesce(sum(a.points_earned), 0)::integer
                             FROM session_activities a WHERE a.session_id = s.id)) END AS facts
FROM (SELECT 1) one LEFT JOIN study_sessions s ON s.id = :session_id`;

export type EndedSessionLookup =
  | { facts: EndedSessionFacts; refusal?: undefined }
  | { facts?: undefined; refusal: string };

/** The stored facts of `userId`'s ended session `sessionId`, or why there are none. */
export async function endedSessionFacts(
  db: Queryable,
  userId: string,
  sessionId: number,
): Promise<EndedSessionLookup> {
  const { rows } = await db.query<{ refusal: string | null; facts: EndedSessionFacts | null }>(
    ENDED_SESSION_SQL,
    { user_id: userId, session_id: sessionId },
  );
  const row = rows[0];
  if (row?.facts) return { facts: row.facts };
  return { refusal: row?.refusal ?? 'no_such_session' };
}

// Date filters select awards by their award day, the day reports count them on. One row per
// award (the totals repeated on each; one row without an award when there is none), so the
// answer grows by rows, each far below the Data API's 64 KB, and 500 of them stay under 1 MiB.
const LIST_SQL = `
WITH filtered AS (
  SELECT l.* FROM points_ledger l
  WHERE l.user_id = :user_id
    AND (CAST(:start_date AS date) IS NULL OR l.award_day >= CAST(:start_date AS date))
    AND (CAST(:end_date AS date) IS NULL OR l.award_day <= CAST(:end_date AS date))
), totals AS (
  SELECT coalesce(sum(points), 0)::integer AS total_points, count(*)::integer AS award_count
  FROM filtered
), page AS (
  SELECT * FROM filtered ORDER BY awarded_at DESC, id DESC LIMIT :limit
)
SELECT t.total_points, t.award_count,
       CASE WHEN l.id IS NOT NULL THEN ${LEDGER_JSON} END AS award
FROM totals t LEFT JOIN page l ON true
ORDER BY l.awarded_at DESC, l.id DESC`;

export type PointsSummary = z.output<typeof PointsAnswer>;

export async function listPoints(
  db: Queryable,
  userId: string,
  query: { start_date?: string; end_date?: string; limit: number },
): Promise<PointsSummary> {
  const { rows } = await db.query(
    LIST_SQL,
    {
      user_id: userId,
      start_date: typed.date(query.start_date ?? null),
      end_date: typed.date(query.end_date ?? null),
      limit: query.limit,
    },
    z.object({
      total_points: z.number(),
      award_count: z.number(),
      award: z.nullable(PointsAwardAnswer),
    }),
  );
  return {
    total_points: rows[0]?.total_points ?? 0,
    award_count: rows[0]?.award_count ?? 0,
    awards: rows.flatMap((row) => (row.award ? [row.award] : [])),
  };
}
