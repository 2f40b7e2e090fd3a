/**
 * What differs between stages: one documented table (docs/deploy.md shows it), chosen with
 * `--context stage=dev|prod`; any single value can be overridden with `--context <key>=<value>`.
 */

export type StageName = 'dev' | 'prod';

export interface StageConfig {
  readonly stage: StageName;
  /** Aurora Serverless v2 capacity units; a minimum of 0 lets the cluster pause when idle. */
  readonly databaseMinCapacity: number;
  readonly databaseMaxCapacity: number;
  /** A second, reader instance in another availability zone (failover in about 30 s). */
  readonly databaseReader: boolean;
  readonly backupRetentionDays: number;
  /** Deletion protection on, and a final snapshot when the cluster is removed. */
  readonly protectDatabase: boolean;
  /** Database Insights: `standard` (Performance Insights, 7 days free) or `advanced` (15 months). */
  readonly databaseInsights: 'standard' | 'advanced';
  /** Statements slower than this are logged by PostgreSQL (exported to CloudWatch Logs). */
  readonly slowStatementMs: number;
  /** Retention of the API's access logs and the database's exported logs. */
  readonly logRetentionDays: number;
  /** Where alarms are emailed; nobody is subscribed when absent. */
  readonly alertEmail?: string;
  /** The dashboard's (and API's) own domain, with an ACM certificate in us-east-1. */
  readonly domainName?: string;
  readonly certificateArn?: string;
  /** Steady requests per second and burst for the whole API stage. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /** The same for each expensive route (reports, trends, comparison). */
  readonly expensiveRouteRateLimit: number;
  readonly expensiveRouteBurstLimit: number;
  /** Reserved concurrency of each API function: a flood on one route cannot take them all. */
  readonly apiReservedConcurrency: number;
  /** Requests one IP may make in any 5 minutes before WAF blocks it. */
  readonly wafRequestsPer5MinutesPerIp: number;
  /** How long the event archive keeps events for replay. */
  readonly eventArchiveDays: number;
  /** Principals (ARNs) other than our functions that may put events, only with their source. */
  readonly classEventPublishers: readonly string[];
  /** Cognito threat protection (Plus feature plan, billed per active user). */
  readonly threatProtection: boolean;
}

/** The table. Keep docs/deploy.md in step with it (a test compares them). */
export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    stage: 'dev',
    databaseMinCapacity: 0,
    databaseMaxCapacity: 4,
    databaseReader: false,
    backupRetentionDays: 7,
    protectDatabase: false,
    databaseInsights: 'standard',
    slowStatementMs: 500,
    logRetentionDays: 30,
    apiRateLimit: 50,
    apiBurstLimit: 100,
    expensiveRouteRateLimit: 5,
    expensiveRouteBurstLimit: 10,
    apiReservedConcurrency: 5,
    wafRequestsPer5MinutesPerIp: 1000,
    eventArchiveDays: 7,
    classEventPublishers: [],
    threatProtection: false,
  },
  prod: {
    stage: 'prod',
    databaseMinCapacity: 0.5,
    databaseMaxCapacity: 16,
    databaseReader: false,
    backupRetentionDays: 35,
    protectDatabase: true,
    databaseInsights: 'advanced',
    slowStatementMs: 1000,
    logRetentionDays: 365,
    apiRateLimit: 500,
    apiBurstLimit: 1000,
    expensiveRouteRateLimit: 50,
    expensiveRouteBurstLimit: 100,
    apiReservedConcurrency: 20,
    wafRequestsPer5MinutesPerIp: 3000,
    eventArchiveDays: 90,
    classEventPublishers: [],
    threatProtection: false,
  },
};

type Context = (key: string) => string | undefined;

function parseValue(key: string, text: string, like: unknown): unknown {
  if (Array.isArray(like)) {
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (typeof like === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`Context ${key} must be a number ≥ 0`);
    return n;
  }
  if (typeof like === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new Error(`Context ${key} must be true|false`);
    return text === 'true';
  }
  return text;
}

/** The stage's row of the table with the context's overrides applied. */
export function resolveStage(context: Context): StageConfig {
  const name = context('stage') ?? 'dev';
  if (name !== 'dev' && name !== 'prod') {
    throw new Error(`Context stage must be dev or prod, not ${name}`);
  }
  const base = STAGES[name];
  const resolved: Record<string, unknown> = { ...base };
  for (const key of [...Object.keys(base), 'alertEmail', 'domainName', 'certificateArn']) {
    if (key === 'stage') continue;
    const text = context(key);
    if (text !== undefined) {
      resolved[key] = parseValue(key, text, base[key as keyof StageConfig] ?? '');
    }
  }
  const config = resolved as unknown as StageConfig;
  if (config.databaseMinCapacity > config.databaseMaxCapacity) {
    throw new Error('databaseMinCapacity must not exceed databaseMaxCapacity');
  }
  if (Boolean(config.domainName) !== Boolean(config.certificateArn)) {
    throw new Error('domainName and certificateArn go together (the certificate must cover it)');
  }
  return config;
}
