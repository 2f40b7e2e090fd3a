import { describe, expect, it } from 'vitest';
import { csvCell, csvLines } from '../../functions/core/csv';
import {
  decodeLineCursor,
  decodeRecordCursor,
  encodeLineCursor,
  encodeRecordCursor,
} from '../../functions/core/export-cursor';
import { SESSIONS_CSV_HEADER, sessionsCsv } from '../../functions/views/export-view';

describe('CSV cells', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [12.5, '12.5'],
    [false, 'false'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    // Formulas a spreadsheet would run start with an apostrophe.
    ['=1+1', "'=1+1"],
    ['+33 6 12', "'+33 6 12"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    [{ a: '=1' }, '"{""a"":""=1""}"'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends every line with CRLF', () => {
    expect(
      csvLines([
        ['a', 1],
        [null, 'b,c'],
      ]),
    ).toBe('a,1\r\n,"b,c"\r\n');
  });
});

describe('the sessions CSV', () => {
  it('has a line per session and per activity, each with every column', () => {
    const csv = sessionsCsv([
      { session: { session_id: 1, session_type: 'solo', notes: '-' } },
      { activity: { session_id: 1, activity_id: 9, duration_minutes: 3, created_at: 't' } },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split(',')).toHaveLength(SESSIONS_CSV_HEADER.length);
    expect(lines[1]).toMatch(/^session,1,,solo,/);
    expect(lines[1]).toContain(",'-,");
    expect(lines[2]).toMatch(/^activity,1,,,,,,,,,,,,,9,,,,,,,3,,,t$/);
  });
});

describe('export cursors', () => {
  it('round-trip', () => {
    for (const p of [
      { kind: 2, k1: 17, k2: '' },
      { kind: 7, k1: 3, k2: '2026-11-30/050' },
      { kind: 10, k1: 0, k2: '0123456789abcdef0123456789abcdef' },
    ]) {
      expect(decodeRecordCursor(encodeRecordCursor(p))).toEqual(p);
    }
    expect(decodeLineCursor(encodeLineCursor({ k1: 5, k2: 0 }))).toEqual({ k1: 5, k2: 0 });
  });

  it('refuse what this API did not make', () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const bad of [
      '',
      'abc',
      b64('r1|2|5'),
      b64("r1|2|5|' OR 1=1"),
      b64('r1|2|99999999999999999|'),
      b64('r1|0|5|'),
      b64('c1|2|x'),
      `${b64('r1|2|5|')}=`,
    ]) {
      expect(decodeRecordCursor(bad), bad).toBeUndefined();
    }
    // Each format's cursor belongs to it alone.
    expect(decodeLineCursor(encodeRecordCursor({ kind: 2, k1: 1, k2: '' }))).toBeUndefined();
    expect(decodeRecordCursor(encodeLineCursor({ k1: 1, k2: 2 }))).toBeUndefined();
  });
});
