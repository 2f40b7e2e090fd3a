import {
  BeginTransactionCommand,
  DatabaseErrorException,
  DatabaseResumingException,
  ExecuteStatementCommand,
  UnsupportedResultException,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, TEST_ARNS, type TestDataApi } from '../../local/data-api/test-harness';

let api: TestDataApi;

beforeAll(async () => {
  api = await startTestDataApi();
});

afterAll(async () => {
  await api?.close();
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${api.emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('restJson1 wire format', () => {
  it('answers ExecuteStatement on POST /Execute', async () => {
    const out = await api.execute('SELECT 1 AS one');
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.records).toEqual([[{ longValue: 1 }]]);
  });

  it('names errors in the x-amzn-errortype header with a JSON message body', async () => {
    const res = await post('/Execute', { ...TEST_ARNS });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(JSON.parse(res.body)).toEqual({ message: expect.stringContaining("'sql'") });
  });

  it('rejects unknown operations', async () => {
    const res = await post('/ExecuteSomething', {});
    expect(res.status).toBe(404);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await post('/Execute', '{not json');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
  });
});

describe('required members', () => {
  it.each([
    ['resourceArn', { secretArn: TEST_ARNS.secretArn, sql: 'SELECT 1' }],
    ['secretArn', { resourceArn: TEST_ARNS.resourceArn, sql: 'SELECT 1' }],
    ['sql', { ...TEST_ARNS }],
  ])('missing %s is a ValidationException', async (member, input) => {
    const error = await api.client
      .send(new ExecuteStatementCommand(input as never))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toContain(`'${member}'`);
  });

  it('BeginTransaction needs the ARNs too', async () => {
    const error = await api.client
      .send(new BeginTransactionCommand({ resourceArn: TEST_ARNS.resourceArn } as never))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
  });

  it("database is optional; the cluster's own database is accepted", async () => {
    const name = await api.execute('SELECT current_database() AS name');
    const database = name.records?.[0]?.[0]?.stringValue;
    const out = await api.execute('SELECT 2 AS two', undefined, { database });
    expect(out.records).toEqual([[{ longValue: 2 }]]);
  });
});

describe('limits', () => {
  it('rejects SQL longer than 65,536 characters', async () => {
    const sql = `SELECT 1 ${' '.repeat(65_536)}`;
    await expect(api.execute(sql)).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('accepts SQL of exactly 65,536 characters', async () => {
    const head = 'SELECT 1 AS x';
    const sql = head + ' '.repeat(65_536 - head.length);
    const out = await api.execute(sql);
    expect(out.records).toEqual([[{ longValue: 1 }]]);
  });

  it('rejects requests over 4 MiB', async () => {
    const big = 'x'.repeat(4 * 1024 * 1024 + 10);
    const error = await api
      .execute('SELECT length(:big) AS n', [{ name: 'big', value: { stringValue: big } }])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toMatch(/request size/i);
  });

  it('rejects responses over 1 MiB', async () => {
    const error = await api
      .execute("SELECT repeat('x', 60000) AS chunk FROM generate_series(1, 20)")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedResultException);
    expect((error as Error).message).toBe(
      'Database returned more than the allowed response size limit',
    );
  });

  it('rejects a row over 64 KB', async () => {
    const error = await api
      .execute("SELECT repeat('x', 40000) AS a, repeat('y', 40000) AS b")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedResultException);
    expect((error as Error).message).toMatch(/row size/);
  });

  it('allows a response just under the limits', async () => {
    const out = await api.execute("SELECT repeat('x', 60000) AS chunk FROM generate_series(1, 15)");
    expect(out.records).toHaveLength(15);
  });

  it('runs one statement per call', async () => {
    const error = await api.execute('SELECT 1; SELECT 2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toContain('SQLState: 42601');
  });

  it('does not count semicolons inside strings, comments or dollar quotes', async () => {
    const out = await api.execute(
      "SELECT 'a;b' AS s, $$c;d$$ AS d -- trailing; comment\n/* e; */;",
    );
    expect(out.records).toEqual([[{ stringValue: 'a;b' }, { stringValue: 'c;d' }]]);
  });
});

describe('errors', () => {
  it('reports Postgres errors as DatabaseErrorException with ERROR: and the SQLState', async () => {
    const error = await api.execute('SELECT * FROM no_such_table_here').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as DatabaseErrorException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toMatch(
      /^ERROR: relation "no_such_table_here" does not exist\n {2}Position: \d+; SQLState: 42P01$/,
    );
  });

  it('includes the detail, so unique violations are recognisable', async () => {
    const table = api.table('unique');
    await api.execute(`CREATE TABLE ${table} (id int8 PRIMARY KEY)`);
    await api.execute(`INSERT INTO ${table} VALUES (1)`);
    const error = await api.execute(`INSERT INTO ${table} VALUES (1)`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toContain('ERROR: duplicate key value violates unique');
    expect((error as Error).message).toContain('Detail: Key (id)=(1) already exists.');
    expect((error as Error).message).toMatch(/SQLState: 23505$/);
  });

  it("reports the server's own statement_timeout (57014) as the database's error", async () => {
    // StatementTimeoutException is the service giving up its wait (statement-timeout.test.ts);
    // a role's statement_timeout is an error the database raises, passed on like any other.
    const error = await api
      .execute(
        "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '57014', " +
          "MESSAGE = 'canceling statement due to statement timeout'; END $$",
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toMatch(/SQLState: 57014$/);
  });

  it('injects DatabaseResumingException for the next N calls', async () => {
    api.emulator.injectError('DatabaseResumingException', 2);
    for (let i = 0; i < 2; i++) {
      const error = await api.execute('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseResumingException);
      expect((error as DatabaseResumingException).$metadata.httpStatusCode).toBe(400);
    }
    await expect(api.execute('SELECT 1')).resolves.toBeDefined();
  });
});

describe('stats and admin endpoints', () => {
  it('counts every call by operation', async () => {
    api.emulator.resetStats();
    await api.execute('SELECT 1');
    await api.execute('SELECT 1 FROM missing_table_for_stats').catch(() => {});
    const tx = await api.begin();
    await api.rollback(tx);
    await api.batch('SELECT :x::int8', [[{ name: 'x', value: { longValue: 1 } }]]);
    expect(api.emulator.stats()).toEqual({
      calls: 5,
      byOperation: {
        ExecuteStatement: 2,
        BeginTransaction: 1,
        RollbackTransaction: 1,
        BatchExecuteStatement: 1,
      },
      busyMs: expect.any(Number),
    });
    expect(api.emulator.stats().busyMs).toBeGreaterThan(0);
  });

  it('exposes stats, reset and injection over HTTP, without counting them', async () => {
    api.emulator.resetStats();
    await api.execute('SELECT 1');
    const stats = await fetch(`${api.emulator.url}/_emulator/stats`).then((r) => r.json());
    expect(stats).toEqual({
      calls: 1,
      byOperation: { ExecuteStatement: 1 },
      busyMs: expect.any(Number),
    });

    const inject = await post('/_emulator/inject', {
      error: 'DatabaseResumingException',
      count: 1,
    });
    expect(inject.status).toBe(200);
    await expect(api.execute('SELECT 1')).rejects.toBeInstanceOf(DatabaseResumingException);

    expect((await post('/_emulator/reset-stats', {})).status).toBe(200);
    expect(api.emulator.stats()).toEqual({ calls: 0, byOperation: {}, busyMs: 0 });
  });

  it('refuses to inject unknown errors', async () => {
    const res = await post('/_emulator/inject', { error: 'Nope', count: 1 });
    expect(res.status).toBe(400);
  });
});
