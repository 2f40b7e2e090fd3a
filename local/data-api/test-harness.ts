/**
 * Helpers for tests that exercise the emulator through the real SDK client: one emulator per
 * test file (PGlite in memory, or the server in DATABASE_URL) and uniquely named tables so
 * files can share a PostgreSQL database.
 */
import { randomBytes } from 'node:crypto';
import {
  BatchExecuteStatementCommand,
  type BatchExecuteStatementCommandInput,
  type BatchExecuteStatementCommandOutput,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { type DataApiEmulator, type DataApiEmulatorOptions, startDataApiEmulator } from './server';

export const TEST_ARNS = {
  resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:emulator-test',
  secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:emulator-test',
};

export interface TestDataApi {
  emulator: DataApiEmulator;
  client: RDSDataClient;
  /** True when running against the PostgreSQL server in DATABASE_URL. */
  usingPostgres: boolean;
  /** A table name unique to this run, e.g. `t_sessions_3f9a1c`; dropped by `close`. */
  table(prefix: string): string;
  /** A type name unique to this run; dropped by `close` after the tables. */
  type(prefix: string): string;
  execute(
    sql: string,
    parameters?: SqlParameter[],
    extra?: Partial<ExecuteStatementCommandInput>,
  ): Promise<ExecuteStatementCommandOutput>;
  batch(
    sql: string,
    parameterSets: SqlParameter[][],
    extra?: Partial<BatchExecuteStatementCommandInput>,
  ): Promise<BatchExecuteStatementCommandOutput>;
  begin(): Promise<string>;
  commit(transactionId: string): Promise<string | undefined>;
  rollback(transactionId: string): Promise<string | undefined>;
  /** Drops the tables and types named through `table()`/`type()` and stops the emulator. */
  close(): Promise<void>;
}

const sendExecute = (client: RDSDataClient, input: ExecuteStatementCommandInput) =>
  client.send(new ExecuteStatementCommand(input));

const sendBatch = (client: RDSDataClient, input: BatchExecuteStatementCommandInput) =>
  client.send(new BatchExecuteStatementCommand(input));

/** An SDK client pointed at an emulator, with the dummy credentials the emulator accepts. */
export function emulatorClient(url: string): RDSDataClient {
  return new RDSDataClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // The SDK's own retries would hide the errors under test.
    maxAttempts: 1,
  });
}

export async function startTestDataApi(
  options: Omit<DataApiEmulatorOptions, 'databaseUrl'> = {},
): Promise<TestDataApi> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const emulator = await startDataApiEmulator({ ...options, databaseUrl });
  const client = emulatorClient(emulator.url);
  const suffix = randomBytes(4).toString('hex');
  const tables: string[] = [];
  const types: string[] = [];
  const execute = (
    sql: string,
    parameters?: SqlParameter[],
    extra: Partial<ExecuteStatementCommandInput> = {},
  ) => sendExecute(client, { ...TEST_ARNS, sql, parameters, ...extra });
  return {
    emulator,
    client,
    usingPostgres: databaseUrl !== undefined,
    table(prefix) {
      const name = `t_${prefix}_${suffix}`;
      tables.push(name);
      return name;
    },
    type(prefix) {
      const name = `t_${prefix}_${suffix}`;
      types.push(name);
      return name;
    },
    execute,
    batch: (sql, parameterSets, extra = {}) =>
      sendBatch(client, { ...TEST_ARNS, sql, parameterSets, ...extra }),
    async begin() {
      const { transactionId } = await client.send(new BeginTransactionCommand(TEST_ARNS));
      if (!transactionId) throw new Error('BeginTransaction returned no transactionId');
      return transactionId;
    },
    async commit(transactionId) {
      const out = await client.send(new CommitTransactionCommand({ ...TEST_ARNS, transactionId }));
      return out.transactionStatus;
    },
    async rollback(transactionId) {
      const out = await client.send(
        new RollbackTransactionCommand({ ...TEST_ARNS, transactionId }),
      );
      return out.transactionStatus;
    },
    async close() {
      try {
        for (const name of tables.reverse()) await execute(`DROP TABLE IF EXISTS ${name} CASCADE`);
        for (const name of types.reverse()) await execute(`DROP TYPE IF EXISTS ${name} CASCADE`);
      } finally {
        client.destroy();
        await emulator.close();
      }
    },
  };
}
