import * as z from 'zod';
import { EARLIEST_DATE, GOAL_STATUSES, GOAL_TYPES, parseDate, RECURRENCES } from '../vocabulary';
import { ClassId, IsoDate, plainText } from './common';

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

const GoalStart = IsoDate.refine((day) => day >= GOAL_EARLIEST_START, {
  error: `must be ${GOAL_EARLIEST_START} or later`,
});

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
  .min(0.005, { error: 'must be at least 0.005 (amounts are kept to two decimals)' })
  .max(1_000_000);

/** Goal types whose target is a percentage. */
export const PERCENT_GOAL_TYPES: readonly string[] = ['test_score', 'flashcard_mastery'];
export const PERCENT_TARGET_MESSAGE = 'is a percentage for this goal type and must be at most 100';

const Name = plainText(z.string().trim().min(1).max(200));
const Description = plainText(z.string().max(2000), 'lines');
const Unit = plainText(z.string().trim().max(50));

const goalFields = {
  class_id: ClassId.optional(),
  goal_type: z.enum(GOAL_TYPES),
  goal_name: Name,
  goal_description: Description.optional(),
  target_value: Amount,
  unit: Unit.optional(),
  start_date: GoalStart.optional(),
  target_date: IsoDate,
  priority: z.enum(['low', 'medium', 'high']).default('medium'),
  reminder_enabled: z.boolean().default(false),
  is_recurring: z.boolean().default(false),
  recurrence_pattern: z.enum(RECURRENCES).optional(),
};

export const CreateGoalBody = z
  .strictObject(goalFields)
  .refine((g) => !g.start_date || g.target_date >= g.start_date, {
    path: ['target_date'],
    message: 'must not be before start_date',
  })
  .refine(withinSpan, spanIssue)
  .refine((g) => g.is_recurring === (g.recurrence_pattern !== undefined), {
    path: ['recurrence_pattern'],
    message: 'is required for recurring goals and only for them',
  })
  .refine((g) => !PERCENT_GOAL_TYPES.includes(g.goal_type) || g.target_value <= 100, {
    path: ['target_value'],
    message: PERCENT_TARGET_MESSAGE,
  });
export type CreateGoalInput = z.infer<typeof CreateGoalBody>;

/**
 * Partial update: the same fields, checked as on create; type and recurrence are fixed. Rules
 * that need the stored goal (a percentage target, dates in order) are the database's
 * constraints, which answer the same issues as create (data/goals).
 */
export const UpdateGoalBody = z
  .strictObject({
    class_id: ClassId.nullable().optional(),
    goal_name: goalFields.goal_name.optional(),
    goal_description: Description.nullable().optional(),
    target_value: goalFields.target_value.optional(),
    unit: Unit.nullable().optional(),
    start_date: GoalStart.optional(),
    target_date: IsoDate.optional(),
    priority: z.enum(['low', 'medium', 'high']).optional(),
    reminder_enabled: z.boolean().optional(),
  })
  .refine((g) => !g.start_date || !g.target_date || g.target_date >= g.start_date, {
    path: ['target_date'],
    message: 'must not be before start_date',
  })
  .refine(withinSpan, spanIssue)
  .refine((g) => Object.keys(g).length > 0, {
    path: [],
    message: 'must change at least one field',
  });
export type UpdateGoalInput = z.infer<typeof UpdateGoalBody>;

export const ListGoalsQuery = z.strictObject({
  status: z.enum(GOAL_STATUSES).optional(),
  class_id: ClassId.optional(),
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
  periods_limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(PERIODS_MAX_LIMIT, { error: `must be at most ${PERIODS_MAX_LIMIT}` })
    .default(PERIODS_DEFAULT_LIMIT)
    .describe('how many of a recurring goal’s periods to answer, newest first'),
  periods_cursor: z
    .string()
    .describe('`periods_next_cursor` of the previous page: the periods before it')
    .transform((cursor, ctx) => {
      const before = decodePeriodsCursor(cursor);
      if (before === undefined) {
        ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
        return z.NEVER;
      }
      return before;
    })
    .optional(),
});
export type GetGoalInput = z.infer<typeof GetGoalQuery>;

export const RecordProgressBody = z.strictObject({
  progress_value: Amount,
  notes: plainText(z.string().max(2000), 'lines').optional(),
});
export type RecordProgressInput = z.infer<typeof RecordProgressBody>;

export const DeleteGoalQuery = z.strictObject({
  purge: z.enum(['true', 'false']).default('false'),
});
