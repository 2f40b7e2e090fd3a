/**
 * A student's whole record (migration 016, docs/export.md): read page by page for the export,
 * erased in one statement. Each page is one statement: every kind of record comes back as rows
 * of one JSON item each, in a fixed order, and the page stops at LIST_BUDGET_BYTES, so no
 * history however long reaches the Data API's 64 KB row or 1 MiB answer limit.
 */
import type { Queryable } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { LIST_BUDGET_BYTES } from './answer-budget';

/** The kinds of record an export page holds, in the order the pages go through them. */
export const RECORD_KINDS = [
  'preferences',
  'sessions',
  'pauses',
  'activities',
  'goals',
  'goal_progress',
  'goal_milestones',
  'points',
  'email_deliveries',
  'email_suppressions',
  // Last, so that the cursors of the kinds before keep their numbers.
  'session_history',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * Where each table with a `user_id` column goes in the export: its kind of record, or why it is
 * left out (it repeats what the exported records say). The erasure takes every such table
 * whatever this says; a test holds this list to the schema, so a new table is decided on here.
 */
export const PERSONAL_TABLES: Readonly<Record<string, RecordKind | `derived: ${string}`>> = {
  user_preferences: 'preferences',
  study_sessions: 'sessions',
  session_activities: 'activities',
  study_goals: 'goals',
  points_ledger: 'points',
  report_deliveries: 'email_deliveries',
  points_daily: 'derived: the sum of the day’s points, for the daily cap',
  analytics_snapshots: 'derived: daily totals of sessions, activities and points',
  analytics_snapshot_state: 'derived: how far the daily totals go',
  analytics_rollups: 'derived: weekly and monthly minutes of the daily totals',
  idempotency_keys: 'derived: the first answer to a retried request',
  session_changes: 'session_history',
  session_points_state: 'derived: how often a session’s points were adjusted',
};

/** At most this many records on one page (fewer once they reach the size budget). */
export const EXPORT_PAGE_RECORDS = 500;

/**
 * Where a page starts: after record (kind, k1, k2) in the export's order. `kind` is the index in
 * RECORD_KINDS (1-based; 0 before the first); k1 is the record's id (its goal's for milestones),
 * k2 orders records sharing k1 (empty when k1 alone does).
 */
export interface RecordPosition {
  kind: number;
  k1: number;
  k2: string;
}

export const START: RecordPosition = { kind: 0, k1: 0, k2: '' };

const kindNumber = (kind: RecordKind) => RECORD_KINDS.indexOf(kind) + 1;

/**
 * One kind's rows after the cursor, at most a page of them. `from` names the student's rows;
 * `item` builds the record, evaluated only for the rows kept (the planner computes it after the
 * sort and limit).
 */
const part = (kind: RecordKind, k1: string, k2: string, item: string, from: string) => `
  (SELECT ${kindNumber(kind)} AS kind, ${k1} AS k1, ${k2} AS k2, ${item} AS item
   ${from}
     AND (${kindNumber(kind)}, ${k1}, ${k2}) > (CAST(:kind AS integer), CAST(:k1 AS bigint), CAST(:k2 AS text))
   ORDER BY 2, 3 LIMIT :rows)`;

// Emails of the student's: the one in the preferences and those reports went to.
const STUDENT_EMAILS = `(
  SELECT lower(email) FROM user_preferences WHERE user_id = :user_id AND email IS NOT NULL
  UNION SELECT lower(email) FROM report_deliveries WHERE user_id = :user_id)`;

const PARTS = [
  part(
    'preferences',
    'CAST(0 AS bigint)',
    "''",
    `jsonb_build_object('timezone', p.timezone, 'week_start', p.week_start,
       'day_starts_at_hour', p.day_starts_at_hour, 'weekly_target_minutes', p.weekly_target_minutes,
       'email', p.email, 'daily_report', p.daily_report, 'weekly_report', p.weekly_report,
       'report_hour', p.report_hour, 'skip_empty', p.skip_empty, 'updated_at', api_time(p.updated_at))`,
    'FROM user_preferences p WHERE p.user_id = :user_id',
  ),
  part(
    'sessions',
    's.id',
    "''",
    `session_json(s) || jsonb_build_object('created_at', api_time(s.created_at))`,
    'FROM study_sessions s WHERE s.user_id = :user_id',
  ),
  part(
    'pauses',
    'p.id',
    "''",
    `jsonb_build_object('pause_id', p.id, 'session_id', p.session_id,
       'paused_at', api_time(p.paused_at), 'resumed_at', api_time(p.resumed_at))`,
    'FROM session_pauses p JOIN study_sessions s ON s.id = p.session_id WHERE s.user_id = :user_id',
  ),
  part(
    'activities',
    'a.id',
    "''",
    'activity_json(a)',
    'FROM session_activities a WHERE a.user_id = :user_id',
  ),
  part(
    'goals',
    'g.id',
    "''",
    `jsonb_build_object('goal_id', g.id, 'class_id', g.class_id, 'goal_type', g.goal_type,
       'goal_name', g.goal_name, 'goal_description', g.goal_description,
       'target_value', g.target_value, 'unit', g.unit, 'start_date', g.start_date,
       'target_date', g.target_date, 'priority', g.priority, 'reminder_enabled', g.reminder_enabled,
       'recurrence_pattern', g.recurrence_pattern, 'manual_total', g.manual_total,
       'status', g.status, 'completed_at', api_time(g.completed_at),
       'created_at', api_time(g.created_at), 'updated_at', api_time(g.updated_at))`,
    'FROM study_goals g WHERE g.user_id = :user_id',
  ),
  part(
    'goal_progress',
    'e.id',
    "''",
    `jsonb_build_object('progress_id', e.id, 'goal_id', e.goal_id, 'value', e.value,
       'notes', e.notes, 'recorded_at', api_time(e.recorded_at))`,
    'FROM goal_progress e JOIN study_goals g ON g.id = e.goal_id WHERE g.user_id = :user_id',
  ),
  part(
    'goal_milestones',
    'm.goal_id',
    `to_char(m.period_start, 'YYYY-MM-DD') || '/' || lpad(m.percent::text, 3, '0')`,
    `jsonb_build_object('goal_id', m.goal_id, 'period_start', m.period_start,
       'percent', m.percent, 'value', m.value, 'reached_at', api_time(m.reached_at))`,
    'FROM goal_milestones m JOIN study_goals g ON g.id = m.goal_id WHERE g.user_id = :user_id',
  ),
  part(
    'points',
    'l.id',
    "''",
    `jsonb_build_object('points_id', l.id, 'reference_type', l.reference_type,
       'reference_id', l.reference_id, 'points', l.points, 'reason', l.reason,
       'breakdown', l.breakdown, 'award_day', l.award_day, 'awarded_at', api_time(l.awarded_at))`,
    'FROM points_ledger l WHERE l.user_id = :user_id',
  ),
  part(
    'email_deliveries',
    'r.id',
    "''",
    `jsonb_build_object('delivery_id', r.id, 'kind', r.kind, 'period_start', r.period_start,
       'email', r.email, 'status', r.status, 'attempts', r.attempts, 'last_error', r.last_error,
       'message_id', r.message_id, 'created_at', api_time(r.created_at),
       'sent_at', api_time(r.sent_at))`,
    'FROM report_deliveries r WHERE r.user_id = :user_id',
  ),
  // Keyed by a hash of the address, so that no address travels in a cursor (URLs get logged).
  part(
    'email_suppressions',
    'CAST(0 AS bigint)',
    'md5(x.email)',
    `jsonb_build_object('email', x.email, 'reason', x.reason, 'since', api_time(x.since),
       'message_id', x.message_id, 'recorded_at', api_time(x.recorded_at))`,
    `FROM email_suppressions x WHERE x.email IN ${STUDENT_EMAILS}`,
  ),
  // Every change made to an ended session (deleted sessions' included): when, what, old and new.
  part(
    'session_history',
    'c.id',
    "''",
    `jsonb_build_object('session_id', c.session_id, 'revision', c.revision, 'change', c.change,
       'fields', c.fields, 'changed_at', api_time(c.changed_at))`,
    'FROM session_changes c WHERE c.user_id = :user_id',
  ),
];

// One extra row (`:rows` is a page plus one) tells whether another page follows.
const EXPORT_SQL = `
WITH page AS (
  SELECT * FROM (${PARTS.join('\n  UNION ALL')}) parts
  ORDER BY kind, k1, k2 LIMIT :rows
), sized AS (
  SELECT page.*, row_number() OVER w AS n, sum(octet_length(item::text)) OVER w AS running
  FROM page WINDOW w AS (ORDER BY kind, k1, k2)
)
SELECT kind, k1, k2, item, (SELECT count(*) FROM page)::integer AS fetched
FROM sized WHERE n = 1 OR running <= ${LIST_BUDGET_BYTES}
ORDER BY kind, k1, k2`;

export interface RecordPage {
  records: Record<RecordKind, unknown[]>;
  /** Where the next page starts, or null after the last record. */
  next: RecordPosition | null;
}

interface PositionedRow {
  kind: number;
  k1: number;
  k2: string;
  fetched: number;
}

/** Rows came back in order; the next page starts after the last one kept. */
function nextPosition(rows: readonly PositionedRow[], pageSize: number): RecordPosition | null {
  const kept = rows.slice(0, pageSize);
  const last = kept.at(-1);
  const fetched = rows[0]?.fetched ?? 0;
  return last && fetched > kept.length ? { kind: last.kind, k1: last.k1, k2: last.k2 } : null;
}

export async function exportPage(
  db: Queryable,
  userId: string,
  after: RecordPosition,
): Promise<RecordPage> {
  const { rows } = await db.query<PositionedRow & { item: unknown }>(EXPORT_SQL, {
    user_id: userId,
    kind: after.kind,
    k1: after.k1,
    k2: after.k2,
    rows: EXPORT_PAGE_RECORDS + 1,
  });
  const kept = rows.slice(0, EXPORT_PAGE_RECORDS);
  const records = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as Record<
    RecordKind,
    unknown[]
  >;
  for (const row of kept) {
    const kind = RECORD_KINDS[row.kind - 1];
    if (kind) records[kind].push(row.item);
  }
  return { records, next: nextPosition(rows, EXPORT_PAGE_RECORDS) };
}

// The CSV: each session, then its activities (activity 0 is the session's own line).
const CSV_SQL = `
WITH page AS (
  SELECT * FROM (
    (SELECT s.id AS k1, CAST(0 AS bigint) AS k2, session_json(s) AS item FROM study_sessions s
     WHERE s.user_id = :user_id AND (s.id, CAST(0 AS bigint)) > (CAST(:k1 AS bigint), CAST(:k2 AS bigint))
     ORDER BY 1, 2 LIMIT :rows)
    UNION ALL
    (SELECT a.session_id, a.id, activity_json(a) FROM session_activities a
     WHERE a.user_id = :user_id AND (a.session_id, a.id) > (CAST(:k1 AS bigint), CAST(:k2 AS bigint))
     ORDER BY 1, 2 LIMIT :rows)) parts
  ORDER BY k1, k2 LIMIT :rows
), sized AS (
  SELECT page.*, row_number() OVER w AS n, sum(octet_length(item::text)) OVER w AS running
  FROM page WINDOW w AS (ORDER BY k1, k2)
)
SELECT k1, k2, item, (SELECT count(*) FROM page)::integer AS fetched
FROM sized WHERE n = 1 OR running <= ${LIST_BUDGET_BYTES}
ORDER BY k1, k2`;

/** One line of the CSV: a session, or one of its activities. */
export type SessionLine =
  | { session: Record<string, unknown>; activity?: undefined }
  | { session?: undefined; activity: Record<string, unknown> };

export interface SessionLinePage {
  lines: SessionLine[];
  /** After (session id, activity id); null after the last line. */
  next: { k1: number; k2: number } | null;
}

export async function sessionLinesPage(
  db: Queryable,
  userId: string,
  after: { k1: number; k2: number },
): Promise<SessionLinePage> {
  const { rows } = await db.query<{
    k1: number;
    k2: number;
    item: Record<string, unknown>;
    fetched: number;
  }>(CSV_SQL, { user_id: userId, k1: after.k1, k2: after.k2, rows: EXPORT_PAGE_RECORDS + 1 });
  const kept = rows.slice(0, EXPORT_PAGE_RECORDS);
  const last = kept.at(-1);
  return {
    lines: kept.map((r) => (r.k2 === 0 ? { session: r.item } : { activity: r.item })),
    next: last && (rows[0]?.fetched ?? 0) > kept.length ? { k1: last.k1, k2: last.k2 } : null,
  };
}

export interface Erasure {
  erased_at: string;
  /** Rows deleted per table with a user_id column, and the student's events in the outbox. */
  deleted: Record<string, number>;
  /** Emails that were still to be sent (pending, being sent, or to be retried). */
  cancelled_emails: number;
  /** `Student Data Erased`, committed with the erasure and still to be published. */
  event: OutboxEvent;
}

/** Erases the student's every personal row in one statement (migration 016). */
export async function eraseStudent(db: Queryable, userId: string): Promise<Erasure> {
  const { rows } = await db.query<{ outcome: Erasure }>(
    'SELECT erase_student(:user_id) AS outcome',
    { user_id: userId },
  );
  const outcome = rows[0]?.outcome;
  if (!outcome) throw new Error('erase_student() returned no outcome');
  return outcome;
}
