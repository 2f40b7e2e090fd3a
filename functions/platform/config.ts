/**
 * Environment configuration, read once per cold start and checked there with zod: a missing
 * variable or a value that is not what it should be (`SESSION_MAX_HOURS=twelve`) fails the cold
 * start with the variable's name, instead of a request later or a silent NaN.
 *
 * Each module reads only the variables it needs (`readConfig({ ... })`), because each function
 * is given only what its route-table entry grants.
 */
import type { Schema } from '../contracts/zod';
import * as z from '../contracts/zod';

/** An unset variable and an empty one mean the same: not configured. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const variable = <T extends Schema>(schema: T) => z.pipe(z.transform(unsetIfEmpty), schema);

/** A required, non-empty value. */
export const text = () =>
  variable(z.string({ error: (issue) => (issue.input === undefined ? 'is missing' : undefined) }));

/** A value that may be left unset. */
export const optionalText = () => variable(z.optional(z.string()));

/** An absolute http(s) URL, or unset. */
export const optionalUrl = () =>
  variable(z.optional(z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })));

const number = (check: z.ZodMiniNumber<number>, fallback: number) =>
  variable(
    z._default(
      z.pipe(
        z.pipe(
          z.string().check(
            z.regex(/^\s*-?\d+(\.\d+)?\s*$/, {
              error: (i) => `must be a number (got "${i.input}")`,
            }),
          ),
          z.transform(Number),
        ),
        check,
      ),
      fallback,
    ),
  );

/** A number above zero, `fallback` when unset. */
export const positiveNumber = (fallback: number) =>
  number(z.number().check(z.positive({ error: 'must be greater than 0' })), fallback);

/** A number of at least zero, `fallback` when unset. */
export const nonNegativeNumber = (fallback: number) =>
  number(z.number().check(z.minimum(0, { error: 'must be 0 or more' })), fallback);

/** A whole number of at least 1, `fallback` when unset. */
export const positiveInteger = (fallback: number) =>
  number(
    z
      .number()
      .check(
        z.int({ error: 'must be a whole number' }),
        z.minimum(1, { error: 'must be at least 1' }),
      ),
    fallback,
  );

/** `true` or `false`, `fallback` when unset. */
export const flag = (fallback: boolean) =>
  variable(
    z.pipe(
      z._default(
        z.enum(['true', 'false'], { error: (i) => `must be true or false (got "${i.input}")` }),
        String(fallback) as 'true' | 'false',
      ),
      z.transform((v: 'true' | 'false') => v === 'true'),
    ),
  );

/** A comma-separated list; empty when unset. */
export const list = () =>
  variable(
    z.pipe(
      z._default(z.string(), ''),
      z.transform((v: string) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ),
  );

/** Thrown at cold start: the message names every variable that is wrong and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The variables of `shape`, checked and converted. Throws a ConfigError naming each variable
 * that is missing or malformed, e.g. `Invalid configuration: SESSION_MAX_HOURS must be a number
 * (got "twelve")`.
 */
export function readConfig<S extends Record<string, Schema>>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodMiniObject<S>> {
  const values = Object.fromEntries(Object.keys(shape).map((name) => [name, env[name]]));
  const parsed = z.object(shape).safeParse(values);
  if (parsed.success) return parsed.data as z.output<z.ZodMiniObject<S>>;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** One required variable. */
export const requireEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string =>
  readConfig({ [name]: text() }, env)[name] as string;

/** One comma-separated list variable. */
export const listEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string[] =>
  readConfig({ [name]: list() }, env)[name] as string[];
