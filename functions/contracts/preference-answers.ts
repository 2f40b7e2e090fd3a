import { Instant } from './answer-common';
import { WEEK_STARTS } from './preferences';
import * as z from './zod';

export const PreferencesAnswer = z.object({
  timezone: z.string().check(z.describe('IANA time zone')),
  week_start: z.enum(WEEK_STARTS),
  day_starts_at_hour: z.number().check(z.int()),
  email: z.nullable(z.string()),
  daily_report: z.boolean(),
  weekly_report: z.boolean(),
  report_hour: z.number().check(z.int()),
  skip_empty: z.boolean(),
  weekly_target_minutes: z.nullable(z.number().check(z.int())),
  email_status: z
    .object({
      state: z.enum(['none', 'active', 'suppressed']),
      reason: z.nullable(z.enum(['bounce', 'complaint'])),
      since: z.nullable(Instant),
    })
    .check(z.describe('whether report emails can reach the address')),
});
export type PreferencesAnswer = z.infer<typeof PreferencesAnswer>;
