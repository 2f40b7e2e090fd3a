/**
 * The whole system on one machine: the Data API emulator over embedded PGlite (or PostgreSQL
 * with DATABASE_URL), the event bus and scheduler stand-ins, the dev token issuer, and the API
 * gateway, all running the real function modules. Functions are configured only through the
 * environment, exactly as in Lambda.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { loadMigrations } from '../db/migrate';
import { prepareDatabase } from '../db/prepare-database';
import { DATABASE_ROLES, ROLE_KEYS, type RoleKey } from '../db/roles';
import { DataApi } from '../functions/platform/data-api';
import type { Grant } from '../functions/platform/route-spec';
import {
  asyncInvocation,
  eventRules,
  eventTargetEntry,
  eventTargetTimeoutSeconds,
  handlerEntry,
  httpRoutes,
  scheduleEntry,
  schedules,
  wakeUpQueues,
} from '../functions/routes';
import { type DataApiEmulator, startDataApiEmulator } from './data-api/server';
import { createDevIssuer, DEV_AUDIENCE, DEV_ISSUER, type DevIssuer } from './dev-issuer';
import { type EventBus, startEventBus } from './event-bus/server';
import { grantedEnvironment, inEnvironment, withEnvironment } from './function-env';
import { type Gateway, startGateway } from './gateway';
import { createJwtAuthorizer } from './jwt-authorizer';
import { handlerLoader, localFunctionArn } from './lambda';
import { startLambdaApi } from './lambda-api';
import { createLambdaService, type LambdaService, type LocalFunction } from './lambda-service';
import { serveLocalAdmin } from './local-admin';
import { createScheduler, type LocalScheduler } from './scheduler';
import { type LocalSes, startLocalSes } from './ses';
import { addressOf } from './ses-checks';
import { type LocalQueues, startLocalQueues } from './sqs';
import { createWakeUpSources, type WakeUpSources } from './wake-up-sources';

export interface LocalStackOptions {
  port?: number;
  host?: string;
  /** Embedded data and the dev signing key live here; undefined keeps everything in memory. */
  dataDir?: string;
  databaseUrl?: string;
  corsAllowedOrigins?: readonly string[];
  /** 'auto' fires schedules at their rate (npm start); 'manual' leaves the clock to tests. */
  schedules?: 'auto' | 'manual';
  /**
   * 'auto' (default) runs a job when its wake-up message's delay has passed; 'manual' keeps the
   * messages for the test to deliver (`wakeUps.deliverNow`).
   */
  wakeUps?: 'auto' | 'manual';
  /**
   * Delay before a failed delivery or function invocation is retried, doubled for the next
   * (AWS waits 1 then 2 minutes between a function's attempts; tests shorten it).
   */
  eventRetryBaseDelayMs?: number;
  /** Extra environment for the functions, e.g. GAMIFICATION_URL or OUTBOX_RETRY_BASE_SECONDS. */
  functionEnv?: Record<string, string>;
  /** Port of the local SES (and its inbox page); 0 or undefined picks a free one. */
  sesPort?: number;
  /** Port of the Data API stand-in; 0 or undefined picks a free one. */
  dataApiPort?: number;
  /**
   * Check every HTTP answer against its route's response schema (local/answer-check.ts); on by
   * default under the test runner, so every answer a test provokes is checked.
   */
  checkAnswers?: boolean;
  /** Told when a slow start-up step begins, so a first start is never silent. */
  progress?: (step: string) => void;
  /** Embedded PGlite in memory: start from this dump of a database (`emulator.dumpPglite()`). */
  pgliteImage?: Blob;
  /** The database is a copy of one `prepareLocalDatabase` already prepared: skip preparing it. */
  databasePrepared?: boolean;
}

export interface LocalStack {
  readonly url: string;
  readonly apiUrl: string;
  readonly emulator: DataApiEmulator;
  /** The bus; its `idle()` also waits for the functions its events started, and theirs. */
  readonly bus: EventBus;
  readonly scheduler: LocalScheduler;
  /** The wake-up queues' event sources (functions/routes.ts `wakeUpQueues`). */
  readonly wakeUps: WakeUpSources;
  readonly lambda: LambdaService;
  /** The on-failure queues, over the SQS protocol at `queues.url`. */
  readonly queues: LocalQueues;
  /** Lambda's Invoke API over the local functions. */
  readonly lambdaApiUrl: string;
  readonly issuer: DevIssuer;
  readonly gateway: Gateway;
  readonly ses: LocalSes;
  close(): Promise<void>;
}

const REPO_ROOT = join(import.meta.dirname, '..');

/** A random secret kept in `<dataDir>/auth/<name>` so links signed with it survive restarts. */
function localSecret(dataDir: string | undefined, name: string): string {
  const file = dataDir ? join(dataDir, 'auth', name) : undefined;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}
