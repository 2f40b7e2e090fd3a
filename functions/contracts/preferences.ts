import { isIanaTimeZone } from '../vocabulary';
import * as z from './zod';

export const WEEK_STARTS = ['monday', 'sunday'] as const;

export const PutPreferencesBody = z.strictObject({
  timezone: z.optional(
    z
      .string()
      .check(
        z.maxLength(64),
        z.refine(isIanaTimeZone, { error: 'must be an IANA time zone such as Europe/Paris' }),
      ),
  ),
  week_start: z.optional(z.enum(WEEK_STARTS)),
  /** For students who study past midnight: their day runs from this hour to the same hour. */
  day_starts_at_hour: z.optional(
    z.number().check(z.int({ error: 'must be a whole hour' }), z.minimum(0), z.maximum(6)),
  ),
  /** Where reports go; null removes it (and with it every email). */
  email: z.optional(
    z.nullable(z.email({ error: 'must be an email address' }).check(z.maxLength(254))),
  ),
  daily_report: z.optional(z.boolean()),
  weekly_report: z.optional(z.boolean()),
  /** Local hour from which the report of the day or week that ended is sent. */
  report_hour: z.optional(
    z.number().check(z.int({ error: 'must be a whole hour' }), z.minimum(0), z.maximum(23)),
  ),
  /** Send nothing for a day or week without study. */
  skip_empty: z.optional(z.boolean()),
  /** Minutes of study aimed for each week (at most the 10,080 a week has); null clears it. */
  weekly_target_minutes: z.optional(
    z.nullable(
      z.number().check(z.int({ error: 'must be whole minutes' }), z.minimum(1), z.maximum(10_080)),
    ),
  ),
});
export type PutPreferencesInput = z.infer<typeof PutPreferencesBody>;
