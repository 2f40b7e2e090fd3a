/**
 * Splits a PostgreSQL script into single statements.
 *
 * Used by the migration runner (inside Lambda, where the Data API accepts one statement per
 * call) and by the local Data API emulator, so it has no dependencies.
 */

const isIdentChar = (ch: string | undefined): boolean =>
  ch !== undefined && (/[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) > 127);

const isTagStart = (ch: string | undefined): boolean =>
  ch !== undefined && (/[A-Za-z_]/.test(ch) || ch.charCodeAt(0) > 127);

const isTagChar = (ch: string | undefined): boolean =>
  ch !== undefined && (/[A-Za-z0-9_]/.test(ch) || ch.charCodeAt(0) > 127);

/** `'…'` with `''` escapes; returns the index after the closing quote (or the end). */
function skipSingleQuoted(sql: string, start: number, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === "'") {
      if (sql[i + 1] === "'") i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function skipDoubleQuoted(sql: string, start: number): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '"') {
      if (sql[i + 1] === '"') i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  // Postgres block comments nest.
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** The `$tag$` opening at `start`, or undefined when `$` does not open a dollar quote there. */
function dollarTagAt(sql: string, start: number): string | undefined {
  // `$1` is a positional parameter and `a$b` an identifier, not quotes.
  if (isIdentChar(sql[start - 1])) return undefined;
  let i = start + 1;
  if (sql[i] === '$') return '$$';
  if (!isTagStart(sql[i])) return undefined;
  while (isTagChar(sql[i])) i++;
  return sql[i] === '$' ? sql.slice(start, i + 1) : undefined;
}

/**
 * When a string literal, quoted identifier, comment or dollar-quoted body starts at `index`,
 * returns the index just after it; otherwise returns `index` unchanged. Unterminated
 * constructs run to the end of the text.
 */
export function skipNonCode(sql: string, index: number): number {
  const ch = sql[index];
  const next = sql[index + 1];
  if (ch === "'") return skipSingleQuoted(sql, index, false);
  if ((ch === 'E' || ch === 'e') && next === "'" && !isIdentChar(sql[index - 1])) {
    return skipSingleQuoted(sql, index + 1, true);
  }
  if (ch === '"') return skipDoubleQuoted(sql, index);
  if (ch === '-' && next === '-') {
    const end = sql.indexOf('\n', index + 2);
    return end === -1 ? sql.length : end + 1;
  }
  if (ch === '/' && next === '*') return skipBlockComment(sql, index);
  if (ch === '$') {
    const tag = dollarTagAt(sql, index);
    if (tag !== undefined) {
      const end = sql.indexOf(tag, index + tag.length);
      return end === -1 ? sql.length : end + tag.length;
    }
  }
  return index;
}

/** True when the text holds nothing but whitespace and comments. */
function isBlank(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const isComment = (ch === '-' && text[i + 1] === '-') || (ch === '/' && text[i + 1] === '*');
    if (!isComment) return false;
    i = skipNonCode(text, i);
  }
  return true;
}

/**
 * Splits `sql` on top-level semicolons. Each statement is returned without its semicolon and
 * without surrounding whitespace; statements holding only whitespace or comments are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (!isBlank(text)) statements.push(text);
  };
  while (i < sql.length) {
    const skipped = skipNonCode(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (sql[i] === ';') {
      push(i);
      start = i + 1;
    }
    i++;
  }
  push(sql.length);
  return statements;
}
