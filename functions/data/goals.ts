/**
 * Study goals. Progress comes from `goal_period_values()` (migration 008) over the student's
 * daily facts of the goal's period, in the student's own days, summed as the reports sum them,
 * so answers never drift from the data or from the reports. Milestones are rows unique per
 * (goal, period, percent): whichever statement inserts one first also writes its event to the
 * outbox, so each is announced exactly once.
 */

import { Day } from '../contracts/answer-common';
import { GoalAnswer, GoalDetailAnswer, GoalPeriodAnswer } from '../contracts/goal-answers';
import {
  type CreateGoalInput,
  GOAL_MAX_YEARS,
  type ListGoalsInput,
  PERCENT_TARGET_MESSAGE,
  type RecordProgressInput,
  type UpdateGoalInput,
} from '../contracts/goals';
import * as z from '../contracts/zod';
import { Conflict, Invalid, NotFound } from '../core/errors';
import { type Queryable, sqlStateOf } from '../platform/data-api';
import type { OutboxEvent } from '../platform/event-publisher';
import { typed } from '../platform/sql-values';
import { GOAL_STATUSES } from '../vocabulary';

/** A goal's stored fields with its current period and value, as GOAL_VIEW selects them. */
export const GoalRow = z.extend(
  z.omit(GoalAnswer, {
    current_period: true,
    percentage_complete: true,
    days_remaining: true,
    on_track: true,
    projected_completion_date: true,
    milestones_reached: true,
  }),
  { today: Day, period_start: Day, period_end: Day },
);
export type GoalRow = z.output<typeof GoalRow>;
export type GoalPeriodRow = z.output<typeof GoalPeriodAnswer>;

export const GoalDetailRow = z.extend(GoalRow, {
  /** Entries of the goal (of the page's periods, when recurring); the history lists the latest. */
  progress_count: z.number(),
  progress_history: GoalDetailAnswer.shape.progress_history,
  milestone_history: GoalDetailAnswer.shape.milestone_history,
  /** Recurring goals: a page of periods, newest first. */
  periods: z.nullable(z.array(GoalPeriodAnswer)),
  /** First day of the oldest period on the page, when older periods follow. */
  periods_before: z.nullable(Day),
  met_streak: z.nullable(z.number()),
});
export type GoalDetailRow = z.output<typeof GoalDetailRow>;

/** The caller's time zone, week start, day start and local today (see user_clock). */
export const PREFS = `prefs AS (SELECT * FROM user_clock(:user_id))`;

/** Columns of a goal as the API shows it, for rows `g` joined with prefs and their period. */
export const GOAL_VIEW = `
  g.id AS goal_id, g.class_id, g.goal_type, g.goal_name, g.goal_description, g.target_value,
  g.unit, g.start_date, g.target_date, g.priority, g.reminder_enabled,
  g.recurrence_pattern IS NOT NULL AS is_recurring, g.recurrence_pattern, g.status,
  g.completed_at, g.created_at, g.updated_at, prefs.today, per.period_start, per.period_end,
  goal_period_value(ROW(g.*)::study_goals, per.period_start, least(per.period_end, prefs.today),
                    prefs.week_start) AS current_value`;

/** The period that is current for the student: today's, clipped to the goal's own dates. */
export const GOAL_FROM = (source: string) => `
  FROM ${source} g CROSS JOIN prefs
  CROSS JOIN LATERAL goal_period(ROW(g.*)::study_goals,
    least(greatest(prefs.today, g.start_date), g.target_date), prefs.week_start) per`;

const violates = (err: unknown, constraint: string) =>
  sqlStateOf(err) === '23514' && err instanceof Error && err.message.includes(`"${constraint}"`);

/**
 * The dates the contract could not check alone (a start that defaulted to the student's today,
 * an update of one date against the stored other) as the 400 naming the field that was sent.
 */
