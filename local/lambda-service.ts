/**
 * The local stand-in for the Lambda service: it runs the function modules within their
 * timeouts and reserved concurrency, synchronously (RequestResponse) or asynchronously (Event),
 * the way EventBridge and EventBridge Scheduler invoke them. An asynchronous invocation is
 * accepted at once; a function error, a timeout included, is retried twice with waits between
 * attempts, and then the invocation record goes to the function's on-failure queue in the shape
 * Lambda writes it.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
import { randomUUID } from 'node:crypto';
import {
  FunctionError,
  invokeHandler,
  type LambdaHandler,
  lambdaContext,
  localFunctionArn,
  localFunctionName,
} from './lambda';
import type { LocalQueues } from './sqs';

export interface LocalFunction {
  /** The name in functions/routes.ts, e.g. `award-points`. */
  readonly name: string;
  readonly load: () => Promise<LambdaHandler>;
  readonly timeoutSeconds: number;
  /** Reserved concurrency: at most this many invocations run at once; others wait their turn. */
  readonly maxConcurrency?: number;
}

export interface AsyncInvocationConfig {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

/** The record Lambda sends to an on-failure destination. */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  responsePayload: unknown;
}

export class ResourceNotFoundException extends Error {
  override readonly name = 'ResourceNotFoundException';
}

export interface LambdaService {
  readonly functionNames: readonly string[];
  /** The table name of a function given by name, local function name or ARN (qualified or not). */
  resolve(nameOrArn: string): string;
  /** Name of the queue that receives a function's failed asynchronous invocations. */
  onFailureQueue(name: string): string;
  /** RequestResponse: resolves with the result, rejects with a FunctionError. */
  invoke(nameOrArn: string, payload: unknown): Promise<unknown>;
  /** Event: accepted at once (throws only for an unknown function); runs, retries, records. */
  invokeAsync(nameOrArn: string, payload: unknown): void;
  /** Test switch: the next `count` invocations of a function fail as function errors. */
  failNextInvocations(name: string, count: number): void;
  /** True while an asynchronous invocation is running or waiting for a retry. */
  busy(): boolean;
  idle(): Promise<void>;
}

export interface LambdaServiceOptions {
  functions: readonly LocalFunction[];
  asyncInvocation: AsyncInvocationConfig;
  queues: LocalQueues;
  /** Waits before each retry of an asynchronous invocation; AWS waits 1 then 2 minutes. */
  retryDelaysMs: readonly number[];
  log?: (message: string, data?: unknown) => void;
}

/** A semaphore of `size` slots; unlimited when size is undefined. */
function slots(size: number | undefined) {
  let used = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (size !== undefined) {
      if (used >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      used++;
    }
    try {
      return await work();
    } finally {
      if (size !== undefined) {
        used--;
        waiting.shift()?.();
      }
    }
  };
}

export function createLambdaService(options: LambdaServiceOptions): LambdaService {
  const log = options.log ?? (() => undefined);
  const functions = new Map(
    options.functions.map((fn) => [fn.name, { ...fn, run: slots(fn.maxConcurrency) }]),
  );
  const injectedFailures = new Map<string, number>();
  let pending = 0;
  const waiters: (() => void)[] = [];

  const resolve = (nameOrArn: string): string => {
    // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>], or the bare name.
    const fromArn = /^arn:aws[a-z-]*:lambda:[^:]*:\d*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
    const functionName = fromArn?.[1] ?? nameOrArn.replace(/:\$LATEST$/, '');
    const name = [...functions.keys()].find(
      (n) => n === functionName || localFunctionName(n) === functionName,
    );
    if (!name) {
      throw new ResourceNotFoundException(`Function not found: ${localFunctionArn(functionName)}`);
    }
    return name;
  };

  const runOnce = (name: string, payload: unknown, requestId: string): Promise<unknown> => {
    const fn = functions.get(name);
    if (!fn) throw new ResourceNotFoundException(`Function not found: ${name}`);
    return fn.run(async () => {
      const left = injectedFailures.get(name) ?? 0;
      if (left > 0) {
        injectedFailures.set(name, left - 1);
        throw new FunctionError({ errorType: 'Error', errorMessage: 'Injected failure.' });
      }
      const timeoutMs = fn.timeoutSeconds * 1000;
      return invokeHandler(
        await fn.load(),
        payload,
        lambdaContext(name, timeoutMs, requestId),
        timeoutMs,
      );
    });
  };

  const settle = () => {
    pending--;
    if (pending === 0) for (const wake of waiters.splice(0)) wake();
  };

  const invokeAsync = (nameOrArn: string, payload: unknown): void => {
    const name = resolve(nameOrArn);
    const { maximumRetryAttempts, maximumEventAgeSeconds } = options.asyncInvocation;
    // The same request id on every attempt, as Lambda keeps it across retries.
    const requestId = randomUUID();
    const acceptedAt = Date.now();
    pending++;
    const attempt = (n: number) => {
      runOnce(name, payload, requestId).then(settle, (err: unknown) => {
        const error =
          err instanceof FunctionError
            ? err.payload
            : { errorType: 'Error', errorMessage: String(err) };
        const tooOld = Date.now() - acceptedAt >= maximumEventAgeSeconds * 1000;
        if (n < maximumRetryAttempts && !tooOld) {
          const delay = options.retryDelaysMs[n] ?? options.retryDelaysMs.at(-1) ?? 0;
          setTimeout(() => attempt(n + 1), delay).unref();
          return;
        }
        const record: InvocationRecord = {
          version: '1.0',
          timestamp: new Date().toISOString(),
          requestContext: {
            requestId,
            functionArn: `${localFunctionArn(name)}:$LATEST`,
            condition: tooOld ? 'EventAgeExceeded' : 'RetriesExhausted',
            approximateInvokeCount: n + 1,
          },
          requestPayload: payload,
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            functionError: 'Unhandled',
          },
          responsePayload: error,
        };
        options.queues.send(onFailureQueue(name), JSON.stringify(record));
        log('invocation sent to its on-failure queue', {
          function: name,
          request_id: requestId,
          error: error.errorMessage,
        });
        settle();
      });
    };
    // Never on the caller's stack: Invoke (Event) has answered before the function runs.
    setImmediate(() => attempt(0));
  };

  const onFailureQueue = (name: string) => `${localFunctionName(name)}-on-failure`;
  for (const name of functions.keys()) options.queues.create(onFailureQueue(name));

  return {
    functionNames: [...functions.keys()],
    resolve,
    onFailureQueue,
    invoke: async (nameOrArn, payload) => runOnce(resolve(nameOrArn), payload, randomUUID()),
    invokeAsync,
    failNextInvocations(name, count) {
      injectedFailures.set(resolve(name), count);
    },
    busy: () => pending > 0,
    idle: () =>
      pending === 0
        ? Promise.resolve()
        : new Promise<void>((wake) => {
            waiters.push(wake);
          }),
  };
}
