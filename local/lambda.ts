/** How the local stand-ins invoke function modules: the way the Lambda runtime would. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';

export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

const REPO_ROOT = join(import.meta.dirname, '..');

export function lambdaContext(name: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = `study-analytics-${name}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
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
