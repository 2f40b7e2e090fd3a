/** How the local stand-ins invoke function modules: the way the Lambda runtime would. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { runInvocation } from './invoke-store';

export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

const REPO_ROOT = join(import.meta.dirname, '..');

/** Local functions are named as the stack names them: the service's prefix, then the table's name. */
export const localFunctionName = (name: string) => `study-analytics-${name}`;
export const localFunctionArn = (name: string) =>
  `arn:aws:lambda:us-east-1:000000000000:function:${localFunctionName(name)}`;

export function lambdaContext(
  name: string,
  timeoutMs: number,
  requestId: string = randomUUID(),
): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = localFunctionName(name);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(name),
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Loads `handler` from a module path relative to the repository root, once: like a warm
 * Lambda, the module stays loaded and its cold-start work is not repeated.
 */
export function handlerLoader() {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return (entry: string): Promise<LambdaHandler> => {
    let handler = loaded.get(entry);
    if (!handler) {
      handler = import(join(REPO_ROOT, entry)).then((m: { handler?: LambdaHandler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${entry} does not export handler`);
        return m.handler;
      });
      loaded.set(entry, handler);
    }
    return handler;
  };
}

/** The Lambda runtime hands back JSON: undefined values disappear, as they do on AWS. */
export const asLambdaResult = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value));

/**
 * A function error as the Lambda runtime reports it: `errorType` and `errorMessage` (and the
 * stack as `trace`), the payload Invoke answers with and an invocation record carries.
 */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export class FunctionError extends Error {
  constructor(readonly payload: FunctionErrorPayload) {
    super(payload.errorMessage);
    this.name = payload.errorType;
  }
}

const errorPayload = (err: unknown): FunctionErrorPayload =>
  err instanceof Error
    ? { errorType: err.name, errorMessage: err.message, trace: err.stack?.split('\n') }
    : { errorType: 'Error', errorMessage: String(err) };

/**
 * Runs one invocation as Lambda does, within the function's timeout: past it the invocation
 * fails as a function error ("Task timed out after N.NN seconds"), whatever the handler does
 * later — on AWS the sandbox is stopped; here its late result is ignored. Resolves with the
 * JSON result, rejects with a FunctionError.
 */
export async function invokeHandler(
  handler: LambdaHandler,
  event: unknown,
  context: Context,
  timeoutMs: number,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = (timeoutMs / 1000).toFixed(2);
      reject(
        new FunctionError({
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${context.awsRequestId} Error: Task timed out after ${seconds} seconds`,
        }),
      );
    }, timeoutMs);
  });
  const running = runInvocation(context.awsRequestId, () =>
    Promise.resolve().then(() => handler(event as never, context)),
  );
  // A handler that fails after its timeout has nobody left to tell.
  running.catch(() => undefined);
  try {
    return asLambdaResult(await Promise.race([running, timedOut]));
  } catch (err) {
    throw err instanceof FunctionError ? err : new FunctionError(errorPayload(err));
  } finally {
    clearTimeout(timer);
  }
}
