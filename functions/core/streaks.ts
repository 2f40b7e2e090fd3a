/**
 * Study streaks: runs of consecutive local days with at least STREAK_MINIMUM_MINUTES of study
 * (the same minimum as streak goals). Today still counts as pending: a streak that reached
 * yesterday is current until today ends without study.
 */

export const STREAK_MINIMUM_MINUTES = 15;

export interface Streak {
  current_days: number;
  longest_days: number;
  minimum_minutes: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Streaks from days (`YYYY-MM-DD`, any order) with their studied minutes, as of `today`. */
export function streakOf(
  days: readonly { date: string; minutes: number }[],
  today: string,
): Streak {
  const studied = [
    ...new Set(days.filter((d) => d.minutes >= STREAK_MINIMUM_MINUTES).map((d) => d.date)),
  ]
    .map(dayNumber)
    .sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  let previous = Number.NaN;
  for (const day of studied) {
    run = day === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const last = studied.at(-1);
  const todayNumber = dayNumber(today);
  const current = last !== undefined && todayNumber - last <= 1 ? run : 0;
  return { current_days: current, longest_days: longest, minimum_minutes: STREAK_MINIMUM_MINUTES };
}
