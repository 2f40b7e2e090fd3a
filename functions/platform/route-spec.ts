/**
 * The shape of one entry of the route table (`functions/routes.ts`): what the HTTP plumbing,
 * OpenAPI, infra and the local gateway read from it. Declared here, below the table, so that
 * platform code types itself against the shape without importing the table.
 */
import type { ZodType } from 'zod';

/**
 * AWS resources a function may touch; infra grants exactly these and nothing else.
 * `database`: the Data API as the API role (DML, a statement timeout of seconds);
 * `database-batch`: as the batch role (scheduled jobs: a longer statement timeout), see
 * db/roles.ts; `email`: SES sending on the reports identity; `email-links`: the URLs emails
 * link to; `signing-secret`: the secret that signs unsubscribe links; `email-events`: the name
 * of the configuration set whose bounces and complaints it reads (no permission).
 */
export type Resource =
  | 'database'
  | 'database-batch'
  | 'bus'
  | 'email'
  | 'email-links'
  | 'signing-secret'
  | 'email-events';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Full path with API Gateway `{param}` placeholders. */
  readonly path: string;
  readonly summary: string;
  /** False only for public routes; everything else needs a valid bearer token. */
  readonly auth: boolean;
  readonly uses: readonly Resource[];
  /** Costly per request (reports, trends, comparison): tighter throttling at the gateway. */
  readonly expensive?: boolean;
  readonly request?: { body?: ZodType; query?: ZodType; params?: ZodType };
  /** HTTP status of a successful answer (default 200). */
  readonly successStatus?: number;
}

export interface HttpRoute extends RouteSpec {
  /** Kebab-case function name, also the module file name under functions/http/. */
  readonly name: string;
}
