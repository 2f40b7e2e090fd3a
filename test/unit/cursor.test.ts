import { describe, expect, it } from 'vitest';
import { decodeCursor } from '../../functions/data/sessions';

describe('list cursors', () => {
  it('decodes what the API encodes', () => {
    const cursor = Buffer.from('2026-03-01 10:00:00.123456|42').toString('base64url');
    expect(decodeCursor(cursor)).toEqual({ time: '2026-03-01 10:00:00.123456', id: 42 });
  });

  it.each(['', 'garbage', Buffer.from('2026-03-01|x').toString('base64url')])(
    'refuses a cursor it did not produce (%s)',
    (cursor) => {
      expect(decodeCursor(cursor)).toBeUndefined();
    },
  );
});

describe('list cursors that decode to something the API never wrote', () => {
  const encode = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['year 0000', encode('0000-01-01 00:00:00.000000|1')],
    ['before 2000', encode('1999-12-31 23:59:59.000000|1')],
    ['no such month, hour or minute', encode('2026-13-45 25:61:61.000000|1')],
    ['no such day', encode('2026-02-30 10:00:00.000000|1')],
    ['an id past the safe integers', encode('2026-03-01 10:00:00.000000|99999999999999999')],
    ['a third part', encode('2026-03-01 10:00:00.000000|1|2')],
    ['a NUL', encode('2026-03-01 10:00:00.000000|1\u0000')],
    ['padding', `${encode('2026-03-01 10:00:00.000000|1')}=`],
    ['characters outside base64url', '%00'],
  ])('%s', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
