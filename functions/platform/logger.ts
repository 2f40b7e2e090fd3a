import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs with the cold-start flag and request id (added per invocation by
 * platform/http). Never log tokens, emails or request bodies: they may carry personal data.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics',
});
