/**
 * Recurring goals: every period from the first (partial) one to the one running today, newest
 * first and a page at a time, each valued as the reports value the same days; manual progress
 * that belongs to the period it was recorded in.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePeriodsCursor } from '../../functions/contracts/goals';
import { addDays, isoWeekday, localToday, middayZone } from '../support/clock';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

const newUser = () => `periods-${randomUUID()}`;

async function createGoal(user: string, goal: Record<string, unknown>) {
  const res = await env.call(user, 'POST', '/goals', { goal_name: 'Goal', ...goal });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { goal_id: number; start_date: string };
}

async function getGoal(user: string, goalId: number, query = '') {
  const res = await env.call(user, 'GET', `/goals/${goalId}${query}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res.body;
}

interface Period {
  period_start: string;
  period_end: string;
  partial: boolean;
  value: number;
  outcome: string;
}

/** A student whose day will not end during the test, and their today. */
async function middayStudent(weekStart: 'monday' | 'sunday' = 'monday') {
  const user = newUser();
  const timezone = middayZone();
  await env.call(user, 'PUT', '/preferences', { timezone, week_start: weekStart });
  return { user, timezone, today: localToday(timezone) };
}

describe('a recurring goal’s periods', () => {
  it('run from the first, partial period to the one running today, newest first', async () => {
    // Like a weekly goal from Thursday 1 October read on Monday 30 November: the goal starts on
    // the weekday after today's, eight weeks back, so no start-plus-whole-weeks lands in the
    // current week. A Sunday-start week keeps that true on Sundays.
    const probe = localToday(middayZone());
    const weekStart = isoWeekday(probe) === 7 ? 'sunday' : 'monday';
    const { user, today } = await middayStudent(weekStart);
    const intoWeek = weekStart === 'sunday' ? 0 : isoWeekday(today) - 1;
    const thisWeek = addDays(today, -intoWeek);
    const start = addDays(today, 1 - 8 * 7);
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 60,
      start_date: start,
      target_date: addDays(today, 60),
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    const body = await getGoal(user, goal.goal_id);
    const periods = body.periods as Period[];
    expect(periods).toHaveLength(9);
    expect(periods[0]).toEqual({
      period_start: thisWeek,
      period_end: addDays(thisWeek, 6),
      partial: false,
      value: 0,
      outcome: 'in_progress',
    });
    expect(body.current_period).toEqual({ start: thisWeek, end: addDays(thisWeek, 6) });
    expect(periods.at(-1)).toEqual({
      period_start: start,
      period_end: addDays(thisWeek, -8 * 7 + 6),
      partial: true,
      value: 0,
      outcome: 'missed',
    });
    expect(periods.slice(0, -1).every((p) => !p.partial)).toBe(true);
    // Consecutive weeks, none missing.
    for (let i = 1; i < periods.length; i++) {
      expect(addDays(periods[i]?.period_end as string, 1)).toBe(periods[i - 1]?.period_start);
    }
    expect(body.met_streak).toBe(0);
    expect(body.periods_next_cursor).toBeNull();
  });

  it('count met periods only in met_streak, a running period leaving it unbroken', async () => {
    const { user, timezone, today } = await middayStudent();
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 30,
      start_date: addDays(today, -6),
      target_date: addDays(today, 6),
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    // 30 minutes on each of the last three days; nothing four days ago or today.
    for (const back of [1, 2, 3]) {
      const day = addDays(today, -back);
      await env.sql(`
        WITH stale AS (DELETE FROM analytics_snapshot_state WHERE user_id = '${user}')
        INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
        SELECT '${user}', 'solo', 'completed', t, t + interval '30 minutes', 1800
        FROM (SELECT ('${day} 08:00'::timestamp AT TIME ZONE '${timezone}') AS t) x`);
    }
    const body = await getGoal(user, goal.goal_id);
    expect((body.periods as Period[]).map((p) => p.outcome)).toEqual([
      'in_progress',
      'met',
      'met',
      'met',
      'missed',
      'missed',
      'missed',
    ]);
    expect(body.met_streak).toBe(3);
  });
});

describe('goals and reports round alike', () => {
  it('a week’s goal value equals the weekly report’s minutes (whole minutes per day and class)', async () => {
    const user = newUser();
    // 2026-W46 in UTC: three sessions of 20 min 40 s in three classes on Monday, and one across
    // Tuesday's midnight (9 min 30 s, then 10 min 10 s). The report: 20 + 20 + 20, 9 and 10.
    await env.pastSession(user, '2026-11-09T10:00:00Z', '2026-11-09T10:20:40Z', 1);
    await env.pastSession(user, '2026-11-09T11:00:00Z', '2026-11-09T11:20:40Z', 2);
    await env.pastSession(user, '2026-11-09T12:00:00Z', '2026-11-09T12:20:40Z');
    await env.pastSession(user, '2026-11-10T23:50:30Z', '2026-11-11T00:10:10Z');
    const report = (await env.call(user, 'GET', '/reports/weekly?week=2026-W46')).body;
    expect(report.summary.minutes).toBe(79);

    const weekly = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 80,
      start_date: '2026-11-02',
      target_date: '2026-11-22',
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    const periods = (await getGoal(user, weekly.goal_id)).periods as Period[];
    expect(periods.find((p) => p.period_start === '2026-11-09')).toMatchObject({
      value: 79,
      outcome: 'missed',
    });
    const once = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 80,
      start_date: '2026-11-09',
      target_date: '2026-11-15',
    });
    expect((await getGoal(user, once.goal_id)).current_value).toBe(79);
  });
});