function datesIssue(err: unknown, sent: { start_date?: string | undefined; target_date?: string }) {
  const field = sent.target_date !== undefined || !sent.start_date ? 'target_date' : 'start_date';
  if (violates(err, 'study_goals_dates')) {
    return new Invalid([
      {
        path: `body.${field}`,
        message:
          field === 'target_date'
            ? 'must not be before start_date'
            : 'must not be after target_date',
      },
    ]);
  }
  if (violates(err, 'study_goals_date_bounds')) {
    return new Invalid([
      {
        path: `body.${field}`,
        message:
          field === 'target_date'
            ? `must be at most ${GOAL_MAX_YEARS} years after start_date`
            : `must be at most ${GOAL_MAX_YEARS} years before target_date`,
      },
    ]);
  }
  // Possible only together with the stored goal: an edit's target against its type.
  if (violates(err, 'study_goals_percent_target')) {
    return new Invalid([{ path: 'body.target_value', message: PERCENT_TARGET_MESSAGE }]);
  }
  return undefined;
}

const CREATE_SQL = `
WITH ${PREFS}, created AS (
  INSERT INTO study_goals (user_id, class_id, goal_type, goal_name, goal_description,
    target_value, unit, start_date, target_date, priority, reminder_enabled, recurrence_pattern)
  SELECT :user_id, CAST(:class_id AS bigint), :goal_type, :goal_name, CAST(:goal_description AS text),
    CAST(:target_value AS numeric), CAST(:unit AS text), coalesce(CAST(:start_date AS date), prefs.today),
    CAST(:target_date AS date), :priority, :reminder_enabled, CAST(:recurrence_pattern AS text)
  FROM prefs
  RETURNING *
)
SELECT ${GOAL_VIEW} ${GOAL_FROM('created')}`;

export async function createGoal(db: Queryable, userId: string, input: CreateGoalInput) {
  try {
    const { rows } = await db.query(
      CREATE_SQL,
      {
        user_id: userId,
        class_id: input.class_id ?? null,
        goal_type: input.goal_type,
        goal_name: input.goal_name,
        goal_description: input.goal_description ?? null,
        target_value: typed.decimal(input.target_value),
        unit: input.unit ?? null,
        start_date: typed.date(input.start_date ?? null),
        target_date: typed.date(input.target_date),
        priority: input.priority,
        reminder_enabled: input.reminder_enabled,
        recurrence_pattern: input.recurrence_pattern ?? null,
      },
      GoalRow,
    );
    if (!rows[0]) throw new Error('Goal insert returned no row');
    return rows[0];
  } catch (err) {
    throw datesIssue(err, input) ?? err;
  }
}

const LIST_SQL = `
WITH ${PREFS}
SELECT ${GOAL_VIEW} ${GOAL_FROM('study_goals')}
WHERE g.user_id = :user_id
  AND (CAST(:status AS text) IS NULL OR g.status = CAST(:status AS text))
  AND (CAST(:class_id AS bigint) IS NULL OR g.class_id = CAST(:class_id AS bigint))
ORDER BY g.created_at DESC, g.id DESC
LIMIT 500`;

export async function listGoals(db: Queryable, userId: string, query: ListGoalsInput) {
  const { rows } = await db.query(
    LIST_SQL,
    {
      user_id: userId,
      status: query.status ?? null,
      class_id: query.class_id ?? null,
    },
    GoalRow,
  );
  return rows;
}

/**
 * The goal answer is one row, which the Data API caps at 64 KB: progress entries (notes up to
 * 2,000 characters) are listed newest first while their JSON text stays within this many bytes
 * (the rest of the row, a page of periods and its milestones included, stays under 40 KB);
 * `progress_count` says how many there are in all.
 */
const PROGRESS_HISTORY_BYTES = 16_000;

