/**
 * The words every layer shares: what a period, a date, a time zone, an activity and a goal type
 * are. Contracts (what the API accepts) and core (the rules) both build on these; this module
 * imports nothing of ours.
 *
 * Report periods as the API names them: a day `YYYY-MM-DD`, an ISO week `YYYY-Www`, a month
 * `YYYY-MM`. Parsers return the local date the period is anchored on; the database turns it into
 * the student's own period (a Sunday-start week `2026-W47` runs from the Sunday before the ISO
 * Monday).
 */

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2100-12-31';

/** The most periods one trends request may cover: a year of days, two of weeks, three of months. */
export const MAX_POINTS: Record<PeriodKind, number> = { daily: 366, weekly: 104, monthly: 36 };
export const DEFAULT_POINTS: Record<PeriodKind, number> = { daily: 30, weekly: 12, monthly: 12 };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** A real calendar date within the supported range, or undefined. */
export function parseDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (isoDate(d) !== text) return undefined;
  return text >= EARLIEST_DATE && text <= LATEST_DATE ? text : undefined;
}

/** Weeks in an ISO year: 53 when 28 December falls in week 53, else 52. */
function isoWeeksIn(year: number): number {
  const dec28 = new Date(Date.UTC(year, 11, 28));
  return isoWeekOf(dec28).week;
}

function isoWeekOf(d: Date): { year: number; week: number } {
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return {
    year: thursday.getUTCFullYear(),
    week: 1 + Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7),
  };
}

/** The Monday of ISO week `YYYY-Www`, or undefined when there is no such week. */
export function parseIsoWeek(text: string): string | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > isoWeeksIn(year)) return undefined;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  return parseDate(isoDate(monday));
}

/** The first day of month `YYYY-MM`, or undefined. */
export function parseMonth(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return parseDate(`${text}-01`);
}

/**
 * True for IANA zone names (`Europe/Paris`, `UTC`). Offsets such as `+02:00` are refused even
 * where the runtime's Intl accepts them: PostgreSQL would read them with the POSIX sign flipped.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const SESSION_TYPES = ['solo', 'group', 'tutoring'] as const;
export const ACTIVITY_TYPES = [
  'reading',
  'testing',
  'flashcards',
  'notes',
  'video',
  'chat',
  'assignment',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const GOAL_TYPES = [
  'study_time',
  'test_score',
  'flashcard_mastery',
  'assignment_completion',
  'streak',
  'custom',
] as const;
export type GoalType = (typeof GOAL_TYPES)[number];
export const GOAL_STATUSES = ['active', 'completed', 'abandoned', 'expired'] as const;
export const RECURRENCES = ['daily', 'weekly', 'monthly'] as const;

/** Why mail to an address stopped: it bounced for good, or its owner complained. */
export type SuppressionReason = 'bounce' | 'complaint';

export type WeekStart = 'monday' | 'sunday';

/**
 * The clock of a student who never set preferences: zone UTC, weeks from Monday, days from
 * midnight. The database's `default_clock()` (migration 022) says the same; a parity test holds
 * the two together.
 */
export const DEFAULT_CLOCK = {
  timezone: 'UTC',
  week_start: 'monday' as WeekStart,
  day_starts_at_hour: 0,
} as const;

const DAY_MS = 86_400_000;
const dayOf = (date: string) => new Date(`${date}T00:00:00Z`);
const addDays = (date: string, days: number) =>
  isoDate(new Date(dayOf(date).getTime() + days * DAY_MS));

/** The ISO week (`2026-W47`) holding a date: Monday-based, week 1 holds the year's first Thursday. */
export function isoWeekLabel(date: string): string {
  const { year, week } = isoWeekOf(dayOf(date));
  return `${pad(year, 4)}-W${pad(week)}`;
}

/**
 * The first day of the period (day; week from `weekStart`; month) holding `date`. As the
 * database's `period_first_day()` (migration 008), which `period_bounds()` and `goal_period()`
 * go through.
 */
export function periodFirstDay(kind: PeriodKind, date: string, weekStart: WeekStart): string {
  if (kind === 'daily') return date;
  if (kind === 'monthly') return `${date.slice(0, 7)}-01`;
  const isoWeekday = ((dayOf(date).getUTCDay() + 6) % 7) + 1;
  const startWeekday = weekStart === 'sunday' ? 7 : 1;
  return addDays(date, -((isoWeekday - startWeekday + 7) % 7));
}

/** The last day of the period that starts on `firstDay` (the database's `period_last_day()`). */
export function periodLastDay(kind: PeriodKind, firstDay: string): string {
  if (kind === 'daily') return firstDay;
  if (kind === 'weekly') return addDays(firstDay, 6);
  const d = dayOf(firstDay);
  return isoDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/**
 * The label of the week starting on `firstDay`: a Sunday-start week is named by the ISO week of
 * its Monday, the one it mostly is (the database's `week_label()`, migration 022).
 */
export const weekLabel = (firstDay: string, weekStart: WeekStart): string =>
  isoWeekLabel(weekStart === 'sunday' ? addDays(firstDay, 1) : firstDay);
