/**
 * Behaviours of the Data API on Aurora Serverless v2 / provisioned clusters that a kinder
 * stand-in would hide. Each block names the AWS page it follows.
 */
import {
  BeginTransactionCommand,
  DatabaseErrorException,
  ExecuteStatementCommand,
  RDSDataClient,
  StatementTimeoutException,
  UnsupportedResultException,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataApi } from '../../functions/platform/data-api';
import { startTestDataApi, TEST_ARNS, type TestDataApi } from '../../local/data-api/test-harness';

let api: TestDataApi;
let table: string;

beforeAll(async () => {
  // A 1 s wait instead of the service's 45 s, so a statement can outlast it cheaply.
  api = await startTestDataApi({ statementTimeoutMs: 1_000 });
  table = api.table('fidelity');
  await api.execute(`CREATE TABLE ${table} (k text PRIMARY KEY)`);
});

afterAll(async () => {
  await api?.close();
});

const keys = async () =>
  (await api.execute(`SELECT k FROM ${table} ORDER BY k`)).records?.map((r) => r[0]?.stringValue) ??
  [];

/** An insert that takes longer than the 1 s limit. */
const slowInsert = (key: string) => `INSERT INTO ${table} (k) SELECT '${key}' FROM pg_sleep(3)`;

// https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html
// (continueAfterTimeout; StatementTimeoutException)
describe('the statement wait and continueAfterTimeout', () => {
  it('fails a statement past the limit and cancels it: nothing it did remains', async () => {
    const error = await api.execute(slowInsert('cancelled')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutException);
    expect(await keys()).not.toContain('cancelled');
  });

  it('with continueAfterTimeout the call still fails, but the statement runs on and commits', async () => {
    const error = await api
      .execute(slowInsert('continued'), undefined, { continueAfterTimeout: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutException);
    // On a server the statement is still running when the caller is answered.
    await vi.waitFor(async () => expect(await keys()).toContain('continued'), {
      timeout: 60_000,
      interval: 200,
    });
  }, 90_000);

  it('a cancelled statement aborts its transaction, which then cannot commit', async () => {
    const tx = await api.begin();
    const error = await api
      .execute(slowInsert('in-transaction'), undefined, { transactionId: tx })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutException);
    await expect(api.commit(tx)).rejects.toBeInstanceOf(DatabaseErrorException);
    expect(await keys()).not.toContain('in-transaction');
  });

  it('statements within the limit are untouched', async () => {
    await api.execute(`INSERT INTO ${table} (k) VALUES ('quick')`);
    expect(await keys()).toContain('quick');
  });
});

// https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html#API_ExecuteStatement_Errors
// (UnsupportedResultException: an unsupported data type, a multidimensional array)
describe('results the service cannot represent', () => {
  it.each([
    ['money', 'SELECT 12.5::money AS v'],
    ['point', 'SELECT point(1, 2) AS v'],
    ['"char"', `SELECT 'a'::"char" AS v`],
    ['regclass', "SELECT 'pg_class'::regclass AS v"],
    ['macaddr', "SELECT '08:00:2b:01:02:03'::macaddr AS v"],
    ['a range', 'SELECT int4range(1, 5) AS v'],
    ['an array of an unsupported type', 'SELECT ARRAY[1::money] AS v'],
    ['a 2-D array', "SELECT '{{1,2},{3,4}}'::int4[] AS v"],
  ])('%s raises UnsupportedResultException', async (_what, sql) => {
    const error = await api.execute(sql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedResultException);
    expect((error as UnsupportedResultException).$metadata.httpStatusCode).toBe(400);
  });

  it('the same values cast to text come back as strings', async () => {
    const out = await api.execute(
      "SELECT 12.5::money::text AS m, int4range(1, 5)::text AS r, '{{1,2}}'::int4[]::text AS a",
    );
    expect(out.records).toEqual([
      [{ stringValue: '$12.50' }, { stringValue: '[1,5)' }, { stringValue: '{{1,2}}' }],
    ]);
  });

  it('a char(n) column (bpchar) is a string, not the one-byte "char"', async () => {
    const out = await api.execute("SELECT 'ab'::char(3) AS v");
    expect(out.records).toEqual([[{ stringValue: 'ab ' }]]);
  });
});

