import { describe, expect, it } from 'vitest';
import { bindParameters } from '../../local/data-api/bind-parameters';
import { DataApiError } from '../../local/data-api/errors';
import { findNamedParameters, replaceNamedParameters } from '../../local/data-api/named-parameters';

const names = (sql: string) => findNamedParameters(sql).map((p) => p.name);

describe('findNamedParameters', () => {
  it('finds :name references, numeric names included', () => {
    expect(names('SELECT :a, :b_2, :1, :42x FROM t WHERE c = :Camel')).toEqual([
      'a',
      'b_2',
      '1',
      '42x',
      'Camel',
    ]);
  });

  it('reports positions covering the colon and the name', () => {
    expect(findNamedParameters('x = :id;')).toEqual([{ name: 'id', start: 4, end: 7 }]);
  });

  it('skips :: casts and the type that follows', () => {
    expect(names('SELECT x::text, :a::int8, y :: date')).toEqual(['a']);
  });

  it('skips single-quoted strings with doubled quotes', () => {
    expect(names("SELECT ':a', 'it''s :b', :c")).toEqual(['c']);
  });

  it('skips E-strings with backslash escapes', () => {
    expect(names("SELECT E'\\' :a', e'\\\\', :b")).toEqual(['b']);
  });

  it('treats a backslash in a plain string as an ordinary character', () => {
    expect(names("SELECT 'a\\', :b")).toEqual(['b']);
  });

  it('skips double-quoted identifiers', () => {
    expect(names('SELECT 1 AS ":a", "x""y:z" FROM t WHERE k = :k')).toEqual(['k']);
  });

  it('skips line and nested block comments', () => {
    expect(names('SELECT :a -- :b\n, /* :c /* :d */ :e */ :f')).toEqual(['a', 'f']);
  });

  it('skips dollar-quoted bodies, tagged or not', () => {
    expect(names('SELECT $$ :a $$, $fn$ :b $x$ :c $fn$, :d')).toEqual(['d']);
  });

  it('does not mistake positional $1 or identifiers with $ for dollar quotes', () => {
    expect(names('SELECT $1, a$b$ FROM t WHERE x = :x')).toEqual(['x']);
  });

  it('ignores a lone colon and := assignments', () => {
    expect(names('SELECT a[1:2], b := 3, c : d')).toEqual(['2']);
  });
});

describe('replaceNamedParameters', () => {
  it('gives a repeated name the same placeholder', () => {
    let n = 0;
    const out = replaceNamedParameters('SELECT :a, :b, :a', () => `$${++n}`);
    expect(out).toEqual({ text: 'SELECT $1, $2, $1', names: ['a', 'b'] });
  });
});

describe('bindParameters', () => {
  it('casts each placeholder from the value kind, in parentheses', () => {
    const bound = bindParameters('SELECT :s, :l, :d, :b, :x, :n, :t, :s', [
      { name: 's', value: { stringValue: 'x' } },
      { name: 'l', value: { longValue: 5 } },
      { name: 'd', value: { doubleValue: 1.5 } },
      { name: 'b', value: { booleanValue: false } },
      { name: 'x', value: { blobValue: 'AQI=' } },
      { name: 'n', value: { isNull: true } },
      { name: 't', value: { stringValue: '2024-01-02 03:04:05' }, typeHint: 'TIMESTAMP' },
    ]);
    expect(bound).toEqual({
      text: 'SELECT ($1::text), ($2::int8), ($3::float8), ($4::bool), ($5::bytea), $6, ($7::timestamp), ($1::text)',
      values: ['x', '5', '1.5', 'false', '\\x0102', null, '2024-01-02 03:04:05'],
    });
  });

  it('rejects a referenced parameter that was not supplied', () => {
    expect(() => bindParameters('SELECT :missing', [])).toThrow(DataApiError);
  });

  it('rejects a parameter given twice', () => {
    expect(() =>
      bindParameters('SELECT :a', [
        { name: 'a', value: { longValue: 1 } },
        { name: 'a', value: { longValue: 2 } },
      ]),
    ).toThrow(/more than once/);
  });

  it('rejects a value with no member or two members', () => {
    expect(() => bindParameters('SELECT :a', [{ name: 'a', value: {} }])).toThrow(DataApiError);
    expect(() =>
      bindParameters('SELECT :a', [{ name: 'a', value: { longValue: 1, stringValue: 'x' } }]),
    ).toThrow(DataApiError);
  });
});
