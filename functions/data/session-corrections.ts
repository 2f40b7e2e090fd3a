/**
 * Corrections of ended sessions and their deletion. Each writes, in the same statement as the
 * change, a row of the session's history (`session_changes`: which fields, old and new values)
 * and a `Study Session Changed` event in the outbox, from which points are adjusted
 * (events/adjust-points) and goals evaluated; the analytics of every day the change touches are
 * reopened.
 */
import { Conflict, NotFound } from '../core/errors';
import type { Pause } from '../core/past-sessions';
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';
import { OVERLAPPING_CTE, overlapConflict, type PastActivity } from './past-sessions';
import type { Session } from './sessions';
import { reopenAnalyticsCtes } from './snapshots';

/** What a correction is checked against. */
export interface StoredTimes {
  session_id: number;
  status: 'active' | 'paused' | 'completed';
  revision: number;
  auto_closed: boolean;
  start_time: string;
  end_time: string | null;
  duration_seconds: number | null;
  /** Total, earliest start and latest end of the stored pauses. */
  paused_seconds: number;
  first_paused_at: string | null;
  last_resumed_at: string | null;
}

const STORED_SQL = `
SELECT s.id AS session_id, s.status, s.revision, s.auto_closed, api_time(s.start_time) AS start_time,
       api_time(s.end_time) AS end_time, s.duration_seconds,
       coalesce(p.paused_seconds, 0)::float8 AS paused_seconds,
       api_time(p.first_paused_at) AS first_paused_at, api_time(p.last_resumed_at) AS last_resumed_at
FROM study_sessions s
LEFT JOIN LATERAL (
  SELECT sum(extract(epoch FROM x.resumed_at - x.paused_at)) AS paused_seconds,
         min(x.paused_at) AS first_paused_at, max(x.resumed_at) AS last_resumed_at
  FROM session_pauses x WHERE x.session_id = s.id
) p ON true
WHERE s.id = :session_id AND s.user_id = :user_id`;

/** The stored session a correction starts from; another student's is not found. */
export async function storedTimes(
  db: Queryable,
  userId: string,
  sessionId: number,
): Promise<StoredTimes> {
  const { rows } = await db.query<StoredTimes>(STORED_SQL, {
    user_id: userId,
    session_id: sessionId,
  });
  const row = rows[0];
  if (!row) throw new NotFound(`Session ${sessionId} was not found`);
  if (row.end_time === null) {
    throw new Conflict(`Session ${sessionId} has not ended; end it before correcting it`);
  }
  return row;
}

const PAUSES_JSON = (alias: string, sessionSql: string) => `
  SELECT coalesce(jsonb_agg(jsonb_build_object('paused_at', api_time(${alias}.paused_at),
                                               'resumed_at', api_time(${alias}.resumed_at))
                            ORDER BY ${alias}.paused_at), '[]'::jsonb)
  FROM session_pauses ${alias} WHERE ${alias}.session_id = ${sessionSql}`;

const ACTIVITIES_JSON = (alias: string, sessionSql: string) => `
  SELECT coalesce(jsonb_agg(jsonb_build_object('activity_type', ${alias}.activity_type,
                                               'items_completed', ${alias}.items_completed,
                                               'items_correct', ${alias}.items_correct)
                            ORDER BY ${alias}.created_at, ${alias}.id), '[]'::jsonb)
  FROM session_activities ${alias} WHERE ${alias}.session_id = ${sessionSql}`;

/** `Study Session Changed` (version 1), from the row before (`t`) and after (`c`, or none). */
const CHANGED_DETAIL = (change: string, after: string | null) => `
  jsonb_build_object(
    'version', 1, 'event_id', e.id, 'user_id', t.user_id, 'session_id', t.id,
    'revision', t.revision + 1, 'change', ${change},
    'class_id', ${after ? `${after}.class_id` : 't.class_id'},
    'start_time', ${after ? `api_time(${after}.start_time)` : 'NULL'},
    'end_time', ${after ? `api_time(${after}.end_time)` : 'NULL'},
    'duration_minutes', ${after ? `${after}.duration_seconds / 60` : 'NULL'},
    'source', t.source,
    'previous', jsonb_build_object('start_time', api_time(t.start_time),
                                   'end_time', api_time(t.end_time),
                                   'duration_minutes', t.duration_seconds / 60))`;

