/**
 * EventBridge Scheduler's recurring expressions, as much of them as our schedules use:
 * `rate(n unit)` and `cron(minutes hours day-of-month month day-of-week year)` in UTC with `*`,
 * `?`, numbers, lists and `*\/n` steps (day-of-week and year only `*` or `?`).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export function rateMilliseconds(expression: string): number {
  const match = RATE.exec(expression);
  if (!match) throw new Error(`Unsupported schedule expression: ${expression}`);
  const unit = (match[2] ?? '').replace(/s$/, '') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

function field(text: string, min: number, max: number, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const step = /^(\*|\d+)\/(\d+)$/.exec(part);
    if (part === '*' || part === '?') {
      for (let v = min; v <= max; v++) values.add(v);
    } else if (step) {
      for (let v = step[1] === '*' ? min : Number(step[1]); v <= max; v += Number(step[2])) {
        values.add(v);
      }
    } else if (/^\d+$/.test(part) && Number(part) >= min && Number(part) <= max) {
      values.add(Number(part));
    } else {
      throw new Error(`Unsupported schedule expression: ${expression}`);
    }
  }
  return values;
}

/** The first firing strictly after `after`; rates count from `origin` (when the schedule began). */
export function nextFiring(expression: string, after: Date, origin = new Date(0)): Date {
  if (RATE.test(expression)) {
    const every = rateMilliseconds(expression);
    const elapsed = after.getTime() - origin.getTime();
    return new Date(origin.getTime() + (Math.floor(elapsed / every) + 1) * every);
  }
  const match = CRON.exec(expression);
  if (!match || !['*', '?'].includes(match[5] ?? '') || !['*', '?'].includes(match[6] ?? '')) {
    throw new Error(`Unsupported schedule expression: ${expression}`);
  }
  const minutes = field(match[1] ?? '', 0, 59, expression);
  const hours = field(match[2] ?? '', 0, 23, expression);
  const days = field(match[3] ?? '', 1, 31, expression);
  const months = field(match[4] ?? '', 1, 12, expression);
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  // A year of minutes bounds the search; every expression we accept fires within it.
  for (let i = 0; i < 366 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) {
    if (
      minutes.has(t.getUTCMinutes()) &&
      hours.has(t.getUTCHours()) &&
      days.has(t.getUTCDate()) &&
      months.has(t.getUTCMonth() + 1)
    ) {
      return t;
    }
  }
  throw new Error(`Schedule expression never fires: ${expression}`);
}

/** Every firing in (from, to], in order. */
export function firingsBetween(expression: string, from: Date, to: Date): Date[] {
  const firings: Date[] = [];
  for (let t = nextFiring(expression, from, from); t <= to; t = nextFiring(expression, t, from)) {
    firings.push(t);
  }
  return firings;
}
