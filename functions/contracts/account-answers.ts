import { Instant } from './answer-common';
import * as z from './zod';

/** One page of everything stored about the caller; record lists are named by what they hold. */
export const ExportPageAnswer = z
  .looseObject({
    export_version: z.number(),
    user_id: z.string(),
    next_cursor: z.nullable(z.string()).check(z.describe('pass as ?cursor= for the next page')),
  })
  .check(z.describe('plus one list per kind of record (sessions, activities, goals, …)'));

export const ErasureAnswer = z.object({
  status: z.literal('erased'),
  erased_at: Instant,
  cancelled_emails: z.number().check(z.int()),
  event_id: z.string().check(z.describe('id of the event that tells other services')),
});
