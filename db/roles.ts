/**
 * The database roles the service logs in as, each with its own Secrets Manager secret. The
 * master user only creates and maintains them; no function logs in as the master.
 *
 * - `api`: HTTP and event functions. DML on the application tables (not on schema_migrations),
 *   no DELETE on the ledgers (points, outbox, idempotency keys), and a statement_timeout of a
 *   few seconds: a backstop under the function's own 10 s timeout.
 * - `batch`: scheduled jobs. DML on the application tables, and a longer timeout that still
 *   ends a statement before the Data API stops waiting for it (45 s).
 * - `migrator`: owns the schema and runs the migrations (DDL).
 */
import type { Queryable } from '../functions/platform/data-api';
import type { Resource } from '../functions/platform/route-spec';

export const DATABASE_ROLES = {
  api: { name: 'study_analytics_api', statementTimeout: '5s' },
  batch: { name: 'study_analytics_batch', statementTimeout: '40s' },
  migrator: { name: 'study_analytics_migrator', statementTimeout: '0' },
} as const;

export type RoleKey = keyof typeof DATABASE_ROLES;
export const ROLE_KEYS = Object.keys(DATABASE_ROLES) as RoleKey[];

/** The role a function logs in as, named by its route-table entry's `uses`. */
export function roleOfUses(uses: readonly Resource[]): RoleKey | undefined {
  if (uses.includes('database')) return 'api';
  if (uses.includes('database-batch')) return 'batch';
  return undefined;
}

/** Tables the API role may add to and change, but never delete from. */
const LEDGER_TABLES = ['points_ledger', 'points_daily', 'outbox', 'idempotency_keys'];

/** Serialises role maintenance of concurrent runners on one database. */
const ROLES_LOCK_ID = 7_242_612;

/**
 * Sets a role's password without the password ever being part of a statement's text (which
 * statement logging could record): it travels as a parameter of a temporary function.
 */
const SET_PASSWORD_FUNCTION = `
  CREATE FUNCTION pg_temp.set_role_password(role_name text, password text) RETURNS void
  LANGUAGE plpgsql AS $fn$
  BEGIN
    EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', role_name, password);
  END
  $fn$`;

/** Changes a role's password through the Data API (deploys and rotation). */
export async function setRolePassword(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  role: string,
  password: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(SET_PASSWORD_FUNCTION);
    await tx.query('SELECT pg_temp.set_role_password(:role, :password)', { role, password });
  });
}

/**
 * Run as the master user, before migrations: creates the roles (concurrent runners on other
 * databases of the same server may race to create them, which is harmless), sets their
 * statement timeouts in this database, lets them in, and hands the schema to the migrator. A
 * database migrated before these roles existed has its objects moved to the migrator.
 */
export async function provisionRoles(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  passwords: Partial<Record<RoleKey, string>> = {},
): Promise<void> {
  const migrator = DATABASE_ROLES.migrator.name;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(:lock_id)', { lock_id: ROLES_LOCK_ID });
    for (const role of Object.values(DATABASE_ROLES)) {
      await tx.query(`
        DO $do$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role.name}') THEN
            CREATE ROLE ${role.name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END
        $do$`);
      await tx.query(
        `ALTER ROLE ${role.name} IN DATABASE ${await currentDatabase(tx)} SET statement_timeout = '${role.statementTimeout}'`,
      );
    }
    await tx.query(`
      DO $do$
      BEGIN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${roleList()}', current_database());
      END
      $do$`);
    await tx.query(`GRANT USAGE ON SCHEMA public TO ${roleList()}`);
    await tx.query(`GRANT CREATE ON SCHEMA public TO ${migrator}`);
    // Lets the master hand its objects over (ALTER … OWNER needs membership of the new owner).
    await tx.query(`
      DO $do$
      BEGIN
        IF NOT pg_has_role(current_user, '${migrator}', 'MEMBER') THEN
          EXECUTE format('GRANT ${migrator} TO %I', current_user);
        END IF;
      END
      $do$`);
    await tx.query(HAND_OVER_OBJECTS);
  });
  for (const key of ROLE_KEYS) {
    const password = passwords[key];
    if (password) await setRolePassword(db, DATABASE_ROLES[key].name, password);
  }
}

const roleList = () =>
  Object.values(DATABASE_ROLES)
    .map((r) => r.name)
    .join(', ');

async function currentDatabase(tx: Queryable): Promise<string> {
  const { rows } = await tx.query<{ name: string }>(
    'SELECT quote_ident(current_database()) AS name',
  );
  if (!rows[0]) throw new Error('current_database() returned no row');
  return rows[0].name;
}

/** Objects of the public schema that the current user owns become the migrator's. */
const HAND_OVER_OBJECTS = `
  DO $do$
  DECLARE
    item record;
  BEGIN
    FOR item IN
      SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                            WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
             c.oid::regclass::text AS name
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relowner = current_user::regrole
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
      UNION ALL
      SELECT 'ROUTINE', p.oid::regprocedure::text
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.proowner = current_user::regrole
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      UNION ALL
      SELECT 'TYPE', t.oid::regtype::text
      FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typowner = current_user::regrole
        AND t.typtype IN ('e', 'd', 'r', 'm') AND t.typelem = 0
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype IN ('i', 'e'))
    LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${DATABASE_ROLES.migrator.name}', item.kind, item.name);
    END LOOP;
  END
  $do$`;

/**
 * Run as the migrator, after migrations: the API and batch roles may read and write every
 * application table (new ones included), never the migrations' own bookkeeping, and the API
 * role may not erase a ledger, except through erase_student() (migration 016), which erases one
 * whole student for DELETE /me.
 */
export async function grantRoles(db: Queryable): Promise<void> {
  const { api, batch } = DATABASE_ROLES;
  const users = `${api.name}, ${batch.name}`;
  await db.query(`
    DO $do$
    BEGIN
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${users};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${users};
      REVOKE ALL ON TABLE schema_migrations FROM ${users};
      REVOKE DELETE ON TABLE ${LEDGER_TABLES.join(', ')} FROM ${api.name};
      REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${users};
      GRANT EXECUTE ON FUNCTION erase_student(text) TO ${api.name};
    END
    $do$`);
}
