import * as z from 'zod';
import { WEEK_STARTS } from '../preferences';
import { Instant } from './common';

export const PreferencesAnswer = z.object({
  timezone: z.string().describe('IANA time zone'),
  week_start: z.enum(WEEK_STARTS),
  day_starts_at_hour: z.number().int(),
  email: z.string().nullable(),
  daily_report: z.boolean(),
  weekly_report: z.boolean(),
  report_hour: z.number().int(),
  skip_empty: z.boolean(),
  weekly_target_minutes: z.number().int().nullable(),
  email_status: z
    .object({
      state: z.enum(['none', 'active', 'suppressed']),
      reason: z.enum(['bounce', 'complaint']).nullable(),
      since: Instant.nullable(),
    })
    .describe('whether report emails can reach the address'),
});
export type PreferencesAnswer = z.infer<typeof PreferencesAnswer>;
