/** Report periods as the API names them: `YYYY-MM-DD`, ISO week `YYYY-Www`, `YYYY-MM`. */
import type { ReportKind } from './types';

const DAY_MS = 86_400_000;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

/** The ISO week (Monday-based, week 1 holds the year's first Thursday) of a date. */
export function isoWeek(iso: string): string {
  const date = toDate(iso);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week. */
export function isoWeekMonday(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return toIso(new Date(jan4 + ((Number(match[2]) - 1) * 7 - jan4Weekday) * DAY_MS));
}

/** The period `steps` before (negative) or after (positive) the given one. */
export function shiftPeriod(kind: ReportKind, period: string, steps: number): string {
  if (kind === 'daily') return toIso(new Date(toDate(period).getTime() + steps * DAY_MS));
  if (kind === 'weekly') {
    return isoWeek(toIso(new Date(toDate(isoWeekMonday(period)).getTime() + steps * 7 * DAY_MS)));
  }
  const [year, month] = period.split('-').map(Number) as [number, number];
  const shifted = new Date(Date.UTC(year, month - 1 + steps, 1));
  return toIso(shifted).slice(0, 7);
}

/**
 * The period holding a date. A Sunday-start week runs Sunday to Saturday and is named by the ISO
 * week of its Monday, as the API names it, so a Sunday belongs to the next ISO week.
 */
export function periodOf(
  kind: ReportKind,
  date: string,
  weekStart: 'monday' | 'sunday' = 'monday',
): string {
  if (kind === 'daily') return date;
  if (kind === 'weekly') {
    const sunday = toDate(date).getUTCDay() === 0;
    return isoWeek(
      weekStart === 'sunday' && sunday ? toIso(new Date(toDate(date).getTime() + DAY_MS)) : date,
    );
  }
  return date.slice(0, 7);
}

/** The last period that has ended: yesterday, last week, last month. */
export const lastCompletePeriod = (
  kind: ReportKind,
  today: string,
  weekStart: 'monday' | 'sunday' = 'monday',
) => shiftPeriod(kind, periodOf(kind, today, weekStart), -1);

export const PERIOD_PARAM: Record<ReportKind, 'date' | 'week' | 'month'> = {
  daily: 'date',
  weekly: 'week',
  monthly: 'month',
};

export const isPeriod = (kind: ReportKind, value: string | null | undefined): value is string =>
  !!value &&
  (kind === 'daily'
    ? /^\d{4}-\d{2}-\d{2}$/.test(value)
    : kind === 'weekly'
      ? /^\d{4}-W\d{2}$/.test(value)
      : /^\d{4}-\d{2}$/.test(value));
