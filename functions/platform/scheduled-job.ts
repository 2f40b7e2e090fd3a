import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger } from './logger';
import { publishMetrics } from './metrics';
import { withDeadline } from './request-context';
import { tracer } from './tracer';

/**
 * Builds an EventBridge Scheduler target. Failures are thrown so that Scheduler retries and,
 * in the end, dead-letters the invocation; the result is logged for the run history.
 */
export function scheduledJob<R>(name: string, work: (input: unknown) => Promise<R>) {
  const core = middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishMetrics())
    .handler(async (input) => {
      const result = await work(input);
      logger.info(`${name} finished`, { result });
      return result;
    });
  return withDeadline(core);
}
