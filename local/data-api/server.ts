import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '../keep-alive';
import type { Backend } from './backend';
import { createPgliteBackend } from './backend-pglite';
import { createPostgresBackend } from './backend-postgres';
import { DataApiError, databaseResuming, invalidInput, toDataApiError } from './errors';
import { MAX_REQUEST_BYTES } from './limits';
import { HANDLERS, OPERATIONS, type OperationContext, type OperationName } from './operations';
import { serializeResponse } from './result-format';
import { SecretRoleMap, type SecretRoles } from './roles';
import { SessionSettings } from './session-settings';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './statement-timeout';
import { DEFAULT_TRANSACTION_IDLE_TIMEOUT_MS, TransactionRegistry } from './transactions';
import { TypeCatalog } from './type-catalog';

export interface DataApiEmulator {
  url: string; // e.g. http://127.0.0.1:PORT
  /** Calls since the last reset, and the time spent serving them (database work included). */
  stats(): { calls: number; byOperation: Record<string, number>; busyMs: number };
  resetStats(): void;
  /** Make the next `count` calls fail with the given error (for tests). */
  injectError(name: InjectableError, count: number): void;
  /** PGlite only: the data directory as it is now, for `pgliteImage` of other emulators. */
  dumpPglite(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DataApiEmulatorOptions {
  /** 0/undefined = random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** postgres://… → use a pg pool; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string;
  /** PGlite in memory only: start from this data directory (`dumpPglite`) instead of initdb. */
  pgliteImage?: Blob;
  /** Idle time after which an open transaction is rolled back (the service uses 3 minutes). */
  transactionIdleTimeoutMs?: number;
  /** PostgreSQL only: pool size, shared by auto-commit statements and open transactions. */
  maxConnections?: number;
  /**
   * How long a statement may run before the call fails with StatementTimeoutException (the
   * service waits 45 s); both backends, with `continueAfterTimeout` honoured.
   */
  statementTimeoutMs?: number;
  /** The database the cluster holds; default: the one connected to. */
  database?: string;
  /**
   * Secret ARN → database role each secret logs in as (null: the connection's own user). Given,
   * an unknown secret is refused; absent, every secret is the connection's user.
   */
  secretRoles?: SecretRoles;
}

/**
 * Faults a caller must survive: Aurora waking from 0 ACU (our client retries it), and the
 * throttling and server errors any AWS API answers at times (the SDK retries them).
 */
const INJECTABLE = {
  DatabaseResumingException: databaseResuming,
  ThrottlingException: () => new DataApiError('ThrottlingException', 'Rate exceeded'),
  InternalServerErrorException: () =>
    new DataApiError('InternalServerErrorException', 'An internal error occurred'),
  ServiceUnavailableError: () =>
    new DataApiError('ServiceUnavailableError', 'The service is unavailable; try again later'),
} as const;
export type InjectableError = keyof typeof INJECTABLE;

async function connectedDatabase(backend: Backend): Promise<string> {
  const raw = await backend.autoCommit((session) => session.query('SELECT current_database()'));
  return String(raw.rows[0]?.[0]);
}

class RequestTooLarge extends Error {}

/** Reads the whole body; past the limit it keeps draining so the reply still reaches the caller. */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_REQUEST_BYTES) reject(new RequestTooLarge());
      else resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, headers = {}): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(body);
}

function sendError(response: ServerResponse, error: DataApiError): void {
  send(response, error.status, JSON.stringify(error.body()), {
    'x-amzn-errortype': error.errorName,
  });
}

