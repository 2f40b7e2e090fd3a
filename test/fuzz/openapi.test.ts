/**
 * Property-based fuzzing of every route in the served /openapi.json, over real HTTP against a
 * local stack: requests built from each operation's parameter and body schemas, mostly valid,
 * often hostile. For every request:
 * - the answer is never a 5xx;
 * - a 4xx is in the documented error shape, and a 400 names the field (`issues[].path`);
 * - a 4xx changes nothing: the caller's stored rows and the published events are as before.
 * Path ids are the caller's own objects, another student's (never visible: 404), or made up.
 *
 * Fixed seed, about FUZZ_RUNS (default 2,000) requests in all; FUZZ_SEED picks another seed.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/routes';
import { type OwnStack, startOwnStack } from '../support/own-stack';
import { bodyOf, fieldOf, type JsonSchema, queryValueOf } from './schema-arbitraries';
import { userStateReader } from './user-state';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  security: unknown[];
  parameters: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
interface FuzzRequest {
  path: Record<string, string>;
  query: [string, string][];
  /** JSON to send, or raw text (broken JSON). */
  body?: { json: unknown } | { raw: string };
}

let env: OwnStack;
let operations: Map<string, { method: string; path: string; operation: Operation }>;
let readState: (user: string) => Promise<Record<string, string>>;
const owner = `fuzz-${randomUUID()}`;
const stranger = `fuzz-other-${randomUUID()}`;
/** Each student's sessions and goals, by the kind of object a path's id names. */
const ids = {
  owner: { sessions: [] as string[], goals: [] as string[] },
  stranger: { sessions: [] as string[], goals: [] as string[] },
};
type Owned = (typeof ids)['owner'];

/** A student with a finished session (with an activity), an open one, and three goals. */
async function furnish(user: string): Promise<Owned> {
  const made: Owned = { sessions: [], goals: [] };
  await env.call(user, 'PUT', '/preferences', {
    timezone: 'Europe/Berlin',
    email: 'a@example.com',
  });
  const first = await env.call(user, 'POST', '/sessions/start', { class_id: 3 });
  made.sessions.push(String(first.body.session_id));
  await env.call(user, 'POST', `/sessions/${first.body.session_id}/activities`, {
    activity_type: 'testing',
    items_completed: 10,
    items_correct: 7,
  });
  await env.call(user, 'PUT', `/sessions/${first.body.session_id}/end`, { mood_rating: 4 });
  const open = await env.call(user, 'POST', '/sessions/start', {});
  made.sessions.push(String(open.body.session_id));
  const today = new Date().toISOString().slice(0, 10);
  const goals = [
    {
      goal_type: 'study_time',
      goal_name: 'Daily',
      target_value: 30,
      is_recurring: true,
      recurrence_pattern: 'daily',
    },
    { goal_type: 'test_score', goal_name: 'Score', target_value: 80 },
    { goal_type: 'custom', goal_name: 'Pages', target_value: 100, unit: 'pages' },
  ];
  for (const goal of goals) {
    const created = await env.call(user, 'POST', '/goals', {
      ...goal,
      start_date: today,
      target_date: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    made.goals.push(String(created.body.goal_id));
  }
  await env.stack.bus.idle();
  return made;
}

beforeAll(async () => {
  env = await startOwnStack();
  const document = (await (await env.fetchRaw(owner, '/openapi.json')).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  operations = new Map();
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      operations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
    }
  }
  readState = await userStateReader(env);
  ids.owner = await furnish(owner);
  ids.stranger = await furnish(stranger);
});
afterAll(() => env?.close());

/** One path segment as a client would send it (lone surrogates as their raw UTF-8 bytes). */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80');
  }
}

/** Sessions or goals, as the route's path says. */
const kindOf = (path: string): keyof Owned => (path.includes('/goals/') ? 'goals' : 'sessions');

function pathValue(parameter: Parameter, kind: keyof Owned): fc.Arbitrary<string> {
  const made = fieldOf(parameter.schema)
    .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
    // An empty, `.` or `..` segment is a different route, not a value for this one.
    .filter((value) => !['', '.', '..'].includes(value));
  if (parameter.name !== 'id') return made;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ids.owner[kind]), weight: 5 },
    { arbitrary: fc.constantFrom(...ids.stranger[kind]), weight: 2 },
    { arbitrary: made, weight: 3 },
  );
}

