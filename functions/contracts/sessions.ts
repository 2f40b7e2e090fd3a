import { ACTIVITY_TYPES, SESSION_TYPES } from '../vocabulary';
import { ClassId, IsoDate, jsonbProblem, plainText } from './common';
import * as z from './zod';

const Rating = z
  .number()
  .check(z.int({ error: 'must be a whole number' }), z.minimum(1), z.maximum(5));

export const StartSessionBody = z.strictObject({
  class_id: z.optional(ClassId),
  session_type: z._default(z.enum(SESSION_TYPES), 'solo'),
  focus_mode: z._default(z.boolean(), false),
  location: z.optional(plainText(z.string().check(z.trim(), z.maxLength(200)))),
});
export type StartSessionInput = z.infer<typeof StartSessionBody>;

export const EndSessionBody = z.strictObject({
  mood_rating: z.optional(Rating),
  productivity_rating: z.optional(Rating),
  notes: z.optional(plainText(z.string().check(z.maxLength(5000)), 'lines')),
});
export type EndSessionInput = z.infer<typeof EndSessionBody>;

const ItemCount = z
  .number()
  .check(z.int({ error: 'must be a whole number' }), z.minimum(0), z.maximum(100_000));

export const LogActivityBody = z
  .strictObject({
    activity_type: z.enum(ACTIVITY_TYPES),
    content_type: z.optional(
      plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    ),
    content_id: z.optional(plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))),
    items_completed: z.optional(ItemCount),
    items_correct: z.optional(ItemCount),
    duration_minutes: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 60))),
    metadata: z.optional(
      z.record(z.string(), z.unknown()).check(
        z.superRefine((metadata, ctx) => {
          const problem = jsonbProblem(metadata);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      ),
    ),
  })
  .check(
    z.refine((a) => a.items_correct === undefined || a.items_correct <= (a.items_completed ?? 0), {
      path: ['items_correct'],
      message: 'must not exceed items_completed',
    }),
    z.refine((a) => a.metadata === undefined || JSON.stringify(a.metadata).length <= 8_000, {
      path: ['metadata'],
      message: 'must be at most 8000 characters of JSON',
    }),
  );
export type LogActivityInput = z.infer<typeof LogActivityBody>;

export const ListSessionsQuery = z
  .strictObject({
    class_id: z.optional(ClassId),
    start_date: z.optional(IsoDate),
    end_date: z.optional(IsoDate),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(200))),
  })
  .check(
    z.refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
      path: ['end_date'],
      message: 'must not be before start_date',
    }),
  );
export type ListSessionsInput = z.infer<typeof ListSessionsQuery>;
