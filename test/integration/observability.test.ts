import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
const lines: Record<string, unknown>[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // The consumers log each handled event at INFO; metrics are printed as EMF lines.
  env = await startOwnStack({
    functionEnv: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' },
  });
});
afterAll(async () => {
  await env?.close();
});
afterEach(() => {
  process.stdout.write = write;
});

/** Collects the functions' JSON log lines (Powertools writes them to stdout). */
function captureLogs() {
  lines.length = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    for (const text of String(chunk).split('\n')) {
      if (text.startsWith('{')) lines.push(JSON.parse(text));
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}

async function endedSession(user: string, headers: Record<string, string>) {
  const call = (method: string, path: string) =>
    fetch(`${env.stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${env.stack.issuer.token({ user })}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: '{}',
    });
  const started = (await (await call('POST', '/sessions/start')).json()) as { session_id: number };
  await env.sql(
    `UPDATE study_sessions SET start_time = now() - interval '20 minutes' WHERE id = ${started.session_id}`,
  );
  const ended = await call('PUT', `/sessions/${started.session_id}/end`);
  expect(ended.status).toBe(200);
  await env.stack.bus.idle();
  return started.session_id;
}

describe('one correlation id from the request to the event consumers', () => {
  it('carries the caller’s X-Correlation-Id into the event detail and the consumers’ log lines', async () => {
    captureLogs();
    const id = `test-${randomUUID()}`;
    const user = `correlation-${randomUUID()}`;
    const sessionId = await endedSession(user, { 'x-correlation-id': id });

    const ended = env.stack.bus
      .published()
      .find((e) => e['detail-type'] === 'Study Session Ended' && e.detail.session_id === sessionId);
    expect(ended?.detail.correlation_id).toBe(id);
    // Both consumers of Study Session Ended (points and goals) log it with the same id.
    const consumers = lines.filter(
      (l) =>
        l.message === 'Event handled' &&
        l.correlation_id === id &&
        l.detail_type === 'Study Session Ended',
    );
    expect(consumers.length).toBeGreaterThanOrEqual(2);
    // The award it caused carries the same id on to the next consumer.
    const awarded = env.stack.bus
      .published()
      .find(
        (e) =>
          e['detail-type'] === 'Study Points Awarded' &&
          e.detail.reference_id === String(sessionId),
      );
    expect(awarded?.detail.correlation_id).toBe(id);
  });

  it('uses the request’s own id when the caller sends none, or one that is not a plain token', async () => {
    captureLogs();
    const user = `correlation-${randomUUID()}`;
    const sessionId = await endedSession(user, { 'x-correlation-id': 'bad id\twith spaces' });
    const ended = env.stack.bus
      .published()
      .find((e) => e['detail-type'] === 'Study Session Ended' && e.detail.session_id === sessionId);
    const id = ended?.detail.correlation_id;
    expect(typeof id).toBe('string');
    expect(id).not.toContain(' ');
    expect(id).not.toBe('bad id\twith spaces');
    expect(lines.some((l) => l.message === 'Event handled' && l.correlation_id === id)).toBe(true);
  });
});

/** The values of `name` in the embedded-metric-format lines captured so far. */
const metricValues = (name: string): number[] =>
  lines
    .filter((l) => (l._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics)
    .flatMap((l) => (l[name] === undefined ? [] : [l[name]].flat()))
    .map(Number);

describe('business metrics', () => {
  it('counts a session started and ended, and the points its award gave', async () => {
    captureLogs();
    await endedSession(`metrics-${randomUUID()}`, {});
    expect(metricValues('SessionsStarted')).toContain(1);
    expect(metricValues('SessionsEnded')).toContain(1);
    expect(metricValues('OutboxPublished').length).toBeGreaterThan(0);
    const points = metricValues('PointsAwarded');
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p > 0)).toBe(true);
  });

  it('reports the outbox backlog age after each relay run', async () => {
    captureLogs();
    await env.sql(
      `INSERT INTO outbox (id, detail_type, detail, created_at, next_attempt_at)
       VALUES (gen_random_uuid(), 'Test Backlog', '{}'::jsonb, now() - interval '10 minutes', now() + interval '1 hour')`,
    );
    await env.runSchedule('outbox-relay');
    const ages = metricValues('OutboxBacklogAge');
    expect(ages.length).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(600);
    await env.sql(`DELETE FROM outbox WHERE detail_type = 'Test Backlog'`);
  });
});
