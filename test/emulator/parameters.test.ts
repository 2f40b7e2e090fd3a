import { DatabaseErrorException, type SqlParameter } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, type TestDataApi } from '../../local/data-api/test-harness';

let api: TestDataApi;
let table: string;

const ID = '0b6f5a3e-1d4e-4a4b-9c1e-2f3a4b5c6d7e';

beforeAll(async () => {
  api = await startTestDataApi();
  table = api.table('params');
  await api.execute(
    `CREATE TABLE ${table} (id uuid PRIMARY KEY, at timestamptz, day date, amount numeric(10,2), ` +
      'doc jsonb, note text, n int8)',
  );
  await api.execute(`INSERT INTO ${table} (id, note) VALUES ('${ID}', 'seed')`);
});

afterAll(async () => {
  await api?.close();
});

/** The type Postgres sees for one parameter. */
async function typeOf(parameter: SqlParameter): Promise<string | undefined> {
  const out = await api.execute('SELECT pg_typeof(:p)::text AS t', [{ ...parameter, name: 'p' }]);
  return out.records?.[0]?.[0]?.stringValue;
}

/** An SDK exception class, or the name of an error the SDK has no class for. */
const expectError = async (
  promise: Promise<unknown>,
  type: (new (...args: never[]) => Error) | 'ValidationException',
) => {
  const error = await promise.catch((e: unknown) => e);
  if (typeof type === 'string') expect(error).toMatchObject({ name: type });
  else expect(error).toBeInstanceOf(type);
  return error as Error;
};

describe('parameter types come from the value kind, never from the SQL', () => {
  it.each([
    [{ value: { stringValue: 'x' } }, 'text'],
    [{ value: { longValue: 1 } }, 'bigint'],
    [{ value: { doubleValue: 1.5 } }, 'double precision'],
    [{ value: { booleanValue: true } }, 'boolean'],
    [{ value: { blobValue: new Uint8Array([1, 2]) } }, 'bytea'],
    [{ value: { stringValue: '2024-02-29' }, typeHint: 'DATE' }, 'date'],
    [{ value: { stringValue: '13:14:15.5' }, typeHint: 'TIME' }, 'time without time zone'],
    [
      { value: { stringValue: '2024-02-29 13:14:15.123' }, typeHint: 'TIMESTAMP' },
      'timestamp without time zone',
    ],
    [{ value: { stringValue: '12.50' }, typeHint: 'DECIMAL' }, 'numeric'],
    [{ value: { stringValue: '{"a":1}' }, typeHint: 'JSON' }, 'jsonb'],
    [{ value: { stringValue: ID }, typeHint: 'UUID' }, 'uuid'],
    [{ value: { isNull: true }, typeHint: 'DATE' }, 'date'],
  ] as [SqlParameter, string][])('%j is %s', async (parameter, type) => {
    expect(await typeOf(parameter)).toBe(type);
  });

  it('round-trips values of every kind', async () => {
    const bytes = new Uint8Array([0, 1, 127, 128, 255]);
    const out = await api.execute('SELECT :b AS b, :l AS l, :d AS d, :s AS s, :day AS day', [
      { name: 'b', value: { blobValue: bytes } },
      { name: 'l', value: { longValue: -9007199254740991 } },
      { name: 'd', value: { doubleValue: -0.125 } },
      { name: 's', value: { stringValue: "it's ünïcödé ✓" } },
      { name: 'day', value: { stringValue: '2024-02-29' }, typeHint: 'DATE' },
    ]);
    expect(out.records).toEqual([
      [
        { blobValue: bytes },
        { longValue: -9007199254740991 },
        { doubleValue: -0.125 },
        { stringValue: "it's ünïcödé ✓" },
        { stringValue: '2024-02-29' },
      ],
    ]);
  });

  it('a plain string compared with a uuid column fails as on AWS', async () => {
    const error = await expectError(
      api.execute(`SELECT note FROM ${table} WHERE id = :id`, [
        { name: 'id', value: { stringValue: ID } },
      ]),
      DatabaseErrorException,
    );
    expect(error.message).toContain('operator does not exist: uuid = text');
    expect(error.message).toContain('SQLState: 42883');
  });

  it('the same comparison works with typeHint UUID or an explicit cast', async () => {
    const hinted = await api.execute(`SELECT note FROM ${table} WHERE id = :id`, [
      { name: 'id', value: { stringValue: ID }, typeHint: 'UUID' },
    ]);
    expect(hinted.records).toEqual([[{ stringValue: 'seed' }]]);
    const cast = await api.execute(`SELECT note FROM ${table} WHERE id = :id::uuid`, [
      { name: 'id', value: { stringValue: ID } },
    ]);
    expect(cast.records).toEqual([[{ stringValue: 'seed' }]]);
  });

  it('a plain string cannot go into a timestamptz column', async () => {
    const error = await expectError(
      api.execute(`UPDATE ${table} SET at = :at WHERE id = '${ID}'`, [
        { name: 'at', value: { stringValue: '2024-01-02 03:04:05' } },
      ]),
      DatabaseErrorException,
    );
    expect(error.message).toMatch(/column "at" is of type timestamp with time zone/);
  });

  it('typeHint TIMESTAMP goes into timestamptz, read back in UTC', async () => {
    await api.execute(`UPDATE ${table} SET at = :at WHERE id = '${ID}'`, [
      { name: 'at', value: { stringValue: '2024-01-02 03:04:05.5' }, typeHint: 'TIMESTAMP' },
    ]);
    const out = await api.execute(`SELECT at FROM ${table} WHERE id = '${ID}'`);
    expect(out.records).toEqual([[{ stringValue: '2024-01-02 03:04:05.5' }]]);
  });

  it('numbers into numeric and strings into int8 need the right kinds', async () => {
    await api.execute(`UPDATE ${table} SET amount = :a, n = :n WHERE id = '${ID}'`, [
      { name: 'a', value: { stringValue: '10.25' }, typeHint: 'DECIMAL' },
      { name: 'n', value: { longValue: 42 } },
    ]);
    await expectError(
      api.execute(`UPDATE ${table} SET n = :n WHERE id = '${ID}'`, [
        { name: 'n', value: { stringValue: '42' } },
      ]),
      DatabaseErrorException,
    );
  });
});