/** The local cluster, as its master user (seeds, benches and tests that poke at the data). */
export const LOCAL_ARNS = {
  resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:study-analytics-local',
  secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:study-analytics-local',
  database: 'study_analytics',
};
/** The secrets of the database roles (db/roles.ts), as infra gives them to functions. */
export const LOCAL_ROLE_SECRETS = Object.fromEntries(
  ROLE_KEYS.map((key) => [
    key,
    `arn:aws:secretsmanager:us-east-1:000000000000:secret:study-analytics-local-${key}`,
  ]),
) as Record<RoleKey, string>;
/** What the Data API emulator logs each secret in as. */
export const LOCAL_SECRET_ROLES = {
  [LOCAL_ARNS.secretArn]: null,
  ...Object.fromEntries(
    ROLE_KEYS.map((key) => [LOCAL_ROLE_SECRETS[key], DATABASE_ROLES[key].name]),
  ),
};
const BUS_NAME = 'study-analytics-local';
const attribute = (value: string) => ({ DataType: 'String' as const, StringValue: value });
/** A second, then two, between a function's attempts: AWS's minutes, shortened. */
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
/** Reports go through it, and its bounces and complaints reach the default bus (local/ses-feedback). */
const SES_CONFIGURATION_SET = 'study-analytics-local';
/** The reports' sender, a verified identity of the local SES. */
const LOCAL_REPORT_FROM = 'Study Analytics <reports@study-analytics.local>';

/**
 * What the deploy's custom resource does, through an emulator started with LOCAL_SECRET_ROLES:
 * roles as the master, migrations as the migrator, then grants. Destroys the client.
 */
