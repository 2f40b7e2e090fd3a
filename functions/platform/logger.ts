import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Structured JSON logs, one line per entry, in the shape Powertools Logger writes (level,
 * message, timestamp, service, the invocation's function fields, then the appended keys and the
 * entry's own): the few lines of it this service uses, where the library weighed about 20 KB in
 * every bundle. POWERTOOLS_LOG_LEVEL (or Lambda's AWS_LAMBDA_LOG_LEVEL) sets the threshold,
 * INFO by default. Never log user ids, tokens, emails, names, notes or request bodies; errors go
 * through `loggableError`. test/integration/log-privacy.test.ts searches the output for them.
 */
const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = Exclude<keyof typeof LEVELS, 'SILENT'>;
type Fields = Record<string, unknown>;

const thresholdOf = (env: NodeJS.ProcessEnv): number => {
  const name = (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  return LEVELS[name as keyof typeof LEVELS] ?? LEVELS.INFO;
};

/**
 * The runtime's per-invocation store, when one environment runs invocations concurrently
 * (Lambda Managed Instances; the local stand-ins provide the same, local/invoke-store.ts).
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html
 */
interface InvokeStore {
  hasContext(): boolean;
  get<T>(key: symbol): T | undefined;
  set(key: symbol, value: unknown): void;
}
const invokeStore = (): InvokeStore | undefined => {
  const store = (globalThis as { awslambda?: { InvokeStore?: InvokeStore } }).awslambda
    ?.InvokeStore;
  return store?.hasContext() ? store : undefined;
};
const STATE = Symbol.for('study-analytics.logger');

interface InvocationState {
  keys: Fields;
  invocation: Fields;
}

export class JsonLogger {
  private readonly shared: InvocationState = { keys: {}, invocation: {} };
  private coldStart = true;
  private level: number | undefined;

  constructor(
    private readonly service: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Overrides the environment's threshold (tests turn everything on). */
  setLogLevel(level: keyof typeof LEVELS): void {
    this.level = LEVELS[level];
  }

  /** Keys added to every entry until the invocation ends. */
  appendKeys(keys: Fields): void {
    Object.assign(this.state().keys, keys);
  }

  resetKeys(): void {
    this.state().keys = {};
  }

  /** This invocation's keys and fields: its own when invocations run side by side. */
  private state(): InvocationState {
    const store = invokeStore();
    if (!store) return this.shared;
    let state = store.get<InvocationState>(STATE);
    if (!state) {
      state = { keys: {}, invocation: {} };
      store.set(STATE, state);
    }
    return state;
  }

  /** The invocation's function fields; the first invocation of the process is the cold start. */
  addContext(context: Context): void {
    this.state().invocation = {
      cold_start: this.coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB) || undefined,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.coldStart = false;
  }

  debug(message: string, ...extra: Fields[]): void {
    this.write('DEBUG', message, extra);
  }
  info(message: string, ...extra: Fields[]): void {
    this.write('INFO', message, extra);
  }
  warn(message: string, ...extra: Fields[]): void {
    this.write('WARN', message, extra);
  }
  error(message: string, ...extra: Fields[]): void {
    this.write('ERROR', message, extra);
  }

  private write(level: Level, message: string, extra: Fields[]): void {
    if (LEVELS[level] < (this.level ?? thresholdOf(this.env))) return;
    const state = this.state();
    const trace = /Root=([^;]+)/.exec(this.env._X_AMZN_TRACE_ID ?? '')?.[1];
    const entry = Object.assign(
      {
        level,
        message,
        timestamp: new Date().toISOString(),
        service: this.service,
        ...state.invocation,
        sampling_rate: 0,
        ...(trace ? { xray_trace_id: trace } : {}),
      },
      state.keys,
      ...extra,
    );
    const line = `${JSON.stringify(entry)}\n`;
    // As Powertools does: warnings and errors on stderr, the rest on stdout.
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(line);
  }
}

export const logger = new JsonLogger(process.env.POWERTOOLS_SERVICE_NAME ?? 'study-analytics');

/** Middy middleware: the invocation's fields on every entry, and its keys dropped after it. */
export const logInvocation = (target: JsonLogger = logger): MiddlewareObj<unknown, unknown> => ({
  before: (request) => {
    target.resetKeys();
    target.addContext(request.context);
  },
  after: () => target.resetKeys(),
  onError: () => target.resetKeys(),
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