function parseJsonObject(buffer: Buffer): Record<string, unknown> {
  if (buffer.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw invalidInput('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Starts a local stand-in for the RDS Data API (Aurora PostgreSQL) that the real
 * `@aws-sdk/client-rds-data` client can talk to via `endpoint`.
 */
export async function startDataApiEmulator(
  options: DataApiEmulatorOptions = {},
): Promise<DataApiEmulator> {
  const backend: Backend = options.databaseUrl
    ? await createPostgresBackend({
        databaseUrl: options.databaseUrl,
        maxConnections: options.maxConnections,
      })
    : await createPgliteBackend(options.dataDir, options.pgliteImage);
  const roles = new SecretRoleMap(options.secretRoles);
  const settings = new SessionSettings(roles);
  const context: OperationContext = {
    backend,
    catalog: new TypeCatalog(),
    transactions: new TransactionRegistry(
      backend,
      options.transactionIdleTimeoutMs ?? DEFAULT_TRANSACTION_IDLE_TIMEOUT_MS,
      (session) => settings.restore(session),
    ),
    roles,
    settings,
    database: options.database ?? (await connectedDatabase(backend)),
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  };

  let calls = 0;
  let byOperation: Record<string, number> = {};
  let pending: { name: InjectableError; count: number } = {
    name: 'DatabaseResumingException',
    count: 0,
  };

  let busyMs = 0;
  const stats = () => ({ calls, byOperation: { ...byOperation }, busyMs });
  const resetStats = () => {
    calls = 0;
    byOperation = {};
    busyMs = 0;
  };
  const injectError = (name: string, count: number) => {
    if (!Object.hasOwn(INJECTABLE, name)) {
      throw new Error(`Cannot inject ${name}; supported: ${Object.keys(INJECTABLE).join(', ')}`);
    }
    if (!Number.isInteger(count) || count < 0) throw new Error('count must be an integer >= 0');
    pending = { name: name as InjectableError, count };
  };

  async function handleAdmin(request: IncomingMessage, response: ServerResponse, path: string) {
    if (request.method === 'GET' && path === '/_emulator/stats') {
      send(response, 200, JSON.stringify(stats()));
    } else if (request.method === 'POST' && path === '/_emulator/reset-stats') {
      resetStats();
      send(response, 200, '{}');
    } else if (request.method === 'POST' && path === '/_emulator/inject') {
      const body = parseJsonObject(await readBody(request));
      injectError(String(body.error), Number(body.count));
      send(response, 200, '{}');
    } else {
      send(response, 404, JSON.stringify({ message: `No admin route ${request.method} ${path}` }));
    }
  }

  async function handleOperation(
    request: IncomingMessage,
    response: ServerResponse,
    operation: OperationName,
  ) {
    calls++;
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
    let body: Record<string, unknown>;
    try {
      body = parseJsonObject(await readBody(request));
    } catch (error) {
      if (error instanceof RequestTooLarge) {
        throw invalidInput(`Request size exceeds the limit of ${MAX_REQUEST_BYTES} bytes`);
      }
      throw error;
    }
    if (pending.count > 0) {
      pending.count--;
      throw INJECTABLE[pending.name]();
    }
    const started = performance.now();
    try {
      const result = await HANDLERS[operation](context, body);
      send(response, 200, serializeResponse(result));
    } finally {
      busyMs += performance.now() - started;
    }
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const handle = async () => {
      if (path.startsWith('/_emulator/')) {
        try {
          await handleAdmin(request, response, path);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          send(response, 400, JSON.stringify({ message }));
        }
        return;
      }
      const operation = OPERATIONS[path as keyof typeof OPERATIONS];
      if (request.method !== 'POST' || !operation) {
        request.resume();
        send(
          response,
          404,
          JSON.stringify({ message: `Unknown operation ${request.method} ${path}` }),
          {
            'x-amzn-errortype': 'UnknownOperationException',
          },
        );
        return;
      }
      try {
        await handleOperation(request, response, operation);
      } catch (error) {
        sendError(response, toDataApiError(error));
      }
    };
    handle().catch((error: unknown) => {
      // Last resort: the socket may already be gone.
      if (!response.headersSent) sendError(response, toDataApiError(error));
    });
  });

  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    stats,
    resetStats,
    injectError,
    async dumpPglite() {
      if (!backend.dump) throw new Error('Only the embedded PGlite database can be dumped');
      return backend.dump();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await context.transactions.closeAll().catch(() => {});
      await backend.close();
    },
  };
}
