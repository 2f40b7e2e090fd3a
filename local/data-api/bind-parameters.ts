import { invalidInput } from './errors';
import { replaceNamedParameters } from './named-parameters';
import type { WireField, WireSqlParameter } from './wire-types';

/** SQL ready for the extended protocol: `$n` placeholders and their text values. */
export interface BoundStatement {
  text: string;
  values: (string | null)[];
}

interface TypedValue {
  /** Postgres type the placeholder is cast to; undefined leaves it for Postgres to infer. */
  cast: string | undefined;
  value: string | null;
}

const TYPE_HINTS = ['DATE', 'DECIMAL', 'JSON', 'TIME', 'TIMESTAMP', 'UUID'] as const;
type TypeHint = (typeof TYPE_HINTS)[number];

const HINT_CASTS: Record<TypeHint, string> = {
  DATE: 'date',
  DECIMAL: 'numeric',
  JSON: 'jsonb',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  UUID: 'uuid',
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const inRange = (text: string | undefined, min: number, max: number): boolean =>
  text !== undefined && Number(text) >= min && Number(text) <= max;

function validDate(year: string | undefined, month: string | undefined, day: string | undefined) {
  if (!inRange(month, 1, 12) || !inRange(day, 1, 31)) return false;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCDate() === Number(day);
}

const validTime = (h: string | undefined, m: string | undefined, s: string | undefined) =>
  inRange(h, 0, 23) && inRange(m, 0, 59) && inRange(s, 0, 59);

/**
 * Checks a typeHint'ed string as strictly as the service does (it parses the value in its own
 * driver before Postgres sees it, so ISO forms with `T`/`Z` that Postgres would take fail).
 */
function checkHinted(name: string, hint: TypeHint, value: string): void {
  const invalid = (format: string) =>
    invalidInput(`Invalid value for parameter ${name}: ${hint} values must be ${format}`);
  switch (hint) {
    case 'DATE': {
      const m = DATE.exec(value);
      if (!m || !validDate(m[1], m[2], m[3])) throw invalid('YYYY-MM-DD');
      return;
    }
    case 'TIME': {
      const m = TIME.exec(value);
      if (!m || !validTime(m[1], m[2], m[3])) throw invalid('HH:MM:SS[.FFF]');
      return;
    }
    case 'TIMESTAMP': {
      const m = TIMESTAMP.exec(value);
      if (!m || !validDate(m[1], m[2], m[3]) || !validTime(m[4], m[5], m[6])) {
        throw invalid('YYYY-MM-DD HH:MM:SS[.FFF]');
      }
      return;
    }
    case 'DECIMAL':
      if (!DECIMAL.test(value)) throw invalid('a decimal number');
      return;
    case 'UUID':
      if (!UUID.test(value)) throw invalid('a UUID');
      return;
    case 'JSON':
      // Postgres validates JSON itself and reports it as a database error, as on AWS.
      return;
  }
}

function parseTypeHint(name: string, typeHint: unknown): TypeHint | undefined {
  if (typeHint === undefined || typeHint === null) return undefined;
  if (typeof typeHint !== 'string' || !(TYPE_HINTS as readonly string[]).includes(typeHint)) {
    throw invalidInput(
      `Invalid typeHint for parameter ${name}: ${String(typeHint)}. ` +
        `Valid values are ${TYPE_HINTS.join(', ')}`,
    );
  }
  return typeHint as TypeHint;
}

function bytesToHex(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}

/** The cast and text form of one parameter value. */
export function typedValue(name: string, field: unknown, typeHint: unknown): TypedValue {
  const hint = parseTypeHint(name, typeHint);
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw invalidInput(`Parameter ${name} has no value`);
  }
  const members = Object.entries(field as WireField).filter(([, v]) => v !== undefined);
  if (members.length !== 1) {
    throw invalidInput(`Parameter ${name} must set exactly one value member`);
  }
  const [kind, value] = members[0] as [keyof WireField, unknown];
  switch (kind) {
    case 'isNull':
      if (value !== true) throw invalidInput(`Parameter ${name} has no value`);
      // Untyped on purpose: Postgres must infer it or fail, as it does behind the service.
      return { cast: hint ? HINT_CASTS[hint] : undefined, value: null };
    case 'stringValue':
      if (typeof value !== 'string') throw invalidInput(`Parameter ${name}: invalid stringValue`);
      if (hint) {
        checkHinted(name, hint, value);
        return { cast: HINT_CASTS[hint], value };
      }
      return { cast: 'text', value };
    case 'longValue':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw invalidInput(`Parameter ${name}: invalid longValue`);
      }
      return { cast: 'int8', value: String(value) };
    case 'doubleValue':
      if (typeof value !== 'number') throw invalidInput(`Parameter ${name}: invalid doubleValue`);
      return { cast: 'float8', value: String(value) };
    case 'booleanValue':
      if (typeof value !== 'boolean') throw invalidInput(`Parameter ${name}: invalid booleanValue`);
      return { cast: 'bool', value: value ? 'true' : 'false' };
    case 'blobValue':
      if (typeof value !== 'string' || !BASE64.test(value)) {
        throw invalidInput(`Parameter ${name}: invalid blobValue`);
      }
      return { cast: 'bytea', value: bytesToHex(Buffer.from(value, 'base64')) };
    case 'arrayValue':
      throw invalidInput('Array parameters are not supported.');
    default:
      throw invalidInput(`Parameter ${name} has an unknown value member ${String(kind)}`);
  }
}

function parameterMap(parameters: unknown): Map<string, WireSqlParameter> {
  const byName = new Map<string, WireSqlParameter>();
  if (parameters === undefined || parameters === null) return byName;
  if (!Array.isArray(parameters)) throw invalidInput('parameters must be a list');
  for (const parameter of parameters as unknown[]) {
    if (typeof parameter !== 'object' || parameter === null) {
      throw invalidInput('Each parameter must be an object');
    }
    const { name } = parameter as WireSqlParameter;
    if (typeof name !== 'string' || name === '') throw invalidInput('Parameter name is required');
    if (byName.has(name)) throw invalidInput(`Parameter ${name} is specified more than once`);
    byName.set(name, parameter as WireSqlParameter);
  }
  return byName;
}

/**
 * Rewrites `:name` references to `($n::type)` with the type taken from the value's kind (or its
 * typeHint), never inferred from the SQL. Parentheses keep `:x[1]` and `:x::date` valid.
 */
export function bindParameters(sql: string, parameters: unknown): BoundStatement {
  const supplied = parameterMap(parameters);
  const values: (string | null)[] = [];
  const { text } = replaceNamedParameters(sql, (name) => {
    const parameter = supplied.get(name);
    if (!parameter) throw invalidInput(`No value specified for parameter: ${name}`);
    const typed = typedValue(name, parameter.value, parameter.typeHint);
    values.push(typed.value);
    const placeholder = `$${values.length}`;
    return typed.cast ? `(${placeholder}::${typed.cast})` : placeholder;
  });
  // Parameters the SQL does not reference are still validated, as the service does.
  for (const [name, parameter] of supplied) typedValue(name, parameter.value, parameter.typeHint);
  return { text, values };
}
