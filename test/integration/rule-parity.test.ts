/**
 * Rules the database and the TypeScript both need are defined once in SQL (migrations 003, 008
 * and 022); the TypeScript side is held to them here, by calling each SQL function directly
 * (on embedded PGlite, or the server in DATABASE_URL) over a table of dates, zones and week
 * starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MILESTONES } from '../../functions/core/goals';
import { STREAK_MINIMUM_MINUTES } from '../../functions/core/streaks';
import {
  DEFAULT_CLOCK,
  isoWeekLabel,
  type PeriodKind,
  parseIsoWeek,
  periodFirstDay,
  periodLastDay,
  type WeekStart,
  weekLabel,
} from '../../functions/vocabulary';
import { today } from '../../web/src/lib/format';
import { periodOf } from '../../web/src/lib/periods';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;

beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(async () => {
  await env?.close();
});

// Year ends with ISO weeks 52 and 53, leap days, month ends, the range's edges.
const DATES = [
  '2000-01-01',
  '2004-12-31',
  '2005-01-01',
  '2005-01-02',
  '2005-01-03',
  '2008-12-29',
  '2009-12-31',
  '2010-01-03',
  '2010-01-04',
  '2015-12-31',
  '2016-01-03',
  '2016-02-29',
  '2020-12-31',
  '2021-01-03',
  '2021-01-04',
  '2023-01-01',
  '2024-02-29',
  '2024-12-29',
  '2024-12-30',
  '2026-03-29',
  '2026-11-30',
  '2026-12-06',
  '2026-12-31',
  '2027-01-03',
  '2027-01-04',
  '2100-12-31',
];
const WEEK_STARTS: WeekStart[] = ['monday', 'sunday'];
const KINDS: PeriodKind[] = ['daily', 'weekly', 'monthly'];

/** One row per case, from a single statement over a VALUES list. */
async function perCase<T>(cases: readonly unknown[][], select: string): Promise<T[]> {
  const values = cases
    .map((c, i) => `(${i}, ${c.map((v) => `'${String(v).replaceAll("'", "''")}'`).join(', ')})`)
    .join(',\n');
  const columns = cases[0]?.map((_, i) => `c${i}`).join(', ');
  return env.rows<T>(`SELECT ${select} FROM (VALUES ${values}) AS v (n, ${columns}) ORDER BY n`);
}

describe('rule parity: SQL functions and TypeScript', () => {
  it('the default clock: default_clock(), user_clock() of a student without preferences', async () => {
    const [clock] = await env.rows<{ tz: string; week_start: string; day_start_hour: number }>(
      'SELECT * FROM default_clock()',
    );
    expect(clock).toEqual({
      tz: DEFAULT_CLOCK.timezone,
      week_start: DEFAULT_CLOCK.week_start,
      day_start_hour: DEFAULT_CLOCK.day_starts_at_hour,
    });
    const [nobody] = await env.rows(
      "SELECT tz, week_start, day_start_hour FROM user_clock('nobody-has-these-preferences')",
    );
    expect(nobody).toEqual(clock);
    const [columns] = await env.rows<Record<string, string>>(`
      SELECT (SELECT column_default FROM information_schema.columns
              WHERE table_name = 'user_preferences' AND column_name = 'timezone') AS timezone,
             (SELECT column_default FROM information_schema.columns
              WHERE table_name = 'user_preferences' AND column_name = 'week_start') AS week_start`);
    expect(columns?.timezone).toContain('default_clock()');
    expect(columns?.week_start).toContain('default_clock()');
  });

  it('the goal milestones: goal_milestone_percents() and the constraint on recorded ones', async () => {
    const [row] = await env.rows<{ percents: string }>(
      'SELECT array_to_json(goal_milestone_percents())::text AS percents',
    );
    expect(JSON.parse(row?.percents ?? 'null')).toEqual([...MILESTONES]);
    const [check] = await env.rows<{ def: string }>(`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conname = 'goal_milestones_percent_check'`);
    expect(check?.def).toContain('goal_milestone_percents()');
  });

  it('the streak minimum: streak_day_minimum_minutes()', async () => {
    const [row] = await env.rows<{ minutes: number }>(
      'SELECT streak_day_minimum_minutes() AS minutes',
    );
    expect(row?.minutes).toBe(STREAK_MINIMUM_MINUTES);
  });

  it('periods: period_first_day(), period_last_day() and period_bounds()', async () => {
    const cases = KINDS.flatMap((kind) =>
      WEEK_STARTS.flatMap((weekStart) => DATES.map((date) => [kind, date, weekStart])),
    );
    const rows = await perCase<{ first: string; last: string; bf: string; bl: string }>(
      cases,
      `period_first_day(c0, c1::date, c2)::text AS first,
       period_last_day(c0, period_first_day(c0, c1::date, c2))::text AS last,
       (period_bounds(c0, c1::date, c2)).first_day::text AS bf,
       (period_bounds(c0, c1::date, c2)).last_day::text AS bl`,
    );
    const expected = cases.map(([kind, date, weekStart]) => {
      const first = periodFirstDay(kind as PeriodKind, date as string, weekStart as WeekStart);
      const last = periodLastDay(kind as PeriodKind, first);
      return { first, last, bf: first, bl: last };
    });
    expect(rows).toEqual(expected);
  });

  it('goal periods: goal_period() is the period clipped to the goal’s dates', async () => {
    const goals = [
      { start: '2000-01-01', target: '2100-12-31' },
      { start: '2026-12-02', target: '2026-12-04' },
    ];
    const cases = (['weekly', 'monthly'] as const).flatMap((kind) =>
      goals.flatMap((g) =>
        WEEK_STARTS.flatMap((weekStart) =>
          DATES.map((date) => [kind, g.start, g.target, date, weekStart]),
        ),
      ),
    );
    const rows = await perCase<{ period_start: string; period_end: string }>(
      cases,
      `(goal_period(jsonb_populate_record(NULL::study_goals,
          jsonb_build_object('recurrence_pattern', c0, 'start_date', c1, 'target_date', c2)),
        c3::date, c4)).period_start::text AS period_start,
       (goal_period(jsonb_populate_record(NULL::study_goals,
          jsonb_build_object('recurrence_pattern', c0, 'start_date', c1, 'target_date', c2)),
        c3::date, c4)).period_end::text AS period_end`,
    );
    const expected = cases.map(([kind, start, target, date, weekStart]) => {
      const first = periodFirstDay(kind as PeriodKind, date as string, weekStart as WeekStart);
      const last = periodLastDay(kind as PeriodKind, first);
      return {
        period_start: first > (start as string) ? first : start,
        period_end: last < (target as string) ? last : target,
      };
    });
    expect(rows).toEqual(expected);
  });

  it('ISO weeks: week_label(), to_char(IYYY-IW), to_date of a week and the dashboard’s periods', async () => {
    const cases = WEEK_STARTS.flatMap((weekStart) => DATES.map((date) => [date, weekStart]));
    const rows = await perCase<{ iso: string; label: string; monday: string }>(
      cases,
      `to_char(c0::date, 'IYYY-"W"IW') AS iso,
       week_label(period_first_day('weekly', c0::date, c1), c1) AS label,
       to_date(to_char(c0::date, 'IYYY-"W"IW'), 'IYYY-"W"IW')::text AS monday`,
    );
    const expected = cases.map(([date, weekStart]) => {
      const first = periodFirstDay('weekly', date as string, weekStart as WeekStart);
      return {
        iso: isoWeekLabel(date as string),
        label: weekLabel(first, weekStart as WeekStart),
        // The API takes weeks from 2000 on; the week of 1 January 2000 began in 1999.
        monday: parseIsoWeek(isoWeekLabel(date as string)) ?? '1999-12-27',
      };
    });
    expect(rows).toEqual(expected);
    // The dashboard names the week holding a date as the API does.
    expect(rows.map((r) => r.label)).toEqual(
      cases.map(([date, weekStart]) => periodOf('weekly', date as string, weekStart as WeekStart)),
    );
  });

  it('local days: local_day_of() and the dashboard’s today, across zones and DST changes', async () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'America/New_York',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Australia/Lord_Howe',
    ];
    const instants = [
      '2026-03-08T06:59:59Z',
      '2026-03-08T07:00:00Z',
      '2026-03-29T00:30:00Z',
      '2026-10-25T00:59:59Z',
      '2026-11-30T23:30:00Z',
      '2026-12-01T00:00:00Z',
      '2026-12-31T10:15:00Z',
      '2027-01-01T09:59:59Z',
    ];
    const cases = zones.flatMap((zone) => instants.map((instant) => [instant, zone]));
    const rows = await perCase<{ day: string }>(
      cases,
      'local_day_of(c0::timestamptz, c1, 0)::text AS day',
    );
    expect(rows.map((r) => r.day)).toEqual(
      cases.map(([instant, zone]) => today(zone as string, new Date(instant as string))),
    );
  });
});
