import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray tracing. Off outside Lambda (no AWS_EXECUTION_ENV) and with POWERTOOLS_TRACE_ENABLED=false,
 * so the local stack and tests pay nothing for it.
 */
export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics',
});

/** An AWS SDK v3 client whose calls appear as subsegments in the function's trace. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