// A recurring goal answers a page of its periods, newest first: up to :periods_limit periods
// back from today's (or the last one, once the goal is over), or from the period before the
// cursor's. Each period's value comes from one read of the page's days; `met_streak` from one
// read of the goal's days up to today (goal_span_days() at most), so neither grows with the
// student's history. Milestones and recurring progress entries are those of the page's periods.
const GET_SQL = `
WITH ${PREFS},
goal AS (SELECT * FROM study_goals WHERE id = :goal_id AND user_id = :user_id),
anchor AS (
  SELECT least(prefs.today, g.target_date,
               coalesce(CAST(:periods_before AS date) - 1, 'infinity'::date)) AS day
  FROM goal g, prefs WHERE g.recurrence_pattern IS NOT NULL
),
page AS (
  SELECT p.period_start, p.period_end,
         (p.period_start, p.period_end) <> (n.first_day, n.last_day) AS partial
  FROM goal g, prefs, anchor,
  LATERAL period_bounds(g.recurrence_pattern, anchor.day, prefs.week_start) top,
  generate_series(0, CAST(:periods_limit AS integer) - 1) AS i,
  LATERAL period_bounds(g.recurrence_pattern, CASE g.recurrence_pattern
      WHEN 'daily' THEN top.first_day - i
      WHEN 'weekly' THEN top.first_day - 7 * i
      ELSE (top.first_day - make_interval(months => i))::date END, prefs.week_start) n,
  LATERAL goal_period(g, greatest(n.first_day, g.start_date), prefs.week_start) p
  WHERE anchor.day >= g.start_date AND n.last_day >= g.start_date
),
page_span AS (
  SELECT min(period_start) AS first_day, max(period_end) AS last_day, count(*) AS periods FROM page
),
page_values AS (
  SELECT v.* FROM goal g, prefs, anchor, page_span,
  LATERAL goal_period_values(g, page_span.first_day, anchor.day, prefs.week_start) v
  WHERE page_span.periods > 0
),
progress AS (
  SELECT p.id, p.recorded_at,
         jsonb_build_object('value', p.value, 'notes', p.notes, 'recorded_at', api_time(p.recorded_at)) AS entry
  FROM goal g, prefs, goal_progress p LEFT JOIN page_span ON true
  WHERE p.goal_id = g.id
    AND (g.recurrence_pattern IS NULL
         OR (p.recorded_at >= local_day_start(page_span.first_day, prefs.tz, prefs.day_start_hour)
             AND p.recorded_at < local_day_start(page_span.last_day + 1, prefs.tz, prefs.day_start_hour)))
),
history AS (
  SELECT v.period_start,
         goal_period_outcome(v.value, g.target_value, v.period_end, prefs.today) AS outcome
  FROM goal g, prefs,
  LATERAL goal_period_values(g, g.start_date, least(prefs.today, g.target_date), prefs.week_start) v
  WHERE g.recurrence_pattern IS NOT NULL
)
SELECT ${GOAL_VIEW},
  coalesce((SELECT jsonb_agg(e.entry ORDER BY e.recorded_at, e.id)
            FROM (SELECT x.*, sum(octet_length(x.entry::text)) OVER (ORDER BY x.recorded_at DESC, x.id DESC) AS running
                  FROM progress x) e
            WHERE e.running <= ${PROGRESS_HISTORY_BYTES}), '[]'::jsonb) AS progress_history,
  (SELECT count(*) FROM progress)::integer AS progress_count,
  coalesce((SELECT jsonb_agg(jsonb_build_object('percent', m.percent,
              'period_start', to_char(m.period_start, 'YYYY-MM-DD'), 'value', m.value,
              'reached_at', api_time(m.reached_at)) ORDER BY m.reached_at, m.percent)
            FROM goal_milestones m, page_span
            WHERE m.goal_id = g.id
              AND (g.recurrence_pattern IS NULL
                   OR m.period_start BETWEEN page_span.first_day AND page_span.last_day)),
           '[]'::jsonb) AS milestone_history,
  CASE WHEN g.recurrence_pattern IS NOT NULL THEN
    coalesce((SELECT jsonb_agg(jsonb_build_object(
                'period_start', to_char(p.period_start, 'YYYY-MM-DD'),
                'period_end', to_char(p.period_end, 'YYYY-MM-DD'),
                'partial', p.partial,
                'value', coalesce(v.value, 0),
                'outcome', goal_period_outcome(coalesce(v.value, 0), g.target_value, p.period_end, prefs.today))
              ORDER BY p.period_start DESC)
              FROM page p LEFT JOIN page_values v ON v.period_start = p.period_start), '[]'::jsonb)
  END AS periods,
  (SELECT to_char(first_day, 'YYYY-MM-DD') FROM page_span
   WHERE periods = CAST(:periods_limit AS integer) AND first_day > g.start_date) AS periods_before,
  CASE WHEN g.recurrence_pattern IS NOT NULL THEN
    (SELECT count(*) FROM history h
     WHERE h.outcome = 'met'
       AND h.period_start > coalesce((SELECT max(x.period_start) FROM history x WHERE x.outcome = 'missed'),
                                     '-infinity'::date))::integer
  END AS met_streak
${GOAL_FROM('goal')}`;

