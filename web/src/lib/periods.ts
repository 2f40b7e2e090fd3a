/** Report periods as the API names them: `YYYY-MM-DD`, ISO week `YYYY-Www`, `YYYY-MM`. */
import {
  DEFAULT_CLOCK,
  isoWeekLabel,
  parseIsoWeek,
  periodFirstDay,
  type WeekStart,
  weekLabel,
} from '../../../functions/vocabulary';
import type { ReportKind } from './types';

const DAY_MS = 86_400_000;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

/** The ISO week (Monday-based, week 1 holds the year's first Thursday) of a date. */
export const isoWeek = isoWeekLabel;

/** The Monday of an ISO week. */
export function isoWeekMonday(week: string): string {
  const monday = parseIsoWeek(week);
  if (!monday) throw new Error(`not an ISO week: ${week}`);
  return monday;
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
  weekStart: WeekStart = DEFAULT_CLOCK.week_start,
): string {
  if (kind === 'daily') return date;
  if (kind === 'weekly') return weekLabel(periodFirstDay('weekly', date, weekStart), weekStart);
  return date.slice(0, 7);
}

/** The last period that has ended: yesterday, last week, last month. */
export const lastCompletePeriod = (
  kind: ReportKind,
  today: string,
  weekStart: WeekStart = DEFAULT_CLOCK.week_start,
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
