/**
 * fast-check arbitraries from the JSON Schemas in /openapi.json: values a schema accepts, and
 * hostile ones (wrong types, out-of-range numbers, control characters, lone surrogates, huge and
 * empty strings, impossible dates) that it must refuse with a 400 rather than a 500.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
}

/** Strings that have broken parsers, SQL and mail headers before. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  'line\r\nBcc: someone@example.com',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202e',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2024-02-30',
  '2024-13-01',
  '+002024-01-01',
  '2024-01-01T00:00:00Z',
  '-1',
  '0',
  '1e309',
  '-0',
  '0.0000001',
  'NaN',
  'Infinity',
  '0x10',
  '١٢٣',
  'null',
  'true',
  '[]',
  '{}',
  "' OR '1'='1",
  "'; DROP TABLE study_sessions; --",
  ':name',
  '$1',
  '%00',
  '%zz',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'a'.repeat(201),
  'ü'.repeat(1001),
  '😀'.repeat(60),
];

/** Numbers at and past the edges of what columns and JSON can hold. */
const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.001,
  0.004,
  0.005,
  1.5,
  1e-7,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

const hostileScalar = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [1, 'a'], { nested: { deep: [null] } }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Out-of-range and wrong-kind values for one schema, beside the generic hostile ones. */
function edgesOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  if (low !== undefined) edges.push(low - 1, low - 0.001, low);
  if (high !== undefined) edges.push(high + 1, high + 0.5, high);
  if (schema.maxLength !== undefined) edges.push('x'.repeat(schema.maxLength + 1));
  if (schema.type === 'integer') edges.push(1.5, '7');
  if (schema.format === 'date') edges.push('1999-12-31', '2000-01-01', '2100-01-01');
  return edges.length > 0 ? fc.constantFrom(...edges) : hostileScalar;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A real calendar day in the years the product can meet. */
const isoDay = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2032-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`);

/** Values `schema` accepts (as far as a schema alone can say: rules across fields may refuse). */
export function validOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(validOf));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1;
      const max = Math.min(schema.maximum ?? 1_000_000, 2 ** 31);
      return fc.integer({ min, max });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      // Whole numbers and cents, as people type them.
      return fc.oneof(
        fc.integer({ min: Math.ceil(min) + 1, max: Math.floor(max) }),
        fc
          .integer({ min: Math.ceil(min * 100) + 1, max: Math.floor(max * 100) })
          .map((c) => c / 100),
      );
    }
    case 'object':
      return objectOf(schema, validOf);
    default:
      return stringOf(schema);
  }
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date') return isoDay;
  if (schema.format === 'email') {
    return fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/).map((local) => `${local}@example.com`);
  }
  if (schema.pattern === '^[1-9][0-9]{0,15}$')
    return fc.integer({ min: 1, max: 10 ** 9 }).map(String);
  return fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 40, 40),
    unit: 'grapheme-ascii',
  });
}

/** A value for one field: mostly valid, sometimes hostile. */
export function fieldOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: validOf(schema), weight: 6 },
    { arbitrary: edgesOf(schema), weight: 2 },
    { arbitrary: hostileScalar, weight: 2 },
  );
}

/** An object whose properties come from `field`; sometimes a required one is missing. */
function objectOf(
  schema: JsonSchema,
  field: (schema: JsonSchema) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) {
    // A free-form map (activity metadata): JSON of any shape, hostile keys included.
    return fc.dictionary(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_STRINGS)),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 5 },
    );
  }
  const required = schema.required ?? [];
  return fc.record(
    Object.fromEntries(names.map((name) => [name, field(properties[name] as JsonSchema)])),
    { requiredKeys: required.filter((name) => names.includes(name)) },
  );
}

/** A request body for `schema`: mostly an object of fuzzed fields, sometimes not an object. */
export function bodyOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const fuzzedObject = objectOf(schema, fieldOf);
  return fc.oneof(
    { arbitrary: objectOf(schema, validOf), weight: 3 },
    { arbitrary: fuzzedObject, weight: 6 },
    {
      // Everything required left out, or a field nobody declared.
      arbitrary: fc.oneof(
        fc.constant({}),
        fc
          .tuple(
            fuzzedObject,
            fc.constantFrom('unknown_field', '__proto__', 'user_id', 'id'),
            hostileScalar,
          )
          .map(([body, key, value]) => ({ ...body, [key]: value })),
      ),
      weight: 1,
    },
    { arbitrary: hostileScalar, weight: 1 },
  );
}

/** Query values as text, the way they travel. */
export function queryValueOf(schema: JsonSchema): fc.Arbitrary<string> {
  return fieldOf(schema).map((value) =>
    typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value),
  );
}
