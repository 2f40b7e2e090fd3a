import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from '../../functions/contracts/zod';
import { Conflict } from '../../functions/core/errors';
import { httpHandler } from '../../functions/platform/http';

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 5_000,
} as unknown as Context;

const event = (body?: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /x',
    rawPath: '/x',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { requestId: 'r', http: { method: 'POST', path: '/x' } },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

const route = {
  method: 'POST',
  path: '/x',
  summary: 'test',
  auth: false,
  uses: [],
  request: { body: z.strictObject({ n: z.number() }) },
  response: { 'application/json': z.object({ doubled: z.number() }) },
} as const;

describe('the HTTP handler stack', () => {
  it('turns an unexpected error into a 500 that reveals nothing', async () => {
    const handler = httpHandler(route, async () => {
      throw new Error('password=hunter2 at db.internal:5432');
    });
    const res = (await handler(event('{"n":1}'), context)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/hunter2|db\.internal/);
    expect(JSON.parse(res.body)).toEqual({ error: 'internal_error', message: expect.any(String) });
  });

  it('maps domain errors and keeps their details', async () => {
    const handler = httpHandler(route, async () => {
      throw new Conflict('Session 4 is still active', { active_session_id: 4 });
    });
    const res = (await handler(event('{"n":1}'), context)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toEqual({
      error: 'conflict',
      message: 'Session 4 is still active',
      active_session_id: 4,
    });
  });

  it('hands the work typed, validated input', async () => {
    const handler = httpHandler(route, async ({ body }) => ({ body: { doubled: body.n * 2 } }));
    const res = (await handler(event('{"n":21}'), context)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ doubled: 42 });
  });
});
