import { skipNonCode } from '../../db/split-statements';

/** One `:name` reference found in SQL text. */
export interface ParameterReference {
  name: string;
  /** Index of the colon. */
  start: number;
  /** Index just after the name. */
  end: number;
}

const isNameChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/**
 * Finds `:name` references the way the Data API does: names are `[A-Za-z0-9_]+` (so `:1` is a
 * parameter too), and nothing inside string literals, quoted identifiers, comments or
 * dollar-quoted bodies counts, nor does a `::` cast.
 */
export function findNamedParameters(sql: string): ParameterReference[] {
  const found: ParameterReference[] = [];
  let i = 0;
  while (i < sql.length) {
    const skipped = skipNonCode(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (sql[i] === ':') {
      if (sql[i + 1] === ':') {
        // A cast: the type name that follows is not a parameter.
        i += 2;
        continue;
      }
      let end = i + 1;
      while (isNameChar(sql[end])) end++;
      if (end > i + 1) {
        found.push({ name: sql.slice(i + 1, end), start: i, end });
        i = end;
        continue;
      }
    }
    i++;
  }
  return found;
}

/**
 * Replaces each reference with the placeholder returned for its name. The same name gets the
 * same placeholder; `placeholderFor` is called once per distinct name, in order of first use.
 */
export function replaceNamedParameters(
  sql: string,
  placeholderFor: (name: string) => string,
): { text: string; names: string[] } {
  const references = findNamedParameters(sql);
  const placeholders = new Map<string, string>();
  let text = '';
  let last = 0;
  for (const ref of references) {
    let placeholder = placeholders.get(ref.name);
    if (placeholder === undefined) {
      placeholder = placeholderFor(ref.name);
      placeholders.set(ref.name, placeholder);
    }
    text += sql.slice(last, ref.start) + placeholder;
    last = ref.end;
  }
  text += sql.slice(last);
  return { text, names: [...placeholders.keys()] };
}
