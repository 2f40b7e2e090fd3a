import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../db/split-statements';

describe('splitStatements', () => {
  it('splits on semicolons and trims each statement', () => {
    expect(splitStatements('SELECT 1;\n  SELECT 2 ;\nSELECT 3')).toEqual([
      'SELECT 1',
      'SELECT 2',
      'SELECT 3',
    ]);
  });

  it('drops empty statements and trailing whitespace', () => {
    expect(splitStatements(';;  SELECT 1;;\n\n ;  \n')).toEqual(['SELECT 1']);
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('  \n\t ')).toEqual([]);
  });

  it('drops statements that are only comments but keeps comments on real ones', () => {
    expect(splitStatements('-- header\nSELECT 1; -- trailing\n/* end */')).toEqual([
      '-- header\nSELECT 1',
    ]);
  });

  it("ignores semicolons in single-quoted strings with '' escapes", () => {
    expect(splitStatements("SELECT 'a;b', 'it''s; fine'; SELECT 2")).toEqual([
      "SELECT 'a;b', 'it''s; fine'",
      'SELECT 2',
    ]);
  });

  it('treats a backslash in a plain string literally', () => {
    expect(splitStatements("SELECT 'a\\'; SELECT 2")).toEqual(["SELECT 'a\\'", 'SELECT 2']);
  });

  it('honours backslash escapes in E-strings', () => {
    expect(splitStatements("SELECT E'a\\';b'; SELECT e'\\\\'; SELECT 3")).toEqual([
      "SELECT E'a\\';b'",
      "SELECT e'\\\\'",
      'SELECT 3',
    ]);
  });

  it('does not read an identifier ending in e as an E-string prefix', () => {
    expect(splitStatements("SELECT name'x'; SELECT 2")).toEqual(["SELECT name'x'", 'SELECT 2']);
  });

  it('ignores semicolons in double-quoted identifiers', () => {
    expect(splitStatements('SELECT 1 AS "a;""b"; SELECT 2')).toEqual([
      'SELECT 1 AS "a;""b"',
      'SELECT 2',
    ]);
  });

  it('ignores semicolons in line comments', () => {
    expect(splitStatements('SELECT 1 -- not; here\n; SELECT 2')).toEqual([
      'SELECT 1 -- not; here',
      'SELECT 2',
    ]);
  });

  it('ignores semicolons in nested block comments', () => {
    expect(splitStatements('SELECT 1 /* a; /* b; */ c; */; SELECT 2')).toEqual([
      'SELECT 1 /* a; /* b; */ c; */',
      'SELECT 2',
    ]);
  });

  it('keeps dollar-quoted function bodies whole', () => {
    const fn = [
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$',
      'BEGIN',
      "  PERFORM 'x;y';",
      '  RETURN 1;',
      'END',
      '$$',
    ].join('\n');
    expect(splitStatements(`${fn};\nSELECT f();`)).toEqual([fn, 'SELECT f()']);
  });

  it('matches tagged dollar quotes by tag, even with $$ inside', () => {
    const body = 'DO $body$ BEGIN EXECUTE $$SELECT 1;$$; END $body$';
    expect(splitStatements(`${body}; SELECT 2`)).toEqual([body, 'SELECT 2']);
  });

  it('does not treat $1 or identifiers containing $ as dollar quotes', () => {
    expect(splitStatements('SELECT $1; SELECT a$b$c FROM t; SELECT 3')).toEqual([
      'SELECT $1',
      'SELECT a$b$c FROM t',
      'SELECT 3',
    ]);
  });

  it('runs an unterminated quote or comment to the end', () => {
    expect(splitStatements("SELECT 'open; SELECT 2")).toEqual(["SELECT 'open; SELECT 2"]);
    expect(splitStatements('SELECT 1 /* open; SELECT 2')).toEqual(['SELECT 1 /* open; SELECT 2']);
  });
});
