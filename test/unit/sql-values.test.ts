import { describe, expect, it } from 'vitest';
import { fromDataApiTimestamp, toRows } from '../../functions/platform/sql-rows';
import { toSqlParameter, typed } from '../../functions/platform/sql-values';

describe('JS values to Data API parameters', () => {
  it('types each JS value explicitly', () => {
    expect(toSqlParameter('a', 'x')).toEqual({ name: 'a', value: { stringValue: 'x' } });
    expect(toSqlParameter('a', 7)).toEqual({ name: 'a', value: { longValue: 7 } });
    expect(toSqlParameter('a', 7.5)).toEqual({ name: 'a', value: { doubleValue: 7.5 } });
    expect(toSqlParameter('a', true)).toEqual({ name: 'a', value: { booleanValue: true } });
    expect(toSqlParameter('a', null)).toEqual({ name: 'a', value: { isNull: true } });
    expect(toSqlParameter('a', undefined)).toEqual({ name: 'a', value: { isNull: true } });
  });

  it('sends dates in the only timestamp form the Data API accepts', () => {
    expect(toSqlParameter('t', new Date('2026-03-01T10:00:00.123Z'))).toEqual({
      name: 't',
      value: { stringValue: '2026-03-01 10:00:00.123' },
      typeHint: 'TIMESTAMP',
    });
  });

  it('attaches type hints for uuid, date, decimal and json', () => {
    expect(toSqlParameter('u', typed.uuid('00000000-0000-4000-8000-000000000000')).typeHint).toBe(
      'UUID',
    );
    expect(toSqlParameter('d', typed.date('2026-03-01'))).toEqual({
      name: 'd',
      value: { stringValue: '2026-03-01' },
      typeHint: 'DATE',
    });
    expect(toSqlParameter('n', typed.decimal(1.25)).value).toEqual({ stringValue: '1.25' });
    expect(toSqlParameter('j', typed.json({ a: 1 })).value).toEqual({ stringValue: '{"a":1}' });
    expect(toSqlParameter('j', typed.json(null))).toEqual({
      name: 'j',
      value: { isNull: true },
      typeHint: 'JSON',
    });
  });

  it('refuses non-finite numbers rather than sending garbage', () => {
    expect(() => toSqlParameter('x', Number.NaN)).toThrow(/finite/);
  });
});

describe('Data API records to rows', () => {
  it('converts numeric, timestamps, json and nulls in one place', () => {
    const rows = toRows(
      [
        [
          { longValue: 3 },
          { stringValue: '12.50' },
          { stringValue: '2026-03-01 10:00:00.123456' },
          { stringValue: '{"a":[1]}' },
          { isNull: true },
          { arrayValue: { longValues: [1, 2] } },
        ],
      ],
      [
        { name: 'id', typeName: 'int8' },
        { name: 'score', typeName: 'numeric' },
        { name: 'at', typeName: 'timestamptz' },
        { name: 'doc', typeName: 'jsonb' },
        { name: 'gone', typeName: 'text' },
        { name: 'ids', typeName: '_int8' },
      ],
    );
    expect(rows).toEqual([
      {
        id: 3,
        score: 12.5,
        at: '2026-03-01T10:00:00.123Z',
        doc: { a: [1] },
        gone: null,
        ids: [1, 2],
      },
    ]);
  });

  it('pads timestamps without fractions', () => {
    expect(fromDataApiTimestamp('2026-03-01 10:00:00')).toBe('2026-03-01T10:00:00.000Z');
  });
});
