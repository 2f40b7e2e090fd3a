import type { ResultField, Session } from './backend';
import type { TypeCatalog } from './type-catalog';
import type { WireColumnMetadata } from './wire-types';

/** java.sql.Types codes: the service reports column types as its JDBC driver does. */
const JDBC = {
  BIT: -7,
  SMALLINT: 5,
  INTEGER: 4,
  BIGINT: -5,
  REAL: 7,
  DOUBLE: 8,
  NUMERIC: 2,
  CHAR: 1,
  VARCHAR: 12,
  BINARY: -2,
  DATE: 91,
  TIME: 92,
  TIMESTAMP: 93,
  OTHER: 1111,
  ARRAY: 2003,
  SQLXML: 2009,
  REF_CURSOR: 2012,
} as const;

const JDBC_BY_TYPE: Record<string, number> = {
  int2: JDBC.SMALLINT,
  int4: JDBC.INTEGER,
  int8: JDBC.BIGINT,
  oid: JDBC.BIGINT,
  float4: JDBC.REAL,
  float8: JDBC.DOUBLE,
  money: JDBC.DOUBLE,
  numeric: JDBC.NUMERIC,
  char: JDBC.CHAR,
  bpchar: JDBC.CHAR,
  varchar: JDBC.VARCHAR,
  text: JDBC.VARCHAR,
  name: JDBC.VARCHAR,
  bytea: JDBC.BINARY,
  bool: JDBC.BIT,
  bit: JDBC.BIT,
  date: JDBC.DATE,
  time: JDBC.TIME,
  timetz: JDBC.TIME,
  timestamp: JDBC.TIMESTAMP,
  timestamptz: JDBC.TIMESTAMP,
  xml: JDBC.SQLXML,
  refcursor: JDBC.REF_CURSOR,
};

const SIGNED = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'money']);
const CASE_INSENSITIVE = new Set([
  'oid',
  'int2',
  'int4',
  'int8',
  'float4',
  'float8',
  'numeric',
  'bool',
  'bit',
  'varbit',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
]);
const UNKNOWN_LENGTH = 2147483647;

/** Column precision as the JDBC driver computes it from the type and its modifier. */
function precisionOf(type: string, typmod: number): number {
  const fractionDigits = typmod === -1 ? 6 : typmod;
  const timeLength = 8 + (fractionDigits > 0 ? fractionDigits + 1 : 0);
  switch (type) {
    case 'int2':
      return 5;
    case 'int4':
    case 'oid':
      return 10;
    case 'int8':
      return 19;
    case 'float4':
      return 8;
    case 'float8':
      return 17;
    case 'numeric':
      return typmod === -1 ? 0 : ((typmod - 4) >> 16) & 0xffff;
    case 'bool':
    case 'char':
      return 1;
    case 'bpchar':
    case 'varchar':
      return typmod === -1 ? UNKNOWN_LENGTH : typmod - 4;
    case 'bit':
    case 'varbit':
      return typmod === -1 ? UNKNOWN_LENGTH : typmod;
    case 'date':
      return 13;
    case 'time':
      return timeLength;
    case 'timetz':
      return timeLength + 6;
    case 'timestamp':
      return 14 + timeLength;
    case 'timestamptz':
      return 14 + timeLength + 6;
    case 'interval':
      return 49;
    default:
      return UNKNOWN_LENGTH;
  }
}

function scaleOf(type: string, typmod: number): number {
  switch (type) {
    case 'float4':
      return 8;
    case 'float8':
      return 17;
    case 'numeric':
      return typmod === -1 ? 0 : (typmod - 4) & 0xffff;
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz':
      return typmod === -1 ? 6 : typmod;
    default:
      return 0;
  }
}

interface TableColumn {
  tableName: string;
  notNull: boolean;
  autoIncrement: boolean;
}

/** Table name, NOT NULL and serial/identity flags for columns that come from a table. */
async function loadTableColumns(
  session: Session,
  fields: ResultField[],
): Promise<Map<string, TableColumn>> {
  const tables = [...new Set(fields.map((f) => f.tableID).filter((id) => id > 0))];
  const columns = new Map<string, TableColumn>();
  if (tables.length === 0) return columns;
  const result = await session.query(
    'SELECT a.attrelid::int8, a.attnum::int8, c.relname::text, a.attnotnull, ' +
      "(a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) " +
      "LIKE '%nextval(%', false)) " +
      'FROM pg_catalog.pg_attribute a ' +
      'JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
      'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
      'WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0',
    [`{${tables.join(',')}}`],
  );
  for (const [relid, attnum, relname, notNull, autoIncrement] of result.rows) {
    columns.set(`${relid}:${attnum}`, {
      tableName: relname ?? '',
      notNull: notNull === 't',
      autoIncrement: autoIncrement === 't',
    });
  }
  return columns;
}

/** `columnMetadata` for a result, in the shape and with the values the service reports. */
export async function columnMetadata(
  session: Session,
  catalog: TypeCatalog,
  fields: ResultField[],
): Promise<WireColumnMetadata[]> {
  const tableColumns = await loadTableColumns(session, fields);
  return fields.map((field) => {
    const declared = catalog.get(field.dataTypeID);
    const type = catalog.resolve(field.dataTypeID);
    const baseName = type?.name ?? 'unknown';
    const column = tableColumns.get(`${field.tableID}:${field.columnID}`);
    const isArray = catalog.elementOf(field.dataTypeID) !== undefined;
    let typeName = declared?.name ?? baseName;
    // The driver names auto-increment integer columns after their serial pseudo-type.
    if (column?.autoIncrement) {
      const serial: Record<string, string> = {
        int2: 'smallserial',
        int4: 'serial',
        int8: 'bigserial',
      };
      typeName = serial[baseName] ?? typeName;
    }
    return {
      name: field.name,
      label: field.name,
      type: isArray ? JDBC.ARRAY : (JDBC_BY_TYPE[baseName] ?? JDBC.OTHER),
      typeName,
      schemaName: '',
      tableName: column?.tableName ?? '',
      isAutoIncrement: column?.autoIncrement ?? false,
      isSigned: SIGNED.has(baseName),
      isCurrency: baseName === 'money',
      isCaseSensitive: !CASE_INSENSITIVE.has(baseName),
      // 0 = no nulls, 1 = nullable; expressions are reported nullable.
      nullable: column?.notNull ? 0 : 1,
      precision: precisionOf(baseName, field.dataTypeModifier),
      scale: scaleOf(baseName, field.dataTypeModifier),
      arrayBaseColumnType: 0,
    };
  });
}
