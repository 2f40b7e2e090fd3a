/**
 * Request and response shapes as they travel over HTTP (restJson1): blobs are base64 strings,
 * unions are objects with exactly one member.
 */

export interface WireArrayValue {
  booleanValues?: (boolean | null)[];
  longValues?: (number | bigint | null)[];
  doubleValues?: (number | null)[];
  stringValues?: (string | null)[];
  arrayValues?: WireArrayValue[];
}

export interface WireField {
  isNull?: boolean;
  booleanValue?: boolean;
  longValue?: number | bigint;
  doubleValue?: number;
  stringValue?: string;
  blobValue?: string;
  arrayValue?: WireArrayValue;
}

export interface WireSqlParameter {
  name?: string;
  value?: WireField;
  typeHint?: string;
}

export interface WireResultSetOptions {
  decimalReturnType?: string;
  longReturnType?: string;
}

export interface WireColumnMetadata {
  name: string;
  type: number;
  typeName: string;
  label: string;
  schemaName: string;
  tableName: string;
  isAutoIncrement: boolean;
  isSigned: boolean;
  isCurrency: boolean;
  isCaseSensitive: boolean;
  nullable: number;
  precision: number;
  scale: number;
  arrayBaseColumnType: number;
}

export interface ExecuteStatementRequest {
  resourceArn?: unknown;
  secretArn?: unknown;
  sql?: unknown;
  database?: unknown;
  schema?: unknown;
  parameters?: unknown;
  transactionId?: unknown;
  includeResultMetadata?: unknown;
  continueAfterTimeout?: unknown;
  resultSetOptions?: unknown;
  formatRecordsAs?: unknown;
}

export interface BatchExecuteStatementRequest {
  resourceArn?: unknown;
  secretArn?: unknown;
  sql?: unknown;
  database?: unknown;
  schema?: unknown;
  parameterSets?: unknown;
  transactionId?: unknown;
}

export interface ExecuteStatementResponse {
  records?: WireField[][];
  columnMetadata?: WireColumnMetadata[];
  numberOfRecordsUpdated: number;
  generatedFields: WireField[];
  formattedRecords?: string;
}
