import * as z from 'zod';
import { ACTIVITY_TYPES, SESSION_TYPES } from '../vocabulary';
import { ClassId, IsoDate, jsonbProblem, plainText } from './common';

const Rating = z.number().int({ error: 'must be a whole number' }).min(1).max(5);

export const StartSessionBody = z.strictObject({
  class_id: ClassId.optional(),
  session_type: z.enum(SESSION_TYPES).default('solo'),
  focus_mode: z.boolean().default(false),
  location: plainText(z.string().trim().max(200)).optional(),
});
export type StartSessionInput = z.infer<typeof StartSessionBody>;

export const EndSessionBody = z.strictObject({
  mood_rating: Rating.optional(),
  productivity_rating: Rating.optional(),
  notes: plainText(z.string().max(5000), 'lines').optional(),
});
export type EndSessionInput = z.infer<typeof EndSessionBody>;

const ItemCount = z.number().int({ error: 'must be a whole number' }).min(0).max(100_000);

export const LogActivityBody = z
  .strictObject({
    activity_type: z.enum(ACTIVITY_TYPES),
    content_type: plainText(z.string().trim().min(1).max(100)).optional(),
    content_id: plainText(z.string().trim().min(1).max(200)).optional(),
    items_completed: ItemCount.optional(),
    items_correct: ItemCount.optional(),
    duration_minutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .superRefine((metadata, ctx) => {
        const problem = jsonbProblem(metadata);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .refine((a) => a.items_correct === undefined || a.items_correct <= (a.items_completed ?? 0), {
    path: ['items_correct'],
    message: 'must not exceed items_completed',
  })
  .refine((a) => a.metadata === undefined || JSON.stringify(a.metadata).length <= 8_000, {
    path: ['metadata'],
    message: 'must be at most 8000 characters of JSON',
  });
export type LogActivityInput = z.infer<typeof LogActivityBody>;

export const ListSessionsQuery = z
  .strictObject({
    class_id: ClassId.optional(),
    start_date: IsoDate.optional(),
    end_date: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
    path: ['end_date'],
    message: 'must not be before start_date',
  });
export type ListSessionsInput = z.infer<typeof ListSessionsQuery>;