// https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/CommonErrors.html
// (ValidationException) and data-api.troubleshooting.html (schema parameter not supported)
describe('what a call must name', () => {
  const send = (input: Record<string, unknown>) =>
    api.client
      .send(new ExecuteStatementCommand({ ...TEST_ARNS, sql: 'SELECT 1', ...input } as never))
      .catch((e: unknown) => e);

  it.each([
    ['an instance ARN', { resourceArn: 'arn:aws:rds:us-east-1:000000000000:db:instance-1' }],
    ['another service', { resourceArn: 'arn:aws:s3:::bucket-name-long' }],
    ['not an ARN', { resourceArn: 'cluster-emulator-test' }],
    [
      'a secret ARN of another service',
      { secretArn: 'arn:aws:ssm:us-east-1:000000000000:parameter/x' },
    ],
  ])('refuses %s with a ValidationException naming the member', async (_what, input) => {
    const error = await send(input);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toContain(`'${Object.keys(input)[0]}'`);
  });

  it('refuses the schema parameter', async () => {
    const error = await send({ schema: 'public' });
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toMatch(/schema/);
  });

  it('refuses a malformed database name, and one the cluster does not hold', async () => {
    expect(await send({ database: 'no;such' })).toMatchObject({ name: 'ValidationException' });
    const missing = await send({ database: 'no_such_database' });
    expect(missing).toBeInstanceOf(DatabaseErrorException);
    expect((missing as Error).message).toMatch(/SQLState: 3D000$/);
  });

  it('BeginTransaction checks them too', async () => {
    const error = await api.client
      .send(new BeginTransactionCommand({ ...TEST_ARNS, schema: 'public' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
  });
});

// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.md
// (each call runs on a pooled connection; only a transaction holds one)
describe('session state between calls', () => {
  const zone = async (transactionId?: string) =>
    (await api.execute('SHOW TimeZone', undefined, { transactionId })).records?.[0]?.[0]
      ?.stringValue;

  it("one call's SET does not reach the next", async () => {
    await api.execute("SET TimeZone = 'Pacific/Auckland'");
    expect(await zone()).toBe('UTC');
    await api.execute("SELECT set_config('TimeZone', 'America/Lima', false)");
    expect(await zone()).toBe('UTC');
  });

  it('a transaction keeps its settings until it ends, and leaves none behind', async () => {
    const tx = await api.begin();
    await api.execute("SET TimeZone = 'Asia/Kolkata'", undefined, { transactionId: tx });
    expect(await zone(tx)).toBe('Asia/Kolkata');
    await api.commit(tx);
    expect(await zone()).toBe('UTC');
  });
});

// Retries: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
describe('faults our client survives', () => {
  it.each([
    'ThrottlingException',
    'InternalServerErrorException',
    'ServiceUnavailableError',
  ] as const)(
    '%s is answered with its status, and retried by our Data API client',
    async (name) => {
      api.emulator.injectError(name, 1);
      const refused = await api.execute('SELECT 1').catch((e: unknown) => e);
      expect(refused).toMatchObject({ name });

      // The client as functions build it: the SDK's default retry strategy.
      const client = new RDSDataClient({
        endpoint: api.emulator.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const db = new DataApi({ ...TEST_ARNS, database: await currentDatabase() }, client);
        api.emulator.injectError(name, 2);
        api.emulator.resetStats();
        const { rows } = await db.query<{ one: number }>('SELECT 1 AS one');
        expect(rows).toEqual([{ one: 1 }]);
        // Two refused attempts, then the one that worked.
        expect(api.emulator.stats().calls).toBe(3);
      } finally {
        client.destroy();
      }
    },
  );
});

async function currentDatabase(): Promise<string> {
  const out = await api.execute('SELECT current_database() AS name');
  return out.records?.[0]?.[0]?.stringValue ?? '';
}
