import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;

beforeAll(async () => {
  env = await startOwnStack();
});

afterAll(async () => {
  await env?.close();
});

const newUser = () => `past-${randomUUID()}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const ledgerOf = (user: string) =>
  env.rows<{ reference_type: string; points: number; award_day: string }>(
    `SELECT reference_type, points, to_char(award_day, 'YYYY-MM-DD') AS award_day
     FROM points_ledger WHERE user_id = '${user}' ORDER BY id`,
  );

describe('adding a session that already happened', () => {
  it('stores it as manual with its pauses and activities, and awards its points once', async () => {
    const user = newUser();
    const added = await env.call(user, 'POST', '/sessions', {
      class_id: 7,
      start_time: ago(120),
      end_time: ago(60),
      pauses: [{ paused_at: ago(100), resumed_at: ago(90) }],
      mood_rating: 4,
      notes: 'Chapter 3 at the library',
      activities: [{ activity_type: 'testing', items_completed: 10, items_correct: 6 }],
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      status: 'completed',
      source: 'manual',
      edited: false,
      duration_minutes: 50,
      mood_rating: 4,
      class_id: 7,
      // 50 minutes → 25 points, 6 correct answers → 6.
      points_earned: 31,
    });
    await env.stack.bus.idle();
    expect(await ledgerOf(user)).toMatchObject([{ reference_type: 'study_session', points: 31 }]);

    const detail = await env.call(user, 'GET', `/sessions/${added.body.session_id}`);
    expect(detail.body).toMatchObject({ source: 'manual', pause_count: 1, activity_count: 1 });
    expect(detail.body.activities[0]).toMatchObject({ activity_type: 'testing', points_earned: 6 });
  });

  it('answers 409 naming the session it overlaps', async () => {
    const user = newUser();
    const first = await env.call(user, 'POST', '/sessions', {
      start_time: ago(300),
      end_time: ago(240),
    });
    expect(first.status).toBe(201);
    const overlapping = await env.call(user, 'POST', '/sessions', {
      start_time: ago(250),
      end_time: ago(200),
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.overlapping_session_id).toBe(first.body.session_id);
    expect(overlapping.body.message).toContain(String(first.body.session_id));
    // Touching is not overlapping.
    const after = await env.call(user, 'POST', '/sessions', {
      start_time: first.body.end_time,
      end_time: ago(200),
    });
    expect(after.status).toBe(201);
  });

  it('also refuses a past session overlapping the session still running', async () => {
    const user = newUser();
    const running = await env.call(user, 'POST', '/sessions', {});
    expect(running.status).toBe(201);
    expect(running.body.status).toBe('active');
    const during = await env.call(user, 'POST', '/sessions', {
      start_time: ago(0.5),
      end_time: new Date().toISOString(),
    });
    expect(during.status).toBe(409);
    expect(during.body.overlapping_session_id).toBe(running.body.session_id);
  });

  it('keeps one session when an offline client uploads the same session twice', async () => {
    const user = newUser();
    const upload = {
      client_session_id: `phone-${randomUUID()}`,
      start_time: ago(90),
      end_time: ago(30),
    };
    const first = await env.call(user, 'POST', '/sessions', upload);
    const second = await env.call(user, 'POST', '/sessions', upload);
    expect(first.status).toBe(201);
    expect(first.body.source).toBe('offline');
    expect(second.status).toBe(201);
    expect(second.body.session_id).toBe(first.body.session_id);
    const list = await env.call(user, 'GET', '/sessions');
    expect(list.body.total_count).toBe(1);
    await env.stack.bus.idle();
    expect(await ledgerOf(user)).toHaveLength(1);
  });

  it('lets analytics tell timed minutes from minutes typed in afterwards', async () => {
    const user = newUser();
    await env.call(user, 'POST', '/sessions', { start_time: ago(300), end_time: ago(240) });
    await env.call(user, 'POST', '/sessions', {
      start_time: ago(200),
      end_time: ago(170),
      client_session_id: `tablet-${randomUUID()}`,
    });
    const overview = await env.call(user, 'GET', '/performance/overview?period=all_time');
    expect(overview.status).toBe(200);
    expect(overview.body.study_time).toMatchObject({
      total_minutes: 90,
      manual_minutes: 60,
      timed_minutes: 30,
    });
    await env.runSchedule('report-builder');
    const again = await env.call(user, 'GET', '/performance/overview?period=all_time');
    expect(again.body.study_time).toMatchObject({ manual_minutes: 60, timed_minutes: 30 });
  });

  it('refuses times out of bounds with a 400 naming the field', async () => {
    const user = newUser();
    const cases: [unknown, string][] = [
      [{ start_time: ago(10), end_time: ago(-60) }, 'body.end_time'],
      [{ start_time: ago(31 * 24 * 60), end_time: ago(31 * 24 * 60 - 30) }, 'body.start_time'],
      [{ start_time: ago(10), end_time: ago(20) }, 'body.end_time'],
      [{ start_time: ago(13 * 60), end_time: ago(10) }, 'body.end_time'],
      [{ start_time: ago(60) }, 'body.end_time'],
      [{ start_time: 'yesterday', end_time: ago(10) }, 'body.start_time'],
      [
        {
          start_time: ago(60),
          end_time: ago(10),
          pauses: [{ paused_at: ago(70), resumed_at: ago(50) }],
        },
        'body.pauses.0',
      ],
      [{ start_time: ago(60), end_time: ago(10), source: 'abacus' }, 'body.source'],
      [{ notes: 'no times' }, 'body.notes'],
      [
        { start_time: ago(60), end_time: ago(10), activities: [{ activity_type: 'juggling' }] },
        'body.activities.0.activity_type',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await env.call(user, 'POST', '/sessions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const list = await env.call(user, 'GET', '/sessions');
    expect(list.body.total_count).toBe(0);
  });
});
