/**
 * The per-invocation store the Lambda runtime provides when one execution environment runs
 * invocations concurrently (`AWS_LAMBDA_MAX_CONCURRENCY`, Lambda Managed Instances): each
 * invocation runs in its own async context, and functions/platform/logger.ts keeps each
 * invocation's state there (its function name, request id and appended keys).
 * The local stand-ins run every function in one process, many invocations at once, so they
 * provide the same store: without it one invocation's keys label another's log lines.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Store = Record<string | symbol, unknown>;

// The runtime's keys (as in @aws/lambda-invoke-store), shared through the global symbol registry.
const REQUEST_ID = Symbol.for('_AWS_LAMBDA_REQUEST_ID');
const X_RAY_TRACE_ID = Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID');
const TENANT_ID = Symbol.for('_AWS_LAMBDA_TENANT_ID');
const PROTECTED = new Set<symbol>([REQUEST_ID, X_RAY_TRACE_ID, TENANT_ID]);

class LocalInvokeStore {
  readonly #als = new AsyncLocalStorage<Store>();
  getContext = () => this.#als.getStore();
  hasContext = () => this.#als.getStore() !== undefined;
  get = <T>(key: string | symbol) => this.#als.getStore()?.[key] as T | undefined;
  set = (key: string | symbol, value: unknown) => {
    if (typeof key === 'symbol' && PROTECTED.has(key)) {
      throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    }
    const store = this.#als.getStore();
    if (!store) throw new Error('No context available');
    store[key] = value;
  };
  run = <T>(context: Store, fn: () => T): T => this.#als.run(context, fn);
  getRequestId = () => (this.get<string>(REQUEST_ID) ?? '-') as string;
  getXRayTraceId = () => this.get<string>(X_RAY_TRACE_ID);
  getTenantId = () => this.get<string>(TENANT_ID);
  getTraceparent = () => undefined;
  getTracestate = () => undefined;
  getBaggage = () => undefined;
}

const lambdaGlobal = globalThis as { awslambda?: { InvokeStore?: unknown } };

/** The process's store, installed where the runtime puts its own (functions/platform/logger.ts). */
function invokeStore(): LocalInvokeStore {
  lambdaGlobal.awslambda ??= {};
  if (!(lambdaGlobal.awslambda.InvokeStore instanceof LocalInvokeStore)) {
    lambdaGlobal.awslambda.InvokeStore = new LocalInvokeStore();
  }
  return lambdaGlobal.awslambda.InvokeStore as LocalInvokeStore;
}

// Installed on load, before any function logs: from then on each invocation's log state lives in it.
const store = invokeStore();

/** Runs one invocation in its own context, as the runtime does. */
export const runInvocation = <T>(requestId: string, fn: () => T): T =>
  store.run({ [REQUEST_ID]: requestId }, fn);