export interface PeriodsPage {
  limit: number;
  /** Periods that start before this day (from the cursor a previous page returned). */
  before?: string | undefined;
}

export async function getGoal(db: Queryable, userId: string, goalId: number, page: PeriodsPage) {
  const { rows } = await db.query(
    GET_SQL,
    {
      user_id: userId,
      goal_id: goalId,
      periods_limit: page.limit,
      periods_before: typed.date(page.before ?? null),
    },
    GoalDetailRow,
  );
  if (!rows[0]) throw new NotFound(`Goal ${goalId} was not found`);
  return rows[0];
}

// Nullable fields change only when named (`set_*`), so `null` can clear them.
const UPDATE_SQL = `
WITH ${PREFS}, updated AS (
  UPDATE study_goals g SET
    class_id = CASE WHEN :set_class_id THEN CAST(:class_id AS bigint) ELSE g.class_id END,
    goal_name = coalesce(CAST(:goal_name AS text), g.goal_name),
    goal_description = CASE WHEN :set_goal_description THEN CAST(:goal_description AS text)
                            ELSE g.goal_description END,
    target_value = coalesce(CAST(:target_value AS numeric), g.target_value),
    unit = CASE WHEN :set_unit THEN CAST(:unit AS text) ELSE g.unit END,
    start_date = coalesce(CAST(:start_date AS date), g.start_date),
    target_date = coalesce(CAST(:target_date AS date), g.target_date),
    priority = coalesce(CAST(:priority AS text), g.priority),
    reminder_enabled = coalesce(CAST(:reminder_enabled AS boolean), g.reminder_enabled),
    updated_at = now()
  WHERE g.id = :goal_id AND g.user_id = :user_id
  RETURNING g.*
)
SELECT ${GOAL_VIEW} ${GOAL_FROM('updated')}`;

export async function updateGoal(
  db: Queryable,
  userId: string,
  goalId: number,
  input: UpdateGoalInput,
) {
  try {
    const { rows } = await db.query(
      UPDATE_SQL,
      {
        user_id: userId,
        goal_id: goalId,
        set_class_id: input.class_id !== undefined,
        class_id: input.class_id ?? null,
        goal_name: input.goal_name ?? null,
        set_goal_description: input.goal_description !== undefined,
        goal_description: input.goal_description ?? null,
        target_value: typed.decimal(input.target_value ?? null),
        set_unit: input.unit !== undefined,
        unit: input.unit ?? null,
        start_date: typed.date(input.start_date ?? null),
        target_date: typed.date(input.target_date ?? null),
        priority: input.priority ?? null,
        reminder_enabled: input.reminder_enabled ?? null,
      },
      GoalRow,
    );
    if (!rows[0]) throw new NotFound(`Goal ${goalId} was not found`);
    return rows[0];
  } catch (err) {
    throw datesIssue(err, input) ?? err;
  }
}

