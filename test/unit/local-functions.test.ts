/**
 * The local stand-ins run every function in one process, many invocations at once. Each must
 * still see only the environment its table entry grants (at cold start and per invocation) and
 * log under its own name and request id, as it would on AWS.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GRANTABLE_VARIABLES,
  type Grant,
  grantedVariables,
} from '../../functions/platform/route-spec';
import { eventRules, httpRoutes, schedules } from '../../functions/routes';
import { grantedEnvironment, inEnvironment, withEnvironment } from '../../local/function-env';
import {
  handlerLoader,
  invokeHandler,
  type LambdaHandler,
  lambdaContext,
} from '../../local/lambda';

const ROLE_SECRETS = { api: 'arn:secret:api', batch: 'arn:secret:batch', migrator: 'arn:secret:m' };

beforeEach(() => {
  // The shared environment holds every variable some grant gives, as the local stack's does.
  for (const name of GRANTABLE_VARIABLES) vi.stubEnv(name, `shared-${name}`);
  vi.stubEnv('UNSUBSCRIBE_SECRET', 'local-signing-secret');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const visibleGrantable = () =>
  [...GRANTABLE_VARIABLES, 'UNSUBSCRIBE_SECRET'].filter((name) => name in process.env).sort();

const grants: [string, Grant][] = [
  ...httpRoutes.map((r): [string, Grant] => [`route ${r.name}`, { uses: r.uses, auth: r.auth }]),
  ...eventRules.map((r): [string, Grant] => [
    `event target ${r.target}`,
    { uses: r.uses, eventTarget: true },
  ]),
  ...schedules.map((s): [string, Grant] => [`schedule ${s.name}`, { uses: s.uses }]),
];

describe('function environment', () => {
  it.each(grants)('%s sees exactly the variables its grant gives', async (_name, grant) => {
    const handler: LambdaHandler = async () => ({
      visible: visibleGrantable(),
      secret: process.env.DATABASE_SECRET_ARN,
    });
    const seen = (await withEnvironment(handler, grantedEnvironment(grant, ROLE_SECRETS))(
      {} as never,
      lambdaContext('fn', 1000),
    )) as { visible: string[]; secret: string | undefined };
    const expected = [...grantedVariables(grant)];
    if (grant.uses.includes('signing-secret')) expected.push('UNSUBSCRIBE_SECRET');
    expect(seen.visible).toEqual(expected.sort());
    const role = grant.uses.includes('database-batch')
      ? 'arn:secret:batch'
      : grant.uses.includes('database')
        ? 'arn:secret:api'
        : undefined;
    expect(seen.secret).toBe(role);
  });

  it('gives a health check nothing and a public route no token settings', () => {
    const health = httpRoutes.find((r) => r.name === 'health');
    expect(health?.auth).toBe(false);
    const env = grantedEnvironment({ uses: health?.uses ?? [], auth: false }, ROLE_SECRETS);
    expect(inEnvironment(env, visibleGrantable)).toEqual([]);
  });

  it('applies the grant at cold start too, when the module reads its settings', async () => {
    const env = grantedEnvironment({ uses: ['database'] }, ROLE_SECRETS);
    const handler = await inEnvironment(env, () =>
      handlerLoader()('test/fixtures/functions/env-at-load.ts'),
    );
    const result = await withEnvironment(handler, env)({} as never, lambdaContext('fn', 1000));
    expect(result).toEqual({
      atLoad: { EVENT_BUS_NAME: undefined, DATABASE_NAME: 'shared-DATABASE_NAME' },
      atInvoke: { EVENT_BUS_NAME: undefined, DATABASE_NAME: 'shared-DATABASE_NAME' },
    });
  });

  it('keeps concurrent invocations of different functions apart', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reader: LambdaHandler = async () => {
      await gate;
      return process.env.EVENT_BUS_NAME ?? null;
    };
    const publisher = withEnvironment(reader, grantedEnvironment({ uses: ['bus'] }, ROLE_SECRETS));
    const reporter = withEnvironment(reader, grantedEnvironment({ uses: [] }, ROLE_SECRETS));
    const both = Promise.all([
      publisher({} as never, lambdaContext('a', 1000)),
      reporter({} as never, lambdaContext('b', 1000)),
    ]);
    release();
    expect(await both).toEqual(['shared-EVENT_BUS_NAME', null]);
  });
});

describe('function logs', () => {
  it('label each of two concurrent invocations with its own function and keys', async () => {
    vi.stubEnv('AWS_LAMBDA_MAX_CONCURRENCY', '64');
    const { scheduledJob } = await import('../../functions/platform/scheduled-job');
    const { logger } = await import('../../functions/platform/logger');
    // Powertools writes error lines to stderr.
    const lines: Record<string, unknown>[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      for (const text of String(chunk).split('\n')) {
        if (text.startsWith('{')) lines.push(JSON.parse(text));
      }
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      // evaluate-goals labels its lines, then get-session labels and logs, then evaluate-goals logs.
      const deferred = () => {
        let resolve: () => void = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        return { promise, resolve };
      };
      const firstLabelled = deferred();
      const secondLogged = deferred();
      const first = scheduledJob('evaluate-goals', async () => {
        logger.appendKeys({ job: 'evaluate-goals' });
        firstLabelled.resolve();
        await secondLogged.promise;
        logger.error('working');
      }) as unknown as LambdaHandler;
      const second = scheduledJob('get-session', async () => {
        await firstLabelled.promise;
        logger.appendKeys({ job: 'get-session' });
        logger.error('working');
        secondLogged.resolve();
      }) as unknown as LambdaHandler;
      await Promise.all([
        invokeHandler(first, {}, lambdaContext('evaluate-goals', 5000), 5000),
        invokeHandler(second, {}, lambdaContext('get-session', 5000), 5000),
      ]);
    } finally {
      process.stderr.write = write;
    }
    const working = lines.filter((l) => l.message === 'working');
    expect(working).toHaveLength(2);
    for (const line of working) {
      expect(line.function_name).toBe(`study-analytics-${line.job}`);
    }
    expect(new Set(working.map((l) => l.function_request_id)).size).toBe(2);
  });
});
