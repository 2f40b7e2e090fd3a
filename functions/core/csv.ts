/**
 * CSV as RFC 4180 writes it, safe to open in a spreadsheet: a text cell that a spreadsheet would
 * run as a formula (starting with =, +, -, @, or a tab or carriage return, OWASP's list) is
 * prefixed with an apostrophe, and a cell holding a comma, quote or line break is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines end in CRLF, as RFC 4180 has them. */
export const csvLines = (rows: readonly (readonly unknown[])[]): string =>
  rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
