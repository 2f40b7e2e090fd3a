/**
 * Sessions recorded after they happened: typed in by the student, or uploaded by a client that
 * studied offline. Adding one is one statement: it checks for an earlier upload of the same
 * client id and for an overlapping session, stores the session with its pauses and activities,
 * reopens the analytics of its days, and writes `Study Session Ended` to the outbox, so points
 * and goals follow it exactly as they follow a timed session.
 */
import { SessionAnswer } from '../contracts/session-answers';
import type { AddSessionInput } from '../contracts/sessions';
import * as z from '../contracts/zod';
import { Conflict } from '../core/errors';
import type { Pause } from '../core/past-sessions';
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';
import { OutboxEventJson, type Session } from './sessions';
import { reopenAnalyticsCtes } from './snapshots';

/**
 * The first other session of `:user_id` overlapping [:start_time, :end_time), if any, when
 * `:check_overlap`; a session still running reaches to infinity.
 */
export const OVERLAPPING_CTE = `
overlapping AS (
  SELECT o.id FROM study_sessions o
  WHERE :check_overlap AND o.user_id = :user_id AND o.id <> coalesce(CAST(:session_id AS bigint), 0)
    AND o.start_time < CAST(:end_time AS timestamp) AT TIME ZONE 'UTC'
    AND coalesce(o.end_time, 'infinity') > CAST(:start_time AS timestamp) AT TIME ZONE 'UTC'
  ORDER BY o.start_time LIMIT 1
)`;

/** 409 naming the session in the way. */
export const overlapConflict = (otherId: number) =>
  new Conflict(`The session overlaps session ${otherId}`, { overlapping_session_id: otherId });

const ADD_SQL = `
WITH earlier AS (
  SELECT s.* FROM study_sessions s
  WHERE s.user_id = :user_id AND s.client_session_id = CAST(:client_session_id AS text)
), ${OVERLAPPING_CTE}, created AS (
  INSERT INTO study_sessions (user_id, class_id, session_type, focus_mode, location, status,
    start_time, end_time, duration_seconds, mood_rating, productivity_rating, notes, source,
    client_session_id)
  SELECT :user_id, CAST(:class_id AS bigint), :session_type, :focus_mode, CAST(:location AS text),
         'completed', CAST(:start_time AS timestamp) AT TIME ZONE 'UTC',
         CAST(:end_time AS timestamp) AT TIME ZONE 'UTC', :duration_seconds,
         CAST(:mood_rating AS smallint), CAST(:productivity_rating AS smallint),
         CAST(:notes AS text), :source, CAST(:client_session_id AS text)
  WHERE NOT EXISTS (SELECT 1 FROM earlier) AND NOT EXISTS (SELECT 1 FROM overlapping)
  ON CONFLICT (user_id, client_session_id) WHERE client_session_id IS NOT NULL DO NOTHING
  RETURNING *
), pauses AS (
  INSERT INTO session_pauses (session_id, paused_at, resumed_at)
  SELECT c.id, p.paused_at, p.resumed_at
  FROM created c, jsonb_to_recordset(CAST(:pauses AS jsonb)) AS p (paused_at timestamptz, resumed_at timestamptz)
), activities AS (
  -- Stamped at the session's start, in the order given: they count on the day it started.
  INSERT INTO session_activities (session_id, user_id, activity_type, content_type, content_id,
    items_completed, items_correct, duration_minutes, points_earned, metadata, created_at)
  SELECT c.id, :user_id, a.activity_type, a.content_type, a.content_id, a.items_completed,
         a.items_correct, a.duration_minutes, a.points_earned, a.metadata, c.start_time
  FROM created c, jsonb_to_recordset(CAST(:activities AS jsonb)) AS a (
    activity_type text, content_type text, content_id text, items_completed integer,
    items_correct integer, duration_minutes numeric, points_earned integer, metadata jsonb)
  RETURNING points_earned
), clock AS (
  SELECT * FROM user_clock(:user_id)
), ${reopenAnalyticsCtes(`SELECT local_day_of(c.start_time, clock.tz, clock.day_start_hour) FROM created c, clock`)},
event AS (
  -- The detail is built from the new row; its activities are not visible to this statement yet,
  -- so their points are added from what was inserted.
  INSERT INTO outbox (id, detail_type, detail)
  SELECT e.id, 'Study Session Ended',
         session_ended_detail(ROW(c.*)::study_sessions, e.id)
           || jsonb_build_object('activity_points',
                (SELECT coalesce(sum(points_earned), 0)::integer FROM activities))
  FROM created c, (SELECT gen_random_uuid() AS id) e
  RETURNING id, detail_type, detail
)
SELECT (SELECT session_json(ROW(c.*)::study_sessions) FROM created c) AS created,
       (SELECT jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)
        FROM event) AS event,
       (SELECT session_json(ROW(s.*)::study_sessions) FROM earlier s) AS earlier,
       (SELECT id FROM overlapping) AS overlapping_id,
       (SELECT coalesce(max(d.total), 0)::integer FROM points_daily d, clock
        WHERE d.user_id = :user_id
          AND d.award_day = local_day_of(CAST(:end_time AS timestamp) AT TIME ZONE 'UTC',
                                         clock.tz, clock.day_start_hour)) AS earned_that_day`;

