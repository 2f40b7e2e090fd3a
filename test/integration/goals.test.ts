import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoalCompletedDetail, GoalMilestoneReachedDetail } from '../../functions/contracts/events';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

const newUser = () => `goals-${randomUUID()}`;
const localToday = (tz: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const pastSession = (user: string, start: string, end: string, classId: number | null = null) =>
  env.pastSession(user, start, end, classId);

/** A session through the API that started `minutes` ago, with optional activities. */
async function liveSession(
  user: string,
  minutes: number,
  activities: unknown[] = [],
  classId?: number,
) {
  const { body } = await env.call(
    user,
    'POST',
    '/sessions/start',
    classId ? { class_id: classId } : {},
  );
  await env.sql(
    `UPDATE study_sessions SET start_time = now() - interval '${minutes} minutes' WHERE id = ${body.session_id}`,
  );
  for (const activity of activities) {
    await env.call(user, 'POST', `/sessions/${body.session_id}/activities`, activity);
  }
  const ended = await env.call(user, 'PUT', `/sessions/${body.session_id}/end`, {});
  await env.stack.bus.idle();
  return ended.body;
}

const createGoal = async (user: string, goal: Record<string, unknown>) => {
  const res = await env.call(user, 'POST', '/goals', {
    goal_name: 'Goal',
    target_date: addDays(localToday('UTC'), 30),
    ...goal,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const goalEvents = (goalId: number, detailType: string) =>
  env.stack.bus
    .published()
    .filter((e) => e['detail-type'] === detailType && e.detail.goal_id === goalId);

describe('goals that progress on their own', () => {
  it('study time: ending a session moves the goal, with milestones announced once', async () => {
    const user = newUser();
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 60,
      unit: 'minutes',
      // From yesterday, so a session begun 31 minutes ago counts whole even just after midnight.
      start_date: addDays(localToday('UTC'), -1),
    });
    expect(goal).toMatchObject({ status: 'active', current_value: 0, percentage_complete: 0 });
    await liveSession(user, 31);
    const { body } = await env.call(user, 'GET', `/goals/${goal.goal_id}`);
    expect(body).toMatchObject({
      current_value: 31,
      percentage_complete: 51.7,
      milestones_reached: [25, 50],
    });
    expect(body.milestone_history.map((m: { percent: number }) => m.percent)).toEqual([25, 50]);
    const events = goalEvents(goal.goal_id, 'Study Goal Milestone Reached');
    expect(events.map((e) => e.detail.percent).sort()).toEqual([25, 50]);
    for (const e of events) GoalMilestoneReachedDetail.parse(e.detail);

    await liveSession(user, 30);
    const done = await env.call(user, 'GET', `/goals/${goal.goal_id}`);
    expect(done.body).toMatchObject({
      status: 'completed',
      current_value: 61,
      percentage_complete: 100,
    });
    expect(
      goalEvents(goal.goal_id, 'Study Goal Milestone Reached')
        .map((e) => e.detail.percent)
        .sort(),
    ).toEqual([100, 25, 50, 75]);
    const completed = goalEvents(goal.goal_id, 'Study Goal Completed');
    expect(completed).toHaveLength(1);
    GoalCompletedDetail.parse(completed[0]?.detail);
  });

  it('study time counts only the goal’s class when it has one', async () => {
    const user = newUser();
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 100,
      class_id: 7,
    });
    await liveSession(user, 20, [], 7);
    await liveSession(user, 40, [], 8);
    expect((await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body.current_value).toBe(20);
  });

  it('test score and flashcard mastery follow the accuracy of those activities', async () => {
    const user = newUser();
    const tests = await createGoal(user, { goal_type: 'test_score', target_value: 80 });
    const cards = await createGoal(user, { goal_type: 'flashcard_mastery', target_value: 90 });
    await liveSession(user, 10, [
      { activity_type: 'testing', items_completed: 10, items_correct: 9 },
      { activity_type: 'flashcards', items_completed: 4, items_correct: 3 },
    ]);
    const testGoal = (await env.call(user, 'GET', `/goals/${tests.goal_id}`)).body;
    expect(testGoal).toMatchObject({ current_value: 90, status: 'completed', on_track: true });
    const cardGoal = (await env.call(user, 'GET', `/goals/${cards.goal_id}`)).body;
    expect(cardGoal).toMatchObject({ current_value: 75, status: 'active', on_track: false });
    expect(cardGoal.milestones_reached).toEqual([25, 50, 75]);
  });

  it('assignment completion counts completed assignment items', async () => {
    const user = newUser();
    const goal = await createGoal(user, { goal_type: 'assignment_completion', target_value: 5 });
    await liveSession(user, 10, [{ activity_type: 'assignment', items_completed: 2 }]);
    const body = (await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body;
    expect(body).toMatchObject({ current_value: 2, percentage_complete: 40 });
    expect(body.projected_completion_date).toBe(addDays(localToday('UTC'), 2));
  });

  it('streak counts consecutive local days with enough study', async () => {
    const user = newUser();
    const today = localToday('UTC');
    const goal = await createGoal(user, {
      goal_type: 'streak',
      target_value: 3,
      start_date: addDays(today, -5),
    });
    for (const back of [4, 2, 1]) {
      const day = addDays(today, -back);
      await pastSession(user, `${day} 10:00Z`, `${day} 10:20Z`);
    }
    // Too short to count.
    await pastSession(user, `${addDays(today, -3)} 10:00Z`, `${addDays(today, -3)} 10:05Z`);
    expect((await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body.current_value).toBe(2);
    await pastSession(user, `${addDays(today, -3)} 11:00Z`, `${addDays(today, -3)} 11:15Z`);
    expect((await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body.current_value).toBe(4);
  });

  it('custom goals take manual progress; automatic goals refuse it with 409', async () => {
    const user = newUser();
    const custom = await createGoal(user, {
      goal_type: 'custom',
      target_value: 10,
      unit: 'chapters',
    });
    const first = await env.call(user, 'POST', `/goals/${custom.goal_id}/progress`, {
      progress_value: 3,
      notes: 'ch 1-3',
    });
    expect(first.body).toEqual({
      goal_id: custom.goal_id,
      current_value: 3,
      target_value: 10,
      current_period: { start: custom.start_date, end: custom.target_date },
      percentage_complete: 30,
      status: 'active',
      milestone_reached: true,
      milestone_name: '25%',
    });
    const detail = (await env.call(user, 'GET', `/goals/${custom.goal_id}`)).body;
    expect(detail.progress_history).toEqual([
      { value: 3, notes: 'ch 1-3', recorded_at: expect.any(String) },
    ]);

    const auto = await createGoal(user, { goal_type: 'study_time', target_value: 60 });
    const refused = await env.call(user, 'POST', `/goals/${auto.goal_id}/progress`, {
      progress_value: 5,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/progresses automatically/);
  });

  it('adds up concurrent manual progress and announces each milestone once', async () => {
    const user = newUser();
    const goal = await createGoal(user, { goal_type: 'custom', target_value: 10 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        env.call(user, 'POST', `/goals/${goal.goal_id}/progress`, { progress_value: 1 }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const body = (await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body;
    expect(body).toMatchObject({ current_value: 10, status: 'completed' });
    await env.stack.bus.idle();
    expect(
      goalEvents(goal.goal_id, 'Study Goal Milestone Reached')
        .map((e) => e.detail.percent)
        .sort(),
    ).toEqual([100, 25, 50, 75]);
    expect(goalEvents(goal.goal_id, 'Study Goal Completed')).toHaveLength(1);
    const late = await env.call(user, 'POST', `/goals/${goal.goal_id}/progress`, {
      progress_value: 1,
    });
    expect(late.status).toBe(409);
  });

  it('announces milestones once even when the session event is delivered twice at once', async () => {
    const user = newUser();
    const goal = await createGoal(user, { goal_type: 'study_time', target_value: 20 });
    env.stack.bus.setDeliverTwice(true);
    try {
      await liveSession(user, 25);
    } finally {
      env.stack.bus.setDeliverTwice(false);
    }
    expect(goalEvents(goal.goal_id, 'Study Goal Milestone Reached')).toHaveLength(4);
    expect(goalEvents(goal.goal_id, 'Study Goal Completed')).toHaveLength(1);
  });
});

describe('time zones', () => {
  it('splits a session across local midnight for a student in UTC+13 and one in UTC-10', async () => {
    for (const [timezone, offsetHours] of [
      ['Pacific/Tongatapu', 13],
      ['Pacific/Honolulu', -10],
    ] as const) {
      const user = newUser();
      await env.call(user, 'PUT', '/preferences', { timezone });
      const today = localToday(timezone);
      const yesterday = addDays(today, -1);
      const goal = await createGoal(user, {
        goal_type: 'study_time',
        target_value: 500,
        start_date: addDays(today, -3),
        target_date: addDays(today, 3),
        is_recurring: true,
        recurrence_pattern: 'daily',
      });
      // 23:20 yesterday to 00:50 today, local time: 40 minutes yesterday, 50 today.
      const utc = (day: string, time: string) =>
        new Date(Date.parse(`${day}T${time}:00Z`) - offsetHours * 3_600_000).toISOString();
      await pastSession(user, utc(yesterday, '23:20'), utc(today, '00:50'));
      const { body } = await env.call(user, 'GET', `/goals/${goal.goal_id}`);
      expect(body.current_value, timezone).toBe(50);
      const byDay = Object.fromEntries(
        body.periods.map((p: { period_start: string; value: number }) => [p.period_start, p.value]),
      );
      expect(byDay[yesterday], timezone).toBe(40);
      expect(byDay[today], timezone).toBe(50);
      // Newest first: today's period runs, yesterday's closed short.
      expect(body.periods[0].outcome).toBe('in_progress');
      expect(body.periods[1].outcome).toBe('missed');
    }
  });

  it('keeps the DST change in the right week (New York, November 1, 2026)', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', {
      timezone: 'America/New_York',
      week_start: 'monday',
    });
    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 30,
      start_date: '2026-10-19',
      target_date: '2026-11-15',
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    // Sunday Nov 1, 23:30 to 23:59 EST (UTC-5 after the change): still the week of Oct 26.
    await pastSession(user, '2026-11-02T04:30:00Z', '2026-11-02T04:59:00Z');
    // Monday Oct 26, 00:10 to 00:40 EDT (UTC-4): the first minutes of that week.
    await pastSession(user, '2026-10-26T04:10:00Z', '2026-10-26T04:40:00Z');
    const { body } = await env.call(user, 'GET', `/goals/${goal.goal_id}`);
    const weeks = body.periods.map(
      (p: { period_start: string; value: number; outcome: string }) => [
        p.period_start,
        p.value,
        p.outcome,
      ],
    );
    expect(weeks.slice(-3)).toEqual([
      ['2026-11-02', 0, 'missed'],
      ['2026-10-26', 59, 'met'],
      ['2026-10-19', 0, 'missed'],
    ]);
    expect(body.met_streak).toBe(0);
  });
});

describe('a day that starts after midnight', () => {
  it('puts 2 a.m. study on the previous day, in lists and in goals', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', {
      timezone: 'Europe/Paris',
      day_starts_at_hour: 4,
    });
    const today = localToday('Europe/Paris');
    const yesterday = addDays(today, -1);
    const twoDaysAgo = addDays(today, -2);
    // 01:00 to 02:00 UTC is 02:00 to 03:00 in Paris in winter: before the 04:00 day start,
    // so it belongs to the day before the calendar date.
    await pastSession(user, `${yesterday}T01:00:00Z`, `${yesterday}T02:00:00Z`);
    const onDayBefore = await env.call(
      user,
      'GET',
      `/sessions?start_date=${twoDaysAgo}&end_date=${twoDaysAgo}`,
    );
    expect(onDayBefore.body.total_count).toBe(1);
    const onCalendarDay = await env.call(
      user,
      'GET',
      `/sessions?start_date=${yesterday}&end_date=${yesterday}`,
    );
    expect(onCalendarDay.body.total_count).toBe(0);

    const goal = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 30,
      start_date: addDays(today, -3),
      target_date: today,
      is_recurring: true,
      recurrence_pattern: 'daily',
    });
    const { body } = await env.call(user, 'GET', `/goals/${goal.goal_id}`);
    const byDay = Object.fromEntries(
      body.periods.map((p: { period_start: string; value: number }) => [p.period_start, p.value]),
    );
    expect(byDay[twoDaysAgo]).toBe(60);
    expect(byDay[yesterday]).toBe(0);
  });
});

describe('goal management', () => {
  it('lists with filters and standing, updates partially, abandons and purges', async () => {
    const user = newUser();
    const a = await createGoal(user, {
      goal_type: 'study_time',
      target_value: 60,
      class_id: 3,
      priority: 'high',
    });
    const b = await createGoal(user, { goal_type: 'custom', target_value: 5 });
    const list = await env.call(user, 'GET', '/goals?class_id=3');
    expect(list.body.goals.map((g: { goal_id: number }) => g.goal_id)).toEqual([a.goal_id]);
    expect(list.body.goals[0]).toMatchObject({
      days_remaining: 30,
      on_track: true,
      projected_completion_date: null,
      is_recurring: false,
    });

    const updated = await env.call(user, 'PUT', `/goals/${a.goal_id}`, {
      target_value: 90,
      unit: 'minutes',
    });
    expect(updated.body).toMatchObject({
      target_value: 90,
      unit: 'minutes',
      priority: 'high',
      class_id: 3,
    });
    const cleared = await env.call(user, 'PUT', `/goals/${a.goal_id}`, { class_id: null });
    expect(cleared.body.class_id).toBeNull();

    const abandoned = await env.call(user, 'DELETE', `/goals/${b.goal_id}`);
    expect(abandoned.body).toEqual({ goal_id: b.goal_id, status: 'abandoned' });
    expect((await env.call(user, 'DELETE', `/goals/${b.goal_id}`)).status).toBe(409);
    const kept = await env.call(user, 'GET', '/goals?status=abandoned');
    expect(kept.body.goals.map((g: { goal_id: number }) => g.goal_id)).toEqual([b.goal_id]);
    expect((await env.call(user, 'DELETE', `/goals/${b.goal_id}?purge=true`)).status).toBe(200);
    expect((await env.call(user, 'GET', `/goals/${b.goal_id}`)).status).toBe(404);
  });

  it("hides another student's goal behind 404s", async () => {
    const owner = newUser();
    const goal = await createGoal(owner, { goal_type: 'custom', target_value: 5 });
    const other = newUser();
    const attempts = await Promise.all([
      env.call(other, 'GET', `/goals/${goal.goal_id}`),
      env.call(other, 'PUT', `/goals/${goal.goal_id}`, { goal_name: 'mine' }),
      env.call(other, 'POST', `/goals/${goal.goal_id}/progress`, { progress_value: 1 }),
      env.call(other, 'DELETE', `/goals/${goal.goal_id}?purge=true`),
    ]);
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect((await env.call(owner, 'GET', `/goals/${goal.goal_id}`)).body.goal_name).toBe('Goal');
  });

  it.each([
    [{ goal_type: 'weight_loss', target_value: 5 }, 'body.goal_type'],
    [{ goal_type: 'custom', target_value: 0 }, 'body.target_value'],
    [{ goal_type: 'test_score', target_value: 120 }, 'body.target_value'],
    [
      { goal_type: 'custom', target_value: 5, start_date: '2026-12-02', target_date: '2026-12-01' },
      'body.target_date',
    ],
    [
      { goal_type: 'custom', target_value: 5, start_date: '0001-01-01', target_date: '0001-12-31' },
      'body.start_date',
    ],
    [
      { goal_type: 'custom', target_value: 5, start_date: '1999-12-31', target_date: '2000-01-31' },
      'body.start_date',
    ],
    [
      { goal_type: 'custom', target_value: 5, start_date: '2026-01-01', target_date: '2031-01-02' },
      'body.target_date',
    ],
    [{ goal_type: 'custom', target_value: 5, target_date: '9999-12-31' }, 'body.target_date'],
    [{ goal_type: 'custom', target_value: 5, is_recurring: true }, 'body.recurrence_pattern'],
    [{ goal_type: 'custom', target_value: 5, priority: 'urgent' }, 'body.priority'],
  ])('refuses %j naming %s', async (goal, path) => {
    const res = await env.call(newUser(), 'POST', '/goals', {
      goal_name: 'x',
      target_date: '2026-12-31',
      ...goal,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('refuses an update that would put the target date before the start', async () => {
    const user = newUser();
    const goal = await createGoal(user, { goal_type: 'custom', target_value: 5 });
    const res = await env.call(user, 'PUT', `/goals/${goal.goal_id}`, {
      target_date: addDays(localToday('UTC'), -10),
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('body.target_date');
  });
});

describe('date bounds', () => {
  it('accepts a goal of exactly five years from 2000-01-01', async () => {
    const res = await env.call(newUser(), 'POST', '/goals', {
      goal_type: 'custom',
      goal_name: 'x',
      target_value: 5,
      start_date: '2000-01-01',
      target_date: '2005-01-01',
    });
    expect(res.status).toBe(201);
  });

  it('refuses updates that stretch a goal past five years, naming the date sent', async () => {
    const user = newUser();
    const today = localToday('UTC');
    const goal = await createGoal(user, { goal_type: 'custom', target_value: 5 });
    const later = await env.call(user, 'PUT', `/goals/${goal.goal_id}`, {
      target_date: addDays(today, 5 * 366 + 1),
    });
    expect(later.status).toBe(400);
    expect(later.body.issues[0].path).toBe('body.target_date');
    const earlier = await env.call(user, 'PUT', `/goals/${goal.goal_id}`, {
      start_date: '2001-01-01',
    });
    expect(earlier.status).toBe(400);
    expect(earlier.body.issues[0].path).toBe('body.start_date');
    const both = await env.call(user, 'PUT', `/goals/${goal.goal_id}`, {
      start_date: '1999-06-01',
      target_date: '2000-06-01',
    });
    expect(both.status).toBe(400);
    expect(both.body.issues[0].path).toBe('body.start_date');
    expect((await env.call(user, 'GET', `/goals/${goal.goal_id}`)).body.start_date).toBe(
      goal.start_date,
    );
  });

  it('refuses a target more than five years after a start that defaults to today', async () => {
    const res = await env.call(newUser(), 'POST', '/goals', {
      goal_type: 'custom',
      goal_name: 'x',
      target_value: 5,
      target_date: addDays(localToday('UTC'), 5 * 366 + 1),
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('body.target_date');
  });
});

describe('expiry', () => {
  it('expires unmet goals once their target date has ended in the student’s zone', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Honolulu' });
    const today = localToday('Pacific/Honolulu');
    const ended = await createGoal(user, {
      goal_type: 'custom',
      target_value: 5,
      start_date: addDays(today, -7),
      target_date: addDays(today, -1),
    });
    const endsTonight = await createGoal(user, {
      goal_type: 'custom',
      target_value: 5,
      start_date: addDays(today, -7),
      target_date: today,
    });
    await env.runSchedule('goal-expiry');
    expect((await env.call(user, 'GET', `/goals/${ended.goal_id}`)).body.status).toBe('expired');
    expect((await env.call(user, 'GET', `/goals/${endsTonight.goal_id}`)).body.status).toBe(
      'active',
    );
  });
});
