import { invalidInput } from './errors';
import { MAX_SQL_LENGTH } from './limits';

type Body = Record<string, unknown>;

/** Worded like AWS input validation errors. */
function violation(member: string, value: unknown, constraint: string) {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return invalidInput(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ` +
      constraint,
  );
}

export function requiredString(body: Body, member: string, min: number, max: number): string {
  const value = body[member];
  if (value === undefined || value === null) {
    throw violation(member, value, 'Member must not be null');
  }
  if (typeof value !== 'string') throw violation(member, value, 'Member must be a string');
  if (value.length < min || value.length > max) {
    throw violation(
      member,
      value.length > 200 ? `${value.slice(0, 200)}…` : value,
      `Member must have length between ${min} and ${max}`,
    );
  }
  return value;
}

export function optionalString(body: Body, member: string, max: number): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw violation(member, value, 'Member must be a string');
  if (value.length > max) {
    throw violation(member, value, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

export function optionalBoolean(body: Body, member: string): boolean {
  const value = body[member];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw violation(member, value, 'Member must be a boolean');
  return value;
}

export function optionalEnum<T extends string>(
  body: Body,
  member: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = body[member];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw violation(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** An Aurora DB cluster's ARN (the Data API addresses clusters, never instances). */
const CLUSTER_ARN =
  /^arn:aws(?:-[a-z]+)*:rds:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:cluster:[A-Za-z][A-Za-z0-9-]*$/;
/** A Secrets Manager secret's ARN. */
const SECRET_ARN =
  /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
/** A PostgreSQL database name as a client may send it unquoted. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Members every statement and transaction call carries, checked as the service checks them:
 * lengths from the API reference, ARNs of the right service and resource type, a database name
 * and no `schema`, which Aurora PostgreSQL clusters refuse
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.troubleshooting.html).
 * Returns the database asked for, if any.
 */
export function checkTarget(body: Body): string | undefined {
  const resourceArn = requiredString(body, 'resourceArn', 11, 100);
  if (!CLUSTER_ARN.test(resourceArn)) {
    throw violation('resourceArn', resourceArn, 'Member must be the ARN of an Aurora DB cluster');
  }
  const secretArn = requiredString(body, 'secretArn', 11, 100);
  if (!SECRET_ARN.test(secretArn)) {
    throw violation('secretArn', secretArn, 'Member must be the ARN of a Secrets Manager secret');
  }
  const database = optionalString(body, 'database', 64);
  if (database !== undefined && !DATABASE_NAME.test(database)) {
    throw violation('database', database, 'Member must be a database name');
  }
  if (body.schema !== undefined && body.schema !== null) {
    throw invalidInput(
      "The schema parameter isn't supported by Aurora PostgreSQL clusters; set search_path in the SQL instead",
    );
  }
  return database;
}

export function checkSql(body: Body): string {
  const sql = body.sql;
  if (typeof sql === 'string' && sql.length > MAX_SQL_LENGTH) {
    throw violation(
      'sql',
      `${sql.slice(0, 50)}…`,
      `Member must have length less than or equal to ${MAX_SQL_LENGTH}`,
    );
  }
  return requiredString(body, 'sql', 0, MAX_SQL_LENGTH);
}

export function optionalTransactionId(body: Body): string | undefined {
  return optionalString(body, 'transactionId', 192);
}

export function requiredTransactionId(body: Body): string {
  return requiredString(body, 'transactionId', 0, 192);
}
