import { type ArrayItem, parseArrayLiteral } from './array-literal';
import type { RawResult, Session } from './backend';
import { columnMetadata } from './column-metadata';
import { unsupportedResult } from './errors';
import { stringifyJson, toLong } from './json-text';
import { MAX_RESPONSE_BYTES, MAX_ROW_BYTES } from './limits';
import type { PgType, TypeCatalog } from './type-catalog';
import type { ExecuteStatementResponse, WireArrayValue, WireField } from './wire-types';

export interface ResultOptions {
  includeResultMetadata: boolean;
  formatRecordsAs: 'NONE' | 'JSON';
  decimalReturnType: 'STRING' | 'DOUBLE_OR_LONG';
  longReturnType: 'LONG' | 'STRING';
}

/** How a column's values are reported. */
type ValueKind =
  | 'long'
  | 'double'
  | 'decimal'
  | 'bool'
  | 'blob'
  | 'timestamptz'
  | 'string'
  | { array: ValueKind };

const SCALAR_KINDS: Record<string, ValueKind> = {
  int2: 'long',
  int4: 'long',
  int8: 'long',
  oid: 'long',
  float4: 'double',
  float8: 'double',
  numeric: 'decimal',
  bool: 'bool',
  bytea: 'blob',
  timestamptz: 'timestamptz',
};

/**
 * Types the service has no Field mapping for: a result holding one fails with
 * UnsupportedResultException ("It contained an unsupported data type",
 * https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html#API_ExecuteStatement_Errors);
 * cast them (`::text`, `::numeric`) to read them.
 */
const UNSUPPORTED_TYPES = new Set([
  'money',
  'char', // the one-byte "char", not char(n) (bpchar)
  'macaddr',
  'macaddr8',
  'point',
  'line',
  'lseg',
  'box',
  'path',
  'polygon',
  'circle',
  'regclass',
  'regproc',
  'regprocedure',
  'regoper',
  'regoperator',
  'regtype',
  'regconfig',
  'regdictionary',
  'regnamespace',
  'regrole',
  'regcollation',
]);

/** The reason the service refuses a column of this type, or undefined when it maps it. */
function unsupportedReason(type: PgType | undefined): string | undefined {
  if (!type) return undefined;
  if (type.kind === 'r' || type.kind === 'm') return `range type ${type.name}`;
  if (UNSUPPORTED_TYPES.has(type.name)) return `type ${type.name}`;
  return undefined;
}

function kindOf(catalog: TypeCatalog, oid: number, column: string): ValueKind {
  const element: PgType | undefined = catalog.elementOf(oid);
  if (element) return { array: kindOf(catalog, element.oid, column) };
  const type = catalog.resolve(oid);
  const reason = unsupportedReason(type);
  if (reason) {
    throw unsupportedResult(
      `The result contains an unsupported data type: ${reason} (column ${column})`,
    );
  }
  return (type && SCALAR_KINDS[type.name]) ?? 'string';
}

/** The service maps one-dimensional arrays only. */
function oneDimensional(items: ArrayItem[]): (string | null)[] {
  if (items.some((item) => Array.isArray(item))) {
    throw unsupportedResult('The result contains a multidimensional array, which is not supported');
  }
  return items as (string | null)[];
}

/** Session time zone is UTC, so dropping the printed `+00` offset leaves the UTC time. */
const stripOffset = (text: string): string => text.replace(/[+-]\d{2}(:\d{2}){0,2}$/, '');

const hexToBytes = (text: string): Buffer => Buffer.from(text.slice(2), 'hex');

function longField(text: string, options: ResultOptions): WireField {
  return options.longReturnType === 'STRING' ? { stringValue: text } : { longValue: toLong(text) };
}

function doubleField(text: string): WireField {
  const n = Number(text);
  // NaN and infinities have no JSON number form.
  return Number.isFinite(n) ? { doubleValue: n } : { stringValue: text };
}

function decimalField(text: string, options: ResultOptions): WireField {
  if (options.decimalReturnType === 'DOUBLE_OR_LONG') {
    // Long when the value has no fractional digits (scale 0), double otherwise.
    if (/^-?\d+$/.test(text)) return { longValue: toLong(text) };
    return doubleField(text);
  }
  return { stringValue: text };
}

