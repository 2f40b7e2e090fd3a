import { DatabaseErrorException } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, type TestDataApi } from '../../local/data-api/test-harness';

let api: TestDataApi;
let table: string;

beforeAll(async () => {
  api = await startTestDataApi();
  table = api.table('batch');
  await api.execute(`CREATE TABLE ${table} (k text PRIMARY KEY, v int8 NOT NULL)`);
});

afterAll(async () => {
  await api?.close();
});

const row = (k: string, v: number) => [
  { name: 'k', value: { stringValue: k } },
  { name: 'v', value: { longValue: v } },
];

const keys = async (prefix: string) => {
  const out = await api.execute(`SELECT k FROM ${table} WHERE k LIKE :p ORDER BY k`, [
    { name: 'p', value: { stringValue: `${prefix}%` } },
  ]);
  return (out.records ?? []).map((r) => r[0]?.stringValue);
};

describe('BatchExecuteStatement', () => {
  it('runs the statement once per parameter set', async () => {
    const out = await api.batch(`INSERT INTO ${table} (k, v) VALUES (:k, :v)`, [
      row('b1', 1),
      row('b2', 2),
      row('b3', 3),
    ]);
    expect(out.updateResults).toEqual([
      { generatedFields: [] },
      { generatedFields: [] },
      { generatedFields: [] },
    ]);
    expect(await keys('b')).toEqual(['b1', 'b2', 'b3']);
  });

  it('is all-or-nothing without a transaction', async () => {
    const error = await api
      .batch(`INSERT INTO ${table} (k, v) VALUES (:k, :v)`, [row('c1', 1), row('c1', 2)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseErrorException);
    expect((error as Error).message).toContain('SQLState: 23505');
    expect(await keys('c')).toEqual([]);
  });

  it('checks every parameter set before running any', async () => {
    const error = await api
      .batch(`INSERT INTO ${table} (k, v) VALUES (:k, :v)`, [
        row('d1', 1),
        [{ name: 'k', value: { stringValue: 'd2' } }],
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect(await keys('d')).toEqual([]);
  });

  it('refuses more than one statement', async () => {
    await expect(
      api.batch(`INSERT INTO ${table} (k, v) VALUES (:k, :v); SELECT 1`, [row('e1', 1)]),
    ).rejects.toBeInstanceOf(DatabaseErrorException);
  });
});

describe('concurrent requests', () => {
  it('runs many auto-commit statements correctly at once', async () => {
    const inserts = Array.from({ length: 25 }, (_, i) =>
      api.execute(
        `INSERT INTO ${table} (k, v) VALUES (:k, :v)`,
        row(`p${String(i).padStart(2, '0')}`, i),
      ),
    );
    const results = await Promise.all(inserts);
    expect(results.every((r) => r.numberOfRecordsUpdated === 1)).toBe(true);
    const sums = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.execute(`SELECT :i::int8 AS i, sum(v) AS total FROM ${table} WHERE k LIKE 'p%'`, [
          { name: 'i', value: { longValue: i } },
        ]),
      ),
    );
    sums.forEach((out, i) => {
      expect(out.records).toEqual([[{ longValue: i }, { stringValue: '300' }]]);
    });
  });

  it('keeps an open transaction isolated from auto-commit statements', async () => {
    const tx = await api.begin();
    await api.execute(`INSERT INTO ${table} (k, v) VALUES ('iso', 1)`, undefined, {
      transactionId: tx,
    });
    const outside = api.execute(`SELECT count(*) AS c FROM ${table} WHERE k = 'iso'`);
    if (api.usingPostgres) {
      // Separate connections: the outside read runs now and cannot see uncommitted work.
      expect((await outside).records).toEqual([[{ longValue: 0 }]]);
      await api.commit(tx);
    } else {
      // PGlite has one connection: the outside read waits for the transaction to end.
      await api.commit(tx);
      expect((await outside).records).toEqual([[{ longValue: 1 }]]);
    }
    expect(
      (await api.execute(`SELECT count(*) AS c FROM ${table} WHERE k = 'iso'`)).records,
    ).toEqual([[{ longValue: 1 }]]);
  });

  it('runs two transactions side by side (PGlite: one after the other)', async () => {
    const first = await api.begin();
    await api.execute(`INSERT INTO ${table} (k, v) VALUES ('tx-a', 1)`, undefined, {
      transactionId: first,
    });
    const second = api.begin();
    if (api.usingPostgres) {
      const id = await second;
      await api.execute(`INSERT INTO ${table} (k, v) VALUES ('tx-b', 1)`, undefined, {
        transactionId: id,
      });
      await api.commit(id);
      await api.commit(first);
    } else {
      await api.commit(first);
      const id = await second;
      await api.execute(`INSERT INTO ${table} (k, v) VALUES ('tx-b', 1)`, undefined, {
        transactionId: id,
      });
      await api.commit(id);
    }
    expect(await keys('tx-')).toEqual(['tx-a', 'tx-b']);
  });
});