describe('recurring custom goals', () => {
  it('count progress in the period it was recorded in, and keep the stored status', async () => {
    const { user, today } = await middayStudent();
    const goal = await createGoal(user, {
      goal_type: 'custom',
      target_value: 5,
      unit: 'chapters',
      start_date: addDays(today, -21),
      target_date: addDays(today, 30),
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    const recorded = await env.call(user, 'POST', `/goals/${goal.goal_id}/progress`, {
      progress_value: 5,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ current_value: 5, percentage_complete: 100 });
    // A recurring goal is never completed by one period: stored and answered alike.
    expect(recorded.body.status).toBe('active');
    const body = await getGoal(user, goal.goal_id);
    expect(body.status).toBe('active');
    const periods = body.periods as Period[];
    expect(periods[0]).toMatchObject({ value: 5, outcome: 'met' });
    expect(periods.slice(1).map((p) => [p.value, p.outcome])).toEqual(
      periods.slice(1).map(() => [0, 'missed']),
    );
    expect(periods.length).toBeGreaterThanOrEqual(4);
    expect(body.met_streak).toBe(1);
    expect(body.progress_history).toEqual([
      { value: 5, notes: null, recorded_at: expect.any(String) },
    ]);
  });

  it('refuses progress outside the goal’s days with 409', async () => {
    const { user, today } = await middayStudent();
    const goal = await createGoal(user, {
      goal_type: 'custom',
      target_value: 5,
      start_date: addDays(today, 3),
      target_date: addDays(today, 30),
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    const early = await env.call(user, 'POST', `/goals/${goal.goal_id}/progress`, {
      progress_value: 1,
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/runs from/);
  });
});

describe('a long history', () => {
  it('a daily goal started five years ago answers a page of periods, and pages on', async () => {
    const { user, timezone, today } = await middayStudent();
    const start = addDays(today, -5 * 365);
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 30,
      start_date: start,
      target_date: today,
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    // 30 minutes on each of the last 40 days; and every milestone of every day recorded.
    await env.sql(`
      WITH stale AS (DELETE FROM analytics_snapshot_state WHERE user_id = '${user}')
      INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
      SELECT '${user}', 'solo', 'completed', t, t + interval '30 minutes', 1800
      FROM generate_series(1, 40) AS i,
      LATERAL (SELECT (('${today}'::date - i) + time '08:00') AT TIME ZONE '${timezone}' AS t) x`);
    await env.sql(`
      INSERT INTO goal_milestones (goal_id, period_start, percent, value)
      SELECT ${goal.goal_id}, d::date, p, 30
      FROM generate_series('${start}'::date, '${today}'::date, interval '1 day') AS d,
           (VALUES (25), (50), (75), (100)) AS m (p)`);

    const first = await getGoal(user, goal.goal_id);
    const periods = first.periods as Period[];
    expect(periods).toHaveLength(30);
    expect(periods[0]).toMatchObject({ period_start: today, value: 0, outcome: 'in_progress' });
    expect(periods[1]).toMatchObject({
      period_start: addDays(today, -1),
      value: 30,
      outcome: 'met',
    });
    expect(first.met_streak).toBe(40);
    // Milestones of the periods shown only: four for each day on the page.
    expect(first.milestone_history).toHaveLength(4 * 30);

    const second = await getGoal(
      user,
      goal.goal_id,
      `?periods_cursor=${first.periods_next_cursor}&periods_limit=60`,
    );
    const older = second.periods as Period[];
    expect(older).toHaveLength(60);
    expect(older[0]?.period_start).toBe(addDays(today, -30));
    expect(older.slice(0, 10).every((p) => p.value === 30)).toBe(true);
    expect(older[10]).toMatchObject({ period_start: addDays(today, -40), value: 30 });
    expect(older[11]).toMatchObject({
      period_start: addDays(today, -41),
      value: 0,
      outcome: 'missed',
    });
    expect(second.met_streak).toBe(40);

    // The last page ends with the goal's first day.
    const last = await getGoal(
      user,
      goal.goal_id,
      `?periods_cursor=${encodePeriodsCursor(addDays(start, 5))}`,
    );
    expect((last.periods as Period[]).map((p) => p.period_start)).toEqual(
      [4, 3, 2, 1, 0].map((n) => addDays(start, n)),
    );
    expect(last.periods_next_cursor).toBeNull();
  });

  it.each([
    ['?periods_cursor=not-a-cursor', 'query.periods_cursor'],
    [`?periods_cursor=${Buffer.from('2026-01-01').toString('base64url')}`, 'query.periods_cursor'],
    [`?periods_cursor=${encodePeriodsCursor('2026-02-30').slice(0, -2)}`, 'query.periods_cursor'],
    ['?periods_limit=0', 'query.periods_limit'],
    ['?periods_limit=61', 'query.periods_limit'],
    ['?periods_limit=ten', 'query.periods_limit'],
  ])('GET /goals/{id}%s is a 400 naming %s', async (query, field) => {
    const user = newUser();
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 30,
      target_date: '2030-01-01',
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    const res = await env.call(user, 'GET', `/goals/${goal.goal_id}${query}`);
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });
});
