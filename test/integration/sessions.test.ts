import { describe, expect, it } from 'vitest';
import { call, newUser } from '../support/api';

const start = (
  user: string,
  body: unknown = { session_type: 'solo' },
  headers?: Record<string, string>,
) => call('POST', '/sessions/start', { user, body, headers });

describe('a study session from start to end', () => {
  it('starts, logs an activity, pauses, resumes, ends and shows up in the list', async () => {
    const user = newUser();
    const started = await start(user, {
      class_id: 101,
      session_type: 'group',
      focus_mode: true,
      location: 'Library',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      class_id: 101,
      session_type: 'group',
      focus_mode: true,
      location: 'Library',
      status: 'active',
      end_time: null,
    });
    const id = started.body.session_id;
    expect(started.headers.get('location')).toBe(`/api/analytics/sessions/${id}`);
    expect(Date.parse(started.body.start_time)).not.toBeNaN();

    const activity = await call('POST', `/sessions/${id}/activities`, {
      user,
      body: {
        activity_type: 'testing',
        content_type: 'quiz',
        content_id: 'q-7',
        items_completed: 8,
        items_correct: 6,
      },
    });
    expect(activity.status).toBe(201);
    expect(activity.body).toMatchObject({
      session_id: id,
      activity_type: 'testing',
      items_completed: 8,
      items_correct: 6,
      accuracy_percentage: 75,
      points_earned: 6,
    });

    const thirds = await call('POST', `/sessions/${id}/activities`, {
      user,
      body: { activity_type: 'flashcards', items_completed: 3, items_correct: 1 },
    });
    expect(thirds.body.accuracy_percentage).toBe(33.33);

    const paused = await call('POST', `/sessions/${id}/pause`, { user });
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');

    const active = await call('GET', '/sessions/active', { user });
    expect(active.body.session).toMatchObject({ session_id: id, status: 'paused' });
    expect(active.body.session.pauses).toHaveLength(1);
    expect(active.body.session.pauses[0].resumed_at).toBeNull();

    const resumed = await call('POST', `/sessions/${id}/resume`, { user });
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');

    const ended = await call('PUT', `/sessions/${id}/end`, {
      user,
      body: { mood_rating: 4, productivity_rating: 5, notes: 'Chapter 3 done' },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      session_id: id,
      status: 'completed',
      duration_minutes: 0,
      mood_rating: 4,
      productivity_rating: 5,
      notes: 'Chapter 3 done',
      // Shorter than the minimum length: no points, not even for the activities (anti-farming).
      points_earned: 0,
      points_breakdown: { below_minimum_length: true, activity_points: 0 },
    });
    expect(Date.parse(ended.body.end_time)).toBeGreaterThanOrEqual(
      Date.parse(ended.body.start_time),
    );

    const detail = await call('GET', `/sessions/${id}`, { user });
    expect(detail.status).toBe(200);
    expect(detail.body.activities.map((a: { activity_type: string }) => a.activity_type)).toEqual([
      'testing',
      'flashcards',
    ]);
    expect(detail.body.pauses).toHaveLength(1);
    expect(detail.body.pauses[0].resumed_at).not.toBeNull();

    const list = await call('GET', '/sessions', { user });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total_count: 1, total_minutes: 0, next_cursor: null });
    expect(list.body.sessions[0]).toMatchObject({ session_id: id, status: 'completed' });

    expect((await call('GET', '/sessions/active', { user })).body).toEqual({ session: null });
  });

  it('lets a student start again once the previous session ended', async () => {
    const user = newUser();
    const first = await start(user);
    await call('PUT', `/sessions/${first.body.session_id}/end`, { user, body: {} });
    const second = await start(user);
    expect(second.status).toBe(201);
    expect(second.body.session_id).not.toBe(first.body.session_id);
  });

  it('ends a paused session and closes its running pause', async () => {
    const user = newUser();
    const { body } = await start(user);
    await call('POST', `/sessions/${body.session_id}/pause`, { user });
    const ended = await call('PUT', `/sessions/${body.session_id}/end`, { user });
    expect(ended.status).toBe(200);
    const detail = await call('GET', `/sessions/${body.session_id}`, { user });
    expect(detail.body.pauses[0].resumed_at).toBe(detail.body.end_time);
  });
});

