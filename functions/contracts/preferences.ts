import * as z from 'zod';
import { isIanaTimeZone } from '../vocabulary';

export const WEEK_STARTS = ['monday', 'sunday'] as const;

export const PutPreferencesBody = z.strictObject({
  timezone: z
    .string()
    .max(64)
    .refine(isIanaTimeZone, { error: 'must be an IANA time zone such as Europe/Paris' })
    .optional(),
  week_start: z.enum(WEEK_STARTS).optional(),
  /** For students who study past midnight: their day runs from this hour to the same hour. */
  day_starts_at_hour: z.number().int({ error: 'must be a whole hour' }).min(0).max(6).optional(),
  /** Where reports go; null removes it (and with it every email). */
  email: z.email({ error: 'must be an email address' }).max(254).nullable().optional(),
  daily_report: z.boolean().optional(),
  weekly_report: z.boolean().optional(),
  /** Local hour from which the report of the day or week that ended is sent. */
  report_hour: z.number().int({ error: 'must be a whole hour' }).min(0).max(23).optional(),
  /** Send nothing for a day or week without study. */
  skip_empty: z.boolean().optional(),
  /** Minutes of study aimed for each week (at most the 10,080 a week has); null clears it. */
  weekly_target_minutes: z
    .number()
    .int({ error: 'must be whole minutes' })
    .min(1)
    .max(10_080)
    .nullable()
    .optional(),
});
export type PutPreferencesInput = z.infer<typeof PutPreferencesBody>;
