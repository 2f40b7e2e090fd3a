/**
 * Cursors of the export's pages: where the previous page stopped, as opaque base64url text. A
 * cursor is accepted only when it decodes to a position this API can produce and encodes back
 * to itself, so nothing else reaches SQL. JSON and CSV pages run through different orders, so
 * each has its own cursor, refused by the other.
 */
const ID = '(0|[1-9][0-9]{0,15})';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function decode(cursor: string, pattern: RegExp): RegExpExecArray | undefined {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = pattern.exec(text);
  return match && encode(text) === cursor ? match : undefined;
}

const safeId = (text: string | undefined) => {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
};

export interface RecordCursor {
  kind: number;
  k1: number;
  k2: string;
}

export const encodeRecordCursor = (p: RecordCursor) => encode(`r1|${p.kind}|${p.k1}|${p.k2}`);

export function decodeRecordCursor(cursor: string): RecordCursor | undefined {
  // k2: empty, a hex digest, or a day and a percentage (milestones).
  const m = decode(
    cursor,
    new RegExp(`^r1\\|([1-9][0-9]?)\\|${ID}\\|([0-9a-f]{32}|\\d{4}-\\d\\d-\\d\\d/\\d{3}|)$`),
  );
  const k1 = safeId(m?.[2]);
  if (!m || k1 === undefined) return undefined;
  return { kind: Number(m[1]), k1, k2: m[3] ?? '' };
}

export interface LineCursor {
  k1: number;
  k2: number;
}

export const encodeLineCursor = (p: LineCursor) => encode(`c1|${p.k1}|${p.k2}`);

export function decodeLineCursor(cursor: string): LineCursor | undefined {
  const m = decode(cursor, new RegExp(`^c1\\|${ID}\\|${ID}$`));
  const k1 = safeId(m?.[1]);
  const k2 = safeId(m?.[2]);
  if (!m || k1 === undefined || k2 === undefined) return undefined;
  return { k1, k2 };
}
