import { parseDate, parseIsoWeek, parseMonth } from '../vocabulary';
import * as z from './zod';

const Format = z._default(z.enum(['json', 'csv']), 'json');
/** Daily and weekly reports also render as the email they are sent as. */
const EmailFormat = z._default(z.enum(['json', 'csv', 'html']), 'json');

/** A period parameter checked by `parse`, answered as the local date the period is anchored on. */
const periodParam = (parse: (text: string) => string | undefined, message: string) =>
  z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      const day = parse(text);
      if (day === undefined) {
        ctx.issues.push({ code: 'custom', message, input: text });
        return z.NEVER;
      }
      return day;
    }),
  );

export const DailyReportQuery = z.strictObject({
  /** Defaults to the student's today. */
  date: z.optional(
    periodParam(parseDate, 'must be a date in YYYY-MM-DD form between 2000 and 2100'),
  ),
  format: EmailFormat,
});

export const WeeklyReportQuery = z.strictObject({
  /** ISO week; defaults to the student's current week. */
  week: z.optional(periodParam(parseIsoWeek, 'must be an ISO week such as 2026-W07')),
  format: EmailFormat,
});

export const MonthlyReportQuery = z.strictObject({
  /** Defaults to the student's current month. */
  month: z.optional(periodParam(parseMonth, 'must be a month such as 2026-11')),
  format: Format,
});

export const UnsubscribeQuery = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1000)),
});
