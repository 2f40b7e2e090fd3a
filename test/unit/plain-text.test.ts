import { describe, expect, it } from 'vitest';
import { jsonbProblem, MAX_JSON_DEPTH, plainText } from '../../functions/contracts/common';
import * as z from '../../functions/contracts/zod';
import { headerText } from '../../functions/core/email-text';

describe('plain text', () => {
  const line = plainText(z.string());
  const lines = plainText(z.string(), 'lines');

  it.each([
    'NUL \u0000',
    'bell \u0007',
    'escape \u001b[31m',
    'DEL \u007f',
    'NEL \u0085',
    'CSI \u009b',
    'lone high \ud83d',
    'lone low \udcda',
    'reversed pair \udcda\ud83d',
  ])('refuses %j on one line and on many', (text) => {
    expect(line.safeParse(text).success).toBe(false);
    expect(lines.safeParse(text).success).toBe(false);
  });

  it.each(['a\nb', 'a\r\nb', 'a\tb'])('keeps %j only in multi-line text', (text) => {
    expect(line.safeParse(text).success).toBe(false);
    expect(lines.safeParse(text).success).toBe(true);
  });

  it.each(['Biology 101', '📚 Read ✓', 'Ünïcödé — “quotes”', 'zero\u200bwidth'])(
    'accepts %j',
    (text) => {
      expect(line.safeParse(text).success).toBe(true);
    },
  );
});

describe('what jsonb refuses', () => {
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it.each([
    [{ a: 'x\u0000' }],
    [{ 'x\u0000': 1 }],
    [{ a: [{ b: ['\ud800'] }] }],
    [{ '\udc00': null }],
    [{ a: nested(MAX_JSON_DEPTH) }],
  ])('%j', (value) => {
    expect(jsonbProblem(value)).toBeDefined();
  });

  it.each([
    [{ a: 'say "hi"\n\u0007', b: [1, 2.5, true, null], c: { d: '📚' } }],
    [{ a: nested(MAX_JSON_DEPTH - 1) }],
  ])('accepts %j', (value) => {
    expect(jsonbProblem(value)).toBeUndefined();
  });
});

describe('mail header text', () => {
  it.each([
    ['Exam\r\nBcc: x@example.edu', 'Exam Bcc: x@example.edu'],
    ['a\u2028b\u2029c\u0085d', 'a b c d'],
    ['\ttabbed\u0000', 'tabbed'],
    ['Your goal “Read” — 1 h', 'Your goal “Read” — 1 h'],
  ])('%j', (text, expected) => {
    expect(headerText(text)).toBe(expected);
  });
});
