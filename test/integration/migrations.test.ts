import { randomUUID } from 'node:crypto';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { DataApi } from '../../functions/platform/data-api';
import { type DataApiEmulator, startDataApiEmulator } from '../../local/data-api/server';

let emulator: DataApiEmulator;
let client: RDSDataClient;
let db: DataApi;
// Unique names keep this file independent of other runs on a shared PostgreSQL database.
const tag = randomUUID().replaceAll('-', '').slice(0, 12);
const table = `migration_probe_${tag}`;

beforeAll(async () => {
  emulator = await startDataApiEmulator({
    databaseUrl: process.env.DATABASE_URL || undefined,
    database: 'test',
  });
  client = new RDSDataClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  db = new DataApi(
    {
      resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:migrations-test',
      secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:migrations-test',
      database: 'test',
    },
    client,
  );
});

afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`DELETE FROM schema_migrations WHERE name LIKE '9%_${tag}%'`);
  client.destroy();
  await emulator.close();
});

const first = {
  name: `901_${tag}_create`,
  // Quotes, a comment with a semicolon and a $$ body: the splitter must keep them whole.
  sql: `-- creates; the probe
    CREATE TABLE ${table} (id int PRIMARY KEY, note text DEFAULT 'a;b');
    CREATE FUNCTION ${table}_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM ${table}; $$;
    INSERT INTO ${table} (id) VALUES (1);`,
};
const second = { name: `902_${tag}_insert`, sql: `INSERT INTO ${table} (id) VALUES (2);` };

describe('the migration runner', () => {
  it('applies each migration once, in order, statement by statement', async () => {
    expect(await migrate(db, [first, second])).toEqual([first.name, second.name]);
    expect(await migrate(db, [first, second])).toEqual([]);
    const { rows } = await db.query(
      `SELECT ${table}_count() AS n, min(note) AS note FROM ${table}`,
    );
    expect(rows).toEqual([{ n: 2, note: 'a;b' }]);
  });

  it('refuses a migration edited after it was applied', async () => {
    await expect(migrate(db, [{ ...first, sql: `${first.sql} SELECT 1;` }])).rejects.toThrow(
      /changed after it was applied/,
    );
  });

  it('rolls a failing migration back whole, so it can be fixed and rerun', async () => {
    const broken = {
      name: `903_${tag}_broken`,
      sql: `INSERT INTO ${table} (id) VALUES (3); INSERT INTO ${table} (id) VALUES (1);`,
    };
    await expect(migrate(db, [first, second, broken])).rejects.toThrow(/duplicate key/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows).toEqual([{ n: 2 }]);
    const fixed = { ...broken, sql: `INSERT INTO ${table} (id) VALUES (3);` };
    expect(await migrate(db, [first, second, fixed])).toEqual([fixed.name]);
  });
});
