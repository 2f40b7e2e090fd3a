import * as z from 'zod';
import { parseDate, parseIsoWeek, parseMonth } from '../vocabulary';

const Format = z.enum(['json', 'csv']).default('json');
/** Daily and weekly reports also render as the email they are sent as. */
const EmailFormat = z.enum(['json', 'csv', 'html']).default('json');

/** A period parameter checked by `parse`, answered as the local date the period is anchored on. */
const periodParam = (parse: (text: string) => string | undefined, message: string) =>
  z.string().transform((text, ctx) => {
    const day = parse(text);
    if (day === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return day;
  });

export const DailyReportQuery = z.strictObject({
  /** Defaults to the student's today. */
  date: periodParam(
    parseDate,
    'must be a date in YYYY-MM-DD form between 2000 and 2100',
  ).optional(),
  format: EmailFormat,
});

export const WeeklyReportQuery = z.strictObject({
  /** ISO week; defaults to the student's current week. */
  week: periodParam(parseIsoWeek, 'must be an ISO week such as 2026-W07').optional(),
  format: EmailFormat,
});

export const MonthlyReportQuery = z.strictObject({
  /** Defaults to the student's current month. */
  month: periodParam(parseMonth, 'must be a month such as 2026-11').optional(),
  format: Format,
});

export const UnsubscribeQuery = z.object({
  token: z.string().min(1).max(1000),
});
