import { EARLIEST_DATE, GOAL_STATUSES, GOAL_TYPES, parseDate, RECURRENCES } from '../vocabulary';
import { ClassId, endNotBeforeStart, IsoDate, plainText } from './common';
import * as z from './zod';

/** No goal starts before this day: history before it cannot exist, and reads stay bounded. */
export const GOAL_EARLIEST_START = EARLIEST_DATE;
/** A goal's target date lies at most this many years after its start. */
export const GOAL_MAX_YEARS = 5;

/** The day `years` calendar years after `day` (29 February lands on the 28th, as in SQL). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = m === 2 ? (leap ? 29 : 28) : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const GoalStart = IsoDate.check(
  z.refine((day) => day >= GOAL_EARLIEST_START, {
    error: `must be ${GOAL_EARLIEST_START} or later`,
  }),
);

const withinSpan = (g: { start_date?: string | undefined; target_date?: string | undefined }) =>
  !g.start_date || !g.target_date || g.target_date <= addYears(g.start_date, GOAL_MAX_YEARS);
const spanIssue = {
  path: ['target_date'],
  message: `must be at most ${GOAL_MAX_YEARS} years after start_date`,
};

/**
 * Targets and progress are stored with two decimals (numeric(12, 2)): anything below 0.005
 * would be stored as 0, which no goal can mean.
 */
const Amount = z
  .number({ error: 'must be a number' })
  .check(
    z.minimum(0.005, { error: 'must be at least 0.005 (amounts are kept to two decimals)' }),
    z.maximum(1_000_000),
  );

/** Goal types whose target is a percentage. */
export const PERCENT_GOAL_TYPES: readonly string[] = ['test_score', 'flashcard_mastery'];
export const PERCENT_TARGET_MESSAGE = 'is a percentage for this goal type and must be at most 100';

const Name = plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));
const Description = plainText(z.string().check(z.maxLength(2000)), 'lines');
const Unit = plainText(z.string().check(z.trim(), z.maxLength(50)));

const goalFields = {
  class_id: z.optional(ClassId),
  goal_type: z.enum(GOAL_TYPES),
  goal_name: Name,
  goal_description: z.optional(Description),
  target_value: Amount,
  unit: z.optional(Unit),
  start_date: z.optional(GoalStart),
  target_date: IsoDate,
  priority: z._default(z.enum(['low', 'medium', 'high']), 'medium'),
  reminder_enabled: z._default(z.boolean(), false),
  is_recurring: z._default(z.boolean(), false),
  recurrence_pattern: z.optional(z.enum(RECURRENCES)),
};

export const CreateGoalBody = z.strictObject(goalFields).check(
  endNotBeforeStart('target_date'),
  z.refine(withinSpan, spanIssue),
  z.refine((g) => g.is_recurring === (g.recurrence_pattern !== undefined), {
    path: ['recurrence_pattern'],
    message: 'is required for recurring goals and only for them',
  }),
  z.refine((g) => !PERCENT_GOAL_TYPES.includes(g.goal_type) || g.target_value <= 100, {
    path: ['target_value'],
    message: PERCENT_TARGET_MESSAGE,
  }),
);
export type CreateGoalInput = z.infer<typeof CreateGoalBody>;

/**
 * Partial update: the same fields, checked as on create; type and recurrence are fixed. Rules
 * that need the stored goal (a percentage target, dates in order) are the database's
 * constraints, which answer the same issues as create (data/goals).
 */
export const UpdateGoalBody = z
  .strictObject({
    class_id: z.optional(z.nullable(ClassId)),
    goal_name: z.optional(goalFields.goal_name),
    goal_description: z.optional(z.nullable(Description)),
    target_value: z.optional(goalFields.target_value),
    unit: z.optional(z.nullable(Unit)),
    start_date: z.optional(GoalStart),
    target_date: z.optional(IsoDate),
    priority: z.optional(z.enum(['low', 'medium', 'high'])),
    reminder_enabled: z.optional(z.boolean()),
  })
  .check(
    endNotBeforeStart('target_date'),
    z.refine(withinSpan, spanIssue),
    z.refine((g) => Object.keys(g).length > 0, {
      path: [],
      message: 'must change at least one field',
    }),
  );
export type UpdateGoalInput = z.infer<typeof UpdateGoalBody>;

export const ListGoalsQuery = z.strictObject({
  status: z.optional(z.enum(GOAL_STATUSES)),
  class_id: z.optional(ClassId),
});
export type ListGoalsInput = z.infer<typeof ListGoalsQuery>;

/** A recurring goal's periods come in pages, newest first. */
export const PERIODS_DEFAULT_LIMIT = 30;
/** Sixty periods (five years of months) fit any answer and one bounded read of days. */
export const PERIODS_MAX_LIMIT = 60;

const CURSOR_PREFIX = 'periods-before:';

/** The opaque cursor of the page of periods that start before `day`. */
export const encodePeriodsCursor = (day: string) =>
  Buffer.from(`${CURSOR_PREFIX}${day}`, 'utf8').toString('base64url');

/** The day a periods cursor stands for, or undefined when this API did not write it. */
export function decodePeriodsCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith(CURSOR_PREFIX) ? parseDate(text.slice(CURSOR_PREFIX.length)) : undefined;
}

export const GetGoalQuery = z.strictObject({
  periods_limit: z
    ._default(
      z.coerce
        .number({ error: 'must be a number' })
        .check(
          z.int({ error: 'must be a whole number' }),
          z.minimum(1, { error: 'must be at least 1' }),
          z.maximum(PERIODS_MAX_LIMIT, { error: `must be at most ${PERIODS_MAX_LIMIT}` }),
        ),
      PERIODS_DEFAULT_LIMIT,
    )
    .check(z.describe('how many of a recurring goal’s periods to answer, newest first')),
  periods_cursor: z.optional(
    z.pipe(
      z
        .string()
        .check(z.describe('`periods_next_cursor` of the previous page: the periods before it')),
      z.transform((cursor: string, ctx) => {
        const before = decodePeriodsCursor(cursor);
        if (before === undefined) {
          ctx.issues.push({
            code: 'custom',
            message: 'is not a cursor this API returned',
            input: cursor,
          });
          return z.NEVER;
        }
        return before;
      }),
    ),
  ),
});
export type GetGoalInput = z.infer<typeof GetGoalQuery>;

export const RecordProgressBody = z.strictObject({
  progress_value: Amount,
  notes: z.optional(plainText(z.string().check(z.maxLength(2000)), 'lines')),
});
export type RecordProgressInput = z.infer<typeof RecordProgressBody>;

export const DeleteGoalQuery = z.strictObject({
  purge: z._default(z.enum(['true', 'false']), 'false'),
});