describe('conflicts', () => {
  it('refuses a second start while a session is open and names the open one', async () => {
    const user = newUser();
    const first = await start(user);
    const second = await start(user);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: 'conflict',
      active_session_id: first.body.session_id,
    });
    expect(second.body.message).toContain(String(first.body.session_id));
  });

  it('refuses to end twice, to pause twice, to resume an active session and to log after the end', async () => {
    const user = newUser();
    const { body } = await start(user);
    const id = body.session_id;
    expect((await call('POST', `/sessions/${id}/resume`, { user })).status).toBe(409);
    expect((await call('POST', `/sessions/${id}/pause`, { user })).status).toBe(200);
    const again = await call('POST', `/sessions/${id}/pause`, { user });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already paused/);
    expect((await call('PUT', `/sessions/${id}/end`, { user })).status).toBe(200);
    const twice = await call('PUT', `/sessions/${id}/end`, { user });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already ended/);
    const late = await call('POST', `/sessions/${id}/activities`, {
      user,
      body: { activity_type: 'reading' },
    });
    expect(late.status).toBe(409);
  });

  it('ends a session exactly once when ten requests race', async () => {
    const user = newUser();
    const { body } = await start(user);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('PUT', `/sessions/${body.session_id}/end`, { user, body: {} }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  });

  it('opens exactly one session when five starts race', async () => {
    const user = newUser();
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(user)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
  });
});

describe('idempotent start', () => {
  it('returns the first answer for a retried request and creates nothing new', async () => {
    const user = newUser();
    const headers = { 'idempotency-key': 'start-abc-1' };
    const first = await start(user, { class_id: 5 }, headers);
    const retry = await start(user, { class_id: 5 }, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const list = await call('GET', '/sessions', { user });
    expect(list.body.total_count).toBe(1);
  });

  it('keeps answering the first response after the session ended', async () => {
    const user = newUser();
    const headers = { 'idempotency-key': 'start-later' };
    const first = await start(user, {}, headers);
    await call('PUT', `/sessions/${first.body.session_id}/end`, { user });
    const retry = await start(user, {}, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it('refuses the same key with a different request', async () => {
    const user = newUser();
    const headers = { 'idempotency-key': 'start-xyz' };
    await start(user, { class_id: 1 }, headers);
    const other = await start(user, { class_id: 2 }, headers);
    expect(other.status).toBe(422);
  });

  it('scopes keys to the user', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await start(newUser(), {}, headers);
    const b = await start(newUser(), {}, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.session_id).not.toBe(a.body.session_id);
  });

  it('names a malformed key', async () => {
    const res = await start(newUser(), {}, { 'idempotency-key': 'has spaces in it' });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('headers.idempotency-key');
  });
});

describe("another student's sessions", () => {
  it('are not found, whatever the operation', async () => {
    const owner = newUser('owner');
    const intruder = newUser('intruder');
    const { body } = await start(owner);
    const id = body.session_id;
    const attempts = await Promise.all([
      call('GET', `/sessions/${id}`, { user: intruder }),
      call('PUT', `/sessions/${id}/end`, { user: intruder }),
      call('POST', `/sessions/${id}/pause`, { user: intruder }),
      call('POST', `/sessions/${id}/resume`, { user: intruder }),
      call('POST', `/sessions/${id}/activities`, {
        user: intruder,
        body: { activity_type: 'notes' },
      }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    expect(attempts[0]?.body).toMatchObject({ error: 'not_found' });
    // Untouched for its owner.
    expect((await call('GET', `/sessions/${id}`, { user: owner })).body.status).toBe('active');
    expect((await call('GET', '/sessions', { user: intruder })).body.total_count).toBe(0);
  });

  it('ids that do not exist are 404 too', async () => {
    expect((await call('GET', '/sessions/999999999', { user: newUser() })).status).toBe(404);
  });
});
