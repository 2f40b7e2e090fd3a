import { logger } from './logger';
import { currentRequestContext } from './request-context';

/** A caller's own id is kept when it is a plain token; anything else is replaced, not echoed. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The header a caller may send its own correlation id in. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** The first usable id of `candidates` (the caller's, then the request's own id). */
export function correlationIdOf(...candidates: unknown[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && CORRELATION_ID.test(c));
}

/**
 * One id follows a request through the events it causes: set here per invocation, added to every
 * log line, and carried in the `correlation_id` of each event detail the invocation publishes,
 * where the consumers pick it up again.
 */
export function useCorrelationId(id: string | undefined): void {
  if (!id) return;
  const context = currentRequestContext();
  if (context) context.correlationId = id;
  logger.appendKeys({ correlation_id: id });
}

export const currentCorrelationId = (): string | undefined =>
  currentRequestContext()?.correlationId;

/** The detail as published: with the invocation's correlation id unless it has one already. */
export function withCorrelationId(detail: Record<string, unknown>): Record<string, unknown> {
  const id = currentCorrelationId();
  return id && detail.correlation_id === undefined ? { ...detail, correlation_id: id } : detail;
}
