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