function requestsFor(template: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const path = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, pathValue(p, kindOf(template))]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc
    .tuple(
      ...parameters
        .filter((p) => p.in === 'query')
        .map((p) =>
          p.required
            ? queryValueOf(p.schema).map((v) => [[p.name, v]] as [string, string][])
            : fc.option(
                queryValueOf(p.schema).map((v) => [[p.name, v]] as [string, string][]),
                {
                  nil: [] as [string, string][],
                },
              ),
        ),
      // A parameter nobody declared, now and then.
      fc.option(fc.constant([['unexpected', '1']] as [string, string][]), { nil: [], freq: 10 }),
    )
    .map((lists) => lists.flat());
  const schema = operation.requestBody?.content['application/json'].schema;
  const body: fc.Arbitrary<FuzzRequest['body']> = schema
    ? fc.oneof(
        { arbitrary: bodyOf(schema).map((json) => ({ json })), weight: 19 },
        {
          arbitrary: fc.constantFrom('{', '{"a":', 'nul', '\u0000', '[1,]').map((raw) => ({ raw })),
          weight: 1,
        },
      )
    : fc.constant(undefined);
  return fc.record({ path, query, body });
}

function urlOf(template: string, request: FuzzRequest): string {
  const path = template
    .replace(/^\/api\/analytics/, '')
    .replace(/\{(\w+)\}/g, (_m, name: string) => segment(request.path[name] ?? ''));
  const query = new URLSearchParams(request.query).toString();
  return query ? `${path}?${query}` : path;
}

async function send(method: string, url: string, request: FuzzRequest) {
  const token = env.stack.issuer.token({ user: owner });
  const body = request.body;
  const res = await fetch(`${env.stack.apiUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : 'raw' in body ? body.raw : JSON.stringify(body.json),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** The documented error shape (components.schemas.Error), with a named field on a 400. */
function checkErrorShape(status: number, json: unknown, text: string, context: string) {
  const body = json as { error?: unknown; message?: unknown; issues?: unknown };
  expect(typeof body?.error, `${context}: error code in ${text.slice(0, 300)}`).toBe('string');
  expect(typeof body?.message, `${context}: message in ${text.slice(0, 300)}`).toBe('string');
  if (status === 400) {
    const issues = body.issues as { path?: unknown; message?: unknown }[] | undefined;
    expect(
      Array.isArray(issues) && issues.length > 0,
      `${context}: issues in ${text.slice(0, 300)}`,
    ).toBe(true);
    for (const issue of issues ?? []) {
      expect(issue.path, `${context}: field named in ${text.slice(0, 300)}`).toMatch(
        /^(body|query|path)(\.|$)/,
      );
      expect(typeof issue.message).toBe('string');
    }
  }
}

describe('every route of /openapi.json, fuzzed', () => {
  it('serves one operation per route of the route table', () => {
    expect([...operations.keys()].sort()).toEqual(httpRoutes.map((r) => r.name).sort());
  });

  const runsPerRoute = Math.max(5, Math.round(RUNS / httpRoutes.length));
  it.each(httpRoutes.map((route) => [`${route.method} ${route.path}`, route.name]))(
    '%s: no 5xx, 4xx in the error shape and without effect',
    async (_label, name) => {
      const { method, path, operation } = operations.get(name) as NonNullable<
        ReturnType<typeof operations.get>
      >;
      const strangerBefore = await readState(stranger);
      // Stored state is read after a 4xx, and before a request only when the one before it
      // succeeded (and so may have changed it).
      let state: Record<string, string> | undefined;
      await fc.assert(
        fc.asyncProperty(requestsFor(path, operation), async (request) => {
          await env.stack.bus.idle();
          const before = state ?? (await readState(owner));
          const published = env.stack.bus.published().length;
          const url = urlOf(path, request);
          const context = `${method} ${url} ${JSON.stringify(request.body)}`;
          const answer = await send(method, url, request);
          state = undefined;
          expect(answer.status, `${context} → ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            checkErrorShape(answer.status, answer.json, answer.text, context);
            await env.stack.bus.idle();
            expect(env.stack.bus.published().length, `${context}: published events`).toBe(
              published,
            );
            state = await readState(owner);
            expect(state, `${context}: stored rows`).toEqual(before);
          }
          if (request.path.id && ids.stranger[kindOf(path)].includes(request.path.id)) {
            // Another student's object: not found, whatever else is wrong with the request.
            expect([400, 404], `${context} on another student's object`).toContain(answer.status);
          }
        }),
        { seed: SEED, numRuns: runsPerRoute, endOnFailure: true },
      );
      await env.stack.bus.idle();
      // An erasure (DELETE /me) leaves the caller a new student; give them back the objects
      // that the routes after it act on.
      if (name === 'erase-my-data') ids.owner = await furnish(owner);
      expect(await readState(stranger), 'the other student’s rows').toEqual(strangerBefore);
    },
  );
});
