/**
 * Type-level checks of the typed answers: these lines compile only while httpHandler infers
 * each route's answer from its response schema (`@ts-expect-error` fails when a line it marks
 * compiles). `npm run check` runs them; vitest runs the assertions too.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { ActiveSessionAnswer, SessionAnswer } from '../../functions/contracts/session-answers';
import { type AnswerBody, httpHandler } from '../../functions/platform/http';
import { routes } from '../../functions/routes';
import type { AnswerOf, Api, Operations } from '../../web/src/lib/api';
import type { components, operations } from '../../web/src/lib/api-types';

const ok = { status: 'ok' as const, service: 'study-analytics', time: '2026-01-01T00:00:00.000Z' };

describe('typed answers', () => {
  it('a handler must answer its route’s schema', () => {
    httpHandler(routes.health, async () => ({ body: ok }));
    // @ts-expect-error a field of the wrong type
    httpHandler(routes.health, async () => ({ body: { ...ok, time: 5 } }));
    // @ts-expect-error a missing field
    httpHandler(routes.health, async () => ({ body: { status: 'ok' as const } }));
  });

  it('a route with CSV or HTML renderings also takes text', () => {
    expectTypeOf<string>().toExtend<AnswerBody<(typeof routes)['report-weekly']>>();
    expectTypeOf<string>().not.toExtend<AnswerBody<(typeof routes)['get-session']>>();
  });

  it('the generated client types agree with the schemas', () => {
    expectTypeOf<components['schemas']['Session']>().toEqualTypeOf<SessionAnswer>();
    type Active = operations['get-active-session']['responses'][200]['content']['application/json'];
    expectTypeOf<Active['session']>().not.toBeAny();
    expectTypeOf<z.output<typeof ActiveSessionAnswer>['session']>().toExtend<Active['session']>();
  });

  it('the typed client takes only documented paths and answers their shape', () => {
    type Active = AnswerOf<Operations<'get'>['/sessions/active']>;
    expectTypeOf<z.output<typeof ActiveSessionAnswer>>().toExtend<Active>();
    const call = (api: Api) => {
      api.call('get', '/goals/{id}', { params: { id: '7' } });
      // @ts-expect-error a path the API does not document for GET
      api.call('get', '/sessions/start');
      // @ts-expect-error a body field of the wrong type
      api.call('post', '/sessions/start', { body: { focus_mode: 'yes' } });
    };
    expectTypeOf(call).toBeFunction();
  });
});
