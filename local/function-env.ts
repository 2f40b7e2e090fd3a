/**
 * Each function's own environment in a process that hosts them all. On Lambda a function sees
 * only the variables infra sets for it; here its module is loaded (its cold start) and every
 * invocation runs with the variables its table entry grants (functions/platform/route-spec.ts):
 * a variable some other grant gives is absent unless this function's grant gives it too, and
 * the database secret is that of its own role, so a function can neither read a setting nor use
 * a role it was not given. Variables no grant gives (the AWS endpoints, Powertools settings,
 * tuning knobs) are shared.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type RoleKey, roleOfUses } from '../db/roles';
import {
  GRANTABLE_VARIABLES,
  type Grant,
  grantedVariables,
} from '../functions/platform/route-spec';
import type { LambdaHandler } from './lambda';

type Overrides = Readonly<Record<string, string | undefined>>;

const storage = new AsyncLocalStorage<Overrides>();
let installed = false;

/** process.env reads the invocation's overrides first (a name set to undefined is absent). */
function install(): void {
  if (installed) return;
  installed = true;
  const shared = process.env;
  const overrides = () => storage.getStore() ?? {};
  process.env = new Proxy(shared, {
    // Writes go to the shared environment itself (process.env takes plain values only).
    set: (target, key, value) => Reflect.set(target, key, value),
    get: (target, key) =>
      typeof key === 'string' && key in overrides() ? overrides()[key] : Reflect.get(target, key),
    has: (target, key) =>
      typeof key === 'string' && key in overrides()
        ? overrides()[key] !== undefined
        : Reflect.has(target, key),
    ownKeys: (target) => {
      const keys = new Set(Reflect.ownKeys(target));
      for (const [key, value] of Object.entries(overrides())) {
        if (value === undefined) keys.delete(key);
        else keys.add(key);
      }
      return [...keys];
    },
    getOwnPropertyDescriptor: (target, key) => {
      if (typeof key === 'string' && key in overrides()) {
        const value = overrides()[key];
        return value === undefined
          ? undefined
          : { value, writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/**
 * What a function with this grant sees, as overrides of the shared environment: each variable
 * of another grant removed, and the secret of its own database role.
 */
export function grantedEnvironment(
  grant: Grant,
  roleSecrets: Readonly<Record<RoleKey, string>>,
): Overrides {
  const granted = grantedVariables(grant);
  const overrides: Record<string, string | undefined> = {};
  for (const name of GRANTABLE_VARIABLES) if (!granted.has(name)) overrides[name] = undefined;
  // Locally the signing secret is given by value (UNSUBSCRIBE_SECRET) rather than by ARN.
  if (!granted.has('UNSUBSCRIBE_SECRET_ARN')) overrides.UNSUBSCRIBE_SECRET = undefined;
  const role = roleOfUses(grant.uses);
  overrides.DATABASE_SECRET_ARN = role ? roleSecrets[role] : undefined;
  return overrides;
}

/** Runs `work` (a module's loading: its cold start) in a function's environment. */
export function inEnvironment<T>(env: Overrides, work: () => T): T {
  install();
  return storage.run(env, work);
}

/** The handler, invoked with its function's environment. */
export function withEnvironment(handler: LambdaHandler, env: Overrides): LambdaHandler {
  install();
  return (event, context) => storage.run(env, () => handler(event, context));
}
