import { ReportSummaryAnswer } from '../contracts/report-answers';
import * as z from '../contracts/zod';

/**
 * The summary of rows of daily facts, as the analytics and report statements answer it: SQL's
 * `summarize()` aggregate over `user_daily_facts()` (migration 023), so a week's days add up to
 * the week, its classes to its total, and the API agrees with the emails. It is the report's
 * summary answer plus what only the server reads, so the two cannot drift apart.
 */
export const SummaryRow = z.extend(ReportSummaryAnswer, {
  /** Of `minutes`, those of sessions typed in afterwards (`source: manual`); the rest were timed. */
  manual_minutes: z.number(),
  /** Sessions that carry a rating: what the averages are taken over. */
  rated_sessions: z.number().check(z.int()),
});
export type Summary = z.output<typeof SummaryRow>;