function arrayValue(items: ArrayItem[], kind: ValueKind, options: ResultOptions): WireArrayValue {
  const scalars = oneDimensional(items);
  const each = <T>(convert: (text: string) => T): (T | null)[] =>
    scalars.map((text) => (text === null ? null : convert(text)));
  switch (kind) {
    case 'long':
      return options.longReturnType === 'STRING'
        ? { stringValues: each((t) => t) }
        : { longValues: each(toLong) };
    case 'double':
      return { doubleValues: each(Number) };
    case 'bool':
      return { booleanValues: each((t) => t === 't') };
    case 'timestamptz':
      return { stringValues: each(stripOffset) };
    default:
      return { stringValues: each((t) => t) };
  }
}

function toField(text: string | null, kind: ValueKind, options: ResultOptions): WireField {
  if (text === null) return { isNull: true };
  if (typeof kind === 'object') {
    return { arrayValue: arrayValue(parseArrayLiteral(text), kind.array, options) };
  }
  switch (kind) {
    case 'long':
      return longField(text, options);
    case 'double':
      return doubleField(text);
    case 'decimal':
      return decimalField(text, options);
    case 'bool':
      return { booleanValue: text === 't' };
    case 'blob':
      return { blobValue: hexToBytes(text).toString('base64') };
    case 'timestamptz':
      return { stringValue: stripOffset(text) };
    default:
      return { stringValue: text };
  }
}

/** A value for `formattedRecords`: numbers, booleans and strings as the JSON mode maps them. */
function toJsonValue(text: string | null, kind: ValueKind, options: ResultOptions): unknown {
  if (text === null) return null;
  if (typeof kind === 'object') {
    return oneDimensional(parseArrayLiteral(text)).map((item) =>
      toJsonValue(item, kind.array, options),
    );
  }
  if (kind === 'blob') return hexToBytes(text).toString('base64');
  const field = toField(text, kind, options);
  return field.longValue ?? field.doubleValue ?? field.booleanValue ?? field.stringValue ?? null;
}

function rowBytes(row: (string | null)[], kinds: ValueKind[]): number {
  let total = 0;
  row.forEach((text, i) => {
    if (text === null) return;
    total += kinds[i] === 'blob' ? (text.length - 2) / 2 : Buffer.byteLength(text);
  });
  return total;
}

/** Turns a raw result into the ExecuteStatement response, enforcing the service's limits. */
export async function formatResult(
  raw: RawResult,
  session: Session,
  catalog: TypeCatalog,
  options: ResultOptions,
): Promise<ExecuteStatementResponse> {
  // The service reports the update count for DML and 0 for queries and DDL.
  const updated = raw.command === 'SELECT' || raw.rowCount === null ? 0 : raw.rowCount;
  const response: ExecuteStatementResponse = {
    numberOfRecordsUpdated: updated,
    generatedFields: [],
  };
  const fields = raw.fields;
  if (!fields) return response;

  await catalog.load(
    session,
    fields.map((f) => f.dataTypeID),
  );
  const kinds = fields.map((f) => kindOf(catalog, f.dataTypeID, f.name));
  for (const row of raw.rows) {
    if (rowBytes(row, kinds) > MAX_ROW_BYTES) {
      throw unsupportedResult('Database returned more than the allowed row size limit of 64 KB');
    }
  }

  if (options.formatRecordsAs === 'JSON') {
    const names = fields.map((f) => f.name);
    if (new Set(names).size !== names.length) {
      // Object keys would collide and silently drop a column; insist on distinct aliases.
      throw unsupportedResult(
        'The result set contains duplicate column names; use column aliases to make them unique',
      );
    }
    const objects = raw.rows.map((row) =>
      Object.fromEntries(
        row.map((text, i) => [names[i], toJsonValue(text, kinds[i] ?? 'string', options)]),
      ),
    );
    response.formattedRecords = stringifyJson(objects);
  } else {
    response.records = raw.rows.map((row) =>
      row.map((text, i) => toField(text, kinds[i] ?? 'string', options)),
    );
    if (options.includeResultMetadata) {
      response.columnMetadata = await columnMetadata(session, catalog, fields);
    }
  }
  return response;
}

/** Serialises a response, refusing it when it exceeds the service's 1 MiB response limit. */
export function serializeResponse(response: unknown): string {
  const text = stringifyJson(response);
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) {
    throw unsupportedResult('Database returned more than the allowed response size limit');
  }
  return text;
}
