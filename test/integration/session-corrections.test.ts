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

const newUser = () => `fix-${randomUUID()}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function pastSession(user: string, fromMinutesAgo: number, toMinutesAgo: number, extra = {}) {
  const res = await env.call(user, 'POST', '/sessions', {
    start_time: ago(fromMinutesAgo),
    end_time: ago(toMinutesAgo),
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.session_id as number;
}

describe('correcting an ended session', () => {
  it('changes the fields given, marks it edited and keeps what changed in its history', async () => {
    const user = newUser();
    const id = await pastSession(user, 180, 120, { mood_rating: 2, notes: 'tired' });
    const fixed = await env.call(user, 'PATCH', `/sessions/${id}`, {
      end_time: ago(90),
      mood_rating: 4,
      notes: null,
      class_id: 12,
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      session_id: id,
      edited: true,
      duration_minutes: 90,
      mood_rating: 4,
      notes: null,
      class_id: 12,
      source: 'manual',
    });
    const detail = await env.call(user, 'GET', `/sessions/${id}`);
    expect(detail.body.edited).toBe(true);
    expect(detail.body.history_count).toBe(1);
    const [change] = detail.body.history;
    expect(change).toMatchObject({ revision: 1, change: 'edited' });
    expect(Object.keys(change.fields).sort()).toEqual(
      ['class_id', 'duration_seconds', 'end_time', 'mood_rating', 'notes'].sort(),
    );
    expect(change.fields.mood_rating).toEqual({ old: 2, new: 4 });
    expect(change.fields.notes).toEqual({ old: 'tired', new: null });
    expect(change.fields.end_time.new).toBe(fixed.body.end_time);
  });

  it('replaces pauses and activities, and records them in the history', async () => {
    const user = newUser();
    const id = await pastSession(user, 120, 60, {
      activities: [{ activity_type: 'flashcards', items_completed: 20, items_correct: 15 }],
    });
    const fixed = await env.call(user, 'PATCH', `/sessions/${id}`, {
      pauses: [{ paused_at: ago(100), resumed_at: ago(80) }],
      activities: [{ activity_type: 'testing', items_completed: 5, items_correct: 5 }],
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.duration_minutes).toBe(40);
    const detail = await env.call(user, 'GET', `/sessions/${id}`);
    expect(detail.body.pauses).toHaveLength(1);
    expect(detail.body.activities).toMatchObject([{ activity_type: 'testing', points_earned: 5 }]);
    expect(detail.body.history[0].fields.activities).toEqual({
      old: [{ activity_type: 'flashcards', items_completed: 20, items_correct: 15 }],
      new: [{ activity_type: 'testing', items_completed: 5, items_correct: 5 }],
    });
    expect(detail.body.history[0].fields.pauses.old).toEqual([]);
  });

  it('confirms an auto-closed session, and corrects one', async () => {
    const user = newUser();
    const id = await pastSession(user, 300, 200);
    await env.sql(`UPDATE study_sessions SET auto_closed = true WHERE id = ${id}`);
    const confirmed = await env.call(user, 'PATCH', `/sessions/${id}`, { confirm: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ auto_closed: true, confirmed: true, edited: true });
    const corrected = await env.call(user, 'PATCH', `/sessions/${id}`, { end_time: ago(280) });
    expect(corrected.status).toBe(200);
    expect(corrected.body.duration_minutes).toBe(20);
    const detail = await env.call(user, 'GET', `/sessions/${id}`);
    expect(detail.body.history.map((c: { change: string }) => c.change)).toEqual([
      'confirmed',
      'edited',
    ]);
    const other = await pastSession(user, 100, 90);
    const refused = await env.call(user, 'PATCH', `/sessions/${other}`, { confirm: true });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0].path).toBe('body.confirm');
  });

  it('refuses a correction that overlaps another session with a 409 naming it', async () => {
    const user = newUser();
    const first = await pastSession(user, 200, 150);
    const second = await pastSession(user, 140, 100);
    const res = await env.call(user, 'PATCH', `/sessions/${second}`, { start_time: ago(160) });
    expect(res.status).toBe(409);
    expect(res.body.overlapping_session_id).toBe(first);
  });

  it('refuses a session still running (409) and bad input (400 naming the field)', async () => {
    const user = newUser();
    const running = await env.call(user, 'POST', '/sessions/start', {});
    const open = await env.call(user, 'PATCH', `/sessions/${running.body.session_id}`, {
      notes: 'x',
    });
    expect(open.status).toBe(409);
    const id = await pastSession(user, 500, 400);
    const cases: [unknown, string][] = [
      [{ end_time: ago(-30) }, 'body.end_time'],
      [{ start_time: ago(40 * 24 * 60) }, 'body.start_time'],
      [{ mood_rating: 9 }, 'body.mood_rating'],
      [{ duration_minutes: 5 }, 'body.duration_minutes'],
      [{}, 'body'],
      [{ pauses: [{ paused_at: ago(450) }] }, 'body.pauses.0.resumed_at'],
    ];
    for (const [body, path] of cases) {
      const res = await env.call(user, 'PATCH', `/sessions/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });
});

describe('deleting a session', () => {
  it('removes it with its activities and pauses, keeping a record in the history table', async () => {
    const user = newUser();
    const id = await pastSession(user, 90, 30, {
      pauses: [{ paused_at: ago(60), resumed_at: ago(50) }],
      activities: [{ activity_type: 'reading' }],
    });
    const res = await env.call(user, 'DELETE', `/sessions/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ session_id: id, deleted: true });
    expect((await env.call(user, 'GET', `/sessions/${id}`)).status).toBe(404);
    expect((await env.call(user, 'DELETE', `/sessions/${id}`)).status).toBe(404);
    const left = await env.rows(
      `SELECT (SELECT count(*) FROM session_activities WHERE session_id = ${id})::int AS activities,
              (SELECT count(*) FROM session_pauses WHERE session_id = ${id})::int AS pauses,
              (SELECT change FROM session_changes WHERE session_id = ${id}) AS change`,
    );
    expect(left).toEqual([{ activities: 0, pauses: 0, change: 'deleted' }]);
    // The student's export keeps the record of the deletion.
    const exported = await env.call(user, 'GET', '/me/export');
    expect(exported.body.session_history).toMatchObject([
      { session_id: id, revision: 1, change: 'deleted' },
    ]);
  });
});

describe('deleting a session still running', () => {
  it('removes it, so that another can start', async () => {
    const user = newUser();
    const running = await env.call(user, 'POST', '/sessions/start', {});
    const res = await env.call(user, 'DELETE', `/sessions/${running.body.session_id}`);
    expect(res.status).toBe(200);
    expect((await env.call(user, 'GET', '/sessions/active')).body).toEqual({ session: null });
    expect((await env.call(user, 'POST', '/sessions/start', {})).status).toBe(201);
    await env.stack.bus.idle();
    expect(env.stack.bus.deadLetters()).toEqual([]);
  });
});

describe("another student's session", () => {
  it('is not found for PATCH and DELETE, and stays as it was', async () => {
    const owner = newUser();
    const id = await pastSession(owner, 90, 30);
    const stranger = newUser();
    const patched = await env.call(stranger, 'PATCH', `/sessions/${id}`, { notes: 'mine now' });
    expect(patched.status).toBe(404);
    const deleted = await env.call(stranger, 'DELETE', `/sessions/${id}`);
    expect(deleted.status).toBe(404);
    const still = await env.call(owner, 'GET', `/sessions/${id}`);
    expect(still.body).toMatchObject({ session_id: id, notes: null, edited: false });
  });
});
