/**
 * Applies the numbered SQL migrations through the Data API, so the same code runs in the
 * deploy-time custom resource and on a developer's machine. Each migration runs once, in its
 * own transaction, recorded in `schema_migrations` with a checksum so that an edited,
 * already-applied migration is reported instead of silently ignored.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataApi } from '../functions/platform/data-api';
import { splitStatements } from './split-statements';

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;
/** Serialises concurrent runners (two deploys, or a deploy and a developer) on one database. */
const MIGRATION_LOCK_ID = 7_242_611;

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!MIGRATION_FILE.test(file)) {
        throw new Error(`Migration file ${file} must be named like 001_description.sql`);
      }
      return { name: file.replace(/\.sql$/, ''), sql: readFileSync(join(dir, file), 'utf8') };
    });
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/** Applies what is missing; returns the names of the migrations applied by this call. */
export async function migrate(db: DataApi, migrations: readonly Migration[]): Promise<string[]> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name       text PRIMARY KEY,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const sum = checksum(migration.sql);
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(:lock_id)', { lock_id: MIGRATION_LOCK_ID });
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE name = :name',
        { name: migration.name },
      );
      if (rows[0]) {
        if (rows[0].checksum !== sum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied`);
        }
        return false;
      }
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES (:name, :checksum)', {
        name: migration.name,
        checksum: sum,
      });
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
