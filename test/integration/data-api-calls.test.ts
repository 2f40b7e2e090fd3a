/**
 * Runs its own local stack so that the emulator's call counter sees only this file's requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack';

let stack: LocalStack;
let token: string;

beforeAll(async () => {
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL || undefined });
  token = stack.issuer.token({ user: `calls-${Date.now()}` });
});
afterAll(() => stack?.close());

async function request(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Data API calls made while serving one request. */
async function callsFor(method: string, path: string, body?: unknown) {
  stack.emulator.resetStats();
  const res = await request(method, path, body);
  return { ...res, calls: stack.emulator.stats().calls };
}

describe('Data API calls per request', () => {
  it('is one for every sessions and preferences endpoint', async () => {
    const start = await callsFor('POST', '/sessions/start', { class_id: 3 });
    expect(start.status).toBe(201);
    const id = start.body.session_id;
    const measured = [
      start,
      await callsFor('POST', `/sessions/${id}/activities`, {
        activity_type: 'testing',
        items_completed: 2,
        items_correct: 1,
      }),
      await callsFor('POST', `/sessions/${id}/pause`),
      await callsFor('POST', `/sessions/${id}/resume`),
      await callsFor('GET', '/sessions/active'),
      await callsFor('GET', `/sessions/${id}`),
      await callsFor('PUT', `/sessions/${id}/end`, { mood_rating: 3 }),
      await callsFor('GET', '/sessions?limit=10'),
      await callsFor('GET', '/preferences'),
      await callsFor('PUT', '/preferences', { timezone: 'Europe/Paris' }),
      // Error answers are one call too: the statement reports why nothing changed.
      await callsFor('PUT', `/sessions/${id}/end`, {}),
    ];
    expect(measured.map((m) => m.calls)).toEqual(measured.map(() => 1));
    expect(measured.at(-1)?.status).toBe(409);
  });

  it('retries while Aurora is resuming, and the caller never notices', async () => {
    stack.emulator.injectError('DatabaseResumingException', 2);
    stack.emulator.resetStats();
    const res = await request('GET', '/preferences');
    expect(res.status).toBe(200);
    // Two refused attempts, then the one that worked.
    expect(stack.emulator.stats().calls).toBe(3);
  });
});
