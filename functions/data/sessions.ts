/**
 * Study sessions. Each use case is one SQL statement (one Data API call): CTEs look the session
 * up, change it and report what happened, so the handler can tell "not yours" (no row) from
 * "wrong state" (row, no change) without a second round trip, and concurrent requests race
 * inside Postgres, where row locks pick exactly one winner.
 */

import {
  ActivityAnswer,
  PauseAnswer,
  SessionAnswer,
  SessionChangeAnswer,
  SessionDetailAnswer,
} from '../contracts/session-answers';
import type {
  EndSessionInput,
  ListSessionsInput,
  LogActivityInput,
  StartSessionInput,
} from '../contracts/sessions';
import * as z from '../contracts/zod';
import { Conflict, NotFound, Unprocessable } from '../core/errors';
import { parseRows, type Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import type { Row } from '../platform/sql-rows';
import { TypedValue, typed } from '../platform/sql-values';
import { parseDate } from '../vocabulary';
import {
  LIST_BUDGET_BYTES,
  SESSION_HISTORY_BUDGET_BYTES,
  SESSION_PAUSES_LIMIT,
} from './answer-budget';

export type Session = SessionAnswer;
export type Activity = ActivityAnswer;
export type SessionDetail = SessionDetailAnswer;

/** An outbox event a statement wrote, as its JSON: checked to be an object, typed by the writer. */
export const OutboxEventJson = z.custom<OutboxEvent>((v) => typeof v === 'object' && v !== null);

/** One change made to an ended session: which fields, from what to what. */
export type SessionChange = z.output<typeof SessionChangeAnswer>;

/** Names the caller's open session in a 409, so a client can resume or end it. */
const alreadyOpen = (sessionId: number | null) =>
  new Conflict(
    sessionId
      ? `Session ${sessionId} is still active; end it before starting another`
      : 'Another session is still active; end it before starting another',
    { active_session_id: sessionId },
  );

const START_SQL = `
WITH open_session AS (
  SELECT id FROM study_sessions WHERE user_id = :user_id AND end_time IS NULL
), remembered AS (
  SELECT request_hash, response FROM idempotency_keys
  WHERE user_id = :user_id AND operation = 'start-session' AND key = CAST(:idempotency_key AS text)
), created AS (
  INSERT INTO study_sessions (user_id, class_id, session_type, focus_mode, location)
  SELECT :user_id, CAST(:class_id AS bigint), :session_type, :focus_mode, CAST(:location AS text)
  WHERE NOT EXISTS (SELECT 1 FROM open_session) AND NOT EXISTS (SELECT 1 FROM remembered)
  ON CONFLICT (user_id) WHERE end_time IS NULL DO NOTHING
  RETURNING *
), answer AS (
  SELECT session_json(ROW(created.*)::study_sessions) AS session FROM created
), remember AS (
  INSERT INTO idempotency_keys (user_id, operation, key, request_hash, status_code, response)
  SELECT :user_id, 'start-session', CAST(:idempotency_key AS text), :request_hash, 201, answer.session
  FROM answer WHERE CAST(:idempotency_key AS text) IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT (SELECT session FROM answer) AS created,
       (SELECT id FROM open_session) AS open_session_id,
       (SELECT request_hash FROM remembered) AS remembered_hash,
       (SELECT response FROM remembered) AS remembered_response`;

/** Only reached when a concurrent start won the race after this statement's snapshot. */
const LOST_RACE_SQL = `
SELECT (SELECT id FROM study_sessions WHERE user_id = :user_id AND end_time IS NULL) AS open_session_id,
       (SELECT response FROM idempotency_keys
        WHERE user_id = :user_id AND operation = 'start-session'
          AND key = CAST(:idempotency_key AS text) AND request_hash = :request_hash) AS remembered_response`;

export interface StartOutcome {
  session: Session;
  /** True when an Idempotency-Key replay returned the first answer. */
  replayed: boolean;
}

export async function startSession(
  db: Queryable,
  userId: string,
  input: StartSessionInput,
  idempotency?: { key: string; requestHash: string },
): Promise<StartOutcome> {
  const params = {
    user_id: userId,
    class_id: input.class_id ?? null,
    session_type: input.session_type,
    focus_mode: input.focus_mode,
    location: input.location ?? null,
    idempotency_key: idempotency?.key ?? null,
    request_hash: idempotency?.requestHash ?? '',
  };
  const { rows } = await db.query(
    START_SQL,
    params,
    z.object({
      created: z.nullable(SessionAnswer),
      open_session_id: z.nullable(z.number()),
      remembered_hash: z.nullable(z.string()),
      remembered_response: z.nullable(SessionAnswer),
    }),
  );
  const row = rows[0];
  if (row?.created) return { session: row.created, replayed: false };
  if (row?.remembered_response) {
    if (row.remembered_hash !== params.request_hash) {
      throw new Unprocessable('This Idempotency-Key was already used with a different request');
    }
    return { session: row.remembered_response, replayed: true };
  }
  if (row?.open_session_id) throw alreadyOpen(row.open_session_id);
  const race = await db.query(
    LOST_RACE_SQL,
    params,
    z.object({
      open_session_id: z.nullable(z.number()),
      remembered_response: z.nullable(SessionAnswer),
    }),
  );
  const raced = race.rows[0];
  if (raced?.remembered_response) return { session: raced.remembered_response, replayed: true };
  throw alreadyOpen(raced?.open_session_id ?? null);
}

// Ends the session, closes a running pause, and writes the `Study Session Ended` event to the
// outbox, all in one statement so that the event exists exactly when the change does. Also
// reads what the student earned today, so the answer can show the award after the daily cap.
const END_SQL = `
WITH target AS (
  SELECT id FROM study_sessions WHERE id = :session_id AND user_id = :user_id
), ended AS (
  UPDATE study_sessions s
  SET end_time = now(),
      status = 'completed',
      duration_seconds = session_studied_seconds(s),
      mood_rating = CAST(:mood_rating AS smallint),
      productivity_rating = CAST(:productivity_rating AS smallint),
      notes = CAST(:notes AS text)
  WHERE s.id = :session_id AND s.user_id = :user_id AND s.end_time IS NULL
  RETURNING s.*
), closed_pause AS (
  UPDATE session_pauses p SET resumed_at = ended.end_time
  FROM ended WHERE p.session_id = ended.id AND p.resumed_at IS NULL
), event AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT e.id, 'Study Session Ended', session_ended_detail(ROW(ended.*)::study_sessions, e.id)
  FROM ended, (SELECT gen_random_uuid() AS id) e
  RETURNING id, detail_type, detail
)
SELECT (SELECT session_json(ROW(ended.*)::study_sessions) FROM ended) AS session,
       (SELECT jsonb_build_object('id', id, 'detail_type', detail_type, 'detail', detail)
        FROM event) AS event,
       (SELECT coalesce(max(d.total), 0)::integer FROM points_daily d, user_clock(:user_id) clock
        WHERE d.user_id = :user_id AND d.award_day = clock.today) AS earned_today
FROM target`;

export interface EndOutcome {
  session: Session;
  /** The `Study Session Ended` event, committed with the change and still to be published. */
  event: OutboxEvent;
  /** Points already granted on the student's current local day. */
  earnedToday: number;
}

export async function endSession(
  db: Queryable,
  userId: string,
  sessionId: number,
  input: EndSessionInput,
): Promise<EndOutcome> {
  const { rows } = await db.query(
    END_SQL,
    {
      user_id: userId,
      session_id: sessionId,
      mood_rating: input.mood_rating ?? null,
      productivity_rating: input.productivity_rating ?? null,
      notes: input.notes ?? null,
    },
    z.object({
      session: z.nullable(SessionAnswer),
      event: z.nullable(OutboxEventJson),
      earned_today: z.number(),
    }),
  );
  const row = rows[0];
  if (!row) throw new NotFound(`Session ${sessionId} was not found`);
  if (!row.session || !row.event) throw new Conflict(`Session ${sessionId} has already ended`);
  return { session: row.session, event: row.event, earnedToday: row.earned_today };
}

/**
 * Pause and resume differ only in the states they move between and the pause row they touch
 * (`pauseRow`, a statement over `changed`, the session row that moved).
 */
function pauseStatement(from: 'active' | 'paused', to: 'active' | 'paused', pauseRow: string) {
  return `
WITH target AS (
  SELECT status FROM study_sessions WHERE id = :session_id AND user_id = :user_id
), changed AS (
  UPDATE study_sessions s SET status = '${to}'
  WHERE s.id = :session_id AND s.user_id = :user_id AND s.status = '${from}'
  RETURNING s.*
), pause_row AS (
  ${pauseRow}
)
SELECT target.status AS previous_status,
       (SELECT session_json(ROW(changed.*)::study_sessions) FROM changed) AS session
FROM target`;
}

const PAUSE_SQL = pauseStatement(
  'active',
  'paused',
  'INSERT INTO session_pauses (session_id, paused_at) SELECT id, now() FROM changed',
);

const RESUME_SQL = pauseStatement(
  'paused',
  'active',
  `UPDATE session_pauses p SET resumed_at = now()
  FROM changed WHERE p.session_id = changed.id AND p.resumed_at IS NULL`,
);

export async function setPaused(
  db: Queryable,
  userId: string,
  sessionId: number,
  paused: boolean,
): Promise<Session> {
  const { rows } = await db.query(
    paused ? PAUSE_SQL : RESUME_SQL,
    { user_id: userId, session_id: sessionId },
    z.object({ previous_status: z.string(), session: z.nullable(SessionAnswer) }),
  );
  const row = rows[0];
  if (!row) throw new NotFound(`Session ${sessionId} was not found`);
  if (!row.session) {
    const why =
      row.previous_status === 'completed'
        ? 'has already ended'
        : paused
          ? 'is already paused'
          : 'is not paused';
    throw new Conflict(`Session ${sessionId} ${why}`, { status: row.previous_status });
  }
  return row.session;
}

// FOR SHARE makes a concurrent end wait for this insert (or this insert see the ended row), so
// no activity lands in a session after it ended.
const LOG_ACTIVITY_SQL = `
WITH target AS (
  SELECT id, end_time FROM study_sessions
  WHERE id = :session_id AND user_id = :user_id
  FOR SHARE
), created AS (
  INSERT INTO session_activities (session_id, user_id, activity_type, content_type, content_id,
    items_completed, items_correct, duration_minutes, points_earned, metadata)
  SELECT id, :user_id, :activity_type, CAST(:content_type AS text), CAST(:content_id AS text),
    :items_completed, :items_correct, CAST(:duration_minutes AS numeric), :points_earned, :metadata
  FROM target WHERE end_time IS NULL
  RETURNING *
)
SELECT (SELECT activity_json(ROW(created.*)::session_activities) FROM created) AS activity
FROM target`;

export async function logActivity(
  db: Queryable,
  userId: string,
  sessionId: number,
  input: LogActivityInput,
  pointsEarned: number,
): Promise<Activity> {
  const { rows } = await db.query(
    LOG_ACTIVITY_SQL,
    {
      user_id: userId,
      session_id: sessionId,
      activity_type: input.activity_type,
      content_type: input.content_type ?? null,
      content_id: input.content_id ?? null,
      items_completed: input.items_completed ?? 0,
      items_correct: input.items_correct ?? 0,
      duration_minutes: input.duration_minutes ?? null,
      points_earned: pointsEarned,
      metadata: typed.json(input.metadata ?? null),
    },
    z.object({ activity: z.nullable(ActivityAnswer) }),
  );
  const row = rows[0];
  if (!row) throw new NotFound(`Session ${sessionId} was not found`);
  if (!row.activity) throw new Conflict(`Session ${sessionId} has already ended`);
  return row.activity;
}

/**
 * A session with its activities and pauses, as rows: the session (with how many activities and
 * pauses it has), then the latest activities that fit LIST_BUDGET_BYTES and the latest
 * SESSION_PAUSES_LIMIT pauses, each in time order. `:target` picks the session.
 */
const DETAIL_SQL = (target: string) => `
WITH s AS (SELECT * FROM study_sessions s WHERE ${target}),
activities AS (
  SELECT x.*, sum(octet_length(x.item::text)) OVER (ORDER BY x.created_at DESC, x.id DESC) AS running
  FROM (SELECT activity_json(a) AS item, a.created_at, a.id
        FROM session_activities a, s WHERE a.session_id = s.id) x
),
pauses AS (
  SELECT jsonb_build_object('paused_at', api_time(p.paused_at), 'resumed_at', api_time(p.resumed_at)) AS item,
         p.paused_at
  FROM session_pauses p, s WHERE p.session_id = s.id
  ORDER BY p.paused_at DESC LIMIT ${SESSION_PAUSES_LIMIT}
),
changes AS (
  SELECT x.*, sum(octet_length(x.item::text)) OVER (ORDER BY x.revision DESC) AS running
  FROM (SELECT jsonb_build_object('revision', c.revision, 'change', c.change,
                                  'changed_at', api_time(c.changed_at), 'fields', c.fields) AS item,
               c.revision
        FROM session_changes c, s WHERE c.session_id = s.id) x
)
SELECT 'session' AS part,
       session_json(ROW(s.*)::study_sessions) || jsonb_build_object(
         'activity_count', (SELECT count(*) FROM activities),
         'pause_count', (SELECT count(*) FROM session_pauses p WHERE p.session_id = s.id),
         'history_count', (SELECT count(*) FROM changes)) AS item,
       CAST(NULL AS timestamptz) AS at, 0 AS id
FROM s
UNION ALL
SELECT 'activity', item, created_at, id FROM activities
WHERE running <= ${LIST_BUDGET_BYTES - SESSION_HISTORY_BUDGET_BYTES}
UNION ALL
SELECT 'pause', item, paused_at, 0 FROM pauses
UNION ALL
SELECT 'change', item, NULL, revision FROM changes WHERE running <= ${SESSION_HISTORY_BUDGET_BYTES}
ORDER BY part DESC, at, id`;

/** One row per part of a session's detail: its head (fields and counts), an activity, a pause or a change. */
const DetailPart = z.object({
  part: z.enum(['session', 'activity', 'pause', 'change']),
  item: z.unknown(),
});
const DetailHead = z.omit(SessionDetailAnswer, { activities: true, pauses: true, history: true });

function detailOf(rows: z.output<typeof DetailPart>[]): SessionDetail | null {
  const head = rows.find((r) => r.part === 'session')?.item;
  if (head === undefined) return null;
  const items = (part: 'activity' | 'pause' | 'change') =>
    rows.filter((r) => r.part === part).map((r) => r.item as Row);
  return {
    ...DetailHead.parse(head),
    activities: parseRows(ActivityAnswer, items('activity')),
    pauses: parseRows(PauseAnswer, items('pause')),
    history: parseRows(SessionChangeAnswer, items('change')),
  };
}

export async function getSession(
  db: Queryable,
  userId: string,
  sessionId: number,
): Promise<SessionDetail> {
  const { rows } = await db.query(
    DETAIL_SQL('s.id = :session_id AND s.user_id = :user_id'),
    { user_id: userId, session_id: sessionId },
    DetailPart,
  );
  const detail = detailOf(rows);
  if (!detail) throw new NotFound(`Session ${sessionId} was not found`);
  return detail;
}

export async function getActiveSession(
  db: Queryable,
  userId: string,
): Promise<SessionDetail | null> {
  const { rows } = await db.query(
    DETAIL_SQL('s.user_id = :user_id AND s.end_time IS NULL'),
    { user_id: userId },
    DetailPart,
  );
  return detailOf(rows);
}

/**
 * Days are the user's days: they start at the user's day-start hour in the user's time zone
 * (from preferences; midnight UTC by default), so DST days are 23 or 25 hours long as they
 * should be. Totals
 * cover every matching session, not just the page; open sessions count towards total_count
 * only, as their duration is not final.
 */
const LIST_SQL = `
WITH clock AS (
  SELECT * FROM user_clock(:user_id)
), filtered AS (
  SELECT s AS session_row, s.id, s.start_time, s.duration_seconds
  FROM study_sessions s, clock
  WHERE s.user_id = :user_id
    AND (CAST(:class_id AS bigint) IS NULL OR s.class_id = CAST(:class_id AS bigint))
    AND (CAST(:start_date AS date) IS NULL
         OR s.start_time >= local_day_start(CAST(:start_date AS date), clock.tz, clock.day_start_hour))
    AND (CAST(:end_date AS date) IS NULL
         OR s.start_time < local_day_start(CAST(:end_date AS date) + 1, clock.tz, clock.day_start_hour))
), totals AS (
  SELECT count(*)::integer AS total_count,
         coalesce(sum(duration_seconds / 60), 0)::integer AS total_minutes,
         coalesce(round(avg(duration_seconds / 60), 1), 0) AS avg_duration
  FROM filtered
), page AS (
  SELECT session_json(f.session_row) AS session, f.start_time, f.id,
         to_char(f.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS cursor_time
  FROM filtered f
  WHERE CAST(:cursor_time AS timestamp) IS NULL
     OR (f.start_time, f.id)
        < (CAST(:cursor_time AS timestamp) AT TIME ZONE 'UTC', CAST(:cursor_id AS bigint))
  ORDER BY f.start_time DESC, f.id DESC
  LIMIT :page_size
), sized AS (
  SELECT p.*, row_number() OVER w AS n, sum(octet_length(p.session::text)) OVER w AS running
  FROM page p WINDOW w AS (ORDER BY p.start_time DESC, p.id DESC)
)
SELECT totals.*, (SELECT count(*) FROM page)::integer AS fetched, s.session, s.cursor_time
FROM totals LEFT JOIN sized s ON s.n = 1 OR s.running <= ${LIST_BUDGET_BYTES}
ORDER BY s.start_time DESC, s.id DESC`;

export interface SessionPage {
  sessions: Session[];
  total_count: number;
  total_minutes: number;
  avg_duration: number;
  next_cursor: string | null;
}

const encodeCursor = (time: string, id: number) =>
  Buffer.from(`${time}|${id}`, 'utf8').toString('base64url');

/**
 * Undefined when the cursor is not one this API produced: it must decode to a real instant in
 * the supported range and a safe id, and re-encode to itself, so nothing else reaches SQL.
 */
export function decodeCursor(cursor: string): { time: string; id: number } | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const m = /^(\d{4}-\d\d-\d\d) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}\|([1-9]\d{0,15})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  const [, day, , idText] = m ?? [];
  if (!m || !day || !idText || parseDate(day) === undefined) return undefined;
  const time = m[0].slice(0, m[0].indexOf('|'));
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || encodeCursor(time, id) !== cursor) return undefined;
  return { time, id };
}

