const MARK = '\u0000int8:';
// The mark's NUL is escaped by JSON.stringify; Postgres text never contains NUL, so only
// values we marked can produce this exact token.
const MARKED = /"\\u0000int8:(-?\d+)"/g;

/**
 * JSON.stringify that writes bigint values as plain JSON numbers, so int8 values beyond 2^53
 * reach the wire with every digit, as the service sends them.
 */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `${MARK}${v.toString()}` : v,
  );
  return text.replace(MARKED, '$1');
}

/** An int8 text as a number when exact, else as a bigint. */
export function toLong(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
