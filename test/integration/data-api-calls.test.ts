/**
 * Runs its own local stack so that the emulator's call counter sees only this file's requests.
 */

import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ARNS, type LocalStack, startLocalStack } from '../../local/stack';
import { copyOfTemplate, type DatabaseCopy } from '../support/database-template';

let stack: LocalStack;
let database: DatabaseCopy;
let token: string;

beforeAll(async () => {
  database = await copyOfTemplate(process.env.DATABASE_URL || undefined);
  stack = await startLocalStack(database.options);
  token = stack.issuer.token({ user: `calls-${Date.now()}` });
});
afterAll(async () => {
  await stack?.close();
  await database?.drop();
});

async function request(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // CSV answers stay text.
  const answer = res.headers.get('content-type')?.startsWith('application/json')
    ? JSON.parse(text)
    : text;
  return { status: res.status, headers: res.headers, body: answer as any };
}

/** Rows of a statement run as the master user (itself a call: only after counting). */
async function rows(sql: string) {
  const client = new RDSDataClient({ endpoint: stack.emulator.url });
  try {
    const out = await client.send(
      new ExecuteStatementCommand({ ...LOCAL_ARNS, sql, formatRecordsAs: 'JSON' }),
    );
    return JSON.parse(out.formattedRecords ?? '[]') as unknown[];
  } finally {
    client.destroy();
  }
}

/** Data API calls made while serving one request and whatever events it set off. */
async function callsFor(method: string, path: string, body?: unknown) {
  await stack.bus.idle();
  stack.emulator.resetStats();
  const res = await request(method, path, body);
  await stack.bus.idle();
  return { ...res, calls: stack.emulator.stats().calls };
}