/**
 * Milestones reached by the goals in `evaluated` (id, user_id, goal_type, goal_name,
 * target_value, recurring, period_start, value) become rows and events; a milestone already
 * recorded for that period is left alone by ON CONFLICT, so each is announced once.
 */
const MILESTONES = `
reached AS (
  SELECT e.*, m.percent FROM evaluated e
  CROSS JOIN unnest(goal_milestone_percents()) AS m (percent)
  WHERE e.value * 100 >= e.target_value * m.percent
), inserted AS (
  INSERT INTO goal_milestones (goal_id, period_start, percent, value)
  SELECT id, period_start, percent, value FROM reached
  ON CONFLICT DO NOTHING
  RETURNING *
), milestone_events AS (
  SELECT gen_random_uuid() AS id, 'Study Goal Milestone Reached' AS detail_type,
    jsonb_build_object('version', 1, 'user_id', e.user_id, 'goal_id', e.id,
      'goal_type', e.goal_type, 'goal_name', e.goal_name, 'percent', i.percent,
      'period_start', to_char(i.period_start, 'YYYY-MM-DD'), 'value', i.value,
      'target_value', e.target_value, 'recurring', e.recurring,
      'reached_at', api_time(i.reached_at)) AS detail
  FROM inserted i JOIN evaluated e ON e.id = i.goal_id
)`;

const completedEvents = (source: string, where = '') => `
  SELECT gen_random_uuid(), 'Study Goal Completed',
    jsonb_build_object('version', 1, 'user_id', c.user_id, 'goal_id', c.id,
      'goal_type', c.goal_type, 'goal_name', c.goal_name, 'target_value', c.target_value,
      'completed_at', api_time(c.completed_at))
  FROM ${source} c ${where}`;

const OUTBOX = (eventsSql: string) => `
events AS (
  INSERT INTO outbox (id, detail_type, detail)
  SELECT x.id, x.detail_type, x.detail || jsonb_build_object('event_id', x.id)
  FROM (${eventsSql}) AS x (id, detail_type, detail)
  RETURNING id, detail_type, detail
)`;

const EVENTS_JSON = `coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'detail_type',
  detail_type, 'detail', detail)) FROM events), '[]'::jsonb) AS events`;

// After a session: every active, automatically progressing goal of the student whose dates
// cover the local day the stored session ended on is evaluated for that day's period. A
// session that is not the student's, or not ended, evaluates nothing.
const EVALUATE_SQL = `
WITH ${PREFS}, session AS (
  SELECT end_time FROM study_sessions
  WHERE id = :session_id AND user_id = :user_id AND end_time IS NOT NULL
), day AS (
  SELECT local_day_of(session.end_time, prefs.tz, prefs.day_start_hour) AS d
  FROM prefs, session
), evaluated AS (
  SELECT g.id, g.user_id, g.goal_type, g.goal_name, g.target_value,
         g.recurrence_pattern IS NOT NULL AS recurring, per.period_start,
         goal_period_value(g, per.period_start, least(per.period_end, prefs.today), prefs.week_start) AS value
  FROM study_goals g CROSS JOIN prefs CROSS JOIN day
  CROSS JOIN LATERAL goal_period(g, day.d, prefs.week_start) per
  WHERE g.user_id = :user_id AND g.status = 'active' AND g.goal_type <> 'custom'
    AND day.d BETWEEN g.start_date AND g.target_date
), ${MILESTONES}, completed AS (
  UPDATE study_goals g SET status = 'completed', completed_at = now(), updated_at = now()
  FROM inserted i
  WHERE g.id = i.goal_id AND i.percent = 100 AND g.recurrence_pattern IS NULL AND g.status = 'active'
  RETURNING g.*
), ${OUTBOX(`SELECT * FROM milestone_events UNION ALL ${completedEvents('completed')}`)}
SELECT EXISTS (SELECT 1 FROM session) AS session_found, ${EVENTS_JSON}`;

