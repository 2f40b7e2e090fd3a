import type { SqlParameter } from '@aws-sdk/client-rds-data';

/**
 * A value with an explicit Data API type hint. Plain strings travel as `text`; columns of type
 * uuid, date, timestamp, numeric or json need one of these wrappers (or a cast in the SQL).
 */
export class TypedValue {
  constructor(
    readonly typeHint: 'UUID' | 'DATE' | 'TIME' | 'TIMESTAMP' | 'DECIMAL' | 'JSON',
    readonly value: string | null,
  ) {}
}

export type SqlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | Uint8Array
  | TypedValue;
export type SqlParams = Readonly<Record<string, SqlValue>>;

/** `2026-03-01T10:00:00.123Z` → `2026-03-01 10:00:00.123`, the only form the Data API accepts. */
export const toDataApiTimestamp = (d: Date): string =>
  d.toISOString().replace('T', ' ').replace('Z', '');

export const typed = {
  uuid: (v: string | null) => new TypedValue('UUID', v),
  date: (v: string | null) => new TypedValue('DATE', v),
  timestamp: (v: Date | null) => new TypedValue('TIMESTAMP', v && toDataApiTimestamp(v)),
  decimal: (v: number | string | null) => new TypedValue('DECIMAL', v === null ? null : String(v)),
  json: (v: unknown) =>
    new TypedValue('JSON', v === null || v === undefined ? null : JSON.stringify(v)),
};

export function toSqlParameter(name: string, value: SqlValue): SqlParameter {
  if (value instanceof TypedValue) {
    return value.value === null
      ? { name, value: { isNull: true }, typeHint: value.typeHint }
      : { name, value: { stringValue: value.value }, typeHint: value.typeHint };
  }
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (typeof value === 'string') return { name, value: { stringValue: value } };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Parameter ${name} is not a finite number`);
    return Number.isInteger(value)
      ? { name, value: { longValue: value } }
      : { name, value: { doubleValue: value } };
  }
  if (value instanceof Date) {
    return { name, value: { stringValue: toDataApiTimestamp(value) }, typeHint: 'TIMESTAMP' };
  }
  return { name, value: { blobValue: value } };
}
