/**
 * Each call starts from the same session settings. The service hands calls to pooled
 * connections, so a `SET TimeZone` (or `set_config`) in one call must not shape the answers of
 * the next; inside a transaction the settings last until it ends, then they are restored too.
 */
import { SESSION_SETUP, type Session } from './backend';
import type { SecretRoleMap } from './roles';

const CALLS_SET_CONFIG = /\bset_config\s*\(/i;

export class SessionSettings {
  readonly #changed = new WeakSet<Session>();

  constructor(private readonly roles: SecretRoleMap) {}

  /** Notes a statement that may have changed the session's settings. */
  note(session: Session, sql: string, command: string): void {
    if (/^(SET|RESET|DISCARD)$/.test(command) || CALLS_SET_CONFIG.test(sql)) {
      this.#changed.add(session);
      // The role's settings may be among those changed: switch again before the next use.
      this.roles.forget(session);
    }
  }

  /** Puts a changed session back to the settings every connection starts with. */
  async restore(session: Session): Promise<void> {
    if (!this.#changed.has(session)) return;
    this.#changed.delete(session);
    await session.query('RESET ALL');
    for (const statement of SESSION_SETUP) await session.query(statement);
  }
}