export async function prepareLocalDatabase(client: RDSDataClient): Promise<string[]> {
  try {
    return await prepareDatabase({
      master: new DataApi(LOCAL_ARNS, client),
      migrator: new DataApi({ ...LOCAL_ARNS, secretArn: LOCAL_ROLE_SECRETS.migrator }, client),
      migrations: loadMigrations(join(REPO_ROOT, 'db', 'migrations')),
    });
  } finally {
    client.destroy();
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const loadModule = handlerLoader();
  // A function's handler, run with the environment its table entry grants.
  // Its module is loaded in that environment too, so its cold start sees only what it is given.
  const load = async (entry: string, grant: Grant) => {
    const env = grantedEnvironment(grant, LOCAL_ROLE_SECRETS);
    return withEnvironment(await inEnvironment(env, () => loadModule(entry)), env);
  };
  const log = (message: string) => console.error(`[local] ${message}`);
  options.progress?.(
    options.databaseUrl ? 'connecting to PostgreSQL' : 'starting the embedded PostgreSQL (PGlite)',
  );
  const emulator = await startDataApiEmulator({
    port: options.dataApiPort,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir && join(options.dataDir, 'pglite'),
    pgliteImage: options.pgliteImage,
    secretRoles: LOCAL_SECRET_ROLES,
    database: LOCAL_ARNS.database,
  });
  const issuer = createDevIssuer(options.dataDir);
  const ses = await startLocalSes({
    port: options.sesPort,
    host: options.host,
    // The sender's address, as deploy verifies the reports identity.
    verifiedIdentities: [addressOf(LOCAL_REPORT_FROM) ?? ''],
  });
  const cors = options.corsAllowedOrigins ?? [];

  // Every function invoked asynchronously: the event targets and the schedules' functions.
  const functions = new Map<string, LocalFunction>();
  for (const schedule of schedules) {
    functions.set(schedule.name, {
      name: schedule.name,
      load: () => load(scheduleEntry(schedule), { uses: schedule.uses }),
      timeoutSeconds: schedule.timeoutSeconds,
      maxConcurrency: schedule.maxConcurrency,
    });
  }
  for (const rule of eventRules) {
    if (rule.targetIsSchedule || functions.has(rule.target)) continue;
    functions.set(rule.target, {
      name: rule.target,
      load: () => load(eventTargetEntry(rule), { uses: rule.uses, eventTarget: true }),
      timeoutSeconds: eventTargetTimeoutSeconds(rule),
    });
  }
  const retryBaseDelayMs = options.eventRetryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  let lambdaService: LambdaService | undefined;
  const wakeUps = createWakeUpSources({
    specs: wakeUpQueues,
    queues: () => queues,
    invoke: (target, event) => {
      if (!lambdaService) throw new Error('The local Lambda service is not running');
      return lambdaService.invoke(target, event);
    },
    // Like the retries: AWS's minute is retryBaseDelayMs here.
    delayMs: (seconds) => (seconds * retryBaseDelayMs) / 60,
    mode: options.wakeUps,
    log,
  });
  const queues = await startLocalQueues({ host: options.host, onSend: wakeUps.onSend });
  for (const rule of eventRules) queues.create(`${rule.name}-dlq`);
  for (const spec of wakeUpQueues) queues.create(`${spec.name}-dlq`);
  // Shared like the other endpoints; each function sees only the ones its grant names.
  const wakeUpQueueUrls = Object.fromEntries(
    wakeUpQueues.map((spec) => [spec.envName, queues.create(spec.name)]),
  );
  const lambda = createLambdaService({
    functions: [...functions.values()],
    asyncInvocation,
    queues,
    retryDelaysMs: [retryBaseDelayMs, 2 * retryBaseDelayMs],
    log: (message, data) => log(`${message} ${JSON.stringify(data)}`),
  });
  lambdaService = lambda;
  const lambdaApi = await startLambdaApi(lambda, { host: options.host });

  const eventBus = await startEventBus({
    busName: BUS_NAME,
    rules: eventRules.map((rule) => ({
      name: rule.name,
      eventPattern: rule.eventPattern,
      target: rule.target,
      retryAttempts: rule.retryAttempts,
      maximumEventAgeSeconds: rule.maxEventAgeSeconds,
      onDefaultBus: rule.onDefaultBus,
    })),
    // EventBridge invokes Lambda asynchronously: delivered once Lambda has accepted the event.
    invoke: async (target, event) => lambda.invokeAsync(target, event),
    // As EventBridge writes to a rule's dead-letter queue: the event, and why, in attributes.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    onDeadLetter: (letter) =>
      queues.send(`${letter.rule}-dlq`, JSON.stringify(letter.event), {
        RULE_ARN: attribute(
          `arn:aws:events:us-east-1:000000000000:rule/${BUS_NAME}/${letter.rule}`,
        ),
        TARGET_ARN: attribute(localFunctionArn(letter.target)),
        ERROR_CODE: attribute('SDK_CLIENT_ERROR'),
        ERROR_MESSAGE: attribute(letter.error),
      }),
    retryBaseDelayMs: options.eventRetryBaseDelayMs,
    logger: (message, data) =>
      log(`${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`),
  });
  const bus: EventBus = {
    ...eventBus,
    // A function finishing may have published more, or asked for a wake-up; settled when no
    // side has work left.
    async idle() {
      for (;;) {
        await eventBus.idle();
        if (!lambda.busy() && !wakeUps.busy()) return;
        await lambda.idle();
        await wakeUps.idle();
      }
    },
  };

  const scheduler = createScheduler(schedules, lambda, log);

  const gateway = await startGateway({
    port: options.port ?? 0,
    host: options.host,
    routes: httpRoutes,
    corsAllowedOrigins: cors,
    checkAnswers: options.checkAnswers ?? process.env.VITEST !== undefined,
    loadHandler: (route) => load(handlerEntry(route), { uses: route.uses, auth: route.auth }),
    authorize: createJwtAuthorizer({
      issuer: DEV_ISSUER,
      audience: [DEV_AUDIENCE],
      jwks: async () => issuer.jwks,
    }),
    extra: serveLocalAdmin({
      jwks: issuer.jwks,
      issuer,
      scheduler,
      bus,
      lambda,
      queues,
      ses,
      configurationSet: SES_CONFIGURATION_SET,
      dataApi: emulator,
    }),
  });

  // The same variables infra sets on each Lambda, pointing the real SDK clients at the
  // stand-ins. Handlers read them at cold start, i.e. on their first invocation after this.
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_RDS_DATA: emulator.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
    AWS_ENDPOINT_URL_SESV2: ses.url,
    AWS_ENDPOINT_URL_SQS: queues.url,
    ...wakeUpQueueUrls,
    REPORT_FROM_ADDRESS: LOCAL_REPORT_FROM,
    REPORT_SENDS_PER_SECOND: '50',
    SES_CONFIGURATION_SET,
    PUBLIC_API_URL: `${gateway.url}/api/analytics`,
    DASHBOARD_URL: `${gateway.url}/dashboard/reports`,
    UNSUBSCRIBE_MAILTO: 'unsubscribe@study-analytics.local',
    UNSUBSCRIBE_SECRET: localSecret(options.dataDir, 'unsubscribe-secret'),
    DATABASE_RESOURCE_ARN: LOCAL_ARNS.resourceArn,
    DATABASE_NAME: LOCAL_ARNS.database,
    EVENT_BUS_NAME: bus.name,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    AUTH_JWKS_URI: `${gateway.url}/.well-known/jwks.json`,
    POWERTOOLS_SERVICE_NAME: 'study-analytics',
    // One process runs many invocations at once, as a Lambda managed instance does: the
    // logger keeps each invocation's keys apart (local/invoke-store.ts).
    AWS_LAMBDA_MAX_CONCURRENCY: '64',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // Embedded metric lines would only add noise to local logs; a test can turn them on.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    ...options.functionEnv,
  });

  if (!options.databasePrepared) {
    options.progress?.('applying database migrations and roles');
    await prepareLocalDatabase(new RDSDataClient({ endpoint: emulator.url }));
  }
  if (options.schedules === 'auto') scheduler.start();

  return {
    url: gateway.url,
    apiUrl: `${gateway.url}/api/analytics`,
    emulator,
    bus,
    scheduler,
    wakeUps,
    lambda,
    queues,
    lambdaApiUrl: lambdaApi.url,
    issuer,
    gateway,
    ses,
    async close() {
      scheduler.stop();
      await gateway.close();
      // Let deliveries in flight finish, but never hang on a target stuck in its retries.
      await Promise.race([
        bus.idle(),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      await bus.close();
      await lambdaApi.close();
      await queues.close();
      await ses.close();
      await emulator.close();
    },
  };
}
