/**
 * Reports and performance analytics through the API, against hand-computed figures. The only
 * file that runs the report builder: snapshots are per student, and running it from several
 * files at once against a shared database would race with their direct inserts.
 */
import { randomUUID } from 'node:crypto';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardSessionPoints, endedSessionFacts } from '../../functions/data/points';
import { refreshSnapshots } from '../../functions/data/snapshots';
import { DataApi } from '../../functions/platform/data-api';
import { LOCAL_ARNS } from '../../local/stack';
import { addDays, localToday, middayZone } from '../support/clock';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  // This file's builder runs must not send other files' students emails (shared database).
  env = await startOwnStack({ functionEnv: { REPORT_EMAILS_ENABLED: 'false' } });
  await env.sql(`INSERT INTO classes (id, name, updated_at) VALUES (101, 'Biology', now())
                 ON CONFLICT (id) DO NOTHING`);
});
afterAll(() => env?.close());

const newUser = (label: string) => `${label}-${randomUUID()}`;
const get = async (user: string, path: string) => {
  const res = await env.call(user, 'GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const minutesByDay = (report: { days: { date: string; minutes: number }[] }) =>
  Object.fromEntries(report.days.map((d) => [d.date, d.minutes]));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A week in Auckland (UTC+13 in November), ISO week 2026-W45: Monday 2 to Sunday 8 November.
 *   s1 Biology  Mon 23:30 → Tue 00:45   75 min: 30 on Mon, 45 on Tue
 *   s2 no class Thu 09:00 → 10:00       60 min, focus, mood 4, productivity 5;
 *               a test (8/10) and 20 flashcards (15 right) at 09:30; 30 points
 *   s3 class 202 Sun 23:50 → Mon 00:20  10 min this week, 20 the next
 *   s0 Biology  Sun 1 Nov 10:00–10:40   the previous week: 40 min
 */
async function aucklandWeek() {
  const user = newUser('auckland');
  await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Auckland' });
  await env.pastSession(user, '2026-10-31T21:00:00Z', '2026-10-31T21:40:00Z', 101);
  await env.pastSession(user, '2026-11-02T10:30:00Z', '2026-11-02T11:45:00Z', 101);
  const s2 = await env.pastSession(user, '2026-11-04T20:00:00Z', '2026-11-04T21:00:00Z', null, {
    focus: true,
    mood: 4,
    productivity: 5,
  });
  await env.pastActivity(user, s2, '2026-11-04T20:30:00Z', 'testing', 10, 8);
  await env.pastActivity(user, s2, '2026-11-04T20:30:00Z', 'flashcards', 20, 15);
  await env.sql(`INSERT INTO points_ledger (user_id, reference_type, reference_id, points, reason,
                   breakdown, award_day)
                 VALUES ('${user}', 'study_session', '${s2}', 30, 'study session', '{}', '2026-11-05')`);
  await env.pastSession(user, '2026-11-08T10:50:00Z', '2026-11-08T11:20:00Z', 202);
  return user;
}

describe('reports', () => {
  it('a weekly report splits sessions at the student’s midnight and adds up', async () => {
    const user = await aucklandWeek();
    const report = await get(user, '/reports/weekly?week=2026-W45');

    expect(report).toMatchObject({
      kind: 'weekly',
      period: '2026-W45',
      period_start: '2026-11-02',
      period_end: '2026-11-08',
      timezone: 'Pacific/Auckland',
      complete: true,
      summary: {
        minutes: 145,
        sessions: 3,
        focus_minutes: 60,
        points: 30,
        tests_taken: 1,
        average_test_score: 80,
        flashcards_reviewed: 20,
        flashcard_accuracy: 75,
        average_mood: 4,
        average_productivity: 5,
      },
      previous: { period: '2026-W44', minutes: 40, sessions: 1 },
      change: { minutes_percentage: 262.5, sessions_percentage: 200, points_percentage: null },
    });
    expect(minutesByDay(report)).toEqual({
      '2026-11-02': 30,
      '2026-11-03': 45,
      '2026-11-04': 0,
      '2026-11-05': 60,
      '2026-11-06': 0,
      '2026-11-07': 0,
      '2026-11-08': 10,
    });
    expect(report.classes).toEqual([
      expect.objectContaining({ class_id: 101, class_name: 'Biology', minutes: 75, sessions: 1 }),
      expect.objectContaining({ class_id: null, class_name: null, minutes: 60, sessions: 1 }),
      // A class the platform never announced shows its id.
      expect.objectContaining({ class_id: 202, class_name: '202', minutes: 10, sessions: 1 }),
    ]);
    expect(report.sessions.map((s: { minutes_in_period: number }) => s.minutes_in_period)).toEqual([
      75, 60, 10,
    ]);
    expect(sum(report.days.map((d: { minutes: number }) => d.minutes))).toBe(145);
    expect(sum(report.days.map((d: { sessions: number }) => d.sessions))).toBe(3);
    expect(sum(report.classes.map((c: { minutes: number }) => c.minutes))).toBe(145);
    expect(report.highlights).toContain('Best day: Thursday 5 November, 60 minutes.');
    expect(report.highlights).toContain('Most studied: Biology (75 minutes).');
  });

  it('the days of a month add up to its weeks and its total', async () => {
    const user = await aucklandWeek();
    const month = await get(user, '/reports/monthly?month=2026-11');
    const byDay = minutesByDay(month);
    // 2026-W45 lies inside November; W44 holds 1 November; W46 holds 9 November.
    const week45 = await get(user, '/reports/weekly?week=2026-W45');
    const inWeek45 = Object.entries(byDay).filter(([d]) => d >= '2026-11-02' && d <= '2026-11-08');
    expect(sum(inWeek45.map(([, m]) => m))).toBe(week45.summary.minutes);
    expect(byDay['2026-11-01']).toBe(40);
    expect(byDay['2026-11-09']).toBe(20);
    expect(month.summary.minutes).toBe(40 + 145 + 20);
    expect(sum(Object.values(byDay))).toBe(month.summary.minutes);
    expect(month.days).toHaveLength(30);
    expect(month.period).toBe('2026-11');
  });

  it('exports CSV with a day per row, a total row and a filename', async () => {
    const user = await aucklandWeek();
    const res = await env.fetchRaw(user, '/reports/weekly?week=2026-W45&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="study-report-2026-W45.csv"',
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(
      'date,minutes,sessions,focus_minutes,points,tests_taken,average_test_score,flashcards_reviewed,flashcard_accuracy,assignments_completed',
    );
    expect(lines[2]).toBe('2026-11-03,45,0,0,0,0,,0,,0');
    expect(lines[4]).toBe('2026-11-05,60,1,60,30,1,80,20,75,0');
    expect(lines[8]).toBe('total,145,3,60,30,1,80,20,75,0');
  });

  it('a day in UTC−10 runs from local midnight to midnight', async () => {
    const user = newUser('honolulu');
    await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Honolulu' });
    // 23:30 on 9 November to 00:30 on 10 November, Honolulu time.
    await env.pastSession(user, '2026-11-10T09:30:00Z', '2026-11-10T10:30:00Z');
    const ninth = await get(user, '/reports/daily?date=2026-11-09');
    const tenth = await get(user, '/reports/daily?date=2026-11-10');
    expect(ninth.summary).toMatchObject({ minutes: 30, sessions: 1 });
    expect(tenth.summary).toMatchObject({ minutes: 30, sessions: 0 });
    expect(tenth.previous).toMatchObject({ period: '2026-11-09', minutes: 30 });
    expect(tenth.sessions).toHaveLength(1);
    expect(tenth.sessions[0].minutes_in_period).toBe(30);
  });

  it('a DST week in New York has a 25-hour day, and a Sunday week start moves the week', async () => {
    const user = newUser('new-york');
    await env.call(user, 'PUT', '/preferences', { timezone: 'America/New_York' });
    // 00:30 EDT to 01:30 EST on 1 November 2026: two real hours on one local day.
    await env.pastSession(user, '2026-11-01T04:30:00Z', '2026-11-01T06:30:00Z');
    // 23:30 EST on 1 November to 00:30 on the 2nd.
    await env.pastSession(user, '2026-11-02T04:30:00Z', '2026-11-02T05:30:00Z');
    const day = await get(user, '/reports/daily?date=2026-11-01');
    expect(day.summary.minutes).toBe(150);
    const mondayWeek = await get(user, '/reports/weekly?week=2026-W44');
    expect(mondayWeek).toMatchObject({ period_start: '2026-10-26', period_end: '2026-11-01' });
    expect(mondayWeek.summary.minutes).toBe(150);

    await env.call(user, 'PUT', '/preferences', { week_start: 'sunday' });
    const sundayWeek = await get(user, '/reports/weekly?week=2026-W45');
    expect(sundayWeek).toMatchObject({ period: '2026-W45', period_start: '2026-11-01' });
    expect(minutesByDay(sundayWeek)['2026-11-01']).toBe(150);
    expect(minutesByDay(sundayWeek)['2026-11-02']).toBe(30);
    expect(sundayWeek.summary.minutes).toBe(180);
  });

  it('a day that starts at 4 a.m. keeps late-night study on the evening before', async () => {
    const user = newUser('night-owl');
    await env.call(user, 'PUT', '/preferences', { timezone: 'UTC', day_starts_at_hour: 4 });
    await env.pastSession(user, '2026-11-10T02:00:00Z', '2026-11-10T03:00:00Z');
    await env.pastSession(user, '2026-11-10T03:30:00Z', '2026-11-10T04:30:00Z');
    const ninth = await get(user, '/reports/daily?date=2026-11-09');
    const tenth = await get(user, '/reports/daily?date=2026-11-10');
    expect(ninth.summary).toMatchObject({ minutes: 90, sessions: 2 });
    expect(tenth.summary).toMatchObject({ minutes: 30, sessions: 0 });
  });

  it('lists active goals with their progress', async () => {
    const user = newUser('goals');
    const goal = await env.call(user, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: 'Read daily',
      target_value: 30,
      unit: 'minutes',
      target_date: '2030-12-31',
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    expect(goal.status).toBe(201);
    const report = await get(user, '/reports/daily');
    expect(report.goals).toEqual([
      expect.objectContaining({
        goal_id: goal.body.goal_id,
        goal_name: 'Read daily',
        current_value: 0,
        percentage_complete: 0,
      }),
    ]);
    expect(report.highlights).toEqual(['No study recorded this day.']);
  });

  it.each([
    ['/reports/daily?date=2026-02-30', 'query.date'],
    ['/reports/daily?date=1999-12-31', 'query.date'],
    ['/reports/daily?date=yesterday', 'query.date'],
    ['/reports/weekly?week=2025-W53', 'query.week'],
    ['/reports/weekly?week=2026-W54', 'query.week'],
    ['/reports/weekly?week=2026-47', 'query.week'],
    ['/reports/monthly?month=2026-13', 'query.month'],
    ['/reports/monthly?month=2026-11&format=xml', 'query.format'],
    ['/reports/monthly?months=2026-11', 'query.months'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const res = await env.call(newUser('bad'), 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe(field);
  });

  it('accepts week 53 in a year that has one', async () => {
    const report = await get(newUser('w53'), '/reports/weekly?week=2026-W53');
    expect(report).toMatchObject({ period_start: '2026-12-28', period_end: '2027-01-03' });
  });
});

describe('snapshots', () => {
  it('give the same answers as the raw rows, and closed days are read from them', async () => {
    const users = [await aucklandWeek(), newUser('dst')];
    await env.call(users[1] as string, 'PUT', '/preferences', { timezone: 'America/New_York' });
    await env.pastSession(users[1] as string, '2026-11-01T04:30:00Z', '2026-11-01T06:30:00Z');
    const paths = [
      '/reports/weekly?week=2026-W44',
      '/reports/weekly?week=2026-W45',
      '/reports/monthly?month=2026-11',
      '/reports/daily?date=2026-11-03',
      '/performance/overview?period=all_time',
      '/performance/overview?period=monthly',
      '/performance/trends?period=weekly&points=10',
      '/performance/comparison?compare_by=class&period=monthly',
    ];
    const answers = async (user: string) => Promise.all(paths.map((path) => get(user, path)));

    const raw = await Promise.all(users.map(answers));
    const run = await env.runSchedule('report-builder');
    expect(run).toMatchObject({ snapshots: { unfinished: false } });
    const fromSnapshots = await Promise.all(users.map(answers));
    expect(fromSnapshots).toEqual(raw);

    const user = users[0] as string;
    const state = await env.rows(
      `SELECT through_day::text AS through FROM analytics_snapshot_state WHERE user_id = '${user}'`,
    );
    expect(state).toHaveLength(1);
    // Proof that closed days come from the snapshots: change one and the report follows.
    await env.sql(`UPDATE analytics_snapshots SET studied_seconds = studied_seconds + 600
                   WHERE user_id = '${user}' AND day = '2026-11-03'`);
    const tampered = await get(user, '/reports/weekly?week=2026-W45');
    expect(tampered.summary.minutes).toBe(155);

    // A time-zone change makes the snapshots stale: answers come from the raw rows again,
    // and the next build replaces them.
    await env.call(user, 'PUT', '/preferences', { timezone: 'UTC' });
    const utcRaw = await get(user, '/reports/weekly?week=2026-W45');
    await env.runSchedule('report-builder');
    expect(await get(user, '/reports/weekly?week=2026-W45')).toEqual(utcRaw);
    // In UTC, Monday 2 November holds s1 (10:30–11:45) in full.
    expect(minutesByDay(utcRaw)['2026-11-02']).toBe(75);
  });

  it('a build passes over every student in bounded batches, resuming after the last one', async () => {
    const users = Array.from({ length: 5 }, () => newUser('batch'));
    for (const user of users) {
      await env.pastSession(user, '2026-11-02T10:00:00Z', '2026-11-02T10:30:00Z');
    }
    const client = new RDSDataClient({ endpoint: env.stack.emulator.url });
    const outcome = await refreshSnapshots(new DataApi(LOCAL_ARNS, client), { batchSize: 2 });
    client.destroy();
    expect(outcome.unfinished).toBe(false);
    expect(outcome.students).toBeGreaterThanOrEqual(5);
    expect(outcome.batches).toBeGreaterThanOrEqual(4);
    const built = await env.rows(
      `SELECT user_id FROM analytics_snapshot_state WHERE user_id IN (${users.map((u) => `'${u}'`).join(',')})`,
    );
    expect(built).toHaveLength(5);
  });

  it('the open day is read from the raw rows after a build', async () => {
    const user = newUser('today');
    const now = Date.now();
    await env.pastSession(
      user,
      new Date(now - 3 * 86_400_000).toISOString(),
      new Date(now - 3 * 86_400_000 + 1_800_000).toISOString(),
    );
    await env.runSchedule('report-builder');
    const before = await get(user, '/performance/trends?period=daily&points=5');
    // Ends now, after the build, without touching the snapshot state; starts today (UTC).
    const [added] = await env.rows<{ minutes: number }>(`
      INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
      SELECT '${user}', 'solo', 'completed', t.start_time, now(), extract(epoch FROM now() - t.start_time)
      FROM (SELECT greatest(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                            now() - interval '20 minutes') AS start_time) t
      RETURNING floor(extract(epoch FROM end_time - start_time) / 60)::integer AS minutes`);
    const after = await get(user, '/performance/trends?period=daily&points=5');
    const total = (t: { data_points: { value: number }[] }) =>
      sum(t.data_points.map((p) => p.value));
    expect(total(after) - total(before)).toBe(added?.minutes);
    expect(total(before)).toBe(30);
  });
});

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('performance overview', () => {
  it('sums the period, counts streaks and gives advice from the documented rules', async () => {
    const user = newUser('overview');
    // Yesterday and the two days before: 30 minutes each, 00:00–00:30 UTC, all in focus mode.
    for (const offset of [-1, -2, -3]) {
      await env.pastSession(
        user,
        `${utcDay(offset)}T00:00:00Z`,
        `${utcDay(offset)}T00:30:00Z`,
        101,
        {
          focus: true,
          productivity: 4,
        },
      );
    }
    // An older run of 5 days, 20 minutes each, ending ten days ago.
    const older: number[] = [];
    for (const offset of [-14, -13, -12, -11, -10]) {
      older.push(
        await env.pastSession(user, `${utcDay(offset)}T00:00:00Z`, `${utcDay(offset)}T00:20:00Z`),
      );
    }
    // Three tests (90, 80, 85 %) logged yesterday.
    const yesterdaySession = (
      await env.rows<{ id: number }>(
        `SELECT id FROM study_sessions WHERE user_id = '${user}' AND start_time = '${utcDay(-1)}T00:00:00Z'`,
      )
    )[0]?.id as number;
    for (const correct of [9, 8, 17]) {
      await env.pastActivity(
        user,
        yesterdaySession,
        `${utcDay(-1)}T00:10:00Z`,
        'testing',
        correct === 17 ? 20 : 10,
        correct,
      );
    }

    const all = await get(user, '/performance/overview?period=all_time');
    expect(all).toMatchObject({
      period: 'all_time',
      period_start: utcDay(-14),
      period_end: utcDay(0),
      study_time: {
        total_minutes: 190,
        sessions: 8,
        previous_total_minutes: null,
        change_percentage: null,
      },
      test_performance: { tests_taken: 3, average_score: 85 },
      streak: { current_days: 3, longest_days: 5, minimum_minutes: 15 },
      focus: { focus_minutes: 90, focus_share: 47.4, average_productivity: 4 },
    });
    expect(all.study_time.average_minutes_per_day).toBe(Math.round((190 / 15) * 10) / 10);
    expect(all.strengths).toEqual([
      'Strong test results: 85% on average over 3 tests',
      'A 3-day study streak',
    ]);
    expect(all.areas_for_improvement).toEqual([]);

    const biology = await get(user, '/performance/overview?period=all_time&class_id=101');
    expect(biology.study_time).toMatchObject({ total_minutes: 90, sessions: 3 });
    // Streaks count all study, whatever the class filter.
    expect(biology.streak).toMatchObject({ current_days: 3, longest_days: 5 });
  });

  it('compares an open week with the previous one up to the same weekday', async () => {
    const user = newUser('to-date');
    const today = new Date(`${utcDay(0)}T00:00:00Z`);
    const sinceMonday = (today.getUTCDay() + 6) % 7;
    const previousMonday = utcDay(-sinceMonday - 7);
    const previousSunday = utcDay(-sinceMonday - 1);
    await env.pastSession(user, `${previousMonday}T00:00:00Z`, `${previousMonday}T00:30:00Z`);
    await env.pastSession(user, `${previousSunday}T00:00:00Z`, `${previousSunday}T01:00:00Z`);
    const body = await get(user, '/performance/overview?period=weekly');
    expect(body.study_time).toMatchObject({
      total_minutes: 0,
      previous_total_minutes: 90,
      // Only Sunday is as far into its week as Sunday.
      previous_to_date_minutes: sinceMonday === 6 ? 90 : 30,
      change_percentage: -100,
    });
  });

  it('a new student gets zeros, no trend and a nudge', async () => {
    const body = await get(newUser('empty'), '/performance/overview?period=daily');
    expect(body).toMatchObject({
      study_time: { total_minutes: 0, sessions: 0, change_percentage: null },
      test_performance: { tests_taken: 0, average_score: null, trend: 'insufficient_data' },
      streak: { current_days: 0, longest_days: 0 },
      strengths: [],
      areas_for_improvement: ['No study recorded in this period'],
    });
  });

  it.each([
    ['/performance/overview?period=yearly', 'query.period'],
    ['/performance/overview?class_id=abc', 'query.class_id'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const res = await env.call(newUser('bad'), 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe(field);
  });
});

describe('performance trends', () => {
  it('zero-fills the periods and fits the trend on complete ones', async () => {
    const user = newUser('trends');
    // 10, 20, 30, 40 minutes on the four days before today; nothing today.
    for (const [offset, minutes] of [
      [-4, 10],
      [-3, 20],
      [-2, 30],
      [-1, 40],
    ] as const) {
      await env.pastSession(
        user,
        `${utcDay(offset)}T00:00:00Z`,
        `${utcDay(offset)}T00:${String(minutes).padStart(2, '0')}:00Z`,
      );
    }
    const body = await get(
      user,
      '/performance/trends?metric_type=study_time&period=daily&points=5',
    );
    expect(body.data_points.map((p: { value: number }) => p.value)).toEqual([10, 20, 30, 40, 0]);
    expect(body.data_points.map((p: { complete: boolean }) => p.complete)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(body.data_points[4].period_start).toBe(utcDay(0));
    expect(body.data_points[0].sample_size).toBe(1);
    // Slope 10 a day over 3 days against a mean of 25: +120 %.
    expect(body).toMatchObject({ overall_trend: 'improving', trend_percentage: 120, slope: 10 });

    const tests = await get(user, '/performance/trends?metric_type=test_average&period=weekly');
    expect(tests.data_points).toHaveLength(12);
    expect(tests.overall_trend).toBe('insufficient_data');
  });

  it('splits study time by class, the classes adding up to the period', async () => {
    const user = newUser('trend-classes');
    await env.pastSession(user, `${utcDay(-1)}T00:00:00Z`, `${utcDay(-1)}T00:30:00Z`, 7);
    await env.pastSession(user, `${utcDay(-1)}T01:00:00Z`, `${utcDay(-1)}T01:45:00Z`, 9);
    await env.pastSession(user, `${utcDay(-1)}T02:00:00Z`, `${utcDay(-1)}T02:10:00Z`);
    const body = await get(
      user,
      '/performance/trends?metric_type=study_time&period=daily&points=2',
    );
    expect(body.data_points[0]).toMatchObject({
      value: 85,
      by_class: [
        { class_id: 9, minutes: 45 },
        { class_id: 7, minutes: 30 },
        { class_id: null, minutes: 10 },
      ],
    });
    expect(body.data_points[1].by_class).toEqual([]);
    const sessions = await get(user, '/performance/trends?metric_type=sessions&period=daily');
    expect(sessions.data_points[0]).not.toHaveProperty('by_class');
  });

  it.each([
    ['/performance/trends?period=daily&points=367', 'query.points'],
    ['/performance/trends?period=weekly&points=105', 'query.points'],
    ['/performance/trends?period=monthly&points=37', 'query.points'],
    ['/performance/trends?points=1', 'query.points'],
    ['/performance/trends?metric_type=happiness', 'query.metric_type'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const res = await env.call(newUser('bad'), 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe(field);
  });

  it('serves the largest allowed ranges', async () => {
    const user = newUser('ranges');
    for (const [period, points] of [
      ['daily', 366],
      ['weekly', 104],
      ['monthly', 36],
    ] as const) {
      const body = await get(user, `/performance/trends?period=${period}&points=${points}`);
      expect(body.data_points).toHaveLength(points);
    }
  });
});

describe('performance comparison', () => {
  it('by class ranks the classes of the period, with names when known', async () => {
    const user = newUser('classes');
    await env.pastSession(user, `${utcDay(0)}T00:00:00Z`, `${utcDay(0)}T00:01:00Z`, 101);
    const body = await get(user, '/performance/comparison?compare_by=class&period=monthly');
    expect(body.compare_by).toBe('class');
    expect(body.classes[0]).toMatchObject({ class_id: 101, class_name: 'Biology', rank: 1 });
  });

  it('by period compares with the previous one', async () => {
    const user = newUser('periods');
    await env.pastSession(user, `${utcDay(-1)}T00:00:00Z`, `${utcDay(-1)}T00:40:00Z`);
    await env.pastSession(user, `${utcDay(-2)}T00:00:00Z`, `${utcDay(-2)}T00:20:00Z`);
    const body = await get(user, '/performance/comparison?compare_by=period&period=daily');
    expect(body).toMatchObject({
      current: { period_start: utcDay(0), minutes: 0 },
      previous: { period_start: utcDay(-1), minutes: 40, sessions: 1 },
      change: { minutes_percentage: -100 },
    });
  });

  it('with peers gives a percentile from counts only, once the cohort is big enough', async () => {
    // Last complete Monday-to-Sunday week in UTC.
    const today = new Date(`${utcDay(0)}T00:00:00Z`);
    const monday = new Date(today.getTime() - (((today.getUTCDay() + 6) % 7) + 7) * 86_400_000);
    const at = (minutes: number) => new Date(monday.getTime() + 12 * 3_600_000 + minutes * 60_000);
    const cohort = Array.from({ length: 21 }, (_, i) => ({
      user: newUser('peer'),
      minutes: 10 * (i + 1),
    }));
    for (const { user, minutes } of cohort) {
      await env.pastSession(user, at(0).toISOString(), at(minutes).toISOString());
    }
    await env.runSchedule('report-builder');

    const top = await get(cohort[20]?.user as string, '/performance/comparison?compare_by=peers');
    expect(top).toMatchObject({
      period: 'weekly',
      period_start: monday.toISOString().slice(0, 10),
      minutes: 210,
      minimum_cohort: 20,
    });
    // Other test students may have studied that week too; the arithmetic holds for any cohort.
    expect(top.cohort_size).toBeGreaterThanOrEqual(21);
    const middle = await get(
      cohort[10]?.user as string,
      '/performance/comparison?compare_by=peers',
    );
    expect(middle.minutes).toBe(110);
    expect(middle.percentile).toBeLessThan(top.percentile);
    expect(Object.keys(middle).sort()).toEqual(
      [
        'compare_by',
        'cohort_size',
        'minimum_cohort',
        'minutes',
        'percentile',
        'period',
        'period_end',
        'period_start',
      ].sort(),
    );
    const outsider = await get(newUser('outsider'), '/performance/comparison?compare_by=peers');
    expect(outsider).toMatchObject({ minutes: 0, percentile: 0 });
  });

  it.each([
    ['/performance/comparison', 'query.compare_by'],
    ['/performance/comparison?compare_by=peers&period=daily', 'query.period'],
    ['/performance/comparison?compare_by=school', 'query.compare_by'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const res = await env.call(newUser('bad'), 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe(field);
  });
});

/** Points for a finished session through the award statement award-points runs. */
async function award(user: string, sessionId: number, endedAt: string, points: number) {
  const client = new RDSDataClient({ endpoint: env.stack.emulator.url });
  try {
    const db = new DataApi(LOCAL_ARNS, client);
    const { facts } = await endedSessionFacts(db, user, sessionId);
    if (!facts) throw new Error(`Session ${sessionId} of ${user} has not ended`);
    expect(facts.end_time).toBe(new Date(endedAt).toISOString());
    return await awardSessionPoints(db, {
      userId: user,
      sessionId,
      eventId: null,
      facts,
      points,
      reason: 'study_session',
      breakdown: {},
      dailyCap: 300,
    });
  } finally {
    client.destroy();
  }
}

describe('clock-change days through the snapshots', () => {
  it('New York from 1 a.m.: study in the first 1 a.m. hour of 1 November stays on 1 November', async () => {
    const user = newUser('dst-1am');
    await env.call(user, 'PUT', '/preferences', {
      timezone: 'America/New_York',
      day_starts_at_hour: 1,
    });
    // 01:10–01:50 EDT, before the clock goes back from 02:00 to 01:00.
    await env.pastSession(user, '2026-11-01T05:10:00Z', '2026-11-01T05:50:00Z');
    const paths = [
      '/reports/daily?date=2026-11-01',
      '/reports/daily?date=2026-10-31',
      '/performance/heatmap?year=2026',
    ];
    const raw = await Promise.all(paths.map((path) => get(user, path)));
    await env.runSchedule('report-builder');
    const built = await Promise.all(paths.map((path) => get(user, path)));
    expect(built).toEqual(raw);
    const [nov1, oct31, heatmap] = built;
    expect(nov1.summary).toMatchObject({ minutes: 40, sessions: 1 });
    expect(oct31.summary).toMatchObject({ minutes: 0, sessions: 0 });
    expect(oct31.sessions).toEqual([]);
    expect(heatmap.days.find((d: { date: string }) => d.date === '2026-11-01')).toMatchObject({
      minutes: 40,
      sessions: 1,
    });
    expect(heatmap.total_minutes).toBe(40);
    const [snapshot] = await env.rows<{ day: string; sessions: number }>(
      `SELECT day::text, sessions FROM analytics_snapshots WHERE user_id = '${user}'`,
    );
    expect(snapshot).toEqual({ day: '2026-11-01', sessions: 1 });
  });
});

describe('points after a change of time zone', () => {
  it('an award keeps its day, so reports, snapshots and all time count it', async () => {
    const user = newUser('london-kiritimati');
    await env.call(user, 'PUT', '/preferences', { timezone: 'Europe/London' });
    // 5 October 11:00–11:24 in London (UTC+1): 12 points, awarded on 5 October.
    const id = await env.pastSession(user, '2026-10-05T10:00:00Z', '2026-10-05T10:24:00Z');
    const made = await award(user, id, '2026-10-05T10:24:00Z', 12);
    expect(made.entry).toMatchObject({ points: 12, award_day: '2026-10-05' });
    // In Kiritimati (UTC+14) the session is on 6 October, 00:00–00:24; the award stays on the
    // 5th, a day before any session of this student.
    await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Kiritimati' });
    expect((await get(user, '/reports/daily?date=2026-10-06')).summary).toMatchObject({
      minutes: 24,
      points: 0,
    });
    const month = await get(user, '/reports/monthly?month=2026-10');
    expect(month.summary.points).toBe(12);
    await env.runSchedule('report-builder');
    expect((await get(user, '/reports/monthly?month=2026-10')).summary.points).toBe(12);
    expect((await get(user, '/reports/daily?date=2026-10-05')).summary.points).toBe(12);
    const all = await get(user, '/performance/overview?period=all_time');
    expect(all.points.total).toBe(12);
    const ledger = await get(user, '/points');
    expect(ledger.total_points).toBe(12);
    // Date filters of the ledger select by award day, as reports count.
    expect(
      (await get(user, '/points?start_date=2026-10-05&end_date=2026-10-05')).total_points,
    ).toBe(12);
    expect(
      (await get(user, '/points?start_date=2026-10-06&end_date=2026-10-06')).total_points,
    ).toBe(0);
  });

  it('an award made after its day was rolled up is counted, not lost', async () => {
    const user = newUser('late-award');
    const yesterday = utcDay(-1);
    const id = await env.pastSession(user, `${yesterday}T10:00:00Z`, `${yesterday}T10:30:00Z`);
    await env.runSchedule('report-builder');
    const [state] = await env.rows<{ through: string }>(
      `SELECT through_day::text AS through FROM analytics_snapshot_state WHERE user_id = '${user}'`,
    );
    expect(state?.through).toBe(utcDay(0));
    // The award lands after the build, as a delayed event delivery would.
    await award(user, id, `${yesterday}T10:30:00Z`, 15);
    expect((await get(user, `/reports/daily?date=${yesterday}`)).summary.points).toBe(15);
    await env.runSchedule('report-builder');
    expect((await get(user, `/reports/daily?date=${yesterday}`)).summary.points).toBe(15);
    expect((await get(user, '/performance/overview?period=all_time')).points.total).toBe(15);
  });
});

describe('change on the previous period', () => {
  it('a closed month compares with the whole previous month, and says so', async () => {
    const user = newUser('closed-month');
    // January: 599 minutes in its first 28 days, 172 after; February: 1365.
    await env.pastSession(user, '2026-01-05T08:00:00Z', '2026-01-05T17:59:00Z');
    await env.pastSession(user, '2026-01-30T08:00:00Z', '2026-01-30T10:52:00Z');
    await env.pastSession(user, '2026-02-10T00:00:00Z', '2026-02-10T22:45:00Z');
    const february = await get(user, '/reports/monthly?month=2026-02');
    expect(february.summary.minutes).toBe(1365);
    expect(february.previous).toMatchObject({ period: '2026-01', minutes: 771 });
    expect(february.change).toMatchObject({
      compared_to: 'whole_period',
      previous: { minutes: 771, sessions: 2, points: 0 },
      minutes_percentage: 77,
      sessions_percentage: -50,
    });
  });

  it('the open week compares with the previous week to date, and says so', async () => {
    const user = newUser('open-week');
    const today = new Date(`${utcDay(0)}T00:00:00Z`);
    const sinceMonday = (today.getUTCDay() + 6) % 7;
    const previousMonday = utcDay(-sinceMonday - 7);
    const previousSunday = utcDay(-sinceMonday - 1);
    await env.pastSession(user, `${previousMonday}T00:00:00Z`, `${previousMonday}T00:30:00Z`);
    await env.pastSession(user, `${previousSunday}T00:00:00Z`, `${previousSunday}T01:00:00Z`);
    const week = await get(user, '/reports/weekly');
    expect(week.previous.minutes).toBe(90);
    expect(week.change).toMatchObject({
      compared_to: 'to_date',
      previous: { minutes: sinceMonday === 6 ? 90 : 30 },
      minutes_percentage: -100,
    });
    const overview = await get(user, '/performance/overview?period=weekly');
    expect(overview.study_time).toMatchObject({
      compared_to: 'to_date',
      previous_to_date_minutes: sinceMonday === 6 ? 90 : 30,
    });
    const comparison = await get(user, '/performance/comparison?compare_by=period&period=weekly');
    expect(comparison.change).toMatchObject({
      compared_to: 'to_date',
      previous: { minutes: sinceMonday === 6 ? 90 : 30 },
    });
  });
});

describe('learning activities', () => {
  it('counts each type with its minutes, notes taken, reading and video time', async () => {
    const user = newUser('activities');
    await env.call(user, 'PUT', '/preferences', { timezone: 'Europe/Paris' });
    const id = await env.pastSession(user, '2026-11-16T09:00:00Z', '2026-11-16T11:00:00Z', 101);
    await env.sql(`
      INSERT INTO session_activities (session_id, user_id, activity_type, duration_minutes, items_completed, created_at)
      VALUES (${id}, '${user}', 'notes', 5.5, 0, '2026-11-16T09:10:00Z'),
             (${id}, '${user}', 'notes', 4, 0, '2026-11-16T09:40:00Z'),
             (${id}, '${user}', 'reading', 30, 0, '2026-11-16T09:50:00Z'),
             (${id}, '${user}', 'video', 20.25, 0, '2026-11-16T10:20:00Z'),
             (${id}, '${user}', 'testing', NULL, 10, '2026-11-16T10:50:00Z'),
             -- 23:30 on the 16th in UTC is 00:30 on the 17th in Paris: another day
             (${id}, '${user}', 'notes', 3, 0, '2026-11-16T23:30:00Z')`);
    const day = await get(user, '/reports/daily?date=2026-11-16');
    expect(day.learning_activities).toEqual({
      activities: 5,
      minutes: 59.75,
      by_type: {
        reading: { count: 1, minutes: 30 },
        testing: { count: 1, minutes: 0 },
        flashcards: { count: 0, minutes: 0 },
        notes: { count: 2, minutes: 9.5 },
        video: { count: 1, minutes: 20.25 },
        chat: { count: 0, minutes: 0 },
        assignment: { count: 0, minutes: 0 },
      },
      notes_taken: 2,
      reading_minutes: 30,
      video_minutes: 20.25,
    });
    const week = await get(user, '/reports/weekly?week=2026-W47');
    expect(week.learning_activities).toMatchObject({ activities: 6, notes_taken: 3 });
    const all = await get(user, '/performance/overview?period=all_time');
    expect(all.learning_activities).toMatchObject({ activities: 6, notes_taken: 3 });
    const otherClass = await get(user, '/performance/overview?period=all_time&class_id=202');
    expect(otherClass.learning_activities).toMatchObject({ activities: 0, notes_taken: 0 });
  });
});

describe('a long history', () => {
  it('a streak goal reads the snapshots, and at most goal_span_days() days', async () => {
    const user = newUser('streaker');
    const timezone = middayZone();
    const today = localToday(timezone);
    await env.call(user, 'PUT', '/preferences', { timezone });
    // Twenty minutes every day for seven years, up to yesterday.
    await env.sql(`
      WITH stale AS (DELETE FROM analytics_snapshot_state WHERE user_id = '${user}')
      INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
      SELECT '${user}', 'solo', 'completed', t, t + interval '20 minutes', 1200
      FROM generate_series(1, 7 * 365) AS i,
      LATERAL (SELECT (('${today}'::date - i) + time '08:00') AT TIME ZONE '${timezone}' AS t) x`);
    const created = await env.call(user, 'POST', '/goals', {
      goal_type: 'streak',
      goal_name: 'Five years',
      target_value: 2000,
      start_date: addDays(today, -1825),
      target_date: today,
    });
    expect(created.status).toBe(201);
    // A goal stored before dates were bounded (the check does not hold for older rows):
    // evaluated over its last 1,831 days only.
    await env.sql(`
      DO $$
      BEGIN
        ALTER TABLE study_goals DROP CONSTRAINT study_goals_date_bounds;
        INSERT INTO study_goals (user_id, goal_type, goal_name, target_value, start_date, target_date)
        VALUES ('${user}', 'streak', 'Since 2000', 9000, '2000-01-01', '${today}');
        ALTER TABLE study_goals ADD CONSTRAINT study_goals_date_bounds
          CHECK (start_date >= DATE '2000-01-01' AND target_date <= (start_date + interval '5 years')::date)
          NOT VALID;
      END
      $$`);
    const [old] = await env.rows<{ id: number }>(
      `SELECT id FROM study_goals WHERE user_id = '${user}' AND goal_name = 'Since 2000'`,
    );
    const values = async () =>
      Object.fromEntries(
        (await get(user, '/goals')).goals.map((g: { goal_id: number; current_value: number }) => [
          g.goal_id,
          g.current_value,
        ]),
      );
    const expected = { [created.body.goal_id]: 1825, [old?.id as number]: 1830 };
    expect(await values()).toEqual(expected);
    await env.runSchedule('report-builder');
    expect(await values()).toEqual(expected);
    // Closed days come from the snapshots: a day rolled up without study breaks the run there,
    // leaving 825 (or 830) days before it and 999 after.
    await env.sql(`UPDATE analytics_snapshots SET studied_seconds = 0
                   WHERE user_id = '${user}' AND day = '${addDays(today, -1000)}'`);
    expect(await values()).toEqual({ [created.body.goal_id]: 999, [old?.id as number]: 999 });
  });
});