/** Only reached when a concurrent upload of the same client id won the race. */
const RACED_SQL = `
SELECT session_json(ROW(s.*)::study_sessions) AS earlier FROM study_sessions s
WHERE s.user_id = :user_id AND s.client_session_id = CAST(:client_session_id AS text)`;

export interface PastActivity {
  activity_type: string;
  content_type: string | null;
  content_id: string | null;
  items_completed: number;
  items_correct: number;
  duration_minutes: number | null;
  points_earned: number;
  metadata: Record<string, unknown> | null;
}

export type AddOutcome =
  | { replayed: false; session: Session; event: OutboxEvent; earnedThatDay: number }
  | { replayed: true; session: Session };

export async function addPastSession(
  db: Queryable,
  userId: string,
  input: AddSessionInput & { start_time: string; end_time: string },
  derived: {
    durationSeconds: number;
    pauses: readonly Pause[];
    activities: readonly PastActivity[];
  },
): Promise<AddOutcome> {
  const params = {
    user_id: userId,
    session_id: null,
    check_overlap: true,
    class_id: input.class_id ?? null,
    session_type: input.session_type,
    focus_mode: input.focus_mode,
    location: input.location ?? null,
    start_time: typed.timestamp(new Date(input.start_time)),
    end_time: typed.timestamp(new Date(input.end_time)),
    duration_seconds: derived.durationSeconds,
    mood_rating: input.mood_rating ?? null,
    productivity_rating: input.productivity_rating ?? null,
    notes: input.notes ?? null,
    source: input.source ?? (input.client_session_id ? 'offline' : 'manual'),
    client_session_id: input.client_session_id ?? null,
    pauses: typed.json(derived.pauses),
    activities: typed.json(derived.activities),
  };
  const { rows } = await db.query(
    ADD_SQL,
    params,
    z.object({
      created: z.nullable(SessionAnswer),
      event: z.nullable(OutboxEventJson),
      earlier: z.nullable(SessionAnswer),
      overlapping_id: z.nullable(z.number()),
      earned_that_day: z.number(),
    }),
  );
  const row = rows[0];
  if (row?.created && row.event) {
    return {
      replayed: false,
      session: row.created,
      event: row.event,
      earnedThatDay: row.earned_that_day,
    };
  }
  if (row?.earlier) return { replayed: true, session: row.earlier };
  if (row?.overlapping_id) throw overlapConflict(row.overlapping_id);
  const raced = await db.query(RACED_SQL, params, z.object({ earlier: SessionAnswer }));
  const earlier = raced.rows[0]?.earlier;
  if (!earlier) throw new Error('A past session was neither stored nor found');
  return { replayed: true, session: earlier };
}
