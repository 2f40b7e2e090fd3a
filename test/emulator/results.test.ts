import { UnsupportedResultException } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, type TestDataApi } from '../../local/data-api/test-harness';

let api: TestDataApi;
let table: string;
let mood: string;

beforeAll(async () => {
  api = await startTestDataApi();
  table = api.table('results');
  mood = api.type('mood');
  await api.execute(`CREATE TYPE ${mood} AS ENUM ('happy', 'sad')`);
  await api.execute(
    `CREATE TABLE ${table} (id bigserial PRIMARY KEY, name varchar(20) NOT NULL, score numeric(10,2), ` +
      `at timestamptz, feeling ${mood}, tags text[])`,
  );
});

afterAll(async () => {
  await api?.close();
});

describe('field values', () => {
  it('maps each Postgres type to its Field member', async () => {
    const out = await api.execute(
      [
        'SELECT 1::int2 AS i2, 2::int4 AS i4, 3::int8 AS i8, 4::oid AS o,',
        '1.5::float4 AS f4, 2.25::float8 AS f8, 12.50::numeric AS num, true AS b,',
        "'\\x01ff'::bytea AS bin, 'txt'::text AS t, 'vc'::varchar AS vc,",
        '\'{"a": 1}\'::json AS j, \'{"a":1}\'::jsonb AS jb,',
        "'0b6f5a3e-1d4e-4a4b-9c1e-2f3a4b5c6d7e'::uuid AS u, '1 day 02:00'::interval AS iv,",
        "'2024-02-29'::date AS d, '13:14:15.5'::time AS tm, NULL::text AS nothing",
      ].join(' '),
    );
    expect(out.records).toEqual([
      [
        { longValue: 1 },
        { longValue: 2 },
        { longValue: 3 },
        { longValue: 4 },
        { doubleValue: 1.5 },
        { doubleValue: 2.25 },
        { stringValue: '12.50' },
        { booleanValue: true },
        { blobValue: new Uint8Array([1, 255]) },
        { stringValue: 'txt' },
        { stringValue: 'vc' },
        { stringValue: '{"a": 1}' },
        { stringValue: '{"a": 1}' },
        { stringValue: '0b6f5a3e-1d4e-4a4b-9c1e-2f3a4b5c6d7e' },
        { stringValue: '1 day 02:00:00' },
        { stringValue: '2024-02-29' },
        { stringValue: '13:14:15.5' },
        { isNull: true },
      ],
    ]);
  });

  it('prints timestamps without T or Z, timestamptz converted to UTC', async () => {
    const out = await api.execute(
      [
        "SELECT '2024-01-02 03:04:05'::timestamp AS plain,",
        "'2024-01-02 03:04:05.123456'::timestamp AS micro,",
        "'2024-01-02 03:04:05.120'::timestamp AS trimmed,",
        "'2024-06-01 12:00:00+02'::timestamptz AS tz,",
        "'2024-06-01 12:00:00.5-05:30'::timestamptz AS tz_frac",
      ].join(' '),
    );
    expect(out.records).toEqual([
      [
        { stringValue: '2024-01-02 03:04:05' },
        { stringValue: '2024-01-02 03:04:05.123456' },
        { stringValue: '2024-01-02 03:04:05.12' },
        { stringValue: '2024-06-01 10:00:00' },
        { stringValue: '2024-06-01 17:30:00.5' },
      ],
    ]);
  });

  it('returns int8 values beyond 2^53 as JSON numbers on the wire', async () => {
    const res = await fetch(`${api.emulator.url}/Execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:x',
        secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
        sql: 'SELECT 9007199254740993::int8 AS big',
      }),
    });
    expect(await res.text()).toContain('{"longValue":9007199254740993}');
  });

  it('returns arrays as arrayValue', async () => {
    const out = await api.execute(
      [
        "SELECT '{1,NULL,3}'::int8[] AS longs, '{1.5,2}'::float8[] AS doubles,",
        String.raw`'{t,f}'::bool[] AS bools, '{"a b","c\"d",NULL}'::text[] AS strings,`,
        "'{}'::int4[] AS empty,",
        "ARRAY['2024-01-01 01:00:00+01'::timestamptz] AS instants",
      ].join(' '),
    );
    expect(out.records).toEqual([
      [
        { arrayValue: { longValues: [1, null, 3] } },
        { arrayValue: { doubleValues: [1.5, 2] } },
        { arrayValue: { booleanValues: [true, false] } },
        { arrayValue: { stringValues: ['a b', 'c"d', null] } },
        { arrayValue: { longValues: [] } },
        { arrayValue: { stringValues: ['2024-01-01 00:00:00'] } },
      ],
    ]);
  });

  it('reports enums and domains by their underlying values', async () => {
    await api.execute(
      `INSERT INTO ${table} (name, score, at, feeling, tags) ` +
        `VALUES ('a', 1.5, '2024-01-01 00:00:00+00', 'happy', '{x,y}')`,
    );
    const out = await api.execute(`SELECT feeling, tags FROM ${table} WHERE name = 'a'`);
    expect(out.records).toEqual([
      [{ stringValue: 'happy' }, { arrayValue: { stringValues: ['x', 'y'] } }],
    ]);
  });

  it('decimalReturnType DOUBLE_OR_LONG turns numerics into numbers', async () => {
    const out = await api.execute('SELECT 12.50::numeric AS d, 7::numeric AS l', undefined, {
      resultSetOptions: { decimalReturnType: 'DOUBLE_OR_LONG' },
    });
    expect(out.records).toEqual([[{ doubleValue: 12.5 }, { longValue: 7 }]]);
  });

  it('longReturnType STRING returns integers as strings', async () => {
    const out = await api.execute('SELECT 7::int8 AS l', undefined, {
      resultSetOptions: { longReturnType: 'STRING' },
    });
    expect(out.records).toEqual([[{ stringValue: '7' }]]);
  });
});

describe('numberOfRecordsUpdated and result presence', () => {
  it('counts inserted, updated and deleted rows; 0 for SELECT and DDL', async () => {
    const inserted = await api.execute(
      `INSERT INTO ${table} (name) SELECT 'n' || g FROM generate_series(1, 3) g`,
    );
    expect(inserted.numberOfRecordsUpdated).toBe(3);
    expect(inserted.records).toBeUndefined();
    expect(inserted.generatedFields).toEqual([]);

    const updated = await api.execute(`UPDATE ${table} SET score = 2 WHERE name LIKE 'n%'`);
    expect(updated.numberOfRecordsUpdated).toBe(3);

    const selected = await api.execute(`SELECT name FROM ${table} WHERE name LIKE 'n%'`);
    expect(selected.numberOfRecordsUpdated).toBe(0);
    expect(selected.records).toHaveLength(3);

    const returning = await api.execute(`DELETE FROM ${table} WHERE name LIKE 'n%' RETURNING name`);
    expect(returning.numberOfRecordsUpdated).toBe(3);
    expect(returning.records).toHaveLength(3);

    const none = await api.execute(`SELECT name FROM ${table} WHERE false`);
    expect(none.records).toEqual([]);

    const ddl = await api.execute(`CREATE INDEX ON ${table} (name)`);
    expect(ddl.numberOfRecordsUpdated).toBe(0);
  });
});

describe('columnMetadata', () => {
  it('is absent unless includeResultMetadata is set', async () => {
    const out = await api.execute(`SELECT id FROM ${table}`);
    expect(out.columnMetadata).toBeUndefined();
  });

  it('describes each column with Postgres type names and JDBC type codes', async () => {
    const out = await api.execute(
      `SELECT id, name AS label, score, at, feeling, tags, 1 + 1 AS two FROM ${table} LIMIT 0`,
      undefined,
      { includeResultMetadata: true },
    );
    const meta = out.columnMetadata ?? [];
    expect(meta.map((c) => [c.name, c.label, c.typeName, c.type])).toEqual([
      ['id', 'id', 'bigserial', -5],
      ['label', 'label', 'varchar', 12],
      ['score', 'score', 'numeric', 2],
      ['at', 'at', 'timestamptz', 93],
      ['feeling', 'feeling', mood, 1111],
      ['tags', 'tags', '_text', 2003],
      ['two', 'two', 'int4', 4],
    ]);
    expect(meta[0]).toMatchObject({ isAutoIncrement: true, nullable: 0, tableName: table });
    expect(meta[1]).toMatchObject({ nullable: 0, precision: 20, isCaseSensitive: true });
    expect(meta[2]).toMatchObject({ nullable: 1, precision: 10, scale: 2, isSigned: true });
    expect(meta[6]).toMatchObject({ tableName: '', isAutoIncrement: false });
  });

  it('reports uuid, jsonb, bool and text type names', async () => {
    const out = await api.execute(
      "SELECT gen_random_uuid() AS u, '{}'::jsonb AS j, true AS b, 'x'::text AS t",
      undefined,
      { includeResultMetadata: true },
    );
    expect(out.columnMetadata?.map((c) => c.typeName)).toEqual(['uuid', 'jsonb', 'bool', 'text']);
  });
});

describe('formatRecordsAs JSON', () => {
  it('returns formattedRecords keyed by column name, and no records', async () => {
    const out = await api.execute(
      [
        "SELECT 1::int8 AS id, 'x' AS name, 12.50::numeric AS amount, 1.5::float8 AS ratio,",
        "true AS ok, NULL::text AS nothing, '{1,2}'::int4[] AS list,",
        "'2024-06-01 12:00:00+02'::timestamptz AS at, '\\x01ff'::bytea AS bin",
      ].join(' '),
      undefined,
      { formatRecordsAs: 'JSON', includeResultMetadata: true },
    );
    expect(out.records).toBeUndefined();
    expect(out.columnMetadata).toBeUndefined();
    expect(JSON.parse(out.formattedRecords ?? '')).toEqual([
      {
        id: 1,
        name: 'x',
        amount: '12.50',
        ratio: 1.5,
        ok: true,
        nothing: null,
        list: [1, 2],
        at: '2024-06-01 10:00:00',
        bin: 'Af8=',
      },
    ]);
  });

  it('follows decimalReturnType', async () => {
    const out = await api.execute('SELECT 12.50::numeric AS amount', undefined, {
      formatRecordsAs: 'JSON',
      resultSetOptions: { decimalReturnType: 'DOUBLE_OR_LONG' },
    });
    expect(JSON.parse(out.formattedRecords ?? '')).toEqual([{ amount: 12.5 }]);
  });

  it('asks for aliases when column names repeat', async () => {
    await expect(
      api.execute('SELECT 1 AS a, 2 AS a', undefined, { formatRecordsAs: 'JSON' }),
    ).rejects.toBeInstanceOf(UnsupportedResultException);
  });
});
