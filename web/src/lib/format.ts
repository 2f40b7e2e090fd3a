/**
 * The one place figures and dates are formatted for people, in the browser's locale: minutes as
 * "1 h 55 min", percentages with one decimal at most as "82.6 %", days as "Mon 2 Mar". Every page,
 * chart, tooltip and the API's own sentences (see `prose`) go through it, so no two parts of a
 * page can write the same figure two ways.
 */
import { roundHalfAwayFromZero } from '../../../functions/core/rounding';

const browserLocale = (): string => {
  try {
    const asked = typeof navigator === 'undefined' ? undefined : navigator.language;
    return asked ? (Intl.DateTimeFormat.supportedLocalesOf([asked])[0] ?? 'en-GB') : 'en-GB';
  } catch {
    return 'en-GB';
  }
};
const LOCALE = browserLocale();

/** Formatters are costly to build and a page formats hundreds of dates: build each once. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions, locale = LOCALE): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

export const DASH = '—';

export function minutes(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const total = Math.round(value);
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}

/** Axis labels: `45m`, `2h`, `1.5h`. */
export const shortMinutes = (value: number) =>
  value < 60 ? `${value}m` : `${Number((value / 60).toFixed(1))}h`;

export function number(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return value.toLocaleString(LOCALE, { maximumFractionDigits: digits });
}

/** "1 test", "3 tests", "— tests". */
export const count = (value: number | null | undefined, noun: string) =>
  `${number(value)} ${noun}${value === 1 ? '' : 's'}`;

/** Percentages always with at most one decimal, whatever precision the API answered. */
export const percent = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? DASH : `${number(value, Math.min(digits, 1))} %`;

/** "+12 %", "−8 %", "no change"; null when there is nothing to compare with. */
export function change(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'no earlier data';
  const rounded = roundHalfAwayFromZero(value, 0);
  if (rounded === 0) return 'no change';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
}

export const changeTone = (value: number | null | undefined) =>
  value === null || value === undefined || roundHalfAwayFromZero(value, 0) === 0
    ? 'neutral'
    : value > 0
      ? 'up'
      : 'down';

/** An instant, as the student's wall clock shows it. */
export function dateTime(iso: string | null, timeZone: string): string {
  if (!iso) return DASH;
  return formatter({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

export function time(iso: string | null, timeZone: string): string {
  if (!iso) return DASH;
  return formatter({ hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** A calendar day (`YYYY-MM-DD`); it has no time zone of its own. */
export function day(date: string | null, options: { year?: boolean; weekday?: boolean } = {}) {
  if (!date) return DASH;
  return formatter({
    weekday: options.weekday === false ? undefined : 'short',
    day: 'numeric',
    month: 'short',
    year: options.year ? 'numeric' : undefined,
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

export const dayRange = (start: string | null, end: string | null) =>
  start === end ? day(start, { year: true }) : `${day(start)} – ${day(end, { year: true })}`;

/** Today's date in a time zone, `YYYY-MM-DD`. */
export function today(timeZone: string, now = new Date()): string {
  return formatter({ year: 'numeric', month: '2-digit', day: '2-digit', timeZone }, 'en-CA').format(
    now,
  );
}

/** A stopwatch reading: `1:02:03`, or `12:03` under an hour. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export const humanize = (value: string) =>
  value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * A class as people know it: its name when the class cache has one (`names`, from GET /classes),
 * else its number.
 */
export const className = (
  id: number | null,
  name?: string | null,
  names?: ReadonlyMap<number, string>,
) => {
  if (id === null) return 'No class';
  const known = names?.get(id) ?? name;
  return known && known !== String(id) ? known : `Class ${id}`;
};

/** A month: "March 2026". */
export const month = (yyyyMm: string) =>
  formatter({ month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${yyyyMm}-01T00:00:00Z`),
  );

/** A short day for axis ticks: "2 Mar". */
export const shortDay = (date: string) =>
  formatter({ day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** A short month for axis ticks: "Mar". */
export const shortMonth = (date: string) =>
  formatter({ month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/**
 * The API's sentences (highlights, insights) in the page's format: "82.55%" becomes "82.6 %"
 * and "115 minutes" becomes "1 h 55 min", as the figures beside them are written.
 */
export const prose = (text: string) =>
  text
    .replace(/(-?\d+(?:\.\d+)?)\s?%/g, (_, n: string) => percent(Number(n)))
    .replace(/(\d+) minutes\b/g, (_, n: string) => minutes(Number(n)));

/** What a change is measured against, for its label. */
export const comparedWith = (comparedTo: 'whole_period' | 'to_date' | null | undefined) =>
  comparedTo === 'to_date' ? 'same days of the previous period' : 'previous period';
