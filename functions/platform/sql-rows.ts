import type { ArrayValue, ColumnMetadata, Field } from '@aws-sdk/client-rds-data';

/** A row as plain JSON-friendly values keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * Data API timestamps come as `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC; callers get ISO 8601 with
 * millisecond precision, the form JSON clients expect.
 */
export function fromDataApiTimestamp(text: string): string {
  const [day, time = '00:00:00'] = text.split(' ');
  const [hms, fraction = ''] = time.split('.');
  return `${day}T${hms}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

function convertArray(value: ArrayValue, typeName: string): unknown[] {
  if (value.arrayValues) {
    return value.arrayValues.map((v) => (v ? convertArray(v, typeName) : null));
  }
  const items: unknown[] =
    value.stringValues ?? value.longValues ?? value.doubleValues ?? value.booleanValues ?? [];
  return items.map((v) => (typeof v === 'string' ? convertText(v, typeName.replace(/^_/, '')) : v));
}

function convertText(text: string, typeName: string): unknown {
  switch (typeName) {
    case 'timestamptz':
    case 'timestamp':
      return fromDataApiTimestamp(text);
    case 'numeric':
      return Number(text);
    case 'json':
    case 'jsonb':
      return JSON.parse(text);
    default:
      return text;
  }
}

function convertField(field: Field, column: ColumnMetadata): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return convertText(field.stringValue, column.typeName ?? '');
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.arrayValue !== undefined) return convertArray(field.arrayValue, column.typeName ?? '');
  return null;
}

/** Turns Data API records into rows, converting numeric, timestamps and json in this one place. */
export function toRows(records: Field[][] = [], columns: ColumnMetadata[] = []): Row[] {
  return records.map((record) => {
    const row: Row = {};
    record.forEach((field, i) => {
      const column = columns[i] ?? {};
      row[column.label ?? column.name ?? `column_${i}`] = convertField(field, column);
    });
    return row;
  });
}
