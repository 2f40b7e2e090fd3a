import {
  CommitTransactionCommand,
  DatabaseErrorException,
  TransactionNotFoundException,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, TEST_ARNS, type TestDataApi } from '../../local/data-api/test-harness';

/** Short enough to test idle rollback, long enough for the other tests' pauses between calls. */
const IDLE_TIMEOUT_MS = 500;

let api: TestDataApi;
let table: string;

beforeAll(async () => {
  api = await startTestDataApi({ transactionIdleTimeoutMs: IDLE_TIMEOUT_MS });
  table = api.table('tx');
  await api.execute(`CREATE TABLE ${table} (k text PRIMARY KEY, v int8 NOT NULL)`);
});

afterAll(async () => {
  await api?.close();
});

const count = async (key: string, transactionId?: string) => {
  const out = await api.execute(
    `SELECT count(*) AS c FROM ${table} WHERE k = :k`,
    [{ name: 'k', value: { stringValue: key } }],
    transactionId ? { transactionId } : {},
  );
  return out.records?.[0]?.[0]?.longValue;
};

const insert = (key: string, transactionId?: string) =>
  api.execute(
    `INSERT INTO ${table} (k, v) VALUES (:k, 1)`,
    [{ name: 'k', value: { stringValue: key } }],
    transactionId ? { transactionId } : {},
  );

describe('BeginTransaction / CommitTransaction / RollbackTransaction', () => {
  it('returns an opaque id and commits statements run with it', async () => {
    const tx = await api.begin();
    expect(tx.length).toBeGreaterThan(20);
    await insert('committed', tx);
    expect(await count('committed', tx)).toBe(1);
    expect(await api.commit(tx)).toBe('Transaction Committed');
    expect(await count('committed')).toBe(1);
  });

  it('gives each transaction a different id', async () => {
    const a = await api.begin();
    await api.rollback(a);
    const b = await api.begin();
    await api.rollback(b);
    expect(a).not.toBe(b);
  });

  it('discards statements on rollback', async () => {
    const tx = await api.begin();
    await insert('rolled-back', tx);
    expect(await api.rollback(tx)).toBe('Rollback Complete');
    expect(await count('rolled-back')).toBe(0);
  });

  it('auto-commit statements commit immediately', async () => {
    await insert('auto');
    expect(await count('auto')).toBe(1);
  });

  it('runs a batch inside the transaction', async () => {
    const tx = await api.begin();
    await api.batch(
      `INSERT INTO ${table} (k, v) VALUES (:k, 1)`,
      [
        [{ name: 'k', value: { stringValue: 'batch-tx-1' } }],
        [{ name: 'k', value: { stringValue: 'batch-tx-2' } }],
      ],
      { transactionId: tx },
    );
    await api.rollback(tx);
    expect(await count('batch-tx-1')).toBe(0);
  });
});

describe('unknown and finished transactions', () => {
  it.each(['commit', 'rollback', 'execute'] as const)(
    '%s with an unknown id is TransactionNotFoundException (404)',
    async (action) => {
      const id = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      const call =
        action === 'commit'
          ? api.commit(id)
          : action === 'rollback'
            ? api.rollback(id)
            : api.execute('SELECT 1', undefined, { transactionId: id });
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionNotFoundException);
      expect((error as TransactionNotFoundException).$metadata.httpStatusCode).toBe(404);
    },
  );

  it('a committed transaction cannot be used again', async () => {
    const tx = await api.begin();
    await api.commit(tx);
    await expect(api.commit(tx)).rejects.toBeInstanceOf(TransactionNotFoundException);
    await expect(api.execute('SELECT 1', undefined, { transactionId: tx })).rejects.toBeInstanceOf(
      TransactionNotFoundException,
    );
  });

  it('CommitTransaction requires the transactionId', async () => {
    await expect(
      api.client.send(new CommitTransactionCommand({ ...TEST_ARNS } as never)),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('statement errors inside a transaction', () => {
  it('leave it aborted until rollback', async () => {
    const tx = await api.begin();
    await insert('aborted', tx);
    await expect(insert('aborted', tx)).rejects.toBeInstanceOf(DatabaseErrorException);
    const error = await api.execute('SELECT 1', undefined, { transactionId: tx }).catch((e) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toContain('current transaction is aborted');
    expect((error as Error).message).toContain('SQLState: 25P02');
    expect(await api.rollback(tx)).toBe('Rollback Complete');
    expect(await count('aborted')).toBe(0);
  });

  it('make a commit fail instead of silently rolling back', async () => {
    const tx = await api.begin();
    await insert('commit-after-error', tx);
    await expect(
      api.execute('SELECT 1/0', undefined, { transactionId: tx }),
    ).rejects.toBeInstanceOf(DatabaseErrorException);
    const error = await api.commit(tx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toContain('division by zero');
    expect(await count('commit-after-error')).toBe(0);
    await expect(api.rollback(tx)).rejects.toBeInstanceOf(TransactionNotFoundException);
  });
});

describe('concurrency within one transaction', () => {
  it('rejects a second statement while one is running', async () => {
    const tx = await api.begin();
    const results = await Promise.allSettled([
      api.execute('SELECT pg_sleep(0.5)', undefined, { transactionId: tx }),
      api.execute('SELECT pg_sleep(0.5)', undefined, { transactionId: tx }),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.troubleshooting.html
    const refused = (rejected[0] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(DatabaseErrorException);
    expect((refused as Error).message).toMatch(/^Transaction is still running a query/);
    // The refused call does not break the transaction.
    await insert('after-concurrent', tx);
    expect(await api.commit(tx)).toBe('Transaction Committed');
    expect(await count('after-concurrent')).toBe(1);
  });
});

describe('idle timeout', () => {
  it('rolls back a transaction left idle and forgets its id', async () => {
    const tx = await api.begin();
    await insert('idle', tx);
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 3));
    await expect(api.commit(tx)).rejects.toBeInstanceOf(TransactionNotFoundException);
    expect(await count('idle')).toBe(0);
  });

  it('keeps a transaction that is used before the timeout', async () => {
    const tx = await api.begin();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS / 4));
      await api.execute('SELECT 1', undefined, { transactionId: tx });
    }
    expect(await api.commit(tx)).toBe('Transaction Committed');
  });
});
