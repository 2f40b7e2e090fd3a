/**
 * How one period compares with the one before. The periods themselves (`YYYY-MM-DD`,
 * `YYYY-Www`, `YYYY-MM`) are named in `../vocabulary`.
 */

import { percentOf } from './rounding';

/** Percentage change from `previous` to `current`, one decimal; null when there was nothing. */
export function changePercentage(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return percentOf(current - previous, previous);
}

/** What a period's change is measured against (see `periodChange`). */
export type ComparedTo = 'whole_period' | 'to_date';

interface Counted {
  minutes: number;
  sessions: number;
  points: number;
}

/**
 * The change of a period on the previous one. A closed period compares with the whole previous
 * period; an open one with the previous period up to the same point (the first three days of a
 * week with the first three days of the last one), since a period still filling up is no match
 * for a whole one. The answer names the comparison and carries the figures it was made with.
 */
export function periodChange(p: {
  current: Counted;
  previous: Counted;
  previousToDate: Counted;
  closed: boolean;
}) {
  const before = p.closed ? p.previous : p.previousToDate;
  return {
    compared_to: (p.closed ? 'whole_period' : 'to_date') as ComparedTo,
    previous: { minutes: before.minutes, sessions: before.sessions, points: before.points },
    minutes_percentage: changePercentage(p.current.minutes, before.minutes),
    sessions_percentage: changePercentage(p.current.sessions, before.sessions),
    points_percentage: changePercentage(p.current.points, before.points),
  };
}

export type PeriodChange = ReturnType<typeof periodChange>;
