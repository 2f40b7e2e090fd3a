/**
 * The shape of one entry of the route table (`functions/routes.ts`): what the HTTP plumbing,
 * OpenAPI, infra and the local gateway read from it. Declared here, below the table, so that
 * platform code types itself against the shape without importing the table.
 */
import type { Schema } from '../contracts/zod';

/**
 * AWS resources a function may touch; infra grants exactly these and nothing else.
 * `database`: the Data API as the API role (DML, a statement timeout of seconds);
 * `database-batch`: as the batch role (scheduled jobs: a longer statement timeout), see
 * db/roles.ts; `email`: SES sending on the reports identity; `email-links`: the URLs emails
 * link to; `signing-secret`: the secret that signs unsubscribe links; `email-events`: the name
 * of the configuration set whose bounces and complaints it reads (no permission). `bus` also
 * grants the outbox relay's wake-up queue, where a failed publication asks for its retry;
 * `report-sender-queue`: the report sender's wake-up queue.
 */
export type Resource =
  | 'database'
  | 'database-batch'
  | 'bus'
  | 'email'
  | 'email-links'
  | 'signing-secret'
  | 'email-events'
  | 'report-sender-queue';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Full path with API Gateway `{param}` placeholders. */
  readonly path: string;
  readonly summary: string;
  /** False only for public routes; everything else needs a valid bearer token. */
  readonly auth: boolean;
  readonly uses: readonly Resource[];
  /** Costly per request (reports, trends, comparison): tighter throttling at the gateway. */
  readonly expensive?: boolean;
  readonly request?: { body?: Schema; query?: Schema; params?: Schema };
  /**
   * The successful answer's body per media type: JSON described by a zod schema, and for some
   * routes a CSV or HTML rendering of it. Handlers are type-checked against it, the test stack
   * checks every answer against it (local/answer-check.ts), and /openapi.json documents it.
   */
  readonly response: ResponseSpec;
  /** HTTP status of a successful answer (default 200). */
  readonly successStatus?: number;
}

export type MediaType = 'application/json' | 'text/csv' | 'text/html';
export type ResponseSpec = { readonly [M in MediaType]?: Schema };

export interface HttpRoute extends RouteSpec {
  /** Kebab-case function name, also the module file name under functions/http/. */
  readonly name: string;
}

/**
 * The variables infra's binders set for each resource: all a function using it may read. The
 * local stack gives each function exactly these (local/function-env.ts), and the infra tests
 * check that no deployed function is given more.
 */
export const RESOURCE_VARIABLES: Readonly<Record<Resource, readonly string[]>> = {
  database: ['DATABASE_RESOURCE_ARN', 'DATABASE_SECRET_ARN', 'DATABASE_NAME'],
  'database-batch': ['DATABASE_RESOURCE_ARN', 'DATABASE_SECRET_ARN', 'DATABASE_NAME'],
  bus: ['EVENT_BUS_NAME', 'OUTBOX_RETRY_QUEUE_URL'],
  email: ['REPORT_FROM_ADDRESS', 'SES_CONFIGURATION_SET', 'REPORT_SENDS_PER_SECOND'],
  'email-links': ['PUBLIC_API_URL', 'DASHBOARD_URL', 'UNSUBSCRIBE_MAILTO'],
  'signing-secret': ['UNSUBSCRIBE_SECRET_ARN'],
  'email-events': ['SES_CONFIGURATION_SET'],
  'report-sender-queue': ['REPORT_SENDER_QUEUE_URL'],
};

/** What a route with `auth` is given to verify tokens (a Cognito pool, or an issuer and JWKS). */
export const AUTH_VARIABLES: readonly string[] = [
  'AUTH_COGNITO_USER_POOL_ID',
  'AUTH_COGNITO_CLIENT_ID',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URI',
];

/** What every EventBridge target is given: where to forward awards, when configured. */
export const EVENT_TARGET_VARIABLES: readonly string[] = ['GAMIFICATION_URL'];

/** What a function is granted, as the route, rule or schedule table declares it. */
export interface Grant {
  readonly uses: readonly Resource[];
  readonly auth?: boolean;
  readonly eventTarget?: boolean;
}

/** The variable names a function with this grant may see. */
export function grantedVariables(grant: Grant): Set<string> {
  return new Set([
    ...grant.uses.flatMap((resource) => RESOURCE_VARIABLES[resource]),
    ...(grant.auth ? AUTH_VARIABLES : []),
    ...(grant.eventTarget ? EVENT_TARGET_VARIABLES : []),
  ]);
}

/** Every variable some grant gives: the ones a function without that grant must not see. */
export const GRANTABLE_VARIABLES: ReadonlySet<string> = new Set([
  ...Object.values(RESOURCE_VARIABLES).flat(),
  ...AUTH_VARIABLES,
  ...EVENT_TARGET_VARIABLES,
]);
