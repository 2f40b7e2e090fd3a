/**
 * The zod every contract is written in: its tree-shakeable build ("mini": functions instead of
 * methods), so a function bundles only the validators its contracts use and not the JSON-Schema
 * generator, which only `GET /openapi.json` and the event schema files need (about 70 KB less
 * in every function). The full build loads its English messages by itself; this one is told to.
 * Import it as a namespace (`import * as z from './zod'`) so bundles can still drop what no
 * contract uses.
 */
import { config, type ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** Any schema, as route specs and handlers take them. */
export type Schema<Output = unknown> = ZodMiniType<Output>;