// `target` is the row as read (locked, and still at the revision the checks were made on);
// `changed` the row as written. Pauses and activities are replaced when given, else moved with
// the session (activities keep their place in it, clamped to its new times).
const UPDATE_SQL = `
WITH target AS (
  SELECT s.* FROM study_sessions s
  WHERE s.id = :session_id AND s.user_id = :user_id AND s.end_time IS NOT NULL
    AND s.revision = :revision
  FOR UPDATE
), ${OVERLAPPING_CTE}, before AS (
  SELECT session_json(ROW(t.*)::study_sessions)
         || jsonb_build_object('pauses', (${PAUSES_JSON('p', 't.id')}),
                               'activities', (${ACTIVITIES_JSON('a', 't.id')})) AS v
  FROM target t
), changed AS (
  UPDATE study_sessions s SET
    start_time = coalesce(CAST(:new_start AS timestamp) AT TIME ZONE 'UTC', s.start_time),
    end_time = coalesce(CAST(:new_end AS timestamp) AT TIME ZONE 'UTC', s.end_time),
    duration_seconds = coalesce(CAST(:duration_seconds AS integer), s.duration_seconds),
    class_id = CASE WHEN :set_class_id THEN CAST(:class_id AS bigint) ELSE s.class_id END,
    session_type = coalesce(CAST(:session_type AS text), s.session_type),
    focus_mode = coalesce(CAST(:focus_mode AS boolean), s.focus_mode),
    mood_rating = CASE WHEN :set_mood_rating THEN CAST(:mood_rating AS smallint) ELSE s.mood_rating END,
    productivity_rating = CASE WHEN :set_productivity_rating
                               THEN CAST(:productivity_rating AS smallint) ELSE s.productivity_rating END,
    notes = CASE WHEN :set_notes THEN CAST(:notes AS text) ELSE s.notes END,
    confirmed_at = CASE WHEN :confirm THEN coalesce(s.confirmed_at, now()) ELSE s.confirmed_at END,
    revision = s.revision + 1
  FROM target t
  WHERE s.id = t.id AND NOT EXISTS (SELECT 1 FROM overlapping)
  RETURNING s.*
), removed_pauses AS (
  DELETE FROM session_pauses p USING changed c WHERE p.session_id = c.id AND :replace_pauses
), added_pauses AS (
  INSERT INTO session_pauses (session_id, paused_at, resumed_at)
  SELECT c.id, p.paused_at, p.resumed_at
  FROM changed c, jsonb_to_recordset(CAST(:pauses AS jsonb)) AS p (paused_at timestamptz, resumed_at timestamptz)
  WHERE :replace_pauses
), removed_activities AS (
  DELETE FROM session_activities a USING changed c WHERE a.session_id = c.id AND :replace_activities
), added_activities AS (
  INSERT INTO session_activities (session_id, user_id, activity_type, content_type, content_id,
    items_completed, items_correct, duration_minutes, points_earned, metadata, created_at)
  SELECT c.id, c.user_id, a.activity_type, a.content_type, a.content_id, a.items_completed,
         a.items_correct, a.duration_minutes, a.points_earned, a.metadata, c.start_time
  FROM changed c, jsonb_to_recordset(CAST(:activities AS jsonb)) AS a (
    activity_type text, content_type text, content_id text, items_completed integer,
    items_correct integer, duration_minutes numeric, points_earned integer, metadata jsonb)
  WHERE :replace_activities
), moved_activities AS (
  UPDATE session_activities a
  SET created_at = least(greatest(a.created_at + (c.start_time - t.start_time), c.start_time), c.end_time)
  FROM changed c, target t
  WHERE a.session_id = c.id AND NOT :replace_activities
    AND (c.start_time <> t.start_time OR c.end_time <> t.end_time)
), after AS (
  SELECT session_json(ROW(c.*)::study_sessions)
         || jsonb_build_object(
              'pauses', CASE WHEN :replace_pauses THEN CAST(:pauses_shown AS jsonb)
                             ELSE (SELECT v->'pauses' FROM before) END,
              'activities', CASE WHEN :replace_activities THEN CAST(:activities_shown AS jsonb)
                                 ELSE (SELECT v->'activities' FROM before) END) AS v
  FROM changed c
), fields AS (
  SELECT coalesce(jsonb_object_agg(o.key, jsonb_build_object('old', o.value, 'new', n.value)),
                  '{}'::jsonb) AS v
  FROM before b CROSS JOIN after x CROSS JOIN LATERAL jsonb_each(b.v) o
       JOIN LATERAL jsonb_each(x.v) n ON n.key = o.key
  WHERE o.value IS DISTINCT FROM n.value AND o.key NOT IN ('edited', 'duration_minutes')
), history AS (
  INSERT INTO session_changes (session_id, user_id, revision, change, fields)
  SELECT c.id, c.user_id, c.revision, :change, f.v FROM changed c, fields f
  RETURNING revision
), clock AS (
  SELECT * FROM user_clock(:user_id)
), ${reopenAnalyticsCtes(`
  SELECT local_day_of(least(t.start_time, c.start_time), clock.tz, clock.day_start_hour)
  FROM target t, changed c, clock`)},
event AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT e.id, 'Study Session Changed', ${CHANGED_DETAIL(':change', 'c')}
  FROM target t, changed c, (SELECT gen_random_uuid() AS id) e
  RETURNING id, detail_type, detail
)
SELECT (SELECT session_json(ROW(c.*)::study_sessions) FROM changed c) AS session,
       (SELECT jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)
        FROM event) AS event,
       (SELECT id FROM overlapping) AS overlapping_id`;

