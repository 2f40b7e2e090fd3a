/**
 * Secret ARN → database role. On AWS the Data API logs in with the user named in the secret, so
 * a statement has exactly that role's privileges and settings (`ALTER ROLE … SET
 * statement_timeout`). The emulator holds one kind of connection, so it switches role instead:
 * `SET ROLE` and the role's settings as a login would apply them, before each statement or
 * transaction whose secret names another role than the connection has.
 */
import type { Session } from './backend';
import { DataApiError } from './errors';

/** Secret ARN → role name; null: the connection's own user (the master user). */
export type SecretRoles = Readonly<Record<string, string | null>>;

/** Settings a role may carry that a switch must apply or undo. */
const MANAGED_SETTINGS = [
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
];

/** A statement that would change who the connection is, which no role here may do. */
const CHANGES_IDENTITY =
  /\b(?:set|reset)\s+(?:(?:session|local)\s+)?(?:role|session\s+authorization)\b|\bset_config\s*\(\s*'(?:role|session_authorization)'|\bdiscard\s+all\b|\breset\s+all\b/i;

interface SessionState {
  role: string | null | undefined;
  defaults: Record<string, string> | undefined;
}

const SWITCH = `
  WITH wanted AS (
    SELECT d.key AS name,
           coalesce(
             (SELECT substr(c, length(d.key) + 2)
                FROM pg_db_role_setting s, unnest(s.setconfig) c
               WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)
                 AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND c LIKE d.key || '=%'),
             (SELECT substr(c, length(d.key) + 2)
                FROM pg_db_role_setting s, unnest(s.setconfig) c
               WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)
                 AND s.setdatabase = 0
                 AND c LIKE d.key || '=%'),
             d.value) AS value
      FROM json_each_text($2::json) d
  )
  SELECT set_config('role', $1, false) AS role,
         (SELECT count(set_config(name, value, false)) FROM wanted) AS settings`;

export class SecretRoleMap {
  readonly #states = new WeakMap<Session, SessionState>();

  /** Without a map every secret logs in as the connection's user (emulator contract tests). */
  constructor(private readonly secrets?: SecretRoles) {}

  /** The role a secret logs in as; an unknown secret is refused as the service refuses it. */
  roleOf(secretArn: unknown): string | null {
    if (!this.secrets) return null;
    const role = typeof secretArn === 'string' ? this.secrets[secretArn] : undefined;
    if (role === undefined) {
      throw new DataApiError(
        'SecretsErrorException',
        `Error fetching secret ${String(secretArn)} : Secrets Manager can't find the specified secret.`,
      );
    }
    return role;
  }

  /** Makes `session` act as `role` (null: its own user) for what runs on it next. */
  async assume(session: Session, role: string | null): Promise<void> {
    let state = this.#states.get(session);
    if (!state) {
      state = { role: null, defaults: undefined };
      this.#states.set(session, state);
    }
    if (state.role === role) return;
    if (!state.defaults) {
      // The connection's own values, to restore when a role that changed them is left.
      const raw = await session.query(
        `SELECT ${MANAGED_SETTINGS.map((n, i) => `current_setting('${n}') AS s${i}`).join(', ')}`,
      );
      const row = raw.rows[0] ?? [];
      state.defaults = Object.fromEntries(MANAGED_SETTINGS.map((n, i) => [n, row[i] ?? '0']));
    }
    state.role = undefined; // unknown until the switch succeeds
    await session.query(SWITCH, [role ?? 'none', JSON.stringify(state.defaults)]);
    state.role = role;
  }

  /**
   * A role may not become another one (on AWS it logs in as itself and is no member of the
   * others); here the connection's user could, so such statements are refused.
   */
  checkStatement(sql: string, role: string | null): void {
    if (role !== null && CHANGES_IDENTITY.test(sql)) {
      throw new DataApiError(
        'DatabaseErrorException',
        `ERROR: permission denied to set role; SQLState: 42501`,
      );
    }
  }

  /** After SET/RESET of settings the connection's state is no longer what was recorded. */
  forget(session: Session): void {
    const state = this.#states.get(session);
    if (state) state.role = undefined;
  }
}
