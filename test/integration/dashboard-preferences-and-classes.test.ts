/** What the dashboard reads besides analytics: the weekly study target and the class picker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(async () => {
  await env?.close();
});

describe('the weekly study target', () => {
  it('is unset at first, set in minutes, kept by other updates and cleared by null', async () => {
    const user = 'target-student';
    expect((await env.call(user, 'GET', '/preferences')).body.weekly_target_minutes).toBeNull();
    const set = await env.call(user, 'PUT', '/preferences', { weekly_target_minutes: 300 });
    expect(set.status).toBe(200);
    expect(set.body.weekly_target_minutes).toBe(300);
    await env.call(user, 'PUT', '/preferences', { week_start: 'sunday' });
    expect((await env.call(user, 'GET', '/preferences')).body).toMatchObject({
      week_start: 'sunday',
      weekly_target_minutes: 300,
    });
    const cleared = await env.call(user, 'PUT', '/preferences', { weekly_target_minutes: null });
    expect(cleared.body.weekly_target_minutes).toBeNull();
  });

  it.each([[0], [10_081], [12.5], ['300']])('refuses %j naming the field', async (value) => {
    const res = await env.call('target-bad', 'PUT', '/preferences', {
      weekly_target_minutes: value,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('body.weekly_target_minutes');
  });
});

describe('the classes a student has studied', () => {
  it('lists them most recent first, named when the class cache knows them', async () => {
    const user = 'classes-student';
    await env.sql(
      `INSERT INTO classes (id, name, updated_at) VALUES (4101, 'English Literature', now())`,
    );
    await env.pastSession(user, '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', 4101);
    await env.pastSession(user, '2026-03-03T09:00:00Z', '2026-03-03T09:30:00Z', 4102);
    await env.pastSession(user, '2026-03-01T09:00:00Z', '2026-03-01T09:30:00Z', 4101);
    await env.pastSession(user, '2026-03-04T09:00:00Z', '2026-03-04T09:30:00Z', null);
    await env.pastSession('someone-else', '2026-03-05T09:00:00Z', '2026-03-05T09:30:00Z', 4103);
    const res = await env.call(user, 'GET', '/classes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      classes: [
        {
          class_id: 4102,
          class_name: null,
          sessions: 1,
          last_studied_at: '2026-03-03T09:00:00.000Z',
        },
        {
          class_id: 4101,
          class_name: 'English Literature',
          sessions: 2,
          last_studied_at: '2026-03-02T09:00:00.000Z',
        },
      ],
    });
  });

  it('is empty for a new student', async () => {
    expect((await env.call('classes-new', 'GET', '/classes')).body).toEqual({ classes: [] });
  });
});