describe('typeHint formats are validated strictly', () => {
  it.each([
    ['TIMESTAMP', '2024-01-02T03:04:05Z'],
    ['TIMESTAMP', '2024-01-02T03:04:05'],
    ['TIMESTAMP', '2024-01-02 03:04:05Z'],
    ['TIMESTAMP', '2024-01-02 03:04:05+00'],
    ['TIMESTAMP', '2024-01-02'],
    ['TIMESTAMP', '2024-13-02 03:04:05'],
    ['DATE', '2024-1-2'],
    ['DATE', '2024-02-30'],
    ['DATE', '2024-01-02 00:00:00'],
    ['TIME', '3:04:05'],
    ['TIME', '03:04'],
    ['TIME', '25:00:00'],
    ['UUID', 'not-a-uuid'],
    ['UUID', `${ID}0`],
    ['DECIMAL', '1,5'],
    ['DECIMAL', 'abc'],
  ])('%s rejects %s', async (typeHint, stringValue) => {
    await expectError(
      api.execute('SELECT :v IS NULL AS missing', [
        { name: 'v', value: { stringValue }, typeHint: typeHint as SqlParameter['typeHint'] },
      ]),
      'ValidationException',
    );
  });

  it('rejects an unknown typeHint', async () => {
    await expectError(
      api.execute('SELECT :v AS v', [
        { name: 'v', value: { stringValue: 'x' }, typeHint: 'INTERVAL' as never },
      ]),
      'ValidationException',
    );
  });
});

describe('null, arrays, missing and repeated parameters', () => {
  it('an untyped null must be inferable, as on AWS', async () => {
    const error = await expectError(
      api.execute('SELECT :x IS NULL AS missing', [{ name: 'x', value: { isNull: true } }]),
      DatabaseErrorException,
    );
    expect(error.message).toContain('could not determine data type of parameter');
    const inferred = await api.execute(`SELECT count(*) AS c FROM ${table} WHERE note = :x`, [
      { name: 'x', value: { isNull: true } },
    ]);
    expect(inferred.records).toEqual([[{ longValue: 0 }]]);
  });

  it('a null goes into any column', async () => {
    await api.execute(`UPDATE ${table} SET doc = :d WHERE id = '${ID}'`, [
      { name: 'd', value: { isNull: true } },
    ]);
  });

  it('rejects array parameters', async () => {
    const error = await expectError(
      api.execute('SELECT :a AS a', [{ name: 'a', value: { arrayValue: { longValues: [1, 2] } } }]),
      'ValidationException',
    );
    expect(error.message).toBe('Array parameters are not supported.');
  });

  it('rejects a parameter the SQL uses but the call does not supply', async () => {
    const error = await expectError(
      api.execute('SELECT :a AS a, :b AS b', [{ name: 'a', value: { longValue: 1 } }]),
      'ValidationException',
    );
    expect(error.message).toContain('b');
  });

  it('ignores supplied parameters the SQL does not use', async () => {
    const out = await api.execute('SELECT :a AS a', [
      { name: 'a', value: { longValue: 1 } },
      { name: 'unused', value: { stringValue: 'x' } },
    ]);
    expect(out.records).toEqual([[{ longValue: 1 }]]);
  });

  it('maps a name used twice to one placeholder', async () => {
    const out = await api.execute('SELECT :a + :a AS twice, :a::text AS again', [
      { name: 'a', value: { longValue: 21 } },
    ]);
    expect(out.records).toEqual([[{ longValue: 42 }, { stringValue: '21' }]]);
  });

  it('accepts numeric parameter names', async () => {
    const out = await api.execute('SELECT :1 AS first, :2 AS second', [
      { name: '1', value: { stringValue: 'a' } },
      { name: '2', value: { stringValue: 'b' } },
    ]);
    expect(out.records).toEqual([[{ stringValue: 'a' }, { stringValue: 'b' }]]);
  });
});

describe('the named-parameter lexer', () => {
  it('leaves quotes, comments, dollar bodies and casts alone', async () => {
    const sql = [
      "SELECT ':a' AS s1,",
      "E'\\':a' AS s2,",
      '1 AS ":a",',
      '$$ :a $$ AS s3,',
      '$tag$ :a $tag$ AS s4,',
      "'x'::text AS cast_,",
      ':a AS real_param -- :b in a comment',
      '/* :c /* nested :d */ */',
    ].join('\n');
    const out = await api.execute(sql, [{ name: 'a', value: { stringValue: 'A' } }]);
    expect(out.records).toEqual([
      [
        { stringValue: ':a' },
        { stringValue: "':a" },
        { longValue: 1 },
        { stringValue: ' :a ' },
        { stringValue: ' :a ' },
        { stringValue: 'x' },
        { stringValue: 'A' },
      ],
    ]);
  });

  it('keeps subscripts and casts after a parameter valid', async () => {
    const out = await api.execute("SELECT :d::date AS day, :j['k'] AS k", [
      { name: 'd', value: { stringValue: '2024-03-01' } },
      { name: 'j', value: { stringValue: '{"k":"v"}' }, typeHint: 'JSON' },
    ]);
    expect(out.records).toEqual([[{ stringValue: '2024-03-01' }, { stringValue: '"v"' }]]);
  });
});