export async function listSessions(
  db: Queryable,
  userId: string,
  query: ListSessionsInput,
  cursor?: { time: string; id: number },
): Promise<SessionPage> {
  const { rows } = await db.query(
    LIST_SQL,
    {
      user_id: userId,
      class_id: query.class_id ?? null,
      start_date: typed.date(query.start_date ?? null),
      end_date: typed.date(query.end_date ?? null),
      cursor_time: new TypedValue('TIMESTAMP', cursor?.time ?? null),
      cursor_id: cursor?.id ?? null,
      // One extra row tells whether another page follows.
      page_size: query.limit + 1,
    },
    z.object({
      total_count: z.number(),
      total_minutes: z.number(),
      avg_duration: z.number(),
      fetched: z.number(),
      session: z.nullable(SessionAnswer),
      cursor_time: z.nullable(z.string()),
    }),
  );
  const row = rows[0];
  if (!row) throw new Error('The session list query returned no totals row');
  // Rows past the size budget were left out: the page ends early and the next one goes on.
  const kept = rows.flatMap((r) => (r.session && r.cursor_time ? [r] : []));
  const page = kept.slice(0, query.limit);
  const last = page.at(-1);
  return {
    sessions: page.flatMap((p) => (p.session ? [p.session] : [])),
    total_count: row.total_count,
    total_minutes: row.total_minutes,
    avg_duration: row.avg_duration,
    next_cursor:
      row.fetched > page.length && last?.cursor_time && last.session
        ? encodeCursor(last.cursor_time, last.session.session_id)
        : null,
  };
}
