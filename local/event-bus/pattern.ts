/**
 * EventBridge event-pattern matching: the subset of content filtering the AWS documentation
 * describes (exact values, prefix, suffix, anything-but, numeric, exists, equals-ignore-case,
 * wildcard, cidr, $or, and array overlap), so local rules select what AWS rules would.
 */
export type EventPattern = { readonly [field: string]: unknown };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
  'wildcard',
  'cidr',
]);

/** Checks a pattern's shape as PutRule would; throws with the offending path. */
export function validatePattern(pattern: unknown, path = 'pattern'): EventPattern {
  if (!isObject(pattern) || Object.keys(pattern).length === 0) {
    throw new Error(`${path} must be a non-empty JSON object`);
  }
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2)
        throw new Error(`${at} must list at least two patterns`);
      for (const [i, p] of value.entries()) validatePattern(p, `${at}[${i}]`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${at} must not be an empty array`);
      for (const condition of value) {
        if (isObject(condition)) {
          const [operator, ...more] = Object.keys(condition);
          if (!operator || more.length || !OPERATORS.has(operator)) {
            throw new Error(
              `${at} has an unknown or compound operator ${JSON.stringify(condition)}`,
            );
          }
        }
      }
    } else if (isObject(value)) {
      validatePattern(value, at);
    } else {
      throw new Error(`${at} must be an array of values or a nested pattern`);
    }
  }
  return pattern;
}

const asStrings = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');

function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && pattern[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (ch === '*') {
      source += '.*';
    } else {
      source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

function inCidr(value: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const ip = ipv4ToNumber(value);
  const network = ipv4ToNumber(base ?? '');
  const prefix = Number(bits);
  if (ip === undefined || network === undefined || !(prefix >= 0 && prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(network / size);
}

function numericMatch(value: number, spec: unknown[]): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i];
    const bound = spec[i + 1] as number;
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

/** `{prefix: 'x'}` or `{prefix: {'equals-ignore-case': 'x'}}`, likewise for suffix. */
function affixMatch(values: unknown[], spec: unknown, test: (v: string, a: string) => boolean) {
  const ignoreCase = isObject(spec);
  const affix = String(ignoreCase ? spec['equals-ignore-case'] : spec);
  return asStrings(values).some((v) =>
    ignoreCase ? test(v.toLowerCase(), affix.toLowerCase()) : test(v, affix),
  );
}

/** One value of a leaf array against the event's values (one value, or an array's elements). */
function matchCondition(condition: unknown, values: unknown[], present: boolean): boolean {
  if (!isObject(condition)) return values.some((v) => v === condition);
  const [operator] = Object.keys(condition);
  const spec = condition[operator as string];
  switch (operator) {
    case 'prefix':
      return affixMatch(values, spec, (v, a) => v.startsWith(a));
    case 'suffix':
      return affixMatch(values, spec, (v, a) => v.endsWith(a));
    case 'equals-ignore-case': {
      const wanted = [spec].flat().map((s) => String(s).toLowerCase());
      return asStrings(values).some((v) => wanted.includes(v.toLowerCase()));
    }
    case 'wildcard':
      return asStrings(values).some((v) => wildcardRegExp(String(spec)).test(v));
    case 'numeric':
      return values.some((v) => typeof v === 'number' && numericMatch(v, spec as unknown[]));
    case 'exists':
      // Only leaves exist: an object-valued field does not satisfy `exists: true`.
      return spec === true
        ? present && values.length > 0 && values.every((v) => !isObject(v))
        : !present;
    case 'cidr':
      return asStrings(values).some((v) => inCidr(v, String(spec)));
    case 'anything-but':
      // A missing field matches nothing, not even anything-but.
      return values.some((v) => !matchesAnyOf(spec, v));
    default:
      return false;
  }
}

/** What `anything-but` excludes: a value, a list, or a prefix/suffix/ignore-case/wildcard. */
function matchesAnyOf(spec: unknown, value: unknown): boolean {
  if (Array.isArray(spec)) return spec.some((s) => matchesAnyOf(s, value));
  if (isObject(spec)) {
    const [operator] = Object.keys(spec);
    const inner = spec[operator as string];
    if (Array.isArray(inner))
      return inner.some((i) => matchesAnyOf({ [operator as string]: i }, value));
    return matchCondition(spec, [value], true);
  }
  return spec === value;
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  // Arrays of objects match when any element matches (EventBridge flattens arrays).
  if (Array.isArray(value)) return value.some((element) => matchObject(pattern, element));
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(sub as EventPattern[]).some((alternative) => matchObject(alternative, value)))
        return false;
      continue;
    }
    const present = isObject(value) && key in value;
    const field = present ? (value as Json)[key] : undefined;
    if (Array.isArray(sub)) {
      const values = field === undefined ? [] : Array.isArray(field) ? field : [field];
      if (!sub.some((condition) => matchCondition(condition, values, present))) return false;
    } else if (!present || !matchObject(sub as EventPattern, field)) {
      return false;
    }
  }
  return true;
}

/** True when the event (a full envelope) matches the pattern. */
export const matchesPattern = (pattern: EventPattern, event: Record<string, unknown>): boolean =>
  matchObject(pattern, event);