export interface SessionCorrection {
  /** Times to store, when they change (merged with the stored ones and checked). */
  start_time?: string;
  end_time?: string;
  duration_seconds?: number;
  /** The times the overlap check uses: the corrected ones, when times change. */
  checkOverlapWith?: { start_time: string; end_time: string };
  pauses?: readonly Pause[];
  activities?: readonly PastActivity[];
  class_id?: number | null;
  session_type?: string;
  focus_mode?: boolean;
  mood_rating?: number | null;
  productivity_rating?: number | null;
  notes?: string | null;
  confirm: boolean;
  change: 'edited' | 'confirmed';
}

export interface CorrectionOutcome {
  session: Session;
  event: OutboxEvent;
}

const at = (iso: string | undefined) => typed.timestamp(iso === undefined ? null : new Date(iso));
const shownTime = (iso: string) => new Date(iso).toISOString();

export async function correctSession(
  db: Queryable,
  userId: string,
  stored: StoredTimes,
  fix: SessionCorrection,
): Promise<CorrectionOutcome> {
  const pauses = fix.pauses
    ? [...fix.pauses]
        .map((p) => ({ paused_at: shownTime(p.paused_at), resumed_at: shownTime(p.resumed_at) }))
        .sort((a, b) => a.paused_at.localeCompare(b.paused_at))
    : null;
  const { rows } = await db.query<{
    session: Session | null;
    event: OutboxEvent | null;
    overlapping_id: number | null;
  }>(UPDATE_SQL, {
    user_id: userId,
    session_id: stored.session_id,
    revision: stored.revision,
    check_overlap: fix.checkOverlapWith !== undefined,
    start_time: at(fix.checkOverlapWith?.start_time ?? stored.start_time),
    end_time: at(fix.checkOverlapWith?.end_time ?? stored.end_time ?? stored.start_time),
    new_start: at(fix.start_time),
    new_end: at(fix.end_time),
    duration_seconds: fix.duration_seconds ?? null,
    set_class_id: fix.class_id !== undefined,
    class_id: fix.class_id ?? null,
    session_type: fix.session_type ?? null,
    focus_mode: fix.focus_mode ?? null,
    set_mood_rating: fix.mood_rating !== undefined,
    mood_rating: fix.mood_rating ?? null,
    set_productivity_rating: fix.productivity_rating !== undefined,
    productivity_rating: fix.productivity_rating ?? null,
    set_notes: fix.notes !== undefined,
    notes: fix.notes ?? null,
    confirm: fix.confirm,
    change: fix.change,
    replace_pauses: pauses !== null,
    pauses: typed.json(pauses ?? []),
    pauses_shown: typed.json(pauses ?? []),
    replace_activities: fix.activities !== undefined,
    activities: typed.json(fix.activities ?? []),
    activities_shown: typed.json(
      (fix.activities ?? []).map((a) => ({
        activity_type: a.activity_type,
        items_completed: a.items_completed,
        items_correct: a.items_correct,
      })),
    ),
  });
  const row = rows[0];
  if (row?.overlapping_id) throw overlapConflict(row.overlapping_id);
  if (!row?.session || !row.event) {
    throw new Conflict(
      `Session ${stored.session_id} was changed by another request meanwhile; read it and try again`,
    );
  }
  return { session: row.session, event: row.event };
}

const DELETE_SQL = `
WITH target AS (
  SELECT s.* FROM study_sessions s WHERE s.id = :session_id AND s.user_id = :user_id FOR UPDATE
), gone AS (
  DELETE FROM study_sessions s USING target t WHERE s.id = t.id RETURNING s.id
), history AS (
  INSERT INTO session_changes (session_id, user_id, revision, change, fields)
  SELECT t.id, t.user_id, t.revision + 1, 'deleted',
         jsonb_build_object('session', jsonb_build_object(
           'old', session_json(ROW(t.*)::study_sessions), 'new', NULL))
  FROM target t, gone g
), clock AS (
  SELECT * FROM user_clock(:user_id)
), ${reopenAnalyticsCtes(`
  SELECT local_day_of(t.start_time, clock.tz, clock.day_start_hour) FROM target t, gone g, clock`)},
event AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT e.id, 'Study Session Changed', ${CHANGED_DETAIL(`'deleted'`, null)}
  FROM target t, gone g, (SELECT gen_random_uuid() AS id) e
  RETURNING id, detail_type, detail
)
SELECT (SELECT id FROM gone) AS deleted_id,
       (SELECT jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)
        FROM event) AS event`;

/** Deletes one of `userId`'s sessions, its pauses and activities; the history keeps a record. */
export async function deleteSession(
  db: Queryable,
  userId: string,
  sessionId: number,
): Promise<OutboxEvent> {
  const { rows } = await db.query<{ deleted_id: number | null; event: OutboxEvent | null }>(
    DELETE_SQL,
    { user_id: userId, session_id: sessionId },
  );
  const event = rows[0]?.event;
  if (!event) throw new NotFound(`Session ${sessionId} was not found`);
  return event;
}
