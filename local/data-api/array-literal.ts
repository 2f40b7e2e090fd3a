/** A parsed Postgres array: element texts (null for NULL) or nested arrays. */
export type ArrayItem = string | null | ArrayItem[];

/**
 * Parses the text form Postgres prints for arrays, e.g. `{1,2,NULL}`, `{{"a b","c\"d"}}` or
 * `[0:1]={7,8}` (explicit bounds are dropped). `delimiter` is `;` only for the box type.
 */
export function parseArrayLiteral(text: string, delimiter = ','): ArrayItem[] {
  let i = 0;
  if (text[0] === '[') {
    const eq = text.indexOf('=');
    if (eq === -1) throw new Error(`Malformed array literal: ${text}`);
    i = eq + 1;
  }

  const parseArray = (): ArrayItem[] => {
    if (text[i] !== '{') throw new Error(`Malformed array literal: ${text}`);
    i++;
    const items: ArrayItem[] = [];
    if (text[i] === '}') {
      i++;
      return items;
    }
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '{') {
        items.push(parseArray());
      } else if (text[i] === '"') {
        i++;
        let value = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i] ?? '';
          i++;
        }
        i++;
        items.push(value);
      } else {
        const start = i;
        while (i < text.length && text[i] !== delimiter && text[i] !== '}') i++;
        const raw = text.slice(start, i).trim();
        items.push(raw.toUpperCase() === 'NULL' ? null : raw);
      }
      while (text[i] === ' ') i++;
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return items;
      }
      throw new Error(`Malformed array literal: ${text}`);
    }
  };

  return parseArray();
}
