import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from './logger';
import { withDeadline } from './request-context';

/**
 * Builds an EventBridge Scheduler target. Failures are thrown so that Scheduler retries and,
 * in the end, dead-letters the invocation; the result is logged for the run history.
 */
export function scheduledJob<R>(name: string, work: (input: unknown) => Promise<R>) {
  const core = middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (input) => {
      const result = await work(input);
      logger.info(`${name} finished`, { result });
      return result;
    });
  return withDeadline(core);
}
