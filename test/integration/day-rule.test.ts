/**
 * The student's day on days when the clock changes (docs/rules.md, "The day"): a day starts the
 * first time the student's clock shows its start hour or later, and every instant belongs to the
 * day whose [start, next start) holds it. The SQL functions every path uses are checked against
 * an independent reading of the wall clock (Intl) in the hard zones, for every day-start hour,
 * around both clock changes of 2026; then each path of the API is checked on the days where the
 * earlier reading lost or moved study.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---- An independent reading of the rule, from the wall clock alone -------------------------

const formats = new Map<string, Intl.DateTimeFormat>();
/** What the clock of `timeZone` shows at instant `ms`: `YYYY-MM-DD HH:MM`. */
function wall(ms: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const starts = new Map<string, number>();
/**
 * The first instant at which the clock shows `day` at `hour` o'clock or later. Every clock change
 * and every offset of these zones falls on a quarter hour, so a quarter-hour scan finds it.
 */
function dayStart(day: string, hour: number, timeZone: string): number {
  const key = `${timeZone}|${day}|${hour}`;
  const known = starts.get(key);
  if (known !== undefined) return known;
  const target = `${day} ${String(hour).padStart(2, '0')}:00`;
  const asUtc = Date.parse(`${target.replace(' ', 'T')}:00Z`);
  for (let t = asUtc - 16 * HOUR; t <= asUtc + 16 * HOUR; t += 15 * MINUTE) {
    if (wall(t, timeZone) >= target) {
      starts.set(key, t);
      return t;
    }
  }
  throw new Error(`no start found for ${key}`);
}

/** The day whose [start, next start) holds instant `ms`. */
function dayOf(ms: number, hour: number, timeZone: string): string {
  const guess = new Date(Date.parse(`${wall(ms, timeZone).replace(' ', 'T')}:00Z`) - hour * HOUR)
    .toISOString()
    .slice(0, 10);
  for (const day of [addDays(guess, -1), guess, addDays(guess, 1)]) {
    if (dayStart(day, hour, timeZone) <= ms && ms < dayStart(addDays(day, 1), hour, timeZone)) {
      return day;
    }
  }
  throw new Error(`no day holds ${new Date(ms).toISOString()} in ${timeZone}`);
}

// ---- The zones ---------------------------------------------------------------------------

/** Each zone with the days of its 2026 clock changes (none for zones without changes). */
const ZONES: [string, string[]][] = [
  ['Pacific/Kiritimati', []],
  ['Pacific/Pago_Pago', []],
  ['Asia/Kathmandu', []],
  ['Pacific/Chatham', ['2026-04-05', '2026-09-27']],
  ['America/St_Johns', ['2026-03-08', '2026-11-01']],
  ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']],
  ['America/New_York', ['2026-03-08', '2026-11-01']],
  ['Europe/London', ['2026-03-29', '2026-10-25']],
  ['Europe/Paris', ['2026-03-29', '2026-10-25']],
  ['America/Havana', ['2026-03-08', '2026-11-01']],
];
const HOURS = [0, 1, 2, 3, 4, 5, 6];
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

describe('the day rule in SQL', () => {
  it.each(ZONES)(
    'matches the wall clock in %s, every day start, around its clock changes',
    async (timeZone, changes) => {
      const days = (changes.length ? changes : ['2026-03-08', '2026-11-01']).flatMap((d) => [
        addDays(d, -1),
        d,
        addDays(d, 1),
      ]);
      // The premise: the listed days are the ones whose clock changes.
      for (const day of changes) {
        const length = dayStart(addDays(day, 1), 0, timeZone) - dayStart(day, 0, timeZone);
        expect(length, `${timeZone} ${day}`).not.toBe(DAY);
      }

      const startRows = await env.rows<{ day: string; hour: number; start: string }>(`
      SELECT d::date::text AS day, h AS hour,
             to_char(local_day_start(d::date, '${timeZone}', h) AT TIME ZONE 'UTC',
                     'YYYY-MM-DD"T"HH24:MI"Z"') AS start
      FROM unnest(ARRAY['${days.join("','")}']) AS d, generate_series(0, 6) AS h`);
      expect(startRows).toHaveLength(days.length * HOURS.length);
      const wrongStarts = startRows.filter(
        (row) => row.start !== iso(dayStart(row.day, row.hour, timeZone)),
      );
      expect(wrongStarts).toEqual([]);

      // Instants every 15 minutes (and 7 minutes past) through the days around each change.
      for (const day of changes.length ? changes : ['2026-11-01']) {
        const from = `${addDays(day, -1)}T00:00:00Z`;
        const to = `${addDays(day, 2)}T00:00:00Z`;
        const dayRows = await env.rows<{ t: string; hour: number; day: string; held: boolean }>(`
        SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS t, h AS hour, x.d::text AS day,
               -- the two functions agree: the day found holds the instant
               local_day_start(x.d, '${timeZone}', h) <= t
                 AND t < local_day_start(x.d + 1, '${timeZone}', h) AS held
        FROM generate_series('${from}'::timestamptz, '${to}'::timestamptz, interval '15 minutes') AS q,
             LATERAL (VALUES (q), (q + interval '7 minutes')) AS v (t),
             generate_series(0, 6) AS h,
             LATERAL (SELECT local_day_of(t, '${timeZone}', h) AS d) AS x`);
        expect(dayRows.length).toBeGreaterThan(500);
        const wrongDays = dayRows.filter(
          (row) => !row.held || row.day !== dayOf(Date.parse(row.t), row.hour, timeZone),
        );
        expect(wrongDays).toEqual([]);
      }
    },
  );

  // The examples docs/rules.md gives.
  it.each([
    ['America/New_York', 1, '2026-11-01', '2026-11-01T05:00Z', '01:00 EDT, the first of two'],
    ['America/New_York', 1, '2026-11-02', '2026-11-02T06:00Z', 'so 1 November lasts 25 hours'],
    ['America/New_York', 2, '2026-03-08', '2026-03-08T07:00Z', 'the jump from 02:00 to 03:00'],
    ['America/Havana', 0, '2026-03-08', '2026-03-08T05:00Z', 'midnight skipped: the jump'],
    ['America/Havana', 0, '2026-11-01', '2026-11-01T04:00Z', 'the first of two midnights'],
    ['Pacific/Chatham', 3, '2026-09-27', '2026-09-26T14:00Z', 'the jump from 02:45 to 03:45'],
    ['Pacific/Chatham', 3, '2026-04-05', '2026-04-04T13:15Z', '03:00 +13:45, the first of two'],
    ['Australia/Lord_Howe', 2, '2026-10-04', '2026-10-03T15:30Z', 'the jump from 02:00 to 02:30'],
    [
      'Australia/Lord_Howe',
      2,
      '2026-04-05',
      '2026-04-04T15:30Z',
      '02:00 shown once, after 01:30–02:00 twice',
    ],
    ['Europe/Paris', 2, '2026-10-25', '2026-10-25T00:00Z', '02:00 CEST, the first of two'],
    [
      'America/St_Johns',
      2,
      '2026-11-01',
      '2026-11-01T05:30Z',
      '02:00 shown once, after 01:00–02:00 twice',
    ],
  ])('%s, day start %i: %s starts at %s (%s)', async (timeZone, hour, day, expected) => {
    const [row] = await env.rows<{ start: string }>(`
      SELECT to_char(local_day_start('${day}', '${timeZone}', ${hour}) AT TIME ZONE 'UTC',
                     'YYYY-MM-DD"T"HH24:MI"Z"') AS start`);
    expect(row?.start).toBe(expected);
    expect(iso(dayStart(day, hour, timeZone))).toBe(expected);
  });
});

// ---- Every path on those days --------------------------------------------------------------

const get = async (user: string, path: string) => {
  const res = await env.call(user, 'GET', path);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};

/**
 * A 40-minute session that starts between the two readings of a clock change, and the day it
 * belongs to by the rule.
 */
const CASES = [
  // 01:10–01:50 EDT on 1 November: the first pass of 01:00–02:00, after the day's 01:00 start.
  ['America/New_York', 1, '2026-11-01', '2026-11-01T05:10:00Z', '2026-11-01T05:50:00Z'],
  // 02:10–02:50 CEST on 25 October, before the clock goes back to 02:00.
  ['Europe/Paris', 2, '2026-10-25', '2026-10-25T00:10:00Z', '2026-10-25T00:50:00Z'],
  // 00:10–00:50 CDT on 1 November, the first of Havana's two midnights.
  ['America/Havana', 0, '2026-11-01', '2026-11-01T04:10:00Z', '2026-11-01T04:50:00Z'],
  // 03:45–04:25 CHADT on 27 September: the clock jumped from 02:45 over the 03:00 day start.
  ['Pacific/Chatham', 3, '2026-09-27', '2026-09-26T14:00:00Z', '2026-09-26T14:40:00Z'],
] as const;

describe('every path counts clock-change days by the rule', () => {
  it.each(CASES)(
    '%s, day start %i: 40 minutes of %s count on that day everywhere',
    async (timezone, hour, day, start, end) => {
      const user = `day-rule-${randomUUID()}`;
      await env.call(user, 'PUT', '/preferences', { timezone, day_starts_at_hour: hour });
      const id = await env.pastSession(user, start, end);
      const before = addDays(day, -1);

      const report = await get(user, `/reports/daily?date=${day}`);
      expect(report.summary).toMatchObject({ minutes: 40, sessions: 1 });
      expect(report.sessions.map((s: { session_id: number }) => s.session_id)).toEqual([id]);
      expect(report.sessions[0].minutes_in_period).toBe(40);
      const dayBefore = await get(user, `/reports/daily?date=${before}`);
      expect(dayBefore.summary).toMatchObject({ minutes: 0, sessions: 0 });
      expect(dayBefore.sessions).toEqual([]);

      const heatmap = await get(user, '/performance/heatmap?year=2026');
      const cell = heatmap.days.find((d: { date: string }) => d.date === day);
      expect(cell).toEqual({ date: day, minutes: 40, sessions: 1 });
      expect(heatmap.total_minutes).toBe(40);

      const listed = await get(user, `/sessions?start_date=${day}&end_date=${day}`);
      expect(listed).toMatchObject({ total_count: 1, total_minutes: 40 });
      expect(
        (await get(user, `/sessions?start_date=${before}&end_date=${before}`)).total_count,
      ).toBe(0);

      const weekly = await env.call(user, 'POST', '/goals', {
        goal_type: 'study_time',
        goal_name: 'Daily 30',
        target_value: 30,
        start_date: before,
        target_date: addDays(day, 1),
        is_recurring: true,
        recurrence_pattern: 'daily',
      });
      expect(weekly.status).toBe(201);
      const goal = await get(user, `/goals/${weekly.body.goal_id}`);
      const byDay = Object.fromEntries(
        goal.periods.map((p: { period_start: string; value: number }) => [p.period_start, p.value]),
      );
      expect(byDay).toEqual({ [before]: 0, [day]: 40, [addDays(day, 1)]: 0 });

      // The points cap counts the award on the same day.
      const [awardDay] = await env.rows<{ day: string }>(`
      SELECT local_day_of('${end}', '${timezone}', ${hour})::text AS day`);
      expect(awardDay?.day).toBe(day);
    },
  );
});
