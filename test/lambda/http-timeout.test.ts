/**
 * A route's function past its Lambda timeout fails like any function error, and API Gateway
 * answers 500 instead of waiting for it:
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (timeouts are
 * function errors) and https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpRoute } from '../../functions/platform/route-spec';
import { type Gateway, startGateway } from '../../local/gateway';

const hanging: (() => void)[] = [];
let gateway: Gateway;

const route = (name: string): HttpRoute => ({
  name,
  method: 'GET',
  path: `/api/analytics/${name}`,
  summary: name,
  response: {},
  auth: false,
  uses: [],
});

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    routes: [route('slow'), route('quick')],
    corsAllowedOrigins: [],
    // The timeout under test; only the handler that never answers reaches it.
    timeoutMs: 200,
    loadHandler: async (r) => async () => {
      if (r.name === 'slow') await new Promise<void>((resolve) => hanging.push(resolve));
      return { statusCode: 200, body: JSON.stringify({ route: r.name }) };
    },
  });
});
afterAll(async () => {
  for (const resolve of hanging.splice(0)) resolve();
  await gateway.close();
});

it('answers 500 when the function runs past its timeout', async () => {
  const res = await fetch(`${gateway.url}/api/analytics/slow`);
  expect(res.status).toBe(500);
});

it('answers what a function within its timeout returns', async () => {
  const res = await fetch(`${gateway.url}/api/analytics/quick`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ route: 'quick' });
});