/**
 * Records the milestones `userId`'s ended session `sessionId` brought; returns their events to
 * publish, and whether there was such a session.
 */
export async function evaluateGoalsAfterSession(
  db: Queryable,
  userId: string,
  sessionId: number,
): Promise<{ sessionFound: boolean; events: OutboxEvent[] }> {
  const { rows } = await db.query<{ session_found: boolean; events: OutboxEvent[] }>(EVALUATE_SQL, {
    user_id: userId,
    session_id: sessionId,
  });
  return { sessionFound: rows[0]?.session_found ?? false, events: rows[0]?.events ?? [] };
}

// Manual progress adds to the goal's running total under the row lock, so concurrent entries
// add up; reaching the target completes a one-off goal in the same update. A recurring goal's
// entry belongs to the period it is recorded in, whose value is the entries of its own days
// (this one included: the statement does not see its own insert), so it can only be recorded
// while a period runs, and never completes the goal.
const PROGRESS_SQL = `
WITH ${PREFS}, target AS (
  SELECT goal_type, status, start_date, target_date FROM study_goals
  WHERE id = :goal_id AND user_id = :user_id
), updated AS (
  UPDATE study_goals g
  SET manual_total = g.manual_total + CAST(:progress_value AS numeric),
      status = CASE WHEN g.recurrence_pattern IS NULL
                     AND g.manual_total + CAST(:progress_value AS numeric) >= g.target_value
                    THEN 'completed' ELSE g.status END,
      completed_at = CASE WHEN g.recurrence_pattern IS NULL
                           AND g.manual_total + CAST(:progress_value AS numeric) >= g.target_value
                          THEN now() ELSE g.completed_at END,
      updated_at = now()
  FROM prefs
  WHERE g.id = :goal_id AND g.user_id = :user_id AND g.goal_type = 'custom' AND g.status = 'active'
    AND (g.recurrence_pattern IS NULL OR prefs.today BETWEEN g.start_date AND g.target_date)
  RETURNING g.*
), entry AS (
  INSERT INTO goal_progress (goal_id, value, notes)
  SELECT id, CAST(:progress_value AS numeric), CAST(:notes AS text) FROM updated
), evaluated AS (
  SELECT u.id, u.user_id, u.goal_type, u.goal_name, u.target_value, u.status,
         u.recurrence_pattern IS NOT NULL AS recurring, per.period_start, per.period_end,
         CASE WHEN u.recurrence_pattern IS NULL THEN u.manual_total
              ELSE goal_period_value(ROW(u.*)::study_goals, per.period_start, prefs.today, prefs.week_start)
                   + CAST(:progress_value AS numeric) END AS value
  FROM updated u CROSS JOIN prefs
  CROSS JOIN LATERAL goal_period(ROW(u.*)::study_goals,
    least(greatest(prefs.today, u.start_date), u.target_date), prefs.week_start) per
), ${MILESTONES}, ${OUTBOX(
  `SELECT * FROM milestone_events UNION ALL ${completedEvents(
    'updated',
    "WHERE c.status = 'completed'",
  )}`,
)}
SELECT target.goal_type, to_char(target.start_date, 'YYYY-MM-DD') AS start_date,
       to_char(target.target_date, 'YYYY-MM-DD') AS target_date,
       coalesce((SELECT status FROM evaluated), target.status) AS status,
       (SELECT value FROM evaluated) AS current_value,
       (SELECT target_value FROM evaluated) AS target_value,
       (SELECT jsonb_build_object('start', to_char(period_start, 'YYYY-MM-DD'),
                                  'end', to_char(period_end, 'YYYY-MM-DD')) FROM evaluated) AS current_period,
       (SELECT coalesce(max(percent), 0) FROM inserted) AS new_milestone,
       ${EVENTS_JSON}
FROM target`;

