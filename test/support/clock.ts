/**
 * Days for tests that depend on the student's today. Tests must not depend on the time of day,
 * so such a student lives in a zone where it is now early afternoon: no local day ends while
 * the test runs, whenever it runs.
 */

/** A fixed-offset zone whose clock shows between 12:00 and 13:00 at `now`. */
export function middayZone(now = Date.now()): string {
  const offset = 12 - new Date(now).getUTCHours();
  // POSIX-style Etc names count west as positive: Etc/GMT-5 is five hours ahead of UTC.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Today in `timeZone`, `YYYY-MM-DD`. */
export const localToday = (timeZone: string, now = Date.now()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(now));

export const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** ISO weekday of a day: 1 for Monday to 7 for Sunday. */
export const isoWeekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
