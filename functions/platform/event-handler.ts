import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { ZodType } from 'zod';
import * as z from 'zod';
import { logger } from './logger';
import { publishMetrics } from './metrics';
import { withDeadline } from './request-context';
import { tracer } from './tracer';

type AnyEvent = EventBridgeEvent<string, unknown>;

/**
 * Builds an EventBridge target: the detail is checked against its contract, and any failure
 * is thrown, never swallowed, so that EventBridge retries and finally dead-letters the event.
 */
export function eventHandler<S extends ZodType>(
  contract: S,
  work: (detail: z.output<S>, event: AnyEvent) => Promise<void>,
) {
  const core = middy<AnyEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishMetrics())
    .handler(async (event) => {
      logger.appendKeys({ event_id: event.id, detail_type: event['detail-type'] });
      const parsed = contract.safeParse(event.detail);
      if (!parsed.success) {
        throw new Error(
          `Event detail does not match its contract: ${z.prettifyError(parsed.error)}`,
        );
      }
      await work(parsed.data, event);
    });
  return withDeadline(core);
}
