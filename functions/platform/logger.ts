import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs with the cold-start flag and request id (added per invocation by
 * platform/http). Never log user ids, tokens, emails, names, notes or request bodies; errors go
 * through `loggableError`. test/integration/log-privacy.test.ts searches the output for them.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics',
});

/**
 * An error as logs may carry it: its name, the SQLSTATE of a database error and the stack's
 * frames. Never its message: a database error quotes the failing row (user id, goal name,
 * notes), a JSON error quotes the input, an SES error names the address.
 */
export function loggableError(err: unknown): Record<string, string | undefined> {
  if (!(err instanceof Error)) return { error_name: typeof err };
  return {
    error_name: err.name,
    sql_state: /SQLState: ([0-9A-Z]{5})/.exec(err.message)?.[1],
    stack: err.stack
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  };
}
