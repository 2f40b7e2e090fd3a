import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Schema } from '../contracts/zod';
import * as z from '../contracts/zod';
import { correlationIdOf, useCorrelationId } from './correlation';
import { logger, logInvocation } from './logger';
import { countMetric, publishMetrics } from './metrics';
import { withDeadline } from './request-context';

type AnyEvent = EventBridgeEvent<string, unknown>;

/** The events a target accepts: the producer's source and its detail types. */
export interface Accepts {
  source: string;
  detailTypes: readonly string[];
}

/**
 * Counts and logs (without personal data) an event the target refuses to act on: one from a
 * source or of a type it does not take, or whose facts the database does not bear out. Nothing
 * is thrown: a retry would find the same facts.
 */
export function refuseEvent(reason: string): void {
  countMetric('EventsRejected');
  logger.warn('Event refused', { reason });
}

/**
 * Builds an EventBridge target: the source and detail type are those it accepts (its rule
 * selects them; a target invoked otherwise acts on nothing), the detail is checked against its
 * contract, and any failure is thrown, never swallowed, so that Lambda retries the invocation
 * and finally sends its record (the event with the error) to the function's on-failure queue.
 */
export function eventHandler<S extends Schema>(
  accepts: Accepts,
  contract: S,
  work: (detail: z.output<S>, event: AnyEvent) => Promise<void>,
) {
  const core = middy<AnyEvent, void>()
    .use(logInvocation())
    .use(publishMetrics())
    .handler(async (event) => {
      logger.appendKeys({ event_id: event.id, detail_type: event['detail-type'] });
      const detail = event.detail as { correlation_id?: unknown } | null;
      const correlationId = correlationIdOf(detail?.correlation_id, event.id);
      useCorrelationId(correlationId);
      if (event.source !== accepts.source || !accepts.detailTypes.includes(event['detail-type'])) {
        refuseEvent('unexpected_source_or_type');
        return;
      }
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
