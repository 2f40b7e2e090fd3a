/**
 * `npm run bench`: warm latency (p50/p99) per sessions endpoint through the local stack, Data
 * API calls per request as counted by the emulator, and per function the minified bundle size
 * and module-load time, and the dashboard's first load in Chromium. Prints figures against the
 * targets; it asserts nothing. `npm run bench -- <part>` runs one part (endpoints, bundles,
 * dashboard, scale, emails, wake-ups: database wake-ups over a simulated idle day).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startLocalStack } from '../../local/stack';
import { measureBundles } from './bundles';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
/**
 * Calls per request, counting what a request sets off. Ending a session is one statement; the
 * award it triggers is one (which also records the end's event as published), the goal
 * evaluation one, and mark-published one for the award's event, in its own invocation. An
 * erasure is its statement, and mark-published one for its event. No writer spends a call on
 * recording a publication.
 */
const CALL_TARGETS: Record<string, number> = {
  'PUT /sessions/{id}/end': 4,
  // As an end: its statement, the award's, the goal evaluation's and mark-published's.
  'POST /sessions (past)': 4,
  // A read of the stored times the bounds are checked against and the statement; adjust-points
  // reads the session and settles (marking the change published); evaluate-goals one;
  // mark-published one per adjustment announced (one here: the session stays on its day).
  'PATCH /sessions/{id}': 6,
  // Its statement; adjust-points reads and settles; mark-published one for the adjustment.
  'DELETE /sessions/{id}': 4,
  // Its statement, and mark-published one for its event.
  'DELETE /me': 2,
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function measureEndpoints() {
  const stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL || undefined });
  const samples = new Map<string, { ms: number[]; calls: number[] }>();
  const token = stack.issuer.token({ user: `bench-${Date.now()}` });

  async function timed(label: string, method: string, path: string, body?: unknown) {
    // Awards set off by an earlier end run asynchronously; keep their calls out of this count.
    await stack.bus.idle();
    stack.emulator.resetStats();
    const t0 = performance.now();
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // CSV answers are measured like the rest; only JSON is read.
    const json = (
      res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {}
    ) as Record<string, unknown>;
    const ms = performance.now() - t0;
    await stack.bus.idle();
    if (res.status >= 400) throw new Error(`${label}: ${res.status} ${JSON.stringify(json)}`);
    const entry = samples.get(label) ?? { ms: [], calls: [] };
    entry.ms.push(ms);
    entry.calls.push(stack.emulator.stats().calls);
    samples.set(label, entry);
    return json;
  }

  // The first round warms each function (cold start) and is discarded.
  for (let i = 0; i <= ITERATIONS; i++) {
    if (i === 1) samples.clear();
    const started = await timed('POST /sessions/start', 'POST', '/sessions/start', { class_id: 1 });
    const id = started.session_id as number;
    await timed('POST /sessions/{id}/activities', 'POST', `/sessions/${id}/activities`, {
      activity_type: 'testing',
      items_completed: 10,
      items_correct: 8,
    });
    await timed('POST /sessions/{id}/pause', 'POST', `/sessions/${id}/pause`);
    await timed('POST /sessions/{id}/resume', 'POST', `/sessions/${id}/resume`);
    await timed('GET /sessions/active', 'GET', '/sessions/active');
    await timed('GET /sessions/{id}', 'GET', `/sessions/${id}`);
    await timed('PUT /sessions/{id}/end', 'PUT', `/sessions/${id}/end`, { mood_rating: 4 });
    await timed('GET /sessions', 'GET', '/sessions?limit=50');
    // A session recorded afterwards, corrected and deleted, in its own three hours of the past.
    const base = Date.now() - (i + 1) * 3 * 3_600_000;
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const past = await timed('POST /sessions (past)', 'POST', '/sessions', {
      start_time: at(0),
      end_time: at(60),
    });
    await timed('PATCH /sessions/{id}', 'PATCH', `/sessions/${past.session_id}`, {
      end_time: at(90),
    });
    await timed('DELETE /sessions/{id}', 'DELETE', `/sessions/${past.session_id}`);
    await timed('GET /preferences', 'GET', '/preferences');
    await timed('PUT /preferences', 'PUT', '/preferences', { timezone: 'Europe/Paris' });
    await timed('GET /performance/heatmap', 'GET', '/performance/heatmap');
    const goal = await timed('POST /goals', 'POST', '/goals', {
      goal_type: i % 2 ? 'study_time' : 'custom',
      goal_name: 'Bench goal',
      target_value: 1_000_000,
      // Goals end at most five years after they start.
      target_date: new Date(Date.now() + 4 * 365 * 86_400_000).toISOString().slice(0, 10),
    });
    await timed('GET /goals', 'GET', '/goals?status=active');
    await timed('GET /goals/{id}', 'GET', `/goals/${goal.goal_id}`);
    await timed('PUT /goals/{id}', 'PUT', `/goals/${goal.goal_id}`, { priority: 'high' });
    if (goal.goal_type === 'custom') {
      await timed('POST /goals/{id}/progress', 'POST', `/goals/${goal.goal_id}/progress`, {
        progress_value: 1,
      });
    }
    await timed('DELETE /goals/{id}', 'DELETE', `/goals/${goal.goal_id}`);
    await timed('GET /me/export', 'GET', '/me/export');
    await timed('GET /me/export?format=csv', 'GET', '/me/export?format=csv');
  }
  // Erasures, each of a student with a session, its award and a goal (the last round's).
  for (let i = 0; i < Math.min(ITERATIONS, 20); i++) {
    const started = await timed('POST /sessions/start', 'POST', '/sessions/start', {});
    await timed('PUT /sessions/{id}/end', 'PUT', `/sessions/${started.session_id}/end`, {});
    await timed('DELETE /me', 'DELETE', '/me', { confirm: 'DELETE' });
  }
  // Session end to ledger row: the end request, the event's delivery and the award.
  const awardMs: number[] = [];
  const awardCalls: number[] = [];
  for (let i = 0; i < Math.min(ITERATIONS, 50); i++) {
    const started = await timed('POST /sessions/start', 'POST', '/sessions/start', {});
    await stack.bus.idle();
    stack.emulator.resetStats();
    const t0 = performance.now();
    await fetch(`${stack.apiUrl}/sessions/${started.session_id}/end`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await stack.bus.idle();
    awardMs.push(performance.now() - t0);
    // The award runs while the end is still answering, so it is counted as the total less the
    // end's own call, the goal evaluation's and mark-published's.
    awardCalls.push(stack.emulator.stats().calls - 3);
  }
  // Each consumer alone, on a redelivered copy of the last end's event.
  const ended = stack.bus
    .published()
    .filter((e) => e['detail-type'] === 'Study Session Ended')
    .at(-1);
  const awarded = stack.bus
    .published()
    .filter((e) => e['detail-type'] === 'Study Points Awarded')
    .at(-1);
  const consumerCalls: [string, unknown][] = [
    ['award-points', ended],
    ['evaluate-goals', ended],
    ['mark-published', awarded],
  ];
  const perConsumer: string[] = [];
  for (const [target, event] of consumerCalls) {
    stack.emulator.resetStats();
    await stack.lambda.invoke(target, event);
    perConsumer.push(`${target} ${stack.emulator.stats().calls}`);
  }
  await stack.close();

  console.log(`\nData API calls per event delivery (target 1 each): ${perConsumer.join(', ')}`);
  const sortedAward = [...awardMs].sort((a, b) => a - b);
  console.log(
    `\nSession end → ledger row (through the local bus): p50 ${percentile(sortedAward, 50).toFixed(1)} ms, p99 ${percentile(sortedAward, 99).toFixed(1)} ms`,
  );
  console.log(
    `Data API calls per award: ${Math.max(...awardCalls)} (target 1: check, ledger, event and the end's publication in one statement)`,
  );

  console.log(
    `\nWarm latency through the local stack (${ITERATIONS} requests each, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`,
  );
  console.log(
    'endpoint                          p50 ms   p99 ms   Data API calls/request (target 1)',
  );
  console.log(
    '(the end counts what it sets off: its own 1, award 1, goals 1, mark-published 1 = 4)',
  );
  for (const [label, { ms, calls }] of samples) {
    const sorted = [...ms].sort((a, b) => a - b);
    const maxCalls = Math.max(...calls);
    console.log(
      `${label.padEnd(32)} ${percentile(sorted, 50).toFixed(1).padStart(7)} ${percentile(sorted, 99).toFixed(1).padStart(8)}   ${maxCalls}${maxCalls === (CALL_TARGETS[label] ?? 1) ? '' : '  <-- over target'}`,
    );
  }
}

/** Each part runs on its own with `npm run bench -- <part> [<part>…]`; no part names all. */
const PARTS = ['endpoints', 'bundles', 'dashboard', 'scale', 'emails', 'wake-ups'] as const;
type Part = (typeof PARTS)[number];
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length) {
  console.error(`Unknown bench part: ${unknown.join(', ')}. Parts: ${PARTS.join(', ')}`);
  process.exit(2);
}
const runs = (part: Part) => asked.length === 0 || asked.includes(part);

// The other parts run in processes of their own: handlers keep the token verifier of the first
// stack they served, and each of those parts starts another stack.
const inOwnProcess = (file: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file)], {
    stdio: 'inherit',
  });

if (runs('endpoints')) await measureEndpoints();
if (runs('bundles')) await measureBundles();
for (const part of ['dashboard', 'scale', 'emails', 'wake-ups'] as const) {
  if (runs(part)) inOwnProcess(`${part}.ts`);
}
