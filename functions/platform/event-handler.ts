import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { ZodType } from 'zod';
import * as z from 'zod';
import { correlationIdOf, useCorrelationId } from './correlation';
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
      const detail = event.detail as { correlation_id?: unknown } | null;
      const correlationId = correlationIdOf(detail?.correlation_id, event.id);
      useCorrelationId(correlationId);
      const parsed = contract.safeParse(event.detail);
      if (!parsed.success) {
        throw new Error(
          `Event detail does not match its contract: ${z.prettifyError(parsed.error)}`,
        );
      }
      await work(parsed.data, event);
      // Named again here: locally many invocations share one logger and its appended keys.
      logger.info('Event handled', {
        event_id: event.id,
        detail_type: event['detail-type'],
        correlation_id: correlationId,
      });
    });
  return withDeadline(core);
}
