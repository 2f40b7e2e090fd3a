import middy from '@middy/core';
import { logger, logInvocation } from './logger';
import { publishMetrics } from './metrics';
import { withDeadline } from './request-context';

/**
 * Builds an EventBridge Scheduler target. Failures are thrown so that Lambda retries the
 * invocation and, in the end, sends its record to the function's on-failure queue; the result
 * is logged for the run history. Two runs may overlap, so the work must be safe to share.
 */
export function scheduledJob<R>(name: string, work: (input: unknown) => Promise<R>) {
  const core = middy<unknown, R>()
    .use(logInvocation())
    .use(publishMetrics())
    .handler(async (input) => {
      const result = await work(input);
      logger.info(`${name} finished`, { result });
      return result;
    });
  return withDeadline(core);
}
