/**
 * Preparing a database (roles, migrations, grants) costs seconds on a busy machine, and most
 * integration files start a local stack of their own. So a run prepares one template, and each
 * file's stack starts from a copy of it: on embedded PGlite a dump of the prepared data
 * directory, loaded in memory; on a PostgreSQL server a database cloned with
 * `CREATE DATABASE … TEMPLATE`, dropped when the stack closes.
 *
 * The global set-up names the template in the environment, which the test workers inherit.
 * Without it (a bench, or the e2e suite) a stack prepares its own database as before.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import pg from 'pg';
import { startDataApiEmulator } from '../../local/data-api/server';
import {
  LOCAL_ARNS,
  LOCAL_SECRET_ROLES,
  type LocalStackOptions,
  prepareLocalDatabase,
} from '../../local/stack';

/** A file holding the prepared PGlite data directory. */
const PGLITE_TEMPLATE = 'TEST_PGLITE_TEMPLATE';
/** The name of the prepared template database on the DATABASE_URL server. */
const POSTGRES_TEMPLATE = 'TEST_POSTGRES_TEMPLATE';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs statements on the server of `databaseUrl` (CREATE/DROP DATABASE need no transaction). */
async function onServer(databaseUrl: string, statements: string[]): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const results: pg.QueryResult[] = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  } finally {
    await client.end();
  }
}

/** `databaseUrl` with another database name. */
function withDatabase(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

const databaseOf = (databaseUrl: string) =>
  decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

/** Copies of the template are named after the run's database, so a clean-up can find them. */
const copyPrefix = (databaseUrl: string) => `${databaseOf(databaseUrl)}_copy_`;

const clientOf = (endpoint: string) =>
  new RDSDataClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Prepares the template of this run; returns how to remove it afterwards. */
export async function createTemplate(
  databaseUrl: string | undefined,
): Promise<() => Promise<void>> {
  if (!databaseUrl) {
    const emulator = await startDataApiEmulator({
      secretRoles: LOCAL_SECRET_ROLES,
      database: LOCAL_ARNS.database,
    });
    const file = join(tmpdir(), `study-analytics-template-${randomBytes(6).toString('hex')}.tar`);
    try {
      await prepareLocalDatabase(clientOf(emulator.url));
      await writeFile(file, Buffer.from(await (await emulator.dumpPglite()).arrayBuffer()));
    } finally {
      await emulator.close();
    }
    process.env[PGLITE_TEMPLATE] = file;
    return async () => {
      delete process.env[PGLITE_TEMPLATE];
      await rm(file, { force: true });
    };
  }
  const name = `${databaseOf(databaseUrl)}_template`;
  await onServer(databaseUrl, [
    `DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`,
    `CREATE DATABASE ${quote(name)}`,
  ]);
  const emulator = await startDataApiEmulator({
    databaseUrl: withDatabase(databaseUrl, name),
    secretRoles: LOCAL_SECRET_ROLES,
    database: LOCAL_ARNS.database,
  });
  try {
    await prepareLocalDatabase(clientOf(emulator.url));
  } finally {
    // Closing ends the emulator's connections: a template must have none while it is copied.
    await emulator.close();
  }
  process.env[POSTGRES_TEMPLATE] = name;
  return async () => {
    delete process.env[POSTGRES_TEMPLATE];
    const [found] = await onServer(databaseUrl, [
      `SELECT datname FROM pg_database WHERE starts_with(datname, '${copyPrefix(databaseUrl)}')`,
    ]);
    const leftOver = (found?.rows ?? []) as { datname: string }[];
    // Copies a crashed worker left behind go with the template.
    await onServer(databaseUrl, [
      ...leftOver.map((row) => `DROP DATABASE IF EXISTS ${quote(row.datname)} WITH (FORCE)`),
      `DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`,
    ]);
  };
}

/**
 * A copy does not inherit the roles' per-database settings (`ALTER ROLE … IN DATABASE … SET`,
 * kept by database in pg_db_role_setting), the roles' statement timeouts among them: copy them.
 */
const copyRoleSettings = (template: string, copy: string) => `
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT ro.rolname, split_part(setting, '=', 1) AS name,
           substr(setting, strpos(setting, '=') + 1) AS value
    FROM pg_db_role_setting s
    JOIN pg_roles ro ON ro.oid = s.setrole
    JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) AS setting
    WHERE d.datname = '${template.replaceAll("'", "''")}'
  LOOP
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %s = %L', r.rolname,
      '${copy.replaceAll("'", "''")}', r.name, r.value);
  END LOOP;
END
$$`;

export interface DatabaseCopy {
  /** What to pass to startLocalStack for a stack on this copy. */
  readonly options: Pick<LocalStackOptions, 'databaseUrl' | 'pgliteImage' | 'databasePrepared'>;
  /** Removes the copy (PostgreSQL); call after the stack has closed. */
  drop(): Promise<void>;
}

/** A database of one's own, copied from the run's template when there is one. */
export async function copyOfTemplate(databaseUrl: string | undefined): Promise<DatabaseCopy> {
  const nothing = async () => {};
  if (!databaseUrl) {
    const file = process.env[PGLITE_TEMPLATE];
    if (!file) return { options: {}, drop: nothing };
    const image = new Blob([await readFile(file)]);
    return { options: { pgliteImage: image, databasePrepared: true }, drop: nothing };
  }
  const template = process.env[POSTGRES_TEMPLATE];
  if (!template) return { options: { databaseUrl }, drop: nothing };
  const name = `${copyPrefix(databaseUrl)}${randomBytes(6).toString('hex')}`;
  await onServer(databaseUrl, [
    `CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`,
    copyRoleSettings(template, name),
  ]);
  return {
    options: { databaseUrl: withDatabase(databaseUrl, name), databasePrepared: true },
    drop: async () => {
      await onServer(databaseUrl, [`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`]);
    },
  };
}
