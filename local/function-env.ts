/**
 * Each function's own environment in a process that hosts them all. On Lambda a function sees
 * only the variables infra sets for it; here every invocation runs with the variables its
 * route-table entry grants laid over the shared ones (today: the secret of its database role,
 * or none), so a function cannot use a role it was not given.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type RoleKey, roleOfUses } from '../db/roles';
import { type Resource, wakeUpQueues } from '../functions/routes';
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

/** What infra's binders set on a function with these `uses`, locally. */
export function grantedEnvironment(
  uses: readonly Resource[],
  roleSecrets: Readonly<Record<RoleKey, string>>,
  wakeUpQueueUrls: Readonly<Record<string, string>> = {},
): Overrides {
  const role = roleOfUses(uses);
  const env: Record<string, string | undefined> = {
    DATABASE_SECRET_ARN: role ? roleSecrets[role] : undefined,
  };
  // The wake-up queues a function may send to, and only those (infra/wake-ups.ts).
  for (const spec of wakeUpQueues) {
    env[spec.envName] = uses.includes(spec.grantedBy) ? wakeUpQueueUrls[spec.name] : undefined;
  }
  return env;
}

/** The handler, invoked with its function's environment. */
export function withEnvironment(handler: LambdaHandler, env: Overrides): LambdaHandler {
  install();
  return (event, context) => storage.run(env, () => handler(event, context));
}