export async function recordProgress(
  db: Queryable,
  userId: string,
  goalId: number,
  input: RecordProgressInput,
) {
  const { rows } = await db.query(
    PROGRESS_SQL,
    {
      user_id: userId,
      goal_id: goalId,
      progress_value: typed.decimal(input.progress_value),
      notes: input.notes ?? null,
    },
    z.object({
      goal_type: z.string(),
      start_date: Day,
      target_date: Day,
      status: z.enum(GOAL_STATUSES),
      current_value: z.nullable(z.number()),
      target_value: z.nullable(z.number()),
      current_period: z.nullable(GoalAnswer.shape.current_period),
      new_milestone: z.number(),
      events: z.array(z.custom<OutboxEvent>((v) => typeof v === 'object' && v !== null)),
    }),
  );
  const row = rows[0];
  if (!row) throw new NotFound(`Goal ${goalId} was not found`);
  if (row.current_value === null || row.target_value === null || !row.current_period) {
    if (row.goal_type !== 'custom') {
      throw new Conflict(
        `Goal ${goalId} is a ${row.goal_type} goal, which progresses automatically from sessions and activities; manual progress applies to custom goals only`,
        { goal_type: row.goal_type },
      );
    }
    if (row.status !== 'active') {
      throw new Conflict(
        `Goal ${goalId} is ${row.status}; progress can only be recorded on active goals`,
        { status: row.status },
      );
    }
    throw new Conflict(
      `Goal ${goalId} runs from ${row.start_date} to ${row.target_date}; progress on a recurring goal belongs to the period it is recorded in, so it can only be recorded between those days`,
      { start_date: row.start_date, target_date: row.target_date },
    );
  }
  return {
    ...row,
    current_value: row.current_value,
    target_value: row.target_value,
    current_period: row.current_period,
  };
}

const ABANDON_SQL = `
WITH target AS (SELECT status FROM study_goals WHERE id = :goal_id AND user_id = :user_id),
changed AS (
  UPDATE study_goals SET status = 'abandoned', updated_at = now()
  WHERE id = :goal_id AND user_id = :user_id AND status = 'active'
  RETURNING status
)
SELECT target.status AS previous_status, (SELECT status FROM changed) AS status FROM target`;

const PURGE_SQL = `DELETE FROM study_goals WHERE id = :goal_id AND user_id = :user_id RETURNING id`;

/** Abandons the goal (kept in history), or deletes it with everything it recorded. */
export async function deleteGoal(db: Queryable, userId: string, goalId: number, purge: boolean) {
  const params = { user_id: userId, goal_id: goalId };
  if (purge) {
    const { rows } = await db.query(PURGE_SQL, params);
    if (!rows[0]) throw new NotFound(`Goal ${goalId} was not found`);
    return { goal_id: goalId, status: 'deleted' as const };
  }
  const { rows } = await db.query(
    ABANDON_SQL,
    params,
    z.object({ previous_status: z.string(), status: z.nullable(z.enum(GOAL_STATUSES)) }),
  );
  const row = rows[0];
  if (!row) throw new NotFound(`Goal ${goalId} was not found`);
  if (!row.status) {
    throw new Conflict(`Goal ${goalId} is already ${row.previous_status}`, {
      status: row.previous_status,
    });
  }
  return { goal_id: goalId, status: row.status };
}

// A goal expires at the end of its target date in its owner's time zone, so the hourly run
// catches every zone within the hour.
const EXPIRE_SQL = `
WITH due AS (
  SELECT g.id FROM study_goals g
  CROSS JOIN LATERAL user_clock(g.user_id) c
  WHERE g.status = 'active'
    AND now() >= local_day_start(g.target_date + 1, c.tz, c.day_start_hour)
  FOR UPDATE OF g SKIP LOCKED
), expired AS (
  UPDATE study_goals g SET status = 'expired', updated_at = now()
  FROM due WHERE g.id = due.id AND g.status = 'active'
  RETURNING g.id
)
SELECT count(*)::integer AS expired FROM expired`;

export async function expireGoals(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ expired: number }>(EXPIRE_SQL);
  return rows[0]?.expired ?? 0;
}