describe('Data API calls per request', () => {
  it('is one for every sessions and preferences endpoint but the end', async () => {
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
      await callsFor('GET', '/sessions?limit=10'),
      await callsFor('GET', '/preferences'),
      await callsFor('PUT', '/preferences', { timezone: 'Europe/Paris' }),
      await callsFor('GET', '/performance/heatmap'),
    ];
    await request('PUT', `/sessions/${id}/end`, {});
    // Error answers are one call too: the statement reports why nothing changed.
    measured.push(await callsFor('PUT', `/sessions/${id}/end`, {}));
    expect(measured.map((m) => m.calls)).toEqual(measured.map(() => 1));
    expect(measured.at(-1)?.status).toBe(409);
  });

  it('is one for the end, one for the award and one for goal evaluation; publication costs none', async () => {
    const { body } = await request('POST', '/sessions/start', {});
    const end = await callsFor('PUT', `/sessions/${body.session_id}/end`, {});
    expect(end.status).toBe(200);
    // end-session 1, award-points 1 (which also records the end's event as published),
    // evaluate-goals 1, and mark-published 1 for the `Study Points Awarded` event, in its own
    // invocation after the bus delivered it.
    expect(end.calls).toBe(4);
    expect(stack.emulator.stats().byOperation).toEqual({ ExecuteStatement: 4 });
    const ended = stack.bus
      .published()
      .find(
        (e) =>
          e['detail-type'] === 'Study Session Ended' && e.detail.session_id === body.session_id,
      );
    expect(ended).toBeDefined();
    // Each consumer alone, on a redelivered copy: one call each.
    for (const target of ['award-points', 'evaluate-goals']) {
      stack.emulator.resetStats();
      await stack.lambda.invoke(target, ended);
      expect({ target, calls: stack.emulator.stats().calls }).toEqual({ target, calls: 1 });
    }
    const awarded = stack.bus.published().find((e) => e['detail-type'] === 'Study Points Awarded');
    stack.emulator.resetStats();
    await stack.lambda.invoke('mark-published', awarded);
    expect(stack.emulator.stats().calls).toBe(1);
    // Nothing is left for the relay: both events were recorded as published by their receivers.
    const pending = await rows(
      `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL
       AND ${body.session_id}::text IN (detail->>'session_id', detail->>'reference_id')`,
    );
    expect(pending).toEqual([{ n: 0 }]);
  });

  it('is one for each page of the export, and two for an erasure (its statement, then marking its event published)', async () => {
    const { body } = await request('POST', '/sessions/start', {});
    await request('PUT', `/sessions/${body.session_id}/end`, {});
    const measured = [
      await callsFor('GET', '/me/export'),
      await callsFor('GET', '/me/export?format=csv'),
      // A bad confirmation is refused before any statement.
      await callsFor('DELETE', '/me', { confirm: 'no' }),
      await callsFor('DELETE', '/me', { confirm: 'DELETE' }),
    ];
    expect(measured.map((m) => m.status)).toEqual([200, 200, 400, 202]);
    expect(measured.map((m) => m.calls)).toEqual([1, 1, 0, 2]);
  });

  it('is one statement to record, correct or delete a session, plus the reads its checks need', async () => {
    const daysAgo = (days: number, hour: number) => {
      const d = new Date(Date.now() - days * 86_400_000);
      d.setUTCHours(hour, 0, 0, 0);
      return d.toISOString();
    };
    const upload = {
      client_session_id: `calls-${Date.now()}`,
      start_time: daysAgo(3, 8),
      end_time: daysAgo(3, 9),
    };
    const added = await callsFor('POST', '/sessions', upload);
    expect(added.status).toBe(201);
    // add: 1 statement; then, as for an end, award-points 1 (which also marks the add's event
    // published), evaluate-goals 1 and mark-published 1 for the award's event.
    expect(added.calls).toBe(4);
    const id = added.body.session_id;
    const replayed = await callsFor('POST', '/sessions', upload);
    expect([replayed.status, replayed.calls]).toEqual([201, 1]);

    const moved = await callsFor('PATCH', `/sessions/${id}`, { end_time: daysAgo(3, 10) });
    expect(moved.status).toBe(200);
    // correct: 1 read of the stored times (the bounds are checked in TypeScript) + 1 statement;
    // adjust-points: 1 read of the stored session + 1 statement (which marks Study Session
    // Changed published); evaluate-goals 1; mark-published 1 for the adjustment's event.
    expect(moved.calls).toBe(6);
    const noted = await callsFor('PATCH', `/sessions/${id}`, { notes: 'same points' });
    // As above, without an adjustment to announce.
    expect([noted.status, noted.calls]).toEqual([200, 5]);

    const stranger = stack.issuer.token({ user: `calls-stranger-${Date.now()}` });
    for (const method of ['PATCH', 'DELETE']) {
      stack.emulator.resetStats();
      const res = await fetch(`${stack.apiUrl}/sessions/${id}`, {
        method,
        headers: { authorization: `Bearer ${stranger}`, 'content-type': 'application/json' },
        body: method === 'PATCH' ? JSON.stringify({ notes: 'x' }) : undefined,
      });
      expect([method, res.status, stack.emulator.stats().calls]).toEqual([method, 404, 1]);
    }

    const deleted = await callsFor('DELETE', `/sessions/${id}`);
    expect(deleted.status).toBe(200);
    // delete: 1 statement; adjust-points: 1 read + 1 statement; mark-published 1 for the
    // adjustment's event.
    expect(deleted.calls).toBe(4);
  });

  it('retries while Aurora is resuming, and the caller never notices', async () => {
    stack.emulator.injectError('DatabaseResumingException', 2);
    stack.emulator.resetStats();
    const res = await request('GET', '/preferences');
    expect(res.status).toBe(200);
    // Two refused attempts, then the one that worked.
    expect(stack.emulator.stats().calls).toBe(3);
  });

  it.each(['ThrottlingException', 'InternalServerErrorException', 'ServiceUnavailableError'])(
    'survives %s injected through the local admin: the client retries',
    async (error) => {
      const inject = await fetch(`${stack.url}/_local/data-api/faults`, {
        method: 'POST',
        body: JSON.stringify({ error, count: 2 }),
      });
      expect(inject.status).toBe(200);
      stack.emulator.resetStats();
      const res = await request('GET', '/preferences');
      expect(res.status).toBe(200);
      expect(stack.emulator.stats().calls).toBe(3);
    },
  );

  it('refuses to inject a fault the Data API does not raise', async () => {
    const inject = await fetch(`${stack.url}/_local/data-api/faults`, {
      method: 'POST',
      body: JSON.stringify({ error: 'BadRequestException', count: 1 }),
    });
    expect(inject.status).toBe(400);
  });

  it('answers 503 database_waking with Retry-After when Aurora is still resuming at the deadline', async () => {
    stack.emulator.injectError('DatabaseResumingException', 1_000);
    try {
      const res = await request('GET', '/preferences');
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('database_waking');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      stack.emulator.injectError('DatabaseResumingException', 0);
    }
    expect((await request('GET', '/preferences')).status).toBe(200);
  });

  it('is one for every goal endpoint, and goals add nothing to ending a session', async () => {
    // Within the five years a goal may span.
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const create = await callsFor('POST', '/goals', {
      goal_type: 'custom',
      goal_name: 'Read',
      target_value: 10,
      target_date: nextYear,
    });
    expect(create.status).toBe(201);
    const id = create.body.goal_id;
    const measured = [
      create,
      await callsFor('GET', '/goals'),
      await callsFor('GET', `/goals/${id}`),
      await callsFor('PUT', `/goals/${id}`, { goal_name: 'Read more' }),
      await callsFor('POST', `/goals/${id}/progress`, { progress_value: 1 }),
      await callsFor('DELETE', `/goals/${id}`),
    ];
    expect(measured.map((m) => m.status)).toEqual([201, 200, 200, 200, 200, 200]);
    // (Progress reaching a milestone publishes an event; mark-published records it later.)
    expect(measured.map((m) => m.calls)).toEqual([1, 1, 1, 1, 1, 1]);

    await callsFor('POST', '/goals', {
      goal_type: 'study_time',
      goal_name: 'Study',
      target_value: 600,
      target_date: nextYear,
    });
    const { body } = await request('POST', '/sessions/start', {});
    const end = await callsFor('PUT', `/sessions/${body.session_id}/end`, {});
    // The same four as without goals: the end request itself is untouched by goal progress.
    expect(end.calls).toBe(4);
  });
});
