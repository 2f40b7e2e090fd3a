import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-invocation facts that deep code needs without threading them through every call. Kept in
 * AsyncLocalStorage because the local gateway runs many invocations in one process at once.
 */
export interface RequestContext {
  /** Epoch milliseconds by which the function must have answered. */
  readonly deadline: number;
  /** Follows a request into the events it causes (platform/correlation). */
  correlationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(ctx: RequestContext, fn: () => T): T =>
  storage.run(ctx, fn);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

/** Wraps a Lambda handler so that code below it knows the invocation's deadline. */
export const withDeadline =
  <E, R>(handler: (event: E, context: import('aws-lambda').Context) => Promise<R>) =>
  (event: E, context: import('aws-lambda').Context): Promise<R> =>
    runWithRequestContext({ deadline: Date.now() + context.getRemainingTimeInMillis() }, () =>
      handler(event, context),
    );
