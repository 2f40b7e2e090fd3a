/**
 * Everything a deploy (or `npm start`) does to the database, in order: the master user creates
 * and maintains the roles, the migrator applies the migrations it owns, then grants the API and
 * batch roles what they may touch of the result.
 */
import type { DataApi } from '../functions/platform/data-api';
import { type Migration, migrate } from './migrate';
import { grantRoles, provisionRoles, type RoleKey } from './roles';

export interface PrepareDatabaseInput {
  /** Logged in as the master user (roles only). */
  readonly master: DataApi;
  /** Logged in as the migrator role. */
  readonly migrator: DataApi;
  readonly migrations: readonly Migration[];
  /** Passwords from the roles' secrets; locally there are none (the emulator sets the role). */
  readonly passwords?: Partial<Record<RoleKey, string>>;
}

/** Returns the names of the migrations this call applied. */
export async function prepareDatabase(input: PrepareDatabaseInput): Promise<string[]> {
  await provisionRoles(input.master, input.passwords);
  const applied = await migrate(input.migrator, input.migrations);
  await grantRoles(input.migrator);
  return applied;
}
